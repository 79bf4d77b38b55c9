"""Properties: any neutral rule the platform can print reads back the same; the parser never
raises, whatever it is given (section markers, braces, half commands)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kyodo.platforms.linux_frr import PLATFORM
from kyodo.platforms.linux_frr.filters import normal
from kyodo.platforms.linux_frr.nftrule import format_rule, parse_rule
from kyodo.platforms.neutral import ALL_PORTS, ANY, AclRule, PortRange

from .compare import strip

nets = st.builds(lambda a, b, c, p: f"10.{a}.{b}.{c}/{p}", st.integers(0, 255), st.integers(0, 255),
                 st.integers(0, 255), st.integers(8, 32))
ports = st.builds(lambda lo, span: PortRange(lo, min(65535, lo + span)), st.integers(1, 65535),
                  st.sampled_from([0, 0, 1, 100]))
ifnames = st.sampled_from([None, "s100", "d101", "h312011", "l3600", "wan0", "lan1", "ipsec0"])


@st.composite
def rules(draw: st.DrawFn) -> AclRule:
    proto = draw(st.sampled_from(["ip", "tcp", "udp", "icmp", "50", "47"]))
    with_ports = proto in ("tcp", "udp") and draw(st.booleans())
    return normal(AclRule(
        action=draw(st.sampled_from(["permit", "deny"])), protocol=proto,
        src=tuple(draw(st.lists(nets, min_size=1, max_size=3))) if draw(st.booleans()) else (ANY,),
        dst=tuple(draw(st.lists(nets, min_size=1, max_size=3))) if draw(st.booleans()) else (ANY,),
        src_ports=tuple(draw(st.lists(ports, min_size=1, max_size=2))) if with_ports and draw(st.booleans())
        else ALL_PORTS,
        dst_ports=tuple(draw(st.lists(ports, min_size=1, max_size=3))) if with_ports else ALL_PORTS,
        established=draw(st.booleans()), log=draw(st.booleans()),
        in_interface=draw(ifnames), out_interface=draw(ifnames),
    ))


@settings(max_examples=300, deadline=None)
@given(rules())
def test_every_printable_rule_reads_back(rule: AclRule) -> None:
    again = parse_rule(format_rule(rule, "kyodo test: "))
    assert again is not None
    assert strip(again) == strip(rule)


FRAGMENTS = ["#### kyodo:section frr", "#### kyodo:section nftables vrf=M1", "#### kyodo:section swanctl",
             "interface s1 vrf", " ip address 10.0.0.1/24", "vrf X", "exit-vrf", "router bgp 1 vrf",
             " address-family ipv4 unicast", "ip route 1.2.3.0/24", "table inet t {", "chain c {",
             "type filter hook forward priority filter; policy drop;", "iifname \"a\" tcp dport { 1, 2 } accept",
             "}", "{", "connections {", "a {", "children {", "local_ts = 10.0.0.0/8", "secret = 0s!!",
             "secrets {", "ike-x {", "proposals = aes256-foo", "ip route 10.0.0.0 255.0.0.0 eth0 300",
             "\x00", "\t", " ", "", "!", "end"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), max_size=40))
def test_parser_never_raises(lines: list[str]) -> None:
    cfg = PLATFORM.parse("\n".join(lines))
    assert cfg.platform == "linux_frr"
    PLATFORM.diff("\n".join(lines), "\n".join(reversed(lines)))
