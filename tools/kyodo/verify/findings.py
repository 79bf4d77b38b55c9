"""Findings: what a rule found, with the evidence a person can check.

``Finding.id`` is stable: a hash of the rule, the municipalities, the devices and the
evidence locations, so the same problem keeps its id from run to run (and between the
intended and the running snapshot when the lines do not move).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

from kyodo.platforms.neutral import DeviceConfig

Severity = Literal["critical", "high", "medium", "low", "info"]
SEVERITY_ORDER: dict[str, int] = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
FAILING = frozenset({"critical", "high"})


@dataclass(frozen=True, slots=True)
class Evidence:
    device: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.device}:{self.line}: {self.text}"


@dataclass(frozen=True, slots=True)
class Flow:
    """A concrete packet that proves a finding, and the hops it takes."""

    src: str
    dst: str
    protocol: str
    dst_port: int | None
    path: tuple[str, ...] = ()
    route: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"src": self.src, "dst": self.dst, "protocol": self.protocol, "dst_port": self.dst_port,
                "path": list(self.path), "route": self.route}


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    municipalities: tuple[str, ...]
    devices: tuple[str, ...]
    summary: str
    evidence: tuple[Evidence, ...] = ()
    flow: Flow | None = None
    detail: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def id(self) -> str:
        key = "|".join([
            self.rule, ",".join(self.municipalities), ",".join(self.devices),
            ",".join(f"{e.device}:{e.line}" for e in self.evidence),
        ])
        return f"{self.rule}-{hashlib.sha256(key.encode()).hexdigest()[:12]}"

    @property
    def failing(self) -> bool:
        return self.severity in FAILING

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "rule": self.rule, "severity": self.severity,
            "municipalities": list(self.municipalities), "devices": list(self.devices), "summary": self.summary,
            "evidence": [{"device": e.device, "line": e.line, "text": e.text} for e in self.evidence],
            "flow": self.flow.to_dict() if self.flow else None,
        }


def evidence(devices: dict[str, DeviceConfig], locs: Any) -> tuple[Evidence, ...]:
    """``(device, line)`` pairs → evidence rows with the real config text, deduplicated, in order."""
    out: list[Evidence] = []
    seen: set[tuple[str, int]] = set()
    for host, line in locs:
        if not line or (host, line) in seen or host not in devices:
            continue
        seen.add((host, line))
        out.append(Evidence(host, line, devices[host].text_at(line).strip()))
    return tuple(out)


def make(rule: str, severity: Severity, municipalities: Any, devices: Any, summary: str,
         ev: tuple[Evidence, ...] = (), flow: Flow | None = None) -> Finding:
    return Finding(rule=rule, severity=severity, municipalities=tuple(sorted(set(municipalities))),
                   devices=tuple(sorted(set(devices))), summary=summary, evidence=ev, flow=flow)


def sort_key(f: Finding) -> tuple[int, str, tuple[str, ...], str]:
    return (SEVERITY_ORDER[f.severity], f.rule, f.municipalities, f.id)
