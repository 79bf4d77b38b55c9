"""`kyodo device plan|apply|backup|confirm` (one device) and `kyodo device twin` (serve a CLI twin)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from kyodo.devices.change import ChangeOptions, DeviceTarget, Mode, apply_change, confirm_change
from kyodo.devices.credentials import TrackingResolver
from kyodo.devices.results import ChangeReport, HostResult
from kyodo.devices.session import Endpoint
from kyodo.errors import InputError
from kyodo.paths import state_dir
from kyodo.platforms.registry import get
from kyodo.secrets import Vault

console = Console(stderr=True)

Name = Annotated[str, typer.Option("--name", help="device hostname")]
Address = Annotated[str, typer.Option("--address", help="SSH address of the device")]
Port = Annotated[int, typer.Option("--port")]
PlatformOpt = Annotated[str, typer.Option("--platform", help="cisco_iosxe, yamaha_rtx, nec_ix, linux_frr")]
Credential = Annotated[str, typer.Option("--credential", help="vault:NAME or env:NAME")]
KnownHosts = Annotated[Path | None, typer.Option("--known-hosts", help="known_hosts file (host keys are checked)")]
Insecure = Annotated[bool, typer.Option("--insecure", help="accept any SSH host key (explicit opt-in)")]
VaultOpt = Annotated[Path | None, typer.Option("--vault", help="vault file (default KYODO_VAULT)")]


def register(app: typer.Typer) -> None:
    device = typer.Typer(help="Device sessions: backup, plan, apply (confirm-or-revert), confirm; CLI twins.",
                         no_args_is_help=True)
    device.command("apply")(apply)
    device.command("confirm")(confirm)
    device.command("twin")(twin)
    app.add_typer(device, name="device")


def _target(name: str, address: str, port: int, platform: str, credential: str, known_hosts: Path | None,
            insecure: bool) -> DeviceTarget:
    if known_hosts is None and not insecure:
        known_hosts = Path.home() / ".ssh" / "known_hosts"
    return DeviceTarget(Endpoint(name, address, port, known_hosts=known_hosts, insecure=insecure), platform, credential)


def _print(result: HostResult) -> None:
    sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")


def apply(
    name: Name,
    address: Address,
    platform: PlatformOpt,
    credential: Credential,
    intended: Annotated[Path | None, typer.Option("--intended", help="intended config file")] = None,
    mode: Annotated[str, typer.Option("--mode", help="check (plan), apply, backup")] = "apply",
    confirm_minutes: Annotated[int | None, typer.Option("--confirm-minutes",
                                                        help="revert by itself unless confirmed")] = None,
    backup_dir: Annotated[Path | None, typer.Option("--backup-dir")] = None,
    port: Port = 22,
    known_hosts: KnownHosts = None,
    insecure: Insecure = False,
    vault: VaultOpt = None,
) -> None:
    """Back up, diff, push only the diff, read back, save (or arm confirm-or-revert) one device."""
    if mode not in ("check", "apply", "backup"):
        raise InputError(f"--mode: '{mode}' is not one of check, apply, backup")
    if mode != "backup" and intended is None:
        raise InputError("--intended is required unless --mode backup")
    text = intended.read_text(encoding="utf-8") if intended else ""
    mode_value: Mode = mode  # type: ignore[assignment]
    options = ChangeOptions(mode=mode_value, backup_dir=backup_dir or state_dir() / "backups",
                            confirm_minutes=confirm_minutes)
    result = apply_change(_target(name, address, port, platform, credential, known_hosts, insecure), get(platform),
                          text, TrackingResolver(Vault(vault)), options)
    _print(result)
    ChangeReport.of([result]).raise_on_failure()


def confirm(
    name: Name,
    address: Address,
    platform: PlatformOpt,
    credential: Credential,
    port: Port = 22,
    known_hosts: KnownHosts = None,
    insecure: Insecure = False,
    vault: VaultOpt = None,
) -> None:
    """Confirm a pending change after post-verification (cancel the revert, then save)."""
    result = confirm_change(_target(name, address, port, platform, credential, known_hosts, insecure), get(platform),
                            TrackingResolver(Vault(vault)))
    _print(result)
    ChangeReport.of([result]).raise_on_failure()


def twin(
    vendor: Annotated[str, typer.Option("--vendor", help="cisco_iosxe, yamaha_rtx, nec_ix")],
    credential: Credential,
    config: Annotated[Path | None, typer.Option("--config", help="initial running config")] = None,
    host: Annotated[str, typer.Option("--host", help="loopback address to listen on")] = "127.0.0.1",
    port: Port = 0,
    known_hosts_out: Annotated[Path | None, typer.Option("--known-hosts-out",
                                                         help="append the twin's host key here")] = None,
    vault: VaultOpt = None,
) -> None:
    """Serve a CLI twin (a simulation of the vendor's CLI) until interrupted."""
    from kyodo.devices.credentials import credentials_for
    from kyodo.devices.twin import TwinDevice, TwinServer

    creds = credentials_for(credential, Vault(vault))
    device = TwinDevice(vendor, username=creds.username, password=creds.password, enable_secret=creds.enable_secret,
                        initial_config=config.read_text(encoding="utf-8") if config else "")
    server = TwinServer(device, host=host, port=port).start()
    if known_hosts_out:
        server.write_known_hosts(known_hosts_out)
    console.print(f"{vendor} twin on {server.host}:{server.port} (user {creds.username}); Ctrl-C stops it")
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
