"""Emulated confirm-or-revert (no native timer on Yamaha RTX): a detached watchdog restores
the backup unless the change is confirmed — even when the operator's process is gone."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from kyodo.devices import confirm
from kyodo.devices.change import apply_change, confirm_change, remaining
from kyodo.platforms.registry import get

from .conftest import Lab
from .support import fixture

MINUTE = 0.5


@pytest.fixture
def watchdog_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KYODO_WATCHDOG_DIR", str(tmp_path / "watchdogs"))
    monkeypatch.setenv("KYODO_WATCHDOG_MINUTE_SECONDS", str(MINUTE))
    monkeypatch.setenv("KYODO_VAULT", str(tmp_path / "no-such-vault.yml"))   # the state file names the vault
    return tmp_path / "watchdogs"


def _wait(predicate: Callable[[], bool], timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def test_unconfirmed_change_is_reverted_by_the_watchdog(make_twin: Callable[..., Lab], watchdog_env: Path) -> None:
    platform = get("yamaha_rtx")
    lab = make_twin("yamaha_rtx", "yamaha_running.cfg")
    before = lab.device.running_config()
    result = apply_change(lab.target, platform, fixture("yamaha_intended.cfg"), lab.vault,
                          replace(lab.options, confirm_minutes=2))
    assert result.status == "pending_confirm" and result.revert_mechanism == "watchdog", result.message
    assert "saved" not in lab.device.events                       # not saved before confirmation
    assert remaining(platform, lab.device.running_config(), fixture("yamaha_intended.cfg")) == ()
    outcome = watchdog_env / "dev1.result.json"
    assert _wait(outcome.exists, timeout=40), "the watchdog did not report"
    report = json.loads(outcome.read_text())
    assert report["reverted"] is True, report
    assert remaining(platform, lab.device.running_config(), before) == ()
    assert not confirm.pending(lab.target)


def test_confirmed_change_stays(make_twin: Callable[..., Lab], watchdog_env: Path) -> None:
    platform = get("yamaha_rtx")
    lab = make_twin("yamaha_rtx", "yamaha_running.cfg")
    result = apply_change(lab.target, platform, fixture("yamaha_intended.cfg"), lab.vault,
                          replace(lab.options, confirm_minutes=4))
    assert result.status == "pending_confirm"
    assert confirm.pending(lab.target)
    confirmed = confirm_change(lab.target, platform, lab.vault)
    assert confirmed.status == "confirmed", confirmed.message
    assert not confirm.pending(lab.target)
    time.sleep(4 * MINUTE + 1.5)
    assert not (watchdog_env / "dev1.result.json").exists()
    assert remaining(platform, lab.device.running_config(), fixture("yamaha_intended.cfg")) == ()
    assert lab.device.startup_config() == lab.device.running_config()
