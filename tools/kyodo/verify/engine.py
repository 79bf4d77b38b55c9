"""Run the whole verification: snapshot + resolved model → findings and the isolation matrix."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kyodo.model import Resolved
from kyodo.verify import sections
from kyodo.verify.context import Context, build_context
from kyodo.verify.findings import Finding, sort_key
from kyodo.verify.intents import build_intents
from kyodo.verify.rules import acl, isolation, l2, parse, placement, required, three_layer, vpn
from kyodo.verify.snapshot import Snapshot

SCHEMA = "kyodo.verify/1"


@dataclass(frozen=True, slots=True)
class Matrix:
    order: tuple[str, ...]
    reachable: tuple[tuple[bool, ...], ...]

    def to_dict(self) -> dict[str, object]:
        return {"order": list(self.order), "reachable": [list(r) for r in self.reachable]}


@dataclass(frozen=True, slots=True)
class Result:
    municipalities: tuple[str, ...]
    findings: tuple[Finding, ...]
    matrix: Matrix
    devices: tuple[str, ...]
    sections: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def compliant(self) -> bool:
        return not any(f.failing for f in self.findings)

    def to_dict(self) -> dict[str, object]:
        return {
            "schema": SCHEMA,
            "compliant": self.compliant,
            "municipalities": list(self.municipalities),
            "devices": list(self.devices),
            "findings": [f.to_dict() for f in self.findings],
            "matrix": self.matrix.to_dict(),
            **self.sections,
        }


def run_rules(ctx: Context) -> tuple[list[Finding], Matrix, list[required.Status]]:
    pairs, reach = isolation.check_pairs(ctx)
    statuses = required.evaluate(ctx)
    findings = [*pairs, *isolation.check_route_leaks(ctx), *l2.check(ctx), *acl.check(ctx), *three_layer.check(ctx),
                *vpn.check(ctx), *placement.check(ctx), *(s.finding for s in statuses if s.finding),
                *parse.check(ctx)]
    order = tuple(ctx.intents.codes)
    index = {code: i for i, code in enumerate(order)}
    rows = []
    for a in order:
        row = [False] * len(order)
        for b in reach.get(a, ()):
            if b != a and b in index:
                row[index[b]] = True
        rows.append(tuple(row))
    return findings, Matrix(order, tuple(rows)), statuses


def verify(snapshot: Snapshot, model: Resolved) -> Result:
    intents = build_intents(model)
    ctx = build_context(snapshot, intents)
    findings, matrix, statuses = run_rules(ctx)
    unique = sorted({f.id: f for f in findings}.values(), key=sort_key)
    return Result(municipalities=matrix.order, findings=tuple(unique), matrix=matrix,
                  devices=tuple(sorted(snapshot.devices)), sections=sections.build(ctx, statuses, unique, matrix))
