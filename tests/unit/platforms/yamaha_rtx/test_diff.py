"""Yamaha RTX diff: the command shapes of this vendor (the behaviour both vendors share — empty self-diff,
running + commands = intended and back — is in ../test_cpe_vendor_diff.py)."""

from __future__ import annotations

from kyodo.platforms.yamaha_rtx import PLATFORM

from ..test_cpe_vendor_diff import pairs
from ..yamaha_rtx.cpe_intents import all_cpes, secret

CPES = all_cpes("yamaha_rtx")
PAIRS = pairs("yamaha_rtx")


def test_acl_change_touches_only_filters_and_bindings() -> None:
    before, after = PAIRS["acl"]
    d = PLATFORM.diff(PLATFORM.render(before, secret), PLATFORM.render(after, secret))
    scoped = [c for c in d.commands if not c.startswith("tunnel select")]
    assert all(c.startswith(("ip filter", "no ip filter", "ip tunnel secure filter")) for c in scoped), scoped


def test_removed_setting_is_negated_with_its_key_words() -> None:
    before, after = PAIRS["routes"]
    d = PLATFORM.diff(PLATFORM.render(before, secret), PLATFORM.render(after, secret))
    assert "no ip route 10.250.0.0/24" in d.commands
    assert "ip route 10.66.0.0/24 gateway 172.16.0.5" in d.commands
