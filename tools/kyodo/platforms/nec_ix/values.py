"""Defensive checks on every value printed into a NEC UNIVERGE IX configuration.

The resolved model validates values already; this is the last line before text reaches a
device. IX configurations treat ``!`` at a line start as a comment, ``"`` quotes a
string, and the console expands ``?`` into help, so none of them (nor ``#``, any control or
separator character, nor a blank inside a single token) may appear in a printed value.
"""

from __future__ import annotations

import unicodedata

from kyodo.errors import KyodoError

FORBIDDEN = frozenset('!"#\'?\\')


class UnsafeConfigValue(KyodoError, ValueError):
    """A value that would change the meaning of the configuration it is printed into."""

    exit_code = 2


class UnsupportedIntent(KyodoError, ValueError):
    """The intent asks for something this platform cannot express."""

    exit_code = 2


def text(value: str, what: str) -> str:
    """Free text (descriptions): printable, no control character, no comment/quote character."""
    if not value:
        raise UnsafeConfigValue(f"{what}: empty value")
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            raise UnsafeConfigValue(f"{what}: control or separator character U+{ord(ch):04X} refused")
        if ch in FORBIDDEN:
            raise UnsafeConfigValue(f"{what}: character {ch!r} refused (comment/quote/help character)")
    if value != value.strip():
        raise UnsafeConfigValue(f"{what}: leading or trailing blanks refused")
    return value


def token(value: str, what: str) -> str:
    """One CLI word (names, addresses, secrets): free text without any blank."""
    text(value, what)
    if any(ch.isspace() for ch in value):
        raise UnsafeConfigValue(f"{what}: blank inside a single CLI word refused")
    return value
