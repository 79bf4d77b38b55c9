"""`kyodo window list|check`, `kyodo lock list|break`, `kyodo audit verify|show`."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from kyodo.change.audit import AuditLog
from kyodo.change.locks import Locks
from kyodo.change.windows import check, load_windows
from kyodo.errors import InputError, KyodoError
from kyodo.paths import default_sot, state_dir
from kyodo.sot.cli import SotOpt

console = Console(stderr=True, soft_wrap=True)


class AuditBroken(KyodoError):
    exit_code = 1


def audit_log() -> AuditLog:
    return AuditLog(state_dir() / "audit.log")


def register(app: typer.Typer) -> None:
    window = typer.Typer(help="Change windows and freezes (Asia/Tokyo).", no_args_is_help=True)
    window.command("list")(window_list)
    window.command("check")(window_check)
    app.add_typer(window, name="window")
    lock = typer.Typer(help="Change locks per device and municipality.", no_args_is_help=True)
    lock.command("list")(lock_list)
    lock.command("break")(lock_break)
    app.add_typer(lock, name="lock")
    audit = typer.Typer(help="The append-only, hash-chained audit log.", no_args_is_help=True)
    audit.command("verify")(audit_verify)
    audit.command("show")(audit_show)
    app.add_typer(audit, name="audit")


def parse_at(at: str | None) -> datetime:
    if at is None:
        return datetime.now(UTC)
    try:
        parsed = datetime.fromisoformat(at)
    except ValueError:
        raise InputError(f"--at: '{at}' is not an ISO date-time (e.g. 2027-01-19T23:00+09:00)") from None
    if parsed.tzinfo is None:
        from zoneinfo import ZoneInfo

        parsed = parsed.replace(tzinfo=ZoneInfo("Asia/Tokyo"))
    return parsed


def window_list(sot: SotOpt = None) -> None:
    """List recurring windows, one-off windows and freezes."""
    w = load_windows(sot or default_sot())
    table = Table("kind", "name", "when", "note", title=f"change windows ({w.timezone})")
    for r in w.recurring:
        table.add_row("window", r.name, f"{','.join(r.days)} {r.start}–{r.end}", "weekly")
    for o in w.one_off:
        table.add_row("window", o.name, f"{o.start} – {o.end}", "one-off")
    for f in w.freezes:
        when = f"every year {f.every_year.start} – {f.every_year.end}" if f.every_year else f"{f.start} – {f.end}"
        table.add_row("freeze", f.name, when, f.reason)
    Console().print(table)


def window_check(
    sot: SotOpt = None,
    at: Annotated[str | None, typer.Option("--at", help="ISO time (default now; no offset = Asia/Tokyo)")] = None,
) -> None:
    """Exit 0 if a change may be applied at TIME, 1 if not; print why."""
    d = check(load_windows(sot or default_sot()), parse_at(at))
    sys.stdout.write(json.dumps(d.as_dict(), ensure_ascii=False) + "\n")
    if not d.allowed:
        raise typer.Exit(1)


def lock_list() -> None:
    """Show every held lock, its holder and whether it is stale."""
    for h in Locks(state_dir()).holders():
        console.print(h.describe(), markup=False)


def lock_break(
    resource: Annotated[str, typer.Argument(help="e.g. device:dc-core1 or municipality:312011")],
    force: Annotated[bool, typer.Option("--force", help="break even a live holder's lock")] = False,
) -> None:
    """Remove a stale lock (explicitly; recorded in the audit log)."""
    held = Locks(state_dir()).break_lock(resource, force=force)
    audit_log().append(
        "lock.break",
        change_id=held.change_id,
        resource=resource,
        holder=f"{held.user}@{held.host}",
        pid=held.pid,
        forced=force,
    )
    console.print(f"broke {held.describe()}", markup=False)


def audit_verify() -> None:
    """Check the hash chain: any edited, removed, inserted or reordered line is reported (exit 1)."""
    log = audit_log()
    problems = log.verify()
    for p in problems:
        console.print(p, markup=False, style="red")
    if problems:
        raise AuditBroken(f"audit log {log.path}: {len(problems)} problem(s)")
    console.print(f"audit log {log.path}: {len(log.entries())} entries, chain intact")


def audit_show(last: Annotated[int, typer.Option("--last")] = 20) -> None:
    """Print the last entries."""
    for e in audit_log().entries()[-last:]:
        sys.stdout.write(json.dumps(e, ensure_ascii=False) + "\n")
