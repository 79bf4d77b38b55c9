"""Hand-built CPE intents shared by the Yamaha RTX and NEC IX tests (vendor-neutral: the
platform name is a parameter), independent of how the intent builder evolves.

Three CPEs: an IPsec branch, a leased-line branch and an IPsec branch whose office LANs are
802.1Q VLANs. Their filters exercise what the vendors must expand: several ports, several
sources in one rule, TCP ``established`` replies, UDP replies from a service port, ESP,
ICMP and the final ``deny ip any any log``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from typing import Any

from kyodo.platforms.intent import AclIntent, DeviceIntent, PortIntent, Proposal, RouteIntent, VpnIntent
from kyodo.platforms.neutral import AclRule, DeviceConfig, PortRange

IKE = Proposal(encryption="aes256", integrity="sha256", dh_group=14)
ESP = Proposal(encryption="aes256", integrity="sha256", dh_group=14)
DC_NETS = ("10.64.0.0/26", "10.64.0.64/26", "10.255.0.0/24", "10.250.0.0/24")
WEBAP = ("10.64.0.11/32", "10.64.0.12/32")
PRINT = "10.64.0.31/32"
PRINT_PORTS = (PortRange(9100, 9100), PortRange(515, 515), PortRange(631, 631))
DENY_ALL = AclRule(action="deny", log=True)


def secret(ref: str) -> str:
    return "test-key-" + ref.split(":", 1)[1]


def _acls(clients: str, printers: str, wan: str | None, hub: str | None) -> tuple[AclIntent, ...]:
    https = (PortRange(443, 443),)
    lan_clients = (
        AclRule(action="permit", protocol="tcp", src=(clients,), dst=WEBAP, dst_ports=https),
        AclRule(action="permit", protocol="udp", src=(clients,), dst=("10.255.0.11/32",),
                dst_ports=(PortRange(53, 53),)),
        AclRule(action="permit", protocol="icmp", src=(clients,), dst=("10.64.0.0/26",)),
        DENY_ALL,
    )
    lan_printers = (
        AclRule(action="permit", protocol="tcp", src=(printers,), dst=(PRINT,), src_ports=PRINT_PORTS,
                established=True),
        DENY_ALL,
    )
    link = (
        AclRule(action="permit", protocol="tcp", src=WEBAP, dst=(clients,), src_ports=https, established=True),
        AclRule(action="permit", protocol="udp", src=("10.255.0.11/32",), dst=(clients,),
                src_ports=(PortRange(53, 53),)),
        AclRule(action="permit", protocol="tcp", src=(PRINT,), dst=(printers,), dst_ports=PRINT_PORTS),
        AclRule(action="permit", protocol="tcp", src=("10.250.0.0/24",), dst=(clients,),
                dst_ports=(PortRange(1024, 65535),)),
        DENY_ALL,
    )
    out = [
        AclIntent(name="LAN-CLIENTS-IN", rules=lan_clients, vrf="", description="kyodo filter LAN-CLIENTS-IN"),
        AclIntent(name="LAN-PRINTERS-IN", rules=lan_printers, vrf="", description="kyodo filter LAN-PRINTERS-IN"),
        AclIntent(name="LINK-IN", rules=link, vrf="", description="kyodo filter LINK-IN"),
    ]
    if wan and hub:
        out.append(AclIntent(name="WAN-IN", vrf="", description="kyodo filter WAN-IN", rules=(
            AclRule(action="permit", protocol="udp", src=(hub,), dst=(wan,), dst_ports=(PortRange(500, 500),)),
            AclRule(action="permit", protocol="udp", src=(hub,), dst=(wan,), dst_ports=(PortRange(4500, 4500),)),
            AclRule(action="permit", protocol="50", src=(hub,), dst=(wan,)),
            DENY_ALL,
        )))
    return tuple(out)


def _office(code: str, clients: str, printers: str, vlans: tuple[int | None, int | None]) -> list[PortIntent]:
    return [
        PortIntent(kind="office_clients", key=code, vrf="", address=clients, description=f"{code} office clients",
                   vlan=vlans[0], acl_in="LAN-CLIENTS-IN"),
        PortIntent(kind="office_printers", key=code, vrf="", address=printers,
                   description=f"{code} office printers", vlan=vlans[1], acl_in="LAN-PRINTERS-IN"),
    ]


def cpe_ipsec(platform: str, *, vlans: tuple[int | None, int | None] = (None, None)) -> DeviceIntent:
    code = "312011"
    ports = [
        *_office(code, "10.128.0.1/24", "10.128.1.1/24", vlans),
        PortIntent(kind="wan", key="wan", vrf="", address="198.18.0.10/24", description="internet uplink",
                   acl_in="WAN-IN"),
        PortIntent(kind="ipsec", key=code, vrf="", address="172.16.0.2/30",
                   description="IPsec tunnel to the prefecture cloud", tunnel_id=1, peer_address="172.16.0.1",
                   acl_in="LINK-IN"),
    ]
    routes = [RouteIntent(vrf="", prefix="203.0.113.1/32", next_hop="198.18.0.1", via=("wan", "wan"),
                          description="IPsec peer only")]
    routes += [RouteIntent(vrf="", prefix=n, next_hop="172.16.0.1", via=("ipsec", code), description="cloud")
               for n in DC_NETS]
    vpn = VpnIntent(name="M312011", municipality=code, vrf="", local_wan="198.18.0.10", remote_wan="203.0.113.1",
                    psk_ref="vault:psk_312011", ike=IKE, esp=ESP, tunnel_port=("ipsec", code),
                    local_ts=("10.128.0.0/24", "10.128.1.0/24"), remote_ts=DC_NETS)
    return DeviceIntent(hostname="cpe-312011" if vlans == (None, None) else "cpe-312011-vlan", platform=platform,
                        roles=("cpe",), management_address="10.252.0.1", vrfs=(), ports=tuple(ports),
                        routes=tuple(routes), acls=_acls("10.128.0.0/24", "10.128.1.0/24", "198.18.0.10/32",
                                                         "203.0.113.1/32"),
                        vpns=(vpn,), bgp=None)


def cpe_leased(platform: str) -> DeviceIntent:
    code = "312029"
    ports = [
        *_office(code, "10.128.2.1/24", "10.128.3.1/24", (None, None)),
        PortIntent(kind="handoff", key=code, vrf="", address="172.16.0.6/30", description="leased line NTT-0002",
                   peer_address="172.16.0.5", acl_in="LINK-IN"),
    ]
    routes = tuple(RouteIntent(vrf="", prefix=n, next_hop="172.16.0.5", via=("handoff", code), description="cloud")
                   for n in DC_NETS)
    return DeviceIntent(hostname="cpe-312029", platform=platform, roles=("cpe",), management_address="10.252.0.2",
                        vrfs=(), ports=tuple(ports), routes=routes,
                        acls=_acls("10.128.2.0/24", "10.128.3.0/24", None, None), vpns=(), bgp=None)


def all_cpes(platform: str) -> dict[str, DeviceIntent]:
    return {"ipsec": cpe_ipsec(platform), "leased_line": cpe_leased(platform),
            "ipsec_vlan": cpe_ipsec(platform, vlans=(110, 120))}


# --- comparison helpers -------------------------------------------------------------------


def strip(value: Any) -> Any:
    """Plain facts without line numbers, raw text and unparsed lines (for round-trip comparison)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k not in ("line", "text", "lines", "unparsed")}
    if isinstance(value, list | tuple):
        return [strip(v) for v in value]
    return value


