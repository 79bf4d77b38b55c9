"""Which municipality each configuration change belongs to, and the refusal of foreign changes.

A change for municipality X may touch X's objects and shared objects (a hub import, the
BGP process, a keyring holding X's peer), never another municipality's. Commands are
grouped into blocks (a top-level line and its indented children). A block belongs to every
municipality it names: by VRF name, by an interface or filter that the running or intended
config binds to that municipality's VRF, or by an address inside its block, office LANs,
link /30 or WAN peer address. Blocks owned by anyone but X are scope violations.
"""

from __future__ import annotations

import bisect
import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass

from kyodo.model import Resolved
from kyodo.platforms.neutral import DeviceConfig

_IP = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])")
_WORD = re.compile(r"[A-Za-z0-9_.:/-]+")


@dataclass(frozen=True)
class Violation:
    device: str
    owners: tuple[str, ...]
    block: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.device}: change touches municipality {', '.join(self.owners)}: " + " / ".join(self.block[:3])


class Ownership:
    """Address and name index: which municipality a token or address belongs to."""

    def __init__(self, model: Resolved, configs: Iterable[DeviceConfig] = ()) -> None:
        ranges: list[tuple[int, int, str]] = []
        self.names: dict[str, str] = {}
        for m in model.municipalities:
            self.names[m.vrf] = m.code
            nets = [m.block, m.office_clients, m.office_printers, m.link.subnet]
            if m.link.cpe_wan:
                nets.append(f"{m.link.cpe_wan}/32")
            for n in nets:
                net = ipaddress.IPv4Network(n)
                ranges.append((int(net.network_address), int(net.broadcast_address), m.code))
        ranges.sort()
        self._starts = [r[0] for r in ranges]
        self._ranges = ranges
        vrf_owner = {m.vrf: m.code for m in model.municipalities}
        for cfg in configs:
            for itf in cfg.interfaces:
                code = vrf_owner.get(itf.vrf)
                if code is None:
                    code = next((c for a in itf.addresses if (c := self.address_owner(a.split("/")[0]))), None)
                if code:
                    self.names.setdefault(itf.name, code)
                    for bound in (itf.acl_in, itf.acl_out):
                        if bound:
                            self.names.setdefault(bound, code)
            for acl in cfg.acls:
                code = vrf_owner.get(acl.vrf)
                if code:
                    self.names.setdefault(acl.name, code)
            for peer in cfg.vpn_peers:
                code = vrf_owner.get(peer.vrf) or (
                    self.address_owner(peer.remote_address) if peer.remote_address else None
                )
                if code:
                    self.names.setdefault(peer.name, code)

    def address_owner(self, addr: str) -> str | None:
        try:
            value = int(ipaddress.IPv4Address(addr))
        except ValueError:
            return None
        # the indexed networks are disjoint (validated), so only the nearest start can hold it
        i = bisect.bisect_right(self._starts, value) - 1
        if i >= 0:
            lo, hi, code = self._ranges[i]
            if lo <= value <= hi:
                return code
        return None

    def owners_of(self, lines: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for line in lines:
            for ip in _IP.findall(line):
                code = self.address_owner(ip)
                if code:
                    out.add(code)
            for word in _WORD.findall(line):
                code = self.names.get(word)
                if code is None and word.startswith("M") and "-" in word:
                    code = self.names.get(word.split("-", 1)[0])
                if code:
                    out.add(code)
        return out


def blocks(commands: Iterable[str]) -> list[list[str]]:
    out: list[list[str]] = []
    for c in commands:
        if not c.strip():
            continue
        if c[0] in " \t" and out:
            out[-1].append(c)
        else:
            out.append([c])
    return out


SECTION = "#### kyodo:section "


def _replacement_changes(commands: list[str], running: str) -> list[str]:
    """For sectioned commands (linux_frr), the lines that a whole-section replacement (nftables,
    swanctl) actually adds or removes, compared with the same section of the running config, plus
    every line of the command sections (frr) that are real commands."""
    from kyodo.platforms.linux_frr.sections import split

    have = {(s.kind, s.vrf): s.lines for s in split(running)}
    out: list[str] = []
    for s in split("\n".join(commands)):
        if s.kind == "frr":
            out += list(s.lines)
            continue
        old = {ln.strip() for ln in have.get((s.kind, s.vrf), ())}
        new = {ln.strip() for ln in s.lines}
        # one block per changed line: a replaced section is a set of independent rules
        out += sorted((old ^ new) - {""})
    return out


def violations(
    device: str, commands: Iterable[str], own: Ownership, code: str, running: str | None = None
) -> list[Violation]:
    """Blocks of ``commands`` owned by another municipality than ``code``. With the device's running
    config, a whole-section replacement is judged by the lines it really changes."""
    cmds = list(commands)
    if running is not None and any(c.startswith(SECTION) for c in cmds):
        cmds = _replacement_changes(cmds, running)
    found = []
    for block in blocks(cmds):
        owners = own.owners_of(block) - {code}
        if owners:
            found.append(Violation(device, tuple(sorted(owners)), tuple(block)))
    return found
