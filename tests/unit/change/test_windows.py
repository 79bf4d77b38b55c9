"""Change windows: recurring across midnight, one-off, freezes win, Asia/Tokyo."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kyodo.change.windows import check, load_windows
from kyodo.errors import ValidationFailed

JST = ZoneInfo("Asia/Tokyo")
SAMPLE = Path(__file__).resolve().parents[3] / "inventory" / "sot"


@pytest.mark.parametrize(
    ("at", "allowed", "name"),
    [
        (datetime(2027, 1, 19, 23, 0, tzinfo=JST), True, "weekly-tue-night"),  # Tuesday evening
        (datetime(2027, 1, 20, 1, 30, tzinfo=JST), True, "weekly-tue-night"),  # after midnight, Wednesday
        (datetime(2027, 1, 20, 2, 0, tzinfo=JST), False, None),  # window end is exclusive
        (datetime(2027, 1, 19, 21, 59, tzinfo=JST), False, None),
        (datetime(2027, 1, 16, 22, 0, tzinfo=JST), True, "onboarding-wave-2027-01"),  # a Saturday one-off
        (datetime(2027, 3, 30, 23, 0, tzinfo=JST), False, "fiscal-year-switch"),  # Tuesday, but frozen
        (datetime(2028, 4, 4, 23, 0, tzinfo=JST), False, "fiscal-year-switch"),  # every year
        (datetime(2027, 6, 8, 23, 0, tzinfo=JST), False, "premium-assessment-2027"),
        (datetime(2027, 6, 22, 23, 0, tzinfo=JST), True, "weekly-tue-night"),
    ],
)
def test_sample_windows(at: datetime, allowed: bool, name: str | None) -> None:
    d = check(load_windows(SAMPLE), at)
    assert d.allowed is allowed, d.reason
    assert (d.window if allowed else d.freeze) == name


def test_utc_input_is_converted_to_tokyo() -> None:
    # 13:30 UTC on Tuesday = 22:30 JST Tuesday
    from datetime import UTC

    d = check(load_windows(SAMPLE), datetime(2027, 1, 19, 13, 30, tzinfo=UTC))
    assert d.allowed and d.window == "weekly-tue-night"


def test_no_windows_refuses(tmp_path: Path) -> None:
    d = check(load_windows(tmp_path), datetime(2027, 1, 19, 23, 0, tzinfo=JST))
    assert not d.allowed and "no change window" in d.reason


def test_bad_window_file_is_located(tmp_path: Path) -> None:
    (tmp_path / "windows.yml").write_text(
        "recurring:\n  - name: w\n    days: [tuesday]\n    start: '22:00'\n    end: '25:00'\n", encoding="utf-8"
    )
    with pytest.raises(ValidationFailed) as info:
        load_windows(tmp_path)
    fields = {p.field: p.line for p in info.value.problems}
    assert fields == {"recurring[0].days[0]": 3, "recurring[0].end": 5}
