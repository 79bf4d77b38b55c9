"""The vSphere roles against the simulator, through ansible-runner: create, converge, pin DB VMs."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from kyodo import vsphere
from kyodo.inventory.writer import write as write_inventory
from kyodo.lab import vcsim
from kyodo.model import Resolved
from kyodo.vsphere import names
from kyodo.vsphere.snapshot import VSphereSnapshot

from .conftest import ROOT, free_port

pytestmark = pytest.mark.lab

PLAYBOOKS = Path(__file__).with_name("playbooks")
MUNICIPALITIES = 2   # of the sample SoT: tenants in parallel, quick enough for CI

ansible_runner = pytest.importorskip("ansible_runner")


def _small(model: Resolved) -> Resolved:
    return model.model_copy(update={"municipalities": model.municipalities[:MUNICIPALITIES]})


def _run(private: Path, inventory: Path, handle: vcsim.VcsimHandle) -> Any:
    """Run the test playbook. ansible-runner writes its whole environment to
    ``artifacts/<id>/command`` (and ``envvars`` to ``env/envvars``), so the password is not
    passed in the environment: the playbook reads it from the lab vault file at task time."""
    private.mkdir(parents=True, exist_ok=True)
    venv_bin = str(Path(sys.executable).parent)
    env = {k: v for k, v in handle.env().items() if k != "VMWARE_PASSWORD"}
    env.update({"PATH": f"{venv_bin}:{os.environ.get('PATH', '')}",
                "ANSIBLE_ROLES_PATH": str(ROOT / "roles"), "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"),
                "ANSIBLE_INVENTORY": str(inventory), "ANSIBLE_PYTHON_INTERPRETER": sys.executable})
    return ansible_runner.run(private_data_dir=str(private), project_dir=str(PLAYBOOKS), playbook="site.yml",
                              inventory=str(inventory), envvars=env, quiet=True,
                              extravars={"kyodo_test_vcenter_vault": str(handle.vault_file)})


def _failures(result: Any) -> list[str]:
    out = []
    for ev in result.events:
        if ev.get("event") in ("runner_on_failed", "runner_on_unreachable"):
            data = ev.get("event_data", {})
            out.append(f"{data.get('host')}: {data.get('task')}: {data.get('res', {}).get('msg')}")
    return out


def _changed(result: Any) -> dict[str, int]:
    return {h: n for h, n in (result.stats or {}).get("changed", {}).items() if n}


def _comparable(snap: VSphereSnapshot) -> dict[str, Any]:
    """What intended and collected must agree on (hosts of VMs are DRS's choice)."""
    return {
        "clusters": sorted((c.name, tuple(sorted(c.hosts))) for c in snap.clusters),
        "portgroups": sorted((p.name, p.vlan, p.switch) for p in snap.portgroups),
        "vms": sorted((v.name, v.cluster, v.folder, tuple(v.portgroups), tuple(v.ips), v.power_state, v.cpu,
                       v.memory_mb) for v in snap.vms),
        "drs": sorted((d.cluster, tuple(sorted((g.name, g.kind, tuple(sorted(g.members))) for g in d.groups)),
                       tuple(sorted(r.model_dump_json() for r in d.rules))) for d in snap.drs),
    }


def test_roles_create_converge_and_pin_db_vms(
    vcsim_binary: Path, lab_state: Path, sample_model: Resolved, tmp_path: Path,
) -> None:
    model = _small(sample_model)
    handle = vcsim.start(lab_state, model, listen=f"127.0.0.1:{free_port()}", binary=vcsim_binary)
    inventory = tmp_path / "inventory"
    write_inventory(model, inventory)

    first = _run(tmp_path / "run1", inventory, handle)
    assert first.status == "successful", _failures(first)
    assert _changed(first), "the first run must create objects"

    again = _run(tmp_path / "run2", inventory, handle)
    assert again.status == "successful", _failures(again)
    assert _changed(again) == {}, "a re-run must change nothing"

    si = vsphere.connect(handle.url, handle.username, handle.password, handle.ca_file)
    try:
        snap = vsphere.collect(si, model)
    finally:
        vsphere.disconnect(si)
    assert _comparable(snap) == _comparable(vsphere.intended(model))

    rules = {r.name: r for d in snap.drs for r in d.rules}
    for m in model.municipalities:
        assert rules[names.db_rule(m)].mandatory is True
        for vm in m.vms_of("db"):
            got = next(v for v in snap.vms if v.name == vm.name)
            assert got.cluster == model.db_cluster
            assert got.host in model.licensed_db_hosts

    # no secret in the inventory nor in what ansible-runner keeps (artifacts, env, events)
    for top in ("inventory", "run1", "run2"):
        for path in (tmp_path / top).rglob("*"):
            if path.is_file():
                assert handle.password not in path.read_text(errors="replace"), path


def test_db_rule_is_edited_in_place(
    vcsim_binary: Path, lab_state: Path, sample_model: Resolved, tmp_path: Path,
) -> None:
    from pyVmomi import vim

    model = sample_model.model_copy(update={"municipalities": sample_model.municipalities[:1]})
    m = model.municipalities[0]
    handle = vcsim.start(lab_state, model, listen=f"127.0.0.1:{free_port()}", binary=vcsim_binary)
    inventory = tmp_path / "inventory"
    write_inventory(model, inventory)
    first = _run(tmp_path / "run1", inventory, handle)
    assert first.status == "successful", _failures(first)

    si = vsphere.connect(handle.url, handle.username, handle.password, handle.ca_file)
    try:
        dc = next(e for e in si.content.rootFolder.childEntity if e.name == model.datacenter)
        cluster = next(c for c in dc.hostFolder.childEntity if c.name == model.db_cluster)

        def rule() -> Any:
            return next(r for r in cluster.configurationEx.rule if r.name == names.db_rule(m))

        before = rule()
        # someone weakens the rule by hand
        weak = vim.cluster.VmHostRuleInfo(key=before.key, name=before.name, enabled=True, mandatory=False,
                                          vmGroupName=before.vmGroupName,
                                          affineHostGroupName=before.affineHostGroupName)
        spec = vim.cluster.ConfigSpecEx(rulesSpec=[vim.cluster.RuleSpec(operation="edit", info=weak)])
        vsphere_task = cluster.ReconfigureEx(spec, modify=True)
        from pyVim.task import WaitForTask

        WaitForTask(vsphere_task)
        assert rule().mandatory is False

        fixed = _run(tmp_path / "run2", inventory, handle)
        assert fixed.status == "successful", _failures(fixed)
        assert _changed(fixed), "the weakened rule must be repaired"
        after = rule()
        assert after.mandatory is True
        assert after.key == before.key, "the rule must be edited in place, not deleted and re-created"
    finally:
        vsphere.disconnect(si)
