"""Every validation rule, one bad-input file each: exit 2, FILE:LINE: field: message, nothing written."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from kyodo.errors import ValidationFailed
from kyodo.sot.load import load_sot
from tests.conftest import FIXTURES

CASES: list[dict[str, Any]] = yaml.safe_load((FIXTURES / "sot" / "bad_inputs.yml").read_text(encoding="utf-8"))


def apply_case(sot: Path, case: dict[str, Any]) -> None:
    target = sot / case["file"]
    if "copy_from" in case:
        shutil.copy(sot / case["copy_from"], target)
    if "whole" in case:
        target.write_text(case["whole"], encoding="utf-8")
        return
    if "whole_bytes" in case:
        target.write_bytes(bytes.fromhex(case["whole_bytes"]))
        return
    text = target.read_text(encoding="utf-8")
    assert text.count(case["find"]) == 1, f"{case['name']}: 'find' must occur exactly once in {case['file']}"
    target.write_text(text.replace(case["find"], case["replace"]), encoding="utf-8")


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30
    assert len({c["name"] for c in CASES}) == len(CASES)


def test_sample_is_valid(sample_sot: Path) -> None:
    sot = load_sot(sample_sot, strict=True)
    assert len(sot.municipalities) == 19


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input(
    case: dict[str, Any],
    sample_sot: Path,
    tmp_path: Path,
    kyodo_cli: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    apply_case(sample_sot, case)
    with pytest.raises(ValidationFailed) as info:
        load_sot(sample_sot)
    expect_file = case.get("expect_file", case["file"])
    matches = [
        p
        for p in info.value.problems
        if p.field == case["field"] and case["message"] in p.message and p.file.endswith(expect_file)
    ]
    assert matches, f"no problem on {expect_file} field {case['field']!r} with {case['message']!r}: " + "; ".join(
        str(p) for p in info.value.problems
    )
    if case.get("line"):
        assert matches[0].line == case["line"], str(matches[0])
    # through the CLI: exit 2, located message on stderr, and no ledger or inventory written
    ledger = tmp_path / "ledger.sqlite"
    inv = tmp_path / "inv"
    capsys.readouterr()
    assert kyodo_cli("allocate", "--sot", str(sample_sot), "--ledger", str(ledger)) == 2
    assert kyodo_cli("inventory", "--sot", str(sample_sot), "--ledger", str(ledger), "--out", str(inv)) == 2
    err = capsys.readouterr().err
    assert f"{expect_file}:" in err and f": {case['field']}: " in err.replace("\n", " ")
    assert not ledger.exists()
    assert not inv.exists()


def test_unlisted_code_warns_and_strict_fails(sample_sot: Path) -> None:
    # 319998 has a valid check digit for prefecture 31 but is not a real municipality
    src = sample_sot / "municipalities" / "312011.yml"
    text = src.read_text(encoding="utf-8").replace("code: '312011'", "code: '319996'")
    text = text.replace("name: 鳥取市", "name: 架空町").replace("cpe-312011", "cpe-319996")
    text = text.replace("10.128.0.0/24", "10.129.200.0/24").replace("10.128.1.0/24", "10.129.201.0/24")
    text = text.replace("198.18.0.10", "198.18.9.10").replace("10.252.0.1\n", "10.252.9.1\n")
    (sample_sot / "municipalities" / "319996.yml").write_text(text, encoding="utf-8")
    sot = load_sot(sample_sot)
    assert [w.field for w in sot.warnings] == ["code"]
    assert "not in the national list" in sot.warnings[0].message
    with pytest.raises(ValidationFailed) as info:
        load_sot(sample_sot, strict=True)
    assert any("not in the national list" in p.message for p in info.value.problems)
