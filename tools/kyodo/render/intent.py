"""Build each device's logical intent (``DeviceIntent``) from the resolved model.

Everything a template prints is computed and validated here. The DC core carries one VRF
per municipality with its server/DB gateways, the link to the municipality (IPsec tunnel
or leased-line hand-off) and the filters derived from the intent catalogue; shared
services sit in the hub VRF, whose routes every municipality VRF imports while the hub
exports only its own (route targets), so one municipality's routes never reach another.
Platforms that cannot leak routes between VRFs (linux_frr, whose VRFs are network
namespaces) reach shared services through a point-to-point ``hub_link`` per VRF instead.
"""

from __future__ import annotations

import ipaddress

from kyodo.errors import KyodoError
from kyodo.model import DcDevice, MunicipalityNet, Resolved
from kyodo.platforms.intent import (
    AclIntent,
    BgpIntent,
    DeviceIntent,
    PortIntent,
    Proposal,
    RouteIntent,
    SegmentKind,
    VpnIntent,
    VrfIntent,
)
from kyodo.platforms.neutral import AclRule, PortRange
from kyodo.render.acl import AclBook, Flow, forward_rule, intent_flows, parse_port, reply_rule
from kyodo.sot.grammar import text_problem
from kyodo.sot.models import DeviceRole, Zone

# platforms whose VRFs cannot import each other's routes (see lab-facts: netns VRFs)
NO_ROUTE_LEAKING = frozenset({"linux_frr"})

IKE = Proposal(encryption="aes256", integrity="sha256", dh_group=14)
ESP = Proposal(encryption="aes256", integrity="sha256", dh_group=14)
LGWAN_VRF = "LGWAN"
SERVER_ZONES = (Zone.web_ap, Zone.batch, Zone.print)
DC_ZONES = (*SERVER_ZONES, Zone.db, Zone.management, Zone.shared_services)
OFFICE_ZONES = (Zone.office_clients, Zone.office_printers)


class IntentError(KyodoError):
    exit_code = 2


def _text(value: str, what: str) -> str:
    problem = text_problem(value)
    if problem:
        raise IntentError(f"{what}: {problem}")
    return value


def _cidr(addr: str, prefixlen: int) -> str:
    return f"{addr}/{prefixlen}"


def _net_host(net: str, offset: int) -> str:
    n = ipaddress.IPv4Network(net)
    base = n.broadcast_address if offset < 0 else n.network_address
    return str(base + offset)


def hub_link(m: MunicipalityNet) -> tuple[str, str, str]:
    """(subnet, VRF-side address, shared-side address) of m's hub link: the first /30 of the block's third quarter."""
    q = list(ipaddress.IPv4Network(m.block).subnets(prefixlen_diff=2))[2]
    link = next(q.subnets(new_prefix=30))
    return str(link), str(link.network_address + 1), str(link.network_address + 2)


def cpe_wan(m: MunicipalityNet) -> tuple[str, str]:
    """(address/len, gateway) of an IPsec CPE's outside port."""
    assert m.link.cpe_wan
    net = ipaddress.IPv4Network(f"{m.link.cpe_wan}/24", strict=False)
    gw = net.network_address + 1
    if str(gw) == m.link.cpe_wan:
        gw += 1
    return f"{m.link.cpe_wan}/24", str(gw)


def build_intents(model: Resolved) -> dict[str, DeviceIntent]:
    """hostname → intent, for every DC device and every CPE, in name order."""
    out: dict[str, DeviceIntent] = {}
    core = model.dc_core
    for m in model.municipalities:
        if m.link.dc_device != core.name:
            raise IntentError(
                f"municipality {m.code}: its {m.link.type} terminates on '{m.link.dc_device}', but only "
                f"links on the dc_core device '{core.name}' are supported (separate hub/PE devices need "
                "per-VRF transfer links, not built yet)"
            )
    for d in model.devices:
        if DeviceRole.dc_core in d.roles:
            out[d.name] = _dc_intent(model, d)
        else:
            raise IntentError(
                f"device {d.name}: roles {[str(r) for r in d.roles]} without dc_core are not supported yet"
            )
    for m in model.municipalities:
        out[m.cpe.name] = _cpe_intent(model, m)
    return dict(sorted(out.items()))


