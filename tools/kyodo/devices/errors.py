"""Device errors: one tree under ``KyodoError``, each also a matching builtin where one fits."""

from __future__ import annotations

from kyodo.errors import KyodoError


class DeviceError(KyodoError):
    """Something went wrong talking to, or changing, one device."""

    exit_code = 5

    def __init__(self, host: str, message: str) -> None:
        self.host = host
        super().__init__(f"{host}: {message}")


class HostKeyRejected(DeviceError, PermissionError):
    """The device's SSH host key is unknown or differs from the one in known_hosts."""


class AuthenticationFailed(DeviceError, PermissionError):
    """The device refused the credentials (the secret itself is never named)."""


class CommandRejected(DeviceError):
    """The device answered a command with one of its platform's error patterns."""

    def __init__(self, host: str, command: str, output: str, index: int) -> None:
        self.command = command
        self.output = output
        self.index = index
        super().__init__(host, f"command {index + 1} rejected: {command!r}: {output.strip()}")


class SessionLost(DeviceError, ConnectionError):
    """The SSH session dropped or stopped answering."""

    def __init__(self, host: str, message: str, command: str | None = None) -> None:
        self.command = command
        super().__init__(host, message)


class ReadBackMismatch(DeviceError):
    """After a push the running configuration still differs from the intended one."""

    def __init__(self, host: str, remaining: tuple[str, ...]) -> None:
        self.remaining = remaining
        shown = "; ".join(remaining[:5]) + (" …" if len(remaining) > 5 else "")
        super().__init__(host, f"read-back differs from intended ({len(remaining)} command(s) left: {shown})")
