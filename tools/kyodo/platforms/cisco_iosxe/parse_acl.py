"""IOS access lists → neutral ``Acl``: named and numbered, standard and extended, object-groups.

What cannot be modelled exactly is reported in ``unparsed`` *and* approximated on the safe
side for the isolation proof (over-approximate what is permitted): a ``permit`` whose
match is narrower than the model can say (non-contiguous wildcard, ICMP type, DSCP, …)
is kept with the wider match; such a ``deny`` is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kyodo.platforms.neutral import ALL_PORTS, ANY, Acl, AclRule, PortRange, Unparsed

from .acl import PORT_NAMES, PROTOCOL_NUMBERS
from .addr import covering_prefix, is_ipv4, mask_to_len, prefix, wildcard_to_len
from .context import Ctx, is_comment
from .tree import Node

_FLAGS_EXACT = frozenset({"log", "log-input", "established"})
_TCP_FLAGS = frozenset({"ack", "fin", "psh", "rst", "syn", "urg", "match-all", "match-any"})


@dataclass(slots=True)
class _Entry:
    rule: AclRule | None
    exact: bool = True
    notes: list[str] = field(default_factory=list)


class _Tokens:
    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.pos = 0

    def peek(self) -> str | None:
        return self.words[self.pos] if self.pos < len(self.words) else None

    def take(self) -> str | None:
        w = self.peek()
        if w is not None:
            self.pos += 1
        return w


def _port(word: str | None) -> int | None:
    if word is None:
        return None
    if word.isdecimal() and int(word) <= 65535:
        return int(word)
    return PORT_NAMES.get(word)


def _address(tok: _Tokens, groups: dict[str, tuple[str, ...]], entry: _Entry) -> tuple[str, ...] | None:
    word = tok.take()
    if word is None:
        return None
    if word == "any":
        return (ANY,)
    if word == "host":
        p = prefix(tok.take() or "", 32)
        return (p,) if p else None
    if word == "object-group":
        name = tok.take()
        if name is None or name not in groups:
            return None
        return groups[name]
    wildcard = tok.take()
    if wildcard is None:
        return None
    length = wildcard_to_len(wildcard)
    if length is not None:
        p = prefix(word, length)
        return (p,) if p else None
    cover = covering_prefix(word, wildcard)
    if cover is None:
        return None
    entry.exact = False
    entry.notes.append(f"non-contiguous wildcard {word} {wildcard}")
    return (cover,)


def _ports(tok: _Tokens) -> tuple[PortRange, ...] | None:
    op = tok.peek()
    if op not in ("eq", "neq", "lt", "gt", "range"):
        return ALL_PORTS
    tok.take()
    if op == "range":
        lo, hi = _port(tok.take()), _port(tok.take())
        return (PortRange(lo, hi),) if lo is not None and hi is not None and lo <= hi else None
    first = _port(tok.take())
    if first is None:
        return None
    if op == "eq":
        values = [first]
        while (nxt := _port(tok.peek())) is not None:
            values.append(nxt)
            tok.take()
        return tuple(PortRange(v, v) for v in values)
    if op == "neq":
        return tuple(r for r in (PortRange(0, first - 1), PortRange(first + 1, 65535)) if r.lo <= r.hi)
    if op == "lt":
        return (PortRange(0, first - 1),) if first > 0 else None
    return (PortRange(first + 1, 65535),) if first < 65535 else None


def parse_extended(words: list[str], groups: dict[str, tuple[str, ...]]) -> _Entry:
    """'permit tcp host A any eq 443 established log' (no sequence number) → entry."""
    entry = _Entry(rule=None)
    tok = _Tokens(words)
    action = tok.take()
    proto_word = tok.take()
    if action not in ("permit", "deny") or proto_word is None:
        return entry
    if proto_word in ("ip", "tcp", "udp", "icmp"):
        protocol = proto_word
    elif proto_word.isdecimal() and int(proto_word) <= 255:
        protocol = "ip" if proto_word == "0" else proto_word
    elif proto_word in PROTOCOL_NUMBERS:
        protocol = PROTOCOL_NUMBERS[proto_word]
    else:
        return entry
    src = _address(tok, groups, entry)
    src_ports = _ports(tok) if protocol in ("tcp", "udp") else ALL_PORTS
    dst = _address(tok, groups, entry) if src is not None and src_ports is not None else None
    dst_ports = _ports(tok) if dst is not None and protocol in ("tcp", "udp") else ALL_PORTS
    if src is None or dst is None or src_ports is None or dst_ports is None:
        return entry
    established = log = False
    while (w := tok.take()) is not None:
        if w == "established" and protocol == "tcp":
            established = True
        elif w in ("log", "log-input"):
            log = True
            if tok.peek() is not None and tok.peek() not in _FLAGS_EXACT:
                tok.take()  # log tag
        elif w in _TCP_FLAGS and protocol == "tcp":
            entry.exact = False
            entry.notes.append(f"tcp flag {w}")
        else:
            entry.exact = False
            entry.notes.append(f"qualifier {w}")
    entry.rule = AclRule(
        action="permit" if action == "permit" else "deny",
        protocol=protocol,
        src=src,
        dst=dst,
        src_ports=src_ports,
        dst_ports=dst_ports,
        established=established,
        log=log,
    )
    return entry


def parse_standard(words: list[str]) -> _Entry:
    """'permit 10.0.0.0 0.0.0.255 log' / 'deny host A' / 'permit any' → entry (source match only)."""
    entry = _Entry(rule=None)
    tok = _Tokens(words)
    action = tok.take()
    if action not in ("permit", "deny"):
        return entry
    first = tok.peek()
    if first is None:
        return entry
    if first in ("any", "host"):
        src = _address(tok, {}, entry)
    else:
        tok.take()
        nxt = tok.peek()
        if nxt is not None and is_ipv4(nxt):
            tok.pos -= 1
            src = _address(tok, {}, entry)
        else:
            p = prefix(first, 32)
            src = (p,) if p else None
    if src is None:
        return entry
    log = False
    while (w := tok.take()) is not None:
        if w == "log":
            log = True
        else:
            entry.exact = False
            entry.notes.append(f"qualifier {w}")
    entry.rule = AclRule(action="permit" if action == "permit" else "deny", src=src, log=log)
    return entry


def _keep(entry: _Entry, line: int, text: str, rules: list[AclRule], ctx: Ctx) -> None:
    """Add the rule if it is exact, or if it is an inexact permit (over-approximated)."""
    if entry.rule is None:
        ctx.unparsed.append(Unparsed(line=line, text=text))
        return
    if not entry.exact:
        ctx.unparsed.append(Unparsed(line=line, text=text))
        if entry.rule.action == "deny":
            return
    rules.append(replace(entry.rule, line=line, text=text))


def parse_named_acl(node: Node, ctx: Ctx) -> None:
    """'ip access-list extended|standard NAME' with its entries."""
    w = node.words
    if len(w) != 4 or w[2] not in ("extended", "standard"):
        ctx.skip(node)
        return
    standard = w[2] == "standard"
    rules: list[AclRule] = []
    for child in node.children:
        cw = child.words
        if is_comment(child) or cw[0] == "remark":
            continue
        if cw[0].isdecimal():
            if len(cw) >= 2 and cw[1] == "remark":
                continue
            cw = cw[1:]
        entry = parse_standard(cw) if standard else parse_extended(cw, ctx.object_groups)
        _keep(entry, child.line, child.text, rules, ctx)
        for grandchild in child.children:
            ctx.skip(grandchild)
    ctx.acls.append(Acl(name=w[3], rules=tuple(rules), line=node.line))


def _numbered_kind(number: str) -> str | None:
    if not number.isdecimal():
        return None
    n = int(number)
    if 1 <= n <= 99 or 1300 <= n <= 1999:
        return "standard"
    if 100 <= n <= 199 or 2000 <= n <= 2699:
        return "extended"
    return None


def parse_numbered_acl(node: Node, ctx: Ctx, numbered: dict[str, list[AclRule]], first_line: dict[str, int]) -> None:
    """'access-list N permit|deny …' lines (one rule each, collected per N)."""
    w = node.words
    kind = _numbered_kind(w[1]) if len(w) >= 3 else None
    if kind is None:
        ctx.skip(node)
        return
    rules = numbered.setdefault(w[1], [])
    first_line.setdefault(w[1], node.line)
    if w[2] == "remark":
        return
    entry = parse_standard(w[2:]) if kind == "standard" else parse_extended(w[2:], ctx.object_groups)
    _keep(entry, node.line, node.text, rules, ctx)
    for child in node.children:
        ctx.skip(child)


def parse_object_group(node: Node, ctx: Ctx) -> None:
    """'object-group network NAME' → prefixes; other object-group kinds are reported."""
    w = node.words
    if len(w) != 3 or w[1] != "network":
        ctx.skip(node)
        return
    prefixes: list[str] = []
    for child in node.children:
        cw = child.words
        if is_comment(child) or cw[0] == "description":
            continue
        p: str | None = None
        if cw[0] == "host" and len(cw) == 2:
            p = prefix(cw[1], 32)
        elif len(cw) == 2 and "/" in cw[1] and cw[0] != "group-object":
            p = None
        elif len(cw) == 2 and cw[0] == "group-object" and cw[1] in ctx.object_groups:
            prefixes.extend(ctx.object_groups[cw[1]])
            continue
        elif len(cw) == 2:
            length = mask_to_len(cw[1])
            p = prefix(cw[0], length) if length is not None else None
        if p is None:
            ctx.skip(child)
        else:
            prefixes.append(p)
    ctx.object_groups[w[2]] = tuple(prefixes)
