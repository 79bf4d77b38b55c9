"""Benchmark: render every device for 19, 179 and 1,741 municipalities, then parse them back.

Targets (issue 3): render ≤ 1 s, ≤ 2 s, ≤ 15 s. Prints device count, config lines, render
and parse times, and peak RSS of the child process that did the work.
Usage: python bench/render.py [--sizes 19,179,1741] [--dc-platform cisco_iosxe]
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
import json, sys, time, hashlib
from pathlib import Path
from kyodo.sot.load import load_sot
from kyodo.ipam.ledger import Ledger
from kyodo.ipam.allocator import kinds_for
from kyodo.model import resolve
from kyodo.render.render import render_model
from kyodo.platforms.registry import get
sot = load_sot(Path(sys.argv[1]))
ledger = Ledger(Path(sys.argv[2]))
ledger.allocate(sot.datacenter.pools, {m.code: kinds_for(m.connection.type) for m in sot.municipalities})
model = resolve(sot, ledger.rows())
secrets = lambda ref: "bench-" + hashlib.sha256(ref.encode()).hexdigest()[:20]
t0 = time.perf_counter()
r = render_model(model, secrets)
t1 = time.perf_counter()
unparsed = 0
for host, text in r.configs.items():
    unparsed += len(get(r.platforms[host]).parse(text).unparsed)
t2 = time.perf_counter()
lines = sum(t.count("\\n") for t in r.configs.values())
dc = max(len(t.splitlines()) for t in r.configs.values())
print(json.dumps({"devices": len(r.configs), "lines": lines, "dc_lines": dc, "render_s": round(t1 - t0, 3),
                  "parse_s": round(t2 - t1, 3), "unparsed": unparsed}))
"""

SIZES = {19: "31", 179: "01", 1741: None}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="19,179,1741")
    ap.add_argument("--dc-platform", default="cisco_iosxe")
    args = ap.parse_args()
    print(f"DC platform {args.dc_platform}")
    print(f"{'size':>5} {'devices':>7} {'lines':>9} {'DC lines':>9} {'render s':>9} {'parse s':>8} {'unparsed':>8} "
          f"{'peak MB':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            sot = Path(tmp) / "sot"
            write_sot(sot, SIZES[size], dc_platform=args.dc_platform)
            r = run_child(CHILD, str(sot), str(Path(tmp) / "ledger.sqlite"))
            print(f"{size:>5} {r['devices']:>7} {r['lines']:>9} {r['dc_lines']:>9} {r['render_s']:>9.3f} "
                  f"{r['parse_s']:>8.3f} {r['unparsed']:>8} {r['peak_mb']:>8.1f}")


if __name__ == "__main__":
    main()
