"""The conformance suite every registered platform must pass (napalm's getters test, for kyodo).

For every platform in the registry, on intents built from the sample SoT (the DC core on each
platform that can be one, CPEs of every platform): render is deterministic, parse(render)
gives back the platform's ``expected`` facts, the hostname round-trips, detect recognises its
own text and no other platform claims it, a config diffed against itself yields nothing, the
parser never crashes on odd input and never keeps a key, and hostile strings are refused.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from kyodo.errors import KyodoError
from kyodo.ipam.allocator import kinds_for
from kyodo.ipam.ledger import Ledger
from kyodo.model import resolve
from kyodo.platforms.intent import DeviceIntent
from kyodo.platforms.registry import PLATFORMS
from kyodo.render.intent import build_intents
from kyodo.sot.generate import write_sot
from kyodo.sot.load import load_sot

DC_PLATFORMS = ("cisco_iosxe", "linux_frr")
SECRET_PREFIX = "conformance-secret-"


def secrets(ref: str) -> str:
    return SECRET_PREFIX + hashlib.sha256(ref.encode()).hexdigest()[:16]


@cache
def intents_for(dc_platform: str) -> dict[str, DeviceIntent]:
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="kyodo-conf-"))
    try:
        write_sot(tmp / "sot", "31", limit=17, dc_platform=dc_platform)
        sot = load_sot(tmp / "sot")
        ledger = Ledger(tmp / "ledger.sqlite")
        ledger.allocate(sot.datacenter.pools, {m.code: kinds_for(m.connection.type) for m in sot.municipalities})
        return build_intents(resolve(sot, ledger.rows()))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def cases() -> list[tuple[str, str, str]]:
    """(platform, dc platform of the SoT, hostname): the DC core where the platform can be one, and every CPE
    of that platform (17 Tottori municipalities give each platform an IPsec and a leased-line CPE)."""
    out = []
    cpes = intents_for("cisco_iosxe")
    for name in sorted(PLATFORMS):
        if name in DC_PLATFORMS:
            out.append((name, name, "dc-core1"))
        out += [(name, "cisco_iosxe", h) for h, i in cpes.items() if i.platform == name and "cpe" in i.roles]
    return out


CASES = cases()


def _strip(value: Any) -> Any:
    """Neutral facts without line numbers, raw text and key material (``expected`` cannot know the key;
    its hash is checked against the resolver separately), for comparison."""
    if isinstance(value, dict):
        drop = ("line", "text", "lines", "unparsed", "psk_sha256", "psk_ref")
        return {k: _strip(v) for k, v in value.items() if k not in drop}
    if isinstance(value, list | tuple):
        return [_strip(v) for v in value]
    return value


def _facts(cfg: Any) -> Any:
    return _strip(dataclasses.asdict(cfg))


def test_registry_is_a_plain_mapping_of_the_four_platforms() -> None:
    assert isinstance(PLATFORMS, dict)
    assert set(PLATFORMS) <= {"linux_frr", "cisco_iosxe", "yamaha_rtx", "nec_ix"}
    for name, platform in PLATFORMS.items():
        assert platform.name == name


@pytest.mark.parametrize("name", sorted(PLATFORMS))
def test_driver_facts(name: str) -> None:
    facts = PLATFORMS[name].facts
    assert facts.netmiko_device_type
    assert facts.save_command and facts.show_running
    assert facts.error_patterns
    for pattern in (facts.prompt_pattern, *facts.error_patterns):
        re.compile(pattern)


@pytest.mark.parametrize(("name", "dc", "host"), CASES, ids=[f"{n}-{h}" for n, _, h in CASES])
def test_round_trip(name: str, dc: str, host: str) -> None:
    platform = PLATFORMS[name]
    intent = intents_for(dc)[host]
    text = platform.render(intent, secrets)
    assert platform.render(intent, secrets) == text, "render is not deterministic"
    parsed = platform.parse(text)
    assert parsed.hostname == intent.hostname
    assert parsed.platform == name
    expected = platform.expected(intent)
    assert _facts(parsed) == _facts(expected)
    assert not parsed.unparsed, f"rendered lines the parser does not model: {parsed.unparsed[:5]}"
    # keys are rendered into the config (the device needs them) but never kept by the parser
    if intent.vpns:
        assert SECRET_PREFIX in text
    assert SECRET_PREFIX not in parsed.to_json()
    for peer in parsed.vpn_peers:
        if intent.vpns:
            assert peer.psk_sha256 in {hashlib.sha256(secrets(v.psk_ref).encode()).hexdigest() for v in intent.vpns}


@pytest.mark.parametrize(("name", "dc", "host"), CASES, ids=[f"{n}-{h}" for n, _, h in CASES])
def test_detect_and_self_diff(name: str, dc: str, host: str) -> None:
    platform = PLATFORMS[name]
    text = platform.render(intents_for(dc)[host], secrets)
    assert platform.detect(text)
    for other, p in PLATFORMS.items():
        if other != name:
            assert not p.detect(text), f"{other} claims a {name} config"
    assert platform.diff(text, text).commands == ()


@pytest.mark.parametrize("name", sorted(PLATFORMS))
@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "\n\n",
        "!!!\n###\n",
        "interface\n ip address\n",
        "\x00\x01\x02",
        "exit\nend\n" * 3,
        "ip route\nvrf\n  rd\n",
        "a" * 5000,
    ],
)
def test_parser_survives_odd_input(name: str, garbage: str) -> None:
    cfg = PLATFORMS[name].parse(garbage)
    assert cfg.platform == name


@pytest.mark.parametrize(
    ("name", "dc", "host"), CASES[:1] + [c for c in CASES if c[0] != CASES[0][0]][:8], ids=lambda v: str(v)
)
@pytest.mark.parametrize("hostile", ["evil\nend", "evil\rno vrf", "x\u2028interface Tunnel9", "a\x1bb"])
def test_hostile_description_refused(name: str, dc: str, host: str, hostile: str) -> None:
    intent = intents_for(dc)[host]
    port = intent.ports[0]
    bad = dataclasses.replace(intent, ports=(dataclasses.replace(port, description=hostile), *intent.ports[1:]))
    with pytest.raises(KyodoError):
        PLATFORMS[name].render(bad, secrets)
