"""Round-trip comparison helpers: drop line numbers and raw text, resolve expected PSKs."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from typing import Any

from kyodo.platforms.neutral import DeviceConfig


def strip(obj: Any) -> Any:
    """A copy of a neutral object with every ``line`` set to 0 and every ``text`` to ''."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            if f.name == "line":
                changes[f.name] = 0
            elif f.name == "text":
                changes[f.name] = ""
            elif f.name != "lines":
                changes[f.name] = strip(getattr(obj, f.name))
        return dataclasses.replace(obj, **changes)
    if isinstance(obj, tuple):
        return tuple(strip(x) for x in obj)
    return obj


def with_psk_hashes(expected: DeviceConfig, secrets: Callable[[str], str]) -> DeviceConfig:
    """Expected peers name ``psk_ref``; parsed peers carry the hash: turn the first into the second."""
    peers = tuple(
        dataclasses.replace(p, psk_ref=None, psk_sha256=hashlib.sha256(secrets(p.psk_ref).encode()).hexdigest())
        if p.psk_ref
        else p
        for p in expected.vpn_peers
    )
    return dataclasses.replace(expected, vpn_peers=peers)
