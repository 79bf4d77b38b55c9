"""Rendered artefacts equal the reviewed golden files (``KYODO_UPDATE_GOLDEN=1`` rewrites them)."""

from __future__ import annotations

import os

import pytest

from kyodo.platforms.linux_frr import PLATFORM

from .conftest import FIXTURES
from .sample_intents import ALL, secret

GOLDEN = FIXTURES / "golden"


@pytest.mark.parametrize("role", sorted(ALL))
def test_golden(role: str) -> None:
    text = PLATFORM.render(ALL[role](), secret)
    path = GOLDEN / f"{role}.cfg"
    if os.environ.get("KYODO_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_sections_in_the_agreed_order() -> None:
    from kyodo.platforms.linux_frr.sections import split

    kinds = [(s.kind, s.vrf) for s in split(PLATFORM.render(ALL["dc_core"](), secret))]
    assert kinds == [("frr", ""), ("nftables", ""), ("nftables", "M312011"), ("nftables", "M312029"),
                     ("nftables", "LGWAN"), ("swanctl", "M312011")]
    cpe = [(s.kind, s.vrf) for s in split(PLATFORM.render(ALL["cpe_ipsec"](), secret))]
    assert cpe == [("frr", ""), ("nftables", ""), ("swanctl", "")]
