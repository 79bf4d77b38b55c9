"""Yamaha RTX configuration text (``show config``) → ``neutral.DeviceConfig``.

Written from the Yamaha RTX command reference; no RTX runs here. Context: ``tunnel select N``
and ``pp select N`` scope the lines after them (until another select or ``… select none``);
indentation is ignored. Filters (``ip filter N …``) become ordered ``Acl``s through each
``ip IF secure filter in|out N …`` binding: one ``Acl`` per binding, named ``IF:in``/``IF:out``,
with the referenced rules in list order and the RTX implicit reject as default.

``ip filter dynamic`` (stateful inspection) is modelled approximately: a dynamic filter listed
after ``dynamic`` in a binding is a permit appended to that binding's rules, and its return
traffic an ``established`` permit put first in the opposite direction's binding of the same
interface. ``restrict`` (pass while the line is up) is a permit. ``ip filter dynamic … filter …``
forms, TCP-flag protocols (``tcpfin``, ``tcpsyn`` …) and NAT, DHCP, DNS, PPPoE authentication and
the like are reported in ``unparsed``; a ``secure filter`` list naming a filter that is missing or
not modelled is reported too (its ``Acl`` holds only the modelled rules). Secrets never leave the
parser: pre-shared keys become sha256 digests and secret-bearing lines are redacted in
``lines``/``unparsed``.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from dataclasses import dataclass, field

from kyodo.platforms.neutral import (
    Acl,
    AclRule,
    CryptoProposal,
    DeviceConfig,
    Interface,
    StaticRoute,
    Tunnel,
    Unparsed,
    VpnPeer,
)
from kyodo.platforms.yamaha_rtx import syntax

PLATFORM_NAME = "yamaha_rtx"
IFACE_RE = re.compile(r"^(lan\d+(/\d+)?|loopback\d+|bridge\d+|vlan\d+)$")
SECRET_RES = (
    re.compile(r"^(\s*ipsec ike pre-shared-key\s+\S+\s+(?:text\s+)?)(\S.*)$"),
    re.compile(r"^(\s*(?:login|administrator) password(?:\s+encrypted)?\s*)(\S.*)$"),
    re.compile(r"^(\s*login user\s+\S+\s+(?:encrypted\s+)?)(\S.*)$"),
    re.compile(r"^(\s*pp auth (?:myname|username)\s+\S+\s+)(\S.*)$"),
)
# understood, with no neutral meaning (IPsec and tunnel housekeeping)
BENIGN = ("ipsec ike keepalive", "ipsec auto refresh", "ipsec ike nat-traversal", "ip tunnel tcp mss",
          "ipsec ike proposal-limitation", "ipsec ike log", "ipsec ike restrict-dangling-sa")


def redact(line: str) -> str:
    for rx in SECRET_RES:
        m = rx.match(line)
        if m:
            return f"{m.group(1)}<redacted>"
    return line


@dataclass
class _If:
    name: str
    line: int
    addresses: list[str] = field(default_factory=list)
    description: str | None = None
    vlan: int | None = None
    parent: str | None = None
    bind: dict[str, tuple[int, tuple[int, ...], tuple[int, ...]]] = field(default_factory=dict)


@dataclass
class _Gw:
    version: int = 1
    enc: tuple[str, ...] = ()
    hash: tuple[str, ...] = ()
    groups: tuple[int, ...] = ()
    pfs: bool = False
    local: str | None = None
    remote: str | None = None
    psk: str | None = None
    line: int = 0


@dataclass
class _State:
    hostname: str = ""
    ctx: tuple[str, int] | None = None
    ifs: dict[str, _If] = field(default_factory=dict)
    filters: dict[int, tuple[AclRule, ...]] = field(default_factory=dict)
    dynamic: dict[int, AclRule] = field(default_factory=dict)
    routes: list[StaticRoute] = field(default_factory=list)
    tun_policy: dict[int, int] = field(default_factory=dict)
    tun_mode: dict[int, str] = field(default_factory=dict)
    tun_enabled: set[int] = field(default_factory=set)
    sa: dict[int, tuple[int, tuple[str, ...], tuple[str, ...], int]] = field(default_factory=dict)
    gws: dict[int, _Gw] = field(default_factory=dict)
    unparsed: list[Unparsed] = field(default_factory=list)

    def iface(self, name: str, line: int) -> _If:
        if name not in self.ifs:
            self.ifs[name] = _If(name=name, line=line)
        return self.ifs[name]

    def ctx_iface(self, word: str) -> str:
        if word in ("tunnel", "pp"):
            if self.ctx is None or self.ctx[0] != word:
                raise ValueError(f"'ip {word}' outside '{word} select'")
            return f"{word}{self.ctx[1]}"
        if not IFACE_RE.match(word):
            raise ValueError(f"interface {word}")
        return word

    def gw(self, word: str) -> _Gw:
        return self.gws.setdefault(int(word), _Gw())


def _unquote(words: list[str]) -> str:
    return " ".join(words).strip().strip('"')


def _filter(no: int, line: str, w: list[str]) -> tuple[AclRule, ...]:
    action, log = syntax.ACTIONS[w[3]]
    fields = [*w[4:], "*", "*", "*", "*", "*"][:5]
    if len(w) > 9:
        raise ValueError("extra filter fields")
    src, dst = syntax.parse_addr(fields[0]), syntax.parse_addr(fields[1])
    sport, dport = syntax.parse_ports(fields[3]), syntax.parse_ports(fields[4])
    out = []
    for proto, est in syntax.parse_protocols(fields[2]):
        if proto not in ("tcp", "udp") and (fields[3] != "*" or fields[4] != "*"):
            raise ValueError("ports with a portless protocol")
        out.append(AclRule(action=action, protocol=proto, src=src, dst=dst, src_ports=sport, dst_ports=dport,
                           established=est, log=log, line=no, text=line))
    return tuple(out)


def _dynamic(no: int, line: str, w: list[str]) -> AclRule:
    # ip filter dynamic N SRC DST PROTOCOL [option=value ...]
    if len(w) < 7 or w[6] not in syntax.DYNAMIC_PROTOCOLS or any("=" not in x for x in w[7:]):
        raise ValueError("dynamic filter form not modelled")
    proto, ports = syntax.DYNAMIC_PROTOCOLS[w[6]]
    return AclRule(action="permit", protocol=proto, src=syntax.parse_addr(w[4]), dst=syntax.parse_addr(w[5]),
                   dst_ports=ports, line=no, text=line)


def _route(st: _State, no: int, w: list[str]) -> None:
    prefix = "0.0.0.0/0" if w[2] == "default" else syntax.net(w[2])
    i, found = 3, []
    while i < len(w):
        if w[i] != "gateway":
            raise ValueError(f"route option {w[i]}")
        gw = w[i + 1]
        if gw in ("tunnel", "pp"):
            found.append(StaticRoute(prefix=prefix, interface=f"{gw}{int(w[i + 2])}", line=no))
            i += 3
        elif gw == "dhcp":
            found.append(StaticRoute(prefix=prefix, interface=st.ctx_iface(w[i + 2]), line=no))
            i += 3
        elif gw == "null":
            found.append(StaticRoute(prefix=prefix, discard=True, line=no))
            i += 2
        elif IFACE_RE.match(gw):
            found.append(StaticRoute(prefix=prefix, interface=gw, line=no))
            i += 2
        else:
            found.append(StaticRoute(prefix=prefix, next_hop=syntax.host_addr(gw), line=no))
            i += 2
        while i < len(w) and w[i] in ("metric", "weight", "keepalive", "hide"):
            i += 1 if w[i] == "hide" else 2
    if not found:
        raise ValueError("route without gateway")
    st.routes.extend(found)


def _binding(st: _State, no: int, w: list[str]) -> None:
    # ip IF secure filter in|out N ... [dynamic D ...]
    name = st.ctx_iface(w[1])
    direction = w[4]
    if direction not in ("in", "out"):
        raise ValueError("direction")
    rest = w[5:]
    cut = rest.index("dynamic") if "dynamic" in rest else len(rest)
    static = tuple(int(x) for x in rest[:cut])
    dyn = tuple(int(x) for x in rest[cut + 1:])
    st.iface(name, no).bind[direction] = (no, static, dyn)


def _ipsec(st: _State, no: int, line: str, w: list[str]) -> bool:
    if w[1] == "tunnel" and st.ctx and st.ctx[0] == "tunnel":
        st.tun_policy[st.ctx[1]] = int(w[2])
        return True
    if w[1:3] == ["sa", "policy"]:
        if w[5] != "esp":
            raise ValueError("only esp policies are modelled")
        enc = (syntax.ESP_ENC_IN[w[6]],)
        integ = tuple(syntax.ESP_HASH_IN[x] for x in w[7:8] if "=" not in x)
        st.sa[int(w[3])] = (int(w[4]), enc, integ, no)
        return True
    if w[1] != "ike":
        return False
    key = w[2]
    addr = key in ("local", "remote")
    if addr and w[3] != "address":
        return False
    g = st.gw(w[4] if addr else w[3])
    g.line = g.line or no
    if key == "version":
        g.version = int(w[4])
    elif key == "encryption":
        g.enc = tuple(syntax.IKE_ENC_IN[x] for x in w[4:])
    elif key == "hash":
        g.hash = tuple(syntax.IKE_HASH_IN[x] for x in w[4:])
    elif key == "group":
        g.groups = tuple(syntax.IKE_GROUP_IN[x] for x in w[4:])
    elif key == "pfs":
        g.pfs = w[4] == "on"
    elif key == "local":
        g.local = w[5]
    elif key == "remote":
        g.remote = w[5]
    elif key == "pre-shared-key":
        if w[4] == "text":
            secret = line.split(None, 5)[5].encode()
        elif w[4].startswith("0x"):
            secret = bytes.fromhex(w[4][2:])
        else:
            raise ValueError("pre-shared-key form")
        g.psk = hashlib.sha256(secret).hexdigest()
    else:
        return False
    return True


def _feed(st: _State, no: int, line: str) -> bool:
    w = line.split()
    head = w[0]
    if line.startswith(BENIGN):
        return True
    if head in ("tunnel", "pp") and w[1] == "select":
        if w[2] == "none":
            st.ctx = None
        else:
            st.ctx = (head, int(w[2]))
            st.iface(f"{head}{int(w[2])}", no)
        return len(w) == 3
    if head == "tunnel" and w[1] in ("enable", "disable"):
        n = int(w[2])
        (st.tun_enabled.add if w[1] == "enable" else st.tun_enabled.discard)(n)
        return len(w) == 3
    if head == "tunnel" and w[1] == "encapsulation" and st.ctx and st.ctx[0] == "tunnel":
        st.tun_mode[st.ctx[1]] = w[2]
        return True
    if head == "console" and w[1] == "prompt":
        st.hostname = _unquote(w[2:])
        return True
    if head == "description" and len(w) >= 3:
        name = st.ctx_iface(w[1])
        st.iface(name, no).description = _unquote(w[2:])
        return True
    if head == "vlan" and len(w) == 4 and w[2] == "802.1q" and w[3].startswith("vid="):
        name = st.ctx_iface(w[1])
        i = st.iface(name, no)
        i.vlan, i.parent = int(w[3][4:]), name.split("/")[0]
        return True
    if head == "ipsec":
        return _ipsec(st, no, line, w)
    if head != "ip" or len(w) < 3:
        return False
    if w[1] == "route":
        _route(st, no, w)
        return True
    if w[1] == "filter" and w[2] == "dynamic":
        st.dynamic[int(w[3])] = _dynamic(no, line, w)
        return True
    if w[1] == "filter" and w[2].isdecimal():
        st.filters[int(w[2])] = _filter(no, line, w)
        return True
    if w[2] == "address" and len(w) == 4:
        name = st.ctx_iface(w[1])
        st.iface(name, no).addresses[:] = [str(ipaddress.IPv4Interface(w[3]))]   # one primary address
        return True
    if w[2:4] == ["secure", "filter"]:
        _binding(st, no, w)
        return True
    return False


def _reverse(rule: AclRule) -> AclRule:
    return AclRule(action="permit", protocol=rule.protocol, src=rule.dst, dst=rule.src, src_ports=rule.dst_ports,
                   dst_ports=rule.src_ports, established=True, line=rule.line, text=rule.text)


def _build_acls(st: _State, lines: tuple[str, ...]) -> tuple[list[Acl], dict[tuple[str, str], str]]:
    acls: dict[tuple[str, str], Acl] = {}
    for i in st.ifs.values():
        for direction, (no, static, dyn) in i.bind.items():
            if any(n not in st.filters for n in static) or any(n not in st.dynamic for n in dyn):
                # the list names filters that are missing or not modelled: the Acl is incomplete
                st.unparsed.append(Unparsed(line=no, text=lines[no - 1]))
            rules = [r for n in static for r in st.filters.get(n, ())]
            acls[(i.name, direction)] = Acl(name=f"{i.name}:{direction}", rules=tuple(rules), line=no)
    # dynamic (stateful) filters: permit in the listing direction, return traffic in the other
    for i in st.ifs.values():
        for direction, (_no, _static, dyn) in i.bind.items():
            rules = [st.dynamic[n] for n in dyn if n in st.dynamic]
            if not rules:
                continue
            a = acls[(i.name, direction)]
            acls[(i.name, direction)] = Acl(name=a.name, rules=(*a.rules, *rules), line=a.line)
            other = (i.name, "out" if direction == "in" else "in")
            if other in acls:
                b = acls[other]
                acls[other] = Acl(name=b.name, rules=(*(_reverse(r) for r in rules), *b.rules), line=b.line)
    order = sorted(acls.values(), key=lambda a: a.line)
    return order, {k: a.name for k, a in acls.items()}


def _vpn(st: _State) -> tuple[list[CryptoProposal], list[VpnPeer], dict[int, Tunnel]]:
    proposals: list[CryptoProposal] = []
    peers: list[VpnPeer] = []
    tunnels: dict[int, Tunnel] = {}
    seen: set[str] = set()
    for n, policy in sorted(st.tun_policy.items()):
        sa = st.sa.get(policy)
        if sa is None:
            continue
        gw_id, enc, integ, sa_line = sa
        g = st.gws.get(gw_id, _Gw())
        ike_name, esp_name = f"ike{gw_id}", f"sa{policy}"
        if ike_name not in seen:
            seen.add(ike_name)
            proposals.append(CryptoProposal(name=ike_name, kind="ike", encryption=g.enc, integrity=g.hash,
                                            dh_groups=g.groups, line=g.line))
        if esp_name not in seen:
            seen.add(esp_name)
            proposals.append(CryptoProposal(name=esp_name, kind="esp", encryption=enc, integrity=integ,
                                            dh_groups=g.groups[:1] if g.pfs else (), line=sa_line))
        name = f"tunnel{n}"
        peers.append(VpnPeer(name=name, local_address=g.local, remote_address=g.remote, ike_version=g.version,
                             psk_sha256=g.psk, ike_proposals=(ike_name,), esp_proposals=(esp_name,),
                             interface=name, line=st.ifs[name].line if name in st.ifs else sa_line))
        tunnels[n] = Tunnel(source=g.local, destination=g.remote, mode="ipsec", protection=str(policy))
    for n, mode in st.tun_mode.items():
        if n not in tunnels:
            tunnels[n] = Tunnel(mode=mode)
    return proposals, peers, tunnels


def _build(st: _State, lines: tuple[str, ...]) -> DeviceConfig:
    acls, acl_names = _build_acls(st, lines)
    proposals, peers, tunnels = _vpn(st)
    interfaces = []
    for i in sorted(st.ifs.values(), key=lambda x: x.line):
        tunnel = None
        shutdown = False
        if i.name.startswith("tunnel"):
            n = int(i.name[6:])
            tunnel = tunnels.get(n, Tunnel(mode="ipsec"))
            shutdown = n not in st.tun_enabled
        interfaces.append(Interface(
            name=i.name, addresses=tuple(i.addresses), description=i.description, vlan=i.vlan, parent=i.parent,
            shutdown=shutdown, acl_in=acl_names.get((i.name, "in")), acl_out=acl_names.get((i.name, "out")),
            tunnel=tunnel, line=i.line,
        ))
    return DeviceConfig(hostname=st.hostname, platform=PLATFORM_NAME, interfaces=tuple(interfaces),
                        static_routes=tuple(st.routes), acls=tuple(acls), proposals=tuple(proposals),
                        vpn_peers=tuple(peers), unparsed=tuple(sorted(st.unparsed, key=lambda u: u.line)),
                        lines=lines)


def parse(text: str) -> DeviceConfig:
    raw = text.splitlines()
    lines = tuple(redact(x) for x in raw)
    st = _State()
    for no, original in enumerate(raw, start=1):
        line = original.strip()
        if not line or line.startswith("#"):
            continue
        try:
            ok = _feed(st, no, line)
        except (ValueError, IndexError, KeyError):
            ok = False
        if not ok:
            st.unparsed.append(Unparsed(line=no, text=lines[no - 1]))
    return _build(st, lines)
