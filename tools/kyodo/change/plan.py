"""Change plans: everything a change will do, with hashes of the inputs it was computed from.

``kyodo plan CODE --out plan.json`` writes one; ``provision-municipality --apply-plan``
applies exactly it and refuses if any input drifted since (SoT, ledger, the running
configs collected at plan time). A plan can carry an approval; a policy may require that
the approver is not the operator who applies it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kyodo.errors import InputError, KyodoError
from kyodo.ipam.allocator import Row

SCHEMA = "kyodo.plan/1"


class _M(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Inputs(_M):
    sot_sha256: str
    ledger_sha256: str
    running: dict[str, str] = Field(default_factory=dict)  # host → sha256 of the running config
    intended: dict[str, str] = Field(default_factory=dict)  # host → sha256 of the intended config


class DevicePlan(_M):
    host: str
    platform: str
    commands: list[str]
    rollback: list[str]


class VmPlan(_M):
    name: str
    action: Literal["create", "update", "delete", "none"]
    cluster: str
    portgroup: str
    ip: str
    changes: dict[str, str] = Field(default_factory=dict)


class Verdict(_M):
    compliant: bool
    findings: int
    high_or_critical: int
    summary: list[str] = Field(default_factory=list)


class Approval(_M):
    by: str
    at: str


class Plan(_M):
    schema_: str = Field(default=SCHEMA, alias="schema")
    change_id: str
    operation: Literal["provision", "deprovision"]
    code: str
    created_at: str
    operator: str
    inputs: Inputs
    devices: list[DevicePlan]
    vms: list[VmPlan]
    verify: Verdict
    scope_violations: list[str] = Field(default_factory=list)
    approval: Approval | None = None

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @property
    def command_count(self) -> int:
        return sum(len(d.commands) for d in self.devices)

    @property
    def vm_changes(self) -> list[VmPlan]:
        return [v for v in self.vms if v.action != "none"]

    def dump(self) -> str:
        return json.dumps(self.model_dump(by_alias=True), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class PlanDrift(KyodoError):
    exit_code = 2


def sha256(data: str | bytes) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def sot_digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix in (".yml", ".yaml"):
            h.update(str(p.relative_to(root)).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def ledger_digest(rows: list[Row]) -> str:
    return sha256("\n".join(f"{r.code}\t{r.kind}\t{r.value}" for r in sorted(rows, key=lambda r: (r.code, r.kind))))


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def load_plan(path: Path) -> Plan:
    try:
        return Plan.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    except ValueError as exc:
        raise InputError(f"{path}: not a kyodo plan ({str(exc).splitlines()[0]})") from None


def save_plan(plan: Plan, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(plan.dump(), encoding="utf-8")


def approve(plan: Plan, by: str) -> Plan:
    if not by.strip():
        raise InputError("--by: an approver name is required")
    return plan.model_copy(update={"approval": Approval(by=by, at=now())})


def check_approval(plan: Plan, operator: str, *, require: bool, four_eyes: bool) -> None:
    if require and plan.approval is None:
        raise PlanDrift(f"plan {plan.change_id} is not approved (kyodo plan approve PLAN --by NAME)")
    if four_eyes and plan.approval is not None and plan.approval.by == operator:
        raise PlanDrift(
            f"plan {plan.change_id} was approved by its own operator '{operator}'; the approver must be someone else"
        )


def drift(plan: Plan, current: Inputs) -> list[str]:
    """What changed since the plan was made (empty when nothing did)."""
    out = []
    if plan.inputs.sot_sha256 != current.sot_sha256:
        out.append("the source of truth changed")
    if plan.inputs.ledger_sha256 != current.ledger_sha256:
        out.append("the allocation ledger changed")
    for host, digest in sorted(plan.inputs.running.items()):
        now_digest = current.running.get(host)
        if now_digest != digest:
            out.append(f"the running config of {host} changed" if now_digest else f"{host} could not be read")
    for host, digest in sorted(plan.inputs.intended.items()):
        if current.intended.get(host) != digest:
            out.append(f"the intended config of {host} changed")
    return out
