"""``isolation.pair`` (reachability between municipalities) and ``isolation.route_leak``
(a route of one municipality in another's VRF, whatever the filters do today)."""

from __future__ import annotations

from kyodo.verify.context import Context
from kyodo.verify.findings import Finding, make
from kyodo.verify.rib import Route, norm_vrf
from kyodo.verify.rules.common import line_ev, to_dst, witness
from kyodo.verify.spaces import DST, cidr, iv_contains, project


def reached_owners(ctx: Context, code: str) -> dict[str, list[str]]:
    """Other municipalities whose addresses ``code``'s sources reach → source keys that do."""
    out: dict[str, list[str]] = {}
    for s in ctx.sources.get(code, ()):
        for d in ctx.results.get(s.key, ()):
            for other in ctx.intents.owners(project(d.space, DST)):
                if other != code and s.key not in out.setdefault(other, []):
                    out[other].append(s.key)
    return out


def check_pairs(ctx: Context) -> tuple[list[Finding], dict[str, set[str]]]:
    findings: list[Finding] = []
    reach: dict[str, set[str]] = {}
    for a in ctx.intents.codes:
        hits = reached_owners(ctx, a)
        reach[a] = set(hits)
        for b in sorted(hits):
            srcs = [s for s in ctx.sources[a] if s.key in hits[b]]
            w = witness(ctx, srcs, to_dst(ctx.intents.addresses[b]))
            if w is None:
                continue
            flow, ev, hosts = w
            port = f"/{flow.dst_port}" if flow.dst_port is not None else ""
            findings.append(make("isolation.pair", "critical", [a, b], hosts,
                                 f"{a} can reach {b}: {flow.src} → {flow.dst} {flow.protocol}{port}", ev, flow))
    return findings, reach


def _route_owner(ctx: Context, r: Route, a: str) -> str | None:
    """Another municipality the route belongs to: where it came from, where it leads, or
    whose addresses it holds (a supernet of several is no one's)."""
    for vrf in (r.from_vrf, r.egress_vrf):
        code = ctx.owner(r.host, vrf)
        if code is not None and code != a:
            return code
    owners = ctx.intents.owners(((r.lo, r.hi),))
    if len(owners) == 1:
        code = next(iter(owners))
        if code != a and iv_contains(ctx.intents.addresses[code], ((r.lo, r.hi),)):
            return code
    return None


def check_route_leaks(ctx: Context) -> list[Finding]:
    """One finding per (A, B, device, VRF): every route of B found in A's table, with the lines
    that put each there (the route, the redistribution, the route-target export and import)."""
    groups: dict[tuple[str, str, str, str], list[Route]] = {}
    routes = [r for rs in ctx.ribs.tables.values() for r in rs] + ctx.ribs.inactive
    for r in routes:
        a = ctx.owner(r.host, r.vrf)
        if a is None:
            continue
        b = _route_owner(ctx, r, a)
        if b is None or b == a:
            continue
        group = groups.setdefault((a, b, r.host, r.vrf), [])
        if all(x.prefix != r.prefix for x in group):
            group.append(r)
    findings: list[Finding] = []
    how_of = {"leak": "imported by route-target", "static": "static route", "bgp": "learned by BGP",
              "connected": "connected", "vpn": "IPsec selector"}
    for (a, b, host, vrf), rs in sorted(groups.items()):
        prefixes = sorted({r.prefix for r in rs})
        hows = sorted({how_of.get(r.origin, r.origin) for r in rs})
        shown = ", ".join(prefixes[:4]) + (f" (+{len(prefixes) - 4})" if len(prefixes) > 4 else "")
        findings.append(make("isolation.route_leak", "high", [a, b], [host],
                             f"{len(prefixes)} route(s) of {b} in {a}'s VRF {vrf or 'global'} on {host} "
                             f"({', '.join(hows)}): {shown}",
                             line_ev(ctx, [loc for r in rs for loc in r.evidence])))
    seen = {(a, b, host) for (a, b, host, _vrf) in groups}
    findings.extend(_rt_imports(ctx, seen))
    return findings


def _rt_imports(ctx: Context, seen: set[tuple[str, str, str]]) -> list[Finding]:
    """A VRF importing another municipality's route target, routes or not."""
    from kyodo.verify.rib import find_line

    rt_of = {m.rt: m.code for m in ctx.intents.model.municipalities}
    out: list[Finding] = []
    for host, cfg in ctx.snapshot.devices.items():
        exports: dict[str, str] = {}
        for v in cfg.vrfs:
            code = ctx.owner(host, norm_vrf(v.name))
            if code is not None:
                for rt in v.rt_export:
                    exports[rt] = code
        for v in cfg.vrfs:
            a = ctx.owner(host, norm_vrf(v.name))
            if a is None:
                continue
            for rt in v.rt_import:
                b = exports.get(rt) or rt_of.get(rt)
                if b is None or b == a:
                    continue
                if (a, b, host) in seen:
                    continue
                line = find_line(cfg, v.line, "import", rt) or v.line
                out.append(make("isolation.route_leak", "high", [a, b], [host],
                                f"VRF {v.name} of {a} on {host} imports route target {rt} of {b}",
                                line_ev(ctx, [(host, line)])))
    return out


def covers(prefix: str, ip: int) -> bool:
    lo, hi = cidr(prefix)
    return lo <= ip <= hi
