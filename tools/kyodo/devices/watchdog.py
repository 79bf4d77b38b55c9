"""``python -m kyodo.devices.watchdog STATE.json``: the emulated revert timer (see ``confirm.py``).

Sleeps until the deadline; if the state file still exists (not confirmed), restores the
device's backup and records the outcome in ``STATE.json.result`` (no secret in it).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    path = Path(argv[0])
    state = json.loads(path.read_text(encoding="utf-8"))
    while time.time() < state["deadline"]:
        time.sleep(min(0.2, max(0.0, state["deadline"] - time.time())))
        if not path.exists():
            return 0   # confirmed
    if not path.exists():
        return 0
    from kyodo.devices.agent import open_session
    from kyodo.devices.backup import Backup
    from kyodo.devices.change import masker_for, restore_backup
    from kyodo.devices.credentials import credentials_for
    from kyodo.devices.session import Endpoint
    from kyodo.platforms.registry import get
    from kyodo.secrets import Vault

    platform = get(state["platform"])
    known_hosts = Path(state["known_hosts"]) if state.get("known_hosts") else None
    endpoint = Endpoint(name=state["host"], host=state["address"], port=state["port"], known_hosts=known_hosts,
                        insecure=state["insecure"], read_timeout=state["read_timeout"])
    backup = Backup(host=state["host"], path=Path(state["backup"]), sha256=state["backup_sha256"])
    vault = Vault(Path(state["vault"])) if state.get("vault") else Vault()
    mask = masker_for(vault)
    try:
        creds = credentials_for(state["credential"], vault)
        mask = masker_for(vault, creds)
        ok, note = restore_backup(lambda: open_session(endpoint, platform.facts, creds), platform, backup)
    except Exception as exc:   # the outcome is recorded, whatever it is
        ok, note = False, f"{type(exc).__name__}: {exc}"
    note = mask(note)
    result = {"host": state["host"], "reverted": ok, "note": note, "at": time.time()}
    path.with_suffix(".result.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    path.unlink(missing_ok=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
