"""Line-tree diff for NEC IX (no hier_config driver exists for it).

The tree: top-level lines, and blocks (``interface X``, ``ikev2 default-profile`` …) whose
indented lines belong to them. Each line has a *key* naming its setting (``ip address``,
``description``, ``hostname``, ``ike policy NAME``); entering a line with the same key replaces
the setting and ``no <line>`` removes it (``no shutdown`` ↔ ``shutdown``). Lines that may repeat
(``ip route``, ``ip filter …``, proposals) are keyed by their whole text. ``ip access-list NAME``
entries are ordered: when a list changes, its running entries are removed (reverse order) and
the intended ones entered, or only the missing tail is appended when running is a prefix.
While that happens a bound list is always a prefix of the old or of the new list followed by
IX's implicit deny, so the transient fails closed (it never admits more than old or new).

Commands: top-level adds and changed lists, then each block (``interface X`` … ``exit``), then
top-level removals (reverse order); blocks intended lacks are removed with ``no interface X``
(sub-interfaces, tunnels, loopbacks) or emptied line by line (physical ports).
"""

from __future__ import annotations

import re

from kyodo.platforms.base import ConfigDiff

Block = str               # "" (top level) or the header line
Tree = dict[Block, dict[str, str]]

# (pattern, fixed key): the key is the fixed text, else the text the pattern matched
KeyRule = tuple[re.Pattern[str], str | None]
_TOP_KEYS: tuple[KeyRule, ...] = (
    (re.compile(r"^ip route .*$"), None),                       # may repeat: whole line
    (re.compile(r"^ikev2 authentication psk id \S+ \S+"), None),
    (re.compile(r"^(ike (proposal|policy)|ipsec autokey-(proposal|map)) \S+"), None),
    (re.compile(r"^(hostname|timezone)\b"), None),
)
_SUB_KEYS: tuple[KeyRule, ...] = (
    (re.compile(r"^(no )?shutdown$"), "shutdown"),
    (re.compile(r"^(no ip address$|ip address )"), "ip address"),
    (re.compile(r"^(description|encapsulation dot1q|tunnel mode|ikev2 peer|ikev2 outgoing-interface|child-pfs"
                r"|ipsec policy tunnel|ip tcp adjust-mss)\b"), None),
    (re.compile(r"^(ip filter|sa-proposal|child-proposal) .*$"), None),   # may repeat: whole line
)


def _key(line: str, table: tuple[KeyRule, ...]) -> str:
    for rx, fixed in table:
        m = rx.match(line)
        if m:
            return fixed or m.group(0).strip()
    words = line.split()
    return " ".join(words[:-1]) if len(words) > 1 else line


_BLOCKS = ("interface ", "ikev2 default-profile", "ikev2 profile ")
# top-level settings removed by their key words (never echo a key in a 'no' command)
_NEGATE_BY_KEY = re.compile(r"^(ikev2 authentication psk id |ike (proposal|policy) |ipsec autokey-(proposal|map) )")


def tree(text: str) -> tuple[Tree, dict[str, list[str]]]:
    """(blocks → key → line, access-list name → ordered entries). A top-level line is a block when
    it is ``interface …``/``ikev2 … profile`` or has indented lines below it."""
    items: list[tuple[str, list[str]]] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line or line.startswith("!"):
            if line.startswith("!") and raw[:1] not in (" ", "\t") and items:
                items.append(("", []))
            continue
        if raw[:1] in (" ", "\t") and items and items[-1][0]:
            items[-1][1].append(line)
        else:
            items.append((line, []))
    out: Tree = {"": {}}
    lists: dict[str, list[str]] = {}
    for line, body in items:
        if not line:
            continue
        words = line.split()
        if body or line.startswith(_BLOCKS):
            block = out.setdefault(line, {})
            for sub in body:
                block[_key(sub, _SUB_KEYS)] = sub
        elif words[:2] == ["ip", "access-list"] and len(words) > 3:
            lists.setdefault(words[2], []).append(line)
        else:
            out[""][_key(line, _TOP_KEYS)] = line
    return out, lists


def _negate(line: str) -> str:
    if line == "no shutdown":
        return "shutdown"
    if line == "shutdown":
        return "no shutdown"
    if line == "no ip address":
        return "no ip address"      # nothing to undo: the port had no address
    return line[3:] if line.startswith("no ") else "no " + line


def _removable(header: str) -> bool:
    name = header.split()[-1]
    return not re.match(r"^(GigaEthernet|FastEthernet)\d+(:\d+)?\.0$", name)


def _lists(have: dict[str, list[str]], want: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    adds: list[str] = []
    dels: list[str] = []
    for name, entries in want.items():
        old = have.get(name, [])
        if old == entries:
            continue
        if entries[:len(old)] == old:
            adds += entries[len(old):]
        else:
            adds += [_negate(x) for x in reversed(old)] + entries
    for name, old in have.items():
        if name not in want:
            dels += [_negate(x) for x in reversed(old)]
    return adds, dels


def commands(running: str, intended: str) -> tuple[str, ...]:
    (have, have_l), (want, want_l) = tree(running), tree(intended)
    out: list[str] = []
    h_top, w_top = have[""], want[""]
    out += [line for k, line in w_top.items() if h_top.get(k) != line]
    list_adds, list_dels = _lists(have_l, want_l)
    out += list_adds
    for block in (b for b in want if b):
        w, h = want[block], have.get(block, {})
        adds = [line for k, line in w.items() if h.get(k) != line]
        dels = [_negate(h[k]) for k in reversed(h) if k not in w]
        if adds or dels or block not in have:
            out += [block, *adds, *dels, "exit"]
    for block in have:
        if block and block not in want:
            if _removable(block):
                out.append("no " + block)
            else:
                h = have[block]
                out += [block, *(_negate(h[k]) for k in reversed(h)), "exit"]
    out += list_dels
    out += ["no " + k if _NEGATE_BY_KEY.match(k) else _negate(h_top[k]) for k in reversed(h_top) if k not in w_top]
    return tuple(out)


def diff(running: str, intended: str) -> ConfigDiff:
    return ConfigDiff(commands=commands(running, intended), rollback=commands(intended, running))
