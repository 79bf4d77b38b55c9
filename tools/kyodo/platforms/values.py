"""Defensive checks on every value a platform prints into a device configuration.

The resolved model validates values already; this is the last line before text reaches a
device. Each platform names the characters its CLI treats as comment, quote or help
characters (``ValueGuard(forbidden)``); no control or separator character, and no blank
inside a single CLI word, ever passes.
"""

from __future__ import annotations

import unicodedata

from kyodo.errors import KyodoError

_CONTROL = ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")


class UnsafeConfigValue(KyodoError, ValueError):
    """A value that would change the meaning of the configuration it is printed into."""

    exit_code = 2


class UnsupportedIntent(KyodoError, ValueError):
    """The intent asks for something this platform cannot express."""

    exit_code = 2


class ValueGuard:
    def __init__(self, forbidden: frozenset[str]) -> None:
        self.forbidden = forbidden

    def text(self, value: str, what: str) -> str:
        """Free text (descriptions): printable, no control character, no comment/quote character."""
        if not value:
            raise UnsafeConfigValue(f"{what}: empty value")
        for ch in value:
            if unicodedata.category(ch) in _CONTROL:
                raise UnsafeConfigValue(f"{what}: control or separator character U+{ord(ch):04X} refused")
            if ch in self.forbidden:
                raise UnsafeConfigValue(f"{what}: character {ch!r} refused (comment/quote/help character)")
        if value != value.strip():
            raise UnsafeConfigValue(f"{what}: leading or trailing blanks refused")
        return value

    def token(self, value: str, what: str) -> str:
        """One CLI word (names, addresses, secrets): free text without any blank."""
        self.text(value, what)
        if any(ch.isspace() for ch in value):
            raise UnsafeConfigValue(f"{what}: blank inside a single CLI word refused")
        return value
