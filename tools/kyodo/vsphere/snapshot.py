"""``vsphere.json``: the vSphere state a snapshot holds (schema ``kyodo.vsphere/1``).

Written by the collector (``kyodo.vsphere.collect``, pyvmomi) or by ``kyodo render`` for
the intended state; read by ``kyodo verify`` and the report. Pure data, no pyvmomi here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

SCHEMA = "kyodo.vsphere/1"


class _M(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class HostState(_M):
    name: str
    cluster: str


class ClusterState(_M):
    name: str
    hosts: list[str]


class PortgroupState(_M):
    name: str
    vlan: int | None
    switch: str


class VmState(_M):
    name: str
    cluster: str
    host: str | None = None
    folder: str | None = None
    portgroups: list[str] = Field(default_factory=list)
    ips: list[str] = Field(default_factory=list)
    power_state: str | None = None
    cpu: int | None = None
    memory_mb: int | None = None


class DrsGroup(_M):
    name: str
    kind: str  # "vm" | "host"
    members: list[str]


class DrsRule(_M):
    name: str
    vm_group: str
    host_group: str
    mandatory: bool
    affine: bool = True
    enabled: bool = True


class ClusterDrs(_M):
    cluster: str
    groups: list[DrsGroup] = Field(default_factory=list)
    rules: list[DrsRule] = Field(default_factory=list)


class VSphereSnapshot(_M):
    schema_: str = Field(default=SCHEMA, alias="schema")
    collected_at: str | None = None
    source: str = "intended"  # "intended" | "vcenter"
    datacenter: str
    clusters: list[ClusterState]
    portgroups: list[PortgroupState]
    vms: list[VmState]
    drs: list[ClusterDrs] = Field(default_factory=list)

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def dump(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True)


def load(path: Path) -> VSphereSnapshot:
    return VSphereSnapshot.model_validate(json.loads(path.read_text(encoding="utf-8")))


def save(snapshot: VSphereSnapshot, path: Path) -> None:
    path.write_text(json.dumps(snapshot.dump(), ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
