"""VLAN id lists the way IOS prints them: ``100-103,200`` (ascending, consecutive ids as ranges)."""

from __future__ import annotations

from collections.abc import Iterable


def vlan_ranges(ids: Iterable[int]) -> str:
    values = sorted(set(ids))
    parts: list[str] = []
    n = 0
    while n < len(values):
        start = n
        while n + 1 < len(values) and values[n + 1] == values[n] + 1:
            n += 1
        parts.append(str(values[start]) if start == n else f"{values[start]}-{values[n]}")
        n += 1
    return ",".join(parts)


def parse_vlan_list(text: str) -> tuple[int, ...] | None:
    """'100,200-202' → (100, 200, 201, 202); None when malformed."""
    out: list[int] = []
    for part in text.split(","):
        bounds = part.split("-")
        if len(bounds) > 2 or not all(b.isdecimal() for b in bounds):
            return None
        lo, hi = int(bounds[0]), int(bounds[-1])
        if not 1 <= lo <= hi <= 4094:
            return None
        out.extend(range(lo, hi + 1))
    return tuple(out)
