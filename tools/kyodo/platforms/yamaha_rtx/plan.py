"""The Yamaha RTX layout of a ``DeviceIntent``: interface names, filter numbers, IPsec ids.

Computed once in Python; the template prints it and ``expected`` states the neutral facts
parsing must give back. Layout (a CPE, as in the RTX830/RTX1210 setting examples):

- ``office_clients`` → ``lan1``, ``office_printers`` → ``lan2``, ``wan`` or the leased-line
  ``handoff`` port → ``lan3``; a port with a VLAN becomes ``lanN/i`` with ``vlan lanN/i 802.1q vid=V``;
- the n-th ``ipsec`` port → ``tunnel select n`` with ``ipsec tunnel 100+n`` and IKE gateway ``n``;
- filters: the k-th ``AclIntent`` gets numbers ``k*1000+1 …`` in rule order (one neutral rule may
  print as several ``ip filter`` lines: RTX takes one source and one destination per filter
  and at most 10 ports per field). ``ip IF secure filter in …`` lists them in order; a packet
  matching none is rejected (RTX secure filters end in an implicit reject).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, replace

from kyodo.platforms.base import SecretResolver
from kyodo.platforms.intent import AclIntent, DeviceIntent, PortIntent, RouteIntent, VpnIntent
from kyodo.platforms.neutral import ALL_PORTS, AclRule, PortRange
from kyodo.platforms.yamaha_rtx import syntax
from kyodo.platforms.yamaha_rtx.values import UnsupportedIntent, text, token

LAN_OF_KIND = {"office_clients": "lan1", "office_printers": "lan2", "wan": "lan3", "handoff": "lan3"}
FILTER_BLOCK = 1000
MAX_PORTS = 10


@dataclass(frozen=True, slots=True)
class Filter:
    number: int
    action: str
    src: str
    dst: str
    proto: str
    sport: str
    dport: str
    rule: AclRule           # the neutral rule this line means (line/text left empty)


@dataclass(frozen=True, slots=True)
class Lan:
    name: str
    parent: str | None
    vid: int | None
    address: str
    description: str
    filters_in: tuple[int, ...]
    filters_out: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class TunnelPlan:
    number: int
    policy: int
    gateway: int
    address: str
    description: str
    filters_in: tuple[int, ...]
    filters_out: tuple[int, ...]
    local: str
    remote: str
    esp_enc: str
    esp_hash: str
    ike_enc: str
    ike_hash: str
    ike_group: str
    pfs: bool
    psk: str = ""            # filled only while rendering (never kept by expected)
    vpn: VpnIntent | None = None

    @property
    def name(self) -> str:
        return f"tunnel{self.number}"


@dataclass(frozen=True, slots=True)
class Route:
    prefix: str            # "default" | "a.b.c.d" | "a.b.c.d/len"
    gateway: str           # "tunnel 1" | address
    intent: RouteIntent
    interface: str | None


@dataclass(frozen=True, slots=True)
class Plan:
    hostname: str
    banner: str
    lans: tuple[Lan, ...]
    tunnels: tuple[TunnelPlan, ...]
    filters: tuple[Filter, ...]
    routes: tuple[Route, ...]
    acl_filters: dict[str, tuple[int, ...]]


def _chunks(ports: tuple[PortRange, ...]) -> Iterator[tuple[PortRange, ...]]:
    if ports == ALL_PORTS:
        yield ports
        return
    for i in range(0, len(ports), MAX_PORTS):
        yield ports[i:i + MAX_PORTS]


def expand_rule(rule: AclRule, acl: str) -> Iterator[AclRule]:
    """The neutral rules one intent rule prints as (one per source × destination × port chunk)."""
    if rule.in_interface or rule.out_interface:
        raise UnsupportedIntent(f"filter {acl}: interface matches inside a rule are not expressible on RTX")
    if rule.established and rule.protocol != "tcp":
        raise UnsupportedIntent(f"filter {acl}: 'established' is TCP only on RTX")
    if rule.protocol not in ("tcp", "udp") and (rule.src_ports != ALL_PORTS or rule.dst_ports != ALL_PORTS):
        raise UnsupportedIntent(f"filter {acl}: ports given for protocol {rule.protocol}")
    if rule.protocol not in ("ip", "tcp", "udp", "icmp") and not (rule.protocol.isdecimal() and int(rule.protocol) < 256):
        raise UnsupportedIntent(f"filter {acl}: protocol {rule.protocol!r}")
    for src in rule.src:
        for dst in rule.dst:
            for sp in _chunks(rule.src_ports):
                for dp in _chunks(rule.dst_ports):
                    yield AclRule(action=rule.action, protocol=rule.protocol, src=(syntax.net(src),),
                                  dst=(syntax.net(dst),), src_ports=sp, dst_ports=dp,
                                  established=rule.established, log=rule.log)


def _filters(acls: tuple[AclIntent, ...]) -> tuple[list[Filter], dict[str, tuple[int, ...]]]:
    out: list[Filter] = []
    numbers: dict[str, tuple[int, ...]] = {}
    for k, acl in enumerate(acls, start=1):
        seq = 0
        nums: list[int] = []
        for rule in acl.rules:
            for r in expand_rule(rule, acl.name):
                seq += 1
                if seq >= FILTER_BLOCK:
                    raise UnsupportedIntent(f"filter {acl.name}: more than {FILTER_BLOCK - 1} RTX filters")
                n = k * FILTER_BLOCK + seq
                nums.append(n)
                out.append(Filter(number=n, action=syntax.ACTION_WORD[(r.action, r.log)],
                                  src=syntax.fmt_addr(r.src[0]), dst=syntax.fmt_addr(r.dst[0]),
                                  proto=syntax.fmt_proto(r.protocol, r.established),
                                  sport=syntax.fmt_ports(r.src_ports), dport=syntax.fmt_ports(r.dst_ports), rule=r))
        numbers[acl.name] = tuple(nums)
    return out, numbers


def _bound(name: str | None, numbers: dict[str, tuple[int, ...]], where: str) -> tuple[int, ...]:
    if name is None:
        return ()
    if name not in numbers:
        raise UnsupportedIntent(f"{where}: filter {name!r} is not defined in the intent")
    return numbers[name]


def _lan(port: PortIntent, used: dict[str, int], numbers: dict[str, tuple[int, ...]]) -> Lan:
    base = LAN_OF_KIND.get(port.kind)
    if base is None:
        raise UnsupportedIntent(f"port kind {port.kind!r} ({port.key}) has no RTX interface (RTX is a CPE platform)")
    if port.vrf:
        raise UnsupportedIntent(f"port {port.kind}/{port.key}: VRFs are not supported on RTX")
    name, parent = base, None
    if port.vlan is not None:
        used[base] = used.get(base, 0) + 1
        name, parent = f"{base}/{used[base]}", base
    elif base in used:
        raise UnsupportedIntent(f"two ports map to {base} ({port.kind}/{port.key})")
    else:
        used[base] = 0
    token(port.address, "interface address")
    return Lan(name=name, parent=parent, vid=port.vlan, address=str(port.address),
               description=text(port.description, f"{name} description") if port.description else "",
               filters_in=_bound(port.acl_in, numbers, name), filters_out=_bound(port.acl_out, numbers, name))


def _tunnel(n: int, port: PortIntent, intent: DeviceIntent, numbers: dict[str, tuple[int, ...]]) -> TunnelPlan:
    vpn = next((v for v in intent.vpns if v.tunnel_port == (port.kind, port.key)), None)
    if vpn is None:
        raise UnsupportedIntent(f"ipsec port {port.key} has no VPN intent")
    if vpn.vrf:
        raise UnsupportedIntent(f"VPN {vpn.name}: VRFs are not supported on RTX")
    ike, esp = vpn.ike, vpn.esp
    try:
        esp_enc = syntax.ESP_ENC[esp.encryption]
        esp_hash = "" if "gcm" in esp.encryption else syntax.ESP_HASH[esp.integrity]
        ike_enc, ike_hash = syntax.IKE_ENC[ike.encryption], syntax.IKE_HASH[ike.integrity]
        ike_group = syntax.IKE_GROUP[ike.dh_group]
    except KeyError as exc:
        raise UnsupportedIntent(f"VPN {vpn.name}: algorithm {exc.args[0]!r} not available on RTX") from None
    if esp.dh_group != ike.dh_group:
        raise UnsupportedIntent(f"VPN {vpn.name}: RTX PFS uses the IKE group; ESP group {esp.dh_group} differs")
    name = f"tunnel{n}"
    return TunnelPlan(number=n, policy=100 + n, gateway=n, address=token(port.address, f"{name} address"),
                      description=text(port.description, f"{name} description") if port.description else "",
                      filters_in=_bound(port.acl_in, numbers, name), filters_out=_bound(port.acl_out, numbers, name),
                      local=token(syntax.host_addr(vpn.local_wan), "IKE local address"),
                      remote=token(syntax.host_addr(vpn.remote_wan), "IKE remote address"),
                      esp_enc=esp_enc, esp_hash=esp_hash, ike_enc=ike_enc, ike_hash=ike_hash,
                      ike_group=ike_group, pfs=True, vpn=vpn)


def _route(r: RouteIntent, tunnels: dict[tuple[str, str], TunnelPlan]) -> Route:
    if r.vrf:
        raise UnsupportedIntent(f"route {r.prefix}: VRFs are not supported on RTX")
    n = syntax.net(r.prefix)
    prefix = "default" if n == "0.0.0.0/0" else syntax.fmt_addr(n)
    if r.via is not None and r.via[0] == "ipsec":
        t = tunnels.get(r.via)
        if t is None:
            raise UnsupportedIntent(f"route {r.prefix}: via unknown tunnel port {r.via}")
        return Route(prefix=prefix, gateway=f"tunnel {t.number}", intent=r, interface=t.name)
    if r.next_hop is None:
        raise UnsupportedIntent(f"route {r.prefix}: no next hop")
    return Route(prefix=prefix, gateway=token(syntax.host_addr(r.next_hop), "next hop"), intent=r, interface=None)


def plan(intent: DeviceIntent) -> Plan:
    if intent.bgp is not None or intent.vrfs:
        raise UnsupportedIntent(f"{intent.hostname}: VRFs/BGP are not rendered for RTX (CPE platform)")
    filters, numbers = _filters(intent.acls)
    used: dict[str, int] = {}
    lans: list[Lan] = []
    tunnels: dict[tuple[str, str], TunnelPlan] = {}
    for port in intent.ports:
        if port.kind == "ipsec":
            tunnels[(port.kind, port.key)] = _tunnel(len(tunnels) + 1, port, intent, numbers)
        else:
            lans.append(_lan(port, used, numbers))
    routes = tuple(_route(r, tunnels) for r in intent.routes)
    return Plan(hostname=token(intent.hostname, "hostname"), banner=text(intent.banner, "banner"),
                lans=tuple(lans), tunnels=tuple(tunnels.values()), filters=tuple(filters), routes=routes,
                acl_filters=numbers)


def with_secrets(p: Plan, secrets: SecretResolver) -> Plan:
    """The plan with each tunnel's PSK resolved (for printing only)."""
    tunnels = []
    for t in p.tunnels:
        assert t.vpn is not None
        tunnels.append(replace(t, psk=token(secrets(t.vpn.psk_ref), f"{t.name} pre-shared key")))
    return replace(p, tunnels=tuple(tunnels))


def psk_sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
