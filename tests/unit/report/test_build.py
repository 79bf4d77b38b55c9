"""Building the report model: verdicts, probe merging, paths, sections, from the input documents."""

from __future__ import annotations

import random
from typing import Any

import pytest

from kyodo.report import build as build_mod
from kyodo.report.build import build
from kyodo.report.inputs import ProbeDoc, VerifyDoc
from kyodo.report.model import Report
from kyodo.report.names import Directory

from .conftest import raw


def _pairs(doc: dict[str, Any]) -> set[tuple[str, str]]:
    order = doc["matrix"]["order"]
    return {
        (a, b) for i, a in enumerate(order) for j, b in enumerate(order) if i != j and doc["matrix"]["reachable"][i][j]
    }


def test_compliant_sample_is_compliant(compliant: Report) -> None:
    doc = raw("compliant-19.verify.json")
    assert compliant.compliant is True
    assert [m.code for m in compliant.municipalities] == doc["municipalities"]
    assert compliant.matrix.reachable_pairs() == []
    assert compliant.matrix.disagreements() == []
    assert all(p.passed for p in compliant.paths)
    assert compliant.placement is not None and compliant.placement.compliant
    assert compliant.three_layer is not None and all(r.held for r in compliant.three_layer)
    assert compliant.vpn is not None and all(v.ok for v in compliant.vpn)


def test_names_come_from_the_sot(compliant: Report, names: Directory) -> None:
    for m in compliant.municipalities:
        assert m.name == names.munis[m.code].name and m.name  # kanji from the SoT
    assert compliant.prefecture == "31" and compliant.prefecture_name == "鳥取県"


def test_violations_are_reported(violations: Report) -> None:
    doc = raw("violations-19.verify.json")
    probe = raw("violations-19.probe.json")
    assert violations.compliant is False
    assert set(violations.matrix.reachable_pairs()) == _pairs(doc) | _pairs(probe)
    assert set(violations.matrix.disagreements()) == _pairs(doc) ^ _pairs(probe)
    counts = dict(violations.severity_counts)
    for sev in {f["severity"] for f in doc["findings"]}:
        assert counts[sev] == sum(1 for f in doc["findings"] if f["severity"] == sev)
    failing_inputs = {(p["src"], p["dst_zone"]) for p in doc["paths"] if p["expected"] != p["actual"]}
    failing_rows = {(p.src, p.dst_zone) for p in violations.paths if not p.passed and p.kind != "isolation"}
    assert failing_inputs and failing_inputs <= failing_rows
    assert violations.placement is not None and not violations.placement.compliant
    assert violations.placement.app_vms_on_db_cluster == tuple(doc["placement"]["app_vms_on_db_cluster"])
    assert violations.three_layer is not None
    broken = {r.municipality for r in violations.three_layer if not r.held}
    assert broken == {
        t["municipality"]
        for t in doc["three_layer"]
        if t["internet_reachable"] or any(p["reachable"] and not p["exception"] for p in t["lgwan"])
    }
    assert violations.vpn is not None
    assert {v.municipality for v in violations.vpn if not v.ok} == {
        v["municipality"] for v in doc["vpn"] if not (v["key_unique"] and v["consistent"] and not v["issues"])
    }


def test_findings_sorted_by_severity(violations: Report) -> None:
    ranks = [("critical", "high", "medium", "low", "info").index(f.severity) for f in violations.findings]
    assert ranks == sorted(ranks)


def test_probe_in_another_order_is_aligned_by_code(names: Directory) -> None:
    doc = raw("violations-19.verify.json")
    probe = raw("violations-19.probe.json")
    order = list(probe["matrix"]["order"])
    perm = list(range(len(order)))
    random.Random(7).shuffle(perm)
    shuffled = {
        **probe,
        "matrix": {
            "order": [order[k] for k in perm],
            "reachable": [[probe["matrix"]["reachable"][a][b] for b in perm] for a in perm],
        },
    }
    r1 = build(VerifyDoc.model_validate(doc), names, ProbeDoc.model_validate(probe))
    r2 = build(VerifyDoc.model_validate(doc), names, ProbeDoc.model_validate(shuffled))
    assert r1.matrix.probe == r2.matrix.probe
    assert r1.matrix.disagreements() == r2.matrix.disagreements() != []


