"""`kyodo device apply` against a twin: plan (exit 0, nothing sent) and a failing push (exit 5)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from kyodo.devices.twin import Faults

from .conftest import Lab
from .support import FIXTURES


def _args(lab: Lab, *extra: str) -> list[str]:
    ep = lab.target.endpoint
    return ["device", "apply", "--name", ep.name, "--address", ep.host, "--port", str(ep.port),
            "--platform", "nec_ix", "--credential", lab.target.credential, "--vault", str(lab.vault.path),
            "--known-hosts", str(ep.known_hosts), "--intended", str(FIXTURES / "nec_intended.cfg"),
            "--backup-dir", str(lab.tmp / "backups"), *extra]


def test_plan_then_failing_apply(make_twin: Callable[..., Lab], kyodo_cli: Callable[..., int],
                                 capsys: pytest.CaptureFixture[str]) -> None:
    lab = make_twin("nec_ix", "nec_running.cfg", faults=Faults(reject=(r"ikev2 connect-type auto",)))
    before = lab.device.running_config()
    assert kyodo_cli(*_args(lab, "--mode", "check")) == 0
    planned = json.loads(capsys.readouterr().out)
    assert planned["status"] == "planned" and "interface Tunnel0.0" in planned["commands"]
    assert lab.device.commands == []
    assert kyodo_cli(*_args(lab)) == 5
    captured = capsys.readouterr()
    failed = json.loads(captured.out)
    assert failed["failed_command"] == "ikev2 connect-type auto" and failed["restored"] is True
    assert "1 of 1 device(s) failed" in captured.err and lab.device.running_config() == before
