"""Confirm-or-revert on the IOS-XE twin (native timer): revert fires unless confirmed."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from kyodo.devices.change import apply_change, confirm_change

from .conftest import Lab
from .support import fixture, iosxe_platform

RUNNING, INTENDED = "iosxe_running.cfg", "iosxe_intended.cfg"
MINUTE = 0.4   # seconds per "minute" on the twin


def _wait_for(predicate: Callable[[], bool], timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_revert_timer_fires_without_confirm(make_twin: Callable[..., Lab]) -> None:
    platform = iosxe_platform()
    lab = make_twin("cisco_iosxe", RUNNING, minute_seconds=MINUTE)
    before, startup = lab.device.running_config(), lab.device.startup_config()
    result = apply_change(lab.target, platform, fixture(INTENDED), lab.vault, replace(lab.options, confirm_minutes=2))
    assert result.status == "pending_confirm" and result.revert_mechanism == "native"
    assert platform.diff(lab.device.running_config(), fixture(INTENDED)).empty   # applied for now
    assert lab.device.revert_pending and lab.device.startup_config() == startup  # not saved yet
    assert _wait_for(lambda: "reverted" in lab.device.events, timeout=5 * MINUTE + 2)
    assert lab.device.running_config() == before and lab.device.startup_config() == startup


def test_confirm_cancels_the_revert_and_saves(make_twin: Callable[..., Lab]) -> None:
    platform = iosxe_platform()
    lab = make_twin("cisco_iosxe", RUNNING, minute_seconds=MINUTE)
    result = apply_change(lab.target, platform, fixture(INTENDED), lab.vault, replace(lab.options, confirm_minutes=3))
    assert result.status == "pending_confirm"
    confirmed = confirm_change(lab.target, platform, lab.vault)
    assert confirmed.status == "confirmed", confirmed.message
    time.sleep(4 * MINUTE)
    assert "reverted" not in lab.device.events and not lab.device.revert_pending
    assert platform.diff(lab.device.running_config(), fixture(INTENDED)).empty
    assert lab.device.startup_config() == lab.device.running_config()


def test_arming_needs_the_archive_and_fails_cleanly_without_it(make_twin: Callable[..., Lab]) -> None:
    platform = iosxe_platform()
    lab = make_twin("cisco_iosxe", "iosxe_running_noarchive.cfg", minute_seconds=MINUTE)
    before = lab.device.running_config()
    result = apply_change(lab.target, platform, fixture(INTENDED), lab.vault, replace(lab.options, confirm_minutes=2))
    assert result.failed and result.failed_command == "configure terminal revert timer 2"
    assert "Archive" in result.device_output
    assert result.restored is True and lab.device.running_config() == before


def test_rejection_under_armed_timer_restores_and_cancels_the_timer(make_twin: Callable[..., Lab]) -> None:
    from kyodo.devices.twin import Faults

    platform = iosxe_platform()
    lab = make_twin("cisco_iosxe", RUNNING, minute_seconds=MINUTE, faults=Faults(reject=(r"rd 65000:102",)))
    before = lab.device.running_config()
    result = apply_change(lab.target, platform, fixture(INTENDED), lab.vault, replace(lab.options, confirm_minutes=2))
    assert result.failed and result.restored is True
    assert lab.device.running_config() == before and not lab.device.revert_pending
