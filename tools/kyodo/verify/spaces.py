"""Header spaces: sets of packets as unions of boxes over five integer dimensions.

A box is ``(src, dst, proto, sport, dport)`` where each dimension is an interval set: a
sorted tuple of disjoint, non-adjacent ``(lo, hi)`` pairs (inclusive). Addresses are IPv4
integers, protocols 0–255, ports 0–65535. A ``Space`` is a tuple of pairwise disjoint boxes.
Everything is set arithmetic on ranges; nothing enumerates packets.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from functools import lru_cache

Ivs = tuple[tuple[int, int], ...]
Box = tuple[Ivs, Ivs, Ivs, Ivs, Ivs]
Space = tuple[Box, ...]

SRC, DST, PROTO, SPORT, DPORT = range(5)
ADDR_ALL: Ivs = ((0, 2**32 - 1),)
PROTO_ALL: Ivs = ((0, 255),)
PORT_ALL: Ivs = ((0, 65535),)
EMPTY: Space = ()
PROTO_NUMBERS = {"ip": None, "any": None, "ipv4": None, "icmp": 1, "igmp": 2, "tcp": 6, "udp": 17, "gre": 47,
                 "esp": 50, "ah": 51, "ospf": 89, "sctp": 132}
PROTO_NAMES = {v: k for k, v in PROTO_NUMBERS.items() if v is not None}


# ---------------------------------------------------------------- interval sets

def ivs(pairs: Iterable[tuple[int, int]]) -> Ivs:
    """Normalise pairs into a sorted, merged interval set."""
    items = pairs if isinstance(pairs, list | tuple) else list(pairs)
    if len(items) == 1:
        lo, hi = items[0]
        return ((lo, hi),) if lo <= hi else ()
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(p for p in items if p[0] <= p[1]):
        if out and lo <= out[-1][1] + 1:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return tuple(out)


def iv_and(a: Ivs, b: Ivs) -> Ivs:
    if a is b:
        return a
    if len(a) == 1 and len(b) == 1:
        (alo, ahi), (blo, bhi) = a[0], b[0]
        lo = alo if alo > blo else blo
        hi = ahi if ahi < bhi else bhi
        if lo > hi:
            return ()
        if lo == alo and hi == ahi:
            return a
        if lo == blo and hi == bhi:
            return b
        return ((lo, hi),)
    out: list[tuple[int, int]] = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo = max(a[i][0], b[j][0])
        hi = min(a[i][1], b[j][1])
        if lo <= hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(out)


def iv_sub(a: Ivs, b: Ivs) -> Ivs:
    out: list[tuple[int, int]] = []
    j = 0
    for lo, hi in a:
        cur = lo
        while j < len(b) and b[j][1] < cur:
            j += 1
        k = j
        while k < len(b) and b[k][0] <= hi:
            if b[k][0] > cur:
                out.append((cur, b[k][0] - 1))
            cur = max(cur, b[k][1] + 1)
            if cur > hi:
                break
            k += 1
        if cur <= hi:
            out.append((cur, hi))
    return tuple(out)


def iv_or(a: Ivs, b: Ivs) -> Ivs:
    return ivs(a + b)


def iv_contains(a: Ivs, b: Ivs) -> bool:
    return not iv_sub(b, a)


# ---------------------------------------------------------------- addresses

@lru_cache(maxsize=1 << 18)
def cidr(text: str) -> tuple[int, int]:
    """``"10.0.0.0/24"`` (host bits allowed) or a bare address → inclusive integer range."""
    addr, _, plen_text = text.strip().partition("/")
    parts = addr.split(".")
    if len(parts) != 4 or not all(p.isdecimal() and int(p) < 256 for p in parts):
        raise ValueError(f"'{text}' is not an IPv4 prefix")
    if plen_text and not (plen_text.isdecimal() and int(plen_text) <= 32):
        raise ValueError(f"'{text}' has a bad prefix length")
    plen = int(plen_text) if plen_text else 32
    value = (int(parts[0]) << 24) | (int(parts[1]) << 16) | (int(parts[2]) << 8) | int(parts[3])
    size = 1 << (32 - plen)
    lo = value & ~(size - 1) & 0xFFFFFFFF
    return lo, lo + size - 1


def plen_of(lo: int, hi: int) -> int:
    return 32 - (hi - lo + 1).bit_length() + 1


def addr_ivs(prefixes: Iterable[str]) -> Ivs:
    if isinstance(prefixes, list | tuple) and len(prefixes) == 1:
        return (cidr(prefixes[0]),)
    return ivs([cidr(p) for p in prefixes])


def ip_int(text: str) -> int:
    return cidr(text.split("/")[0])[0]


def int_ip(value: int) -> str:
    return f"{value >> 24 & 255}.{value >> 16 & 255}.{value >> 8 & 255}.{value & 255}"


def ivs_to_cidrs(a: Ivs, limit: int = 8) -> list[str]:
    out: list[str] = []
    for lo, hi in a:
        for net in ipaddress.summarize_address_range(ipaddress.IPv4Address(lo), ipaddress.IPv4Address(hi)):
            out.append(str(net))
            if len(out) >= limit:
                return [*out, "…"]
    return out


# ---------------------------------------------------------------- boxes and spaces

def box(src: Ivs = ADDR_ALL, dst: Ivs = ADDR_ALL, proto: Ivs = PROTO_ALL, sport: Ivs = PORT_ALL,
        dport: Ivs = PORT_ALL) -> Box:
    return (src, dst, proto, sport, dport)


def box_and(a: Box, b: Box) -> Box | None:
    d = iv_and(a[1], b[1])
    if not d:
        return None
    p = iv_and(a[2], b[2])
    if not p:
        return None
    dp = iv_and(a[4], b[4])
    if not dp:
        return None
    s = iv_and(a[0], b[0])
    if not s:
        return None
    sp = iv_and(a[3], b[3])
    if not sp:
        return None
    return (s, d, p, sp, dp)


def box_sub(a: Box, b: Box) -> list[Box]:
    if box_and(a, b) is None:
        return [a]
    out: list[Box] = []
    cur = list(a)
    for i in range(5):
        rest = iv_sub(cur[i], b[i])
        if rest:
            piece = list(cur)
            piece[i] = rest
            out.append((piece[0], piece[1], piece[2], piece[3], piece[4]))
        cur[i] = iv_and(cur[i], b[i])
    return out


def space_and_box(s: Space, b: Box) -> Space:
    out = []
    for x in s:
        y = box_and(x, b)
        if y is not None:
            out.append(y)
    return tuple(out)


def space_and(s: Space, t: Space) -> Space:
    out: list[Box] = []
    for b in t:
        out.extend(space_and_box(s, b))
    return tuple(out)


def space_sub_box(s: Space, b: Box) -> Space:
    out: list[Box] = []
    for x in s:
        out.extend(box_sub(x, b))
    return tuple(out)


def space_sub(s: Space, t: Space) -> Space:
    for b in t:
        if not s:
            break
        s = space_sub_box(s, b)
    return s


def space_or(s: Space, t: Space) -> Space:
    if not s:
        return t
    return compact(s + space_sub(t, s))


def is_empty(s: Space) -> bool:
    return not s


def contains(outer: Space, inner: Space) -> bool:
    return not space_sub(inner, outer)


def restrict(s: Space, dim: int, values: Ivs) -> Space:
    out = []
    for x in s:
        z = iv_and(x[dim], values)
        if z:
            y = list(x)
            y[dim] = z
            out.append((y[0], y[1], y[2], y[3], y[4]))
    return tuple(out)


def project(s: Space, dim: int) -> Ivs:
    return ivs(p for x in s for p in x[dim])


def compact(s: Sequence[Box]) -> Space:
    """Merge boxes that differ in one dimension only (keeps spaces small; same set)."""
    boxes = list(s)
    if len(boxes) < 2:
        return tuple(boxes)
    for dim in (DPORT, DST, SRC, PROTO, SPORT):
        groups: dict[tuple[Ivs, ...], list[tuple[int, int]]] = {}
        for x in boxes:
            groups.setdefault(x[:dim] + x[dim + 1:], []).extend(x[dim])
        if len(groups) == len(boxes):
            continue
        boxes = [(*k[:dim], ivs(v), *k[dim:]) for k, v in groups.items()]  # type: ignore[misc]
    return tuple(boxes)


WELL_KNOWN = (443, 22, 1521, 9100, 53, 123, 80, 445, 3389, 8443, 10000)


def _pick_addr(a: Ivs) -> int:
    lo, hi = a[0]
    return lo + 1 if hi - lo >= 3 and lo % 4 == 0 else lo  # a host rather than a subnet's network address


def _pick_port(a: Ivs) -> int:
    for p in WELL_KNOWN:
        if iv_contains(a, ((p, p),)):
            return p
    lo, hi = a[0]
    return 1 if lo == 0 and hi >= 1 else lo


def sample(s: Space) -> tuple[int, int, int, int, int] | None:
    """One concrete packet of the space: TCP when possible, host addresses, well-known ports."""
    if not s:
        return None
    x = next((b for b in s if iv_contains(b[PROTO], ((6, 6),))), s[0])
    proto = 6 if iv_contains(x[PROTO], ((6, 6),)) else x[PROTO][0][0]
    sport = 40000 if iv_contains(x[SPORT], ((40000, 40000),)) else _pick_port(x[SPORT])
    return _pick_addr(x[SRC]), _pick_addr(x[DST]), proto, sport, _pick_port(x[DPORT])


def point(src: int, dst: int, proto: int, sport: int, dport: int) -> Box:
    return (((src, src),), ((dst, dst),), ((proto, proto),), ((sport, sport),), ((dport, dport),))


def proto_ivs(protocol: str) -> Ivs:
    p = protocol.strip().lower()
    if p in PROTO_NUMBERS:
        n = PROTO_NUMBERS[p]
        return PROTO_ALL if n is None else ((n, n),)
    if p.isdecimal():
        return ((int(p), int(p)),)
    return PROTO_ALL


def proto_name(n: int) -> str:
    return PROTO_NAMES.get(n, str(n))


def port_spec_box(spec: str) -> tuple[Ivs, Ivs]:
    """SoT port spec (``tcp/443``, ``udp/53``, ``tcp/100-200``, ``icmp``) → (proto, dport)."""
    if spec == "icmp":
        return ((1, 1),), PORT_ALL
    proto, _, ports = spec.partition("/")
    lo, _, hi = ports.partition("-")
    return proto_ivs(proto), ((int(lo), int(hi or lo)),)
