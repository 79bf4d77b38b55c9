"""``isolation.l2``: one municipality's VLAN on another's interface, trunk or hand-off; a VLAN
or portgroup shared by two municipalities; a VM NIC on another municipality's portgroup."""

from __future__ import annotations

from kyodo.verify.context import Context
from kyodo.verify.findings import Finding, make
from kyodo.verify.rules.common import VSPHERE, line_ev, vs_evidence
from kyodo.verify.spaces import ip_int


def _vlan_owners(ctx: Context, handoff_only: bool = False) -> dict[int, str]:
    """VLAN → municipality. Segment VLANs are DC-local: a CPE is only judged on hand-off VLANs."""
    out: dict[int, str] = {}
    for m in ctx.intents.model.municipalities:
        vlans = (m.link.handoff_vlan,) if handoff_only else (m.server.vlan, m.db.vlan, m.link.handoff_vlan)
        for v in vlans:
            if v is not None:
                out[v] = m.code
    return out


def _iface_owner(ctx: Context, host: str, vrf: str, addresses: tuple[str, ...],
                 description: str | None = None) -> str | None:
    """Whose interface: by its VRF, its addresses, or (a trunk with neither) the one
    municipality code its description names."""
    code = ctx.owner(host, vrf)
    if code is not None:
        return code
    if not addresses and description:
        named = [c for c in ctx.intents.addresses if c in description]
        if len(named) == 1:
            return named[0]
    for a in addresses:
        try:
            c = ctx.intents.owner_of(ip_int(a))
        except ValueError:
            continue
        if c is not None:
            return c
    return None


def check_devices(ctx: Context) -> list[Finding]:
    dc_vlans, cpe_vlans = _vlan_owners(ctx), _vlan_owners(ctx, handoff_only=True)
    findings: list[Finding] = []
    users: dict[tuple[str, str, int], dict[str, list[int]]] = {}   # (host, parent, vlan) → owner → lines
    for host, cfg in ctx.snapshot.devices.items():
        for i in cfg.interfaces:
            vlans = ([i.vlan] if i.vlan is not None else []) + list(i.switchport_vlans)
            if not vlans:
                continue
            owner = ctx.cpe_of.get(host) or _iface_owner(ctx, host, i.vrf, i.addresses, i.description)
            vlan_owner = cpe_vlans if host in ctx.cpe_of else dc_vlans
            for vlan in vlans:
                b = vlan_owner.get(vlan)
                if owner is not None:
                    users.setdefault((host, i.parent or "", vlan), {}).setdefault(owner, []).append(i.line)
                if owner is None or b is None or b == owner:
                    continue
                findings.append(make("isolation.l2", "critical", [owner, b], [host],
                                     f"VLAN {vlan} of {b} on {host} {i.name}, an interface of {owner}",
                                     line_ev(ctx, [(host, i.line)])))
    findings.extend(_handoff_ports(ctx, dc_vlans))
    for (host, parent, vlan), by in users.items():
        if len(by) < 2:
            continue
        codes = sorted(by)
        if any(f.municipalities == tuple(codes) and host in f.devices for f in findings):
            continue
        ev = [(host, ln) for c in codes for ln in by[c]]
        where = f" on {parent}" if parent else ""
        findings.append(make("isolation.l2", "critical", codes, [host],
                             f"VLAN {vlan}{where} on {host} is used by {', '.join(codes)}", line_ev(ctx, ev)))
    return findings


def _handoff_ports(ctx: Context, vlan_owner: dict[int, str]) -> list[Finding]:
    """A port whose sub-interfaces are municipalities' hand-offs must not also carry another
    municipality's VLAN (trunked or tagged onto the carrier-facing port itself)."""
    findings: list[Finding] = []
    for host, cfg in ctx.snapshot.devices.items():
        if host in ctx.cpe_of:
            continue
        subs: dict[str, set[str]] = {}
        for i in cfg.interfaces:
            code = ctx.owner(host, i.vrf) if i.parent else None
            if code is not None and i.parent:
                subs.setdefault(i.parent, set()).add(code)
        for i in cfg.interfaces:
            users = subs.get(i.name)
            if not users or not i.switchport_vlans:
                continue
            for vlan in i.switchport_vlans:
                b = vlan_owner.get(vlan)
                if b is None:
                    continue
                others = sorted(users - {b})
                if others:
                    findings.append(make("isolation.l2", "critical", [b, *others], [host],
                                         f"VLAN {vlan} of {b} is carried on {host} {i.name}, the hand-off port "
                                         f"of {', '.join(others)}", line_ev(ctx, [(host, i.line)])))
    return findings


def check_vsphere(ctx: Context) -> list[Finding]:
    vs = ctx.snapshot.vsphere
    if vs is None:
        return []
    model = ctx.intents.model
    vlan_owner = _vlan_owners(ctx)
    pg_owner: dict[str, str] = {}
    for m in model.municipalities:
        pg_owner[m.server.portgroup] = m.code
        pg_owner[m.db.portgroup] = m.code
    vm_owner = {v.name: m.code for m in model.municipalities for v in m.vms}
    findings: list[Finding] = []
    by_vlan: dict[int, dict[str, list[str]]] = {}
    pg_vlan: dict[str, int | None] = {}
    for pg in vs.portgroups:
        pg_vlan[pg.name] = pg.vlan
        owner = pg_owner.get(pg.name)
        if pg.vlan is None:
            continue
        by_vlan.setdefault(pg.vlan, {}).setdefault(owner or f"?{pg.name}", []).append(pg.name)
        b = vlan_owner.get(pg.vlan)
        if owner is not None and b is not None and b != owner:
            findings.append(make("isolation.l2", "critical", [owner, b], [VSPHERE],
                                 f"portgroup {pg.name} of {owner} carries VLAN {pg.vlan} of {b}",
                                 vs_evidence(ctx, pg.name, "vlan")))
    for vlan, by in by_vlan.items():
        codes = sorted(c for c in by if not c.startswith("?"))
        if len(by) > 1 and codes and not any(set(codes) <= set(f.municipalities) for f in findings):
            names = sorted(n for v in by.values() for n in v)
            ev = tuple(e for n in names for e in vs_evidence(ctx, n, "vlan"))
            findings.append(make("isolation.l2", "critical", codes, [VSPHERE],
                                 f"VLAN {vlan} is shared by portgroups {', '.join(names)}", ev))
    for vm in vs.vms:
        a = vm_owner.get(vm.name)
        if a is None:
            continue
        for ip in vm.ips:
            try:
                b = ctx.intents.owner_of(ip_int(ip))
            except ValueError:
                continue
            if b is not None and b != a:
                findings.append(make("isolation.l2", "critical", [a, b], [VSPHERE],
                                     f"VM {vm.name} of {a} has address {ip} of {b}", vs_evidence(ctx, vm.name, "ips")))
        for pg_name in vm.portgroups:
            b = pg_owner.get(pg_name)
            if b is None:
                pg_tag = pg_vlan.get(pg_name)
                b = vlan_owner.get(pg_tag) if pg_tag is not None else None
            if b is not None and b != a:
                findings.append(make("isolation.l2", "critical", [a, b], [VSPHERE],
                                     f"VM {vm.name} of {a} has a NIC on portgroup {pg_name} of {b}",
                                     vs_evidence(ctx, vm.name, "portgroups")))
    return findings


def check(ctx: Context) -> list[Finding]:
    return check_devices(ctx) + check_vsphere(ctx)
