"""The documents a report is built from: the verifier's ``kyodo.verify/1`` JSON and the lab's
``kyodo.probe/1`` JSON.

Parsed into frozen models. Unknown keys are ignored (the verifier may add keys the report
does not use yet); missing optional sections simply leave that part of the report empty and
say so. A malformed document is an ``InputError`` (exit 2) naming the file and the field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kyodo.errors import InputError

VERIFY_SCHEMA = "kyodo.verify/1"
PROBE_SCHEMA = "kyodo.probe/1"


class _In(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Evidence(_In):
    device: str
    line: int | None = None
    text: str = ""


class Finding(_In):
    id: str
    rule: str
    severity: str
    municipalities: list[str] = Field(default_factory=list)
    devices: list[str] = Field(default_factory=list)
    summary: str
    evidence: list[Evidence] = Field(default_factory=list)
    flow: Any = None
    fix: str | None = None


class Matrix(_In):
    order: list[str]
    reachable: list[list[bool]]

    @model_validator(mode="after")
    def _square(self) -> Matrix:
        n = len(self.order)
        if len(self.reachable) != n or any(len(row) != n for row in self.reachable):
            raise ValueError(f"matrix.reachable must be {n}×{n} (one row and column per code in matrix.order)")
        return self


class PathIn(_In):
    """One tested path (PCI DSS 11.4.6 shape)."""

    src_zone: str
    dst_zone: str
    src: str | None = None  # municipality code of the source, when it has one
    dst: str | None = None
    protocol: str = "any"
    port: str = ""
    expected: Literal["blocked", "allowed"]
    actual: Literal["blocked", "allowed"]
    method: str = "static"
    time: str | None = None
    kind: str = ""  # isolation | required | three_layer | …
    finding: str | None = None


class FileHash(_In):
    name: str
    sha256: str


class SnapshotIn(_In):
    path: str = ""
    kind: str = ""  # intended | running
    files: list[FileHash] = Field(default_factory=list)


class Tool(_In):
    name: str = "kyodo"
    version: str = ""


class LgwanPathIn(_In):
    destination: str
    ports: list[str] = Field(default_factory=list)
    reachable: bool
    exception: str | None = None  # the SoT exception name that allows it, if any


class ThreeLayerIn(_In):
    municipality: str
    internet_reachable: bool
    internet_evidence: list[Evidence] = Field(default_factory=list)
    lgwan: list[LgwanPathIn] = Field(default_factory=list)
    exceptions: list[str] = Field(default_factory=list)  # names listed in the SoT


class DbVmIn(_In):
    name: str
    municipality: str | None = None
    role: str = "db"
    cluster: str
    host: str | None = None
    rule: str | None = None
    mandatory: bool | None = None


class RuleIn(_In):
    name: str
    cluster: str = ""
    vm_group: str = ""
    host_group: str = ""
    mandatory: bool
    enabled: bool = True
    hosts: list[str] = Field(default_factory=list)


class PlacementIn(_In):
    db_cluster: str = ""
    licensed_hosts: list[str] = Field(default_factory=list)
    vms: list[DbVmIn] = Field(default_factory=list)
    rules: list[RuleIn] = Field(default_factory=list)
    app_vms_on_db_cluster: list[str] = Field(default_factory=list)


class VpnIn(_In):
    municipality: str
    tunnel: str
    hub: str = ""
    cpe: str = ""
    ike_proposals: list[str] = Field(default_factory=list)
    esp_proposals: list[str] = Field(default_factory=list)
    key_hash: str | None = None  # a short prefix of the PSK's SHA-256, never the key
    key_unique: bool
    consistent: bool
    issues: list[str] = Field(default_factory=list)


class VerifyDoc(_In):
    schema_: Literal["kyodo.verify/1"] = Field(alias="schema")
    compliant: bool
    municipalities: list[str]
    findings: list[Finding] = Field(default_factory=list)
    matrix: Matrix
    prefecture: str | None = None
    generated_at: str | None = None
    tool: Tool | None = None
    snapshot: SnapshotIn | None = None
    paths: list[PathIn] | None = None
    three_layer: list[ThreeLayerIn] | None = None
    placement: PlacementIn | None = None
    vpn: list[VpnIn] | None = None
    devices: list[str] | None = None
    vms: int | None = None


class ProbeDoc(_In):
    schema_: Literal["kyodo.probe/1"] = Field(alias="schema")
    generated_at: str | None = None
    matrix: Matrix
    flows: list[PathIn] = Field(default_factory=list)


def _load(path: Path, model: type[BaseModel]) -> Any:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: not JSON ({exc.msg})") from None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = ".".join(str(p) for p in first["loc"]) or "(document)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise InputError(f"{path}: {loc}: {first['msg']}{more}") from None


def load_verify(path: Path) -> VerifyDoc:
    doc: VerifyDoc = _load(path, VerifyDoc)
    return doc


def load_probe(path: Path) -> ProbeDoc:
    doc: ProbeDoc = _load(path, ProbeDoc)
    return doc
