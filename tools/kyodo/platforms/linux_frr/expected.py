"""The neutral facts that parsing a rendered ``linux_frr`` artefact must give back.

Built from the same computed plan as the renderer (``plan``, ``filters``), stated in the
parser's terms and order: FRR facts (interfaces, VRFs, static routes — global first, then
per VRF block — and BGP), the nftables ACLs per namespace, and per IPsec namespace the
proposals and policy-based peers. PSKs are not known here: peers carry ``psk_ref`` and no
hash; compare them with parsed peers by ``sha256(resolve(psk_ref))``.
"""

from __future__ import annotations

from kyodo.platforms.intent import DeviceIntent, VpnIntent
from kyodo.platforms.linux_frr import crypto, filters, names, plan
from kyodo.platforms.linux_frr.parser import PLATFORM_NAME
from kyodo.platforms.neutral import (
    Acl,
    BgpVrf,
    CryptoProposal,
    DeviceConfig,
    Interface,
    StaticRoute,
    VpnPeer,
    Vrf,
)


def expected(intent: DeviceIntent) -> DeviceConfig:
    routes = plan.routes(intent)
    ifaces = plan.interfaces(intent)
    declared = [v.name for v in intent.vrfs]
    by_vrf: dict[str, list[plan.RoutePlan]] = {}
    for r in routes:
        by_vrf.setdefault(r.vrf, []).append(r)
    order: dict[str, None] = dict.fromkeys(declared + sorted(set(by_vrf) - set(declared) - {""}))
    static = by_vrf.get("", []) + [r for v in order for r in by_vrf.get(v, [])]
    for i in ifaces:
        if i.vrf:
            order.setdefault(i.vrf, None)
    bgp: list[BgpVrf] = []
    if intent.bgp is not None:
        rid = names.address(intent.bgp.router_id)
        bgp.append(BgpVrf(asn=intent.bgp.asn, vrf="", router_id=rid))
        for name in intent.bgp.vrfs:
            bgp.append(BgpVrf(asn=intent.bgp.asn, vrf=name, router_id=rid, redistribute=("connected", "static")))
            order.setdefault(name, None)
    acls: list[Acl] = []
    for rs in filters.rulesets(intent):
        acls += filters.to_acls(rs)
    proposals: list[CryptoProposal] = []
    peers: list[VpnPeer] = []
    by_ns: dict[str, list[VpnIntent]] = {}
    for vpn in intent.vpns:
        by_ns.setdefault(vpn.vrf, []).append(vpn)
    for vpns in by_ns.values():
        for v in vpns:
            ike = crypto.expected_proposal(f"{v.name}-ike", "ike", v.ike)
            esp = crypto.expected_proposal(f"{v.name}-esp", "esp", v.esp)
            proposals += [ike, esp]
            peers.append(VpnPeer(
                name=v.name, local_address=names.address(v.local_wan), remote_address=names.address(v.remote_wan),
                ike_version=2, psk_sha256=None, psk_ref=v.psk_ref, ike_proposals=(ike.name,),
                esp_proposals=(esp.name,), vrf=v.vrf, interface=None,
                local_ts=tuple(names.network(n) for n in v.local_ts),
                remote_ts=tuple(names.network(n) for n in v.remote_ts),
            ))
    return DeviceConfig(
        hostname=intent.hostname, platform=PLATFORM_NAME,
        interfaces=tuple(Interface(name=i.name, addresses=(i.address,), vrf=i.vrf, description=i.description or None,
                                   vlan=names.vlan_of(i.name)) for i in ifaces),
        vrfs=tuple(Vrf(name=name) for name in order),
        static_routes=tuple(StaticRoute(prefix=r.prefix, vrf=r.vrf, next_hop=r.next_hop, interface=r.interface,
                                        next_hop_vrf=r.next_hop_vrf) for r in static),
        bgp=tuple(bgp), acls=tuple(acls), proposals=tuple(proposals), vpn_peers=tuple(peers),
    )
