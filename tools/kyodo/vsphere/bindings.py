"""pyVmomi and pyVim, typed as ``Any`` in one place.

pyVmomi's bindings are generated at run time from the vSphere type info; its stubs leave
the data-object constructors and pyVim's helpers untyped, so strict mypy would flag every
call. Everything in ``kyodo.vsphere`` that talks to vCenter imports them from here.
"""

from __future__ import annotations

from typing import Any

import pyVmomi
from pyVim import connect as _connect
from pyVim import task as _task

vim: Any = pyVmomi.vim
vmodl: Any = pyVmomi.vmodl
SmartConnect: Any = _connect.SmartConnect
Disconnect: Any = _connect.Disconnect
WaitForTask: Any = _task.WaitForTask
