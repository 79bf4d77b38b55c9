"""The platform registry: a plain mapping of platform name → platform object."""

from __future__ import annotations

from importlib import import_module

from kyodo.errors import InputError
from kyodo.platforms.base import Platform


class UnknownPlatform(InputError, KeyError):
    pass


PLATFORMS: dict[str, Platform] = {}
PLATFORMS["yamaha_rtx"] = import_module("kyodo.platforms.yamaha_rtx").PLATFORM
PLATFORMS["nec_ix"] = import_module("kyodo.platforms.nec_ix").PLATFORM
PLATFORMS["cisco_iosxe"] = import_module("kyodo.platforms.cisco_iosxe").PLATFORM
PLATFORMS["linux_frr"] = import_module("kyodo.platforms.linux_frr").PLATFORM


def get(name: str) -> Platform:
    try:
        return PLATFORMS[name]
    except KeyError:
        raise UnknownPlatform(f"unknown platform '{name}' (known: {', '.join(sorted(PLATFORMS))})") from None


def detect(text: str) -> str | None:
    """The platform whose ``detect`` accepts ``text`` (first match in registry order)."""
    for name, platform in PLATFORMS.items():
        if platform.detect(text):
            return name
    return None
