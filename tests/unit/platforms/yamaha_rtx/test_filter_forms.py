"""RTX filter forms (tests/fixtures/yamaha_rtx/parse/filter_forms.cfg) → neutral rules, exactly."""

from __future__ import annotations

from pathlib import Path

from kyodo.platforms.neutral import ALL_PORTS, ANY, PortRange
from kyodo.platforms.yamaha_rtx import PLATFORM

TEXT = (Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "yamaha_rtx" / "parse" /
        "filter_forms.cfg").read_text(encoding="utf-8")
CFG = PLATFORM.parse(TEXT)


def _line(prefix: str) -> int:
    return next(n for n, line in enumerate(TEXT.splitlines(), start=1) if line.startswith(prefix))


def _rules(line_prefix: str) -> list[tuple[object, ...]]:
    acl = CFG.acl("lan1:in")
    assert acl is not None
    no = _line(line_prefix)
    return [(r.action, r.protocol, r.src, r.dst, r.src_ports, r.dst_ports, r.established, r.log)
            for r in acl.rules if r.line == no]


def test_restrict_is_a_permit() -> None:
    assert _rules("ip filter 10 ") == [("permit", "tcp", ("192.168.1.0/24",), (ANY,), ALL_PORTS,
                                         (PortRange(80, 80),), False, False)]


def test_ranges_masks_mnemonics_and_open_port_ranges() -> None:
    assert _rules("ip filter 11 ") == [("permit", "udp", ("192.168.1.10/31", "192.168.1.12/31"), ("10.0.0.0/8",),
                                         (PortRange(1024, 65535),), (PortRange(53, 53), PortRange(123, 123)),
                                         False, False)]
    lan2 = CFG.interface("lan2")
    assert lan2 is not None and lan2.addresses == ("192.168.2.1/24",)


def test_protocol_lists_numbers_and_omitted_fields() -> None:
    assert [r[1] for r in _rules("ip filter 12 ")] == ["tcp", "udp"]
    assert _rules("ip filter 12 ")[0][5] == (PortRange(0, 1023),) and _rules("ip filter 12 ")[0][7] is True
    assert _rules("ip filter 13 ") == [("deny", "47", (ANY,), (ANY,), ALL_PORTS, ALL_PORTS, False, False)]
    assert _rules("ip filter 17 ") == [("permit", "ip", (ANY,), (ANY,), ALL_PORTS, ALL_PORTS, False, False)]
    assert _rules("ip filter 18 ") == [("deny", "ip", (ANY,), (ANY,), ALL_PORTS, ALL_PORTS, False, False)]
    assert [r[5] for r in _rules("ip filter 16 ")] == [(PortRange(8000, 8080), PortRange(8443, 8443))]


def test_forms_not_modelled_are_reported_with_the_list_that_names_them() -> None:
    reported = {u.line for u in CFG.unparsed}
    for prefix in ("ip filter 14 ", "ip filter 15 ", "ip filter dynamic 91 ", "ip lan1 secure filter in"):
        assert _line(prefix) in reported, prefix
    assert _line("ip lan1 secure filter out") not in reported
    assert _rules("ip filter 14 ") == [] and _rules("ip filter 15 ") == []


def test_dynamic_filter_permits_out_and_returns_established() -> None:
    acl_in, acl_out = CFG.acl("lan1:in"), CFG.acl("lan1:out")
    assert acl_in is not None and acl_out is not None
    dyn = acl_in.rules[-1]                                  # listed after 'dynamic' on the in binding
    assert (dyn.action, dyn.protocol, dyn.src, dyn.dst_ports) == ("permit", "tcp", ("192.168.1.0/24",),
                                                                   (PortRange(80, 80),))
    ret = acl_out.rules[0]                                   # its return traffic, first on the out binding
    assert (ret.established, ret.src, ret.dst, ret.src_ports) == (True, (ANY,), ("192.168.1.0/24",),
                                                                   (PortRange(80, 80),))
    assert acl_out.rules[1].established and acl_out.rules[1].src == ("10.0.0.0/8",)
