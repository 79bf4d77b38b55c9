"""Running-config backups on the operator's side: one file per device and change, mode 0600.

Backups hold device secrets (PSKs, local users), so they are never printed or returned:
callers get the path and the sha256 of the content.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Backup:
    host: str
    path: Path
    sha256: str

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_backup(directory: Path, host: str, text: str, stamp: str | None = None) -> Backup:
    """Write ``text`` to ``directory/<host>/<stamp>.cfg`` (0600) atomically and return its record."""
    folder = directory / host
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = stamp or time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + f"-{time.monotonic_ns() % 1_000_000:06d}"
    path = folder / f"{stamp}.cfg"
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
    return Backup(host=host, path=path, sha256=sha256_text(text))
