"""The resolved model: SoT + ledger allocations, computed and validated once.

Every consumer (inventory, render, verify intents, lab, provisioning) reads this and
nothing else. Templates print its values; they never compute them.
"""

from __future__ import annotations

import ipaddress
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict

from kyodo.errors import KyodoError
from kyodo.ipam.allocator import Kind, Row
from kyodo.sot.load import SoT
from kyodo.sot.models import (
    Datacenter,
    DeviceRole,
    Intent,
    IpsecVpn,
    Platform,
    Service,
    SizeProfile,
    Status,
)


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


VmRole = Literal["web_ap", "batch", "print", "db"]
VM_ROLES: tuple[VmRole, ...] = ("web_ap", "batch", "print", "db")
_ROLE_OFFSET = {"web_ap": 10, "batch": 20, "print": 30, "db": 10}
_ROLE_SHORT = {"web_ap": "webap", "batch": "batch", "print": "print", "db": "db"}


class Vm(Frozen):
    name: str
    role: VmRole
    index: int
    municipality: str
    ip: str
    prefixlen: int
    gateway: str
    portgroup: str
    vlan: int
    cluster: str
    datastore: str
    folder: str
    size: str
    cpu: int
    memory_mb: int
    disk_gb: int


class Segment(Frozen):
    name: Literal["server", "db"]
    subnet: str
    gateway: str
    prefixlen: int
    vlan: int
    portgroup: str


class Link(Frozen):
    """The municipality's link into the DC: IPsec tunnel or leased-line 802.1Q hand-off."""

    type: Literal["ipsec_vpn", "leased_line"]
    dc_device: str
    subnet: str
    dc_address: str
    cpe_address: str
    prefixlen: int
    tunnel_id: int | None = None
    hub_wan: str | None = None
    cpe_wan: str | None = None
    psk_ref: str | None = None
    handoff_vlan: int | None = None
    circuit_id: str | None = None
    bandwidth_mbps: int | None = None


class CpeDevice(Frozen):
    name: str
    platform: Platform
    management_address: str
    credential: str


class LgwanAccess(Frozen):
    name: str
    destination: str
    ports: tuple[str, ...]
    reason: str


class MunicipalityNet(Frozen):
    code: str
    name: str
    kana: str
    status: Status
    vrf: str
    rd: str
    rt: str
    block: str
    server: Segment
    db: Segment
    link: Link
    cpe: CpeDevice
    office_clients: str
    office_printers: str
    vms: tuple[Vm, ...]
    lgwan_exceptions: tuple[LgwanAccess, ...]

    def vms_of(self, role: str) -> tuple[Vm, ...]:
        return tuple(v for v in self.vms if v.role == role)


class DcDevice(Frozen):
    name: str
    roles: tuple[DeviceRole, ...]
    platform: Platform
    management_address: str
    credential: str
    wan_address: str | None


class Resolved(Frozen):
    """Everything every consumer needs."""

    prefecture: str
    name: str
    asn: int
    hub_vrf: str
    hub_rt: str
    shared_services_net: str
    shared_services_gw: str
    management_net: str
    management_gw: str
    internet_edge: str
    lgwan: str
    services: tuple[Service, ...]
    intents: tuple[Intent, ...]
    size_profiles: dict[str, SizeProfile]
    devices: tuple[DcDevice, ...]
    municipalities: tuple[MunicipalityNet, ...]
    vcenter: str
    vcenter_credential: str
    datacenter: str
    distributed_switch: str
    app_cluster: str
    db_cluster: str
    app_hosts: tuple[str, ...]
    db_hosts: tuple[str, ...]
    licensed_db_hosts: tuple[str, ...]
    app_datastores: tuple[str, ...]
    db_datastores: tuple[str, ...]
    folder_root: str

    @cached_property
    def by_code(self) -> dict[str, MunicipalityNet]:
        return {m.code: m for m in self.municipalities}

    def device(self, name: str) -> DcDevice:
        for d in self.devices:
            if d.name == name:
                return d
        raise KeyError(name)

    def devices_with(self, role: DeviceRole) -> tuple[DcDevice, ...]:
        return tuple(d for d in self.devices if role in d.roles)

    @property
    def dc_core(self) -> DcDevice:
        return self.devices_with(DeviceRole.dc_core)[0]


class NotAllocated(KyodoError):
    exit_code = 2


def _host(net: ipaddress.IPv4Network, offset: int) -> str:
    return str(net.network_address + offset)


