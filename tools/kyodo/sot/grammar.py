"""The grammar of every string that may end up in a device config.

A municipality name is data, never config syntax. Two classes of strings exist:

- identifiers (hostnames, VRF names, interface names, references): ASCII letters, digits and
  ``-_./:`` only, starting with a letter or digit;
- free text (names, kana, descriptions): printable characters of any script, but no control
  character (C0, C1, DEL), no line or paragraph separator, none of the characters that start
  comments or quote strings in the vendors' CLIs (``! # ; " ' ` \\ $ { } | < >``), no
  leading/trailing blank, at most 64 characters. Descriptions are printed only after this check.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator

IDENT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,62}$")
FORBIDDEN_TEXT_CHARS = frozenset("!#;\"'`\\${}|<>")
TEXT_MAX = 64


def text_problem(value: str) -> str | None:
    """Why ``value`` is not allowed as free text in a device config, or None."""
    if not value:
        return "must not be empty"
    if len(value) > TEXT_MAX:
        return f"is {len(value)} characters long (at most {TEXT_MAX} allowed)"
    for ch in value:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            return f"contains control or separator character U+{ord(ch):04X} (not allowed)"
        if ch in FORBIDDEN_TEXT_CHARS:
            return (
                f"contains {ch!r}, a comment or quote character in device CLIs "
                f"(not allowed: {' '.join(sorted(FORBIDDEN_TEXT_CHARS))})"
            )
    if value != value.strip():
        return "has leading or trailing blanks (not allowed)"
    return None


def ident_problem(value: str) -> str | None:
    if not IDENT_RE.match(value):
        return (
            f"'{value[:80]}' is not an identifier (allowed: ASCII letters, digits and -_./: ,"
            " starting with a letter or digit, at most 63 characters)"
        )
    return None


def _text(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _ident(value: str) -> str:
    problem = ident_problem(value)
    if problem:
        raise ValueError(problem)
    return value


SafeText = Annotated[str, AfterValidator(_text)]
Ident = Annotated[str, AfterValidator(_ident)]

CRED_RE = re.compile(r"^(vault|env):[A-Za-z_][A-Za-z0-9_]{0,62}$")


def _cred(value: str) -> str:
    if not CRED_RE.match(value):
        raise ValueError(
            "a credential must be a reference 'vault:NAME' or 'env:NAME' (NAME: letters, digits, _),"
            " never a secret itself"
        )
    return value


CredentialRef = Annotated[str, AfterValidator(_cred)]
