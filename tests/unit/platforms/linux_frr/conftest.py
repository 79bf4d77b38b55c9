"""Intents for linux_frr tests: a generated SoT (all devices linux_frr, leased line and IPsec
mixed), allocated in a temporary ledger, through the lead's intent builder."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kyodo.ipam.cli import needs_for
from kyodo.ipam.ledger import Ledger
from kyodo.model import Resolved, resolve
from kyodo.platforms.intent import DeviceIntent
from kyodo.render.intent import build_intents
from kyodo.sot.generate import write_sot
from kyodo.sot.load import load_sot

FIXTURES = Path(__file__).parents[3] / "fixtures" / "linux_frr"


def lab_secret(ref: str) -> str:
    """A deterministic stand-in for the vault (tests only)."""
    return "psk-" + hashlib.sha256(ref.encode()).hexdigest()[:24]


def build_model(tmp: Path, limit: int) -> Resolved:
    sot_dir = tmp / "sot"
    write_sot(sot_dir, "31", limit=limit, dc_platform="linux_frr", cpe_platform="linux_frr")
    sot = load_sot(sot_dir)
    rows = Ledger(tmp / "ledger.sqlite").allocate(sot.datacenter.pools, needs_for(sot, None))
    del rows
    return resolve(sot, Ledger(tmp / "ledger.sqlite").rows())


@pytest.fixture(scope="session")
def model(tmp_path_factory: pytest.TempPathFactory) -> Resolved:
    return build_model(tmp_path_factory.mktemp("frr-model"), 4)


@pytest.fixture(scope="session")
def intents(model: Resolved) -> dict[str, DeviceIntent]:
    return build_intents(model)
