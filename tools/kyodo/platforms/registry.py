"""The platform registry: a plain mapping of platform name → platform object."""

from __future__ import annotations

from kyodo.errors import InputError
from kyodo.platforms.base import Platform


class UnknownPlatform(InputError, KeyError):
    pass


PLATFORMS: dict[str, Platform] = {}


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
