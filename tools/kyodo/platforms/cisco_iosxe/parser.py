"""IOS-XE configuration text → neutral ``DeviceConfig``.

Modelled: hostname; interfaces (addresses incl. secondary, ``vrf forwarding`` / ``ip vrf
forwarding``, sub-interfaces and dot1Q, ACLs, shutdown, tunnels, switchport VLANs); VRFs
(``vrf definition`` / ``ip vrf``); static routes; ``router bgp`` per VRF; access lists
(named/numbered, standard/extended, network object-groups); IKEv2 proposals, policies,
keyrings, profiles; IPsec transform-sets and profiles; legacy isakmp policies/keys and
crypto maps. Boilerplate that carries no meaning (``!`` comments, ``version``, ``end``,
banners, the ``Building configuration`` header, ``vlan N`` database entries) is consumed.
Everything else is reported in ``unparsed`` with its line number. Never raises.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from kyodo.platforms.neutral import Acl, AclRule, DeviceConfig, StaticRoute, Unparsed

from .context import Ctx, is_comment
from .parse_acl import parse_named_acl, parse_numbered_acl, parse_object_group
from .parse_crypto import parse_crypto
from .parse_iface import parse_interface
from .parse_routing import parse_bgp, parse_route, parse_vrf
from .parse_vpn import esp_proposals, vpn_peers
from .tree import Node, build

PLATFORM_NAME = "cisco_iosxe"

_HEADERS = ("Building configuration", "Current configuration", "version ")


def _boilerplate(node: Node) -> bool:
    """Lines without configuration meaning: comments, 'end', banners, the show-run header."""
    banner = node.words[0] == "banner" and not node.unterminated
    return is_comment(node) or node.text == "end" or banner or node.text.startswith(_HEADERS)


def _vlan(node: Node, ctx: Ctx) -> None:
    w = node.words
    if len(w) != 2 or not all(part.isdecimal() for part in w[1].replace("-", ",").split(",")):
        ctx.skip(node)
        return
    for child in node.children:
        if not is_comment(child) and child.words[0] != "name":
            ctx.skip(child)


def _hostname(node: Node, ctx: Ctx) -> None:
    if len(node.words) == 2:
        ctx.hostname = node.words[1]
    else:
        ctx.skip(node)


def _dispatch(node: Node) -> Callable[[Node, Ctx], None] | None:
    w = node.words
    first = w[0]
    if first == "hostname":
        return _hostname
    if first == "interface":
        return parse_interface
    if first == "vlan" and len(w) == 2:
        return _vlan
    if w[:2] == ["vrf", "definition"] or (w[:2] == ["ip", "vrf"] and len(w) == 3):
        return parse_vrf
    if w[:2] == ["router", "bgp"]:
        return parse_bgp
    if w[:2] == ["ip", "access-list"] and len(w) >= 3 and w[2] in ("extended", "standard"):
        return parse_named_acl
    if first == "crypto" and len(w) >= 3:
        return parse_crypto
    return None


def _parse(text: str) -> DeviceConfig:
    ctx = Ctx()
    roots = build(text)
    for node in roots:  # object-groups first: ACLs refer to them
        if node.words[0] == "object-group":
            parse_object_group(node, ctx)
    numbered: dict[str, list[AclRule]] = {}
    numbered_line: dict[str, int] = {}
    routes: list[StaticRoute] = []
    for node in roots:
        w = node.words
        if w[0] == "object-group" or _boilerplate(node):
            continue
        if w[:2] == ["ip", "route"]:
            route = parse_route(node, ctx)
            if route is None or node.children:
                ctx.skip(node)
            if route is not None:
                routes.append(route)
            continue
        if w[0] == "access-list":
            parse_numbered_acl(node, ctx, numbered, numbered_line)
            continue
        handler = _dispatch(node)
        if handler is None:
            ctx.skip(node)
        else:
            handler(node, ctx)
    ctx.acls.extend(Acl(name=n, rules=tuple(r), line=numbered_line[n]) for n, r in numbered.items())
    vrf_of = {i.name: i.vrf for i in ctx.interfaces}
    routes = [_route_vrf(r, vrf_of) for r in routes]
    return DeviceConfig(
        hostname=ctx.hostname,
        platform=PLATFORM_NAME,
        interfaces=tuple(ctx.interfaces),
        vrfs=tuple(ctx.vrfs),
        static_routes=tuple(routes),
        bgp=tuple(ctx.bgp),
        acls=tuple(ctx.acls),
        proposals=(*ctx.ike_proposals, *esp_proposals(ctx)),
        vpn_peers=tuple(vpn_peers(ctx)),
        unparsed=tuple(sorted(ctx.unparsed, key=lambda u: u.line)),
        lines=tuple(text.splitlines()),
    )


def _route_vrf(route: StaticRoute, vrf_of: dict[str, str]) -> StaticRoute:
    """An exit interface in another VRF makes the route leak into that VRF's table."""
    if route.next_hop_vrf is None and route.interface in vrf_of and vrf_of[route.interface] != route.vrf:
        return replace(route, next_hop_vrf=vrf_of[route.interface])
    return route


def parse(text: str) -> DeviceConfig:
    """Config text → neutral model. Never raises: a parser bug turns the text into ``unparsed``."""
    try:
        return _parse(text)
    except Exception as exc:  # defensive: odd input must never crash a verify run
        lines = tuple(text.splitlines())
        unparsed = [Unparsed(line=0, text=f"parser error: {type(exc).__name__}: {exc}")]
        unparsed += [Unparsed(line=n, text=t.strip()) for n, t in enumerate(lines, 1) if t.strip()]
        return DeviceConfig(hostname="", platform=PLATFORM_NAME, unparsed=tuple(unparsed), lines=lines)
