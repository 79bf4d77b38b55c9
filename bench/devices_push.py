"""Figures for device sessions against the CLI twins (no timed asserts; prints numbers).

    python bench/devices_push.py [--dc]

- connect + enable + show running (per vendor)
- first push of a real CPE render (sample SoT) and the idempotent re-run, per vendor
- with --dc: the DC core's full render (≈2,500 commands) pushed into a bare IOS-XE twin
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

import yaml

from kyodo.devices.change import ChangeOptions, DeviceTarget, apply_change
from kyodo.devices.credentials import credentials_for
from kyodo.devices.session import DeviceSession, Endpoint
from kyodo.devices.twin import TwinDevice, TwinServer
from kyodo.ipam.cli import needs_for
from kyodo.ipam.ledger import Ledger
from kyodo.model import resolve
from kyodo.platforms.registry import get
from kyodo.render.intent import build_intents
from kyodo.secrets import Vault
from kyodo.sot.load import load_sot

ROOT = Path(__file__).resolve().parents[1]
BARE = {"cisco_iosxe": "hostname {h}\n!\narchive\n path flash:archive-\n maximum 5\n",
        "yamaha_rtx": "console prompt {h}\n", "nec_ix": "hostname {h}\n"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dc", action="store_true", help="also push the DC core's full render (slow)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kyodo-bench-"))
    (tmp / "vault.yml").write_text(yaml.safe_dump({"d": "Bench-Pw-1", "d_username": "admin", "d_enable": "Bench-En-1"}))
    vault = Vault(tmp / "vault.yml")
    creds = credentials_for("vault:d", vault)
    sot = load_sot(ROOT / "inventory" / "sot")
    ledger = Ledger(tmp / "ledger.sqlite")
    ledger.allocate(sot.datacenter.pools, needs_for(sot, None))
    intents = build_intents(resolve(sot, ledger.rows()))

    def psk(ref: str) -> str:
        return "Psk-" + hashlib.sha256(ref.encode()).hexdigest()[:12]

    hosts = {}
    for host, intent in sorted(intents.items()):
        if intent.platform in BARE and host.startswith("cpe-"):
            hosts.setdefault(intent.platform, host)
    if args.dc:
        hosts["dc"] = "dc-core1"
    print(f"{'case':<28}{'commands':>9}{'connect s':>11}{'push s':>9}{'rerun s':>9}  result")
    for key, host in hosts.items():
        intent = intents[host]
        platform = get(intent.platform)
        text = platform.render(intent, psk)
        device = TwinDevice(intent.platform, username=creds.username, password=creds.password,
                            enable_secret=creds.enable_secret, initial_config=BARE[intent.platform].format(h=host))
        with TwinServer(device) as server:
            known = server.write_known_hosts(tmp / f"kh-{key}")
            endpoint = Endpoint(host, server.host, server.port, known_hosts=known, read_timeout=10)
            t0 = time.perf_counter()
            with DeviceSession(endpoint, platform.facts, creds) as s:
                s.running()
            connect = time.perf_counter() - t0
            target = DeviceTarget(endpoint, intent.platform, "vault:d")
            options = ChangeOptions(backup_dir=tmp / "backups")
            t0 = time.perf_counter()
            first = apply_change(target, platform, text, vault, options)
            push = time.perf_counter() - t0
            t0 = time.perf_counter()
            second = apply_change(target, platform, text, vault, options) if first.status == "changed" else first
            rerun = time.perf_counter() - t0
            print(f"{key + ' ' + host:<28}{len(first.commands):>9}{connect:>11.2f}{push:>9.2f}{rerun:>9.2f}  "
                  f"{first.status}/{second.status} {first.message[:70]}")


if __name__ == "__main__":
    main()
