"""Configs written like NEC's published IX setting examples: interfaces, tunnels, routes and access
lists are found; NAPT, DHCP, proxy-dns, NTP, PPPoE, users … are reported as unparsed."""

from __future__ import annotations

from pathlib import Path

import pytest

from kyodo.platforms.nec_ix import PLATFORM
from kyodo.platforms.registry import PLATFORMS

EXAMPLES = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "nec_ix" / "examples"
NAMES = sorted(p.name for p in EXAMPLES.glob("*.cfg"))
SECRETS = ("branch-ikev2-psk-example", "pppoe-password-example", "isp-password-example", "dc-ikev1-psk-example",
           "0A1B2C3D4E5F6A7B")


def _read(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def test_at_least_three_examples() -> None:
    assert len(NAMES) >= 3


@pytest.mark.parametrize("name", NAMES)
def test_detected_as_ix_only(name: str) -> None:
    text = _read(name)
    assert [p for p, platform in PLATFORMS.items() if platform.detect(text)] == ["nec_ix"]


@pytest.mark.parametrize("name", NAMES)
def test_every_line_is_modelled_or_reported(name: str) -> None:
    text = _read(name)
    cfg = PLATFORM.parse(text)
    assert cfg.hostname
    assert cfg.interfaces
    reported = {u.line for u in cfg.unparsed}
    for no, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(("ip napt", "ip dhcp", "proxy-dns", "ntp ", "ppp ", "ip ufs-cache",
                                    "username", "authentication ")):
            assert no in reported, line
        if line.strip().startswith(("ip route", "ip access-list", "interface ", "ip filter", "ikev2 peer")):
            assert no not in reported, line


@pytest.mark.parametrize("name", NAMES)
def test_secrets_never_kept(name: str) -> None:
    cfg = PLATFORM.parse(_read(name))
    kept = cfg.to_json() + "\n".join(cfg.lines)
    for secret in SECRETS:
        assert secret not in kept


def test_ikev2_site_to_site() -> None:
    cfg = PLATFORM.parse(_read("ix2215_ikev2_site_to_site.cfg"))
    assert cfg.hostname == "IX2215-HQ"
    (peer,) = cfg.vpn_peers
    assert (peer.interface, peer.local_address, peer.remote_address, peer.ike_version) == (
        "Tunnel0.0", "203.0.113.10", "198.51.100.20", 2)
    assert peer.psk_sha256 and len(peer.psk_sha256) == 64
    props = {p.name: p for p in cfg.proposals}
    ike, esp = props[peer.ike_proposals[0]], props[peer.esp_proposals[0]]
    assert (ike.encryption, ike.integrity, ike.dh_groups) == (("aes256",), ("sha256",), (14,))
    assert (esp.kind, esp.dh_groups) == ("esp", (14,))
    assert {(r.prefix, r.interface) for r in cfg.static_routes} == {("0.0.0.0/0", "GigaEthernet0.1"),
                                                                   ("192.168.20.0/24", "Tunnel0.0")}
    lan = cfg.interface("GigaEthernet2.0")
    assert lan is not None and lan.acl_in == "lan-in" and not lan.shutdown
    down = cfg.interface("GigaEthernet1.0")
    assert down is not None and down.shutdown and down.addresses == ()
    loop = cfg.interface("Loopback0.0")
    assert loop is not None and not loop.shutdown


def test_ikev1_map_gives_selectors_and_proposals() -> None:
    cfg = PLATFORM.parse(_read("ix2215_ikev1_vlan.cfg"))
    (peer,) = cfg.vpn_peers
    assert (peer.name, peer.interface, peer.remote_address, peer.ike_version) == (
        "ipsec-map", "Tunnel0.0", "198.51.100.1", 1)
    assert peer.local_ts == ("192.168.30.0/24", "192.168.31.0/24") and peer.remote_ts == ("10.20.0.0/16",)
    props = {p.name: p for p in cfg.proposals}
    assert props["ike-prop"].dh_groups == (14,) and props["esp-prop"].dh_groups == (14,)   # map's pfs
    assert peer.esp_proposals == ("esp-prop",)
    assert any(r.discard for r in cfg.static_routes)


def test_vlan_sub_interfaces_and_joined_filters() -> None:
    cfg = PLATFORM.parse(_read("ix2215_ikev1_vlan.cfg"))
    staff = cfg.interface("GigaEthernet2.10")
    assert staff is not None and (staff.vlan, staff.parent, staff.description) == (10, "GigaEthernet2.0", "staff VLAN")
    ranged = cfg.acl("vlan10-in")
    assert ranged is not None and (ranged.rules[0].dst_ports[0].lo, ranged.rules[0].dst_ports[0].hi) == (8000, 8080)
    printers = cfg.interface("GigaEthernet2.20")
    assert printers is not None and printers.acl_in == "GigaEthernet2.20:in"
    joined = cfg.acl("GigaEthernet2.20:in")
    assert joined is not None and [r.protocol for r in joined.rules] == ["tcp", "icmp"]
    assert joined.rules[0].established
