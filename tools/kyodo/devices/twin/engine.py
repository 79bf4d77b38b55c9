"""A twin device's state and its line-by-line CLI, independent of SSH (``server.py`` carries it).

``TwinDevice`` holds what survives sessions (running and startup configuration, a pending
confirmed-change timer, fault injection, a log of received commands); ``CliSession`` is one
login's mode and sub-mode. Behaviour comes from the vendor rules file (``rules.py``); every
rule there names the documentation it follows. This is a simulation for tests and the lab.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from kyodo.devices.twin.configtree import CommandInvalid, ConfigTree, Node
from kyodo.devices.twin.rules import VendorRules, load_rules


@dataclass(slots=True)
class Faults:
    """Injected failures. ``reject``: regexes of configuration commands answered with the
    vendor's error text; ``drop_after``: close the SSH session when a session receives its
    configuration command number ``drop_after + 1`` (it is not applied), for the next
    ``drop_sessions`` sessions that get that far; ``lock_out_after_drop``: refuse every
    later login (a device that stays unreachable)."""

    reject: tuple[str, ...] = ()
    drop_after: int | None = None
    drop_sessions: int = 1
    lock_out_after_drop: bool = False
    locked_out: bool = False


class SessionDropped(Exception):
    """Raised inside the CLI to make the server close the connection (fault injection)."""


@dataclass(slots=True)
class TwinDevice:
    vendor: str
    hostname: str = ""
    username: str = "kyodo"
    password: str = ""
    enable_secret: str = ""
    initial_config: str = ""
    minute_seconds: float = 60.0          # time scale of revert timers (tests shorten it)
    faults: Faults = field(default_factory=Faults)
    rules: VendorRules = field(init=False)
    running: ConfigTree = field(init=False)
    startup: ConfigTree = field(init=False)
    files: dict[str, str] = field(default_factory=dict)  # flash files (copied running configs)
    commands: list[str] = field(default_factory=list)   # every configuration command received
    events: list[str] = field(default_factory=list)     # saves, reverts, drops (for tests)
    lock: threading.RLock = field(default_factory=threading.RLock)
    _revert_timer: threading.Timer | None = None
    _revert_snapshot: ConfigTree | None = None

    def __post_init__(self) -> None:
        self.rules = load_rules(self.vendor)
        text = self.initial_config
        if self.hostname and self.rules.hostname_command is not None and not re.search(
                self.rules.hostname_command.pattern.lstrip("^"), text, re.MULTILINE):
            text = _hostname_line(self.rules, self.hostname) + "\n" + text
        self.running = ConfigTree.parse(self.rules, text)
        self.startup = self.running.copy()

    # --- views -------------------------------------------------------------------------

    def running_config(self) -> str:
        with self.lock:
            return self.running.render()

    def startup_config(self) -> str:
        with self.lock:
            return self.startup.render()

    def prompt_name(self) -> str:
        pattern = self.rules.hostname_command
        if pattern is not None:
            for node in self.running.root.children:
                m = pattern.fullmatch(node.line)
                if m:
                    return m.group(1)
        return self.hostname or self.rules.default_hostname

    def has_line(self, path: str) -> bool:
        """Whether a line exists, addressed as ``parent/child`` (regex, full match per level)."""
        parts = path.split("/")

        def walk(nodes: list[Node], i: int) -> bool:
            return any(re.fullmatch(parts[i], n.line) and (i == len(parts) - 1 or walk(n.children, i + 1))
                       for n in nodes)

        with self.lock:
            return walk(self.running.root.children, 0)

    # --- confirmed change (IOS-XE semantics) --------------------------------------------

    @property
    def revert_pending(self) -> bool:
        return self._revert_timer is not None

    def arm_revert(self, minutes: int) -> None:
        with self.lock:
            self.cancel_revert()
            self._revert_snapshot = self.running.copy()
            timer = threading.Timer(minutes * self.minute_seconds, self.revert_now)
            timer.daemon = True
            self._revert_timer = timer
            timer.start()
            self.events.append(f"revert armed {minutes}")

    def cancel_revert(self) -> bool:
        with self.lock:
            timer, self._revert_timer = self._revert_timer, None
            self._revert_snapshot = None if timer else self._revert_snapshot
            if timer is None:
                return False
            timer.cancel()
            self.events.append("revert confirmed")
            return True

    def revert_now(self) -> bool:
        with self.lock:
            snapshot = self._revert_snapshot
            if self._revert_timer is not None:
                self._revert_timer.cancel()
            self._revert_timer = None
            self._revert_snapshot = None
            if snapshot is None:
                return False
            self.running = snapshot
            self.events.append("reverted")
            return True

    def save(self) -> None:
        with self.lock:
            self.startup = self.running.copy()
            self.events.append("saved")


def _hostname_line(rules: VendorRules, name: str) -> str:
    # the rules' hostname pattern is "^<keyword> (\S+)$"; rebuild the line from its keyword
    keyword = rules.hostname_command.pattern.strip("^$").split(" ")[0] if rules.hostname_command else ""
    return f"{keyword} {name}"


class CliSession:
    """One login: reads command lines, returns what the device prints (prompt included)."""

    def __init__(self, device: TwinDevice) -> None:
        self.device = device
        self.rules = device.rules
        self.level = "user" if self.rules.login_level == "user" else "exec"
        self.context: list[Node] = []
        self.awaiting: Callable[[str], str] | None = None
        self.config_count = 0
        self.dirty = False

    # --- prompts -----------------------------------------------------------------------

    def prompt(self) -> str:
        name = self.device.prompt_name()
        if self.level == "user":
            return self.rules.prompt_user.format(hostname=name)
        if self.level == "exec" and not self.rules.config_is_exec:
            return self.rules.prompt_exec.format(hostname=name)
        for node in reversed(self.context[1:]):
            section = node.section
            if section is None or not section.prompt:
                continue   # a display-only block ("ipsec tunnel N" on Yamaha) keeps the parent's prompt
            m = section.match.fullmatch(node.line)
            groups = m.groups() if m else ()
            return section.prompt.format(*[g or "" for g in groups], hostname=name)
        if self.rules.config_is_exec:
            return self.rules.prompt_exec.format(hostname=name)
        return self.rules.prompt_config.format(hostname=name)

    def banner(self) -> str:
        return "\r\n" + self.prompt()

    # --- input -------------------------------------------------------------------------

    def handle(self, line: str) -> str:
        """Process one input line; return the text to print (ending with the next prompt)."""
        if self.awaiting is not None:
            handler, self.awaiting = self.awaiting, None
            out = handler(line)
            return _join(out, self.prompt()) if out is not None else ""
        cmd = line.replace("\x1a", "").strip()
        ctrl_z = "\x1a" in line
        out = self._dispatch(cmd)
        if ctrl_z and self.level == "config":
            self._leave_config()
        if self.awaiting is not None:
            return out
        return _join(out, self.prompt())

    def _dispatch(self, cmd: str) -> str:
        r = self.rules
        if not cmd:
            return ""
        if self.level == "user":
            if r.enable_command is not None and r.enable_command.fullmatch(cmd):
                self.awaiting = self._enable_password
                return r.enable_prompt
            return self._exec_common(cmd)
        if self.level == "exec":
            if r.config_is_exec and self._is_config_candidate(cmd):
                return self._config(cmd)
            return self._exec(cmd)
        return self._config(cmd)

    def _enable_password(self, password: str) -> str:
        if password.strip() == self.device.enable_secret:
            self.level = "exec"
            if self.rules.config_is_exec:
                self.context = [self.device.running.root]
            return ""
        return self.rules.enable_denied

    def _exec_common(self, cmd: str) -> str:
        r = self.rules
        if r.matches(r.exec_silent, cmd):
            return ""
        if r.matches(r.show_running, cmd):
            return self._show_running()
        if r.matches(r.exit_one, cmd) or cmd in ("quit", "logout"):
            raise SessionDropped("logout")
        return self._invalid(cmd)

    def _exec(self, cmd: str) -> str:
        r = self.rules
        if r.enable_command is not None and r.enable_command.fullmatch(cmd):
            return ""
        revert = r.revert
        if revert is not None:
            m = revert.arm.fullmatch(cmd)
            if m:
                if revert.requires is not None and not self.device.has_line(revert.requires.pattern):
                    return revert.requires_error
                self.device.arm_revert(int(m.group(1)))
                self._enter_config()
                return _join(revert.armed_message.format(archive="flash:kyodo-rollback"), r.enter_message)
            if revert.confirm.fullmatch(cmd):
                return revert.confirmed_message if self.device.cancel_revert() else revert.not_pending
            if revert.now.fullmatch(cmd):
                return revert.rolled_back_message if self.device.revert_now() else revert.not_pending
        if r.matches(r.enter_config, cmd):
            self._enter_config()
            return r.enter_message
        files = r.files
        if files is not None:
            m = files.copy_running.fullmatch(cmd)
            if m:
                return self._copy_running(m.group(1))
            m = files.replace.fullmatch(cmd) if files.replace is not None else None
            if m:
                return self._replace(m.group(1))
        if r.matches(r.save_commands, cmd):
            self.device.save()
            self.dirty = False
            return r.save_output
        if r.config_is_exec and r.matches(r.exit_one, cmd) and self.dirty and r.exit_unsaved_prompt:
            self.awaiting = self._exit_unsaved
            return r.exit_unsaved_prompt
        if r.config_is_exec and r.matches(r.exit_one, cmd) and r.login_level == "user":
            self.level = "user"
            self.context = []
            return ""
        return self._exec_common(cmd)

    def _copy_running(self, dest: str) -> str:
        files = self.rules.files
        assert files is not None
        name = dest.split(":")[-1]

        def answer(reply: str) -> str:
            target = reply.strip() or name
            text = self.device.running_config()
            if target == files.startup:
                self.device.save()
                self.dirty = False
            else:
                with self.device.lock:
                    self.device.files[target] = text
                self.device.events.append(f"copied running-config to {target}")
            return files.copy_output.replace("{bytes}", str(len(text.encode())))

        self.awaiting = answer
        return files.destination_prompt.replace("{name}", name)

    def _replace(self, source: str) -> str:
        files = self.rules.files
        assert files is not None
        name = source.split(":")[-1]
        with self.device.lock:
            text = self.device.files.get(name)
            if text is None:
                return files.missing.replace("{name}", source)
            self.device.running = ConfigTree.parse(self.rules, text)
            self.device.events.append(f"replaced running-config from {name}")
        return files.replace_output

    def _exit_unsaved(self, answer: str) -> str:
        if answer.strip().upper().startswith("Y"):
            self.device.save()
        self.dirty = False
        self.level = "user"
        self.context = []
        return ""

    def _enter_config(self) -> None:
        self.level = "config"
        self.context = [self.device.running.root]

    def _leave_config(self) -> None:
        self.level = "exec"
        self.context = [self.device.running.root] if self.rules.config_is_exec else []

    def _is_config_candidate(self, cmd: str) -> bool:
        r = self.rules
        return not (r.matches(r.exec_silent, cmd) or r.matches(r.show_running, cmd)
                    or r.matches(r.save_commands, cmd) or r.matches(r.exit_one, cmd)
                    or (r.enable_command is not None and r.enable_command.fullmatch(cmd)))

    def _config(self, cmd: str) -> str:
        r = self.rules
        if r.matches(r.exec_silent, cmd):
            return ""
        if not r.config_is_exec:
            if r.matches(r.enter_config, cmd):
                self.context = [self.device.running.root]
                return ""
            if r.matches(r.end_config, cmd):
                self._leave_config()
                return ""
            if r.matches(r.exit_one, cmd):
                if len(self.context) > 1:
                    self.context = self.context[:-1]
                else:
                    self._leave_config()
                return ""
            if cmd.startswith("do "):
                return self._exec(cmd[3:])
            if r.matches(r.show_running, cmd) or r.matches(r.save_commands, cmd):
                return self._exec(cmd)
        if r.matches(r.leave_to_root, cmd):
            self.context = [self.device.running.root]
            return ""
        for depth in range(len(self.context) - 1, 0, -1):
            section = self.context[depth].section
            if section is not None and section.footer == cmd:   # "exit-address-family"
                self.context = self.context[:depth]
                return ""
        self._count_and_maybe_drop(cmd)
        faults = self.device.faults
        if any(re.fullmatch(p, cmd) for p in faults.reject):
            return self._invalid(cmd)
        with self.device.lock:
            # the running tree may have been replaced (revert) since the context was taken
            if not self.context or self.context[0] is not self.device.running.root:
                self.context = [self.device.running.root]
            try:
                self.context = self.device.running.apply(self.context, cmd)
            except CommandInvalid:
                return self._invalid(cmd)
        self.dirty = True
        return ""

    def _count_and_maybe_drop(self, cmd: str) -> None:
        self.device.commands.append(cmd)
        self.config_count += 1
        faults = self.device.faults
        if faults.drop_after is not None and faults.drop_sessions > 0 and self.config_count > faults.drop_after:
            faults.drop_sessions -= 1
            faults.locked_out = faults.lock_out_after_drop
            self.device.events.append(f"dropped session at {cmd!r}")
            raise SessionDropped(cmd)

    def _invalid(self, cmd: str) -> str:
        r = self.rules
        if r.caret:
            col = len(self.prompt()) + max(len(cmd) - len(cmd.split(" ")[-1]), 0)
            return _join(" " * col + "^", r.invalid_error)
        return r.invalid_error

    def _show_running(self) -> str:
        body = self.device.running_config()
        r = self.rules
        header = r.running_header.replace("{bytes}", str(len(body.encode())))
        parts = [header] if header else []
        parts.append(body.rstrip("\n"))
        if r.running_footer:
            parts.append(r.running_footer)
        return "\n".join(parts)


def _join(*parts: str) -> str:
    text = "\n".join(p.replace("\r\n", "\n") for p in parts if p)
    # the prompt goes on a fresh line after output, as on the real devices
    return text.replace("\n", "\r\n")
