"""The source of truth as frozen, strict pydantic models.

Field-level rules live here; rules that span objects (overlaps, references) live in
``sot/checks.py`` and report against the same file:line locations.
"""

from __future__ import annotations

import ipaddress
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from kyodo.sot.codes import code_problem
from kyodo.sot.grammar import CredentialRef, Ident, SafeText


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


def _network(value: str) -> str:
    try:
        net = ipaddress.IPv4Network(value, strict=True)
    except ValueError as exc:
        raise ValueError(f"'{value}' is not an IPv4 network in CIDR form with host bits zero ({exc})") from None
    return str(net)


def _address(value: str) -> str:
    try:
        return str(ipaddress.IPv4Address(value))
    except ValueError:
        raise ValueError(f"'{value}' is not an IPv4 address") from None


def _code(value: str) -> str:
    problem = code_problem(value)
    if problem:
        raise ValueError(problem)
    return value


Network = Annotated[str, AfterValidator(_network)]
Address = Annotated[str, AfterValidator(_address)]
MunicipalityCode = Annotated[str, AfterValidator(_code)]

PORT_RE = re.compile(r"^(tcp|udp)/(\d{1,5})(?:-(\d{1,5}))?$|^icmp$")


def _port(value: str) -> str:
    m = PORT_RE.match(value)
    if not m:
        raise ValueError(f"'{value}' is not a port spec (allowed: tcp/N, udp/N, tcp/N-M, udp/N-M, icmp)")
    if m.group(1):
        lo = int(m.group(2))
        hi = int(m.group(3) or lo)
        if not 1 <= lo <= hi <= 65535:
            raise ValueError(f"'{value}': ports must satisfy 1 ≤ N ≤ M ≤ 65535")
    return value


PortSpec = Annotated[str, AfterValidator(_port)]


class Range(Strict):
    start: int = Field(ge=1)
    end: int = Field(ge=1)

    @model_validator(mode="after")
    def _nonempty(self) -> Range:
        if self.end < self.start:
            raise ValueError(f"empty range {self.start}–{self.end} (end must be ≥ start)")
        return self

    def overlaps(self, other: Range) -> bool:
        return self.start <= other.end and other.start <= self.end

    @property
    def size(self) -> int:
        return self.end - self.start + 1


class VlanRange(Range):
    @model_validator(mode="after")
    def _vlan(self) -> VlanRange:
        if not (self.start >= 2 and self.end <= 4094):
            raise ValueError(f"VLAN range {self.start}–{self.end} outside 2–4094")
        return self


class Pools(Strict):
    municipality_supernets: list[Network] = Field(min_length=1)
    municipality_block_prefixlen: int = Field(default=24, ge=16, le=26)
    transfer: Network
    management: Network
    shared_services: Network
    segment_vlans: VlanRange
    handoff_vlans: VlanRange
    tunnel_ids: Range


class Bgp(Strict):
    asn: int = Field(ge=1, le=4294967295)
    hub_vrf: Ident = "SHARED"
    hub_route_target: Annotated[str, Field(pattern=r"^\d{1,10}:\d{1,10}$")]


class Host(Strict):
    name: Ident
    oracle_licensed: bool = False


class Cluster(Strict):
    name: Ident
    hosts: list[Host] = Field(min_length=1)
    datastores: list[Ident] = Field(min_length=1)


class VSphere(Strict):
    vcenter: Ident
    credential: CredentialRef
    datacenter: Ident
    distributed_switch: Ident
    app_cluster: Cluster
    db_cluster: Cluster
    folder_root: Ident = "NHI"


class DeviceRole(StrEnum):
    dc_core = "dc_core"
    vpn_hub = "vpn_hub"
    leased_line_pe = "leased_line_pe"
    cpe = "cpe"
    firewall = "firewall"


class Platform(StrEnum):
    linux_frr = "linux_frr"
    cisco_iosxe = "cisco_iosxe"
    yamaha_rtx = "yamaha_rtx"
    nec_ix = "nec_ix"


class Device(Strict):
    """A data-centre network device."""

    name: Ident
    roles: list[DeviceRole] = Field(min_length=1)
    platform: Platform
    management_address: Address
    credential: CredentialRef
    wan_address: Address | None = None
    description: SafeText | None = None

    @model_validator(mode="after")
    def _roles(self) -> Device:
        if DeviceRole.cpe in self.roles:
            raise ValueError("a cpe is declared in its municipality's file (connection.cpe), not here")
        if DeviceRole.vpn_hub in self.roles and self.wan_address is None:
            raise ValueError("a vpn_hub needs wan_address (the IKE/IPsec outside address)")
        return self


class Service(Strict):
    name: Ident
    address: Address
    ports: list[PortSpec] = Field(min_length=1)
    description: SafeText | None = None


class Zone(StrEnum):
    office_clients = "office_clients"
    office_printers = "office_printers"
    web_ap = "web_ap"
    batch = "batch"
    print = "print"
    db = "db"
    management = "management"
    shared_services = "shared_services"


class Intent(Strict):
    name: Ident
    sources: list[Zone] = Field(min_length=1)
    destinations: list[Zone] = Field(min_length=1)
    ports: list[PortSpec] = Field(default_factory=list)
    description: SafeText | None = None
    # for destinations == [shared_services] the ports are each service's own ports


class External(Strict):
    """Segments outside the My Number layer that the DC is attached to (三層分離)."""

    internet_edge: Network
    lgwan: Network


class SizeProfile(Strict):
    cpu: int = Field(ge=1, le=64)
    memory_mb: int = Field(ge=512, le=1048576)
    disk_gb: int = Field(ge=10, le=65536)


class Datacenter(Strict):
    prefecture: Annotated[str, Field(pattern=r"^(0[0-9]|[1-3]\d|4[0-7])$", description="JIS X 0401; 00 = national")]
    name: SafeText
    pools: Pools
    bgp: Bgp
    vsphere: VSphere
    devices: list[Device] = Field(min_length=1)
    shared_services: list[Service] = Field(min_length=1)
    intents: list[Intent] = Field(min_length=1)
    external: External
    size_profiles: dict[Ident, SizeProfile] = Field(min_length=1)


class Cpe(Strict):
    name: Ident
    platform: Platform
    management_address: Address
    credential: CredentialRef


class IpsecVpn(Strict):
    type: Literal["ipsec_vpn"]
    hub: Ident
    peer_address: Address
    psk: CredentialRef
    cpe: Cpe


class LeasedLine(Strict):
    type: Literal["leased_line"]
    pe: Ident
    circuit_id: SafeText
    bandwidth_mbps: int = Field(ge=1, le=100000)
    cpe: Cpe


class Office(Strict):
    clients: Network
    printers: Network


class VmSet(Strict):
    size: Ident
    web_ap: int = Field(default=1, ge=1, le=9)
    batch: int = Field(default=1, ge=0, le=9)
    print: int = Field(default=1, ge=0, le=9)
    db: int = Field(default=1, ge=1, le=4)


class LgwanException(Strict):
    name: Ident
    destination: Network
    ports: list[PortSpec] = Field(min_length=1)
    reason: SafeText


class Status(StrEnum):
    planned = "planned"
    active = "active"
    decommissioning = "decommissioning"


class Municipality(Strict):
    code: MunicipalityCode
    name: SafeText
    kana: SafeText
    status: Status
    connection: Annotated[IpsecVpn | LeasedLine, Field(discriminator="type")]
    office: Office
    vms: VmSet
    lgwan_exceptions: list[LgwanException] = Field(default_factory=list)
    description: SafeText | None = None
