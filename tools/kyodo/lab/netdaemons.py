"""The daemons of one lab router: FRR (zebra/staticd/bgpd), charon per VRF, nftables.

Every daemon is started by hand inside the router's namespaces and stopped by its pid
(nothing runs as a service on these machines). FRR runs in a private mount namespace whose
``/run/netns`` shows only the router's own VRF namespaces, under their VRF names, so zebra's
netns VRF backend (``-n``) adopts exactly those. Each charon runs in the namespace of its VRF
(decrypted traffic lands there) with a private ``/run`` (charon hard-codes its pid file).
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shlex
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from kyodo.errors import KyodoError
from kyodo.lab.netns import LabCommandError, run
from kyodo.lab.netplan import Router

FRR_BIN = Path("/usr/lib/frr")
CHARON = Path("/usr/lib/ipsec/charon")
STRONGSWAN_PLUGINS = ("random nonce openssl aes sha1 sha2 hmac gmp curve25519 kdf pem pkcs1 x509 pubkey gcm "
                      "kernel-libipsec kernel-netlink socket-default vici updown")


class DaemonError(KyodoError):
    """A lab daemon did not start or did not accept its configuration."""


@dataclass(frozen=True, slots=True)
class Proc:
    """A process the lab started: what, where, and its pid."""

    component: str      # e.g. "dc-core1/zebra", "dc-core1/charon@M312011"
    pid: int
    ns: str


def router_dir(state: Path, hostname: str) -> Path:
    return state / "devices" / hostname


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child of ours counts as gone
    with contextlib.suppress(ChildProcessError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def stop_pid(pid: int, timeout: float = 3.0) -> None:
    """SIGTERM, then SIGKILL after ``timeout``; a pid already gone is fine."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return
        time.sleep(0.02)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _read_pid(path: Path, timeout: float = 5.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, ValueError):
            return int(path.read_text().strip())
        time.sleep(0.02)
    raise DaemonError(f"no pid file {path} after {timeout:.0f} s")


def _own_frr(path: Path) -> None:
    uid = pwd.getpwnam("frr").pw_uid
    gid = grp.getgrnam("frrvty").gr_gid if _has_group("frrvty") else grp.getgrnam("frr").gr_gid
    os.chown(path, uid, gid)
    os.chmod(path, 0o2775)


