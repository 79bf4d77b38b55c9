"""render → parse gives exactly ``expected(intent)`` (line numbers and raw text aside)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from kyodo.platforms.cisco_iosxe import PLATFORM
from kyodo.platforms.intent import DeviceIntent
from kyodo.platforms.registry import PLATFORMS

from .compare import strip, with_psk_hashes
from .sample_intents import ALL, secret

ROOT = Path(__file__).resolve().parents[4]


def _assert_round_trip(intent: DeviceIntent) -> None:
    text = PLATFORM.render(intent, secret)
    parsed = PLATFORM.parse(text)
    expected = with_psk_hashes(PLATFORM.expected(intent), secret)
    assert parsed.unparsed == (), parsed.unparsed
    for f in dataclasses.fields(parsed):
        if f.name != "lines":
            assert strip(getattr(parsed, f.name)) == strip(getattr(expected, f.name)), f.name


@pytest.mark.parametrize("role", sorted(ALL))
def test_round_trip_hand_built(role: str) -> None:
    _assert_round_trip(ALL[role]())


def test_round_trip_sees_a_changed_fact() -> None:
    """The comparison can fail: a rendered config edited by hand no longer matches."""
    intent = ALL["dc_core"]()
    text = PLATFORM.render(intent, secret).replace("route-target import 65000:1\n", "", 1)
    parsed = strip(PLATFORM.parse(text))
    assert parsed.vrfs != strip(PLATFORM.expected(intent).vrfs)


def test_every_line_is_cited() -> None:
    """Objects carry the line numbers of the text they came from."""
    intent = ALL["dc_core"]()
    parsed = PLATFORM.parse(PLATFORM.render(intent, secret))
    for iface in parsed.interfaces:
        assert parsed.text_at(iface.line) == f"interface {iface.name}"
    for acl in parsed.acls:
        assert parsed.text_at(acl.line) == f"ip access-list extended {acl.name}"
        for rule in acl.rules:
            assert parsed.text_at(rule.line).strip() == rule.text
    for route in parsed.static_routes:
        assert parsed.text_at(route.line).startswith("ip route ")


def test_psk_is_hashed_not_kept() -> None:
    intent = ALL["dc_core"]()
    text = PLATFORM.render(intent, secret)
    assert secret("vault:psk_312011") in text
    parsed = PLATFORM.parse(text)
    assert secret("vault:psk_312011") not in parsed.to_json()
    assert parsed.vpn_peers[0].psk_sha256 is not None


def test_round_trip_sample_sot(tmp_path: Path) -> None:
    """Every cisco_iosxe device of the shipped sample SoT, through the real intent builder."""
    build = pytest.importorskip("kyodo.render.intent").build_intents
    from kyodo.ipam.cli import needs_for
    from kyodo.ipam.ledger import Ledger
    from kyodo.model import resolve
    from kyodo.sot.load import load_sot

    sot = load_sot(ROOT / "inventory" / "sot")
    ledger = Ledger(tmp_path / "ledger.sqlite")
    ledger.allocate(sot.datacenter.pools, needs_for(sot, None))
    intents = build(resolve(sot, ledger.rows()))
    mine = [i for i in intents.values() if i.platform == "cisco_iosxe"]
    assert any("dc_core" in i.roles for i in mine) and any("cpe" in i.roles for i in mine)
    for intent in mine:
        _assert_round_trip(intent)


def test_registered() -> None:
    assert PLATFORMS["cisco_iosxe"] is PLATFORM
    render: Callable[..., str] = PLATFORM.render
    assert callable(render)
