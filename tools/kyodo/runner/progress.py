"""Progress displays fed by the runner's events: per host, per task (rich), or recorded (tests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from rich.console import Console
from rich.live import Live
from rich.table import Table

from kyodo.runner.events import TaskResult

if TYPE_CHECKING:
    from kyodo.runner.adapter import RunResult


class Progress(Protocol):
    def status(self, status: str) -> None: ...

    def task_started(self, host: str, task: str) -> None: ...

    def task_done(self, result: TaskResult) -> None: ...

    def finished(self, result: RunResult) -> None: ...


@dataclass
class RecordingProgress:
    """Keeps every callback, in order (tests, or a caller that renders later)."""

    calls: list[tuple[str, str, str]] = field(default_factory=list)

    def status(self, status: str) -> None:
        self.calls.append(("status", status, ""))

    def task_started(self, host: str, task: str) -> None:
        self.calls.append(("start", host, task))

    def task_done(self, result: TaskResult) -> None:
        self.calls.append((result.status, result.host, result.task))

    def finished(self, result: RunResult) -> None:
        self.calls.append(("finished", result.status, str(result.rc)))


STYLE = {"ok": "green", "changed": "yellow", "failed": "bold red", "unreachable": "bold red", "skipped": "dim"}


class RichProgress:
    """A live table: one row per host with its current task and counters (stderr)."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.rows: dict[str, dict[str, object]] = {}
        self.run_status = "starting"
        self._live = Live(self._table(), console=self.console, refresh_per_second=8, transient=False)
        self._started = False

    def _table(self) -> Table:
        table = Table(title=f"ansible run: {self.run_status}", expand=False)
        for col in ("host", "task", "last", "ok", "changed", "failed"):
            table.add_column(col)
        for host, row in sorted(self.rows.items()):
            last = str(row.get("last", ""))
            table.add_row(host, str(row.get("task", "")), f"[{STYLE.get(last, '')}]{last}[/]",
                          str(row.get("ok", 0)), str(row.get("changed", 0)), str(row.get("failed", 0)))
        return table

    def _refresh(self) -> None:
        if not self._started:
            self._live.start()
            self._started = True
        self._live.update(self._table())

    def status(self, status: str) -> None:
        self.run_status = status
        self._refresh()

    def task_started(self, host: str, task: str) -> None:
        if host:
            self.rows.setdefault(host, {})["task"] = task
            self._refresh()

    def task_done(self, result: TaskResult) -> None:
        row = self.rows.setdefault(result.host, {})
        row["task"] = result.task
        row["last"] = result.status
        key = {"ok": "ok", "changed": "changed", "failed": "failed", "unreachable": "failed"}.get(result.status)
        if key:
            row[key] = int(str(row.get(key, 0))) + 1
        self._refresh()

    def finished(self, result: RunResult) -> None:
        self.run_status = f"{result.status} (rc={result.rc})"
        self._refresh()
        if self._started:
            self._live.stop()
