"""The change commands: `provision-municipality`, `deprovision-municipality`, `kyodo plan`, `kyodo demo`.

This is the CLI layer (it may use the lab and the report, which ``kyodo.change`` must not):
it builds the access to devices and vCenter — production (SoT addresses, the vault) or the
embedded lab (``--lab``) — and the hooks (confirmation prompt, probes, report), then runs
``kyodo.change.provision``.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from kyodo.change.access import DeviceAccess, Target, VCenter
from kyodo.change.plan import approve, load_plan, save_plan
from kyodo.change.provision import Hooks, Operation, Request, run
from kyodo.change.record import ChangeRecord
from kyodo.cli import run as run_cli
from kyodo.devices.credentials import TrackingResolver
from kyodo.errors import InputError
from kyodo.paths import default_inventory_out, default_ledger, default_sot, project_root, state_dir
from kyodo.secrets import SecretMissing, Vault
from kyodo.sot.load import SoT, load_sot

console = Console(stderr=True, soft_wrap=True)


def operator() -> str:
    try:
        return os.environ.get("KYODO_OPERATOR") or getpass.getuser()
    except (KeyError, OSError):
        return f"uid{os.getuid()}"


def production_access(sot: SoT, vault: Vault) -> DeviceAccess:
    kh = os.environ.get("KYODO_KNOWN_HOSTS", str(Path.home() / ".ssh" / "known_hosts"))
    targets = {
        d.name: Target(d.management_address, str(d.platform), d.credential, known_hosts=kh)
        for d in sot.datacenter.devices
    }
    for m in sot.municipalities:
        c = m.connection.cpe
        targets[c.name] = Target(c.management_address, str(c.platform), c.credential, known_hosts=kh)
    vs = sot.datacenter.vsphere
    vcenter = None
    try:
        user_ref = vs.credential + "_username"
        vcenter = VCenter(
            url=f"https://{vs.vcenter}/sdk",
            host=vs.vcenter,
            port=443,
            username=vault(user_ref),
            password=vault(vs.credential),
            ca_file=Path(os.environ["KYODO_VCENTER_CA"]) if "KYODO_VCENTER_CA" in os.environ else None,
        )
    except SecretMissing as exc:
        console.print(f"note: vCenter not reachable without its credential ({exc}); VMs are not planned")
    return DeviceAccess(
        targets, TrackingResolver(vault), inventory=default_inventory_out(), vcenter=vcenter, vault_path=vault.path
    )


def lab_access(inventory: Path) -> DeviceAccess:
    from kyodo.lab.access import lab_device_access

    return lab_device_access(inventory)


def _hooks(lab: bool, sot_dir: Path, ledger: Path, assume_yes: bool) -> Hooks:
    def progress(phase: str, msg: str) -> None:
        console.print(f"[bold]{phase}[/bold] {msg}")

    def confirm(plan: Any) -> bool:
        if assume_yes:
            return True
        if not sys.stdin.isatty():
            console.print("not a terminal: pass --yes to apply")
            return False
        return typer.confirm("apply this plan?", default=False)

    def probe(record: ChangeRecord, model: Any) -> dict[str, Any] | None:
        if not lab:
            return None
        from kyodo.lab import netlab
        from kyodo.lab import probe as lab_probe
        from kyodo.lab.netnames import lab_dir

        state = netlab.load_state(lab_dir())
        if state is None:
            return {"ok": False, "error": "the lab is not up"}
        lm = netlab.lab_model(state, lab_dir())
        data: dict[str, Any] = lab_probe.probe(model, lm.plan)   # expectations of the state being verified
        bad = [p for p in data["flows"] if p.get("expected") != p.get("actual")]
        data["ok"] = not bad
        data["unexpected"] = len(bad)
        return data

    def report(record: ChangeRecord, verify_json: Path) -> Path | None:
        from kyodo.report.cli import FormatOpt, LangOpt
        from kyodo.report.cli import report as write

        probe_json = record.root / "probe.json"
        out = record.root / "report.html"
        write(
            None,
            from_=verify_json,
            probe=probe_json if probe_json.exists() else None,
            lang=LangOpt.ja,
            fmt=FormatOpt.html,
            out=out,
            sot=sot_dir,
            ledger=ledger,
            no_sot=False,
        )
        return out

    return Hooks(progress=progress, confirm=confirm, probe=probe, report=report, show=show_plan)


def show_plan(plan: Any) -> None:
    table = Table("device", "platform", "commands", title=f"plan {plan.change_id}: {plan.operation} {plan.code}")
    for d in plan.devices:
        table.add_row(d.host, d.platform, str(len(d.commands)))
    console.print(table)
    for d in plan.devices:
        for c in d.commands[:12]:
            console.print(f"  {d.host}: {c}", markup=False, highlight=False)
        if len(d.commands) > 12:
            console.print(f"  {d.host}: … {len(d.commands) - 12} more (plan.json in the change record)")
    vms = Table("VM", "action", "cluster", "portgroup", "ip")
    for v in plan.vms:
        vms.add_row(v.name, v.action, v.cluster, v.portgroup, v.ip)
    console.print(vms)
    console.print(f"pre-verification: {'compliant' if plan.verify.compliant else 'NOT compliant'}")


def _request(
    code: str,
    operation: Operation,
    sot: Path | None,
    plan_only: bool,
    yes: bool,
    emergency: bool,
    reason: str | None,
    apply_plan: Path | None,
    plan_out: Path | None,
    confirm_minutes: int,
    require_approval: bool,
    four_eyes: bool,
    at: str | None,
    lab: bool,
) -> Request:
    if emergency and not (reason and reason.strip()):
        raise InputError("--emergency needs --reason TEXT (recorded in the change record and the report)")
    if reason and not emergency:
        raise InputError("--reason is only for --emergency changes")
    from kyodo.change.cli import parse_at

    base = project_root()
    if lab:  # plan against what the lab runs: its SoT copy and its ledger
        from kyodo.lab.access import lab_paths
        from kyodo.lab.netnames import lab_dir

        if sot is not None:
            raise InputError("--sot: with --lab the SoT is the one the lab was brought up from (kyodo lab up --sot)")
        sot_dir, ledger = lab_paths()
        st, inventory = state_dir() / "lab", lab_dir() / "inventory"
    else:
        sot_dir, ledger, st, inventory = sot or default_sot(), default_ledger(), state_dir(), default_inventory_out()
    return Request(
        code=code,
        operation=operation,
        sot=sot_dir,
        ledger=ledger,
        state=st,
        changes_dir=base / "changes",
        inventory_out=inventory,
        plan_only=plan_only,
        assume_yes=yes,
        emergency_reason=reason if emergency else None,
        apply_plan=apply_plan,
        plan_out=plan_out,
        confirm_minutes=confirm_minutes,
        require_approval=require_approval,
        four_eyes=four_eyes,
        operator=operator(),
        at=parse_at(at) if at else None,
    )


def change(
    operation: Operation,
    code: str,
    sot: Path | None,
    plan: bool,
    yes: bool,
    lab: bool,
    emergency: bool,
    reason: str | None,
    apply_plan: Path | None,
    plan_out: Path | None,
    confirm_minutes: int,
    require_approval: bool,
    four_eyes: bool,
    at: str | None,
) -> None:
    req = _request(
        code,
        operation,
        sot,
        plan,
        yes,
        emergency,
        reason,
        apply_plan,
        plan_out,
        confirm_minutes,
        require_approval,
        four_eyes,
        at,
        lab,
    )
    s = load_sot(req.sot)
    access = lab_access(req.inventory_out) if lab else production_access(s, Vault())
    outcome = run(req, access, _hooks(lab, req.sot, req.ledger, yes))
    p = outcome.plan
    summary = {
        "change_id": outcome.change_id,
        "outcome": outcome.outcome,
        "record": str(outcome.record),
        "commands": p.command_count if p else 0,
        "vm_changes": len(p.vm_changes) if p else 0,
        **outcome.details,
    }
    sys.stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")


CodeArg = Annotated[str, typer.Argument(help="全国地方公共団体コード, e.g. 312011")]
SotOpt = Annotated[
    Path | None, typer.Option("--sot", help="SoT directory (default inventory/sot; --lab: inventory/lab/sot)")
]
PlanOpt = Annotated[bool, typer.Option("--plan", help="plan only: show what would change, push nothing")]
YesOpt = Annotated[bool, typer.Option("--yes", help="apply without asking")]
LabOpt = Annotated[bool, typer.Option("--lab", help="run against the embedded lab (kyodo lab up), probes included")]
EmergencyOpt = Annotated[bool, typer.Option("--emergency", help="apply outside a change window (needs --reason)")]
ReasonOpt = Annotated[str | None, typer.Option("--reason", help="why this emergency change cannot wait")]
ApplyPlanOpt = Annotated[Path | None, typer.Option("--apply-plan", help="apply exactly this (approved) plan")]
PlanOutOpt = Annotated[Path | None, typer.Option("--out", help="also write the plan here")]
ConfirmOpt = Annotated[
    int, typer.Option("--confirm-minutes", help="devices revert by themselves unless confirmed within")
]
ApprovalOpt = Annotated[
    bool, typer.Option("--require-approval", help="refuse unless --apply-plan names an approved plan")
]
FourEyesOpt = Annotated[bool, typer.Option("--four-eyes", help="the approver must not be the operator")]
AtOpt = Annotated[str | None, typer.Option("--at", help="rehearsal: check change windows as if at this time")]


def _change_command(operation: Operation, doc: str) -> Any:
    """The CLI command of one operation (both share one option list)."""

    def command(
        code: CodeArg,
        sot: SotOpt = None,
        plan: PlanOpt = False,
        yes: YesOpt = False,
        lab: LabOpt = False,
        emergency: EmergencyOpt = False,
        reason: ReasonOpt = None,
        apply_plan: ApplyPlanOpt = None,
        out: PlanOutOpt = None,
        confirm_minutes: ConfirmOpt = 10,
        require_approval: ApprovalOpt = False,
        four_eyes: FourEyesOpt = False,
        at: AtOpt = None,
    ) -> None:
        change(operation, code, sot, plan, yes, lab, emergency, reason, apply_plan, out, confirm_minutes,
               require_approval, four_eyes, at)

    command.__doc__ = doc
    command.__name__ = operation
    return command


provision = _change_command(
    "provision", "Onboard a municipality: validate, allocate, render, plan, apply through Ansible, verify, record.")
deprovision = _change_command(
    "deprovision", "Remove a municipality (status: decommissioning) and prove nothing of it remains.")


def plan_cmd(
    target: Annotated[str, typer.Argument(help="a municipality code, or 'approve'")],
    plan_file: Annotated[Path | None, typer.Argument(help="with 'approve': the plan file")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="plan file to write")] = None,
    by: Annotated[str | None, typer.Option("--by", help="with 'approve': the approver's name")] = None,
    sot: SotOpt = None,
    lab: LabOpt = False,
    deprovision: Annotated[bool, typer.Option("--deprovision", help="plan a deprovision")] = False,
) -> None:
    """`kyodo plan CODE --out plan.json` records everything a change will do, with hashes of its inputs;
    `kyodo plan approve plan.json --by NAME` adds an approval (recorded in the audit log)."""
    if target == "approve":
        if plan_file is None or not by:
            raise InputError("usage: kyodo plan approve PLAN.json --by NAME")
        from kyodo.change.audit import AuditLog

        plan = approve(load_plan(plan_file), by)
        save_plan(plan, plan_file)
        AuditLog(state_dir() / "audit.log").append("plan.approve", change_id=plan.change_id, by=by, code=plan.code)
        console.print(f"approved {plan.change_id} by {by}")
        return
    if out is None:
        raise InputError("--out: where to write the plan is required (kyodo plan CODE --out plan.json)")
    change(
        "deprovision" if deprovision else "provision",
        target,
        sot,
        True,
        False,
        lab,
        False,
        None,
        None,
        out,
        10,
        False,
        False,
        None,
    )


def demo(
    code: Annotated[str, typer.Argument(help="the municipality to onboard")] = "312011",
    municipalities: Annotated[int, typer.Option("--municipalities", "-n", help="lab size")] = 4,
) -> None:
    """The main job on the embedded lab: set it up, bring it up with no municipality onboarded,
    provision one through Ansible, and print where its compliance report is."""
    from kyodo.lab.cli import setup as lab_setup
    from kyodo.lab.cli import up as lab_up

    console.rule("1/3 kyodo lab setup")
    lab_setup()
    console.rule("2/3 kyodo lab up --bare")
    lab_up(sot=None, municipalities=municipalities, vsphere=True, ssh=True, bare=True)
    console.rule(f"3/3 provision-municipality {code} --lab --yes")
    change("provision", code, None, False, True, True, False, None, None, None, 10, False, False, None)
    changes = sorted((project_root() / "changes").glob(f"*-prov-{code}"))
    if changes:
        record = changes[-1]
        console.print(f"\nchange record: {record}\ncompliance report (ja): {record / 'report.html'}"
                      f"\nsummary (ja/en): {record / 'summary.md'}\n"
                      "next: kyodo probe · kyodo lab status · deprovision-municipality · kyodo lab down")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
    app.command("plan")(plan_cmd)
    app.command("provision")(provision)
    app.command("deprovision")(deprovision)


def _single(fn: Any) -> typer.Typer:
    one = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    one.command()(fn)
    return one


def provision_main() -> None:
    sys.exit(run_cli(_single(provision)))


def deprovision_main() -> None:
    sys.exit(run_cli(_single(deprovision)))
