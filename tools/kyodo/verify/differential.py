"""The differential check: the static proof against real packets (``probe.disagree``).

Input is a probe document (``kyodo.probe/1``, written by ``kyodo probe`` in the lab): its
``matrix`` says, per ordered municipality pair, whether any probe crossed. Every pair where
that differs from the static matrix is a high finding: one of the two methods is wrong, and
either way an auditor cannot rely on the verdict until it is explained. Pure data: no lab,
no device is touched here.
"""

from __future__ import annotations

from typing import Any

from kyodo.verify.engine import Matrix
from kyodo.verify.findings import Finding, make


def disagreements(static: Matrix, probe: dict[str, Any]) -> list[Finding]:
    pm = probe.get("matrix") or {}
    order = list(pm.get("order", []))
    rows = pm.get("reachable", [])
    seen = {(a, b): bool(rows[i][j]) for i, a in enumerate(order) for j, b in enumerate(order) if a != b}
    out = []
    for i, a in enumerate(static.order):
        for j, b in enumerate(static.order):
            if a == b or (a, b) not in seen:
                continue
            s, p = static.reachable[i][j], seen[(a, b)]
            if s != p:
                say = {True: "reachable", False: "blocked"}
                flows = [f for f in probe.get("flows", []) if f.get("src") == a and f.get("dst") == b
                         and f.get("actual") == "allowed"][:3]
                detail = "; ".join(f"{f.get('src_address')} → {f.get('dst_address')} {f.get('proto')}/{f.get('port')}"
                                   for f in flows)
                out.append(make("probe.disagree", "high", (a, b), (),
                                f"{a} → {b}: static analysis says {say[s]}, probes say {say[p]}"
                                + (f" ({detail})" if detail else "")))
    missing = sorted(set(static.order) - set(order))
    if missing and order:
        out.append(make("probe.disagree", "high", missing, (),
                        f"no probe result for {', '.join(missing)}: the lab does not match the snapshot"))
    return out
