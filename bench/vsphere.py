"""Benchmark: the lab's vSphere simulator with 19, 179 (and more) municipalities.

For each size: intended() time; simulator start; populate (skeleton); a bulk load of every
municipality's portgroups, VMs (with guest IPs) and DRS groups/rules through pyvmomi (what
the Ansible roles create, without Ansible's per-task cost); collect() time and how many
objects it read; and the simulator's resident memory. The last row, the national model,
times intended() only. Needs the simulator built ('kyodo lab setup').
Usage: python bench/vsphere.py [--sizes 19,179] [--national]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

from kyodo import vsphere
from kyodo.ipam.cli import needs_for
from kyodo.ipam.ledger import Ledger
from kyodo.lab import setup, vcsim
from kyodo.model import Resolved, resolve
from kyodo.sot.generate import write_sot
from kyodo.sot.load import load_sot
from kyodo.vsphere import names
from kyodo.vsphere.bindings import WaitForTask, vim

PREFECTURE_OF = {19: "31", 179: "01"}


def build_model(work: Path, size: int) -> Resolved:
    sot_dir = work / f"sot-{size}"
    write_sot(sot_dir, PREFECTURE_OF.get(size), limit=None if size in PREFECTURE_OF else size)
    sot = load_sot(sot_dir)
    ledger = Ledger(work / f"ledger-{size}.sqlite")
    ledger.allocate(sot.datacenter.pools, needs_for(sot, None))
    return resolve(sot, ledger.rows())


def _find(folder: Any, name: str) -> Any:
    return next(e for e in folder.childEntity if e.name == name)


def bulk_load(si: Any, model: Resolved) -> int:
    """Portgroups, folders, VMs and DRS objects of every municipality. Returns the VM count."""
    dc = _find(si.content.rootFolder, model.datacenter)
    dvs = _find(dc.networkFolder, model.distributed_switch)
    root = _find(dc.vmFolder, model.folder_root)
    clusters = {c.name: c for c in dc.hostFolder.childEntity}
    specs = [vim.dvs.DistributedVirtualPortgroup.ConfigSpec(
        name=seg.portgroup, type="earlyBinding", numPorts=8,
        defaultPortConfig=vim.dvs.VmwareDistributedVirtualSwitch.VmwarePortConfigPolicy(
            vlan=vim.dvs.VmwareDistributedVirtualSwitch.VlanIdSpec(vlanId=seg.vlan, inherited=False)))
        for m in model.municipalities for seg in (m.server, m.db)]
    WaitForTask(dvs.AddDVPortgroup_Task(specs))
    pgs = {pg.name: pg for pg in dvs.portgroup}
    count = 0
    for m in model.municipalities:
        folder = root.CreateFolder(m.code)
        for vm in m.vms:
            pg = pgs[vm.portgroup]
            nic = vim.vm.device.VirtualDeviceSpec(operation="add", device=vim.vm.device.VirtualVmxnet3(
                key=-1, backing=vim.vm.device.VirtualEthernetCard.DistributedVirtualPortBackingInfo(
                    port=vim.dvs.PortConnection(portgroupKey=pg.key, switchUuid=dvs.uuid))))
            config = vim.vm.ConfigSpec(
                name=vm.name, guestId="rhel8_64Guest", numCPUs=vm.cpu, memoryMB=vm.memory_mb,
                files=vim.vm.FileInfo(vmPathName=f"[{vm.datastore}]"), deviceChange=[nic],
                extraConfig=[vim.option.OptionValue(key="SET.guest.ipAddress", value=vm.ip)])
            cluster = clusters[vm.cluster]
            WaitForTask(folder.CreateVM_Task(config=config, pool=cluster.resourcePool))
            count += 1
        db = clusters[model.db_cluster]
        vms = [v for v in folder.childEntity if v.name in {x.name for x in m.vms_of("db")}]
        hosts = [h for h in db.host if h.name in model.licensed_db_hosts]
        spec = vim.cluster.ConfigSpecEx(
            groupSpec=[
                vim.cluster.GroupSpec(operation="add", info=vim.cluster.VmGroup(name=names.db_vm_group(m), vm=vms)),
                vim.cluster.GroupSpec(operation="add",
                                      info=vim.cluster.HostGroup(name=names.db_host_group(m), host=hosts)),
            ],
            rulesSpec=[vim.cluster.RuleSpec(operation="add", info=vim.cluster.VmHostRuleInfo(
                name=names.db_rule(m), enabled=True, mandatory=True, vmGroupName=names.db_vm_group(m),
                affineHostGroupName=names.db_host_group(m)))])
        WaitForTask(db.ReconfigureEx(spec, modify=True))
    for v in root.childEntity:
        for vm_obj in getattr(v, "childEntity", []):
            vm_obj.PowerOnVM_Task()
    return count


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run(size: int, work: Path, binary: Path) -> None:
    model = build_model(work, size)
    t = time.perf_counter()
    want = vsphere.intended(model)
    t_intended = time.perf_counter() - t
    state = work / f"lab-{size}"
    t = time.perf_counter()
    handle = vcsim.start(state, listen="127.0.0.1:18979", binary=binary)
    t_start = time.perf_counter() - t
    try:
        si = vsphere.connect(handle.url, handle.username, handle.password, handle.ca_file)
        t = time.perf_counter()
        vsphere.populate(si, model, state / "datastores")
        t_populate = time.perf_counter() - t
        t = time.perf_counter()
        vms = bulk_load(si, model)
        t_load = time.perf_counter() - t
        t = time.perf_counter()
        got = vsphere.collect(si, model)
        t_collect = time.perf_counter() - t
        vsphere.disconnect(si)
        agree = {v.name: v.ips for v in got.vms} == {v.name: v.ips for v in want.vms}
        print(f"{size:>5} municipalities  intended {t_intended * 1000:7.1f} ms  start {t_start:5.2f} s  "
              f"populate {t_populate:5.2f} s  load {vms} VMs {t_load:6.1f} s ({vms / t_load:5.0f} VM/s)  "
              f"collect {t_collect:5.2f} s ({len(got.vms)} VMs, {len(got.portgroups)} portgroups, "
              f"{sum(len(d.rules) for d in got.drs)} rules; IPs agree: {agree})  "
              f"simulator RSS {rss_mb(handle.pid):6.1f} MB")
    finally:
        vcsim.stop(state)


def national(work: Path) -> None:
    model = build_model(work, 1741)
    t = time.perf_counter()
    snap = vsphere.intended(model)
    dt = time.perf_counter() - t
    print(f" 1741 municipalities  intended {dt * 1000:7.1f} ms  ({len(snap.vms)} VMs, "
          f"{len(snap.portgroups)} portgroups, {sum(len(d.rules) for d in snap.drs)} rules)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="19,179")
    ap.add_argument("--national", action="store_true", help="also time intended() for all 1,741")
    args = ap.parse_args()
    binary, _ = setup.build_vcsim()
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            run(size, Path(tmp), binary)
        if args.national:
            national(Path(tmp))


if __name__ == "__main__":
    main()
