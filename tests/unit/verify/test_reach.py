"""Network joining, RIBs and reachability on hand-built neutral configs."""

from __future__ import annotations

from kyodo.platforms.neutral import BgpVrf, StaticRoute, VpnPeer, Vrf
from kyodo.verify.network import Network
from kyodo.verify.reach import Reach, Source
from kyodo.verify.rib import Ribs
from kyodo.verify.spaces import DST, box, cidr, iv_and, project
from tests.unit.verify.builders import acl, device, iface, rule, tunnel


def reach(devices: dict, host: str, ingress: str, src: str, vrf: str = "") -> tuple:
    net = Network(devices)
    r = Reach(net, Ribs(net))
    s = Source("t", None, "t", host, ingress, vrf, (box(src=(cidr(src),)),))
    deliveries = r.run(s)
    return tuple(p for d in deliveries for p in project(d.space, DST)), deliveries


def reaches(dst_ivs: tuple, prefix: str) -> bool:
    return bool(iv_and(tuple(sorted(dst_ivs)), (cidr(prefix),)))


def two_routers(acl_in: str | None = None) -> dict:
    r1 = device("r1", interfaces=(iface("lan", "10.0.0.1/24"), iface("wan", "172.16.0.1/30")),
                routes=(StaticRoute("10.1.0.0/24", next_hop="172.16.0.2", line=3),))
    deny = (acl("IN", rule("deny", "tcp", dport=443), rule("permit")),) if acl_in else ()
    r2 = device("r2", interfaces=(iface("lan", "10.1.0.1/24"), iface("wan", "172.16.0.2/30", acl_in=acl_in)),
                acls=deny)
    return {"r1": r1, "r2": r2}


def test_static_route_to_a_neighbour_reaches_its_lan() -> None:
    dst, deliveries = reach(two_routers(), "r1", "lan", "10.0.0.0/24")
    assert reaches(dst, "10.1.0.0/24")
    assert any(d.host == "r2" and d.route.egress == "lan" for d in deliveries)


def test_ingress_filter_on_the_neighbour_applies() -> None:
    _, deliveries = reach(two_routers(acl_in="IN"), "r1", "lan", "10.0.0.0/24")
    to_lan = [d for d in deliveries if d.host == "r2" and d.route.egress == "lan"]
    assert to_lan
    for d in to_lan:
        assert all(not iv_and(b[2], ((6, 6),)) or not iv_and(b[4], ((443, 443),)) for b in d.space)


def test_route_target_leak_between_vrfs() -> None:
    dev = device("pe", interfaces=(iface("a", "10.0.0.1/24", vrf="A"), iface("b", "10.9.0.1/24", vrf="B")),
                 vrfs=(Vrf("A", rt_export=("1:1",), rt_import=("1:1",)),
                       Vrf("B", rt_import=("1:1",), rt_export=("2:2",))),
                 bgp=(BgpVrf(asn=1, vrf="A", redistribute=("connected",)), BgpVrf(asn=1, vrf="B")))
    dst, _ = reach({"pe": dev}, "pe", "b", "10.9.0.0/24", vrf="B")
    assert reaches(dst, "10.0.0.0/24")
    # without the import nothing leaks
    dev2 = device("pe", interfaces=dev.interfaces, vrfs=(Vrf("A", rt_export=("1:1",)), Vrf("B", rt_import=("3:3",))),
                  bgp=dev.bgp)
    dst, _ = reach({"pe": dev2}, "pe", "b", "10.9.0.0/24", vrf="B")
    assert not reaches(dst, "10.0.0.0/24")


def test_static_next_hop_vrf_leak() -> None:
    dev = device("pe", interfaces=(iface("a", "10.0.0.1/24", vrf="A"), iface("b", "10.9.0.1/24", vrf="B")),
                 routes=(StaticRoute("10.0.0.0/24", vrf="B", next_hop="10.0.0.5", next_hop_vrf="A"),))
    dst, _ = reach({"pe": dev}, "pe", "b", "10.9.0.0/24", vrf="B")
    assert reaches(dst, "10.0.0.0/24")


