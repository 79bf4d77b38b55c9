"""What every platform folder provides, as a Protocol, plus the driver-facts record.

A platform is a module ``kyodo.platforms.<name>`` exposing ``PLATFORM``: an object that
satisfies ``Platform`` below. ``kyodo.platforms.registry.PLATFORMS`` is the plain mapping
name → platform. The shared conformance test (tests/unit/platforms/test_conformance.py)
runs every registered platform through the same checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from kyodo.platforms.intent import DeviceIntent
from kyodo.platforms.neutral import DeviceConfig

# resolves a vault/env reference (e.g. "vault:psk_312011") to the secret text; renderers
# call it only for values that must appear in the device config (IPsec PSKs)
SecretResolver = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class DriverFacts:
    """Behaviour of a platform's CLI, as data (scrapli's definitions, hier_config's drivers)."""

    netmiko_device_type: str
    prompt_pattern: str
    error_patterns: tuple[str, ...]
    enter_config: tuple[str, ...]
    exit_config: tuple[str, ...]
    save_command: str
    show_running: str
    comment_prefix: str
    # confirm-or-revert: how the platform schedules a revert and confirms a change
    # ('{minutes}' is filled in); empty when the platform has no native mechanism (kyodo emulates it)
    confirm_arm: tuple[str, ...] = ()
    confirm_commit: tuple[str, ...] = ()
    rollback: tuple[str, ...] = ()
    negate_prefix: str = "no "
    notes: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ConfigDiff:
    """Commands taking running to intended, and the commands taking intended back to running."""

    commands: tuple[str, ...]
    rollback: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.commands


class Platform(Protocol):
    name: str
    facts: DriverFacts

    def render(self, intent: DeviceIntent, secrets: SecretResolver) -> str:
        """The full configuration text of a device from its logical intent."""
        ...

    def expected(self, intent: DeviceIntent) -> DeviceConfig:
        """The neutral facts that ``parse(render(intent))`` must give back (round trip).

        Line numbers and raw text are not compared; PSKs compare by sha256 of the secret."""
        ...

    def parse(self, text: str) -> DeviceConfig:
        """Config text → neutral model. Unknown lines go to ``unparsed``; never raises on odd input."""
        ...

    def diff(self, running: str, intended: str) -> ConfigDiff:
        """Commands from running to intended (empty when equal) and their rollback."""
        ...

    def detect(self, text: str) -> bool:
        """Whether ``text`` looks like this platform's configuration."""
        ...


@dataclass(frozen=True)
class ModulePlatform:
    """A platform whose operations are functions of its own modules, recognised by marker patterns:
    ``detect`` accepts a text when ``header`` matches, or when at least ``needed`` of ``markers`` do."""

    name: str
    facts: DriverFacts
    render_fn: Callable[[DeviceIntent, SecretResolver], str]
    expected_fn: Callable[[DeviceIntent], DeviceConfig]
    parse_fn: Callable[[str], DeviceConfig]
    diff_fn: Callable[[str, str], ConfigDiff]
    markers: tuple[re.Pattern[str], ...]
    needed: int
    header: re.Pattern[str] | None = None

    def render(self, intent: DeviceIntent, secrets: SecretResolver) -> str:
        return self.render_fn(intent, secrets)

    def expected(self, intent: DeviceIntent) -> DeviceConfig:
        return self.expected_fn(intent)

    def parse(self, text: str) -> DeviceConfig:
        return self.parse_fn(text)

    def diff(self, running: str, intended: str) -> ConfigDiff:
        return self.diff_fn(running, intended)

    def detect(self, text: str) -> bool:
        if self.header is not None and self.header.search(text):
            return True
        return sum(1 for rx in self.markers if rx.search(text)) >= self.needed
