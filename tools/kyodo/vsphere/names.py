"""vSphere object names derived from the resolved model (one place, used by every writer).

The Ansible roles receive the same names through the generated inventory; ``intended()``
and the collector compare by these names.
"""

from __future__ import annotations

from kyodo.model import MunicipalityNet, Resolved


def folder_path(model: Resolved, m: MunicipalityNet) -> str:
    """The municipality's VM folder, relative to the datacenter's VM folder."""
    return f"{model.folder_root}/{m.code}"


def db_vm_group(m: MunicipalityNet) -> str:
    return f"m{m.code}-db-vms"


def db_host_group(m: MunicipalityNet) -> str:
    """One host group per municipality, listing the Oracle-licensed DB hosts: onboarding
    or removing a municipality touches only its own DRS objects."""
    return f"m{m.code}-licensed-hosts"


def db_rule(m: MunicipalityNet) -> str:
    return f"m{m.code}-db-must-run-on-licensed"
