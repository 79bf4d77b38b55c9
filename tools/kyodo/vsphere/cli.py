"""`kyodo vsphere collect` and `kyodo vsphere intended`: vsphere.json from vCenter or from the SoT.

vCenter is reached at ``--url`` or ``https://$VMWARE_HOST[:$VMWARE_PORT]/sdk`` or the SoT's
vCenter; the user is ``$VMWARE_USER`` (default administrator@vsphere.local); the password is
``$VMWARE_PASSWORD`` or the SoT's credential reference resolved through the vault. The CA is
``--ca`` or ``$SSL_CERT_FILE`` (the lab's: ``<lab dir>/vcsim/tls/ca.pem``). Never unverified.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from kyodo.ipam.cli import LedgerOpt
from kyodo.ipam.ledger import Ledger
from kyodo.model import Resolved, resolve
from kyodo.paths import default_ledger, default_sot
from kyodo.sot.cli import SotOpt
from kyodo.sot.load import load_sot
from kyodo.vsphere.snapshot import VSphereSnapshot, save

console = Console(stderr=True, soft_wrap=True)
OutOpt = Annotated[Path, typer.Option("--out", help="file to write (vsphere.json)")]


def register(app: typer.Typer) -> None:
    vs = typer.Typer(help="vSphere snapshots: what vCenter holds, what the SoT says it must hold.",
                     no_args_is_help=True)
    vs.command("collect")(collect_cmd)
    vs.command("intended")(intended_cmd)
    app.add_typer(vs, name="vsphere")


def _model(sot: Path | None, ledger: Path | None) -> Resolved:
    s = load_sot(sot or default_sot())
    rows = Ledger(ledger or default_ledger()).rows()
    allocated = {r.code for r in rows}
    return resolve(s, rows, codes={m.code for m in s.municipalities if m.code in allocated})


def _write(snap: VSphereSnapshot, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    save(snap, out)
    console.print(f"wrote {out}: {len(snap.clusters)} cluster(s), {len(snap.portgroups)} portgroup(s), "
                  f"{len(snap.vms)} VM(s), {sum(len(d.rules) for d in snap.drs)} DRS rule(s)")


def collect_cmd(
    out: OutOpt,
    url: Annotated[str | None, typer.Option("--url", help="https://host[:port]/sdk")] = None,
    ca: Annotated[Path | None, typer.Option("--ca", help="CA bundle to trust (default $SSL_CERT_FILE)")] = None,
    sot: SotOpt = None,
    ledger: LedgerOpt = None,
) -> None:
    """Read the datacenter of the SoT from vCenter into vsphere.json."""
    from kyodo.secrets import Vault
    from kyodo.vsphere import collect, connect, disconnect

    model = _model(sot, ledger)
    if url is None:
        host = os.environ.get("VMWARE_HOST", model.vcenter)
        port = os.environ.get("VMWARE_PORT")
        url = f"https://{host}:{port}/sdk" if port else f"https://{host}/sdk"
    user = os.environ.get("VMWARE_USER", "administrator@vsphere.local")
    password = os.environ.get("VMWARE_PASSWORD") or Vault()(model.vcenter_credential)
    trust = ca or (Path(os.environ["SSL_CERT_FILE"]) if os.environ.get("SSL_CERT_FILE") else None)
    si = connect(url, user, password, trust)
    try:
        snap = collect(si, model)
    finally:
        disconnect(si)
    _write(snap, out)


def intended_cmd(out: OutOpt, sot: SotOpt = None, ledger: LedgerOpt = None) -> None:
    """Write what the SoT says vCenter must hold (every allocated municipality) as vsphere.json."""
    from kyodo.vsphere import intended

    _write(intended(_model(sot, ledger)), out)
