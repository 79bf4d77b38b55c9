"""`kyodo lab setup`: install what the embedded lab needs and build the vSphere simulator.

Public API (called by ``kyodo.lab.cli``; keep stable):

- ``setup(progress) -> SetupResult``: idempotent, as root on Debian. Installs the missing
  packages of ``APT_PACKAGES`` (``apt-get update`` once, only when something is missing),
  then builds the simulator with ``build_vcsim``.
- ``build_vcsim(lab_dir, progress, force=False) -> Path``: copies Debian's govmomi source
  (``GOVMOMI_SRC``) into a private GOPATH under the lab dir, applies ``vcsim/patches/*.patch``
  in name order, and builds ``vcsim/main.go`` with ``GO111MODULE=off`` (no module download).
  Skipped when the hash of its inputs (main.go, the patches, the Go and govmomi package
  versions) equals the one recorded next to the binary.
- ``lab_dir()``: the lab state dir, ``$KYODO_LAB_DIR`` or ``/var/tmp/kyodo-lab``.
- ``vcsim_binary(lab_dir)``: where the simulator binary lives.

``progress`` receives one short English line per step.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from kyodo.errors import KyodoError

Progress = Callable[[str], None]

APT_PACKAGES: tuple[str, ...] = (
    "frr",
    "strongswan-charon",
    "strongswan-swanctl",
    "libcharon-extra-plugins",   # kernel-libipsec (userspace ESP over TUN)
    "libstrongswan-standard-plugins",
    "nftables",
    "openssh-server",
    "iproute2",
    "iputils-ping",
    "golang-go",
    "golang-github-vmware-govmomi-dev",
    "patch",                     # applies the simulator patches
)
GOVMOMI_PACKAGE = "golang-github-vmware-govmomi-dev"
GOVMOMI_SRC = Path("/usr/share/gocode/src/github.com/vmware/govmomi")
SYSTEM_GOPATH = Path("/usr/share/gocode")
VCSIM_SOURCE = Path(__file__).with_name("vcsim")
BINARY_NAME = "kyodo-vcsim"
DEFAULT_LAB_DIR = Path("/var/tmp/kyodo-lab")


class LabSetupError(KyodoError):
    """The lab cannot be installed or built on this machine."""

    exit_code = 5


@dataclass(frozen=True, slots=True)
class SetupResult:
    installed: tuple[str, ...]   # packages installed by this run
    vcsim: Path                  # the simulator binary
    built: bool                  # False when the binary was already up to date


def _quiet(_: str) -> None:
    return None


def lab_dir() -> Path:
    return Path(os.environ.get("KYODO_LAB_DIR", str(DEFAULT_LAB_DIR)))


def vcsim_binary(base: Path | None = None) -> Path:
    return (base or lab_dir()) / "vcsim" / "bin" / BINARY_NAME


def _run(cmd: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    try:
        done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise LabSetupError(f"{cmd[0]}: not found ({exc})") from None
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
        raise LabSetupError(f"{' '.join(cmd)} failed with exit {done.returncode}:\n{tail}")
    return done.stdout


def package_version(name: str) -> str | None:
    """The installed version of a Debian package, or None when it is not installed."""
    try:
        done = subprocess.run(["dpkg-query", "-W", "-f=${db:Status-Status} ${Version}", name],
                              capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return None
    status, _, version = done.stdout.strip().partition(" ")
    return version if done.returncode == 0 and status == "installed" else None


def missing_packages(packages: Iterable[str] = APT_PACKAGES) -> list[str]:
    return [p for p in packages if package_version(p) is None]


def install_packages(progress: Progress = _quiet, packages: Iterable[str] = APT_PACKAGES) -> tuple[str, ...]:
    """apt-get install what is missing (after one ``apt-get update``). Returns what was installed."""
    missing = missing_packages(packages)
    if not missing:
        progress("apt: every lab package is installed")
        return ()
    if os.geteuid() != 0:
        raise LabSetupError(f"installing {', '.join(missing)} needs root")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    progress("apt: apt-get update")
    _run(["apt-get", "update"], env=env)
    progress(f"apt: installing {' '.join(missing)}")
    _run(["apt-get", "install", "-y", "--no-install-recommends", *missing], env=env)
    still = missing_packages(missing)
    if still:
        raise LabSetupError(f"apt-get did not install: {', '.join(still)}")
    return tuple(missing)


def _patches() -> list[Path]:
    return sorted((VCSIM_SOURCE / "patches").glob("*.patch"))


def inputs_hash() -> str:
    """Hash of everything the simulator binary is built from."""
    h = hashlib.sha256()
    for path in [VCSIM_SOURCE / "main.go", *_patches()]:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(f"go={package_version('golang-go')};govmomi={package_version(GOVMOMI_PACKAGE)}".encode())
    return h.hexdigest()


def build_vcsim(base: Path | None = None, progress: Progress = _quiet, *, force: bool = False) -> tuple[Path, bool]:
    """Build the simulator into ``<lab>/vcsim/bin``. Returns (binary, built)."""
    base = base or lab_dir()
    binary = vcsim_binary(base)
    stamp = binary.with_suffix(".inputs")
    if not GOVMOMI_SRC.is_dir():
        raise LabSetupError(f"{GOVMOMI_SRC} is missing: install {GOVMOMI_PACKAGE}")
    if shutil.which("go") is None:
        raise LabSetupError("go is missing: install golang-go")
    digest = inputs_hash()
    work = base / "vcsim"
    work.mkdir(parents=True, exist_ok=True)
    with FileLock(str(work / "build.lock")):   # two sessions sharing a lab dir build once
        if not force and binary.is_file() and stamp.is_file() and stamp.read_text().strip() == digest:
            progress(f"vcsim: {binary} is up to date")
            return binary, False
        _build(work, binary, progress)
        stamp.write_text(digest + "\n")
    progress(f"vcsim: built {binary}")
    return binary, True


def _build(work: Path, binary: Path, progress: Progress) -> None:
    gopath = work / "gopath"
    if gopath.exists():
        shutil.rmtree(gopath)
    src = gopath / "src" / "github.com" / "vmware" / "govmomi"
    progress(f"vcsim: copying {GOVMOMI_SRC} to {src}")
    shutil.copytree(GOVMOMI_SRC, src, symlinks=True)
    for patch in _patches():
        progress(f"vcsim: applying {patch.name}")
        _run(["patch", "-p1", "--batch", "--forward", "--quiet", "-d", str(src), "-i", str(patch)])
    main_dir = gopath / "src" / "kyodo-vcsim"
    main_dir.mkdir(parents=True)
    shutil.copy2(VCSIM_SOURCE / "main.go", main_dir / "main.go")
    binary.parent.mkdir(parents=True, exist_ok=True)
    tmp = binary.with_name(binary.name + ".tmp")
    env = {
        **os.environ,
        "GOPATH": f"{gopath}:{SYSTEM_GOPATH}",
        "GO111MODULE": "off",
        "GOPROXY": "off",
        "GOFLAGS": "",
        "GOCACHE": str(work / "gocache"),
        "CGO_ENABLED": "0",
    }
    progress("vcsim: go build (about 20 s on a fresh cache)")
    _run(["go", "build", "-o", str(tmp), "."], env=env, cwd=main_dir)
    os.replace(tmp, binary)


def setup(progress: Progress = _quiet, *, base: Path | None = None) -> SetupResult:
    """Install the lab's packages and build the simulator (idempotent)."""
    installed = install_packages(progress)
    binary, built = build_vcsim(base, progress)
    return SetupResult(installed=installed, vcsim=binary, built=built)
