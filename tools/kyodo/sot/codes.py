"""全国地方公共団体コード (national local government codes): check digit and the national list."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

_WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(first5: str) -> int:
    """The check digit of a 5-digit body: s = Σ w·d, r = s mod 11, 11 − r (10 → 0, 11 → 1)."""
    if len(first5) != 5 or not first5.isascii() or not first5.isdigit():
        raise ValueError(f"expected 5 ASCII digits, got {first5!r}")
    r = sum(w * int(d) for w, d in zip(_WEIGHTS, first5, strict=True)) % 11
    c = 11 - r
    return {10: 0, 11: 1}.get(c, c)


def code_problem(code: str) -> str | None:
    """Why ``code`` is not a well-formed municipality code, or None when it is."""
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return f"'{code}' is not 6 ASCII digits (allowed: e.g. 312011)"
    want = check_digit(code[:5])
    if int(code[5]) != want:
        return f"check digit of '{code}' is {code[5]}, expected {want} (weights 6,5,4,3,2 mod 11)"
    if not 1 <= int(code[:2]) <= 47:
        return f"prefecture part '{code[:2]}' of '{code}' is not 01–47"
    return None


@dataclass(frozen=True, slots=True)
class NationalEntry:
    code: str
    prefecture: str
    name: str
    kana: str


@cache
def national_list() -> dict[str, NationalEntry]:
    """All 1,741 municipalities (CC0 data shipped with the package), keyed by code."""
    text = resources.files("kyodo.data").joinpath("municipalities.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return {r["code"]: NationalEntry(r["code"], r["prefecture"], r["name"], r["kana"]) for r in rows}


def prefecture_code(code: str) -> str:
    return code[:2]
