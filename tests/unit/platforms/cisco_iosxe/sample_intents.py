"""Hand-built intents for the IOS-XE tests (independent of the intent builder's evolution).

The DC core terminates one IPsec municipality (M312011) and one leased-line municipality
(M312029, with an LGWAN exception); the CPEs are one IPsec branch and one leased-line
branch. Secrets resolve to deterministic test strings.
"""

from __future__ import annotations

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

IKE = Proposal(encryption="aes256", integrity="sha256", dh_group=19)
ESP = Proposal(encryption="aes256gcm16", integrity="sha256", dh_group=19)
IKE_CBC14 = Proposal(encryption="aes256", integrity="sha384", dh_group=14)
ESP_CBC = Proposal(encryption="aes256", integrity="sha256", dh_group=14)


def secret(ref: str) -> str:
    return "test-key-" + ref.split(":", 1)[1]


def _https(src: str, dst: str) -> AclRule:
    return AclRule(action="permit", protocol="tcp", src=(src,), dst=(dst,), dst_ports=(PortRange(443, 443),))


def dc_intent() -> DeviceIntent:
    vrfs = (
        VrfIntent(
            name="M312011",
            rd="65000:312011",
            rt_import=("65000:312011", "65000:1"),
            rt_export=("65000:312011",),
            description="鳥取市 312011",
            municipality="312011",
        ),
        VrfIntent(
            name="M312029",
            rd="65000:312029",
            rt_import=("65000:312029", "65000:1"),
            rt_export=("65000:312029",),
            description="米子市 312029",
            municipality="312029",
        ),
        VrfIntent(
            name="SHARED",
            rd="65000:1",
            rt_import=("65000:1", "65000:312011", "65000:312029"),
            rt_export=("65000:1",),
            description="shared services hub",
            municipality=None,
        ),
        VrfIntent(
            name="LGWAN", rd="65000:2", rt_import=(), rt_export=(), description="LGWAN segment", municipality=None
        ),
    )
    ports = (
        PortIntent(
            kind="server",
            key="312011",
            vrf="M312011",
            address="10.64.0.1/26",
            description="312011 server segment VLAN 100",
            vlan=100,
            acl_in="M312011-SERVER-IN",
        ),
        PortIntent(
            kind="db",
            key="312011",
            vrf="M312011",
            address="10.64.0.65/26",
            description="312011 db segment VLAN 101",
            vlan=101,
            acl_in="M312011-DB-IN",
        ),
        PortIntent(
            kind="ipsec",
            key="312011",
            vrf="M312011",
            address="172.16.0.1/30",
            description="312011 IPsec tunnel",
            tunnel_id=1,
            peer_address="172.16.0.2",
            acl_in="M312011-LINK-IN",
        ),
        PortIntent(
            kind="server",
            key="312029",
            vrf="M312029",
            address="10.64.1.1/26",
            description="312029 server segment VLAN 102",
            vlan=102,
            acl_in="M312029-SERVER-IN",
        ),
        PortIntent(
            kind="db",
            key="312029",
            vrf="M312029",
            address="10.64.1.65/26",
            description="312029 db segment VLAN 103",
            vlan=103,
        ),
        PortIntent(
            kind="handoff",
            key="312029",
            vrf="M312029",
            address="172.16.0.5/30",
            description="312029 leased line NTT-0002",
            vlan=3600,
            peer_address="172.16.0.6",
            acl_in="M312029-LINK-IN",
        ),
        PortIntent(
            kind="shared",
            key="shared",
            vrf="SHARED",
            address="10.255.0.1/24",
            description="shared services segment",
            acl_in="SHARED-IN",
        ),
        PortIntent(kind="lgwan", key="lgwan", vrf="LGWAN", address="10.240.0.1/24", description="LGWAN segment"),
        PortIntent(
            kind="internet",
            key="internet",
            vrf="",
            address="192.0.2.1/24",
            description="internet edge segment",
            acl_out="INET-OUT",
        ),
        PortIntent(kind="wan", key="wan", vrf="", address="203.0.113.1/24", description="IPsec outside"),
    )
    routes = (
        RouteIntent(vrf="M312011", prefix="10.128.0.0/24", next_hop="172.16.0.2", via=("ipsec", "312011")),
        RouteIntent(
            vrf="M312029",
            prefix="10.128.2.0/23",
            next_hop="172.16.0.6",
            via=("handoff", "312029"),
            description="office-312029",
        ),
        RouteIntent(
            vrf="M312029",
            prefix="10.240.1.10/32",
            next_hop="10.240.0.254",
            via=("lgwan", "lgwan"),
            next_hop_vrf="LGWAN",
            description="LGWAN exception eltax",
        ),
        RouteIntent(vrf="M312011", prefix="10.99.0.0/16", next_hop=None, description="blackhole"),
        RouteIntent(vrf="", prefix="0.0.0.0/0", next_hop="192.0.2.254", via=("internet", "internet")),
    )
    acls = (
        AclIntent(
            name="M312011-SERVER-IN",
            vrf="M312011",
            description="kyodo filter M312011-SERVER-IN",
            rules=(
                AclRule(
                    action="permit",
                    protocol="tcp",
                    src=("10.64.0.11/32", "10.64.0.21/32"),
                    dst=("10.64.0.64/26",),
                    dst_ports=(PortRange(1521, 1521),),
                ),
                AclRule(
                    action="permit",
                    protocol="tcp",
                    src=("10.64.0.11/32",),
                    src_ports=(PortRange(443, 443),),
                    dst=("10.128.0.0/24",),
                    established=True,
                ),
                AclRule(
                    action="permit",
                    protocol="udp",
                    src=("10.64.0.0/26",),
                    dst=("10.255.0.10/32",),
                    dst_ports=(PortRange(123, 123), PortRange(5000, 5010)),
                ),
            ),
        ),
        AclIntent(
            name="M312011-DB-IN",
            vrf="M312011",
            description="kyodo filter M312011-DB-IN",
            rules=(
                AclRule(
                    action="permit",
                    protocol="tcp",
                    src=("10.64.0.74/32",),
                    src_ports=(PortRange(1521, 1521),),
                    dst=("10.64.0.0/26",),
                    established=True,
                ),
            ),
        ),
        AclIntent(
            name="M312011-LINK-IN",
            vrf="M312011",
            description="kyodo filter M312011-LINK-IN",
            rules=(_https("10.128.0.0/24", "10.64.0.11/32"),),
        ),
        AclIntent(
            name="M312029-SERVER-IN",
            vrf="M312029",
            description="kyodo filter M312029-SERVER-IN",
            rules=(
                AclRule(
                    action="permit",
                    protocol="tcp",
                    src=("10.64.1.11/32",),
                    dst=("10.240.1.10/32",),
                    dst_ports=(PortRange(443, 443),),
                ),
            ),
        ),
        AclIntent(
            name="M312029-LINK-IN",
            vrf="M312029",
            description="kyodo filter M312029-LINK-IN",
            rules=(
                _https("10.128.2.0/24", "10.64.1.11/32"),
                AclRule(action="deny", protocol="ip", src=("10.128.3.0/24",), log=True),
            ),
        ),
        AclIntent(
            name="SHARED-IN",
            vrf="SHARED",
            description="kyodo filter SHARED-IN",
            rules=(
                AclRule(
                    action="permit",
                    protocol="udp",
                    src=("10.255.0.10/32",),
                    src_ports=(PortRange(123, 123),),
                    dst=("10.64.0.0/26",),
                ),
            ),
        ),
        AclIntent(
            name="INET-OUT",
            vrf="",
            description="kyodo filter INET-OUT",
            rules=(AclRule(action="deny", protocol="ip", log=True),),
        ),
    )
    vpns = (
        VpnIntent(
            name="M312011",
            municipality="312011",
            vrf="M312011",
            local_wan="203.0.113.1",
            remote_wan="198.18.0.10",
            psk_ref="vault:psk_312011",
            ike=IKE,
            esp=ESP,
            tunnel_port=("ipsec", "312011"),
            local_ts=("10.64.0.0/26", "10.64.0.64/26"),
            remote_ts=("10.128.0.0/24",),
        ),
    )
    return DeviceIntent(
        hostname="dc-core1",
        platform="cisco_iosxe",
        roles=("dc_core", "vpn_hub", "leased_line_pe"),
        management_address="10.250.0.2",
        vrfs=vrfs,
        ports=ports,
        routes=routes,
        acls=acls,
        vpns=vpns,
        bgp=BgpIntent(asn=65000, router_id="10.250.0.2", vrfs=("M312011", "M312029", "SHARED")),
    )


