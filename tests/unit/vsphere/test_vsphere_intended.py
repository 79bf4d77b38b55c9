"""``intended(model)``: what the SoT says vCenter must hold."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import jinja2
import yaml

from kyodo.inventory.writer import build as build_inventory
from kyodo.model import Resolved
from kyodo.vsphere import intended, names
from kyodo.vsphere.snapshot import load, save

from .conftest import ROOT


def test_every_vm_once_on_its_cluster_folder_portgroup_and_address(model: Resolved) -> None:
    snap = intended(model)
    by_name = {v.name: v for v in snap.vms}
    expected = [vm for m in model.municipalities for vm in m.vms]
    assert len(snap.vms) == len(by_name) == len(expected)
    for vm in expected:
        got = by_name[vm.name]
        assert got.cluster == (model.db_cluster if vm.role == "db" else model.app_cluster)
        assert got.portgroups == [vm.portgroup]
        assert got.ips == [vm.ip]
        assert got.folder == f"{model.folder_root}/{vm.municipality}"
        assert (got.cpu, got.memory_mb) == (vm.cpu, vm.memory_mb)
        assert got.host is None   # placement is DRS's, not the SoT's


def test_two_portgroups_per_municipality_with_their_own_vlan(model: Resolved) -> None:
    snap = intended(model)
    assert len(snap.portgroups) == 2 * len(model.municipalities)
    vlans = Counter(p.vlan for p in snap.portgroups)
    assert all(n == 1 for n in vlans.values()), "a VLAN is shared by two portgroups"
    want = {(s.portgroup, s.vlan) for m in model.municipalities for s in (m.server, m.db)}
    assert {(p.name, p.vlan) for p in snap.portgroups} == want
    assert {p.switch for p in snap.portgroups} == {model.distributed_switch}


def test_db_vms_pinned_by_one_mandatory_rule_per_municipality(model: Resolved) -> None:
    snap = intended(model)
    assert [d.cluster for d in snap.drs] == [model.db_cluster]
    drs = snap.drs[0]
    groups = {g.name: g for g in drs.groups}
    assert len(drs.rules) == len(model.municipalities)
    for m in model.municipalities:
        rule = next(r for r in drs.rules if r.name == names.db_rule(m))
        assert rule.mandatory and rule.affine and rule.enabled
        vm_group, host_group = groups[rule.vm_group], groups[rule.host_group]
        assert (vm_group.kind, host_group.kind) == ("vm", "host")
        assert vm_group.members == [vm.name for vm in m.vms_of("db")]
        assert host_group.members == list(model.licensed_db_hosts)


def test_host_groups_list_only_licensed_hosts(model: Resolved) -> None:
    licensed = model.db_hosts[:1]
    snap = intended(model.model_copy(update={"licensed_db_hosts": licensed}))
    hosts = {tuple(g.members) for d in snap.drs for g in d.groups if g.kind == "host"}
    assert hosts == {licensed}


def test_no_municipality_no_drs_objects(model: Resolved) -> None:
    snap = intended(model.model_copy(update={"municipalities": ()}))
    assert (snap.vms, snap.portgroups, snap.drs) == ([], [], [])
    assert {c.name for c in snap.clusters} == {model.app_cluster, model.db_cluster}


def test_snapshot_file_round_trip(model: Resolved, tmp_path: Path) -> None:
    snap = intended(model)
    save(snap, tmp_path / "vsphere.json")
    assert load(tmp_path / "vsphere.json") == snap


def test_role_defaults_name_drs_objects_like_python(model: Resolved) -> None:
    defaults = yaml.safe_load((ROOT / "roles" / "vsphere_db_placement" / "defaults" / "main.yml").read_text())
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    for m in model.municipalities[:3]:
        ctx = {"vsphere_db_placement_municipality": {"code": m.code}}

        def render(key: str, ctx: dict[str, object] = ctx) -> str:
            return env.from_string(defaults[key]).render(ctx)

        assert render("vsphere_db_placement_vm_group") == names.db_vm_group(m)
        assert render("vsphere_db_placement_host_group") == names.db_host_group(m)
        assert render("vsphere_db_placement_rule") == names.db_rule(m)


def test_inventory_folder_is_the_intended_folder(model: Resolved) -> None:
    files = build_inventory(model)
    for m in model.municipalities[:3]:
        group = yaml.safe_load(files[f"group_vars/m_{m.code}.yml"])
        assert group["kyodo_municipality"]["folder"] == names.folder_path(model, m)
