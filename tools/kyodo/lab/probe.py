"""`kyodo probe`: real packets between the lab's namespaces, checked against the intents.

From every municipality's office client and printer LANs, its VMs and the management
station, TCP connects (and ICMP echo to other municipalities, the internet edge and LGWAN)
to every other municipality's VMs and office LANs, to its own VMs and printers on the
ports of their zone, to shared services on their ports, to the internet edge and to LGWAN.
A flow is *allowed* when the TCP handshake completes (UDP: the echo comes back; ICMP: the
echo reply); every stand-in listens on every probed port, so a blocked flow is one the
network stopped. ``expected`` comes from the intent catalogue (``render.acl.intent_flows``)
and the SoT's LGWAN exceptions, never from the devices' configuration.

Sockets are created inside the source namespace (``setns`` on the calling thread; a socket
keeps its namespace) and driven concurrently by one asyncio loop.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import resource
import socket
import struct
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kyodo.lab.netns import NETNS_DIR, _setns
from kyodo.lab.netplan import Host, LabPlan
from kyodo.model import Resolved
from kyodo.render.acl import intent_flows, parse_port

SCHEMA = "kyodo.probe/1"
VM_ZONES = ("web_ap", "batch", "print", "db")
OFFICE_ZONES = ("office_clients", "office_printers")
SOURCE_ZONES = (*VM_ZONES, *OFFICE_ZONES, "management")
IP_RECVERR = 11                   # linux/in.h (not exported by the socket module)
DEFAULT_PORT = ("tcp", 22)        # a zone no intent opens is probed on ssh


@dataclass(frozen=True, slots=True)
class Probe:
    src: Host
    dst: Host
    dst_address: str
    proto: str          # tcp | udp | icmp
    port: int           # 0 for icmp
    expected: bool
    kind: str           # isolation | required | own | shared | three_layer


@dataclass(frozen=True, slots=True)
class Result:
    probe: Probe
    actual: bool
    time: str
    detail: str


# --- what to probe and what to expect ---------------------------------------------------


class Expectations:
    """Allowed (src address, dst address, proto, port) per the intent catalogue and LGWAN exceptions."""

    def __init__(self, model: Resolved) -> None:
        self._allowed: list[tuple[int, int, int, int, str, int, int]] = []
        for m in model.municipalities:
            for intent in model.intents:
                for _, _, flow in intent_flows(model, m, intent):
                    for r in flow.ports:
                        self._add(flow.src, flow.dst, flow.protocol, r.lo, r.hi)
            for ex in m.lgwan_exceptions:
                for vm in (*m.vms_of("web_ap"), *m.vms_of("batch")):
                    for spec in ex.ports:
                        proto, ranges = parse_port(spec)
                        for r in ranges:
                            self._add(f"{vm.ip}/32", ex.destination, proto, r.lo, r.hi)

    def _add(self, src: str, dst: str, proto: str, lo: int, hi: int) -> None:
        s, d = ipaddress.IPv4Network(src), ipaddress.IPv4Network(dst)
        self._allowed.append((int(s.network_address), int(s.netmask), int(d.network_address), int(d.netmask),
                              proto, lo, hi))

    def allowed(self, src: str, dst: str, proto: str, port: int) -> bool:
        s, d = int(ipaddress.IPv4Address(src)), int(ipaddress.IPv4Address(dst))
        for sn, sm, dn, dm, p, lo, hi in self._allowed:
            if p == proto and s & sm == sn and d & dm == dn and (proto == "icmp" or lo <= port <= hi):
                return True
        return False


def zone_ports(model: Resolved) -> dict[str, list[tuple[str, int]]]:
    """The ports probed on each destination zone: every port an intent opens into it (else ssh)."""
    out: dict[str, list[tuple[str, int]]] = {}
    for intent in model.intents:
        for dz in intent.destinations:
            for spec in intent.ports:
                proto, ranges = parse_port(spec)
                if proto in ("tcp", "udp"):
                    out.setdefault(dz.value, []).append((proto, ranges[0].lo))
    for z in (*VM_ZONES, *OFFICE_ZONES):
        out.setdefault(z, [DEFAULT_PORT])
    return {z: sorted(set(v)) for z, v in out.items()}


def plan_probes(model: Resolved, lab: LabPlan) -> list[Probe]:
    exp = Expectations(model)
    ports = zone_ports(model)
    sources = [h for h in lab.hosts if h.zone in SOURCE_ZONES]
    municipal = [h for h in lab.hosts if h.municipality is not None]
    shared = [h for h in lab.hosts if h.zone == "shared_services"]
    external = [h for h in lab.hosts if h.zone in ("internet", "lgwan")]
    out: list[Probe] = []

    def add(src: Host, dst: Host, addr: str, proto: str, port: int, kind: str) -> None:
        out.append(Probe(src, dst, addr, proto, port, exp.allowed(src.address, addr, proto, port), kind))

    for src in sources:
        for dst in municipal:
            if dst.name == src.name:
                continue
            same = src.municipality == dst.municipality or src.municipality is None
            kind = "own" if same else "isolation"
            for proto, port in ports.get(dst.zone, []):
                add(src, dst, dst.address, proto, port, kind)
            if not same:
                add(src, dst, dst.address, "icmp", 0, kind)
        if src.municipality is None:
            continue
        for dst in shared:
            for _name, addr, spec in dst.services:
                proto, ranges = parse_port(spec)
                add(src, dst, addr, proto, ranges[0].lo, "shared")
        for dst in external:
            for addr in (dst.address, *(x.split("/")[0] for x in dst.extra)):
                for proto, port in (("tcp", 443), ("icmp", 0)):
                    add(src, dst, addr, proto, port, "three_layer")
    return out


# --- sending packets ----------------------------------------------------------------------


class _Namespaces:
    """Cached namespace fds for creating sockets inside a namespace from the loop's thread."""

    def __init__(self) -> None:
        self._home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
        self._fds: dict[str, int] = {}

    def socket(self, ns: str, kind: int, proto: int = 0) -> socket.socket:
        fd = self._fds.get(ns)
        if fd is None:
            fd = self._fds[ns] = os.open(NETNS_DIR / ns, os.O_RDONLY)
        _setns(fd)
        try:
            return socket.socket(socket.AF_INET, kind, proto)
        finally:
            _setns(self._home)

    def close(self) -> None:
        for fd in (*self._fds.values(), self._home):
            os.close(fd)


