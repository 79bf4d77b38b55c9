"""Read what vCenter holds into a ``VSphereSnapshot`` (``source="vcenter"``).

``collect(si, model) -> VSphereSnapshot`` reads the model's datacenter only: clusters and
their hosts, distributed portgroups with their VLAN (uplink portgroups left out), VMs with
cluster, host, folder (relative to the datacenter's VM folder), portgroups, guest IPs,
power state and size, and per cluster the DRS VM/host groups and VM-host rules. One
property-collector round trip per object type, so it stays fast with thousands of VMs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from kyodo.model import Resolved
from kyodo.vsphere.bindings import vim, vmodl
from kyodo.vsphere.session import VCenterError
from kyodo.vsphere.snapshot import (
    ClusterDrs,
    ClusterState,
    DrsGroup,
    DrsRule,
    PortgroupState,
    VmState,
    VSphereSnapshot,
)

Props = dict[str, Any]


def _retrieve(si: Any, root: Any, kind: type, paths: list[str]) -> dict[Any, Props]:
    """Every ``kind`` object under ``root`` → {property path: value} (unset ones absent)."""
    content = si.content
    view = content.viewManager.CreateContainerView(root, [kind], True)
    try:
        spec = vmodl.query.PropertyCollector.FilterSpec(
            objectSet=[vmodl.query.PropertyCollector.ObjectSpec(
                obj=view, skip=True,
                selectSet=[vmodl.query.PropertyCollector.TraversalSpec(
                    name="view", path="view", skip=False, type=vim.view.ContainerView)],
            )],
            propSet=[vmodl.query.PropertyCollector.PropertySpec(type=kind, pathSet=paths)],
        )
        out: dict[Any, Props] = {}
        pc = content.propertyCollector
        result = pc.RetrievePropertiesEx([spec], vmodl.query.PropertyCollector.RetrieveOptions())
        while result is not None:
            for obj in result.objects:
                out[obj.obj] = {p.name: p.val for p in obj.propSet or []}
            result = pc.ContinueRetrievePropertiesEx(result.token) if result.token else None
        return out
    finally:
        view.Destroy()


def _names(si: Any, root: Any, kind: type) -> dict[str, str]:
    """moId → name for every ``kind`` under ``root``."""
    return {obj._moId: p.get("name", "") for obj, p in _retrieve(si, root, kind, ["name"]).items()}


def _datacenter(si: Any, name: str) -> Any:
    for e in si.content.rootFolder.childEntity:
        if isinstance(e, vim.Datacenter) and e.name == name:
            return e
    raise VCenterError(f"datacenter {name!r} not found in vCenter")


def _folder_paths(si: Any, dc: Any) -> dict[str, str]:
    """Folder moId → path relative to the datacenter's VM folder ("" for the VM folder itself)."""
    folders = _retrieve(si, dc.vmFolder, vim.Folder, ["name", "parent"])
    parent = {f._moId: p.get("parent") for f, p in folders.items()}
    name = {f._moId: p.get("name", "") for f, p in folders.items()}
    root = dc.vmFolder._moId
    paths: dict[str, str] = {root: ""}

    def path(moid: str) -> str:
        if moid not in paths:
            up = parent.get(moid)
            head = path(up._moId) if up is not None and up._moId in name else ""
            paths[moid] = f"{head}/{name[moid]}" if head else name[moid]
        return paths[moid]

    for moid in name:
        path(moid)
    return paths


def _vlan(setting: Any) -> int | None:
    vlan = getattr(setting, "vlan", None) if setting is not None else None
    vlan_id = getattr(vlan, "vlanId", None)
    return vlan_id if isinstance(vlan_id, int) else None


def _ips(props: Props) -> list[str]:
    ips: list[str] = []
    for nic in props.get("guest.net") or []:
        ips.extend(a for a in nic.ipAddress or [] if a not in ips)
    primary = props.get("guest.ipAddress")
    if primary and primary not in ips:
        ips.insert(0, primary)
    return ips


