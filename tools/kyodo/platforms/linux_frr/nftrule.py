"""One nftables rule ⇄ one neutral ``AclRule`` (the cisco.ios rm_templates idea: the printer
and the reader of a line kind side by side).

Printed form, in this order (each part only when constrained)::

    iifname "s100" oifname "h312011" ct state established,related ip saddr 10.64.0.0/26
    ip daddr { 10.255.0.10, 10.255.0.11 } tcp sport 1024-65535 tcp dport { 53, 443 }
    meta l4proto icmp log prefix "..." accept|reject with icmpx admin-prohibited

The reader also takes what ``nft list ruleset`` prints: ``counter packets N bytes M``,
``# handle N``, ``ip protocol X``, ``meta l4proto esp``, merged sets and address ranges
(``10.0.0.1-10.0.0.9``), ``drop``/``reject``, ``comment "…"``. A rule it cannot express
exactly (jumps, NAT, negations, ``ct state new``, icmp types, marks…) is not returned:
``parse_rule`` gives ``None`` and the caller reports the line as unparsed.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

from kyodo.platforms.linux_frr import names
from kyodo.platforms.neutral import ALL_PORTS, ANY, AclRule, PortRange

DENY_VERDICT = "reject with icmpx admin-prohibited"
PROTO_NAMES = {"1": "icmp", "6": "tcp", "17": "udp", "47": "gre", "50": "esp", "51": "ah", "89": "ospf",
               "112": "vrrp", "132": "sctp"}
PROTO_NUMBERS = {v: k for k, v in PROTO_NAMES.items()}
_TOKEN_RE = re.compile(r'"[^"]*"|\{[^}]*\}|\S+')


# --------------------------------------------------------------------------- printing
def format_rule(rule: AclRule, log_prefix: str) -> str:
    parts: list[str] = []
    if rule.in_interface:
        parts.append(f'iifname "{names.ifname(rule.in_interface)}"')
    if rule.out_interface:
        parts.append(f'oifname "{names.ifname(rule.out_interface)}"')
    if rule.established:
        parts.append("ct state established,related")
    for word, nets in (("saddr", rule.src), ("daddr", rule.dst)):
        if ANY not in nets:
            parts.append(f"ip {word} {_set([_addr(n) for n in nets])}")
    proto = rule.protocol
    has_ports = rule.src_ports != ALL_PORTS or rule.dst_ports != ALL_PORTS
    if has_ports and proto not in ("tcp", "udp"):
        raise names.RenderError(f"rule with ports must be tcp or udp, not '{proto}'")
    if has_ports:
        if rule.src_ports != ALL_PORTS:
            parts.append(f"{proto} sport {_set([_ports(r) for r in rule.src_ports])}")
        if rule.dst_ports != ALL_PORTS:
            parts.append(f"{proto} dport {_set([_ports(r) for r in rule.dst_ports])}")
    elif proto != "ip":
        parts.append(f"meta l4proto {_proto_name(proto)}")
    if rule.log:
        parts.append(f'log prefix "{log_prefix}"')
    parts.append("accept" if rule.action == "permit" else DENY_VERDICT)
    return " ".join(parts)


def _set(items: list[str]) -> str:
    return items[0] if len(items) == 1 else "{ " + ", ".join(items) + " }"


def _addr(net: str) -> str:
    n = names.network(net)
    return n[:-3] if n.endswith("/32") else n


def _ports(r: PortRange) -> str:
    if not 0 <= r.lo <= r.hi <= 65535:
        raise names.RenderError(f"bad port range {r.lo}-{r.hi}")
    return str(r.lo) if r.lo == r.hi else f"{r.lo}-{r.hi}"


def _proto_name(proto: str) -> str:
    if proto in PROTO_NUMBERS:
        return proto
    if proto.isdecimal() and 0 <= int(proto) <= 255:
        return PROTO_NAMES.get(proto, proto)
    raise names.RenderError(f"unknown protocol '{proto}'")


# --------------------------------------------------------------------------- reading
def strip_noise(line: str) -> str:
    """Drop handles/comments and counters: ``... counter packets 3 bytes 180 accept # handle 7``."""
    text = strip_comment(line)
    text = re.sub(r"\bcounter(?:\s+packets\s+\d+\s+bytes\s+\d+)?", " ", text)
    text = re.sub(r'\bcomment\s+"[^"]*"', " ", text)
    return " ".join(text.split())


