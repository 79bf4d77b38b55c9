"""``intent.required_flow``: every flow the intent catalogue requires must be open, end to end."""

from __future__ import annotations

from dataclasses import dataclass

from kyodo.verify.context import Context
from kyodo.verify.findings import Finding, make
from kyodo.verify.intents import Required
from kyodo.verify.rules.common import trace_blocked
from kyodo.verify.spaces import DST, Box, Space, compact, project, space_sub

Buckets = dict[str, Space]


@dataclass(frozen=True, slots=True)
class Status:
    required: Required
    open: bool
    finding: Finding | None


def reached(ctx: Context, key: str) -> Buckets:
    """What a source reaches, bucketed by the municipality owning the destination ("" = nobody's),
    so checking one municipality's required flows never scans everybody's deliveries."""
    out: dict[str, list[Box]] = {}
    for d in ctx.results.get(key, ()):
        for b in d.space:
            owners = ctx.intents.owners(b[DST]) or {""}
            for o in owners:
                out.setdefault(o, []).append(b)
    return {k: compact(v) for k, v in out.items()}


def evaluate(ctx: Context) -> list[Status]:
    statuses: list[Status] = []
    cache: dict[str, Buckets] = {}
    for r in ctx.intents.required:
        code = r.municipality or ""
        src_key = ":management" if r.src_zone == "management" else f"{code}:{r.src_zone}"
        if src_key not in cache:
            cache[src_key] = reached(ctx, src_key)
        buckets = cache[src_key]
        owners = ctx.intents.owners(project((r.space,), DST)) or {""}
        have: Space = tuple(b for o in owners for b in buckets.get(o, ()))
        missing = space_sub((r.space,), have)
        if not missing:
            statuses.append(Status(r, True, None))
            continue
        sources = [s for srcs in ctx.sources.values() for s in srcs if s.key == src_key]
        flow, ev, hosts = trace_blocked(ctx, sources, missing[0])
        placed = "" if sources else " (no entry point for its source addresses in the configs)"
        port = f"/{flow.dst_port}" if flow.dst_port is not None else ""
        finding = make("intent.required_flow", "high", [code] if code else [], hosts,
                       f"required flow {r.intent} of {code} is blocked: {r.src_zone} → {r.dst_zone} "
                       f"({flow.src} → {flow.dst} {flow.protocol}{port}){placed}", ev, flow)
        statuses.append(Status(r, False, finding))
    return statuses


def check(ctx: Context) -> list[Finding]:
    return [s.finding for s in evaluate(ctx) if s.finding is not None]
