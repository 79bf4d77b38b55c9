"""Mask secrets in free text that reaches a report (evidence lines quote device configs).

The verifier's JSON should carry only hashes, but evidence lines are config text, and a
config line that sets a key or password carries the secret itself. Every text from the
inputs goes through ``redact`` before it enters the report model, so no format can leak
it. The patterns cover the syntaxes of the four platforms (Cisco IOS-XE, Yamaha RTX,
NEC IX, FRR/strongSwan) and generic ``password``/``secret``/``key`` assignments.
"""

from __future__ import annotations

import re

MASK = "********"

_PATTERNS: tuple[re.Pattern[str], ...] = (
    # Yamaha RTX: ipsec ike pre-shared-key 1 text SECRET | … 1 0xHEX
    re.compile(r"(pre-shared-key\s+\d+\s+(?:text\s+)?)(\S+)", re.I),
    # Cisco IOS-XE keyring: pre-shared-key [local|remote] [0|6|7] SECRET ; crypto isakmp key SECRET address …
    re.compile(r"(pre-shared-key\s+(?:(?:local|remote)\s+)?(?:[067]\s+)?)(\S+)", re.I),
    re.compile(r"(\bisakmp\s+key\s+(?:[067]\s+)?)(\S+)", re.I),
    # NEC IX: ike policy NAME peer ADDR key SECRET PROPOSAL
    re.compile(r"(\bpeer\s+\S+\s+key\s+)(\S+)", re.I),
    # NEC IX IKEv2: ikev2 authentication psk id ipv4 ADDR key char SECRET | key hex HEX
    re.compile(r"(\bkey\s+(?:char|hex|text|ascii)\s+)(\S+)", re.I),
    # strongSwan swanctl: secret = "…" ; ipsec.secrets: … : PSK "…"
    re.compile(r"(\bsecret\s*=\s*)(\"[^\"]*\"|\S+)", re.I),
    re.compile(r"(\bPSK\s+)(\"[^\"]*\"|\S+)"),
    # passwords, secrets, SNMP communities, generic key assignments
    re.compile(
        r"(\b(?:password|passwd|secret|enable\s+secret|community|auth-key|authentication-key)"
        r"\s+(?:[0-9]\s+)?)(\S+)",
        re.I,
    ),
    re.compile(r"(\b(?:password|passwd|psk|pre_shared_key|api_key|token)\s*[:=]\s*)(\"[^\"]*\"|\S+)", re.I),
    re.compile(r"(\bkey-string\s+(?:[0-9]\s+)?)(\S+)", re.I),
)


def redact(text: str) -> str:
    """Replace every secret-bearing value in ``text`` by a fixed mask."""
    for pat in _PATTERNS:
        text = pat.sub(lambda m: m.group(1) + MASK, text)
    return text
