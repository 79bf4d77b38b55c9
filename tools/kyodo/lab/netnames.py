"""Names of everything the network lab creates: namespaces, Linux ports, state paths.

The Linux port names are shared with the ``linux_frr`` platform (its templates print them):
server segment ``s<vlan>``, DB segment ``d<vlan>``, hub link ``h<code>``, leased-line
hand-off ``l<vlan>`` on the DC and ``wan0`` on the CPE, outside ``wan0``, office LANs
``lan1``/``lan2``, ``shared0``, ``mgmt0``, ``inet0``, ``lgwan0``. Every namespace the lab
creates starts with ``PREFIX``; the lab never touches any other namespace.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from kyodo.platforms.intent import PortIntent

PREFIX = "ky-"
IFNAME_MAX = 15
DEFAULT_STATE = Path("/var/tmp/kyodo-lab")
_NS_SAFE = re.compile(r"[^A-Za-z0-9_.-]")

# ports that exist as a kernel interface on a linux_frr device (ipsec is charon's TUN)
_FIXED = {
    "wan": "wan0",
    "office_clients": "lan1",
    "office_printers": "lan2",
    "shared": "shared0",
    "mgmt": "mgmt0",
    "internet": "inet0",
    "lgwan": "lgwan0",
}


def lab_dir() -> Path:
    """The lab's state directory (outside the repository): ``$KYODO_LAB_DIR`` or /var/tmp/kyodo-lab."""
    return Path(os.environ.get("KYODO_LAB_DIR", str(DEFAULT_STATE)))


def net_dir(base: Path | None = None) -> Path:
    """Where the network half of the lab keeps its state (the vSphere half has its own)."""
    return (base or lab_dir()) / "net"


def port_ifname(port: PortIntent) -> str | None:
    """The Linux interface name of a device port; ``None`` for ports with no kernel interface."""
    if port.kind == "server":
        return f"s{port.vlan}"
    if port.kind == "db":
        return f"d{port.vlan}"
    if port.kind == "hub_link":
        return f"h{port.key}"
    if port.kind == "lgwan_link":
        return f"g{port.key}"
    if port.kind == "handoff":
        # DC side carries the 802.1Q tag in its name; the CPE's leased-line port is its outside
        return f"l{port.vlan}" if port.vlan is not None else "wan0"
    if port.kind == "ipsec":
        return None
    return _FIXED[port.kind]


def ns_name(*parts: str) -> str:
    """A namespace name under the lab prefix, from safe parts."""
    return PREFIX + "-".join(_NS_SAFE.sub("_", p) for p in parts)


def router_ns(hostname: str) -> str:
    return ns_name(hostname)


def vrf_ns(hostname: str, vrf: str) -> str:
    return ns_name(hostname, vrf)


def is_lab_ns(name: str) -> bool:
    return name.startswith(PREFIX)


def check_ifname(name: str) -> str:
    if not 0 < len(name) <= IFNAME_MAX or "/" in name or " " in name:
        raise ValueError(f"invalid Linux interface name {name!r}")
    return name