# --- the DC core -------------------------------------------------------------------------


def _dc_ingress(zone: Zone, m: MunicipalityNet, leak: bool) -> str:
    if zone in SERVER_ZONES:
        return f"{m.vrf}-SERVER-IN"
    if zone == Zone.db:
        return f"{m.vrf}-DB-IN"
    if zone in OFFICE_ZONES:
        return f"{m.vrf}-LINK-IN"
    if not leak:
        return f"{m.vrf}-HUB-IN"
    return "MGMT-IN" if zone == Zone.management else "SHARED-IN"


def _dc_intent(model: Resolved, d: DcDevice) -> DeviceIntent:
    leak = str(d.platform) not in NO_ROUTE_LEAKING
    book = AclBook()
    vrfs: list[VrfIntent] = []
    ports: list[PortIntent] = []
    routes: list[RouteIntent] = []
    vpns: list[VpnIntent] = []
    asn = model.asn
    lgwan_gw = _net_host(model.lgwan, 1)
    lgwan_len = ipaddress.IPv4Network(model.lgwan).prefixlen

    for m in model.municipalities:
        desc = _text(f"{m.name} {m.code}", f"municipality {m.code} name")
        imports = (m.rt, model.hub_rt) if leak else (m.rt,)
        vrfs.append(
            VrfIntent(name=m.vrf, rd=m.rd, rt_import=imports, rt_export=(m.rt,), description=desc, municipality=m.code)
        )
        for seg in (m.server, m.db):
            ports.append(
                PortIntent(
                    kind=seg.name,
                    key=m.code,
                    vrf=m.vrf,
                    address=_cidr(seg.gateway, seg.prefixlen),
                    description=f"{m.code} {seg.name} segment VLAN {seg.vlan}",
                    vlan=seg.vlan,
                    acl_in=f"{m.vrf}-{seg.name.upper()}-IN",
                )
            )
        link = m.link
        link_kind: SegmentKind = "ipsec" if link.type == "ipsec_vpn" else "handoff"
        ports.append(
            PortIntent(
                kind=link_kind,
                key=m.code,
                vrf=m.vrf,
                address=_cidr(link.dc_address, link.prefixlen),
                description=f"{m.code} IPsec tunnel"
                if link_kind == "ipsec"
                else f"{m.code} leased line {link.circuit_id}",
                vlan=link.handoff_vlan,
                tunnel_id=link.tunnel_id,
                peer_address=link.cpe_address,
                acl_in=f"{m.vrf}-LINK-IN",
            )
        )
        for office in (m.office_clients, m.office_printers):
            routes.append(
                RouteIntent(
                    vrf=m.vrf,
                    prefix=office,
                    next_hop=link.cpe_address,
                    via=(link_kind, m.code),
                    description=f"{m.code} office",
                )
            )
        if link.type == "ipsec_vpn":
            assert link.hub_wan and link.cpe_wan and link.psk_ref
            local_ts = [m.server.subnet, m.db.subnet, model.shared_services_net, model.management_net]
            vpns.append(
                VpnIntent(
                    name=m.vrf,
                    municipality=m.code,
                    vrf=m.vrf,
                    local_wan=link.hub_wan,
                    remote_wan=link.cpe_wan,
                    psk_ref=link.psk_ref,
                    ike=IKE,
                    esp=ESP,
                    tunnel_port=("ipsec", m.code),
                    local_ts=tuple(local_ts),
                    remote_ts=(m.office_clients, m.office_printers),
                )
            )
        if not leak:
            subnet, vrf_side, shared_side = hub_link(m)
            plen = ipaddress.IPv4Network(subnet).prefixlen
            ports.append(
                PortIntent(
                    kind="hub_link",
                    key=m.code,
                    vrf=m.vrf,
                    address=_cidr(vrf_side, plen),
                    description=f"{m.code} shared services link",
                    peer_address=shared_side,
                    acl_in=f"{m.vrf}-HUB-IN",
                )
            )
            for net in (model.shared_services_net, model.management_net):
                routes.append(
                    RouteIntent(
                        vrf=m.vrf,
                        prefix=net,
                        next_hop=shared_side,
                        via=("hub_link", m.code),
                        description="shared services",
                    )
                )
        # filters from the intent catalogue
        for name in (f"{m.vrf}-SERVER-IN", f"{m.vrf}-DB-IN", f"{m.vrf}-LINK-IN"):
            book.touch(name)
        if not leak:
            book.touch(f"{m.vrf}-HUB-IN")
        for intent in model.intents:
            for sz, dz, flow in intent_flows(model, m, intent):
                book.add(_dc_ingress(sz, m, leak), forward_rule(flow))
                book.add(_dc_ingress(dz, m, leak), reply_rule(flow))
        # 三層分離: listed LGWAN exceptions only
        if m.lgwan_exceptions:
            ports_, routes_, reply_acl = _lgwan_exception_paths(m, leak)
            ports += ports_
            routes += routes_
            book.touch(reply_acl)
            for ex in m.lgwan_exceptions:
                for vm in (*m.vms_of("web_ap"), *m.vms_of("batch")):
                    for spec in ex.ports:
                        proto, rng = parse_port(spec)
                        flow = Flow(proto, f"{vm.ip}/32", ex.destination, rng)
                        book.add(f"{m.vrf}-SERVER-IN", forward_rule(flow))
                        book.add(reply_acl, reply_rule(flow))

    # hub VRF, management, external segments
    if leak:
        vrfs.append(
            VrfIntent(
                name=model.hub_vrf,
                rd=model.hub_rt,
                rt_import=(model.hub_rt, *(m.rt for m in model.municipalities)),
                rt_export=(model.hub_rt,),
                description="shared services hub",
                municipality=None,
            )
        )
        shared_len = ipaddress.IPv4Network(model.shared_services_net).prefixlen
        mgmt_len = ipaddress.IPv4Network(model.management_net).prefixlen
        ports.append(
            PortIntent(
                kind="shared",
                key="shared",
                vrf=model.hub_vrf,
                address=_cidr(model.shared_services_gw, shared_len),
                description="shared services segment",
                acl_in="SHARED-IN",
            )
        )
        ports.append(
            PortIntent(
                kind="mgmt",
                key="mgmt",
                vrf=model.hub_vrf,
                address=_cidr(model.management_gw, mgmt_len),
                description="management segment",
                acl_in="MGMT-IN",
            )
        )
        book.touch("SHARED-IN")
        book.touch("MGMT-IN")
    vrfs.append(
        VrfIntent(
            name=LGWAN_VRF, rd=f"{asn}:2", rt_import=(), rt_export=(), description="LGWAN segment", municipality=None
        )
    )
    ports.append(
        PortIntent(
            kind="lgwan",
            key="lgwan",
            vrf=LGWAN_VRF,
            address=_cidr(lgwan_gw, lgwan_len),
            description="LGWAN segment",
            acl_in="LGWAN-IN",
        )
    )
    book.touch("LGWAN-IN")
    inet_len = ipaddress.IPv4Network(model.internet_edge).prefixlen
    ports.append(
        PortIntent(
            kind="internet",
            key="internet",
            vrf="",
            address=_cidr(_net_host(model.internet_edge, 1), inet_len),
            description="internet edge segment",
            acl_in="INET-IN",
        )
    )
    book.touch("INET-IN")
    routes.append(
        RouteIntent(
            vrf="",
            prefix="0.0.0.0/0",
            next_hop=_net_host(model.internet_edge, -1),
            via=("internet", "internet"),
            description="internet edge",
        )
    )
    if d.wan_address:
        ports.append(
            PortIntent(
                kind="wan",
                key="wan",
                vrf="",
                address=f"{d.wan_address}/24",
                description="IPsec outside",
                acl_in="WAN-IN",
            )
        )
        wan = f"{d.wan_address}/32"
        for rule in (
            AclRule(action="permit", protocol="udp", dst=(wan,), dst_ports=(PortRange(500, 500),)),
            AclRule(action="permit", protocol="udp", dst=(wan,), dst_ports=(PortRange(4500, 4500),)),
            AclRule(action="permit", protocol="50", dst=(wan,)),
        ):
            book.add("WAN-IN", rule)
    acls = tuple(
        AclIntent(name=name, rules=book.finished(name), vrf=_acl_vrf(name, model), description=f"kyodo filter {name}")
        for name in book.rules
    )
    bgp = (
        BgpIntent(asn=asn, router_id=d.management_address, vrfs=tuple(v.name for v in vrfs if v.name != LGWAN_VRF))
        if leak
        else None
    )
    return DeviceIntent(
        hostname=d.name,
        platform=str(d.platform),
        roles=tuple(str(r) for r in d.roles),
        management_address=d.management_address,
        vrfs=tuple(vrfs),
        ports=tuple(ports),
        routes=tuple(routes),
        acls=acls,
        vpns=tuple(vpns),
        bgp=bgp,
    )


