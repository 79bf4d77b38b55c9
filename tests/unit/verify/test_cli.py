"""`kyodo verify`: exit codes 0 / 1 / 2, the three formats, the JSON contract."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

from tests.unit.verify.sample import Sample, apply, scenarios


def args(sample: Sample, snap: Path, *more: str) -> list[str]:
    return ["verify", str(snap), "--sot", str(sample.sot), "--ledger", str(sample.ledger), *more]


def test_clean_exits_0_with_the_json_contract(kyodo_cli: Callable[..., int], sample: Sample,
                                              tmp_path: Path) -> None:
    out = tmp_path / "v.json"
    assert kyodo_cli(*args(sample, sample.clean, "--out", str(out))) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema"] == "kyodo.verify/1" and doc["compliant"] is True and doc["findings"] == []
    order = doc["matrix"]["order"]
    assert order == sorted(m.code for m in sample.model.municipalities) == doc["municipalities"]
    assert len(doc["matrix"]["reachable"]) == len(order)
    assert not any(any(row) for row in doc["matrix"]["reachable"])


def test_violation_exits_1_in_every_format(kyodo_cli: Callable[..., int], sample: Sample, tmp_path: Path) -> None:
    scenario = next(s for s in scenarios() if s.rule == "isolation.pair")
    snap = tmp_path / "snap"
    shutil.copytree(sample.clean, snap)
    apply(snap, scenario)
    out = tmp_path / "v.json"
    assert kyodo_cli(*args(sample, snap, "--out", str(out))) == 1
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["compliant"] is False
    pair = next(f for f in doc["findings"] if f["rule"] == "isolation.pair")
    assert set(pair) >= {"id", "rule", "severity", "municipalities", "devices", "summary", "evidence", "flow"}
    assert all(set(e) == {"device", "line", "text"} and e["text"] for e in pair["evidence"])
    a, b = pair["municipalities"]
    i, j = doc["matrix"]["order"].index(a), doc["matrix"]["order"].index(b)
    assert doc["matrix"]["reachable"][i][j] or doc["matrix"]["reachable"][j][i]
    # evidence lines are the real config lines
    for e in pair["evidence"]:
        lines = (snap / "configs" / f"{e['device']}.cfg").read_text(encoding="utf-8").splitlines()
        assert lines[e["line"] - 1].strip() == e["text"]
    md = tmp_path / "v.md"
    assert kyodo_cli(*args(sample, snap, "--format", "md", "--out", str(md))) == 1
    assert "isolation.pair" in md.read_text(encoding="utf-8")
    xml = tmp_path / "v.xml"
    assert kyodo_cli(*args(sample, snap, "--format", "junit", "--out", str(xml))) == 1
    suite = ET.parse(xml).getroot().find("testsuite")
    assert suite is not None and int(suite.get("failures", "0")) >= 1


def test_bad_input_exits_2(kyodo_cli: Callable[..., int], sample: Sample, tmp_path: Path) -> None:
    assert kyodo_cli(*args(sample, tmp_path / "absent")) == 2
    (tmp_path / "empty" / "configs").mkdir(parents=True)
    assert kyodo_cli(*args(sample, tmp_path / "empty")) == 2
    odd = tmp_path / "odd"
    (odd / "configs").mkdir(parents=True)
    (odd / "configs" / "mystery.cfg").write_text("this is no router config\n", encoding="utf-8")
    assert kyodo_cli(*args(sample, odd)) == 2
    bad_vs = tmp_path / "badvs"
    shutil.copytree(sample.clean, bad_vs)
    (bad_vs / "vsphere.json").write_text("{}", encoding="utf-8")
    assert kyodo_cli(*args(sample, bad_vs)) == 2
    assert kyodo_cli(*args(sample, sample.clean, "--format", "xml")) == 2


def test_finding_ids_are_stable(sample: Sample, tmp_path: Path) -> None:
    from kyodo.verify.engine import verify
    from kyodo.verify.snapshot import load_snapshot

    scenario = next(s for s in scenarios() if s.rule == "isolation.route_leak")
    snap = tmp_path / "snap"
    shutil.copytree(sample.clean, snap)
    apply(snap, scenario)
    first = [f.id for f in verify(load_snapshot(snap, sample.platforms), sample.model).findings]
    again = [f.id for f in verify(load_snapshot(snap, sample.platforms), sample.model).findings]
    assert first == again and len(set(first)) == len(first)


def test_the_report_reads_the_document(sample: Sample, tmp_path: Path) -> None:
    """The optional sections (paths, three_layer, vpn, placement, snapshot) fit the report's reader."""
    from kyodo.report.inputs import VerifyDoc
    from kyodo.verify.engine import verify
    from kyodo.verify.snapshot import load_snapshot

    scenario = next(s for s in scenarios() if s.rule == "intent.required_flow")
    snap = tmp_path / "snap"
    shutil.copytree(sample.clean, snap)
    apply(snap, scenario)
    doc = verify(load_snapshot(snap, sample.platforms), sample.model).to_dict()
    parsed = VerifyDoc.model_validate(doc)
    blocked = [p for p in parsed.paths or [] if p.kind == "required" and p.actual == "blocked"]
    assert blocked and all(p.finding for p in blocked)
    assert {p.src for p in blocked} == set(scenario.municipalities)
    n = len(parsed.municipalities)
    assert sum(1 for p in parsed.paths or [] if p.kind == "isolation") == n * (n - 1)
