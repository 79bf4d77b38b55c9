"""Render a ``DeviceIntent`` to IOS-XE configuration text.

Values come validated from the intent builder; this module still refuses, as a last line of
defence, any printed value that contains a newline or another control character and any
name that is not a single token, so a description can never change config structure.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from kyodo.errors import KyodoError
from kyodo.platforms.base import SecretResolver
from kyodo.platforms.intent import DeviceIntent

from .acl import AclRenderError
from .crypto import CryptoRenderError
from .names import NamingError
from .plan import DevicePlan, PlanError, VpnPlan, build_plan

TEMPLATES = Path(__file__).parent / "templates"


class RenderError(KyodoError, ValueError):
    """The intent cannot be rendered for IOS-XE (unsupported value or unsafe text)."""

    exit_code = 2


class UnsafeValue(RenderError):
    """A value to be printed contains a newline/control character or breaks a one-token name."""


@dataclass(frozen=True, slots=True)
class _VpnWithKey:
    """A VPN of the plan plus its resolved PSK; exists only while the template runs."""

    name: str
    peer_address: str
    psk: str
    transform_set: str
    pfs: str

    def __repr__(self) -> str:
        return f"_VpnWithKey(name={self.name!r}, psk=<redacted>)"


def _bad_char(value: str) -> str | None:
    if value.isprintable():  # fast path: no Cc/Cf/Zl/Zp/Cs character at all
        return None
    for ch in value:
        if ch in "\r\n" or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            return f"U+{ord(ch):04X}"
    return None


# plan fields printed as one token: a blank in them would shift the rest of the command
_TOKEN_FIELDS = frozenset(
    {
        "name",
        "hostname",
        "vrf",
        "rd",
        "exports",
        "imports",
        "acl_in",
        "acl_out",
        "interface",
        "next_hop",
        "peer_address",
        "local_address",
        "psk_ref",
        "ike_proposal",
        "transform_set",
        "pfs",
        "tunnel_source",
        "tunnel_destination",
        "tunnel_protection",
        "trunk_vlans",
        "router_id",
        "vrfs",
        "ike_policy",
        "parent",
        "network",
        "mask",
        "prefix",
        "encryption",
        "integrity",
        "prf",
        "group",
    }
)


# plan fields that are neutral data for ``expected`` and never printed
_NOT_PRINTED = frozenset({"rules", "proposal", "trunk_vlan_ids", "cidr", "prefix", "local_ts", "remote_ts"})


def check_safe(value: Any, path: str = "plan", token: bool = False) -> None:
    """Raise ``UnsafeValue`` if any string inside ``value`` could break the config structure."""
    if isinstance(value, str):
        bad = _bad_char(value)
        if bad:
            raise UnsafeValue(f"{path}: contains control character {bad}; refusing to render")
        if token and any(ch.isspace() for ch in value):
            raise UnsafeValue(f"{path}: {value!r} must be one token (no blanks); refusing to render")
        if value != value.strip():
            raise UnsafeValue(f"{path}: leading or trailing blanks; refusing to render")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name in _NOT_PRINTED:
                continue
            check_safe(getattr(value, f.name), f"{path}.{f.name}", f.name in _TOKEN_FIELDS)
    elif isinstance(value, tuple | list):
        for n, item in enumerate(value):
            check_safe(item, f"{path}[{n}]", token)


def check_psk(name: str, psk: str) -> None:
    bad = _bad_char(psk)
    if bad or not psk or any(ch.isspace() for ch in psk) or not psk.isascii():
        # never print the key itself
        raise UnsafeValue(f"pre-shared key of {name}: must be non-empty printable ASCII without blanks")


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def plan_for(intent: DeviceIntent) -> DevicePlan:
    try:
        plan = build_plan(intent)
    except (PlanError, NamingError, AclRenderError, CryptoRenderError) as exc:
        raise RenderError(f"{intent.hostname}: {exc}") from exc
    except ValueError as exc:  # malformed addresses reaching the plan
        raise RenderError(f"{intent.hostname}: invalid value: {exc}") from exc
    except KeyError as exc:  # a route or VPN naming a port the intent does not have
        raise RenderError(f"{intent.hostname}: no port {exc} in the intent") from exc
    check_safe(plan)
    if "^" in plan.banner:
        raise UnsafeValue("banner: '^' would end the IOS banner early; refusing to render")
    return plan


def _with_key(v: VpnPlan, secrets: SecretResolver) -> _VpnWithKey:
    psk = secrets(v.psk_ref)
    check_psk(v.name, psk)
    return _VpnWithKey(name=v.name, peer_address=v.peer_address, psk=psk, transform_set=v.transform_set, pfs=v.pfs)


def render(intent: DeviceIntent, secrets: SecretResolver) -> str:
    plan = plan_for(intent)
    vpns = [_with_key(v, secrets) for v in plan.vpns]
    return _environment().get_template("device.cfg.j2").render(plan=plan, vpns=vpns)
