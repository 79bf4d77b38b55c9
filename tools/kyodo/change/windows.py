"""Change windows and freeze periods (Asia/Tokyo), from ``inventory/sot/windows.yml``.

A change may be applied only inside a window and never inside a freeze (a freeze wins),
unless it is declared an emergency with a reason, which the change record keeps.

    timezone: Asia/Tokyo
    recurring:                      # weekly windows; end before start crosses midnight
      - {name: weekly-tue, days: [tue], start: "22:00", end: "02:00"}
    one_off:
      - {name: onboarding-wave-3, start: "2027-01-16T21:00", end: "2027-01-17T05:00"}
    freezes:
      - {name: fiscal-year-switch, every_year: {start: "03-25", end: "04-10"}, reason: 年度切替}
      - {name: premium-run-2027, start: "2027-06-01T00:00", end: "2027-06-20T00:00", reason: 本算定}
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from kyodo.errors import ValidationFailed
from kyodo.sot.grammar import Ident, SafeText
from kyodo.sot.load import model_from
from kyodo.sot.yamlsrc import read_yaml

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS: tuple[Day, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _hhmm(v: str) -> str:
    try:
        time.fromisoformat(v)
    except ValueError:
        raise ValueError(f"'{v}' is not a time HH:MM") from None
    return v


def _mmdd(v: str) -> str:
    try:
        date.fromisoformat(f"2000-{v}")
    except ValueError:
        raise ValueError(f"'{v}' is not a month-day MM-DD") from None
    return v


def _dt(v: str) -> str:
    try:
        parsed = datetime.fromisoformat(v)
    except ValueError:
        raise ValueError(f"'{v}' is not a date-time YYYY-MM-DDTHH:MM") from None
    if parsed.tzinfo is not None:
        raise ValueError(f"'{v}': give local time without an offset (the file's timezone applies)")
    return v


HHMM = Annotated[str, AfterValidator(_hhmm)]
MMDD = Annotated[str, AfterValidator(_mmdd)]
DT = Annotated[str, AfterValidator(_dt)]


class _M(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Recurring(_M):
    name: Ident
    days: list[Day] = Field(min_length=1)
    start: HHMM
    end: HHMM


class Span(_M):
    start: MMDD
    end: MMDD


class OneOff(_M):
    name: Ident
    start: DT
    end: DT

    @model_validator(mode="after")
    def _order(self) -> OneOff:
        if self.end <= self.start:
            raise ValueError(f"end {self.end} is not after start {self.start}")
        return self


class Freeze(_M):
    name: Ident
    reason: SafeText
    start: DT | None = None
    end: DT | None = None
    every_year: Span | None = None

    @model_validator(mode="after")
    def _shape(self) -> Freeze:
        if (self.every_year is None) == (self.start is None or self.end is None):
            raise ValueError("give either start and end, or every_year")
        if self.start and self.end and self.end <= self.start:
            raise ValueError(f"end {self.end} is not after start {self.start}")
        return self


class Windows(_M):
    timezone: str = "Asia/Tokyo"
    recurring: list[Recurring] = Field(default_factory=list)
    one_off: list[OneOff] = Field(default_factory=list)
    freezes: list[Freeze] = Field(default_factory=list)

    @model_validator(mode="after")
    def _tz(self) -> Windows:
        try:
            ZoneInfo(self.timezone)
        except Exception:
            raise ValueError(f"unknown timezone '{self.timezone}'") from None
        return self


@dataclass(frozen=True)
class Decision:
    allowed: bool
    at: datetime
    window: str | None
    freeze: str | None
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {
            "allowed": self.allowed,
            "at": self.at.isoformat(),
            "window": self.window,
            "freeze": self.freeze,
            "reason": self.reason,
        }


def load_windows(sot_dir: Path) -> Windows:
    path = sot_dir / "windows.yml"
    if not path.exists():
        return Windows()
    located, problems = read_yaml(path)
    if located is None:
        raise ValidationFailed(problems)
    model, problems = model_from(located, Windows)
    if model is None:
        raise ValidationFailed(problems)
    return model


def _in_recurring(r: Recurring, local: datetime) -> bool:
    start, end = time.fromisoformat(r.start), time.fromisoformat(r.end)
    day = DAYS[local.weekday()]
    t = local.time()
    if start < end:
        return day in r.days and start <= t < end
    # crosses midnight: the evening part on a listed day, the morning part on the day after
    yesterday = DAYS[(local - timedelta(days=1)).weekday()]
    return (day in r.days and t >= start) or (yesterday in r.days and t < end)


def _in_freeze(f: Freeze, local: datetime) -> bool:
    naive = local.replace(tzinfo=None)
    if f.every_year is not None:
        md = naive.strftime("%m-%d")
        s, e = f.every_year.start, f.every_year.end
        return s <= md <= e if s <= e else (md >= s or md <= e)
    assert f.start and f.end
    return datetime.fromisoformat(f.start) <= naive < datetime.fromisoformat(f.end)


def check(w: Windows, at: datetime) -> Decision:
    """Whether a change may be applied at ``at`` (aware datetime; converted to the windows' timezone)."""
    local = at.astimezone(ZoneInfo(w.timezone))
    for f in w.freezes:
        if _in_freeze(f, local):
            return Decision(False, local, None, f.name, f"inside freeze '{f.name}' ({f.reason})")
    for o in w.one_off:
        naive = local.replace(tzinfo=None)
        if datetime.fromisoformat(o.start) <= naive < datetime.fromisoformat(o.end):
            return Decision(True, local, o.name, None, f"inside one-off window '{o.name}'")
    for r in w.recurring:
        if _in_recurring(r, local):
            return Decision(True, local, r.name, None, f"inside recurring window '{r.name}'")
    if not (w.recurring or w.one_off):
        return Decision(False, local, None, None, "no change window is defined (inventory/sot/windows.yml)")
    return Decision(False, local, None, None, f"outside every change window ({local:%a %Y-%m-%d %H:%M %Z})")
