"""Small hand-built intents for linux_frr tests and golden files (independent of the intent builder).

Two municipalities on one DC router: 312011 over IPsec, 312029 over a leased line; an LGWAN
VRF; hub links to shared services; the internet edge and the IPsec outside in the default
namespace. One outbound ACL (on 312029's DB segment) exercises the second forward chain.
"""

from __future__ import annotations

import hashlib

from kyodo.platforms.intent import (
    AclIntent,
    BgpIntent,
    DeviceIntent,
    PortIntent,
    Proposal,
    RouteIntent,
    VpnIntent,
    VrfIntent,
)
from kyodo.platforms.neutral import AclRule, PortRange

IKE = Proposal(encryption="aes256", integrity="sha256", dh_group=14)
ESP = Proposal(encryption="aes256gcm16", integrity="sha256", dh_group=31)
SHARED = ("10.255.0.0/24", "10.250.0.0/24")


def secret(ref: str) -> str:
    return "sample-" + hashlib.sha256(ref.encode()).hexdigest()[:20]


def _tcp(src: str, dst: str, port: int, *, reply: bool = False) -> AclRule:
    if reply:
        return AclRule(action="permit", protocol="tcp", src=(dst,), dst=(src,), src_ports=(PortRange(port, port),),
                       established=True)
    return AclRule(action="permit", protocol="tcp", src=(src,), dst=(dst,), dst_ports=(PortRange(port, port),))


DENY = AclRule(action="deny", log=True)


def dc() -> DeviceIntent:
    ports = (
        PortIntent("server", "312011", "M312011", "10.64.0.1/26", "312011 server segment VLAN 100", vlan=100,
                   acl_in="M312011-SERVER-IN"),
        PortIntent("db", "312011", "M312011", "10.64.0.65/26", "312011 db segment VLAN 101", vlan=101,
                   acl_in="M312011-DB-IN"),
        PortIntent("ipsec", "312011", "M312011", "172.16.0.1/30", "312011 IPsec tunnel", tunnel_id=1,
                   peer_address="172.16.0.2", acl_in="M312011-LINK-IN"),
        PortIntent("hub_link", "312011", "M312011", "10.64.0.129/30", "312011 shared services link",
                   peer_address="10.64.0.130"),
        PortIntent("server", "312029", "M312029", "10.64.1.1/26", "312029 server segment VLAN 102", vlan=102,
                   acl_in="M312029-SERVER-IN"),
        PortIntent("db", "312029", "M312029", "10.64.1.65/26", "312029 db segment VLAN 103", vlan=103,
                   acl_out="M312029-DB-OUT"),
        PortIntent("handoff", "312029", "M312029", "172.16.0.5/30", "312029 leased line NTT-0002", vlan=3600,
                   peer_address="172.16.0.6", acl_in="M312029-LINK-IN"),
        PortIntent("hub_link", "312029", "M312029", "10.64.1.129/30", "312029 shared services link",
                   peer_address="10.64.1.130"),
        PortIntent("lgwan", "lgwan", "LGWAN", "10.240.0.1/16", "LGWAN segment", acl_in="LGWAN-IN"),
        PortIntent("internet", "internet", "", "192.0.2.1/24", "internet edge segment", acl_in="INET-IN"),
        PortIntent("wan", "wan", "", "203.0.113.1/24", "IPsec outside"),
    )
    routes = (
        RouteIntent("", "0.0.0.0/0", "192.0.2.254", via=("internet", "internet")),
        RouteIntent("M312011", "10.128.0.0/24", "172.16.0.2", via=("ipsec", "312011")),
        *(RouteIntent("M312011", n, "10.64.0.130", via=("hub_link", "312011")) for n in SHARED),
        RouteIntent("M312029", "10.128.2.0/24", "172.16.0.6", via=("handoff", "312029")),
        *(RouteIntent("M312029", n, "10.64.1.130", via=("hub_link", "312029")) for n in SHARED),
    )
    acls = (
        AclIntent("M312011-SERVER-IN", (_tcp("10.64.0.11/32", "10.128.0.0/24", 443, reply=True),
                                        _tcp("10.64.0.11/32", "10.64.0.75/32", 1521), DENY), "M312011", "server in"),
        AclIntent("M312011-DB-IN", (_tcp("10.64.0.11/32", "10.64.0.75/32", 1521, reply=True), DENY), "M312011",
                  "db in"),
        AclIntent("M312011-LINK-IN", (_tcp("10.128.0.0/24", "10.64.0.11/32", 443), DENY), "M312011", "link in"),
        AclIntent("M312029-SERVER-IN", (_tcp("10.64.1.11/32", "10.128.2.0/24", 443, reply=True), DENY), "M312029",
                  "server in"),
        AclIntent("M312029-DB-OUT", (_tcp("10.64.1.11/32", "10.64.1.75/32", 1521),
                                     AclRule(action="permit", protocol="icmp", src=("10.250.0.0/24",)), DENY),
                  "M312029", "db out"),
        AclIntent("M312029-LINK-IN", (_tcp("10.128.2.0/24", "10.64.1.11/32", 443), DENY), "M312029", "link in"),
        AclIntent("LGWAN-IN", (DENY,), "LGWAN", "lgwan in"),
        AclIntent("INET-IN", (DENY,), "", "internet in"),
    )
    vpn = VpnIntent(name="M312011", municipality="312011", vrf="M312011", local_wan="203.0.113.1",
                    remote_wan="198.51.100.10", psk_ref="vault:psk_312011", ike=IKE, esp=ESP,
                    tunnel_port=("ipsec", "312011"), local_ts=("10.64.0.0/26", "10.64.0.64/26", *SHARED),
                    remote_ts=("10.128.0.0/24",))
    return DeviceIntent(
        hostname="dc-core1", platform="linux_frr", roles=("dc_core", "vpn_hub", "leased_line_pe"),
        management_address="10.250.0.2",
        vrfs=(VrfIntent("M312011", "65000:312011", ("65000:312011",), ("65000:312011",), "Tottori 312011", "312011"),
              VrfIntent("M312029", "65000:312029", ("65000:312029",), ("65000:312029",), "Yonago 312029", "312029"),
              VrfIntent("LGWAN", "65000:2", (), (), "LGWAN segment", None)),
        ports=ports, routes=routes, acls=acls, vpns=(vpn,),
        bgp=BgpIntent(asn=65000, router_id="10.250.0.2", vrfs=("M312011", "M312029")),
    )


