"""`kyodo verify --lab`: the static proof on configs collected from the lab, checked against packets.

Collects the running configs of every lab device (as ``kyodo lab collect``), runs the static
verifier on them with the lab's model (the municipalities onboarded), probes the lab with real
packets (as ``kyodo probe``), and adds a ``probe.disagree`` finding for every municipality pair
where the two methods differ. In the lab this is the ground truth for the static engine.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from pathlib import Path
from typing import Any

from kyodo.errors import InputError


def lab_verify(probe_out: Path | None = None) -> Any:
    from kyodo.lab import netcollect, netlab
    from kyodo.lab import probe as lab_probe
    from kyodo.lab.netnames import lab_dir
    from kyodo.verify.differential import disagreements
    from kyodo.verify.engine import verify
    from kyodo.verify.findings import sort_key
    from kyodo.verify.snapshot import load_snapshot

    state = netlab.load_state(lab_dir())
    if state is None:
        raise InputError("--lab: the lab is not up (kyodo lab up)")
    lm = netlab.lab_model(state, lab_dir())
    with tempfile.TemporaryDirectory(prefix="kyodo-lab-verify-") as tmp:
        netcollect.collect(Path(tmp))
        platforms = {r["hostname"]: "linux_frr" for r in state.routers}
        result = verify(load_snapshot(Path(tmp), platforms), lm.model)
    doc = lab_probe.probe(lm.model, lm.plan)
    if probe_out is not None:
        probe_out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    extra = disagreements(result.matrix, doc)
    return dataclasses.replace(result, findings=tuple(sorted((*result.findings, *extra), key=sort_key)))
