"""The rendered sample snapshot the verifier tests start from, and the seeded-violation corpus.

The sample SoT is copied, allocated into a temporary ledger and rendered in-process with a
deterministic stand-in for the vault. A CPE whose platform has no registered parser yet gets
``cisco_iosxe`` instead (allocations do not move; scenarios in its own syntax are skipped).

A scenario (``tests/fixtures/verify/violations/*.yml``) is one small edit of the clean
snapshot in the vendor's own syntax (or of ``vsphere.json``) and the finding it must cause:

    name: …
    platform: cisco_iosxe          # the platform whose syntax is edited (skip if missing)
    edits:
      - file: configs/dc-core1.cfg
        after: "vrf definition M312011"     # optional anchor line (exact, right-stripped)
        find: "  route-target import 65000:1"
        insert_after: ["  route-target import 65000:312037"]   # or insert_before / replace
      - vsphere: {vm: m312011-db01}         # or portgroup / drs_rule / drs_group
        set: {cluster: app-cluster}
    expect:
      rule: isolation.route_leak
      municipalities: ["312011", "312037"]
      also: [{rule: …, municipalities: […]}]   # optional further findings the edit must cause
      absent: [isolation.pair]                  # optional rules that must NOT fire (no false alarm)
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kyodo.ipam.allocator import kinds_for
from kyodo.ipam.ledger import Ledger
from kyodo.model import Resolved, resolve
from kyodo.platforms.registry import PLATFORMS
from kyodo.render.render import render_model, write_snapshot
from kyodo.sot.load import load_sot
from kyodo.verify.load import platforms_of

ROOT = Path(__file__).resolve().parents[3]
SAMPLE_SOT = ROOT / "inventory" / "sot"
CORPUS = ROOT / "tests" / "fixtures" / "verify" / "violations"
FALLBACK = "cisco_iosxe"


def fake_secret(ref: str) -> str:
    """A deterministic stand-in for the vault: one distinct key per reference."""
    return "k" + hashlib.sha256(ref.encode()).hexdigest()[:31]


@dataclass(frozen=True)
class Sample:
    model: Resolved
    clean: Path
    platforms: dict[str, str]
    sot: Path
    ledger: Path
    substituted: frozenset[str]   # CPE hostnames rendered with FALLBACK instead of their platform


def build_sample(root: Path, sot_src: Path = SAMPLE_SOT) -> Sample:
    sot_dir = root / "sot"
    shutil.copytree(sot_src, sot_dir)
    substituted = set()
    for f in sorted((sot_dir / "municipalities").glob("*.yml")):
        text = f.read_text(encoding="utf-8")
        cpe = yaml.safe_load(text)["connection"]["cpe"]
        platform = cpe["platform"]
        if platform not in PLATFORMS:
            substituted.add(cpe["name"])
            f.write_text(text.replace(f"platform: {platform}", f"platform: {FALLBACK}"), encoding="utf-8")
    sot = load_sot(sot_dir)
    ledger = root / "ledger.sqlite"
    Ledger(ledger).allocate(sot.datacenter.pools, {m.code: kinds_for(m.connection.type) for m in sot.municipalities})
    model = resolve(sot, Ledger(ledger).rows())
    clean = root / "clean"
    write_snapshot(render_model(model, fake_secret), clean)
    return Sample(model, clean, platforms_of(sot), sot_dir, ledger, frozenset(substituted))


@dataclass(frozen=True)
class Scenario:
    name: str
    path: Path
    platform: str | None
    edits: list[dict[str, Any]]
    rule: str
    municipalities: tuple[str, ...]
    also: tuple[tuple[str, tuple[str, ...]], ...] = ()
    absent: tuple[str, ...] = ()

    @property
    def expected(self) -> list[tuple[str, tuple[str, ...]]]:
        return [(self.rule, self.municipalities), *self.also]


def scenarios() -> list[Scenario]:
    out = []
    for p in sorted(CORPUS.glob("*.yml")):
        doc = yaml.safe_load(p.read_text(encoding="utf-8"))
        exp = doc["expect"]
        also = tuple((a["rule"], tuple(sorted(a.get("municipalities", [])))) for a in exp.get("also", []))
        out.append(Scenario(doc.get("name", p.stem), p, doc.get("platform"), doc["edits"], exp["rule"],
                            tuple(sorted(exp.get("municipalities", []))), also, tuple(exp.get("absent", []))))
    return out


class EditError(AssertionError):
    pass


def _edit_text(lines: list[str], e: dict[str, Any], where: str) -> list[str]:
    start = 0
    if "after" in e:
        anchors = [i for i, t in enumerate(lines) if t.rstrip() == e["after"].rstrip()]
        if not anchors:
            raise EditError(f"{where}: anchor {e['after']!r} not found")
        start = anchors[0] + 1
    if "append" in e:
        return lines + list(e["append"])
    hits = [i for i in range(start, len(lines)) if lines[i].rstrip() == e["find"].rstrip()]
    if not hits:
        raise EditError(f"{where}: line {e['find']!r} not found")
    i = hits[0]
    if "replace" in e:
        return lines[:i] + list(e["replace"]) + lines[i + 1:]
    if "insert_after" in e:
        return lines[:i + 1] + list(e["insert_after"]) + lines[i + 1:]
    if "insert_before" in e:
        return lines[:i] + list(e["insert_before"]) + lines[i:]
    raise EditError(f"{where}: edit needs replace, insert_after, insert_before or append")


_VS_KEYS = {"vm": ("vms", None), "portgroup": ("portgroups", None), "drs_rule": ("drs", "rules"),
            "drs_group": ("drs", "groups")}


def _edit_vsphere(doc: dict[str, Any], e: dict[str, Any], where: str) -> None:
    target = e["vsphere"]
    (kind, name), = target.items()
    top, sub = _VS_KEYS[kind]
    items = [x for d in doc[top] for x in d[sub]] if sub else doc[top]
    found = [x for x in items if x["name"] == name]
    if not found:
        raise EditError(f"{where}: {kind} {name} not in vsphere.json")
    found[0].update(e["set"])


def apply(snapshot: Path, s: Scenario) -> None:
    """Apply a scenario's edits to a copy of the clean snapshot, in place."""
    for n, e in enumerate(s.edits, 1):
        where = f"{s.path.name} edit {n}"
        if "vsphere" in e:
            vs = snapshot / "vsphere.json"
            doc = json.loads(vs.read_text(encoding="utf-8"))
            _edit_vsphere(doc, e, where)
            vs.write_text(json.dumps(doc, indent=2), encoding="utf-8")
            continue
        f = snapshot / e["file"]
        if not f.exists():
            raise EditError(f"{where}: {e['file']} not in the snapshot")
        lines = f.read_text(encoding="utf-8").splitlines()
        f.write_text("\n".join(_edit_text(lines, e, where)) + "\n", encoding="utf-8")
