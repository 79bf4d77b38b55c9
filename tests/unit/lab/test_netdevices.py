"""Device plumbing that needs no root: login shells, sshd config, pid handling, names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kyodo.lab import netdaemons as nd
from kyodo.lab import netssh
from kyodo.lab.netnames import check_ifname, ns_name
from kyodo.lab.netplan import Router

ROUTER = Router(hostname="dc-core1", platform="linux_frr", ns="ky-dc-core1", vrfs=(("M312011", "ky-dc-core1-M312011"),),
                ssh_address="127.0.0.105", charon_vrfs=("M312011",))


def test_vty_login_saves_into_the_device_dir_never_etc_frr(tmp_path: Path) -> None:
    script = netssh._shell_script(tmp_path / "net", vty=True)
    assert script.count('--config_dir "$D/frr"') == 2        # interactive and 'ssh host CMD'
    assert "/etc/frr" not in script
    shell = netssh._shell_script(tmp_path / "net", vty=False)
    assert "vtysh" not in shell and "/bin/bash" in shell


def test_sshd_serves_one_device_on_its_own_address(tmp_path: Path) -> None:
    conf = netssh._sshd_config(ROUTER, tmp_path, tmp_path / "net")
    lines = conf.splitlines()
    assert "ListenAddress 127.0.0.105:22" in lines
    assert f"AllowUsers {netssh.VTY_USER} {netssh.SHELL_USER}" in lines
    assert "UsePAM no" in lines and "PubkeyAuthentication no" in lines
    assert any(ln.startswith("SetEnv KYODO_LAB_DEVICE=dc-core1 ") for ln in lines)


def test_stop_pid_ends_a_process_and_tolerates_a_gone_one() -> None:
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    assert nd.pid_alive(proc.pid)
    nd.stop_pid(proc.pid)
    assert not nd.pid_alive(proc.pid)
    nd.stop_pid(proc.pid)                 # already gone: no error


def test_names_stay_in_the_lab_prefix_and_linux_limits() -> None:
    assert ns_name("v", "m312011-webap01") == "ky-v-m312011-webap01"
    assert ns_name("a/b c") == "ky-a_b_c"
    assert check_ifname("h312011") == "h312011"
    for bad in ("", "x" * 16, "a/b", "a b"):
        with pytest.raises(ValueError):
            check_ifname(bad)
