"""Yamaha RTX (RTX830 / RTX1210 class) as a kyodo platform: render, parse, diff, driver facts.

Built from Yamaha's published RTX command reference and setting examples; no RTX runs here
(there is no free RTX image), so the round trip and the diff are tested against the CLI
behaviour those documents describe.
"""

from __future__ import annotations

import re

from kyodo.platforms.base import ModulePlatform
from kyodo.platforms.yamaha_rtx import diff as _diff
from kyodo.platforms.yamaha_rtx import parser as _parser
from kyodo.platforms.yamaha_rtx import render as _render
from kyodo.platforms.yamaha_rtx.facts import FACTS

_MARKERS = (
    re.compile(r"(?m)^# RTX\d+\w* Rev\."),
    re.compile(r"(?m)^\s*ip lan\d+(/\d+)? (address|secure filter)\b"),
    re.compile(r"(?m)^\s*(tunnel|pp) select (\d+|none)\s*$"),
    re.compile(r"(?m)^\s*ip route \S+ gateway\b"),
    re.compile(r"(?m)^\s*ipsec ike (remote|local) address \d+ "),
    re.compile(r"(?m)^\s*console prompt \S"),
)


# two independent RTX markers, or the RTX configuration header
PLATFORM = ModulePlatform("yamaha_rtx", FACTS, _render.render, _render.expected, _parser.parse, _diff.diff,
                          _MARKERS[1:], needed=2, header=_MARKERS[0])
