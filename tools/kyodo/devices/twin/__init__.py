"""CLI twins: small SSH servers that simulate the CLIs of vendors that cannot run here.

Cisco IOS-XE, Yamaha RTX and NEC IX have no free image for this machine, so tests and the
lab talk to twins instead: a paramiko SSH server (``server.TwinServer``) carrying one
``engine.TwinDevice`` whose behaviour (prompts, paging commands, config modes, accepted
command shapes, error texts, save, IOS-XE's confirmed change) is data in
``<vendor>.yaml``. Each rules file names the public documentation it follows. These are
simulations: they prove kyodo drives the documented behaviour, not that a real device
accepts every line.
"""

from kyodo.devices.twin.engine import Faults, TwinDevice
from kyodo.devices.twin.server import TwinServer

__all__ = ["Faults", "TwinDevice", "TwinServer"]
