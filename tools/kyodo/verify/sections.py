"""Optional sections of the ``kyodo.verify/1`` document that the report renders: tested paths
(PCI DSS 11.4.6 shape), 三層分離 per municipality, IPsec per municipality, DB placement, and
the snapshot's identity. The contract's required keys stay in ``engine``; these only add."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from kyodo import __version__
from kyodo.verify.context import Context
from kyodo.verify.findings import Finding
from kyodo.verify.rules.required import Status
from kyodo.verify.rules.vpn import _ends, _proposals
from kyodo.verify.spaces import DPORT, PROTO, proto_name

PAIR_PATHS_MAX = 60   # ordered municipality pairs are listed as paths up to this many municipalities


def _port(r_space: Any) -> tuple[str, str]:
    proto = r_space[PROTO]
    dport = r_space[DPORT]
    p = proto_name(proto[0][0]) if len(proto) == 1 and proto[0][0] == proto[0][1] else "any"
    if p not in ("tcp", "udp") or dport == ((0, 65535),):
        return p, ""
    lo, hi = dport[0]
    return p, str(lo) if lo == hi else f"{lo}-{hi}"


def _zone(code: str | None, zone: str) -> str:
    return zone if zone == "management" or zone.startswith("shared") else f"M{code}/{zone}"


def paths(ctx: Context, statuses: list[Status], findings: list[Finding], matrix: Any, now: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for st in statuses:
        r = st.required
        code = r.municipality
        proto, port = _port(r.space)
        out.append({"src": code if r.src_zone != "management" else None, "dst": code,
                    "src_zone": _zone(code, r.src_zone), "dst_zone": _zone(code, r.dst_zone), "protocol": proto,
                    "port": port,
                    "expected": "allowed", "actual": "allowed" if st.open else "blocked", "method": "static",
                    "time": now, "kind": "required", "finding": st.finding.id if st.finding else None})
    order = list(matrix.order)
    if len(order) <= PAIR_PATHS_MAX:
        pair_ids = {f.municipalities: f.id for f in findings if f.rule == "isolation.pair"}
        for i, a in enumerate(order):
            for j, b in enumerate(order):
                if a == b:
                    continue
                hit = matrix.reachable[i][j]
                out.append({"src": a, "dst": b, "src_zone": f"M{a}", "dst_zone": f"M{b}", "protocol": "any",
                            "port": "", "expected": "blocked", "actual": "allowed" if hit else "blocked",
                            "method": "static", "time": now, "kind": "isolation",
                            "finding": pair_ids.get(tuple(sorted((a, b)))) if hit else None})
    return out


def three_layer(ctx: Context, findings: list[Finding]) -> list[dict[str, Any]]:
    out = []
    by = {(f.rule, m): f for f in findings for m in f.municipalities if f.rule.startswith("three_layer.")}
    for m in ctx.intents.model.municipalities:
        inet = by.get(("three_layer.internet", m.code))
        lg = by.get(("three_layer.lgwan", m.code))
        lgwan = [{"destination": e.destination, "ports": list(e.ports), "reachable": True, "exception": e.name}
                 for e in m.lgwan_exceptions]
        if lg is not None:
            dst = lg.flow.dst if lg.flow else ctx.intents.model.lgwan
            port = [f"{lg.flow.protocol}/{lg.flow.dst_port}"] if lg.flow and lg.flow.dst_port else []
            lgwan.append({"destination": dst, "ports": port, "reachable": True, "exception": None})
        out.append({"municipality": m.code, "internet_reachable": inet is not None,
                    "internet_evidence": [{"device": e.device, "line": e.line, "text": e.text}
                                          for e in (inet.evidence if inet else ())],
                    "lgwan": lgwan, "exceptions": [e.name for e in m.lgwan_exceptions]})
    return out


def vpn(ctx: Context, findings: list[Finding]) -> list[dict[str, Any]]:
    issues: dict[str, list[str]] = {}
    for f in findings:
        if f.rule.startswith("vpn."):
            for c in f.municipalities:
                issues.setdefault(c, []).append(f"{f.rule}: {f.summary}")
    reused = {c for f in findings if f.rule == "vpn.psk_reuse" for c in f.municipalities}
    out = []
    for m in ctx.intents.model.municipalities:
        if m.link.type != "ipsec_vpn":
            continue
        hubs, _cpes = _ends(ctx, m)
        hub = hubs[0] if hubs else None
        peer = hub.peer if hub else None
        cfg = ctx.snapshot.devices.get(hub.host) if hub else None
        ike = [_describe(p) for p in _proposals(cfg, peer, "ike")] if cfg and peer else []
        esp = [_describe(p) for p in _proposals(cfg, peer, "esp")] if cfg and peer else []
        mine = issues.get(m.code, [])
        out.append({"municipality": m.code, "tunnel": hub.ingress if hub else "", "hub": hub.host if hub else "",
                    "cpe": m.cpe.name, "ike_proposals": ike, "esp_proposals": esp,
                    "key_hash": peer.psk_sha256[:12] if peer and peer.psk_sha256 else None,
                    "key_unique": m.code not in reused, "consistent": not any("peer_mismatch" in i for i in mine)
                    and not any("vrf_mismatch" in i for i in mine), "issues": mine})
    return out


def _describe(p: Any) -> str:
    groups = " ".join(f"g{g}" for g in p.dh_groups)
    return " ".join(x for x in (p.kind, *p.encryption, *p.integrity, groups) if x)


def placement(ctx: Context) -> dict[str, Any] | None:
    vs = ctx.snapshot.vsphere
    if vs is None:
        return None
    model = ctx.intents.model
    role = {v.name: (v.role, m.code) for m in model.municipalities for v in m.vms}
    groups = {(d.cluster, g.name): g for d in vs.drs for g in d.groups}
    rules = [(d.cluster, r) for d in vs.drs for r in d.rules]
    rule_of: dict[str, Any] = {}
    for cluster, drs_rule in rules:
        g = groups.get((cluster, drs_rule.vm_group))
        for member in g.members if g else ():
            rule_of.setdefault(member, drs_rule)
    db_vms = []
    app_on_db = []
    for state in vs.vms:
        if state.name not in role:
            continue
        vm_role, code = role[state.name]
        if vm_role == "db":
            pin = rule_of.get(state.name)
            db_vms.append({"name": state.name, "municipality": code, "role": "db", "cluster": state.cluster,
                           "host": state.host, "rule": pin.name if pin else None,
                           "mandatory": pin.mandatory if pin else None})
        elif state.cluster == model.db_cluster:
            app_on_db.append(state.name)
    return {"db_cluster": model.db_cluster, "licensed_hosts": list(model.licensed_db_hosts), "vms": db_vms,
            "rules": [{"name": r.name, "cluster": c, "vm_group": r.vm_group, "host_group": r.host_group,
                       "mandatory": r.mandatory, "enabled": r.enabled,
                       "hosts": list(groups[(c, r.host_group)].members) if (c, r.host_group) in groups else []}
                      for c, r in rules],
            "app_vms_on_db_cluster": app_on_db}


def snapshot(ctx: Context) -> dict[str, Any]:
    snap = ctx.snapshot
    files = [{"name": f"configs/{p.name}", "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
             for _h, p in sorted(snap.sources.items())]
    kind = "running" if snap.vsphere is not None and snap.vsphere.source == "vcenter" else "intended"
    return {"path": str(snap.root), "kind": kind, "files": files}


def build(ctx: Context, statuses: list[Status], findings: list[Finding], matrix: Any) -> dict[str, Any]:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    out: dict[str, Any] = {
        "prefecture": ctx.intents.model.prefecture, "generated_at": now,
        "tool": {"name": "kyodo", "version": __version__}, "snapshot": snapshot(ctx),
        "vms": sum(len(m.vms) for m in ctx.intents.model.municipalities),
        "paths": paths(ctx, statuses, findings, matrix, now), "three_layer": three_layer(ctx, findings),
        "vpn": vpn(ctx, findings),
    }
    place = placement(ctx)
    if place is not None:
        out["placement"] = place
    return out

