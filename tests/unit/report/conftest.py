"""Report fixtures: the stand-in verifier/probe documents (tests/fixtures/report) and their models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kyodo.report.build import build
from kyodo.report.inputs import ProbeDoc, VerifyDoc
from kyodo.report.model import Report
from kyodo.report.names import Directory, directory

ROOT = Path(__file__).resolve().parents[3]
FIX = ROOT / "tests" / "fixtures" / "report"
SAMPLE_SOT = ROOT / "inventory" / "sot"


def raw(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((FIX / name).read_text(encoding="utf-8"))
    return doc


@pytest.fixture(scope="session")
def names() -> Directory:
    return directory(SAMPLE_SOT)


@pytest.fixture(scope="session")
def compliant(names: Directory) -> Report:
    return build(
        VerifyDoc.model_validate(raw("compliant-19.verify.json")),
        names,
        ProbeDoc.model_validate(raw("compliant-19.probe.json")),
        generated_at="2026-12-01T03:00:00Z",
    )


@pytest.fixture(scope="session")
def violations(names: Directory) -> Report:
    return build(
        VerifyDoc.model_validate(raw("violations-19.verify.json")),
        names,
        ProbeDoc.model_validate(raw("violations-19.probe.json")),
        generated_at="2026-12-01T03:00:00Z",
    )
