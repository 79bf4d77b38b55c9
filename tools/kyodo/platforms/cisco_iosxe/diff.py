"""Running → intended remediation and its rollback, computed by hier_config (Cisco IOS driver).

Scope: kyodo renders only the objects it owns, so the running config is first cut down to
the top-level sections kyodo manages (``MANAGED``); everything else on the device (``aaa``,
``line vty``, ``ntp``, ``snmp-server`` …) is never negated. Inside the managed sections
two things are protected: physical interfaces absent from the intent (IOS cannot delete
them) and the ``Mgmt-intf`` VRF of the management port.

Ordering (added to hier_config's IOS rules, lower weight first): VRFs, ACLs and crypto are
created before the interfaces that use them and removed after them; IPsec profiles go
before the IKEv2 profiles and keyrings they reference, and are removed in reverse.
"""

from __future__ import annotations

import re

from hier_config import HConfig, MatchRule, WorkflowRemediation, get_hconfig
from hier_config.models import IdempotentCommandsRule, NegationSubRule, OrderingRule
from hier_config.platforms.cisco_ios.driver import HConfigDriverCiscoIOS
from hier_config.platforms.driver_base import HConfigDriverRules

from kyodo.platforms.base import ConfigDiff

from .acl import canonical_ace
from .vlans import parse_vlan_list, vlan_ranges

MANAGED = (
    "hostname ",
    "vrf definition ",
    "ip vrf ",
    "crypto ikev2 ",
    "crypto ipsec ",
    "vlan ",
    "interface ",
    "router bgp ",
    "ip route ",
    "ip access-list ",
    "banner motd ",
)
PROTECTED = ("vrf definition Mgmt-intf",)
# logical interfaces kyodo may create and delete; any other interface is physical
_LOGICAL = re.compile(r"^interface (Tunnel|Vlan|Loopback|Port-channel)\d+$|^interface \S+\.\d+$")

_ORDER = (
    # (startswith, weight); hier_config sorts siblings by weight, unlisted lines weigh 0
    # (interfaces and everything else). Creation: what interfaces use comes first.
    ("vrf definition", -300),
    ("ip access-list", -250),
    ("crypto ikev2 proposal", -200),
    ("crypto ikev2 policy", -190),
    ("crypto ikev2 keyring", -180),
    ("crypto ikev2 profile", -170),
    ("crypto ipsec transform-set", -160),
    ("crypto ipsec profile", -150),
    ("vlan", -100),
    ("router bgp", 100),
    ("ip route", 110),
    # removal: users first, then what they used
    ("no ip route", -500),
    ("no interface", -450),
    ("no crypto ipsec profile", 600),
    ("no crypto ipsec transform-set", 610),
    ("no crypto ikev2 profile", 620),
    ("no crypto ikev2 keyring", 630),
    ("no crypto ikev2 policy", 640),
    ("no crypto ikev2 proposal", 650),
    ("no ip access-list", 800),
    ("no vlan", 810),
    ("no vrf definition", 900),
)


class KyodoIosXeDriver(HConfigDriverCiscoIOS):
    """hier_config's IOS driver plus kyodo's dependency ordering."""

    @staticmethod
    def _instantiate_rules() -> HConfigDriverRules:
        rules = HConfigDriverCiscoIOS._instantiate_rules()
        rules.ordering.extend(
            OrderingRule(match_rules=(MatchRule(startswith=prefix),), weight=weight) for prefix, weight in _ORDER
        )
        # inside an interface, the VRF first: it wipes the addresses that follow it
        rules.ordering.extend(
            OrderingRule(match_rules=(MatchRule(startswith="interface "), MatchRule(startswith=p)), weight=-50)
            for p in _VRF_LINES
        )
        rules.negation_sub.extend(
            (
                # IOS removes a transform-set by name, an ACL entry by its sequence number
                NegationSubRule(
                    match_rules=(MatchRule(startswith="crypto ipsec transform-set "),),
                    search=r"^no (crypto ipsec transform-set \S+) .*$",
                    replace=r"no \1",
                ),
                NegationSubRule(
                    match_rules=(MatchRule(startswith="ip access-list "), MatchRule(re_search=r"^\d+ ")),
                    search=r"^no (\d+) .*$",
                    replace=r"no \1",
                ),
            )
        )
        # one trunk list replaces the previous one: never negate it piecewise
        rules.idempotent_commands.append(
            IdempotentCommandsRule(match_rules=(MatchRule(startswith="interface "), MatchRule(startswith=_TRUNK)))
        )
        rules.idempotent_commands.extend(
            IdempotentCommandsRule(match_rules=(MatchRule(startswith="interface "), MatchRule(startswith=p)))
            for p in ("vrf forwarding ", "ip vrf forwarding ")
        )
        rules.post_load_callbacks.extend((_merge_trunk_lists, _numeric_aces, _drop_no_shutdown))
        return rules


