"""Fixtures for the vSphere lab tests: the simulator binary, a resolved sample model, a
running simulator in a private state dir on a free loopback port."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from kyodo.ipam.cli import needs_for
from kyodo.ipam.ledger import Ledger
from kyodo.lab import setup, vcsim
from kyodo.model import Resolved, resolve
from kyodo.sot.load import load_sot

ROOT = Path(__file__).resolve().parents[3]
SAMPLE_SOT = ROOT / "inventory" / "sot"


def _missing() -> str | None:
    if shutil.which("go") is None:
        return "go is not installed (kyodo lab setup installs golang-go)"
    if not setup.GOVMOMI_SRC.is_dir():
        return f"{setup.GOVMOMI_SRC} is missing (kyodo lab setup installs {setup.GOVMOMI_PACKAGE})"
    if shutil.which("patch") is None:
        return "patch is not installed (kyodo lab setup installs it)"
    return None


@pytest.fixture(scope="session")
def vcsim_binary() -> Path:
    reason = _missing()
    if reason:
        pytest.skip(reason)
    binary, _ = setup.build_vcsim(setup.lab_dir())
    return binary


@pytest.fixture(scope="session")
def sample_model(tmp_path_factory: pytest.TempPathFactory) -> Resolved:
    sot = load_sot(SAMPLE_SOT)
    ledger = Ledger(tmp_path_factory.mktemp("ledger") / "ledger.sqlite")
    ledger.allocate(sot.datacenter.pools, needs_for(sot, None))
    return resolve(sot, ledger.rows())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def lab_state(tmp_path: Path) -> Iterator[Path]:
    """A private lab state dir; whatever simulator runs from it is stopped afterwards."""
    state = tmp_path / "lab"
    yield state
    vcsim.stop(state)
