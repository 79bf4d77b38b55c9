"""``isolation.acl_broad``: a filter on a municipality's interface (or its VRF's zone filter)
admits more than the municipality's intents need (their flows, their return traffic and its
LGWAN exceptions), towards any address the project protects."""

from __future__ import annotations

from kyodo.platforms.neutral import Acl, AclRule
from kyodo.verify.context import Context
from kyodo.verify.filters import permitted_space
from kyodo.verify.findings import Finding, make
from kyodo.verify.intents import all_municipal
from kyodo.verify.rules.common import flow_of, line_ev
from kyodo.verify.spaces import (
    DST,
    SRC,
    Space,
    box,
    ip_int,
    iv_and,
    ivs,
    ivs_to_cidrs,
    project,
    restrict,
    sample,
    space_and,
    space_sub,
)


def _bound(ctx: Context) -> list[tuple[str, str, Acl, int]]:
    """(municipality, host, acl, binding line) for every filter on a municipality's interface."""
    out: list[tuple[str, str, Acl, int]] = []
    for host, cfg in ctx.snapshot.devices.items():
        for i in cfg.interfaces:
            code = ctx.owner(host, i.vrf)
            if code is None:
                continue
            for name in (i.acl_in, i.acl_out):
                acl = cfg.acl(name) if name else None
                if acl is not None:
                    out.append((code, host, acl, i.line))
        for acl in cfg.acls:
            if acl.scope == "forward":
                code = ctx.owner(host, acl.vrf)
                if code is not None:
                    out.append((code, host, acl, acl.line))
    return out


def _facing(ctx: Context, host: str, code: str, addresses: tuple[str, ...], tunnel: bool) -> bool:
    """Whether an interface of a municipality faces its traffic: any addressed interface of its
    VRF on a DC device; on its CPE the office LANs, the link and the tunnel."""
    if host not in ctx.cpe_of:
        return bool(addresses)
    if tunnel:
        return True
    m = ctx.intents.municipality(code)
    zones = ctx.intents.addresses[code]
    for a in addresses:
        try:
            ip = ip_int(a)
        except ValueError:
            continue
        if iv_and(((ip, ip),), zones) and a.split("/")[0] != m.cpe.management_address:
            return True
    return False


def unfiltered(ctx: Context) -> list[Finding]:
    """A municipality-facing interface with no filter at all admits everything."""
    findings: list[Finding] = []
    for host, cfg in ctx.snapshot.devices.items():
        zoned = {a.vrf for a in cfg.acls if a.scope == "forward"}
        for i in cfg.interfaces:
            code = ctx.owner(host, i.vrf)
            if code is None or i.shutdown or i.acl_in or i.acl_out or i.vrf in zoned:
                continue
            if not _facing(ctx, host, code, i.addresses, i.tunnel is not None):
                continue
            findings.append(make("isolation.acl_broad", "high", [code], [host],
                                 f"interface {i.name} of {code} on {host} has no filter: it admits any flow",
                                 line_ev(ctx, [(host, i.line)])))
    return findings


def check(ctx: Context) -> list[Finding]:
    it = ctx.intents
    protected = ivs([*all_municipal(it), *it.shared, *it.management, *it.internet, *it.lgwan])
    universe: Space = (box(),)
    findings: list[Finding] = []
    done: set[tuple[str, str, str]] = set()
    for code, host, acl, bind in _bound(ctx):
        if (code, host, acl.name) in done:
            continue
        done.add((code, host, acl.name))
        permitted = permitted_space(acl, universe)
        excess = space_sub(restrict(permitted, DST, protected), it.allowed[code])
        # traffic between two addresses of the same municipality never crosses a boundary
        own = it.addresses[code]
        excess = space_sub(excess, (box(src=own, dst=own),))
        if not excess:
            continue
        hits: list[tuple[AclRule | None, Space]] = []
        permitted_space(acl, universe, hits)
        lines = [(host, bind), (host, acl.line)]
        for rule, part in hits:
            if rule is not None and rule.action == "permit" and space_and(part, excess):
                lines.append((host, rule.line))
        pt = sample(excess)
        flow = flow_of(pt, (), None) if pt else None
        dst = ", ".join(ivs_to_cidrs(project(excess, DST), 3))
        src = ", ".join(ivs_to_cidrs(project(excess, SRC), 3))
        findings.append(make("isolation.acl_broad", "high", [code], [host],
                             f"filter {acl.name} on {host} ({code}) admits flows no intent needs: {src} → {dst}",
                             line_ev(ctx, lines), flow))
    return findings + unfiltered(ctx)

