"""The real tools accept what linux_frr renders: ``vtysh --dryrun`` (FRR 8.4), ``nft -c`` in a
throwaway network namespace, strongSwan's charon loading the swanctl sections; and a diff
applied through vtysh to a real FRR router converges (root; skipped otherwise)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kyodo.platforms.intent import DeviceIntent
from kyodo.platforms.linux_frr import PLATFORM
from kyodo.platforms.linux_frr.sections import Section, split

from . import realtools
from .conftest import lab_secret
from .sample_intents import ALL, secret

needs_frr = pytest.mark.skipif(not realtools.have("vtysh"), reason="needs root and FRR (vtysh)")
needs_nft = pytest.mark.skipif(not realtools.have("nft", "unshare"), reason="needs root and nftables")
needs_charon = pytest.mark.skipif(not realtools.have("swanctl", str(realtools.CHARON)),
                                  reason="needs root, strongswan-charon and strongswan-swanctl")


def _artefacts(intents: dict[str, DeviceIntent]) -> Iterator[tuple[str, Section]]:
    for role, build in ALL.items():
        for s in split(PLATFORM.render(build(), secret)):
            yield role, s
    for host, intent in intents.items():
        for s in split(PLATFORM.render(intent, lab_secret)):
            yield host, s


def _check(kind: str, cmd: list[str], intents: dict[str, DeviceIntent]) -> None:
    checked = 0
    for host, s in _artefacts(intents):
        if s.kind != kind:
            continue
        with tempfile.NamedTemporaryFile("w", suffix=f".{kind}") as f:
            f.write(s.body + "\n")
            f.flush()
            r = realtools.run([*cmd, f.name])
        assert r.returncode == 0, f"{host} {kind} vrf={s.vrf}: {r.stdout}{r.stderr}"
        checked += 1
    assert checked >= 4


@needs_frr
def test_vtysh_dryrun_accepts_frr_sections(intents: dict[str, DeviceIntent]) -> None:
    _check("frr", ["vtysh", "--dryrun", "-f"], intents)


@needs_frr
def test_vtysh_dryrun_can_fail() -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".conf") as f:
        f.write("interface s100 vrf M1\n ip adress 10.0.0.1/24\nexit\n")
        f.flush()
        assert realtools.run(["vtysh", "--dryrun", "-f", f.name]).returncode != 0


@needs_nft
def test_nft_check_accepts_nftables_sections(intents: dict[str, DeviceIntent]) -> None:
    _check("nftables", ["unshare", "-n", "nft", "-c", "-f"], intents)


@needs_charon
def test_charon_loads_swanctl_sections() -> None:
    for role in ("dc_core", "cpe_ipsec"):
        (section,) = [s for s in split(PLATFORM.render(ALL[role](), secret)) if s.kind == "swanctl"]
        r = realtools.swanctl_load(section.body + "\n")
        assert r.returncode == 0, r.stdout + r.stderr
        assert "loaded connection 'M312011'" in r.stdout
        assert "10.128.0.0/24" in r.stdout   # the traffic selectors charon understood


@pytest.mark.lab
@needs_frr
def test_diff_applied_through_vtysh_converges() -> None:
    text = PLATFORM.render(ALL["dc_core"](), secret)
    frr = next(s.body for s in split(text) if s.kind == "frr")
    ports = [(line.split()[1], line.split()[3] if len(line.split()) == 4 else "")
             for line in frr.splitlines() if line.startswith("interface ")]
    router = realtools.FrrRouter(["M312011", "M312029", "LGWAN"], [*ports, ("eth9", "")])
    try:
        assert router.load(frr + "\n").returncode == 0
        running = router.running()
        assert PLATFORM.diff(running, frr).commands == ()
        inet0 = "interface inet0\n description internet edge segment\n ip address 192.0.2.1/24\nexit\n"
        intended = (frr.replace("description 312011 server segment VLAN 100", "description renamed")
                    .replace(" ip route 10.250.0.0/24 10.64.1.130 h312029\n", "")
                    .replace(inet0, "")
                    .replace("interface wan0\n", "interface eth9\n ip address 10.9.9.1/24\nexit\n!\ninterface wan0\n"))
        d = PLATFORM.diff(running, intended)
        assert router.configure(list(d.commands[1:])).returncode == 0
        assert PLATFORM.diff(router.running(), intended).commands == ()
        assert router.configure(list(d.rollback[1:])).returncode == 0
        assert PLATFORM.diff(router.running(), running).commands == ()
    finally:
        router.close()
    assert not Path(router.dir).exists()
