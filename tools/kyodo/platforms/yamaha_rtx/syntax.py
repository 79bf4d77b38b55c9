"""Yamaha RTX words: filter fields, algorithm names, port mnemonics (both directions).

Follows the Yamaha RTX command reference (``ip filter``, ``ip filter dynamic``,
``ipsec sa policy``, ``ipsec ike encryption/hash/group``). Formatting is used by the
renderer and by ``expected``; parsing by the parser. Parsing functions raise ``ValueError``
on words they do not know; the parser turns that into an unparsed line.
"""

from __future__ import annotations

import ipaddress

from kyodo.platforms.neutral import ALL_PORTS, ANY, Action, PortRange

# ip filter actions → (neutral action, log)
ACTIONS: dict[str, tuple[Action, bool]] = {
    "pass": ("permit", False), "pass-log": ("permit", True), "pass-nolog": ("permit", False),
    "reject": ("deny", False), "reject-log": ("deny", True), "reject-nolog": ("deny", False),
    # restrict: pass while the line is up, never dial for it (always-on lines: a permit)
    "restrict": ("permit", False), "restrict-log": ("permit", True), "restrict-nolog": ("permit", False),
}
ACTION_WORD: dict[tuple[str, bool], str] = {("permit", False): "pass", ("permit", True): "pass-log",
               ("deny", False): "reject", ("deny", True): "reject-log"}

# protocol words of ip filter (besides numbers)
PROTO_WORDS = {"tcp": "tcp", "udp": "udp", "icmp": "icmp", "esp": "50", "ah": "51", "gre": "47",
               "icmp6": "58", "ipv6": "41"}
PROTO_NUMBERS = {"6": "tcp", "17": "udp", "1": "icmp"}
PROTO_OUT = {"50": "esp", "51": "ah", "47": "gre"}

# port mnemonics of the command reference
PORT_NAMES = {
    "ftp": 21, "ftpdata": 20, "telnet": 23, "smtp": 25, "domain": 53, "gopher": 70, "finger": 79,
    "www": 80, "pop3": 110, "sunrpc": 111, "ident": 113, "ntp": 123, "nntp": 119, "snmp": 161,
    "syslog": 514, "printer": 515, "talk": 517, "route": 520, "uucp": 540, "submission": 587,
    "https": 443, "bootps": 67, "bootpc": 68, "tftp": 69, "netbios_ns": 137, "netbios_dgm": 138,
    "netbios_ssn": 139, "snmptrap": 162, "ike": 500,
}

# ip filter dynamic protocol words → (neutral protocol, destination ports)
DYNAMIC_PROTOCOLS: dict[str, tuple[str, tuple[PortRange, ...]]] = {
    "tcp": ("tcp", ALL_PORTS), "udp": ("udp", ALL_PORTS), "ftp": ("tcp", (PortRange(21, 21),)),
    "tftp": ("udp", (PortRange(69, 69),)), "domain": ("udp", (PortRange(53, 53),)),
    "www": ("tcp", (PortRange(80, 80),)), "https": ("tcp", (PortRange(443, 443),)),
    "smtp": ("tcp", (PortRange(25, 25),)), "submission": ("tcp", (PortRange(587, 587),)),
    "pop3": ("tcp", (PortRange(110, 110),)), "telnet": ("tcp", (PortRange(23, 23),)),
    "ntp": ("udp", (PortRange(123, 123),)), "echo": ("icmp", ALL_PORTS),
}

ESP_ENC = {"aes256": "aes256-cbc", "aes128": "aes-cbc", "aes256gcm16": "aes256-gcm", "aes128gcm16": "aes-gcm"}
ESP_HASH = {"sha256": "sha256-hmac", "sha1": "sha-hmac", "md5": "md5-hmac"}
IKE_ENC = {"aes256": "aes256-cbc", "aes128": "aes-cbc"}
IKE_HASH = {"sha256": "sha256", "sha1": "sha", "md5": "md5", "sha384": "sha384", "sha512": "sha512"}
IKE_GROUP = {14: "modp2048", 15: "modp3072", 16: "modp4096", 5: "modp1536", 2: "modp1024", 1: "modp768"}

