"""A vendor's CLI behaviour as data: the YAML files next to this module, loaded into frozen records.

Each YAML file names the public documentation its rules follow. The rules are a
simulation, not the vendor's software: only the command shapes kyodo's platforms render
(plus the session commands netmiko sends) are modelled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

VENDORS = ("cisco_iosxe", "yamaha_rtx", "nec_ix")


@dataclass(frozen=True, slots=True)
class Section:
    """A configuration block: its opener, the prompt mode it enters and what it accepts."""

    match: re.Pattern[str]
    prompt: str                       # format string: {hostname}, {0}/{1}… groups of ``match``; "" = parent's
    children: tuple[re.Pattern[str], ...]
    sections: tuple[Section, ...]
    footer: str | None                # line printed after the block's children (IOS "exit-address-family")


@dataclass(frozen=True, slots=True)
class Revert:
    """IOS-XE's confirmed-change: ``configure terminal revert timer N`` / ``configure confirm``."""

    arm: re.Pattern[str]
    confirm: re.Pattern[str]
    now: re.Pattern[str]
    armed_message: str
    confirmed_message: str
    not_pending: str
    rolled_back_message: str
    requires: re.Pattern[str] | None   # a running-config line that must exist (archive path)
    requires_error: str


@dataclass(frozen=True, slots=True)
class Files:
    """Configuration files on the device's flash: copy the running config out, replace from one."""

    copy_running: re.Pattern[str]
    destination_prompt: str
    copy_output: str
    startup: str
    replace: re.Pattern[str] | None
    replace_output: str
    missing: str


@dataclass(frozen=True, slots=True)
class VendorRules:
    vendor: str
    documentation: tuple[str, ...]
    default_hostname: str
    hostname_command: re.Pattern[str] | None   # config line whose group 1 becomes the prompt name
    prompt_user: str
    prompt_exec: str
    prompt_config: str
    login_level: str                  # "user" (needs enable) or "exec"
    enable_command: re.Pattern[str] | None
    enable_prompt: str
    enable_denied: str
    config_is_exec: bool              # Yamaha: the administrator level *is* the config level
    enter_config: tuple[re.Pattern[str], ...]
    enter_message: str
    end_config: tuple[re.Pattern[str], ...]
    exit_one: tuple[re.Pattern[str], ...]
    leave_to_root: tuple[re.Pattern[str], ...]   # e.g. Yamaha "tunnel select none"
    exec_silent: tuple[re.Pattern[str], ...]     # paging / terminal commands, no output
    show_running: tuple[re.Pattern[str], ...]
    running_header: str
    running_footer: str
    separator: str                    # line printed between top-level blocks ("!")
    indent: str
    negate: str
    stored_negations: tuple[re.Pattern[str], ...]  # "no shutdown" kept as a line (NEC)
    unique: tuple[re.Pattern[str], ...]          # one line per sibling with the same key (group 0)
    top: tuple[re.Pattern[str], ...]
    sections: tuple[Section, ...]
    save_commands: tuple[re.Pattern[str], ...]
    save_output: str
    invalid_error: str
    caret: bool
    exit_unsaved_prompt: str          # Yamaha asks "Save new configuration ? (Y/N)" on exit
    revert: Revert | None
    files: Files | None
    banner: re.Pattern[str] | None = None   # IOS banners: "<keyword> <delim>text<delim>"
    banner_shown_delimiter: str = "^C"
    # Yamaha: a global command entered inside "tunnel select N" applies globally and the
    # tunnel context stays (IOS instead moves the session to the mode that knows the command)
    sticky_context: bool = False
    hide_empty_sections: bool = False    # Yamaha: an empty "tunnel select N" is not shown
    # commands that remove a line without a "no" form, e.g. Yamaha "tunnel disable N"
    removes: tuple[tuple[re.Pattern[str], str], ...] = ()

    def matches(self, patterns: tuple[re.Pattern[str], ...], line: str) -> bool:
        return any(p.fullmatch(line) for p in patterns)


def _patterns(values: list[str] | None) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(v) for v in values or ())


def _section(raw: dict[str, Any]) -> Section:
    return Section(
        match=re.compile(raw["match"]),
        prompt=raw["prompt"],
        children=_patterns(raw.get("children")),
        sections=tuple(_section(s) for s in raw.get("sections", ())),
        footer=raw.get("footer"),
    )


