"""`kyodo render`, `kyodo parse`, `kyodo diff` and `kyodo vault init`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from kyodo.errors import InputError
from kyodo.ipam.cli import LedgerOpt
from kyodo.ipam.ledger import Ledger
from kyodo.model import resolve
from kyodo.paths import default_ledger, default_sot, project_root
from kyodo.platforms.registry import PLATFORMS, get
from kyodo.secrets import Vault
from kyodo.sot.cli import SotOpt
from kyodo.sot.load import load_sot

console = Console(stderr=True, soft_wrap=True)
VaultOpt = Annotated[Path | None, typer.Option("--vault", help="vault file (default .kyodo/vault.yml or $KYODO_VAULT)")]


def register(app: typer.Typer) -> None:
    app.command("render")(render)
    app.command("parse")(parse)
    app.command("diff")(diff)
    vault = typer.Typer(help="Lab/dev vault helpers.", no_args_is_help=True)
    vault.command("init")(vault_init)
    app.add_typer(vault, name="vault")


def _platform(name: str) -> str:
    if name not in PLATFORMS:
        raise InputError(f"--platform: unknown platform '{name}' (known: {', '.join(sorted(PLATFORMS))})")
    return name


def render(
    out: Annotated[Path | None, typer.Option("--out", help="output folder (default build/intended)")] = None,
    sot: SotOpt = None,
    ledger: LedgerOpt = None,
    vault: VaultOpt = None,
    device: Annotated[list[str] | None, typer.Option("--device", help="only these hostnames")] = None,
) -> None:
    """Render the intended config of every device to OUT/configs/<host>.cfg (+ vsphere.json, manifest)."""
    from kyodo.render.render import render_model, write_snapshot

    s = load_sot(sot or default_sot())
    model = resolve(s, Ledger(ledger or default_ledger()).rows())
    rendered = render_model(model, Vault(vault), only=set(device) if device else None)
    target = out or project_root() / "build" / "intended"
    hashes = write_snapshot(rendered, target)
    console.print(f"rendered {len(rendered.configs)} device configs to {target}/configs ({len(hashes)} files hashed)")


def parse(
    file: Annotated[Path, typer.Argument(help="a device configuration file")],
    platform: Annotated[str | None, typer.Option("--platform", help="platform (default: detect)")] = None,
) -> None:
    """Parse a configuration into the vendor-neutral model and print it as JSON."""
    from kyodo.platforms.registry import detect

    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{file}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{file}: not UTF-8 text") from None
    name = _platform(platform) if platform else detect(text)
    if name is None:
        raise InputError(f"{file}: cannot detect the platform; pass --platform ({', '.join(sorted(PLATFORMS))})")
    sys.stdout.write(get(name).parse(text).to_json() + "\n")


def diff(
    running: Annotated[Path, typer.Argument(help="the running configuration")],
    intended: Annotated[Path, typer.Argument(help="the intended configuration")],
    platform: Annotated[str, typer.Option("--platform")],
    rollback: Annotated[bool, typer.Option("--rollback", help="also print the rollback commands")] = False,
) -> None:
    """Print the commands that take RUNNING to INTENDED (and, with --rollback, back)."""
    p = get(_platform(platform))
    texts = []
    for f in (running, intended):
        try:
            texts.append(f.read_text(encoding="utf-8"))
        except OSError as exc:
            raise InputError(f"{f}: cannot read: {exc.strerror}") from None
    d = p.diff(texts[0], texts[1])
    for c in d.commands:
        sys.stdout.write(c + "\n")
    if rollback:
        sys.stdout.write(f"{p.facts.comment_prefix} rollback\n")
        for c in d.rollback:
            sys.stdout.write(c + "\n")


def vault_init(sot: SotOpt = None, vault: VaultOpt = None) -> None:
    """Generate random secrets for every vault reference in the SoT that the vault lacks (lab/dev only)."""
    s = load_sot(sot or default_sot())
    refs = [s.datacenter.vsphere.credential, *(d.credential for d in s.datacenter.devices)]
    for m in s.municipalities:
        refs.append(m.connection.cpe.credential)
        if m.connection.type == "ipsec_vpn":
            refs.append(m.connection.psk)
    v = Vault(vault)
    added = v.add_missing(refs)
    console.print(f"vault {v.path}: {len(added)} secret(s) generated, {len(set(refs)) - len(added)} already present")
