"""Resolution of spotted expressions into values and calendar bounds.

A grammar rule turns a match into a `Candidate` whose ``resolve`` closure receives a
`Context` (the document creation date, the tense of the sentence, the last explicit year of
the sentence and the last anchored expression of the document) and returns a `Resolved`.
Nothing here ever looks at today's date: without a dct, dct-relative expressions come back
unanchored with a partial value such as "XXXX-07".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from timeline.models import Modifier, Precision, TimeKind
from timeline.temporal.calendar import (
    Period,
    day_period,
    last_day,
    month_period,
    narrow,
    quarter_period,
    season_of,
    season_period,
    shift_month,
    year_period,
)

PRECISION_ORDER = (
    Precision.DAY,
    Precision.WEEK,
    Precision.MONTH,
    Precision.SEASON,
    Precision.QUARTER,
    Precision.YEAR,
    Precision.DECADE,
    Precision.CENTURY,
)


@dataclass(frozen=True)
class Resolved:
    """The normalized reading of one expression (before it becomes a TimeExpression)."""

    kind: TimeKind
    value: str
    precision: Precision | None = None
    start: date | None = None
    end: date | None = None
    mod: Modifier | None = None
    # The year written in the expression itself ("27 September 2020"): carried to later
    # month-day expressions of the same sentence.
    year: int | None = None

    @property
    def anchored(self) -> bool:
        return self.start is not None and self.end is not None


@dataclass
class Context:
    """What a resolver may look at besides its own match."""

    dct: date | None
    # The tense around the expression ("future", "past" or None), computed on first use by
    # ``tense_of`` (most expressions never ask, and reading the tense costs a regex scan).
    tense_of: Callable[[], str | None] | None = None
    _tense: str | None = None
    _tense_known: bool = False
    sentence_year: int | None = None
    sentence_month: tuple[int, int] | None = None
    anchor: Resolved | None = None
    # The last calendar quarter the document named ("the third quarter of 1989") and where it
    # ended, and where the expression being resolved starts: business news compares "a year
    # ago" with the quarter it is reporting on.
    quarter: Resolved | None = None
    quarter_at: int = -(10**9)
    position: int = 0
    # The last quarter the document named, comparison periods included ("that quarter").
    last_quarter: Resolved | None = None
    # Set by a resolver whose result is a comparison period ("a year ago" → 1988-Q3).
    comparison: bool = False

    def set_tense(self, tense_of: Callable[[], str | None]) -> None:
        """Give the context the tense reader of the next expression."""
        self.tense_of = tense_of
        self._tense_known = False

    def _read_tense(self) -> str | None:
        if not self._tense_known:
            self._tense = self.tense_of() if self.tense_of is not None else None
            self._tense_known = True
        return self._tense

    @property
    def future(self) -> bool:
        """Whether the words around the expression look ahead ("will", "next", "payable")."""
        return self._read_tense() == "future"

    @property
    def past(self) -> bool:
        """Whether the words around the expression are clearly past tense ("was", "had")."""
        return self._read_tense() == "past"


# How far (in characters) a named quarter stays the reference period of "a year ago".
QUARTER_REACH = 350


def recent_quarter(ctx: Context) -> Resolved | None:
    """The quarter named shortly before the expression being resolved, if any."""
    if ctx.quarter is not None and ctx.position - ctx.quarter_at <= QUARTER_REACH:
        return ctx.quarter
    return None


def year_before_quarter(ctx: Context) -> Resolved | None:
    """The same quarter a year earlier than the recent quarter ("up from $5 million a year
    ago" after "third-quarter profit" is 1988-Q3 when the quarter is 1989-Q3)."""
    quarter = recent_quarter(ctx)
    return shift_period(quarter, "year", -1) if quarter is not None else None


Resolver = Callable[[Context], "Resolved | None"]


@dataclass
class Candidate:
    """A span found by the grammar, with the closure that normalizes it."""

    start: int
    end: int
    resolve: Resolver
    priority: int = 5
    is_range: bool = False
    extra: dict[str, object] = field(default_factory=dict)


def from_period(
    period: Period,
    mod: Modifier | None = None,
    kind: TimeKind = TimeKind.DATE,
    year: int | None = None,
    value_suffix: str = "",
) -> Resolved:
    start, end = narrow(period, mod)
    return Resolved(kind, period.value + value_suffix, period.precision, start, end, mod, year)


def unanchored(
    value: str,
    precision: Precision | None,
    mod: Modifier | None = None,
    kind: TimeKind = TimeKind.DATE,
) -> Resolved:
    return Resolved(kind, value, precision, None, None, mod)


def coarser(a: Precision | None, b: Precision | None) -> Precision | None:
    if a is None or b is None:
        return a or b
    return a if PRECISION_ORDER.index(a) >= PRECISION_ORDER.index(b) else b


def pick_year(ctx: Context, month: int, day: int | None = None) -> int | None:
    """The year of a month (and day) written without one.

    An explicit year earlier in the same sentence wins ("On 27 September 2020 … until 10
    November"), unless future-tense words put the date after the dct. Otherwise the dct's
    year, moved back a year when a past-tense sentence would put the date more than a month
    after the dct, or forward when a future-tense sentence would put it more than a month
    before.
    """
    if ctx.dct is None:
        return ctx.sentence_year
    if ctx.sentence_year is not None:
        # Unless the tense contradicts it: "X, which applied in July 1997, will join on March
        # 12" is next March, not a March of 1997.
        y = ctx.sentence_year
        if not (ctx.future and date(y, month, last_day(y, month)) < ctx.dct - timedelta(days=31)):
            return y
    year = ctx.dct.year
    first = date(year, month, min(day or 1, last_day(year, month)))
    final = date(year, month, day or last_day(year, month))
    if ctx.future:
        return year + 1 if final < ctx.dct - timedelta(days=31) else year
    if ctx.past:
        return year - 1 if first > ctx.dct + timedelta(days=31) else year
    # No tense either way ("payable Dec. 7", "effective June 1", "in January"): the reading
    # nearest the dct, as news rarely names a month more than half a year away without a year.
    if first > ctx.dct + timedelta(days=183):
        return year - 1
    if final < ctx.dct - timedelta(days=183):
        return year + 1
    return year


def weekday_date(dct: date, weekday: int, direction: str) -> date:
    """The ``weekday`` (0 = Monday) nearest ``dct`` in a direction.

    "past": on or before the dct; "future": on or after; "last": strictly before;
    "next": strictly after; "this": within the dct's ISO week.
    """
    delta = weekday - dct.weekday()
    if direction == "this":
        return dct + timedelta(days=delta)
    if direction in ("past", "last"):
        back = (-delta) % 7
        if back == 0 and direction == "last":
            back = 7
        return dct - timedelta(days=back)
    ahead = delta % 7
    if ahead == 0 and direction == "next":
        ahead = 7
    return dct + timedelta(days=ahead)


def season_instance(dct: date, code: str, relation: str) -> tuple[int, str]:
    """The (year, code) of "this/last/next <season>" relative to the dct."""
    current_year, current_code = season_of(dct)
    year = dct.year - 1 if code == "WI" and dct.month <= 2 else dct.year
    if relation == "this":
        return (current_year, code) if code == current_code else (year, code)
    candidate = season_period(year, code)
    if relation == "last":
        while candidate.end >= dct:
            year -= 1
            candidate = season_period(year, code)
        return year, code
    while candidate.start <= dct:
        year += 1
        candidate = season_period(year, code)
    return year, code


def shift_period(anchor: Resolved, unit: str, n: int) -> Resolved | None:
    """The anchor moved by ``n`` units, at the coarser of the unit's and the anchor's precision.

    "two years later" after "in 1988" → 1990; "a year earlier" after "the third quarter of
    1989" → 1988-Q3 (business news compares quarters); "three days later" after a day → a day.
    """
    if not anchor.anchored or anchor.start is None or anchor.precision is None:
        return None
    p = anchor.precision
    s = anchor.start
    if unit == "year":
        if p is Precision.QUARTER and "-Q" in anchor.value:
            quarter = int(anchor.value.rsplit("Q", 1)[1])
            return from_period(quarter_period(s.year + n, quarter))
        if p in (Precision.DECADE, Precision.CENTURY):
            return None
        return from_period(year_period(s.year + n))
    if unit == "month":
        if p in (Precision.DAY, Precision.WEEK, Precision.MONTH):
            y, m = shift_month(s.year, s.month, n)
            return from_period(month_period(y, m))
        return None
    if unit in ("day", "week") and p is Precision.DAY:
        days = n * (7 if unit == "week" else 1)
        return from_period(day_period(s + timedelta(days=days)))
    return None
