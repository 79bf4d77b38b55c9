"""Secrets in lines reported as unparsed are replaced by ``<redacted>`` (keys never leave the parser)."""

from __future__ import annotations

import re

from kyodo.platforms.neutral import Unparsed

_SECRET_LINES = (
    re.compile(r"^(\s*secret\s*=\s*).+$"),                                   # swanctl secrets
    re.compile(r"^(\s*(?:enable\s+)?password\s+(?:\d\s+)?).+$"),             # FRR vty passwords
    re.compile(r"^(\s*key-string\s+(?:\d\s+)?).+$"),                         # FRR key chains
    re.compile(r"^(\s*neighbor\s+\S+\s+password\s+).+$"),                    # BGP MD5 keys
    re.compile(r"^(\s*ip\s+ospf\s+(?:authentication-key|message-digest-key\s+\d+\s+md5)\s+).+$"),
)
REDACTED = "<redacted>"


def redact(text: str) -> str:
    for pattern in _SECRET_LINES:
        m = pattern.match(text)
        if m:
            return m.group(1) + REDACTED
    return text


def redacted(items: list[Unparsed]) -> list[Unparsed]:
    return [Unparsed(u.line, redact(u.text)) for u in items]
