"""The one ansible-runner adapter: every playbook kyodo runs goes through ``run_playbook``.

It builds the run from a typed ``RunSettings`` (no keyword soup), streams events into a
``Progress`` display, and reads the outcome from ``status``, ``rc``, ``stats`` and the
``runner_on_*`` events (``event_data['res']``) — never from stdout. Artifacts are kept
under ``artifact_dir/<ident>/`` with the change; after the run every known secret is
scrubbed from them and the tree is checked again (``scrub.SecretLeak`` if one survives);
the task results returned are masked the same way (the live progress display only shows
host, task and status).
``ansible-playbook`` is started from the venv's ``bin`` (first in PATH). No env files are
written into the private data dir (``suppress_env_files``).
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import ansible_runner

from kyodo.runner.events import HostSummary, TaskResult, host_summaries, task_result, task_start
from kyodo.runner.progress import Progress, RecordingProgress
from kyodo.runner.scrub import ScrubReport, assert_clean, mask_value, scrub_tree

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_LIBRARY = REPO_ROOT / "plugins" / "modules"


@dataclass(frozen=True, slots=True)
class RunSettings:
    playbook: Path
    private_data_dir: Path
    artifact_dir: Path
    inventory: Path | None = None
    extravars: Mapping[str, Any] = field(default_factory=dict)
    limit: str | None = None
    tags: tuple[str, ...] = ()
    envvars: Mapping[str, str] = field(default_factory=dict)   # never secrets: references only
    library: tuple[Path, ...] = (DEFAULT_LIBRARY,)
    project_dir: Path | None = None
    ident: str | None = None
    forks: int = 5
    timeout: int | None = None


@dataclass(frozen=True, slots=True)
class RunResult:
    ident: str
    status: str                       # successful | failed | timeout | canceled | error
    rc: int
    hosts: Mapping[str, HostSummary]
    tasks: tuple[TaskResult, ...]
    artifacts: Path
    scrub: ScrubReport

    @property
    def ok(self) -> bool:
        return self.status == "successful" and self.rc == 0

    @property
    def failed_hosts(self) -> tuple[str, ...]:
        failed = {h for h, s in self.hosts.items() if s.failed} | {t.host for t in self.tasks if t.failed}
        return tuple(sorted(failed))

    def results_for(self, host: str) -> tuple[TaskResult, ...]:
        return tuple(t for t in self.tasks if t.host == host)


def _environment(settings: RunSettings) -> dict[str, str]:
    venv_bin = str(Path(sys.executable).parent)
    env = {
        "PATH": os.pathsep.join([venv_bin, os.environ.get("PATH", "/usr/bin:/bin")]),
        "ANSIBLE_LIBRARY": os.pathsep.join(str(p) for p in settings.library),
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_NOCOWS": "1",
        "ANSIBLE_RETRY_FILES_ENABLED": "False",
    }
    env.update(settings.envvars)
    return env


def run_playbook(settings: RunSettings, progress: Progress | None = None,
                 secrets: Iterable[str] | Callable[[], Iterable[str]] = ()) -> RunResult:
    """Run one playbook; return its typed result. ``secrets`` (or a callable giving them after
    the run, e.g. ``TrackingResolver.known``) are scrubbed from the artifacts."""
    display = progress or RecordingProgress()
    ident = settings.ident or uuid.uuid4().hex[:12]
    settings.private_data_dir.mkdir(parents=True, exist_ok=True)
    settings.artifact_dir.mkdir(parents=True, exist_ok=True)
    tasks: list[TaskResult] = []

    def on_event(event: dict[str, Any]) -> bool:
        started = task_start(event)
        if started is not None:
            display.task_started(*started)
        result = task_result(event)
        if result is not None:
            tasks.append(result)
            display.task_done(result)
        return True

    def on_status(data: dict[str, Any], runner_config: Any = None) -> None:
        display.status(str(data.get("status", "")))

    kwargs: dict[str, Any] = {
        "private_data_dir": str(settings.private_data_dir),
        "artifact_dir": str(settings.artifact_dir),
        "ident": ident,
        "playbook": str(settings.playbook),
        "extravars": dict(settings.extravars),
        "envvars": _environment(settings),
        "event_handler": on_event,
        "status_handler": on_status,
        "quiet": True,
        "suppress_env_files": True,
        "rotate_artifacts": 0,
        "forks": settings.forks,
    }
    if settings.inventory is not None:
        kwargs["inventory"] = str(settings.inventory)
    if settings.limit:
        kwargs["limit"] = settings.limit
    if settings.tags:
        kwargs["tags"] = ",".join(settings.tags)
    if settings.project_dir is not None:
        kwargs["project_dir"] = str(settings.project_dir)
    if settings.timeout:
        kwargs["timeout"] = settings.timeout
    runner = ansible_runner.run(**kwargs)
    artifacts = settings.artifact_dir / ident
    known = list(secrets() if callable(secrets) else secrets)
    report = scrub_tree(artifacts, known) if artifacts.exists() else ScrubReport(0, 0, 0)
    if artifacts.exists():
        assert_clean(artifacts, known)
    masked = tuple(replace(t, msg=mask_value(t.msg, known), res=mask_value(dict(t.res), known)) for t in tasks)
    result = RunResult(
        ident=ident, status=str(runner.status), rc=int(runner.rc if runner.rc is not None else -1),
        hosts=host_summaries(runner.stats), tasks=masked, artifacts=artifacts, scrub=report,
    )
    display.finished(result)
    return result
