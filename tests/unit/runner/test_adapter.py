"""run_playbook with a tiny localhost playbook: status, rc, per-host results, artifacts scrubbed."""

from __future__ import annotations

from pathlib import Path

from kyodo.runner.adapter import RunSettings, run_playbook
from kyodo.runner.progress import RecordingProgress

PLAYBOOK = Path(__file__).resolve().parents[2] / "fixtures" / "devices" / "runner" / "tiny.yml"
TOKEN = "Tok-Secret-4471"


def _settings(tmp_path: Path, **extra: object) -> RunSettings:
    return RunSettings(playbook=PLAYBOOK, private_data_dir=tmp_path / "pdd", artifact_dir=tmp_path / "artifacts",
                       extravars={"token": TOKEN, **extra}, ident="run1")


def test_successful_run_reads_status_rc_events_and_scrubs(tmp_path: Path) -> None:
    progress = RecordingProgress()
    result = run_playbook(_settings(tmp_path), progress, secrets=[TOKEN])
    assert result.ok and result.status == "successful" and result.rc == 0
    assert [(t.task, t.status) for t in result.results_for("localhost")] == [
        ("say hello", "ok"), ("run a command", "changed"), ("fail when asked", "skipped")]
    assert result.tasks[1].res["stdout"] == "********"       # the module's return, masked
    assert result.hosts["localhost"].changed == 1 and result.failed_hosts == ()
    assert result.artifacts == tmp_path / "artifacts" / "run1" and (result.artifacts / "status").exists()
    assert result.scrub.replacements > 0
    for f in result.artifacts.rglob("*"):
        assert not f.is_file() or TOKEN.encode() not in f.read_bytes()
    assert not (tmp_path / "pdd" / "env" / "extravars").exists()
    assert progress.calls[-1] == ("finished", "successful", "0")
    assert ("changed", "localhost", "run a command") in progress.calls


def test_failed_run_names_the_host(tmp_path: Path) -> None:
    result = run_playbook(_settings(tmp_path, fail_now=True))
    assert not result.ok and result.status == "failed" and result.rc != 0
    assert result.failed_hosts == ("localhost",)
    failed = [t for t in result.tasks if t.failed]
    assert failed[0].task == "fail when asked" and failed[0].msg == "asked to fail"
