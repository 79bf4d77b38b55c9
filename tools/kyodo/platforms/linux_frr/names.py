"""Linux names of a ``linux_frr`` device's ports, and the checks every printed value passes.

Fixed names (shared with the lab, ≤ 15 characters, the Linux IFNAMSIZ limit):

=================  ==========================  =================================
PortIntent.kind    DC device                   CPE
=================  ==========================  =================================
server / db        ``s<vlan>`` / ``d<vlan>``
hub_link           ``h<municipality code>``
lgwan_link         ``g<municipality code>``
handoff            ``l<vlan>``                 ``wan0``
wan                ``wan0``                    ``wan0``
shared / mgmt      ``shared0`` / ``mgmt0``
internet / lgwan   ``inet0`` / ``lgwan0``
office LANs                                    ``lan1`` (clients), ``lan2`` (printers)
ipsec              ``ipsec0`` (not created)    ``ipsec0`` (not created)
=================  ==========================  =================================

IPsec is policy-based on this platform: charon's kernel-libipsec creates the TUN device
``ipsec0`` in the namespace it runs in and decrypted traffic arrives on it, so an ``ipsec``
port is not rendered as an interface; its name is only used by filters (``iifname "ipsec0"``).
A VRF is a network namespace of the router and keeps the intent's VRF name.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from functools import lru_cache

from kyodo.errors import KyodoError
from kyodo.platforms.intent import DeviceIntent, PortIntent

IPSEC_IFNAME = "ipsec0"
IFNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$")
IDENT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,62}$")
# vendor comment/quote characters and blanks that could change a line's structure
_FORBIDDEN = frozenset("!#;\"'`\\${}|<>")
_VLAN_NAME_RE = re.compile(r"^[sdl](\d{1,4})$")
_FIXED = {
    "wan": "wan0", "shared": "shared0", "mgmt": "mgmt0", "internet": "inet0", "lgwan": "lgwan0",
    "office_clients": "lan1", "office_printers": "lan2", "ipsec": IPSEC_IFNAME,
}


class RenderError(KyodoError, ValueError):
    """An intent value that cannot be printed safely or has no Linux name."""


def is_cpe(intent: DeviceIntent) -> bool:
    return "cpe" in intent.roles


def port_name(intent: DeviceIntent, port: PortIntent) -> str:
    """The Linux interface name of ``port`` on ``intent``'s device."""
    kind = port.kind
    if kind == "handoff" and is_cpe(intent):
        name = "wan0"
    elif kind in ("server", "db", "handoff"):
        if port.vlan is None:
            raise RenderError(f"{intent.hostname}: {kind} port '{port.key}' has no VLAN to name it by")
        name = {"server": "s", "db": "d", "handoff": "l"}[kind] + str(port.vlan)
    elif kind == "hub_link":
        name = f"h{port.key}"
    elif kind == "lgwan_link":
        name = f"g{port.key}"
    else:
        name = _FIXED[kind]
    return ifname(name)


def vlan_of(name: str) -> int | None:
    """The VLAN a kyodo port name carries (``s100`` → 100), None for other names."""
    m = _VLAN_NAME_RE.match(name)
    return int(m.group(1)) if m else None


def ifname(value: str) -> str:
    if not IFNAME_RE.match(value):
        raise RenderError(f"'{value[:40]}' is not a Linux interface name (≤ 15 of A-Z a-z 0-9 _ . -)")
    return value


def ident(value: str) -> str:
    if not IDENT_RE.match(value):
        raise RenderError(f"'{value[:80]}' is not an identifier (A-Z a-z 0-9 - _ . : /, at most 63)")
    return value


def vrf_name(value: str) -> str:
    """A VRF is a namespace and FRR VRF name: same rules as an interface name."""
    if value and not IFNAME_RE.match(value):
        raise RenderError(f"VRF '{value[:40]}' is not usable as a namespace name (≤ 15 of A-Z a-z 0-9 _ . -)")
    return value


def text(value: str) -> str:
    """Free text printed at the end of a line (descriptions): no control, separator,
    comment or quote character, at most 64 characters."""
    if len(value) > 64 or value != value.strip():
        raise RenderError(f"text '{value[:40]}…' is too long or has leading/trailing blanks")
    for ch in value:
        if ch in _FORBIDDEN or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            raise RenderError(f"text {value[:40]!r} contains U+{ord(ch):04X}, not allowed in a device config")
    return value


def comment(value: str) -> str:
    """Text printed after a comment character (the banner): printable, one line, ≤ 200."""
    if len(value) > 200:
        raise RenderError("comment text longer than 200 characters")
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            raise RenderError(f"comment {value[:40]!r} contains U+{ord(ch):04X}, not allowed in a device config")
    return value


@lru_cache(maxsize=65536)
def interface_address(value: str) -> str:
    try:
        return str(ipaddress.IPv4Interface(value))
    except ValueError:
        raise RenderError(f"'{value[:40]}' is not an IPv4 address with prefix length") from None


@lru_cache(maxsize=65536)
def address(value: str) -> str:
    try:
        return str(ipaddress.IPv4Address(value))
    except ValueError:
        raise RenderError(f"'{value[:40]}' is not an IPv4 address") from None


@lru_cache(maxsize=65536)
def network(value: str) -> str:
    try:
        return str(ipaddress.IPv4Network(value, strict=False))
    except ValueError:
        raise RenderError(f"'{value[:40]}' is not an IPv4 network") from None
