"""The artifact scrubber: plain and JSON-escaped secrets replaced; a survivor fails loudly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kyodo.runner.scrub import SecretLeak, assert_clean, leaks, scrub_tree

SECRET = 'Pa"ss\\w0rd-77'


def test_scrub_replaces_plain_and_json_escaped_forms(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "event.json").write_text(json.dumps({"res": {"cmd": f"key {SECRET}"}}))
    (tmp_path / "stdout").write_text(f"pre-shared-key {SECRET}\n")
    (tmp_path / "clean.txt").write_text("nothing here\n")
    report = scrub_tree(tmp_path, [SECRET, "xy"])   # too-short values are ignored
    assert report.files_scanned == 3 and report.files_changed == 2 and report.replacements == 2
    assert leaks(tmp_path, [SECRET]) == []
    assert "********" in (tmp_path / "stdout").read_text()
    assert (tmp_path / "clean.txt").read_text() == "nothing here\n"
    assert_clean(tmp_path, [SECRET])


def test_assert_clean_names_files_never_the_secret(tmp_path: Path) -> None:
    (tmp_path / "left.txt").write_text(f"oops {SECRET}")
    with pytest.raises(SecretLeak) as info:
        assert_clean(tmp_path, [SECRET])
    assert "left.txt" in str(info.value) and SECRET not in str(info.value)
