"""``parse.unparsed``: configuration lines the parser did not model, counted per device."""

from __future__ import annotations

from kyodo.verify.context import Context
from kyodo.verify.findings import Finding, make
from kyodo.verify.rules.common import line_ev

SHOWN = 10


def check(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for host, cfg in sorted(ctx.snapshot.devices.items()):
        if not cfg.unparsed:
            continue
        code = ctx.cpe_of.get(host)
        findings.append(make("parse.unparsed", "info", [code] if code else [], [host],
                             f"{len(cfg.unparsed)} line(s) of {host} are not modelled (verify ignores them)",
                             line_ev(ctx, [(host, u.line) for u in cfg.unparsed[:SHOWN]])))
    return findings
