"""The model side of the network lab: which SoT, its allocations, intents, plan and artefacts.

Deterministic: the same lab SoT and ledger always give the same plan and the same rendered
artefacts, so ``probe`` and ``collect`` rebuild them instead of storing them. The lab's secrets
(IPsec PSKs, the device login password) are generated into the lab vault, a plain YAML file
(0600, in a 0700 dir) under the lab dir, outside git.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kyodo.errors import InputError
from kyodo.lab.netnames import net_dir
from kyodo.lab.netplan import LabPlan, plan
from kyodo.model import Resolved
from kyodo.platforms.base import SecretResolver
from kyodo.platforms.intent import DeviceIntent


def lab_sot(source: Path, municipalities: int | None, base: Path) -> Path:
    """A copy, in the lab dir, of the SoT the lab runs: all of ``source``, its first N
    municipalities (by code), or N generated ones. A copy, so editing the SoT while the lab is
    up cannot make ``probe`` or ``collect`` disagree with what was brought up."""
    from kyodo.sot.load import load_sot

    sot = load_sot(source)
    count = len(sot.municipalities) if municipalities is None else municipalities
    if count < 1:
        raise InputError("--municipalities must be at least 1")
    out = net_dir(base) / "sot"
    shutil.rmtree(out, ignore_errors=True)
    if count <= len(sot.municipalities):
        keep = {m.code for m in sorted(sot.municipalities, key=lambda m: m.code)[:count]}
        shutil.copytree(source, out)
        for path in (out / "municipalities").glob("*.y*ml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            if str(data.get("code")) not in keep:
                path.unlink()
        return out
    from kyodo.sot.generate import select, write_sot

    pref: str | None = sot.datacenter.prefecture
    if len(select(pref)) < count:  # more than the prefecture has: the national list
        pref = None
    write_sot(out, pref, limit=count, dc_platform="linux_frr", cpe_platform="linux_frr")
    return out


def load_model(sot_path: Path, ledger_path: Path) -> Resolved:
    from kyodo.ipam.cli import needs_for
    from kyodo.ipam.ledger import Ledger
    from kyodo.model import resolve
    from kyodo.sot.load import load_sot

    sot = load_sot(sot_path)
    ledger = Ledger(ledger_path)
    ledger.allocate(sot.datacenter.pools, needs_for(sot, None))
    return resolve(sot, ledger.rows())


def vault_path(base: Path) -> Path:
    return base / "vault" / "net.yml"


def lab_vault(model: Resolved, base: Path) -> Any:
    """The lab vault (plain YAML, 0600, outside git) with every PSK the model references."""
    from kyodo.secrets import Vault

    path = vault_path(base)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    vault = Vault(path)
    refs = [m.link.psk_ref for m in model.municipalities if m.link.psk_ref]
    vault.add_missing([*refs, "vault:lab_ssh_password"])
    return vault


@dataclass(frozen=True)
class LabModel:
    model: Resolved
    plan: LabPlan
    configs: dict[str, str]


def render_artefacts(intents: dict[str, DeviceIntent], secrets: SecretResolver) -> dict[str, str]:
    """hostname → the device's rendered artefact (the real platform renderer)."""
    from importlib import import_module

    from kyodo.platforms.registry import PLATFORMS

    def platform(name: str) -> Any:  # registered, or the platform package itself (not yet registered)
        return PLATFORMS[name] if name in PLATFORMS else import_module(f"kyodo.platforms.{name}").PLATFORM

    return {host: platform(intent.platform).render(intent, secrets) for host, intent in intents.items()}


def lab_model(sot: Path, ledger: Path, base: Path) -> LabModel:
    """Rebuild (deterministically) the model, plan and rendered artefacts of a lab.

    The topology (namespaces, cables, daemons, stand-ins) is built for every municipality of
    the lab SoT; the device configuration only for those the ledger records as deployed
    (``kyodo lab up`` deploys all of them; ``--bare`` none, so ``provision-municipality --lab``
    does it). ``model`` is the deployed part: probes expect nothing of the others."""
    from kyodo.ipam.ledger import Ledger
    from kyodo.render.intent import build_intents

    full = load_model(sot, ledger)
    deployed = set(Ledger(ledger).deployed())
    model = full.model_copy(update={"municipalities": tuple(m for m in full.municipalities if m.code in deployed)})
    intents = build_intents(model)
    configs = render_artefacts(intents, lab_vault(full, base))
    for m in full.municipalities:
        if m.code not in deployed:  # the municipality's router before onboarding: a name, nothing else
            configs[m.cpe.name] = f"#### kyodo:section frr\nhostname {m.cpe.name}\n"
    return LabModel(model, plan(full, build_intents(full)), configs)
