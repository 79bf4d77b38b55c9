"""Parse an FRR configuration (``frr.conf`` as rendered, or ``show running-config`` as vtysh
prints it) into neutral facts.

Understood: ``hostname``; ``vrf X`` blocks (``netns``, ``ip route``); ``interface X [vrf Y]``
(``description``, ``ip address``, ``shutdown``); ``ip route`` (global, or with ``vrf Y``);
``router bgp ASN [vrf X]`` (``bgp router-id``, ``neighbor … remote-as``, ``address-family
ipv4 unicast`` with ``redistribute``, ``network``, ``rd vpn export``, ``rt vpn …``).
Structural lines without a fact (``frr version``, ``frr defaults``, ``!``, ``exit``,
``exit-vrf``, ``exit-address-family``, ``end``, ``line vty``, ``service
integrated-vtysh-config``, ``ip forwarding``, vtysh's ``Building configuration...``) are
accepted silently. Everything else — OSPF, route-maps, prefix-lists, passwords, banners,
``no ip forwarding`` … — is returned as unparsed, line by line.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field

from kyodo.platforms.linux_frr.names import vlan_of
from kyodo.platforms.neutral import BgpNeighbor, BgpVrf, Interface, StaticRoute, Unparsed, Vrf

_SILENT = re.compile(
    r"^(!.*|end|exit|exit-vrf|frr version .*|frr defaults \S+|service integrated-vtysh-config|ip forwarding"
    r"|no ipv6 forwarding|ipv6 forwarding|Building configuration\.\.\.|Current configuration:|line vty"
    r"|#.*)$"
)
_SUBIF = re.compile(r"^(?P<parent>[A-Za-z0-9_-]+)\.(?P<vlan>\d{1,4})$")


@dataclass
class _Iface:
    name: str
    vrf: str
    line: int
    addresses: list[str] = field(default_factory=list)
    description: str | None = None
    shutdown: bool = False

    def freeze(self) -> Interface:
        sub = _SUBIF.match(self.name)
        vlan = int(sub.group("vlan")) if sub else vlan_of(self.name)
        return Interface(name=self.name, addresses=tuple(self.addresses), vrf=self.vrf, description=self.description,
                         vlan=vlan, parent=sub.group("parent") if sub else None, shutdown=self.shutdown,
                         line=self.line)


@dataclass
class _Bgp:
    asn: int
    vrf: str
    line: int
    router_id: str | None = None
    networks: list[str] = field(default_factory=list)
    redistribute: list[str] = field(default_factory=list)
    neighbors: list[BgpNeighbor] = field(default_factory=list)

    def freeze(self) -> BgpVrf:
        return BgpVrf(asn=self.asn, vrf=self.vrf, router_id=self.router_id, networks=tuple(self.networks),
                      redistribute=tuple(self.redistribute), neighbors=tuple(self.neighbors), line=self.line)


@dataclass
class _Vrf:
    name: str
    line: int
    rd: str | None = None
    rt_import: list[str] = field(default_factory=list)
    rt_export: list[str] = field(default_factory=list)


@dataclass
class FrrFacts:
    hostname: str = ""
    interfaces: list[Interface] = field(default_factory=list)
    vrfs: list[Vrf] = field(default_factory=list)
    static_routes: list[StaticRoute] = field(default_factory=list)
    bgp: list[BgpVrf] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)


class _Parser:
    def __init__(self) -> None:
        self.out = FrrFacts()
        self.vrfs: dict[str, _Vrf] = {}
        self.block: str | None = None      # vrf | interface | bgp | af | other
        self.vrf: _Vrf | None = None
        self.iface: _Iface | None = None
        self.bgp: _Bgp | None = None
        self.ifaces: list[_Iface] = []
        self.bgps: list[_Bgp] = []

    def unparsed(self, number: int, raw: str) -> None:
        self.out.unparsed.append(Unparsed(line=number, text=raw))

    def vrf_entry(self, name: str, line: int) -> _Vrf:
        if name not in self.vrfs:
            self.vrfs[name] = _Vrf(name=name, line=line)
        return self.vrfs[name]

    def feed(self, number: int, raw: str) -> None:
        stripped = raw.strip()
        if not stripped:
            return
        indented = raw[:1] in (" ", "\t")
        if self.block is not None and not indented and stripped not in ("exit", "exit-vrf", "end"):
            self.close()
        if self.block is not None and indented:
            self.inner(number, raw, stripped)
            return
        if stripped in ("exit", "exit-vrf", "end"):
            self.close()
            return
        self.top(number, raw, stripped)

    def close(self) -> None:
        self.block = None
        self.vrf = None
        self.iface = None
        self.bgp = None

    def top(self, number: int, raw: str, s: str) -> None:
        words = s.split()
        if _SILENT.match(s):
            if s == "line vty":
                self.block = "line"
            return
        if words[0] == "hostname" and len(words) == 2:
            self.out.hostname = words[1]
        elif words[0] == "vrf" and len(words) == 2:
            self.block, self.vrf = "vrf", self.vrf_entry(words[1], number)
        elif words[0] == "interface" and len(words) in (2, 4) and (len(words) == 2 or words[2] == "vrf"):
            self.iface = _Iface(name=words[1], vrf=words[3] if len(words) == 4 else "", line=number)
            self.ifaces.append(self.iface)
            if self.iface.vrf:
                self.vrf_entry(self.iface.vrf, number)
            self.block = "interface"
        elif words[:2] == ["ip", "route"]:
            route = parse_route(words[2:], "", number)
            if route is None:
                self.unparsed(number, raw)
            else:
                self.out.static_routes.append(route)
                if route.vrf:
                    self.vrf_entry(route.vrf, number)
        elif words[:2] == ["router", "bgp"] and len(words) in (3, 5) and words[2].isdecimal():
            vrf = words[4] if len(words) == 5 and words[3] == "vrf" else ""
            if len(words) == 5 and words[3] != "vrf":
                self.unparsed(number, raw)
                self.block = "other"
                return
            self.bgp = _Bgp(asn=int(words[2]), vrf=vrf, line=number)
            self.bgps.append(self.bgp)
            if vrf:
                self.vrf_entry(vrf, number)
            self.block = "bgp"
        else:
            self.unparsed(number, raw)
            self.block = "other"   # its indented lines are unparsed too

    def inner(self, number: int, raw: str, s: str) -> None:
        words = s.split()
        block = self.block
        if block == "line":
            self.unparsed(number, raw)
        elif block == "vrf" and self.vrf is not None:
            if words[0] == "netns" or s == "exit-vrf":
                return
            route = parse_route(words[2:], self.vrf.name, number) if words[:2] == ["ip", "route"] else None
            if route is None:
                self.unparsed(number, raw)
            else:
                self.out.static_routes.append(route)
        elif block == "interface" and self.iface is not None:
            self.interface_line(number, raw, words)
        elif block in ("bgp", "af") and self.bgp is not None:
            self.bgp_line(number, raw, s, words)
        else:
            self.unparsed(number, raw)

    def interface_line(self, number: int, raw: str, words: list[str]) -> None:
        assert self.iface is not None
        if words[0] == "description" and len(words) > 1:
            self.iface.description = raw.strip()[len("description"):].strip()
        elif words[:2] == ["ip", "address"] and len(words) == 3 and _is_iface_addr(words[2]):
            self.iface.addresses.append(str(ipaddress.IPv4Interface(words[2])))
        elif words == ["shutdown"]:
            self.iface.shutdown = True
        elif words == ["no", "shutdown"]:
            self.iface.shutdown = False
        else:
            self.unparsed(number, raw)

    def bgp_line(self, number: int, raw: str, s: str, words: list[str]) -> None:
        bgp = self.bgp
        assert bgp is not None
        if s in ("!", "exit-address-family"):
            if s == "exit-address-family":
                self.block = "bgp"
            return
        if words[:2] == ["bgp", "router-id"] and len(words) == 3:
            bgp.router_id = words[2]
        elif s in ("no bgp ebgp-requires-policy", "no bgp default ipv4-unicast", "no bgp network import-check"):
            return
        elif words[0] == "neighbor" and len(words) == 4 and words[2] == "remote-as":
            asn = bgp.asn if words[3] == "internal" else int(words[3]) if words[3].isdecimal() else 0
            bgp.neighbors.append(BgpNeighbor(address=words[1], remote_as=asn, line=number))
        elif s == "address-family ipv4 unicast":
            self.block = "af"
        elif self.block == "af":
            self.af_line(number, raw, words)
        else:
            self.unparsed(number, raw)

    def af_line(self, number: int, raw: str, words: list[str]) -> None:
        bgp = self.bgp
        assert bgp is not None
        vrf = self.vrf_entry(bgp.vrf, bgp.line) if bgp.vrf else None
        if words[0] == "redistribute" and len(words) == 2:
            bgp.redistribute.append(words[1])
        elif words[0] == "network" and len(words) == 2:
            bgp.networks.append(words[1])
        elif words[:3] == ["rd", "vpn", "export"] and len(words) == 4 and vrf is not None:
            vrf.rd = words[3]
        elif words[:2] == ["rt", "vpn"] and len(words) >= 4 and vrf is not None:
            if words[2] in ("import", "both"):
                vrf.rt_import.extend(words[3:])
            if words[2] in ("export", "both"):
                vrf.rt_export.extend(words[3:])
        elif words in (["import", "vpn"], ["export", "vpn"]):
            return
        else:
            self.unparsed(number, raw)

    def finish(self) -> FrrFacts:
        self.out.interfaces = [i.freeze() for i in self.ifaces]
        self.out.bgp = [b.freeze() for b in self.bgps]
        self.out.vrfs = [Vrf(name=v.name, rd=v.rd, rt_import=tuple(v.rt_import), rt_export=tuple(v.rt_export),
                             line=v.line) for v in self.vrfs.values()]
        return self.out


def _is_iface_addr(value: str) -> bool:
    try:
        ipaddress.IPv4Interface(value)
    except ValueError:
        return False
    return "/" in value


def _is_addr(value: str) -> bool:
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        return False
    return True


def parse_route(words: list[str], vrf: str, line: int) -> StaticRoute | None:
    """``ip route`` arguments (after ``ip route``) → StaticRoute, None for forms not understood."""
    if not words:
        return None
    try:
        if len(words) >= 2 and _is_addr(words[0]) and _is_addr(words[1]) and "/" not in words[0]:
            prefix = str(ipaddress.IPv4Network(f"{words[0]}/{words[1]}"))
            rest = words[2:]
        else:
            prefix = str(ipaddress.IPv4Network(words[0]))
            rest = words[1:]
    except ValueError:
        return None
    hop: str | None = None
    iface: str | None = None
    nh_vrf: str | None = None
    distance = 1
    discard = False
    i = 0
    while i < len(rest):
        w = rest[i]
        if _is_addr(w) and hop is None:
            hop = w
        elif w in ("blackhole", "Null0", "reject"):
            discard = True
        elif w.isdecimal() and 1 <= int(w) <= 255:
            distance = int(w)
        elif w in ("tag", "nexthop-vrf", "vrf") and i + 1 < len(rest):
            if w == "nexthop-vrf":
                nh_vrf = "" if rest[i + 1] == "default" else rest[i + 1]
            elif w == "vrf":
                vrf = rest[i + 1]
            i += 1
        elif w == "onlink":
            pass
        elif iface is None and re.match(r"^[A-Za-z][A-Za-z0-9_.-]{0,14}$", w) and w not in ("label", "table"):
            iface = w
        else:
            return None
        i += 1
    if hop is None and iface is None and not discard:
        return None
    return StaticRoute(prefix=prefix, vrf=vrf, next_hop=hop, interface=iface, next_hop_vrf=nh_vrf,
                       distance=distance, discard=discard, line=line)


def parse_frr(numbered: list[tuple[int, str]]) -> FrrFacts:
    p = _Parser()
    for number, raw in numbered:
        p.feed(number, raw.rstrip("\r"))
    return p.finish()
