"""Parse an nftables ruleset (as rendered, or as ``nft list ruleset`` prints it, with
counters and ``# handle`` comments) of one namespace into neutral ACLs.

Each base chain ``type filter hook input|forward`` of an ``inet`` or ``ip`` table becomes an
``Acl`` (scope ``input``/``forward``, ``default`` = the chain policy, ``vrf`` = the section's
namespace) named ``[<vrf>:]<family> <table> <chain>``; several base chains on one hook all
apply to a packet, as in the kernel. Rules ``nftrule.parse_rule`` cannot express, and every
other chain (NAT, output, regular chains reached by jumps), set, map or table, are reported
as unparsed. ``table X Y``/``delete table X Y``/``flush ruleset`` statements have no fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kyodo.platforms.linux_frr.filters import acl_name
from kyodo.platforms.linux_frr.nftrule import parse_rule, strip_comment
from kyodo.platforms.neutral import Acl, AclRule, Action, Unparsed

_TABLE_OPEN = re.compile(r"^table\s+(\w+)\s+([\w.-]+)\s*\{$")
_CHAIN_OPEN = re.compile(r"^chain\s+([\w.-]+)\s*\{$")
_HEADER = re.compile(
    r"^type\s+(\w+)\s+hook\s+(\w+)(?:\s+device\s+\S+)?\s+priority\s+([^;]+);(?:\s*policy\s+(accept|drop);)?$"
)
_POLICY = re.compile(r"^policy\s+(accept|drop);?$")
_SILENT = re.compile(r"^(flush ruleset|(?:table|delete table|flush table)\s+\w+\s+[\w.-]+)\s*;?$")
FILTER_FAMILIES = ("inet", "ip")


@dataclass
class _Chain:
    name: str
    line: int
    raw: str
    lines: list[tuple[int, str]] = field(default_factory=list)
    heads: list[tuple[int, str]] = field(default_factory=list)
    kind: str | None = None
    hook: str | None = None
    policy: Action = "permit"


@dataclass
class NftFacts:
    acls: list[Acl] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)


def parse_nft(numbered: list[tuple[int, str]], vrf: str) -> NftFacts:
    out = NftFacts()
    table: tuple[str, str] | None = None
    chain: _Chain | None = None
    other_depth = 0            # inside a set/map/... block: lines are unparsed
    for number, raw in numbered:
        s = strip_comment(raw).strip()
        if not s:
            continue
        if other_depth:
            out.unparsed.append(Unparsed(number, raw))
            other_depth += s.count("{") - s.count("}")
            continue
        if table is None:
            m = _TABLE_OPEN.match(s)
            if m:
                table = (m.group(1), m.group(2))
            elif not _SILENT.match(s):
                out.unparsed.append(Unparsed(number, raw))
            continue
        if chain is None:
            m = _CHAIN_OPEN.match(s)
            if s == "}":
                table = None
            elif m:
                chain = _Chain(name=m.group(1), line=number, raw=raw)
            else:
                out.unparsed.append(Unparsed(number, raw))
                other_depth = max(0, s.count("{") - s.count("}"))
            continue
        if s == "}":
            _close(out, table, chain, vrf)
            chain = None
            continue
        header = _HEADER.match(s)
        policy = _POLICY.match(s)
        if header and chain.kind is None:
            chain.kind, chain.hook = header.group(1), header.group(2)
            chain.heads.append((number, raw))
            chain.policy = "deny" if header.group(4) == "drop" else "permit"
        elif policy and chain.kind is not None:
            chain.policy = "deny" if policy.group(1) == "drop" else "permit"
            chain.heads.append((number, raw))
        else:
            chain.lines.append((number, raw))
    return out


def _close(out: NftFacts, table: tuple[str, str], chain: _Chain, vrf: str) -> None:
    family, name = table
    if chain.kind != "filter" or chain.hook not in ("input", "forward") or family not in FILTER_FAMILIES:
        out.unparsed.append(Unparsed(chain.line, chain.raw))
        out.unparsed.extend(Unparsed(n, t) for n, t in (*chain.heads, *chain.lines))
        return
    rules: list[AclRule] = []
    for n, t in chain.lines:
        rule = parse_rule(t, number=n)
        if rule is None:
            out.unparsed.append(Unparsed(n, t))
        else:
            rules.append(rule)
    out.acls.append(Acl(name=acl_name(vrf, chain.name, family, name), rules=tuple(rules), default=chain.policy,
                        scope="input" if chain.hook == "input" else "forward", vrf=vrf, line=chain.line))
