"""A resolved model of the sample SoT (allocated into a temporary ledger)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kyodo.ipam.cli import needs_for
from kyodo.ipam.ledger import Ledger
from kyodo.model import Resolved, resolve
from kyodo.sot.load import load_sot

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Resolved:
    sot = load_sot(ROOT / "inventory" / "sot")
    ledger = Ledger(tmp_path_factory.mktemp("ledger") / "ledger.sqlite")
    ledger.allocate(sot.datacenter.pools, needs_for(sot, None))
    return resolve(sot, ledger.rows())
