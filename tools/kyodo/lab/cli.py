"""`kyodo lab setup|up|status|down|collect` and `kyodo probe`."""

from __future__ import annotations

import json
import sys
import threading
import time
from importlib.util import find_spec
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.live import Live
from rich.table import Table

from kyodo.errors import InputError, KyodoError
from kyodo.lab.netnames import lab_dir
from kyodo.paths import project_root

console = Console(stderr=True)

SotOpt = Annotated[Path | None, typer.Option("--sot", help="lab SoT (default inventory/lab/sot)")]


def register(app: typer.Typer) -> None:
    lab = typer.Typer(help="The embedded lab: real FRR/strongSwan/nftables in namespaces + vSphere simulator.",
                      no_args_is_help=True)
    lab.command("setup")(setup)
    lab.command("up")(up)
    lab.command("status")(status)
    lab.command("down")(down)
    lab.command("collect")(collect)
    app.add_typer(lab, name="lab")
    app.command("probe")(probe)


def _need_root() -> None:
    import os

    if os.geteuid() != 0:
        raise InputError("the lab needs root (network namespaces, daemons)")


class _Board:
    """A live table: one row per component, its latest status and the time since start."""

    def __init__(self) -> None:
        self.t0 = time.monotonic()
        self.rows: dict[str, tuple[str, float]] = {}
        self.lock = threading.Lock()
        self.live: Live | None = None

    def table(self) -> Table:
        t = Table("component", "status", "t (s)", title="kyodo lab")
        with self.lock:
            for name, (text, at) in self.rows.items():
                t.add_row(name, text, f"{at:5.1f}")
        return t

    def __call__(self, component: str, text: str) -> None:
        with self.lock:
            self.rows[component] = (text, time.monotonic() - self.t0)
        if self.live is not None:
            self.live.update(self.table())


def setup() -> None:
    """Install the lab's packages and build the vSphere simulator (idempotent)."""
    _need_root()
    if find_spec("kyodo.lab.setup") is None:
        raise KyodoError("kyodo.lab.setup is not available in this checkout")
    from kyodo.lab import setup as lab_setup

    lab_setup.setup(lambda line: console.print(line, markup=False, highlight=False))


def _vcsim_module() -> Any:
    if find_spec("kyodo.lab.vcsim") is None:
        return None
    from kyodo.lab import vcsim

    return vcsim


def up(
    sot: SotOpt = None,
    municipalities: Annotated[int | None, typer.Option("--municipalities", "-n",
                                                       help="first N of the SoT (or N generated ones)")] = None,
    vsphere: Annotated[bool, typer.Option("--vsphere/--no-vsphere", help="start the vSphere simulator")] = True,
    ssh: Annotated[bool, typer.Option("--ssh/--no-ssh", help="sshd per device")] = True,
    bare: Annotated[bool, typer.Option("--bare", help="devices without any municipality configured: "
                                       "onboard them with provision-municipality --lab")] = False,
) -> None:
    """Bring the lab up: namespaces, FRR, nftables, IPsec, stand-ins, SSH (and vSphere)."""
    _need_root()
    from kyodo.lab import netlab
    from kyodo.lab.netmodel import load_model

    board = _Board()
    vsphere_error = None
    with Live(board.table(), console=console, refresh_per_second=8) as live:
        board.live = live
        state = netlab.up(sot or project_root() / "inventory" / "lab" / "sot", municipalities, progress=board,
                          ssh=ssh, bare=bare)
        if vsphere:
            vcsim = _vcsim_module()
            if vcsim is None:
                board("vsphere", "skipped: kyodo.lab.vcsim is not in this checkout")
            else:
                board("vsphere", "starting simulator")
                try:
                    handle = vcsim.start(lab_dir(), load_model(Path(state.sot), Path(state.ledger)))
                    board("vsphere", f"running ({getattr(handle, 'url', 'up')})")
                except KyodoError as exc:      # the network half stays up; say so and fail
                    vsphere_error = str(exc)
                    board("vsphere", "FAILED")
    for w in state.warnings:
        console.print(f"warning: {w}", style="yellow", markup=False)
    console.print(f"network lab up in {state.timings.get('total', 0):.1f} s ({len(state.codes)} municipalities)")
    if vsphere_error:
        console.print(f"error: vSphere simulator: {vsphere_error}", style="red", markup=False)
        raise typer.Exit(1)


def status(as_json: Annotated[bool, typer.Option("--json", help="machine-readable")] = False) -> None:
    """Components, PIDs, addresses and health of the running lab."""
    from kyodo.lab import netlab

    state, rows = netlab.status()
    vcsim = _vcsim_module()
    vs = vcsim.status(lab_dir()) if vcsim is not None else None
    if as_json:
        doc = {"up": state is not None, "municipalities": state.codes if state else [],
               "components": [r.__dict__ for r in rows], "warnings": state.warnings if state else [],
               "devices": state.routers if state else [], "stand_ins": state.hosts if state else [],
               "vsphere": getattr(vs, "url", None)}
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
        return
    if state is None:
        console.print("the lab is down")
        raise typer.Exit(1)
    t = Table("component", "pid", "where", "health", title=f"kyodo lab: {', '.join(state.codes)}")
    for r in rows:
        t.add_row(r.name, str(r.pid or ""), r.where, r.health)
    t.add_row("vsphere", "", getattr(vs, "url", "") or "", "running" if vs else "not running")
    Console().print(t)
    for w in state.warnings:
        console.print(f"warning: {w}", style="yellow", markup=False)
    if any(not (r.health.startswith("running") or r.health == "ok") or "NO CHILD_SA" in r.health for r in rows):
        raise typer.Exit(1)


def down() -> None:
    """Stop every lab process by its PID and remove its namespaces and state (safe to run twice)."""
    _need_root()
    from kyodo.lab import netlab

    vcsim = _vcsim_module()
    if vcsim is not None:
        vcsim.stop(lab_dir())
    result = netlab.down()
    console.print(f"lab down: stopped {result['processes']} process(es), removed {result['namespaces']} namespace(s)")


def collect(out: Annotated[Path, typer.Option("--out", help="snapshot folder to write (configs/<host>.cfg)")]) -> None:
    """Collect running configs from the lab devices over SSH (vtysh, nft per VRF, swanctl)."""
    _need_root()
    from kyodo.lab import netcollect

    written = netcollect.collect(out)
    console.print(f"collected {len(written)} device config(s) into {out / 'configs'}")


def probe(
    out: Annotated[Path | None, typer.Option("--out", help="file to write (default stdout)")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="seconds per connect")] = 1.0,
) -> None:
    """Real packets between the lab's namespaces; JSON kyodo.probe/1. Exit 1 when a flow is unexpected."""
    _need_root()
    from kyodo.lab import netlab
    from kyodo.lab import probe as lab_probe

    state = netlab.load_state()
    if state is None:
        raise InputError("the lab is not up: run 'kyodo lab up' first")
    lm = netlab.lab_model(state, lab_dir())
    doc = lab_probe.probe(lm.model, lm.plan, timeout=timeout)
    text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    s = doc["summary"]
    console.print(f"probe: {s['flows']} flows in {doc['elapsed_s']:.1f} s; {s['as_expected']} as expected, "
                  f"{s['unexpected_open']} unexpectedly open, {s['unexpected_blocked']} unexpectedly blocked")
    if not doc["compliant"]:
        raise typer.Exit(1)
