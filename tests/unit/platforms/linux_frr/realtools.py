"""Throwaway real FRR / charon instances for tests (root only). Everything created here has
the prefix ``kyfrrt`` and is removed by ``close``; processes are stopped by their pid."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

PREFIX = "kyfrrt"
FRR = Path("/usr/lib/frr")
CHARON = Path("/usr/lib/ipsec/charon")
STRONGSWAN_CONF = """charon {{
  load_modular = no
  load = random nonce openssl aes sha1 sha2 hmac gmp curve25519 kdf pem pkcs1 x509 pubkey kernel-libipsec \
kernel-netlink socket-default vici updown gcm
  threads = 16
  install_routes = no
  plugins {{
    vici {{
      socket = unix://{vici}
    }}
  }}
}}
"""


def have(*tools: str) -> bool:
    return os.geteuid() == 0 and all(shutil.which(t) or Path(t).exists() for t in tools)


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False, **kw)  # type: ignore[call-overload]


class FrrRouter:
    """zebra -n + staticd + bgpd in a fresh namespace whose VRFs are namespaces seen only by it."""

    def __init__(self, vrfs: list[str], interfaces: list[tuple[str, str]]) -> None:
        self.tag = f"{PREFIX}{os.getpid()}"
        self.dir = Path(tempfile.mkdtemp(prefix=f"{self.tag}-"))
        self.namespaces = [f"{self.tag}-r", *(f"{self.tag}-{v}" for v in vrfs)]
        for ns in self.namespaces:
            run(["ip", "netns", "add", ns])
        for name, vrf in interfaces:       # a veth per port, both ends in the port's namespace
            ns = f"{self.tag}-{vrf}" if vrf else f"{self.tag}-r"
            run(["ip", "-n", ns, "link", "add", name, "type", "veth", "peer", "name", f"p{abs(hash(name)) % 99999}"])
            run(["ip", "-n", ns, "link", "set", name, "up"])
        (self.dir / "vtysh.conf").write_text("service integrated-vtysh-config\n")
        hold = self.dir / "hold"
        hold.mkdir()
        binds = " ".join(vrfs)
        script = f"""
set -e
touch {hold}/R; mount --bind /run/netns/{self.tag}-r {hold}/R
for v in {binds}; do touch {hold}/$v; mount --bind /run/netns/{self.tag}-$v {hold}/$v; done
mount -t tmpfs tmpfs /run/netns
for v in {binds}; do touch /run/netns/$v; mount --bind {hold}/$v /run/netns/$v; done
for d in zebra staticd bgpd; do
  extra=""; [ $d = zebra ] && extra="-n"
  nsenter --net={hold}/R {FRR}/$d $extra -d -P 0 --vty_socket {self.dir} -z {self.dir}/zserv.api \
    -i {self.dir}/$d.pid -f /dev/null --log file:{self.dir}/$d.log
  [ $d = zebra ] && sleep 0.3
done
"""
        shutil.chown(self.dir, "frr", "frr")
        self.dir.chmod(0o775)
        run(["unshare", "-m", "--propagation", "private", "bash", "-c", script])
        for _ in range(50):
            if run(["vtysh", "--vty_socket", str(self.dir), "-c", "show version"]).returncode == 0:
                break
            time.sleep(0.1)

    def load(self, frr_conf: str) -> subprocess.CompletedProcess[str]:
        path = self.dir / "frr.conf"
        path.write_text(frr_conf)
        shutil.chown(path, "frr", "frr")
        return run(["vtysh", "--vty_socket", str(self.dir), "--config_dir", str(self.dir), "-b"])

    def configure(self, commands: list[str]) -> subprocess.CompletedProcess[str]:
        args = ["vtysh", "--vty_socket", str(self.dir), "-c", "configure terminal"]
        for c in commands:
            args += ["-c", c]
        return run([*args, "-c", "end"])

    def running(self) -> str:
        return run(["vtysh", "--vty_socket", str(self.dir), "-c", "show running-config"]).stdout

    def close(self) -> None:
        for pid_file in self.dir.glob("*.pid"):
            with contextlib.suppress(ValueError, ProcessLookupError):
                os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
        time.sleep(0.3)
        for ns in self.namespaces:
            run(["ip", "netns", "del", ns])
        shutil.rmtree(self.dir, ignore_errors=True)


def swanctl_load(conf: str) -> subprocess.CompletedProcess[str]:
    """Load a swanctl.conf into a throwaway charon (own network and mount namespace)."""
    work = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-sw-"))
    try:
        vici = work / "charon.vici"
        (work / "strongswan.conf").write_text(STRONGSWAN_CONF.format(vici=vici))
        (work / "swanctl.conf").write_text(conf)
        script = f"""
mount -t tmpfs tmpfs /run
export STRONGSWAN_CONF={work}/strongswan.conf
{CHARON} > {work}/charon.log 2>&1 &
CH=$!
for i in $(seq 50); do [ -S {vici} ] && break; sleep 0.1; done
swanctl --load-all --file {work}/swanctl.conf --uri unix://{vici}
rc=$?
swanctl --list-conns --uri unix://{vici}
kill $CH; wait $CH
exit $rc
"""
        return run(["unshare", "-n", "-m", "--propagation", "private", "bash", "-c", script])
    finally:
        shutil.rmtree(work, ignore_errors=True)
