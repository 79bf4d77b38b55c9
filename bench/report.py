"""Benchmark: `kyodo report --format html` for Tottori (19), Hokkaido (179) and, on request, Japan (1,741).

For each size it generates a SoT, a stand-in verifier document with seeded violations and a
probe document (tests/fixtures/report/make_verify.py), then runs the real CLI in a fresh
process (`kyodo report --from … --probe … --format html`) and prints its wall time (imports
included), peak RSS and the HTML size, plus the in-process phases (load, build, render).
Target (report issue): HTML for 179 municipalities ≤ 5 s.
Usage: python bench/report.py [--sizes 19,179,1741] [--formats html,md,json,junit,csv,xlsx]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "report"))

from make_verify import make_probe, make_verify, resolved_from  # noqa: E402

from _util import run_child  # noqa: E402
from kyodo.sot.generate import write_sot  # noqa: E402

PREFECTURE = {19: "31", 179: "01", 1741: None}

CHILD = """
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from kyodo.report.build import build
from kyodo.report.inputs import load_probe, load_verify
from kyodo.report.names import directory
from kyodo.report.write import write_report
t1 = time.perf_counter()
verify, probe, sot, fmt, out = sys.argv[1:6]
v = load_verify(Path(verify)); p = load_probe(Path(probe)); names = directory(Path(sot))
t2 = time.perf_counter()
model = build(v, names, p)
t3 = time.perf_counter()
written = write_report(model, fmt, "ja", Path(out))
t4 = time.perf_counter()
print(json.dumps({"import_s": round(t1 - t0, 3), "load_s": round(t2 - t1, 3), "build_s": round(t3 - t2, 3),
                  "render_s": round(t4 - t3, 3), "bytes": sum(f.stat().st_size for f in written),
                  "paths": len(model.paths)}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="19,179")
    ap.add_argument("--formats", default="html")
    args = ap.parse_args()
    formats = args.formats.split(",")
    print(
        f"{'size':>5} {'format':>6} {'wall_s':>7} {'import':>7} {'load':>6} {'build':>6} {'render':>7} "
        f"{'peak_MB':>8} {'MB out':>7} {'paths':>7}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="kyodo-bench-report-") as tmp:
            d = Path(tmp)
            write_sot(d / "sot", PREFECTURE[size])
            t0 = time.perf_counter()
            model = resolved_from(d / "sot")
            verify = make_verify(model, violations=True)
            codes = verify["matrix"]["order"]
            probe = make_probe(verify, disagree=(codes[2], codes[3]))
            (d / "verify.json").write_text(json.dumps(verify, ensure_ascii=False), encoding="utf-8")
            (d / "probe.json").write_text(json.dumps(probe, ensure_ascii=False), encoding="utf-8")
            prep = time.perf_counter() - t0
            for fmt in formats:
                r = run_child(
                    CHILD,
                    str(d / "verify.json"),
                    str(d / "probe.json"),
                    str(d / "sot"),
                    fmt,
                    str(d / f"report.{fmt}"),
                )
                print(
                    f"{len(codes):>5} {fmt:>6} {r['wall_s']:>7.2f} {r['import_s']:>7.2f} {r['load_s']:>6.2f} "
                    f"{r['build_s']:>6.2f} {r['render_s']:>7.2f} {r['peak_mb']:>8.1f} "
                    f"{r['bytes'] / 1e6:>7.2f} {r['paths']:>7}"
                )
            print(f"      (inputs prepared in {prep:.1f} s: SoT, allocation, stand-in verify/probe JSON)")


if __name__ == "__main__":
    main()
