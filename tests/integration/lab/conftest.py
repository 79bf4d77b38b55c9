"""One real lab per session (root, FRR and strongSwan needed), under a private lab dir."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LAB_SOT = ROOT / "inventory" / "lab" / "sot"


def _missing() -> str | None:
    if os.geteuid() != 0:
        return "the lab needs root (network namespaces, daemons)"
    for path in ("/usr/lib/frr/zebra", "/usr/lib/ipsec/charon", "/usr/sbin/sshd"):
        if not Path(path).exists():
            return f"{path} missing: run 'kyodo lab setup'"
    for tool in ("swanctl", "nft", "ip", "nsenter", "unshare"):
        if shutil.which(tool) is None:
            return f"{tool} missing: run 'kyodo lab setup'"
    return None


@pytest.fixture(scope="session")
def lab_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    reason = _missing()
    if reason:
        pytest.skip(reason)
    from kyodo.lab import netlab

    # not under pytest's 0700 tmp dir: FRR drops privileges to user frr and must reach it
    base = Path(tempfile.mkdtemp(prefix="kyodo-lab-test-", dir="/var/tmp"))
    os.chmod(base, 0o755)
    old = os.environ.get("KYODO_LAB_DIR")
    os.environ["KYODO_LAB_DIR"] = str(base)
    state = netlab.up(LAB_SOT, base=base)
    assert not state.warnings, state.warnings
    try:
        yield base
    finally:
        netlab.down(base=base)
        shutil.rmtree(base, ignore_errors=True)
        if old is None:
            os.environ.pop("KYODO_LAB_DIR", None)
        else:
            os.environ["KYODO_LAB_DIR"] = old
