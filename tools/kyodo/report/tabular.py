"""CSV and XLSX, for the operators' spreadsheets.

CSV: the file named by ``--out`` holds the per-path evidence (every path, never folded);
each other table goes next to it as ``<stem>.<table>.csv``. UTF-8 with a BOM so that
spreadsheet programs read Japanese correctly. XLSX: one sheet per table plus a summary and,
up to the picture limit, a coloured matrix sheet.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kyodo.report import view
from kyodo.report.i18n import Labels, Lang
from kyodo.report.model import Report
from kyodo.report.svg import COLOURS, SVG_LIMIT, cell_state


def _csv_text(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(headers)
    w.writerows(rows)
    return buf.getvalue()


def _paths_table(report: Report, t: Labels) -> view.Table:
    headers = (t["path_kind"], *view.path_headers(t))
    rows = tuple(view.Row((p.kind, *view.path_row(report, p, t).cells), view.ok(p.passed)) for p in report.paths)
    return view.Table("paths", t["sec_paths"], headers, rows)


def write_csv(report: Report, lang: Lang, out: Path) -> list[Path]:
    t = Labels(lang)
    written = []
    main = _paths_table(report, t)
    out.write_text(_csv_text(main.headers, [r.cells for r in main.rows]), encoding="utf-8-sig")
    written.append(out)
    summary = view.Table(
        "summary", t["sec_summary"], ("", ""), tuple(view.Row(kv) for kv in view.summary_rows(report, t))
    )
    tables = [summary] + [tb for tb in view.all_tables(report, t, fold=False) if tb.key not in ("blocked", "required")]
    for tb in tables:
        path = out.with_name(f"{out.stem}.{tb.key}.csv")
        path.write_text(_csv_text(tb.headers, [r.cells for r in tb.rows]), encoding="utf-8-sig")
        written.append(path)
    return written


# cells of tables up to this many rows get wrapped text (multi-line evidence, proposals)
WRAP_LIMIT = 2000

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub("-", title)[:31]
    name, k = base, 2
    while name in used:
        suffix = f" {k}"
        name = base[: 31 - len(suffix)] + suffix
        k += 1
    used.add(name)
    return name


def write_xlsx(report: Report, lang: Lang, out: Path) -> list[Path]:
    """One sheet per table, streamed (openpyxl write-only mode: 37,000 path rows in about a second)."""
    t = Labels(lang)
    wb = Workbook(write_only=True)
    used: set[str] = set()
    styles = _Styles()
    ws = wb.create_sheet(sheet_name(t["sec_summary"], used))
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 80
    ws.append([styles.cell(ws, t["title"], title=True), t.other("title")])
    for k, v in view.summary_rows(report, t):
        ws.append([styles.cell(ws, k, bold=True), v])
    if report.matrix.size <= SVG_LIMIT:
        _matrix_sheet(wb.create_sheet(sheet_name(t["sec_matrix"], used)), report, t, styles)
    tables = [_paths_table(report, t)] + [
        tb for tb in view.all_tables(report, t, fold=False) if tb.key not in ("blocked", "required")
    ]
    for tb in tables:
        sh = wb.create_sheet(sheet_name(tb.title, used))
        for col, h in enumerate(tb.headers):
            sample = [h, *(r.cells[col] for r in tb.rows[:200])]
            width = max(len(line) for text in sample for line in text.split("\n") or [""])
            sh.column_dimensions[get_column_letter(col + 1)].width = min(60, max(10, width + 2))
        sh.freeze_panes = "A2"
        if tb.rows:
            sh.auto_filter.ref = f"A1:{get_column_letter(len(tb.headers))}{len(tb.rows) + 1}"
        sh.append([styles.cell(sh, h, bold=True) for h in tb.headers])
        wrap = len(tb.rows) <= WRAP_LIMIT  # styling every cell of 30,000 rows costs seconds
        for r in tb.rows:
            if r.status == "fail" or (wrap and any("\n" in c for c in r.cells)):
                sh.append([styles.cell(sh, c, fail=r.status == "fail", wrap=wrap) for c in r.cells])
            else:
                sh.append(list(r.cells))
    wb.save(out)
    return [out]


class _Styles:
    """Shared style objects (one per kind, not per cell)."""

    def __init__(self) -> None:
        self.bold = Font(bold=True)
        self.title = Font(bold=True, size=14)
        self.fail = PatternFill("solid", fgColor="FDECEA")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.fills = {k: PatternFill("solid", fgColor=v.lstrip("#").upper()) for k, v in COLOURS.items()}

    def cell(
        self,
        ws: Worksheet,
        value: str,
        *,
        bold: bool = False,
        title: bool = False,
        fail: bool = False,
        wrap: bool = False,
        state: str | None = None,
    ) -> WriteOnlyCell:
        c = WriteOnlyCell(ws, value=value)
        if bold or title:
            c.font = self.title if title else self.bold
        if fail:
            c.fill = self.fail
        if state is not None:
            c.fill = self.fills[state]
        if wrap:
            c.alignment = self.wrap
        return c


def _matrix_sheet(ws: Worksheet, report: Report, t: Labels, styles: _Styles) -> None:
    m = report.matrix
    marks = {"self": "", "blocked": "", "blocked-probed": "", "reachable": "✗", "disagree": "!"}
    ws.freeze_panes = "B2"
    ws.column_dimensions["A"].width = 22
    ws.append([f"{t['source']} \\ {t['destination']}", *[view.muni_label(report, c) for c in m.order]])
    for i, code in enumerate(m.order):
        cells = [styles.cell(ws, marks[s], state=s) for s in (cell_state(m, i, j) for j in range(m.size))]
        ws.append([view.muni_label(report, code), *cells])
