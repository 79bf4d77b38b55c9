"""Line-tree diff for Yamaha RTX (no hier_config driver exists for it).

The tree: top-level lines, and the lines under each ``tunnel select N`` / ``pp select N``
(scoped to it, until ``… select none``). Each line has a *key*, the words that name the
setting (``ip filter 1001``, ``ip lan1 address``, ``ipsec ike local address 1``): entering a
line with the same key replaces the setting, and ``no <key>`` removes it (RTX negation). So
running → intended is: every intended line whose text differs from running (filter definitions
first, then file order),
then ``no <key>`` for every running key intended lacks (in reverse order), each group inside
its ``tunnel select N`` … ``tunnel select none``. Comments (``#``) are ignored. Changed filters
are rewritten in place (RTX replaces ``ip filter N`` atomically), so for the few commands of a
change a bound list may mix old and new rules.
"""

from __future__ import annotations

import re

from kyodo.platforms.base import ConfigDiff

Context = str          # "" (top level) or "tunnel select 1" / "pp select 1"
Tree = dict[Context, dict[str, str]]

# (pattern on the words, how many words name the setting)
_KEY_WORDS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^ip filter dynamic \d+"), 4),
    (re.compile(r"^ip filter \d+ "), 3),
    (re.compile(r"^ip route "), 3),
    (re.compile(r"^ip \S+ secure filter (in|out)\b"), 5),
    (re.compile(r"^ip \S+ (address|mtu|nat descriptor)\b"), 3),
    (re.compile(r"^ipsec sa policy \d+"), 4),
    (re.compile(r"^ipsec ike pre-shared-key \S+"), 4),
    (re.compile(r"^ipsec ike keepalive use \S+"), 5),
    (re.compile(r"^ipsec tunnel "), 2),
    (re.compile(r"^tunnel (enable|disable) "), 3),
    (re.compile(r"^tunnel encapsulation "), 2),
    (re.compile(r"^(description|vlan) \S+"), 2),
    (re.compile(r"^ip \S+ tcp mss limit "), 5),
    (re.compile(r"^(console prompt|dns server) "), 2),
)


def key(line: str) -> str:
    words = line.split()
    for rx, n in _KEY_WORDS:
        if rx.match(line):
            return " ".join(words[:n])
    return " ".join(words[:-1]) if len(words) > 1 else line


def tree(text: str) -> Tree:
    out: Tree = {"": {}}
    ctx = ""
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line or line.startswith("#"):
            continue
        words = line.split()
        if len(words) == 3 and words[0] in ("tunnel", "pp") and words[1] == "select":
            ctx = "" if words[2] == "none" else line
            out.setdefault(ctx, {})
            continue
        out.setdefault(ctx, {})[key(line)] = line
    return out


def _negate(k: str) -> str:
    words = k.split()
    if words[:2] == ["tunnel", "enable"]:
        return "tunnel disable " + " ".join(words[2:])
    return "no " + k


def commands(running: str, intended: str) -> tuple[str, ...]:
    have, want = tree(running), tree(intended)
    out: list[str] = []
    for ctx in [*want, *(c for c in have if c not in want)]:
        w, h = want.get(ctx, {}), have.get(ctx, {})
        # filter definitions first, so a binding never lists a number before it means the new rule
        adds = sorted((line for k, line in w.items() if h.get(k) != line), key=lambda x: not x.startswith("ip filter "))
        dels = [_negate(k) for k in reversed(h) if k not in w]
        if not adds and not dels:
            continue
        if ctx:
            out.append(ctx)
        out += adds + dels
        if ctx:
            out.append(ctx.rsplit(" ", 1)[0] + " none")
    return tuple(out)


def diff(running: str, intended: str) -> ConfigDiff:
    return ConfigDiff(commands=commands(running, intended), rollback=commands(intended, running))