def cpe_ipsec_intent() -> DeviceIntent:
    ports = (
        PortIntent(
            kind="office_clients",
            key="312011",
            vrf="",
            address="10.128.0.1/24",
            description="312011 office clients",
            acl_in="LAN-CLIENTS-IN",
        ),
        PortIntent(
            kind="office_printers", key="312011", vrf="", address="10.128.1.1/24", description="312011 office printers"
        ),
        PortIntent(
            kind="wan", key="wan", vrf="", address="198.18.0.10/24", description="internet uplink", acl_in="WAN-IN"
        ),
        PortIntent(
            kind="ipsec",
            key="312011",
            vrf="",
            address="172.16.0.2/30",
            description="IPsec tunnel to the prefecture cloud",
            tunnel_id=1,
            peer_address="172.16.0.1",
        ),
    )
    acls = (
        AclIntent(
            name="LAN-CLIENTS-IN",
            vrf="",
            description="kyodo filter LAN-CLIENTS-IN",
            rules=(_https("10.128.0.0/24", "10.64.0.11/32"),),
        ),
        AclIntent(
            name="WAN-IN",
            vrf="",
            description="kyodo filter WAN-IN",
            rules=(
                AclRule(
                    action="permit",
                    protocol="udp",
                    src=("203.0.113.1/32",),
                    dst=("198.18.0.10/32",),
                    dst_ports=(PortRange(500, 500), PortRange(4500, 4500)),
                ),
                AclRule(action="permit", protocol="50", src=("203.0.113.1/32",), dst=("198.18.0.10/32",)),
            ),
        ),
    )
    routes = (
        RouteIntent(vrf="", prefix="203.0.113.1/32", next_hop="198.18.0.1", via=("wan", "wan")),
        RouteIntent(vrf="", prefix="10.64.0.0/25", next_hop="172.16.0.1", via=("ipsec", "312011")),
        RouteIntent(vrf="", prefix="10.255.0.0/24", next_hop=None, via=("ipsec", "312011")),
    )
    vpns = (
        VpnIntent(
            name="M312011",
            municipality="312011",
            vrf="",
            local_wan="198.18.0.10",
            remote_wan="203.0.113.1",
            psk_ref="vault:psk_312011",
            ike=IKE_CBC14,
            esp=ESP_CBC,
            tunnel_port=("ipsec", "312011"),
            local_ts=("10.128.0.0/24", "10.128.1.0/24"),
            remote_ts=("10.64.0.0/25",),
        ),
    )
    return DeviceIntent(
        hostname="cpe-312011",
        platform="cisco_iosxe",
        roles=("cpe",),
        management_address="10.252.0.1",
        vrfs=(),
        ports=ports,
        routes=routes,
        acls=acls,
        vpns=vpns,
        bgp=None,
    )


