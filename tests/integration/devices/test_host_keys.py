"""SSH host keys are checked by default; only an explicit opt-in skips the check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import paramiko
import pytest

from kyodo.devices.change import apply_change
from kyodo.devices.credentials import credentials_for
from kyodo.devices.errors import HostKeyRejected
from kyodo.devices.session import DeviceSession

from .conftest import Lab
from .support import fixture, iosxe_platform

RUNNING = "iosxe_running.cfg"


def _with_known_hosts(lab: Lab, text: str) -> Lab:
    path = lab.tmp / "other_known_hosts"
    path.write_text(text)
    return replace(lab, target=replace(lab.target, endpoint=replace(lab.target.endpoint, known_hosts=path)))


def test_host_key_mismatch_is_refused(make_twin: Callable[..., Lab]) -> None:
    lab = make_twin("cisco_iosxe", RUNNING)
    other = paramiko.ECDSAKey.generate(bits=256)
    lab = _with_known_hosts(lab, f"[{lab.server.host}]:{lab.server.port} {other.get_name()} {other.get_base64()}\n")
    result = apply_change(lab.target, iosxe_platform(), fixture(RUNNING), lab.vault, lab.options)
    assert result.failed and result.exception == "HostKeyRejected" and result.stage == "connect"
    assert "does not match" in result.message
    assert lab.server.sessions == 0 and result.restored is None


def test_unknown_host_is_refused(make_twin: Callable[..., Lab]) -> None:
    lab = _with_known_hosts(make_twin("cisco_iosxe", RUNNING), "")
    creds = credentials_for(lab.target.credential, lab.vault)
    with pytest.raises(HostKeyRejected, match="not in"):
        DeviceSession(lab.target.endpoint, iosxe_platform().facts, creds).connect()


def test_missing_known_hosts_file_is_refused_before_connecting(make_twin: Callable[..., Lab]) -> None:
    lab = make_twin("cisco_iosxe", RUNNING)
    endpoint = replace(lab.target.endpoint, known_hosts=lab.tmp / "absent")
    creds = credentials_for(lab.target.credential, lab.vault)
    with pytest.raises(HostKeyRejected, match="no known_hosts"):
        DeviceSession(endpoint, iosxe_platform().facts, creds).connect()


def test_insecure_is_an_explicit_opt_in(make_twin: Callable[..., Lab]) -> None:
    lab = make_twin("cisco_iosxe", RUNNING)
    endpoint = replace(lab.target.endpoint, known_hosts=None, insecure=True)
    creds = credentials_for(lab.target.credential, lab.vault)
    with DeviceSession(endpoint, iosxe_platform().facts, creds) as s:
        assert "hostname dc-core1" in s.running()
