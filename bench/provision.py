"""Benchmark: provision-municipality end to end in the lab, per phase, and the idempotent re-run.

Brings up a private bare lab (2 municipalities, vSphere simulator), onboards one municipality
through the real entry point, prints the wall time of every phase from the change record, then
runs the same command again (nothing to change) and prints its time. Targets (issue 6): ≤ 90 s
end to end, ≤ 45 s for the re-run. Needs root and `kyodo lab setup` done.
Usage: python bench/provision.py [--code 312011]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(env: dict[str, str], *argv: str) -> tuple[float, dict[str, object]]:
    t0 = time.perf_counter()
    proc = subprocess.run([str(BIN / argv[0]), *argv[1:]], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=1200)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    return wall, (json.loads(lines[-1]) if lines else {})


@contextmanager
def bare_lab(port: int) -> Iterator[tuple[Path, dict[str, str], float]]:
    """A private bare lab of 2 municipalities: (lab dir, environment for kyodo, lab-up seconds)."""
    base = Path(tempfile.mkdtemp(prefix="kyodo-bench-lab-", dir="/var/tmp"))
    os.chmod(base, 0o755)
    project = Path(tempfile.mkdtemp(prefix="kyodo-bench-project-"))
    env = dict(os.environ, KYODO_LAB_DIR=str(base), KYODO_PROJECT=str(project), KYODO_STATE=str(project / "state"),
               KYODO_VCSIM_LISTEN=f"127.0.0.1:{port}", NO_COLOR="1")
    try:
        run(env, "kyodo", "lab", "setup")
        up, _ = run(env, "kyodo", "lab", "up", "--bare", "-n", "2", "--sot", str(ROOT / "inventory/lab/sot"))
        yield base, env, up
    finally:
        subprocess.run([str(BIN / "kyodo"), "lab", "down"], env=env, capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
        shutil.rmtree(project, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--code", default="312011")
    code = ap.parse_args().code
    with bare_lab(18992) as (_base, env, up):
        first, out = run(env, "provision-municipality", code, "--lab", "--yes")
        timings = json.loads((Path(str(out["record"])) / "timings.json").read_text())
        again, out2 = run(env, "provision-municipality", code, "--lab", "--yes")
        print(f"lab up --bare (2 municipalities): {up:6.1f} s")
        print(f"provision-municipality {code}: {first:6.1f} s wall, outcome {out['outcome']}, "
              f"{out['commands']} device commands, {out['vm_changes']} VM changes")
        for phase, seconds in timings.items():
            print(f"  {phase:<14} {seconds:7.2f} s")
        print(f"re-run (idempotent): {again:6.1f} s wall, outcome {out2['outcome']}, {out2['commands']} commands")


if __name__ == "__main__":
    main()
