"""Build the report model from the verifier's JSON, an optional probe JSON and names.

All verdict arithmetic of the report happens here (merging probe and static matrices,
matching probe flows to paths, folding counts); the renderers only print.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from kyodo import __version__
from kyodo.report import inputs as i
from kyodo.report.i18n import SEVERITY_ORDER
from kyodo.report.model import (
    DbVm,
    DrsRule,
    Evidence,
    FileHash,
    Finding,
    LgwanPath,
    MatrixView,
    PathRow,
    Placement,
    Report,
    Snapshot,
    ThreeLayerRow,
    Verdict,
    VpnRow,
)
from kyodo.report.names import Directory
from kyodo.report.redact import redact

# above this many municipalities, inter-municipality paths that behave as expected are not
# expanded one by one (1,741² rows); the matrix CSV carries every pair
EXPAND_LIMIT = 400

PathKey = tuple[str | None, str | None, str, str, str, str]


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build(
    verify: i.VerifyDoc, names: Directory, probe: i.ProbeDoc | None = None, *, generated_at: str | None = None
) -> Report:
    tested_at = verify.generated_at or "—"
    order = tuple(verify.matrix.order)
    munis = tuple(names.muni(c) for c in order)
    extra = [c for c in verify.municipalities if c not in set(order)]
    munis += tuple(names.muni(c) for c in extra)
    matrix = MatrixView(
        order=order,
        static=tuple(tuple(r) for r in verify.matrix.reachable),
        probe=_probe_matrix(order, probe),
    )
    paths, complete = _paths(verify, probe, matrix, tested_at)
    prefecture = verify.prefecture or names.prefecture or _common_prefix(order)
    sev = Counter(f.severity for f in verify.findings)
    sev_order = [s for s in SEVERITY_ORDER] + sorted(set(sev) - set(SEVERITY_ORDER))
    tool = verify.tool or i.Tool(name="kyodo", version=__version__)
    return Report(
        prefecture=prefecture,
        prefecture_name=names.prefectures.get(prefecture, ""),
        cloud_name=names.cloud_name if names.prefecture == prefecture else "",
        compliant=verify.compliant and not matrix.disagreements() and all(p.passed for p in paths),
        municipalities=munis,
        devices=len(verify.devices) if verify.devices is not None else None,
        vms=verify.vms,
        severity_counts=tuple((s, sev[s]) for s in sev_order if s in sev or s in SEVERITY_ORDER),
        tested_at=tested_at,
        probed_at=probe.generated_at if probe else None,
        generated_at=generated_at or now_utc(),
        tool_name=tool.name,
        tool_version=tool.version,
        snapshot=_snapshot(verify.snapshot),
        matrix=matrix,
        paths=paths,
        paths_complete=complete,
        findings=tuple(_finding(f) for f in _sorted_findings(verify.findings)),
        three_layer=None if verify.three_layer is None else tuple(_three_layer(t) for t in verify.three_layer),
        placement=_placement(verify.placement),
        vpn=None if verify.vpn is None else tuple(_vpn(v) for v in verify.vpn),
        by_code={m.code: m for m in munis},
    )


def _common_prefix(codes: tuple[str, ...]) -> str:
    prefs = {c[:2] for c in codes}
    return prefs.pop() if len(prefs) == 1 else "00"


def _probe_matrix(order: tuple[str, ...], probe: i.ProbeDoc | None) -> tuple[tuple[bool | None, ...], ...] | None:
    if probe is None:
        return None
    pos = {c: k for k, c in enumerate(probe.matrix.order)}
    idx = [pos.get(c) for c in order]
    rows = probe.matrix.reachable
    return tuple(tuple(None if (a is None or b is None) else rows[a][b] for b in idx) for a in idx)


def _verdict(reachable: bool) -> Verdict:
    return "allowed" if reachable else "blocked"


def _key(p: i.PathIn) -> PathKey:
    return (p.src, p.dst, p.src_zone, p.dst_zone, p.protocol, p.port)


def _paths(
    verify: i.VerifyDoc, probe: i.ProbeDoc | None, matrix: MatrixView, tested_at: str
) -> tuple[tuple[PathRow, ...], bool]:
    probe_flows: dict[PathKey, i.PathIn] = {_key(f): f for f in (probe.flows if probe else [])}
    rows: list[PathRow] = []
    given = verify.paths or []
    for p in given:
        pf = probe_flows.pop(_key(p), None)
        rows.append(
            PathRow(
                kind=p.kind or ("required" if p.expected == "allowed" else "blocked"),
                src=p.src,
                dst=p.dst,
                src_zone=redact(p.src_zone),
                dst_zone=redact(p.dst_zone),
                protocol=p.protocol,
                port=p.port,
                expected=p.expected,
                static_actual=p.actual if p.method != "probe" else None,
                probe_actual=pf.actual if pf else (p.actual if p.method == "probe" else None),
                time=p.time or tested_at,
                finding=p.finding,
            )
        )
    complete = True
    if not any(p.kind == "isolation" for p in given):
        complete = _isolation_rows(matrix, tested_at, probe.generated_at if probe else None, rows)
    for f in probe_flows.values():  # probe flows the verifier did not list
        rows.append(
            PathRow(
                kind=f.kind or "probe",
                src=f.src,
                dst=f.dst,
                src_zone=f.src_zone,
                dst_zone=f.dst_zone,
                protocol=f.protocol,
                port=f.port,
                expected=f.expected,
                static_actual=None,
                probe_actual=f.actual,
                time=f.time or "—",
            )
        )
    return tuple(rows), complete


def _isolation_rows(matrix: MatrixView, tested_at: str, probed_at: str | None, rows: list[PathRow]) -> bool:
    """One row per ordered pair of different municipalities, from the matrix."""
    expand = matrix.size <= EXPAND_LIMIT
    order, static, probe = matrix.order, matrix.static, matrix.probe
    for a, src in enumerate(order):
        srow = static[a]
        prow = probe[a] if probe is not None else None
        for b, dst in enumerate(order):
            if a == b:
                continue
            s = srow[b]
            p = prow[b] if prow is not None else None
            if not expand and not s and not p:
                continue
            rows.append(
                PathRow(
                    kind="isolation",
                    src=src,
                    dst=dst,
                    src_zone="*",
                    dst_zone="*",
                    protocol="any",
                    port="",
                    expected="blocked",
                    static_actual=_verdict(s),
                    probe_actual=None if p is None else _verdict(p),
                    time=tested_at if p is None or not probed_at else f"{tested_at} / {probed_at}",
                )
            )
    return expand


def _snapshot(s: i.SnapshotIn | None) -> Snapshot | None:
    if s is None:
        return None
    return Snapshot(
        path=s.path,
        kind=s.kind,
        files=tuple(FileHash(name=f.name, sha256=f.sha256) for f in sorted(s.files, key=lambda f: f.name)),
    )


def _sorted_findings(findings: list[i.Finding]) -> list[i.Finding]:
    rank = {s: k for k, s in enumerate(SEVERITY_ORDER)}
    return sorted(findings, key=lambda f: (rank.get(f.severity, len(rank)), f.rule, f.id))


def _evidence(e: i.Evidence) -> Evidence:
    return Evidence(device=e.device, line=e.line, text=redact(e.text))


def _flow_text(flow: Any) -> str:
    if flow is None:
        return ""
    if isinstance(flow, dict):
        parts = [f"{k}={v}" for k, v in flow.items() if v not in (None, "", [])]
        return redact(" ".join(parts))
    if isinstance(flow, str):
        return redact(flow)
    return redact(json.dumps(flow, ensure_ascii=False))


def _finding(f: i.Finding) -> Finding:
    return Finding(
        id=f.id,
        rule=f.rule,
        severity=f.severity,
        municipalities=tuple(f.municipalities),
        devices=tuple(f.devices),
        summary=redact(f.summary),
        evidence=tuple(_evidence(e) for e in f.evidence),
        flow=_flow_text(f.flow),
        fix=redact(f.fix or ""),
    )


def _three_layer(t: i.ThreeLayerIn) -> ThreeLayerRow:
    return ThreeLayerRow(
        municipality=t.municipality,
        internet_reachable=t.internet_reachable,
        internet_evidence=tuple(_evidence(e) for e in t.internet_evidence),
        lgwan=tuple(
            LgwanPath(destination=p.destination, ports=tuple(p.ports), reachable=p.reachable, exception=p.exception)
            for p in t.lgwan
        ),
        exceptions=tuple(t.exceptions),
    )


def _placement(p: i.PlacementIn | None) -> Placement | None:
    if p is None:
        return None
    licensed = set(p.licensed_hosts)
    rules = {r.name: r for r in p.rules}
    vms = []
    for v in p.vms:
        rule = rules.get(v.rule) if v.rule else None
        mandatory = v.mandatory if v.mandatory is not None else (rule.mandatory if rule else None)
        ok = (
            v.cluster == p.db_cluster
            and (v.host is None or v.host in licensed)
            and bool(mandatory)
            and (rule is None or rule.enabled)
        )
        vms.append(
            DbVm(
                name=v.name,
                municipality=v.municipality,
                cluster=v.cluster,
                host=v.host,
                rule=v.rule,
                mandatory=mandatory,
                compliant=ok,
            )
        )
    return Placement(
        db_cluster=p.db_cluster,
        licensed_hosts=tuple(p.licensed_hosts),
        vms=tuple(vms),
        rules=tuple(
            DrsRule(
                name=r.name,
                cluster=r.cluster,
                vm_group=r.vm_group,
                host_group=r.host_group,
                mandatory=r.mandatory,
                enabled=r.enabled,
            )
            for r in p.rules
        ),
        app_vms_on_db_cluster=tuple(p.app_vms_on_db_cluster),
    )


def _vpn(v: i.VpnIn) -> VpnRow:
    return VpnRow(
        municipality=v.municipality,
        tunnel=v.tunnel,
        hub=v.hub,
        cpe=v.cpe,
        ike_proposals=tuple(v.ike_proposals),
        esp_proposals=tuple(v.esp_proposals),
        key_hash=(v.key_hash or "")[:12],
        key_unique=v.key_unique,
        consistent=v.consistent,
        issues=tuple(redact(x) for x in v.issues),
    )
