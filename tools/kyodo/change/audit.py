"""The append-only audit log: one JSON line per event, each chained to the previous one.

Every line carries ``seq``, ``prev`` (the previous line's ``hash``) and its own ``hash``
(sha256 over the canonical JSON of the line without ``hash``). A head file keeps the last
``seq`` and ``hash`` so that removing the tail is detected too. ``verify`` reports every
edited, removed, inserted or reordered line.
"""

from __future__ import annotations

import fcntl
import getpass
import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

GENESIS = "0" * 64


def _canon(entry: dict[str, Any]) -> str:
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _digest(entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(_canon(body).encode()).hexdigest()


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.head = path.with_name(path.name + ".head")

    def append(self, event: str, *, change_id: str | None = None, **data: Any) -> dict[str, Any]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a+", encoding="utf-8") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            seq, prev = self._tail()
            entry: dict[str, Any] = {
                "seq": seq + 1,
                "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "actor": os.environ.get("KYODO_OPERATOR") or _user(),
                "event": event,
                "change_id": change_id,
                "data": data,
                "prev": prev,
            }
            entry["hash"] = _digest(entry)
            fh.write(_canon(entry) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
            tmp = self.head.with_suffix(".tmp")
            tmp.write_text(json.dumps({"seq": entry["seq"], "hash": entry["hash"]}), encoding="utf-8")
            os.replace(tmp, self.head)
        return entry

    def _tail(self) -> tuple[int, str]:
        if self.head.exists():
            h = json.loads(self.head.read_text(encoding="utf-8"))
            return int(h["seq"]), str(h["hash"])
        return 0, GENESIS

    def entries(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def verify(self) -> list[str]:
        """Problems found (empty when the chain is intact)."""
        problems: list[str] = []
        prev, expect_seq = GENESIS, 1
        if not self.path.exists():
            return [] if not self.head.exists() else ["the log file is missing but its head exists"]
        for n, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), start=1):
            try:
                entry = json.loads(line)
            except ValueError:
                problems.append(f"line {n}: not JSON")
                continue
            if entry.get("hash") != _digest(entry):
                problems.append(f"line {n} (seq {entry.get('seq')}): content does not match its hash (edited)")
            if entry.get("prev") != prev:
                problems.append(
                    f"line {n} (seq {entry.get('seq')}): does not follow the previous line "
                    "(a line was removed, inserted or reordered)"
                )
            if entry.get("seq") != expect_seq:
                problems.append(f"line {n}: seq {entry.get('seq')}, expected {expect_seq}")
            prev = str(entry.get("hash"))
            expect_seq = int(entry.get("seq", expect_seq)) + 1
        seq, head_hash = self._tail()
        if self.head.exists() and (seq != expect_seq - 1 or head_hash != prev):
            problems.append(
                f"the log ends at seq {expect_seq - 1} but its head records seq {seq}: "
                "lines were removed from the end or appended outside kyodo"
            )
        return problems


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid{os.getuid()}"
