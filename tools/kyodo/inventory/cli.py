"""`kyodo inventory`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from kyodo.inventory.writer import write
from kyodo.ipam.cli import LedgerOpt
from kyodo.ipam.ledger import Ledger
from kyodo.model import resolve
from kyodo.paths import default_inventory_out, default_ledger, default_sot
from kyodo.sot.cli import SotOpt
from kyodo.sot.load import load_sot

console = Console(stderr=True, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("inventory")(inventory)


def inventory(
    sot: SotOpt = None,
    ledger: LedgerOpt = None,
    out: Annotated[Path | None, typer.Option("--out", help="default inventory/generated")] = None,
) -> None:
    """Write the Ansible inventory from the SoT and the ledger (byte-identical across runs)."""
    s = load_sot(sot or default_sot())
    model = resolve(s, Ledger(ledger or default_ledger()).rows())
    n = write(model, out or default_inventory_out())
    console.print(
        f"wrote {n} inventory files for {len(model.municipalities)} municipalities to {out or default_inventory_out()}"
    )
