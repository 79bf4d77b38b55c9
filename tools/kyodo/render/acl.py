"""Filters computed from the intent catalogue: which flows each port must admit.

For every intent (source zones × destination zones × ports) of one municipality, the
filter on the port where the source zone *enters* a device gets a permit for the flow,
and the filter where the destination zone enters gets the reply (TCP ``established``, or
the UDP answer from the service port). Every filter ends with ``deny ip any any log``.
One rule per (source prefix, destination prefix, port): every platform can print that.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field

from kyodo.model import MunicipalityNet, Resolved
from kyodo.platforms.neutral import ALL_PORTS, AclRule, PortRange
from kyodo.sot.models import Intent, Zone


@dataclass(frozen=True, slots=True)
class Flow:
    protocol: str  # tcp | udp | icmp
    src: str
    dst: str
    ports: tuple[PortRange, ...]


def parse_port(spec: str) -> tuple[str, tuple[PortRange, ...]]:
    if spec == "icmp":
        return "icmp", ALL_PORTS
    proto, rng = spec.split("/")
    lo, _, hi = rng.partition("-")
    return proto, (PortRange(int(lo), int(hi or lo)),)


def _host(addr: str) -> str:
    return f"{addr}/32"


def zone_prefixes(model: Resolved, m: MunicipalityNet, zone: Zone) -> list[str]:
    if zone == Zone.office_clients:
        return [m.office_clients]
    if zone == Zone.office_printers:
        return [m.office_printers]
    if zone == Zone.management:
        return [model.management_net]
    if zone == Zone.shared_services:
        return [_host(s.address) for s in model.services]
    return [_host(v.ip) for v in m.vms_of(zone.value)]


def intent_flows(model: Resolved, m: MunicipalityNet, intent: Intent) -> Iterable[tuple[Zone, Zone, Flow]]:
    """Every (source zone, destination zone, flow) an intent allows for municipality ``m``."""
    for sz in intent.sources:
        for dz in intent.destinations:
            for src in zone_prefixes(model, m, sz):
                if dz == Zone.shared_services:
                    for svc in model.services:
                        for spec in svc.ports:
                            proto, ports = parse_port(spec)
                            yield sz, dz, Flow(proto, src, _host(svc.address), ports)
                    continue
                for dst in zone_prefixes(model, m, dz):
                    for spec in intent.ports:
                        proto, ports = parse_port(spec)
                        yield sz, dz, Flow(proto, src, dst, ports)


def forward_rule(flow: Flow) -> AclRule:
    return AclRule(action="permit", protocol=flow.protocol, src=(flow.src,), dst=(flow.dst,), dst_ports=flow.ports)


def reply_rule(flow: Flow) -> AclRule | None:
    if flow.protocol == "tcp":
        return AclRule(
            action="permit", protocol="tcp", src=(flow.dst,), dst=(flow.src,), src_ports=flow.ports, established=True
        )
    if flow.protocol == "udp":
        return AclRule(action="permit", protocol="udp", src=(flow.dst,), dst=(flow.src,), src_ports=flow.ports)
    return None  # icmp replies are echo-reply; not modelled as intents


DENY_ALL = AclRule(action="deny", log=True)


@dataclass
class AclBook:
    """Rules collected per logical filter name, in insertion order, without duplicates."""

    rules: dict[str, list[AclRule]] = field(default_factory=dict)
    _seen: dict[str, set[AclRule]] = field(default_factory=dict)

    def add(self, name: str, rule: AclRule | None) -> None:
        if rule is None:
            return
        seen = self._seen.setdefault(name, set())
        if rule not in seen:
            seen.add(rule)
            self.rules.setdefault(name, []).append(rule)

    def touch(self, name: str) -> None:
        self.rules.setdefault(name, [])
        self._seen.setdefault(name, set())

    def finished(self, name: str) -> tuple[AclRule, ...]:
        return (*self.rules.get(name, []), DENY_ALL)


def supernet_of(prefixes: Iterable[str]) -> list[str]:
    return [str(n) for n in ipaddress.collapse_addresses(ipaddress.IPv4Network(p) for p in prefixes)]
