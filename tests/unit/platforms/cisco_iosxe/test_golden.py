"""Rendered text equals the reviewed golden files (``KYODO_UPDATE_GOLDEN=1`` rewrites them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kyodo.platforms.cisco_iosxe import PLATFORM

from .sample_intents import ALL, secret

GOLDEN = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "cisco_iosxe" / "golden"


@pytest.mark.parametrize("role", sorted(ALL))
def test_golden(role: str) -> None:
    text = PLATFORM.render(ALL[role](), secret)
    path = GOLDEN / f"{role}.cfg"
    if os.environ.get("KYODO_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_render_is_deterministic() -> None:
    intent = ALL["dc_core"]()
    assert PLATFORM.render(intent, secret) == PLATFORM.render(intent, secret)
