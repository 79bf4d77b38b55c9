"""Render a ``DeviceIntent`` as NEC UNIVERGE IX configuration text, and state what it must parse to.

Built from the IX configuration guides (no IX runs here): ``hostname``, ``ip route``,
``ip access-list``, ``ikev2 default-profile`` / ``ikev2 authentication psk``, ``interface
GigaEthernetN.0`` / ``Tunnel0.0`` (``tunnel mode ipsec-ikev2``) with ``ip filter LIST 1 in``.
The template only loops and prints the ``plan``; every printed value passed ``values``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from kyodo.platforms.base import SecretResolver
from kyodo.platforms.intent import DeviceIntent
from kyodo.platforms.nec_ix import syntax
from kyodo.platforms.nec_ix.plan import plan, with_secrets
from kyodo.platforms.neutral import (
    Acl,
    AclRule,
    CryptoProposal,
    DeviceConfig,
    Interface,
    StaticRoute,
    Tunnel,
    VpnPeer,
)

PLATFORM_NAME = "nec_ix"
IKE_PROPOSAL = "ikev2-default"
ESP_PROPOSAL = "ikev2-default-child"


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        autoescape=False,
    )


def render(intent: DeviceIntent, secrets: SecretResolver) -> str:
    return _env().get_template("config.j2").render(p=with_secrets(plan(intent), secrets))


def expected(intent: DeviceIntent) -> DeviceConfig:
    """The neutral facts ``parse(render(intent))`` gives. VPN peers name ``psk_ref`` (the secret is
    not known here): compare against parsed peers by ``sha256(resolve(psk_ref))``."""
    p = plan(intent)
    rules: dict[str, list[AclRule]] = {}
    for e in p.entries:
        rules.setdefault(e.acl, []).append(e.rule)
    interfaces: list[Interface] = []
    bound: list[str] = []
    for port in p.ports:
        interfaces.append(Interface(name=port.name, addresses=(port.address,) if port.address else (),
                                    description=port.description or None,
                                    vlan=port.vid, parent=port.parent, acl_in=port.acl_in, acl_out=port.acl_out))
        bound += [a for a in (port.acl_in, port.acl_out) if a]
    proposals: list[CryptoProposal] = []
    peers: list[VpnPeer] = []
    for t in p.tunnels:
        assert t.vpn is not None
        interfaces.append(Interface(name=t.name, addresses=(t.address,), description=t.description or None,
                                    acl_in=t.acl_in, acl_out=t.acl_out,
                                    tunnel=Tunnel(source=t.local, destination=t.peer, mode="ipsec",
                                                  protection=IKE_PROPOSAL)))
        bound += [a for a in (t.acl_in, t.acl_out) if a]
        ike, esp = t.vpn.ike, t.vpn.esp
        if not proposals:
            proposals = [
                CryptoProposal(name=IKE_PROPOSAL, kind="ike", encryption=(ike.encryption,),
                               integrity=(ike.integrity,), dh_groups=(ike.dh_group,)),
                CryptoProposal(name=ESP_PROPOSAL, kind="esp", encryption=(esp.encryption,),
                               integrity=() if "gcm" in esp.encryption else (esp.integrity,),
                               dh_groups=(esp.dh_group,)),
            ]
        peers.append(VpnPeer(name=t.name, local_address=t.local, remote_address=t.peer, ike_version=2,
                             psk_sha256=None, psk_ref=t.vpn.psk_ref, ike_proposals=(IKE_PROPOSAL,),
                             esp_proposals=(ESP_PROPOSAL,), interface=t.name))
    acls = tuple(Acl(name=name, rules=tuple(rules.get(name, ()))) for name in dict.fromkeys(bound))
    routes = tuple(StaticRoute(prefix=syntax.net("0.0.0.0/0" if r.prefix == "default" else r.prefix),
                               next_hop=None if r.interface else r.target, interface=r.interface)
                   for r in p.routes)
    return DeviceConfig(hostname=p.hostname, platform=PLATFORM_NAME, interfaces=tuple(interfaces),
                        static_routes=routes, acls=acls, proposals=tuple(proposals), vpn_peers=tuple(peers))
