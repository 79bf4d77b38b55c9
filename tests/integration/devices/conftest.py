"""Twins on 127.0.0.1 random ports, a plain test vault and a known_hosts file per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from kyodo.devices.change import ChangeOptions, DeviceTarget
from kyodo.devices.session import Endpoint
from kyodo.devices.twin import Faults, TwinDevice, TwinServer
from kyodo.secrets import Vault

from .support import fixture

VENDOR_USER = {"cisco_iosxe": ("admin", "ios-Pw-7781", "ios-En-5521"),
               "yamaha_rtx": ("admin", "rtx-Pw-1203", "rtx-Adm-3301"),
               "nec_ix": ("admin", "ix-Pw-9982", "ix-Pw-9982")}


@dataclass
class Lab:
    device: TwinDevice
    server: TwinServer
    target: DeviceTarget
    vault: Vault
    options: ChangeOptions
    tmp: Path


@pytest.fixture
def make_twin(tmp_path: Path) -> Iterator[Callable[..., Lab]]:
    servers: list[TwinServer] = []

    def make(vendor: str, config: str | None, *, faults: Faults | None = None, minute_seconds: float = 60.0,
             read_timeout: float = 3.0, name: str = "dev1", text: str = "") -> Lab:
        user, password, enable = VENDOR_USER[vendor]
        vault_path = tmp_path / "vault.yml"
        data = yaml.safe_load(vault_path.read_text()) if vault_path.exists() else {}
        data.update({name: password, f"{name}_username": user, f"{name}_enable": enable})
        vault_path.write_text(yaml.safe_dump(data))
        device = TwinDevice(vendor, username=user, password=password, enable_secret=enable,
                            initial_config=fixture(config) if config else text, minute_seconds=minute_seconds,
                            faults=faults or Faults())
        server = TwinServer(device).start()
        servers.append(server)
        known_hosts = server.write_known_hosts(tmp_path / "known_hosts")
        endpoint = Endpoint(name, server.host, server.port, known_hosts=known_hosts, read_timeout=read_timeout)
        target = DeviceTarget(endpoint, vendor, f"vault:{name}")
        return Lab(device, server, target, Vault(vault_path), ChangeOptions(backup_dir=tmp_path / "backups"),
                   tmp_path)

    yield make
    for s in servers:
        s.stop()
