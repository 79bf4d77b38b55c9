"""`kyodo …`, `provision-municipality` and `deprovision-municipality`.

Each subsystem keeps its commands in its own ``cli`` module with a ``register(app)``
function; this file only wires them together and maps errors to exit codes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module
from typing import Any

import typer
from rich.console import Console

from kyodo.errors import KyodoError, ValidationFailed

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="kyodo: the prefecture's shared NHI cloud, provisioned and proven separated.",
)
err = Console(stderr=True, soft_wrap=True)

# subsystem command modules, in help order
COMMAND_MODULES = (
    "kyodo.sot.cli",
    "kyodo.ipam.cli",
    "kyodo.inventory.cli",
    "kyodo.render.cli",
    "kyodo.devices.cli",
    "kyodo.change.cli",
    "kyodo.provisioning",
    "kyodo.report.cli",
    "kyodo.verify.cli",
    "kyodo.vsphere.cli",
    "kyodo.lab.cli",
)


_registered = False


def _register_once() -> None:
    global _registered
    if not _registered:
        for name in COMMAND_MODULES:
            import_module(name).register(app)
        _registered = True


def run(fn: Callable[[], Any]) -> int:
    """Run a CLI entry, mapping kyodo errors to their exit codes with a clear message."""
    try:
        fn()
    except ValidationFailed as exc:
        for p in exc.problems:
            err.print(str(p), markup=False, highlight=False)
        err.print(f"{len(exc.problems)} problem(s); nothing was written.", style="bold red")
        return exc.exit_code
    except KyodoError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False, style="red")
        return exc.exit_code
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    return 0


def main() -> None:
    _register_once()
    sys.exit(run(app))


def provision_main() -> None:
    from kyodo.provisioning import provision_main as main_

    main_()


def deprovision_main() -> None:
    from kyodo.provisioning import deprovision_main as main_

    main_()
