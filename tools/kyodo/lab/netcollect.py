"""`kyodo lab collect`: running configs of the lab devices, over SSH, as a snapshot folder.

Per device: ``show running-config`` through netmiko ``cisco_ios`` into vtysh (user ``kylab``),
then, through the shell login (``kylabsh``, inside the router), ``nft list ruleset`` of the
router's default namespace and of every VRF namespace, and the swanctl configuration each
charon was loaded with. Written as the sectioned ``linux_frr`` artefact
(``SNAPSHOT/configs/<host>.cfg``) that the platform parser and the verifier read. Host keys
are checked against the lab's ``known_hosts``. Files are mode 0600 (they hold PSKs).
"""

from __future__ import annotations

import os
import shlex
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from kyodo.errors import KyodoError
from kyodo.lab import netdaemons as nd
from kyodo.lab.netnames import lab_dir, net_dir
from kyodo.lab.netssh import PASSWORD_REF, SHELL_USER, VTY_USER, known_hosts
from kyodo.platforms.linux_frr.sections import SectionKind, join

VTY_ERRORS = r"% (Unknown|Ambiguous|Command incomplete|Invalid)"


class CollectError(KyodoError):
    exit_code = 5


def _password(base: Path) -> str:
    from kyodo.lab.netmodel import vault_path
    from kyodo.secrets import Vault

    return str(Vault(vault_path(base))(PASSWORD_REF))


def show_running(address: str, password: str, base: Path) -> str:
    from netmiko import ConnectHandler

    conn = ConnectHandler(device_type="cisco_ios", host=address, username=VTY_USER, password=password,
                          ssh_strict=True, system_host_keys=False, alt_host_keys=True,
                          alt_key_file=str(known_hosts(base)), fast_cli=False, conn_timeout=10)
    try:
        text = conn.send_command("show running-config", read_timeout=30)
    finally:
        conn.disconnect()
    return str(text)


def shell(address: str, password: str, base: Path, command: str) -> str:
    import paramiko

    client = paramiko.SSHClient()
    client.load_host_keys(str(known_hosts(base)))
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(address, username=SHELL_USER, password=password, look_for_keys=False, allow_agent=False,
                   timeout=10)
    try:
        _, stdout, stderr = client.exec_command(command, timeout=30)
        out: str = stdout.read().decode()
        if stdout.channel.recv_exit_status() != 0:
            raise CollectError(f"{address}: '{command}' failed: {stderr.read().decode().strip()[:300]}")
        return out
    finally:
        client.close()


def collect_device(router: dict[str, Any], password: str, base: Path) -> str:
    host, addr = router["hostname"], router["ssh"]
    frr = show_running(addr, password, base)
    frr_lines = [ln for ln in frr.splitlines() if not ln.startswith("Building configuration")]
    parts: list[tuple[SectionKind, str, str]] = [("frr", "", "\n".join(frr_lines).strip("\n"))]
    parts.append(("nftables", "", shell(addr, password, base, "nft list ruleset")))
    for vrf in router["vrfs"]:
        cmd = f"ip netns exec {shlex.quote(vrf)} nft list ruleset"
        parts.append(("nftables", vrf, shell(addr, password, base, cmd)))
    for vrf in ["", *router["vrfs"]]:
        conf = nd.charon_dir(net_dir(base), host, vrf) / "swanctl.conf"
        if conf.exists():
            parts.append(("swanctl", vrf, shell(addr, password, base, f"cat {shlex.quote(str(conf))}")))
    from kyodo.lab.router_agent import empty_swanctl

    parts = [(k, v, body) for k, v, body in parts
             if k == "frr" or (body.strip() and not (k == "swanctl" and empty_swanctl(body)))]
    return join(parts)


def collect(out: Path, base: Path | None = None) -> list[Path]:
    from kyodo.lab.netlab import load_state

    base = base or lab_dir()
    state = load_state(base)
    if state is None:
        raise CollectError("the lab is not up: run 'kyodo lab up' first")
    password = _password(base)
    configs = out / "configs"
    configs.mkdir(parents=True, exist_ok=True)

    def one(router: dict[str, Any]) -> Path:
        text = collect_device(router, password, base)
        path = configs / f"{router['hostname']}.cfg"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        return path

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(one, state.routers))
