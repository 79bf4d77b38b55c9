"""Per-VRF routing tables: connected, static (incl. ``next_hop_vrf`` leaks and discard routes),
policy-based VPN selectors, BGP between modelled devices, and route-target import/export.

A VRF gets the routes BGP-originated (``redistribute`` / ``network``) or BGP-learned in every
VRF of the same device whose export RTs meet its import RTs. Routes keep the evidence lines
that put them there. ``Fib`` flattens a table into disjoint address intervals (longest
prefix first) so a lookup is a binary search.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import Literal

from kyodo.platforms.neutral import BgpVrf, DeviceConfig, StaticRoute
from kyodo.verify.network import VPN_PREFIX, Network
from kyodo.verify.spaces import Box, Space, cidr, int_ip, ip_int, plen_of

Kind = Literal["deliver", "nexthop", "iface", "vpn", "discard", "lookup"]
Ev = tuple[tuple[str, int], ...]
DISTANCE = {"connected": 0, "static": 1, "vpn": 1, "bgp": 20, "leak": 20}
GLOBAL_NAMES = {"global", "default", "", "main"}
DISCARD_IFACES = {"null0", "null 0", "blackhole", "reject", "discard"}


@dataclass(frozen=True, slots=True)
class Route:
    host: str
    vrf: str
    prefix: str
    lo: int
    hi: int
    origin: str                 # connected | static | vpn | bgp | leak
    kind: Kind
    egress: str | None = None   # interface (or "vpn:<peer>")
    egress_vrf: str = ""        # VRF of the egress interface / of the lookup
    next_hop: str | None = None
    distance: int = 1
    evidence: Ev = ()
    from_vrf: str = ""          # the VRF the route was originated in (differs when leaked)
    active: bool = True

    @property
    def plen(self) -> int:
        return plen_of(self.lo, self.hi)


def norm_vrf(name: str | None) -> str:
    return "" if name is None or name.lower() in GLOBAL_NAMES else name


def find_line(cfg: DeviceConfig, start: int, *needles: str, span: int = 40) -> int:
    """The first line at or after ``start`` (within ``span``) holding every needle; 0 if none."""
    lines = cfg.lines
    for n in range(max(start, 1), min(len(lines), max(start, 1) + span) + 1):
        text = lines[n - 1]
        if all(x in text for x in needles):
            return n
    return 0


def _mk(host: str, vrf: str, prefix: str, **kw: object) -> Route:
    lo, hi = cidr(prefix)
    net = f"{int_ip(lo)}/{plen_of(lo, hi)}"
    return Route(host=host, vrf=vrf, prefix=net, lo=lo, hi=hi, **kw)  # type: ignore[arg-type]


class Ribs:
    """Every (device, VRF) routing table of the network."""

    def __init__(self, net: Network) -> None:
        self.net = net
        self.tables: dict[tuple[str, str], list[Route]] = {}
        self.inactive: list[Route] = []
        self._fibs: dict[tuple[str, str], Fib] = {}
        self._bgp_index: dict[str, dict[str, list[BgpVrf]]] = {}
        self._lines: dict[tuple[str, int, tuple[str, ...]], int] = {}
        for host, cfg in net.devices.items():
            self._connected(host, cfg)
        for host, cfg in net.devices.items():
            for s in cfg.static_routes:
                self._static(host, cfg, s)
            self._policy_vpn(host, cfg)
        learned = self._bgp_neighbours()
        for host, cfg in net.devices.items():
            self._rt_leaks(host, cfg, learned)

    def _add(self, r: Route) -> None:
        if r.active:
            self.tables.setdefault((r.host, r.vrf), []).append(r)
        else:
            self.inactive.append(r)

    def vrfs(self, host: str) -> list[str]:
        return sorted({v for (h, v) in self.tables if h == host})

    def table(self, host: str, vrf: str) -> list[Route]:
        return self.tables.get((host, vrf), [])

    # ------------------------------------------------------------ sources of routes

    def _connected(self, host: str, cfg: DeviceConfig) -> None:
        for p in self.net.ports_of_host(host):
            i = self.net.iface(host, p.iface)
            line = i.line if i else 0
            prefix = f"{int_ip(p.lo)}/{p.plen}"
            self._add(_mk(host, p.vrf, prefix, origin="connected", kind="deliver", egress=p.iface, egress_vrf=p.vrf,
                          distance=0, evidence=((host, line),), from_vrf=p.vrf))

    def _static(self, host: str, cfg: DeviceConfig, s: StaticRoute) -> None:
        vrf = norm_vrf(s.vrf)
        ev = ((host, s.line),)
        base = {"origin": "static", "distance": s.distance, "evidence": ev, "from_vrf": vrf}
        try:
            cidr(s.prefix)
        except ValueError:
            return
        if s.discard:
            self._add(_mk(host, vrf, s.prefix, kind="discard", egress_vrf=vrf, **base))
            return
        target = norm_vrf(s.next_hop_vrf) if s.next_hop_vrf is not None else None
        iface = cfg.interface(s.interface) if s.interface else None
        if s.interface and iface is None and s.interface.startswith(VPN_PREFIX):
            self._add(_mk(host, vrf, s.prefix, kind="vpn", egress=s.interface, egress_vrf=vrf, **base))
            return
        if s.interface and iface is None and not s.next_hop and s.interface.lower() not in DISCARD_IFACES:
            # an interface the config does not define (PPPoE "pp 1", a dialer…): leaves the model
            self._add(_mk(host, vrf, s.prefix, kind="iface", egress=s.interface, egress_vrf=vrf, **base))
            return
        if iface is not None:
            out_vrf = iface.vrf
            self._add(_mk(host, vrf, s.prefix, kind="iface" if not s.next_hop else "nexthop", egress=iface.name,
                          egress_vrf=out_vrf, next_hop=s.next_hop, **base))
            return
        res_vrf = target if target is not None else vrf
        if s.next_hop:
            try:
                nh = ip_int(s.next_hop)
            except ValueError:
                return
            port = self.net.connected_in(host, res_vrf, nh)
            if port is not None:
                self._add(_mk(host, vrf, s.prefix, kind="nexthop", egress=port.iface, egress_vrf=res_vrf,
                              next_hop=s.next_hop, **base))
                return
            via = self._recursive(host, res_vrf, nh)
            if via is not None:
                self._add(_mk(host, vrf, s.prefix, kind=via.kind, egress=via.egress, egress_vrf=via.egress_vrf,
                              next_hop=via.next_hop or s.next_hop, **base))
                return
            self._add(_mk(host, vrf, s.prefix, kind="nexthop", egress=None, egress_vrf=res_vrf, next_hop=s.next_hop,
                          active=False, **base))
            return
        if target is not None and target != vrf:
            self._add(_mk(host, vrf, s.prefix, kind="lookup", egress_vrf=target, **base))

    def _recursive(self, host: str, vrf: str, nh: int) -> Route | None:
        """Resolve a next hop through another static route of the table (one level)."""
        cfg = self.net.devices[host]
        best: Route | None = None
        for s in cfg.static_routes:
            if norm_vrf(s.vrf) != vrf or s.discard:
                continue
            try:
                lo, hi = cidr(s.prefix)
            except ValueError:
                continue
            if not lo <= nh <= hi:
                continue
            iface = cfg.interface(s.interface) if s.interface else None
            port = self.net.connected_in(host, vrf, ip_int(s.next_hop)) if s.next_hop else None
            if iface is not None:
                cand = _mk(host, vrf, s.prefix, origin="static", kind="iface", egress=iface.name, egress_vrf=iface.vrf)
            elif port is not None:
                cand = _mk(host, vrf, s.prefix, origin="static", kind="nexthop", egress=port.iface, egress_vrf=vrf,
                           next_hop=s.next_hop)
            else:
                continue
            if best is None or cand.hi - cand.lo < best.hi - best.lo:
                best = cand
        return best

    def _policy_vpn(self, host: str, cfg: DeviceConfig) -> None:
        for e in self.net.tunnel_ends:
            if e.host != host or not e.ingress.startswith(VPN_PREFIX) or e.peer is None:
                continue
            for ts in e.peer.remote_ts:
                try:
                    self._add(_mk(host, e.vrf, ts, origin="vpn", kind="vpn", egress=e.ingress, egress_vrf=e.vrf,
                                  distance=1, evidence=((host, e.line),), from_vrf=e.vrf))
                except ValueError:
                    continue

    # ------------------------------------------------------------ BGP

    def _bgp_of(self, host: str, vrf: str) -> list[BgpVrf]:
        idx = self._bgp_index.get(host)
        if idx is None:
            idx = self._bgp_index[host] = {}
            for b in self.net.devices[host].bgp:
                idx.setdefault(norm_vrf(b.vrf), []).append(b)
        return idx.get(vrf, [])

    def _line(self, cfg: DeviceConfig, start: int, *needles: str) -> int:
        key = (cfg.hostname, start, needles)
        got = self._lines.get(key)
        if got is None:
            got = self._lines[key] = find_line(cfg, start, *needles, span=400)
        return got

    def _originated(self, host: str, vrf: str) -> list[Route]:
        cfg = self.net.devices[host]
        out: list[Route] = []
        for b in self._bgp_of(host, vrf):
            kinds = {r.lower().split()[0] for r in b.redistribute if r.strip()}
            for r in self.table(host, vrf):
                if r.from_vrf != vrf or r.origin not in ("connected", "static", "vpn"):
                    continue
                if r.origin in kinds or (r.origin == "vpn" and "static" in kinds):
                    line = self._line(cfg, b.line, "redistribute", r.origin if r.origin != "vpn" else "static")
                    out.append(replace(r, evidence=(*r.evidence, (host, line or b.line))))
            for n in b.networks:
                try:
                    lo, hi = cidr(n)
                except ValueError:
                    continue
                same = [r for r in self.table(host, vrf) if r.lo == lo and r.hi == hi and r.from_vrf == vrf]
                line = self._line(cfg, b.line, "network", n.split("/")[0]) or b.line
                out.extend(replace(r, evidence=(*r.evidence, (host, line))) for r in same)
        return out

    def _bgp_neighbours(self) -> dict[tuple[str, str], list[Route]]:
        learned: dict[tuple[str, str], list[Route]] = {}
        for host, cfg in self.net.devices.items():
            for b in cfg.bgp:
                vrf = norm_vrf(b.vrf)
                for n in b.neighbors:
                    try:
                        nh = ip_int(n.address)
                    except ValueError:
                        continue
                    mine = self.net.connected_in(host, vrf, nh)
                    if mine is None:
                        continue
                    for p in self.net.ports_at(nh):
                        if p.host == host:
                            continue
                        for r in self._originated(p.host, p.vrf):
                            got = _mk(host, vrf, r.prefix, origin="bgp", kind="nexthop", egress=mine.iface,
                                      egress_vrf=vrf, next_hop=n.address, distance=20,
                                      evidence=(*r.evidence, (host, n.line)), from_vrf=vrf)
                            learned.setdefault((host, vrf), []).append(got)
        for (host, vrf), routes in learned.items():
            have = {(r.lo, r.hi) for r in self.table(host, vrf)}
            for r in routes:
                if (r.lo, r.hi) not in have:
                    self._add(r)
        return learned

    def _rt_leaks(self, host: str, cfg: DeviceConfig, learned: dict[tuple[str, str], list[Route]]) -> None:
        vrfs = [v for v in cfg.vrfs if v.rt_import or v.rt_export]
        if not vrfs:
            return
        bgp_vrfs = {norm_vrf(b.vrf) for b in cfg.bgp}
        exporters: dict[str, list[str]] = {}
        for v in vrfs:
            if v.name in bgp_vrfs:
                for rt in v.rt_export:
                    exporters.setdefault(rt, []).append(v.name)
        cache: dict[str, list[Route]] = {}
        for v in vrfs:
            sources = sorted({s for rt in v.rt_import for s in exporters.get(rt, []) if s != v.name})
            for s in sources:
                if s not in cache:
                    cache[s] = self._originated(host, s) + learned.get((host, s), [])
                sv = cfg.vrf(s)
                rts = set(v.rt_import) & set(sv.rt_export if sv else ())
                rt = sorted(rts)[0] if rts else ""
                imp = find_line(cfg, v.line, "import", rt) or v.line
                exp = find_line(cfg, sv.line, "export", rt) if sv else 0
                for r in cache[s]:
                    ev = (*r.evidence, (host, exp or (sv.line if sv else 0)), (host, imp))
                    self._add(replace(r, vrf=v.name, origin="leak", distance=20, evidence=ev))

    # ------------------------------------------------------------ forwarding

    def fib(self, host: str, vrf: str) -> Fib:
        key = (host, vrf)
        f = self._fibs.get(key)
        if f is None:
            f = self._fibs[key] = Fib(self.table(host, vrf))
        return f


class Fib:
    """A routing table flattened into disjoint intervals, each with its best routes (ECMP kept)."""

    def __init__(self, routes: list[Route]) -> None:
        best: dict[tuple[int, int], list[Route]] = {}
        for r in routes:
            cur = best.get((r.lo, r.hi))
            if cur is None or r.distance < cur[0].distance:
                best[(r.lo, r.hi)] = [r]
            elif r.distance == cur[0].distance:
                cur.append(r)
        entries: list[tuple[int, int, tuple[Route, ...]]] = []
        stack: list[tuple[int, int, tuple[Route, ...]]] = []
        cur_pos = 0

        def emit(a: int, b: int, rs: tuple[Route, ...]) -> None:
            if a <= b:
                entries.append((a, b, rs))

        for (lo, hi), rs in sorted(best.items(), key=lambda kv: (kv[0][0], -(kv[0][1] - kv[0][0]))):
            while stack and stack[-1][1] < lo:
                top = stack.pop()
                emit(cur_pos, top[1], top[2])
                cur_pos = top[1] + 1
            if stack:
                emit(cur_pos, lo - 1, stack[-1][2])
            cur_pos = lo
            stack.append((lo, hi, tuple(rs)))
        while stack:
            top = stack.pop()
            emit(cur_pos, top[1], top[2])
            cur_pos = top[1] + 1
        self.entries = entries
        self.starts = [e[0] for e in entries]

    def split(self, space: Space) -> list[tuple[tuple[Route, ...], Space]]:
        """The space cut by destination into the pieces each route set forwards."""
        parts: dict[int, list[Box]] = {}
        for b in space:
            for lo, hi in b[1]:
                k = max(bisect.bisect_right(self.starts, lo) - 1, 0)
                while k < len(self.entries) and self.entries[k][0] <= hi:
                    elo, ehi, _ = self.entries[k]
                    a, z = max(lo, elo), min(hi, ehi)
                    if a <= z:
                        parts.setdefault(k, []).append((b[0], ((a, z),), b[2], b[3], b[4]))
                    k += 1
        return [(self.entries[k][2], tuple(v)) for k, v in sorted(parts.items())]
