"""The nftables filters of a ``linux_frr`` device, as neutral rules, one ruleset per namespace.

Computed once from the intent and used by both the renderer (which prints them) and
``expected`` (which states what parsing must give back).

Per namespace (the default one and one per VRF) table ``inet kyodo`` holds:

- ``input`` (policy drop): loopback, established/related, IKE (udp 500/4500) and ESP from
  the IPsec peers that terminate in this namespace or whose local outside address is on a
  port of it, ICMP, and SSH to the device's management address when it lives here;
- ``forward`` (priority filter, policy drop) when a port of the namespace has an inbound
  ACL: for each port in intent order, that ACL's rules with ``iifname <port>``, or
  ``iifname <port> accept`` for a port without one (an unfiltered interface passes
  everything, as on an interface-ACL platform); a final logged reject;
- ``forward_out`` (priority filter + 10, policy drop) when a port has an outbound ACL, the
  same with ``oifname``. Both base chains see every forwarded packet, so a packet must pass
  the inbound filter of its ingress port *and* the outbound filter of its egress port,
  exactly like interface ACLs.

Decrypted IPsec traffic enters on ``ipsec0`` (policy-based IPsec, kernel-libipsec): a VPN
landing in a namespace without an ``ipsec`` port intent is an unfiltered ``ipsec0`` port.
"""

from __future__ import annotations

import dataclasses
import ipaddress
from dataclasses import dataclass

from kyodo.platforms.intent import AclIntent, DeviceIntent, PortIntent, VpnIntent
from kyodo.platforms.linux_frr import names
from kyodo.platforms.neutral import ANY, Acl, AclRule, Action, PortRange

TABLE_FAMILY = "inet"
TABLE_NAME = "kyodo"
IKE_PORTS = (PortRange(500, 500), PortRange(4500, 4500))
ESP = "50"


@dataclass(frozen=True, slots=True)
class Chain:
    name: str
    hook: str            # input | forward
    priority: int        # offset from 'filter' (0)
    policy: Action
    rules: tuple[AclRule, ...]
    log_prefix: str      # printed on rules with log=True


@dataclass(frozen=True, slots=True)
class Ruleset:
    vrf: str
    chains: tuple[Chain, ...]


def acl_name(vrf: str, chain: str, family: str = TABLE_FAMILY, table: str = TABLE_NAME) -> str:
    """The neutral name of a chain: ``[<vrf>:]<family> <table> <chain>``."""
    base = f"{family} {table} {chain}"
    return f"{vrf}:{base}" if vrf else base


def namespaces(intent: DeviceIntent) -> list[str]:
    """The default namespace first, then every VRF (intent order), then VRFs only ports name."""
    out: dict[str, None] = {"": None}
    for name in [v.name for v in intent.vrfs] + [p.vrf for p in intent.ports]:
        out.setdefault(names.vrf_name(name), None)
    return list(out)


def rulesets(intent: DeviceIntent) -> list[Ruleset]:
    acls = {a.name: a for a in intent.acls}
    by_vrf: dict[str, list[PortIntent]] = {}
    for p in intent.ports:
        by_vrf.setdefault(p.vrf, []).append(p)
    vpns: dict[str, list[VpnIntent]] = {}
    holders: dict[str, set[str]] = {}
    for p in intent.ports:
        if p.address:
            holders.setdefault(p.address.split("/")[0], set()).add(p.vrf)
    for v in intent.vpns:
        vpns.setdefault(v.vrf, []).append(v)
        # IKE also reaches the namespace whose port holds the local outside address (one charon there)
        for vrf in sorted(holders.get(v.local_wan, set()) - {v.vrf}):
            vpns.setdefault(vrf, []).append(v)
    mgmt = _management_namespace(intent)
    return [Ruleset(vrf=ns, chains=_chains(intent, ns, by_vrf.get(ns, []), vpns.get(ns, []), acls, mgmt == ns))
            for ns in namespaces(intent)]


