"""Everything the rules read: snapshot, intents, network, RIBs, sources and their reach.

Sources are a municipality's office LANs (entering at the interface whose subnet holds
them, preferring its CPE) and its VMs (by role, at their segment's gateway interface; IPs
from ``vsphere.json`` when present), plus the management network.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kyodo.verify.intents import MUNI_ZONES, Intents
from kyodo.verify.network import Network, Port
from kyodo.verify.reach import Delivery, Reach, Source
from kyodo.verify.rib import Ribs
from kyodo.verify.snapshot import Snapshot
from kyodo.verify.spaces import Ivs, box, cidr, ip_int, ivs


@dataclass(slots=True)
class Context:
    snapshot: Snapshot
    intents: Intents
    net: Network
    ribs: Ribs
    reach: Reach
    owners: dict[tuple[str, str], str]          # (host, vrf) → municipality code
    cpe_of: dict[str, str]                       # CPE hostname → municipality code
    sources: dict[str, list[Source]] = field(default_factory=dict)   # code ("" = shared) → sources
    unplaced: list[tuple[str, str]] = field(default_factory=list)    # (code, zone) with no entry point
    results: dict[str, list[Delivery]] = field(default_factory=dict)  # source key → deliveries
    vs_names: dict[str, int] = field(default_factory=dict)            # vsphere.json object name → line

    def owner(self, host: str, vrf: str) -> str | None:
        return self.owners.get((host, vrf))

    def hub_vrf(self, host: str, vrf: str) -> bool:
        return vrf == self.intents.model.hub_vrf and (host, vrf) not in self.owners


def vrf_owners(net: Network, intents: Intents) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    model = intents.model
    by_name = {m.vrf: m.code for m in model.municipalities}
    cpe_of = {m.cpe.name: m.code for m in model.municipalities}
    owners: dict[tuple[str, str], str] = {}
    for host, cfg in net.devices.items():
        names = {v.name for v in cfg.vrfs} | {i.vrf for i in cfg.interfaces}
        for name in names:
            if name in by_name:
                owners[(host, name)] = by_name[name]
    # VRFs named otherwise: the municipality whose VM segments (its block) sit in them
    for p in net.ports:
        if (p.host, p.vrf) in owners or p.host in cpe_of or p.vrf == model.hub_vrf:
            continue
        code = intents.owner_of(p.ip)
        if code is not None and _in_block(intents, code, p.ip):
            owners[(p.host, p.vrf)] = code
    for host, code in cpe_of.items():
        cpe = net.devices.get(host)
        if cpe is None:
            continue
        for name in {"", *(v.name for v in cpe.vrfs), *(i.vrf for i in cpe.interfaces)}:
            owners[(host, name)] = code
    return owners, cpe_of


def _in_block(intents: Intents, code: str, ip: int) -> bool:
    from kyodo.verify.spaces import cidr

    lo, hi = cidr(intents.municipality(code).block)
    return lo <= ip <= hi


def _locate(net: Network, ip: int, prefer: set[str]) -> Port | None:
    ports = [p for p in net.covering(ip) if p.ip != ip]
    for p in ports:
        if p.host in prefer:
            return p
    return ports[0] if ports else None


def build_sources(ctx: Context) -> None:
    model = ctx.intents.model
    vs = {v.name: v for v in ctx.snapshot.vsphere.vms} if ctx.snapshot.vsphere else {}
    pg_vlan = {p.name: p.vlan for p in ctx.snapshot.vsphere.portgroups} if ctx.snapshot.vsphere else {}
    dc = {d.name for d in model.devices}
    svi: dict[int, Port] = {}      # VLAN → the DC interface that routes it (the portgroup's gateway)
    for port in ctx.net.ports:
        i = ctx.net.iface(port.host, port.iface)
        if port.host in dc and i is not None and i.vlan is not None and i.parent is None:
            svi.setdefault(i.vlan, port)
    for m in model.municipalities:
        out: list[Source] = []
        for zone in MUNI_ZONES:
            if zone.startswith("office"):
                a: Ivs = ctx.intents.zones[(m.code, zone)]
                groups = {}
                if a:
                    lan = _locate(ctx.net, a[0][0], {m.cpe.name})
                    if lan is not None:
                        groups[(lan.host, lan.iface, lan.vrf)] = a
            else:
                groups = {}
                for vm in m.vms_of(zone):
                    state = vs.get(vm.name)
                    ips = [x.split("/")[0] for x in state.ips] if state and state.ips else [vm.ip]
                    for ip in ips:
                        try:
                            n = ip_int(ip)
                        except ValueError:
                            continue
                        vlans = [pg_vlan.get(pg) for pg in state.portgroups] if state else []
                        seg = next((svi[v] for v in vlans if v is not None and v in svi), None)
                        seg = seg or _locate(ctx.net, n, dc)
                        if seg is not None:
                            key = (seg.host, seg.iface, seg.vrf)
                            groups[key] = ivs((*groups.get(key, ()), (n, n)))
            if not groups:
                ctx.unplaced.append((m.code, zone))
            for (host, iface, vrf), src in groups.items():
                out.append(Source(f"{m.code}:{zone}", m.code, zone, host, iface, vrf, (box(src=src),)))
        ctx.sources[m.code] = out
    mg = ctx.intents.zones[("", "management")]
    shared: list[Source] = []
    entry = _locate(ctx.net, mg[0][0], dc)
    entries = [entry] if entry is not None else _routed_entries(ctx, mg[0][0], dc)
    for e in entries:
        shared.append(Source(":management", None, "management", e.host, e.iface, e.vrf, (box(src=mg),)))
    ctx.sources[""] = shared


def _routed_entries(ctx: Context, ip: int, dc: set[str]) -> list[Port]:
    """Where packets from a network no DC port is on enter the DC: the ports its routes point out of.

    Platforms without VRF route leaking (linux_frr) reach the management and shared-services
    segments through a point-to-point link per VRF; traffic from there enters on that link."""
    out: dict[tuple[str, str, str], Port] = {}
    for host in sorted(dc):
        cfg = ctx.net.devices.get(host)
        if cfg is None:
            continue
        for route in cfg.static_routes:
            try:
                lo, hi = cidr(route.prefix)
            except ValueError:
                continue
            if not (lo <= ip <= hi) or route.next_hop is None or route.prefix.endswith("/0"):
                continue
            for port in ctx.net.covering(ip_int(route.next_hop)):
                if port.host == host and port.vrf == route.vrf:
                    out.setdefault((port.host, port.iface, port.vrf), port)
    return list(out.values())


def build_context(snapshot: Snapshot, intents: Intents) -> Context:
    net = Network(snapshot.devices)
    ribs = Ribs(net)
    owners, cpe_of = vrf_owners(net, intents)
    ctx = Context(snapshot, intents, net, ribs, Reach(net, ribs), owners, cpe_of)
    build_sources(ctx)
    for sources in ctx.sources.values():
        for s in sources:
            ctx.results.setdefault(s.key, []).extend(ctx.reach.run(s))
    return ctx
