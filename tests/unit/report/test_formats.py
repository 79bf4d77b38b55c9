"""Every format renders the same model: sections, verdicts and counts read back from each file."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kyodo.report.i18n import Labels, Lang
from kyodo.report.model import Report
from kyodo.report.write import write_report

SECTIONS = (
    "sec_summary",
    "sec_matrix",
    "sec_paths",
    "sec_findings",
    "sec_three_layer",
    "sec_placement",
    "sec_vpn",
    "sec_snapshot",
)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_markdown_has_every_section(violations: Report, tmp_path: Path, lang: Lang) -> None:
    t = Labels(lang)
    text = write_report(violations, "md", lang, tmp_path / "r.md")[0].read_text(encoding="utf-8")
    positions = [text.index(f"## {t.both(k)}") for k in SECTIONS]
    assert positions == sorted(positions)
    assert t["not_compliant"] in text
    assert violations.snapshot is not None
    for fh in violations.snapshot.files:
        assert f"| {fh.name} | {fh.sha256} |" in text
    for f in violations.findings:
        assert f"### {f.id} " in text
        for e in f.evidence:
            assert str(e).replace("|", "\\|") in text or str(e) in text
    # the 19×19 matrix is a table: one row per municipality, the violating cells marked
    rows = [line for line in text.splitlines() if line.startswith("| 31")]
    assert len([r for r in rows if "✗" in r or "!" in r]) == len({a for a, _ in violations.matrix.reachable_pairs()})


def test_markdown_compliant(compliant: Report, tmp_path: Path) -> None:
    text = write_report(compliant, "md", "en", tmp_path / "r.md")[0].read_text(encoding="utf-8")
    assert "Compliant" in text and "Not compliant" not in text and "No findings" in text


def test_json_round_trip(violations: Report, tmp_path: Path) -> None:
    doc = json.loads(write_report(violations, "json", "en", tmp_path / "r.json")[0].read_text(encoding="utf-8"))
    assert doc["schema"] == "kyodo.report/1" and doc["compliant"] is False
    assert [tuple(p) for p in doc["matrix"]["reachable_pairs"]] == violations.matrix.reachable_pairs()
    assert len(doc["paths"]) == len(violations.paths)
    assert sum(1 for p in doc["paths"] if not p["passed"]) == sum(1 for p in violations.paths if not p.passed)
    assert [f["id"] for f in doc["findings"]] == [f.id for f in violations.findings]


def test_junit_counts(violations: Report, tmp_path: Path) -> None:
    root = ET.parse(write_report(violations, "junit", "en", tmp_path / "r.xml")[0]).getroot()
    suites = {s.get("name", "").split(" ")[0]: s for s in root.iter("testsuite")}
    iso = suites["isolation"]
    assert int(iso.get("tests", 0)) == violations.matrix.size
    assert int(iso.get("failures", 0)) == len({a for a, _ in violations.matrix.reachable_pairs()})
    assert int(suites["findings"].get("failures", 0)) == len(violations.findings)
    paths = [p for p in violations.paths if p.kind != "isolation"]
    assert int(suites["paths"].get("tests", 0)) == len(paths)
    assert int(suites["paths"].get("failures", 0)) == sum(1 for p in paths if not p.passed)
    for s in root.iter("testsuite"):
        assert int(s.get("failures", 0)) == len(s.findall("testcase/failure"))


def test_junit_compliant_has_no_failure(compliant: Report, tmp_path: Path) -> None:
    root = ET.parse(write_report(compliant, "junit", "ja", tmp_path / "r.xml")[0]).getroot()
    assert root.findall(".//failure") == []
    assert len(root.findall(".//testcase")) > compliant.matrix.size


def test_csv_has_every_path(violations: Report, tmp_path: Path) -> None:
    written = write_report(violations, "csv", "ja", tmp_path / "r.csv")
    assert written[0].read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for spreadsheet programs
    with written[0].open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    t = Labels("ja")
    assert rows[0][1:] == [
        t["src_zone"],
        t["dst_zone"],
        t["protocol_port"],
        t["expected"],
        t["actual"],
        t["method"],
        t["time"],
        t["result"],
    ]
    assert len(rows) - 1 == len(violations.paths)
    assert sum(1 for r in rows[1:] if r[-1] == t["fail"]) == sum(1 for p in violations.paths if not p.passed)
    names = {p.name for p in written}
    for key in ("summary", "findings", "three_layer", "placement", "vpn", "violating_pairs", "snapshot"):
        assert f"r.{key}.csv" in names


def test_xlsx_sheets(violations: Report, tmp_path: Path) -> None:
    path = write_report(violations, "xlsx", "ja", tmp_path / "r.xlsx")[0]
    wb = load_workbook(path)
    t = Labels("ja")
    for key in (
        "sec_summary",
        "sec_matrix",
        "sec_paths",
        "sec_findings",
        "sec_three_layer",
        "sec_placement",
        "sec_vpn",
    ):
        assert t[key] in wb.sheetnames
    assert wb[t["sec_paths"]].max_row - 1 == len(violations.paths)
    assert wb[t["sec_findings"]].max_row - 1 == len(violations.findings)
    m = wb[t["sec_matrix"]]
    a, b = violations.matrix.reachable_pairs()[0]
    i, j = violations.matrix.order.index(a), violations.matrix.order.index(b)
    cell = m.cell(i + 2, j + 2)
    assert cell.value in ("✗", "!") and cell.fill.fgColor.rgb.endswith(("D7301F", "FD8D3C"))
    assert all(len(n) <= 31 for n in wb.sheetnames)
