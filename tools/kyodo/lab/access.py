"""How ``provision-municipality --lab`` reaches the embedded lab's devices and vSphere simulator.

Every lab router answers SSH on its own 127.0.0.x with its own host key (the lab's
``known_hosts``); the vtysh login (``kylab``) and the shell login that runs the device's
configuration agent (``kylabsh``) share the password in the lab vault. The simulator's
URL, CA and credentials come from its handle. The lab's own SoT copy and ledger are the
ones the lab was brought up from, so provisioning plans against what the lab runs.
"""

from __future__ import annotations

from pathlib import Path

from kyodo.change.access import DeviceAccess, Target, VCenter
from kyodo.devices.credentials import TrackingResolver
from kyodo.errors import KyodoError
from kyodo.lab.netnames import lab_dir
from kyodo.lab.netssh import PASSWORD_REF, SHELL_USER, VTY_USER, known_hosts
from kyodo.secrets import Vault

DEVICE_REF = "vault:lab_device"


class LabNotUp(KyodoError):
    exit_code = 2


def lab_paths(base: Path | None = None) -> tuple[Path, Path]:
    """(SoT copy, ledger) the running lab was brought up from."""
    from kyodo.lab.netlab import load_state

    state = load_state(base or lab_dir())
    if state is None:
        raise LabNotUp("the lab is not up: run 'kyodo lab up --bare' (or 'kyodo lab up') first")
    return Path(state.sot), Path(state.ledger)


def lab_device_access(inventory: Path, base: Path | None = None) -> DeviceAccess:
    from kyodo.lab import vcsim
    from kyodo.lab.netlab import load_state
    from kyodo.lab.netmodel import vault_path

    base = base or lab_dir()
    state = load_state(base)
    if state is None:
        raise LabNotUp("the lab is not up: run 'kyodo lab up --bare' (or 'kyodo lab up') first")
    kh = str(known_hosts(base))
    targets = {r["hostname"]: Target(r["ssh"], "linux_frr", DEVICE_REF, known_hosts=kh) for r in state.routers}
    vault = Vault(vault_path(base))
    # every lab router shares one login: the vtysh user and the shell user that runs the agent
    vault.put({"lab_device": vault(PASSWORD_REF), "lab_device_username": VTY_USER,
               "lab_device_shell_username": SHELL_USER})
    handle = vcsim.status(base)
    vcenter = None
    if handle is not None:   # the plays look the password up by the SoT's reference (vault:vcenter)
        vault.put({"vcenter": handle.password, "vcenter_username": handle.username})
        vcenter = VCenter(url=handle.url, host=handle.host, port=handle.port, username=handle.username,
                          password=handle.password, ca_file=handle.ca_file)
    return DeviceAccess(targets, TrackingResolver(vault), inventory=inventory, vcenter=vcenter,
                        vault_path=vault.path, lab=True)
