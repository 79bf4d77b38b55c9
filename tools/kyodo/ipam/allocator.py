"""The pure allocator: free space = pool − used, first fit, deterministic.

No I/O here. ``plan_allocations`` gets the pools, what is already allocated and what each
municipality needs, and returns the new rows. Existing rows are never moved.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kyodo.errors import PoolExhausted
from kyodo.sot.models import Pools


class Kind:
    """Kinds of allocation and the pool each one draws from."""

    BLOCK = "block"
    SERVER_VLAN = "server_vlan"
    DB_VLAN = "db_vlan"
    HANDOFF_VLAN = "handoff_vlan"
    LINK = "link"
    TUNNEL_ID = "tunnel_id"

    POOL = {
        BLOCK: "municipality_supernets",
        SERVER_VLAN: "segment_vlans",
        DB_VLAN: "segment_vlans",
        HANDOFF_VLAN: "handoff_vlans",
        LINK: "transfer",
        TUNNEL_ID: "tunnel_ids",
    }


def kinds_for(connection_type: str) -> tuple[str, ...]:
    base = (Kind.BLOCK, Kind.SERVER_VLAN, Kind.DB_VLAN, Kind.LINK)
    if connection_type == "leased_line":
        return (*base, Kind.HANDOFF_VLAN)
    return (*base, Kind.TUNNEL_ID)


@dataclass(frozen=True, slots=True)
class Row:
    code: str
    kind: str
    value: str

    @property
    def pool(self) -> str:
        return Kind.POOL[self.kind]


class _IntPool:
    def __init__(self, name: str, start: int, end: int, used: Iterable[int]) -> None:
        self.name, self.start, self.end = name, start, end
        self.used = set(used)
        self.cursor = start

    def take(self) -> int:
        while self.cursor <= self.end and self.cursor in self.used:
            self.cursor += 1
        if self.cursor > self.end:
            raise PoolExhausted(self.name, f"all {self.end - self.start + 1} values {self.start}–{self.end} are in use")
        value = self.cursor
        self.used.add(value)
        return value


class _PrefixPool:
    """Fixed-size blocks carved from one or more parent networks, first fit."""

    def __init__(self, name: str, parents: list[str], prefixlen: int, used: Iterable[str]) -> None:
        self.name = name
        self.blocks: list[tuple[int, int]] = []  # (first address as int, count) per parent
        for p in parents:
            net = ipaddress.IPv4Network(p)
            self.blocks.append((int(net.network_address), 2 ** (prefixlen - net.prefixlen)))
        self.size = 2 ** (32 - prefixlen)
        self.prefixlen = prefixlen
        self.used = {int(ipaddress.IPv4Network(u).network_address) for u in used}
        self._iter = self._candidates()

    def _candidates(self) -> Iterator[int]:
        for base, count in self.blocks:
            for i in range(count):
                yield base + i * self.size

    def take(self) -> str:
        for addr in self._iter:
            if addr not in self.used:
                self.used.add(addr)
                return f"{ipaddress.IPv4Address(addr)}/{self.prefixlen}"
        total = sum(c for _, c in self.blocks)
        raise PoolExhausted(self.name, f"all {total} /{self.prefixlen} blocks are in use")


def plan_allocations(pools: Pools, existing: Iterable[Row], needs: dict[str, tuple[str, ...]]) -> list[Row]:
    """New rows giving every municipality in ``needs`` each kind it lacks.

    Municipalities are served in code order and kinds in a fixed order, so the result depends
    only on the ledger's content and the SoT, never on file or dict order.
    """
    rows = list(existing)
    have = {(r.code, r.kind) for r in rows}
    by_pool: dict[str, list[str]] = {}
    for r in rows:
        by_pool.setdefault(r.pool, []).append(r.value)
    ints: dict[str, _IntPool] = {}
    for name in ("segment_vlans", "handoff_vlans", "tunnel_ids"):
        rng = getattr(pools, name)
        ints[name] = _IntPool(name, rng.start, rng.end, (int(v) for v in by_pool.get(name, ())))
    blocks = _PrefixPool(
        "municipality_supernets",
        list(pools.municipality_supernets),
        pools.municipality_block_prefixlen,
        by_pool.get("municipality_supernets", ()),
    )
    links = _PrefixPool("transfer", [pools.transfer], 30, by_pool.get("transfer", ()))
    new: list[Row] = []
    for code in sorted(needs):
        for kind in needs[code]:
            if (code, kind) in have:
                continue
            pool = Kind.POOL[kind]
            if pool == "municipality_supernets":
                value = blocks.take()
            elif pool == "transfer":
                value = links.take()
            else:
                value = str(ints[pool].take())
            new.append(Row(code, kind, value))
    return new
