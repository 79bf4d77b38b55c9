"""NEC IX: render → parse gives the expected neutral facts, golden files, filter semantics."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kyodo.platforms.intent import DeviceIntent
from kyodo.platforms.nec_ix import PLATFORM
from kyodo.platforms.registry import PLATFORMS

from ..yamaha_rtx.cpe_intents import all_cpes, atoms, secret, strip, with_psk_hashes

FIXTURES = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "nec_ix"
CPES = all_cpes("nec_ix")


def test_registered() -> None:
    assert PLATFORMS["nec_ix"] is PLATFORM
    assert PLATFORM.name == "nec_ix"


@pytest.mark.parametrize("case", sorted(CPES))
def test_round_trip(case: str) -> None:
    intent = CPES[case]
    text = PLATFORM.render(intent, secret)
    parsed = PLATFORM.parse(text)
    assert not parsed.unparsed, parsed.unparsed
    assert strip(parsed) == strip(with_psk_hashes(PLATFORM.expected(intent), secret))
    assert parsed.hostname == intent.hostname


@pytest.mark.parametrize("case", sorted(CPES))
def test_secret_rendered_but_never_kept(case: str) -> None:
    intent = CPES[case]
    text = PLATFORM.render(intent, secret)
    parsed = PLATFORM.parse(text)
    for vpn in intent.vpns:
        assert secret(vpn.psk_ref) in text
        assert secret(vpn.psk_ref) not in parsed.to_json()
        assert secret(vpn.psk_ref) not in "\n".join(parsed.lines)


@pytest.mark.parametrize("case", sorted(CPES))
def test_filters_keep_intent_semantics(case: str) -> None:
    """Independently of ``expected``: each bound access list holds the intent rules, in order (IX
    access lists have no per-entry log, so ``log`` is not compared)."""
    intent = CPES[case]
    parsed = PLATFORM.parse(PLATFORM.render(intent, secret))
    by_name = {a.name: a for a in intent.acls}
    bound = 0
    for port in intent.ports:
        iface = next(i for i in parsed.interfaces if port.address in i.addresses)
        assert iface.acl_in is not None
        acl = parsed.acl(iface.acl_in)
        assert acl is not None and acl.default == "deny"
        assert atoms(acl.rules) == atoms(by_name[port.acl_in or ""].rules, keep_log=False)
        bound += 1
    assert bound == len(intent.ports)


def test_ipsec_tunnel_facts() -> None:
    intent = CPES["ipsec"]
    parsed = PLATFORM.parse(PLATFORM.render(intent, secret))
    (peer,) = parsed.vpn_peers
    vpn = intent.vpns[0]
    assert (peer.local_address, peer.remote_address, peer.ike_version) == (vpn.local_wan, vpn.remote_wan, 2)
    tunnel = parsed.interface(peer.interface or "")
    assert tunnel is not None and tunnel.addresses == ("172.16.0.2/30",) and not tunnel.shutdown
    ike = next(p for p in parsed.proposals if p.kind == "ike")
    assert (ike.encryption, ike.integrity, ike.dh_groups) == (("aes256",), ("sha256",), (14,))
    # routes to the DC go into the tunnel; only the IPsec peer goes out of the WAN; no default route
    assert {r.prefix for r in parsed.static_routes if r.interface == tunnel.name} == set(
        r.prefix for r in intent.routes if r.via and r.via[0] == "ipsec")
    assert all(r.prefix != "0.0.0.0/0" for r in parsed.static_routes)


def test_vlan_ports_become_sub_interfaces() -> None:
    parsed = PLATFORM.parse(PLATFORM.render(CPES["ipsec_vlan"], secret))
    vlans = {i.name: (i.vlan, i.parent) for i in parsed.interfaces if i.vlan is not None}
    assert vlans == {"GigaEthernet1.110": (110, "GigaEthernet1.0"), "GigaEthernet2.120": (120, "GigaEthernet2.0")}


@pytest.mark.parametrize("case", ["ipsec", "leased_line"])
def test_golden(case: str) -> None:
    """Review the golden files line by line when they change (KYODO_UPDATE_GOLDEN=1 rewrites them)."""
    text = PLATFORM.render(CPES[case], secret)
    path = FIXTURES / "golden" / f"{CPES[case].hostname}.cfg"
    if os.environ.get("KYODO_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_render_is_deterministic() -> None:
    intent: DeviceIntent = CPES["ipsec"]
    assert PLATFORM.render(intent, secret) == PLATFORM.render(intent, secret)


def test_detect_does_not_claim_other_platforms() -> None:
    own = PLATFORM.render(CPES["ipsec"], secret)
    assert PLATFORM.detect(own)
    for path in sorted((FIXTURES.parent / "yamaha_rtx" / "examples").glob("*.cfg")):
        assert not PLATFORM.detect(path.read_text(encoding="utf-8")), path.name
    for other in ("cisco_iosxe", "linux_frr"):
        for path in sorted((FIXTURES.parent / other).rglob("*.cfg")):
            assert not PLATFORM.detect(path.read_text(encoding="utf-8")), path
