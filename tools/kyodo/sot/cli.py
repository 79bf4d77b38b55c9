"""`kyodo validate` and `kyodo sot generate`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from kyodo.errors import InputError
from kyodo.paths import default_sot
from kyodo.sot.load import load_sot

SotOpt = Annotated[Path | None, typer.Option("--sot", help="SoT directory (default inventory/sot)")]
console = Console(stderr=True, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
    sot = typer.Typer(help="Source-of-truth helpers.", no_args_is_help=True)
    sot.command("generate")(generate)
    app.add_typer(sot, name="sot")


def validate(
    sot: SotOpt = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="treat warnings (e.g. codes not in the national list) as errors")
    ] = False,
) -> None:
    """Check the SoT: syntax, fields, codes, overlaps, references, config-injection grammar."""
    s = load_sot(sot or default_sot(), strict=strict)
    for w in s.warnings:
        console.print(str(w), markup=False, style="yellow")
    console.print(
        f"SoT OK: {len(s.municipalities)} municipalities, {len(s.datacenter.devices)} DC devices"
        f"{f', {len(s.warnings)} warning(s)' if s.warnings else ''}."
    )


def generate(
    out: Annotated[Path, typer.Option("--out", help="directory to write (must be empty or absent)")],
    prefecture: Annotated[
        str | None, typer.Option("--prefecture", help="JIS prefecture code, e.g. 31; omit for the whole country")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="only the first N municipalities")] = None,
    dc_platform: Annotated[str, typer.Option("--dc-platform")] = "cisco_iosxe",
    cpe_platform: Annotated[
        str | None, typer.Option("--cpe-platform", help="one platform for every CPE (default: rotate all four)")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="overwrite an existing SoT")] = False,
) -> None:
    """Write a synthetic but valid SoT for a prefecture (or the country) from the national list."""
    from kyodo.sot.generate import write_sot

    if prefecture is not None and (len(prefecture) != 2 or not prefecture.isdigit() or not 0 <= int(prefecture) <= 47):
        raise InputError(f"--prefecture: '{prefecture}' is not a JIS prefecture code 01–47 (or 00 for all)")
    if out.exists() and any(out.iterdir()) and not force:
        raise InputError(f"--out: {out} is not empty (use --force to overwrite)")
    try:
        n = write_sot(out, prefecture, limit=limit, dc_platform=dc_platform, cpe_platform=cpe_platform)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    console.print(f"wrote {n} municipalities to {out}")
