"""Driver facts, registration and ``detect``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kyodo.platforms.base import DriverFacts, Platform
from kyodo.platforms.cisco_iosxe import PLATFORM
from kyodo.platforms.registry import PLATFORMS, detect

from .sample_intents import ALL, secret

FIXTURES = Path(__file__).resolve().parents[4] / "tests" / "fixtures"
OTHER_VENDORS = sorted(
    p
    for d in ("linux_frr", "yamaha_rtx", "nec_ix")
    for p in (FIXTURES / d).rglob("*")
    if p.is_file() and p.suffix in (".cfg", ".txt", ".conf")
)


def test_facts() -> None:
    facts = PLATFORM.facts
    assert isinstance(facts, DriverFacts)
    assert facts.netmiko_device_type == "cisco_xe"
    assert facts.save_command == "copy running-config startup-config"
    assert facts.extra["save_alternative"] == "write memory"
    assert [a.format(minutes=5) for a in facts.confirm_arm] == ["configure terminal revert timer 5"]
    assert facts.confirm_commit == ("configure confirm",)
    assert facts.rollback == ("configure replace flash:kyodo-backup.cfg force",)
    for message in (
        "% Invalid input detected at '^' marker.",
        "% Incomplete command.",
        '% Ambiguous command:  "sh"',
        "% Unknown command or computer name",
    ):
        assert any(re.search(p, message) for p in facts.error_patterns), message
    assert not any(re.search(p, "dc-core1(config)#") for p in facts.error_patterns)
    for prompt in ("dc-core1#", "dc-core1(config)#", "dc-core1(config-if)#", "cpe-312011>"):
        assert re.search(facts.prompt_pattern, prompt), prompt


def test_registered_and_shaped() -> None:
    platform: Platform = PLATFORMS["cisco_iosxe"]
    assert platform is PLATFORM and platform.name == "cisco_iosxe"


@pytest.mark.parametrize("role", sorted(ALL))
def test_detects_own_render(role: str) -> None:
    text = PLATFORM.render(ALL[role](), secret)
    assert PLATFORM.detect(text)
    assert detect(text) == "cisco_iosxe"


@pytest.mark.parametrize("path", OTHER_VENDORS, ids=lambda p: p.name)
def test_does_not_claim_other_vendors(path: Path) -> None:
    assert not PLATFORM.detect(path.read_text(encoding="utf-8", errors="replace"))
