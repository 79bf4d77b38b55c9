"""Report sections the verifier's result does not carry (yet), derived when ``kyodo report
SNAPSHOT`` has the parsed snapshot and the resolved model at hand.

Only facts are read here (parsed VPN peers and proposals, ``vsphere.json``, the SoT's listed
LGWAN exceptions); verdicts come from the verifier's findings, so the report never disagrees
with ``kyodo verify``. Each function returns the ``kyodo.verify/1`` optional key's JSON shape
(see ``report/inputs.py``); a key the verifier provides is never overwritten.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from kyodo.model import MunicipalityNet, Resolved
from kyodo.platforms.neutral import CryptoProposal, DeviceConfig, VpnPeer
from kyodo.verify.snapshot import Snapshot


def _of(findings: list[dict[str, Any]], prefix: str, code: str) -> list[dict[str, Any]]:
    return [f for f in findings if f["rule"].startswith(prefix) and code in f.get("municipalities", [])]


def three_layer(model: Resolved, findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for m in model.municipalities:
        internet = _of(findings, "three_layer.internet", m.code)
        lgwan = [
            {
                "destination": str((f.get("flow") or {}).get("dst") or f["summary"]),
                "ports": [
                    f"{(f.get('flow') or {}).get('protocol', '')}/{(f.get('flow') or {}).get('dst_port', '')}".strip(
                        "/"
                    )
                ],
                "reachable": True,
                "exception": None,
            }
            for f in _of(findings, "three_layer.lgwan", m.code)
        ]
        out.append(
            {
                "municipality": m.code,
                "internet_reachable": bool(internet),
                "internet_evidence": [e for f in internet for e in f.get("evidence", [])],
                "lgwan": lgwan,
                "exceptions": [e.name for e in m.lgwan_exceptions],
            }
        )
    return out


def placement(model: Resolved, snap: Snapshot) -> dict[str, Any] | None:
    vs = snap.vsphere
    if vs is None:
        return None
    roles = {v.name: (v.role, m.code) for m in model.municipalities for v in m.vms}
    groups = {(d.cluster, g.name): g for d in vs.drs for g in d.groups}
    rules = [(d.cluster, r) for d in vs.drs for r in d.rules]
    vms, app_on_db = [], []
    for vm in vs.vms:
        role, code = roles.get(vm.name, ("", None))
        if role == "db":
            rule = next((r for c, r in rules if vm.name in getattr(groups.get((c, r.vm_group)), "members", ())), None)
            vms.append(
                {
                    "name": vm.name,
                    "municipality": code,
                    "cluster": vm.cluster,
                    "host": vm.host,
                    "rule": rule.name if rule else None,
                    "mandatory": rule.mandatory if rule else False,
                }
            )
        elif vm.cluster == model.db_cluster:
            app_on_db.append(vm.name)
    return {
        "db_cluster": model.db_cluster,
        "licensed_hosts": list(model.licensed_db_hosts),
        "vms": vms,
        "rules": [
            {
                "name": r.name,
                "cluster": c,
                "vm_group": r.vm_group,
                "host_group": r.host_group,
                "mandatory": r.mandatory,
                "enabled": r.enabled,
            }
            for c, r in rules
        ],
        "app_vms_on_db_cluster": app_on_db,
    }


def _describe(cfg: DeviceConfig, peer: VpnPeer, kind: str) -> list[str]:
    names = peer.ike_proposals if kind == "ike" else peer.esp_proposals
    props: list[CryptoProposal] = [p for p in cfg.proposals if p.kind == kind and (not names or p.name in names)]
    return [" ".join([*p.encryption, *p.integrity, *(f"dh{g}" for g in p.dh_groups)]) or p.name for p in props]


def _peer(snap: Snapshot, host: str, remote: str | None) -> VpnPeer | None:
    cfg = snap.devices.get(host)
    if cfg is None or remote is None:
        return None
    return next((p for p in cfg.vpn_peers if p.remote_address == remote), None)


def vpn(model: Resolved, snap: Snapshot, findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ipsec: list[MunicipalityNet] = [m for m in model.municipalities if m.link.type == "ipsec_vpn"]
    ends = {
        m.code: (_peer(snap, m.link.dc_device, m.link.cpe_wan), _peer(snap, m.cpe.name, m.link.hub_wan)) for m in ipsec
    }
    uses = Counter(h.psk_sha256 for h, _ in ends.values() if h is not None and h.psk_sha256)
    out = []
    for m in ipsec:
        hub, cpe = ends[m.code]
        issues = [f["summary"] for f in _of(findings, "vpn.", m.code)]
        if hub is None or cpe is None:
            issues.append("hub end missing" if hub is None else "CPE end missing")
        key = hub.psk_sha256 if hub is not None else None
        same_key = hub is not None and cpe is not None and hub.psk_sha256 == cpe.psk_sha256
        hub_cfg = snap.devices.get(m.link.dc_device)
        out.append(
            {
                "municipality": m.code,
                "tunnel": (hub.interface if hub is not None and hub.interface else f"tunnel {m.link.tunnel_id}"),
                "hub": m.link.dc_device,
                "cpe": m.cpe.name,
                "ike_proposals": _describe(hub_cfg, hub, "ike") if hub and hub_cfg else [],
                "esp_proposals": _describe(hub_cfg, hub, "esp") if hub and hub_cfg else [],
                "key_hash": key[:12] if key else None,
                "key_unique": key is not None and uses[key] == 1 and not _of(findings, "vpn.psk_reuse", m.code),
                "consistent": same_key
                and not _of(findings, "vpn.peer_mismatch", m.code)
                and not _of(findings, "vpn.vrf_mismatch", m.code),
                "issues": issues,
            }
        )
    return out


def enrich(doc: dict[str, Any], model: Resolved, snap: Snapshot) -> dict[str, Any]:
    """``doc`` with the optional sections filled in where the verifier left them out."""
    findings = doc.get("findings", [])
    out = dict(doc)
    if out.get("three_layer") is None:
        out["three_layer"] = three_layer(model, findings)
    if out.get("placement") is None:
        out["placement"] = placement(model, snap)
    if out.get("vpn") is None:
        out["vpn"] = vpn(model, snap, findings)
    return out