async def _tcp(s: socket.socket, addr: str, port: int, timeout: float) -> tuple[bool, str]:
    loop = asyncio.get_running_loop()
    try:
        await asyncio.wait_for(loop.sock_connect(s, (addr, port)), timeout)
        return True, "connected"
    except TimeoutError:
        return False, "timeout"
    except OSError as exc:
        return False, os.strerror(exc.errno) if exc.errno else str(exc)


async def _udp(s: socket.socket, addr: str, port: int, timeout: float) -> tuple[bool, str]:
    loop = asyncio.get_running_loop()
    try:
        s.connect((addr, port))
        payload = b"kyodo-probe"
        await loop.sock_sendall(s, payload)
        data = await asyncio.wait_for(loop.sock_recv(s, 2048), timeout)
        return data == payload, "echo" if data == payload else "wrong answer"
    except TimeoutError:
        return False, "timeout"
    except OSError as exc:
        return False, os.strerror(exc.errno) if exc.errno else str(exc)


def _icmp_echo(ident: int) -> bytes:
    return struct.pack("!BBHHH", 8, 0, 0, ident & 0xFFFF, 1) + b"kyodo-probe"


async def _icmp(s: socket.socket, addr: str, timeout: float) -> tuple[bool, str]:
    loop = asyncio.get_running_loop()
    try:
        s.connect((addr, 0))
        await loop.sock_sendall(s, _icmp_echo(0))
        data = await asyncio.wait_for(loop.sock_recv(s, 2048), timeout)
        return bool(data) and data[0] == 0, "echo reply" if data and data[0] == 0 else f"icmp type {data[0]}"
    except TimeoutError:
        return False, "timeout"
    except OSError as exc:
        return False, os.strerror(exc.errno) if exc.errno else str(exc)


