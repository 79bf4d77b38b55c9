"""The change workflow against the IOS-XE twin: push, rejection, dropped session, idempotence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from kyodo.devices.change import apply_change
from kyodo.devices.twin import Faults

from .conftest import Lab
from .support import fixture, iosxe_platform

RUNNING, INTENDED = "iosxe_running.cfg", "iosxe_intended.cfg"


@pytest.fixture
def platform():  # type: ignore[no-untyped-def]
    return iosxe_platform()


def test_push_applies_diff_saves_and_reads_back(make_twin: Callable[..., Lab], platform) -> None:  # type: ignore[no-untyped-def]
    lab = make_twin("cisco_iosxe", RUNNING)
    before = lab.device.running_config()
    result = apply_change(lab.target, platform, fixture(INTENDED), lab.vault, lab.options)
    assert result.status == "changed", result.message
    assert platform.diff(lab.device.running_config(), fixture(INTENDED)).empty
    assert lab.device.startup_config() == lab.device.running_config() != before
    assert result.backup_path is not None and result.backup_path.read_text().count("hostname dc-core1") == 1
    assert list(lab.device.commands) == list(result.commands)   # only the diff was pushed
    assert oct(result.backup_path.stat().st_mode & 0o777) == "0o600"


def test_rerun_with_nothing_to_do_pushes_nothing(make_twin: Callable[..., Lab], platform) -> None:  # type: ignore[no-untyped-def]
    lab = make_twin("cisco_iosxe", RUNNING)
    first = apply_change(lab.target, platform, fixture(INTENDED), lab.vault, lab.options)
    assert first.status == "changed"
    pushed = len(lab.device.commands)
    second = apply_change(lab.target, platform, fixture(INTENDED), lab.vault, lab.options)
    assert second.status == "unchanged" and second.commands == ()
    assert len(lab.device.commands) == pushed


def test_check_mode_plans_without_touching_the_device(make_twin: Callable[..., Lab], platform) -> None:  # type: ignore[no-untyped-def]
    lab = make_twin("cisco_iosxe", RUNNING)
    before = lab.device.running_config()
    result = apply_change(lab.target, platform, fixture(INTENDED), lab.vault, replace(lab.options, mode="check"))
    assert result.status == "planned" and "vrf definition M312029" in result.commands
    assert lab.device.commands == [] and lab.device.running_config() == before


def test_rejected_command_mid_push_leaves_device_on_backup(make_twin: Callable[..., Lab], platform) -> None:  # type: ignore[no-untyped-def]
    lab = make_twin("cisco_iosxe", RUNNING, faults=Faults(reject=(r"vrf forwarding M312029",)))
    before = lab.device.running_config()
    result = apply_change(lab.target, platform, fixture(INTENDED), lab.vault, lab.options)
    assert result.failed and result.stage == "push"
    assert result.failed_command == "vrf forwarding M312029"
    assert "% Invalid input detected" in result.device_output
    assert result.restored is True
    assert "vrf forwarding M312029" in result.message and "restored" in result.message
    assert lab.device.running_config() == before
    assert "saved" not in lab.device.events


def test_unknown_command_shape_is_rejected_by_the_twin(make_twin: Callable[..., Lab], platform) -> None:  # type: ignore[no-untyped-def]
    lab = make_twin("cisco_iosxe", RUNNING)
    before = lab.device.running_config()
    intended = fixture(RUNNING) + "ip routing-magic on\n"
    result = apply_change(lab.target, platform, intended, lab.vault, lab.options)
    assert result.failed and result.failed_command == "ip routing-magic on"
    assert result.restored is True and lab.device.running_config() == before


def test_dropped_session_mid_push_reconnects_and_restores(make_twin: Callable[..., Lab], platform) -> None:  # type: ignore[no-untyped-def]
    lab = make_twin("cisco_iosxe", RUNNING, faults=Faults(drop_after=4))
    before = lab.device.running_config()
    result = apply_change(lab.target, platform, fixture(INTENDED), lab.vault, lab.options)
    assert result.failed and result.exception == "SessionLost" and result.stage == "push"
    assert result.restored is True, result.message
    assert lab.server.sessions >= 2                       # it reconnected to restore
    assert any(e.startswith("dropped session") for e in lab.device.events)
    assert lab.device.running_config() == before
    # restored with IOS-XE's own mechanism: the on-device copy taken before the push
    assert "copied running-config to kyodo-backup.cfg" in lab.device.events
    assert "replaced running-config from kyodo-backup.cfg" in lab.device.events
    assert "native rollback" in result.message


def test_failure_when_restore_cannot_reconnect_says_so(make_twin: Callable[..., Lab], platform) -> None:  # type: ignore[no-untyped-def]
    lab = make_twin("cisco_iosxe", RUNNING, faults=Faults(drop_after=2, lock_out_after_drop=True))
    result = apply_change(lab.target, platform, fixture(INTENDED), lab.vault, lab.options)
    assert result.failed and result.exception == "SessionLost"
    assert result.restored is False
    assert "restore failed" in result.message and "authentication refused" in result.message


def test_secrets_never_in_result(make_twin: Callable[..., Lab], platform) -> None:  # type: ignore[no-untyped-def]
    lab = make_twin("cisco_iosxe", RUNNING, faults=Faults(reject=(r"description uplink to wan",)))
    result = apply_change(lab.target, platform, fixture(INTENDED), lab.vault, lab.options)
    text = repr(result) + str(result.to_dict())
    for secret in lab.vault.known():
        assert secret not in text
