"""The embedded network lab end to end: up, probes, collect, a leak caught, down.

Tests run in file order on one lab; the leak test breaks it on purpose, ``down`` ends it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kyodo.lab import netlab
from kyodo.lab.netns import lab_namespaces

pytestmark = pytest.mark.lab
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lab"


def _kyodo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from kyodo.cli import main; main()", *args],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300, check=False)


def _probe(tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "probe.json"
    proc = _kyodo("probe", "--out", str(out))
    assert proc.returncode in (0, 1), proc.stderr
    doc: dict[str, Any] = json.loads(out.read_text())
    assert (proc.returncode == 0) == doc["compliant"]
    return doc


def test_every_component_runs(lab_base: Path) -> None:
    state, rows = netlab.status(lab_base)
    assert state is not None and rows
    assert [r for r in rows if r.health not in ("running", "ok", "running, 1 CHILD_SA")] == []
    charons = [r for r in rows if "/charon@" in r.name]
    assert charons and all(r.health == "running, 1 CHILD_SA" for r in charons)
    assert {r.name.split("/")[1] for r in rows if "/" in r.name} >= {"zebra", "staticd", "sshd", "namespaces"}


def test_probe_isolates_every_pair_and_opens_required_flows(lab_base: Path, tmp_path: Path) -> None:
    doc = _probe(tmp_path)
    assert doc["schema"] == "kyodo.probe/1"
    reach = doc["matrix"]["reachable"]
    n = len(doc["matrix"]["order"])
    assert n == 4
    assert [(i, j) for i in range(n) for j in range(n) if reach[i][j]] == []   # diagonal: not a pair
    assert [f for f in doc["flows"] if f["actual"] == "allowed" and f["expected"] == "blocked"] == []
    required = [f for f in doc["flows"] if f["expected"] == "allowed" and f["dst_zone"] != "lgwan"]
    assert required and [f for f in required if f["actual"] != "allowed"] == []
    assert all(f["method"] == "probe" for f in doc["flows"])


def test_lgwan_exception_is_open(lab_base: Path, tmp_path: Path) -> None:
    doc = _probe(tmp_path)
    ex = [f for f in doc["flows"] if f["dst_zone"] == "lgwan" and f["expected"] == "allowed"]
    assert ex and all(f["actual"] == "allowed" for f in ex)


def test_collect_writes_sectioned_running_configs(lab_base: Path, tmp_path: Path) -> None:
    proc = _kyodo("lab", "collect", "--out", str(tmp_path / "snap"))
    assert proc.returncode == 0, proc.stderr
    state = netlab.load_state(lab_base)
    assert state is not None
    for r in state.routers:
        text = (tmp_path / "snap" / "configs" / f"{r['hostname']}.cfg").read_text()
        assert text.startswith("#### kyodo:section frr\n")
        assert f"hostname {r['hostname']}" in text
        for vrf in r["vrfs"]:
            assert f"#### kyodo:section nftables vrf={vrf}" in text
    core = (tmp_path / "snap" / "configs" / "dc-core1.cfg").read_text()
    assert "#### kyodo:section swanctl vrf=M" in core


def _vty(lab_base: Path, address: str) -> Any:
    from netmiko import ConnectHandler

    from kyodo.lab.netcollect import _password
    from kyodo.lab.netssh import VTY_USER, known_hosts

    return ConnectHandler(device_type="cisco_ios", host=address, username=VTY_USER, password=_password(lab_base),
                          ssh_strict=True, system_host_keys=False, alt_host_keys=True,
                          alt_key_file=str(known_hosts(lab_base)))


def test_write_memory_saves_the_device_own_config(lab_base: Path) -> None:
    from kyodo.lab.netnames import net_dir

    state = netlab.load_state(lab_base)
    assert state is not None
    r = state.routers[0]
    saved = net_dir(lab_base) / "devices" / r["hostname"] / "frr" / "frr.conf"
    before = saved.stat().st_mtime_ns
    host_conf = Path("/etc/frr/frr.conf")
    host_before = host_conf.stat().st_mtime_ns if host_conf.exists() else None
    conn = _vty(lab_base, r["ssh"])
    try:
        assert conn.find_prompt() == f"{r['hostname']}#"
        out = conn.save_config()
    finally:
        conn.disconnect()
    assert str(saved) in out
    assert saved.stat().st_mtime_ns > before
    assert f"hostname {r['hostname']}" in saved.read_text()
    assert (host_conf.stat().st_mtime_ns if host_conf.exists() else None) == host_before


def _verify_lab() -> dict[str, Any]:
    proc = _kyodo("verify", "--lab", "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    doc: dict[str, Any] = json.loads(proc.stdout)
    assert (proc.returncode == 0) == doc["compliant"]
    return doc


def test_static_proof_on_collected_configs_agrees_with_packets(lab_base: Path) -> None:
    doc = _verify_lab()
    assert doc["compliant"], [f["summary"] for f in doc["findings"]]
    assert not [f for f in doc["findings"] if f["rule"] == "probe.disagree"]


def test_a_leak_made_through_the_device_cli_is_caught(lab_base: Path, tmp_path: Path) -> None:
    from kyodo.lab.netcollect import VTY_ERRORS, _password, shell

    lm = netlab.lab_model(netlab.load_state(lab_base), lab_base)  # type: ignore[arg-type]
    a, b = lm.model.municipalities[0], lm.model.municipalities[1]
    core = lm.plan.router(lm.model.dc_core.name)
    fill = {"a": a.vrf, "b": b.vrf, "a_server": a.server.subnet, "b_server": b.server.subnet}
    password = _password(lab_base)
    shell(core.ssh_address, password, lab_base, (FIXTURES / "break_isolation.sh").read_text().format(**fill))
    conn = _vty(lab_base, core.ssh_address)
    try:
        lines = (FIXTURES / "break_isolation.vtysh").read_text().format(**fill).splitlines()
        conn.send_config_set(lines, error_pattern=VTY_ERRORS)
    finally:
        conn.disconnect()
    doc = _probe(tmp_path)
    order = doc["matrix"]["order"]
    assert doc["matrix"]["reachable"][order.index(a.code)][order.index(b.code)] is True
    assert doc["matrix"]["reachable"][order.index(b.code)][order.index(a.code)] is True
    assert doc["summary"]["unexpected_open"] > 0 and not doc["compliant"]
    codes = set(doc["matrix"]["order"])
    cross = {(f["src"], f["dst"]) for f in doc["flows"] if f["expected"] == "blocked" and f["actual"] == "allowed"
             and f["src"] in codes and f["dst"] in codes and f["src"] != f["dst"]}
    assert cross == {(a.code, b.code), (b.code, a.code)}
    # the static proof on the configs collected now sees the same leak, and agrees with the packets
    static = _verify_lab()
    pairs = {tuple(f["municipalities"]) for f in static["findings"] if f["rule"] == "isolation.pair"}
    assert (a.code, b.code) in pairs or (b.code, a.code) in pairs, [f["summary"] for f in static["findings"]]
    order = static["matrix"]["order"]
    assert static["matrix"]["reachable"][order.index(a.code)][order.index(b.code)] is True
    assert not [f["summary"] for f in static["findings"] if f["rule"] == "probe.disagree"]


def test_down_leaves_nothing_and_is_idempotent(lab_base: Path) -> None:
    state = netlab.load_state(lab_base)
    assert state is not None
    pids = [p["pid"] for p in state.procs]
    proc = _kyodo("lab", "down")
    assert proc.returncode == 0, proc.stderr
    assert lab_namespaces() == []
    assert [p for p in pids if Path(f"/proc/{p}").exists()
            and "Z" not in Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0]] == []
    assert netlab.load_state(lab_base) is None
    assert _kyodo("lab", "down").returncode == 0
