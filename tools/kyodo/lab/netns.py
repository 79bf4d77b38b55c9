"""Network namespaces, veths and bridges of the lab: create from a plan, list, delete.

Only namespaces whose name starts with the lab prefix are ever created or deleted. Work is
batched (``ip -batch``) so a 10-municipality lab is wired in about a second.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from kyodo.errors import KyodoError
from kyodo.lab.netnames import is_lab_ns
from kyodo.lab.netplan import LabPlan

NETNS_DIR = Path("/run/netns")
CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)


class LabCommandError(KyodoError):
    """A command the lab ran failed."""


def run(cmd: Sequence[str], *, input_text: str | None = None, check: bool = True,
        timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure raise ``LabCommandError`` with its stderr."""
    proc = subprocess.run(list(cmd), input=input_text, capture_output=True, text=True, timeout=timeout, check=False)
    if check and proc.returncode != 0:
        raise LabCommandError(f"{' '.join(cmd[:6])}{' …' if len(cmd) > 6 else ''} failed "
                              f"(rc {proc.returncode}): {(proc.stderr or proc.stdout).strip()[:800]}")
    return proc


def lab_namespaces() -> list[str]:
    """Every existing namespace of the lab prefix."""
    if not NETNS_DIR.is_dir():
        return []
    return sorted(p.name for p in NETNS_DIR.iterdir() if is_lab_ns(p.name))


def ns_pids(ns: str) -> list[int]:
    proc = run(["ip", "netns", "pids", ns], check=False)
    return [int(x) for x in proc.stdout.split() if x.isdigit()]


def delete_namespaces(names: Iterable[str]) -> None:
    names = [n for n in names if is_lab_ns(n)]
    if names:
        run(["ip", "-force", "-batch", "-"], input_text="".join(f"netns delete {n}\n" for n in names), check=False)


@contextmanager
def in_netns(ns: str) -> Iterator[None]:
    """Switch the *calling thread* into namespace ``ns`` for the block (sockets keep their namespace)."""
    with open("/proc/thread-self/ns/net", "rb") as back, open(NETNS_DIR / ns, "rb") as target:
        _setns(target.fileno())
        try:
            yield
        finally:
            _setns(back.fileno())


def _setns(fd: int) -> None:
    if _libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"setns: {os.strerror(err)}")


def _sysctls(forwards: bool) -> dict[str, str]:
    return {
        "net/ipv4/ip_forward": "1" if forwards else "0",
        "net/ipv4/icmp_ratelimit": "0",          # blocked probes answer at once, not by timeout
        "net/ipv4/icmp_msgs_per_sec": "1000000",  # per namespace on current kernels
        "net/ipv4/icmp_msgs_burst": "1000000",
        "net/ipv4/ping_group_range": "0 2147483647",
        "net/ipv4/conf/all/rp_filter": "0",
        "net/ipv4/conf/default/rp_filter": "0",
        "net/ipv6/conf/all/disable_ipv6": "1",
        "net/ipv6/conf/default/disable_ipv6": "1",
    }


def _set_sysctls(ns: str, forwards: bool) -> None:
    with in_netns(ns):
        for key, value in _sysctls(forwards).items():
            path = Path("/proc/sys") / key
            if path.exists():
                path.write_text(value)


def build(plan: LabPlan) -> None:
    """Create every namespace, veth, bridge, address and host route of ``plan``."""
    for name, _ in plan.namespaces:
        if not is_lab_ns(name):
            raise LabCommandError(f"refusing to create namespace {name!r} outside the lab prefix")
    root = [f"netns add {n}" for n, _ in plan.namespaces]
    for v in plan.veths:
        root.append(f"link add {v.a.ifname} netns {v.a.ns} type veth peer name {v.b.ifname} netns {v.b.ns}")
    run(["ip", "-batch", "-"], input_text="\n".join(root) + "\n")
    per_ns: dict[str, list[str]] = {n: ["link set lo up"] for n, _ in plan.namespaces}
    for br in plan.bridges:
        per_ns[br.ns].append(f"link add {br.name} type bridge")
        per_ns[br.ns] += [f"addr add {a} dev {br.name}" for a in br.addrs]
        per_ns[br.ns].append(f"link set {br.name} up")
    for v in plan.veths:
        for end in (v.a, v.b):
            cmds = per_ns[end.ns]
            if end.bridge:
                cmds.append(f"link set {end.ifname} master {end.bridge}")
            cmds += [f"addr add {a} dev {end.ifname}" for a in end.addrs]
            cmds.append(f"link set {end.ifname} up")
    for h in plan.hosts:
        per_ns[h.ns] += [f"addr add {a} dev lo" for a in h.extra]
    for ns, addr in plan.loopbacks:
        per_ns[ns].append(f"addr add {addr} dev lo")
    for r in plan.routes:
        per_ns[r.ns].append(f"route replace {r.prefix} via {r.via}" + (f" src {r.src}" if r.src else ""))
    forwards = dict(plan.namespaces)

    def one(ns: str) -> None:
        _set_sysctls(ns, forwards[ns])
        run(["ip", "-n", ns, "-batch", "-"], input_text="\n".join(dict.fromkeys(per_ns[ns])) + "\n")

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(one, per_ns))
