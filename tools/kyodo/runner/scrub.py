"""Remove secret values from a run's artifact tree, then prove none is left.

ansible-runner keeps every event (with module arguments and results) under the artifact
directory; those artifacts are kept with the change record, so they must hold no secret.
``scrub_tree`` replaces each known secret — as plain text and in its JSON-escaped form —
by ``********`` in every file; ``assert_clean`` then searches again and raises
``SecretLeak`` naming the files (never the secret) when any is still found.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kyodo.errors import KyodoError

MASK = b"********"
MIN_SECRET = 4   # shorter values would mask ordinary text; the resolver's secrets are longer


class SecretLeak(KyodoError):
    """A secret value is still present in the artifacts after scrubbing."""

    exit_code = 6

    def __init__(self, files: list[Path]) -> None:
        self.files = files
        super().__init__(f"secret value still present in {len(files)} artifact file(s) after scrubbing: "
                         + ", ".join(str(f) for f in files[:10]))


@dataclass(frozen=True, slots=True)
class ScrubReport:
    files_scanned: int
    files_changed: int
    replacements: int


def _needles(secrets: Iterable[str]) -> list[bytes]:
    found: set[bytes] = set()
    for s in secrets:
        if len(s) < MIN_SECRET:
            continue
        found.add(s.encode("utf-8"))
        found.add(json.dumps(s)[1:-1].encode("utf-8"))                       # JSON-escaped
        found.add(json.dumps(s, ensure_ascii=False)[1:-1].encode("utf-8"))
    return sorted(found, key=len, reverse=True)


def _files(root: Path) -> Iterable[Path]:
    for dirpath, _, names in os.walk(root):
        for name in names:
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                yield path


def scrub_tree(root: Path, secrets: Iterable[str]) -> ScrubReport:
    """Replace every secret in every file under ``root``; returns counts (no secret in them)."""
    needles = _needles(secrets)
    scanned = changed = total = 0
    for path in _files(root):
        scanned += 1
        data = path.read_bytes()
        new = data
        for needle in needles:
            count = new.count(needle)
            if count:
                total += count
                new = new.replace(needle, MASK)
        if new != data:
            changed += 1
            path.write_bytes(new)
    return ScrubReport(scanned, changed, total)


def mask_value(value: Any, secrets: Iterable[str]) -> Any:
    """``value`` (str / list / dict, nested) with every secret replaced by ``********``."""
    needles = [n.decode("utf-8") for n in _needles(secrets)]

    def walk(v: Any) -> Any:
        if isinstance(v, str):
            for n in needles:
                v = v.replace(n, MASK.decode())
            return v
        if isinstance(v, dict):
            return {walk(k): walk(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return type(v)(walk(x) for x in v)
        return v

    return walk(value)


def leaks(root: Path, secrets: Iterable[str]) -> list[Path]:
    needles = _needles(secrets)
    return [p for p in _files(root) if any(n in p.read_bytes() for n in needles)]


def assert_clean(root: Path, secrets: Iterable[str]) -> None:
    found = leaks(root, list(secrets))
    if found:
        raise SecretLeak(found)
