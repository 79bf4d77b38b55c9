"""Rules that span several SoT objects: overlaps, references, uniqueness, the national list."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from ipaddress import IPv4Network

from kyodo.errors import Problem
from kyodo.sot.codes import national_list
from kyodo.sot.models import Datacenter, Device, DeviceRole, IpsecVpn, LeasedLine, Municipality
from kyodo.sot.yamlsrc import Loc, Located


class _Report:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def error(self, src: Located, loc: Loc, field: str, message: str) -> None:
        self.problems.append(Problem(src.file, src.line_of(loc), field, message))

    def warn(self, src: Located, loc: Loc, field: str, message: str) -> None:
        self.warnings.append(Problem(src.file, src.line_of(loc), field, message, severity="warning"))


def _net(s: str) -> IPv4Network:
    return ipaddress.IPv4Network(s)


def _first_overlap(nets: Iterable[tuple[IPv4Network, str]]) -> list[tuple[str, str, IPv4Network, IPv4Network]]:
    """All overlapping pairs among labelled networks, by a sort and sweep (no N² loop)."""
    items = sorted(nets, key=lambda t: (int(t[0].network_address), -t[0].prefixlen))
    out = []
    open_: list[tuple[IPv4Network, str]] = []
    for net, label in items:
        open_ = [(n, lab) for n, lab in open_ if int(n.broadcast_address) >= int(net.network_address)]
        for n, lab in open_:
            out.append((lab, label, n, net))
        open_.append((net, label))
    return out


def cross_check(
    dc: Datacenter, dcsrc: Located, pairs: list[tuple[Municipality, Located]], *, strict: bool
) -> tuple[list[Problem], list[Problem]]:
    r = _Report()
    _check_datacenter(dc, dcsrc, r)
    _check_municipalities(dc, dcsrc, pairs, r, strict=strict)
    if strict:
        r.problems += [Problem(w.file, w.line, w.field, w.message) for w in r.warnings]
        r.warnings = []
    return r.problems, r.warnings


def _dc_networks(dc: Datacenter) -> list[tuple[IPv4Network, str, Loc]]:
    p = dc.pools
    nets: list[tuple[IPv4Network, str, Loc]] = [
        (_net(s), f"pools.municipality_supernets[{i}]", ("pools", "municipality_supernets", i))
        for i, s in enumerate(p.municipality_supernets)
    ]
    for name in ("transfer", "management", "shared_services"):
        nets.append((_net(getattr(p, name)), f"pools.{name}", ("pools", name)))
    nets.append((_net(dc.external.internet_edge), "external.internet_edge", ("external", "internet_edge")))
    nets.append((_net(dc.external.lgwan), "external.lgwan", ("external", "lgwan")))
    return nets


def _check_datacenter(dc: Datacenter, src: Located, r: _Report) -> None:
    p = dc.pools
    nets = _dc_networks(dc)
    locs = {label: loc for _, label, loc in nets}
    for a, b, na, nb in _first_overlap((n, label) for n, label, _ in nets):
        r.error(src, locs[b], b, f"{nb} overlaps {a} ({na}); data-centre pools must be disjoint")
    for i, s in enumerate(p.municipality_supernets):
        if _net(s).prefixlen > p.municipality_block_prefixlen:
            r.error(
                src,
                ("pools", "municipality_supernets", i),
                f"pools.municipality_supernets[{i}]",
                f"{s} is smaller than one municipality block /{p.municipality_block_prefixlen}",
            )
    if _net(p.transfer).prefixlen > 30:
        r.error(src, ("pools", "transfer"), "pools.transfer", f"{p.transfer} holds no /30 link")
    if p.segment_vlans.overlaps(p.handoff_vlans):
        r.error(
            src,
            ("pools", "handoff_vlans"),
            "pools.handoff_vlans",
            f"{p.handoff_vlans.start}–{p.handoff_vlans.end} overlaps segment_vlans "
            f"{p.segment_vlans.start}–{p.segment_vlans.end}",
        )
    names: dict[str, int] = {}
    mgmt: dict[str, int] = {}
    for i, d in enumerate(dc.devices):
        if d.name in names:
            r.error(src, ("devices", i, "name"), f"devices[{i}].name", f"duplicate device name '{d.name}'")
        names[d.name] = i
        if d.management_address in mgmt:
            r.error(
                src,
                ("devices", i, "management_address"),
                f"devices[{i}].management_address",
                f"{d.management_address} is already used by devices[{mgmt[d.management_address]}]",
            )
        mgmt[d.management_address] = i
    cores = [d for d in dc.devices if DeviceRole.dc_core in d.roles]
    if len(cores) != 1:
        r.error(src, ("devices",), "devices", f"exactly one device must have role dc_core (found {len(cores)})")
    # vSphere: the DB cluster never shares a host with the application cluster (Oracle licensing)
    vs = dc.vsphere
    app_hosts = {h.name for h in vs.app_cluster.hosts}
    for i, h in enumerate(vs.db_cluster.hosts):
        if h.name in app_hosts:
            r.error(
                src,
                ("vsphere", "db_cluster", "hosts", i, "name"),
                f"vsphere.db_cluster.hosts[{i}].name",
                f"host '{h.name}' is also in the application cluster; the DB cluster must have its own hosts",
            )
    for cl in ("app_cluster", "db_cluster"):
        seen: set[str] = set()
        for i, h in enumerate(getattr(vs, cl).hosts):
            if h.name in seen:
                r.error(
                    src,
                    ("vsphere", cl, "hosts", i, "name"),
                    f"vsphere.{cl}.hosts[{i}].name",
                    f"duplicate host '{h.name}'",
                )
            seen.add(h.name)
    if not any(h.oracle_licensed for h in vs.db_cluster.hosts):
        r.error(
            src,
            ("vsphere", "db_cluster", "hosts"),
            "vsphere.db_cluster.hosts",
            "no host is oracle_licensed: DB VMs would have nowhere to run",
        )
    for i, h in enumerate(vs.app_cluster.hosts):
        if h.oracle_licensed:
            r.warn(
                src,
                ("vsphere", "app_cluster", "hosts", i),
                f"vsphere.app_cluster.hosts[{i}].oracle_licensed",
                "an application host is marked Oracle-licensed; DB VMs still only run on the DB cluster",
            )
    shared_ds = set(vs.app_cluster.datastores) & set(vs.db_cluster.datastores)
    if shared_ds:
        r.error(
            src,
            ("vsphere", "db_cluster", "datastores"),
            "vsphere.db_cluster.datastores",
            f"datastore(s) {', '.join(sorted(shared_ds))} shared with the application cluster",
        )
    shared = _net(p.shared_services)
    svc_names: set[str] = set()
    for i, svc in enumerate(dc.shared_services):
        if ipaddress.IPv4Address(svc.address) not in shared:
            r.error(
                src,
                ("shared_services", i, "address"),
                f"shared_services[{i}].address",
                f"{svc.address} is outside pools.shared_services {shared}",
            )
        if svc.name in svc_names:
            r.error(
                src, ("shared_services", i, "name"), f"shared_services[{i}].name", f"duplicate service '{svc.name}'"
            )
        svc_names.add(svc.name)
    intent_names: set[str] = set()
    for i, it in enumerate(dc.intents):
        if it.name in intent_names:
            r.error(src, ("intents", i, "name"), f"intents[{i}].name", f"duplicate intent '{it.name}'")
        intent_names.add(it.name)
        only_shared = all(z == "shared_services" for z in it.destinations)
        if not it.ports and not only_shared:
            r.error(
                src,
                ("intents", i, "ports"),
                f"intents[{i}].ports",
                "ports are required unless the destination is shared_services (which uses each service's ports)",
            )


def _names_with(devices: dict[str, Device], role: DeviceRole) -> str:
    return ", ".join(n for n, d in devices.items() if role in d.roles) or "none"


def _check_municipalities(
    dc: Datacenter, dcsrc: Located, pairs: list[tuple[Municipality, Located]], r: _Report, *, strict: bool
) -> None:
    national = national_list()
    devices = {d.name: d for d in dc.devices}
    by_code: dict[str, Located] = {}
    by_name: dict[str, Located] = {}
    cpe_names: dict[str, str] = {}
    peers: dict[str, str] = {}
    mgmt = {d.management_address: d.name for d in dc.devices}
    nets: list[tuple[IPv4Network, str]] = [(n, label) for n, label, _ in _dc_networks(dc)]
    where: dict[str, tuple[Located, Loc]] = {}
    lgwan = _net(dc.external.lgwan)
    for m, src in pairs:
        if m.code in by_code:
            r.error(src, ("code",), "code", f"duplicate code {m.code} (also in {by_code[m.code].file})")
        by_code[m.code] = src
        # names repeat across prefectures (伊達市 is in 01 and 07): unique per prefecture
        name_key = f"{m.code[:2]}:{m.name}"
        if name_key in by_name:
            r.error(src, ("name",), "name", f"duplicate name '{m.name}' (also in {by_name[name_key].file})")
        by_name[name_key] = src
        entry = national.get(m.code)
        if entry is None:
            r.warn(src, ("code",), "code", f"{m.code} is not in the national list of 1,741 municipalities")
        elif entry.name != m.name:
            r.warn(src, ("name",), "name", f"'{m.name}' differs from the national list's '{entry.name}' for {m.code}")
        if dc.prefecture != "00" and m.code[:2] != dc.prefecture:
            r.error(
                src,
                ("code",),
                "code",
                f"{m.code} belongs to prefecture {m.code[:2]}, this data centre serves {dc.prefecture}",
            )
        if m.vms.size not in dc.size_profiles:
            r.error(
                src,
                ("vms", "size"),
                "vms.size",
                f"unknown size profile '{m.vms.size}' (defined: {', '.join(sorted(dc.size_profiles))})",
            )
        conn = m.connection
        if isinstance(conn, IpsecVpn):
            hub = devices.get(conn.hub)
            if hub is None or DeviceRole.vpn_hub not in hub.roles:
                r.error(
                    src,
                    ("connection", "hub"),
                    "connection.hub",
                    f"'{conn.hub}' is not a data-centre device with role vpn_hub "
                    f"(defined: {_names_with(devices, DeviceRole.vpn_hub)})",
                )
            if conn.peer_address in peers:
                r.error(
                    src,
                    ("connection", "peer_address"),
                    "connection.peer_address",
                    f"{conn.peer_address} is already the peer of {peers[conn.peer_address]}",
                )
            peers[conn.peer_address] = m.code
        elif isinstance(conn, LeasedLine):
            pe = devices.get(conn.pe)
            if pe is None or DeviceRole.leased_line_pe not in pe.roles:
                r.error(
                    src,
                    ("connection", "pe"),
                    "connection.pe",
                    f"'{conn.pe}' is not a data-centre device with role leased_line_pe "
                    f"(defined: {_names_with(devices, DeviceRole.leased_line_pe)})",
                )
        cpe = conn.cpe
        if cpe.name in devices or cpe.name in cpe_names:
            r.error(
                src,
                ("connection", "cpe", "name"),
                "connection.cpe.name",
                f"device name '{cpe.name}' is already used by {cpe_names.get(cpe.name, 'the data centre')}",
            )
        cpe_names[cpe.name] = m.code
        if cpe.management_address in mgmt:
            r.error(
                src,
                ("connection", "cpe", "management_address"),
                "connection.cpe.management_address",
                f"{cpe.management_address} is already the management address of {mgmt[cpe.management_address]}",
            )
        mgmt[cpe.management_address] = cpe.name
        for field in ("clients", "printers"):
            label = f"{m.code} office.{field}"
            nets.append((_net(getattr(m.office, field)), label))
            where[label] = (src, ("office", field))
        for i, ex in enumerate(m.lgwan_exceptions):
            if not _net(ex.destination).subnet_of(lgwan):
                r.error(
                    src,
                    ("lgwan_exceptions", i, "destination"),
                    f"lgwan_exceptions[{i}].destination",
                    f"{ex.destination} is not inside external.lgwan {lgwan}",
                )
    for a, b, na, nb in _first_overlap(nets):
        # report on the municipality side of the pair
        label, other, net, onet = (b, a, nb, na) if b in where else (a, b, na, nb)
        if label not in where:
            continue
        src, loc = where[label]
        r.error(src, loc, label.split(" ", 1)[1], f"{net} overlaps {other} ({onet})")