def resolve(sot: SoT, rows: list[Row], *, codes: set[str] | None = None) -> Resolved:
    """Join the SoT with its allocations. Every municipality (or those in ``codes``) must be allocated."""
    dc: Datacenter = sot.datacenter
    alloc: dict[str, dict[str, str]] = {}
    for r in rows:
        alloc.setdefault(r.code, {})[r.kind] = r.value
    vs = dc.vsphere
    munis = []
    for m in sot.municipalities:
        if codes is not None and m.code not in codes:
            continue
        a = alloc.get(m.code)
        if not a:
            raise NotAllocated(f"municipality {m.code} has no allocation yet: run 'kyodo allocate {m.code}'")
        munis.append(_resolve_municipality(dc, m, a))
    shared = ipaddress.IPv4Network(dc.pools.shared_services)
    mgmt = ipaddress.IPv4Network(dc.pools.management)
    return Resolved(
        prefecture=dc.prefecture,
        name=dc.name,
        asn=dc.bgp.asn,
        hub_vrf=dc.bgp.hub_vrf,
        hub_rt=dc.bgp.hub_route_target,
        shared_services_net=str(shared),
        shared_services_gw=_host(shared, 1),
        management_net=str(mgmt),
        management_gw=_host(mgmt, 1),
        internet_edge=dc.external.internet_edge,
        lgwan=dc.external.lgwan,
        services=tuple(dc.shared_services),
        intents=tuple(dc.intents),
        size_profiles=dict(dc.size_profiles),
        devices=tuple(
            DcDevice(
                name=d.name,
                roles=tuple(d.roles),
                platform=d.platform,
                management_address=d.management_address,
                credential=d.credential,
                wan_address=d.wan_address,
            )
            for d in dc.devices
        ),
        municipalities=tuple(munis),
        vcenter=vs.vcenter,
        vcenter_credential=vs.credential,
        datacenter=vs.datacenter,
        distributed_switch=vs.distributed_switch,
        app_cluster=vs.app_cluster.name,
        db_cluster=vs.db_cluster.name,
        app_hosts=tuple(h.name for h in vs.app_cluster.hosts),
        db_hosts=tuple(h.name for h in vs.db_cluster.hosts),
        licensed_db_hosts=tuple(h.name for h in vs.db_cluster.hosts if h.oracle_licensed),
        app_datastores=tuple(vs.app_cluster.datastores),
        db_datastores=tuple(vs.db_cluster.datastores),
        folder_root=vs.folder_root,
    )


def _resolve_municipality(dc: Datacenter, m: object, a: dict[str, str]) -> MunicipalityNet:
    from kyodo.sot.models import Municipality

    assert isinstance(m, Municipality)
    need = [Kind.BLOCK, Kind.SERVER_VLAN, Kind.DB_VLAN, Kind.LINK]
    need.append(Kind.TUNNEL_ID if isinstance(m.connection, IpsecVpn) else Kind.HANDOFF_VLAN)
    missing = [k for k in need if k not in a]
    if missing:
        raise NotAllocated(f"municipality {m.code} lacks {', '.join(missing)}: run 'kyodo allocate {m.code}'")
    block = ipaddress.IPv4Network(a[Kind.BLOCK])
    quarters = list(block.subnets(prefixlen_diff=2))
    segs = {}
    for name, net, vlan_kind in (("server", quarters[0], Kind.SERVER_VLAN), ("db", quarters[1], Kind.DB_VLAN)):
        segs[name] = Segment(
            name=name,
            subnet=str(net),
            gateway=_host(net, 1),
            prefixlen=net.prefixlen,
            vlan=int(a[vlan_kind]),
            portgroup=f"pg-{m.code}-{name}",
        )
    link_net = ipaddress.IPv4Network(a[Kind.LINK])
    conn = m.connection
    if isinstance(conn, IpsecVpn):
        hub = next(d for d in dc.devices if d.name == conn.hub)
        link = Link(
            type="ipsec_vpn",
            dc_device=conn.hub,
            subnet=str(link_net),
            dc_address=_host(link_net, 1),
            cpe_address=_host(link_net, 2),
            prefixlen=30,
            tunnel_id=int(a[Kind.TUNNEL_ID]),
            hub_wan=hub.wan_address,
            cpe_wan=conn.peer_address,
            psk_ref=conn.psk,
        )
    else:
        link = Link(
            type="leased_line",
            dc_device=conn.pe,
            subnet=str(link_net),
            dc_address=_host(link_net, 1),
            cpe_address=_host(link_net, 2),
            prefixlen=30,
            handoff_vlan=int(a[Kind.HANDOFF_VLAN]),
            circuit_id=conn.circuit_id,
            bandwidth_mbps=conn.bandwidth_mbps,
        )
    size = dc.size_profiles[m.vms.size]
    vs = dc.vsphere
    vms = []
    for role in VM_ROLES:
        seg = segs["db" if role == "db" else "server"]
        net = ipaddress.IPv4Network(seg.subnet)
        on_db = role == "db"
        for i in range(1, getattr(m.vms, role) + 1):
            vms.append(
                Vm(
                    name=f"m{m.code}-{_ROLE_SHORT[role]}{i:02d}",
                    role=role,
                    index=i,
                    municipality=m.code,
                    ip=_host(net, _ROLE_OFFSET[role] + i),
                    prefixlen=net.prefixlen,
                    gateway=seg.gateway,
                    portgroup=seg.portgroup,
                    vlan=seg.vlan,
                    cluster=vs.db_cluster.name if on_db else vs.app_cluster.name,
                    datastore=(vs.db_cluster if on_db else vs.app_cluster).datastores[0],
                    folder=f"{vs.folder_root}/{m.code}",
                    size=m.vms.size,
                    cpu=size.cpu,
                    memory_mb=size.memory_mb,
                    disk_gb=size.disk_gb,
                )
            )
    rt = f"{dc.bgp.asn}:{int(m.code)}"
    return MunicipalityNet(
        code=m.code,
        name=m.name,
        kana=m.kana,
        status=m.status,
        vrf=f"M{m.code}",
        rd=rt,
        rt=rt,
        block=str(block),
        server=segs["server"],
        db=segs["db"],
        link=link,
        cpe=CpeDevice(
            name=conn.cpe.name,
            platform=conn.cpe.platform,
            management_address=conn.cpe.management_address,
            credential=conn.cpe.credential,
        ),
        office_clients=m.office.clients,
        office_printers=m.office.printers,
        vms=tuple(vms),
        lgwan_exceptions=tuple(
            LgwanAccess(name=e.name, destination=e.destination, ports=tuple(e.ports), reason=e.reason)
            for e in m.lgwan_exceptions
        ),
    )
