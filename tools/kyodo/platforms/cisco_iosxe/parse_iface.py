"""``interface …`` sections → neutral ``Interface`` (addresses, VRF, dot1Q, ACLs, tunnels, switchports)."""

from __future__ import annotations

import re

from kyodo.platforms.neutral import Interface, Tunnel

from .addr import interface_cidr
from .context import Ctx, is_comment
from .tree import Node
from .vlans import parse_vlan_list

_SUBIF = re.compile(r"^(?P<parent>.+)\.(?P<sub>\d+)$")
_SVI = re.compile(r"^Vlan(?P<vlan>\d+)$", re.IGNORECASE)
ALL_VLANS = tuple(range(1, 4095))


class _Switchport:
    def __init__(self) -> None:
        self.mode: str | None = None
        self.access: int | None = None
        self.trunk: list[int] | None = None

    def vlans(self) -> tuple[int, ...]:
        if self.mode == "trunk" or (self.mode is None and self.trunk is not None):
            return tuple(sorted(set(self.trunk))) if self.trunk is not None else ALL_VLANS
        if self.mode == "access" or self.access is not None:
            return (self.access or 1,)
        return ()

    def apply(self, words: list[str]) -> bool:
        """Consume one 'switchport …' command; False when it is not understood."""
        if words == ["switchport"]:
            return True
        if len(words) == 3 and words[1] == "mode" and words[2] in ("access", "trunk"):
            self.mode = words[2]
            return True
        if len(words) == 4 and words[1:3] == ["access", "vlan"] and words[3].isdecimal():
            self.access = int(words[3])
            return True
        if len(words) >= 5 and words[1:4] == ["trunk", "allowed", "vlan"]:
            return self._allowed(words[4:])
        return False

    def _allowed(self, args: list[str]) -> bool:
        if args == ["all"]:
            self.trunk = list(ALL_VLANS)
            return True
        if args == ["none"]:
            self.trunk = []
            return True
        op = args[0] if args[0] in ("add", "remove", "except") else None
        vlans = parse_vlan_list(args[1] if op and len(args) == 2 else args[0]) if len(args) <= 2 else None
        if vlans is None or (op is None and len(args) != 1):
            return False
        current = self.trunk if self.trunk is not None else list(ALL_VLANS)
        if op is None:
            self.trunk = list(vlans)
        elif op == "add":
            self.trunk = [*(self.trunk or []), *vlans]
        elif op == "remove":
            self.trunk = [v for v in current if v not in set(vlans)]
        else:
            self.trunk = [v for v in ALL_VLANS if v not in set(vlans)]
        return True


class _Tunnel:
    def __init__(self) -> None:
        self.seen = False
        self.source: str | None = None
        self.destination: str | None = None
        self.vrf = ""
        self.mode = "gre"
        self.protection: str | None = None

    def apply(self, words: list[str]) -> bool:
        self.seen = True
        if len(words) == 3 and words[1] in ("source", "destination", "vrf"):
            setattr(self, words[1], words[2])
            return True
        if len(words) >= 3 and words[1] == "mode":
            self.mode = words[2]
            return True
        if len(words) >= 5 and words[1:4] == ["protection", "ipsec", "profile"]:
            self.protection = words[4]
            return len(words) == 5 or (len(words) == 6 and words[5] == "shared")
        return False

    def result(self) -> Tunnel | None:
        if not self.seen:
            return None
        return Tunnel(
            source=self.source,
            destination=self.destination,
            transport_vrf=self.vrf,
            mode=self.mode,
            protection=self.protection,
        )


def parse_interface(node: Node, ctx: Ctx) -> None:
    words = node.words
    if len(words) != 2:
        ctx.skip(node)
        return
    name = words[1]
    sub = _SUBIF.match(name)
    svi = _SVI.match(name)
    vlan: int | None = int(svi.group("vlan")) if svi else None
    addresses: list[str] = []
    vrf = ""
    description: str | None = None
    shutdown = False
    acl_in: str | None = None
    acl_out: str | None = None
    switchport = _Switchport()
    tunnel = _Tunnel()
    for child in node.children:
        w = child.words
        ok = True
        if is_comment(child):
            continue
        if w[0] == "description":
            description = child.text.split(None, 1)[1] if len(w) > 1 else ""
        elif w[:2] == ["ip", "address"] and len(w) in (4, 5) and (len(w) == 4 or w[4] == "secondary"):
            cidr = interface_cidr(w[2], w[3])
            ok = cidr is not None
            if cidr:
                addresses.append(cidr)
        elif w[:3] == ["no", "ip", "address"] and len(w) == 3:
            addresses = []
        elif (w[:2] == ["vrf", "forwarding"] or w[:3] == ["ip", "vrf", "forwarding"]) and len(w) in (3, 4):
            vrf = w[-1]
            ok = w[-2] == "forwarding"
        elif w[:2] == ["encapsulation", "dot1Q"] and len(w) in (3, 4) and w[2].isdecimal():
            vlan = int(w[2])
            ok = len(w) == 3 or w[3] == "native"
        elif w[:2] == ["ip", "access-group"] and len(w) == 4 and w[3] in ("in", "out"):
            if w[3] == "in":
                acl_in = w[2]
            else:
                acl_out = w[2]
        elif w == ["shutdown"]:
            shutdown = True
        elif w == ["no", "shutdown"]:
            shutdown = False
        elif w[0] == "switchport":
            ok = switchport.apply(w)
        elif w[0] == "tunnel":
            ok = tunnel.apply(w)
        elif w[:2] == ["crypto", "map"] and len(w) == 3:
            ctx.crypto_maps_on[w[2]] = name
        else:
            ok = False
        if not ok:
            ctx.skip(child)
        elif child.children:
            for grandchild in child.children:
                ctx.skip(grandchild)
    ctx.interfaces.append(
        Interface(
            name=name,
            addresses=tuple(addresses),
            vrf=vrf,
            description=description,
            vlan=vlan,
            parent=sub.group("parent") if sub else None,
            shutdown=shutdown,
            acl_in=acl_in,
            acl_out=acl_out,
            tunnel=tunnel.result(),
            switchport_vlans=switchport.vlans(),
            line=node.line,
        )
    )
