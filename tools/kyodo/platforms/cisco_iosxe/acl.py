"""Neutral ``AclRule`` → IOS extended access-list entries (ACEs), and the names IOS uses.

One neutral rule may hold several sources, destinations and port ranges; an IOS ACE holds
one of each, so ``expand`` splits a rule into the product (sources × destinations ×
source ranges × destination ranges), in that order. ``expected`` states the split rules,
so the round trip is exact. Ranges print as ``eq P`` or ``range A B`` (never ``lt``/``gt``).
Every rendered list ends with an explicit ``deny ip any any log`` (unless the intent ends
with a catch-all deny already), so dropped packets are logged; the neutral default stays
``deny`` (IOS's implicit deny).
"""

from __future__ import annotations

import ipaddress
from dataclasses import replace
from functools import lru_cache

from kyodo.platforms.neutral import ALL_PORTS, ANY, AclRule, PortRange

from .addr import wildcard_of

# IOS protocol keywords ↔ the neutral protocol ("ip", "tcp", "udp", "icmp" or an IANA number)
PROTOCOL_NUMBERS = {
    "ahp": "51",
    "eigrp": "88",
    "esp": "50",
    "gre": "47",
    "igmp": "2",
    "ipinip": "4",
    "nos": "94",
    "ospf": "89",
    "pcp": "108",
    "pim": "103",
    "sctp": "132",
}
NEUTRAL_PROTOCOLS = ("ip", "tcp", "udp", "icmp")

# IOS port names (as 'show running-config' prints them) → numbers
PORT_NAMES = {
    "bgp": 179,
    "biff": 512,
    "bootpc": 68,
    "bootps": 67,
    "chargen": 19,
    "cmd": 514,
    "daytime": 13,
    "discard": 9,
    "dnsix": 195,
    "domain": 53,
    "drip": 3949,
    "echo": 7,
    "exec": 512,
    "finger": 79,
    "ftp": 21,
    "ftp-data": 20,
    "gopher": 70,
    "hostname": 101,
    "ident": 113,
    "irc": 194,
    "isakmp": 500,
    "klogin": 543,
    "kshell": 544,
    "login": 513,
    "lpd": 515,
    "mobile-ip": 434,
    "nameserver": 42,
    "netbios-dgm": 138,
    "netbios-ns": 137,
    "netbios-ss": 139,
    "nntp": 119,
    "non500-isakmp": 4500,
    "ntp": 123,
    "onep-plain": 15001,
    "onep-tls": 15002,
    "pim-auto-rp": 496,
    "pop2": 109,
    "pop3": 110,
    "rip": 520,
    "smtp": 25,
    "snmp": 161,
    "snmptrap": 162,
    "sunrpc": 111,
    "syslog": 514,
    "tacacs": 49,
    "talk": 517,
    "telnet": 23,
    "tftp": 69,
    "time": 37,
    "uucp": 540,
    "who": 513,
    "whois": 43,
    "www": 80,
    "xdmcp": 177,
}


class AclRenderError(ValueError):
    """A neutral rule IOS cannot express (interface matches, ports on a portless protocol)."""


def expand(rule: AclRule) -> list[AclRule]:
    """Split a rule into single-source, single-destination, single-range rules."""
    if rule.in_interface is not None or rule.out_interface is not None:
        raise AclRenderError("IOS interface ACLs cannot match on interface names")
    has_ports = rule.src_ports != ALL_PORTS or rule.dst_ports != ALL_PORTS
    if has_ports and rule.protocol not in ("tcp", "udp"):
        raise AclRenderError(f"ports given for protocol {rule.protocol}")
    if rule.established and rule.protocol != "tcp":
        raise AclRenderError("'established' needs protocol tcp")
    if not (rule.src and rule.dst and rule.src_ports and rule.dst_ports):
        raise AclRenderError("a rule needs at least one source, destination and port range")
    out = []
    for src in rule.src:
        for dst in rule.dst:
            for sp in rule.src_ports:
                for dp in rule.dst_ports:
                    out.append(
                        replace(
                            rule,
                            src=(_canonical(src),),
                            dst=(_canonical(dst),),
                            src_ports=(sp,),
                            dst_ports=(dp,),
                            line=0,
                            text="",
                        )
                    )
    return out


@lru_cache(maxsize=65536)
def _canonical(cidr: str) -> str:
    return str(ipaddress.IPv4Network(cidr, strict=False))


CATCH_ALL_DENY = AclRule(action="deny", log=True)


def with_final_deny(rules: list[AclRule]) -> list[AclRule]:
    """The rules plus the explicit logged catch-all deny (unless the last rule is one)."""
    if rules and _is_catch_all_deny(rules[-1]):
        return rules
    return [*rules, CATCH_ALL_DENY]


def _is_catch_all_deny(rule: AclRule) -> bool:
    return (
        rule.action == "deny"
        and rule.protocol == "ip"
        and rule.src == (ANY,)
        and rule.dst == (ANY,)
        and not rule.established
    )


def ace_text(rule: AclRule) -> str:
    """One expanded rule as the text of an IOS extended ACE (without sequence number)."""
    parts = [rule.action, _protocol(rule.protocol), _address(rule.src[0])]
    parts += _ports(rule.src_ports[0])
    parts.append(_address(rule.dst[0]))
    parts += _ports(rule.dst_ports[0])
    if rule.established:
        parts.append("established")
    if rule.log:
        parts.append("log")
    return " ".join(parts)


def _protocol(protocol: str) -> str:
    if protocol in NEUTRAL_PROTOCOLS:
        return protocol
    if protocol.isdecimal() and 0 <= int(protocol) <= 255:
        return protocol
    raise AclRenderError(f"unknown protocol {protocol!r}")


@lru_cache(maxsize=65536)
def _address(cidr: str) -> str:
    net = ipaddress.IPv4Network(cidr, strict=False)
    if net.prefixlen == 0:
        return "any"
    if net.prefixlen == 32:
        return f"host {net.network_address}"
    return f"{net.network_address} {wildcard_of(net.prefixlen)}"


def _ports(r: PortRange) -> list[str]:
    if (r.lo, r.hi) == (0, 65535):
        return []
    if not 0 <= r.lo <= r.hi <= 65535:
        raise AclRenderError(f"bad port range {r.lo}-{r.hi}")
    if r.lo == r.hi:
        return ["eq", str(r.lo)]
    return ["range", str(r.lo), str(r.hi)]


_PORT_OPERATORS = frozenset({"eq", "neq", "lt", "gt", "range"})


def canonical_ace(text: str) -> str:
    """An ACE with IOS protocol and port names replaced by numbers ('permit esp …' → 'permit 50 …',
    'eq isakmp' → 'eq 500'): IOS prints names for what was entered as numbers, so diffs compare
    this form. Other tokens are kept as they are."""
    words = text.split()
    out: list[str] = []
    in_ports = False
    for n, word in enumerate(words):
        prev = words[n - 1] if n else ""
        if prev in ("permit", "deny") and word in PROTOCOL_NUMBERS:
            out.append(PROTOCOL_NUMBERS[word])
            continue
        if word in _PORT_OPERATORS:
            in_ports = True
        elif in_ports and word in PORT_NAMES:
            out.append(str(PORT_NAMES[word]))
            continue
        elif not word.isdecimal():
            in_ports = False
        out.append(word)
    return " ".join(out)
