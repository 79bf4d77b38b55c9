"""NEC IX diff: intended → intended is empty; running + commands = intended (and intended +
rollback = running) for filter, route, tunnel and port changes, checked with an independent
apply-simulator and by parsing the result."""

from __future__ import annotations

import dataclasses

import pytest

from kyodo.platforms.intent import DeviceIntent, RouteIntent
from kyodo.platforms.nec_ix import PLATFORM
from kyodo.platforms.neutral import AclRule, PortRange

from ..yamaha_rtx.cpe_intents import all_cpes, secret, unordered
from . import simulator as sim

CPES = all_cpes("nec_ix")


def _changed_acl(intent: DeviceIntent) -> DeviceIntent:
    acls = []
    for a in intent.acls:
        if a.name == "LINK-IN":
            new = AclRule(action="permit", protocol="tcp", src=("10.64.0.40/32",), dst=("10.128.0.0/24",),
                          dst_ports=(PortRange(8443, 8443),))
            rules = (new, *a.rules[:1], *a.rules[2:])      # insert first, drop the second rule
            a = dataclasses.replace(a, rules=rules)
        acls.append(a)
    return dataclasses.replace(intent, acls=tuple(acls))


def _changed_routes(intent: DeviceIntent) -> DeviceIntent:
    via = intent.routes[-1].via
    hop = intent.routes[-1].next_hop
    routes = (*intent.routes[:-2], RouteIntent(vrf="", prefix="10.66.0.0/24", next_hop=hop, via=via))
    return dataclasses.replace(intent, routes=routes)


def _changed_tunnel(intent: DeviceIntent) -> DeviceIntent:
    vpn = dataclasses.replace(intent.vpns[0], remote_wan="203.0.113.2", psk_ref="vault:psk_rotated")
    ports = tuple(dataclasses.replace(p, address="172.16.0.6/30") if p.kind == "ipsec" else p for p in intent.ports)
    return dataclasses.replace(intent, vpns=(vpn,), ports=ports)


def _changed_port(intent: DeviceIntent) -> DeviceIntent:
    ports = tuple(dataclasses.replace(p, description="renamed office LAN", acl_in=None)
                  if p.kind == "office_printers" else p for p in intent.ports)
    return dataclasses.replace(intent, ports=ports)


PAIRS = {
    "acl": (CPES["ipsec"], _changed_acl(CPES["ipsec"])),
    "routes": (CPES["leased_line"], _changed_routes(CPES["leased_line"])),
    "tunnel": (CPES["ipsec"], _changed_tunnel(CPES["ipsec"])),
    "port": (CPES["leased_line"], _changed_port(CPES["leased_line"])),
    "ipsec_to_leased": (CPES["ipsec"], dataclasses.replace(CPES["leased_line"], hostname="cpe-312011")),
    "flat_to_vlan": (CPES["ipsec"], CPES["ipsec_vlan"]),
}


@pytest.mark.parametrize("case", sorted(CPES))
def test_intended_against_itself_is_empty(case: str) -> None:
    text = PLATFORM.render(CPES[case], secret)
    d = PLATFORM.diff(text, text)
    assert d.empty and d.rollback == ()


@pytest.mark.parametrize("case", sorted(PAIRS))
def test_running_plus_commands_is_intended(case: str) -> None:
    before, after = PAIRS[case]
    running, intended = PLATFORM.render(before, secret), PLATFORM.render(after, secret)
    d = PLATFORM.diff(running, intended)
    assert d.commands
    applied = sim.apply(sim.load(running), d.commands)
    assert sim.same_tree(applied, sim.load(intended))
    assert unordered(PLATFORM.parse(sim.text(applied))) == unordered(PLATFORM.parse(intended))
    reverted = sim.apply(applied, d.rollback)
    assert sim.same_tree(reverted, sim.load(running))
    assert unordered(PLATFORM.parse(sim.text(reverted))) == unordered(PLATFORM.parse(running))


def test_commands_from_empty_build_the_whole_config() -> None:
    intended = PLATFORM.render(CPES["ipsec"], secret)
    d = PLATFORM.diff("", intended)
    applied = sim.apply(sim.load(""), d.commands)
    assert unordered(PLATFORM.parse(sim.text(applied))) == unordered(PLATFORM.parse(intended))


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
