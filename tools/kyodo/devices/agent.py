"""Sessions with devices configured through an on-device agent command (``linux_frr``).

A Linux router's configuration spans FRR, nftables and strongSwan. Its platform facts name
an agent command (``extra["agent_command"]``, e.g. ``kyodo-router``) reached through the
shell login: ``collect`` prints the sectioned running config, ``apply`` takes the sectioned
commands of a diff on stdin, ``save`` persists. ``AgentSession`` offers the same operations
as ``DeviceSession`` (``running``, ``exec``, ``push``, ``save``) so the change workflow
(backup, push, read back, restore) is the same for every platform. Host keys are checked
against the endpoint's ``known_hosts`` (no opt-out but the endpoint's explicit ``insecure``).
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import paramiko

from kyodo.devices.credentials import Credentials
from kyodo.devices.errors import AuthenticationFailed, CommandRejected, HostKeyRejected, SessionLost
from kyodo.devices.session import DeviceSession, Endpoint
from kyodo.platforms.base import DriverFacts


class AgentSession:
    def __init__(self, endpoint: Endpoint, facts: DriverFacts, credentials: Credentials) -> None:
        self.endpoint = endpoint
        self.facts = facts
        self._credentials = credentials
        self._client: paramiko.SSHClient | None = None
        self.agent = facts.extra["agent_command"]
        self.transcript: list[tuple[str, str]] = []

    def __repr__(self) -> str:
        return f"AgentSession({self.endpoint.name!r}, {self.endpoint.host}:{self.endpoint.port})"

    def connect(self) -> AgentSession:
        ep = self.endpoint
        client = paramiko.SSHClient()
        if ep.insecure:
            client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        else:
            if ep.known_hosts is None or not ep.known_hosts.is_file():
                raise HostKeyRejected(ep.name, f"no known_hosts file ({ep.known_hosts}); host keys are checked")
            client.load_host_keys(str(ep.known_hosts))
            client.set_missing_host_key_policy(paramiko.RejectPolicy())
        try:
            client.connect(
                ep.host,
                port=ep.port,
                username=self._credentials.shell_username,
                password=self._credentials.password,
                look_for_keys=False,
                allow_agent=False,
                timeout=ep.conn_timeout,
                banner_timeout=ep.conn_timeout,
                auth_timeout=ep.conn_timeout,
            )
        except paramiko.BadHostKeyException:
            raise HostKeyRejected(
                ep.name, f"SSH host key of {ep.host}:{ep.port} does not match {ep.known_hosts}"
            ) from None
        except paramiko.AuthenticationException:
            raise AuthenticationFailed(ep.name, f"authentication refused ({self._credentials.ref})") from None
        except paramiko.SSHException as exc:
            if "not found in known_hosts" in str(exc) or "known_hosts" in str(exc):
                raise HostKeyRejected(
                    ep.name, f"SSH host key of {ep.host}:{ep.port} is not in {ep.known_hosts}"
                ) from None
            raise SessionLost(ep.name, f"SSH connection failed: {exc}") from None
        except (TimeoutError, OSError) as exc:
            raise SessionLost(ep.name, f"cannot connect to {ep.host}:{ep.port}: {exc}") from None
        self._client = client
        return self

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()

    def __enter__(self) -> AgentSession:
        return self.connect() if self._client is None else self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def alive(self) -> bool:
        transport = self._client.get_transport() if self._client else None
        return bool(transport and transport.is_active())

    def _call(self, command: str, stdin: str | None = None) -> tuple[int, str, str]:
        if self._client is None or not self.alive:
            raise SessionLost(self.endpoint.name, "the session is closed", command)
        try:
            chan_in, chan_out, chan_err = self._client.exec_command(command, timeout=self.endpoint.read_timeout)
            if stdin is not None:
                chan_in.write(stdin)
                chan_in.channel.shutdown_write()
            out = chan_out.read().decode()
            err = chan_err.read().decode()
            rc = chan_out.channel.recv_exit_status()
        except (TimeoutError, paramiko.SSHException, OSError, EOFError) as exc:
            raise SessionLost(self.endpoint.name, f"session dropped: {exc}", command) from None
        return rc, out, err

    def running(self) -> str:
        command = f"{self.agent} collect"
        rc, out, err = self._call(command)
        if rc != 0:
            raise CommandRejected(self.endpoint.name, command, (err or out).strip(), 0)
        return out

    def exec(self, command: str) -> str:
        rc, out, err = self._call(command)
        self.transcript.append((command, out))
        if rc != 0:
            raise CommandRejected(self.endpoint.name, command, (err or out).strip(), 0)
        return out

    def push(self, commands: tuple[str, ...] | list[str], enter: tuple[str, ...] | None = None) -> list[str]:
        command = f"{self.agent} apply"
        rc, out, err = self._call(command, stdin="\n".join(commands) + "\n")
        self.transcript.append((command, out))
        if rc != 0:
            failed = next((c for c in commands if c.strip()), command)
            raise CommandRejected(self.endpoint.name, failed, (err or out).strip(), 0)
        return [out]

    def save(self) -> str:
        return self.exec(f"{self.agent} save")


def open_session(endpoint: Endpoint, facts: DriverFacts, credentials: Credentials) -> Any:
    """The session kind a platform needs: an agent session when its facts name an agent command."""
    if facts.extra.get("agent_command"):
        return AgentSession(endpoint, facts, credentials)
    return DeviceSession(endpoint, facts, credentials)
