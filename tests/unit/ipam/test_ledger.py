"""The SQLite ledger: concurrent processes never double-allocate; kill -9 leaves it consistent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kyodo.ipam.ledger import Ledger
from kyodo.sot.generate import write_sot
from kyodo.sot.load import load_sot

ALLOCATE = """
import sys
from pathlib import Path
from kyodo.ipam.ledger import Ledger
from kyodo.ipam.allocator import kinds_for
from kyodo.sot.load import load_sot
sot = load_sot(Path(sys.argv[1]))
codes = sys.argv[3:]
needs = {m.code: kinds_for(m.connection.type) for m in sot.municipalities if m.code in codes}
Ledger(Path(sys.argv[2])).allocate(sot.datacenter.pools, needs)
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[3])
    return env


def test_twenty_concurrent_allocators(tmp_path: Path) -> None:
    sot_dir = tmp_path / "sot"
    write_sot(sot_dir, "01", limit=40)  # Hokkaido, 40 municipalities
    sot = load_sot(sot_dir)
    ledger = tmp_path / "ledger.sqlite"
    codes = [m.code for m in sot.municipalities]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", ALLOCATE, str(sot_dir), str(ledger), *codes[i * 2 : (i + 1) * 2]],
            env=_env(),
            stderr=subprocess.PIPE,
        )
        for i in range(20)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    rows = Ledger(ledger).rows()
    assert {r.code for r in rows} == set(codes)
    values = [(r.pool, r.value) for r in rows]
    assert len(values) == len(set(values)), "a value was allocated twice"
    assert Ledger(ledger).check() == []


# the same allocation, but the process announces (marker file) that it has written every row inside
# the transaction and then waits, so the kill lands between the writes and the COMMIT
ALLOCATE_AND_HANG = ALLOCATE.replace(
    "Ledger(Path(sys.argv[2])).allocate",
    "import time\n"
    "class Hanging(Ledger):\n"
    "    def _written(self, rows):\n"
    "        Path(sys.argv[2] + '.written').write_text(str(rows))\n"
    "        time.sleep(60)\n"
    "Hanging(Path(sys.argv[2])).allocate",
)


def test_kill_minus_nine_mid_allocation_then_rerun(tmp_path: Path) -> None:
    sot_dir = tmp_path / "sot"
    write_sot(sot_dir, None)  # the whole country
    ledger = tmp_path / "ledger.sqlite"
    marker = Path(str(ledger) + ".written")
    sot = load_sot(sot_dir)
    codes = [m.code for m in sot.municipalities]
    for _ in range(2):
        marker.unlink(missing_ok=True)
        p = subprocess.Popen([sys.executable, "-c", ALLOCATE_AND_HANG, str(sot_dir), str(ledger), *codes], env=_env())
        deadline = time.monotonic() + 120
        while not marker.exists() and p.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the allocator never reached its writes"
        assert int(marker.read_text()) > len(codes)   # every row written, not yet committed
        p.send_signal(signal.SIGKILL)
        p.wait()
        assert Ledger(ledger).check() == []
        assert Ledger(ledger).rows() == [], "rows of a killed transaction are visible"
    from kyodo.ipam.allocator import kinds_for

    Ledger(ledger).allocate(sot.datacenter.pools, {m.code: kinds_for(m.connection.type) for m in sot.municipalities})
    rows = Ledger(ledger).rows()
    assert len({r.code for r in rows}) == len(codes)
    assert Ledger(ledger).check() == []
