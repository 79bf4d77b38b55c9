"""The whole ``linux_frr`` artefact → one neutral ``DeviceConfig``.

Splits the text into sections (``sections``) and hands each to its parser with absolute line
numbers: ``frrconf`` (FRR), ``nftconf`` (nftables, one namespace), ``swanconf`` (swanctl).
A text without markers is one section of the kind its content shows, so a bare
``show running-config``, ``nft list ruleset`` or ``swanctl.conf`` parses as well.
"""

from __future__ import annotations

import re

from kyodo.platforms.linux_frr.frrconf import parse_frr
from kyodo.platforms.linux_frr.nftconf import parse_nft
from kyodo.platforms.linux_frr.redact import redacted
from kyodo.platforms.linux_frr.sections import split
from kyodo.platforms.linux_frr.swanconf import parse_swanctl
from kyodo.platforms.neutral import (
    Acl,
    BgpVrf,
    CryptoProposal,
    DeviceConfig,
    Interface,
    StaticRoute,
    Unparsed,
    VpnPeer,
    Vrf,
)

PLATFORM_NAME = "linux_frr"
_DETECT = re.compile(
    r"^(#### kyodo:section (frr|nftables|swanctl)\b|frr (version|defaults) \S+"
    r"|table (inet|ip|ip6|arp|bridge|netdev) [\w.-]+ \{|connections \{)",
    re.MULTILINE,
)


def detect(text: str) -> bool:
    return bool(_DETECT.search(text[:200_000]))


def parse(text: str) -> DeviceConfig:
    hostname = ""
    interfaces: list[Interface] = []
    vrfs: list[Vrf] = []
    routes: list[StaticRoute] = []
    bgp: list[BgpVrf] = []
    acls: list[Acl] = []
    proposals: list[CryptoProposal] = []
    peers: list[VpnPeer] = []
    unparsed: list[Unparsed] = []
    lines = text.splitlines()
    for section in split(text):
        numbered = section.numbered()
        if section.kind == "frr":
            f = parse_frr(numbered)
            hostname = hostname or f.hostname
            interfaces += f.interfaces
            vrfs += [v for v in f.vrfs if all(v.name != x.name for x in vrfs)]
            routes += f.static_routes
            bgp += f.bgp
            unparsed += f.unparsed
        elif section.kind == "nftables":
            n = parse_nft(numbered, section.vrf)
            acls += n.acls
            unparsed += n.unparsed
        else:
            s = parse_swanctl(numbered, section.vrf)
            proposals += s.proposals
            peers += s.vpn_peers
            unparsed += s.unparsed
    return DeviceConfig(
        hostname=hostname, platform=PLATFORM_NAME, interfaces=tuple(interfaces), vrfs=tuple(vrfs),
        static_routes=tuple(routes), bgp=tuple(bgp), acls=tuple(acls), proposals=tuple(proposals),
        vpn_peers=tuple(peers), unparsed=tuple(sorted(redacted(unparsed), key=lambda u: u.line)), lines=tuple(lines),
    )
