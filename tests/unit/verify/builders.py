"""Small builders of neutral ``DeviceConfig``s for engine tests (no parser involved)."""

from __future__ import annotations

from kyodo.platforms.neutral import (
    Acl,
    AclRule,
    DeviceConfig,
    Interface,
    PortRange,
    StaticRoute,
    Tunnel,
    VpnPeer,
    Vrf,
)


def rule(action: str, proto: str = "ip", src: str = "0.0.0.0/0", dst: str = "0.0.0.0/0",
         dport: int | None = None, line: int = 0, **kw: object) -> AclRule:
    ports = (PortRange(dport, dport),) if dport is not None else (PortRange(0, 65535),)
    return AclRule(action=action, protocol=proto, src=(src,), dst=(dst,), dst_ports=ports,  # type: ignore[arg-type]
                   line=line, text=f"{action} {proto} {src} {dst} {dport or ''}", **kw)  # type: ignore[arg-type]


def acl(name: str, *rules: AclRule, default: str = "deny", **kw: object) -> Acl:
    return Acl(name=name, rules=tuple(rules), default=default, **kw)  # type: ignore[arg-type]


def iface(name: str, address: str | None = None, vrf: str = "", **kw: object) -> Interface:
    return Interface(name=name, addresses=(address,) if address else (), vrf=vrf, **kw)  # type: ignore[arg-type]


def device(host: str, *, interfaces: tuple[Interface, ...] = (), routes: tuple[StaticRoute, ...] = (),
           acls: tuple[Acl, ...] = (), vrfs: tuple[Vrf, ...] = (), peers: tuple[VpnPeer, ...] = (),
           **kw: object) -> DeviceConfig:
    lines = tuple(f"line {n}" for n in range(1, 200))
    return DeviceConfig(hostname=host, platform="test", interfaces=interfaces, static_routes=routes, acls=acls,
                        vrfs=vrfs, vpn_peers=peers, lines=lines, **kw)  # type: ignore[arg-type]


def tunnel(src: str, dst: str) -> Tunnel:
    return Tunnel(source=src, destination=dst)