_TRUNK = "switchport trunk allowed vlan "
_VRF_LINES = ("vrf forwarding ", "no vrf forwarding ", "ip vrf forwarding ", "no ip vrf forwarding ")


def _merge_trunk_lists(config: HConfig) -> None:
    """IOS wraps long lists ('… vlan 1-99' + '… vlan add 200'): merge them into one canonical line."""
    for iface in config.get_children(startswith="interface "):
        lines = [c for c in iface.children if c.text.startswith(_TRUNK)]
        vlans = _trunk_vlans([c.text[len(_TRUNK) :].split() for c in lines])
        if not lines or vlans is None:
            continue  # 'remove', 'except', 'all' … stay as the device prints them
        for child in lines:
            child.delete()
        iface.add_child(f"{_TRUNK}{vlan_ranges(vlans)}")


def _drop_no_shutdown(config: HConfig) -> None:
    """'show running-config' never prints 'no shutdown' (it is the default): compare without it."""
    for iface in config.get_children(startswith="interface "):
        for child in tuple(iface.children):
            if child.text == "no shutdown":
                child.delete()


def _numeric_aces(config: HConfig) -> None:
    """Compare ACEs in numeric form: IOS prints 'esp', 'isakmp', 'www' for 50, 500, 80."""
    for acl in config.get_children(startswith="ip access-list extended "):
        for entry in tuple(acl.children):
            text = canonical_ace(entry.text)
            if text != entry.text:
                entry.text = text


def _trunk_vlans(lists: list[list[str]]) -> list[int] | None:
    vlans: list[int] = []
    for n, args in enumerate(lists):
        plain = len(args) == 1 and n == 0
        added = len(args) == 2 and args[0] == "add"
        parsed = parse_vlan_list(args[-1]) if plain or added else None
        if parsed is None:
            return None
        vlans.extend(parsed)
    return vlans


def _scoped(config: HConfig, intended: HConfig) -> HConfig:
    """Drop the sections of a running config that kyodo does not manage."""
    wanted = {c.text for c in intended.children}
    for child in tuple(config.children):
        text = child.text
        managed = text.startswith(MANAGED) and not text.startswith(PROTECTED)
        physical = text.startswith("interface ") and not _LOGICAL.match(text)
        if not managed or (physical and text not in wanted):
            child.delete()
    return config


def _lines(config: HConfig) -> tuple[str, ...]:
    return tuple(line for line in config.dump_simple(sectional_exiting=True) if line.strip())


def _interface_fixups(delta: HConfig, source: HConfig, target: HConfig) -> HConfig:
    """What hier_config cannot know about IOS interfaces, applied to a delta (source → target):
    an interface the delta creates is enabled explicitly (unless the target shuts it down), and
    a VRF change, which wipes the interface's addresses, is followed by the target's addresses."""
    for iface in delta.get_children(startswith="interface "):
        wanted = target.get_child(equals=iface.text)
        if wanted is None:
            continue
        created = source.get_child(equals=iface.text) is None
        if created and wanted.get_child(equals="shutdown") is None:
            iface.add_child("no shutdown", return_if_present=True)
        if any(c.text.startswith(_VRF_LINES) for c in iface.children):
            for child in wanted.get_children(startswith="ip address "):
                iface.add_child(child.text, return_if_present=True)
    return delta.set_order_weight()


def diff(running: str, intended: str) -> ConfigDiff:
    driver = KyodoIosXeDriver()
    target = get_hconfig(driver, intended)
    current = _scoped(get_hconfig(driver, running), target)
    flow = WorkflowRemediation(current, target)
    return ConfigDiff(
        commands=_lines(_interface_fixups(flow.remediation_config, current, target)),
        rollback=_lines(_interface_fixups(flow.rollback_config, target, current)),
    )
