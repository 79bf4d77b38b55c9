"""Configs written like Yamaha's published RTX setting examples: interfaces, tunnels, routes and
filters are found; NAT, DHCP, DNS, PPPoE, syslog, passwords … are reported as unparsed."""

from __future__ import annotations

from pathlib import Path

import pytest

from kyodo.platforms.neutral import ANY
from kyodo.platforms.registry import PLATFORMS
from kyodo.platforms.yamaha_rtx import PLATFORM

EXAMPLES = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "yamaha_rtx" / "examples"
NAMES = sorted(p.name for p in EXAMPLES.glob("*.cfg"))
SECRETS = ("branch1-psk-example", "pppoe-password-example", "isp-password-example", "dc-ikev2-psk-example",
           "1A2B3C4D5E6F7A8B", "9F8E7D6C5B4A3F2E", "5A6B7C8D9E0F1A2B")


def _read(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def test_at_least_three_examples() -> None:
    assert len(NAMES) >= 3


@pytest.mark.parametrize("name", NAMES)
def test_detected_as_rtx_only(name: str) -> None:
    text = _read(name)
    assert [p for p, platform in PLATFORMS.items() if platform.detect(text)] == ["yamaha_rtx"]


@pytest.mark.parametrize("name", NAMES)
def test_every_line_is_modelled_or_reported(name: str) -> None:
    text = _read(name)
    cfg = PLATFORM.parse(text)
    assert cfg.hostname
    assert cfg.interfaces
    reported = {u.line for u in cfg.unparsed}
    for no, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(("nat descriptor", "dhcp ", "dns ", "syslog ", "pppoe ", "login ",
                                    "administrator password")):
            assert no in reported, line
        if line.strip().startswith(("ip route", "ip lan", "tunnel select", "ipsec sa policy", "ipsec tunnel")):
            assert no not in reported, line


@pytest.mark.parametrize("name", NAMES)
def test_secrets_never_kept(name: str) -> None:
    cfg = PLATFORM.parse(_read(name))
    kept = cfg.to_json() + "\n".join(cfg.lines)
    for secret in SECRETS:
        assert secret not in kept


def test_ipsec_site_to_site() -> None:
    cfg = PLATFORM.parse(_read("rtx830_ipsec_site_to_site.cfg"))
    assert cfg.hostname == "RTX830-HQ"
    (peer,) = cfg.vpn_peers
    assert (peer.interface, peer.local_address, peer.remote_address, peer.ike_version) == (
        "tunnel1", "192.168.10.1", "198.51.100.20", 1)
    assert peer.psk_sha256 and len(peer.psk_sha256) == 64
    tunnel = cfg.interface("tunnel1")
    assert tunnel is not None and tunnel.tunnel is not None and tunnel.tunnel.protection == "101"
    assert tunnel.description == "HQ-BRANCH1"
    routes = {(r.prefix, r.interface) for r in cfg.static_routes}
    assert routes == {("0.0.0.0/0", "pp1"), ("192.168.20.0/24", "tunnel1")}
    pp = cfg.interface("pp1")
    assert pp is not None and pp.addresses == ("203.0.113.10/32",) and pp.acl_in == "pp1:in"


def test_secure_filter_lists_become_ordered_acls_with_stateful_returns() -> None:
    cfg = PLATFORM.parse(_read("rtx830_pppoe_nat.cfg"))
    acl_in, acl_out = cfg.acl("pp1:in"), cfg.acl("pp1:out")
    assert acl_in is not None and acl_out is not None
    # out: the 8 static filters (restrict ones are unparsed, so absent) then 7 dynamic permits
    assert [r.line for r in acl_out.rules[:2]] == [34, 35]
    dynamic = acl_out.rules[-7:]
    assert all(r.action == "permit" for r in dynamic)
    assert [(r.protocol, r.dst_ports[0].lo) for r in dynamic[:3]] == [("tcp", 21), ("udp", 53), ("tcp", 80)]
    # in: the return traffic of each dynamic filter first (established), then the static list
    returns = acl_in.rules[:7]
    assert all(r.established and r.action == "permit" for r in returns)
    assert returns[2].src_ports[0].lo == 80
    assert acl_in.rules[7].action == "deny" and acl_in.rules[7].src == ("192.168.100.0/24",)
    # udp,tcp in one filter gives one rule per protocol, same line
    same_line = [r for r in acl_in.rules if r.line == acl_in.rules[8].line]
    assert sorted(r.protocol for r in same_line) == ["tcp", "udp"]
    unparsed = {u.text.strip() for u in cfg.unparsed}
    assert "ip filter 200026 restrict * * tcpfin * www,21,nntp" in unparsed
    assert "nat descriptor type 1000 masquerade" in unparsed
    # the list naming the (unparsed) tcpfin/tcprst filters is reported as incomplete
    assert any(u.text.strip().startswith("ip pp secure filter out") for u in cfg.unparsed)


def test_vlan_ikev2_and_leased_line_example() -> None:
    cfg = PLATFORM.parse(_read("rtx1210_ikev2_vlan_leased.cfg"))
    vlan = cfg.interface("lan1/1")
    assert vlan is not None and (vlan.vlan, vlan.parent, vlan.description) == (10, "lan1", "staff VLAN")
    (peer,) = cfg.vpn_peers
    assert peer.ike_version == 2 and peer.remote_address == "198.51.100.1"
    ike = next(p for p in cfg.proposals if p.name == peer.ike_proposals[0])
    assert (ike.encryption, ike.integrity, ike.dh_groups) == (("aes256",), ("sha256",), (14,))
    assert any(r.discard and r.prefix == "10.99.0.0/16" for r in cfg.static_routes)
    assert ("10.20.0.0/16", "192.0.2.1") in {(r.prefix, r.next_hop) for r in cfg.static_routes}
    lan3 = cfg.acl("lan3:in")
    assert lan3 is not None
    # an address range is summarised into CIDR blocks
    assert lan3.rules[1].src == ("10.20.0.1/32", "10.20.0.2/31", "10.20.0.4/31", "10.20.0.6/32")
    assert lan3.rules[-1].action == "deny" and lan3.rules[-1].log and lan3.rules[-1].dst == (ANY,)
    printers = cfg.acl("lan1/2:in")
    assert printers is not None and [p.lo for p in printers.rules[0].src_ports] == [9100, 515, 631]
