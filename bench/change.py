"""Benchmark: what the change-safety steps cost against a bare push, for one municipality in the lab.

Bare push: the device part of an onboarding pushed directly (backup → diff → push → save, no
plan, no verification, no confirm timer) with `kyodo.devices.change.apply_change`. Safe change:
`provision-municipality --lab` on a second municipality, whose record times every phase; the
safety overhead is plan (validate … pre-verify, collect), backup, post-verify and confirm.
Needs root and `kyodo lab setup` done.
Usage: python bench/change.py
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from provision import bare_lab, run


def bare_push(base: Path, code: str) -> tuple[float, int]:
    """Push the intended DC and CPE configs of ``code`` straight to the lab devices."""
    os.environ["KYODO_LAB_DIR"] = str(base)
    from kyodo.devices.change import ChangeOptions, apply_change
    from kyodo.ipam.ledger import Ledger
    from kyodo.lab.access import lab_device_access, lab_paths
    from kyodo.model import resolve
    from kyodo.platforms.registry import get
    from kyodo.render.render import render_model
    from kyodo.sot.load import load_sot

    sot, ledger = lab_paths(base)
    rows = Ledger(ledger).rows()
    model = resolve(load_sot(sot), rows, codes={code})
    access = lab_device_access(base / "inventory", base=base)
    configs = render_model(model, access.secrets).configs
    t0 = time.perf_counter()
    commands = 0
    for host in ("dc-core1", model.by_code[code].cpe.name):
        r = apply_change(access._target(host), get("linux_frr"), configs[host], access.secrets,
                         ChangeOptions(mode="apply", backup_dir=base / "bench-backups"))
        if r.failed:
            raise SystemExit(f"bare push failed on {host}: {r.message}")
        commands += len(r.commands)
    elapsed = time.perf_counter() - t0
    Ledger(ledger).mark_deployed(code, "bench-bare-push", True)   # else the next change would remove it
    return elapsed, commands


def main() -> None:
    with bare_lab(18993) as (base, env, _up):
        bare, n = bare_push(base, "312011")
        wall, out = run(env, "provision-municipality", "312029", "--lab", "--yes")
        t = json.loads((Path(str(out["record"])) / "timings.json").read_text())
        plan = sum(t.get(k, 0.0) for k in ("validate", "allocate", "inventory", "render", "pre-verify", "vsphere-read"))
        backup = t.get("collect", 0.0)
        safety = plan + backup + t.get("post-verify", 0.0) + t.get("confirm", 0.0)
        print(f"bare push of one municipality (2 devices, {n} commands, no VMs): {bare:6.2f} s")
        print(f"safe change of one municipality ({out['commands']} commands, {out['vm_changes']} VMs): "
              f"{wall:6.2f} s wall")
        print(f"  plan (validate … pre-verify): {plan:6.2f} s")
        print(f"  backup (running configs):     {backup:6.2f} s")
        print(f"  apply (Ansible: VMs + push):  {t.get('apply', 0.0):6.2f} s")
        print(f"  post-verify (+ probes):       {t.get('post-verify', 0.0):6.2f} s")
        print(f"  confirm:                      {t.get('confirm', 0.0):6.2f} s")
        print(f"  safety steps in total:        {safety:6.2f} s")


if __name__ == "__main__":
    main()
