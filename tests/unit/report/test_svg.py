"""The matrix picture: valid SVG, one element per violating cell, compact for 179, none past the limit."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from kyodo.report.i18n import Labels
from kyodo.report.model import MatrixView, Muni, Report
from kyodo.report.svg import SVG_LIMIT, matrix_svg

NS = {"s": "http://www.w3.org/2000/svg"}


def _parse(svg: str | None) -> ET.Element:
    assert svg is not None
    return ET.fromstring(svg)


def test_violating_cells_are_elements(violations: Report) -> None:
    root = _parse(matrix_svg(violations, Labels("ja")))
    cells = {
        (r.get("data-src"), r.get("data-dst")): r.get("class")
        for r in root.iterfind(".//s:rect", NS)
        if r.get("data-src")
    }
    assert set(cells) == set(violations.matrix.reachable_pairs())
    for pair in violations.matrix.disagreements():
        assert cells[pair] == "cell disagree"
    labels = [t.text for t in root.iterfind(".//s:g[@class='rows']/s:text", NS)]
    assert labels == [m.label for m in violations.municipalities]
    assert "鳥取市" in " ".join(x or "" for x in labels)


def test_compliant_has_no_violating_cell(compliant: Report) -> None:
    root = _parse(matrix_svg(compliant, Labels("en")))
    assert not [r for r in root.iterfind(".//s:rect", NS) if r.get("data-src")]
    # probes ran and agree: every off-diagonal cell is drawn as "blocked-probed"
    runs = [r for r in root.iterfind(".//s:rect", NS) if "run" in (r.get("class") or "")]
    assert {r.get("class") for r in runs} == {"run blocked-probed", "run self"}


def _square(n: int, reachable: set[tuple[int, int]]) -> Report:
    order = tuple(f"{k:06d}" for k in range(n))
    static = tuple(tuple(i == j or (i, j) in reachable for j in range(n)) for i in range(n))
    munis = tuple(Muni(code=c, name="町", kana="") for c in order)
    base = Report(
        prefecture="01",
        prefecture_name="",
        cloud_name="",
        compliant=not reachable,
        municipalities=munis,
        devices=None,
        vms=None,
        severity_counts=(),
        tested_at="",
        probed_at=None,
        generated_at="",
        tool_name="kyodo",
        tool_version="",
        snapshot=None,
        matrix=MatrixView(order=order, static=static, probe=None),
        paths=(),
        paths_complete=True,
        findings=(),
        three_layer=None,
        placement=None,
        vpn=None,
        by_code={m.code: m for m in munis},
    )
    return base


def test_179_stays_compact() -> None:
    r = _square(179, {(3, 100), (100, 3)})
    svg = matrix_svg(r, Labels("ja"))
    root = _parse(svg)
    rects = list(root.iterfind(".//s:rect", NS))
    assert len(rects) < 179 * 6  # run-length rows, not 32,041 cells
    assert len([x for x in rects if x.get("data-src")]) == 2
    assert svg is not None and len(svg) < 400_000


def test_beyond_the_limit_no_picture() -> None:
    assert matrix_svg(_square(SVG_LIMIT + 1, set()), Labels("ja")) is None


def test_names_are_escaped(violations: Report) -> None:
    evil = Muni(code=violations.municipalities[0].code, name='<script>alert("x")</script>&', kana="")
    r = replace(violations, by_code={**violations.by_code, evil.code: evil})
    svg = matrix_svg(r, Labels("ja"))
    assert svg is not None and "<script>" not in svg and "&lt;script&gt;" in svg
    _parse(svg)


def test_diagonal_is_never_a_pair() -> None:
    m = MatrixView(order=("a", "b"), static=((True, False), (False, True)), probe=((False, False), (False, False)))
    assert m.cell(0, 0).state == "self" and m.cell(0, 0).probe == "none"
    assert m.reachable_pairs() == [] and m.disagreements() == [] and m.probed_pairs() == 2
