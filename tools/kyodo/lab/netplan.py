"""The network lab's topology, computed (no side effects) from the resolved model and intents.

Every network device (``DeviceIntent`` on ``linux_frr``) becomes a router namespace plus one
namespace per VRF; every addressed port becomes a veth (or, for VM segments, a bridge the VM
stand-ins attach to). Around the devices the plan puts the stand-ins: one namespace per VM,
office client and printer LANs behind each CPE, a shared-services namespace at the end of every
hub link, an internet-edge and an LGWAN namespace. ``netup`` executes the plan.

Lab artefacts (things a real network has that the lab models differently, see lab-facts.md):
the IPsec hand-off is a veth from the CPE's ``wan0`` straight into the municipality's VRF
namespace (which holds the hub's outside address and the carrier gateway), because each VRF
runs its own charon; VLANs are veths.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from kyodo.errors import KyodoError
from kyodo.lab.netnames import check_ifname, ns_name, port_ifname, router_ns, vrf_ns
from kyodo.model import Resolved
from kyodo.platforms.intent import DeviceIntent, PortIntent
from kyodo.render.acl import parse_port

SSH_BASE = ipaddress.IPv4Address("127.0.0.100")
HOST_OFFSET = 10            # office hosts are network + 10
LGWAN_HOST_OFFSET = 10      # generic LGWAN host: lgwan network + 10
MGMT_STATION_OFFSET = 100   # the operators' management station in the management network
GLOBAL = ""


class PlanError(KyodoError):
    exit_code = 2


@dataclass(frozen=True, slots=True)
class End:
    ns: str
    ifname: str
    addrs: tuple[str, ...] = ()
    bridge: str | None = None          # enslave this end to a bridge in the same namespace


@dataclass(frozen=True, slots=True)
class Veth:
    a: End
    b: End


@dataclass(frozen=True, slots=True)
class Bridge:
    ns: str
    name: str
    addrs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Route:
    ns: str
    prefix: str
    via: str
    src: str | None = None


@dataclass(frozen=True, slots=True)
class Host:
    """A stand-in endpoint: a VM, an office LAN host, shared services, internet edge, LGWAN."""

    name: str
    ns: str
    zone: str                     # web_ap | batch | print | db | office_clients | office_printers |
    #                               shared_services | management | internet | lgwan
    municipality: str | None
    address: str                  # the probe source/destination address
    extra: tuple[str, ...] = ()   # further local addresses (CIDR) on lo
    services: tuple[tuple[str, str, str], ...] = ()   # (service name, address, port spec) it answers for


@dataclass(frozen=True, slots=True)
class Router:
    hostname: str
    platform: str
    ns: str                                   # the global table
    vrfs: tuple[tuple[str, str], ...]         # (VRF name, namespace)
    ssh_address: str
    charon_vrfs: tuple[str, ...]              # VRFs ("" = global) that run a charon

    def ns_of(self, vrf: str) -> str:
        if vrf == GLOBAL:
            return self.ns
        for name, ns in self.vrfs:
            if name == vrf:
                return ns
        raise KeyError(f"{self.hostname}: no VRF {vrf!r}")


@dataclass(frozen=True, slots=True)
class LabPlan:
    routers: tuple[Router, ...]
    hosts: tuple[Host, ...]
    namespaces: tuple[tuple[str, bool], ...]   # (name, forwards) in creation order
    veths: tuple[Veth, ...]
    bridges: tuple[Bridge, ...]
    routes: tuple[Route, ...]
    tcp_ports: tuple[int, ...]                 # every host listens on these
    udp_ports: tuple[int, ...]
    loopbacks: tuple[tuple[str, str], ...] = ()   # (namespace, address/32) on lo: see _ipsec_sources

    def router(self, hostname: str) -> Router:
        for r in self.routers:
            if r.hostname == hostname:
                return r
        raise KeyError(hostname)

    def host(self, name: str) -> Host:
        for h in self.hosts:
            if h.name == name:
                return h
        raise KeyError(name)


@dataclass
class _Builder:
    namespaces: dict[str, bool] = field(default_factory=dict)
    veths: list[Veth] = field(default_factory=list)
    bridges: list[Bridge] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    hosts: list[Host] = field(default_factory=list)

    def ns(self, name: str, forwards: bool = False) -> str:
        self.namespaces[name] = self.namespaces.get(name, False) or forwards
        return name

    def host(self, host: Host, ifname: str, cidr: str, gateway: str, peer: End) -> None:
        self.ns(host.ns)
        self.veths.append(Veth(peer, End(host.ns, ifname, (cidr,))))
        self.routes.append(Route(host.ns, "0.0.0.0/0", gateway))
        self.hosts.append(host)


def _cidr_host(net: str, offset: int) -> tuple[str, str]:
    """(address, address/len) of the offset-th host of ``net`` (negative: from the broadcast end)."""
    n = ipaddress.IPv4Network(net)
    addr = (n.broadcast_address if offset < 0 else n.network_address) + offset
    return str(addr), f"{addr}/{n.prefixlen}"


def _gateway(port: PortIntent) -> str:
    return str(ipaddress.IPv4Interface(port.address).ip)


def _ports_of(intent: DeviceIntent, kind: str) -> list[PortIntent]:
    return [p for p in intent.ports if p.kind == kind]


def plan(model: Resolved, intents: dict[str, DeviceIntent]) -> LabPlan:
    """The lab topology for ``model``. Every device must be on ``linux_frr``."""
    wrong = sorted(f"{h} ({i.platform})" for h, i in intents.items() if i.platform != "linux_frr")
    if wrong:
        raise PlanError(f"the lab runs linux_frr devices only; not: {', '.join(wrong)}")
    b = _Builder()
    routers = [_router(b, i, intent) for i, intent in enumerate(intents.values())]
    by_host = {r.hostname: r for r in routers}
    core = intents[model.dc_core.name]
    core_r = by_host[core.hostname]
    cpes = {m.code: intents[m.cpe.name] for m in model.municipalities}

    _vm_segments(b, model, core, core_r)
    _links(b, model, core, core_r, cpes, by_host)
    _offices(b, model, cpes, by_host)
    _shared(b, model, core, core_r)
    _external(b, model, core, core_r)

    tcp, udp = _listen_ports(model)
    loopbacks = tuple(lo for intent in intents.values() for lo in _ipsec_sources(intent, by_host[intent.hostname]))
    return LabPlan(routers=tuple(routers), hosts=tuple(b.hosts), namespaces=tuple(b.namespaces.items()),
                   veths=tuple(b.veths), bridges=tuple(b.bridges), routes=tuple(b.routes),
                   tcp_ports=tcp, udp_ports=udp, loopbacks=loopbacks)


def _ipsec_sources(intent: DeviceIntent, r: Router) -> list[tuple[str, str]]:
    """Lab artefact: charon's kernel-libipsec routes each remote selector into its TUN with a
    source address taken from the matching *local* selector, and refuses the CHILD_SA when the
    namespace has none (e.g. the shared-services and management networks, reached over the hub
    link). Give such a namespace the selector's first address as a /32 on ``lo``."""
    out = []
    for vpn in intent.vpns:
        nets = [ipaddress.IPv4Interface(p.address) for p in intent.ports if p.vrf == vpn.vrf]
        for ts in vpn.local_ts:
            net = ipaddress.IPv4Network(ts)
            if not any(i.ip in net for i in nets):
                out.append((r.ns_of(vpn.vrf), f"{net.network_address + 1}/32"))
    return list(dict.fromkeys(out))


