"""probe.disagree: every pair where packets and the static proof differ is a high finding."""

from __future__ import annotations

from kyodo.verify.differential import disagreements
from kyodo.verify.engine import Matrix

STATIC = Matrix(order=("312011", "312029", "312037"),
                reachable=((False, False, False), (False, False, True), (False, False, False)))


def probe_doc(rows: list[list[bool]], order: list[str] | None = None) -> dict[str, object]:
    return {"schema": "kyodo.probe/1", "matrix": {"order": order or list(STATIC.order), "reachable": rows},
            "flows": [{"src": "312011", "dst": "312037", "actual": "allowed", "src_address": "10.64.0.11",
                       "dst_address": "10.64.2.11", "proto": "tcp", "port": "443"}]}


def test_agreement_gives_nothing() -> None:
    assert disagreements(STATIC, probe_doc([[False, False, False], [False, False, True], [False, False, False]])) == []


def test_each_disagreeing_pair_is_named_both_ways() -> None:
    found = disagreements(STATIC, probe_doc([[False, False, True], [False, False, False], [False, False, False]]))
    assert [(f.rule, f.severity, f.municipalities) for f in found] == [
        ("probe.disagree", "high", ("312011", "312037")), ("probe.disagree", "high", ("312029", "312037"))]
    assert "static analysis says blocked, probes say reachable" in found[0].summary
    assert "10.64.0.11 → 10.64.2.11 tcp/443" in found[0].summary
    assert "static analysis says reachable, probes say blocked" in found[1].summary


def test_municipality_missing_from_the_probe_is_reported() -> None:
    found = disagreements(STATIC, probe_doc([[False, False], [False, False]], ["312011", "312029"]))
    assert len(found) == 1 and found[0].municipalities == ("312037",)
