"""The neutral facts ``parse(render(intent))`` must give back (the round-trip contract).

Derived from the same plan the templates print. Line numbers and raw text are left at
their defaults (not compared). VPN peers carry ``psk_ref`` and no hash (the secret is not
known here): compare them with parsed peers by ``sha256(resolve(psk_ref))``.
"""

from __future__ import annotations

from kyodo.platforms.intent import DeviceIntent
from kyodo.platforms.neutral import (
    ANY,
    Acl,
    BgpVrf,
    CryptoProposal,
    DeviceConfig,
    Interface,
    StaticRoute,
    Tunnel,
    VpnPeer,
    Vrf,
)

from . import names
from .parser import PLATFORM_NAME
from .plan import DevicePlan, InterfacePlan
from .render import plan_for


def _interface(i: InterfacePlan) -> Interface:
    tunnel = None
    if i.tunnel_source:
        tunnel = Tunnel(
            source=i.tunnel_source,
            destination=i.tunnel_destination,
            transport_vrf="",
            mode="ipsec",
            protection=i.tunnel_protection,
        )
    return Interface(
        name=i.name,
        addresses=(i.cidr,) if i.cidr else (),
        vrf=i.vrf,
        description=i.description,
        vlan=i.vlan,
        parent=i.parent,
        shutdown=False,
        acl_in=i.acl_in,
        acl_out=i.acl_out,
        tunnel=tunnel,
        switchport_vlans=i.trunk_vlan_ids,
    )


def _proposals(plan: DevicePlan) -> tuple[CryptoProposal, ...]:
    ike = [
        CryptoProposal(
            name=p.name,
            kind="ike",
            encryption=(p.proposal.encryption,),
            integrity=(p.proposal.integrity,),
            dh_groups=(p.proposal.dh_group,),
        )
        for p in plan.ike_proposals
    ]
    tsets = {t.name: t.proposal for t in plan.transform_sets}
    esp = []
    for v in plan.vpns:
        p = tsets[v.transform_set]
        esp.append(
            CryptoProposal(
                name=v.name,
                kind="esp",
                encryption=(p.encryption,),
                integrity=() if names.is_gcm(p.encryption) else (p.integrity,),
                dh_groups=(p.dh_group,),
            )
        )
    return (*ike, *esp)


def _peers(plan: DevicePlan) -> tuple[VpnPeer, ...]:
    by_name = {v.name: v for v in plan.vpns}
    ike_names = tuple(p.name for p in plan.ike_proposals)
    peers = []
    for i in plan.interfaces:
        if i.tunnel_protection is None:
            continue
        v = by_name[i.tunnel_protection]
        peers.append(
            VpnPeer(
                name=i.name,
                local_address=v.local_address,
                remote_address=v.peer_address,
                ike_version=2,
                psk_sha256=None,
                psk_ref=v.psk_ref,
                ike_proposals=ike_names,
                esp_proposals=(v.name,),
                vrf=v.vrf,  # the intent's word: a tunnel port in another VRF fails the round trip
                interface=i.name,
                local_ts=(ANY,),
                remote_ts=(ANY,),
            )
        )
    return tuple(peers)


def expected(intent: DeviceIntent) -> DeviceConfig:
    plan = plan_for(intent)
    bgp: tuple[BgpVrf, ...] = ()
    if plan.bgp:
        bgp = (
            BgpVrf(asn=plan.bgp.asn, vrf="", router_id=plan.bgp.router_id),
            *(BgpVrf(asn=plan.bgp.asn, vrf=v, redistribute=("connected", "static")) for v in plan.bgp.vrfs),
        )
    return DeviceConfig(
        hostname=plan.hostname,
        platform=PLATFORM_NAME,
        interfaces=tuple(_interface(i) for i in plan.interfaces),
        vrfs=tuple(Vrf(name=v.name, rd=v.rd, rt_import=v.imports, rt_export=v.exports) for v in plan.vrfs),
        static_routes=tuple(
            StaticRoute(
                prefix=r.prefix,
                vrf=r.vrf,
                next_hop=r.next_hop,
                interface=None if r.interface == "Null0" else r.interface,
                next_hop_vrf=r.next_hop_vrf,
                discard=r.interface == "Null0",
            )
            for r in plan.routes
        ),
        bgp=bgp,
        acls=tuple(Acl(name=a.name, rules=a.rules) for a in plan.acls),
        proposals=_proposals(plan),
        vpn_peers=_peers(plan),
    )
