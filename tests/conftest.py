"""Shared fixtures: the shipped sample SoT copied to a temp dir, a fresh ledger, the CLI in-process."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_SOT = ROOT / "inventory" / "sot"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def sample_sot(tmp_path: Path) -> Path:
    dst = tmp_path / "sot"
    shutil.copytree(SAMPLE_SOT, dst)
    return dst


@pytest.fixture
def kyodo_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., int]:
    """Run `kyodo ARGS…` in-process with state under tmp_path; returns the exit code."""
    from kyodo import cli

    monkeypatch.setenv("KYODO_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("KYODO_PROJECT", str(tmp_path))
    cli._register_once()

    def run(*args: str) -> int:
        return cli.run(lambda: cli.app(list(args)))

    return run