def _router(b: _Builder, index: int, intent: DeviceIntent) -> Router:
    vrf_names = [v.name for v in intent.vrfs]
    for p in intent.ports:
        if p.vrf and p.vrf not in vrf_names:
            vrf_names.append(p.vrf)
    ns = b.ns(router_ns(intent.hostname), forwards=True)
    vrfs = tuple((v, b.ns(vrf_ns(intent.hostname, v), forwards=True)) for v in vrf_names)
    charon = tuple(dict.fromkeys(v.vrf for v in intent.vpns))
    if index > 150:
        raise PlanError("the lab gives each device a 127.0.0.x address: at most 150 devices")
    return Router(hostname=intent.hostname, platform=intent.platform, ns=ns, vrfs=vrfs,
                  ssh_address=str(SSH_BASE + index + 1), charon_vrfs=charon)


def _vm_segments(b: _Builder, model: Resolved, core: DeviceIntent, r: Router) -> None:
    for m in model.municipalities:
        for seg in (m.server, m.db):
            port = core.port(seg.name, m.code)
            br = check_ifname(port_ifname(port) or "")
            ns = r.ns_of(port.vrf)
            b.bridges.append(Bridge(ns, br, (port.address,)))
            for vm in m.vms:
                if vm.vlan != seg.vlan:
                    continue
                offset = int(ipaddress.IPv4Address(vm.ip)) - int(ipaddress.IPv4Network(seg.subnet).network_address)
                host = Host(name=vm.name, ns=ns_name("v", vm.name), zone=vm.role, municipality=m.code, address=vm.ip)
                b.host(host, "eth0", f"{vm.ip}/{vm.prefixlen}", vm.gateway,
                       End(ns, check_ifname(f"{br}v{offset}"), bridge=br))


