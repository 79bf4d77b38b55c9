"""render → parse gives back ``expected`` (PSKs compared by sha256), for hand-built intents
and for the intents the intent builder makes from a generated all-linux_frr SoT."""

from __future__ import annotations

import hashlib

import pytest

from kyodo.platforms.intent import DeviceIntent
from kyodo.platforms.linux_frr import PLATFORM

from .compare import strip, with_psk_digests
from .conftest import lab_secret
from .sample_intents import ALL, secret


def _check(intent: DeviceIntent, secrets: object) -> None:
    assert callable(secrets)
    text = PLATFORM.render(intent, secrets)
    parsed = PLATFORM.parse(text)
    assert parsed.unparsed == (), parsed.unparsed[:5]
    assert parsed.hostname == intent.hostname
    assert strip(parsed) == strip(with_psk_digests(PLATFORM.expected(intent), secrets))
    for v in intent.vpns:
        assert secrets(v.psk_ref) not in parsed.to_json()
    assert PLATFORM.detect(text)
    assert PLATFORM.diff(text, text).commands == ()


@pytest.mark.parametrize("role", sorted(ALL))
def test_round_trip_samples(role: str) -> None:
    _check(ALL[role](), secret)


def test_round_trip_built_intents(intents: dict[str, DeviceIntent]) -> None:
    assert {i.platform for i in intents.values()} == {"linux_frr"}
    assert any(i.vpns for i in intents.values() if "cpe" in i.roles)
    assert any(not i.vpns for i in intents.values() if "cpe" in i.roles)
    for intent in intents.values():
        _check(intent, lab_secret)


def test_both_ends_of_each_tunnel_agree(intents: dict[str, DeviceIntent]) -> None:
    dc = PLATFORM.parse(PLATFORM.render(intents["dc-core1"], lab_secret))
    hub = {p.name: p for p in dc.vpn_peers}
    props = {p.name: p for p in dc.proposals}
    for host, intent in intents.items():
        if host == "dc-core1" or not intent.vpns:
            continue
        cpe = PLATFORM.parse(PLATFORM.render(intent, lab_secret))
        (peer,) = cpe.vpn_peers
        other = hub[peer.name]
        assert (peer.local_address, peer.remote_address) == (other.remote_address, other.local_address)
        assert peer.psk_sha256 == other.psk_sha256 == hashlib.sha256(
            lab_secret(intent.vpns[0].psk_ref).encode()).hexdigest()
        assert set(peer.local_ts) == set(other.remote_ts) and set(peer.remote_ts) == set(other.local_ts)
        mine = {p.name: p for p in cpe.proposals}
        for a, b in zip(peer.ike_proposals + peer.esp_proposals, other.ike_proposals + other.esp_proposals,
                        strict=True):
            assert strip(mine[a]) | {"name": ""} == strip(props[b]) | {"name": ""}
        assert other.vrf == f"M{intent.vpns[0].municipality}" and peer.vrf == ""


def test_render_refuses_what_it_cannot_print_safely() -> None:
    import dataclasses

    from kyodo.errors import KyodoError

    dc = ALL["dc_core"]()
    hostile = ["evil\nexit", "a\rb", "x\u2028y", "q\"uote", "semi;colon", "hash # tag", "a" * 65]
    for text in hostile:
        bad = dataclasses.replace(dc, ports=(dataclasses.replace(dc.ports[0], description=text), *dc.ports[1:]))
        with pytest.raises(KyodoError):
            PLATFORM.render(bad, secret)
    for vrf in ("M312011\nvrf X", "VERY-LONG-VRF-NAME-X", "a b"):
        bad = dataclasses.replace(dc, ports=(dataclasses.replace(dc.ports[0], vrf=vrf), *dc.ports[1:]))
        with pytest.raises(KyodoError):
            PLATFORM.render(bad, secret)
    with pytest.raises(KyodoError):
        PLATFORM.render(dataclasses.replace(dc, hostname="dc core\nend"), secret)
    with pytest.raises(KyodoError):
        PLATFORM.render(dataclasses.replace(dc, banner="ok\nhostname evil"), secret)


def test_secret_text_cannot_break_swanctl_quoting() -> None:
    evil = 'x" }\nconnections { evil {'
    text = PLATFORM.render(ALL["cpe_ipsec"](), lambda ref: evil)
    parsed = PLATFORM.parse(text)
    assert parsed.unparsed == ()
    assert [p.name for p in parsed.vpn_peers] == ["M312011"]
    assert parsed.vpn_peers[0].psk_sha256 == hashlib.sha256(evil.encode()).hexdigest()
