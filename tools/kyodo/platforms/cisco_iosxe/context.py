"""State shared by the IOS-XE section parsers while one configuration is read."""

from __future__ import annotations

from dataclasses import dataclass, field

from kyodo.platforms.neutral import (
    Acl,
    BgpVrf,
    CryptoProposal,
    Interface,
    StaticRoute,
    Unparsed,
    Vrf,
)

from .tree import Node


@dataclass(slots=True)
class Keyring:
    name: str
    line: int
    # peer address (or "" for a peer without one) → (psk sha256 or None, peer line)
    peers: dict[str, tuple[str | None, int]] = field(default_factory=dict)


@dataclass(slots=True)
class IkeProfile:
    name: str
    line: int
    remote_addresses: list[str] = field(default_factory=list)
    local_address: str | None = None
    fvrf: str = ""
    keyring: str | None = None


@dataclass(slots=True)
class IpsecProfile:
    """An IPsec profile or a crypto map entry."""

    name: str
    line: int
    transform_sets: list[str] = field(default_factory=list)
    pfs: int | None = None
    ikev2_profile: str | None = None
    peers: list[str] = field(default_factory=list)  # crypto map 'set peer'
    match_acl: str | None = None  # crypto map 'match address'
    map_name: str | None = None  # crypto map entries only


@dataclass(slots=True)
class Ctx:
    hostname: str = ""
    interfaces: list[Interface] = field(default_factory=list)
    crypto_maps_on: dict[str, str] = field(default_factory=dict)  # map name → interface
    vrfs: list[Vrf] = field(default_factory=list)
    routes: list[StaticRoute] = field(default_factory=list)
    bgp: list[BgpVrf] = field(default_factory=list)
    acls: list[Acl] = field(default_factory=list)
    object_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ike_proposals: list[CryptoProposal] = field(default_factory=list)
    ike_policies: list[tuple[str, str, list[str]]] = field(default_factory=list)  # name, fvrf, proposals
    isakmp_keys: dict[str, str] = field(default_factory=dict)  # peer address → psk sha256
    keyrings: dict[str, Keyring] = field(default_factory=dict)
    ike_profiles: dict[str, IkeProfile] = field(default_factory=dict)
    transform_sets: dict[str, tuple[tuple[str, ...], tuple[str, ...], int]] = field(default_factory=dict)
    ipsec_profiles: list[IpsecProfile] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)

    def skip(self, node: Node) -> None:
        """Report a node and all its children as not understood."""
        for line, text in node.all_lines():
            self.unparsed.append(Unparsed(line=line, text=text))

    def skip_line(self, node: Node) -> None:
        self.unparsed.append(Unparsed(line=node.line, text=node.text))


def is_comment(node: Node) -> bool:
    return node.text.startswith("!") or node.text.startswith("#")