def strip_comment(line: str) -> str:
    """The line up to its first ``#`` outside double quotes."""
    if "#" not in line:
        return line
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == "#" and not quoted:
            return line[:i].rstrip()
    return line


def parse_rule(line: str, *, number: int = 0) -> AclRule | None:
    """The neutral rule of one nft rule line, or None when it cannot be expressed exactly."""
    tokens = _TOKEN_RE.findall(strip_noise(line))
    if not tokens:
        return None
    fields: dict[str, object] = {}
    proto: str | None = None
    i = 0
    try:
        while i < len(tokens):
            t = tokens[i]
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if t in ("iifname", "iif", "oifname", "oif"):
                if nxt.startswith("!="):
                    return None
                key = "in_interface" if t.startswith("ii") else "out_interface"
                fields[key] = nxt.strip('"')
                i += 2
            elif t == "ct" and nxt == "state":
                states = _items(tokens[i + 2])
                if set(states) not in ({"established", "related"}, {"established"}):
                    return None
                fields["established"] = True
                i += 3
            elif t == "ip" and nxt in ("saddr", "daddr"):
                fields["src" if nxt == "saddr" else "dst"] = _nets(tokens[i + 2])
                i += 3
            elif (t, nxt) in (("ip", "protocol"), ("meta", "l4proto")):
                proto = _proto_token(tokens[i + 2], proto)
                i += 3
            elif t in ("tcp", "udp") and nxt in ("sport", "dport"):
                proto = _proto_token(t, proto)
                fields["src_ports" if nxt == "sport" else "dst_ports"] = _port_ranges(tokens[i + 2])
                i += 3
            elif t == "log":
                fields["log"] = True
                i += 1
                while i < len(tokens) and tokens[i] in ("prefix", "level", "flags", "group"):
                    i += 2
            elif t == "accept" and i == len(tokens) - 1:
                fields["action"] = "permit"
                i += 1
            elif t == "drop" and i == len(tokens) - 1:
                fields["action"] = "deny"
                i += 1
            elif t == "reject":
                fields["action"] = "deny"
                i = len(tokens) if _reject_tail(tokens[i + 1:]) else -1
                if i < 0:
                    return None
            else:
                return None
    except (IndexError, ValueError):
        return None
    if "action" not in fields:
        return None
    return AclRule(protocol=proto or "ip", line=number, text=line.strip(), **fields)  # type: ignore[arg-type]


def _reject_tail(tail: list[str]) -> bool:
    if not tail:
        return True
    if tail[0] != "with":
        return False
    rest = [t for t in tail[1:] if t != "type"]
    return len(rest) in (1, 2) and rest[0] in ("icmp", "icmpx", "tcp", "icmpv6")


def _items(token: str) -> list[str]:
    if token.startswith("{"):
        return [x.strip() for x in token.strip("{}").split(",") if x.strip()]
    return [x.strip() for x in token.split(",") if x.strip()]


@lru_cache(maxsize=65536)
def _nets(token: str) -> tuple[str, ...]:
    if token.startswith("!="):
        raise ValueError("negation")
    out: list[str] = []
    for item in _items(token):
        if "-" in item:
            lo, hi = (ipaddress.IPv4Address(x) for x in item.split("-", 1))
            out.extend(str(n) for n in ipaddress.summarize_address_range(lo, hi))
        else:
            out.append(_net(item))
    if not out:
        raise ValueError("empty set")
    return tuple(out)


@lru_cache(maxsize=65536)
def _net(item: str) -> str:
    return str(ipaddress.IPv4Network(item, strict=False))


@lru_cache(maxsize=65536)
def _port_ranges(token: str) -> tuple[PortRange, ...]:
    out = []
    for item in _items(token):
        lo, _, hi = item.partition("-")
        out.append(PortRange(int(lo), int(hi or lo)))
    if not out:
        raise ValueError("empty set")
    return tuple(out)


def _proto_token(token: str, current: str | None) -> str:
    name = token.strip()
    if name.startswith("{") or name.startswith("!="):
        raise ValueError("protocol set")
    number = PROTO_NUMBERS.get(name, name)
    if not number.isdecimal():
        raise ValueError(f"unknown protocol {name}")
    proto = {"1": "icmp", "6": "tcp", "17": "udp"}.get(number, number)
    if current is not None and current != proto:
        raise ValueError("conflicting protocols")
    return proto
