"""``crypto ikev2 …``, ``crypto ipsec …``, legacy ``crypto isakmp …`` and ``crypto map`` sections.

Pre-shared keys are hashed (sha256 of the key text) as soon as they are read and never
kept; encrypted keys (type 6/7) give no hash. Peers are assembled in ``parse_vpn``.
"""

from __future__ import annotations

import hashlib

from kyodo.platforms.neutral import CryptoProposal

from .addr import is_ipv4
from .context import Ctx, IkeProfile, IpsecProfile, Keyring, is_comment
from .crypto import (
    ESP_ENCRYPTION,
    ESP_INTEGRITY,
    IKEV2_ENCRYPTION,
    IKEV2_HASH,
    ISAKMP_DEFAULT_ENCRYPTION,
    ISAKMP_DEFAULT_GROUP,
    ISAKMP_DEFAULT_HASH,
    ISAKMP_ENCRYPTION,
    ISAKMP_HASH,
)
from .tree import Node


def psk_hash(words: list[str]) -> str | None:
    """The sha256 of a key given as '[0] KEY' (plain); None for '6 KEY'/'7 KEY' (encrypted)."""
    if len(words) == 2 and words[0] in ("6", "7"):
        return None
    if len(words) == 2 and words[0] == "0":
        words = words[1:]
    if len(words) != 1:
        return None
    return hashlib.sha256(words[0].encode()).hexdigest()


def _local_key(args: list[str]) -> list[str]:
    """'KEY' / '0 KEY' / 'local KEY remote KEY2' / 'remote KEY2' → the words of the key this side
    sends (the local one when keys are asymmetric)."""
    if args[0] not in ("local", "remote"):
        return args
    segments: dict[str, list[str]] = {}
    current = ""
    for word in args:
        if word in ("local", "remote") and word not in segments:
            current = word
            segments[current] = []
        else:
            segments[current].append(word)
    return segments.get("local") or segments.get("remote") or []


def _groups(words: list[str]) -> tuple[int, ...] | None:
    if not words or not all(x.isdecimal() for x in words):
        return None
    return tuple(int(x) for x in words)


def parse_ikev2_proposal(node: Node, ctx: Ctx) -> None:
    enc: list[str] = []
    integ: list[str] = []
    prf: list[str] = []
    groups: list[int] = []
    for child in node.children:
        w = child.words
        if is_comment(child):
            continue
        ok = len(w) >= 2
        if ok and w[0] == "encryption" and all(x in IKEV2_ENCRYPTION for x in w[1:]):
            enc.extend(IKEV2_ENCRYPTION[x] for x in w[1:])
        elif ok and w[0] in ("integrity", "prf") and all(x in IKEV2_HASH for x in w[1:]):
            (integ if w[0] == "integrity" else prf).extend(IKEV2_HASH[x] for x in w[1:])
        elif ok and w[0] == "group" and (g := _groups(w[1:])) is not None:
            groups.extend(g)
        else:
            ctx.skip(child)
    ctx.ike_proposals.append(
        CryptoProposal(
            name=node.words[3],
            kind="ike",
            encryption=tuple(enc),
            integrity=tuple(integ or prf),
            dh_groups=tuple(groups),
            line=node.line,
        )
    )


def parse_ikev2_policy(node: Node, ctx: Ctx) -> None:
    fvrf = ""
    proposals: list[str] = []
    for child in node.children:
        w = child.words
        if is_comment(child):
            continue
        if w[0] == "proposal" and len(w) == 2:
            proposals.append(w[1])
        elif w[:2] == ["match", "fvrf"] and len(w) == 3:
            fvrf = "*" if w[2] == "any" else w[2]
        else:
            ctx.skip(child)
    ctx.ike_policies.append((node.words[3], fvrf, proposals))


