"""The twins' CLI state machine without SSH: modes, prompts, errors, save, confirmed change, faults."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kyodo.devices.twin.engine import CliSession, Faults, SessionDropped, TwinDevice

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "devices"


def _ios(**kw: object) -> tuple[TwinDevice, CliSession]:
    dev = TwinDevice("cisco_iosxe", enable_secret="en", initial_config=(FIX / "iosxe_running.cfg").read_text(),
                     **kw)  # type: ignore[arg-type]
    return dev, CliSession(dev)


def test_ios_levels_and_prompts() -> None:
    dev, cli = _ios()
    assert cli.prompt() == "dc-core1>"
    assert cli.handle("enable").endswith(dev.rules.enable_prompt)
    denied = cli.handle("wrong")
    assert denied.endswith("dc-core1>") and dev.rules.enable_denied in denied
    cli.handle("enable")
    assert cli.handle("en").endswith("dc-core1#")
    assert cli.handle("terminal length 0").endswith("dc-core1#")
    assert cli.handle("configure terminal").endswith("dc-core1(config)#")
    assert cli.handle("interface Vlan100").endswith("dc-core1(config-if)#")
    out = cli.handle("bogus words")
    assert dev.rules.invalid_error in out and "^" in out
    assert cli.handle("end").endswith("dc-core1#")


def test_ios_copy_running_asks_and_saves() -> None:
    dev, cli = _ios()
    cli.handle("enable")
    cli.handle("en")
    assert cli.handle("copy running-config startup-config").endswith("[startup-config]? ")
    cli.handle("")
    assert "saved" in dev.events


def test_ios_revert_timer_fires_unless_confirmed() -> None:
    dev, cli = _ios(minute_seconds=0.1)
    before = dev.running_config()
    cli.handle("enable")
    cli.handle("en")
    assert dev.rules.revert is not None
    assert dev.rules.revert.not_pending in cli.handle("configure confirm")
    cli.handle("configure terminal revert timer 2")
    cli.handle("interface Loopback9")
    cli.handle("end")
    assert dev.running_config() != before and dev.revert_pending
    time.sleep(0.5)
    assert dev.running_config() == before and "reverted" in dev.events


def test_yamaha_administrator_and_unsaved_exit_question() -> None:
    dev = TwinDevice("yamaha_rtx", enable_secret="adm", initial_config=(FIX / "yamaha_running.cfg").read_text())
    cli = CliSession(dev)
    assert cli.prompt() == "cpe312011> "
    assert cli.handle("administrator").endswith(dev.rules.enable_prompt)
    assert cli.handle("adm").endswith("cpe312011# ")
    assert cli.handle("tunnel select 1").endswith("cpe312011 tunnel1# ")
    assert cli.handle("tunnel select none").endswith("cpe312011# ")
    assert cli.handle("exit").endswith(dev.rules.exit_unsaved_prompt)
    assert cli.handle("N").endswith("cpe312011> ") and "saved" not in dev.events


def test_faults_reject_and_drop() -> None:
    dev, cli = _ios(faults=Faults(reject=(r"description .*",), drop_after=2))
    cli.handle("enable")
    cli.handle("en")
    cli.handle("configure terminal")
    cli.handle("interface Vlan100")
    assert dev.rules.invalid_error in cli.handle("description x")
    with pytest.raises(SessionDropped):
        cli.handle("shutdown")
    assert dev.faults.drop_sessions == 0
