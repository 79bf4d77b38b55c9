"""What the report says about the snapshot it was built from: path, kind, a SHA-256 per file.

Used when ``kyodo report SNAPSHOT`` runs the verifier itself; the hashes are computed from the
files on disk (the evidence), not copied from the snapshot's own manifest.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any


def snapshot_section(root: Path) -> dict[str, Any]:
    files = sorted(
        [*root.glob("configs/*.cfg"), *([root / "vsphere.json"] if (root / "vsphere.json").exists() else [])]
    )
    kind = ""
    manifest = root / "manifest.json"
    if manifest.exists():
        try:
            kind = str(json.loads(manifest.read_text(encoding="utf-8")).get("kind", ""))
        except (json.JSONDecodeError, AttributeError):
            kind = ""
    return {
        "path": str(root),
        "kind": kind,
        "files": [
            {"name": f.relative_to(root).as_posix(), "sha256": hashlib.sha256(f.read_bytes()).hexdigest()}
            for f in files
        ],
    }
