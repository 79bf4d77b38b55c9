"""What vSphere should hold according to the SoT: ``intended(model) -> VSphereSnapshot``."""

from __future__ import annotations

from kyodo.model import Resolved
from kyodo.vsphere.snapshot import (
    ClusterDrs,
    ClusterState,
    DrsGroup,
    DrsRule,
    PortgroupState,
    VmState,
    VSphereSnapshot,
)


def db_group_names(code: str) -> tuple[str, str, str]:
    """(VM group, host group, rule) names of a municipality's DB placement."""
    return f"kyodo-db-{code}", "kyodo-oracle-licensed", f"kyodo-db-{code}-on-licensed"


def intended(model: Resolved) -> VSphereSnapshot:
    portgroups = []
    vms = []
    groups: list[DrsGroup] = [DrsGroup(name=db_group_names("")[1], kind="host", members=list(model.licensed_db_hosts))]
    rules: list[DrsRule] = []
    for m in model.municipalities:
        for seg in (m.server, m.db):
            portgroups.append(PortgroupState(name=seg.portgroup, vlan=seg.vlan, switch=model.distributed_switch))
        for vm in m.vms:
            vms.append(VmState(name=vm.name, cluster=vm.cluster, folder=vm.folder, portgroups=[vm.portgroup],
                               ips=[vm.ip], power_state="poweredOn", cpu=vm.cpu, memory_mb=vm.memory_mb))
        db_vms = [v.name for v in m.vms_of("db")]
        vm_group, host_group, rule = db_group_names(m.code)
        groups.append(DrsGroup(name=vm_group, kind="vm", members=db_vms))
        rules.append(DrsRule(name=rule, vm_group=vm_group, host_group=host_group, mandatory=True))
    return VSphereSnapshot(
        source="intended",
        datacenter=model.datacenter,
        clusters=[ClusterState(name=model.app_cluster, hosts=list(model.app_hosts)),
                  ClusterState(name=model.db_cluster, hosts=list(model.db_hosts))],
        portgroups=portgroups,
        vms=vms,
        drs=[ClusterDrs(cluster=model.db_cluster, groups=groups, rules=rules)],
    )
