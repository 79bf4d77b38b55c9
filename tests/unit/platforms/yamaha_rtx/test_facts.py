"""Yamaha RTX driver facts against recorded console output (tests/fixtures/yamaha_rtx/sessions)."""

from __future__ import annotations

import re
from pathlib import Path

from kyodo.platforms.yamaha_rtx import PLATFORM

SESSIONS = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "yamaha_rtx" / "sessions"
FACTS = PLATFORM.facts


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if any(re.search(p, line) for p in FACTS.error_patterns)]


def test_error_patterns_catch_each_rejected_command() -> None:
    text = (SESSIONS / "errors.txt").read_text(encoding="utf-8")
    rejected = [line for line in text.splitlines() if not line.startswith("RTX830#")]
    assert _errors(text) == rejected and len(rejected) == 4


def test_error_patterns_stay_quiet_on_accepted_commands() -> None:
    assert _errors((SESSIONS / "ok.txt").read_text(encoding="utf-8")) == []


def test_prompt_pattern_matches_user_and_administrator_prompts() -> None:
    for prompt in (SESSIONS / "prompts.txt").read_text(encoding="utf-8").splitlines():
        assert re.search(FACTS.prompt_pattern, prompt), prompt
    assert not re.search(FACTS.prompt_pattern, "ip filter 1001 pass * * * * *")


def test_driver_facts_values() -> None:
    assert FACTS.netmiko_device_type == "yamaha"
    assert FACTS.save_command == "save"
    assert FACTS.show_running == "show config"
    assert FACTS.comment_prefix == "#"
    assert FACTS.confirm_arm == ()          # no native commit-confirm: emulated, see notes
    assert "schedule at" in FACTS.notes and "rollback" in FACTS.notes
    assert "{time}" in FACTS.extra["safety_arm"]