async def _run_all(probes: list[Probe], timeout: float, concurrency: int) -> list[Result]:
    nss = _Namespaces()
    sem = asyncio.Semaphore(concurrency)

    async def one(p: Probe) -> Result:
        async with sem:
            kind = {"tcp": socket.SOCK_STREAM, "udp": socket.SOCK_DGRAM, "icmp": socket.SOCK_DGRAM}[p.proto]
            s = nss.socket(p.src.ns, kind, socket.IPPROTO_ICMP if p.proto == "icmp" else 0)
            stamp = datetime.now(UTC).isoformat(timespec="milliseconds")
            try:
                s.setblocking(False)
                if p.proto != "tcp":    # report ICMP errors (unreachable, prohibited) at once
                    s.setsockopt(socket.IPPROTO_IP, IP_RECVERR, 1)
                s.bind((p.src.address, 0))
                if p.proto == "tcp":
                    ok, detail = await _tcp(s, p.dst_address, p.port, timeout)
                elif p.proto == "udp":
                    ok, detail = await _udp(s, p.dst_address, p.port, timeout)
                else:
                    ok, detail = await _icmp(s, p.dst_address, timeout)
            finally:
                s.close()
            return Result(p, ok, stamp, detail)

    try:
        return list(await asyncio.gather(*(one(p) for p in probes)))
    finally:
        nss.close()


def run_probes(probes: list[Probe], *, timeout: float = 1.0, concurrency: int = 2048) -> list[Result]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return asyncio.run(_run_all(probes, timeout, concurrency))


# --- the document ------------------------------------------------------------------------


def _verdict(b: bool) -> str:
    return "allowed" if b else "blocked"


def _party(h: Host) -> str:
    return h.municipality if h.municipality is not None else h.zone


def document(model: Resolved, results: Iterable[Result], *, started: float, elapsed: float) -> dict[str, Any]:
    order = [m.code for m in model.municipalities]
    pos = {c: i for i, c in enumerate(order)}
    matrix = [[False] * len(order) for _ in order]
    flows = []
    counts = {"flows": 0, "as_expected": 0, "unexpected_open": 0, "unexpected_blocked": 0}
    for r in results:
        p = r.probe
        a, b = p.src.municipality, p.dst.municipality
        if r.actual and a in pos and b in pos and a != b:
            matrix[pos[a]][pos[b]] = True     # cross-municipality only: the diagonal stays False (as verify)
        counts["flows"] += 1
        if r.actual == p.expected:
            counts["as_expected"] += 1
        else:
            counts["unexpected_open" if r.actual else "unexpected_blocked"] += 1
        flows.append({
            "kind": p.kind, "src_zone": p.src.zone, "src": _party(p.src), "src_host": p.src.name,
            "src_address": p.src.address, "dst_zone": p.dst.zone, "dst": _party(p.dst), "dst_host": p.dst.name,
            "dst_address": p.dst_address, "protocol": p.proto, "proto": p.proto,
            "port": str(p.port) if p.proto != "icmp" else "", "expected": _verdict(p.expected),
            "actual": _verdict(r.actual), "ok": r.actual == p.expected, "detail": r.detail, "method": "probe",
            "time": r.time,
        })
    return {
        "schema": SCHEMA,
        "generated_at": datetime.fromtimestamp(started, UTC).isoformat(timespec="seconds"),
        "prefecture": model.prefecture,
        "municipalities": order,
        "elapsed_s": round(elapsed, 3),
        "summary": counts,
        "compliant": counts["as_expected"] == counts["flows"],
        "matrix": {"order": order, "reachable": matrix},
        "flows": flows,
    }


def probe(model: Resolved, lab: LabPlan, *, timeout: float = 1.0, concurrency: int = 2048) -> dict[str, Any]:
    started = time.time()
    t = time.monotonic()
    onboarded = {m.code for m in model.municipalities}
    # the lab wires every municipality of its SoT; inside one not (yet) onboarded nothing is expected —
    # its stand-ins share their own segments — but it must reach no other: those probes stay
    probes = [p for p in plan_probes(model, lab)
              if not (p.src.municipality is not None and p.src.municipality == p.dst.municipality
                      and p.src.municipality not in onboarded)]
    results = run_probes(probes, timeout=timeout, concurrency=concurrency)
    return document(model, results, started=started, elapsed=time.monotonic() - t)
