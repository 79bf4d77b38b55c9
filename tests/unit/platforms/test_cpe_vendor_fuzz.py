"""The Yamaha RTX and NEC IX parsers and diffs never crash: mutated real lines and random text (hypothesis)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kyodo.platforms.registry import PLATFORMS

from .yamaha_rtx.cpe_intents import all_cpes, secret

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
VENDORS = ("yamaha_rtx", "nec_ix")


def _lines(vendor: str) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in (FIXTURES / vendor / "examples").glob("*.cfg")]
    texts += [PLATFORMS[vendor].render(i, secret) for i in all_cpes(vendor).values()]
    return sorted({line for text in texts for line in text.splitlines()})


LINES = {v: _lines(v) for v in VENDORS}
WORDS = {v: sorted({w for line in LINES[v] for w in line.split()} | {"*", "-", "/", "0x", "999999999999", "none", ""})
         for v in VENDORS}


@st.composite
def mutated_line(draw: st.DrawFn, vendor: str) -> str:
    words = draw(st.sampled_from(LINES[vendor])).split()
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["drop", "replace", "insert", "truncate"]))
        pos = draw(st.integers(0, max(len(words) - 1, 0)))
        if op == "drop" and words:
            del words[pos]
        elif op == "replace" and words:
            words[pos] = draw(st.sampled_from(WORDS[vendor]))
        elif op == "insert":
            words.insert(pos, draw(st.sampled_from(WORDS[vendor])))
        elif words:
            words = words[:pos]
    indent = draw(st.sampled_from(["", " ", "  "]))
    return indent + " ".join(words)


def _check(vendor: str, text: str) -> None:
    platform = PLATFORMS[vendor]
    cfg = platform.parse(text)
    n = len(text.splitlines())
    assert cfg.platform == vendor
    assert all(1 <= u.line <= n for u in cfg.unparsed)
    for obj in (*cfg.interfaces, *cfg.static_routes, *cfg.acls, *cfg.vpn_peers):
        assert 0 <= obj.line <= n
    assert platform.diff(text, text).commands == ()
    platform.diff(text, LINES[vendor][0])


@pytest.mark.parametrize("vendor", VENDORS)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_real_lines(vendor: str, data: st.DataObject) -> None:
    _check(vendor, "\n".join(data.draw(st.lists(mutated_line(vendor), max_size=40))))


@pytest.mark.parametrize("vendor", VENDORS)
@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=400))
def test_random_text(vendor: str, text: str) -> None:
    _check(vendor, text)