def to_acls(ruleset: Ruleset) -> list[Acl]:
    return [
        Acl(name=acl_name(ruleset.vrf, c.name), rules=c.rules, default=c.policy,
            scope="input" if c.hook == "input" else "forward", vrf=ruleset.vrf)
        for c in ruleset.chains
    ]


def _chains(intent: DeviceIntent, ns: str, members: list[PortIntent], vpns: list[VpnIntent],
            acls: dict[str, AclIntent], management: bool) -> tuple[Chain, ...]:
    ports = [(names.port_name(intent, p), p) for p in members]
    landing = any(v.vrf == ns for v in vpns)
    if landing and not any(p.kind == "ipsec" for _, p in ports):
        ports.append((names.IPSEC_IFNAME, PortIntent(kind="ipsec", key="", vrf=ns, address="", description="")))
    tag = ns or "default"
    chains = [Chain("input", "input", 0, "deny", tuple(_input_rules(intent, vpns, management)),
                    f"kyodo {tag} input: ")]
    if any(p.acl_in for _, p in ports):
        chains.append(Chain("forward", "forward", 0, "deny", _filter(ports, acls, inbound=True),
                            f"kyodo {tag} fwd-in: "))
    if any(p.acl_out for _, p in ports):
        chains.append(Chain("forward_out", "forward", 10, "deny", _filter(ports, acls, inbound=False),
                            f"kyodo {tag} fwd-out: "))
    return tuple(chains)


def _nets(nets: tuple[str, ...]) -> tuple[str, ...]:
    out = tuple(names.network(n) for n in nets)
    return (ANY,) if ANY in out or not out else out


def normal(rule: AclRule) -> AclRule:
    """A rule as the parser reads it back: networks normalised, "any" alone, well-known
    protocol numbers by name, no line/text."""
    proto = {"1": "icmp", "6": "tcp", "17": "udp"}.get(rule.protocol, rule.protocol)
    return dataclasses.replace(rule, protocol=proto, src=_nets(rule.src), dst=_nets(rule.dst), line=0, text="")


def _input_rules(intent: DeviceIntent, vpns: list[VpnIntent], management: bool) -> list[AclRule]:
    rules = [AclRule(action="permit", in_interface="lo"), AclRule(action="permit", established=True)]
    for v in vpns:
        peer = (f"{names.address(v.remote_wan)}/32",)
        rules.append(AclRule(action="permit", protocol="udp", src=peer, dst_ports=IKE_PORTS))
        rules.append(AclRule(action="permit", protocol=ESP, src=peer))
    rules.append(AclRule(action="permit", protocol="icmp"))
    if management:
        mgmt = f"{names.address(intent.management_address)}/32"
        rules.append(AclRule(action="permit", protocol="tcp", dst=(mgmt,), dst_ports=(PortRange(22, 22),)))
    return rules


def _management_namespace(intent: DeviceIntent) -> str:
    """SSH is allowed in the namespace whose port subnet holds the management address
    (the default namespace when no port does)."""
    mgmt = ipaddress.IPv4Address(names.address(intent.management_address))
    for p in intent.ports:
        if p.address and mgmt in ipaddress.IPv4Interface(names.interface_address(p.address)).network:
            return p.vrf
    return ""


def _filter(ports: list[tuple[str, PortIntent]], acls: dict[str, AclIntent], *, inbound: bool) -> tuple[AclRule, ...]:
    rules: list[AclRule] = []
    for name, port in ports:
        bound = port.acl_in if inbound else port.acl_out
        if bound is None:
            rules.append(AclRule(action="permit", in_interface=name) if inbound
                         else AclRule(action="permit", out_interface=name))
            continue
        acl = acls.get(bound)
        if acl is None:
            raise names.RenderError(f"port {name} refers to ACL '{bound}' that the intent does not define")
        for r in acl.rules:
            if inbound:
                rules.append(normal(dataclasses.replace(r, in_interface=r.in_interface or name)))
            else:
                rules.append(normal(dataclasses.replace(r, out_interface=r.out_interface or name)))
    rules.append(AclRule(action="deny", log=True))
    return tuple(rules)
