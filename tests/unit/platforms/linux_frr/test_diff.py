"""diff(running, intended): vtysh commands for FRR (tree diff), whole replacements for
nftables/swanctl; running + commands = intended and intended + rollback = running
(hier_config's circular test, on a small tree model of FRR's config)."""

from __future__ import annotations

from kyodo.platforms.linux_frr import PLATFORM
from kyodo.platforms.linux_frr.diff import SINGLE_VALUED, Node, frr_tree
from kyodo.platforms.linux_frr.sections import marker, split

from .conftest import FIXTURES
from .sample_intents import ALL, secret

GOLDEN = (FIXTURES / "golden" / "dc_core.cfg").read_text()
REAL = FIXTURES / "real"
EXITS = ("exit", "exit-vrf", "exit-address-family")


def _frr(text: str) -> str:
    return next(s.body for s in split(text) if s.kind == "frr")


def _apply(tree: list[Node], commands: list[str]) -> list[Node]:
    """Apply vtysh commands (as diff prints them) to a config tree."""
    stack: list[list[Node]] = [tree]
    last: Node | None = None
    depth_of = [0]
    for raw in commands:
        depth = len(raw) - len(raw.lstrip(" "))
        text = raw.strip()
        while depth < depth_of[-1]:
            stack.pop()
            depth_of.pop()
        if depth > depth_of[-1] and last is not None:
            stack.append(last.children)
            depth_of.append(depth)
        level = stack[-1]
        if text in EXITS:
            continue
        if text.startswith("no "):
            gone = text[3:]
            level[:] = [n for n in level if n.text != gone and not (
                any(gone + " " == p for p in SINGLE_VALUED) and n.text.startswith(gone + " "))]
            last = None
            continue
        setting = next((p for p in SINGLE_VALUED if text.startswith(p)), None)
        if setting:
            level[:] = [n for n in level if not n.text.startswith(setting)]
        last = next((n for n in level if n.text == text), None)
        if last is None:
            last = Node(text)
            level.append(last)
    return tree


def _shape(nodes: list[Node]) -> list[object]:
    """Order-free, ignoring emptied interface/vrf blocks (FRR prints no empty interface)."""
    out = []
    for n in nodes:
        inner = _shape(n.children)
        if not inner and n.text.startswith(("interface ", "vrf ")):
            continue
        out.append((n.text, inner))
    return sorted(out, key=repr)


def _edited(text: str) -> str:
    return (text.replace(" ip route 10.250.0.0/24 10.64.1.130 h312029\n", "")
            .replace("description 312011 server segment VLAN 100", "description server 100 renamed")
            .replace(" ip route 10.255.0.0/24 10.64.0.130 h312011\n",
                     " ip route 10.255.0.0/24 10.64.0.130 h312011\n ip route 10.77.0.0/16 10.64.0.130\n")
            .replace("interface inet0\n description internet edge segment\n ip address 192.0.2.1/24\nexit\n!\n", "")
            .replace("  redistribute static\n", "", 1)
            .replace("interface wan0\n", "interface eth9\n ip address 10.9.9.1/24\nexit\n!\ninterface wan0\n"))


def test_nothing_to_do() -> None:
    for build in ALL.values():
        text = PLATFORM.render(build(), secret)
        assert PLATFORM.diff(text, text).commands == ()
    # the config FRR printed after loading the golden's FRR section: equal in meaning
    running = (REAL / "frr_running_dc_core.txt").read_text()
    assert PLATFORM.diff(running, _frr(GOLDEN)).commands == ()


def test_frr_commands_and_rollback_are_circular() -> None:
    running = (REAL / "frr_running_dc_core.txt").read_text()
    intended = _edited(_frr(GOLDEN))
    d = PLATFORM.diff(running, intended)
    assert d.commands[0] == marker("frr")
    cmds = list(d.commands[1:])
    at = cmds.index("interface s100 vrf M312011")
    # a new description replaces the old one: no 'no description' first
    assert cmds[at:at + 3] == ["interface s100 vrf M312011", " description server 100 renamed", "exit"]
    assert " no ip route 10.250.0.0/24 10.64.1.130 h312029" in cmds
    assert "no interface inet0" not in cmds and " no ip address 192.0.2.1/24" in cmds
    assert "  no redistribute static" in cmds
    assert not any(c.startswith(("hostname", "no hostname")) for c in cmds)
    after = _apply(frr_tree(running.splitlines()), cmds)
    assert _shape(after) == _shape(frr_tree(intended.splitlines()))
    back = _apply(after, list(d.rollback[1:]))
    assert _shape(back) == _shape(frr_tree(running.splitlines()))


def test_nftables_replaced_only_when_meaning_differs() -> None:
    collected = (REAL / "nft_list_ruleset_dc_M312029.txt").read_text()
    section = next(s for s in split(GOLDEN) if s.kind == "nftables" and s.vrf == "M312029")
    intended = marker("nftables", "M312029") + "\n" + section.body + "\n"
    running = marker("nftables", "M312029") + "\n" + collected
    assert PLATFORM.diff(running, intended).commands == ()
    changed = intended.replace('iifname "d103" accept\n', "")
    d = PLATFORM.diff(running, changed)
    assert d.commands[0] == marker("nftables", "M312029")
    assert "\n".join(d.commands[1:]) == changed.split("\n", 1)[1].rstrip("\n")
    assert d.rollback[0] == marker("nftables", "M312029") and d.rollback[1] == "flush ruleset"
    assert PLATFORM.diff(changed, running).commands[1:] == d.rollback[1:]


def test_swanctl_replaced_when_key_or_selectors_change() -> None:
    intent = ALL["cpe_ipsec"]()
    text = PLATFORM.render(intent, secret)
    rekeyed = PLATFORM.render(intent, lambda ref: "another key")
    d = PLATFORM.diff(text, rekeyed)
    assert d.commands[0] == marker("swanctl") and "connections {" in d.commands
    assert [c for c in d.commands if c.startswith("#### ")] == [marker("swanctl")]
    narrowed = text.replace("remote_ts = 10.64.0.0/26, 10.64.0.64/26,", "remote_ts = 10.64.0.0/26,")
    assert PLATFORM.diff(text, narrowed).commands[0] == marker("swanctl")
    # whitespace and comments alone change nothing
    assert PLATFORM.diff(text, text.replace("\t\t\tid = ", "\t\t\t# note\n\t\t\tid = ")).commands == ()


def test_new_namespace_section_and_removed_one() -> None:
    full = PLATFORM.render(ALL["dc_core"](), secret)
    without_lgwan = "".join(
        f"{marker(s.kind, s.vrf)}\n{s.body}\n" for s in split(full) if not (s.kind == "nftables" and s.vrf == "LGWAN"))
    d = PLATFORM.diff(without_lgwan, full)
    assert d.commands[0] == marker("nftables", "LGWAN")
    assert d.rollback[1:] == ("table inet kyodo", "delete table inet kyodo")
