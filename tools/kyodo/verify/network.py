"""The network model: every parsed device joined by its links.

Links are found, not declared: two interfaces on different devices in the same subnet
(shared segments, leased-line 802.1Q hand-offs, transfer /30s), route-based tunnels whose
outside addresses are each other's swapped, and policy-based IPsec peers (``VpnPeer`` with
no interface) matched the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from kyodo.platforms.neutral import DeviceConfig, Interface, VpnPeer
from kyodo.verify.spaces import Ivs, cidr, int_ip, ip_int, ivs, plen_of

VPN_PREFIX = "vpn:"


@dataclass(frozen=True, slots=True)
class Port:
    """An addressed interface: one address of one interface of one device."""

    host: str
    iface: str
    vrf: str
    ip: int
    lo: int
    hi: int
    plen: int


@dataclass(frozen=True, slots=True)
class TunnelEnd:
    """One end of a tunnel: a tunnel interface (route-based) or a VPN peer (policy-based)."""

    host: str
    ingress: str         # the interface name, or "vpn:<peer name>" when policy-based
    vrf: str             # where decrypted traffic lands
    local: str | None
    remote: str | None
    peer: VpnPeer | None
    iface: Interface | None
    line: int


def _addr(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return int_ip(ip_int(text.split("/")[0]))
    except ValueError:
        return None


class Network:
    def __init__(self, devices: dict[str, DeviceConfig]) -> None:
        self.devices = devices
        self._ifaces: dict[tuple[str, str], Interface] = {}
        self.ports: list[Port] = []
        for host, cfg in devices.items():
            for i in cfg.interfaces:
                self._ifaces[(host, i.name)] = i
                if i.shutdown:
                    continue
                for a in i.addresses:
                    try:
                        ip = ip_int(a)
                        lo, hi = cidr(a)
                    except ValueError:
                        continue
                    self.ports.append(Port(host, i.name, i.vrf, ip, lo, hi, plen_of(lo, hi)))
        self._by_ip: dict[int, list[Port]] = {}
        self._by_net: dict[tuple[int, int], list[Port]] = {}
        for p in self.ports:
            self._by_ip.setdefault(p.ip, []).append(p)
            self._by_net.setdefault((p.plen, p.lo), []).append(p)
        self._plens = sorted({p.plen for p in self.ports}, reverse=True)
        self.tunnel_ends = self._tunnel_ends()
        by_pair: dict[tuple[str, str], list[TunnelEnd]] = {}
        for e in self.tunnel_ends:
            if e.local and e.remote:
                by_pair.setdefault((e.local, e.remote), []).append(e)
        self._by_pair = by_pair
        self._ends_by_ingress = {(e.host, e.ingress): e for e in self.tunnel_ends}

    # ------------------------------------------------------------ lookups

    def iface(self, host: str, name: str | None) -> Interface | None:
        return self._ifaces.get((host, name)) if name else None

    def ports_at(self, ip: int) -> list[Port]:
        return self._by_ip.get(ip, [])

    def covering(self, ip: int) -> Iterator[Port]:
        """Ports whose connected subnet holds ``ip``, most specific first."""
        for plen in self._plens:
            mask = (0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF if plen else 0
            yield from self._by_net.get((plen, ip & mask), ())

    def ports_of_host(self, host: str) -> list[Port]:
        return self._ports_by_host.get(host, [])

    @cached_property
    def _ports_by_host(self) -> dict[str, list[Port]]:
        out: dict[str, list[Port]] = {}
        for p in self.ports:
            out.setdefault(p.host, []).append(p)
        return out

    def ends_to(self, remote: str | None) -> list[TunnelEnd]:
        return self._ends_by_remote.get(remote or "", [])

    def ends_at(self, host: str) -> list[TunnelEnd]:
        return self._ends_by_host.get(host, [])

    @cached_property
    def _ends_by_remote(self) -> dict[str, list[TunnelEnd]]:
        out: dict[str, list[TunnelEnd]] = {}
        for e in self.tunnel_ends:
            out.setdefault(e.remote or "", []).append(e)
        return out

    @cached_property
    def _ends_by_host(self) -> dict[str, list[TunnelEnd]]:
        out: dict[str, list[TunnelEnd]] = {}
        for e in self.tunnel_ends:
            out.setdefault(e.host, []).append(e)
        return out

    def port_of(self, host: str, iface: str) -> Port | None:
        ports = self._ports_by_iface.get((host, iface))
        return ports[0] if ports else None

    def connected_in(self, host: str, vrf: str, ip: int) -> Port | None:
        for p in self.covering(ip):
            if p.host == host and p.vrf == vrf:
                return p
        return None

    @cached_property
    def anchored(self) -> Ivs:
        """Every address of a subnet attached to a modelled device."""
        return ivs((p.lo, p.hi) for p in self.ports)

    def _iface_ports(self, host: str, iface: str) -> list[Port]:
        return [p for p in self._ports_by_iface.get((host, iface), [])]

    @cached_property
    def _ports_by_iface(self) -> dict[tuple[str, str], list[Port]]:
        out: dict[tuple[str, str], list[Port]] = {}
        for p in self.ports:
            out.setdefault((p.host, p.iface), []).append(p)
        return out

    # ------------------------------------------------------------ neighbours

    def neighbours(self, host: str, iface: str, next_hop: int | None) -> list[tuple[str, str, str]]:
        """(host, ingress interface, vrf) of the devices a packet sent out of ``iface`` reaches."""
        end = self._ends_by_ingress.get((host, iface))
        if end is not None:
            return [(e.host, e.ingress, e.vrf) for e in self.partners(end)]
        if next_hop is not None:
            return [(p.host, p.iface, p.vrf) for p in self.ports_at(next_hop)
                    if (p.host, p.iface) != (host, iface)]
        # a route out of an interface with no next hop: the other end of a point-to-point link
        out: list[tuple[str, str, str]] = []
        for mine in self._iface_ports(host, iface):
            if mine.plen < 30:
                continue
            others = [p for p in self._by_net.get((mine.plen, mine.lo), []) if (p.host, p.iface) != (host, iface)]
            out.extend((p.host, p.iface, p.vrf) for p in others)
        return out

    def partners(self, end: TunnelEnd) -> list[TunnelEnd]:
        if not end.local or not end.remote:
            return []
        return [e for e in self._by_pair.get((end.remote, end.local), []) if e.host != end.host]

    def end(self, host: str, ingress: str) -> TunnelEnd | None:
        return self._ends_by_ingress.get((host, ingress))

    def _resolve_source(self, host: str, value: str | None) -> str | None:
        addr = _addr(value)
        if addr is not None or not value:
            return addr
        i = self._ifaces.get((host, value))
        if i and i.addresses:
            return _addr(i.addresses[0])
        return None

    def _tunnel_ends(self) -> list[TunnelEnd]:
        ends: list[TunnelEnd] = []
        for host, cfg in self.devices.items():
            peers_by_iface: dict[str, VpnPeer] = {}
            for p in cfg.vpn_peers:
                if p.interface:
                    peers_by_iface.setdefault(p.interface, p)
            seen: set[str] = set()
            for i in cfg.interfaces:
                if i.tunnel is None or i.shutdown:
                    continue
                peer = peers_by_iface.get(i.name)
                local = self._resolve_source(host, i.tunnel.source) or (_addr(peer.local_address) if peer else None)
                remote = _addr(i.tunnel.destination) or (_addr(peer.remote_address) if peer else None)
                ends.append(TunnelEnd(host, i.name, i.vrf, local, remote, peer, i, i.line))
                seen.add(i.name)
            for p in cfg.vpn_peers:
                if p.interface and p.interface in seen:
                    continue
                ti = cfg.interface(p.interface) if p.interface else None
                if ti is not None and ti.tunnel is None:
                    ti = None  # a crypto map on an outside interface: policy-based
                ingress = ti.name if ti is not None else f"{VPN_PREFIX}{p.name}"
                vrf = ti.vrf if ti is not None else p.vrf
                ends.append(TunnelEnd(host, ingress, vrf, _addr(p.local_address), _addr(p.remote_address), p, ti,
                                      p.line))
        return ends


def prefix_ivs(prefix: str) -> Ivs:
    return (cidr(prefix),)
