"""Secrets by reference: ``vault:NAME`` from the vault file, ``env:NAME`` from the environment.

The vault is a YAML mapping NAME → secret, either plain (mode 0600, outside git; what the
lab generates) or encrypted with ansible-vault (password from ``KYODO_VAULT_PASSWORD_FILE``).
Secrets never appear in reprs, logs, the SoT or the inventory; ``known()`` lets artifact
scrubbers check that none leaked.
"""

from __future__ import annotations

import os
import secrets as _random
import stat
from pathlib import Path

import yaml

from kyodo.errors import InputError, KyodoError
from kyodo.paths import state_dir


class SecretMissing(KyodoError):
    exit_code = 2


def default_vault() -> Path:
    return Path(os.environ.get("KYODO_VAULT", str(state_dir() / "vault.yml")))


class Vault:
    """Resolves references; call it like a function (it is a ``SecretResolver``)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_vault()
        self._data: dict[str, str] | None = None

    def __repr__(self) -> str:
        return f"Vault(path={str(self.path)!r}, entries=<redacted>)"

    def _load(self) -> dict[str, str]:
        if self._data is None:
            if not self.path.exists():
                self._data = {}
            else:
                raw = self.path.read_text(encoding="utf-8")
                if raw.startswith("$ANSIBLE_VAULT"):
                    raw = _ansible_decrypt(raw)
                data = yaml.safe_load(raw) or {}
                if not isinstance(data, dict):
                    raise InputError(f"{self.path}: a vault must be a mapping NAME: secret")
                self._data = {str(k): str(v) for k, v in data.items()}
        return self._data

    def __call__(self, ref: str) -> str:
        scheme, _, name = ref.partition(":")
        if scheme == "env":
            value = os.environ.get(name)
            if value is None:
                raise SecretMissing(f"secret {ref}: environment variable {name} is not set")
            return value
        if scheme == "vault":
            data = self._load()
            if name not in data:
                raise SecretMissing(
                    f"secret {ref}: no entry '{name}' in vault {self.path}"
                    " (lab/dev: 'kyodo vault init' generates missing entries)"
                )
            return data[name]
        raise SecretMissing(f"'{ref}' is not a secret reference (vault:NAME or env:NAME)")

    def known(self) -> list[str]:
        """Every secret value the vault holds (for leak scans), longest first."""
        return sorted(self._load().values(), key=len, reverse=True)

    def add_missing(self, refs: list[str]) -> list[str]:
        """Generate random secrets for vault references not yet present (plain vaults only)."""
        new = {}
        for ref in sorted(set(refs)):
            scheme, _, name = ref.partition(":")
            if scheme == "vault" and name not in self._load():
                new[name] = _random.token_urlsafe(24)
        self.put(new)
        return sorted(new)

    def put(self, entries: dict[str, str]) -> None:
        """Set entries (plain vaults only; lab and dev use)."""
        data = dict(self._load())
        if self.path.exists() and self.path.read_text(encoding="utf-8").startswith("$ANSIBLE_VAULT"):
            raise InputError(f"{self.path} is ansible-vault encrypted; add entries with ansible-vault edit")
        changed = {k: v for k, v in entries.items() if data.get(k) != v}
        data.update(changed)
        if changed:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write("# kyodo vault (plain; keep outside git, mode 0600)\n")
                yaml.safe_dump(data, fh, sort_keys=True)
            os.replace(tmp, self.path)
            self._data = data


def _ansible_decrypt(raw: str) -> str:
    from ansible.parsing.vault import VaultLib, VaultSecret

    pw_file = os.environ.get("KYODO_VAULT_PASSWORD_FILE")
    if not pw_file:
        raise SecretMissing("the vault is ansible-vault encrypted: set KYODO_VAULT_PASSWORD_FILE")
    password = Path(pw_file).read_bytes().strip()
    plain = VaultLib([("default", VaultSecret(password))]).decrypt(raw.encode())
    return bytes(plain).decode("utf-8")
