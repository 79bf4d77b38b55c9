"""The vendor-neutral configuration model every platform parser produces.

This is the contract between platforms (render/parse), ``verify`` and ``devices``. It is a
leaf: it imports nothing else of kyodo. Frozen slotted dataclasses keep parsing of
thousands of configs cheap; ``to_json`` gives the stable JSON form (``kyodo parse``).

Conventions
- Addresses are strings in CIDR form; ``"0.0.0.0/0"`` is "any".
- ``vrf`` is ``""`` for the global (default) table.
- Every object carries ``line`` (1-based, in the config text it came from) so findings can
  cite ``device:line: text``.
- Secrets are never kept: pre-shared keys become ``psk_sha256`` (hex digest of the key text).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Literal

Action = Literal["permit", "deny"]
ANY = "0.0.0.0/0"


@dataclass(frozen=True, slots=True)
class PortRange:
    lo: int
    hi: int


ALL_PORTS = (PortRange(0, 65535),)


@dataclass(frozen=True, slots=True)
class AclRule:
    """One ordered filter rule.

    ``protocol``: "ip" (any), "tcp", "udp", "icmp", or an IANA number as a string.
    ``src``/``dst``: tuples of CIDR prefixes (any of them matches).
    ``dst_ports``/``src_ports``: tuples of ranges; ``ALL_PORTS`` when unconstrained.
    ``established``: matches only packets of existing connections (IOS ``established``,
    nftables ``ct state established,related``) — never the first packet of a new flow.
    ``in_interface``/``out_interface``: interface-name matches inside a zone-wide filter
    (nftables ``iifname``/``oifname``); ``None`` means any.
    """

    action: Action
    protocol: str = "ip"
    src: tuple[str, ...] = (ANY,)
    dst: tuple[str, ...] = (ANY,)
    src_ports: tuple[PortRange, ...] = ALL_PORTS
    dst_ports: tuple[PortRange, ...] = ALL_PORTS
    established: bool = False
    log: bool = False
    in_interface: str | None = None
    out_interface: str | None = None
    line: int = 0
    text: str = ""


@dataclass(frozen=True, slots=True)
class Acl:
    """An ordered rule list. ``default`` applies when no rule matches (implicit deny on most
    platforms; an nftables chain's policy).

    ``scope``: "interface" for lists bound through ``Interface.acl_in/acl_out``;
    "forward" for a filter applied to all traffic forwarded in ``vrf`` (nftables forward
    chain), "input" for traffic to the device itself.
    """

    name: str
    rules: tuple[AclRule, ...]
    default: Action = "deny"
    scope: Literal["interface", "forward", "input"] = "interface"
    vrf: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Tunnel:
    """Tunnel facts of a tunnel interface (or of a policy-based IPsec connection)."""

    source: str | None = None  # local outside address (or interface name)
    destination: str | None = None  # remote outside address
    transport_vrf: str = ""  # the VRF the encrypted packets use (IOS 'tunnel vrf')
    mode: str = "ipsec"  # ipsec | gre | ...
    protection: str | None = None  # IPsec profile / policy name


@dataclass(frozen=True, slots=True)
class Interface:
    name: str
    addresses: tuple[str, ...] = ()  # "10.0.0.1/30" (address with prefix length)
    vrf: str = ""
    description: str | None = None
    vlan: int | None = None  # 802.1Q tag of a sub-interface / VLAN interface
    parent: str | None = None  # physical interface of a sub-interface
    shutdown: bool = False
    acl_in: str | None = None
    acl_out: str | None = None
    tunnel: Tunnel | None = None
    switchport_vlans: tuple[int, ...] = ()  # VLANs carried on a trunk / access port
    line: int = 0


@dataclass(frozen=True, slots=True)
class Vrf:
    name: str
    rd: str | None = None
    rt_import: tuple[str, ...] = ()
    rt_export: tuple[str, ...] = ()
    import_map: str | None = None
    export_map: str | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class StaticRoute:
    prefix: str
    vrf: str = ""
    next_hop: str | None = None
    interface: str | None = None
    next_hop_vrf: str | None = None  # leaking into another table (IOS 'global', FRR 'nexthop-vrf')
    distance: int = 1
    discard: bool = False  # Null0 / blackhole / reject
    line: int = 0


@dataclass(frozen=True, slots=True)
class BgpNeighbor:
    address: str
    remote_as: int
    line: int = 0


@dataclass(frozen=True, slots=True)
class BgpVrf:
    asn: int
    vrf: str = ""
    router_id: str | None = None
    networks: tuple[str, ...] = ()
    redistribute: tuple[str, ...] = ()  # "connected", "static", ...
    neighbors: tuple[BgpNeighbor, ...] = ()
    line: int = 0


@dataclass(frozen=True, slots=True)
class CryptoProposal:
    """IKE or ESP proposal: algorithm names normalised to lower-case strongSwan-like tokens:
    encryption aes128 aes256 aes128gcm16 aes256gcm16 3des des; integrity sha1 sha256 sha384
    sha512 md5; dh groups as IKE numbers (14 = modp2048, 19 = ecp256, 31 = curve25519)."""

    name: str
    kind: Literal["ike", "esp"]
    encryption: tuple[str, ...] = ()
    integrity: tuple[str, ...] = ()
    dh_groups: tuple[int, ...] = ()
    line: int = 0


@dataclass(frozen=True, slots=True)
class VpnPeer:
    """One IKE/IPsec peer (site-to-site)."""

    name: str
    local_address: str | None
    remote_address: str | None
    ike_version: int | None = 2
    psk_sha256: str | None = None
    psk_ref: str | None = None  # a vault reference when the config names one
    ike_proposals: tuple[str, ...] = ()  # names of CryptoProposal(kind="ike")
    esp_proposals: tuple[str, ...] = ()  # names of CryptoProposal(kind="esp")
    vrf: str = ""  # where decrypted traffic lands
    interface: str | None = None  # the tunnel interface that carries it, if any
    local_ts: tuple[str, ...] = ()
    remote_ts: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True, slots=True)
class Unparsed:
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class DeviceConfig:
    hostname: str
    platform: str
    interfaces: tuple[Interface, ...] = ()
    vrfs: tuple[Vrf, ...] = ()
    static_routes: tuple[StaticRoute, ...] = ()
    bgp: tuple[BgpVrf, ...] = ()
    acls: tuple[Acl, ...] = ()
    proposals: tuple[CryptoProposal, ...] = ()
    vpn_peers: tuple[VpnPeer, ...] = ()
    unparsed: tuple[Unparsed, ...] = ()
    lines: tuple[str, ...] = field(default=(), repr=False, compare=False)

    def interface(self, name: str) -> Interface | None:
        for i in self.interfaces:
            if i.name == name:
                return i
        return None

    def acl(self, name: str) -> Acl | None:
        for a in self.acls:
            if a.name == name:
                return a
        return None

    def vrf(self, name: str) -> Vrf | None:
        for v in self.vrfs:
            if v.name == name:
                return v
        return None

    def text_at(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def facts(self) -> dict[str, Any]:
        """Everything but the raw lines, as plain data (for JSON and comparisons)."""
        out = dataclasses.asdict(self)
        out.pop("lines")
        return out

    def to_json(self) -> str:
        return json.dumps(self.facts(), ensure_ascii=False, indent=2, sort_keys=True)