def lgwan_link(m: MunicipalityNet) -> tuple[str, str, str]:
    """(subnet, VRF-side address, LGWAN-side address): the second /30 of the block's third quarter."""
    q = list(ipaddress.IPv4Network(m.block).subnets(prefixlen_diff=2))[2]
    link = list(q.subnets(new_prefix=30))[1]
    return str(link), str(link.network_address + 1), str(link.network_address + 2)


def _lgwan_exception_paths(m: MunicipalityNet, leak: bool) -> tuple[list[PortIntent], list[RouteIntent], str]:
    """Ports, routes and the reply filter name that open m's listed LGWAN exceptions — nothing else.

    With VRF route leaking: a route in m's VRF to each exception through the LGWAN VRF's segment and a
    return route for m's server segment in the LGWAN VRF. Without it (netns VRFs): a point-to-point
    ``lgwan_link`` from m's VRF to the LGWAN segment, routes to the exceptions only."""
    if leak:
        routes = [RouteIntent(vrf=m.vrf, prefix=ex.destination, next_hop=None, via=("lgwan", "lgwan"),
                              next_hop_vrf=LGWAN_VRF, description=f"LGWAN exception {ex.name}")
                  for ex in m.lgwan_exceptions]
        routes.append(RouteIntent(vrf=LGWAN_VRF, prefix=m.server.subnet, next_hop=None, via=("server", m.code),
                                  next_hop_vrf=m.vrf, description=f"{m.code} LGWAN exception return"))
        return [], routes, "LGWAN-IN"
    subnet, vrf_side, lgwan_side = lgwan_link(m)
    plen = ipaddress.IPv4Network(subnet).prefixlen
    reply = f"{m.vrf}-LGWAN-IN"
    port = PortIntent(kind="lgwan_link", key=m.code, vrf=m.vrf, address=_cidr(vrf_side, plen),
                      description=f"{m.code} LGWAN exceptions link", peer_address=lgwan_side, acl_in=reply)
    routes = [RouteIntent(vrf=m.vrf, prefix=ex.destination, next_hop=lgwan_side, via=("lgwan_link", m.code),
                          description=f"LGWAN exception {ex.name}") for ex in m.lgwan_exceptions]
    return [port], routes, reply


