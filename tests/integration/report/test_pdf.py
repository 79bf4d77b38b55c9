"""The PDF report (Chromium prints the HTML): the same sections, read back with pdftotext,
fonts embedded, and no secret in its text. The PDFs are kept under test-artifacts/report/."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kyodo.report.build import build
from kyodo.report.i18n import Labels, Lang
from kyodo.report.inputs import ProbeDoc, VerifyDoc
from kyodo.report.model import Report
from kyodo.report.names import directory
from kyodo.report.write import write_report

from .conftest import FIX, SAMPLE_SOT, chromium_or_skip, poppler_or_skip

pytestmark = pytest.mark.browser
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


def _model(name: str) -> Report:
    v = json.loads((FIX / f"{name}.verify.json").read_text(encoding="utf-8"))
    p = json.loads((FIX / f"{name}.probe.json").read_text(encoding="utf-8"))
    return build(VerifyDoc.model_validate(v), directory(SAMPLE_SOT), ProbeDoc.model_validate(p))


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize(("name", "lang"), [("violations-19", "ja"), ("violations-19", "en"), ("compliant-19", "en")])
def test_pdf_has_the_sections(tmp_path: Path, artifacts: Path, name: str, lang: Lang) -> None:
    chromium_or_skip()
    poppler_or_skip()
    t = Labels(lang)
    model = _model(name)
    pdf = write_report(model, "pdf", lang, tmp_path / f"{name}-{lang}.pdf")[0]
    shutil.copy(pdf, artifacts / pdf.name)
    text = _text(pdf)
    positions = [text.find(t.both(k)) for k in SECTIONS]
    assert -1 not in positions, [t.both(k) for k, p in zip(SECTIONS, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert (t["compliant"] if model.compliant else t["not_compliant"]) in text
    for a, b in model.matrix.reachable_pairs():  # the violating pairs table (horizontal text)
        assert model.by_code[a].label in text and model.by_code[b].label in text
    for f in model.findings:
        assert f.id in text
    assert model.snapshot is not None and model.snapshot.files[0].sha256 in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)  # every font embedded


def test_pdf_has_no_secret(tmp_path: Path) -> None:
    chromium_or_skip()
    poppler_or_skip()
    spec = importlib.util.spec_from_file_location("report_leaky", FIX / "leaky.py")
    assert spec and spec.loader
    mod: Any = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    doc, secrets = mod.leaky_document(tmp_path)
    assert any(s in json.dumps(doc) for s in secrets)
    model = build(VerifyDoc.model_validate(doc), directory(None))
    pdf = write_report(model, "pdf", "en", tmp_path / "leaky.pdf")[0]
    text = _text(pdf)
    assert "********" in text
    assert not [s for s in secrets if s in text or s in pdf.read_bytes().decode("latin-1")]


def test_179_matrix_fits_one_page(tmp_path: Path, artifacts: Path) -> None:
    """Hokkaido: the matrix picture, its title and the table after it are on one printed page."""
    chromium_or_skip()
    poppler_or_skip()
    import sys

    sys.path.insert(0, str(FIX))
    from make_verify import make_verify, resolved_from

    from kyodo.sot.generate import write_sot

    write_sot(tmp_path / "sot", "01")
    doc = make_verify(resolved_from(tmp_path / "sot"), violations=True)
    model = build(VerifyDoc.model_validate(doc), directory(tmp_path / "sot"))
    t = Labels("en")
    pdf = write_report(model, "pdf", "en", tmp_path / "hokkaido-179-en.pdf")[0]
    shutil.copy(pdf, artifacts / pdf.name)
    pages = _text(pdf).split("\f")
    start = next(k for k, page in enumerate(pages) if t.both("sec_matrix") in page)
    assert t["violating_pairs"] in pages[start], "the matrix picture spilled over a page"
