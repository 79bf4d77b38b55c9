"""The HTML report in headless Chromium: summary, matrix and violating cells are visible, the
Japanese text is drawn with a CJK font (tofu is silent), no request leaves the file.
A full-page screenshot of each report is kept under test-artifacts/report/."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kyodo.report.chromium import find_chromium
from kyodo.report.i18n import Labels

from .conftest import FIX, LAUNCH_ARGS, SAMPLE_SOT

pytestmark = pytest.mark.browser
CJK = ("CJK", "IPA", "Gothic", "Mincho")


def _make(kyodo_cli: Callable[..., int], out: Path, name: str, lang: str) -> Path:
    rc = kyodo_cli(
        "report",
        "--from",
        str(FIX / f"{name}.verify.json"),
        "--probe",
        str(FIX / f"{name}.probe.json"),
        "--sot",
        str(SAMPLE_SOT),
        "--lang",
        lang,
        "--format",
        "html",
        "--out",
        str(out),
    )
    assert rc == 0
    return out


def _fonts(page: Any, selectors: tuple[str, ...]) -> dict[str, list[str]]:
    """Font families Chromium actually used for the first node matching each selector."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    out = {}
    for selector in selectors:
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, selector
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        out[selector] = [f["familyName"] for f in fonts]
    cdp.detach()
    return out


def _open(browser: Any, html: Path) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(html.as_uri())
    page.wait_for_load_state("load")
    return page, requests


@pytest.mark.parametrize(("name", "lang"), [("violations-19", "ja"), ("violations-19", "en"), ("compliant-19", "ja")])
def test_report_in_browser(
    browser: Any, kyodo_cli: Callable[..., int], tmp_path: Path, artifacts: Path, name: str, lang: str
) -> None:
    t = Labels(lang)  # type: ignore[arg-type]
    verify = json.loads((FIX / f"{name}.verify.json").read_text(encoding="utf-8"))
    probe = json.loads((FIX / f"{name}.probe.json").read_text(encoding="utf-8"))
    html = _make(kyodo_cli, tmp_path / f"{name}-{lang}.html", name, lang)
    page, requests = _open(browser, html)
    try:
        verdict = page.locator("#verdict")
        assert verdict.is_visible()
        expected = t["compliant"] if verify["compliant"] else t["not_compliant"]
        assert verdict.inner_text().strip() == expected
        summary = page.locator("#summary dl.summary")
        assert summary.is_visible() and t["prefecture"] in summary.inner_text()
        matrix = page.locator("#matrix svg.matrix")
        matrix.scroll_into_view_if_needed()
        assert matrix.is_visible()
        box = matrix.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 300
        order = verify["matrix"]["order"]
        expect = {
            (a, b)
            for i, a in enumerate(order)
            for j, b in enumerate(order)
            if i != j and (verify["matrix"]["reachable"][i][j] or probe["matrix"]["reachable"][i][j])
        }
        cells = page.locator("svg.matrix rect.cell")
        assert cells.count() == len(expect)
        for a, b in expect:
            cell = page.locator(f'svg.matrix rect.cell[data-src="{a}"][data-dst="{b}"]')
            cell.scroll_into_view_if_needed()
            assert cell.is_visible()
            cb = cell.bounding_box()
            assert cb and cb["width"] >= 8 and cb["height"] >= 8
            fill = cell.evaluate("e => getComputedStyle(e).fill")
            assert fill in ("rgb(215, 48, 31)", "rgb(253, 141, 60)")  # reachable red / disagree orange
        # every Japanese node is drawn with a CJK font
        for selector, families in _fonts(page, ("h1", "svg.matrix g.rows text", "#summary dl.summary dd")).items():
            assert families and all(any(c in f for c in CJK) for f in families), (selector, families)
        # the summary and the matrix, from the top of the page (a full-page capture costs ~7 s)
        shot = artifacts / f"{name}-{lang}.png"
        page.evaluate("window.scrollTo(0, 0)")
        bottom = page.evaluate("document.querySelector('#matrix').getBoundingClientRect().bottom + window.scrollY")
        page.screenshot(path=str(shot), full_page=True, clip={"x": 0, "y": 0, "width": 1300, "height": bottom})
        assert shot.stat().st_size > 20_000
        assert all(u.startswith(("file:", "data:")) for u in requests), requests
    finally:
        page.close()


def test_font_check_fails_without_a_cjk_font(playwright: Any, kyodo_cli: Callable[..., int], tmp_path: Path) -> None:
    """Negative control: with only DejaVu visible to fontconfig, the CJK font check must fail."""
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if not dejavu.is_dir():
        pytest.skip("fonts-dejavu-core is not installed")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
        f"<dir>{dejavu}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    exe = find_chromium()
    assert exe
    browser = playwright.chromium.launch(executable_path=exe, args=LAUNCH_ARGS, headless=True, env=env)
    try:
        page, _ = _open(browser, _make(kyodo_cli, tmp_path / "r.html", "violations-19", "ja"))
        families = _fonts(page, ("h1",))["h1"]
        assert families and not any(any(c in f for c in CJK) for f in families), families
    finally:
        browser.close()


def test_179_matrix_is_readable(browser: Any, tmp_path: Path, artifacts: Path) -> None:
    """Hokkaido: the picture keeps readable labels (scrolls rather than shrinks) and shows the violation."""
    import sys

    sys.path.insert(0, str(FIX))
    from make_verify import make_probe, make_verify, resolved_from

    from kyodo.report.build import build
    from kyodo.report.inputs import ProbeDoc, VerifyDoc
    from kyodo.report.names import directory
    from kyodo.report.write import write_report
    from kyodo.sot.generate import write_sot

    write_sot(tmp_path / "sot", "01")
    verify = make_verify(resolved_from(tmp_path / "sot"), violations=True)
    order = verify["matrix"]["order"]
    probe = make_probe(verify, disagree=(order[2], order[3]))
    model = build(VerifyDoc.model_validate(verify), directory(tmp_path / "sot"), ProbeDoc.model_validate(probe))
    assert model.matrix.size == 179
    html = write_report(model, "html", "ja", tmp_path / "r179.html")[0]
    page, requests = _open(browser, html)
    try:
        svg = page.locator("svg.matrix")
        box = svg.bounding_box()
        assert box and box["width"] >= 179 * 10
        label = page.locator("svg.matrix g.rows text").first
        size = label.evaluate("e => e.getBoundingClientRect().height")
        assert size >= 8, size  # a label is at least 8 px tall on screen
        for a, b in model.matrix.reachable_pairs():
            cell = page.locator(f'svg.matrix rect.cell[data-src="{a}"][data-dst="{b}"]')
            cell.scroll_into_view_if_needed()
            assert cell.is_visible()
        box = svg.bounding_box()
        assert box
        page.screenshot(
            path=str(artifacts / "hokkaido-179-matrix.png"),
            full_page=True,
            clip={"x": box["x"], "y": box["y"], "width": 900, "height": 700},
        )
        assert all(u.startswith(("file:", "data:")) for u in requests), requests
    finally:
        page.close()
