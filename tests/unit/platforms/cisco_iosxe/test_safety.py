"""A description or name can never change config structure: render refuses unsafe values."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kyodo.errors import KyodoError
from kyodo.platforms.cisco_iosxe import PLATFORM
from kyodo.platforms.cisco_iosxe.render import RenderError, UnsafeValue

from .compare import strip
from .sample_intents import cpe_ipsec_intent, dc_intent, secret


@pytest.mark.parametrize(
    "bad",
    [
        "ok\ninterface Tunnel99",
        "ok\r\nno router bgp 65000",
        "tab\there",
        "nul\x00byte",
        "esc\x1b[31m",
        "del\x7f",
        "c1\x85next-line",
        "line\u2028separator",
        "zero\u200bwidth",
    ],
)
def test_control_characters_in_descriptions_are_refused(bad: str) -> None:
    intent = dc_intent()
    port = dataclasses.replace(intent.ports[0], description=bad)
    evil = dataclasses.replace(intent, ports=(port, *intent.ports[1:]))
    with pytest.raises(UnsafeValue) as info:
        PLATFORM.render(evil, secret)
    assert isinstance(info.value, KyodoError)
    assert "interface Tunnel99" not in str(info.value) or "control" in str(info.value)


def test_vrf_description_newline_refused() -> None:
    intent = dc_intent()
    vrf = dataclasses.replace(intent.vrfs[0], description="鳥取市\n route-target import 65000:312029")
    with pytest.raises(UnsafeValue):
        PLATFORM.render(dataclasses.replace(intent, vrfs=(vrf, *intent.vrfs[1:])), secret)


def test_names_must_be_one_token() -> None:
    """A blank in a VRF or ACL name would shift the rest of the command."""
    intent = dc_intent()
    vrf = dataclasses.replace(intent.vrfs[0], name="M312011 rd 1:1")
    with pytest.raises(UnsafeValue):
        PLATFORM.render(dataclasses.replace(intent, vrfs=(vrf, *intent.vrfs[1:])), secret)
    acl = dataclasses.replace(intent.acls[0], name="X permit ip any any")
    with pytest.raises(UnsafeValue):
        PLATFORM.render(dataclasses.replace(intent, acls=(acl, *intent.acls[1:])), secret)


def test_banner_cannot_close_itself() -> None:
    with pytest.raises(UnsafeValue):
        PLATFORM.render(dataclasses.replace(dc_intent(), banner="hello^C\nline vty 0 4"), secret)


@pytest.mark.parametrize("psk", ["two words", "line\nbreak", "", "ｆｕｌｌ"])
def test_bad_psk_refused_without_echoing_it(psk: str) -> None:
    with pytest.raises(UnsafeValue) as info:
        PLATFORM.render(cpe_ipsec_intent(), lambda ref: psk)
    if psk:
        assert psk not in str(info.value)


def test_safe_text_still_renders() -> None:
    """Japanese names and punctuation the grammar allows are printed as they are."""
    intent = dc_intent()
    port = dataclasses.replace(intent.ports[0], description="鳥取市 サーバ (本庁) 10.64.0.0/26")
    text = PLATFORM.render(dataclasses.replace(intent, ports=(port, *intent.ports[1:])), secret)
    assert " description 鳥取市 サーバ (本庁) 10.64.0.0/26\n" in text


def test_unsupported_values_are_render_errors() -> None:
    from kyodo.platforms.intent import Proposal

    intent = cpe_ipsec_intent()
    vpn = dataclasses.replace(
        intent.vpns[0], ike=Proposal(encryption="chacha20poly1305", integrity="sha256", dh_group=14)
    )
    with pytest.raises(RenderError):
        PLATFORM.render(dataclasses.replace(intent, vpns=(vpn,)), secret)
    bad_acl = dataclasses.replace(
        intent.acls[0], rules=(dataclasses.replace(intent.acls[0].rules[0], in_interface="eth0"),)
    )
    with pytest.raises(RenderError):
        PLATFORM.render(dataclasses.replace(intent, acls=(bad_acl, *intent.acls[1:])), secret)


def test_tunnel_port_without_vpn_is_refused() -> None:
    with pytest.raises(RenderError):
        PLATFORM.render(dataclasses.replace(cpe_ipsec_intent(), vpns=()), secret)


def test_route_via_unknown_port_is_refused() -> None:
    from kyodo.platforms.intent import RouteIntent

    intent = cpe_ipsec_intent()
    bad = RouteIntent(vrf="", prefix="10.9.0.0/16", next_hop=None, via=("ipsec", "999999"))
    with pytest.raises(RenderError):
        PLATFORM.render(dataclasses.replace(intent, routes=(*intent.routes, bad)), secret)


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_description_is_refused_or_stays_data(text: str) -> None:
    """Whatever the description, either render refuses it or the config's structure is unchanged."""
    intent = cpe_ipsec_intent()
    port = dataclasses.replace(intent.ports[0], description=text)
    changed = dataclasses.replace(intent, ports=(port, *intent.ports[1:]))
    try:
        rendered = PLATFORM.render(changed, secret)
    except UnsafeValue:
        return
    parsed = PLATFORM.parse(rendered)
    assert parsed.unparsed == ()
    assert strip(parsed.interfaces) == strip(PLATFORM.expected(changed).interfaces)
    assert strip(parsed.acls) == strip(PLATFORM.expected(changed).acls)
