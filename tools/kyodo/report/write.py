"""Write a report in one format: the one entry point the CLI (and the provisioning flow) calls."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from kyodo.report.html import render_html, write_html
from kyodo.report.i18n import Lang
from kyodo.report.jsonout import render_json
from kyodo.report.junit import render_junit
from kyodo.report.markdown import render_markdown
from kyodo.report.model import Report
from kyodo.report.tabular import write_csv, write_xlsx

Format = Literal["html", "pdf", "md", "json", "junit", "csv", "xlsx"]
FORMATS: tuple[Format, ...] = ("html", "pdf", "md", "json", "junit", "csv", "xlsx")

_TEXT: dict[str, Callable[[Report, Lang], str]] = {
    "md": render_markdown,
    "json": render_json,
    "junit": render_junit,
}


def write_report(report: Report, fmt: Format, lang: Lang, out: Path) -> list[Path]:
    """Write ``report`` to ``out`` (and any side files the format needs); return the paths written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        return write_html(report, lang, out)
    if fmt == "pdf":
        from kyodo.report.chromium import print_pdf

        with tempfile.TemporaryDirectory(prefix="kyodo-report-") as tmp:
            page = Path(tmp) / "report.html"
            page.write_text(render_html(report, lang), encoding="utf-8")
            print_pdf(page, out)
        return [out]
    if fmt == "csv":
        return write_csv(report, lang, out)
    if fmt == "xlsx":
        return write_xlsx(report, lang, out)
    out.write_text(_TEXT[fmt](report, lang), encoding="utf-8")
    return [out]
