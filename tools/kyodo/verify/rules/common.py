"""Helpers the rules share: witnesses (one concrete packet, traced for evidence) and lines."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from kyodo.verify.context import Context
from kyodo.verify.findings import Evidence, Flow, evidence
from kyodo.verify.reach import Delivery, Drop, Source
from kyodo.verify.spaces import DST, Box, Ivs, Space, int_ip, point, proto_name, restrict, sample

Want = Callable[[Delivery], Space]


def to_dst(ivs_: Ivs) -> Want:
    return lambda d: restrict(d.space, DST, ivs_)


def flow_of(pt: tuple[int, int, int, int, int], hops: tuple[str, ...], route: str | None) -> Flow:
    src, dst, proto, _sport, dport = pt
    return Flow(int_ip(src), int_ip(dst), proto_name(proto), dport if proto in (6, 17, 132) else None, hops, route)


def witness(ctx: Context, sources: Iterable[Source], want: Want
            ) -> tuple[Flow, tuple[Evidence, ...], tuple[str, ...]] | None:
    """A concrete packet from ``sources`` that ``want`` selects, traced hop by hop."""
    for s in sources:
        for d in ctx.results.get(s.key, ()):
            part = want(d)
            pt = sample(part)
            if pt is None:
                continue
            traced = ctx.reach.run(replace(s, space=(point(*pt),)), trace=True)
            for td in traced:
                if want(td):
                    hosts = tuple(dict.fromkeys(h for h, _ in td.evidence))
                    route = f"{td.host}: {td.route.prefix} ({td.route.origin})"
                    return (flow_of(pt, td.hops, route), evidence(ctx.snapshot.devices, td.evidence), hosts)
            hosts = (s.host, d.host)
            return flow_of(pt, d.hops, None), evidence(ctx.snapshot.devices, d.evidence), hosts
    return None


def trace_blocked(ctx: Context, sources: Iterable[Source], pkt: Box
                  ) -> tuple[Flow, tuple[Evidence, ...], tuple[str, ...]]:
    """Trace one packet that should pass; the evidence is where it stopped."""
    pt = sample((pkt,))
    assert pt is not None
    for s in sources:
        drops: list[Drop] = []
        ctx.reach.run(replace(s, space=(point(*pt),)), trace=True, drops=drops)
        if drops:
            d = drops[0]
            hosts = tuple(dict.fromkeys([s.host, *(h for h, _ in d.evidence)]))
            return (flow_of(pt, (*d.hops, f"{d.host}: {d.reason}"), None),
                    evidence(ctx.snapshot.devices, d.evidence), hosts)
    return flow_of(pt, (), None), (), ()


def line_ev(ctx: Context, locs: Iterable[tuple[str, int]]) -> tuple[Evidence, ...]:
    return evidence(ctx.snapshot.devices, locs)


VSPHERE = "vsphere.json"


def vs_evidence(ctx: Context, name: str, *keys: str) -> tuple[Evidence, ...]:
    """Lines of ``vsphere.json`` naming an object (VM, portgroup, rule, group) and, near it, the
    given keys of that object (names are indexed once, so this is a lookup)."""
    lines = ctx.snapshot.vsphere_lines
    if not ctx.vs_names and lines:
        for number, text in enumerate(lines, 1):
            stripped = text.strip()
            if stripped.startswith('"name": "'):
                ctx.vs_names.setdefault(stripped[9:].split('"', 1)[0], number)
    at = ctx.vs_names.get(name)
    if at is None:
        return ()
    n: int = at
    out = [Evidence(VSPHERE, n, lines[n - 1].strip())]
    for key in keys:
        for k in range(max(1, n - 12), min(len(lines), n + 12) + 1):
            if f'"{key}":' in lines[k - 1]:
                out.append(Evidence(VSPHERE, k, lines[k - 1].strip()))
                break
    return tuple(out)
