"""`kyodo report`: the segmentation compliance report for auditors, in Japanese or English."""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from kyodo import __version__
from kyodo.errors import InputError, KyodoError
from kyodo.ipam.cli import LedgerOpt
from kyodo.paths import default_ledger, default_sot
from kyodo.report.build import build
from kyodo.report.inputs import VerifyDoc, load_probe, load_verify
from kyodo.report.names import directory
from kyodo.report.write import write_report

console = Console(stderr=True)


class LangOpt(StrEnum):
    ja = "ja"
    en = "en"


class FormatOpt(StrEnum):
    html = "html"
    pdf = "pdf"
    md = "md"
    json = "json"
    junit = "junit"
    csv = "csv"
    xlsx = "xlsx"


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def _verify_snapshot(snapshot: Path, sot: Path | None, ledger: Path) -> VerifyDoc:
    """Run the verifier on ``snapshot`` and add what the report needs that its result lacks."""
    from kyodo.report.build import now_utc
    from kyodo.report.derive import enrich
    from kyodo.report.snapshot import snapshot_section
    from kyodo.verify.engine import verify
    from kyodo.verify.load import load_inputs

    if not snapshot.is_dir():
        raise InputError(f"SNAPSHOT: {snapshot} is not a folder (configs/<hostname>.cfg, vsphere.json)")
    snap, model = load_inputs(snapshot, sot or default_sot(), ledger)
    doc = enrich(verify(snap, model).to_dict(), model, snap)
    doc.setdefault("snapshot", snapshot_section(snapshot))
    doc.setdefault("generated_at", now_utc())
    doc.setdefault("prefecture", model.prefecture)
    doc.setdefault("vms", sum(len(m.vms) for m in model.municipalities))
    doc.setdefault("tool", {"name": "kyodo", "version": __version__})
    try:
        return VerifyDoc.model_validate(doc)
    except ValidationError as exc:
        raise KyodoError(f"the verifier's result does not match kyodo.verify/1: {exc}") from None


def report(
    snapshot: Annotated[Path | None, typer.Argument(help="snapshot folder to verify (configs/, vsphere.json)")] = None,
    from_: Annotated[Path | None, typer.Option("--from", help="the verifier's JSON (kyodo.verify/1)")] = None,
    probe: Annotated[Path | None, typer.Option("--probe", help="probe results (kyodo.probe/1), merged")] = None,
    lang: Annotated[LangOpt, typer.Option("--lang", help="report language")] = LangOpt.ja,
    fmt: Annotated[FormatOpt, typer.Option("--format", help="output format")] = FormatOpt.html,
    out: Annotated[Path | None, typer.Option("--out", help="file to write")] = None,
    sot: Annotated[Path | None, typer.Option("--sot", help="SoT directory for names (default inventory/sot)")] = None,
    ledger: LedgerOpt = None,
    no_sot: Annotated[bool, typer.Option("--no-sot", help="take names from the national list only")] = False,
) -> None:
    """Write the segmentation compliance report (html, pdf, md, json, junit, csv, xlsx)."""
    if out is None:
        raise InputError("--out: required (the file to write)")
    if (snapshot is None) == (from_ is None):
        raise InputError("give either SNAPSHOT or --from VERIFY.json (exactly one)")
    if probe is not None and not probe.exists():
        raise InputError(f"--probe: {probe} does not exist")
    started = time.perf_counter()
    sot_dir = None if no_sot else (sot or default_sot())
    if sot_dir is not None and not sot_dir.exists():
        if sot is not None:
            raise InputError(f"--sot: {sot} does not exist")
        sot_dir = None
    if from_ is not None:
        doc = load_verify(from_)
    else:
        assert snapshot is not None
        doc = _verify_snapshot(snapshot, sot_dir, ledger or default_ledger())
    model = build(doc, directory(sot_dir), load_probe(probe) if probe else None)
    written = write_report(model, fmt.value, lang.value, out)
    verdict = "compliant" if model.compliant else "NOT compliant"
    console.print(
        f"report ({fmt.value}, {lang.value}): {verdict}, {len(model.municipalities)} municipalities, "
        f"{len(model.findings)} finding(s); wrote {', '.join(str(p) for p in written)} "
        f"in {time.perf_counter() - started:.2f} s",
        markup=False,
        highlight=False,
    )
