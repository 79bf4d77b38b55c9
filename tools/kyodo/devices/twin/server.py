"""The SSH side of a twin: a paramiko ``ServerInterface`` on 127.0.0.1 serving one ``TwinDevice``.

Password authentication, an interactive shell with a PTY (what netmiko asks for), echo of
each received line, output with CRLF line ends as network devices send. A simulation for
tests and the lab: never listen on anything but a loopback address.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from pathlib import Path
from types import TracebackType

import paramiko

from kyodo.devices.twin.engine import CliSession, SessionDropped, TwinDevice


class _Auth(paramiko.ServerInterface):  # type: ignore[misc]
    def __init__(self, device: TwinDevice) -> None:
        self.device = device
        self.shell = threading.Event()

    def check_auth_password(self, username: str, password: str) -> int:
        ok = (username == self.device.username and password == self.device.password
              and not self.device.faults.locked_out)
        return int(paramiko.AUTH_SUCCESSFUL if ok else paramiko.AUTH_FAILED)

    def get_allowed_auths(self, username: str) -> str:
        return "password"

    def check_channel_request(self, kind: str, chanid: int) -> int:
        if kind == "session":
            return int(paramiko.OPEN_SUCCEEDED)
        return int(paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED)

    def check_channel_pty_request(self, channel: paramiko.Channel, term: bytes, width: int, height: int,
                                  pixelwidth: int, pixelheight: int, modes: bytes) -> bool:
        return True

    def check_channel_shell_request(self, channel: paramiko.Channel) -> bool:
        self.shell.set()
        return True


class TwinServer:
    """Serve one twin device over SSH on ``host`` (loopback), a random port by default."""

    def __init__(self, device: TwinDevice, host: str = "127.0.0.1", port: int = 0,
                 host_key: paramiko.PKey | None = None) -> None:
        if not host.startswith("127."):
            raise ValueError("a CLI twin listens on loopback addresses only")
        self.device = device
        self.host_key = host_key or paramiko.ECDSAKey.generate(bits=256)
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self._sock.listen(8)
        self._sock.settimeout(0.2)
        self.host, self.port = self._sock.getsockname()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept_loop, name=f"twin-{device.vendor}", daemon=True)
        self._transports: list[paramiko.Transport] = []
        self.sessions = 0

    # --- lifecycle ---------------------------------------------------------------------

    def start(self) -> TwinServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._sock.close()
        for t in list(self._transports):
            with contextlib.suppress(Exception):
                t.close()
        self._thread.join(timeout=2)
        with self.device.lock:
            if self.device._revert_timer is not None:
                self.device._revert_timer.cancel()

    def __enter__(self) -> TwinServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def known_hosts_line(self) -> str:
        target = self.host if self.port == 22 else f"[{self.host}]:{self.port}"
        return f"{target} {self.host_key.get_name()} {self.host_key.get_base64()}"

    def write_known_hosts(self, path: Path) -> Path:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(self.known_hosts_line() + "\n")
        return path

    # --- serving -----------------------------------------------------------------------

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        transport = paramiko.Transport(conn)
        self._transports.append(transport)
        transport.add_server_key(self.host_key)
        auth = _Auth(self.device)
        try:
            transport.start_server(server=auth)
            chan = transport.accept(timeout=10)
            if chan is None or not auth.shell.wait(timeout=10):
                return
            self.sessions += 1
            self._shell(chan)
        except (paramiko.SSHException, EOFError, OSError):
            pass
        finally:
            with contextlib.suppress(Exception):
                transport.close()
            with contextlib.suppress(ValueError):
                self._transports.remove(transport)

    def _shell(self, chan: paramiko.Channel) -> None:
        cli = CliSession(self.device)
        chan.sendall(cli.banner().encode())
        buf = ""
        skip_lf = False
        while not self._stop.is_set():
            data = chan.recv(4096)
            if not data:
                return
            for ch in data.decode("utf-8", "replace"):
                if ch == "\n" and skip_lf:
                    skip_lf = False
                    continue
                skip_lf = ch == "\r"
                if ch in "\r\n":
                    line, buf = buf, ""
                    echo = "" if cli.awaiting is not None else line
                    try:
                        out = cli.handle(line)
                    except SessionDropped:
                        chan.sendall((echo + "\r\n").encode())
                        chan.close()
                        return
                    chan.sendall((echo + "\r\n" + out).encode())
                else:
                    buf += ch
