"""Locks name their holder, detect stale holders; the audit chain detects tampering."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kyodo.change.audit import AuditLog
from kyodo.change.locks import Locks
from kyodo.errors import LockHeld


def test_second_change_refused_with_holder_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KYODO_OPERATOR", "tanaka")
    locks = Locks(tmp_path)
    locks.acquire(["device:dc-core1", "municipality:312011"], "chg-1")
    with pytest.raises(LockHeld) as info:
        locks.acquire(["municipality:312029", "device:dc-core1"], "chg-2")
    msg = str(info.value)
    assert "device:dc-core1" in msg and "tanaka@" in msg and "chg-1" in msg and "since" in msg
    # all or nothing: the free municipality lock was not kept by the refused change
    assert {h.resource for h in locks.holders()} == {"device:dc-core1", "municipality:312011"}
    locks.release(["device:dc-core1", "municipality:312011"], "chg-1")
    assert locks.holders() == []


def test_stale_lock_detected_and_broken_explicitly(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from kyodo.change.locks import Locks; "
        "Locks(Path(sys.argv[1])).acquire(['device:dc-core1'], 'chg-dead')"
    )
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True)
    locks = Locks(tmp_path)
    (held,) = locks.holders()
    assert held.stale
    with pytest.raises(LockHeld) as info:
        locks.acquire(["device:dc-core1"], "chg-new")
    assert "STALE" in str(info.value)
    locks.break_lock("device:dc-core1")
    locks.acquire(["device:dc-core1"], "chg-new")


def test_live_lock_is_not_broken_without_force(tmp_path: Path) -> None:
    locks = Locks(tmp_path)
    locks.acquire(["municipality:312011"], "chg-live")
    with pytest.raises(LockHeld):
        locks.break_lock("municipality:312011")
    locks.break_lock("municipality:312011", force=True)


def _log(tmp_path: Path) -> AuditLog:
    log = AuditLog(tmp_path / "audit.log")
    for i in range(5):
        log.append("step", change_id="chg-1", n=i)
    assert log.verify() == []
    return log


@pytest.mark.parametrize("tamper", ["edit", "remove_middle", "remove_last", "reorder", "insert"])
def test_tampering_detected(tmp_path: Path, tamper: str) -> None:
    log = _log(tmp_path)
    lines = log.path.read_text(encoding="utf-8").splitlines()
    if tamper == "edit":
        e = json.loads(lines[2])
        e["data"]["n"] = 99
        lines[2] = json.dumps(e)
    elif tamper == "remove_middle":
        del lines[2]
    elif tamper == "remove_last":
        del lines[-1]
    elif tamper == "reorder":
        lines[1], lines[2] = lines[2], lines[1]
    else:
        lines.insert(3, lines[3])
    log.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert log.verify(), f"{tamper} went unnoticed"
