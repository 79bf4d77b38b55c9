"""A small device session over netmiko, driven only by a platform's ``DriverFacts``.

SSH host keys are checked by default against a ``known_hosts`` file (``Endpoint.known_hosts``);
``insecure=True`` (an explicit opt-in, ``--insecure`` on the CLI) accepts any key. Every
command is sent with the platform's prompt pattern as the end marker and its output is
checked against the platform's error patterns. A closed or silent session becomes
``SessionLost``; an error answer becomes ``CommandRejected``. Secrets are never logged.
"""

from __future__ import annotations

import contextlib
import logging
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import paramiko
from netmiko import ConnectHandler
from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException, ReadTimeout

from kyodo.devices.credentials import Credentials
from kyodo.devices.errors import (
    AuthenticationFailed,
    CommandRejected,
    DeviceError,
    HostKeyRejected,
    SessionLost,
)
from kyodo.platforms.base import DriverFacts

log = logging.getLogger(__name__)

# questions devices ask before some commands complete ("Destination filename [x]?", "[confirm]")
QUESTION = r"(\[[^\]\n]*\]\?\s*$|\[confirm\]\s*$|\((?:y/n|Y/N)\)\s*\??\s*$)"
PASSWORD = r"[Pp]assword:\s*$"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where and how to reach one device."""

    name: str                        # the device's hostname (for messages)
    host: str                        # address to connect to
    port: int = 22
    known_hosts: Path | None = None
    insecure: bool = False
    conn_timeout: float = 10.0
    read_timeout: float = 30.0


class DeviceSession:
    """One SSH login to one device. Use as a context manager."""

    def __init__(self, endpoint: Endpoint, facts: DriverFacts, credentials: Credentials) -> None:
        self.endpoint = endpoint
        self.facts = facts
        self._credentials = credentials
        self._conn: Any = None
        self.transcript: list[tuple[str, str]] = []   # (command, output) — never a secret

    def __repr__(self) -> str:
        return f"DeviceSession({self.endpoint.name!r}, {self.endpoint.host}:{self.endpoint.port})"

    # --- connection --------------------------------------------------------------------

    def connect(self) -> DeviceSession:
        ep = self.endpoint
        if not ep.insecure and (ep.known_hosts is None or not ep.known_hosts.is_file()):
            raise HostKeyRejected(ep.name, f"no known_hosts file ({ep.known_hosts}); host keys are checked"
                                  " by default (--insecure only by explicit opt-in)")
        params: dict[str, Any] = {
            "device_type": self.facts.netmiko_device_type,
            "host": ep.host,
            "port": ep.port,
            "username": self._credentials.username,
            "password": self._credentials.password,
            # netmiko's nec_ix enable() types the secret into the CLI unasked (its password
            # pattern is empty): give it none, the IX enters configuration without one
            "secret": "" if self.facts.netmiko_device_type.startswith("nec_ix") else self._credentials.enable_secret,
            "conn_timeout": ep.conn_timeout,
            "auth_timeout": ep.conn_timeout,
            "banner_timeout": ep.conn_timeout,
            "read_timeout_override": None,
            "allow_agent": False,
            "use_keys": False,
            "system_host_keys": False,
            "ssh_strict": not ep.insecure,
            "alt_host_keys": not ep.insecure,
            "alt_key_file": str(ep.known_hosts or ""),
            "fast_cli": True,
        }
        try:
            self._conn = ConnectHandler(**params)
        except paramiko.BadHostKeyException as exc:
            raise HostKeyRejected(ep.name, f"SSH host key of {ep.host}:{ep.port} does not match"
                                  f" {ep.known_hosts} (got {exc.key.get_name()})") from None
        except NetmikoAuthenticationException:
            raise AuthenticationFailed(ep.name, f"authentication refused for user "
                                       f"{self._credentials.username!r} ({self._credentials.ref})") from None
        except paramiko.SSHException as exc:
            text = str(exc)
            if "does not match" in text:
                raise HostKeyRejected(ep.name, f"SSH host key of {ep.host}:{ep.port} does not match"
                                      f" {ep.known_hosts}") from None
            if "known_hosts" in text:
                raise HostKeyRejected(ep.name, f"SSH host key of {ep.host}:{ep.port} is not in"
                                      f" {ep.known_hosts}") from None
            raise SessionLost(ep.name, f"SSH connection failed: {' '.join(text.split())}") from None
        except (NetmikoTimeoutException, OSError, EOFError) as exc:
            raise SessionLost(ep.name, f"cannot connect to {ep.host}:{ep.port}: {exc}") from None
        self._ensure_privileged()
        return self

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.disconnect()

    def __enter__(self) -> DeviceSession:
        return self.connect() if self._conn is None else self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def alive(self) -> bool:
        conn = self._conn
        if conn is None:
            return False
        try:
            transport = conn.remote_conn.get_transport()
            return bool(transport is not None and transport.is_active() and not conn.remote_conn.closed)
        except Exception:
            return False

    # --- primitives --------------------------------------------------------------------

    def _ensure_privileged(self) -> None:
        """Leave the user level (``>``) with netmiko's enable for the device type (IOS
        ``enable``, Yamaha ``administrator``), answering the password prompt."""
        if self._prompt_level() != ">":
            return
        try:
            self._call(lambda c: c.enable(), "enable")
        except ValueError:
            raise AuthenticationFailed(self.endpoint.name, "the enable/administrator secret was refused"
                                       f" ({self._credentials.ref})") from None

    def _prompt_level(self) -> str:
        prompt = self._call(lambda c: c.find_prompt(), "find prompt")
        return prompt.strip()[-1:] if prompt.strip() else ""

    def _call(self, fn: Any, what: str) -> Any:
        if self._conn is None:
            raise SessionLost(self.endpoint.name, f"not connected ({what})", command=what)
        try:
            return fn(self._conn)
        except (ReadTimeout, NetmikoTimeoutException, OSError, EOFError, paramiko.SSHException) as exc:
            lost = not self.alive
            self.close()
            if lost:
                raise SessionLost(self.endpoint.name, f"SSH session lost during {what!r}", command=what) from None
            raise SessionLost(self.endpoint.name, f"no answer within {self.endpoint.read_timeout:g}s to"
                              f" {what!r} ({type(exc).__name__})", command=what) from None

    def _send(self, command: str, expect: str | None = None, verify: bool = True) -> str:
        pattern = expect or self.facts.prompt_pattern
        out: str = self._call(lambda c: c.send_command(
            command, expect_string=pattern, read_timeout=self.endpoint.read_timeout, strip_prompt=False,
            strip_command=True, cmd_verify=verify), command)
        return out.replace("\r", "")

    def _interactive(self, command: str) -> str:
        """Send ``command``, answering a password prompt (enable secret) or a default question."""
        prompt = self.facts.prompt_pattern
        out = self._send(command, expect=f"(?:{prompt})|(?:{PASSWORD})|(?:{QUESTION})")
        if re.search(PASSWORD, out):
            secret = self._credentials.enable_secret
            out += self._call(lambda c: c.send_command(
                secret, expect_string=prompt, read_timeout=self.endpoint.read_timeout, strip_prompt=False,
                cmd_verify=False), "<enable secret>").replace("\r", "")
        elif re.search(QUESTION, out):
            out += self._send(self._answer(out), verify=False)
        self.transcript.append((command, out))
        return out

    def _answer(self, question: str) -> str:
        # never save by accident: "Save new configuration ? (Y/N)" on leaving Yamaha's
        # administrator level is answered N (saving is a separate, explicit step)
        no_save = self.facts.extra.get("exit_save_prompt")
        if no_save and re.search(no_save, question):
            return "N"
        return "y" if re.search(r"\((?:y/n|Y/N)\)", question) else ""

    def check(self, command: str, output: str, index: int = 0) -> None:
        for pattern in self.facts.error_patterns:
            if re.search(pattern, output):
                raise CommandRejected(self.endpoint.name, command, self._without_prompt(output), index)

    # --- operations --------------------------------------------------------------------

    def running(self) -> str:
        """The running configuration text as the device prints it (prompt removed)."""
        self._ensure_privileged()
        out = self._send(self.facts.show_running)
        self.check(self.facts.show_running, out)
        return self._without_prompt(out)

    def exec(self, command: str) -> str:
        """One command at the exec level, questions answered with their default; errors raise."""
        out = self._interactive(command)
        self.check(command, out)
        return out

    def push(self, commands: tuple[str, ...] | list[str], enter: tuple[str, ...] | None = None) -> list[str]:
        """Enter configuration mode (``enter`` or the facts' ``enter_config``), send each command,
        stop at the first output matching an error pattern (``CommandRejected``), leave config mode."""
        outputs: list[str] = []
        entry = enter if enter is not None else self.facts.enter_config
        if enter is None and self._call(lambda c: c.check_config_mode(), "check config mode"):
            entry = ()   # already at the configuration level (Yamaha administrator)
        for cmd in entry:
            self.exec(cmd)
        if entry and not self._call(lambda c: c.check_config_mode(), "check config mode"):
            command, output = self.transcript[-1] if self.transcript else (entry[-1], "")
            raise CommandRejected(self.endpoint.name, command, output or "configuration mode not entered", 0)
        try:
            for i, cmd in enumerate(commands):
                out = self._send(cmd)
                self.transcript.append((cmd, out))
                self.check(cmd, out, i)
                outputs.append(out)
        finally:
            if self.alive:
                for cmd in self.facts.exit_config:
                    with contextlib.suppress(DeviceError):
                        self._interactive(cmd)
        return outputs

    def save(self) -> str:
        return self.exec(self.facts.save_command)


    def _without_prompt(self, output: str) -> str:
        """``output`` without the trailing prompt line (the platform's prompt pattern)."""
        lines = output.rstrip().split("\n")
        if lines and re.search(self.facts.prompt_pattern, lines[-1]) and len(lines[-1]) < 80:
            lines = lines[:-1]
        return "\n".join(lines).strip("\n") + "\n" if lines else ""


def probe(host: str, port: int, timeout: float = 2.0) -> bool:
    """Whether something accepts TCP connections at host:port (lab readiness checks)."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False
