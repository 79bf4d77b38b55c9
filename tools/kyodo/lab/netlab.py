"""Bring the network lab up, report on it, tear it down.

``up`` builds the model of a lab SoT (allocations in a ledger inside the lab dir), renders
every device's artefact with the real ``linux_frr`` platform, wires the namespaces of the
plan, starts FRR/charon/nftables per device and applies each artefact section in its
namespace, starts the stand-in listeners and the per-device SSH servers, and waits for every
IPsec tunnel. ``down`` stops every process by its pid and deletes every lab namespace; it is
safe to run twice, and ``up`` runs it first (stale namespaces from a killed session).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kyodo.errors import KyodoError
from kyodo.lab import netdaemons as nd
from kyodo.lab import netmodel
from kyodo.lab.netmodel import LabModel, lab_sot, lab_vault, load_model, vault_path
from kyodo.lab.netnames import lab_dir, net_dir
from kyodo.lab.netns import build, delete_namespaces, lab_namespaces, ns_pids, run
from kyodo.lab.netplan import LabPlan, Router

Progress = Callable[[str, str], None]  # (component, status text)
STATE_FILE = "state.json"
# namespaces and 127.0.0.x addresses are machine-wide: one network lab per machine. This file
# names the lab dir of the running one, so 'up' from another lab dir stops it first.
ACTIVE = Path("/run/kyodo-lab-net.active")
SCHEMA = "kyodo.lab.net/1"
_CHILD_RE = re.compile(r"^\s{2}(\S+): (?:TUNNEL|TRANSPORT)", re.MULTILINE)


def _quiet(component: str, status: str) -> None:
    return None


class LabError(KyodoError):
    exit_code = 5


@dataclass
class LabState:
    sot: str
    ledger: str
    codes: list[str]
    started: float
    procs: list[dict[str, Any]] = field(default_factory=list)
    routers: list[dict[str, Any]] = field(default_factory=list)
    hosts: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    schema: str = SCHEMA

    def save(self, base: Path) -> None:
        path = net_dir(base) / STATE_FILE
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2, ensure_ascii=False))
        os.replace(tmp, path)


def load_state(base: Path | None = None) -> LabState | None:
    path = net_dir(base or lab_dir()) / STATE_FILE
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    if data.get("schema") != SCHEMA:
        return None
    return LabState(**data)


def lab_model(state: LabState, base: Path) -> LabModel:
    """The model, plan and rendered artefacts of a running (or starting) lab."""
    return netmodel.lab_model(Path(state.sot), Path(state.ledger), base)


# --- up ----------------------------------------------------------------------------------


def up(
    sot: Path,
    municipalities: int | None = None,
    *,
    base: Path | None = None,
    progress: Progress = _quiet,
    ssh: bool = True,
    ipsec_timeout: float = 15.0,
    bare: bool = False,
) -> LabState:
    base = base or lab_dir()
    t0 = time.monotonic()
    other = _active()
    if other is not None and other != base.resolve():
        down(base=other, progress=progress)
    down(base=base, progress=progress)
    ACTIVE.write_text(str(base.resolve()))
    nd_dir = net_dir(base)
    nd_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(nd_dir, 0o755)
    _check_traversable(nd_dir)
    sot_path = lab_sot(sot, municipalities, base)
    ledger = nd_dir / "ledger.sqlite"
    progress("model", "allocating and rendering")
    model = load_model(sot_path, ledger)
    from kyodo.ipam.ledger import Ledger

    for m in model.municipalities:  # lab up deploys every municipality; --bare leaves them to provisioning
        Ledger(ledger).mark_deployed(m.code, "lab-up", not bare)
    state = LabState(
        sot=str(sot_path), ledger=str(ledger), codes=[m.code for m in model.municipalities], started=time.time()
    )
    state.save(base)
    lm = lab_model(state, base)
    progress(
        "model", f"{len(lm.plan.routers)} devices, {len(lm.plan.hosts)} stand-ins, {len(lm.plan.namespaces)} namespaces"
    )
    state.routers = [
        {"hostname": r.hostname, "ns": r.ns, "vrfs": dict(r.vrfs), "ssh": r.ssh_address} for r in lm.plan.routers
    ]
    state.hosts = [
        {"name": h.name, "ns": h.ns, "zone": h.zone, "municipality": h.municipality, "address": h.address}
        for h in lm.plan.hosts
    ]
    state.timings["model"] = time.monotonic() - t0
    try:
        _bring_up(lm, state, base, progress, ssh=ssh, ipsec_timeout=ipsec_timeout)
    finally:
        state.timings["total"] = time.monotonic() - t0
        state.save(base)
    return state


def _check_traversable(path: Path) -> None:
    """FRR drops to user frr: every parent of the lab dir must be searchable by others."""
    for p in [path, *path.parents]:
        if not p.stat().st_mode & 0o001:
            raise LabError(
                f"the lab dir {path} is not reachable by the frr user ({p} is not o+x); "
                "choose another KYODO_LAB_DIR (default /var/tmp/kyodo-lab)"
            )


def _bring_up(
    lm: LabModel, state: LabState, base: Path, progress: Progress, *, ssh: bool, ipsec_timeout: float
) -> None:
    from kyodo.platforms.linux_frr.sections import split

    t = time.monotonic()
    progress("namespaces", f"wiring {len(lm.plan.namespaces)} namespaces, {len(lm.plan.veths)} veths")
    build(lm.plan)
    state.timings["namespaces"] = time.monotonic() - t
    progress("namespaces", "up")

    def device(r: Router) -> list[nd.Proc]:
        sections = split(lm.configs[r.hostname])
        frr = "\n".join(s.body for s in sections if s.kind == "frr")
        progress(r.hostname, "starting FRR")
        procs = nd.start_frr(r, net_dir(base), frr)
        state.procs += [asdict(p) for p in procs]
        errors = nd.load_frr(r, net_dir(base))
        if errors:
            state.warnings.append(f"{r.hostname}: vtysh -b: " + " | ".join(errors[:5]))
        ddir = nd.router_dir(net_dir(base), r.hostname)
        for s in sections:
            if s.kind == "nftables":
                progress(r.hostname, f"nftables {s.vrf or 'global'}")
                nd.apply_nft(r.ns_of(s.vrf), s.body, ddir / f"nft-{s.vrf or 'global'}.nft")
        swan = {s.vrf: s.body for s in sections if s.kind == "swanctl"}
        for vrf in sorted(set(r.charon_vrfs) | set(swan)):  # a charon wherever IPsec may run, loaded or empty
            progress(r.hostname, f"charon {vrf or 'global'}")
            p = nd.start_charon(r, vrf, net_dir(base), swan.get(vrf, "connections {\n}\nsecrets {\n}"))
            state.procs.append(asdict(p))
            procs.append(p)
        progress(r.hostname, f"up ({len(procs)} daemons)")
        return procs

    t = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(device, lm.plan.routers))
    state.timings["devices"] = time.monotonic() - t
    state.save(base)

    t = time.monotonic()
    progress("stand-ins", f"listeners for {len(lm.plan.hosts)} stand-ins")
    state.procs.append(asdict(start_listeners(lm.plan, base)))
    state.timings["listeners"] = time.monotonic() - t
    progress("stand-ins", "listening")
    state.save(base)

    if ssh:
        from kyodo.lab import netssh

        t = time.monotonic()
        progress("ssh", "host keys, users, sshd per device")
        state.procs += [asdict(p) for p in netssh.start_all(lm.plan, base, lab_vault(lm.model, base))]
        state.timings["ssh"] = time.monotonic() - t
        progress("ssh", f"{len(lm.plan.routers)} devices reachable")
        state.save(base)

    t = time.monotonic()
    progress("ipsec", "waiting for tunnels")
    pending = wait_ipsec(lm.plan, base, ipsec_timeout, lm.configs)
    state.timings["ipsec"] = time.monotonic() - t
    if pending:
        state.warnings.append("IPsec not established: " + ", ".join(pending))
        progress("ipsec", f"NOT established: {', '.join(pending)}")
    else:
        progress("ipsec", "all tunnels established")


def start_listeners(lab: LabPlan, base: Path) -> nd.Proc:
    by_ns: dict[str, dict[str, Any]] = {}
    for h in lab.hosts:
        entry = by_ns.setdefault(
            h.ns, {"ns": h.ns, "addresses": [], "tcp": list(lab.tcp_ports), "udp": list(lab.udp_ports)}
        )
        for a in (h.address, *(x.split("/")[0] for x in h.extra)):
            if a not in entry["addresses"]:
                entry["addresses"].append(a)
    spec = net_dir(base) / "listeners.json"
    spec.write_text(json.dumps(list(by_ns.values()), indent=1))
    ready = spec.with_suffix(".ready")
    ready.unlink(missing_ok=True)
    with open(net_dir(base) / "listeners.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kyodo.lab.listen", str(spec)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 10
    while not ready.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise LabError(f"the stand-in listeners did not start (see {net_dir(base) / 'listeners.log'})")
        time.sleep(0.02)
    return nd.Proc("stand-ins/listeners", proc.pid, "")


def ipsec_ends(lab: LabPlan, configs: dict[str, str] | None = None) -> list[tuple[Router, str]]:
    """(router, VRF) of every charon that has connections to establish."""
    from kyodo.platforms.linux_frr.sections import split

    def loaded(r: Router, vrf: str) -> bool:
        if configs is None:
            return True
        return any(
            s.kind == "swanctl" and s.vrf == vrf and "remote_addrs" in s.body for s in split(configs[r.hostname])
        )

    return [(r, vrf) for r in lab.routers for vrf in r.charon_vrfs if loaded(r, vrf)]


def sa_count(r: Router, vrf: str, base: Path) -> int:
    try:
        out = nd.swanctl(r, vrf, net_dir(base), "--list-sas", timeout=5)
    except KyodoError:
        return 0
    return out.count("INSTALLED")


def wait_ipsec(lab: LabPlan, base: Path, timeout: float, configs: dict[str, str] | None = None) -> list[str]:
    """Wait until every loaded charon has an installed CHILD_SA; initiate once from the CPE side if not."""
    ends = ipsec_ends(lab, configs)
    deadline = time.monotonic() + timeout
    initiated: set[str] = set()
    while True:
        pending = [(r, v) for r, v in ends if sa_count(r, v, base) == 0]
        if not pending or time.monotonic() > deadline:
            return [f"{r.hostname}@{v or 'global'}" for r, v in pending]
        for r, v in pending:
            key = f"{r.hostname}@{v}"
            if v == "" and key not in initiated and time.monotonic() > deadline - timeout + 2:
                initiated.add(key)
                conns = nd.swanctl(r, v, net_dir(base), "--list-conns")
                for child in _CHILD_RE.findall(conns):
                    with contextlib.suppress(KyodoError, subprocess.TimeoutExpired):
                        nd.swanctl(r, v, net_dir(base), "--initiate", "--child", child, "--timeout", "5", timeout=8)
        time.sleep(0.1)


# --- down and status -------------------------------------------------------------------


def _lab_ns_inodes() -> set[int]:
    out = set()
    for ns in lab_namespaces():
        with contextlib.suppress(OSError):
            out.add(os.stat(f"/run/netns/{ns}").st_ino)
    return out


def _ours(pid: int, base: Path, inodes: set[int]) -> bool:
    """A recorded pid is ours if it still runs in a lab namespace or names the lab dir (pid reuse)."""
    try:
        if os.stat(f"/proc/{pid}/ns/net").st_ino in inodes:
            return True
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False
    return str(base) in cmd or "kyodo.lab.listen" in cmd


def down(*, base: Path | None = None, progress: Progress = _quiet) -> dict[str, int]:
    """Stop every lab process by pid, delete every lab namespace and the network state. Idempotent."""
    base = base or lab_dir()
    state = load_state(base)
    inodes = _lab_ns_inodes()
    stopped = 0
    pids: list[int] = []
    if state:
        pids += [p["pid"] for p in reversed(state.procs)]
    pids += _pid_files(net_dir(base))
    for pid in dict.fromkeys(pids):
        if nd.pid_alive(pid) and _ours(pid, base, inodes):
            nd.stop_pid(pid)
            stopped += 1
    namespaces = lab_namespaces()
    for ns in namespaces:  # anything else still running inside a lab namespace
        for pid in ns_pids(ns):
            nd.stop_pid(pid, timeout=1.0)
            stopped += 1
    delete_namespaces(namespaces)
    from kyodo.lab import netssh

    netssh.remove_users()
    shutil.rmtree(net_dir(base), ignore_errors=True)
    with contextlib.suppress(FileNotFoundError):
        vault_path(base).unlink()
    if _active() == base.resolve():
        ACTIVE.unlink(missing_ok=True)
    progress("down", f"stopped {stopped} process(es), deleted {len(namespaces)} namespace(s)")
    return {"processes": stopped, "namespaces": len(namespaces)}


def _active() -> Path | None:
    try:
        return Path(ACTIVE.read_text().strip())
    except OSError:
        return None


def _pid_files(d: Path) -> list[int]:
    out = []
    if d.is_dir():
        for f in d.rglob("*.pid"):
            with contextlib.suppress(OSError, ValueError):
                out.append(int(f.read_text().strip()))
    return out


@dataclass(frozen=True)
class Component:
    name: str
    pid: int | None
    where: str
    health: str


def status(base: Path | None = None) -> tuple[LabState | None, list[Component]]:
    base = base or lab_dir()
    state = load_state(base)
    if state is None:
        return None, []
    rows = []
    existing = set(lab_namespaces())
    for p in state.procs:
        alive = nd.pid_alive(p["pid"])
        health = "running" if alive else "DEAD"
        host, _, daemon = p["component"].partition("/")
        if alive and daemon.startswith("charon@"):
            vrf = daemon.split("@", 1)[1]
            vici = nd.charon_dir(net_dir(base), host, "" if vrf == "global" else vrf) / "charon.vici"
            out = run(["swanctl", "--list-sas", "--uri", f"unix://{vici}"], check=False, timeout=5).stdout
            sas = out.count("INSTALLED")
            health = f"running, {sas} CHILD_SA" if sas else "running, NO CHILD_SA"
        rows.append(Component(p["component"], p["pid"], p["ns"] or "host", health))
    for r in state.routers:
        missing = [ns for ns in (r["ns"], *r["vrfs"].values()) if ns not in existing]
        rows.append(
            Component(
                f"{r['hostname']}/namespaces",
                None,
                f"ssh {r['ssh']}",
                "ok" if not missing else f"MISSING {', '.join(missing)}",
            )
        )
    gone = [h["name"] for h in state.hosts if h["ns"] not in existing]
    rows.append(
        Component(
            f"stand-ins ({len(state.hosts)})",
            None,
            ", ".join(sorted({h["address"] for h in state.hosts if h["municipality"] is None})),
            "ok" if not gone else f"MISSING {', '.join(gone[:5])}",
        )
    )
    return state, rows
