"""`kyodo allocate` and `kyodo allocations list|export|release`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from kyodo.errors import InputError
from kyodo.ipam.allocator import kinds_for
from kyodo.ipam.ledger import Ledger
from kyodo.paths import default_ledger, default_sot
from kyodo.sot.cli import SotOpt
from kyodo.sot.load import SoT, load_sot

LedgerOpt = Annotated[Path | None, typer.Option("--ledger", help="ledger file (default .kyodo/ledger.sqlite)")]
console = Console(stderr=True, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("allocate")(allocate)
    allocs = typer.Typer(help="Inspect and release allocations.", no_args_is_help=True)
    allocs.command("list")(list_)
    allocs.command("export")(export)
    allocs.command("release")(release)
    app.add_typer(allocs, name="allocations")


def needs_for(sot: SoT, codes: list[str] | None) -> dict[str, tuple[str, ...]]:
    known = {m.code: m for m in sot.municipalities}
    if codes:
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise InputError(f"CODE: {', '.join(unknown)} not in the SoT ({len(known)} municipalities defined)")
        chosen = [known[c] for c in codes]
    else:
        chosen = list(known.values())
    return {m.code: kinds_for(m.connection.type) for m in chosen}


def allocate(
    codes: Annotated[list[str] | None, typer.Argument(help="municipality codes (default: all in the SoT)")] = None,
    sot: SotOpt = None,
    ledger: LedgerOpt = None,
) -> None:
    """Allocate VRF, VLANs, subnets, links and tunnel ids for municipalities (stable, idempotent)."""
    s = load_sot(sot or default_sot())
    needs = needs_for(s, codes)
    new = Ledger(ledger or default_ledger()).allocate(s.datacenter.pools, needs)
    touched = sorted({r.code for r in new})
    console.print(
        f"allocated {len(new)} value(s) for {len(touched)} municipality(ies); "
        f"{len(needs) - len(touched)} already complete."
    )


def list_(
    ledger: LedgerOpt = None,
    code: Annotated[str | None, typer.Option("--code")] = None,
) -> None:
    """Show the ledger as a table."""
    rows = Ledger(ledger or default_ledger()).rows()
    table = Table("code", "kind", "value")
    for r in rows:
        if code is None or r.code == code:
            table.add_row(r.code, r.kind, r.value)
    Console().print(table)


def export(
    ledger: LedgerOpt = None,
    sot: SotOpt = None,
    out: Annotated[Path | None, typer.Option("--out", help="file to write (default stdout)")] = None,
) -> None:
    """Export every municipality's resolved allocation (VRF, RD/RT, VLANs, subnets, VMs) as JSON."""
    from kyodo.model import resolve

    s = load_sot(sot or default_sot())
    rows = Ledger(ledger or default_ledger()).rows()
    allocated = {r.code for r in rows}
    resolved = resolve(s, rows, codes={m.code for m in s.municipalities if m.code in allocated})
    doc = {
        "schema": "kyodo.allocations/1",
        "municipalities": [
            {
                "code": m.code,
                "name": m.name,
                "vrf": m.vrf,
                "rd": m.rd,
                "rt": m.rt,
                "block": m.block,
                "server": m.server.model_dump(),
                "db": m.db.model_dump(),
                "link": m.link.model_dump(exclude_none=True),
                "vms": [{"name": v.name, "role": v.role, "ip": v.ip, "portgroup": v.portgroup} for v in m.vms],
            }
            for m in resolved.municipalities
        ],
    }
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def release(
    code: Annotated[str, typer.Argument(help="the municipality whose allocations are freed")],
    ledger: LedgerOpt = None,
    sot: SotOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="release even if the SoT still lists it as planned/active")
    ] = False,
) -> None:
    """Free a municipality's allocations (explicit only; never automatic)."""
    s = load_sot(sot or default_sot())
    for m in s.municipalities:
        if m.code == code and m.status != "decommissioning" and not force:
            raise InputError(
                f"CODE: {code} is '{m.status}' in the SoT; set status: decommissioning "
                "(or pass --force) before releasing"
            )
    rows = Ledger(ledger or default_ledger()).release(code)
    console.print(f"released {len(rows)} value(s) of {code}")
