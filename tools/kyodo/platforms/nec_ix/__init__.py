"""NEC UNIVERGE IX (IX2215 class) as a kyodo platform: render, parse, diff, driver facts.

Built from NEC's published IX configuration guides and setting examples; no IX runs here
(there is no free IX image), so the round trip and the diff are tested against the CLI
behaviour those documents describe.
"""

from __future__ import annotations

import re

from kyodo.platforms.base import ConfigDiff, DriverFacts, SecretResolver
from kyodo.platforms.intent import DeviceIntent
from kyodo.platforms.nec_ix import diff as _diff
from kyodo.platforms.nec_ix import parser as _parser
from kyodo.platforms.nec_ix import render as _render
from kyodo.platforms.nec_ix.facts import FACTS
from kyodo.platforms.neutral import DeviceConfig

_MARKERS = (
    re.compile(r"(?m)^! NEC Portable Internetwork Core Operating System Software"),
    re.compile(r"(?m)^interface (GigaEthernet|FastEthernet)\d+(:\d+)?\.\d+\s*$"),
    re.compile(r"(?m)^interface (Tunnel|Loopback)\d+\.\d+\s*$"),
    re.compile(r"(?m)^ip access-list \S+ (permit|deny) \S+ src "),
    re.compile(r"(?m)^ip route \S+ (Tunnel|GigaEthernet)\d+(:\d+)?\.\d+\s*$"),
    re.compile(r"(?m)^(ip ufs-cache|ikev2 (default-profile|authentication psk)|ipsec autokey-map|ike proposal) "),
    re.compile(r"(?m)^ +ip filter \S+ \d+ (in|out)\s*$"),
)


class NecIx:
    name = "nec_ix"
    facts: DriverFacts = FACTS

    def render(self, intent: DeviceIntent, secrets: SecretResolver) -> str:
        return _render.render(intent, secrets)

    def expected(self, intent: DeviceIntent) -> DeviceConfig:
        return _render.expected(intent)

    def parse(self, text: str) -> DeviceConfig:
        return _parser.parse(text)

    def diff(self, running: str, intended: str) -> ConfigDiff:
        return _diff.diff(running, intended)

    def detect(self, text: str) -> bool:
        """Two independent IX markers (or the IX ``show running-config`` banner)."""
        if _MARKERS[0].search(text):
            return True
        return sum(1 for rx in _MARKERS[1:] if rx.search(text)) >= 2


PLATFORM = NecIx()
