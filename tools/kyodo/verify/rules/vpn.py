"""IPsec rules: ``vpn.crypto_weak``, ``vpn.psk_reuse`` (compared by hash only),
``vpn.vrf_mismatch`` (the tunnel lands in another VRF than its municipality's) and
``vpn.peer_mismatch`` (the two ends disagree or do not point at each other)."""

from __future__ import annotations

from kyodo.model import MunicipalityNet
from kyodo.platforms.neutral import CryptoProposal, DeviceConfig, VpnPeer
from kyodo.verify.context import Context
from kyodo.verify.findings import Finding, make
from kyodo.verify.network import TunnelEnd
from kyodo.verify.rib import find_line
from kyodo.verify.rules.common import line_ev
from kyodo.verify.spaces import addr_ivs, ip_int, iv_contains

WEAK_ENC = {"des", "3des", "des3", "null", "des-cbc", "3des-cbc", "rc4"}
WEAK_INTEG = {"md5", "sha1", "sha", "sha-1", "sha1-96", "md5-96"}
WEAK_DH = {1, 2, 5, 22, 23, 24}


def _proposals(cfg: DeviceConfig, peer: VpnPeer, kind: str) -> list[CryptoProposal]:
    names = peer.ike_proposals if kind == "ike" else peer.esp_proposals
    if names:
        return [p for p in cfg.proposals if p.kind == kind and p.name in names]
    return [p for p in cfg.proposals if p.kind == kind]


def _weak(p: CryptoProposal) -> list[str]:
    bad = [e for e in p.encryption if e.lower() in WEAK_ENC]
    bad += [i for i in p.integrity if i.lower() in WEAK_INTEG]
    bad += [f"dh group {g}" for g in p.dh_groups if g in WEAK_DH]
    return bad


def _ends(ctx: Context, m: MunicipalityNet) -> tuple[list[TunnelEnd], list[TunnelEnd]]:
    link = m.link
    hub = [e for e in ctx.net.ends_to(link.cpe_wan) if e.host != m.cpe.name]
    cpe = ctx.net.ends_at(m.cpe.name)
    return hub, cpe


def _peer_code(ctx: Context, host: str, peer: VpnPeer, by_wan: dict[str, str]) -> str | None:
    return ctx.cpe_of.get(host) or (by_wan.get(peer.remote_address or "")) or ctx.owner(host, peer.vrf)


def check_crypto(ctx: Context) -> list[Finding]:
    by_wan = {m.link.cpe_wan: m.code for m in ctx.intents.model.municipalities if m.link.cpe_wan}
    findings: list[Finding] = []
    by_hash: dict[str, dict[str, list[tuple[str, int]]]] = {}
    weak_groups: dict[tuple[str, tuple[str, ...]], tuple[set[str], list[tuple[str, int]], list[str]]] = {}
    for host, cfg in ctx.snapshot.devices.items():
        for peer in cfg.vpn_peers:
            code = _peer_code(ctx, host, peer, by_wan)
            bad: list[str] = []
            lines = [(host, peer.line)]
            if peer.ike_version == 1:
                bad.append("IKEv1")
            for kind in ("ike", "esp"):
                for p in _proposals(cfg, peer, kind):
                    weakness = _weak(p)
                    if weakness:
                        bad.extend(f"{kind} {w}" for w in weakness)
                        lines.append((host, p.line))
            if bad:
                # one finding per device and weakness: a shared proposal names every peer using it
                codes, locs, names = weak_groups.setdefault((host, tuple(sorted(set(bad)))), (set(), [], []))
                if code:
                    codes.add(code)
                locs.extend(lines)
                names.append(peer.name)
            if peer.psk_sha256 and code:
                by_hash.setdefault(peer.psk_sha256, {}).setdefault(code, []).append((host, peer.line))
    for (host, bad_t), (codes, locs, names) in sorted(weak_groups.items()):
        who = names[0] if len(names) == 1 else f"{len(names)} peers"
        findings.append(make("vpn.crypto_weak", "high", codes, [host],
                             f"IPsec {who} on {host} use(s) weak crypto: {', '.join(bad_t)}", line_ev(ctx, locs)))
    for users in by_hash.values():
        if len(users) < 2:
            continue
        sharing = sorted(users)
        where = [loc for c in sharing for loc in users[c]]
        findings.append(make("vpn.psk_reuse", "high", sharing, {h for h, _ in where},
                             f"the same pre-shared key (by hash) is used for {', '.join(sharing)}",
                             line_ev(ctx, where)))
    return findings


