"""Emulated confirm-or-revert for platforms without a native revert timer (Yamaha RTX, NEC IX).

``arm_watchdog`` starts a detached process (its own session, so it outlives the operator's
kyodo process and terminal) that sleeps until the deadline and then, unless the change was
confirmed (its state file removed by ``disarm_watchdog``), reconnects and restores the
device's backup. The state file holds the target, the backup path and the credential
*reference*; the watchdog resolves the secret itself (same vault / environment), so no
secret is written anywhere. Limitation, stated plainly: the timer lives on the operator's
machine, not on the device; if that machine dies, the device keeps the unconfirmed change
(it was not saved, so a device reboot still brings the backup back).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kyodo.paths import state_dir

if TYPE_CHECKING:
    from kyodo.devices.backup import Backup
    from kyodo.devices.change import DeviceTarget


def watchdog_dir() -> Path:
    return Path(os.environ.get("KYODO_WATCHDOG_DIR", str(state_dir() / "watchdogs")))


def state_file(host: str) -> Path:
    return watchdog_dir() / f"{host}.json"


def arm_watchdog(target: DeviceTarget, backup: Backup, minutes: float, minute_seconds: float = 60.0,
                 vault: Path | None = None) -> Path:
    """Start the revert watchdog for ``target``; returns its state file. ``vault`` is the vault
    file the watchdog resolves the credential reference from (default: ``KYODO_VAULT``)."""
    ep = target.endpoint
    path = state_file(ep.name)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    disarm_watchdog(target)
    seconds = float(os.environ.get("KYODO_WATCHDOG_MINUTE_SECONDS", minute_seconds))
    state: dict[str, Any] = {
        "host": ep.name, "address": ep.host, "port": ep.port,
        "known_hosts": str(ep.known_hosts) if ep.known_hosts else None, "insecure": ep.insecure,
        "read_timeout": ep.read_timeout, "platform": target.platform, "credential": target.credential,
        "backup": str(backup.path), "backup_sha256": backup.sha256, "vault": str(vault) if vault else None,
        "deadline": time.time() + minutes * seconds,
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    proc = subprocess.Popen([sys.executable, "-m", "kyodo.devices.watchdog", str(path)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, close_fds=True)
    state["pid"] = proc.pid
    tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return path


def disarm_watchdog(target: DeviceTarget) -> bool:
    """Confirm: remove the state file and stop the watchdog process we started."""
    path = state_file(target.endpoint.name)
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    path.unlink(missing_ok=True)
    pid = state.get("pid")
    if isinstance(pid, int):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGTERM)
    return True


def pending(target: DeviceTarget) -> bool:
    return state_file(target.endpoint.name).exists()
