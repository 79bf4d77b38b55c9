"""`kyodo verify SNAPSHOT`: prove from configs that no municipality can reach another."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from kyodo.errors import InputError
from kyodo.ipam.cli import LedgerOpt
from kyodo.paths import default_ledger, default_sot
from kyodo.sot.cli import SotOpt

console = Console(stderr=True, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("verify")(verify)


def verify(
    snapshot: Annotated[Path, typer.Argument(help="snapshot folder: configs/<hostname>.cfg [+ vsphere.json]")],
    sot: SotOpt = None,
    ledger: LedgerOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="json | md | junit")] = "json",
    out: Annotated[Path | None, typer.Option("--out", help="file to write (default stdout)")] = None,
) -> None:
    """Verify segmentation, 三層分離, VPN, placement and required flows of a snapshot.

    Exit 0 when compliant, 1 when any finding is high or critical, 2 on bad input."""
    from kyodo.verify.load import load_inputs
    from kyodo.verify.output import FORMATS, render

    if fmt not in FORMATS:
        raise InputError(f"--format: '{fmt}' is not one of {', '.join(FORMATS)}")
    snap, model = load_inputs(snapshot, sot or default_sot(), ledger or default_ledger())
    from kyodo.verify.engine import verify as run

    result = run(snap, model)
    text = render(result, fmt)
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    failing = sum(1 for f in result.findings if f.failing)
    console.print(f"{'compliant' if result.compliant else 'NOT compliant'}: {len(result.municipalities)} "
                  f"municipalities, {len(result.findings)} finding(s), {failing} high/critical.")
    if not result.compliant:
        raise typer.Exit(1)