def _acl_vrf(name: str, model: Resolved) -> str:
    if name.startswith("M") and "-" in name:
        return name.split("-", 1)[0]
    return {"SHARED-IN": model.hub_vrf, "MGMT-IN": model.hub_vrf, "LGWAN-IN": LGWAN_VRF}.get(name, "")


# --- the municipality's CPE ----------------------------------------------------------------


def _cpe_ingress(zone: Zone) -> str:
    if zone == Zone.office_clients:
        return "LAN-CLIENTS-IN"
    if zone == Zone.office_printers:
        return "LAN-PRINTERS-IN"
    return "LINK-IN"


def _cpe_intent(model: Resolved, m: MunicipalityNet) -> DeviceIntent:
    book = AclBook()
    for name in ("LAN-CLIENTS-IN", "LAN-PRINTERS-IN", "LINK-IN"):
        book.touch(name)
    for intent in model.intents:
        for sz, dz, flow in intent_flows(model, m, intent):
            if sz not in OFFICE_ZONES and dz not in OFFICE_ZONES:
                continue
            book.add(_cpe_ingress(sz), forward_rule(flow))
            book.add(_cpe_ingress(dz), reply_rule(flow))
    link = m.link
    ports: list[PortIntent] = []
    routes: list[RouteIntent] = []
    vpns: list[VpnIntent] = []
    office: tuple[tuple[SegmentKind, str], ...] = (
        ("office_clients", m.office_clients),
        ("office_printers", m.office_printers),
    )
    for kind, net in office:
        n = ipaddress.IPv4Network(net)
        ports.append(
            PortIntent(
                kind=kind,
                key=m.code,
                vrf="",
                address=f"{n.network_address + 1}/{n.prefixlen}",
                description=f"{m.code} office {'clients' if kind == 'office_clients' else 'printers'}",
                acl_in="LAN-CLIENTS-IN" if kind == "office_clients" else "LAN-PRINTERS-IN",
            )
        )
    dc_nets = (m.server.subnet, m.db.subnet, model.shared_services_net, model.management_net)
    if link.type == "ipsec_vpn":
        assert link.hub_wan and link.cpe_wan and link.psk_ref
        wan_addr, wan_gw = cpe_wan(m)
        ports.append(
            PortIntent(kind="wan", key="wan", vrf="", address=wan_addr, description="internet uplink", acl_in="WAN-IN")
        )
        ports.append(
            PortIntent(
                kind="ipsec",
                key=m.code,
                vrf="",
                address=f"{link.cpe_address}/{link.prefixlen}",
                description="IPsec tunnel to the prefecture cloud",
                tunnel_id=link.tunnel_id,
                peer_address=link.dc_address,
                acl_in="LINK-IN",
            )
        )
        hub = f"{link.hub_wan}/32"
        for rule in (
            AclRule(
                action="permit",
                protocol="udp",
                src=(hub,),
                dst=(f"{link.cpe_wan}/32",),
                dst_ports=(PortRange(500, 500),),
            ),
            AclRule(
                action="permit",
                protocol="udp",
                src=(hub,),
                dst=(f"{link.cpe_wan}/32",),
                dst_ports=(PortRange(4500, 4500),),
            ),
            AclRule(action="permit", protocol="50", src=(hub,), dst=(f"{link.cpe_wan}/32",)),
        ):
            book.add("WAN-IN", rule)
        routes.append(
            RouteIntent(
                vrf="", prefix=hub, next_hop=wan_gw, via=("wan", "wan"), description="IPsec peer only; no default route"
            )
        )
        for net in dc_nets:
            routes.append(
                RouteIntent(
                    vrf="", prefix=net, next_hop=link.dc_address, via=("ipsec", m.code), description="prefecture cloud"
                )
            )
        vpns.append(
            VpnIntent(
                name=m.vrf,
                municipality=m.code,
                vrf="",
                local_wan=link.cpe_wan,
                remote_wan=link.hub_wan,
                psk_ref=link.psk_ref,
                ike=IKE,
                esp=ESP,
                tunnel_port=("ipsec", m.code),
                local_ts=(m.office_clients, m.office_printers),
                remote_ts=dc_nets,
            )
        )
    else:
        ports.append(
            PortIntent(
                kind="handoff",
                key=m.code,
                vrf="",
                address=f"{link.cpe_address}/{link.prefixlen}",
                description=f"leased line {link.circuit_id}",
                peer_address=link.dc_address,
                acl_in="LINK-IN",
            )
        )
        for net in dc_nets:
            routes.append(
                RouteIntent(
                    vrf="",
                    prefix=net,
                    next_hop=link.dc_address,
                    via=("handoff", m.code),
                    description="prefecture cloud",
                )
            )
    acls = tuple(
        AclIntent(name=name, rules=book.finished(name), vrf="", description=f"kyodo filter {name}")
        for name in book.rules
    )
    return DeviceIntent(
        hostname=m.cpe.name,
        platform=str(m.cpe.platform),
        roles=("cpe",),
        management_address=m.cpe.management_address,
        vrfs=(),
        ports=tuple(ports),
        routes=tuple(routes),
        acls=acls,
        vpns=tuple(vpns),
        bgp=None,
    )