def _has_group(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


def frr_cmd(router: Router, state: Path) -> list[str]:
    """Argv prefix that runs a command inside the router (its mount, net and UTS namespaces)."""
    pid = int((router_dir(state, router.hostname) / "frr" / "zebra.pid").read_text().strip())
    return ["nsenter", "-t", str(pid), "-m", "-n", "-u"]


def vtysh(router: Router, state: Path, *commands: str, check: bool = True) -> str:
    d = router_dir(state, router.hostname) / "frr"
    argv = [*frr_cmd(router, state), "vtysh", "--vty_socket", str(d), "--config_dir", str(d)]
    for c in commands:
        argv += ["-c", c]
    return run(argv, check=check).stdout


def start_frr(router: Router, state: Path, frr_conf: str) -> list[Proc]:
    """Start zebra/staticd(/bgpd) for ``router`` and load ``frr_conf`` with ``vtysh -b``."""
    d = router_dir(state, router.hostname) / "frr"
    d.mkdir(parents=True, exist_ok=True)
    _own_frr(d)
    (d / "vtysh.conf").write_text("service integrated-vtysh-config\n")
    (d / "frr.conf").write_text(frr_conf if frr_conf.endswith("\n") else frr_conf + "\n")
    for f in ("vtysh.conf", "frr.conf"):
        os.chmod(d / f, 0o664)
        _chown_like(d / f, d)
    daemons = ["zebra", "staticd"] + (["bgpd"] if "router bgp" in frr_conf else [])
    vrfdir = d / "vrfns"
    vrfdir.mkdir(exist_ok=True)
    lines = ["set -e", f"hostname {shlex.quote(router.hostname)}"]
    for vrf, ns in router.vrfs:
        (vrfdir / vrf).touch()
        lines.append(f"mount --bind /run/netns/{shlex.quote(ns)} {shlex.quote(str(vrfdir / vrf))}")
    lines.append("mount -t tmpfs -o mode=0755 kyodo-netns /run/netns")
    for vrf, _ in router.vrfs:
        lines.append(f"touch /run/netns/{vrf} && mount --bind {shlex.quote(str(vrfdir / vrf))} /run/netns/{vrf}")
    for name in daemons:
        args = [str(FRR_BIN / name), "-d", "-P", "0", "--vty_socket", str(d), "-z", str(d / "zserv.api"),
                "-i", str(d / f"{name}.pid"), "-f", "/dev/null", "--log", f"file:{d / name}.log"]
        if name == "zebra":
            args += ["-n", "-s", "90000000"]
        lines.append(shlex.join(args))
    for name in daemons:
        (d / f"{name}.pid").unlink(missing_ok=True)
    run(["ip", "netns", "exec", router.ns, "unshare", "--mount", "--uts", "--propagation", "private",
         "/bin/sh", "-c", "\n".join(lines)])
    procs = [Proc(f"{router.hostname}/{name}", _read_pid(d / f"{name}.pid"), router.ns) for name in daemons]
    _wait_vty(d, daemons)
    return procs


def _chown_like(path: Path, like: Path) -> None:
    st = like.stat()
    os.chown(path, st.st_uid, st.st_gid)


def _wait_vty(d: Path, daemons: list[str], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all((d / f"{n}.vty").exists() for n in daemons):
            return
        time.sleep(0.02)
    raise DaemonError(f"FRR daemons in {d} did not open their vty sockets")


def load_frr(router: Router, state: Path) -> list[str]:
    """``vtysh -b`` (apply frr.conf); returns the lines vtysh complained about."""
    d = router_dir(state, router.hostname) / "frr"
    proc = run([*frr_cmd(router, state), "vtysh", "--vty_socket", str(d), "--config_dir", str(d), "-b"],
               check=False)
    return [ln for ln in (proc.stdout + proc.stderr).splitlines() if ln.strip()]


def apply_nft(ns: str, ruleset: str, path: Path) -> None:
    path.write_text(ruleset if ruleset.endswith("\n") else ruleset + "\n")
    run(["ip", "netns", "exec", ns, "nft", "-f", str(path)])


def charon_dir(state: Path, hostname: str, vrf: str) -> Path:
    return router_dir(state, hostname) / f"charon-{vrf or 'global'}"


def start_charon(router: Router, vrf: str, state: Path, swanctl_conf: str) -> Proc:
    """A charon in the VRF's namespace, loaded with ``swanctl_conf``."""
    d = charon_dir(state, router.hostname, vrf)
    d.mkdir(parents=True, exist_ok=True)
    os.chmod(d, 0o700)
    vici = d / "charon.vici"
    vici.unlink(missing_ok=True)
    conf = d / "strongswan.conf"
    conf.write_text(
        "charon {\n"
        "  load_modular = no\n"
        f"  load = {STRONGSWAN_PLUGINS}\n"
        "  threads = 16\n"
        "  install_routes = yes\n"
        "  plugins {\n"
        f"    vici {{\n      socket = unix://{vici}\n    }}\n"
        "  }\n"
        "  filelog {\n"
        f"    lab {{\n      path = {d / 'charon.log'}\n      default = 1\n      flush_line = yes\n    }}\n"
        "  }\n"
        "}\n"
        "swanctl {\n"
        f"  socket = unix://{vici}\n"
        "}\n"
    )
    swan = d / "swanctl.conf"
    fd = os.open(swan, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(swanctl_conf if swanctl_conf.endswith("\n") else swanctl_conf + "\n")
    ns = router.ns_of(vrf)
    env = {**os.environ, "STRONGSWAN_CONF": str(conf)}
    with open(d / "charon.out", "wb") as out:
        proc = subprocess.Popen(
            ["ip", "netns", "exec", ns, "unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
             f"mount -t tmpfs kyodo-run /run && exec {CHARON}"],
            env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 8
    while not vici.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise DaemonError(f"charon for {router.hostname} vrf {vrf or 'global'} did not start "
                              f"(see {d / 'charon.out'})")
        time.sleep(0.02)
    try:
        run(["swanctl", "--load-all", "--noprompt", "--file", str(swan), "--uri", f"unix://{vici}"], timeout=20)
    except LabCommandError as exc:
        raise DaemonError(f"{router.hostname} vrf {vrf or 'global'}: swanctl --load-all: {exc}") from None
    return Proc(f"{router.hostname}/charon@{vrf or 'global'}", proc.pid, ns)


def swanctl(router: Router, vrf: str, state: Path, *args: str, timeout: float = 10) -> str:
    vici = charon_dir(state, router.hostname, vrf) / "charon.vici"
    return run(["swanctl", *args, "--uri", f"unix://{vici}"], timeout=timeout).stdout
