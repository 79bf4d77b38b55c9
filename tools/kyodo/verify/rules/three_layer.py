"""三層分離: ``three_layer.internet`` (a municipality reaches an internet-facing segment: the
internet edge, or anything sent by a default route of the global table to a next hop kyodo
does not model) and ``three_layer.lgwan`` (LGWAN beyond the municipality's listed exceptions).
"""

from __future__ import annotations

from kyodo.verify.context import Context
from kyodo.verify.findings import Finding, make
from kyodo.verify.reach import Delivery
from kyodo.verify.rib import Route
from kyodo.verify.rules.common import line_ev, witness
from kyodo.verify.spaces import DST, Ivs, Space, iv_and, iv_contains, project, restrict, space_sub

ALL = (0, 2**32 - 1)


def _internet_facing(ctx: Context, d: Delivery) -> bool:
    """Sent towards the internet: out of an interface on the internet edge, or by a default
    route of the global table to an unmodelled next hop."""
    if not d.external:
        return False
    if (d.route.lo, d.route.hi) == ALL and d.route.egress_vrf == "":
        return True
    port = ctx.net.port_of(d.host, d.route.egress) if d.route.egress else None
    return port is not None and bool(iv_and(((port.lo, port.hi),), ctx.intents.internet))


def _internet(ctx: Context) -> Ivs:
    return ctx.intents.internet


def _egress_subnet(ctx: Context, r: Route) -> Ivs:
    port = ctx.net.port_of(r.host, r.egress) if r.egress else None
    return ((port.lo, port.hi),) if port is not None else ()


def _unmodelled(ctx: Context, r: Route) -> bool:
    if r.kind not in ("nexthop", "iface") or not r.egress:
        return False
    from kyodo.verify.spaces import ip_int

    nh = ip_int(r.next_hop) if r.next_hop else None
    return not ctx.net.neighbours(r.host, r.egress, nh)


def route_kind(ctx: Context, code: str, r: Route) -> str | None:
    """'internet' / 'lgwan' when a route of a municipality's table leads out of its layer."""
    if r.kind == "discard":
        return None
    span = ((r.lo, r.hi),)
    default = (r.lo, r.hi) == ALL
    egress = _egress_subnet(ctx, r)
    if not default and iv_and(span, ctx.intents.internet):
        return "internet"
    if egress and iv_and(egress, ctx.intents.internet):
        return "internet"
    if default and ((r.egress_vrf == "" and r.vrf != "") or _unmodelled(ctx, r)):
        return "internet"
    lg = iv_and(span, ctx.intents.lgwan) if not default else ()
    if default and egress and iv_and(egress, ctx.intents.lgwan):
        lg = ctx.intents.lgwan
    if lg:
        allowed = project(ctx.intents.lgwan_exceptions.get(code, ()), DST)
        if not iv_contains(allowed, lg):
            return "lgwan"
    return None


def check_routes(ctx: Context, done: set[tuple[str, str]]) -> list[Finding]:
    """Routes out of the My Number layer, whatever the filters do today."""
    findings: list[Finding] = []
    for (host, vrf), routes in ctx.ribs.tables.items():
        code = ctx.owner(host, vrf)
        if code is None:
            continue
        for r in routes:
            kind = route_kind(ctx, code, r)
            if kind is None or (code, kind) in done:
                continue
            done.add((code, kind))
            rule, sev = ("three_layer.internet", "critical") if kind == "internet" else ("three_layer.lgwan", "high")
            findings.append(make(rule, sev, [code], [host],  # type: ignore[arg-type]
                                 f"{code} has a route towards {'the internet side' if kind == 'internet' else 'LGWAN'}"
                                 f": {r.prefix} in {vrf or 'global'} on {host}", line_ev(ctx, r.evidence)))
    return findings


def check(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    done: set[tuple[str, str]] = set()
    inet = _internet(ctx)
    lgwan = ctx.intents.lgwan
    for code in ctx.intents.codes:
        sources = ctx.sources.get(code, [])
        exceptions = ctx.intents.lgwan_exceptions.get(code, ())

        def to_internet(d: Delivery) -> Space:
            if _internet_facing(ctx, d):
                return d.sent
            return restrict(d.sent, DST, inet)

        def to_lgwan(d: Delivery, exc: Space = exceptions) -> Space:
            return space_sub(restrict(d.sent, DST, lgwan), exc)

        w = witness(ctx, sources, to_internet)
        if w is not None:
            flow, ev, hosts = w
            done.add((code, "internet"))
            findings.append(make("three_layer.internet", "critical", [code], hosts,
                                 f"{code} (My Number layer) reaches the internet side: {flow.src} → {flow.dst}",
                                 ev, flow))
        w = witness(ctx, sources, to_lgwan)
        if w is not None:
            flow, ev, hosts = w
            done.add((code, "lgwan"))
            port = f"/{flow.dst_port}" if flow.dst_port is not None else ""
            findings.append(make("three_layer.lgwan", "high", [code], hosts,
                                 f"{code} reaches LGWAN beyond its listed exceptions: {flow.src} → {flow.dst} "
                                 f"{flow.protocol}{port}", ev, flow))
    return findings + check_routes(ctx, done)
