"""Yamaha RTX (RTX830 / RTX1210 class) as a kyodo platform: render, parse, diff, driver facts.

Built from Yamaha's published RTX command reference and setting examples; no RTX runs here
(there is no free RTX image), so the round trip and the diff are tested against the CLI
behaviour those documents describe.
"""

from __future__ import annotations

import re

from kyodo.platforms.base import ConfigDiff, DriverFacts, SecretResolver
from kyodo.platforms.intent import DeviceIntent
from kyodo.platforms.neutral import DeviceConfig
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


class YamahaRtx:
    name = "yamaha_rtx"
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
        """Two independent RTX markers (or the RTX ``show config`` header)."""
        if _MARKERS[0].search(text):
            return True
        return sum(1 for rx in _MARKERS[1:] if rx.search(text)) >= 2


PLATFORM = YamahaRtx()
