"""Runner events → typed results: statuses, module returns, per-host counters (never stdout)."""

from __future__ import annotations

import json
from pathlib import Path

from kyodo.runner.events import host_summaries, task_result, task_start

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "devices" / "runner"


def _events() -> list[dict[str, object]]:
    return json.loads((FIX / "events.json").read_text())  # type: ignore[no-any-return]


def test_result_events_become_task_results() -> None:
    results = [r for r in (task_result(e) for e in _events()) if r is not None]
    by_host = {r.host: r for r in results}
    assert by_host["cpe-1"].status == "changed" and by_host["cpe-1"].res["commands"] == ["tunnel select 1"]
    assert by_host["cpe-2"].status == "ok"
    assert by_host["cpe-3"].failed and by_host["cpe-3"].msg == "cpe-3: command 2 rejected"
    assert by_host["cpe-4"].status == "failed" and not by_host["cpe-4"].failed   # ignore_errors
    assert by_host["cpe-5"].status == "unreachable" and by_host["cpe-5"].failed
    assert by_host["cpe-6"].status == "skipped"
    assert all("STDOUT" not in json.dumps(dict(r.res)) + r.msg for r in results)


def test_start_events() -> None:
    starts = [s for s in (task_start(e) for e in _events()) if s is not None]
    assert starts == [("", "push"), ("cpe-1", "push")]


def test_host_summaries_from_stats() -> None:
    hosts = host_summaries(json.loads((FIX / "stats.json").read_text()))
    assert sorted(h for h, s in hosts.items() if s.failed) == ["cpe-3", "cpe-5"]
    assert hosts["cpe-1"].changed == 1 and hosts["cpe-4"].ignored == 1 and not hosts["cpe-4"].failed
