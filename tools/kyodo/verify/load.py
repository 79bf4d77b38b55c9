"""Load what ``kyodo verify`` needs: the resolved model (SoT + ledger) and the snapshot."""

from __future__ import annotations

from pathlib import Path

from kyodo.errors import InputError
from kyodo.ipam.ledger import Ledger
from kyodo.model import Resolved, resolve
from kyodo.sot.load import SoT, load_sot
from kyodo.verify.snapshot import Snapshot, load_snapshot


def platforms_of(sot: SoT) -> dict[str, str]:
    """hostname → platform, for the DC devices and every municipality's CPE."""
    out = {d.name: str(d.platform) for d in sot.datacenter.devices}
    for m in sot.municipalities:
        out[m.connection.cpe.name] = str(m.connection.cpe.platform)
    return out


def load_model(sot: SoT, ledger: Path) -> Resolved:
    rows = Ledger(ledger).rows()
    allocated = {r.code for r in rows}
    if not allocated:
        raise InputError(f"ledger {ledger} holds no allocation: run 'kyodo allocate' first")
    return resolve(sot, rows, codes={m.code for m in sot.municipalities if m.code in allocated})


def load_inputs(snapshot: Path, sot_dir: Path, ledger: Path) -> tuple[Snapshot, Resolved]:
    sot = load_sot(sot_dir)
    model = load_model(sot, ledger)
    return load_snapshot(snapshot, platforms_of(sot)), model
