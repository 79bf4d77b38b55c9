"""Proof that a deprovisioned municipality left nothing behind, on any device or in vSphere.

Looks at the parsed running configs (neutral model) and the vSphere snapshot for anything
of the municipality: an addressed interface in its VRF or in its networks, a route in its
VRF or to its networks, a filter of its VRF with rules, an IPsec peer in its VRF or to its
office router, VMs, portgroups, DRS groups or rules named for it. A netns VRF that exists
as a namespace but holds no configuration is not a remnant (it is topology, not config).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from kyodo.model import MunicipalityNet
from kyodo.platforms.neutral import DeviceConfig
from kyodo.vsphere.snapshot import VSphereSnapshot


def _nets(m: MunicipalityNet) -> list[ipaddress.IPv4Network]:
    nets = [m.block, m.office_clients, m.office_printers, m.link.subnet]
    return [ipaddress.IPv4Network(n) for n in nets]


def _inside(addr: str, nets: list[ipaddress.IPv4Network]) -> bool:
    try:
        ip = ipaddress.IPv4Interface(addr).network
    except ValueError:
        return False
    return any(ip.subnet_of(n) or (n.subnet_of(ip) and ip.prefixlen > 0) for n in nets)


def device_remnants(m: MunicipalityNet, configs: Iterable[DeviceConfig]) -> list[str]:
    nets = _nets(m)
    found = []
    for cfg in configs:
        if cfg.hostname == m.cpe.name:
            continue   # the municipality's own router is theirs to keep
        for i in cfg.interfaces:
            if i.addresses and (i.vrf == m.vrf or any(_inside(a, nets) for a in i.addresses)):
                found.append(f"{cfg.hostname}:{i.line}: interface {i.name} ({', '.join(i.addresses)})")
        for r in cfg.static_routes:
            if r.vrf == m.vrf or (r.prefix != "0.0.0.0/0" and _inside(r.prefix, nets)):
                found.append(f"{cfg.hostname}:{r.line}: route {r.prefix} vrf {r.vrf or 'global'}")
        for a in cfg.acls:
            if a.rules and (a.vrf == m.vrf or a.name.startswith(f"{m.vrf}-")):
                found.append(f"{cfg.hostname}:{a.line}: filter {a.name} ({len(a.rules)} rules)")
        for p in cfg.vpn_peers:
            if p.vrf == m.vrf or (m.link.cpe_wan and p.remote_address == m.link.cpe_wan):
                found.append(f"{cfg.hostname}:{p.line}: IPsec peer {p.name} → {p.remote_address}")
        for v in cfg.vrfs:
            if v.name == m.vrf and (v.rd or v.rt_import or v.rt_export):
                found.append(f"{cfg.hostname}:{v.line}: vrf {v.name} rd {v.rd}")
    return found


def vsphere_remnants(m: MunicipalityNet, snap: VSphereSnapshot | None) -> list[str]:
    if snap is None:
        return []
    vm_names = {v.name for v in m.vms}
    pgs = {m.server.portgroup, m.db.portgroup}
    found = [f"vSphere VM {v.name} ({v.cluster})" for v in snap.vms if v.name in vm_names]
    found += [f"vSphere portgroup {p.name} (VLAN {p.vlan})" for p in snap.portgroups if p.name in pgs]
    tag = f"m{m.code}-"
    for c in snap.drs:
        found += [f"vSphere DRS group {g.name}" for g in c.groups if g.name.startswith(tag)]
        found += [f"vSphere DRS rule {r.name}" for r in c.rules if r.name.startswith(tag)]
    return found
