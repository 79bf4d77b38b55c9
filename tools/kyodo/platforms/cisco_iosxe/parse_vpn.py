"""Assemble neutral ``VpnPeer``s and ESP proposals from the crypto objects and interfaces.

Route-based (VTI): a tunnel interface's ``tunnel protection ipsec profile P`` → profile P →
its IKEv2 profile → keyring peer. The peer is named after the tunnel interface; its
traffic selectors are any/any (routing decides). Policy-based (legacy crypto map): each
map entry applied on an interface is a peer named ``MAP SEQ``, selectors from its ACL.
The ESP proposal of a peer is named after its IPsec profile (or map entry) and combines
the transform-sets' algorithms with the PFS group.
"""

from __future__ import annotations

from kyodo.platforms.neutral import ANY, CryptoProposal, Interface, VpnPeer

from .context import Ctx, IkeProfile, IpsecProfile
from .crypto import DEFAULT_TRANSFORMS


def esp_proposals(ctx: Ctx) -> list[CryptoProposal]:
    out = []
    for prof in ctx.ipsec_profiles:
        enc: list[str] = []
        integ: list[str] = []
        for ts in prof.transform_sets:
            if ts in ctx.transform_sets:
                e, i, _ = ctx.transform_sets[ts]
                enc.extend(x for x in e if x not in enc)
                integ.extend(x for x in i if x not in integ)
        if not prof.transform_sets:
            enc, integ = list(DEFAULT_TRANSFORMS[0]), list(DEFAULT_TRANSFORMS[1])
        out.append(
            CryptoProposal(
                name=prof.name,
                kind="esp",
                encryption=tuple(enc),
                integrity=tuple(integ),
                dh_groups=(prof.pfs,) if prof.pfs else (),
                line=prof.line,
            )
        )
    return out


def _own_address(ctx: Ctx, source: str | None) -> str | None:
    if source is None:
        return None
    if source.count(".") == 3 and source.replace(".", "").isdecimal():
        return source
    for iface in ctx.interfaces:
        if iface.name == source and iface.addresses:
            return iface.addresses[0].split("/")[0]
    return None


def _ike_proposals(ctx: Ctx, ike: IkeProfile | None, fvrf: str) -> tuple[str, ...]:
    if ike is None:
        return tuple(p.name for p in ctx.ike_proposals if p.name.startswith("isakmp "))
    names: list[str] = []
    for _, policy_vrf, proposals in ctx.ike_policies:
        if policy_vrf in ("*", fvrf):
            names.extend(p for p in proposals if p not in names)
    return tuple(names)


def _psk(ctx: Ctx, ike: IkeProfile | None, remote: str | None) -> str | None:
    if ike is None:
        return ctx.isakmp_keys.get(remote or "")
    ring = ctx.keyrings.get(ike.keyring or "")
    if ring is None:
        return None
    if remote and remote in ring.peers:
        return ring.peers[remote][0]
    if len(ring.peers) == 1:
        return next(iter(ring.peers.values()))[0]
    return None


def _vti_peer(ctx: Ctx, iface: Interface, prof: IpsecProfile) -> VpnPeer:
    assert iface.tunnel is not None
    ike = ctx.ike_profiles.get(prof.ikev2_profile or "")
    remote = iface.tunnel.destination or (ike.remote_addresses[0] if ike and ike.remote_addresses else None)
    local = _own_address(ctx, iface.tunnel.source) or (ike.local_address if ike else None)
    return VpnPeer(
        name=iface.name,
        local_address=local,
        remote_address=remote,
        ike_version=2 if ike else 1,
        psk_sha256=_psk(ctx, ike, remote),
        ike_proposals=_ike_proposals(ctx, ike, iface.tunnel.transport_vrf),
        esp_proposals=(prof.name,),
        vrf=iface.vrf,
        interface=iface.name,
        local_ts=(ANY,),
        remote_ts=(ANY,),
        line=iface.line,
    )


def _map_peer(ctx: Ctx, iface: Interface, prof: IpsecProfile) -> VpnPeer:
    ike = ctx.ike_profiles.get(prof.ikev2_profile or "")
    remote = prof.peers[0] if prof.peers else None
    local_ts: list[str] = []
    remote_ts: list[str] = []
    acl = next((a for a in ctx.acls if a.name == prof.match_acl), None)
    for rule in acl.rules if acl else ():
        if rule.action == "permit":
            local_ts.extend(p for p in rule.src if p not in local_ts)
            remote_ts.extend(p for p in rule.dst if p not in remote_ts)
    return VpnPeer(
        name=prof.name,
        local_address=_own_address(ctx, iface.name),
        remote_address=remote,
        ike_version=2 if ike else 1,
        psk_sha256=_psk(ctx, ike, remote),
        ike_proposals=_ike_proposals(ctx, ike, ""),
        esp_proposals=(prof.name,),
        vrf=iface.vrf,
        interface=iface.name,
        local_ts=tuple(local_ts),
        remote_ts=tuple(remote_ts),
        line=prof.line,
    )


def vpn_peers(ctx: Ctx) -> list[VpnPeer]:
    profiles = {p.name: p for p in ctx.ipsec_profiles if p.map_name is None}
    peers = []
    for iface in ctx.interfaces:
        if iface.tunnel and iface.tunnel.protection and iface.tunnel.protection in profiles:
            peers.append(_vti_peer(ctx, iface, profiles[iface.tunnel.protection]))
    for prof in ctx.ipsec_profiles:
        if prof.map_name is not None and prof.map_name in ctx.crypto_maps_on:
            iface = next(i for i in ctx.interfaces if i.name == ctx.crypto_maps_on[prof.map_name])
            peers.append(_map_peer(ctx, iface, prof))
    return peers