def parse_ikev2_keyring(node: Node, ctx: Ctx) -> None:
    ring = Keyring(name=node.words[3], line=node.line)
    for peer in node.children:
        if is_comment(peer):
            continue
        if peer.words[0] != "peer" or len(peer.words) != 2:
            ctx.skip(peer)
            continue
        address = ""
        digest: str | None = None
        for child in peer.children:
            w = child.words
            if is_comment(child) or w[0] == "description":
                continue
            if w[0] == "address" and len(w) in (2, 3) and is_ipv4(w[1]):
                address = w[1]
            elif w[0] == "pre-shared-key" and len(w) >= 2:
                digest = digest or psk_hash(_local_key(w[1:]))
            elif w[0] == "identity":
                pass
            else:
                ctx.skip(child)
        ring.peers[address] = (digest, peer.line)
    ctx.keyrings[ring.name] = ring


def parse_ikev2_profile(node: Node, ctx: Ctx) -> None:
    prof = IkeProfile(name=node.words[3], line=node.line)
    for child in node.children:
        w = child.words
        if is_comment(child) or w[0] == "description":
            continue
        if w[:4] == ["match", "identity", "remote", "address"] and len(w) in (5, 6) and is_ipv4(w[4]):
            prof.remote_addresses.append(w[4])
        elif w[:3] == ["match", "address", "local"] and len(w) == 4 and is_ipv4(w[3]):
            prof.local_address = w[3]
        elif w[:2] == ["match", "fvrf"] and len(w) == 3:
            prof.fvrf = w[2]
        elif w[:2] == ["keyring", "local"] and len(w) == 3:
            prof.keyring = w[2]
        elif w[0] == "authentication" and w[-1] == "pre-share" and len(w) == 3:
            pass
        elif w[:3] == ["identity", "local", "address"] and len(w) == 4:
            prof.local_address = prof.local_address or w[3]
        else:
            ctx.skip(child)
    ctx.ike_profiles[prof.name] = prof


def parse_transform_set(node: Node, ctx: Ctx) -> None:
    """'crypto ipsec transform-set NAME esp-aes 256 esp-sha256-hmac' → (enc, integrity) tokens."""
    w = node.words
    if len(w) < 5:
        ctx.skip(node)
        return
    enc: list[str] = []
    integ: list[str] = []
    rest = w[4:]
    n = 0
    ok = True
    while n < len(rest):
        two = " ".join(rest[n : n + 2])
        if two in ESP_ENCRYPTION and n + 1 < len(rest):
            enc.append(ESP_ENCRYPTION[two])
            n += 2
        elif rest[n] in ESP_ENCRYPTION:
            enc.append(ESP_ENCRYPTION[rest[n]])
            n += 1
        elif rest[n] in ESP_INTEGRITY:
            integ.append(ESP_INTEGRITY[rest[n]])
            n += 1
        else:
            ok = False
            n += 1
    if not ok:
        ctx.skip_line(node)
    for child in node.children:
        if not is_comment(child) and child.words[0] != "mode":
            ctx.skip(child)
    ctx.transform_sets[w[3]] = (tuple(enc), tuple(integ), node.line)


def _ipsec_setting(w: list[str], prof: IpsecProfile) -> bool:
    if w[:2] == ["set", "transform-set"] and len(w) >= 3:
        prof.transform_sets.extend(w[2:])
    elif w[:2] == ["set", "pfs"] and len(w) == 3 and w[2].startswith("group") and w[2][5:].isdecimal():
        prof.pfs = int(w[2][5:])
    elif w[:2] == ["set", "ikev2-profile"] and len(w) == 3:
        prof.ikev2_profile = w[2]
    elif w[:2] == ["set", "peer"] and len(w) in (3, 4):
        prof.peers.append(w[2])
    elif w[:2] == ["match", "address"] and len(w) == 3:
        prof.match_acl = w[2]
    else:
        return False
    return True


