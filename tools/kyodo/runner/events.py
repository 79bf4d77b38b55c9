"""ansible-runner events → typed per-task, per-host results (never the ``stdout`` of an event)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

TaskStatus = Literal["ok", "changed", "failed", "unreachable", "skipped"]

RESULT_EVENTS: dict[str, TaskStatus] = {
    "runner_on_ok": "ok",
    "runner_on_failed": "failed",
    "runner_on_unreachable": "unreachable",
    "runner_on_skipped": "skipped",
}
START_EVENTS = ("runner_on_start", "playbook_on_task_start")


@dataclass(frozen=True, slots=True)
class TaskResult:
    """One task's outcome on one host, from ``event_data`` (``res`` is the module's return)."""

    host: str
    task: str
    action: str
    status: TaskStatus
    msg: str = ""
    ignore_errors: bool = False
    res: Mapping[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.status in ("failed", "unreachable") and not self.ignore_errors


@dataclass(frozen=True, slots=True)
class HostSummary:
    host: str
    ok: int = 0
    changed: int = 0
    failures: int = 0
    unreachable: int = 0
    skipped: int = 0
    rescued: int = 0
    ignored: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.failures or self.unreachable)


def task_result(event: Mapping[str, Any]) -> TaskResult | None:
    """A ``TaskResult`` for a ``runner_on_*`` result event, else None."""
    status = RESULT_EVENTS.get(str(event.get("event", "")))
    if status is None:
        return None
    data = event.get("event_data") or {}
    res = data.get("res") or {}
    if not isinstance(res, dict):
        res = {"value": res}
    if status == "ok" and res.get("changed"):
        status = "changed"
    msg = res.get("msg", "")
    return TaskResult(
        host=str(data.get("host") or data.get("remote_addr") or "?"),
        task=str(data.get("task") or data.get("task_action") or "?"),
        action=str(data.get("task_action") or data.get("resolved_action") or ""),
        status=status,
        msg=msg if isinstance(msg, str) else str(msg),
        ignore_errors=bool(data.get("ignore_errors")),
        res=res,
    )


def task_start(event: Mapping[str, Any]) -> tuple[str, str] | None:
    """(host, task) for a task-start event (host is "" for the play-wide task start)."""
    if event.get("event") not in START_EVENTS:
        return None
    data = event.get("event_data") or {}
    return str(data.get("host") or ""), str(data.get("task") or "?")


def host_summaries(stats: Mapping[str, Any] | None) -> dict[str, HostSummary]:
    """Per-host counters from ``Runner.stats`` (``{"ok": {host: n}, "failures": {...}, …}``)."""
    stats = stats or {}
    hosts: set[str] = set()
    for key in ("ok", "changed", "failures", "dark", "skipped", "rescued", "ignored", "processed"):
        hosts.update((stats.get(key) or {}).keys())

    def n(key: str, host: str) -> int:
        return int((stats.get(key) or {}).get(host, 0))

    return {h: HostSummary(h, ok=n("ok", h), changed=n("changed", h), failures=n("failures", h),
                           unreachable=n("dark", h), skipped=n("skipped", h), rescued=n("rescued", h),
                           ignored=n("ignored", h)) for h in sorted(hosts)}
