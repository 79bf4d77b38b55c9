"""Fact comparison helpers for linux_frr tests."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from typing import Any

from kyodo.platforms.neutral import DeviceConfig


def strip(value: Any) -> Any:
    """Facts without line numbers, raw text and unparsed lines."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k not in ("line", "text", "lines", "unparsed")}
    if isinstance(value, list | tuple):
        return [strip(v) for v in value]
    return value


def with_psk_digests(cfg: DeviceConfig, secrets: Callable[[str], str]) -> DeviceConfig:
    """``expected`` names PSKs by reference; the parser keeps sha256 digests: resolve and hash."""
    peers = tuple(
        dataclasses.replace(p, psk_ref=None, psk_sha256=hashlib.sha256(secrets(p.psk_ref).encode()).hexdigest())
        if p.psk_ref else p
        for p in cfg.vpn_peers
    )
    return dataclasses.replace(cfg, vpn_peers=peers)


def sorted_facts(items: Any) -> list[Any]:
    return sorted((strip(i) for i in items), key=repr)
