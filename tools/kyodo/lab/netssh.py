"""SSH into the lab devices: one sshd per device on its own 127.0.0.x, as on a real router.

Two lab users (uid 0, created on this machine while the lab is up, removed by ``down``):
``kylab`` whose login shell is the device's vtysh (netmiko ``cisco_ios`` works against it)
and ``kylabsh`` whose login shell is a root shell inside the device (its mount, network and
UTS namespaces: ``ip netns exec <VRF> nft list ruleset``, ``swanctl``). The password is
generated into the lab vault; each device has its own host key, and ``known_hosts`` lists
them all so clients check host keys. Each sshd tells the login shell which device it serves
(``SetEnv KYODO_LAB_DEVICE``).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from kyodo.lab import netdaemons as nd
from kyodo.lab.netnames import net_dir
from kyodo.lab.netns import run
from kyodo.lab.netplan import LabPlan, Router

VTY_USER = "kylab"
SHELL_USER = "kylabsh"
GECOS = "kyodo lab device login"
SSHD = "/usr/sbin/sshd"
PASSWORD_REF = "vault:lab_ssh_password"


def known_hosts(base: Path) -> Path:
    return net_dir(base) / "ssh" / "known_hosts"


def _shell_script(net: Path, vty: bool) -> str:
    # --config_dir: 'write memory' saves the device's own frr.conf, never the machine's /etc/frr
    inner = ('vtysh --vty_socket "$D/frr" --config_dir "$D/frr"' if vty else "/bin/bash")
    return f"""#!/bin/sh
# kyodo lab: login shell of a lab device ({'vtysh' if vty else 'root shell'}); generated, do not edit
D="{net}/devices/$KYODO_LAB_DEVICE"
PID=$(cat "$D/frr/zebra.pid") || exit 1
export KYODO_LAB_DIR="{net}" KYODO_LAB_DEVICE PATH="{net}/bin:$PATH"
if [ "$1" = "-c" ]; then
  exec nsenter -t "$PID" -m -n -u {inner} -c "$2"
fi
exec nsenter -t "$PID" -m -n -u {inner}{'' if vty else ' -l'}
"""


def ensure_users(base: Path, password: str) -> None:
    bindir = net_dir(base) / "bin"
    bindir.mkdir(parents=True, exist_ok=True)
    agent = bindir / "kyodo-router"     # the device's configuration agent (kyodo.lab.router_agent)
    agent.write_text(f"#!/bin/sh\nexec {sys.executable} -m kyodo.lab.router_agent \"$@\"\n")
    os.chmod(agent, 0o755)
    for user, vty in ((VTY_USER, True), (SHELL_USER, False)):
        shell = bindir / f"{user}-shell"
        shell.write_text(_shell_script(net_dir(base), vty))
        os.chmod(shell, 0o755)
        _remove_user(user)
        run(["useradd", "-o", "-u", "0", "-g", "0", "-M", "-d", str(net_dir(base)), "-s", str(shell),
             "-c", GECOS, user])
    run(["chpasswd"], input_text="".join(f"{u}:{password}\n" for u in (VTY_USER, SHELL_USER)))


def _remove_user(user: str) -> None:
    try:
        entry = pwd.getpwnam(user)
    except KeyError:
        return
    if entry.pw_gecos == GECOS:       # only the users this lab created
        run(["userdel", "-f", user], check=False)   # -f: uid 0 is "in use" by root


def remove_users() -> None:
    for user in (VTY_USER, SHELL_USER):
        _remove_user(user)


def _sshd_config(r: Router, d: Path, net: Path) -> str:
    return "\n".join([
        f"ListenAddress {r.ssh_address}:22",
        f"HostKey {d / 'ssh_host_ed25519_key'}",
        f"PidFile {d / 'sshd.pid'}",
        "UsePAM no",
        "PasswordAuthentication yes",
        "KbdInteractiveAuthentication no",
        "PubkeyAuthentication no",
        "PermitRootLogin yes",              # the lab users are uid 0; only they may log in
        f"AllowUsers {VTY_USER} {SHELL_USER}",
        f"SetEnv KYODO_LAB_DEVICE={r.hostname} KYODO_LAB_DIR={net}",
        "StrictModes no",
        "PrintMotd no",
        "PrintLastLog no",
        "X11Forwarding no",
        "AllowTcpForwarding no",
        "MaxStartups 50",
        "LogLevel ERROR",
        "",
    ])


def start_sshd(r: Router, base: Path) -> nd.Proc:
    net = net_dir(base)
    d = nd.router_dir(net, r.hostname) / "ssh"
    d.mkdir(parents=True, exist_ok=True)
    key = d / "ssh_host_ed25519_key"
    if not key.exists():
        run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", r.hostname, "-f", str(key)])
    conf = d / "sshd_config"
    conf.write_text(_sshd_config(r, d, net))
    zebra = (nd.router_dir(net, r.hostname) / "frr" / "zebra.pid").read_text().strip()
    inner = f"mount -t tmpfs kyodo-run /run && mkdir -p /run/sshd && exec {SSHD} -D -e -f {shlex.quote(str(conf))}"
    with open(d / "sshd.log", "wb") as log:
        proc = subprocess.Popen(["nsenter", "-t", zebra, "-u", "unshare", "--mount", "--propagation", "private",
                                 "/bin/sh", "-c", inner], stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    return nd.Proc(f"{r.hostname}/sshd", proc.pid, "")


def _wait_port(address: str, timeout: float = 5.0) -> bool:
    import socket

    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError), socket.create_connection((address, 22), timeout=0.5):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def start_all(plan: LabPlan, base: Path, vault: Callable[[str], str]) -> list[nd.Proc]:
    busy = [r.ssh_address for r in plan.routers if _wait_port(r.ssh_address, timeout=0)]
    if busy:
        raise nd.DaemonError(f"{', '.join(busy)} port 22 already in use: another kyodo lab (other "
                             "KYODO_LAB_DIR?) or an sshd listening on all addresses; stop it first")
    ensure_users(base, vault(PASSWORD_REF))
    procs = [start_sshd(r, base) for r in plan.routers]
    lines = []
    for r in plan.routers:
        pub = (nd.router_dir(net_dir(base), r.hostname) / "ssh" / "ssh_host_ed25519_key.pub").read_text().split()
        lines.append(f"{r.ssh_address} {pub[0]} {pub[1]}")
    kh = known_hosts(base)
    kh.parent.mkdir(parents=True, exist_ok=True)
    kh.write_text("\n".join(lines) + "\n")
    for r in plan.routers:
        if not _wait_port(r.ssh_address):
            raise nd.DaemonError(f"{r.hostname}: sshd on {r.ssh_address}:22 does not answer")
    return procs
