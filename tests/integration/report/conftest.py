"""Browser fixtures: Debian's Chromium driven by Python Playwright (never `playwright install`).

Tests are marked ``browser`` and skip, with the reason, when Chromium or Playwright is missing.
Screenshots and PDFs are kept under ``test-artifacts/report/`` (git-ignored).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kyodo.report.chromium import FLAGS, find_chromium

ROOT = Path(__file__).resolve().parents[3]
FIX = ROOT / "tests" / "fixtures" / "report"
SAMPLE_SOT = ROOT / "inventory" / "sot"
ARTIFACTS = ROOT / "test-artifacts" / "report"
# Playwright adds --headless itself
LAUNCH_ARGS = [f for f in FLAGS if f != "--headless"]


def chromium_or_skip() -> str:
    exe = find_chromium()
    if exe is None:
        pytest.skip("Chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    return exe


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    chromium_or_skip()
    sync_api = pytest.importorskip("playwright.sync_api", reason="Python Playwright is not installed")
    with sync_api.sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Any) -> Iterator[Any]:
    b = playwright.chromium.launch(executable_path=chromium_or_skip(), args=LAUNCH_ARGS, headless=True)
    yield b
    b.close()


def poppler_or_skip() -> None:
    if not (shutil.which("pdftotext") and shutil.which("pdffonts")):
        pytest.skip("poppler-utils (pdftotext, pdffonts) is not installed")