def unordered(config: DeviceConfig) -> Any:
    """``strip`` with object lists sorted (a line-tree apply may move lines; order of rules is kept)."""
    facts = strip(config)
    for key in ("interfaces", "acls", "static_routes", "proposals", "vpn_peers", "vrfs", "bgp"):
        facts[key] = sorted(facts[key], key=repr)
    return facts


def with_psk_hashes(expected: DeviceConfig, secrets: Callable[[str], str]) -> DeviceConfig:
    """Expected peers name ``psk_ref``; parsed peers carry the hash of the resolved secret."""
    peers = tuple(
        dataclasses.replace(p, psk_ref=None, psk_sha256=hashlib.sha256(secrets(p.psk_ref).encode()).hexdigest())
        if p.psk_ref else p
        for p in expected.vpn_peers
    )
    return dataclasses.replace(expected, vpn_peers=peers)


def atoms(rules: Any, *, keep_log: bool = True) -> list[tuple[Any, ...]]:
    """Ordered single-match atoms of a rule list: one per source × destination × source port × destination
    port. Two rule lists that give the same atoms in the same order filter the same way."""
    out = []
    for r in rules:
        for s in r.src:
            for d in r.dst:
                for sp in r.src_ports:
                    for dp in r.dst_ports:
                        out.append((r.action, r.protocol, s, d, sp.lo, sp.hi, dp.lo, dp.hi, r.established,
                                    r.log if keep_log else False))
    return out
