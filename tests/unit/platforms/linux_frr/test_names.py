"""Linux names of ports (the names the lab shares) and the section markers."""

from __future__ import annotations

import dataclasses

import pytest

from kyodo.platforms.intent import PortIntent
from kyodo.platforms.linux_frr import names
from kyodo.platforms.linux_frr.sections import guess_kind, marker, split

from .sample_intents import cpe_ipsec, cpe_leased, dc


@pytest.mark.parametrize(
    ("builder", "kind", "key", "expected"),
    [
        (dc, "server", "312011", "s100"), (dc, "db", "312029", "d103"), (dc, "handoff", "312029", "l3600"),
        (dc, "hub_link", "312011", "h312011"), (dc, "wan", "wan", "wan0"), (dc, "internet", "internet", "inet0"),
        (dc, "lgwan", "lgwan", "lgwan0"), (dc, "ipsec", "312011", "ipsec0"),
        (cpe_ipsec, "office_clients", "312011", "lan1"), (cpe_ipsec, "office_printers", "312011", "lan2"),
        (cpe_ipsec, "wan", "wan", "wan0"), (cpe_leased, "handoff", "312029", "wan0"),
    ],
)
def test_port_names(builder: object, kind: str, key: str, expected: str) -> None:
    intent = builder()  # type: ignore[operator]
    assert names.port_name(intent, intent.port(kind, key)) == expected


def test_shared_and_mgmt_names() -> None:
    intent = dc()
    for kind, expected in (("shared", "shared0"), ("mgmt", "mgmt0")):
        port = PortIntent(kind, kind, "SHARED", "10.255.0.1/24", "x")  # type: ignore[arg-type]
        assert names.port_name(intent, port) == expected


def test_segment_without_vlan_is_refused() -> None:
    intent = dc()
    port = dataclasses.replace(intent.port("server", "312011"), vlan=None)
    with pytest.raises(names.RenderError):
        names.port_name(intent, port)


def test_too_long_interface_name_is_refused() -> None:
    intent = dc()
    port = dataclasses.replace(intent.port("hub_link", "312011"), key="3120119999999999")
    with pytest.raises(names.RenderError):
        names.port_name(intent, port)


def test_vlan_from_kyodo_names() -> None:
    assert [names.vlan_of(n) for n in ("s100", "d4094", "l3600", "h312011", "wan0", "lan1")] == [
        100, 4094, 3600, None, None, None]


def test_markers_split_and_guess() -> None:
    text = "\n".join([marker("frr"), "hostname r1", marker("nftables", "M312011"), "table inet kyodo {", "}",
                      marker("swanctl", "M312011"), "connections {", "}"])
    parts = split(text)
    assert [(p.kind, p.vrf, p.first_line) for p in parts] == [("frr", "", 2), ("nftables", "M312011", 4),
                                                              ("swanctl", "M312011", 7)]
    assert guess_kind("table ip nat {\n}") == "nftables"
    assert guess_kind("connections {\n}") == "swanctl"
    assert guess_kind("hostname r1\n") == "frr"
    # a malformed marker is no marker: it stays in its section (and is reported by that parser)
    assert len(split(marker("frr") + "\n#### kyodo:section bogus\n")) == 1
