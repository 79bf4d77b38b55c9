"""How a change reaches devices and vCenter: SSH (netmiko) sessions, the runner adapter, pyvmomi.

``DeviceAccess`` is the production implementation of ``provision.Access``: targets come from
the SoT's management addresses (port 22, the operator's ``known_hosts``), vCenter from the SoT
and the vault. The lab builds the same object with its own addresses, host keys and simulator.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kyodo.change.plan import Plan
from kyodo.change.record import ChangeRecord
from kyodo.devices.agent import open_session
from kyodo.devices.change import ChangeOptions, DeviceTarget, apply_change, confirm_change
from kyodo.devices.confirm import pending, watchdog_dir
from kyodo.devices.credentials import TrackingResolver, credentials_for
from kyodo.devices.session import Endpoint
from kyodo.errors import KyodoError
from kyodo.model import Resolved
from kyodo.paths import state_dir
from kyodo.platforms.registry import get as platform
from kyodo.vsphere.snapshot import VSphereSnapshot

REPO = Path(__file__).resolve().parents[3]
PLAYBOOKS = REPO / "playbooks"


@dataclass(frozen=True)
class Target:
    address: str
    platform: str
    credential: str
    port: int = 22
    known_hosts: str | None = None

    def as_vars(self) -> dict[str, Any]:
        out: dict[str, Any] = {"address": self.address, "port": self.port, "platform": self.platform,
                               "credential": self.credential}
        if self.known_hosts:
            out["known_hosts"] = self.known_hosts
        return out


@dataclass(frozen=True)
class VCenter:
    url: str
    host: str
    port: int
    username: str
    password: str
    ca_file: Path | None

    def __repr__(self) -> str:
        return f"VCenter(url={self.url!r}, username={self.username!r}, password=<redacted>)"

    def env(self) -> dict[str, str]:
        """Connection facts for the vSphere modules — never the password: ansible-runner writes its
        environment into the artifacts, so plays look the password up at task time (kyodo_secret)."""
        env = {"VMWARE_HOST": self.host, "VMWARE_PORT": str(self.port), "VMWARE_USER": self.username,
               "VMWARE_VALIDATE_CERTS": "true"}
        if self.ca_file:
            env.update(REQUESTS_CA_BUNDLE=str(self.ca_file), SSL_CERT_FILE=str(self.ca_file))
        return env


def production_targets(model: Resolved, known_hosts: Path | None = None) -> dict[str, Target]:
    kh = str(known_hosts or Path(os.environ.get("KYODO_KNOWN_HOSTS", str(Path.home() / ".ssh" / "known_hosts"))))
    out = {d.name: Target(d.management_address, str(d.platform), d.credential, known_hosts=kh) for d in model.devices}
    for m in model.municipalities:
        out[m.cpe.name] = Target(m.cpe.management_address, str(m.cpe.platform), m.cpe.credential, known_hosts=kh)
    return out


class DeviceAccess:
    def __init__(self, targets: dict[str, Target], secrets: TrackingResolver, *, inventory: Path,
                 vcenter: VCenter | None = None, vault_path: Path | None = None, lab: bool = False,
                 progress: Any = None) -> None:
        self.targets = targets
        self.secrets = secrets
        self.inventory = inventory
        self.vcenter = vcenter
        self.vault_path = vault_path
        self.lab = lab
        self.progress = progress

    def __repr__(self) -> str:
        return f"DeviceAccess(targets={sorted(self.targets)}, vcenter={self.vcenter!r})"

    def _target(self, host: str) -> DeviceTarget:
        t = self.targets.get(host)
        if t is None:
            raise KyodoError(f"{host}: no address known for this device")
        endpoint = Endpoint(name=host, host=t.address, port=t.port,
                            known_hosts=Path(t.known_hosts) if t.known_hosts else None)
        return DeviceTarget(endpoint=endpoint, platform=t.platform, credential=t.credential)

    def running_config(self, host: str, platform_name: str) -> str:
        target = self._target(host)
        creds = credentials_for(target.credential, self.secrets)
        with open_session(target.endpoint, platform(platform_name).facts, creds) as s:
            text: str = s.running()
            return text

    def apply(self, record: ChangeRecord, plan: Plan, req: Any) -> dict[str, Any]:
        from kyodo.runner.adapter import RunSettings, run_playbook

        net_hosts = [d.host for d in plan.devices if d.commands]
        extravars = {
            "kyodo_code": plan.code,
            "kyodo_targets": {h: self.targets[h].as_vars() for h in net_hosts},
            "kyodo_intended_dir": str(record.work / "intended"),
            "kyodo_backup_dir": str(record.work / "backup" / "pushed"),
            "kyodo_confirm_minutes": req.confirm_minutes,
            "kyodo_net_hosts": ",".join(net_hosts) or "none",
            "kyodo_vsphere": self.vcenter is not None and bool(plan.vm_changes),
            "kyodo_lab": self.lab,
        }
        playbook = PLAYBOOKS / ("provision_municipality.yml" if plan.operation == "provision"
                                else "deprovision_municipality.yml")
        env = {"KYODO_VAULT": str(self.vault_path)} if self.vault_path else {}
        env.update(ANSIBLE_LOOKUP_PLUGINS=str(REPO / "plugins" / "lookup"), ANSIBLE_ROLES_PATH=str(REPO / "roles"),
                   ANSIBLE_CONFIG=str(REPO / "ansible.cfg"),
                   # the module arms revert watchdogs where this process looks for them to confirm
                   KYODO_WATCHDOG_DIR=str(watchdog_dir()), KYODO_STATE=str(state_dir()))
        if self.vcenter:
            env.update(self.vcenter.env())
        settings = RunSettings(playbook=playbook, private_data_dir=record.root / "runner",
                               artifact_dir=record.root / "runner" / "artifacts", inventory=self.inventory,
                               extravars=extravars, envvars=env, ident="apply", forks=5)
        result = run_playbook(settings, self.progress, secrets=self.known_secrets)
        out: dict[str, Any] = {}
        rank = {"ok": 0, "unchanged": 1, "changed": 2, "pending_confirm": 3, "failed": 4}
        for task in result.tasks:
            res = dict(task.res)
            entry = out.setdefault(task.host, {"failed": False, "status": "ok", "tasks": 0, "commands": []})
            entry["tasks"] += 1
            status = res.get("status")
            if status in rank:   # a device pushed by several roles: the strongest outcome counts
                entry["commands"] += list(res.get("commands", []))
                if rank[status] > rank[entry["status"]]:
                    entry["status"] = status
            if task.failed:
                entry["failed"] = True
                entry["message"] = task.msg or res.get("msg") or res.get("message") or task.task
        if not result.ok and not any(e["failed"] for e in out.values()):
            out["(runner)"] = {"failed": True, "message": f"ansible-runner status {result.status} rc {result.rc}"}
        return out

    def pending(self, hosts: list[str]) -> list[str]:
        """Hosts whose last change is armed to revert and not confirmed yet (e.g. a run killed before confirm)."""
        return [h for h in hosts if h in self.targets and pending(self._target(h))]

    def confirm(self, hosts: list[str]) -> dict[str, str]:
        out = {}
        for h in hosts:
            t = self._target(h)
            r = confirm_change(t, platform(t.platform), self.secrets)
            out[h] = r.status if not r.failed else f"failed: {r.message}"
        return out

    def revert(self, hosts: list[str], backups: dict[str, str] | None = None) -> dict[str, str]:
        """Push each device's backup as its intended config (the same workflow, now towards the backup)."""
        out = {}
        for h in hosts:
            text = (backups or {}).get(h)
            if text is None:
                out[h] = "no backup given; the armed revert timer restores it"
                continue
            t = self._target(h)
            r = apply_change(t, platform(t.platform), text, self.secrets, ChangeOptions(mode="apply"))
            out[h] = r.status if not r.failed else f"failed: {r.message}"
        return out

    def vsphere(self, model: Resolved) -> VSphereSnapshot | None:
        if self.vcenter is None:
            return None
        from kyodo.vsphere import collect, connect, disconnect

        si = connect(self.vcenter.url, self.vcenter.username, self.vcenter.password, self.vcenter.ca_file)
        try:
            return collect(si, model)
        finally:
            disconnect(si)

    def known_secrets(self) -> list[str]:
        values = list(self.secrets.known())
        if self.vcenter:
            values.append(self.vcenter.password)
        return values
