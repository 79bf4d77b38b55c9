"""What a ``linux_frr`` device is made of, computed from its intent in Python (names checked,
addresses normalised). The renderer prints it; ``expected`` turns it into neutral facts.

A route with ``next_hop_vrf`` prints FRR's ``nexthop-vrf``. FRR accepts and shows it, but
with netns VRFs the kernel never installs it (see lab-facts): such intents need a link port
(like ``hub_link``) on this platform.

Routes whose next hop is an IPsec tunnel (``via`` an ``ipsec`` port, or a next hop inside an
``ipsec`` port's subnet) are not FRR routes on this platform: policy-based IPsec installs
them from the connection's traffic selectors (``VpnPeer.remote_ts``).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from kyodo.platforms.intent import DeviceIntent, PortIntent, RouteIntent
from kyodo.platforms.linux_frr import names


@dataclass(frozen=True, slots=True)
class IfacePlan:
    name: str
    vrf: str
    address: str
    description: str


@dataclass(frozen=True, slots=True)
class RoutePlan:
    vrf: str
    prefix: str
    next_hop: str | None
    interface: str | None
    next_hop_vrf: str | None = None


def interfaces(intent: DeviceIntent) -> list[IfacePlan]:
    out: list[IfacePlan] = []
    seen: set[tuple[str, str]] = set()
    for p in intent.ports:
        if p.kind == "ipsec":
            continue
        name = names.port_name(intent, p)
        vrf = names.vrf_name(p.vrf)
        if (name, vrf) in seen:
            raise names.RenderError(f"{intent.hostname}: two ports named {name} in VRF '{vrf or 'default'}'")
        seen.add((name, vrf))
        out.append(IfacePlan(name=name, vrf=vrf, address=names.interface_address(p.address),
                             description=names.text(p.description) if p.description else ""))
    return out


def _tunnel_nets(intent: DeviceIntent) -> dict[str, list[ipaddress.IPv4Network]]:
    out: dict[str, list[ipaddress.IPv4Network]] = {}
    for p in intent.ports:
        if p.kind == "ipsec" and p.address:
            out.setdefault(p.vrf, []).append(ipaddress.IPv4Interface(p.address).network)
    return out


def routes(intent: DeviceIntent) -> list[RoutePlan]:
    out: list[RoutePlan] = []
    tunnels = _tunnel_nets(intent)
    ports: dict[tuple[str, str], PortIntent] = {}
    for p in intent.ports:
        ports.setdefault((p.kind, p.key), p)
    for r in intent.routes:
        plan = _route(intent, r, tunnels, ports)
        if plan is not None:
            out.append(plan)
    return out


def _route(intent: DeviceIntent, r: RouteIntent, tunnels: dict[str, list[ipaddress.IPv4Network]],
           ports: dict[tuple[str, str], PortIntent]) -> RoutePlan | None:
    vrf = names.vrf_name(r.vrf)
    prefix = names.network(r.prefix)
    iface: str | None = None
    if r.via is not None:
        if r.via[0] == "ipsec":
            return None
        port = ports.get(r.via)
        if port is None:
            raise names.RenderError(f"{intent.hostname}: route {prefix} via unknown port {r.via}")
        iface = names.port_name(intent, port)
    hop = names.address(r.next_hop) if r.next_hop else None
    if hop and any(ipaddress.IPv4Address(hop) in net for net in tunnels.get(r.vrf, ())):
        return None
    if hop is None and iface is None:
        raise names.RenderError(f"{intent.hostname}: route {prefix} has neither next hop nor port")
    nh_vrf = None if r.next_hop_vrf is None else names.vrf_name(r.next_hop_vrf)
    return RoutePlan(vrf=vrf, prefix=prefix, next_hop=hop, interface=iface, next_hop_vrf=nh_vrf)


def route_line(r: RoutePlan) -> str:
    leak = None if r.next_hop_vrf is None else f"nexthop-vrf {r.next_hop_vrf or 'default'}"
    return " ".join(x for x in ("ip route", r.prefix, r.next_hop, r.interface, leak) if x)