def test_route_based_tunnel_links_swapped_endpoints() -> None:
    hub = device("hub", interfaces=(iface("wan", "203.0.113.1/24"), iface("lan", "10.64.0.1/24", vrf="M"),
                                    iface("Tunnel1", "172.16.0.1/30", vrf="M", tunnel=tunnel("wan", "198.18.0.10"))))
    cpe = device("cpe", interfaces=(iface("wan", "198.18.0.10/24"), iface("lan1", "10.128.0.1/24"),
                                    iface("tunnel1", tunnel=tunnel("198.18.0.10", "203.0.113.1"))),
                 routes=(StaticRoute("10.64.0.0/24", interface="tunnel1"),))
    dst, deliveries = reach({"hub": hub, "cpe": cpe}, "cpe", "lan1", "10.128.0.0/24")
    assert reaches(dst, "10.64.0.0/24")
    assert any(d.host == "hub" for d in deliveries)


def test_policy_based_vpn_acts_as_routes_to_remote_selectors() -> None:
    hub = device("hub", interfaces=(iface("wan", "203.0.113.1/24"), iface("lan", "10.64.0.1/24", vrf="M"),
                                    iface("Tunnel1", "172.16.0.1/30", vrf="M", tunnel=tunnel("wan", "198.18.0.10"))))
    peer = VpnPeer("p", local_address="198.18.0.10", remote_address="203.0.113.1", local_ts=("10.128.0.0/24",),
                   remote_ts=("10.64.0.0/24",))
    cpe = device("cpe", interfaces=(iface("wan", "198.18.0.10/24"), iface("lan1", "10.128.0.1/24")), peers=(peer,))
    dst, _ = reach({"hub": hub, "cpe": cpe}, "cpe", "lan1", "10.128.0.0/24")
    assert reaches(dst, "10.64.0.0/24")
    dst, _ = reach({"hub": hub, "cpe": cpe}, "cpe", "lan1", "10.200.0.0/24")  # outside local_ts
    assert not reaches(dst, "10.64.0.0/24")


def test_discard_route_and_unmodelled_next_hop() -> None:
    r1 = device("r1", interfaces=(iface("lan", "10.0.0.1/24"), iface("wan", "198.18.0.2/30")),
                routes=(StaticRoute("0.0.0.0/0", next_hop="198.18.0.1"), StaticRoute("10.1.0.0/16", discard=True)))
    r2 = device("r2", interfaces=(iface("lan", "10.2.0.1/24"),))
    dst, deliveries = reach({"r1": r1, "r2": r2}, "r1", "lan", "10.0.0.0/24")
    assert not reaches(dst, "10.1.0.0/16")           # discarded
    assert not reaches(dst, "10.2.0.0/24")           # lives on r2, not behind the ISP
    assert reaches(dst, "8.8.8.0/24")                # the network behind the default route
    assert any(d.external for d in deliveries)


def test_routing_loop_terminates() -> None:
    r1 = device("r1", interfaces=(iface("lan", "10.0.0.1/24"), iface("wan", "172.16.0.1/30")),
                routes=(StaticRoute("0.0.0.0/0", next_hop="172.16.0.2"),))
    r2 = device("r2", interfaces=(iface("wan", "172.16.0.2/30"),),
                routes=(StaticRoute("0.0.0.0/0", next_hop="172.16.0.1"),))
    dst, _ = reach({"r1": r1, "r2": r2}, "r1", "lan", "10.0.0.0/24")
    assert not reaches(dst, "8.8.8.0/24")


def test_zone_filter_matches_in_and_out_interfaces() -> None:
    fwd = acl("fwd", rule("permit", in_interface="lan1", out_interface="wan"), scope="forward", vrf="")
    r1 = device("r1", interfaces=(iface("lan1", "10.0.0.1/24"), iface("lan2", "10.0.1.1/24"),
                                  iface("wan", "172.16.0.1/30")),
                routes=(StaticRoute("10.1.0.0/24", next_hop="172.16.0.2"),), acls=(fwd,))
    r2 = device("r2", interfaces=(iface("wan", "172.16.0.2/30"), iface("lan", "10.1.0.1/24")))
    dst, _ = reach({"r1": r1, "r2": r2}, "r1", "lan1", "10.0.0.0/24")
    assert reaches(dst, "10.1.0.0/24")
    dst, _ = reach({"r1": r1, "r2": r2}, "r1", "lan1", "10.0.0.0/24")
    assert not reaches(dst, "10.0.1.0/24")          # lan1 → lan2 is not permitted
    dst, _ = reach({"r1": r1, "r2": r2}, "r1", "lan2", "10.0.1.0/24")
    assert not reaches(dst, "10.1.0.0/24")
