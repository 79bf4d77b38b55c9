"""What the probe sends and expects, and the kyodo.probe/1 document (no packets)."""

from __future__ import annotations

import ipaddress

from kyodo.lab.netplan import plan
from kyodo.lab.probe import Expectations, Result, document, plan_probes
from kyodo.model import Resolved
from kyodo.platforms.intent import DeviceIntent


def test_expectations_follow_the_intent_catalogue(lab_model: Resolved) -> None:
    exp = Expectations(lab_model)
    a, b = lab_model.municipalities[0], lab_model.municipalities[1]
    client = str(ipaddress.IPv4Network(a.office_clients)[10])
    web = a.vms_of("web_ap")[0].ip
    db = a.vms_of("db")[0].ip
    assert exp.allowed(client, web, "tcp", 443)
    assert not exp.allowed(client, web, "tcp", 22)
    assert not exp.allowed(client, db, "tcp", 1521)
    assert exp.allowed(web, db, "tcp", 1521)
    assert not exp.allowed(web, b.vms_of("db")[0].ip, "tcp", 1521)       # another municipality
    assert exp.allowed(web, lab_model.services[0].address, *_first_port(lab_model))


def _first_port(model: Resolved) -> tuple[str, int]:
    proto, _, port = model.services[0].ports[0].partition("/")
    return proto, int(port)


def test_every_cross_municipality_probe_expects_blocked(lab_model: Resolved,
                                                        lab_intents: dict[str, DeviceIntent]) -> None:
    probes = plan_probes(lab_model, plan(lab_model, lab_intents))
    cross = [p for p in probes if p.kind == "isolation"]
    assert cross and not any(p.expected for p in cross)
    assert all(p.src.municipality != p.dst.municipality for p in cross)
    required = [p for p in probes if p.expected]
    assert {p.kind for p in required} >= {"own", "shared"}


def test_lgwan_exception_is_the_only_allowed_three_layer_flow(lab_model: Resolved,
                                                               lab_intents: dict[str, DeviceIntent]) -> None:
    probes = plan_probes(lab_model, plan(lab_model, lab_intents))
    allowed = [p for p in probes if p.kind == "three_layer" and p.expected]
    with_ex = {m.code for m in lab_model.municipalities if m.lgwan_exceptions}
    assert {p.src.municipality for p in allowed} == with_ex
    assert all(p.dst.zone == "lgwan" and p.src.zone in ("web_ap", "batch") for p in allowed)


def test_document_matrix_and_counts_come_from_results(lab_model: Resolved,
                                                      lab_intents: dict[str, DeviceIntent]) -> None:
    probes = plan_probes(lab_model, plan(lab_model, lab_intents))
    leak = next(p for p in probes if p.kind == "isolation" and p.dst.municipality is not None)
    results = [Result(p, p.expected or p is leak, "2026-01-01T00:00:00Z", "test") for p in probes]
    doc = document(lab_model, results, started=0.0, elapsed=1.0)
    order = doc["matrix"]["order"]
    i, j = order.index(leak.src.municipality), order.index(leak.dst.municipality)
    assert doc["schema"] == "kyodo.probe/1"
    assert doc["matrix"]["reachable"][i][j] is True
    assert sum(row.count(True) for row in doc["matrix"]["reachable"]) == 1     # own flows are not pairs
    assert doc["summary"]["unexpected_open"] == 1 and not doc["compliant"]
    assert all(f["method"] == "probe" for f in doc["flows"])
