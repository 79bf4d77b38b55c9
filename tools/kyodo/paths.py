"""Default locations, overridable by option or environment."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The directory holding ``inventory/sot`` (the working directory by default)."""
    return Path(os.environ.get("KYODO_PROJECT", ".")).resolve()


def default_sot() -> Path:
    return Path(os.environ.get("KYODO_SOT", str(project_root() / "inventory" / "sot")))


def state_dir() -> Path:
    return Path(os.environ.get("KYODO_STATE", str(project_root() / ".kyodo")))


def default_ledger() -> Path:
    return Path(os.environ.get("KYODO_LEDGER", str(state_dir() / "ledger.sqlite")))


def default_inventory_out() -> Path:
    return project_root() / "inventory" / "generated"
