"""The NEC IX layout of a ``DeviceIntent``: interface names, access-list entries, IKEv2 profile.

Computed once in Python; the template prints it and ``expected`` states the neutral facts
parsing must give back. Layout (a CPE, as in the IX2215 setting examples):

- ``wan`` or the leased-line ``handoff`` port → ``GigaEthernet0.0``; ``office_clients`` →
  ``GigaEthernet1.0``; ``office_printers`` → ``GigaEthernet2.0``; a port with VLAN V becomes the
  sub-interface ``GigaEthernetN.V`` with ``encapsulation dot1q V`` (its port ``GigaEthernetN.0`` is
  printed too, without address, and enabled);
- the n-th ``ipsec`` port → ``interface Tunnel{n-1}.0``, ``tunnel mode ipsec-ikev2`` (IKEv2 route-based
  form of the IX guide), proposals in ``ikev2 default-profile``, the PSK in
  ``ikev2 authentication psk id ipv4 PEER key char …``;
- each ``AclIntent`` → ``ip access-list NAME`` entries in rule order (one entry per source ×
  destination × source port × destination port: IX takes one of each per entry), bound with
  ``ip filter NAME 1 in|out``; IX drops what no entry permits. IX access-list entries have
  no per-entry log, so ``log`` is not kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from kyodo.platforms.base import SecretResolver
from kyodo.platforms.intent import AclIntent, DeviceIntent, PortIntent, RouteIntent, VpnIntent
from kyodo.platforms.nec_ix import syntax
from kyodo.platforms.nec_ix.values import UnsafeConfigValue, UnsupportedIntent, text, token
from kyodo.platforms.neutral import AclRule

PORT_OF_KIND = {"wan": "GigaEthernet0", "handoff": "GigaEthernet0", "office_clients": "GigaEthernet1",
                "office_printers": "GigaEthernet2"}
NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,62}$")


@dataclass(frozen=True, slots=True)
class Entry:
    acl: str
    words: str              # "permit tcp src 10.0.0.0/24 sport any dest 10.1.0.1/32 dport eq 443"
    rule: AclRule


@dataclass(frozen=True, slots=True)
class Port:
    name: str
    parent: str | None
    vid: int | None
    address: str
    description: str
    acl_in: str | None
    acl_out: str | None


@dataclass(frozen=True, slots=True)
class TunnelPlan:
    name: str
    address: str
    description: str
    acl_in: str | None
    acl_out: str | None
    outgoing: str           # outside interface name
    local: str
    peer: str
    enc: str
    integ: str
    dh: str
    child_enc: str
    child_integ: str
    child_pfs: str
    psk: str = ""
    vpn: VpnIntent | None = None


@dataclass(frozen=True, slots=True)
class Route:
    prefix: str
    target: str             # next-hop address or interface name
    interface: str | None


@dataclass(frozen=True, slots=True)
class Plan:
    hostname: str
    banner: str
    entries: tuple[Entry, ...]
    ports: tuple[Port, ...]
    tunnels: tuple[TunnelPlan, ...]
    routes: tuple[Route, ...]


def acl_name(name: str) -> str:
    if not NAME_RE.match(name):
        raise UnsafeConfigValue(f"access-list name {name!r} is not an IX list name")
    return name


def expand_rule(rule: AclRule, acl: str) -> Iterator[AclRule]:
    """The neutral rules one intent rule prints as; ``log`` is dropped (IX has no per-entry log)."""
    if rule.in_interface or rule.out_interface:
        raise UnsupportedIntent(f"filter {acl}: interface matches inside a rule are not expressible on IX")
    if rule.established and rule.protocol != "tcp":
        raise UnsupportedIntent(f"filter {acl}: 'established' is TCP only")
    ported = rule.protocol in ("tcp", "udp")
    if not ported and (len(rule.src_ports) != 1 or len(rule.dst_ports) != 1
                       or (rule.src_ports[0].lo, rule.src_ports[0].hi, rule.dst_ports[0].lo,
                           rule.dst_ports[0].hi) != (0, 65535, 0, 65535)):
        raise UnsupportedIntent(f"filter {acl}: ports given for protocol {rule.protocol}")
    if rule.protocol not in syntax.PROTO_OUT and not (rule.protocol.isdecimal() and int(rule.protocol) < 256):
        raise UnsupportedIntent(f"filter {acl}: protocol {rule.protocol!r}")
    for src in rule.src:
        for dst in rule.dst:
            for sp in rule.src_ports:
                for dp in rule.dst_ports:
                    yield AclRule(action=rule.action, protocol=rule.protocol, src=(syntax.net(src),),
                                  dst=(syntax.net(dst),), src_ports=(sp,), dst_ports=(dp,),
                                  established=rule.established)


def _words(r: AclRule) -> str:
    parts = [r.action, syntax.PROTO_OUT.get(r.protocol, r.protocol), "src", syntax.fmt_addr(r.src[0])]
    if r.protocol in ("tcp", "udp"):
        parts += ["sport", syntax.fmt_port(r.src_ports[0])]
    parts += ["dest", syntax.fmt_addr(r.dst[0])]
    if r.protocol in ("tcp", "udp"):
        parts += ["dport", syntax.fmt_port(r.dst_ports[0])]
    if r.established:
        parts.append("established")
    return " ".join(parts)


def _entries(acls: tuple[AclIntent, ...]) -> list[Entry]:
    out = []
    for acl in acls:
        name = acl_name(acl.name)
        for rule in acl.rules:
            out += [Entry(acl=name, words=_words(r), rule=r) for r in expand_rule(rule, acl.name)]
    return out


def _bound(name: str | None, known: set[str], where: str) -> str | None:
    if name is not None and name not in known:
        raise UnsupportedIntent(f"{where}: filter {name!r} is not defined in the intent")
    return name


def _port(p: PortIntent, used: set[str], known: set[str]) -> Port:
    base = PORT_OF_KIND.get(p.kind)
    if base is None:
        raise UnsupportedIntent(f"port kind {p.kind!r} ({p.key}) has no IX interface (IX is a CPE platform)")
    if p.vrf:
        raise UnsupportedIntent(f"port {p.kind}/{p.key}: VRFs are not rendered for IX")
    name = f"{base}.{p.vlan}" if p.vlan is not None else f"{base}.0"
    if name in used:
        raise UnsupportedIntent(f"two ports map to {name} ({p.kind}/{p.key})")
    used.add(name)
    return Port(name=name, parent=f"{base}.0" if p.vlan is not None else None, vid=p.vlan,
                address=token(p.address, f"{name} address"),
                description=text(p.description, f"{name} description") if p.description else "",
                acl_in=_bound(p.acl_in, known, name), acl_out=_bound(p.acl_out, known, name))


def _tunnel(n: int, p: PortIntent, intent: DeviceIntent, known: set[str], outside: Port | None) -> TunnelPlan:
    vpn = next((v for v in intent.vpns if v.tunnel_port == (p.kind, p.key)), None)
    if vpn is None:
        raise UnsupportedIntent(f"ipsec port {p.key} has no VPN intent")
    if vpn.vrf:
        raise UnsupportedIntent(f"VPN {vpn.name}: VRFs are not rendered for IX")
    if outside is None:
        raise UnsupportedIntent(f"VPN {vpn.name}: no outside (wan) port to send IKE from")
    local = syntax.host_addr(vpn.local_wan)
    if local != syntax.host_addr(outside.address):
        raise UnsupportedIntent(f"VPN {vpn.name}: local address {local} is not the outside port's address")
    ike, esp = vpn.ike, vpn.esp
    try:
        enc, integ, dh = syntax.V2_ENC[ike.encryption], syntax.V2_INTEG[ike.integrity], syntax.DH[ike.dh_group]
        child_enc, child_pfs = syntax.V2_ENC[esp.encryption], syntax.DH[esp.dh_group]
        child_integ = "" if "gcm" in esp.encryption else syntax.V2_INTEG[esp.integrity]
    except KeyError as exc:
        raise UnsupportedIntent(f"VPN {vpn.name}: algorithm {exc.args[0]!r} not available on IX") from None
    name = f"Tunnel{n}.0"
    return TunnelPlan(name=name, address=token(p.address, f"{name} address"),
                      description=text(p.description, f"{name} description") if p.description else "",
                      acl_in=_bound(p.acl_in, known, name), acl_out=_bound(p.acl_out, known, name),
                      outgoing=outside.name, local=local,
                      peer=token(syntax.host_addr(vpn.remote_wan), "IKE peer address"),
                      enc=enc, integ=integ, dh=dh, child_enc=child_enc, child_integ=child_integ, child_pfs=child_pfs,
                      vpn=vpn)


def _route(r: RouteIntent, tunnels: dict[tuple[str, str], TunnelPlan]) -> Route:
    if r.vrf:
        raise UnsupportedIntent(f"route {r.prefix}: VRFs are not rendered for IX")
    n = syntax.net(r.prefix)
    prefix = "default" if n == "0.0.0.0/0" else n
    if r.via is not None and r.via[0] == "ipsec":
        t = tunnels.get(r.via)
        if t is None:
            raise UnsupportedIntent(f"route {r.prefix}: via unknown tunnel port {r.via}")
        return Route(prefix=prefix, target=t.name, interface=t.name)
    if r.next_hop is None:
        raise UnsupportedIntent(f"route {r.prefix}: no next hop")
    return Route(prefix=prefix, target=token(syntax.host_addr(r.next_hop), "next hop"), interface=None)


def plan(intent: DeviceIntent) -> Plan:
    if intent.bgp is not None or intent.vrfs:
        raise UnsupportedIntent(f"{intent.hostname}: VRFs/BGP are not rendered for IX (CPE platform)")
    entries = _entries(intent.acls)
    known = {a.name for a in intent.acls}
    used: set[str] = set()
    ports = [_port(p, used, known) for p in intent.ports if p.kind != "ipsec"]
    parents = [Port(name=n, parent=None, vid=None, address="", description="", acl_in=None, acl_out=None)
               for n in dict.fromkeys(p.parent for p in ports if p.parent) if n not in used]
    ports = parents + ports
    outside = next((p for p in ports if p.name.startswith("GigaEthernet0.")), None)
    tunnels: dict[tuple[str, str], TunnelPlan] = {}
    for p in intent.ports:
        if p.kind == "ipsec":
            tunnels[(p.kind, p.key)] = _tunnel(len(tunnels), p, intent, known, outside)
    profiles = {(t.enc, t.integ, t.dh, t.child_enc, t.child_integ, t.child_pfs) for t in tunnels.values()}
    if len(profiles) > 1:
        raise UnsupportedIntent(f"{intent.hostname}: VPNs with different proposals need named IKEv2 profiles")
    routes = tuple(_route(r, tunnels) for r in intent.routes)
    return Plan(hostname=token(intent.hostname, "hostname"), banner=text(intent.banner, "banner"),
                entries=tuple(entries), ports=tuple(ports), tunnels=tuple(tunnels.values()), routes=routes)


def with_secrets(p: Plan, secrets: SecretResolver) -> Plan:
    tunnels = []
    for t in p.tunnels:
        assert t.vpn is not None
        tunnels.append(replace(t, psk=token(secrets(t.vpn.psk_ref), f"{t.name} pre-shared key")))
    return replace(p, tunnels=tuple(tunnels))
