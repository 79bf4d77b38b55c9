"""The change workflow against the Yamaha RTX and NEC IX twins, with the real platform folders."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kyodo.devices.change import apply_change, remaining
from kyodo.devices.twin import Faults
from kyodo.platforms.registry import get

from .conftest import Lab
from .support import fixture

CASES = {
    "yamaha_rtx": ("yamaha_running.cfg", "yamaha_intended.cfg", r"ip tunnel address .*"),
    "nec_ix": ("nec_running.cfg", "nec_intended.cfg", r"tunnel mode ipsec-ikev2"),
}


@pytest.mark.parametrize("vendor", sorted(CASES))
def test_push_then_rerun_pushes_nothing(make_twin: Callable[..., Lab], vendor: str) -> None:
    running, intended, _ = CASES[vendor]
    platform = get(vendor)
    lab = make_twin(vendor, running)
    first = apply_change(lab.target, platform, fixture(intended), lab.vault, lab.options)
    assert first.status == "changed", first.message
    assert remaining(platform, lab.device.running_config(), fixture(intended)) == ()
    assert lab.device.startup_config() == lab.device.running_config()
    pushed = len(lab.device.commands)
    second = apply_change(lab.target, platform, fixture(intended), lab.vault, lab.options)
    assert second.status == "unchanged" and len(lab.device.commands) == pushed


@pytest.mark.parametrize("vendor", sorted(CASES))
def test_rejected_command_restores_backup(make_twin: Callable[..., Lab], vendor: str) -> None:
    running, intended, reject = CASES[vendor]
    lab = make_twin(vendor, running, faults=Faults(reject=(reject,)))
    before = lab.device.running_config()
    result = apply_change(lab.target, get(vendor), fixture(intended), lab.vault, lab.options)
    assert result.failed and result.restored is True, result.message
    assert result.failed_command is not None and lab.device.rules.invalid_error in result.device_output
    assert remaining(get(vendor), lab.device.running_config(), before) == ()
    assert "saved" not in lab.device.events


@pytest.mark.parametrize("vendor", sorted(CASES))
def test_dropped_session_restores_backup(make_twin: Callable[..., Lab], vendor: str) -> None:
    running, intended, _ = CASES[vendor]
    lab = make_twin(vendor, running, faults=Faults(drop_after=5))
    before = lab.device.running_config()
    result = apply_change(lab.target, get(vendor), fixture(intended), lab.vault, lab.options)
    assert result.failed and result.exception == "SessionLost", result.message
    assert result.restored is True, result.message
    assert remaining(get(vendor), lab.device.running_config(), before) == ()


def test_yamaha_psk_never_in_result(make_twin: Callable[..., Lab]) -> None:
    running, intended, _ = CASES["yamaha_rtx"]
    lab = make_twin("yamaha_rtx", running, faults=Faults(reject=(r"ipsec ike pre-shared-key .*",)))
    vault_file = lab.vault.path
    vault_file.write_text(vault_file.read_text() + "psk_312011: Psk-Secret-312011\n")
    lab.vault._data = None
    result = apply_change(lab.target, get("yamaha_rtx"), fixture(intended), lab.vault, lab.options)
    assert result.failed and result.failed_command is not None
    assert "Psk-Secret-312011" not in repr(result.to_dict())
    assert "********" in (result.failed_command or "")
