"""Run the lab's vSphere simulator (built by ``kyodo.lab.setup``) in the background.

Public API (called by ``kyodo.lab.cli``; keep stable):

- ``start(state_dir=None, model=None, *, listen=None, timeout=20.0, binary=None) -> VcsimHandle``:
  starts ``kyodo-vcsim`` on a fixed loopback address (``$KYODO_VCSIM_LISTEN`` or
  ``127.0.0.1:18989``), waits until the SDK answers a login, and, when ``model`` is given,
  populates the empty inventory from it (``kyodo.vsphere.skeleton``: datacenter, clusters,
  hosts, datastores, distributed switch, VM folder root). Idempotent: a simulator already
  running from this state dir is reused (and populated again, which changes nothing).
  ``binary`` defaults to the one ``kyodo lab setup`` built under ``state_dir``.
- ``stop(state_dir=None, timeout=10.0) -> bool``: stops it by its recorded pid (SIGTERM,
  then SIGKILL); True when a process was stopped. Tolerates stale pid files.
- ``status(state_dir=None) -> VcsimHandle | None``: the running simulator, or None.

Files under ``<state_dir>/vcsim`` (``state_dir`` defaults to ``kyodo.lab.setup.lab_dir()``):
``run.json`` (url, pid, CA path: nothing secret), ``tls/`` (lab CA and server cert, made by
the simulator), ``vcsim.log``. The login is written to the lab vault,
``<state_dir>/vault/vcenter.json`` (``{"username", "password"}``, mode 0600, dir 0700),
created once with a random password.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import ssl
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kyodo.errors import KyodoError
from kyodo.lab.setup import BINARY_NAME, lab_dir, vcsim_binary

if TYPE_CHECKING:
    from kyodo.model import Resolved

DEFAULT_LISTEN = "127.0.0.1:18989"
USERNAME = "administrator@vsphere.local"


class VcsimError(KyodoError):
    """The simulator could not be started or reached."""

    exit_code = 5


@dataclass(frozen=True, slots=True)
class VcsimHandle:
    url: str            # https://127.0.0.1:18989/sdk
    host: str
    port: int
    pid: int
    ca_file: Path       # the lab CA that signed the simulator's certificate
    vault_file: Path    # {"username", "password"}, mode 0600
    username: str
    password: str = field(repr=False)

    def __repr__(self) -> str:
        return (f"VcsimHandle(url={self.url!r}, pid={self.pid}, ca_file={str(self.ca_file)!r}, "
                f"username={self.username!r}, password='***')")

    def env(self) -> dict[str, str]:
        """Environment for community.vmware modules and pyvmomi/requests clients (the secret included)."""
        return {
            "VMWARE_HOST": self.host, "VMWARE_PORT": str(self.port), "VMWARE_USER": self.username,
            "VMWARE_PASSWORD": self.password, "VMWARE_VALIDATE_CERTS": "true",
            "REQUESTS_CA_BUNDLE": str(self.ca_file), "SSL_CERT_FILE": str(self.ca_file),
        }


def _dir(state_dir: Path | None) -> Path:
    return (state_dir or lab_dir()) / "vcsim"


def vault_file(state_dir: Path | None = None) -> Path:
    return (state_dir or lab_dir()) / "vault" / "vcenter.json"


def _credentials(state_dir: Path | None) -> tuple[Path, str, str]:
    path = vault_file(state_dir)
    if path.is_file():
        doc = json.loads(path.read_text(encoding="utf-8"))
        return path, str(doc["username"]), str(doc["password"])
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    password = secrets.token_urlsafe(18)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"username": USERNAME, "password": password}, f)
    return path, USERNAME, password


def _listen() -> tuple[str, int]:
    host, _, port = os.environ.get("KYODO_VCSIM_LISTEN", DEFAULT_LISTEN).rpartition(":")
    return host, int(port)


def _alive(pid: int) -> bool:
    """True when ``pid`` is a running kyodo-vcsim (not a reused pid of something else)."""
    try:
        exe = os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return False
    return os.path.basename(exe.removesuffix(" (deleted)")) == BINARY_NAME


def _answers(host: str, port: int, ca_file: Path) -> bool:
    ctx = ssl.create_default_context(cafile=str(ca_file))
    try:
        with socket.create_connection((host, port), timeout=1) as raw, \
                ctx.wrap_socket(raw, server_hostname=host) as tls:
            tls.sendall(f"GET /about HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
            return tls.recv(12).startswith(b"HTTP/1.")
    except (OSError, ssl.SSLError):
        return False


def _handle(state_dir: Path | None) -> VcsimHandle | None:
    run = _dir(state_dir) / "run.json"
    if not run.is_file():
        return None
    doc = json.loads(run.read_text(encoding="utf-8"))
    if not _alive(int(doc["pid"])):
        return None
    vault, user, password = _credentials(state_dir)
    return VcsimHandle(url=doc["url"], host=doc["host"], port=int(doc["port"]), pid=int(doc["pid"]),
                       ca_file=Path(doc["ca_file"]), vault_file=vault, username=user, password=password)


def status(state_dir: Path | None = None) -> VcsimHandle | None:
    handle = _handle(state_dir)
    if handle is None or not _answers(handle.host, handle.port, handle.ca_file):
        return None
    return handle


def start(state_dir: Path | None = None, model: Resolved | None = None, *,
          listen: str | None = None, timeout: float = 20.0, binary: Path | None = None) -> VcsimHandle:
    handle = status(state_dir)
    if handle is None:
        handle = _spawn(state_dir, listen, timeout, binary or vcsim_binary(state_dir))
    if model is not None:
        from kyodo.vsphere import connect, disconnect, populate

        si = connect(handle.url, handle.username, handle.password, handle.ca_file)
        try:
            populate(si, model, datastore_dir=(state_dir or lab_dir()) / "datastores")
        finally:
            disconnect(si)
    return handle


def _spawn(state_dir: Path | None, listen: str | None, timeout: float, binary: Path) -> VcsimHandle:
    if not binary.is_file():
        raise VcsimError(f"{binary} is missing: run 'kyodo lab setup' first")
    stop(state_dir)   # a stale or unresponsive instance of ours
    if listen:
        host, _, port_s = listen.rpartition(":")
        port = int(port_s)
    else:
        host, port = _listen()
    work = _dir(state_dir)
    work.mkdir(parents=True, exist_ok=True)
    tls_dir = work / "tls"
    vault, user, password = _credentials(state_dir)
    with open(work / "vcsim.log", "ab") as log:
        proc = subprocess.Popen(
            [str(binary), "-listen", f"{host}:{port}", "-tls-dir", str(tls_dir), "-credentials", str(vault)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    ca = tls_dir / "ca.pem"
    deadline = time.monotonic() + timeout
    while not (ca.is_file() and _answers(host, port, ca)):
        if proc.poll() is not None:
            raise VcsimError(f"kyodo-vcsim exited with {proc.returncode}; see {work / 'vcsim.log'}")
        if time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            raise VcsimError(f"kyodo-vcsim did not answer on {host}:{port} within {timeout:.0f} s")
        time.sleep(0.05)
    url = f"https://{host}:{port}/sdk"
    (work / "run.json").write_text(json.dumps({"url": url, "host": host, "port": port, "pid": proc.pid,
                                               "ca_file": str(ca)}) + "\n", encoding="utf-8")
    return VcsimHandle(url=url, host=host, port=port, pid=proc.pid, ca_file=ca, vault_file=vault,
                       username=user, password=password)


def stop(state_dir: Path | None = None, timeout: float = 10.0) -> bool:
    run = _dir(state_dir) / "run.json"
    if not run.is_file():
        return False
    pid = int(json.loads(run.read_text(encoding="utf-8"))["pid"])
    stopped = False
    if _alive(pid):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _running(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _running(pid):
            os.kill(pid, signal.SIGKILL)
            while _running(pid):
                time.sleep(0.05)
        stopped = True
    run.unlink(missing_ok=True)
    return stopped


def _running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie; reaps it when it is our own child."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    if state == "Z":   # it exited after the first waitpid: reap it now if it is ours
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        return False
    return True
