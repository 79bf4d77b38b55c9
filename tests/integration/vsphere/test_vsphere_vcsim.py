"""The simulator: build, start, populate from the sample SoT, collect, stop."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kyodo import vsphere
from kyodo.lab import setup, vcsim
from kyodo.model import Resolved
from kyodo.vsphere.session import VCenterError

from .conftest import free_port

pytestmark = pytest.mark.lab


def test_build_is_skipped_when_inputs_are_unchanged(vcsim_binary: Path) -> None:
    assert os.access(vcsim_binary, os.X_OK)
    binary, built = setup.build_vcsim(setup.lab_dir())
    assert binary == vcsim_binary
    assert built is False
    stamp = binary.with_suffix(".inputs").read_text().strip()
    assert stamp == setup.inputs_hash()


def test_start_serves_tls_with_lab_ca_and_vault_credentials(vcsim_binary: Path, lab_state: Path) -> None:
    port = free_port()
    handle = vcsim.start(lab_state, listen=f"127.0.0.1:{port}", binary=vcsim_binary)
    assert handle.url == f"https://127.0.0.1:{port}/sdk"
    assert handle.password not in repr(handle)
    mode = stat.S_IMODE(handle.vault_file.stat().st_mode)
    assert mode == 0o600, oct(mode)
    assert vcsim.status(lab_state) == handle
    si = vsphere.connect(handle.url, handle.username, handle.password, handle.ca_file)
    try:
        assert si.content.about.apiVersion == "7.0.3.0"
        assert si._stub.version == "vim.version.v7_0_3_0"   # the wire version pyvmomi negotiated
        assert si.content.rootFolder.childEntity == []   # empty until populated
    finally:
        vsphere.disconnect(si)
    with pytest.raises(VCenterError):
        vsphere.connect(handle.url, handle.username, "wrong-password", handle.ca_file)
    with pytest.raises(VCenterError):   # the system CA store does not trust the lab CA
        vsphere.connect(handle.url, handle.username, handle.password, None)


def test_start_is_idempotent_and_stop_leaves_no_process(vcsim_binary: Path, lab_state: Path) -> None:
    listen = f"127.0.0.1:{free_port()}"
    first = vcsim.start(lab_state, listen=listen, binary=vcsim_binary)
    again = vcsim.start(lab_state, listen=listen, binary=vcsim_binary)
    assert again.pid == first.pid
    assert vcsim.stop(lab_state) is True
    assert not Path(f"/proc/{first.pid}").exists()
    assert vcsim.status(lab_state) is None
    assert vcsim.stop(lab_state) is False


def test_populate_then_collect_shows_the_skeleton(
    vcsim_binary: Path, lab_state: Path, sample_model: Resolved
) -> None:
    handle = vcsim.start(lab_state, sample_model, listen=f"127.0.0.1:{free_port()}", binary=vcsim_binary)
    si = vsphere.connect(handle.url, handle.username, handle.password, handle.ca_file)
    try:
        again = vsphere.populate(si, sample_model, lab_state / "datastores")
        assert again.created == []   # start() populated already; a second run changes nothing
        snap = vsphere.collect(si, sample_model)
    finally:
        vsphere.disconnect(si)
    want = vsphere.intended(sample_model)
    assert snap.source == "vcenter"
    assert snap.datacenter == sample_model.datacenter
    assert {c.name: sorted(c.hosts) for c in snap.clusters} == {c.name: sorted(c.hosts) for c in want.clusters}
    assert snap.portgroups == []   # the uplink portgroup is not a tenant portgroup
    assert snap.vms == []
    assert snap.drs == []


def test_populate_reports_what_it_created(vcsim_binary: Path, lab_state: Path, sample_model: Resolved) -> None:
    handle = vcsim.start(lab_state, listen=f"127.0.0.1:{free_port()}", binary=vcsim_binary)
    si = vsphere.connect(handle.url, handle.username, handle.password, handle.ca_file)
    try:
        result = vsphere.populate(si, sample_model, lab_state / "datastores")
        hosts = len(sample_model.app_hosts) + len(sample_model.db_hosts)
        kinds = [c.split(" ", 1)[0] for c in result.created]
        assert kinds.count("host") == hosts
        assert kinds.count("cluster") == 2
        assert kinds.count("distributed_switch") == 1
        datastores = (len(sample_model.app_datastores) * len(sample_model.app_hosts)
                      + len(sample_model.db_datastores) * len(sample_model.db_hosts))
        assert kinds.count("datastore") == datastores
        dc = si.content.rootFolder.childEntity[0]
        shared = {ds.name: sorted(h.key.name for h in ds.host) for ds in dc.datastore}
        assert shared[sample_model.app_datastores[0]] == sorted(sample_model.app_hosts)
        assert len(dc.datastoreFolder.childEntity) == len(shared)   # one object per shared datastore
    finally:
        vsphere.disconnect(si)
