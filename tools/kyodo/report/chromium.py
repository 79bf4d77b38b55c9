"""Headless Chromium, the one way kyodo prints HTML to PDF (and the browser tests use).

Launched directly (``/usr/lib/chromium/chromium``; the ``/usr/bin`` wrapper misreads
``/dev/shm`` on these machines) with every background network feature off and a resolver
rule that maps every name to nothing: printing a self-contained report sends no packet.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from kyodo.errors import KyodoError

CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/lib/chromium-browser/chromium-browser")
FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--mute-audio",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
)


class ChromiumMissing(KyodoError):
    exit_code = 5


def find_chromium() -> str | None:
    """The Chromium binary: ``KYODO_CHROMIUM``, else Debian's location, else None."""
    env = os.environ.get("KYODO_CHROMIUM")
    if env:
        return env if Path(env).exists() else None
    for c in CANDIDATES:
        if Path(c).exists():
            return c
    return shutil.which("chromium")


def print_pdf(html: Path, out: Path, *, timeout: float = 120.0) -> None:
    exe = find_chromium()
    if exe is None:
        raise ChromiumMissing(
            "PDF output needs Chromium (Debian package 'chromium'); set KYODO_CHROMIUM "
            "to its binary, or write --format html and print that"
        )
    with tempfile.TemporaryDirectory(prefix="kyodo-chromium-") as profile:
        cmd = [
            exe,
            *FLAGS,
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out.resolve()}",
            html.resolve().as_uri(),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise KyodoError(f"Chromium did not print {html} within {timeout:.0f} s") from None
    if proc.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-5:])
        raise KyodoError(f"Chromium failed to print {html} (exit {proc.returncode}):\n{tail}")
