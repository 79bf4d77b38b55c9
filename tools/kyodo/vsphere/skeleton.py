"""Build the data centre's vSphere skeleton from the resolved model, idempotently.

``populate(si, model, datastore_dir=None) -> PopulateResult`` creates what is missing of:
the datacenter, the application and DB clusters (DRS on) with their hosts, each cluster's
datastores mounted on every host of the cluster, the distributed switch with every host
as a member, and the root of the municipalities' VM folders (``folder_root``). Existing
objects are left as they are; nothing is removed. Tenant objects (municipality folders,
portgroups, VMs, DRS groups and rules) belong to the Ansible roles.

Hosts are added by name (``AddHost_Task``) and datastores are NFS mounts whose local path
is ``datastore_dir/<name>``: both only make sense against the lab simulator, where
``kyodo.lab.vcsim.start`` calls this. A real vCenter already has its hosts and datastores;
there populate only confirms them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kyodo.model import Resolved
from kyodo.vsphere.bindings import WaitForTask, vim
from kyodo.vsphere.session import VCenterError


@dataclass(slots=True)
class PopulateResult:
    created: list[str] = field(default_factory=list)   # "kind name", in creation order

    @property
    def changed(self) -> bool:
        return bool(self.created)


def _child(folder: Any, name: str, kind: Any) -> Any | None:
    for e in folder.childEntity:
        if isinstance(e, kind) and e.name == name:
            return e
    return None


def _wait(task: Any, what: str) -> Any:
    try:
        WaitForTask(task)
    except Exception as exc:  # vim faults
        raise VCenterError(f"{what} failed: {getattr(exc, 'msg', None) or exc}") from None
    return task.info.result


def _datacenter(si: Any, model: Resolved, out: PopulateResult) -> Any:
    root = si.content.rootFolder
    dc = _child(root, model.datacenter, vim.Datacenter)
    if dc is None:
        dc = root.CreateDatacenter(name=model.datacenter)
        out.created.append(f"datacenter {model.datacenter}")
    return dc


def _cluster(dc: Any, name: str, hosts: tuple[str, ...], out: PopulateResult) -> Any:
    cluster = _child(dc.hostFolder, name, vim.ClusterComputeResource)
    if cluster is None:
        drs = vim.cluster.DrsConfigInfo(enabled=True, defaultVmBehavior="fullyAutomated")
        cluster = dc.hostFolder.CreateClusterEx(name=name, spec=vim.cluster.ConfigSpecEx(drsConfig=drs))
        out.created.append(f"cluster {name}")
    have = {h.name for h in cluster.host}
    for host in hosts:
        if host not in have:
            connect = vim.host.ConnectSpec(hostName=host, force=True)
            _wait(cluster.AddHost_Task(spec=connect, asConnected=True), f"adding host {host} to {name}")
            out.created.append(f"host {host}")
    return cluster


def _datastores(cluster: Any, names: tuple[str, ...], base: Path, out: PopulateResult) -> None:
    for name in names:
        local = base / name
        local.mkdir(parents=True, exist_ok=True)
        for host in cluster.host:
            if any(ds.name == name for ds in host.datastore):
                continue
            spec = vim.host.NasVolume.Specification(remoteHost="kyodo-lab-nas", remotePath=f"/{name}",
                                                   localPath=str(local), accessMode="readWrite", type="NFS")
            host.configManager.datastoreSystem.CreateNasDatastore(spec=spec)
            out.created.append(f"datastore {name} on {host.name}")


def _switch(dc: Any, name: str, hosts: list[Any], out: PopulateResult) -> Any:
    dvs = _child(dc.networkFolder, name, vim.DistributedVirtualSwitch)
    if dvs is None:
        config = vim.dvs.VmwareDistributedVirtualSwitch.ConfigSpec(name=name)
        dvs = _wait(dc.networkFolder.CreateDVS_Task(vim.DistributedVirtualSwitch.CreateSpec(configSpec=config)),
                    f"creating distributed switch {name}")
        out.created.append(f"distributed_switch {name}")
    # hosts join in a reconfiguration (the simulator ignores hosts in the create spec);
    # summary.hostMember is filled by vCenter and the simulator alike
    members = {h._moId for h in dvs.summary.hostMember or []}
    missing = [h for h in hosts if h._moId not in members]
    if missing:
        spec = vim.dvs.VmwareDistributedVirtualSwitch.ConfigSpec(
            configVersion=dvs.config.configVersion,
            host=[vim.dvs.HostMember.ConfigSpec(operation="add", host=h) for h in missing],
        )
        _wait(dvs.ReconfigureDvs_Task(spec), f"adding hosts to {name}")
        out.created.extend(f"dvs member {h.name}" for h in missing)
    return dvs


def _folder_root(dc: Any, name: str, out: PopulateResult) -> None:
    if _child(dc.vmFolder, name, vim.Folder) is None:
        dc.vmFolder.CreateFolder(name)
        out.created.append(f"folder {name}")


def default_datastore_dir() -> Path:
    return Path(os.environ.get("KYODO_LAB_DIR", "/var/tmp/kyodo-lab")) / "datastores"


def populate(si: Any, model: Resolved, datastore_dir: Path | None = None) -> PopulateResult:
    out = PopulateResult()
    base = datastore_dir or default_datastore_dir()
    dc = _datacenter(si, model, out)
    app = _cluster(dc, model.app_cluster, model.app_hosts, out)
    db = _cluster(dc, model.db_cluster, model.db_hosts, out)
    _datastores(app, model.app_datastores, base, out)
    _datastores(db, model.db_datastores, base, out)
    _switch(dc, model.distributed_switch, [*app.host, *db.host], out)
    _folder_root(dc, model.folder_root, out)
    return out
