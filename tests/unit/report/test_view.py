"""Display tables: folding of passing paths for big scopes, summary rows."""

from __future__ import annotations

import pytest

from kyodo.report import view
from kyodo.report.i18n import Labels
from kyodo.report.model import Report


def test_small_scope_lists_every_path(violations: Report) -> None:
    blocked, required = view.path_tables(violations, Labels("en"), fold=True)
    assert len(blocked.rows) + len(required.rows) == len(violations.paths)
    assert not blocked.note


def test_big_scope_folds_passing_paths_only(violations: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(view, "GROUP_ABOVE", 5)
    t = Labels("en")
    blocked, required = view.path_tables(violations, t, fold=True)
    failing = [p for p in violations.paths if not p.passed]
    rows = blocked.rows + required.rows
    assert sum(1 for r in rows if r.status == "fail") == len(failing) > 0
    groups = view.path_groups(violations)
    assert len(rows) == len(failing) + len(groups)
    assert sum(g.count for g in groups) == len(violations.paths) - len(failing)
    assert blocked.note == t["paths_grouped"]
    # CSV/XLSX never fold
    b2, r2 = view.path_tables(violations, t, fold=False)
    assert len(b2.rows) + len(r2.rows) == len(violations.paths)


def test_summary_rows(violations: Report, compliant: Report) -> None:
    t = Labels("ja")
    bad = dict(view.summary_rows(violations, t))
    good = dict(view.summary_rows(compliant, t))
    assert bad[t["verdict"]] == t["not_compliant"] and good[t["verdict"]] == t["compliant"]
    assert bad[t["reachable_pairs"]] == str(len(violations.matrix.reachable_pairs()))
    assert bad[t["tested_how"]] == t["method_both"]
    assert "鳥取県" in bad[t["prefecture"]]
