"""Benchmark: `kyodo verify` on the rendered snapshot of 19, 179 and 1,741 municipalities.

Targets (verify issue): ≤ 1 s, ≤ 5 s, ≤ 60 s. For each size a first child renders the
intended snapshot (not timed here); a second, fresh child reads it (parse) and verifies it.
Prints parse and verify times, the total, the peak RSS of the verifying child, the number of
findings (0 expected: the rendered sample is compliant), and the growth ratio of the total
time against the growth in municipalities (1.0 = linear).
Usage: python bench/verify.py [--sizes 19,179,1741] [--dc-platform cisco_iosxe]
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

PREPARE = """
import json, sys, hashlib
from pathlib import Path
from kyodo.sot.load import load_sot
from kyodo.ipam.ledger import Ledger
from kyodo.ipam.allocator import kinds_for
from kyodo.model import resolve
from kyodo.render.render import render_model, write_snapshot
sot = load_sot(Path(sys.argv[1]))
ledger = Ledger(Path(sys.argv[2]))
ledger.allocate(sot.datacenter.pools, {m.code: kinds_for(m.connection.type) for m in sot.municipalities})
model = resolve(sot, ledger.rows())
secrets = lambda ref: "bench-" + hashlib.sha256(ref.encode()).hexdigest()[:20]
r = render_model(model, secrets)
write_snapshot(r, Path(sys.argv[3]))
print(json.dumps({"devices": len(r.configs)}))
"""

VERIFY = """
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from kyodo.sot.load import load_sot
from kyodo.verify.load import load_model, platforms_of
from kyodo.verify.snapshot import load_snapshot
from kyodo.verify.engine import verify
sot = load_sot(Path(sys.argv[1]))
model = load_model(sot, Path(sys.argv[2]))
t1 = time.perf_counter()
c1 = time.process_time()
snap = load_snapshot(Path(sys.argv[3]), platforms_of(sot))
t2 = time.perf_counter()
c2 = time.process_time()
result = verify(snap, model)
t3 = time.perf_counter()
c3 = time.process_time()
print(json.dumps({"model_s": round(t1 - t0, 3), "parse_s": round(t2 - t1, 3), "verify_s": round(t3 - t2, 3),
                  "total_s": round(t3 - t1, 3), "cpu_s": round(c3 - c1, 3), "verify_cpu_s": round(c3 - c2, 3),
                  "findings": len(result.findings), "compliant": result.compliant}))
"""

SIZES = {19: "31", 179: "01", 1741: None}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="19,179,1741")
    ap.add_argument("--dc-platform", default="cisco_iosxe")
    args = ap.parse_args()
    print(f"DC platform {args.dc_platform}; total = parse + verify (model load excluded); wall and CPU seconds "
          f"(CPU is the figure to trust on a loaded machine); growth = total CPU ratio / size ratio")
    print(f"{'size':>5} {'devices':>7} {'parse s':>8} {'verify s':>9} {'total s':>8} {'CPU s':>7} {'vfy CPU':>8} "
          f"{'peak MB':>8} {'findings':>8} {'growth':>7}")
    prev: tuple[int, float] | None = None
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            sot, ledger, snap = Path(tmp) / "sot", Path(tmp) / "ledger.sqlite", Path(tmp) / "snap"
            write_sot(sot, SIZES[size], dc_platform=args.dc_platform)
            prep = run_child(PREPARE, str(sot), str(ledger), str(snap))
            r = run_child(VERIFY, str(sot), str(ledger), str(snap))
            growth = ""
            if prev is not None:
                growth = f"{(r['cpu_s'] / prev[1]) / (size / prev[0]):.2f}"
            print(f"{size:>5} {prep['devices']:>7} {r['parse_s']:>8.3f} {r['verify_s']:>9.3f} {r['total_s']:>8.3f} "
                  f"{r['cpu_s']:>7.3f} {r['verify_cpu_s']:>8.3f} {r['peak_mb']:>8.1f} {r['findings']:>8} {growth:>7}",
                  flush=True)
            prev = (size, r["cpu_s"])


if __name__ == "__main__":
    main()
