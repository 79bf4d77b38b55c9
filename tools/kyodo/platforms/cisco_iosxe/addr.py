"""Address helpers shared by the IOS-XE renderer and parser (masks, wildcards, prefixes)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

ANY = "0.0.0.0/0"


def mask_of(prefixlen: int) -> str:
    return str(ipaddress.IPv4Network(f"0.0.0.0/{prefixlen}").netmask)


def wildcard_of(prefixlen: int) -> str:
    return str(ipaddress.IPv4Network(f"0.0.0.0/{prefixlen}").hostmask)


def split_cidr(cidr: str) -> tuple[str, str]:
    """'10.64.0.1/26' → ('10.64.0.1', '255.255.255.192') (the address is kept, not the network)."""
    iface = ipaddress.IPv4Interface(cidr)
    return str(iface.ip), str(iface.netmask)


def network_and_mask(cidr: str) -> tuple[str, str]:
    net = ipaddress.IPv4Network(cidr, strict=False)
    return str(net.network_address), str(net.netmask)


@lru_cache(maxsize=65536)
def is_ipv4(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=65536)
def mask_to_len(mask: str) -> int | None:
    """A contiguous netmask → prefix length, else None."""
    try:
        value = int(ipaddress.IPv4Address(mask))
    except ValueError:
        return None
    inverted = value ^ 0xFFFFFFFF
    if inverted & (inverted + 1):
        return None
    return 32 - inverted.bit_length()


@lru_cache(maxsize=65536)
def wildcard_to_len(wildcard: str) -> int | None:
    """A contiguous wildcard (inverse mask) → prefix length, else None."""
    try:
        value = int(ipaddress.IPv4Address(wildcard))
    except ValueError:
        return None
    if value & (value + 1):
        return None
    return 32 - value.bit_length()


def covering_prefix(address: str, wildcard: str) -> str | None:
    """The smallest prefix containing every address a (non-contiguous) wildcard matches."""
    try:
        value = int(ipaddress.IPv4Address(wildcard))
        base = int(ipaddress.IPv4Address(address))
    except ValueError:
        return None
    length = 32 - value.bit_length()
    return str(ipaddress.IPv4Network((base & ~value & 0xFFFFFFFF, 32), strict=False).supernet(new_prefix=length))


@lru_cache(maxsize=65536)
def prefix(address: str, length: int) -> str | None:
    try:
        return str(ipaddress.IPv4Network(f"{address}/{length}", strict=False))
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def interface_cidr(address: str, mask: str) -> str | None:
    length = mask_to_len(mask)
    if length is None or not is_ipv4(address):
        return None
    return f"{address}/{length}"