def _links(b: _Builder, model: Resolved, core: DeviceIntent, core_r: Router, cpes: dict[str, DeviceIntent],
           by_host: dict[str, Router]) -> None:
    for m in model.municipalities:
        cpe = cpes[m.code]
        cpe_r = by_host[cpe.hostname]
        if m.link.type == "leased_line":
            dc_port = core.port("handoff", m.code)
            cpe_port = cpe.port("handoff", m.code)
            b.veths.append(Veth(End(core_r.ns_of(dc_port.vrf), check_ifname(port_ifname(dc_port) or ""),
                                    (dc_port.address,)),
                                End(cpe_r.ns, check_ifname(port_ifname(cpe_port) or ""), (cpe_port.address,))))
            continue
        vpn = next(v for v in core.vpns if v.municipality == m.code)
        cpe_wan = cpe.port("wan", "wan")
        gw = next((rt.next_hop for rt in cpe.routes if rt.prefix == f"{vpn.local_wan}/32" and rt.next_hop), None)
        if gw is None:
            raise PlanError(f"{cpe.hostname}: no route to the hub {vpn.local_wan}; cannot wire its WAN")
        plen = ipaddress.IPv4Interface(cpe_wan.address).network.prefixlen
        # the VRF's own outside leg: the hub address plus the carrier gateway the CPE routes through
        b.veths.append(Veth(End(core_r.ns_of(vpn.vrf), "wan0", (f"{vpn.local_wan}/32", f"{gw}/{plen}")),
                            End(cpe_r.ns, "wan0", (cpe_wan.address,))))
    # the hub's global outside port: to a carrier namespace (nothing else is there)
    for p in _ports_of(core, "wan"):
        carrier = b.ns(ns_name("carrier"))
        _, cidr = _cidr_host(str(ipaddress.IPv4Interface(p.address).network), -1)
        b.veths.append(Veth(End(core_r.ns_of(p.vrf), "wan0", (p.address,)), End(carrier, "eth0", (cidr,))))


def _offices(b: _Builder, model: Resolved, cpes: dict[str, DeviceIntent], by_host: dict[str, Router]) -> None:
    for m in model.municipalities:
        cpe = cpes[m.code]
        r = by_host[cpe.hostname]
        for kind, short in (("office_clients", "cl"), ("office_printers", "pr")):
            port = cpe.port(kind, m.code)
            net = str(ipaddress.IPv4Interface(port.address).network)
            addr, cidr = _cidr_host(net, HOST_OFFSET)
            host = Host(name=f"{m.code}-{short}", ns=ns_name("o", m.code, short), zone=kind, municipality=m.code,
                        address=addr)
            b.host(host, "eth0", cidr, _gateway(port), End(r.ns_of(port.vrf), check_ifname(port_ifname(port) or ""),
                                                           (port.address,)))


