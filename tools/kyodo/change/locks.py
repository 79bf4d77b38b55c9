"""One change at a time per device and per municipality.

A lock is a file ``<state>/locks/<resource>.json`` created with O_EXCL, holding who, the
pid and host, since when and for which change. All locks of a change are taken together
or not at all. A lock whose process is gone (same host, pid dead) is *stale*: kyodo says
so and ``kyodo lock break`` removes it explicitly — never silently.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kyodo.errors import LockHeld


@dataclass(frozen=True)
class Holder:
    resource: str
    user: str
    host: str
    pid: int
    since: str
    change_id: str

    @property
    def stale(self) -> bool:
        if self.host != socket.gethostname():
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return _is_zombie(self.pid)

    def describe(self) -> str:
        state = (
            " (STALE: its process is gone; 'kyodo lock break " + self.resource + "' to remove)" if self.stale else ""
        )
        return (
            f"{self.resource} is held by {self.user}@{self.host} pid {self.pid} since {self.since} "
            f"for change {self.change_id}{state}"
        )


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def _safe(resource: str) -> str:
    return resource.replace("/", "_").replace(":", "-")


class Locks:
    def __init__(self, state: Path) -> None:
        self.dir = state / "locks"

    def holders(self) -> list[Holder]:
        if not self.dir.is_dir():
            return []
        out = []
        for p in sorted(self.dir.glob("*.json")):
            try:
                out.append(Holder(**json.loads(p.read_text(encoding="utf-8"))))
            except (OSError, ValueError, TypeError):
                continue
        return out

    def acquire(self, resources: list[str], change_id: str) -> None:
        """Take every lock or none; raise LockHeld naming each holder."""
        self.dir.mkdir(parents=True, exist_ok=True)
        taken: list[Path] = []
        me = Holder(
            "", _user(), socket.gethostname(), os.getpid(), datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), change_id
        )
        try:
            for r in sorted(set(resources)):
                path = self.dir / f"{_safe(r)}.json"
                try:
                    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                except FileExistsError:
                    held = self._read(path)
                    raise LockHeld(held.describe() if held else f"{r} is locked ({path})") from None
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump({**me.__dict__, "resource": r}, fh)
                taken.append(path)
        except BaseException:
            for p in taken:
                p.unlink(missing_ok=True)
            raise

    def release(self, resources: list[str], change_id: str) -> None:
        for r in set(resources):
            path = self.dir / f"{_safe(r)}.json"
            held = self._read(path)
            if held and held.change_id == change_id:
                path.unlink(missing_ok=True)

    def break_lock(self, resource: str, *, force: bool = False) -> Holder:
        path = self.dir / f"{_safe(resource)}.json"
        held = self._read(path)
        if held is None:
            raise LockHeld(f"no lock named {resource}")
        if not held.stale and not force:
            raise LockHeld(held.describe() + "; it is alive — pass --force only if you are sure")
        path.unlink(missing_ok=True)
        return held

    @contextmanager
    def holding(self, resources: list[str], change_id: str) -> Iterator[None]:
        self.acquire(resources, change_id)
        try:
            yield
        finally:
            self.release(resources, change_id)

    @staticmethod
    def _read(path: Path) -> Holder | None:
        try:
            return Holder(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None


def _user() -> str:
    try:
        return os.environ.get("KYODO_OPERATOR") or getpass.getuser()
    except (KeyError, OSError):
        return f"uid{os.getuid()}"
