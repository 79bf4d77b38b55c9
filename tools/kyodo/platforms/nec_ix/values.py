"""Defensive checks on every value printed into a NEC UNIVERGE IX configuration.

IX configurations treat ``!`` at a line start as a comment, ``"`` quotes a string, and the
console expands ``?`` into help; ``#`` is refused too (see ``kyodo.platforms.values``).
"""

from __future__ import annotations

from kyodo.platforms.values import UnsafeConfigValue, UnsupportedIntent, ValueGuard

FORBIDDEN = frozenset('!"#\'?\\')
_GUARD = ValueGuard(FORBIDDEN)
text = _GUARD.text
token = _GUARD.token

__all__ = ["FORBIDDEN", "UnsafeConfigValue", "UnsupportedIntent", "text", "token"]
