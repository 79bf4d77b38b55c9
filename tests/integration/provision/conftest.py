"""A bare lab (no municipality onboarded) with its vSphere simulator, for provisioning tests.

Everything runs through the real entry points (`kyodo lab up --bare`, `provision-municipality
--lab`, `deprovision-municipality --lab`) in subprocesses, with the lab, the state and the change
records in private folders.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.integration.lab.conftest import LAB_SOT, _missing

BIN = Path(sys.executable).parent


@dataclass
class Lab:
    base: Path
    project: Path
    env: dict[str, str]

    def run(self, *argv: str, check: bool = False, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        exe = str(BIN / argv[0])
        proc = subprocess.run([exe, *argv[1:]], env=self.env, cwd=self.project, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
        if check:
            assert proc.returncode == 0, f"{argv}: rc {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        return proc

    def change(self, *argv: str, expect_rc: int = 0) -> dict[str, Any]:
        proc = self.run(*argv)
        assert proc.returncode == expect_rc, (
            f"{argv}: rc {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-4000:]}")
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
        return json.loads(lines[-1]) if lines else {"stderr": proc.stderr}

    @property
    def sot(self) -> Path:
        return self.base / "net" / "sot"

    def set_status(self, code: str, status: str) -> None:
        path = self.sot / "municipalities" / f"{code}.yml"
        text = path.read_text(encoding="utf-8")
        for old in ("planned", "active", "decommissioning"):
            text = text.replace(f"status: {old}\n", f"status: {status}\n")
        path.write_text(text, encoding="utf-8")

    def vsphere(self) -> Any:
        """What the lab's vSphere simulator holds now (a VSphereSnapshot), read with pyvmomi."""
        from kyodo.ipam.ledger import Ledger
        from kyodo.lab.access import lab_device_access, lab_paths
        from kyodo.model import resolve
        from kyodo.sot.load import load_sot

        sot, ledger = lab_paths(self.base)
        rows = Ledger(ledger).rows()
        model = resolve(load_sot(sot), rows, codes={r.code for r in rows})
        return lab_device_access(self.base / "inventory", base=self.base).vsphere(model)

    def secrets(self) -> list[str]:
        from kyodo.secrets import Vault

        values = Vault(self.base / "vault" / "net.yml").known()
        vc = self.base / "vcsim" / "vault"
        for p in vc.glob("*.json") if vc.is_dir() else []:
            values += [str(v) for v in json.loads(p.read_text()).values() if isinstance(v, str) and len(v) >= 8]
        return [v for v in values if len(v) >= 8]


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    reason = _missing()
    if reason:
        pytest.skip(reason)
    base = Path(tempfile.mkdtemp(prefix="kyodo-prov-test-", dir="/var/tmp"))
    os.chmod(base, 0o755)
    project = Path(tempfile.mkdtemp(prefix="kyodo-prov-project-"))
    env = dict(os.environ, KYODO_LAB_DIR=str(base), KYODO_PROJECT=str(project), KYODO_STATE=str(project / "state"),
               KYODO_VCSIM_LISTEN="127.0.0.1:18991", KYODO_OPERATOR="tester", NO_COLOR="1", COLUMNS="200")
    lab = Lab(base, project, env)
    lab.run("kyodo", "lab", "setup", check=True, timeout=900)   # the simulator build lives in the lab dir
    lab.run("kyodo", "lab", "up", "--bare", "-n", "3", "--sot", str(LAB_SOT), check=True, timeout=300)
    try:
        yield lab
    finally:
        lab.run("kyodo", "lab", "down", timeout=120)
        shutil.rmtree(base, ignore_errors=True)
        shutil.rmtree(project, ignore_errors=True)
