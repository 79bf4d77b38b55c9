"""provision-municipality / deprovision-municipality: one safe, repeatable change.

validate → allocate → inventory → render → pre-verify → plan (per device the exact
commands, per VM what changes, scope check) → window, approval and locks → backup → apply
(Ansible through the runner adapter; devices armed to revert by themselves) → post-verify
(running configs collected and verified, vSphere read back, lab probes) → confirm (or
revert) → deployed state, change record, audit log.

A re-run converges: everything is recomputed from the SoT, the ledger and what the devices
and vCenter hold now, so a run killed at any phase is finished by running it again.
Access to devices and vCenter (production or the lab) and the interactive confirmation,
probes and report come in through ``Access`` and ``Hooks``: this module imports neither the
lab nor the report (they sit above it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from kyodo.change.audit import AuditLog
from kyodo.change.locks import Locks
from kyodo.change.plan import (
    DevicePlan,
    Inputs,
    Plan,
    PlanDrift,
    Verdict,
    VmPlan,
    check_approval,
    drift,
    ledger_digest,
    load_plan,
    now,
    sha256,
    sot_digest,
)
from kyodo.change.record import ChangeRecord, new_change_id
from kyodo.change.scope import Ownership, violations
from kyodo.change.windows import check as window_check
from kyodo.change.windows import load_windows
from kyodo.errors import InputError, KyodoError
from kyodo.inventory.writer import write as write_inventory
from kyodo.ipam.allocator import kinds_for
from kyodo.ipam.ledger import Ledger
from kyodo.model import MunicipalityNet, Resolved, resolve
from kyodo.platforms.base import SecretResolver
from kyodo.platforms.registry import get as platform
from kyodo.render.render import render_model, write_snapshot
from kyodo.sot.load import SoT, load_sot
from kyodo.sot.models import Status
from kyodo.vsphere.snapshot import VSphereSnapshot

Operation = Literal["provision", "deprovision"]


class ChangeRefused(KyodoError):
    """The change was stopped before anything was pushed (unsafe plan, window, drift, scope)."""

    exit_code = 1


class ChangeFailedError(KyodoError):
    """The change was applied and then failed; devices are back on their backups."""

    exit_code = 1


@dataclass(frozen=True)
class Request:
    code: str
    operation: Operation
    sot: Path
    ledger: Path
    state: Path
    changes_dir: Path
    inventory_out: Path
    plan_only: bool = False
    assume_yes: bool = False
    emergency_reason: str | None = None
    apply_plan: Path | None = None
    plan_out: Path | None = None
    confirm_minutes: int = 10
    require_approval: bool = False
    four_eyes: bool = False
    operator: str = "operator"
    at: datetime | None = None


@dataclass
class DeviceState:
    host: str
    platform: str
    running: str | None
    intended: str
    commands: tuple[str, ...] = ()
    rollback: tuple[str, ...] = ()
    error: str | None = None


class Access(Protocol):
    """How this run reaches devices and vCenter (production: the SoT's addresses; the lab: its own)."""

    @property
    def secrets(self) -> SecretResolver:
        """Resolves the references the rendered configs need (PSKs)."""
        ...

    def running_config(self, host: str, platform: str) -> str:
        """The device's running configuration (raises a KyodoError when unreachable)."""
        ...

    def apply(self, record: ChangeRecord, plan: Plan, req: Request) -> dict[str, Any]:
        """Push the plan (Ansible through the runner adapter); returns per-host results."""
        ...

    def confirm(self, hosts: list[str]) -> dict[str, str]:
        """Confirm pending changes after post-verification: host → status."""
        ...

    def pending(self, hosts: list[str]) -> list[str]:
        """Hosts armed to revert and not confirmed (a previous run died before confirming)."""
        ...

    def revert(self, hosts: list[str], backups: dict[str, str]) -> dict[str, str]:
        """Put devices back on their backups now (instead of waiting for the timer)."""
        ...

    def vsphere(self, model: Resolved) -> VSphereSnapshot | None:
        """What vCenter holds now (None when there is no vCenter to read)."""
        ...

    def known_secrets(self) -> list[str]: ...


@dataclass
class Hooks:
    progress: Callable[[str, str], None] = lambda phase, msg: None
    confirm: Callable[[Plan], bool] = lambda plan: False
    probe: Callable[[ChangeRecord, Resolved], dict[str, Any] | None] = lambda record, model: None
    report: Callable[[ChangeRecord, Path], Path | None] = lambda record, verify_json: None
    show: Callable[[Plan], None] = lambda plan: None     # gets the plan with secrets masked


@dataclass
class Outcome:
    change_id: str
    outcome: str
    record: Path
    plan: Plan | None = None
    details: dict[str, Any] = field(default_factory=dict)


# --- the phases ---------------------------------------------------------------------------


def _target_set(ledger: Ledger, code: str, operation: Operation) -> set[str]:
    deployed = set(ledger.deployed())
    return deployed | {code} if operation == "provision" else deployed - {code}


def _restrict(model: Resolved, codes: set[str]) -> Resolved:
    return model.model_copy(update={"municipalities": tuple(m for m in model.municipalities if m.code in codes)})


def _affected_hosts(model_all: Resolved, code: str, operation: Operation) -> list[str]:
    hosts = [d.name for d in model_all.devices]
    if operation == "provision":
        hosts.append(model_all.by_code[code].cpe.name)
    return hosts


def _vm_plan(
    intended: VSphereSnapshot, current: VSphereSnapshot | None, code: str, operation: Operation, model_all: Resolved
) -> list[VmPlan]:
    m = model_all.by_code[code]
    have = {v.name: v for v in current.vms} if current else {}
    out = []
    want = {v.name: v for v in intended.vms}
    for vm in m.vms:
        now_vm = have.get(vm.name)
        if operation == "deprovision":
            out.append(
                VmPlan(
                    name=vm.name,
                    action="delete" if now_vm or current is None else "none",
                    cluster=vm.cluster,
                    portgroup=vm.portgroup,
                    ip=vm.ip,
                )
            )
            continue
        target = want[vm.name]
        if now_vm is None:
            out.append(VmPlan(name=vm.name, action="create", cluster=vm.cluster, portgroup=vm.portgroup, ip=vm.ip))
            continue
        changes = {}
        for attr in ("cluster", "portgroups", "ips", "cpu", "memory_mb", "power_state"):
            a, b = getattr(now_vm, attr), getattr(target, attr)
            if b is not None and a != b:
                changes[attr] = f"{a} → {b}"
        out.append(
            VmPlan(
                name=vm.name,
                action="update" if changes else "none",
                cluster=vm.cluster,
                portgroup=vm.portgroup,
                ip=vm.ip,
                changes=changes,
            )
        )
    return out


def _verdict(result: Any) -> Verdict:
    failing = [f for f in result.findings if f.failing]
    return Verdict(
        compliant=result.compliant,
        findings=len(result.findings),
        high_or_critical=len(failing),
        summary=[f"{f.rule}: {f.summary}" for f in failing[:20]],
    )


def prepare(
    req: Request, access: Access, record: ChangeRecord, hooks: Hooks
) -> tuple[Plan, Resolved, dict[str, DeviceState], MunicipalityNet | None]:
    """Everything up to a saved plan. Nothing is pushed here. Also returns, for a deprovision, the
    municipality being removed (what post-verification must find nowhere)."""
    from kyodo.verify.engine import verify
    from kyodo.verify.load import platforms_of
    from kyodo.verify.snapshot import load_snapshot

    with record.phase("validate"):
        sot: SoT = load_sot(req.sot)
        try:
            m = sot.municipality(req.code)
        except KeyError:
            raise InputError(f"CODE: {req.code} is not in the SoT ({req.sot})") from None
        if req.operation == "deprovision" and m.status != Status.decommissioning:
            raise InputError(f"CODE: {req.code} is '{m.status}' in the SoT; set status: decommissioning first")
        if req.operation == "provision" and m.status == Status.decommissioning:
            raise InputError(f"CODE: {req.code} is 'decommissioning' in the SoT; it cannot be provisioned")
        record.facts["name"] = m.name
    ledger = Ledger(req.ledger)
    with record.phase("allocate"):
        hooks.progress("allocate", req.code)
        if req.operation == "provision":
            ledger.allocate(sot.datacenter.pools, {req.code: kinds_for(m.connection.type)})
        rows = ledger.rows()
        allocated = {r.code for r in rows}
        if req.code not in allocated:
            raise InputError(f"CODE: {req.code} has no allocation in {req.ledger}; nothing to deprovision")
    with record.phase("inventory"):
        model_all = resolve(sot, rows, codes={x.code for x in sot.municipalities if x.code in allocated})
        write_inventory(model_all, req.inventory_out)
    targets = _target_set(ledger, req.code, req.operation)
    model = _restrict(model_all, targets)
    with record.phase("render"):
        hooks.progress("render", f"{len(model.municipalities)} municipalities")
        rendered = render_model(model, access.secrets)
        write_snapshot(rendered, record.work / "intended")
        record.mirror_private("intended")
    with record.phase("pre-verify"):
        snap = load_snapshot(record.work / "intended", platforms_of(sot))
        pre = verify(snap, model)
        record.write_json("pre-verify.json", pre.to_dict())
        record.facts["pre_verify"] = (
            "compliant" if pre.compliant else f"{sum(f.failing for f in pre.findings)} finding(s)"
        )
    hosts = _affected_hosts(model_all, req.code, req.operation)
    states: dict[str, DeviceState] = {}
    with record.phase("collect"):
        for host in hosts:
            plat = rendered.platforms.get(host) or str(model_all.device(host).platform)
            intended = rendered.configs.get(host, "")
            try:
                running = access.running_config(host, plat)
            except KyodoError as exc:
                states[host] = DeviceState(host, plat, None, intended, error=str(exc))
                continue
            record.write_private(f"backup/{host}.cfg", running)
            d = platform(plat).diff(running, intended)
            states[host] = DeviceState(host, plat, running, intended, d.commands, d.rollback)
    unreachable = [s for s in states.values() if s.running is None]
    own = Ownership(
        model_all, [platform(s.platform).parse(t) for s in states.values() for t in (s.running, s.intended) if t]
    )
    scope = [str(v) for s in states.values() for v in violations(s.host, s.commands, own, req.code, s.running)]
    with record.phase("vsphere-read"):
        current = access.vsphere(model_all)
    vms = _vm_plan(rendered.vsphere, current, req.code, req.operation, model_all)
    plan = Plan(
        change_id=record.change_id,
        operation=req.operation,
        code=req.code,
        created_at=now(),
        operator=req.operator,
        inputs=Inputs(
            sot_sha256=sot_digest(req.sot),
            ledger_sha256=ledger_digest(rows),
            running={s.host: sha256(s.running) for s in states.values() if s.running is not None},
            intended={s.host: sha256(s.intended) for s in states.values()},
        ),
        devices=[
            DevicePlan(host=s.host, platform=s.platform, commands=list(s.commands), rollback=list(s.rollback))
            for s in states.values()
        ],
        vms=vms,
        verify=_verdict(pre),
        scope_violations=scope,
    )
    record.write_text("plan.json", plan.dump())        # masked: a plan is handed around for approval
    if req.plan_out:
        req.plan_out.parent.mkdir(parents=True, exist_ok=True)
        req.plan_out.write_text(record.mask(plan.dump()), encoding="utf-8")
    if unreachable:
        raise ChangeRefused(
            "cannot read the running config of "
            + ", ".join(f"{s.host} ({s.error})" for s in unreachable)
            + "; nothing was pushed"
        )
    if not pre.compliant:
        raise ChangeRefused(
            f"the intended state is not compliant ({plan.verify.high_or_critical} high/critical "
            f"finding(s), see {record.root / 'pre-verify.json'}): nothing was pushed\n  "
            + "\n  ".join(plan.verify.summary[:5])
        )
    if scope:
        raise ChangeRefused(
            "the change would touch other municipalities' configuration; nothing was pushed:\n  "
            + "\n  ".join(scope[:10])
        )
    gone = model_all.by_code[req.code] if req.operation == "deprovision" else None
    return plan, model, states, gone


def run(req: Request, access: Access, hooks: Hooks) -> Outcome:
    change_id = new_change_id(req.code, req.operation)
    from kyodo.devices.change import Masker

    record = ChangeRecord.open(req.changes_dir, change_id, req.code, req.operation, work_dir=req.state / "work",
                               mask=Masker(access.known_secrets()))
    record.facts["operator"] = req.operator
    audit = AuditLog(req.state / "audit.log")
    audit.append(
        f"{req.operation}.start",
        change_id=change_id,
        code=req.code,
        plan_only=req.plan_only,
        emergency=req.emergency_reason,
    )
    try:
        out = _run(req, access, hooks, record, audit)
    except KyodoError as exc:
        outcome = "refused" if isinstance(exc, ChangeRefused | InputError | PlanDrift) else "failed"
        record.facts["error"] = str(exc)
        audit.append(f"{req.operation}.{outcome}", change_id=change_id, code=req.code, error=str(exc)[:2000])
        record.close(outcome, access.known_secrets())
        raise
    record.close(out.outcome, access.known_secrets())
    audit.append(f"{req.operation}.{out.outcome}", change_id=change_id, code=req.code, record=str(record.root))
    return out


def _run(req: Request, access: Access, hooks: Hooks, record: ChangeRecord, audit: AuditLog) -> Outcome:
    plan, model, states, gone = prepare(req, access, record, hooks)
    backups = {h: st.running for h, st in states.items() if st.running is not None}
    hooks.show(Plan.model_validate_json(record.mask(plan.dump())))
    record.facts.update(commands=plan.command_count, vm_changes=len(plan.vm_changes))
    if req.apply_plan is not None:
        approved = load_plan(req.apply_plan)
        if approved.code != req.code or approved.operation != req.operation:
            raise PlanDrift(
                f"{req.apply_plan} is a {approved.operation} plan for {approved.code}, "
                f"not a {req.operation} of {req.code}"
            )
        changed = drift(approved, plan.inputs)
        if changed:
            raise PlanDrift(
                f"plan {approved.change_id} no longer matches: " + "; ".join(changed) + ". Make a new plan."
            )
        check_approval(approved, req.operator, require=req.require_approval, four_eyes=req.four_eyes)
        record.write_json("approval.json", approved.approval.model_dump() if approved.approval else None)
        record.facts["approved_by"] = approved.approval.by if approved.approval else None
        plan = approved
    elif req.require_approval and not req.plan_only:
        raise PlanDrift(
            "an approved plan is required: kyodo plan CODE --out plan.json; kyodo plan approve; "
            "then --apply-plan plan.json"
        )
    if req.plan_only:
        return Outcome(record.change_id, "planned", record.root, plan)
    if plan.command_count == 0 and not plan.vm_changes:
        left = access.pending([d.host for d in plan.devices])
        if left:   # a previous run pushed and died before confirming: verify now, then confirm or revert
            return _confirm_left_over(req, access, hooks, record, audit, plan, model, gone, left)
        hooks.progress("apply", "nothing to change")
        _mark(req, plan)
        return Outcome(record.change_id, "no-change", record.root, plan)
    decision = window_check(load_windows(req.sot), req.at or datetime.now(UTC))
    record.write_json("window.json", {**decision.as_dict(), "emergency_reason": req.emergency_reason})
    record.facts["window"] = decision.window or decision.reason
    if not decision.allowed:
        if not req.emergency_reason:
            raise ChangeRefused(
                f"{decision.reason}: changes are applied only inside a change window "
                "(use --emergency --reason TEXT for an emergency change)"
            )
        record.facts["emergency_reason"] = req.emergency_reason
        audit.append(
            "window.override", change_id=record.change_id, reason=req.emergency_reason, decision=decision.reason
        )
    if not req.assume_yes and not hooks.confirm(plan):
        raise ChangeRefused("not confirmed by the operator; nothing was pushed")
    locks = Locks(req.state)
    resources = [f"device:{d.host}" for d in plan.devices] + [f"municipality:{req.code}"]
    _recover_stale(locks, resources, req, audit)
    with locks.holding(resources, record.change_id):
        audit.append(
            "apply.start",
            change_id=record.change_id,
            devices=[d.host for d in plan.devices if d.commands],
            vms=[v.name for v in plan.vm_changes],
        )
        with record.phase("apply"):
            hooks.progress("apply", f"{plan.command_count} command(s), {len(plan.vm_changes)} VM change(s)")
            results = access.apply(record, plan, req)
        record.write_json("applied.json", results)
        failed = [h for h, r in results.items() if r.get("failed")]
        pending = [h for h, r in results.items() if r.get("status") == "pending_confirm"]
        if failed:
            reverted = access.revert(pending, backups) if pending else {}
            record.write_json("reverted.json", reverted)
            raise ChangeFailedError(
                f"apply failed on {', '.join(failed)}: "
                + "; ".join(str(results[h].get("message", "")) for h in failed)
                + " — the devices are back on their backups"
            )
        with record.phase("post-verify"):
            hooks.progress("post-verify", "collecting running configs")
            post = post_verify(req, access, record, model, gone)
            probes = hooks.probe(record, model)
            if probes is not None:
                record.write_json("probe.json", probes)
        ok = post["compliant"] and (probes is None or probes.get("ok", True))
        record.facts["post_verify"] = "compliant" if ok else "NOT compliant"
        if not ok:
            reverted = access.revert(pending, backups)
            record.write_json("reverted.json", reverted)
            raise ChangeFailedError(
                "post-verification failed; the devices were reverted to their backups "
                f"(see {record.root / 'post-verify.json'})"
            )
        audit.append("confirm.start", change_id=record.change_id, devices=pending)
        _crash_point("confirm")
        with record.phase("confirm"):
            confirmed = access.confirm(pending)
        record.write_json("confirmed.json", confirmed)
        bad = [h for h, s in confirmed.items() if s != "confirmed"]
        if bad:
            raise ChangeFailedError(f"confirmation failed on {', '.join(bad)}; they will revert by themselves")
        _mark(req, plan)
    with record.phase("report"):
        report = hooks.report(record, record.root / "post-verify.json")
        record.facts["report"] = str(report) if report else None
    return Outcome(record.change_id, "applied", record.root, plan, {"report": str(report) if report else None})


def _confirm_left_over(req: Request, access: Access, hooks: Hooks, record: ChangeRecord, audit: AuditLog,
                      plan: Plan, model: Resolved, gone: MunicipalityNet | None, left: list[str]) -> Outcome:
    """Devices already on their intended config but still armed to revert (their run was killed
    before confirming): post-verify them, then confirm — or revert them now if the proof fails."""
    locks = Locks(req.state)
    resources = [f"device:{h}" for h in left] + [f"municipality:{req.code}"]
    _recover_stale(locks, resources, req, audit)
    with locks.holding(resources, record.change_id):
        hooks.progress("confirm", f"{len(left)} device(s) left armed by an earlier run: {', '.join(left)}")
        with record.phase("post-verify"):
            post = post_verify(req, access, record, model, gone)
            probes = hooks.probe(record, model)
            if probes is not None:
                record.write_json("probe.json", probes)
        if not (post["compliant"] and (probes is None or probes.get("ok", True))):
            raise ChangeFailedError("post-verification of the devices left armed failed: they are not confirmed "
                                    "and their armed revert restores the backup taken before that change")
        audit.append("confirm.start", change_id=record.change_id, devices=left)
        with record.phase("confirm"):
            confirmed = access.confirm(left)
        record.write_json("confirmed.json", confirmed)
        if any(s != "confirmed" for s in confirmed.values()):
            raise ChangeFailedError(f"confirmation failed: {confirmed}")
        _mark(req, plan)
    return Outcome(record.change_id, "confirmed", record.root, plan)


def post_verify(req: Request, access: Access, record: ChangeRecord, model: Resolved,
                gone: MunicipalityNet | None = None) -> dict[str, Any]:
    """Collect running configs of every device of the target state, verify them, read vSphere back;
    after a deprovision, prove nothing of the municipality remains (``remnants``)."""
    from kyodo.change.remnants import device_remnants, vsphere_remnants
    from kyodo.verify.engine import verify
    from kyodo.verify.snapshot import load_snapshot
    from kyodo.vsphere.snapshot import save

    snap_dir = record.work / "running"
    platforms = {d.name: str(d.platform) for d in model.devices}
    platforms.update({m.cpe.name: str(m.cpe.platform) for m in model.municipalities})
    for host, plat in platforms.items():
        text = access.running_config(host, plat)
        record.write_private(f"running/configs/{host}.cfg", text)
    current = access.vsphere(model)
    if current is not None:
        save(current, snap_dir / "vsphere.json")
        record.write_text("running/vsphere.json", (snap_dir / "vsphere.json").read_text(encoding="utf-8"))
    snapshot = load_snapshot(snap_dir, platforms)
    result = verify(snapshot, model)
    data = result.to_dict()
    if gone is not None:
        remnants = device_remnants(gone, snapshot.devices.values()) + vsphere_remnants(gone, current)
        data["remnants"] = {"municipality": gone.code, "found": remnants}
        data["compliant"] = bool(data["compliant"]) and not remnants
    record.write_json("post-verify.json", data)
    return data


def _crash_point(phase: str) -> None:
    """Crash-injection point for rehearsals and tests: ``KYODO_PAUSE_AT=confirm:30`` holds the run here
    for 30 s (after the audit log says where it is), so a kill can land exactly at that phase."""
    import os
    import time

    where, _, seconds = os.environ.get("KYODO_PAUSE_AT", "").partition(":")
    if where == phase:
        time.sleep(float(seconds or 30))


def _mark(req: Request, plan: Plan) -> None:
    Ledger(req.ledger).mark_deployed(req.code, plan.change_id, req.operation == "provision")


def _recover_stale(locks: Locks, resources: list[str], req: Request, audit: AuditLog) -> None:
    """A lock left by a killed run of the same municipality is taken over (and audited); others are not."""
    for h in locks.holders():
        if h.resource in resources and h.stale and f"-{req.code}" in h.change_id:
            locks.break_lock(h.resource)
            audit.append("lock.recovered", change_id=h.change_id, resource=h.resource, pid=h.pid)
