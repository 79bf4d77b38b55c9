"""kyodo_device_config through the one runner adapter, against a twin (no secret in artifacts)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from kyodo.devices.twin import Faults
from kyodo.runner.adapter import RunSettings, run_playbook
from kyodo.runner.progress import RecordingProgress

from .conftest import Lab
from .support import FIXTURES, fixture

PSK = "Psk-Secret-312011"


def _run(lab: Lab, mode: str = "apply") -> tuple[object, RecordingProgress]:
    vault_file = lab.vault.path
    vault_file.write_text(vault_file.read_text() + f"psk_312011: {PSK}\n")
    lab.vault._data = None
    intended = lab.tmp / "intended.cfg"
    intended.write_text(fixture("yamaha_intended.cfg"))
    ep = lab.target.endpoint
    extravars = {
        "device_host": ep.host, "device_port": ep.port, "device_name": ep.name, "device_platform": "yamaha_rtx",
        "intended_path": str(intended), "device_credential": lab.target.credential, "vault_path": str(vault_file),
        "known_hosts_path": str(ep.known_hosts), "backup_dir": str(lab.tmp / "backups"), "push_mode": mode,
    }
    progress = RecordingProgress()
    result = run_playbook(RunSettings(playbook=FIXTURES / "push.yml", private_data_dir=lab.tmp / "pdd",
                                      artifact_dir=lab.tmp / "artifacts", extravars=extravars),
                          progress, secrets=lab.vault.known)
    return result, progress


def _grep(root: Path, *needles: str) -> str:
    args = ["grep", "-rl"] + [a for n in needles for a in ("-e", n)] + [str(root)]
    return subprocess.run(args, capture_output=True, text=True).stdout


def test_module_pushes_and_reports_through_the_runner(make_twin: Callable[..., Lab]) -> None:
    lab = make_twin("yamaha_rtx", "yamaha_running.cfg")
    result, progress = _run(lab)
    assert result.ok, result.tasks  # type: ignore[attr-defined]
    (task,) = result.results_for("localhost")  # type: ignore[attr-defined]
    assert task.status == "changed" and task.res["status"] == "changed"
    assert any(c == "tunnel select 1" for c in task.res["commands"])
    assert task.res["backup_sha256"] and Path(task.res["backup_path"]).exists()
    assert ("changed", "localhost", "device config") in progress.calls
    assert _grep(result.artifacts, PSK, "rtx-Pw-1203", "rtx-Adm-3301") == ""  # type: ignore[attr-defined]


def test_module_failure_is_a_failed_host_with_the_device_answer(make_twin: Callable[..., Lab]) -> None:
    lab = make_twin("yamaha_rtx", "yamaha_running.cfg", faults=Faults(reject=(r"ip tunnel address .*",)))
    before = lab.device.running_config()
    result, _ = _run(lab)
    assert not result.ok and result.failed_hosts == ("localhost",)  # type: ignore[attr-defined]
    (task,) = result.tasks  # type: ignore[attr-defined]
    assert task.status == "failed" and task.res["failed_command"] == "ip tunnel address 172.16.0.2/30"
    assert "Error: Invalid command name" in task.msg and task.res["restored"] is True
    assert lab.device.running_config() == before


def test_check_mode_plans_only(make_twin: Callable[..., Lab]) -> None:
    lab = make_twin("yamaha_rtx", "yamaha_running.cfg")
    before = lab.device.running_config()
    result, _ = _run(lab, mode="check")
    (task,) = result.tasks  # type: ignore[attr-defined]
    assert task.res["status"] == "planned" and task.res["commands"]
    assert any("********" in c for c in task.res["commands"])          # the PSK line, masked
    assert lab.device.commands == [] and lab.device.running_config() == before
