"""What the SoT says vCenter must hold, as a ``VSphereSnapshot`` (``source="intended"``).

``kyodo render`` writes it as ``vsphere.json``; ``kyodo verify`` compares it with what the
collector reads. Hosts of VMs are not intended (DRS places them); power state is.
"""

from __future__ import annotations

from kyodo.model import Resolved
from kyodo.vsphere import names
from kyodo.vsphere.snapshot import (
    ClusterDrs,
    ClusterState,
    DrsGroup,
    DrsRule,
    PortgroupState,
    VmState,
    VSphereSnapshot,
)

POWERED_ON = "poweredOn"


def intended(model: Resolved) -> VSphereSnapshot:
    portgroups: list[PortgroupState] = []
    vms: list[VmState] = []
    groups: list[DrsGroup] = []
    rules: list[DrsRule] = []
    for m in model.municipalities:
        for seg in (m.server, m.db):
            portgroups.append(PortgroupState(name=seg.portgroup, vlan=seg.vlan, switch=model.distributed_switch))
        for vm in m.vms:
            vms.append(VmState(name=vm.name, cluster=vm.cluster, folder=names.folder_path(model, m),
                               portgroups=[vm.portgroup], ips=[vm.ip], power_state=POWERED_ON,
                               cpu=vm.cpu, memory_mb=vm.memory_mb))
        db_vms = [vm.name for vm in m.vms_of("db")]
        if db_vms:
            groups.append(DrsGroup(name=names.db_vm_group(m), kind="vm", members=db_vms))
            groups.append(DrsGroup(name=names.db_host_group(m), kind="host", members=list(model.licensed_db_hosts)))
            rules.append(DrsRule(name=names.db_rule(m), vm_group=names.db_vm_group(m),
                                 host_group=names.db_host_group(m), mandatory=True, affine=True, enabled=True))
    return VSphereSnapshot(
        source="intended",
        datacenter=model.datacenter,
        clusters=[ClusterState(name=model.app_cluster, hosts=list(model.app_hosts)),
                  ClusterState(name=model.db_cluster, hosts=list(model.db_hosts))],
        portgroups=portgroups,
        vms=vms,
        drs=[ClusterDrs(cluster=model.db_cluster, groups=groups, rules=rules)] if groups else [],
    )
