"""The lab SoT resolved with a temp ledger, and its intents (no root needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kyodo.ipam.cli import needs_for
from kyodo.ipam.ledger import Ledger
from kyodo.model import Resolved, resolve
from kyodo.platforms.intent import DeviceIntent
from kyodo.render.intent import build_intents
from kyodo.sot.load import load_sot

LAB_SOT = Path(__file__).resolve().parents[3] / "inventory" / "lab" / "sot"


@pytest.fixture
def lab_model(tmp_path: Path) -> Resolved:
    sot = load_sot(LAB_SOT)
    ledger = Ledger(tmp_path / "ledger.sqlite")
    ledger.allocate(sot.datacenter.pools, needs_for(sot, None))
    return resolve(sot, ledger.rows())


@pytest.fixture
def lab_intents(lab_model: Resolved) -> dict[str, DeviceIntent]:
    return build_intents(lab_model)
