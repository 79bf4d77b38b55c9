"""The device plan: every value the IOS-XE templates print, computed from a ``DeviceIntent``.

``render`` hands the plan to the templates (which only loop and print) and ``expected``
derives the neutral facts from the same plan, so both agree on names and order. The plan
holds PSK *references* only; ``render`` resolves them at the last moment.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from kyodo.platforms.intent import DeviceIntent, PortIntent, Proposal, RouteIntent
from kyodo.platforms.neutral import AclRule

from . import names
from .acl import ace_text, expand, with_final_deny
from .addr import mask_of, network_and_mask, split_cidr
from .crypto import dh_group, esp_transforms, hash_keyword, ikev2_encryption_keyword
from .vlans import vlan_ranges


@dataclass(frozen=True, slots=True)
class VrfPlan:
    name: str
    description: str
    rd: str | None
    exports: tuple[str, ...]
    imports: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IkeProposalPlan:
    name: str
    encryption: str  # IOS keyword, e.g. aes-cbc-256
    integrity: str | None  # None with AES-GCM (IKEv2 AEAD ciphers take a PRF only)
    prf: str
    group: str
    proposal: Proposal


@dataclass(frozen=True, slots=True)
class TransformSetPlan:
    name: str
    transforms: str  # "esp-aes 256 esp-sha256-hmac"
    proposal: Proposal


@dataclass(frozen=True, slots=True)
class VpnPlan:
    name: str  # keyring, IKEv2 profile and IPsec profile name
    peer_address: str
    local_address: str
    psk_ref: str
    ike_proposal: str
    transform_set: str
    pfs: str  # "group14"
    vrf: str
    interface: str | None
    local_ts: tuple[str, ...]
    remote_ts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class InterfacePlan:
    name: str
    description: str | None
    vrf: str
    address: str | None  # "10.64.0.1 255.255.255.192"
    cidr: str | None  # "10.64.0.1/26"
    dot1q: int | None  # encapsulation dot1Q tag
    vlan: int | None  # neutral vlan (SVI number or dot1Q tag)
    parent: str | None
    acl_in: str | None
    acl_out: str | None
    tunnel_source: str | None = None
    tunnel_destination: str | None = None
    tunnel_protection: str | None = None
    trunk_vlans: str | None = None  # "100-103,200" (as IOS prints it)
    trunk_vlan_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class RoutePlan:
    vrf: str
    network: str
    mask: str
    prefix: str
    interface: str | None
    next_hop: str | None
    next_hop_vrf: str | None  # None: same VRF
    global_keyword: bool  # print IOS 'global' (next hop resolved in the global table)
    name: str | None


@dataclass(frozen=True, slots=True)
class AclPlan:
    name: str
    remark: str
    entries: tuple[str, ...]  # "10 permit tcp host A host B eq 443"
    rules: tuple[AclRule, ...]  # the expanded neutral rules, in order
    vrf: str


@dataclass(frozen=True, slots=True)
class BgpPlan:
    asn: int
    router_id: str
    vrfs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DevicePlan:
    hostname: str
    banner: str
    vrfs: tuple[VrfPlan, ...]
    ike_proposals: tuple[IkeProposalPlan, ...]
    ike_policy: str
    transform_sets: tuple[TransformSetPlan, ...]
    vpns: tuple[VpnPlan, ...]
    vlans: tuple[int, ...]
    interfaces: tuple[InterfacePlan, ...]
    bgp: BgpPlan | None
    routes: tuple[RoutePlan, ...]
    acls: tuple[AclPlan, ...]


class PlanError(ValueError):
    """The intent cannot be expressed on IOS-XE."""


def build_plan(intent: DeviceIntent) -> DevicePlan:
    ifnames = names.interface_names(intent.ports)
    ike: dict[str, IkeProposalPlan] = {}
    tsets: dict[str, TransformSetPlan] = {}
    vpns = []
    for v in intent.vpns:
        if v.tunnel_port is None:
            raise PlanError(f"VPN {v.name}: only route-based (tunnel interface) IPsec is rendered for IOS-XE")
        ip = _ike_proposal(v.ike)
        ike.setdefault(ip.name, ip)
        ts = _transform_set(v.esp)
        tsets.setdefault(ts.name, ts)
        vpns.append(
            VpnPlan(
                name=v.name,
                peer_address=v.remote_wan,
                local_address=v.local_wan,
                psk_ref=v.psk_ref,
                ike_proposal=ip.name,
                transform_set=ts.name,
                pfs=f"group{dh_group(v.esp.dh_group)}",
                vrf=v.vrf,
                interface=ifnames[v.tunnel_port],
                local_ts=v.local_ts,
                remote_ts=v.remote_ts,
            )
        )
    vpn_by_port = {v.tunnel_port: v for v in intent.vpns if v.tunnel_port}
    interfaces = [_loopback(intent)]
    for p in intent.ports:
        vpn = vpn_by_port.get((p.kind, p.key))
        interfaces.append(
            _interface(p, ifnames[(p.kind, p.key)], vpn.name if vpn else None, vpn.remote_wan if vpn else None)
        )
    svi_vlans = tuple(sorted(i.vlan for i in interfaces if i.name.startswith("Vlan") and i.vlan is not None))
    if svi_vlans:
        interfaces.append(
            InterfacePlan(
                name=names.TRUNK,
                description="vSphere hosts trunk",
                vrf="",
                address=None,
                cidr=None,
                dot1q=None,
                vlan=None,
                parent=None,
                acl_in=None,
                acl_out=None,
                trunk_vlans=vlan_ranges(svi_vlans),
                trunk_vlan_ids=svi_vlans,
            )
        )
    if any(i.parent == names.HANDOFF_PARENT for i in interfaces):
        interfaces.append(
            InterfacePlan(
                name=names.HANDOFF_PARENT,
                description="leased-line hand-offs",
                vrf="",
                address=None,
                cidr=None,
                dot1q=None,
                vlan=None,
                parent=None,
                acl_in=None,
                acl_out=None,
            )
        )
    ports_by_key: dict[tuple[str, str], PortIntent] = {(p.kind, p.key): p for p in intent.ports}
    routes = tuple(_route(r, ifnames, ports_by_key) for r in intent.routes)
    acls = tuple(_acl(a.name, a.description, a.rules, a.vrf) for a in intent.acls)
    bgp = BgpPlan(asn=intent.bgp.asn, router_id=intent.bgp.router_id, vrfs=intent.bgp.vrfs) if intent.bgp else None
    return DevicePlan(
        hostname=intent.hostname,
        banner=intent.banner,
        vrfs=tuple(
            VrfPlan(name=v.name, description=v.description, rd=v.rd, exports=v.rt_export, imports=v.rt_import)
            for v in intent.vrfs
        ),
        ike_proposals=tuple(ike.values()),
        ike_policy=names.IKEV2_POLICY,
        transform_sets=tuple(tsets.values()),
        vpns=tuple(vpns),
        vlans=svi_vlans,
        interfaces=tuple(sorted(interfaces, key=_interface_order)),
        bgp=bgp,
        routes=routes,
        acls=acls,
    )


_TYPE_ORDER = ("Loopback", "Port-channel", "Tunnel", "GigabitEthernet", "Vlan")


def _interface_order(i: InterfacePlan) -> tuple[int, tuple[int, ...]]:
    kind = next((n for n, t in enumerate(_TYPE_ORDER) if i.name.startswith(t)), len(_TYPE_ORDER))
    digits = i.name[len(_TYPE_ORDER[kind]) :] if kind < len(_TYPE_ORDER) else i.name
    numbers = tuple(int(x) for x in digits.replace(".", "/").split("/") if x.isdecimal())
    return kind, numbers


def _loopback(intent: DeviceIntent) -> InterfacePlan:
    addr = ipaddress.IPv4Address(intent.management_address)
    return InterfacePlan(
        name=names.LOOPBACK,
        description="management",
        vrf="",
        address=f"{addr} {mask_of(32)}",
        cidr=f"{addr}/32",
        dot1q=None,
        vlan=None,
        parent=None,
        acl_in=None,
        acl_out=None,
    )


def _interface(p: PortIntent, name: str, vpn: str | None, peer_wan: str | None) -> InterfacePlan:
    addr, mask = split_cidr(p.address)
    cidr = str(ipaddress.IPv4Interface(p.address))
    if p.kind == "ipsec":
        if vpn is None or peer_wan is None:
            raise PlanError(f"ipsec port {p.key} has no VPN naming it as its tunnel port")
        return InterfacePlan(
            name=name,
            description=p.description,
            vrf=p.vrf,
            address=f"{addr} {mask}",
            cidr=cidr,
            dot1q=None,
            vlan=None,
            parent=None,
            acl_in=p.acl_in,
            acl_out=p.acl_out,
            tunnel_source=names.WAN,
            tunnel_destination=peer_wan,
            tunnel_protection=vpn,
        )
    dot1q = p.vlan if p.kind == "handoff" and p.vlan is not None else None
    svi = name.startswith("Vlan")
    return InterfacePlan(
        name=name,
        description=p.description,
        vrf=p.vrf,
        address=f"{addr} {mask}",
        cidr=cidr,
        dot1q=dot1q,
        vlan=p.vlan if (svi or dot1q is not None) else None,
        parent=names.HANDOFF_PARENT if dot1q is not None else None,
        acl_in=p.acl_in,
        acl_out=p.acl_out,
    )


def _ike_proposal(p: Proposal) -> IkeProposalPlan:
    gcm = names.is_gcm(p.encryption)
    return IkeProposalPlan(
        name=names.ike_proposal_name(p),
        encryption=ikev2_encryption_keyword(p.encryption),
        integrity=None if gcm else hash_keyword(p.integrity),
        prf=hash_keyword(p.integrity),
        group=dh_group(p.dh_group),
        proposal=p,
    )


def _transform_set(p: Proposal) -> TransformSetPlan:
    return TransformSetPlan(
        name=names.transform_set_name(p), transforms=esp_transforms(p.encryption, p.integrity), proposal=p
    )


def _route(r: RouteIntent, ifnames: dict[tuple[str, str], str], ports: dict[tuple[str, str], PortIntent]) -> RoutePlan:
    network, mask = network_and_mask(r.prefix)
    interface = ifnames[r.via] if r.via else None
    port_vrf = ports[r.via].vrf if r.via else None
    global_kw = False
    if r.next_hop_vrf is not None and r.next_hop_vrf != r.vrf:
        if interface is None:
            if r.next_hop_vrf != "":
                raise PlanError(f"route {r.prefix} in VRF {r.vrf!r}: a next hop in VRF {r.next_hop_vrf!r} needs a port")
            global_kw = True
        elif port_vrf != r.next_hop_vrf:
            raise PlanError(f"route {r.prefix}: port {interface} is not in VRF {r.next_hop_vrf!r}")
    if interface is None and r.next_hop is None:
        interface = "Null0"
    nh_vrf = r.next_hop_vrf if r.next_hop_vrf is not None and r.next_hop_vrf != r.vrf else None
    if nh_vrf is None and port_vrf is not None and port_vrf != r.vrf:
        nh_vrf = port_vrf
    route_name = r.description if r.description and names_ok(r.description) else None
    return RoutePlan(
        vrf=r.vrf,
        network=network,
        mask=mask,
        prefix=str(ipaddress.IPv4Network(r.prefix, strict=False)),
        interface=interface,
        next_hop=r.next_hop,
        next_hop_vrf=nh_vrf,
        global_keyword=global_kw,
        name=route_name,
    )


def names_ok(text: str) -> bool:
    """Whether ``text`` can be printed as a one-word IOS name (route 'name', no blanks)."""
    return bool(text) and all(c.isascii() and (c.isalnum() or c in "-_.:/") for c in text)


def _acl(name: str, remark: str, rules: tuple[AclRule, ...], vrf: str) -> AclPlan:
    expanded: list[AclRule] = []
    for rule in rules:
        expanded.extend(expand(rule))
    expanded = with_final_deny(expanded)
    entries = tuple(f"{(n + 1) * 10} {ace_text(r)}" for n, r in enumerate(expanded))
    return AclPlan(name=name, remark=remark, entries=entries, rules=tuple(expanded), vrf=vrf)
