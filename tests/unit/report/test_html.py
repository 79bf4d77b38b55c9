"""The HTML report: self-contained (no script, no fetch), escaped, every section present."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kyodo.report.html import render_html, write_html
from kyodo.report.i18n import Labels, Lang
from kyodo.report.model import Muni, Report

SECTIONS = ("summary", "matrix", "paths", "findings", "three-layer", "placement", "vpn", "snapshot")


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.refs: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for k, v in attrs:
            if k in ("src", "href", "srcset", "action", "poster", "data") and v:
                self.refs.append(v)
            if k == "id" and v:
                self.ids.append(v)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_self_contained(violations: Report, lang: Lang) -> None:
    html = render_html(violations, lang)
    p = _Refs()
    p.feed(html)
    assert "script" not in p.tags and "link" not in p.tags and "img" not in p.tags
    assert all(r.startswith(("#", "data:")) for r in p.refs), p.refs
    assert not re.search(r"url\(\s*['\"]?(?!data:)", html), "CSS must not fetch"
    assert re.findall(r"https?://[^\s\"'<>]+", html) == ["http://www.w3.org/2000/svg"]  # SVG namespace only
    for s in SECTIONS:
        assert s in p.ids
    assert f'lang="{lang}"' in html


def test_labels_in_the_chosen_language(violations: Report) -> None:
    ja, en = render_html(violations, "ja"), render_html(violations, "en")
    assert Labels("ja")["not_compliant"] in ja and "Not compliant" in en
    assert "遮断すべき経路" in ja and "遮断すべき経路" not in en


def test_data_is_escaped(violations: Report) -> None:
    code = violations.municipalities[0].code
    evil = Muni(code=code, name="<img src=x onerror=alert(1)>", kana="")
    r = replace(violations, by_code={**violations.by_code, code: evil})
    html = render_html(r, "en")
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_large_scope_links_a_matrix_csv(violations: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kyodo.report.svg as svg_mod

    monkeypatch.setattr(svg_mod, "SVG_LIMIT", 5)
    written = write_html(violations, "en", tmp_path / "r.html")
    assert [p.name for p in written] == ["r.html", "r.matrix.csv"]
    text = written[0].read_text(encoding="utf-8")
    assert "<svg" not in text and 'href="r.matrix.csv"' in text and "data:text/csv;base64," in text
    rows = written[1].read_text(encoding="utf-8").splitlines()
    assert len(rows) == violations.matrix.size + 1
    ones = {
        (rows[0].split(",")[j], row.split(",")[0])
        for row in rows[1:]
        for j, v in enumerate(row.split(","))
        if j and v == "1"
    }
    assert {(b, a) for a, b in violations.matrix.reachable_pairs()} == ones
