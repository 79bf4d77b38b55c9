"""VRFs (``vrf definition`` and legacy ``ip vrf``), static routes and ``router bgp``."""

from __future__ import annotations

from kyodo.platforms.neutral import BgpNeighbor, BgpVrf, StaticRoute, Vrf

from .addr import is_ipv4, mask_to_len, prefix
from .context import Ctx, is_comment
from .tree import Node


class _VrfFacts:
    def __init__(self) -> None:
        self.rd: str | None = None
        self.imports: list[str] = []
        self.exports: list[str] = []
        self.import_map: str | None = None
        self.export_map: str | None = None

    def apply(self, w: list[str]) -> bool:
        if w[0] == "rd" and len(w) == 2:
            self.rd = w[1]
        elif w[0] == "route-target" and len(w) == 3 and w[1] in ("import", "export", "both"):
            if w[1] in ("import", "both"):
                self.imports.append(w[2])
            if w[1] in ("export", "both"):
                self.exports.append(w[2])
        elif w[0] in ("import", "export") and len(w) == 3 and w[1] == "map":
            if w[0] == "import":
                self.import_map = w[2]
            else:
                self.export_map = w[2]
        elif w[0] == "description" or w == ["exit-address-family"]:
            pass
        else:
            return False
        return True


def parse_vrf(node: Node, ctx: Ctx) -> None:
    """'vrf definition NAME' (address-family ipv4 inside) or 'ip vrf NAME'."""
    w = node.words
    legacy = w[0] == "ip"
    if len(w) != 3:
        ctx.skip(node)
        return
    facts = _VrfFacts()
    for child in node.children:
        cw = child.words
        if is_comment(child):
            continue
        if not legacy and cw[0] == "address-family":
            if cw[1:] not in (["ipv4"], ["ipv4", "unicast"]):
                ctx.skip(child)
                continue
            for af_child in child.children:
                if not is_comment(af_child) and not facts.apply(af_child.words):
                    ctx.skip(af_child)
        elif not facts.apply(cw):
            ctx.skip(child)
    ctx.vrfs.append(
        Vrf(
            name=w[2],
            rd=facts.rd,
            rt_import=tuple(facts.imports),
            rt_export=tuple(facts.exports),
            import_map=facts.import_map,
            export_map=facts.export_map,
            line=node.line,
        )
    )


def parse_route(node: Node, ctx: Ctx) -> StaticRoute | None:
    """'ip route [vrf V] PREFIX MASK [IFACE] [NEXT-HOP] [DIST] [name N] [tag T] [permanent] [global]'."""
    w = node.words[2:]
    vrf = ""
    if w[:1] == ["vrf"] and len(w) >= 2:
        vrf = w[1]
        w = w[2:]
    if len(w) < 3 or not is_ipv4(w[0]):
        return None
    length = mask_to_len(w[1])
    pfx = prefix(w[0], length) if length is not None else None
    if pfx is None:
        return None
    next_hop: str | None = None
    interface: str | None = None
    nh_vrf: str | None = None
    distance = 1
    rest = w[2:]
    n = 0
    while n < len(rest):
        tok = rest[n]
        if is_ipv4(tok) and next_hop is None:
            next_hop = tok
        elif tok.isdecimal() and (next_hop or interface):
            distance = int(tok)
            if not 1 <= distance <= 255:
                return None
        elif tok in ("name", "tag", "track") and n + 1 < len(rest):
            n += 1
        elif tok == "permanent":
            pass
        elif tok == "global":
            nh_vrf = ""
        elif tok[0].isalpha() and interface is None and next_hop is None:
            interface = tok
        else:
            return None
        n += 1
    discard = interface is not None and interface.lower() == "null0"
    if next_hop is None and interface is None:
        return None
    return StaticRoute(
        prefix=pfx,
        vrf=vrf,
        next_hop=next_hop,
        interface=None if discard else interface,
        next_hop_vrf=nh_vrf,
        distance=distance,
        discard=discard,
        line=node.line,
    )


class _BgpAf:
    def __init__(self, asn: int, vrf: str, line: int) -> None:
        self.asn = asn
        self.vrf = vrf
        self.line = line
        self.router_id: str | None = None
        self.networks: list[str] = []
        self.redistribute: list[str] = []
        self.neighbors: list[BgpNeighbor] = []

    def apply(self, node: Node) -> bool:
        w = node.words
        if w[0] == "network" and len(w) in (2, 4) and is_ipv4(w[1]):
            length = mask_to_len(w[3]) if len(w) == 4 and w[2] == "mask" else _classful(w[1])
            p = prefix(w[1], length) if length is not None else None
            if p:
                self.networks.append(p)
            return p is not None
        if w[0] == "redistribute" and len(w) >= 2:
            self.redistribute.append(w[1])
            return len(w) == 2
        if w[0] == "neighbor" and len(w) == 4 and w[2] == "remote-as" and w[3].isdecimal():
            self.neighbors.append(BgpNeighbor(address=w[1], remote_as=int(w[3]), line=node.line))
            return True
        if w[0] == "neighbor" and len(w) == 3 and w[2] == "activate":
            return True
        if w[:2] == ["bgp", "router-id"] and len(w) == 3:
            self.router_id = w[2]
            return True
        return w == ["exit-address-family"] or w == ["bgp", "log-neighbor-changes"]

    def result(self) -> BgpVrf:
        return BgpVrf(
            asn=self.asn,
            vrf=self.vrf,
            router_id=self.router_id,
            networks=tuple(self.networks),
            redistribute=tuple(self.redistribute),
            neighbors=tuple(self.neighbors),
            line=self.line,
        )


def _classful(address: str) -> int:
    first = int(address.split(".")[0])
    return 8 if first < 128 else 16 if first < 192 else 24


def parse_bgp(node: Node, ctx: Ctx) -> None:
    w = node.words
    if len(w) != 3 or not w[2].isdecimal():
        ctx.skip(node)
        return
    asn = int(w[2])
    top = _BgpAf(asn, "", node.line)
    vrfs: list[_BgpAf] = []
    for child in node.children:
        cw = child.words
        if is_comment(child):
            continue
        if cw[0] == "address-family":
            if cw[1:] in (["ipv4"], ["ipv4", "unicast"]):
                af = top
            elif len(cw) == 4 and cw[1] == "ipv4" and cw[2] == "vrf":
                af = _BgpAf(asn, cw[3], child.line)
                vrfs.append(af)
            else:
                ctx.skip(child)
                continue
            for af_child in child.children:
                if not is_comment(af_child) and not af.apply(af_child):
                    ctx.skip(af_child)
        elif not top.apply(child):
            ctx.skip(child)
    ctx.bgp.append(top.result())
    ctx.bgp.extend(af.result() for af in vrfs)