def _revert(raw: dict[str, Any] | None) -> Revert | None:
    if not raw:
        return None
    requires = raw.get("requires")
    return Revert(
        arm=re.compile(raw["arm"]),
        confirm=re.compile(raw["confirm"]),
        now=re.compile(raw["now"]),
        armed_message=raw["armed_message"],
        confirmed_message=raw["confirmed_message"],
        not_pending=raw["not_pending"],
        rolled_back_message=raw["rolled_back_message"],
        requires=re.compile(requires) if requires else None,
        requires_error=raw.get("requires_error", ""),
    )


def _files(raw: dict[str, Any] | None) -> Files | None:
    if not raw:
        return None
    return Files(
        copy_running=re.compile(raw["copy_running"]),
        destination_prompt=raw.get("destination_prompt", ""),
        copy_output=raw.get("copy_output", ""),
        startup=raw.get("startup", "startup-config"),
        replace=re.compile(raw["replace"]) if raw.get("replace") else None,
        replace_output=raw.get("replace_output", ""),
        missing=raw.get("missing", "% No such file"),
    )


def parse_rules(raw: dict[str, Any]) -> VendorRules:
    prompts = raw["prompts"]
    cfg = raw["config"]
    enable = raw.get("enable") or {}
    hostname_command = raw.get("hostname_command")
    return VendorRules(
        vendor=raw["vendor"],
        documentation=tuple(raw.get("documentation", ())),
        default_hostname=raw.get("default_hostname", "Router"),
        hostname_command=re.compile(hostname_command) if hostname_command else None,
        prompt_user=prompts["user"],
        prompt_exec=prompts["exec"],
        prompt_config=prompts["config"],
        login_level=raw.get("login_level", "exec"),
        enable_command=re.compile(enable["command"]) if enable.get("command") else None,
        enable_prompt=enable.get("password_prompt", "Password: "),
        enable_denied=enable.get("denied", "% Access denied"),
        config_is_exec=bool(cfg.get("is_exec", False)),
        enter_config=_patterns(cfg.get("enter")),
        enter_message=cfg.get("enter_message", ""),
        end_config=_patterns(cfg.get("end")),
        exit_one=_patterns(cfg.get("exit")),
        leave_to_root=_patterns(cfg.get("leave_to_root")),
        exec_silent=_patterns(raw.get("exec_silent")),
        show_running=_patterns(raw["show_running"]["commands"]),
        running_header=raw["show_running"].get("header", ""),
        running_footer=raw["show_running"].get("footer", ""),
        separator=raw["show_running"].get("separator", ""),
        indent=cfg.get("indent", " "),
        negate=cfg.get("negate", "no "),
        stored_negations=_patterns(cfg.get("stored_negations")),
        unique=_patterns(cfg.get("unique")),
        top=_patterns(cfg.get("top")),
        sections=tuple(_section(s) for s in cfg.get("sections", ())),
        save_commands=_patterns(raw["save"]["commands"]),
        save_output=raw["save"].get("output", ""),
        invalid_error=raw["errors"]["invalid"],
        caret=bool(raw["errors"].get("caret", False)),
        exit_unsaved_prompt=raw.get("exit_unsaved_prompt", ""),
        revert=_revert(raw.get("revert")),
        files=_files(raw.get("files")),
        banner=re.compile(cfg["banner"]["match"]) if cfg.get("banner") else None,
        banner_shown_delimiter=(cfg.get("banner") or {}).get("shown_delimiter", "^C"),
        sticky_context=bool(cfg.get("sticky_context", False)),
        hide_empty_sections=bool(cfg.get("hide_empty_sections", False)),
        removes=tuple((re.compile(r["match"]), r["removes"]) for r in cfg.get("removes", ())),
    )


@cache
def load_rules(vendor: str) -> VendorRules:
    """The rules of one vendor (``cisco_iosxe``, ``yamaha_rtx``, ``nec_ix``)."""
    if vendor not in VENDORS:
        raise KeyError(f"no CLI twin for '{vendor}' (known: {', '.join(VENDORS)})")
    text = resources.files("kyodo.devices.twin").joinpath(f"{vendor}.yaml").read_text(encoding="utf-8")
    return parse_rules(yaml.safe_load(text))
