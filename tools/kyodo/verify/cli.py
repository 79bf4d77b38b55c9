"""`kyodo verify SNAPSHOT`: prove from configs that no municipality can reach another."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

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
    snapshot: Annotated[
        Path | None, typer.Argument(help="snapshot folder: configs/<hostname>.cfg [+ vsphere.json]")
    ] = None,
    sot: SotOpt = None,
    ledger: LedgerOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="json | md | junit")] = "json",
    out: Annotated[Path | None, typer.Option("--out", help="file to write (default stdout)")] = None,
    probe: Annotated[
        Path | None,
        typer.Option(
            "--probe",
            help="probe results (kyodo.probe/1): pairs where "
            "packets and the static proof disagree become probe.disagree",
        ),
    ] = None,
    lab: Annotated[
        bool,
        typer.Option(
            "--lab",
            help="collect the lab's running configs, verify them and probe "
            "the lab: the differential check (no SNAPSHOT)",
        ),
    ] = False,
) -> None:
    """Verify segmentation, 三層分離, VPN, placement and required flows of a snapshot.

    Exit 0 when compliant, 1 when any finding is high or critical, 2 on bad input."""
    from kyodo.verify.load import load_inputs
    from kyodo.verify.output import FORMATS, render

    if fmt not in FORMATS:
        raise InputError(f"--format: '{fmt}' is not one of {', '.join(FORMATS)}")
    if lab:
        if snapshot is not None or probe is not None:
            raise InputError("--lab collects and probes the lab itself: give no SNAPSHOT and no --probe")
        # CLI glue only: the engine stays pure; the lab package collects, probes and compares
        from kyodo.lab.diffcheck import lab_verify

        result = lab_verify()
    else:
        if snapshot is None:
            raise InputError("SNAPSHOT: required (or --lab)")
        snap, model = load_inputs(snapshot, sot or default_sot(), ledger or default_ledger())
        from kyodo.verify.engine import verify as run

        result = run(snap, model)
        if probe is not None:
            result = with_probe(result, probe)
    text = render(result, fmt)
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    failing = sum(1 for f in result.findings if f.failing)
    console.print(
        f"{'compliant' if result.compliant else 'NOT compliant'}: {len(result.municipalities)} "
        f"municipalities, {len(result.findings)} finding(s), {failing} high/critical."
    )
    if not result.compliant:
        raise typer.Exit(1)


def with_probe(result: Any, probe: Path) -> Any:
    """The result plus the differential check against a probe document."""
    import dataclasses
    import json

    from kyodo.verify.differential import disagreements
    from kyodo.verify.findings import sort_key

    try:
        doc = json.loads(probe.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"--probe: {probe}: not a readable probe document ({exc})") from None
    if doc.get("schema") != "kyodo.probe/1":
        raise InputError(f"--probe: {probe}: schema is {doc.get('schema')!r}, expected 'kyodo.probe/1'")
    extra = disagreements(result.matrix, doc)
    return dataclasses.replace(result, findings=tuple(sorted((*result.findings, *extra), key=sort_key)))
