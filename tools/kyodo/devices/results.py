"""Per-host results and their aggregate (nornir style: every host's outcome kept, none lost)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from kyodo.errors import KyodoError

Status = Literal["unchanged", "changed", "pending_confirm", "planned", "backed_up", "confirmed", "reverted",
                 "failed"]


@dataclass(frozen=True, slots=True)
class HostResult:
    """What happened on one device. Commands and outputs are masked: no secret in them."""

    host: str
    platform: str
    status: Status
    commands: tuple[str, ...] = ()
    rollback: tuple[str, ...] = ()
    backup_path: Path | None = None
    backup_sha256: str | None = None
    stage: str = ""                        # where it failed: connect, backup, push, read back, save …
    failed_command: str | None = None
    device_output: str = ""
    message: str = ""
    restored: bool | None = None           # after a failure: the device verified back on its backup
    exception: str | None = None           # class name of the error
    duration_s: float = 0.0
    revert_deadline: float | None = None   # epoch seconds, when a confirm-or-revert timer is armed
    revert_mechanism: str = ""             # "native" (device timer) or "watchdog" (kyodo-emulated)

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def changed(self) -> bool:
        return self.status in ("changed", "pending_confirm")

    def to_dict(self) -> dict[str, object]:
        return {
            "host": self.host, "platform": self.platform, "status": self.status, "failed": self.failed,
            "changed": self.changed, "commands": list(self.commands), "rollback": list(self.rollback),
            "backup_path": str(self.backup_path) if self.backup_path else None,
            "backup_sha256": self.backup_sha256, "stage": self.stage, "failed_command": self.failed_command,
            "device_output": self.device_output, "message": self.message, "restored": self.restored,
            "exception": self.exception, "duration_s": round(self.duration_s, 3),
            "revert_deadline": self.revert_deadline, "revert_mechanism": self.revert_mechanism,
        }


class ChangeFailed(KyodoError):
    """One or more hosts failed; carries every host's result."""

    exit_code = 5

    def __init__(self, results: tuple[HostResult, ...]) -> None:
        self.results = results
        failed = [r for r in results if r.failed]
        lines = [f"{len(failed)} of {len(results)} device(s) failed:"]
        for r in failed:
            state = {True: "restored to backup", False: "NOT verified restored", None: "nothing applied"}[r.restored]
            lines.append(f"  {r.host} [{r.stage}] {r.message} ({state})")
        super().__init__("\n".join(lines))


@dataclass(frozen=True, slots=True)
class ChangeReport:
    results: tuple[HostResult, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, results: Iterable[HostResult]) -> ChangeReport:
        return cls(tuple(sorted(results, key=lambda r: r.host)))

    @property
    def failed_hosts(self) -> tuple[str, ...]:
        return tuple(r.host for r in self.results if r.failed)

    @property
    def failed(self) -> bool:
        return bool(self.failed_hosts)

    def raise_on_failure(self) -> None:
        if self.failed:
            raise ChangeFailed(self.results)
