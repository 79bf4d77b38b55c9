"""Benchmark: the embedded network lab (root, FRR, strongSwan).

For 4 and 10 municipalities (targets ≤ 20 s / ≤ 40 s up): lab-up time and its phases, probe
time for the full matrix (flows, per-flow outcome), the memory of every lab process after
bring-up (RSS sum and PSS sum), the machine's memory in use by the lab (MemAvailable
before/after; noisy on a shared machine) and the benchmark process's own peak RSS; then
``down`` time. Uses its own lab dir under /var/tmp.
Usage: python bench/lab.py [--sizes 4,10]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAB_SOT = ROOT / "inventory" / "lab" / "sot"


def _mem_available_mb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _mem_mb(pid: int, key: str) -> float:
    """``key`` (VmRSS in status, Pss in smaps_rollup) of a process, in MB."""
    path = f"/proc/{pid}/smaps_rollup" if key == "Pss" else f"/proc/{pid}/status"
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def one(size: int) -> dict[str, object]:
    from kyodo.lab import netlab
    from kyodo.lab import probe as lab_probe

    base = Path(tempfile.mkdtemp(prefix="kyodo-lab-bench-", dir="/var/tmp"))
    os.chmod(base, 0o755)
    os.environ["KYODO_LAB_DIR"] = str(base)
    try:
        netlab.down(base=base)
        before = _mem_available_mb()
        t0 = time.perf_counter()
        state = netlab.up(LAB_SOT, size, base=base)
        up_s = time.perf_counter() - t0
        after = _mem_available_mb()
        rss_mb = sum(_mem_mb(p["pid"], "VmRSS") for p in state.procs)
        pss_mb = sum(_mem_mb(p["pid"], "Pss") for p in state.procs)
        lm = netlab.lab_model(state, base)
        t0 = time.perf_counter()
        doc = lab_probe.probe(lm.model, lm.plan)
        probe_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        netlab.down(base=base)
        down_s = time.perf_counter() - t0
    finally:
        netlab.down(base=base)
        shutil.rmtree(base, ignore_errors=True)
    return {
        "municipalities": size,
        "devices": len(lm.plan.routers),
        "namespaces": len(lm.plan.namespaces),
        "processes": len(state.procs),
        "up_s": round(up_s, 2),
        "phases_s": {k: round(v, 2) for k, v in state.timings.items()},
        "warnings": state.warnings,
        "probe_s": round(probe_s, 2),
        "flows": doc["summary"],
        "lab_processes_rss_mb": round(rss_mb, 1),      # shared pages counted per process
        "lab_processes_pss_mb": round(pss_mb, 1),      # shared pages split: the real footprint
        "machine_mem_used_by_lab_mb": round(before - after, 1),   # noisy when the machine is busy
        "down_s": round(down_s, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="4,10")
    args = ap.parse_args()
    results = [one(int(n)) for n in args.sizes.split(",")]
    for r in results:
        print(json.dumps(r, ensure_ascii=False))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"bench_process_peak_mb": round(peak, 1), "largest_child_peak_mb": round(kids, 1)}))


if __name__ == "__main__":
    main()
