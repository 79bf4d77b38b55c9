"""The report as JUnit XML, for CI systems: one suite per section, one test case per check.

Isolation is one case per source municipality (all its destinations), so the file grows
linearly with municipalities; a failing case lists the reachable destinations.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from kyodo.report import view
from kyodo.report.i18n import Labels, Lang
from kyodo.report.model import Report


def _suite(root: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(root, "testsuite", name=name)


def _case(suite: ET.Element, classname: str, name: str, failure: str | None) -> None:
    case = ET.SubElement(suite, "testcase", classname=classname, name=name, time="0")
    if failure is not None:
        ET.SubElement(case, "failure", message=failure.split("\n", 1)[0]).text = failure


def _finish(suite: ET.Element) -> None:
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    suite.set("errors", "0")


def render_junit(report: Report, lang: Lang) -> str:
    t = Labels(lang)
    root = ET.Element("testsuites", name=f"kyodo segmentation {report.prefecture}")
    iso = _suite(root, f"isolation ({t['sec_matrix']})")
    reach = defaultdict(list)
    for a, b in report.matrix.reachable_pairs():
        reach[a].append(b)
    dis = set(report.matrix.disagreements())
    for code in report.matrix.order:
        bad = reach.get(code, [])
        msg = None
        if bad:
            msg = "\n".join(
                f"{view.muni_label(report, code)} → {view.muni_label(report, b)}: "
                f"{t['cell_disagree'] if (code, b) in dis else t['cell_reachable']}"
                for b in bad
            )
        _case(iso, "isolation", f"{view.muni_label(report, code)} → {t['other_municipalities']}", msg)
    paths = _suite(root, f"paths ({t['sec_paths']})")
    for p in report.paths:
        if p.kind == "isolation":
            continue
        row = view.path_row(report, p, t)
        name = f"{row.cells[0]} → {row.cells[1]} {row.cells[2]} ({t[p.expected]})"
        _case(
            paths,
            p.kind,
            name,
            None if p.passed else f"{t['expected']}: {t[p.expected]}, {t['actual']}: {t[p.actual]} ({t[p.method]})",
        )
    fs = _suite(root, f"findings ({t['sec_findings']})")
    for f in report.findings:
        ev = view.evidence_lines(f.evidence)
        _case(
            fs,
            f.rule,
            f"{f.id} {f.summary}",
            f"[{f.severity}] {f.summary}\n{ev}\n{t['fix']}: {view.fix_text(f, t)}".strip(),
        )
    for tb in (
        view.three_layer_table(report, t),
        *(view.placement_tables(report, t) or ()),
        view.vpn_table(report, t),
    ):
        if tb is None:
            continue
        suite = _suite(root, f"{tb.key} ({tb.title})")
        for r in tb.rows:
            detail = "\n".join(f"{h}: {c}" for h, c in zip(tb.headers, r.cells, strict=True))
            _case(suite, tb.key, r.cells[0], detail if r.status == "fail" else None)
    for suite in root.findall("testsuite"):
        _finish(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
