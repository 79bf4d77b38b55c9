"""The IX parser and diff never crash: mutated real lines and random text (hypothesis)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kyodo.platforms.nec_ix import PLATFORM

from ..yamaha_rtx.cpe_intents import all_cpes, secret

EXAMPLES = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "nec_ix" / "examples"
LINES = sorted({
    line
    for text in [*(p.read_text(encoding="utf-8") for p in EXAMPLES.glob("*.cfg")),
                 *(PLATFORM.render(i, secret) for i in all_cpes("nec_ix").values())]
    for line in text.splitlines()
})
WORDS = sorted({w for line in LINES for w in line.split()} | {"*", "-", "/", "0x", "999999999999", "none", ""})


@st.composite
def mutated_line(draw: st.DrawFn) -> str:
    words = draw(st.sampled_from(LINES)).split()
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["drop", "replace", "insert", "truncate"]))
        pos = draw(st.integers(0, max(len(words) - 1, 0)))
        if op == "drop" and words:
            del words[pos]
        elif op == "replace" and words:
            words[pos] = draw(st.sampled_from(WORDS))
        elif op == "insert":
            words.insert(pos, draw(st.sampled_from(WORDS)))
        elif words:
            words = words[:pos]
    indent = draw(st.sampled_from(["", " ", "  "]))
    return indent + " ".join(words)


def _check(text: str) -> None:
    cfg = PLATFORM.parse(text)
    n = len(text.splitlines())
    assert cfg.platform == "nec_ix"
    assert all(1 <= u.line <= n for u in cfg.unparsed)
    for obj in (*cfg.interfaces, *cfg.static_routes, *cfg.acls, *cfg.vpn_peers):
        assert 0 <= obj.line <= n
    assert PLATFORM.diff(text, text).commands == ()
    PLATFORM.diff(text, LINES[0])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutated_line(), max_size=40))
def test_mutated_real_lines(lines: list[str]) -> None:
    _check("\n".join(lines))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    _check(text)
