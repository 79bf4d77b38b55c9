"""Ansible lookup: resolve a kyodo secret reference (``vault:NAME`` / ``env:NAME``) at task time.

Secrets never travel through inventory, extra vars or the process environment (ansible-runner
writes the latter two into its artifacts); tasks that need one (the vCenter password in
``module_defaults``) look it up here, with ``no_log`` where it is printed. The vault file is
``KYODO_VAULT`` (a path, not a secret).
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: kyodo_secret
short_description: Resolve kyodo secret references (vault:NAME, env:NAME)
description:
  - Returns the secret a reference names, from kyodo's vault file (C(KYODO_VAULT)) or the environment.
options:
  _terms:
    description: References such as C(vault:vcenter).
    required: true
"""

from typing import Any

from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase


class LookupModule(LookupBase):
    def run(self, terms: list[Any], variables: Any = None, **kwargs: Any) -> list[str]:
        try:
            from kyodo.errors import KyodoError
            from kyodo.secrets import Vault
        except ImportError as exc:
            raise AnsibleError(f"kyodo is not importable by the controller's Python: {exc}") from None
        vault = Vault()
        out = []
        for term in terms:
            try:
                out.append(vault(str(term)))
            except KyodoError as exc:
                raise AnsibleError(str(exc)) from None
        return out