def test_probe_disagreement_alone_makes_it_non_compliant(names: Directory) -> None:
    doc = raw("compliant-19.verify.json")
    probe = raw("compliant-19.probe.json")
    probe["matrix"]["reachable"][0][1] = True
    r = build(VerifyDoc.model_validate(doc), names, ProbeDoc.model_validate(probe))
    assert doc["compliant"] is True and r.compliant is False
    a, b = doc["matrix"]["order"][:2]
    assert r.matrix.disagreements() == [(a, b)]
    iso = [p for p in r.paths if p.kind == "isolation" and (p.src, p.dst) == (a, b)]
    assert len(iso) == 1 and iso[0].agree is False and not iso[0].passed and iso[0].method == "static_probe"


def test_isolation_rows_derived_from_matrix(compliant: Report) -> None:
    n = compliant.matrix.size
    iso = [p for p in compliant.paths if p.kind == "isolation"]
    assert len(iso) == n * (n - 1)
    assert all(p.expected == "blocked" and p.src != p.dst for p in iso)
    assert compliant.paths_complete


def test_large_scopes_keep_only_deviating_isolation_rows(names: Directory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_mod, "EXPAND_LIMIT", 5)
    doc = raw("violations-19.verify.json")
    r = build(VerifyDoc.model_validate(doc), names)
    iso = [(p.src, p.dst) for p in r.paths if p.kind == "isolation"]
    assert set(iso) == _pairs(doc) and not r.paths_complete


def test_missing_optional_sections_stay_none(names: Directory) -> None:
    doc = raw("compliant-19.verify.json")
    for key in ("paths", "three_layer", "placement", "vpn", "snapshot", "tool", "devices", "vms"):
        doc.pop(key)
    r = build(VerifyDoc.model_validate(doc), names)
    assert r.three_layer is None and r.placement is None and r.vpn is None and r.snapshot is None
    assert r.tool_name == "kyodo" and r.tool_version  # this package's version
    assert r.devices is None and r.vms is None


def test_names_fall_back_to_the_national_list() -> None:
    from kyodo.report.names import directory

    doc = raw("compliant-19.verify.json")
    national_only = build(VerifyDoc.model_validate(doc), directory(None))
    assert national_only.by_code["312011"].name == "鳥取市"
    assert national_only.cloud_name == ""


def test_lab_probe_document_shape(names: Directory) -> None:
    """The lab's kyodo.probe/1 flows (extra keys, zone-named parties) merge as probe rows."""
    doc = raw("compliant-19.verify.json")
    order = doc["matrix"]["order"]
    flow = {
        "kind": "shared",
        "src_zone": "web_ap",
        "src": order[0],
        "src_host": "m-webap01",
        "src_address": "10.64.0.11",
        "dst_zone": "shared_services",
        "dst": "shared_services",
        "dst_host": "shared",
        "dst_address": "10.255.0.10",
        "protocol": "udp",
        "proto": "udp",
        "port": "123",
        "expected": "allowed",
        "actual": "blocked",
        "ok": False,
        "detail": "timeout",
        "method": "probe",
        "time": "2026-12-01T02:06:00Z",
    }
    probe = {
        "schema": "kyodo.probe/1",
        "generated_at": "2026-12-01T02:05:00+00:00",
        "prefecture": "31",
        "municipalities": order,
        "elapsed_s": 1.1,
        "summary": {},
        "compliant": False,
        "matrix": {"order": order, "reachable": [[False] * len(order) for _ in order]},
        "flows": [flow],
    }
    r = build(VerifyDoc.model_validate(doc), names, ProbeDoc.model_validate(probe))
    rows = [p for p in r.paths if p.method == "probe"]
    assert len(rows) == 1 and not rows[0].passed and r.compliant is False
    from kyodo.report.i18n import Labels
    from kyodo.report.view import path_row

    cells = path_row(r, rows[0], Labels("en")).cells
    assert cells[1] == "shared_services" and cells[0].startswith(order[0])
