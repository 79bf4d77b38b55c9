"""Read a snapshot folder: ``configs/<hostname>.cfg`` and an optional ``vsphere.json``.

The platform of each host comes from the SoT (DC devices and municipality CPEs), else it is
detected from the text. Unreadable folders, unknown platforms and malformed vsphere.json are
``InputError`` (exit 2).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from kyodo.errors import InputError
from kyodo.platforms import registry
from kyodo.platforms.neutral import DeviceConfig
from kyodo.vsphere.snapshot import VSphereSnapshot

CONFIG_SUFFIXES = (".cfg", ".conf", ".txt")


@dataclass(frozen=True, slots=True)
class Snapshot:
    root: Path
    devices: dict[str, DeviceConfig]
    vsphere: VSphereSnapshot | None = None
    sources: dict[str, Path] = field(default_factory=dict)
    vsphere_lines: tuple[str, ...] = ()     # the text of vsphere.json, for evidence lines


def _ensure_platforms_loaded() -> None:
    """Import the platform packages so they register (registry stays a plain dict)."""
    if registry.PLATFORMS:
        return
    import importlib
    import pkgutil

    import kyodo.platforms as pkg

    for mod in pkgutil.iter_modules(pkg.__path__):
        if mod.ispkg:
            try:
                importlib.import_module(f"kyodo.platforms.{mod.name}")
            except ImportError:
                continue


def parse_config(hostname: str, text: str, platform: str | None) -> DeviceConfig:
    _ensure_platforms_loaded()
    name = platform or registry.detect(text)
    known = ", ".join(sorted(registry.PLATFORMS)) or "none registered"
    if name is None:
        raise InputError(f"{hostname}: cannot tell the platform of this config "
                         f"(not in the SoT and no parser recognises it; known: {known})")
    if name not in registry.PLATFORMS:
        raise InputError(f"{hostname}: unknown platform '{name}' (known: {known})")
    try:
        cfg = registry.PLATFORMS[name].parse(text)
    except Exception as exc:  # a parser must never raise; if one does, say where instead of a traceback
        raise InputError(f"{hostname}: the {name} parser failed on this config ({type(exc).__name__}: {exc})") from exc
    lines = tuple(text.splitlines())
    # the snapshot's file name is the host's identity; keep the parsed facts and the raw lines
    return DeviceConfig(hostname=hostname, platform=name, interfaces=cfg.interfaces, vrfs=cfg.vrfs,
                        static_routes=cfg.static_routes, bgp=cfg.bgp, acls=cfg.acls, proposals=cfg.proposals,
                        vpn_peers=cfg.vpn_peers, unparsed=cfg.unparsed, lines=cfg.lines or lines)


def load_snapshot(root: Path, platforms: Mapping[str, str] | None = None) -> Snapshot:
    """Parse every config of ``root/configs``; ``platforms`` maps hostname → platform name."""
    platforms = platforms or {}
    cdir = root / "configs"
    if not root.is_dir():
        raise InputError(f"SNAPSHOT: '{root}' is not a directory")
    if not cdir.is_dir():
        raise InputError(f"SNAPSHOT: '{root}' has no configs/ folder (expected configs/<hostname>.cfg)")
    files = sorted(p for p in cdir.iterdir() if p.is_file() and p.suffix in CONFIG_SUFFIXES)
    if not files:
        raise InputError(f"SNAPSHOT: '{cdir}' holds no <hostname>.cfg file")
    devices: dict[str, DeviceConfig] = {}
    sources: dict[str, Path] = {}
    for path in files:
        host = path.stem
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read ({exc})") from None
        devices[host] = parse_config(host, text, platforms.get(host))
        sources[host] = path
    vs_path = root / "vsphere.json"
    vsphere = None
    vs_lines: tuple[str, ...] = ()
    if vs_path.exists():
        try:
            vs_text = vs_path.read_text(encoding="utf-8")
            vsphere = VSphereSnapshot.model_validate(json.loads(vs_text))
            vs_lines = tuple(vs_text.splitlines())
        except (OSError, ValueError, ValidationError) as exc:
            raise InputError(f"{vs_path}: not a valid kyodo.vsphere/1 document ({str(exc).splitlines()[0]})") from None
    return Snapshot(root=root, devices=devices, vsphere=vsphere, sources=sources, vsphere_lines=vs_lines)
