"""Ordered filters applied to header spaces: first match wins, the list's default at the end.

``established`` rules never admit a new flow (they match only packets of existing
connections), so they are skipped. Zone filters (nftables forward chains) match their
``in_interface``/``out_interface`` names, with ``*`` wildcards.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from functools import lru_cache

from kyodo.platforms.neutral import Acl, AclRule, PortRange
from kyodo.verify.spaces import (
    PORT_ALL,
    Box,
    Ivs,
    Space,
    addr_ivs,
    box,
    compact,
    ivs,
    proto_ivs,
    space_and_box,
    space_sub_box,
)


def _ports(ranges: tuple[PortRange, ...]) -> Ivs:
    if len(ranges) == 1:
        r = ranges[0]
        return PORT_ALL if (r.lo, r.hi) == (0, 65535) else (((r.lo, r.hi),) if r.lo <= r.hi else PORT_ALL)
    return ivs([(r.lo, r.hi) for r in ranges]) or PORT_ALL


@lru_cache(maxsize=1 << 20)
def rule_box(rule: AclRule) -> Box | None:
    """The packets a rule matches on a new flow (``None``: matches none)."""
    if rule.established:
        return None
    try:
        src = addr_ivs(rule.src) if rule.src else ()
        dst = addr_ivs(rule.dst) if rule.dst else ()
    except ValueError:
        return None
    proto = proto_ivs(rule.protocol)
    if not src or not dst or not proto:
        return None
    sport, dport = _ports(rule.src_ports), _ports(rule.dst_ports)
    if (sport != PORT_ALL or dport != PORT_ALL) and proto == ((0, 255),):
        # ports only constrain TCP/UDP/SCTP; an "ip" rule with ports matches those protocols only
        proto = ((6, 6), (17, 17), (132, 132))
    return box(src, dst, proto, sport, dport)


ANY_IF = "*"  # pass as iif/oif to let every interface match (whole-filter analysis)


@lru_cache(maxsize=4096)
def _patterns(pattern: str) -> tuple[str, ...]:
    """``lan1``, ``"lan1"``, ``lan*`` or an nftables set ``{ "lan1", "lan2" }`` → names/globs."""
    body = pattern.strip()
    if body.startswith("{") and body.endswith("}"):
        body = body[1:-1]
    return tuple(p.strip().strip('"').strip("'") for p in body.split(",") if p.strip())


def names_in(pattern: str | None) -> tuple[str, ...]:
    """The plain interface names (no globs, no negation) a pattern names."""
    return tuple(p for p in _patterns(pattern) if not any(c in p for c in "*?!")) if pattern else ()


def _iface_match(pattern: str | None, name: str | None) -> bool:
    if pattern is None or name == ANY_IF:
        return True
    if name is None:
        return False
    for p in _patterns(pattern):
        negate = p.startswith("!=")
        p = p[2:].strip().strip('"') if negate else p
        hit = fnmatchcase(name, p) if ("*" in p or "?" in p) else name == p
        if hit != negate:
            return True
    return False


def _matching(acl: Acl, iif: str | None, oif: str | None) -> list[tuple[AclRule, Box]]:
    out = []
    for rule in acl.rules:
        rb = rule_box(rule)
        if rb is not None and _iface_match(rule.in_interface, iif) and _iface_match(rule.out_interface, oif):
            out.append((rule, rb))
    return out


_MATCHING: dict[tuple[int, str | None, str | None], tuple[Acl, list[tuple[AclRule, Box]]]] = {}


def matching(acl: Acl, iif: str | None, oif: str | None) -> list[tuple[AclRule, Box]]:
    """The rules of ``acl`` that apply between these interfaces, with their boxes (memoised;
    the entry keeps the filter alive so its id cannot be reused while cached)."""
    key = (id(acl), iif, oif)
    hit = _MATCHING.get(key)
    if hit is not None and hit[0] is acl:
        return hit[1]
    if len(_MATCHING) > 200_000:
        _MATCHING.clear()
    rules = _matching(acl, iif, oif)
    _MATCHING[key] = (acl, rules)
    return rules


def apply(acl: Acl, space: Space, iif: str | None = None, oif: str | None = None,
          hits: list[tuple[AclRule | None, Space]] | None = None) -> Space:
    """The part of ``space`` the filter lets through. ``hits`` collects (rule, matched part)
    of the rules that decided something (``None`` = the default)."""
    rules = matching(acl, iif, oif)
    if hits is None and acl.default == "deny":
        return _fast(rules, space)
    permitted: list[Box] = []
    remaining = space
    for rule, rb in rules:
        if not remaining:
            break
        matched = space_and_box(remaining, rb)
        if not matched:
            continue
        if hits is not None:
            hits.append((rule, matched))
        if rule.action == "permit":
            permitted.extend(matched)
        remaining = compact(space_sub_box(remaining, rb))
    if remaining:
        if hits is not None:
            hits.append((None, remaining))
        if acl.default == "permit":
            permitted.extend(remaining)
    return compact(permitted)


def _fast(rules: list[tuple[AclRule, Box]], space: Space) -> Space:
    """First match wins, default deny: a packet is permitted when some permit rule matches it
    and no *deny* rule before that one does (earlier permits would permit it anyway), so only
    the deny rules are ever subtracted."""
    permitted: list[Box] = []
    denies: list[Box] = []
    for rule, rb in rules:
        if rule.action == "deny":
            if space_and_box(space, rb):
                denies.append(rb)
            continue
        matched = space_and_box(space, rb)
        for d in denies:
            if not matched:
                break
            matched = space_sub_box(matched, d)
        permitted.extend(matched)
    return compact(permitted)


def permitted_space(acl: Acl, universe: Space,
                    hits: list[tuple[AclRule | None, Space]] | None = None) -> Space:
    """Everything the filter admits as new flows, within ``universe``, whatever the interfaces."""
    return apply(acl, universe, ANY_IF, ANY_IF, hits)
