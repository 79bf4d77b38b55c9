"""Render a ``DeviceIntent`` as Yamaha RTX configuration text, and state what it must parse to.

Built from the Yamaha RTX command reference (no RTX runs here): ``ip lanN address``,
``tunnel select`` / ``ipsec tunnel`` / ``ipsec sa policy`` / ``ipsec ike …`` (IKEv2, PSK),
``ip filter`` + ``ip lanN secure filter in``, ``ip route … gateway``. The template only loops
and prints the ``plan``; every printed value passed ``values.text``/``values.token``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from kyodo.platforms.base import SecretResolver
from kyodo.platforms.intent import DeviceIntent
from kyodo.platforms.neutral import (
    Acl,
    CryptoProposal,
    DeviceConfig,
    Interface,
    StaticRoute,
    Tunnel,
    VpnPeer,
)
from kyodo.platforms.yamaha_rtx import syntax
from kyodo.platforms.yamaha_rtx.plan import Plan, plan, with_secrets

PLATFORM_NAME = "yamaha_rtx"


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        autoescape=False,
    )


def render(intent: DeviceIntent, secrets: SecretResolver) -> str:
    p = with_secrets(plan(intent), secrets)
    return _env().get_template("config.j2").render(p=p)


def _acls(p: Plan) -> tuple[tuple[Acl, ...], dict[str, tuple[str | None, str | None]]]:
    rules = {f.number: f.rule for f in p.filters}
    acls: list[Acl] = []
    bound: dict[str, tuple[str | None, str | None]] = {}
    items = [(lan.name, lan.filters_in, lan.filters_out) for lan in p.lans]
    items += [(t.name, t.filters_in, t.filters_out) for t in p.tunnels]
    for name, f_in, f_out in items:
        names: list[str | None] = []
        for direction, nums in (("in", f_in), ("out", f_out)):
            if not nums:
                names.append(None)
                continue
            acl_name = f"{name}:{direction}"
            acls.append(Acl(name=acl_name, rules=tuple(rules[n] for n in nums), default="deny"))
            names.append(acl_name)
        bound[name] = (names[0], names[1])
    return tuple(acls), bound


def expected(intent: DeviceIntent) -> DeviceConfig:
    """The neutral facts ``parse(render(intent))`` gives. VPN peers name ``psk_ref`` (the secret is
    not known here): compare against parsed peers by ``sha256(resolve(psk_ref))``."""
    p = plan(intent)
    acls, bound = _acls(p)
    interfaces: list[Interface] = []
    for lan in p.lans:
        a_in, a_out = bound[lan.name]
        interfaces.append(Interface(name=lan.name, addresses=(lan.address,), description=lan.description or None,
                                    vlan=lan.vid, parent=lan.parent, acl_in=a_in, acl_out=a_out))
    proposals: list[CryptoProposal] = []
    peers: list[VpnPeer] = []
    for t in p.tunnels:
        assert t.vpn is not None
        a_in, a_out = bound[t.name]
        interfaces.append(Interface(
            name=t.name, addresses=(t.address,), description=None, acl_in=a_in, acl_out=a_out,
            tunnel=Tunnel(source=t.local, destination=t.remote, mode="ipsec", protection=str(t.policy)),
        ))
        ike, esp = t.vpn.ike, t.vpn.esp
        proposals.append(CryptoProposal(name=f"ike{t.gateway}", kind="ike", encryption=(ike.encryption,),
                                        integrity=(ike.integrity,), dh_groups=(ike.dh_group,)))
        proposals.append(CryptoProposal(
            name=f"sa{t.policy}", kind="esp", encryption=(esp.encryption,),
            integrity=() if "gcm" in esp.encryption else (esp.integrity,), dh_groups=(ike.dh_group,),
        ))
        peers.append(VpnPeer(name=t.name, local_address=t.local, remote_address=t.remote, ike_version=2,
                             psk_sha256=None, psk_ref=t.vpn.psk_ref, ike_proposals=(f"ike{t.gateway}",),
                             esp_proposals=(f"sa{t.policy}",), interface=t.name))
    routes = tuple(StaticRoute(prefix=syntax.net(r.intent.prefix),
                               next_hop=None if r.interface else syntax.host_addr(r.gateway),
                               interface=r.interface) for r in p.routes)
    return DeviceConfig(hostname=p.hostname, platform=PLATFORM_NAME, interfaces=tuple(interfaces),
                        static_routes=routes, acls=acls, proposals=tuple(proposals), vpn_peers=tuple(peers))
