"""Calendar arithmetic for the temporal engine: periods, their TIMEX3 values and bounds.

A `Period` is a calendar unit with a TIMEX3-style value and inclusive date bounds:

- year "2022" → Jan 1..Dec 31; month "2022-07" → 1st..last day; day "2022-09-13";
- ISO week "2022-W36" → Monday..Sunday; weekend "2022-W36-WE" → Saturday..Sunday;
- seasons (northern hemisphere, meteorological): SP Mar–May, SU Jun–Aug, FA Sep–Nov,
  WI Dec of the year .. end of Feb of the next year ("2022-WI" = 2022-12-01..2023-02-28);
- quarters "2019-Q3"; halves "2020-H1" (Jan–Jun) / "2020-H2";
- decade "199" → 1990..1999; century "19" → 1900..1999.

Modifiers never change the value (TimeML style: "199" + mod) but `narrow` narrows the bounds:

- year: early Jan–Apr, mid May–Aug, late Sep–Dec;
- month: early 1–10, mid 11–20, late 21–end;
- decade: early 0–3, mid 4–6, late 7–9 ("the late 1980s" → 1987-01-01..1989-12-31,
  not the whole decade, because the bounds are what the timeline plots);
- century: early 00–33, mid 34–66, late 67–99;
- season/quarter: the first, second or third month; half: months 1–2, 3–4, 5–6;
- week: early Mon–Tue, mid Wed–Thu, late Fri–Sun; day: unchanged.
"""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from timeline.models import Modifier, Precision

SEASON_CODES = ("SP", "SU", "FA", "WI")
# First month of each meteorological season.
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


@dataclass(frozen=True)
class Period:
    """A calendar unit: its TIMEX3 value, precision and inclusive bounds."""

    value: str
    precision: Precision
    start: date
    end: date


def last_day(year: int, month: int) -> int:
    return _calendar.monthrange(year, month)[1]


def shift_month(year: int, month: int, n: int) -> tuple[int, int]:
    """(year, month) moved by ``n`` months."""
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def year_period(year: int) -> Period:
    return Period(f"{year:04d}", Precision.YEAR, date(year, 1, 1), date(year, 12, 31))


def month_period(year: int, month: int) -> Period:
    return Period(
        f"{year:04d}-{month:02d}",
        Precision.MONTH,
        date(year, month, 1),
        date(year, month, last_day(year, month)),
    )


def day_period(day: date) -> Period:
    return Period(day.isoformat(), Precision.DAY, day, day)


def week_period(day: date) -> Period:
    """The ISO week (Monday..Sunday) containing ``day``."""
    iso = day.isocalendar()
    monday = day - timedelta(days=day.weekday())
    return Period(f"{iso.year:04d}-W{iso.week:02d}", Precision.WEEK, monday, monday + timedelta(6))


def weekend_period(day: date) -> Period:
    """The Saturday..Sunday of the ISO week containing ``day``."""
    week = week_period(day)
    return Period(
        week.value + "-WE", Precision.WEEK, week.start + timedelta(5), week.start + timedelta(6)
    )


def season_period(year: int, code: str) -> Period:
    first = _SEASON_START[code]
    start = date(year, first, 1)
    end_year, end_month = shift_month(year, first, 2)
    end = date(end_year, end_month, last_day(end_year, end_month))
    return Period(f"{year:04d}-{code}", Precision.SEASON, start, end)