def parse_ipsec_profile(node: Node, ctx: Ctx) -> None:
    prof = IpsecProfile(name=node.words[3], line=node.line)
    for child in node.children:
        if not is_comment(child) and child.words[0] != "description" and not _ipsec_setting(child.words, prof):
            ctx.skip(child)
    ctx.ipsec_profiles.append(prof)


def parse_crypto_map(node: Node, ctx: Ctx) -> None:
    """'crypto map NAME SEQ ipsec-isakmp' entries (an interface applies the map by name)."""
    w = node.words
    if len(w) < 4 or not w[3].isdecimal() or (len(w) > 4 and w[4] not in ("ipsec-isakmp",)) or len(w) > 5:
        ctx.skip(node)
        return
    prof = IpsecProfile(name=f"{w[2]} {w[3]}", line=node.line, map_name=w[2])
    for child in node.children:
        if not is_comment(child) and child.words[0] != "description" and not _ipsec_setting(child.words, prof):
            ctx.skip(child)
    ctx.ipsec_profiles.append(prof)


def parse_isakmp_policy(node: Node, ctx: Ctx) -> None:
    """Legacy IKEv1 'crypto isakmp policy N' → an IKE proposal named 'isakmp N'."""
    enc = ISAKMP_DEFAULT_ENCRYPTION
    hsh = ISAKMP_DEFAULT_HASH
    group = ISAKMP_DEFAULT_GROUP
    for child in node.children:
        w = child.words
        if is_comment(child):
            continue
        value = " ".join(w[1:])
        if w[0] in ("encr", "encryption") and value in ISAKMP_ENCRYPTION:
            enc = ISAKMP_ENCRYPTION[value]
        elif w[0] == "hash" and value in ISAKMP_HASH:
            hsh = ISAKMP_HASH[value]
        elif w[0] == "group" and len(w) == 2 and w[1].isdecimal():
            group = int(w[1])
        elif w[0] == "authentication" and value == "pre-share":
            pass
        else:
            ctx.skip(child)
    ctx.ike_proposals.append(
        CryptoProposal(
            name=f"isakmp {node.words[3]}",
            kind="ike",
            encryption=(enc,),
            integrity=(str(hsh),),
            dh_groups=(group,),
            line=node.line,
        )
    )


def parse_isakmp_key(node: Node, ctx: Ctx) -> None:
    """'crypto isakmp key [0|6] KEY address A [MASK] [no-xauth]'."""
    w = node.words
    if "address" not in w:
        ctx.skip(node)
        return
    at = w.index("address")
    if at + 1 >= len(w) or not is_ipv4(w[at + 1]):
        ctx.skip(node)
        return
    digest = psk_hash(w[3:at])
    if digest:
        ctx.isakmp_keys[w[at + 1]] = digest


def parse_crypto(node: Node, ctx: Ctx) -> None:
    w = node.words
    head = w[1:3]
    if len(w) == 4 and head == ["ikev2", "proposal"]:
        parse_ikev2_proposal(node, ctx)
    elif len(w) == 4 and head == ["ikev2", "policy"]:
        parse_ikev2_policy(node, ctx)
    elif len(w) == 4 and head == ["ikev2", "keyring"]:
        parse_ikev2_keyring(node, ctx)
    elif len(w) == 4 and head == ["ikev2", "profile"]:
        parse_ikev2_profile(node, ctx)
    elif head == ["ipsec", "transform-set"]:
        parse_transform_set(node, ctx)
    elif len(w) == 4 and head == ["ipsec", "profile"]:
        parse_ipsec_profile(node, ctx)
    elif len(w) == 4 and head == ["isakmp", "policy"]:
        parse_isakmp_policy(node, ctx)
    elif head == ["isakmp", "key"]:
        parse_isakmp_key(node, ctx)
    elif w[1:2] == ["map"] and len(w) >= 4 and w[3].isdecimal():
        parse_crypto_map(node, ctx)
    else:
        ctx.skip(node)
