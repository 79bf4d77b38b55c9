"""Running → intended for a ``linux_frr`` device, as a sectioned list of commands.

The result uses the artefact's own markers, so whoever applies it treats each part like the
artefact itself (see ``facts.extra``):

- ``#### kyodo:section frr``: vtysh configuration commands from a tree diff of the two FRR
  configs (hier_config style: blocks by indentation; removals as ``no …`` before additions,
  a missing block added whole, an extra block removed with ``no <header>``, interfaces and
  VRFs emptied instead, as FRR refuses to delete active ones). Lines with no effect
  (``frr version``, ``!``, ``exit``…, ``netns`` inside a VRF, the default ``ip forwarding``)
  are ignored on both sides, and so is ``hostname``: FRR 8.4 prints the system (UTS)
  hostname and its ``hostname`` command does not change it, so the name is set outside FRR.
- ``#### kyodo:section nftables [vrf=X]``: when kyodo's table (``inet kyodo``) differs in
  meaning (rules compared as neutral facts, sets canonicalised), the whole intended ruleset
  of that namespace (which replaces only that table); the rollback is the running ruleset
  after ``flush ruleset`` (a listing holds every table of the namespace).
- ``#### kyodo:section swanctl [vrf=X]``: when the connections differ (peers, proposals,
  PSK digests), the whole intended ``swanctl.conf`` (``swanctl --load-all`` replaces the
  loaded set); the rollback is the running one.

Intended against itself gives no command; the rollback is the diff taken the other way.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from dataclasses import dataclass, field
from typing import Any

from kyodo.platforms.base import ConfigDiff
from kyodo.platforms.linux_frr import filters
from kyodo.platforms.linux_frr.nftconf import parse_nft
from kyodo.platforms.linux_frr.sections import Section, SectionKind, marker, split
from kyodo.platforms.linux_frr.swanconf import parse_swanctl
from kyodo.platforms.neutral import AclRule, PortRange

_IGNORED = re.compile(
    r"^(!.*|#.*|end|exit|exit-vrf|exit-address-family|frr version .*|frr defaults \S+|Building configuration\.\.\."
    r"|Current configuration:|service integrated-vtysh-config|ip forwarding|no ipv6 forwarding|netns \S+"
    r"|hostname \S+)$"
)
SINGLE_VALUED = ("hostname ", "description ", "bgp router-id ", "rd vpn export ")
EMPTY_SWANCTL = "connections {\n}\nsecrets {\n}"


@dataclass
class Node:
    text: str
    children: list[Node] = field(default_factory=list)

    def key(self) -> str:
        return self.text


def frr_tree(lines: tuple[str, ...] | list[str]) -> list[Node]:
    """Blocks by indentation; ignored lines dropped."""
    root = Node("")
    stack: list[tuple[int, Node]] = [(-1, root)]
    for raw in lines:
        text = raw.rstrip()
        s = text.strip()
        if not s or _IGNORED.match(s):
            continue
        depth = len(text) - len(text.lstrip(" "))
        while stack and depth <= stack[-1][0]:
            stack.pop()
        node = Node(s)
        stack[-1][1].children.append(node)
        stack.append((depth, node))
    return [n for n in root.children if n.text != "line vty" or n.children]


def _negate(text: str) -> str:
    if text.startswith("no "):
        return text[3:]
    setting = _setting(text)
    if setting in ("hostname ", "description "):
        return f"no {setting.strip()}"     # FRR's 'no description' takes no text
    return f"no {text}"


def _exit(header: str) -> str:
    if header.startswith("vrf "):
        return "exit-vrf"
    if header.startswith("address-family "):
        return "exit-address-family"
    return "exit"


def _emit(node: Node, depth: int) -> list[str]:
    pad = " " * depth
    out = [pad + node.text]
    for c in node.children:
        out += _emit(c, depth + 1)
    if node.children:
        out.append(pad + _exit(node.text))
    return out


def _setting(text: str) -> str | None:
    """The name of a single-valued setting (a new value replaces the old one), else None."""
    for prefix in SINGLE_VALUED:
        if text.startswith(prefix):
            return prefix
    return None


def _remove(node: Node, depth: int) -> list[str]:
    """Commands removing ``node``. Interfaces and VRFs exist in the kernel (FRR refuses to
    delete active ones): their contents are negated instead."""
    pad = " " * depth
    if not node.children and node.text.startswith(("interface ", "vrf ")):
        return []      # a bare kernel interface or netns VRF: nothing configured, nothing to remove
    if node.children and node.text.startswith(("interface ", "vrf ")):
        inner = [line for c in node.children for line in _remove(c, depth + 1)]
        return [pad + node.text, *inner, pad + _exit(node.text)]
    return [pad + _negate(node.text)]


def tree_diff(running: list[Node], intended: list[Node], depth: int = 0) -> list[str]:
    pad = " " * depth
    run = {n.key(): n for n in running}
    want = {n.key(): n for n in intended}
    replaced = {_setting(k) for k in want if k not in run} - {None}
    removals: list[str] = []
    additions: list[str] = []
    for key, node in run.items():
        if key not in want and _setting(key) not in replaced:
            removals += _remove(node, depth)
    for key, node in want.items():
        old = run.get(key)
        if old is None:
            additions += _emit(node, depth)
            continue
        inner = tree_diff(old.children, node.children, depth + 1)
        if inner:
            additions += [pad + node.text, *inner, pad + _exit(node.text)]
    return removals + additions


def _frr_lines(sections: list[Section]) -> list[str]:
    return [line for s in sections if s.kind == "frr" for line in s.lines]


# ------------------------------------------------------------------ nftables / swanctl facts
def _canon_rule(rule: AclRule) -> tuple[Any, ...]:
    def nets(values: tuple[str, ...]) -> tuple[str, ...]:
        if len(values) == 1:
            return values
        return tuple(str(n) for n in ipaddress.collapse_addresses(ipaddress.IPv4Network(v) for v in values))

    def ports(values: tuple[PortRange, ...]) -> tuple[tuple[int, int], ...]:
        merged: list[list[int]] = []
        for r in sorted(values, key=lambda r: (r.lo, r.hi)):
            if merged and r.lo <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], r.hi)
            else:
                merged.append([r.lo, r.hi])
        return tuple((a, b) for a, b in merged)

    return (rule.action, rule.protocol, nets(rule.src), nets(rule.dst), ports(rule.src_ports),
            ports(rule.dst_ports), rule.established, rule.log, rule.in_interface, rule.out_interface)


def _nft_facts(section: Section | None) -> list[Any]:
    if section is None:
        return []
    table = f"{filters.TABLE_FAMILY} {filters.TABLE_NAME} "
    acls = parse_nft(section.numbered(), section.vrf).acls
    return [(a.name, a.default, a.scope, [_canon_rule(r) for r in a.rules])
            for a in acls if a.name.split(":")[-1].startswith(table)]


def _strip(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _strip(v) for k, v in dataclasses.asdict(value).items() if k not in ("line", "text")}
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in ("line", "text")}
    if isinstance(value, list | tuple):
        return [_strip(v) for v in value]
    return value


def _swan_facts(section: Section | None) -> Any:
    if section is None:
        return None
    facts = parse_swanctl(section.numbered(), section.vrf)
    return _strip([facts.vpn_peers, facts.proposals])


def _by_vrf(sections: list[Section], kind: SectionKind) -> dict[str, Section]:
    return {s.vrf: s for s in sections if s.kind == kind}


def _replacing(body: str, preamble: str) -> str:
    """A ruleset that replaces what it describes: kyodo's own (which starts by deleting its
    table) as is, anything else (a listing) after ``flush ruleset``."""
    return body if body.startswith(preamble) else f"flush ruleset\n{body}"


def _replace(kind: SectionKind, vrf: str, old: Section | None, new: Section | None) -> tuple[list[str], list[str]]:
    """(commands, rollback) replacing one nftables/swanctl section."""
    head = marker(kind, vrf)
    table = f"{filters.TABLE_FAMILY} {filters.TABLE_NAME}"
    if kind == "nftables":
        drop = f"table {table}\ndelete table {table}"
        forward = _replacing(new.body, drop) if new is not None else drop
        back = _replacing(old.body, drop) if old is not None else drop
    else:
        forward = new.body if new is not None else EMPTY_SWANCTL
        back = old.body if old is not None else EMPTY_SWANCTL
    return [head, *forward.splitlines()], [head, *back.splitlines()]


def diff(running: str, intended: str) -> ConfigDiff:
    run, want = split(running), split(intended)
    commands: list[str] = []
    rollback: list[str] = []
    run_tree, want_tree = frr_tree(_frr_lines(run)), frr_tree(_frr_lines(want))
    forward = tree_diff(run_tree, want_tree)
    if forward:
        commands += [marker("frr"), *forward]
        rollback += [marker("frr"), *tree_diff(want_tree, run_tree)]
    for kind, facts in (("nftables", _nft_facts), ("swanctl", _swan_facts)):
        k: SectionKind = "nftables" if kind == "nftables" else "swanctl"
        old_by, new_by = _by_vrf(run, k), _by_vrf(want, k)
        for vrf in [*new_by, *(v for v in old_by if v not in new_by)]:
            old, new = old_by.get(vrf), new_by.get(vrf)
            same_text = old is not None and new is not None and old.body == new.body
            if same_text or facts(old) == facts(new):
                continue
            cmds, back = _replace(k, vrf, old, new)
            commands += cmds
            rollback += back
    return ConfigDiff(commands=tuple(commands), rollback=tuple(rollback))
