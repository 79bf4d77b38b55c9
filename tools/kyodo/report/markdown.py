"""The Markdown report, for change records (GitHub/GitLab-flavoured tables)."""

from __future__ import annotations

from kyodo.report import view
from kyodo.report.i18n import Labels, Lang
from kyodo.report.model import Report

# the matrix is printed as a Markdown table up to this many municipalities
MD_MATRIX_LIMIT = 30
SYMBOL = {"self": "—", "blocked": "·", "blocked-probed": "✓", "reachable": "✗", "disagree": "!"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>") or " "


def _table(tb: view.Table) -> list[str]:
    out = [f"### {tb.title}", ""]
    if tb.note:
        out += [f"_{_cell(tb.note)}_", ""]
    if not tb.rows:
        return [*out, "—", ""]
    out.append("| " + " | ".join(_cell(h) for h in tb.headers) + " |")
    out.append("|" + "---|" * len(tb.headers))
    out += ["| " + " | ".join(_cell(c) for c in r.cells) + " |" for r in tb.rows]
    return [*out, ""]


def _matrix(report: Report, t: Labels) -> list[str]:
    from kyodo.report.svg import cell_state

    m = report.matrix
    if m.size == 0 or m.size > MD_MATRIX_LIMIT:
        return [t["matrix_too_large"], ""]
    legend = ", ".join(
        f"`{SYMBOL[k]}` {t[label]}"
        for k, label in (
            ("blocked", "cell_blocked"),
            ("blocked-probed", "cell_agree"),
            ("reachable", "cell_reachable"),
            ("disagree", "cell_disagree"),
            ("self", "cell_self"),
        )
    )
    out = [
        f"{t['legend']}: {legend}",
        "",
        "| " + t["source"] + " \\ " + t["destination"] + " | " + " | ".join(m.order) + " |",
        "|---|" + "---|" * m.size,
    ]
    for i, code in enumerate(m.order):
        out.append(
            f"| {_cell(view.muni_label(report, code))} | "
            + " | ".join(SYMBOL[cell_state(m, i, j)] for j in range(m.size))
            + " |"
        )
    return [*out, ""]


def render_markdown(report: Report, lang: Lang) -> str:
    t = Labels(lang)
    out = [f"# {t['title']} ({t.other('title')})", "", t["subtitle"], ""]
    out += [f"## {t.both('sec_summary')}", ""]
    out += [f"- **{k}**: {_cell(v)}" for k, v in view.summary_rows(report, t)]
    out.append("")
    out += [f"## {t.both('sec_matrix')}", "", t["matrix_intro"], ""]
    out += _matrix(report, t)
    out += _table(view.matrix_table(report, t))
    out += [f"## {t.both('sec_paths')}", ""]
    for paths in view.path_tables(report, t, fold=True):
        out += _table(paths)
    out += [f"## {t.both('sec_findings')}", ""]
    if not report.findings:
        out += [t["no_findings"], ""]
    for f in report.findings:
        out += [f"### {f.id} · {t.severity(f.severity)} · `{f.rule}`", "", _cell(f.summary), ""]
        if f.municipalities:
            out += [f"- **{t['municipalities']}**: " + ", ".join(view.muni_label(report, c) for c in f.municipalities)]
        if f.flow:
            out += [f"- **{t['flow']}**: `{f.flow}`"]
        fix = view.fix_text(f, t)
        if fix:
            out += [f"- **{t['fix']}**: {_cell(fix)}"]
        if f.evidence:
            out += ["", f"**{t['evidence']}**:", "", "```", *(str(e) for e in f.evidence), "```"]
        out.append("")
    sections = (
        ("sec_three_layer", [view.three_layer_table(report, t)]),
        ("sec_placement", list(view.placement_tables(report, t) or [None])),
        ("sec_vpn", [view.vpn_table(report, t)]),
    )
    for key, tables in sections:
        out += [f"## {t.both(key)}", ""]
        for tb in tables:
            out += _table(tb) if tb else [t["section_missing"], ""]
    out += [f"## {t.both('sec_snapshot')}", ""]
    snap = view.snapshot_table(report, t)
    out += _table(snap) if snap else [t["not_provided"], ""]
    out += ["---", "", t["secret_note"], ""]
    return "\n".join(out)
