"""Ordered filters: first match wins, default at the end, established never admits a new flow."""

from __future__ import annotations

from kyodo.verify.filters import apply, permitted_space
from kyodo.verify.spaces import box, cidr, contains, point, space_and
from tests.unit.verify.builders import acl, rule

A = cidr("10.0.0.0/24")
B = cidr("10.1.0.0/24")


def pkt(src: str, dst: str, port: int, proto: int = 6) -> tuple:
    return (point(cidr(src)[0], cidr(dst)[0], proto, 40000, port),)


def test_first_match_wins_and_default_deny() -> None:
    f = acl("F", rule("deny", "tcp", "10.0.0.5/32", "10.1.0.0/24", 443), rule("permit", "tcp", "10.0.0.0/24",
                                                                                "10.1.0.0/24", 443))
    assert not apply(f, pkt("10.0.0.5", "10.1.0.9", 443))
    assert apply(f, pkt("10.0.0.6", "10.1.0.9", 443))
    assert not apply(f, pkt("10.0.0.6", "10.1.0.9", 22))          # default deny


def test_default_permit_and_trace_hits() -> None:
    f = acl("F", rule("deny", "tcp", dport=22, line=7), default="permit")
    hits: list = []
    assert not apply(f, pkt("10.0.0.1", "10.1.0.1", 22), hits=hits)
    assert hits[0][0].line == 7
    assert apply(f, pkt("10.0.0.1", "10.1.0.1", 80))


def test_established_never_admits_new_flows() -> None:
    f = acl("F", rule("permit", "tcp", "10.1.0.0/24", "10.0.0.0/24", established=True))
    assert not apply(f, pkt("10.1.0.1", "10.0.0.1", 443))


def test_fast_path_equals_first_match() -> None:
    rules = [rule("permit", "tcp", "10.0.0.0/24", "10.1.0.0/24", 443), rule("deny", "ip", "10.0.0.0/25"),
             rule("permit", "ip", "10.0.0.0/24", "10.1.0.0/16"), rule("deny", "ip")]
    f = acl("F", *rules)
    universe = (box(src=(A,)),)
    fast = apply(f, universe)
    slow = apply(f, universe, hits=[])
    assert contains(fast, slow) and contains(slow, fast)
    assert space_and(fast, (box(src=(cidr("10.0.0.1/32"),), dst=(B,), proto=((6, 6),), dport=((443, 443),)),))


def test_interface_scoped_rules() -> None:
    f = acl("Z", rule("permit", in_interface="lan*"), scope="forward")
    assert apply(f, pkt("10.0.0.1", "10.1.0.1", 1), iif="lan1")
    assert not apply(f, pkt("10.0.0.1", "10.1.0.1", 1), iif="wan0")
    assert permitted_space(f, (box(),))


def test_nftables_interface_sets_and_negation() -> None:
    f = acl("Z", rule("permit", in_interface='{ "lan1", "lan2" }'), rule("permit", out_interface='!= "wan0"'),
            scope="forward")
    assert apply(f, pkt("10.0.0.1", "10.1.0.1", 1), iif="lan2", oif="wan0")
    assert not apply(f, pkt("10.0.0.1", "10.1.0.1", 1), iif="lan3", oif="wan0")
    assert apply(f, pkt("10.0.0.1", "10.1.0.1", 1), iif="lan3", oif="lan4")