def _mismatches(ctx: Context, hub: TunnelEnd, cpe: TunnelEnd) -> list[str]:
    out: list[str] = []
    hp, cp = hub.peer, cpe.peer
    if cpe not in ctx.net.partners(hub):
        out.append(f"addresses do not pair ({hub.host} {hub.local}→{hub.remote}, {cpe.host} {cpe.local}→{cpe.remote})")
    for end in (hub, cpe):
        p = end.peer
        if p is not None and end.iface is not None and end.iface.tunnel is not None:
            dest = end.iface.tunnel.destination
            if p.remote_address and dest and p.remote_address != dest.split("/")[0]:
                out.append(f"{end.host}: IKE peer {p.remote_address} is not the tunnel destination {dest}")
    if hp is None or cp is None:
        return out
    if hp.psk_sha256 and cp.psk_sha256 and hp.psk_sha256 != cp.psk_sha256:
        out.append("pre-shared keys differ")
    if hp.ike_version and cp.ike_version and hp.ike_version != cp.ike_version:
        out.append(f"IKE versions differ ({hp.ike_version} vs {cp.ike_version})")
    hcfg, ccfg = ctx.snapshot.devices[hub.host], ctx.snapshot.devices[cpe.host]
    for kind in ("ike", "esp"):
        a = {_suite(p, kind) for p in _proposals(hcfg, hp, kind)}
        b = {_suite(p, kind) for p in _proposals(ccfg, cp, kind)}
        if a and b and not any(_compatible(x, y) for x in a for y in b):
            out.append(f"no common {kind.upper()} proposal")
    if not _ts_fit(hp.local_ts, cp.remote_ts) or not _ts_fit(hp.remote_ts, cp.local_ts):
        out.append("traffic selectors do not match (neither side narrows to the other)")
    return sorted(set(out))


def _ts_fit(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Selectors agree when either side is unset or one covers the other (IKEv2 narrowing)."""
    if not a or not b:
        return True
    try:
        x, y = addr_ivs(a), addr_ivs(b)
    except ValueError:
        return True
    return iv_contains(x, y) or iv_contains(y, x)


Suite = tuple[frozenset[str], frozenset[str], frozenset[int]]


def _suite(p: CryptoProposal, kind: str) -> Suite:
    integ = frozenset() if kind == "esp" and any("gcm" in e for e in p.encryption) else frozenset(p.integrity)
    return frozenset(p.encryption), integ, frozenset(p.dh_groups)


def _compatible(a: Suite, b: Suite) -> bool:
    def meet(x: frozenset[object], y: frozenset[object]) -> bool:
        return not x or not y or bool(x & y)

    return meet(a[0], b[0]) and meet(a[1], b[1]) and meet(a[2], b[2])


def check_links(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for m in ctx.intents.model.municipalities:
        if m.link.type != "ipsec_vpn":
            findings.extend(_handoff_vrf(ctx, m))
            continue
        hubs, cpes = _ends(ctx, m)
        for h in hubs:
            b = ctx.owner(h.host, h.vrf)
            if b != m.code:
                where = f"VRF {h.vrf or 'global'}" + (f" of {b}" if b else "")
                cfg = ctx.snapshot.devices[h.host]
                vrf_line = find_line(cfg, h.line, "vrf", h.vrf, span=12) if h.vrf else 0
                findings.append(make("vpn.vrf_mismatch", "critical", [m.code, *([b] if b else [])], [h.host],
                                     f"the tunnel of {m.code} on {h.host} ({h.ingress}) lands in {where}, not {m.vrf}",
                                     line_ev(ctx, [(h.host, h.line), (h.host, vrf_line)])))
        if m.cpe.name not in ctx.snapshot.devices:
            continue
        to_hub = [c for c in cpes if c.remote == m.link.hub_wan]
        if not hubs or not to_hub:
            side = "the hub has no peer for its CPE" if not hubs else f"its CPE has no peer towards {m.link.hub_wan}"
            locs = [(e.host, e.line) for e in [*hubs, *cpes]]
            findings.append(make("vpn.peer_mismatch", "high", [m.code], {h for h, _ in locs} | {m.cpe.name},
                                 f"IPsec of {m.code}: {side}", line_ev(ctx, locs)))
            continue
        for h in hubs:
            for c in to_hub:
                problems = _mismatches(ctx, h, c)
                if problems:
                    findings.append(make("vpn.peer_mismatch", "high", [m.code], [h.host, c.host],
                                         f"IPsec ends of {m.code} disagree: {'; '.join(problems)}",
                                         line_ev(ctx, [(h.host, h.line), (c.host, c.line)])))
    return findings


def _handoff_vrf(ctx: Context, m: MunicipalityNet) -> list[Finding]:
    """A leased-line hand-off (the DC interface on the municipality's transfer subnet or tagged
    with its hand-off VLAN) must land in the municipality's VRF too."""
    out: list[Finding] = []
    dc_ip = ip_int(m.link.dc_address)
    for p in ctx.net.ports_at(dc_ip):
        if p.host == m.cpe.name:
            continue
        b = ctx.owner(p.host, p.vrf)
        if b == m.code:
            continue
        i = ctx.net.iface(p.host, p.iface)
        line = i.line if i else 0
        vrf_line = find_line(ctx.snapshot.devices[p.host], line, "vrf", p.vrf, span=12) if p.vrf else 0
        where = f"VRF {p.vrf or 'global'}" + (f" of {b}" if b else "")
        out.append(make("vpn.vrf_mismatch", "critical", [m.code, *([b] if b else [])], [p.host],
                        f"the leased-line hand-off of {m.code} on {p.host} ({p.iface}) lands in {where}, not {m.vrf}",
                        line_ev(ctx, [(p.host, line), (p.host, vrf_line)])))
    return out


def check(ctx: Context) -> list[Finding]:
    return check_crypto(ctx) + check_links(ctx)
