"""One exception base for everything kyodo raises on purpose.

Each subclass also derives from the matching builtin where there is one, so callers that
only know the builtin still catch it (the scrapli way).
"""

from __future__ import annotations

from dataclasses import dataclass


class KyodoError(Exception):
    """Base of every error kyodo raises on purpose. ``exit_code`` is what the CLI returns."""

    exit_code = 1


class InputError(KyodoError, ValueError):
    """Bad input from a person: a file, an argument. The CLI exits 2 and writes nothing."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem: ``FILE:LINE: field: message``."""

    file: str
    line: int
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        loc = f"{self.file}:{self.line}" if self.line else self.file
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{loc}: {self.field}: {prefix}{self.message}"


class ValidationFailed(InputError):
    """The source of truth (or another input file) has one or more problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class PoolExhausted(KyodoError):
    """An allocation pool has no free space left."""

    exit_code = 3

    def __init__(self, pool: str, detail: str) -> None:
        self.pool = pool
        super().__init__(f"pool '{pool}' is exhausted: {detail}")


class LockHeld(KyodoError):
    """Another process holds a lock kyodo needs."""

    exit_code = 4
