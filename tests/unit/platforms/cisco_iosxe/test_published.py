"""Configs written the way Cisco's published examples look: parsed without crashing, the
modelled objects found, the rest reported as unparsed with its line number."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kyodo.platforms.cisco_iosxe import PLATFORM
from kyodo.platforms.neutral import DeviceConfig, PortRange

PUBLISHED = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "cisco_iosxe" / "published"


def _load(name: str) -> DeviceConfig:
    return PLATFORM.parse((PUBLISHED / name).read_text(encoding="utf-8"))


def _unparsed_texts(cfg: DeviceConfig) -> set[str]:
    return {u.text for u in cfg.unparsed}


@pytest.mark.parametrize("name", sorted(p.name for p in PUBLISHED.glob("*.cfg")))
def test_each_names_its_source_and_parses(name: str) -> None:
    text = (PUBLISHED / name).read_text(encoding="utf-8")
    assert text.startswith("! Written after Cisco's")
    cfg = PLATFORM.parse(text)
    assert PLATFORM.detect(text)
    assert cfg.hostname and cfg.interfaces
    for u in cfg.unparsed:  # every unparsed entry cites its real line
        assert cfg.text_at(u.line).strip() == u.text


def test_flexvpn_site_to_site() -> None:
    cfg = _load("flexvpn_site_to_site.cfg")
    assert cfg.hostname == "R1"
    tunnel = cfg.interface("Tunnel0")
    assert tunnel is not None and tunnel.tunnel is not None
    assert tunnel.tunnel.destination == "198.51.100.2" and tunnel.tunnel.protection == "IPSEC-PROFILE-1"
    assert tunnel.tunnel.mode == "ipsec"
    (peer,) = cfg.vpn_peers
    assert (peer.local_address, peer.remote_address, peer.ike_version) == ("192.0.2.1", "198.51.100.2", 2)
    assert peer.psk_sha256 == hashlib.sha256(b"Cisco123").hexdigest()
    assert peer.ike_proposals == ("PROP-1",)
    esp = next(p for p in cfg.proposals if p.name == "IPSEC-PROFILE-1")
    assert esp.encryption == ("aes256gcm16",) and esp.dh_groups == ()
    assert cfg.vrf("Mgmt-intf") is not None
    mgmt = cfg.interface("GigabitEthernet0")
    assert mgmt is not None and mgmt.vrf == "Mgmt-intf" and mgmt.shutdown
    assert {
        "line vty 0 4",
        "no ip http server",
        "dpd 10 2 on-demand",
        "ip tcp adjust-mss 1360",
        "crypto pki trustpoint TP-self-signed-2715124451",
    } <= _unparsed_texts(cfg)
    assert "Cisco123" not in cfg.to_json()


def test_mpls_vpn_pe() -> None:
    cfg = _load("mpls_vpn_pe.cfg")
    a, b, c = (cfg.vrf(n) for n in ("CUSTOMER-A", "CUSTOMER-B", "LEGACY-C"))
    assert a is not None and a.rt_import == ("65000:100", "65000:999") and a.import_map == "CUST-A-IMPORT"
    assert b is not None and b.rt_import == b.rt_export == ("65000:200",)
    assert c is not None and c.rd == "65000:300" and c.export_map == "LEGACY-C-EXPORT"
    sub = cfg.interface("GigabitEthernet0/0/1.100")
    assert sub is not None and (sub.vlan, sub.parent, sub.vrf) == (100, "GigabitEthernet0/0/1", "CUSTOMER-A")
    assert sub.addresses == ("192.168.100.1/30", "192.168.101.1/24")
    legacy = cfg.interface("GigabitEthernet0/0/1.300")
    assert legacy is not None and legacy.vrf == "LEGACY-C" and legacy.shutdown
    routes = {(r.vrf, r.prefix): r for r in cfg.static_routes}
    assert routes[("CUSTOMER-B", "10.200.0.0/16")].distance == 250
    leak = routes[("CUSTOMER-A", "0.0.0.0/0")]
    assert (leak.interface, leak.next_hop, leak.next_hop_vrf) == ("GigabitEthernet0/0/0", "10.0.12.2", "")
    assert routes[("", "10.99.0.0/16")].discard
    bgp = {b.vrf: b for b in cfg.bgp}
    assert bgp[""].router_id == "10.0.0.1" and bgp[""].neighbors[0].remote_as == 65000
    assert bgp["CUSTOMER-A"].networks == ("192.168.101.0/24",)
    assert bgp["CUSTOMER-A"].redistribute == ("connected", "static")
    assert bgp["CUSTOMER-B"].neighbors[0].remote_as == 65201
    assert {
        "router ospf 1",
        "mpls ip",
        "address-family vpnv4",
        "route-target both 65000:100",
        "route-map CUST-A-IMPORT permit 10",
    } <= _unparsed_texts(cfg)


def test_isr_branch() -> None:
    cfg = _load("isr_branch.cfg")
    assert cfg.hostname == "BRANCH-01"
    trunk = cfg.interface("GigabitEthernet0/1/2")
    assert trunk is not None and trunk.switchport_vlans == (10, 20, 30, 31, 32)
    access = cfg.interface("GigabitEthernet0/1/1")
    assert access is not None and access.switchport_vlans == (20,)
    svi = cfg.interface("Vlan20")
    assert svi is not None and svi.vlan == 20 and svi.acl_out == "10"
    users = cfg.acl("USERS-IN")
    assert users is not None
    first = users.rules[0]
    assert first.dst == ("10.1.10.10/32", "10.1.20.0/24")  # object-group expanded
    assert first.dst_ports == (PortRange(80, 80), PortRange(443, 443))  # 'eq www 443'
    assert users.rules[1].dst_ports == (PortRange(53, 53),)  # 'eq domain'
    assert any(r.established and r.protocol == "tcp" for r in users.rules)
    # non-contiguous wildcards: the deny is dropped, the permit widened; both reported
    assert not any(r.action == "deny" and r.src == ("10.1.0.0/16",) for r in users.rules)
    assert any(r.action == "permit" and r.src == ("10.1.0.0/16",) for r in users.rules)
    unparsed = _unparsed_texts(cfg)
    assert {
        "60 deny   ip 10.1.0.0 0.0.255.0 any log",
        "70 permit tcp 10.1.0.0 0.0.255.0 host 10.1.20.10 eq 22",
        "ip nat inside source list NAT-ACL interface GigabitEthernet0/0/0 overload",
        "router ospf 1",
        "ntp server 192.0.2.123 prefer",
        "aaa new-model",
        "line vty 0 4",
        "object-group service WEB-PORTS",
    } <= unparsed
    assert not any("authorised access" in u for u in unparsed)  # banner body is not config
    numbered = cfg.acl("120")
    assert numbered is not None and numbered.rules[2].protocol == "50"
    assert numbered.rules[3].dst_ports == (PortRange(0, 1023),) and numbered.rules[3].established
    standard = cfg.acl("NAT-ACL")
    assert standard is not None and [r.src for r in standard.rules] == [
        ("10.1.1.0/24",),
        ("10.1.20.0/24",),
        ("0.0.0.0/0",),
    ]
    (peer,) = cfg.vpn_peers
    assert (peer.name, peer.ike_version, peer.remote_address) == ("HQ-MAP 10", 1, "203.0.113.1")
    assert peer.local_ts == ("10.1.0.0/16",) and peer.remote_ts == ("10.64.0.0/16",)
    assert peer.psk_sha256 == hashlib.sha256(b"Branch-Secret-01").hexdigest()
    esp = next(p for p in cfg.proposals if p.name == "HQ-MAP 10")
    assert esp.encryption == ("aes256", "3des") and esp.integrity == ("sha256", "md5") and esp.dh_groups == (14,)
    weak = next(p for p in cfg.proposals if p.name == "isakmp 20")
    assert weak.encryption == ("3des",) and weak.dh_groups == (2,)
