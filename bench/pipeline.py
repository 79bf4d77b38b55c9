"""Benchmark: validate + allocate + inventory for Tottori (19), Hokkaido (179) and Japan (1,741).

Prints, per size, the first run (empty ledger) and a re-run with nothing new: time of each
phase, total wall time of the process (imports included) and its peak RSS.
Targets (issue 2): ≤ 1 s, ≤ 2 s, ≤ 15 s first run; re-run ≤ half of that.
Usage: python bench/pipeline.py [--sizes 19,179,1741]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import run_child
from kyodo.sot.generate import write_sot

CHILD = """
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from kyodo.sot.load import load_sot
from kyodo.ipam.ledger import Ledger
from kyodo.ipam.allocator import kinds_for
from kyodo.model import resolve
from kyodo.inventory.writer import write
t1 = time.perf_counter()
sot = load_sot(Path(sys.argv[1]))
t2 = time.perf_counter()
ledger = Ledger(Path(sys.argv[2]))
new = ledger.allocate(sot.datacenter.pools, {m.code: kinds_for(m.connection.type) for m in sot.municipalities})
t3 = time.perf_counter()
model = resolve(sot, ledger.rows())
n = write(model, Path(sys.argv[3]))
t4 = time.perf_counter()
print(json.dumps({"import_s": round(t1 - t0, 3), "validate_s": round(t2 - t1, 3), "allocate_s": round(t3 - t2, 3),
                  "inventory_s": round(t4 - t3, 3), "new_values": len(new), "files": n}))
"""

SIZES = {19: ("31", None), 179: ("01", None), 1741: (None, None)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="19,179,1741")
    sizes = [int(s) for s in ap.parse_args().sizes.split(",")]
    print(
        f"{'size':>5} {'run':<7} {'import':>7} {'validate':>8} {'allocate':>8} {'inventory':>9} "
        f"{'work':>7} {'wall':>7} {'peak MB':>8}"
    )
    for size in sizes:
        pref, _ = SIZES[size]
        with tempfile.TemporaryDirectory() as tmp:
            sot = Path(tmp) / "sot"
            write_sot(sot, pref)
            for run in ("first", "re-run"):
                r = run_child(CHILD, str(sot), str(Path(tmp) / "ledger.sqlite"), str(Path(tmp) / "inv"))
                work = r["validate_s"] + r["allocate_s"] + r["inventory_s"]
                print(
                    f"{size:>5} {run:<7} {r['import_s']:>7.3f} {r['validate_s']:>8.3f} {r['allocate_s']:>8.3f} "
                    f"{r['inventory_s']:>9.3f} {work:>7.3f} {r['wall_s']:>7.3f} {r['peak_mb']:>8.1f}"
                )


if __name__ == "__main__":
    main()