def cpe_ipsec() -> DeviceIntent:
    ports = (
        PortIntent("office_clients", "312011", "", "10.128.0.1/24", "312011 office clients", acl_in="LAN-IN"),
        PortIntent("office_printers", "312011", "", "10.128.1.1/24", "312011 office printers"),
        PortIntent("wan", "wan", "", "198.51.100.10/24", "internet uplink"),
        PortIntent("ipsec", "312011", "", "172.16.0.2/30", "IPsec tunnel to the prefecture cloud",
                   peer_address="172.16.0.1", acl_in="LINK-IN"),
    )
    routes = (
        RouteIntent("", "203.0.113.1/32", "198.51.100.1", via=("wan", "wan")),
        *(RouteIntent("", n, "172.16.0.1", via=("ipsec", "312011")) for n in ("10.64.0.0/26", *SHARED)),
    )
    acls = (
        AclIntent("LAN-IN", (_tcp("10.128.0.0/24", "10.64.0.11/32", 443), DENY), "", "lan in"),
        AclIntent("LINK-IN", (_tcp("10.128.0.0/24", "10.64.0.11/32", 443, reply=True), DENY), "", "link in"),
    )
    vpn = VpnIntent(name="M312011", municipality="312011", vrf="", local_wan="198.51.100.10",
                    remote_wan="203.0.113.1", psk_ref="vault:psk_312011", ike=IKE, esp=ESP,
                    tunnel_port=("ipsec", "312011"), local_ts=("10.128.0.0/24",),
                    remote_ts=("10.64.0.0/26", "10.64.0.64/26", *SHARED))
    return DeviceIntent(hostname="cpe-312011", platform="linux_frr", roles=("cpe",),
                        management_address="10.252.0.1", vrfs=(), ports=ports, routes=routes, acls=acls,
                        vpns=(vpn,), bgp=None)


def cpe_leased() -> DeviceIntent:
    ports = (
        PortIntent("office_clients", "312029", "", "10.128.2.1/24", "312029 office clients"),
        PortIntent("office_printers", "312029", "", "10.128.3.1/24", "312029 office printers"),
        PortIntent("handoff", "312029", "", "172.16.0.6/30", "leased line NTT-0002", peer_address="172.16.0.5"),
    )
    routes = tuple(RouteIntent("", n, "172.16.0.5", via=("handoff", "312029"))
                   for n in ("10.64.1.0/26", "10.64.1.64/26", *SHARED))
    return DeviceIntent(hostname="cpe-312029", platform="linux_frr", roles=("cpe",),
                        management_address="10.252.0.2", vrfs=(), ports=ports, routes=routes, acls=(), vpns=(),
                        bgp=None)


ALL = {"dc_core": dc, "cpe_ipsec": cpe_ipsec, "cpe_leased_line": cpe_leased}
