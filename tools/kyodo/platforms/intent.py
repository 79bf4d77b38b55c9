"""The logical intent of one device: what it must do, before any vendor naming.

Built in Python by ``kyodo.render.intent`` from the resolved model (all values computed and
validated there); each platform maps it onto its own names and syntax in ``render`` and
states, in ``expected``, the neutral facts (``neutral.DeviceConfig``) that parsing its
rendered text must give back (the round-trip contract). A leaf module like ``neutral``.

Segment/link kinds
- ``server``, ``db``: a municipality's VM segments (gateway address on the DC core, in its VRF)
- ``shared``, ``mgmt``: shared-services and management segments (hub VRF)
- ``internet``, ``lgwan``: segments towards the internet edge (global table) and LGWAN (own VRF)
- ``office_clients``, ``office_printers``: the office LANs on a CPE
- ``wan``: a device's outside interface (global table)
- ``ipsec``: a route-based IPsec tunnel interface (inside address on the transfer /30)
- ``handoff``: a leased-line 802.1Q sub-interface (DC side) or the CPE's leased-line port
- ``hub_link``: a point-to-point link from a municipality VRF to the shared-services
  segment, for platforms that cannot leak routes between VRFs (linux_frr)
- ``lgwan_link``: likewise, a point-to-point link from a municipality VRF to the LGWAN
  segment, carrying only its listed LGWAN exceptions (三層分離), on those platforms
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kyodo.platforms.neutral import AclRule

SegmentKind = Literal[
    "server",
    "db",
    "shared",
    "mgmt",
    "internet",
    "lgwan",
    "office_clients",
    "office_printers",
    "wan",
    "ipsec",
    "handoff",
    "hub_link",
    "lgwan_link",
]


@dataclass(frozen=True, slots=True)
class VrfIntent:
    name: str
    rd: str | None
    rt_import: tuple[str, ...]
    rt_export: tuple[str, ...]
    description: str
    municipality: str | None  # code, or None for hub/LGWAN VRFs


@dataclass(frozen=True, slots=True)
class PortIntent:
    """An addressed interface of the device (segment gateway, link end, LAN, WAN)."""

    kind: SegmentKind
    key: str  # municipality code, service zone name, or "wan"
    vrf: str  # "" = global table
    address: str  # "10.64.0.1/26"
    description: str  # validated free text (grammar.SafeText)
    vlan: int | None = None  # segment VLAN (SVI / portgroup) or 802.1Q hand-off tag
    tunnel_id: int | None = None
    peer_address: str | None = None  # the far end's address on a link (/30), for routes
    acl_in: str | None = None  # logical ACL name (AclIntent.name)
    acl_out: str | None = None


@dataclass(frozen=True, slots=True)
class RouteIntent:
    vrf: str
    prefix: str
    next_hop: str | None  # address, or None with ``via`` naming a port (tunnel)
    via: tuple[str, str] | None = None  # (kind, key) of a PortIntent to route out of
    next_hop_vrf: str | None = None  # the next hop/port is in another VRF ("" = global)
    description: str = ""


@dataclass(frozen=True, slots=True)
class AclIntent:
    """A logical filter. Rules are neutral, in order; the platform adds its implicit default."""

    name: str  # logical name, e.g. "M312011-SERVER-IN"; platforms may rename
    rules: tuple[AclRule, ...]
    vrf: str
    description: str


@dataclass(frozen=True, slots=True)
class Proposal:
    encryption: str  # aes256 | aes256gcm16
    integrity: str  # sha256 | sha384 | sha512 (ignored with GCM for ESP)
    dh_group: int  # 14 | 19 | 20 | 31


@dataclass(frozen=True, slots=True)
class VpnIntent:
    name: str  # e.g. "M312011"
    municipality: str
    vrf: str  # where decrypted traffic lands (municipality VRF on the hub; "" on a CPE)
    local_wan: str
    remote_wan: str
    psk_ref: str  # vault reference; platforms resolve it through SecretResolver
    ike: Proposal
    esp: Proposal
    tunnel_port: tuple[str, str] | None  # (kind, key) of the tunnel PortIntent when route-based
    local_ts: tuple[str, ...]  # protected prefixes on this side
    remote_ts: tuple[str, ...]  # protected prefixes on the far side


@dataclass(frozen=True, slots=True)
class BgpIntent:
    asn: int
    router_id: str
    vrfs: tuple[str, ...]  # address-family ipv4 vrf X with redistribute connected+static


@dataclass(frozen=True, slots=True)
class DeviceIntent:
    hostname: str
    platform: str
    roles: tuple[str, ...]
    management_address: str
    vrfs: tuple[VrfIntent, ...]
    ports: tuple[PortIntent, ...]
    routes: tuple[RouteIntent, ...]
    acls: tuple[AclIntent, ...]
    vpns: tuple[VpnIntent, ...]
    bgp: BgpIntent | None
    banner: str = "managed by kyodo; do not edit by hand"

    def port(self, kind: str, key: str) -> PortIntent:
        for p in self.ports:
            if p.kind == kind and p.key == key:
                return p
        raise KeyError((kind, key))
