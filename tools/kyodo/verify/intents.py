"""What the resolved model says should be true: whose addresses are whose, which zones hold
which addresses, which flows the intent catalogue requires, and the 三層分離 segments.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from kyodo.model import MunicipalityNet, Resolved
from kyodo.verify.spaces import (
    ADDR_ALL,
    PORT_ALL,
    PROTO_ALL,
    Box,
    Ivs,
    Space,
    addr_ivs,
    box,
    cidr,
    compact,
    ivs,
    port_spec_box,
)

VM_ZONES = ("web_ap", "batch", "print", "db")
MUNI_ZONES = ("office_clients", "office_printers", *VM_ZONES)


@dataclass(frozen=True, slots=True)
class Required:
    intent: str
    municipality: str | None
    src_zone: str
    dst_zone: str
    space: Box


@dataclass(frozen=True, slots=True)
class Intents:
    model: Resolved
    addresses: dict[str, Ivs]                 # municipality → all its addresses
    zones: dict[tuple[str, str], Ivs]         # (code, zone) → addresses; code "" for shared zones
    required: tuple[Required, ...]
    allowed: dict[str, Space]                 # municipality → what its filters may admit
    internet: Ivs
    lgwan: Ivs
    lgwan_exceptions: dict[str, Space]
    shared: Ivs
    management: Ivs
    _index: tuple[list[int], list[tuple[int, int, str]]] = field(repr=False, default=([], []))

    @property
    def codes(self) -> list[str]:
        return sorted(self.addresses)

    def owners(self, a: Ivs) -> set[str]:
        """Municipalities owning any address of ``a`` (binary search, no scan)."""
        starts, entries = self._index
        out: set[str] = set()
        for lo, hi in a:
            k = max(bisect.bisect_right(starts, lo) - 1, 0)
            # entries may nest only within one municipality; walk forward while they can overlap
            while k < len(entries) and entries[k][0] <= hi:
                elo, ehi, code = entries[k]
                if elo <= hi and lo <= ehi:
                    out.add(code)
                k += 1
        return out

    def owner_of(self, ip: int) -> str | None:
        got = self.owners(((ip, ip),))
        return sorted(got)[0] if got else None

    def municipality(self, code: str) -> MunicipalityNet:
        return self.model.by_code[code]


def _zone_addresses(m: MunicipalityNet) -> dict[str, Ivs]:
    out = {"office_clients": addr_ivs([m.office_clients]), "office_printers": addr_ivs([m.office_printers])}
    for z in VM_ZONES:
        out[z] = addr_ivs([f"{v.ip}/32" for v in m.vms_of(z)])
    return out


def build_intents(model: Resolved) -> Intents:
    zones: dict[tuple[str, str], Ivs] = {}
    addresses: dict[str, Ivs] = {}
    for m in model.municipalities:
        for z, a in _zone_addresses(m).items():
            zones[(m.code, z)] = a
        addresses[m.code] = addr_ivs([m.block, m.office_clients, m.office_printers, m.link.subnet])
    zones[("", "management")] = addr_ivs([model.management_net])
    services = {s.name: s for s in model.services}
    zones[("", "shared_services")] = addr_ivs([f"{s.address}/32" for s in services.values()])

    service_parts = [(s.name, addr_ivs([f"{s.address}/32"]), *port_spec_box(spec))
                     for s in services.values() for spec in s.ports]
    required: list[Required] = []
    for intent in model.intents:
        for m in model.municipalities:
            for sz in intent.sources:
                src = zones[("", "management")] if sz == "management" else zones.get((m.code, sz), ())
                if not src:
                    continue
                for dz in intent.destinations:
                    if dz == "shared_services":
                        for name, dst_ivs, proto, dport in service_parts:
                            required.append(Required(intent.name, m.code, sz, f"shared_services:{name}",
                                                     box(src, dst_ivs, proto, PORT_ALL, dport)))
                        continue
                    dst = zones[("", "management")] if dz == "management" else zones.get((m.code, dz), ())
                    if not dst:
                        continue
                    for spec in intent.ports or ["ip"]:
                        proto, dport = port_spec_box(spec) if spec != "ip" else (PROTO_ALL, PORT_ALL)
                        required.append(Required(intent.name, m.code, sz, dz, box(src, dst, proto, PORT_ALL, dport)))

    by_code: dict[str | None, list[Box]] = {}
    for r in required:
        by_code.setdefault(r.municipality, []).append(r.space)
    allowed: dict[str, Space] = {}
    for m in model.municipalities:
        mine = by_code.get(m.code, [])
        back = [box(b[1], b[0], b[2], b[4], b[3]) for b in mine]  # return traffic of each intent
        exc = _lgwan_exceptions(m)
        allowed[m.code] = compact(tuple(mine + back) + exc)
    entries = sorted((lo, hi, code) for code, a in addresses.items() for lo, hi in a)
    index = ([e[0] for e in entries], entries)
    return Intents(
        model=model, addresses=addresses, zones=zones, required=tuple(required), allowed=allowed,
        internet=addr_ivs([model.internet_edge]), lgwan=addr_ivs([model.lgwan]),
        lgwan_exceptions={m.code: _lgwan_exceptions(m) for m in model.municipalities},
        shared=addr_ivs([model.shared_services_net]), management=addr_ivs([model.management_net]),
        _index=index,
    )


def _lgwan_exceptions(m: MunicipalityNet) -> Space:
    out: list[Box] = []
    for e in m.lgwan_exceptions:
        for spec in e.ports:
            proto, dport = port_spec_box(spec)
            out.append(box(ADDR_ALL, (cidr(e.destination),), proto, PORT_ALL, dport))
    return tuple(out)


def all_municipal(intents: Intents) -> Ivs:
    return ivs(p for a in intents.addresses.values() for p in a)