def cpe_leased_intent() -> DeviceIntent:
    ports = (
        PortIntent(
            kind="office_clients",
            key="312029",
            vrf="",
            address="10.128.2.1/24",
            description="312029 office clients",
            acl_in="LAN-CLIENTS-IN",
        ),
        PortIntent(
            kind="handoff",
            key="312029",
            vrf="",
            address="172.16.0.6/30",
            description="leased line NTT-0002",
            peer_address="172.16.0.5",
            acl_in="LINK-IN",
        ),
    )
    acls = (
        AclIntent(
            name="LAN-CLIENTS-IN",
            vrf="",
            description="kyodo filter LAN-CLIENTS-IN",
            rules=(_https("10.128.2.0/24", "10.64.1.11/32"),),
        ),
        AclIntent(
            name="LINK-IN",
            vrf="",
            description="kyodo filter LINK-IN",
            rules=(
                AclRule(
                    action="permit",
                    protocol="tcp",
                    src=("10.64.1.11/32",),
                    src_ports=(PortRange(443, 443),),
                    dst=("10.128.2.0/24",),
                    established=True,
                ),
            ),
        ),
    )
    routes = (RouteIntent(vrf="", prefix="10.64.1.0/24", next_hop="172.16.0.5", via=("handoff", "312029")),)
    return DeviceIntent(
        hostname="cpe-312029",
        platform="cisco_iosxe",
        roles=("cpe",),
        management_address="10.252.0.2",
        vrfs=(),
        ports=ports,
        routes=routes,
        acls=acls,
        vpns=(),
        bgp=None,
    )


ALL = {"dc_core": dc_intent, "cpe_ipsec": cpe_ipsec_intent, "cpe_leased_line": cpe_leased_intent}
