"""``kyodo-router``: the configuration agent of a lab ``linux_frr`` router.

A Linux router keeps its configuration in three places (FRR, nftables per namespace,
strongSwan per VRF). Its shell login runs this agent *inside* the router (its mount,
network and UTS namespaces, entered by the login shell), so kyodo's device sessions use
one command per operation, as they use ``show running-config`` and ``configure`` on other
platforms:

- ``kyodo-router collect``: the running configuration as the sectioned ``linux_frr``
  artefact (FRR ``show running-config``, ``nft list ruleset`` of the default namespace and of
  every VRF namespace, the swanctl configuration each charon holds);
- ``kyodo-router apply`` (sectioned commands on stdin, as ``linux_frr``'s diff writes them):
  FRR commands through ``vtysh -f``, nftables sections through ``nft -f`` in their
  namespace, swanctl sections written to the charon's file and loaded with
  ``swanctl --load-all``; stops at the first error (exit 1, the failing section and the
  tool's message on stderr);
- ``kyodo-router save``: ``write memory`` (nftables and swanctl files are already persistent).

The environment names the device: ``KYODO_LAB_DIR`` (the network lab's dir) and
``KYODO_LAB_DEVICE``, both set by the login shell.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from kyodo.lab.netdaemons import charon_dir, router_dir
from kyodo.platforms.linux_frr.sections import SectionKind, join, split


def _env() -> tuple[Path, str]:
    try:
        return Path(os.environ["KYODO_LAB_DIR"]), os.environ["KYODO_LAB_DEVICE"]
    except KeyError as exc:
        raise SystemExit(f"kyodo-router: {exc.args[0]} is not set (run from the device's login shell)") from None


def _run(argv: list[str], stdin: str | None = None) -> str:
    proc = subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(argv[:3])}: exit {proc.returncode}: {(proc.stderr or proc.stdout).strip()[:800]}"
        )
    return proc.stdout


def _vtysh(net: Path, host: str, *args: str) -> list[str]:
    d = router_dir(net, host) / "frr"
    return ["vtysh", "--vty_socket", str(d), "--config_dir", str(d), *args]


def vrfs() -> list[str]:
    run = Path("/run/netns")
    return sorted(p.name for p in run.iterdir()) if run.is_dir() else []


def empty_swanctl(text: str) -> bool:
    """A charon loaded with nothing (no connection, no secret) holds no configuration."""
    squeezed = "".join(text.split())
    return squeezed in ("", "connections{}", "secrets{}", "connections{}secrets{}")


def collect(net: Path, host: str) -> str:
    frr = _run(_vtysh(net, host, "-c", "show running-config"))
    frr_lines = [ln for ln in frr.splitlines() if not ln.startswith("Building configuration")]
    parts: list[tuple[SectionKind, str, str]] = [("frr", "", "\n".join(frr_lines).strip("\n"))]
    parts.append(("nftables", "", _run(["nft", "list", "ruleset"])))
    names = vrfs()
    for vrf in names:
        parts.append(("nftables", vrf, _run(["ip", "netns", "exec", vrf, "nft", "list", "ruleset"])))
    for vrf in ["", *names]:
        conf = charon_dir(net, host, vrf) / "swanctl.conf"
        if conf.exists() and not empty_swanctl(conf.read_text(encoding="utf-8")):
            parts.append(("swanctl", vrf, conf.read_text(encoding="utf-8")))
    return join([(k, v, body) for k, v, body in parts if body.strip() or k == "frr"])


def apply(net: Path, host: str, text: str) -> list[str]:
    done = []
    with tempfile.TemporaryDirectory(prefix="kyodo-router-") as tmp:
        for i, section in enumerate(split(text)):
            body = section.body + "\n"
            where = f"{section.kind}{' vrf=' + section.vrf if section.vrf else ''}"
            if not section.body.strip():
                continue
            if section.kind == "frr":
                f = Path(tmp) / f"{i}.frr"
                f.write_text(body)
                out = _run(_vtysh(net, host, "-f", str(f)))
                if "% " in out:
                    raise RuntimeError(f"vtysh: {out.strip()[:800]}")
            elif section.kind == "nftables":
                argv = ["nft", "-f", "-"]
                _run(["ip", "netns", "exec", section.vrf, *argv] if section.vrf else argv, stdin=body)
            else:
                d = charon_dir(net, host, section.vrf)
                vici = d / "charon.vici"
                if not vici.exists():
                    raise RuntimeError(f"no charon runs for vrf {section.vrf or 'global'} on {host}")
                conf = d / "swanctl.conf"
                tmpconf = d / "swanctl.conf.new"
                tmpconf.write_text(body)
                os.chmod(tmpconf, 0o600)
                _run(["swanctl", "--load-all", "--noprompt", "--file", str(tmpconf), "--uri", f"unix://{vici}"])
                os.replace(tmpconf, conf)
            done.append(where)
    return done


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    net, host = _env()
    try:
        if args == ["collect"]:
            sys.stdout.write(collect(net, host))
        elif args == ["apply"]:
            for where in apply(net, host, sys.stdin.read()):
                sys.stdout.write(f"applied {where}\n")
        elif args == ["save"]:
            _run(_vtysh(net, host, "-c", "write memory"))
        else:
            sys.stderr.write("usage: kyodo-router collect | apply < COMMANDS | save\n")
            return 2
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        sys.stderr.write(f"% kyodo-router: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