def _drs(cluster: str, config: Any, vm_names: dict[str, str], host_names: dict[str, str]) -> ClusterDrs:
    groups: list[DrsGroup] = []
    for g in getattr(config, "group", None) or []:
        if isinstance(g, vim.cluster.VmGroup):
            groups.append(DrsGroup(name=g.name, kind="vm", members=sorted(vm_names.get(v._moId, v._moId)
                                                                          for v in g.vm or [])))
        elif isinstance(g, vim.cluster.HostGroup):
            groups.append(DrsGroup(name=g.name, kind="host", members=sorted(host_names.get(h._moId, h._moId)
                                                                            for h in g.host or [])))
    rules: list[DrsRule] = []
    for r in getattr(config, "rule", None) or []:
        if isinstance(r, vim.cluster.VmHostRuleInfo):
            affine = bool(r.affineHostGroupName)
            rules.append(DrsRule(name=r.name, vm_group=r.vmGroupName or "",
                                 host_group=(r.affineHostGroupName if affine else r.antiAffineHostGroupName) or "",
                                 mandatory=bool(r.mandatory), affine=affine, enabled=bool(r.enabled)))
    return ClusterDrs(cluster=cluster, groups=groups, rules=rules)


def _sorted(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=lambda x: x.name)


def collect(si: Any, model: Resolved) -> VSphereSnapshot:
    dc = _datacenter(si, model.datacenter)
    hosts = _retrieve(si, dc.hostFolder, vim.HostSystem, ["name", "parent"])
    host_names = {h._moId: p.get("name", "") for h, p in hosts.items()}
    clusters = _retrieve(si, dc.hostFolder, vim.ClusterComputeResource, ["name", "host", "configurationEx"])
    cluster_of_host: dict[str, str] = {}
    cluster_states: list[ClusterState] = []
    for p in clusters.values():
        members = sorted(host_names.get(h._moId, h._moId) for h in p.get("host") or [])
        cluster_states.append(ClusterState(name=p["name"], hosts=members))
        for h in p.get("host") or []:
            cluster_of_host[h._moId] = p["name"]

    net_names = _names(si, dc.networkFolder, vim.Network)
    dvs_props = _retrieve(si, dc.networkFolder, vim.DistributedVirtualSwitch, ["name", "config.uplinkPortgroup"])
    switches = {d._moId: p.get("name", "") for d, p in dvs_props.items()}
    uplinks = {u._moId for p in dvs_props.values() for u in p.get("config.uplinkPortgroup") or []}
    portgroups: list[PortgroupState] = []
    for pg, p in _retrieve(si, dc.networkFolder, vim.dvs.DistributedVirtualPortgroup,
                           ["name", "config.uplink", "config.defaultPortConfig",
                            "config.distributedVirtualSwitch"]).items():
        if p.get("config.uplink") or pg._moId in uplinks:
            continue
        switch = p.get("config.distributedVirtualSwitch")
        portgroups.append(PortgroupState(name=p["name"], vlan=_vlan(p.get("config.defaultPortConfig")),
                                         switch=switches.get(switch._moId, "") if switch is not None else ""))

    folders = _folder_paths(si, dc)
    vm_props = _retrieve(si, dc.vmFolder, vim.VirtualMachine, [
        "name", "parent", "runtime.host", "runtime.powerState", "network", "guest.net", "guest.ipAddress",
        "config.hardware.numCPU", "config.hardware.memoryMB", "config.template"])
    vm_names = {vm._moId: p.get("name", "") for vm, p in vm_props.items()}
    vms: list[VmState] = []
    for _vm, p in vm_props.items():
        if p.get("config.template"):
            continue
        host = p.get("runtime.host")
        parent = p.get("parent")
        vms.append(VmState(
            name=p["name"],
            cluster=cluster_of_host.get(host._moId, "") if host is not None else "",
            host=host_names.get(host._moId) if host is not None else None,
            folder=folders.get(parent._moId) if parent is not None else None,
            portgroups=sorted(net_names.get(n._moId, n._moId) for n in p.get("network") or []),
            ips=_ips(p),
            power_state=str(p["runtime.powerState"]) if "runtime.powerState" in p else None,
            cpu=p.get("config.hardware.numCPU"),
            memory_mb=p.get("config.hardware.memoryMB"),
        ))

    drs = [_drs(p["name"], p.get("configurationEx"), vm_names, host_names) for p in clusters.values()]
    return VSphereSnapshot(
        source="vcenter",
        collected_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        datacenter=model.datacenter,
        clusters=_sorted(cluster_states),
        portgroups=_sorted(portgroups),
        vms=_sorted(vms),
        drs=sorted((d for d in drs if d.groups or d.rules), key=lambda d: d.cluster),
    )
