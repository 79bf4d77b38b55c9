"""Reachability: propagate a header space from a source, hop by hop, through forwarding and
every filter on the way.

Each (device, VRF, ingress) node remembers the space already pushed through it, so a source
visits each node at most once per new piece of space (loops end, shared paths are not
walked twice). A source walks only the part of the network its packets can enter — one
municipality's CPE, its VRF, the segments it reaches — so the N×N proof costs N walks.
With ``trace=True`` each delivery also carries the hops and the config lines that moved
the packets (routes, filter rules, tunnels): the evidence of a finding.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from kyodo.platforms.neutral import Acl, AclRule
from kyodo.verify import filters
from kyodo.verify.network import VPN_PREFIX, Network
from kyodo.verify.rib import Ev, Ribs, Route, find_line
from kyodo.verify.spaces import (
    DST,
    SRC,
    Space,
    addr_ivs,
    compact,
    ip_int,
    iv_and,
    iv_or,
    iv_sub,
    restrict,
    space_or,
    space_sub,
)


@dataclass(frozen=True, slots=True)
class Source:
    key: str                 # "312011:office_clients"
    municipality: str | None
    zone: str
    host: str
    ingress: str
    vrf: str
    space: Space


@dataclass(frozen=True, slots=True)
class Delivery:
    host: str
    vrf: str
    route: Route
    space: Space             # what arrives where the model says those addresses live
    sent: Space              # everything forwarded (external next hops: the whole route prefix)
    external: bool           # handed to a next hop that is no modelled device
    hops: tuple[str, ...] = ()
    evidence: Ev = ()


@dataclass(frozen=True, slots=True)
class Drop:
    """Where a traced packet stopped (trace mode only)."""

    host: str
    vrf: str
    reason: str
    hops: tuple[str, ...]
    evidence: Ev


@dataclass(slots=True)
class _Item:
    host: str
    vrf: str
    ingress: str | None
    space: Space
    hops: tuple[str, ...]
    ev: Ev


class Reach:
    def __init__(self, net: Network, ribs: Ribs) -> None:
        self.net = net
        self.ribs = ribs
        self._drops: list[Drop] | None = None
        self._fwd: dict[tuple[str, str], list[Acl]] = {}
        self._virtual: dict[str, str] = {}
        self._acls: dict[str, dict[str, Acl]] = {}
        for host, cfg in net.devices.items():
            names = {i.name for i in cfg.interfaces}
            for a in cfg.acls:
                if a.scope == "forward":
                    self._fwd.setdefault((host, a.vrf), []).append(a)
                    for r in a.rules:
                        for pat in (r.in_interface, r.out_interface):
                            for n in filters.names_in(pat):
                                if n not in names and host not in self._virtual:
                                    # a name no interface has: the device's IPsec virtual interface (ipsec0…)
                                    self._virtual[host] = n

    def _if_name(self, host: str, name: str | None) -> str | None:
        """The interface name filters see; policy-based IPsec traffic uses the virtual one."""
        if not name or name.startswith("@"):
            return None
        if name.startswith(VPN_PREFIX):
            return self._virtual.get(host)
        return name

    # ------------------------------------------------------------ filters

    def _acl(self, host: str, name: str | None) -> Acl | None:
        if not name:
            return None
        acls = self._acls.get(host)
        if acls is None:
            acls = self._acls[host] = {a.name: a for a in reversed(self.net.devices[host].acls)}
        return acls.get(name)

    def _filter(self, host: str, acl: Acl, space: Space, iif: str | None, oif: str | None,
                trace: bool, ev: list[tuple[str, int]], bind: int = 0) -> Space:
        hits: list[tuple[AclRule | None, Space]] | None = [] if trace else None
        out = filters.apply(acl, space, iif, oif, hits)
        if trace and hits is not None:
            if bind:
                ev.append((host, bind))
            for rule, _part in hits:
                ev.append((host, rule.line if rule is not None else acl.line))
        return out

    def _ingress_filters(self, host: str, ingress: str | None, space: Space, trace: bool,
                         ev: list[tuple[str, int]]) -> Space:
        i = self.net.iface(host, ingress)
        acl = self._acl(host, i.acl_in) if i is not None else None
        if acl is None or i is None:
            return space
        bind = find_line(self.net.devices[host], i.line, i.acl_in or "") if trace else 0
        return self._filter(host, acl, space, ingress, None, trace, ev, bind)

    def _egress_filters(self, host: str, in_vrf: str, ingress: str | None, route: Route, space: Space,
                        trace: bool, ev: list[tuple[str, int]]) -> Space:
        oif = self._if_name(host, route.egress)
        iif = self._if_name(host, ingress)
        for vrf in dict.fromkeys((in_vrf, route.egress_vrf)):
            for acl in self._fwd.get((host, vrf), ()):
                if not space:
                    return space
                space = self._filter(host, acl, space, iif, oif, trace, ev)
        oi = self.net.iface(host, oif)
        out_acl = self._acl(host, oi.acl_out) if oi is not None else None
        if out_acl is not None and oi is not None and space:
            bind = find_line(self.net.devices[host], oi.line, oi.acl_out or "") if trace else 0
            space = self._filter(host, out_acl, space, iif, oif, trace, ev, bind)
        return space

    # ------------------------------------------------------------ propagation

    def run(self, source: Source, trace: bool = False, drops: list[Drop] | None = None) -> list[Delivery]:
        self._drops = drops
        seen: dict[tuple[str, str, str | None], Space] = {}
        out: list[Delivery] = []
        first = self.net.iface(source.host, source.ingress)
        hop0 = f"{source.host}[{source.vrf or 'global'}] in {source.ingress}"
        ev0: Ev = ((source.host, first.line),) if (trace and first is not None) else ()
        queue = deque([_Item(source.host, source.vrf, source.ingress, source.space, (hop0,), ev0)])
        anchored = self.net.anchored
        while queue:
            it = queue.popleft()
            key = (it.host, it.vrf, it.ingress)
            before = seen.get(key, ())
            new = space_sub(it.space, before) if before else it.space
            if not new:
                continue
            seen[key] = space_or(before, new)
            ev = list(it.ev)
            space = self._ingress_filters(it.host, it.ingress, new, trace, ev)
            if not space:
                self._drop(it, "filtered on ingress", ev)
                continue
            pieces = self.ribs.fib(it.host, it.vrf).split(space)
            if not pieces:
                self._drop(it, f"no route in {it.vrf or 'global'}", ev)
            for routes, part in pieces:
                for route in routes:
                    self._forward(it, route, part, trace, ev, queue, out, anchored)
        self._drops = None
        return out

    def _drop(self, it: _Item, reason: str, ev: list[tuple[str, int]]) -> None:
        if self._drops is not None:
            self._drops.append(Drop(it.host, it.vrf, reason, it.hops, tuple(ev)))

    def _forward(self, it: _Item, route: Route, part: Space, trace: bool, ev_in: list[tuple[str, int]],
                 queue: deque[_Item], out: list[Delivery], anchored: tuple[tuple[int, int], ...]) -> None:
        ev = list(ev_in) + (list(route.evidence) if trace else [])
        if route.kind == "discard":
            self._drop(it, f"discard route {route.prefix}", ev)
            return
        if route.kind == "lookup":
            queue.append(_Item(it.host, route.egress_vrf, f"@{it.vrf}", part,
                               (*it.hops, f"{it.host} lookup {route.egress_vrf or 'global'}"), tuple(ev)))
            return
        if route.kind == "vpn":
            end = self.net.end(it.host, route.egress or "")
            if end is not None and end.peer is not None and end.peer.local_ts:
                part = restrict(part, SRC, addr_ivs(end.peer.local_ts))
        part = self._egress_filters(it.host, it.vrf, it.ingress, route, part, trace, ev)
        if not part:
            self._drop(it, f"filtered on egress {route.egress}", ev)
            return
        if route.kind == "deliver":
            out.append(Delivery(it.host, it.vrf, route, part, part, False,
                                (*it.hops, f"{it.host} deliver {route.egress}"), tuple(ev)))
            return
        nh = None
        if route.next_hop:
            try:
                nh = ip_int(route.next_hop)
            except ValueError:
                nh = None
        nbrs = self.net.neighbours(it.host, route.egress or "", nh) if route.egress else []
        on_link = route.egress is not None and self.net.port_of(it.host, route.egress) is not None
        if not nbrs and route.kind == "iface" and on_link and self.net.end(it.host, route.egress or "") is None:
            # out of a broadcast interface with no next hop: the destination is on that link
            out.append(Delivery(it.host, it.vrf, route, part, part, False,
                                (*it.hops, f"{it.host} deliver {route.egress}"), tuple(ev)))
            return
        if not nbrs:
            # behind an unmodelled next hop: its own segment, and what no modelled device holds
            port = self.net.port_of(it.host, route.egress) if route.egress else None
            behind = iv_sub(((route.lo, route.hi),), anchored)
            if port is not None:
                behind = iv_or(behind, iv_and(((route.lo, route.hi),), ((port.lo, port.hi),)))
            unanchored = restrict(part, DST, behind)
            out.append(Delivery(it.host, it.vrf, route, compact(unanchored), part, True,
                                (*it.hops, f"{it.host} out {route.egress} to {route.next_hop or route.prefix}"),
                                tuple(ev)))
            return
        for host, ingress, vrf in nbrs:
            queue.append(_Item(host, vrf, ingress, part, (*it.hops, f"{host}[{vrf or 'global'}] in {ingress}"),
                               tuple(ev)))
