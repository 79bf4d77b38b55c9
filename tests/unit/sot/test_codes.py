"""全国地方公共団体コード check digits against the national list."""

from __future__ import annotations

import pytest

from kyodo.sot.codes import check_digit, code_problem, national_list


@pytest.mark.parametrize(("code", "name"), [("011002", "札幌市"), ("131016", "千代田区"), ("312011", "鳥取市")])
def test_known_examples(code: str, name: str) -> None:
    assert code_problem(code) is None
    assert national_list()[code].name == name


def test_every_national_code_has_a_valid_check_digit() -> None:
    codes = national_list()
    assert len(codes) == 1741
    assert sum(1 for c in codes if c[:2] == "31") == 19
    assert sum(1 for c in codes if c[:2] == "01") == 179
    for code in codes:
        assert check_digit(code[:5]) == int(code[5]), code


def test_ten_and_eleven_map_to_zero_and_one() -> None:
    # find bodies whose raw check value would be 10 and 11
    tens = [
        c
        for c in national_list()
        if 11 - sum(w * int(d) for w, d in zip((6, 5, 4, 3, 2), c[:5], strict=True)) % 11 == 10
    ]
    elevens = [
        c for c in national_list() if sum(w * int(d) for w, d in zip((6, 5, 4, 3, 2), c[:5], strict=True)) % 11 == 0
    ]
    assert tens and elevens
    assert all(c[5] == "0" for c in tens)
    assert all(c[5] == "1" for c in elevens)


@pytest.mark.parametrize("bad", ["31201", "3120111", "31201a", "312012", "３１２０１１", ""])
def test_bad_codes(bad: str) -> None:
    assert code_problem(bad)
