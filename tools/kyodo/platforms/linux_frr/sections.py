"""The sectioned artefact of a ``linux_frr`` device: split it, join it.

A device's text holds one section per tool and namespace, each introduced by a marker line::

    #### kyodo:section <kind> [vrf=<VRF>]

``kind`` is ``frr``, ``nftables`` or ``swanctl``; ``vrf`` names the VRF (= network
namespace) the section applies in, absent for the router's default namespace. The marker
starts with ``#``, a comment in all three languages, so each section is valid on its own.
Text before the first marker (or a text without markers) is one section whose kind is
guessed from its content, so plain ``show running-config``, ``nft list ruleset`` or
``swanctl.conf`` text parses too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

SectionKind = Literal["frr", "nftables", "swanctl"]
KINDS: tuple[SectionKind, ...] = ("frr", "nftables", "swanctl")
MARKER = "#### kyodo:section"
MARKER_RE = re.compile(r"^#### kyodo:section (frr|nftables|swanctl)(?: vrf=([A-Za-z0-9][A-Za-z0-9_.:-]{0,14}))?\s*$")
_NFT_HINT = re.compile(r"^\s*(table|flush ruleset|add table|add rule)\b", re.MULTILINE)
_SWAN_HINT = re.compile(r"^\s*(connections|secrets|authorities|pools)\s*\{", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Section:
    """A slice of the artefact. ``first_line`` is the 1-based number of ``lines[0]`` in the whole text."""

    kind: SectionKind
    vrf: str
    first_line: int
    lines: tuple[str, ...]

    def numbered(self) -> list[tuple[int, str]]:
        return [(self.first_line + i, text) for i, text in enumerate(self.lines)]

    @property
    def body(self) -> str:
        return "\n".join(self.lines).strip("\n")


def marker(kind: SectionKind, vrf: str = "") -> str:
    return f"{MARKER} {kind}" + (f" vrf={vrf}" if vrf else "")


def guess_kind(text: str) -> SectionKind:
    if _SWAN_HINT.search(text):
        return "swanctl"
    if _NFT_HINT.search(text):
        return "nftables"
    return "frr"


def split(text: str) -> list[Section]:
    """Sections in text order; marker lines belong to no section. A malformed marker is
    kept as a line of the section it is in (and reported as unparsed by that parser)."""
    lines = text.splitlines()
    out: list[Section] = []
    kind: SectionKind | None = None
    vrf = ""
    start = 1
    buf: list[str] = []

    def close() -> None:
        if kind is None and not any(s.strip() for s in buf):
            return
        k = kind if kind is not None else guess_kind("\n".join(buf))
        out.append(Section(kind=k, vrf=vrf, first_line=start, lines=tuple(buf)))

    for number, line in enumerate(lines, start=1):
        m = MARKER_RE.match(line)
        if m:
            close()
            kind = m.group(1)  # type: ignore[assignment]
            vrf = m.group(2) or ""
            start = number + 1
            buf = []
        else:
            buf.append(line)
    close()
    return out


def join(sections: list[tuple[SectionKind, str, str]]) -> str:
    """(kind, vrf, body) → artefact text with markers, one trailing newline."""
    parts = []
    for kind, vrf, body in sections:
        parts.append(marker(kind, vrf))
        parts.append(body.rstrip("\n"))
    return "\n".join(parts) + "\n"
