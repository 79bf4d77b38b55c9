"""The report model: everything every report format prints, computed once.

Built by ``kyodo.report.build`` from the verifier's JSON (+ probe JSON + SoT names). Every
format (HTML, PDF, Markdown, JSON, JUnit, CSV, XLSX) renders this one model; none of them
reads the inputs or computes a verdict itself. Free text from the inputs has already been
through ``redact`` here. Frozen, slotted dataclasses (the 1,741-municipality matrix holds
three million cells; pydantic validation of that would dominate the run time).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

Verdict = Literal["blocked", "allowed"]


@dataclass(frozen=True, slots=True)
class Muni:
    code: str
    name: str
    kana: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}" if self.name else self.code


@dataclass(frozen=True, slots=True)
class FileHash:
    name: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Snapshot:
    path: str
    kind: str
    files: tuple[FileHash, ...]


@dataclass(frozen=True, slots=True)
class PathRow:
    """One tested path: PCI DSS 11.4.6's source zone, destination zone, protocol/port,
    expected, actual, method, time."""

    kind: str  # isolation | required | three_layer | …
    src: str | None  # municipality codes when the zone belongs to one
    dst: str | None
    src_zone: str
    dst_zone: str
    protocol: str
    port: str
    expected: Verdict
    static_actual: Verdict | None
    probe_actual: Verdict | None
    time: str
    finding: str | None = None

    @property
    def method(self) -> str:
        if self.static_actual is not None and self.probe_actual is not None:
            return "static_probe"
        return "probe" if self.probe_actual is not None else "static"

    @property
    def actual(self) -> Verdict:
        """What was observed; a disagreement counts as the permissive verdict."""
        seen = {v for v in (self.static_actual, self.probe_actual) if v is not None}
        return "allowed" if "allowed" in seen else "blocked"

    @property
    def agree(self) -> bool | None:
        if self.static_actual is None or self.probe_actual is None:
            return None
        return self.static_actual == self.probe_actual

    @property
    def passed(self) -> bool:
        return all(v == self.expected for v in (self.static_actual, self.probe_actual) if v is not None)

    @property
    def port_spec(self) -> str:
        return f"{self.protocol}/{self.port}" if self.port else self.protocol


@dataclass(frozen=True, slots=True)
class PathGroup:
    """Passing paths of one source and kind, folded into one line for big scopes."""

    src: str
    kind: str
    expected: Verdict
    count: int
    dst_zones: tuple[str, ...]
    method: str
    time: str


@dataclass(frozen=True, slots=True)
class Evidence:
    device: str
    line: int | None
    text: str

    def __str__(self) -> str:
        loc = f"{self.device}:{self.line}" if self.line is not None else self.device
        return f"{loc}: {self.text}"


@dataclass(frozen=True, slots=True)
class Finding:
    id: str
    rule: str
    severity: str
    municipalities: tuple[str, ...]
    devices: tuple[str, ...]
    summary: str
    evidence: tuple[Evidence, ...]
    flow: str
    fix: str


@dataclass(frozen=True, slots=True)
class Cell:
    """Matrix cell state, as a CSS-class-like token plus flags."""

    state: Literal["self", "blocked", "reachable"]
    probe: Literal["none", "agree", "disagree"]


@dataclass(frozen=True)
class MatrixView:
    """The isolation matrix (static, and probes where they ran). Not slotted: the pair scans
    over up to three million cells are computed once (``cached_property``)."""

    order: tuple[str, ...]
    static: tuple[tuple[bool, ...], ...]
    probe: tuple[tuple[bool | None, ...], ...] | None

    def cell(self, i: int, j: int) -> Cell:
        s = self.static[i][j]
        p = self.probe[i][j] if self.probe is not None else None
        probe: Literal["none", "agree", "disagree"] = "none" if p is None else ("agree" if p == s else "disagree")
        if i == j:  # a municipality and itself: not a pair, whatever the inputs say
            return Cell("self", "none")
        return Cell("reachable" if (s or p) else "blocked", probe)

    @property
    def size(self) -> int:
        return len(self.order)

    @cached_property
    def _scan(self) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...], int]:
        """(reachable pairs by either method, pairs where the methods disagree, pairs probed)."""
        reach: list[tuple[str, str]] = []
        dis: list[tuple[str, str]] = []
        probed = 0
        order = self.order
        for i, a in enumerate(order):
            srow = self.static[i]
            if self.probe is None:
                reach.extend((a, order[j]) for j, s in enumerate(srow) if s and j != i)
                continue
            prow = self.probe[i]
            for j, (s, p) in enumerate(zip(srow, prow, strict=True)):
                if j == i:
                    continue
                if s or p:
                    reach.append((a, order[j]))
                if p is not None:
                    probed += 1
                    if p != s:
                        dis.append((a, order[j]))
        return tuple(reach), tuple(dis), probed

    def reachable_pairs(self) -> list[tuple[str, str]]:
        return list(self._scan[0])

    def disagreements(self) -> list[tuple[str, str]]:
        return list(self._scan[1])

    def probed_pairs(self) -> int:
        return self._scan[2]


@dataclass(frozen=True, slots=True)
class LgwanPath:
    destination: str
    ports: tuple[str, ...]
    reachable: bool
    exception: str | None

    @property
    def ok(self) -> bool:
        return not self.reachable or self.exception is not None


@dataclass(frozen=True, slots=True)
class ThreeLayerRow:
    municipality: str
    internet_reachable: bool
    internet_evidence: tuple[Evidence, ...]
    lgwan: tuple[LgwanPath, ...]
    exceptions: tuple[str, ...]

    @property
    def held(self) -> bool:
        return not self.internet_reachable and all(p.ok for p in self.lgwan)


@dataclass(frozen=True, slots=True)
class DbVm:
    name: str
    municipality: str | None
    cluster: str
    host: str | None
    rule: str | None
    mandatory: bool | None
    compliant: bool


@dataclass(frozen=True, slots=True)
class DrsRule:
    name: str
    cluster: str
    vm_group: str
    host_group: str
    mandatory: bool
    enabled: bool


@dataclass(frozen=True, slots=True)
class Placement:
    db_cluster: str
    licensed_hosts: tuple[str, ...]
    vms: tuple[DbVm, ...]
    rules: tuple[DrsRule, ...]
    app_vms_on_db_cluster: tuple[str, ...]

    @property
    def compliant(self) -> bool:
        return all(v.compliant for v in self.vms) and not self.app_vms_on_db_cluster


@dataclass(frozen=True, slots=True)
class VpnRow:
    municipality: str
    tunnel: str
    hub: str
    cpe: str
    ike_proposals: tuple[str, ...]
    esp_proposals: tuple[str, ...]
    key_hash: str
    key_unique: bool
    consistent: bool
    issues: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.key_unique and self.consistent and not self.issues


@dataclass(frozen=True, slots=True)
class Report:
    prefecture: str
    prefecture_name: str
    cloud_name: str
    compliant: bool
    municipalities: tuple[Muni, ...]
    devices: int | None
    vms: int | None
    severity_counts: tuple[tuple[str, int], ...]
    tested_at: str
    probed_at: str | None
    generated_at: str
    tool_name: str
    tool_version: str
    snapshot: Snapshot | None
    matrix: MatrixView
    paths: tuple[PathRow, ...]
    paths_complete: bool  # False when isolation paths were only listed where they deviate
    findings: tuple[Finding, ...]
    three_layer: tuple[ThreeLayerRow, ...] | None
    placement: Placement | None
    vpn: tuple[VpnRow, ...] | None
    by_code: dict[str, Muni]

    @property
    def method(self) -> str:
        return "both" if self.matrix.probe is not None else "static"

    def muni(self, code: str | None) -> Muni | None:
        return None if code is None else self.by_code.get(code)
