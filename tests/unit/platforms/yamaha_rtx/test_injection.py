"""Render refuses values that could change the configuration's meaning, and intents RTX cannot express."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from kyodo.errors import KyodoError
from kyodo.platforms.intent import DeviceIntent, Proposal
from kyodo.platforms.yamaha_rtx import PLATFORM
from kyodo.platforms.yamaha_rtx.values import UnsafeConfigValue, UnsupportedIntent

from .cpe_intents import cpe_ipsec, secret

BASE = cpe_ipsec("yamaha_rtx")
HOSTILE_TEXT = ["evil\nip route default gateway pp 1", "evil\rx", 'quote " inside', "hash # comment", "help ?",
                "esc \x1b[2J", "sep\u2028line", "nul\x00", " leading blank"]


def _port_desc(value: str) -> DeviceIntent:
    return dataclasses.replace(BASE, ports=(dataclasses.replace(BASE.ports[0], description=value), *BASE.ports[1:]))


@pytest.mark.parametrize("value", HOSTILE_TEXT)
def test_hostile_description_refused(value: str) -> None:
    with pytest.raises(UnsafeConfigValue):
        PLATFORM.render(_port_desc(value), secret)


def test_unicode_description_is_fine() -> None:
    text = PLATFORM.render(_port_desc("鳥取市 庁舎 LAN"), secret)
    assert 'description lan1 "鳥取市 庁舎 LAN"' in text


@pytest.mark.parametrize("value", ["cpe 1", "cpe#1", "cpe\n1", 'cpe"'])
def test_hostile_hostname_refused(value: str) -> None:
    with pytest.raises(UnsafeConfigValue):
        PLATFORM.render(dataclasses.replace(BASE, hostname=value), secret)


@pytest.mark.parametrize("value", ["two words", "line\nbreak", 'q"uote', "#hash", "tab\there", ""])
def test_hostile_psk_refused(value: str) -> None:
    resolver: Callable[[str], str] = lambda _ref: value  # noqa: E731
    with pytest.raises(UnsafeConfigValue):
        PLATFORM.render(BASE, resolver)


def test_hostile_address_and_banner_refused() -> None:
    port = dataclasses.replace(BASE.ports[0], address="10.128.0.1/24\nip route default gateway pp 1")
    with pytest.raises(KyodoError):
        PLATFORM.render(dataclasses.replace(BASE, ports=(port, *BASE.ports[1:])), secret)
    with pytest.raises(UnsafeConfigValue):
        PLATFORM.render(dataclasses.replace(BASE, banner="x\ny"), secret)


def test_unsafe_values_are_kyodo_errors() -> None:
    assert issubclass(UnsafeConfigValue, KyodoError) and issubclass(UnsupportedIntent, KyodoError)


@pytest.mark.parametrize(
    "change",
    [
        lambda i: dataclasses.replace(i, vpns=(dataclasses.replace(i.vpns[0], ike=Proposal("aes256", "sha256", 19)),)),
        lambda i: dataclasses.replace(i, vpns=(dataclasses.replace(i.vpns[0], esp=Proposal("aes256", "sha256", 15)),)),
        lambda i: dataclasses.replace(i, ports=(dataclasses.replace(i.ports[0], kind="server"), *i.ports[1:])),
        lambda i: dataclasses.replace(i, ports=(dataclasses.replace(i.ports[0], vrf="M312011"), *i.ports[1:])),
        lambda i: dataclasses.replace(i, ports=(dataclasses.replace(i.ports[0], acl_in="NOPE"), *i.ports[1:])),
        lambda i: dataclasses.replace(i, vpns=()),
    ],
    ids=["ecp-dh", "pfs-group-differs", "dc-port-kind", "vrf", "unknown-acl", "tunnel-without-vpn"],
)
def test_unsupported_intent_refused(change: Callable[[DeviceIntent], DeviceIntent]) -> None:
    with pytest.raises(UnsupportedIntent):
        PLATFORM.render(change(BASE), secret)
