"""pyvmomi helpers: connect, populate the lab skeleton, collect, and the intended state.

Public API (stable; ``kyodo.lab`` and the provisioning code call it):

- ``connect(url, user, password, ca) -> si`` / ``disconnect(si)``: a session verified
  against ``ca`` (``kyodo.vsphere.session``);
- ``populate(si, model, datastore_dir=None) -> PopulateResult``: datacenter, clusters with
  hosts, datastores and the distributed switch from the resolved model, idempotently
  (``kyodo.vsphere.skeleton``);
- ``collect(si, model) -> VSphereSnapshot``: what vCenter holds (``kyodo.vsphere.collector``);
- ``intended(model) -> VSphereSnapshot``: what the SoT says it must hold
  (``kyodo.vsphere.desired``), written by ``kyodo render`` as ``vsphere.json``.

``intended`` and ``snapshot`` need no pyvmomi; the others import it on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kyodo.vsphere.desired import intended

if TYPE_CHECKING:
    from pathlib import Path

    from kyodo.model import Resolved
    from kyodo.vsphere.skeleton import PopulateResult
    from kyodo.vsphere.snapshot import VSphereSnapshot

__all__ = ["collect", "connect", "disconnect", "intended", "populate"]


def connect(url: str, user: str, password: str, ca: Path | str | None) -> Any:
    from kyodo.vsphere.session import connect as _connect

    return _connect(url, user, password, ca)


def disconnect(si: Any) -> None:
    from kyodo.vsphere.session import disconnect as _disconnect

    _disconnect(si)


def populate(si: Any, model: Resolved, datastore_dir: Path | None = None) -> PopulateResult:
    from kyodo.vsphere.skeleton import populate as _populate

    return _populate(si, model, datastore_dir)


def collect(si: Any, model: Resolved) -> VSphereSnapshot:
    from kyodo.vsphere.collector import collect as _collect

    return _collect(si, model)