ESP_ENC_IN = {**{v: k for k, v in ESP_ENC.items()}, "3des-cbc": "3des", "des-cbc": "des"}
ESP_HASH_IN = {v: k for k, v in ESP_HASH.items()}
IKE_ENC_IN = {**{v: k for k, v in IKE_ENC.items()}, "3des-cbc": "3des", "des-cbc": "des"}
IKE_HASH_IN = {v: k for k, v in IKE_HASH.items()}
IKE_GROUP_IN = {v: k for k, v in IKE_GROUP.items()}


def net(value: str) -> str:
    """Normalised CIDR text of a prefix (host bits cleared)."""
    return str(ipaddress.IPv4Network(value, strict=False))


def host_addr(value: str) -> str:
    """The address part of ``a.b.c.d[/len]``."""
    return str(ipaddress.IPv4Interface(value).ip)


# --- formatting (render) ------------------------------------------------------------------


def fmt_addr(prefix: str) -> str:
    n = ipaddress.IPv4Network(prefix, strict=False)
    if n.prefixlen == 0:
        return "*"
    if n.prefixlen == 32:
        return str(n.network_address)
    return str(n)


def fmt_ports(ports: tuple[PortRange, ...]) -> str:
    if ports == ALL_PORTS:
        return "*"
    return ",".join(str(p.lo) if p.lo == p.hi else f"{p.lo}-{p.hi}" for p in ports)


def fmt_proto(protocol: str, established: bool) -> str:
    if established:
        return "established"
    if protocol == "ip":
        return "*"
    return PROTO_OUT.get(protocol, protocol)


# --- parsing --------------------------------------------------------------------------------


def parse_addr(word: str) -> tuple[str, ...]:
    """``*``, ``a.b.c.d``, ``a.b.c.d/len``, ``a.b.c.d/m.a.s.k``, ranges ``a-b`` → CIDR prefixes."""
    if word == "*":
        return (ANY,)
    if "-" in word:
        lo, _, hi = word.partition("-")
        first = ipaddress.IPv4Address(lo or "0.0.0.0")
        last = ipaddress.IPv4Address(hi or "255.255.255.255")
        if last < first:
            raise ValueError(f"empty address range {word}")
        return tuple(str(n) for n in ipaddress.summarize_address_range(first, last))
    if "*" in word:
        raise ValueError(f"wildcard address {word} not modelled")
    return (net(word),)


def _port(word: str) -> int:
    value = PORT_NAMES[word] if word in PORT_NAMES else int(word)
    if not 0 <= value <= 65535:
        raise ValueError(f"port {word} out of range")
    return value


def parse_ports(word: str) -> tuple[PortRange, ...]:
    if word == "*":
        return ALL_PORTS
    out = []
    for part in word.split(","):
        if "-" in part:
            lo, _, hi = part.partition("-")
            lo_v = _port(lo) if lo else 0
            hi_v = _port(hi) if hi else 65535
            if hi_v < lo_v:
                raise ValueError(f"empty port range {part}")
            out.append(PortRange(lo_v, hi_v))
        else:
            v = _port(part)
            out.append(PortRange(v, v))
    return tuple(out)


def parse_protocols(word: str) -> tuple[tuple[str, bool], ...]:
    """Protocol field → ((neutral protocol, established), ...); comma lists allowed."""
    if word == "*":
        return (("ip", False),)
    out = []
    for part in word.split(","):
        if part == "established":
            out.append(("tcp", True))
        elif part in PROTO_WORDS:
            out.append((PROTO_WORDS[part], False))
        elif part.isdecimal() and 0 <= int(part) <= 255:
            out.append((PROTO_NUMBERS.get(part, part), False))
        else:
            raise ValueError(f"protocol {part} not modelled")
    return tuple(out)
