"""Render every device's intended configuration (and the intended vSphere state) to a folder.

``DIR/configs/<hostname>.cfg`` per device, ``DIR/vsphere.json`` and ``DIR/manifest.json``
(sha256 per file). Files are written to a temporary folder and moved into place, so a
failure leaves no partial output; re-running gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kyodo.model import Resolved
from kyodo.platforms.base import SecretResolver
from kyodo.platforms.intent import DeviceIntent
from kyodo.platforms.registry import get
from kyodo.render.intent import build_intents
from kyodo.vsphere.desired import intended
from kyodo.vsphere.snapshot import VSphereSnapshot


@dataclass(frozen=True)
class Rendered:
    configs: dict[str, str]  # hostname → text
    platforms: dict[str, str]  # hostname → platform
    vsphere: VSphereSnapshot
    intents: dict[str, DeviceIntent]


def render_model(model: Resolved, secrets: SecretResolver, *, only: set[str] | None = None) -> Rendered:
    intents = build_intents(model)
    configs = {}
    platforms = {}
    for host, intent in intents.items():
        if only is not None and host not in only:
            continue
        text = get(intent.platform).render(intent, secrets)
        configs[host] = text if text.endswith("\n") else text + "\n"
        platforms[host] = intent.platform
    return Rendered(configs, platforms, intended(model), intents)


def sha256(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


def write_snapshot(rendered: Rendered, out: Path) -> dict[str, str]:
    """Write configs, vsphere.json and manifest.json under ``out`` atomically; returns name → sha256."""
    files: dict[str, str] = {f"configs/{h}.cfg": t for h, t in sorted(rendered.configs.items())}
    files["vsphere.json"] = json.dumps(rendered.vsphere.dump(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    hashes = {name: sha256(text) for name, text in files.items()}
    manifest = {
        "schema": "kyodo.snapshot/1",
        "kind": "intended",
        "devices": {h: {"platform": p, "file": f"configs/{h}.cfg"} for h, p in sorted(rendered.platforms.items())},
        "files": hashes,
    }
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for name, text in files.items():
            p = tmp / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")
        if out.exists():
            old = out.with_name(out.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            os.rename(out, old)
            os.rename(tmp, out)
            shutil.rmtree(old)
        else:
            os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return hashes
