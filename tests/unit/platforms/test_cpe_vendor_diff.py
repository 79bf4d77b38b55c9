"""Yamaha RTX and NEC IX diffs: intended → intended is empty; running + commands = intended (and
intended + rollback = running) for filter, route, tunnel and port changes, each checked with the
vendor's own independent apply-simulator and by parsing the result. Vendor-specific command
shapes are tested in each vendor's test_diff.py."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from kyodo.platforms.base import Platform
from kyodo.platforms.intent import DeviceIntent, RouteIntent
from kyodo.platforms.neutral import AclRule, PortRange
from kyodo.platforms.registry import PLATFORMS

from .nec_ix import simulator as ix_sim
from .yamaha_rtx import simulator as rtx_sim
from .yamaha_rtx.cpe_intents import all_cpes, secret, unordered

VENDORS = ("yamaha_rtx", "nec_ix")
SIMULATORS: dict[str, Any] = {"yamaha_rtx": rtx_sim, "nec_ix": ix_sim}


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


def pairs(vendor: str) -> dict[str, tuple[DeviceIntent, DeviceIntent]]:
    """(running intent, intended intent) per kind of change, for one vendor's CPEs."""
    cpes = all_cpes(vendor)
    return {
        "acl": (cpes["ipsec"], _changed_acl(cpes["ipsec"])),
        "routes": (cpes["leased_line"], _changed_routes(cpes["leased_line"])),
        "tunnel": (cpes["ipsec"], _changed_tunnel(cpes["ipsec"])),
        "port": (cpes["leased_line"], _changed_port(cpes["leased_line"])),
        "ipsec_to_leased": (cpes["ipsec"], dataclasses.replace(cpes["leased_line"], hostname="cpe-312011")),
        "flat_to_vlan": (cpes["ipsec"], cpes["ipsec_vlan"]),
    }


CASES = sorted(all_cpes("yamaha_rtx"))
CHANGES = sorted(pairs("yamaha_rtx"))


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("case", CASES)
def test_intended_against_itself_is_empty(vendor: str, case: str) -> None:
    platform: Platform = PLATFORMS[vendor]
    text = platform.render(all_cpes(vendor)[case], secret)
    d = platform.diff(text, text)
    assert d.empty and d.rollback == ()


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("case", CHANGES)
def test_running_plus_commands_is_intended(vendor: str, case: str) -> None:
    platform: Platform = PLATFORMS[vendor]
    sim = SIMULATORS[vendor]
    before, after = pairs(vendor)[case]
    running, intended = platform.render(before, secret), platform.render(after, secret)
    d = platform.diff(running, intended)
    assert d.commands
    applied = sim.apply(sim.load(running), d.commands)
    assert sim.same_tree(applied, sim.load(intended))
    assert unordered(platform.parse(sim.text(applied))) == unordered(platform.parse(intended))
    reverted = sim.apply(applied, d.rollback)
    assert sim.same_tree(reverted, sim.load(running))
    assert unordered(platform.parse(sim.text(reverted))) == unordered(platform.parse(running))


@pytest.mark.parametrize("vendor", VENDORS)
def test_commands_from_empty_build_the_whole_config(vendor: str) -> None:
    platform: Platform = PLATFORMS[vendor]
    sim = SIMULATORS[vendor]
    intended = platform.render(all_cpes(vendor)["ipsec"], secret)
    d = platform.diff("", intended)
    applied = sim.apply(sim.load(""), d.commands)
    assert unordered(platform.parse(sim.text(applied))) == unordered(platform.parse(intended))
