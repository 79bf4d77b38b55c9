"""Parser behaviour on odd input (fixture ``edge_cases.cfg``) and its ACL grammar."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kyodo.platforms.cisco_iosxe import PLATFORM
from kyodo.platforms.neutral import ANY, DeviceConfig, PortRange

FIXTURES = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "cisco_iosxe"


@pytest.fixture(scope="module")
def edge() -> DeviceConfig:
    return PLATFORM.parse((FIXTURES / "edge_cases.cfg").read_text(encoding="utf-8"))


def _unparsed(cfg: DeviceConfig) -> set[str]:
    return {u.text for u in cfg.unparsed}


def test_vrfs(edge: DeviceConfig) -> None:
    fvrf = edge.vrf("FVRF")
    assert fvrf is not None and fvrf.rt_import == fvrf.rt_export == ("65000:9",)
    old = edge.vrf("OLD")
    assert old is not None and old.rd == "65000:8"


def test_tunnels_and_front_door_vrf(edge: DeviceConfig) -> None:
    t10 = edge.interface("Tunnel10")
    assert t10 is not None and t10.tunnel is not None
    assert (t10.tunnel.transport_vrf, t10.tunnel.source, t10.tunnel.mode) == ("FVRF", "198.51.100.1", "gre")
    assert t10.tunnel.protection == "NO-TS"
    t20 = edge.interface("Tunnel20")
    assert t20 is not None and t20.tunnel is not None and t20.tunnel.protection is None
    (peer,) = edge.vpn_peers
    assert (peer.interface, peer.vrf, peer.local_address, peer.remote_address) == (
        "Tunnel10",
        "INSIDE",
        "198.51.100.1",
        "192.0.2.10",
    )
    assert peer.psk_sha256 == hashlib.sha256(b"Local-Key").hexdigest()
    assert peer.ike_proposals == ("P-GCM",)  # the policy matching the tunnel's front-door VRF
    esp = next(p for p in edge.proposals if p.name == "NO-TS")
    assert esp.encryption == ("aes128", "3des")  # IOS default transform-sets
    ike = next(p for p in edge.proposals if p.name == "P-GCM")
    assert ike.encryption == ("aes256gcm16", "aes128gcm16") and ike.integrity == ("sha384", "sha256")
    assert ike.dh_groups == (20, 19)


def test_encrypted_keys_give_no_hash_and_are_never_kept(edge: DeviceConfig) -> None:
    assert "FLgBaJHXdYY" not in edge.to_json() and "Local-Key" not in edge.to_json()


def test_switchports(edge: DeviceConfig) -> None:
    def vlans(name: str) -> tuple[int, ...]:
        iface = edge.interface(name)
        assert iface is not None
        return iface.switchport_vlans

    assert vlans("GigabitEthernet1/0/1") == tuple(v for v in range(10, 21) if v != 15)
    assert vlans("GigabitEthernet1/0/2") == (1,)
    assert vlans("GigabitEthernet1/0/3") == tuple(range(1, 4095))


def test_interfaces(edge: DeviceConfig) -> None:
    g4 = edge.interface("GigabitEthernet1/0/4")
    assert g4 is not None and g4.vrf == "OLD" and g4.addresses == ("10.9.9.1/24",)
    sub = edge.interface("GigabitEthernet1/0/5.77")
    assert sub is not None and (sub.vlan, sub.parent) == (77, "GigabitEthernet1/0/5")
    assert {"ip address dhcp", "ip address 10.9.9.1 255.255.0.255", "interface"} <= _unparsed(edge)


def test_routes(edge: DeviceConfig) -> None:
    routes = {r.prefix: r for r in edge.static_routes}
    assert routes["10.1.0.0/16"].distance == 200 and routes["10.1.0.0/16"].interface == "GigabitEthernet1/0/4"
    assert routes["10.1.0.0/16"].next_hop_vrf == "OLD"  # exit interface in another table
    assert routes["10.2.0.0/16"].vrf == "INSIDE" and routes["10.2.0.0/16"].next_hop_vrf is None
    assert routes["10.4.0.0/16"].next_hop == "10.9.9.2"
    assert "10.5.0.0/16" not in routes and "10.3.0.0/16" not in routes
    assert {
        "ip route 10.5.0.0 255.255.0.0 10.9.9.2 wibble",
        "ip route 10.3.0.0 255.0.255.0 10.9.9.2",
        "ip route",
    } <= _unparsed(edge)


def test_acls(edge: DeviceConfig) -> None:
    std = edge.acl("5")
    assert std is not None and [r.src for r in std.rules] == [("10.0.0.5/32",), ("10.0.1.0/32",)]
    ext = edge.acl("150")
    assert ext is not None
    assert ext.rules[0].src_ports == (PortRange(1024, 2048),) and ext.rules[0].dst_ports == (PortRange(1024, 65535),)
    assert len(ext.rules) == 1  # 'syn' narrows a deny: dropped; unknown port name: unparsed
    weird = edge.acl("WEIRD")
    assert weird is not None
    assert [r.protocol for r in weird.rules] == ["47", "ip", "89", "tcp"]
    assert weird.rules[3].dst == (ANY,)  # 'ack' permit kept, widened, and reported
    assert {
        "access-list 99999 permit any",
        "permit tcp any any ack",
        "permit object-group NOPE any any",
        "access-list 150 deny tcp any any lt 1024 syn",
        "access-list 150 permit tcp any any eq bogus-port",
    } <= _unparsed(edge)


def test_bgp(edge: DeviceConfig) -> None:
    (top,) = edge.bgp
    assert top.networks == ("10.0.0.0/8",) and top.neighbors[0].remote_as == 65010
    assert "ospf" in top.redistribute
    assert {"neighbor 10.0.0.9 route-map IN in", "redistribute ospf 1"} <= _unparsed(edge)


def test_garbage_reported_with_lines(edge: DeviceConfig) -> None:
    lines = {u.text: u.line for u in edge.unparsed}
    assert edge.text_at(lines["this is not ios at all"]) == "this is not ios at all"
    assert "}}} {{{ garbage" in lines


def test_unterminated_banner_hides_nothing() -> None:
    cfg = PLATFORM.parse((FIXTURES / "unterminated_banner.cfg").read_text(encoding="utf-8"))
    vlan5 = cfg.interface("Vlan5")
    assert vlan5 is not None and vlan5.addresses == ("10.5.0.1/24",)
    assert {"banner motd ^C", "Authorised access only"} <= _unparsed(cfg)
