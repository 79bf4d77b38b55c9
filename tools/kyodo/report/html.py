"""The HTML report: one self-contained file (inline CSS and SVG, no script, no fetch), printable.

Every value is computed here or in ``view``; the Jinja2 template only loops and prints, with
autoescaping on (municipality names and evidence lines are data, never markup).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from kyodo.report import view
from kyodo.report.i18n import Labels, Lang
from kyodo.report.model import Report
from kyodo.report.svg import COLOURS, LEGEND_KEYS, matrix_svg


@dataclass(frozen=True, slots=True)
class FindingView:
    id: str
    severity: str
    rule: str
    summary: str
    municipalities: str
    evidence: str
    flow: str
    fix: str


@cache
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("kyodo.report", "templates"),
        autoescape=select_autoescape(["j2", "html"]),
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )


@cache
def _css() -> str:
    return resources.files("kyodo.report").joinpath("templates/report.css").read_text(encoding="utf-8")


def matrix_csv(report: Report) -> str:
    """The whole matrix as CSV: header of destination codes, one row per source, 1 = reachable."""
    m = report.matrix
    lines = ["source," + ",".join(m.order)]
    probe = m.probe
    for i, src in enumerate(m.order):
        row = m.static[i] if probe is None else [s or bool(p) for s, p in zip(m.static[i], probe[i], strict=True)]
        cells = ["1" if v else "0" for v in row]
        cells[i] = "0"  # a municipality and itself: not a pair
        lines.append(src + "," + ",".join(cells))
    return "\n".join(lines) + "\n"


def reachable_csv(report: Report) -> str:
    dis = set(report.matrix.disagreements())
    rows = ["source,destination,state"] + [
        f"{a},{b},{'disagree' if (a, b) in dis else 'reachable'}" for a, b in report.matrix.reachable_pairs()
    ]
    return "\n".join(rows) + "\n"


def render_html(report: Report, lang: Lang, *, sidecar: str | None = None) -> str:
    t = Labels(lang)
    fold = True
    blocked, required = view.path_tables(report, t, fold=fold)
    placement = view.placement_tables(report, t)
    svg = matrix_svg(report, t)
    heading = " · ".join(x for x in (report.prefecture_name or report.prefecture, report.cloud_name) if x)
    csv_b64 = base64.b64encode(reachable_csv(report).encode()).decode() if svg is None else ""
    findings = [
        FindingView(
            id=f.id,
            severity=t.severity(f.severity),
            rule=f.rule,
            summary=f.summary,
            municipalities=", ".join(view.muni_label(report, c) for c in f.municipalities),
            evidence=view.evidence_lines(f.evidence),
            flow=f.flow,
            fix=view.fix_text(f, t),
        )
        for f in report.findings
    ]
    toc = [
        ("summary", t["sec_summary"]),
        ("matrix", t["sec_matrix"]),
        ("paths", t["sec_paths"]),
        ("findings", t["sec_findings"]),
        ("three-layer", t["sec_three_layer"]),
        ("placement", t["sec_placement"]),
        ("vpn", t["sec_vpn"]),
        ("snapshot", t["sec_snapshot"]),
    ]
    return (
        _env()
        .get_template("report.html.j2")
        .render(
            lang=lang,
            t=t,
            css=Markup(_css()),
            title=t["title"],
            title_other=t.other("title"),
            subtitle=t["subtitle"],
            heading=heading,
            toc=toc,
            verdict=t["compliant"] if report.compliant else t["not_compliant"],
            verdict_class="ok" if report.compliant else "fail",
            summary=view.summary_rows(report, t),
            severities=[(t.severity(s), n) for s, n in report.severity_counts],
            snapshot=view.snapshot_table(report, t),
            legend=[(COLOURS[k], t[label], t.other(label)) for k, label in LEGEND_KEYS],
            svg=Markup(svg) if svg else None,
            csv_name=f"matrix-{report.prefecture}.csv",
            csv_href=f"data:text/csv;base64,{csv_b64}",
            sidecar=sidecar,
            violating=view.matrix_table(report, t),
            blocked=blocked,
            required=required,
            findings=findings,
            three_layer=view.three_layer_table(report, t),
            placement=placement,
            vpn=view.vpn_table(report, t),
            tool=f"{report.tool_name} {report.tool_version}".strip(),
            generated=report.generated_at,
        )
    )


def write_html(report: Report, lang: Lang, out: Path) -> list[Path]:
    """Write the HTML (and, when the matrix is too large for a picture, the full matrix CSV next to it)."""
    written = []
    sidecar = None
    if matrix_svg_needed(report):
        side = out.with_name(out.stem + ".matrix.csv")
        side.write_text(matrix_csv(report), encoding="utf-8")
        sidecar = side.name
        written.append(side)
    out.write_text(render_html(report, lang, sidecar=sidecar), encoding="utf-8")
    written.insert(0, out)
    return written


def matrix_svg_needed(report: Report) -> bool:
    from kyodo.report.svg import SVG_LIMIT

    return report.matrix.size > SVG_LIMIT
