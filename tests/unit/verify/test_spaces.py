"""Set arithmetic on header spaces, checked against brute force on small universes."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from kyodo.verify.spaces import (
    Box,
    Ivs,
    box,
    cidr,
    compact,
    contains,
    iv_and,
    iv_or,
    iv_sub,
    ivs,
    sample,
    space_and,
    space_or,
    space_sub,
)

ivsets = st.lists(st.tuples(st.integers(0, 15), st.integers(0, 15)), max_size=4).map(
    lambda ps: ivs((min(a, b), max(a, b)) for a, b in ps))


def members(a: Ivs) -> set[int]:
    return {v for lo, hi in a for v in range(lo, hi + 1)}


@given(ivsets, ivsets)
def test_interval_ops_match_sets(a: Ivs, b: Ivs) -> None:
    assert members(iv_and(a, b)) == members(a) & members(b)
    assert members(iv_sub(a, b)) == members(a) - members(b)
    assert members(iv_or(a, b)) == members(a) | members(b)


small_box = st.tuples(ivsets, ivsets, ivsets).map(
    lambda t: box(src=t[0] or ((0, 0),), dst=t[1] or ((0, 0),), proto=((6, 6),), sport=((0, 0),),
                  dport=t[2] or ((0, 0),)))


def points(s: tuple[Box, ...]) -> set[tuple[int, int, int]]:
    return {p for b in s for p in itertools.product(members(b[0]), members(b[1]), members(b[4]))}


@given(st.lists(small_box, max_size=3), st.lists(small_box, max_size=3))
def test_space_ops_match_point_sets(a: list[Box], b: list[Box]) -> None:
    sa, sb = compact(space_or((), tuple(a))), compact(space_or((), tuple(b)))
    assert points(space_and(sa, sb)) == points(sa) & points(sb)
    assert points(space_sub(sa, sb)) == points(sa) - points(sb)
    assert points(space_or(sa, sb)) == points(sa) | points(sb)
    assert contains(space_or(sa, sb), sa)


def test_cidr_and_sample() -> None:
    assert cidr("10.64.0.5/26") == (0x0A400000, 0x0A40003F)
    assert cidr("0.0.0.0/0") == (0, 2**32 - 1)
    s = (box(src=(cidr("10.0.0.0/24"),), dst=(cidr("10.1.0.0/24"),), proto=((6, 6),), dport=((1, 1000),)),)
    pt = sample(s)
    assert pt is not None and pt[1] == cidr("10.1.0.1")[0] and pt[4] == 443
