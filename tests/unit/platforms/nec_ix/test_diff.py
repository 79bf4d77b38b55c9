"""NEC IX diff: the command shapes of this vendor (the behaviour both vendors share — empty self-diff,
running + commands = intended and back — is in ../test_cpe_vendor_diff.py)."""

from __future__ import annotations

import dataclasses

from kyodo.platforms.nec_ix import PLATFORM
from kyodo.platforms.neutral import AclRule

from ..test_cpe_vendor_diff import pairs
from ..yamaha_rtx.cpe_intents import all_cpes, secret

CPES = all_cpes("nec_ix")
PAIRS = pairs("nec_ix")


def test_acl_change_touches_only_that_list() -> None:
    before, after = PAIRS["acl"]
    d = PLATFORM.diff(PLATFORM.render(before, secret), PLATFORM.render(after, secret))
    ours = ("ip access-list LINK-IN ", "no ip access-list LINK-IN ")
    assert d.commands and all(c.startswith(ours) for c in d.commands)


def test_appended_entries_do_not_rewrite_the_list() -> None:
    before = CPES["leased_line"]
    extra = AclRule(action="permit", protocol="icmp", src=("10.250.0.0/24",), dst=("10.128.2.0/24",))
    acls = tuple(dataclasses.replace(a, rules=(*a.rules, extra)) if a.name == "LINK-IN" else a for a in before.acls)
    d = PLATFORM.diff(PLATFORM.render(before, secret), PLATFORM.render(dataclasses.replace(before, acls=acls), secret))
    assert d.commands == ("ip access-list LINK-IN permit icmp src 10.250.0.0/24 dest 10.128.2.0/24",)


def test_removed_setting_is_negated() -> None:
    before, after = PAIRS["routes"]
    d = PLATFORM.diff(PLATFORM.render(before, secret), PLATFORM.render(after, secret))
    assert "no ip route 10.250.0.0/24 172.16.0.5" in d.commands
    assert "ip route 10.66.0.0/24 172.16.0.5" in d.commands
