"""The twins' config tree: mode fallback, negation, single-valued lines, vendor specifics."""

from __future__ import annotations

from pathlib import Path

import pytest

from kyodo.devices.twin.configtree import CommandInvalid, ConfigTree
from kyodo.devices.twin.rules import VENDORS, load_rules

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "devices"


def _push(vendor: str, start: str, commands: list[str]) -> ConfigTree:
    tree = ConfigTree.parse(load_rules(vendor), start)
    context = [tree.root]
    for c in commands:
        context = tree.apply(context, c)
    return tree


@pytest.mark.parametrize("vendor", VENDORS)
def test_rules_load_and_name_their_documentation(vendor: str) -> None:
    rules = load_rules(vendor)
    assert rules.vendor == vendor and rules.documentation and rules.invalid_error


@pytest.mark.parametrize("name,vendor", [("iosxe_running.cfg", "cisco_iosxe"), ("yamaha_running.cfg", "yamaha_rtx"),
                                         ("nec_running.cfg", "nec_ix")])
def test_parse_render_round_trip(name: str, vendor: str) -> None:
    rules = load_rules(vendor)
    tree = ConfigTree.parse(rules, (FIX / name).read_text())
    again = ConfigTree.parse(rules, tree.render())
    assert again.render() == tree.render()


def test_ios_global_command_leaves_the_submode() -> None:
    tree = ConfigTree(load_rules("cisco_iosxe"))
    ctx = tree.apply([tree.root], "interface Vlan100")
    ctx = tree.apply(ctx, "description a")
    ctx = tree.apply(ctx, "ip route 10.0.0.0 255.0.0.0 192.0.2.1")
    assert len(ctx) == 1
    assert tree.render().splitlines()[-1] == "ip route 10.0.0.0 255.0.0.0 192.0.2.1"


def test_single_valued_lines_replace_and_no_removes() -> None:
    start = "interface Gi1\n description old\n ip address 192.0.2.1 255.255.255.0\n"
    tree = _push("cisco_iosxe", start, ["interface Gi1", "description new", "no ip address"])
    text = tree.render()
    assert " description new" in text and "old" not in text
    assert " no ip address" in text and "192.0.2.1" not in text   # IOS shows the stored negation
    tree = _push("cisco_iosxe", text, ["interface Gi1", "ip address 192.0.2.9 255.255.255.0"])
    assert "no ip address" not in tree.render() and "192.0.2.9" in tree.render()


def test_unknown_shape_is_invalid_everywhere() -> None:
    tree = ConfigTree(load_rules("cisco_iosxe"))
    ctx = tree.apply([tree.root], "interface Gi1")
    with pytest.raises(CommandInvalid):
        tree.apply(ctx, "ip routing-magic on")


def test_ios_banner_delimiter_is_the_first_character() -> None:
    rules = load_rules("cisco_iosxe")
    tree = _push("cisco_iosxe", "", ["banner motd #hello world#"])
    assert "banner motd ^Chello world^C" in tree.render()
    # typed literally, "^C" makes "^" the delimiter: the text gains a leading "C"
    tree = _push("cisco_iosxe", "", ["banner motd ^Chello^C"])
    assert f"banner motd {rules.banner_shown_delimiter}Chello{rules.banner_shown_delimiter}" in tree.render()
    with pytest.raises(CommandInvalid):
        _push("cisco_iosxe", "", ["banner motd #unterminated"])


def test_yamaha_tunnel_context_is_sticky_and_empty_blocks_hidden() -> None:
    tree = _push("yamaha_rtx", "console prompt r1\n", [
        "tunnel select 1", "ip filter 100 pass * * * * *", "tunnel encapsulation ipsec", "ipsec tunnel 101",
        "ipsec ike version 1 2", "ip tunnel address 172.16.0.2/30", "tunnel enable 1"])
    lines = tree.render().splitlines()
    assert "ip filter 100 pass * * * * *" in lines                  # global despite the context
    assert " tunnel encapsulation ipsec" in lines and "  ipsec ike version 1 2" in lines
    tree = _push("yamaha_rtx", tree.render(), ["tunnel select 1", "tunnel disable 1", "no ip tunnel address",
                                               "no ipsec ike version 1", "no ipsec tunnel", "no tunnel encapsulation"])
    assert "tunnel select 1" not in tree.render()


def test_nec_keeps_no_shutdown_as_a_line() -> None:
    tree = _push("nec_ix", "interface GigaEthernet0.0\n  shutdown\n", ["interface GigaEthernet0.0", "no shutdown"])
    assert tree.render().splitlines()[1:2] == ["  no shutdown"]


def test_parse_refuses_lines_it_does_not_understand() -> None:
    with pytest.raises(CommandInvalid, match="not understood"):
        ConfigTree.parse(load_rules("nec_ix"), "hostname r\nfrobnicate everything\n")
