"""``DeviceIntent`` → the sectioned ``linux_frr`` artefact (FRR, nftables per namespace, swanctl).

Every value is computed and checked here (``plan``, ``filters``, ``crypto``, ``names``);
the templates under ``templates/`` only loop and print.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from typing import Any

import jinja2

from kyodo.platforms.base import SecretResolver
from kyodo.platforms.intent import DeviceIntent, VpnIntent
from kyodo.platforms.linux_frr import crypto, filters, names, nftrule, plan, sections


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kyodo.platforms.linux_frr", "templates"),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, autoescape=False,
    )


def render(intent: DeviceIntent, secrets: SecretResolver) -> str:
    parts: list[tuple[sections.SectionKind, str, str]] = [("frr", "", _frr(intent))]
    for rs in filters.rulesets(intent):
        parts.append(("nftables", rs.vrf, _nft(rs)))
    by_vrf: dict[str, list[VpnIntent]] = {}
    for v in intent.vpns:
        by_vrf.setdefault(names.vrf_name(v.vrf), []).append(v)
    for vrf, vpns in by_vrf.items():
        parts.append(("swanctl", vrf, _swanctl(intent, vpns, secrets)))
    return sections.join(parts)


def frr_context(intent: DeviceIntent) -> dict[str, Any]:
    routes = plan.routes(intent)
    by_vrf: dict[str, list[str]] = {}
    for r in routes:
        by_vrf.setdefault(r.vrf, []).append(plan.route_line(r))
    known = {v.name for v in intent.vrfs}
    order = [v.name for v in intent.vrfs] + sorted(v for v in by_vrf if v and v not in known)
    vrfs = [{"name": names.vrf_name(v), "routes": by_vrf.get(v, [])} for v in order]
    interfaces = []
    for i in plan.interfaces(intent):
        lines = ([f"description {i.description}"] if i.description else []) + [f"ip address {i.address}"]
        interfaces.append({"header": f"interface {i.name}" + (f" vrf {i.vrf}" if i.vrf else ""), "lines": lines})
    bgp = []
    if intent.bgp is not None:
        base = [f"bgp router-id {names.address(intent.bgp.router_id)}", "no bgp ebgp-requires-policy"]
        bgp.append({"header": f"router bgp {int(intent.bgp.asn)}", "lines": base, "af_lines": []})
        for v in intent.bgp.vrfs:
            bgp.append({"header": f"router bgp {int(intent.bgp.asn)} vrf {names.vrf_name(v)}", "lines": base,
                        "af_lines": ["redistribute connected", "redistribute static"]})
    return {
        "banner": names.comment(intent.banner), "hostname": names.ident(intent.hostname),
        "global_routes": by_vrf.get("", []),
        "vrfs": vrfs, "interfaces": interfaces, "bgp": bgp,
    }


def _frr(intent: DeviceIntent) -> str:
    return _env().get_template("frr.j2").render(**frr_context(intent))


def _priority(offset: int) -> str:
    return "filter" if offset == 0 else f"filter + {offset}"


def _nft(rs: filters.Ruleset) -> str:
    chains = [{"name": c.name, "hook": c.hook, "priority": _priority(c.priority),
               "policy": "accept" if c.policy == "permit" else "drop",
               "rules": [nftrule.format_rule(r, c.log_prefix) for r in c.rules]} for c in rs.chains]
    return _env().get_template("nftables.j2").render(
        family=filters.TABLE_FAMILY, table=filters.TABLE_NAME, chains=chains)


_PLAIN_SECRET = re.compile(r"^[!#-\[\]-~][ !#-\[\]-~]*(?<! )$")   # printable ASCII without " and \


def swanctl_secret(secret: str) -> str:
    """A quoted string when the key is plain printable ASCII (no quote, no backslash),
    else ``0s`` + base64: no key text can break swanctl.conf's quoting."""
    if _PLAIN_SECRET.match(secret):
        return f'"{secret}"'
    return "0s" + base64.b64encode(secret.encode()).decode()


def _swanctl(intent: DeviceIntent, vpns: list[VpnIntent], secrets: SecretResolver) -> str:
    initiator = names.is_cpe(intent)
    conns = []
    for v in vpns:
        secret = secrets(v.psk_ref)
        if not secret:
            raise names.RenderError(f"{intent.hostname}: empty pre-shared key for {v.name}")
        conns.append({
            "name": names.ifname(v.name),
            "local": names.address(v.local_wan), "remote": names.address(v.remote_wan),
            "ike": crypto.ike_string(v.ike), "esp": crypto.esp_string(v.esp),
            "local_ts": ", ".join(names.network(n) for n in v.local_ts),
            "remote_ts": ", ".join(names.network(n) for n in v.remote_ts),
            "dpd_action": "restart" if initiator else "clear",
            "start_action": "start" if initiator else "",
            "secret": swanctl_secret(secret),
        })
        if not v.local_ts or not v.remote_ts:
            raise names.RenderError(f"{intent.hostname}: VPN {v.name} needs local and remote traffic selectors")
    return _env().get_template("swanctl.j2").render(connections=conns)
