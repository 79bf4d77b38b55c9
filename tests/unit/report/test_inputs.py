"""Input documents: malformed files are InputErrors naming the file and field (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kyodo.errors import InputError
from kyodo.report.inputs import load_probe, load_verify

from .conftest import FIX, raw


def test_fixtures_load() -> None:
    v = load_verify(FIX / "violations-19.verify.json")
    assert len(v.matrix.order) == len(v.municipalities)
    assert load_probe(FIX / "violations-19.probe.json").matrix.order == v.matrix.order


def test_not_json(tmp_path: Path) -> None:
    p = tmp_path / "v.json"
    p.write_text('{"schema": "kyodo.verify/1",\n oops}', encoding="utf-8")
    with pytest.raises(InputError, match=r"v\.json:2: not JSON"):
        load_verify(p)


def test_wrong_schema(tmp_path: Path) -> None:
    doc = raw("compliant-19.verify.json")
    doc["schema"] = "kyodo.probe/1"
    p = tmp_path / "v.json"
    p.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError, match="schema"):
        load_verify(p)


def test_matrix_must_be_square(tmp_path: Path) -> None:
    doc = raw("compliant-19.verify.json")
    doc["matrix"]["reachable"][3] = doc["matrix"]["reachable"][3][:-1]
    p = tmp_path / "v.json"
    p.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError, match=r"matrix.*19×19"):
        load_verify(p)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_verify(tmp_path / "absent.json")
