#!/usr/bin/python
"""Ansible module: push a device's intended configuration through kyodo's change workflow."""

from __future__ import annotations

DOCUMENTATION = r"""
module: kyodo_device_config
short_description: Back up, diff, push only the diff, save, read back; restore the backup on failure
description:
  - Runs C(kyodo.devices.change.apply_change) for one device over SSH (netmiko), driven by
    the platform's driver facts. On a rejected command, a dropped session or a read-back
    that still differs, the device is put back on its backup (verified) and the task fails
    naming the failing command and the device's answer.
  - Runs on the controller (C(connection: local)) with the kyodo venv's Python.
  - Check mode (or I(mode=check)) plans only; nothing is sent to the device but the
    C(show running-config) it needs for the diff.
options:
  host: {description: Address of the device's SSH service., type: str, required: true}
  port: {description: SSH port., type: int, default: 22}
  name: {description: Device hostname (for backups and messages); defaults to I(host)., type: str}
  platform: {description: "kyodo platform: cisco_iosxe, yamaha_rtx, nec_ix, linux_frr.", type: str, required: true}
  intended: {description: Path of the intended configuration (required unless I(mode=backup))., type: path}
  credential: {description: "Secret reference of the login, C(vault:NAME) or C(env:NAME).", type: str, required: true}
  vault: {description: Vault file resolving C(vault:) references (default C(KYODO_VAULT))., type: path}
  password: {description: Login password overriding the reference (AWX credential injection)., type: str, no_log: true}
  enable_secret: {description: Enable/administrator secret overriding the reference., type: str, no_log: true}
  known_hosts: {description: known_hosts file checked for the device's host key., type: path}
  insecure: {description: Accept any host key (explicit opt-in only)., type: bool, default: false}
  mode: {description: check (plan), apply, or backup only., type: str, choices: [check, apply, backup], default: apply}
  confirm_timer: {description: Minutes after which an unconfirmed change reverts by itself., type: int}
  backup_dir: {description: Where running-config backups are written (mode 0600)., type: path, required: true}
  read_timeout: {description: Seconds to wait for a device answer., type: float, default: 30}
"""

RETURN = r"""
changed: {description: Whether the device configuration changed., type: bool, returned: always}
status:
  description: "unchanged, changed, pending_confirm, planned, backed_up or failed."
  type: str
  returned: always
commands: {description: Commands pushed (or planned); secrets masked., type: list, returned: always}
rollback: {description: Commands taking the device back; secrets masked., type: list, returned: always}
backup_path:
  description: Backup file of the running configuration before the change.
  type: str
  returned: when reached
backup_sha256: {description: sha256 of that backup., type: str, returned: when reached}
failed_command:
  description: The command the device rejected (or was sending when the session dropped).
  type: str
  returned: on failure
device_output: {description: The device's answer to the failing command., type: str, returned: on failure}
restored:
  description: Whether the device was verified back on its backup after a failure.
  type: bool
  returned: on failure
"""

from pathlib import Path
from typing import Any

from ansible.module_utils.basic import AnsibleModule


def _resolver(module: AnsibleModule) -> Any:
    from kyodo.devices.credentials import TrackingResolver
    from kyodo.secrets import Vault

    vault = Vault(Path(module.params["vault"])) if module.params["vault"] else Vault()
    overrides = {k: module.params[k] for k in ("password", "enable_secret") if module.params[k]}
    if not overrides:
        return TrackingResolver(vault)
    ref = module.params["credential"]
    name = ref.partition(":")[2]
    mapping = {ref: overrides.get("password")}
    if "enable_secret" in overrides:
        mapping[f"{ref.partition(':')[0]}:{name}_enable"] = overrides["enable_secret"]

    class _Override(TrackingResolver):
        def __call__(self, wanted: str) -> str:
            value = mapping.get(wanted)
            return value if value is not None else super().__call__(wanted)

        def known(self) -> list[str]:
            return sorted({*super().known(), *(v for v in mapping.values() if v)}, key=len, reverse=True)

    return _Override(vault)


def main() -> None:
    module = AnsibleModule(
        argument_spec={
            "host": {"type": "str", "required": True},
            "port": {"type": "int", "default": 22},
            "name": {"type": "str"},
            "platform": {"type": "str", "required": True},
            "intended": {"type": "path"},
            "credential": {"type": "str", "required": True},
            "vault": {"type": "path"},
            "password": {"type": "str", "no_log": True},
            "enable_secret": {"type": "str", "no_log": True},
            "known_hosts": {"type": "path"},
            "insecure": {"type": "bool", "default": False},
            "mode": {"type": "str", "choices": ["check", "apply", "backup"], "default": "apply"},
            "confirm_timer": {"type": "int"},
            "backup_dir": {"type": "path", "required": True},
            "read_timeout": {"type": "float", "default": 30.0},
        },
        required_if=[("mode", "apply", ("intended",)), ("mode", "check", ("intended",))],
        supports_check_mode=True,
    )
    try:
        from kyodo.devices.change import ChangeOptions, DeviceTarget, apply_change
        from kyodo.devices.session import Endpoint
        from kyodo.platforms.registry import get
    except ImportError as exc:
        module.fail_json(msg=f"kyodo is not importable by this Python (use the kyodo venv's): {exc}")
        return
    p = module.params
    mode = "check" if module.check_mode and p["mode"] == "apply" else p["mode"]
    try:
        platform = get(p["platform"])
    except KeyError as exc:
        module.fail_json(msg=str(exc))
        return
    intended = Path(p["intended"]).read_text(encoding="utf-8") if p["intended"] else ""
    endpoint = Endpoint(name=p["name"] or p["host"], host=p["host"], port=p["port"],
                        known_hosts=Path(p["known_hosts"]) if p["known_hosts"] else None,
                        insecure=p["insecure"], read_timeout=p["read_timeout"])
    target = DeviceTarget(endpoint=endpoint, platform=p["platform"], credential=p["credential"])
    options = ChangeOptions(mode=mode, backup_dir=Path(p["backup_dir"]), confirm_minutes=p["confirm_timer"])
    result = apply_change(target, platform, intended, _resolver(module), options)
    out = result.to_dict()
    out.pop("failed", None)
    out["changed"] = result.changed
    if module._diff and result.commands:
        out["diff"] = {"prepared": "\n".join(result.commands) + "\n"}
    if result.failed:
        module.fail_json(msg=result.message or f"{endpoint.name}: failed at {result.stage}", **out)
    module.exit_json(**out)


if __name__ == "__main__":
    main()
