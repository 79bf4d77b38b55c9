"""The allocation ledger: SQLite, one file lock plus one IMMEDIATE transaction per run.

Concurrent ``kyodo allocate`` processes are serialised by the lock; the UNIQUE(pool, value)
constraint is the last line of defence against double allocation; a crash mid-run rolls the
transaction back, so the ledger is always consistent.
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from kyodo.errors import KyodoError, LockHeld
from kyodo.ipam.allocator import Kind, Row, plan_allocations
from kyodo.sot.models import Pools

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS allocation (
    code TEXT NOT NULL,
    kind TEXT NOT NULL,
    pool TEXT NOT NULL,
    value TEXT NOT NULL,
    allocated_at TEXT NOT NULL,
    PRIMARY KEY (code, kind),
    UNIQUE (pool, value)
);
CREATE TABLE IF NOT EXISTS deployed (
    code TEXT PRIMARY KEY,
    change_id TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS event (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    code TEXT NOT NULL,
    detail TEXT NOT NULL
);
"""
SCHEMA_VERSION = "1"


class LedgerError(KyodoError):
    pass


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _who() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid:{os.getuid()}"


class Ledger:
    def __init__(self, path: Path, *, lock_timeout: float = 120.0) -> None:
        self.path = path
        self.lock_timeout = lock_timeout

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=self.lock_timeout, isolation_level=None)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=FULL")
            con.executescript(SCHEMA)
            con.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            yield con
        finally:
            con.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """The one locked transaction every write runs in."""
        lock = FileLock(str(self.path) + ".lock")
        try:
            lock.acquire(timeout=self.lock_timeout)
        except Timeout:
            raise LockHeld(
                f"ledger {self.path} is locked by another kyodo process (waited {self.lock_timeout:.0f} s)"
            ) from None
        try:
            with self._connect() as con:
                con.execute("BEGIN IMMEDIATE")
                try:
                    yield con
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
                con.execute("COMMIT")
        finally:
            lock.release()

    def rows(self) -> list[Row]:
        if not self.path.exists():
            return []
        with self._connect() as con:
            return [
                Row(c, k, v) for c, k, v in con.execute("SELECT code, kind, value FROM allocation ORDER BY code, kind")
            ]

    def allocate(self, pools: Pools, needs: dict[str, tuple[str, ...]]) -> list[Row]:
        """Give each municipality in ``needs`` what it lacks. Returns the new rows."""
        with self.transaction() as con:
            existing = [Row(c, k, v) for c, k, v in con.execute("SELECT code, kind, value FROM allocation")]
            new = plan_allocations(pools, existing, needs)
            if new:
                at, who = _now(), _who()
                con.executemany(
                    "INSERT INTO allocation (code, kind, pool, value, allocated_at) VALUES (?, ?, ?, ?, ?)",
                    [(r.code, r.kind, Kind.POOL[r.kind], r.value, at) for r in new],
                )
                per_code: dict[str, dict[str, str]] = {}
                for r in new:
                    per_code.setdefault(r.code, {})[r.kind] = r.value
                con.executemany(
                    "INSERT INTO event (at, who, action, code, detail) VALUES (?, ?, 'allocate', ?, ?)",
                    [(at, who, code, json.dumps(d, sort_keys=True)) for code, d in sorted(per_code.items())],
                )
                self._written(len(new))
            return new

    def _written(self, rows: int) -> None:
        """Called inside the transaction after the rows are written, before COMMIT (crash tests hook it)."""

    def release(self, code: str) -> list[Row]:
        """Free everything of one municipality (explicit only)."""
        with self.transaction() as con:
            rows = [
                Row(c, k, v)
                for c, k, v in con.execute(
                    "SELECT code, kind, value FROM allocation WHERE code = ? ORDER BY kind", (code,)
                )
            ]
            if rows:
                con.execute("DELETE FROM allocation WHERE code = ?", (code,))
                con.execute(
                    "INSERT INTO event (at, who, action, code, detail) VALUES (?, ?, 'release', ?, ?)",
                    (_now(), _who(), code, json.dumps({r.kind: r.value for r in rows}, sort_keys=True)),
                )
            return rows

    def deployed(self) -> dict[str, str]:
        """Municipalities whose network and VMs a change has put in place: code → change id."""
        if not self.path.exists():
            return {}
        with self._connect() as con:
            return dict(con.execute("SELECT code, change_id FROM deployed ORDER BY code"))

    def mark_deployed(self, code: str, change_id: str, deployed: bool) -> None:
        with self.transaction() as con:
            if deployed:
                con.execute("INSERT OR REPLACE INTO deployed VALUES (?, ?, ?)", (code, change_id, _now()))
            else:
                con.execute("DELETE FROM deployed WHERE code = ?", (code,))
            con.execute(
                "INSERT INTO event (at, who, action, code, detail) VALUES (?, ?, ?, ?, ?)",
                (_now(), _who(), "deployed" if deployed else "removed", code, json.dumps({"change": change_id})),
            )

    def check(self) -> list[str]:
        """Consistency problems (empty when healthy)."""
        if not self.path.exists():
            return []
        with self._connect() as con:
            problems = [f"sqlite integrity: {r[0]}" for r in con.execute("PRAGMA integrity_check") if r[0] != "ok"]
            for pool, value, n in con.execute(
                "SELECT pool, value, COUNT(*) FROM allocation GROUP BY pool, value HAVING COUNT(*) > 1"
            ):
                problems.append(f"{pool} value {value} allocated {n} times")
            return problems
