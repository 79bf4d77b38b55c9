"""The isolation matrix as an inline SVG picture (no script, no external reference).

Rows are sources, columns destinations; each label is "code name". Runs of equal cells in a
row are drawn as one rectangle, so the picture stays small for 179 municipalities (32,041
cells); every cell that is reachable or where static analysis and probes disagree is its own
element, with a ``<title>`` tooltip and ``data-src``/``data-dst`` attributes.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from kyodo.report.i18n import Labels
from kyodo.report.model import MatrixView, Report

# beyond this many municipalities the report gives a summary and a CSV instead of a picture
SVG_LIMIT = 250

# above this many municipalities the picture keeps its natural size on screen (scrolls) instead of
# shrinking to the page width, so that labels stay readable
LARGE = 80

# cell state → fill colour (the legend uses the same table)
COLOURS: dict[str, str] = {
    "self": "#bdbdbd",
    "blocked": "#c7e9c0",
    "blocked-probed": "#74c476",
    "reachable": "#d7301f",
    "disagree": "#fd8d3c",
}
LEGEND_KEYS: tuple[tuple[str, str], ...] = (
    ("blocked", "cell_blocked"),
    ("blocked-probed", "cell_agree"),
    ("reachable", "cell_reachable"),
    ("disagree", "cell_disagree"),
    ("self", "cell_self"),
)


@dataclass(frozen=True, slots=True)
class Geometry:
    cell: int
    font: int
    label_w: int

    @staticmethod
    def for_size(n: int, longest_label: float) -> Geometry:
        cell, font = (22, 11) if n <= 30 else (14, 9) if n <= 80 else (10, 8)
        return Geometry(cell=cell, font=font, label_w=int(longest_label * font) + 8)


def _text_width(text: str) -> float:
    """Width in ems: CJK characters are one em, others about half."""
    return sum(1.0 if ord(ch) > 0x2E80 else 0.6 for ch in text)


def cell_state(matrix: MatrixView, i: int, j: int) -> str:
    c = matrix.cell(i, j)
    if c.probe == "disagree":
        return "disagree"
    if c.state == "blocked" and c.probe == "agree":
        return "blocked-probed"
    return c.state


def matrix_svg(report: Report, labels: Labels) -> str | None:
    m = report.matrix
    n = m.size
    if n == 0 or n > SVG_LIMIT:
        return None
    names = [report.by_code[c].label if c in report.by_code else c for c in m.order]
    g = Geometry.for_size(n, max(_text_width(s) for s in names))
    top = g.label_w
    left = g.label_w
    size = n * g.cell
    width, height = left + size + 4, top + size + 4
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="matrix{" large" if n > LARGE else ""}" role="img" '
        f'viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-size="{g.font}" data-size="{n}">',
        f"<title>{escape(labels['sec_matrix'])}</title>",
        '<g class="rows" text-anchor="end">',
    ]
    for i, label in enumerate(names):
        y = top + i * g.cell + g.cell / 2
        out.append(f'<text x="{left - 4}" y="{y:.1f}" dominant-baseline="central">{escape(label)}</text>')
    out.append('</g><g class="cols" text-anchor="start">')
    for j, label in enumerate(names):
        x = left + j * g.cell + g.cell / 2
        out.append(
            f'<text transform="translate({x:.1f},{top - 4}) rotate(-90)" '
            f'dominant-baseline="central">{escape(label)}</text>'
        )
    out.append('</g><g class="cells">')
    for i in range(n):
        y = top + i * g.cell
        j = 0
        while j < n:
            state = cell_state(m, i, j)
            if state in ("reachable", "disagree"):
                src, dst = m.order[i], m.order[j]
                what = labels["cell_reachable" if state == "reachable" else "cell_disagree"]
                tip = f"{names[i]} → {names[j]}: {what}"
                out.append(
                    f'<rect class="cell {state}" data-src="{src}" data-dst="{dst}" '
                    f'x="{left + j * g.cell}" y="{y}" width="{g.cell}" height="{g.cell}" '
                    f'fill="{COLOURS[state]}"><title>{escape(tip)}</title></rect>'
                )
                j += 1
                continue
            k = j + 1
            while k < n and cell_state(m, i, k) == state:
                k += 1
            out.append(
                f'<rect class="run {state}" x="{left + j * g.cell}" y="{y}" '
                f'width="{(k - j) * g.cell}" height="{g.cell}" fill="{COLOURS[state]}"/>'
            )
            j = k
    out.append("</g>")
    out.append(_grid(n, g, left, top))
    out.append("</svg>")
    return "".join(out)


def _grid(n: int, g: Geometry, left: int, top: int) -> str:
    size = n * g.cell
    step = 1 if n <= 80 else 10  # for large matrices a line every ten cells helps the eye
    lines = ['<g class="grid" stroke="#ffffff" stroke-width="0.5">']
    for k in range(0, n + 1, step):
        p = k * g.cell
        lines.append(
            f'<line x1="{left}" y1="{top + p}" x2="{left + size}" y2="{top + p}"/>'
            f'<line x1="{left + p}" y1="{top}" x2="{left + p}" y2="{top + size}"/>'
        )
    lines.append("</g>")
    return "".join(lines)
