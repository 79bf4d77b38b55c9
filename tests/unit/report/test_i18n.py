"""The message catalogue: both languages for every key, and no unknown key used anywhere."""

from __future__ import annotations

import re
from pathlib import Path

from kyodo.report import i18n

PKG = Path(i18n.__file__).parent
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# labels that are the same in both languages on purpose (abbreviations, algorithm names)
SAME = {"sha256", "finding_id", "vm", "cpe"}


def test_every_key_has_both_languages() -> None:
    for key, (ja, en) in i18n.CATALOGUE.items():
        assert ja.strip() and en.strip(), key
        if key not in SAME:
            assert JAPANESE.search(ja), f"{key}: ja label has no Japanese: {ja!r}"
            assert not JAPANESE.search(en), f"{key}: en label has Japanese: {en!r}"


def test_used_keys_exist() -> None:
    used: set[str] = set()
    pattern = re.compile(r"""\bt(?:\.both|\.other)?[\[(]["']([a-z_]+)["'][\])]""")
    for path in [*PKG.glob("*.py"), *PKG.glob("templates/*.j2")]:
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert len(used) > 40
    assert used - set(i18n.CATALOGUE) == set()


def test_labels() -> None:
    ja, en = i18n.Labels("ja"), i18n.Labels("en")
    assert ja["sec_matrix"] == "分離マトリクス" and en["sec_matrix"] == "Isolation matrix"
    assert ja.both("sec_three_layer") == "三層分離 (Three-layer separation)"
    assert en.severity("critical") == "critical" and ja.severity("critical") == "致命的"
    assert en.severity("unheard-of") == "unheard-of"


def test_every_verifier_rule_has_a_remediation() -> None:
    rules_dir = PKG.parent / "verify" / "rules"
    if not rules_dir.is_dir():
        return
    rules = set()
    for path in rules_dir.glob("*.py"):
        rules |= set(re.findall(r"""make\(\s*["']([a-z_0-9]+\.[a-z_0-9]+)["']""", path.read_text(encoding="utf-8")))
    assert rules, "no rule found: the pattern no longer matches the verifier's code"
    assert rules - set(i18n.FIXES) == set()
    for rule, (ja, en) in i18n.FIXES.items():
        assert JAPANESE.search(ja) and en and not JAPANESE.search(en), rule


def test_catalogue_fix_used_when_the_finding_has_none(violations: object) -> None:
    from dataclasses import replace

    from kyodo.report.markdown import render_markdown
    from kyodo.report.model import Report

    assert isinstance(violations, Report)
    f = replace(violations.findings[0], rule="vpn.psk_reuse", fix="")
    text = render_markdown(replace(violations, findings=(f,)), "ja")
    assert i18n.FIXES["vpn.psk_reuse"][0] in text