def season_of(day: date) -> tuple[int, str]:
    """The (year, code) of the season containing ``day`` (Jan/Feb belong to last year's WI)."""
    if day.month in (1, 2):
        return day.year - 1, "WI"
    if day.month == 12:
        return day.year, "WI"
    return day.year, SEASON_CODES[(day.month - 3) // 3]


def quarter_period(year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    return Period(
        f"{year:04d}-Q{quarter}",
        Precision.QUARTER,
        date(year, first, 1),
        date(year, first + 2, last_day(year, first + 2)),
    )


def half_period(year: int, half: int) -> Period:
    """A half year. Precision has no HALF level: QUARTER is the nearest finer one."""
    first = 6 * (half - 1) + 1
    return Period(
        f"{year:04d}-H{half}",
        Precision.QUARTER,
        date(year, first, 1),
        date(year, first + 5, last_day(year, first + 5)),
    )


def decade_period(decade: int) -> Period:
    """``decade`` is the year divided by ten: 199 → the 1990s."""
    return Period(
        f"{decade:03d}", Precision.DECADE, date(decade * 10, 1, 1), date(decade * 10 + 9, 12, 31)
    )


def century_period(century: int) -> Period:
    """``century`` is the year divided by a hundred: 19 → 1900..1999 (the 20th century)."""
    first = max(century * 100, 1)
    return Period(
        f"{century:02d}", Precision.CENTURY, date(first, 1, 1), date(century * 100 + 99, 12, 31)
    )


def _thirds(start: date, end: date, mod: Modifier, months: bool) -> tuple[date, date]:
    """Split [start, end] into three parts (by whole months when ``months``) and pick one."""
    if months:
        n = (end.year - start.year) * 12 + end.month - start.month + 1
        cuts = [0, n // 3 + (1 if n % 3 == 2 else 0), n - n // 3, n]
        if n == 12:
            cuts = [0, 4, 8, 12]
        part = {Modifier.EARLY: 0, Modifier.MID: 1, Modifier.LATE: 2}[mod]
        y0, m0 = shift_month(start.year, start.month, cuts[part])
        y1, m1 = shift_month(start.year, start.month, cuts[part + 1] - 1)
        return date(y0, m0, 1), date(y1, m1, last_day(y1, m1))
    days = (end - start).days + 1
    a, b = days // 3, days - days // 3
    if mod is Modifier.EARLY:
        return start, start + timedelta(a - 1)
    if mod is Modifier.MID:
        return start + timedelta(a), start + timedelta(b - 1)
    return start + timedelta(b), end


def narrow(period: Period, mod: Modifier | None) -> tuple[date, date]:
    """Bounds of ``period`` narrowed by an early/mid/late modifier (see the module docstring)."""
    start, end = period.start, period.end
    if mod not in (Modifier.EARLY, Modifier.MID, Modifier.LATE):
        return start, end
    p = period.precision
    if p is Precision.MONTH:
        ranges = {Modifier.EARLY: (1, 10), Modifier.MID: (11, 20), Modifier.LATE: (21, end.day)}
        lo, hi = ranges[mod]
        return start.replace(day=lo), start.replace(day=hi)
    if p is Precision.DECADE:
        lo, hi = {Modifier.EARLY: (0, 3), Modifier.MID: (4, 6), Modifier.LATE: (7, 9)}[mod]
        return date(start.year + lo, 1, 1), date(start.year - start.year % 10 + hi, 12, 31)
    if p is Precision.CENTURY:
        base = end.year - 99
        lo, hi = {Modifier.EARLY: (0, 33), Modifier.MID: (34, 66), Modifier.LATE: (67, 99)}[mod]
        return date(max(base + lo, 1), 1, 1), date(base + hi, 12, 31)
    if p is Precision.WEEK and (end - start).days == 6:
        lo, hi = {Modifier.EARLY: (0, 1), Modifier.MID: (2, 3), Modifier.LATE: (4, 6)}[mod]
        return start + timedelta(lo), start + timedelta(hi)
    if p in (Precision.YEAR, Precision.SEASON, Precision.QUARTER):
        return _thirds(start, end, mod, months=True)
    return start, end


_VALUE = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}))?|W(?P<w>\d{2})(?P<we>-WE)?"
    r"|(?P<s>SP|SU|FA|WI)|Q(?P<q>[1-4])|H(?P<h>[12])))?(?:T.*)?$"
    r"|^(?P<decade>\d{3})$|^(?P<century>\d{2})$"
)


def value_bounds(value: str) -> tuple[date, date]:
    """The inclusive calendar bounds of a TIMEX3 date value ("2022-W36", "199", "2021-WI").

    A time of day is ignored ("2022-09-13TMO" is that day). Raises ValueError for values that
    are not calendar periods (durations, references, partial values such as "XXXX-07").
    """
    m = _VALUE.match(value)
    if m is None:
        raise ValueError(f"not a calendar value: {value!r}")
    if m["decade"]:
        period = decade_period(int(m["decade"]))
    elif m["century"]:
        period = century_period(int(m["century"]))
    else:
        year = int(m["y"])
        if m["d"]:
            period = day_period(date(year, int(m["m"]), int(m["d"])))
        elif m["m"]:
            period = month_period(year, int(m["m"]))
        elif m["w"]:
            monday = date.fromisocalendar(year, int(m["w"]), 1)
            period = weekend_period(monday) if m["we"] else week_period(monday)
        elif m["s"]:
            period = season_period(year, m["s"])
        elif m["q"]:
            period = quarter_period(year, int(m["q"]))
        elif m["h"]:
            period = half_period(year, int(m["h"]))
        else:
            period = year_period(year)
    return period.start, period.end


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` (0 = Monday) of a month; ``n`` = -1 for the last one."""
    if n < 0:
        last = date(year, month, last_day(year, month))
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    lv = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * lv) // 433
    month = (h + lv - 7 * m + 90) // 25
    return date(year, month, (h + lv - 7 * m + 33 * month + 19) % 32)


# Holidays of news: a fixed (month, day), or a rule over the year.
HOLIDAYS: dict[str, Callable[[int], date]] = {
    "new year's day": lambda y: date(y, 1, 1),
    "new year's eve": lambda y: date(y, 12, 31),
    "valentine's day": lambda y: date(y, 2, 14),
    "independence day": lambda y: date(y, 7, 4),
    "the fourth of july": lambda y: date(y, 7, 4),
    "halloween": lambda y: date(y, 10, 31),
    "christmas eve": lambda y: date(y, 12, 24),
    "christmas day": lambda y: date(y, 12, 25),
    "christmas": lambda y: date(y, 12, 25),
    "boxing day": lambda y: date(y, 12, 26),
    "easter sunday": easter,
    "easter": easter,
    "good friday": lambda y: easter(y) - timedelta(days=2),
    "memorial day": lambda y: nth_weekday(y, 5, 0, -1),
    "labor day": lambda y: nth_weekday(y, 9, 0, 1),
    "thanksgiving day": lambda y: nth_weekday(y, 11, 3, 4),
    "thanksgiving": lambda y: nth_weekday(y, 11, 3, 4),
    # The US general election: the Tuesday after the first Monday of November.
    "election day": lambda y: nth_weekday(y, 11, 0, 1) + timedelta(days=1),
}
