"""Hypothesis: the parser neither crashes nor hides a crash on odd input; ACEs round-trip."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kyodo.platforms.cisco_iosxe import PLATFORM
from kyodo.platforms.cisco_iosxe.acl import ace_text, expand
from kyodo.platforms.cisco_iosxe.parse_acl import parse_extended
from kyodo.platforms.neutral import ALL_PORTS, AclRule, PortRange

FIXTURES = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "cisco_iosxe"
SOURCES = [p.read_text(encoding="utf-8").splitlines() for p in sorted((FIXTURES / "published").glob("*.cfg"))]
SOURCES.append((FIXTURES / "edge_cases.cfg").read_text(encoding="utf-8").splitlines())
SOURCES.append((FIXTURES / "golden" / "dc_core.cfg").read_text(encoding="utf-8").splitlines())
KEYWORDS = [
    "interface",
    "ip",
    "route",
    "vrf",
    "crypto",
    "ikev2",
    "access-list",
    "permit",
    "deny",
    "host",
    "any",
    "eq",
    "range",
    "tunnel",
    "address",
    "banner",
    "motd",
    "^C",
    "#",
    "!",
    "router",
    "bgp",
    "255.255.255.0",
    "10.0.0.1",
    "0.0.0.255",
    "object-group",
    "switchport",
    "trunk",
    "allowed",
    "vlan",
    "add",
    "1-4094",
]


def _no_hidden_crash(text: str) -> None:
    cfg = PLATFORM.parse(text)
    assert not any(u.text.startswith("parser error:") for u in cfg.unparsed), cfg.unparsed[:1]
    for u in cfg.unparsed:
        assert 1 <= u.line <= len(cfg.lines)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    _no_hidden_crash(text)


_word_lines = st.lists(
    st.tuples(st.integers(0, 3), st.lists(st.sampled_from(KEYWORDS) | st.text(min_size=1, max_size=8), max_size=8)),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(_word_lines)
def test_keyword_soup(lines: list[tuple[int, list[str]]]) -> None:
    _no_hidden_crash("\n".join(" " * indent + " ".join(words) for indent, words in lines))


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(range(len(SOURCES))),
    st.lists(st.tuples(st.integers(0, 400), st.integers(0, 3)), max_size=25),
    st.integers(0, 400),
)
def test_mutated_real_configs(which: int, edits: list[tuple[int, int]], cut: int) -> None:
    lines = list(SOURCES[which])
    for pos, op in edits:
        if not lines:
            break
        i = pos % len(lines)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[i])
        elif op == 2:
            lines[i] = " " + lines[i]
        else:
            lines[i] = lines[i][: len(lines[i]) // 2]
    _no_hidden_crash("\n".join(lines[: len(lines) - cut % (len(lines) + 1)]))


_prefix = st.builds(lambda a, n: f"{a}/{n}", st.ip_addresses(v=4).map(str), st.integers(0, 32))
_range = st.tuples(st.integers(0, 65535), st.integers(0, 65535)).map(lambda t: PortRange(min(t), max(t)))


@st.composite
def _rules(draw: st.DrawFn) -> AclRule:
    protocol = draw(st.sampled_from(["ip", "tcp", "udp", "icmp", "50", "47"]))
    ported = protocol in ("tcp", "udp")
    return AclRule(
        action=draw(st.sampled_from(["permit", "deny"])),
        protocol=protocol,
        src=tuple(draw(st.lists(_prefix, min_size=1, max_size=2))),
        dst=tuple(draw(st.lists(_prefix, min_size=1, max_size=2))),
        src_ports=tuple(draw(st.lists(_range, min_size=1, max_size=2))) if ported else ALL_PORTS,
        dst_ports=tuple(draw(st.lists(_range, min_size=1, max_size=2))) if ported else ALL_PORTS,
        established=draw(st.booleans()) if protocol == "tcp" else False,
        log=draw(st.booleans()),
    )


@settings(max_examples=150, deadline=None)
@given(_rules())
def test_ace_round_trip(rule: AclRule) -> None:
    for one in expand(rule):
        entry = parse_extended(ace_text(one).split(), {})
        assert entry.exact and entry.rule == one, ace_text(one)
