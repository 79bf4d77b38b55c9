"""Cisco IOS-XE as a kyodo platform (DC core / IPsec hub / leased-line PE, and CPEs).

Render (``render``: Jinja2 templates fed by ``plan``), parse (``parser``), diff with
hier_config (``diff``) and driver facts (``facts``). Interface naming is documented in
``names``. No IOS-XE image runs here: the round trip, golden files and configs written
after Cisco's published configuration examples are the tests.
"""

from __future__ import annotations

import re

from kyodo.platforms.base import ConfigDiff, DriverFacts, SecretResolver
from kyodo.platforms.cisco_iosxe import diff as _diff
from kyodo.platforms.cisco_iosxe import expected as _expected
from kyodo.platforms.cisco_iosxe import parser as _parser
from kyodo.platforms.cisco_iosxe import render as _render
from kyodo.platforms.cisco_iosxe.facts import FACTS
from kyodo.platforms.intent import DeviceIntent
from kyodo.platforms.neutral import DeviceConfig

_MARKERS = (
    re.compile(r"(?m)^version 1[5-7]\.\d+\s*$"),
    re.compile(r"(?m)^interface (GigabitEthernet|TenGigabitEthernet|Tunnel|Vlan|Loopback|Port-channel)\S*\s*$"),
    re.compile(r"(?m)^ ip address \d+\.\d+\.\d+\.\d+ \d+\.\d+\.\d+\.\d+"),
    re.compile(r"(?m)^(vrf definition|ip vrf) \S+\s*$"),
    re.compile(r"(?m)^ip access-list (extended|standard) \S+\s*$"),
    re.compile(r"(?m)^crypto (ikev2|ipsec|isakmp) "),
    re.compile(r"(?m)^ip route (vrf \S+ )?\d+\.\d+\.\d+\.\d+ \d+\.\d+\.\d+\.\d+ "),
)


class CiscoIosXe:
    name = "cisco_iosxe"
    facts: DriverFacts = FACTS

    def render(self, intent: DeviceIntent, secrets: SecretResolver) -> str:
        return _render.render(intent, secrets)

    def expected(self, intent: DeviceIntent) -> DeviceConfig:
        return _expected.expected(intent)

    def parse(self, text: str) -> DeviceConfig:
        return _parser.parse(text)

    def diff(self, running: str, intended: str) -> ConfigDiff:
        return _diff.diff(running, intended)

    def detect(self, text: str) -> bool:
        """IOS-style dotted masks plus IOS section keywords: at least three independent markers."""
        return sum(1 for rx in _MARKERS if rx.search(text)) >= 3


PLATFORM = CiscoIosXe()