def _shared(b: _Builder, model: Resolved, core: DeviceIntent, r: Router) -> None:
    """Shared services and the management station: one namespace at the end of every hub link."""
    ns = b.ns(ns_name("shared"))
    services = tuple((s.name, s.address, p) for s in model.services for p in s.ports)
    mgmt_addr, _ = _cidr_host(model.management_net, MGMT_STATION_OFFSET)
    b.hosts.append(Host(name="shared-services", ns=ns, zone="shared_services", municipality=None,
                        address=model.services[0].address,
                        extra=tuple(f"{s.address}/32" for s in model.services), services=services))
    b.hosts.append(Host(name="management", ns=ns, zone="management", municipality=None, address=mgmt_addr,
                        extra=(f"{mgmt_addr}/32",)))
    for port in _ports_of(core, "hub_link"):
        if port.peer_address is None:
            raise PlanError(f"{core.hostname}: hub link {port.key} has no peer address")
        plen = ipaddress.IPv4Interface(port.address).network.prefixlen
        ifname = check_ifname(port_ifname(port) or "")
        b.veths.append(Veth(End(r.ns_of(port.vrf), ifname, (port.address,)),
                            End(ns, ifname, (f"{port.peer_address}/{plen}",))))
        for seg_kind in ("server", "db"):
            seg = core.port(seg_kind, port.key)
            b.routes.append(Route(ns, str(ipaddress.IPv4Interface(seg.address).network), _gateway(port)))
    for kind in ("shared", "mgmt"):   # platforms with a hub VRF: the segment itself
        for port in _ports_of(core, kind):
            ifname = check_ifname(port_ifname(port) or "")
            b.veths.append(Veth(End(r.ns_of(port.vrf), ifname, (port.address,)), End(ns, ifname, ())))
            b.routes.append(Route(ns, "0.0.0.0/0", _gateway(port)))


def _external(b: _Builder, model: Resolved, core: DeviceIntent, r: Router) -> None:
    """The internet edge (global table) and LGWAN (its own VRF): 三層分離 targets."""
    for port in _ports_of(core, "internet"):
        net = str(ipaddress.IPv4Interface(port.address).network)
        addr, cidr = _cidr_host(net, -1)
        host = Host(name="internet-edge", ns=ns_name("inet"), zone="internet", municipality=None, address=addr)
        b.host(host, "eth0", cidr, _gateway(port), End(r.ns_of(port.vrf), "inet0", (port.address,)))
    for port in _ports_of(core, "lgwan"):
        net = str(ipaddress.IPv4Interface(port.address).network)
        addr, cidr = _cidr_host(net, LGWAN_HOST_OFFSET)
        extra = sorted({f"{ipaddress.IPv4Network(e.destination)[0]}/32" for m in model.municipalities
                        for e in m.lgwan_exceptions} - {f"{addr}/32"})
        host = Host(name="lgwan", ns=ns_name("lgwan"), zone="lgwan", municipality=None, address=addr,
                    extra=tuple(extra))
        b.host(host, "eth0", cidr, _gateway(port), End(r.ns_of(port.vrf), "lgwan0", (port.address,)))
    # platforms without VRF route leaking: a cable from each municipality VRF with listed exceptions
    for port in _ports_of(core, "lgwan_link"):
        if port.peer_address is None:
            raise PlanError(f"{core.hostname}: LGWAN link {port.key} has no peer address")
        plen = ipaddress.IPv4Interface(port.address).network.prefixlen
        ifname = check_ifname(port_ifname(port) or "")
        ns = ns_name("lgwan")
        b.veths.append(Veth(End(r.ns_of(port.vrf), ifname, (port.address,)),
                            End(ns, ifname, (f"{port.peer_address}/{plen}",))))
        seg = core.port("server", port.key)
        b.routes.append(Route(ns, str(ipaddress.IPv4Interface(seg.address).network), _gateway(port)))


def _listen_ports(model: Resolved) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Every TCP/UDP port any intent, service or exception names, plus 22 and 443."""
    tcp: set[int] = {22, 443}
    udp: set[int] = set()
    specs = [p for i in model.intents for p in i.ports]
    specs += [p for s in model.services for p in s.ports]
    specs += [p for m in model.municipalities for e in m.lgwan_exceptions for p in e.ports]
    for spec in specs:
        proto, ranges = parse_port(spec)
        for r in ranges:
            target = tcp if proto == "tcp" else udp if proto == "udp" else None
            if target is not None:   # a wide range: its first port only
                target.update(range(r.lo, r.hi + 1) if r.hi - r.lo <= 64 else (r.lo,))
    return tuple(sorted(tcp)), tuple(sorted(udp))
