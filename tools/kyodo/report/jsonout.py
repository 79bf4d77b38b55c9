"""The report as JSON (``kyodo.report/1``): the report model with its verdicts spelled out.

Language-neutral tokens (``blocked``, ``allowed``, ``static_probe`` …); the ``labels`` block
gives the section titles in the chosen language for tools that display them.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from kyodo.report.i18n import Labels, Lang
from kyodo.report.model import PathRow, Report

SCHEMA = "kyodo.report/1"
SECTIONS = (
    "sec_summary",
    "sec_matrix",
    "sec_paths",
    "sec_findings",
    "sec_three_layer",
    "sec_placement",
    "sec_vpn",
)


def _path(p: PathRow) -> dict[str, Any]:
    return {
        "kind": p.kind,
        "src": p.src,
        "dst": p.dst,
        "src_zone": p.src_zone,
        "dst_zone": p.dst_zone,
        "protocol": p.protocol,
        "port": p.port,
        "expected": p.expected,
        "actual": p.actual,
        "static": p.static_actual,
        "probe": p.probe_actual,
        "method": p.method,
        "agree": p.agree,
        "passed": p.passed,
        "time": p.time,
        "finding": p.finding,
    }


def report_dict(report: Report, lang: Lang) -> dict[str, Any]:
    t = Labels(lang)
    m = report.matrix
    return {
        "schema": SCHEMA,
        "lang": lang,
        "labels": {k.removeprefix("sec_"): t[k] for k in SECTIONS},
        "prefecture": {"code": report.prefecture, "name": report.prefecture_name, "cloud": report.cloud_name},
        "compliant": report.compliant,
        "scope": {"municipalities": len(report.municipalities), "devices": report.devices, "vms": report.vms},
        "municipalities": [asdict(x) for x in report.municipalities],
        "findings_by_severity": dict(report.severity_counts),
        "tested_at": report.tested_at,
        "probed_at": report.probed_at,
        "generated_at": report.generated_at,
        "method": report.method,
        "tool": {"name": report.tool_name, "version": report.tool_version},
        "snapshot": asdict(report.snapshot) if report.snapshot else None,
        "matrix": {
            "order": list(m.order),
            "reachable": [list(r) for r in m.static],
            "probe": [list(r) for r in m.probe] if m.probe is not None else None,
            "reachable_pairs": [list(p) for p in m.reachable_pairs()],
            "disagreements": [list(p) for p in m.disagreements()],
        },
        "paths_complete": report.paths_complete,
        "paths": [_path(p) for p in report.paths],
        "findings": [asdict(f) for f in report.findings],
        "three_layer": None
        if report.three_layer is None
        else [{**asdict(r), "held": r.held} for r in report.three_layer],
        "placement": None
        if report.placement is None
        else {**asdict(report.placement), "compliant": report.placement.compliant},
        "vpn": None if report.vpn is None else [{**asdict(v), "ok": v.ok} for v in report.vpn],
    }


def render_json(report: Report, lang: Lang) -> str:
    return json.dumps(report_dict(report, lang), ensure_ascii=False, separators=(",", ":")) + "\n"
