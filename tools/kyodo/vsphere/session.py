"""A pyvmomi session to vCenter, verified against a given CA (never unverified)."""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kyodo.errors import KyodoError
from kyodo.vsphere.bindings import Disconnect, SmartConnect


class VCenterError(KyodoError):
    """vCenter could not be reached, refused the login, or answered something unexpected."""

    exit_code = 6


def connect(url: str, user: str, password: str, ca: Path | str | None) -> Any:
    """Log in to ``url`` (``https://host[:port][/sdk]``); ``ca`` is the CA bundle to trust
    (None: the system store). Returns the ``vim.ServiceInstance``."""
    parts = urlsplit(url if "://" in url else f"https://{url}")
    if parts.scheme != "https" or not parts.hostname:
        raise VCenterError(f"vCenter URL must be https://host[:port]: {url!r}")
    ctx = ssl.create_default_context(cafile=str(ca) if ca else None)
    try:
        return SmartConnect(host=parts.hostname, port=parts.port or 443, user=user, pwd=password, sslContext=ctx)
    except (OSError, ssl.SSLError) as exc:
        raise VCenterError(f"cannot reach vCenter at {parts.hostname}:{parts.port or 443}: {exc}") from None
    except Exception as exc:  # pyvmomi raises vim.fault.InvalidLogin and friends
        raise VCenterError(f"vCenter login to {parts.hostname} as {user} failed: "
                           f"{getattr(exc, 'msg', None) or type(exc).__name__}") from None


def disconnect(si: Any) -> None:
    Disconnect(si)
