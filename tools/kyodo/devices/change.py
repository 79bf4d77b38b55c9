"""One device change: backup → diff → push → read back → save (or confirm later) → restore on failure.

``apply_change`` never raises for device problems: it returns a ``HostResult`` (failed or
not) so a run over many devices keeps every outcome. On any error after the backup — a
rejected command, a dropped session, a read-back that still differs — it reconnects, puts
the backup back (the platform's native rollback where it has one, else the diff from the
current running config to the backup), verifies the device is on its backup, and returns
a failed result naming the failing command and the device's answer.

Confirm-or-revert: with ``confirm_minutes`` the push is armed to revert by itself — the
platform's own mechanism (IOS-XE ``configure terminal revert timer N``), or a kyodo
watchdog process for platforms without one (``confirm.py``). The change is saved only when
``confirm_change`` runs after post-verification; until then a reboot or the timer brings
the device back to its backup.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from kyodo.devices import confirm
from kyodo.devices.agent import open_session
from kyodo.devices.backup import Backup, write_backup
from kyodo.devices.credentials import Credentials, credentials_for
from kyodo.devices.errors import CommandRejected, DeviceError, ReadBackMismatch, SessionLost
from kyodo.devices.results import ChangeReport, HostResult
from kyodo.devices.session import DeviceSession, Endpoint
from kyodo.errors import KyodoError
from kyodo.platforms.base import Platform, SecretResolver

Mode = Literal["check", "apply", "backup"]
MASK = "********"


@dataclass(frozen=True, slots=True)
class DeviceTarget:
    endpoint: Endpoint
    platform: str
    credential: str          # reference: vault:NAME or env:NAME


@dataclass(frozen=True, slots=True)
class ChangeOptions:
    mode: Mode = "apply"
    backup_dir: Path = Path(".kyodo/backups")
    confirm_minutes: int | None = None


class Masker:
    """Replaces every known secret in text with ``********``."""

    def __init__(self, secrets: Iterable[str]) -> None:
        self._secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for s in self._secrets:
            text = text.replace(s, MASK)
        return text

    def all(self, items: Iterable[str]) -> tuple[str, ...]:
        return tuple(self(i) for i in items)


def masker_for(secrets: SecretResolver, creds: Credentials | None = None) -> Masker:
    known = getattr(secrets, "known", None)
    values = list(known()) if callable(known) else []
    return Masker([*values, *(creds.secrets() if creds else ())])


def apply_change(target: DeviceTarget, platform: Platform, intended: str, secrets: SecretResolver,
                 options: ChangeOptions = ChangeOptions()) -> HostResult:
    """Run one device through the change workflow of ``options.mode`` and report what happened."""
    start = time.monotonic()
    host = target.endpoint.name
    base = HostResult(host=host, platform=target.platform, status="failed")
    try:
        creds = credentials_for(target.credential, secrets)
    except KyodoError as exc:
        return replace(base, stage="credentials", message=str(exc), exception=type(exc).__name__)
    mask = masker_for(secrets, creds)
    facts = platform.facts

    def session() -> DeviceSession:
        return open_session(target.endpoint, facts, creds)  # type: ignore[no-any-return]

    stage = "connect"
    backup: Backup | None = None
    armed = False
    result = base
    try:
        with session() as s:
            stage = "backup"
            running = s.running()
            backup = write_backup(options.backup_dir, host, running)
            result = replace(base, backup_path=backup.path, backup_sha256=backup.sha256)
            if options.mode == "backup":
                return _done(result, "backed_up", start)
            stage = "diff"
            diff = platform.diff(running, intended)
            result = replace(result, commands=mask.all(diff.commands), rollback=mask.all(diff.rollback))
            if options.mode == "check":
                return _done(result, "planned", start)
            if diff.empty:
                return _done(result, "unchanged", start)
            stage = "device backup"
            on_device = facts.extra.get("backup_command")
            if on_device and facts.rollback:
                s.exec(on_device)
            enter = None
            if options.confirm_minutes and facts.confirm_arm:
                enter = tuple(c.format(minutes=options.confirm_minutes) for c in facts.confirm_arm)
            stage = "push"
            armed = enter is not None
            s.push(diff.commands, enter=enter)
            stage = "read back"
            left = remaining(platform, s.running(), intended)
            if left:
                raise ReadBackMismatch(host, mask.all(left))
            if options.confirm_minutes:
                deadline = time.time() + options.confirm_minutes * 60
                mechanism = "native" if armed else "watchdog"
                if not armed:
                    stage = "arm watchdog"
                    vault = getattr(secrets, "path", None)
                    confirm.arm_watchdog(target, backup, options.confirm_minutes,
                                         vault=vault if isinstance(vault, Path) else None)
                return _done(replace(result, revert_deadline=deadline, revert_mechanism=mechanism),
                             "pending_confirm", start)
            stage = "save"
            s.save()
        return _done(result, "changed", start)
    except Exception as exc:   # any failure (device, platform diff, bug) must restore
        failed = _failure(result, exc, stage, mask)
        if backup is None or stage in ("connect", "backup", "diff"):
            return _done(failed, "failed", start)
        restored, note = restore_backup(session, platform, backup, armed=armed, resave=stage == "save")
        return _done(replace(failed, restored=restored, message=mask(f"{failed.message}; {note}")), "failed", start)


def _failure(result: HostResult, exc: Exception, stage: str, mask: Masker) -> HostResult:
    command: str | None = None
    output = ""
    name = type(exc).__name__
    if not isinstance(exc, DeviceError):
        exc = DeviceError(result.host, f"{name} during {stage}: {exc}")
    if isinstance(exc, CommandRejected):
        command, output = exc.command, exc.output
    elif isinstance(exc, SessionLost):
        command = exc.command
    return replace(result, stage=stage, failed_command=mask(command) if command else None,
                   device_output=mask(output), message=mask(str(exc)), exception=name)


def _done(result: HostResult, status: str, start: float) -> HostResult:
    return replace(result, status=status, duration_s=time.monotonic() - start)  # type: ignore[arg-type]


def restore_backup(session: Callable[[], DeviceSession], platform: Platform, backup: Backup, *,
                   armed: bool = False, resave: bool = False) -> tuple[bool, str]:
    """Reconnect and put ``backup`` back; verify by diff. Returns (verified, note)."""
    facts = platform.facts
    text = backup.text()
    try:
        with session() as s:
            current = s.running()
            steps: list[str] = []
            if _differs(platform, current, text) is not False and facts.rollback and facts.extra.get("backup_command"):
                try:
                    for cmd in facts.rollback:
                        s.exec(cmd)
                    steps.append("native rollback")
                except DeviceError as exc:
                    steps.append(f"native rollback failed ({exc})")
                current = s.running()
            todo = remaining(platform, current, text)
            if todo:
                s.push(todo)
                steps.append(f"{len(todo)} restore command(s)")
                current = s.running()
            ok = not remaining(platform, current, text)
            if ok and armed:
                for cmd in facts.confirm_commit:
                    s.exec(cmd)   # the device is on its backup: cancel the pending revert
            if ok and resave:
                s.save()
            what = ", ".join(steps) or "nothing had been applied"
            if ok:
                return True, f"device restored to its backup and verified ({what})"
            return False, f"device NOT verified on its backup after {what}"
    except Exception as exc:   # reported, never raised: the caller reports the host
        tail = "; the armed revert timer will restore it" if armed else ""
        return False, f"restore failed: {type(exc).__name__}: {exc}{tail}"


def remaining(platform: Platform, running: str, wanted: str) -> tuple[str, ...]:
    """Commands still needed to take ``running`` to ``wanted``, less the platform's own noise.

    A platform whose diff is scoped to the objects kyodo manages (IOS-XE) may not give an
    empty diff from a full device config to itself (unmanaged sections on the intended
    side); commands that ``diff(wanted, wanted)`` also yields are not differences."""
    commands = platform.diff(running, wanted).commands
    if not commands:
        return ()
    noise = set(platform.diff(wanted, wanted).commands)
    return tuple(c for c in commands if c not in noise)


def _differs(platform: Platform, running: str, wanted: str) -> bool | None:
    """Whether ``running`` differs from ``wanted``; None when the platform cannot tell."""
    try:
        return bool(remaining(platform, running, wanted))
    except Exception:   # an unparsable running config: treat as "differs"
        return None


def confirm_change(target: DeviceTarget, platform: Platform, secrets: SecretResolver) -> HostResult:
    """Confirm a pending change after post-verification: cancel the revert, then save."""
    start = time.monotonic()
    base = HostResult(host=target.endpoint.name, platform=target.platform, status="failed")
    try:
        creds = credentials_for(target.credential, secrets)
        with open_session(target.endpoint, platform.facts, creds) as s:
            if platform.facts.confirm_arm:
                for cmd in platform.facts.confirm_commit:
                    s.exec(cmd)
            else:
                confirm.disarm_watchdog(target)
            s.save()
        return _done(base, "confirmed", start)
    except KyodoError as exc:
        return _done(replace(base, stage="confirm", message=str(exc), exception=type(exc).__name__), "failed", start)


def run_changes(jobs: Iterable[tuple[DeviceTarget, Platform, str]], secrets: SecretResolver,
                options: ChangeOptions = ChangeOptions(), workers: int = 4) -> ChangeReport:
    """``apply_change`` over many devices in parallel; every result kept (see ``ChangeReport``)."""
    items = list(jobs)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(apply_change, t, p, text, secrets, options) for t, p, text in items]
        return ChangeReport.of(f.result() for f in futures)
