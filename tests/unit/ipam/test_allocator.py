"""The pure allocator: exact values, no overlaps, stability, idempotence, exhaustion."""

from __future__ import annotations

import ipaddress
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kyodo.errors import PoolExhausted
from kyodo.ipam.allocator import Kind, Row, kinds_for, plan_allocations
from kyodo.sot.models import Pools

POOLS = Pools.model_validate(
    {
        "municipality_supernets": ["10.64.0.0/22", "10.80.0.0/23"],
        "municipality_block_prefixlen": 24,
        "transfer": "172.16.0.0/27",
        "management": "10.250.0.0/24",
        "shared_services": "10.255.0.0/24",
        "segment_vlans": {"start": 100, "end": 111},
        "handoff_vlans": {"start": 200, "end": 205},
        "tunnel_ids": {"start": 1, "end": 6},
    }
)

codes = st.lists(st.sampled_from([f"31{i:04d}" for i in range(6)]), min_size=1, max_size=6, unique=True)
ctypes = st.sampled_from(["ipsec_vpn", "leased_line"])


def needs_of(items: list[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    return {c: kinds_for(t) for c, t in items}


def test_exact_first_fit() -> None:
    rows = plan_allocations(POOLS, [], {"312011": kinds_for("ipsec_vpn"), "312029": kinds_for("leased_line")})
    got = {(r.code, r.kind): r.value for r in rows}
    assert got == {
        ("312011", Kind.BLOCK): "10.64.0.0/24",
        ("312011", Kind.SERVER_VLAN): "100",
        ("312011", Kind.DB_VLAN): "101",
        ("312011", Kind.LINK): "172.16.0.0/30",
        ("312011", Kind.TUNNEL_ID): "1",
        ("312029", Kind.BLOCK): "10.64.1.0/24",
        ("312029", Kind.SERVER_VLAN): "102",
        ("312029", Kind.DB_VLAN): "103",
        ("312029", Kind.LINK): "172.16.0.4/30",
        ("312029", Kind.HANDOFF_VLAN): "200",
    }


def test_reuses_released_space_first_fit() -> None:
    existing = [Row("312029", Kind.BLOCK, "10.64.1.0/24")]
    rows = plan_allocations(POOLS, existing, {"312037": (Kind.BLOCK,), "312045": (Kind.BLOCK,)})
    assert [r.value for r in rows] == ["10.64.0.0/24", "10.64.2.0/24"]


def test_second_supernet_used_when_first_full() -> None:
    needs = {f"3100{i}0": (Kind.BLOCK,) for i in range(6)}
    rows = plan_allocations(POOLS, [], needs)
    assert sorted(r.value for r in rows)[-2:] == ["10.80.0.0/24", "10.80.1.0/24"]


def test_exhausted_pool_is_named() -> None:
    needs = {f"3100{i}{j}": (Kind.TUNNEL_ID,) for i in range(3) for j in range(3)}
    with pytest.raises(PoolExhausted) as info:
        plan_allocations(POOLS, [], needs)
    assert info.value.pool == "tunnel_ids"
    assert "tunnel_ids" in str(info.value) and "1–6" in str(info.value)


@settings(max_examples=150, deadline=None)
@given(
    first=st.lists(
        st.tuples(st.sampled_from([f"31{i:04d}" for i in range(6)]), ctypes), max_size=6, unique_by=lambda t: t[0]
    )
)
def test_no_overlaps_and_idempotent(first: list[tuple[str, str]]) -> None:
    try:
        rows = plan_allocations(POOLS, [], needs_of(first))
    except PoolExhausted:
        return
    # no value is used twice within a pool; no two prefixes overlap
    seen: dict[str, set[str]] = {}
    for r in rows:
        assert r.value not in seen.setdefault(r.pool, set())
        seen[r.pool].add(r.value)
    for pool in ("municipality_supernets", "transfer"):
        nets = sorted(ipaddress.IPv4Network(v) for v in seen.get(pool, ()))
        for a, b in itertools.pairwise(nets):
            assert not a.overlaps(b)
    # idempotent: running again with the result as the ledger allocates nothing
    assert plan_allocations(POOLS, rows, needs_of(first)) == []


@settings(max_examples=150, deadline=None)
@given(
    items=st.lists(
        st.tuples(st.sampled_from([f"31{i:04d}" for i in range(6)]), ctypes),
        min_size=2,
        max_size=5,
        unique_by=lambda t: t[0],
    ),
    split=st.integers(min_value=1, max_value=4),
)
def test_adding_never_moves_existing(items: list[tuple[str, str]], split: int) -> None:
    split = min(split, len(items) - 1)
    try:
        before = plan_allocations(POOLS, [], needs_of(items[:split]))
        after = plan_allocations(POOLS, before, needs_of(items))
    except PoolExhausted:
        return
    assert {(r.code, r.kind) for r in after}.isdisjoint({(r.code, r.kind) for r in before})
    # the result depends on the ledger content, not on the order needs are given in
    reordered = dict(reversed(list(needs_of(items).items())))
    assert plan_allocations(POOLS, before, reordered) == after
