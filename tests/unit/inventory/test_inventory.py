"""`kyodo inventory`: byte-identical output that ansible-inventory loads, no secret, atomic."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kyodo.secrets import Vault


def _tree_hash(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def built(sample_sot: Path, tmp_path: Path, kyodo_cli: Callable[..., int]) -> tuple[Path, Path, Callable[..., int]]:
    ledger = tmp_path / "ledger.sqlite"
    assert kyodo_cli("validate", "--sot", str(sample_sot)) == 0
    assert kyodo_cli("allocate", "--sot", str(sample_sot), "--ledger", str(ledger)) == 0
    inv = tmp_path / "inv"
    assert kyodo_cli("inventory", "--sot", str(sample_sot), "--ledger", str(ledger), "--out", str(inv)) == 0
    return inv, ledger, kyodo_cli


def test_byte_identical_across_runs(built: tuple[Path, Path, Callable[..., int]], sample_sot: Path) -> None:
    inv, ledger, cli = built
    first = _tree_hash(inv)
    assert cli("allocate", "--sot", str(sample_sot), "--ledger", str(ledger)) == 0
    assert cli("inventory", "--sot", str(sample_sot), "--ledger", str(ledger), "--out", str(inv)) == 0
    assert _tree_hash(inv) == first


def test_ansible_inventory_loads_groups(built: tuple[Path, Path, Callable[..., int]]) -> None:
    inv, _, _ = built
    exe = shutil.which("ansible-inventory", path=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    assert exe, "ansible-inventory not installed"
    out = subprocess.run([exe, "-i", str(inv), "--list"], check=True, capture_output=True, text=True).stdout
    data = json.loads(out)
    munis = [g for g in data if g.startswith("m_")]
    assert len(munis) == 19
    for group in ("web_ap", "batch", "print", "db", "dc_core", "vpn_hub", "cpe", "vcenter", "platform_yamaha_rtx"):
        assert group in data, group
    hv = data["_meta"]["hostvars"]
    assert hv["m312011-db01"]["kyodo_vm"]["cluster"] == "db-cluster"
    assert hv["m312011-webap01"]["kyodo_vm"]["cluster"] == "app-cluster"
    assert hv["dc-core1"]["ansible_network_os"] == "cisco_iosxe"
    assert sorted(data["m_312011"]["hosts"]) == sorted(
        ["cpe-312011", "m312011-webap01", "m312011-webap02", "m312011-batch01", "m312011-print01", "m312011-db01"]
    )


def test_no_secret_in_inventory(built: tuple[Path, Path, Callable[..., int]], sample_sot: Path, tmp_path: Path) -> None:
    inv, _, cli = built
    vault = Vault(tmp_path / "vault.yml")
    assert cli("vault", "init", "--sot", str(sample_sot), "--vault", str(vault.path)) == 0
    secrets = vault.known()
    assert len(secrets) >= 19
    for p in inv.rglob("*"):
        if p.is_file():
            text = p.read_text(encoding="utf-8")
            assert not any(s in text for s in secrets), p
    assert "vault:psk_312011" in (inv / "group_vars" / "m_312011.yml").read_text(encoding="utf-8")
    assert "vault:cpe_312011" in (inv / "host_vars" / "cpe-312011.yml").read_text(encoding="utf-8")


def test_unallocated_municipality_refuses_without_touching_inventory(
    built: tuple[Path, Path, Callable[..., int]], sample_sot: Path, tmp_path: Path
) -> None:
    inv, _, cli = built
    before = _tree_hash(inv)
    assert (
        cli("inventory", "--sot", str(sample_sot), "--ledger", str(tmp_path / "empty.sqlite"), "--out", str(inv)) == 2
    )
    assert _tree_hash(inv) == before
