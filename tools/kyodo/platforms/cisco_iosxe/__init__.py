"""Cisco IOS-XE as a kyodo platform (DC core / IPsec hub / leased-line PE, and CPEs).

Render (``render``: Jinja2 templates fed by ``plan``), parse (``parser``), diff with
hier_config (``diff``) and driver facts (``facts``). Interface naming is documented in
``names``. No IOS-XE image runs here: the round trip, golden files and configs written
after Cisco's published configuration examples are the tests.
"""

from __future__ import annotations

import re

from kyodo.platforms.base import ModulePlatform
from kyodo.platforms.cisco_iosxe import diff as _diff
from kyodo.platforms.cisco_iosxe import expected as _expected
from kyodo.platforms.cisco_iosxe import parser as _parser
from kyodo.platforms.cisco_iosxe import render as _render
from kyodo.platforms.cisco_iosxe.facts import FACTS

_MARKERS = (
    re.compile(r"(?m)^version 1[5-7]\.\d+\s*$"),
    re.compile(r"(?m)^interface (GigabitEthernet|TenGigabitEthernet|Tunnel|Vlan|Loopback|Port-channel)\S*\s*$"),
    re.compile(r"(?m)^ ip address \d+\.\d+\.\d+\.\d+ \d+\.\d+\.\d+\.\d+"),
    re.compile(r"(?m)^(vrf definition|ip vrf) \S+\s*$"),
    re.compile(r"(?m)^ip access-list (extended|standard) \S+\s*$"),
    re.compile(r"(?m)^crypto (ikev2|ipsec|isakmp) "),
    re.compile(r"(?m)^ip route (vrf \S+ )?\d+\.\d+\.\d+\.\d+ \d+\.\d+\.\d+\.\d+ "),
)


# IOS-style dotted masks plus IOS section keywords: at least three independent markers
PLATFORM = ModulePlatform("cisco_iosxe", FACTS, _render.render, _expected.expected, _parser.parse, _diff.diff,
                          _MARKERS, needed=3)
