"""The rich progress display: one row per host with its task, last status and counters."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from kyodo.runner.adapter import RunResult
from kyodo.runner.events import TaskResult
from kyodo.runner.progress import RichProgress
from kyodo.runner.scrub import ScrubReport


def test_rich_progress_tracks_hosts_and_tasks() -> None:
    out = io.StringIO()
    progress = RichProgress(Console(file=out, width=120, force_terminal=False))
    progress.status("running")
    progress.task_started("cpe-1", "push")
    progress.task_done(TaskResult("cpe-1", "push", "kyodo_device_config", "changed"))
    progress.task_done(TaskResult("cpe-2", "push", "kyodo_device_config", "failed", msg="rejected"))
    assert progress.rows["cpe-1"]["changed"] == 1 and progress.rows["cpe-2"]["failed"] == 1
    progress.finished(RunResult("x", "failed", 2, {}, (), Path("."), ScrubReport(0, 0, 0)))
    text = out.getvalue()
    assert "cpe-1" in text and "cpe-2" in text and "failed (rc=2)" in text
