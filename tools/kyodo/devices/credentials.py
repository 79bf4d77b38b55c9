"""Device credentials from secret references, with reprs that never show a secret.

A device's SoT ``credential`` is a reference (``vault:NAME`` or ``env:NAME``) resolved by a
``kyodo.platforms.base.SecretResolver`` (``kyodo.secrets.Vault`` in practice). The
reference's own value is the login password; optional companions give the user name and
the enable/administrator secret:

- ``vault:NAME`` → password ``NAME``, user ``NAME_username`` (default ``kyodo``), enable
  secret ``NAME_enable`` (default: the password);
- ``env:NAME`` → password ``$NAME``, user ``$NAME_USERNAME``, enable secret ``$NAME_ENABLE``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kyodo.platforms.base import SecretResolver
from kyodo.secrets import SecretMissing

DEFAULT_USERNAME = "kyodo"


@dataclass(frozen=True, slots=True)
class Credentials:
    username: str
    password: str = field(repr=False)
    enable_secret: str = field(repr=False, default="")
    ref: str = ""
    shell: str = ""          # user of the shell login (agent platforms); default: username

    @property
    def shell_username(self) -> str:
        return self.shell or self.username

    def __repr__(self) -> str:
        return f"Credentials(username={self.username!r}, password=<redacted>, ref={self.ref!r})"

    __str__ = __repr__

    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.password, self.enable_secret) if s)


def _optional(resolver: SecretResolver, ref: str) -> str | None:
    try:
        return resolver(ref)
    except SecretMissing:
        return None


def credentials_for(ref: str, resolver: SecretResolver) -> Credentials:
    """Resolve a device credential reference into ``Credentials`` (raises ``SecretMissing``)."""
    scheme, _, name = ref.partition(":")
    password = resolver(ref)
    if scheme == "env":
        user_ref, enable_ref = f"env:{name}_USERNAME", f"env:{name}_ENABLE"
    else:
        user_ref, enable_ref = f"{scheme}:{name}_username", f"{scheme}:{name}_enable"
    username = _optional(resolver, user_ref) or DEFAULT_USERNAME
    enable = _optional(resolver, enable_ref) or password
    shell = _optional(resolver, f"{user_ref.rpartition('_')[0]}_shell_username") or ""
    return Credentials(username=username, password=password, enable_secret=enable, ref=ref, shell=shell)


class TrackingResolver:
    """Wraps a resolver and remembers every secret it handed out (for artifact scrubbing)."""

    def __init__(self, inner: SecretResolver) -> None:
        self._inner = inner
        self._seen: set[str] = set()

    def __repr__(self) -> str:
        return f"TrackingResolver(inner={self._inner!r}, seen=<{len(self._seen)} redacted>)"

    @property
    def path(self) -> object:
        """The inner vault's file, when it has one (a location, never a secret)."""
        return getattr(self._inner, "path", None)

    def __call__(self, ref: str) -> str:
        value = self._inner(ref)
        self._seen.add(value)
        return value

    def known(self) -> list[str]:
        """Every secret seen, plus all the inner resolver knows (``Vault.known``), longest first."""
        values = set(self._seen)
        known = getattr(self._inner, "known", None)
        if callable(known):
            values.update(known())
        return sorted((v for v in values if v), key=len, reverse=True)
