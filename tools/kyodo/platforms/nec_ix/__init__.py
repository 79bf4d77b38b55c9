"""NEC UNIVERGE IX (IX2215 class) as a kyodo platform: render, parse, diff, driver facts.

Built from NEC's published IX configuration guides and setting examples; no IX runs here
(there is no free IX image), so the round trip and the diff are tested against the CLI
behaviour those documents describe.
"""

from __future__ import annotations

import re

from kyodo.platforms.base import ModulePlatform
from kyodo.platforms.nec_ix import diff as _diff
from kyodo.platforms.nec_ix import parser as _parser
from kyodo.platforms.nec_ix import render as _render
from kyodo.platforms.nec_ix.facts import FACTS

_MARKERS = (
    re.compile(r"(?m)^! NEC Portable Internetwork Core Operating System Software"),
    re.compile(r"(?m)^interface (GigaEthernet|FastEthernet)\d+(:\d+)?\.\d+\s*$"),
    re.compile(r"(?m)^interface (Tunnel|Loopback)\d+\.\d+\s*$"),
    re.compile(r"(?m)^ip access-list \S+ (permit|deny) \S+ src "),
    re.compile(r"(?m)^ip route \S+ (Tunnel|GigaEthernet)\d+(:\d+)?\.\d+\s*$"),
    re.compile(r"(?m)^(ip ufs-cache|ikev2 (default-profile|authentication psk)|ipsec autokey-map|ike proposal) "),
    re.compile(r"(?m)^ +ip filter \S+ \d+ (in|out)\s*$"),
)


# two independent IX markers, or the IX configuration header
PLATFORM = ModulePlatform("nec_ix", FACTS, _render.render, _render.expected, _parser.parse, _diff.diff,
                          _MARKERS[1:], needed=2, header=_MARKERS[0])
