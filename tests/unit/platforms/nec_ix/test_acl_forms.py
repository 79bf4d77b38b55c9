"""IX access-list forms (tests/fixtures/nec_ix/parse/acl_forms.cfg) → neutral rules, exactly."""

from __future__ import annotations

from pathlib import Path

from kyodo.platforms.nec_ix import PLATFORM
from kyodo.platforms.neutral import ALL_PORTS, ANY, PortRange

TEXT = (Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "nec_ix" / "parse" /
        "acl_forms.cfg").read_text(encoding="utf-8")
CFG = PLATFORM.parse(TEXT)


def _line(prefix: str) -> int:
    return next(n for n, line in enumerate(TEXT.splitlines(), start=1) if line.strip().startswith(prefix))


def test_port_operators() -> None:
    iface = CFG.interface("GigaEthernet1.0")
    assert iface is not None and iface.acl_in == "GigaEthernet1.0:in" and iface.acl_out == "other"
    acl = CFG.acl("GigaEthernet1.0:in")
    assert acl is not None
    got = [(r.protocol, r.src, r.dst, r.src_ports, r.dst_ports, r.action) for r in acl.rules]
    assert got == [
        ("tcp", ("192.168.1.0/24",), (ANY,), ALL_PORTS, (PortRange(8000, 8080),), "permit"),
        ("udp", (ANY,), ("10.0.0.53/32",), (PortRange(1024, 65535),), (PortRange(53, 53),), "permit"),
        ("tcp", (ANY,), ("10.0.0.1/32",), ALL_PORTS, (PortRange(0, 1023),), "permit"),
        ("47", (ANY,), (ANY,), ALL_PORTS, ALL_PORTS, "deny"),
        ("tcp", (ANY,), (ANY,), ALL_PORTS, (PortRange(443, 443),), "permit"),
    ]


def test_entries_and_bindings_not_modelled_are_reported() -> None:
    reported = {u.line for u in CFG.unparsed}
    assert _line("ip access-list forms permit tcp src any sport any dest any dport neq") in reported
    assert _line("ip filter forms 1 in") in reported          # its list has an entry not modelled
    assert _line("ip filter missing 2 in") in reported        # no such list
    assert _line("ip filter other 1 out") not in reported
