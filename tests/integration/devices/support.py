"""Test support: a line-tree platform (hier_config) and twin fixtures' building blocks.

``HierPlatform`` computes diffs with hier_config, independently of the twin's own config
tree, so a push that the twin applies differently from what the diff expects shows up as a
read-back mismatch. Driver facts come from the real platform folder when it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from hier_config import Platform as HierOS
from hier_config import WorkflowRemediation, get_hconfig

from kyodo.platforms.base import ConfigDiff, DriverFacts

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "devices"

SKIP_PREFIXES = ("Building configuration", "Current configuration", "!", "#")

YAMAHA_FACTS = DriverFacts(
    netmiko_device_type="yamaha", prompt_pattern=r"[\w.\-]*(tunnel\d+)?[>#]\s*$",
    error_patterns=(r"Error:",), enter_config=(), exit_config=(), save_command="save",
    show_running="show config", comment_prefix="#",
)
NEC_FACTS = DriverFacts(
    netmiko_device_type="nec_ix", prompt_pattern=r"[\w.\-]+(\([\w.\-]+\))?#\s*$",
    error_patterns=(r"% Invalid", r"% Incomplete", r"% Unknown"), enter_config=("configure",),
    exit_config=("exit",), save_command="write memory", show_running="show running-config",
    comment_prefix="!",
)


def real_facts(module: str) -> DriverFacts | None:
    try:
        return import_module(f"kyodo.platforms.{module}.facts").FACTS  # type: ignore[no-any-return]
    except (ImportError, AttributeError):
        return None


def _clean(text: str) -> str:
    lines = [ln for ln in text.splitlines()
             if ln.strip() and not ln.strip().startswith(SKIP_PREFIXES)
             and ln.strip() not in ("end", "exit-address-family")]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class HierPlatform:
    name: str
    facts: DriverFacts
    hier_os: HierOS = HierOS.CISCO_IOS

    def diff(self, running: str, intended: str) -> ConfigDiff:
        w = WorkflowRemediation(get_hconfig(self.hier_os, _clean(running)), get_hconfig(self.hier_os, _clean(intended)))
        rem = tuple(line.strip() for line in w.remediation_config.dump_simple())
        back = tuple(line.strip() for line in w.rollback_config.dump_simple())
        return ConfigDiff(commands=rem, rollback=back)


def iosxe_platform() -> HierPlatform:
    facts = real_facts("cisco_iosxe")
    assert facts is not None, "tools/kyodo/platforms/cisco_iosxe/facts.py is expected"
    return HierPlatform("cisco_iosxe", facts, HierOS.CISCO_IOS)


def yamaha_platform() -> HierPlatform:
    return HierPlatform("yamaha_rtx", real_facts("yamaha_rtx") or YAMAHA_FACTS, HierOS.GENERIC)


def nec_platform() -> HierPlatform:
    return HierPlatform("nec_ix", real_facts("nec_ix") or NEC_FACTS, HierOS.GENERIC)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")
