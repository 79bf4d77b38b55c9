"""The clean rendered sample verifies compliant; each seeded violation is caught by the right
rule naming the right municipalities."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kyodo.verify.engine import Result, verify
from kyodo.verify.snapshot import load_snapshot
from tests.unit.verify.sample import Sample, Scenario, apply, scenarios

SCENARIOS = scenarios()


def run(sample: Sample, snap: Path) -> Result:
    return verify(load_snapshot(snap, sample.platforms), sample.model)


def test_clean_sample_is_compliant(sample: Sample) -> None:
    result = run(sample, sample.clean)
    assert [f"{f.rule}: {f.summary}" for f in result.findings] == []
    assert result.compliant
    n = len(result.matrix.order)
    assert n == len(sample.model.municipalities)
    assert all(not result.matrix.reachable[i][j] for i in range(n) for j in range(n) if i != j)


def test_corpus_is_large_enough() -> None:
    assert len(SCENARIOS) >= 25
    assert len({s.rule for s in SCENARIOS}) >= 12


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.path.stem for s in SCENARIOS])
def test_seeded_violation_is_caught(sample: Sample, scenario: Scenario, tmp_path: Path) -> None:
    hosts = {Path(e["file"]).stem for e in scenario.edits if "file" in e}
    if hosts & sample.substituted:
        pytest.skip(f"{sorted(hosts & sample.substituted)}: platform has no registered parser yet")
    snap = tmp_path / "snap"
    shutil.copytree(sample.clean, snap)
    apply(snap, scenario)
    result = run(sample, snap)
    got = [(f.rule, f.municipalities) for f in result.findings]
    for expected in scenario.expected:
        assert expected in got, got
    assert not [r for r, _ in got if r in scenario.absent], got
    if any(f.rule == scenario.rule and f.failing for f in result.findings):
        assert not result.compliant
