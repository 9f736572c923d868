"""Rule family: ranges written in one piece.

"1992-94", "June 3-4, 2019", "11–12 March", "January–March 1947", "27 September to 10
November 2020", "499–493 BC". Two separate point expressions ("from 1992 until … 1994") are
joined later, by the engine. Each rule's examples and negatives are in
``rules/ranges.examples.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from timeline.models import Precision, TimeKind
from timeline.temporal.base import (
    AFTER_DIGITS,
    MONTH_NAME,
    candidate,
    is_count,
    prev_text,
    rule,
)
from timeline.temporal.calendar import (
    last_day,
    month_period,
    year_period,
)
from timeline.temporal.lexicon import (
    DAY_RE,
    MONTH_RE,
    YEAR_RE,
    day_number,
    month_number,
)
from timeline.temporal.normalize import (
    Candidate,
    Context,
    Resolved,
    pick_year,
)
from timeline.temporal.years import (
    BC_ERA,
    BC_WORD,
    bc_value,
)

# ---------------------------------------------------------------------------------------------
# Ranges written as one piece (two separate point expressions are joined later)


@rule(
    r"(?<![\w$/.,#-])(?P<a>1\d{3}|20\d{2})\s*(?P<sep>–|—|-|/|‐)\s*(?P<b>1\d{3}|20\d{2}|\d{2})"
    r"(?![\w%/-]|[.,]\d)",
    ranges=True,
    trigger=AFTER_DIGITS,
    at="sep",
)
def _year_range(m: re.Match[str], text: str) -> Candidate | None:
    a = int(m["a"])
    b_text = m["b"]
    b = int(b_text) if len(b_text) == 4 else a - a % 100 + int(b_text)
    if not a < b <= a + 100 or is_count(text, m.end()):
        return None
    if "/" in m.group() and len(b_text) == 4 and b - a > 1:
        return None  # "1990/2010" is more likely a ratio or an identifier than a range
    before = prev_text(text, m.start(), 12)
    if re.search(r"(?i)(?:No\.|number|#|Resolution|Highway|Route|tel\.?|phone|ext\.?)\s*$", before):
        return None

    def resolve(ctx: Context) -> Resolved:
        pa, pb = year_period(a), year_period(b)
        return Resolved(
            TimeKind.RANGE, f"{pa.value}/{pb.value}", Precision.YEAR, pa.start, pb.end, None, b
        )

    return Candidate(m.start(), m.end(), resolve, 1, True)


_DASH = r"\s*(?:–|—|-|‐|(?i:to|and|through|till|until))\s*"


def _day_range_resolver(
    month: int, d1: int, d2: int, year: int | None, month2: int | None = None
) -> Callable[[Context], Resolved | None]:
    m2 = month2 or month

    def resolve(ctx: Context) -> Resolved | None:
        y = year if year is not None else pick_year(ctx, month, d1)
        if y is None:
            return Resolved(
                TimeKind.RANGE, f"XXXX-{month:02d}-{d1:02d}/XXXX-{m2:02d}-{d2:02d}", Precision.DAY
            )
        y2 = y + 1 if m2 < month else y
        if d1 > last_day(y, month) or d2 > last_day(y2, m2):
            return None
        a, b = date(y, month, d1), date(y2, m2, d2)
        if b <= a:
            return None
        return Resolved(TimeKind.RANGE, f"{a}/{b}", Precision.DAY, a, b, None, year)

    return resolve


@rule(
    rf"(?P<mo>{MONTH_RE})\s+(?P<d1>{DAY_RE}){_DASH}(?P<d2>{DAY_RE})(?:,?\s+(?P<y>{YEAR_RE}))?"
    r"(?![\w'’-])",
    ranges=True,
    trigger=MONTH_NAME,
    at="mo",
)
def _month_day_range(m: re.Match[str], text: str) -> Candidate | None:
    month = month_number(m["mo"])
    d1, d2 = day_number(m["d1"]), day_number(m["d2"])
    if month is None or d2 <= d1 or is_count(text, m.end()):
        return None
    year = int(m["y"]) if m["y"] else None
    return Candidate(m.start(), m.end(), _day_range_resolver(month, d1, d2, year), 1, True)


@rule(
    rf"(?<![\d$.,:/])(?P<d1>{DAY_RE}){_DASH}(?P<d2>{DAY_RE})\s+(?:of\s+)?(?P<mo>{MONTH_RE})"
    rf"(?:,?\s+(?P<y>{YEAR_RE}))?(?![\w'’-])",
    ranges=True,
    trigger=MONTH_NAME,
    at="mo",
)
def _day_day_month_range(m: re.Match[str], text: str) -> Candidate | None:
    month = month_number(m["mo"])
    d1, d2 = day_number(m["d1"]), day_number(m["d2"])
    if month is None or d2 <= d1:
        return None
    year = int(m["y"]) if m["y"] else None
    return Candidate(m.start(), m.end(), _day_range_resolver(month, d1, d2, year), 1, True)


@rule(
    rf"(?P<m1>{MONTH_RE}){_DASH}(?P<m2>{MONTH_RE}),?\s+(?P<y>{YEAR_RE})(?![\w'’-])",
    ranges=True,
    trigger=MONTH_NAME,
    at="m1",
)
def _month_range(m: re.Match[str], text: str) -> Candidate | None:
    a, b = month_number(m["m1"]), month_number(m["m2"])
    if a is None or b is None or a == b:
        return None
    year = int(m["y"])

    def resolve(ctx: Context) -> Resolved:
        y1 = year if b > a else year - 1
        pa, pb = month_period(y1, a), month_period(year, b)
        return Resolved(
            TimeKind.RANGE, f"{pa.value}/{pb.value}", Precision.MONTH, pa.start, pb.end, None, year
        )

    return Candidate(m.start(), m.end(), resolve, 1, True)


# The bare-year rule used only to split a range into its endpoints (see timex.to_timex3).
BARE_YEAR = re.compile(r"(?<![\w$.,-])(?:1\d{3}|20\d{2})(?![\w%]|[.,]\d)")


# ---------------------------------------------------------------------------------------------
# Ranges of years before Christ (their values: see `years`)


@rule(
    r"(?<![\w$€£#.,/-])(?P<t>(?P<a>[1-9]\d{0,3})(?:\s*(?:–|—|-|‐)\s*|\s+(?i:to|and|or|until"
    rf"|till|through)\s+)(?P<b>[1-9]\d{{0,3}})\s*(?P<era>{BC_ERA}))",
    ranges=True,
    trigger=BC_WORD,
    at="era",
)
def _bc_range(m: re.Match[str], text: str) -> Candidate | None:
    """ "499–493 BC", "from 499 to 493 BC", "496 and 495 BC": both years are before Christ (so
    the first is the larger); one range, cut in two TIMEX3 by `timex.to_timex3`."""
    a, b = int(m["a"]), int(m["b"])
    if len(m["b"]) < len(m["a"]):  # "499–3 BC" is not written; "1200-1150 BC" is
        return None
    if not a > b:
        return None
    value = f"{bc_value(a)}/{bc_value(b)}"
    return candidate(
        m, lambda ctx: Resolved(TimeKind.RANGE, value, Precision.YEAR), priority=1, is_range=True
    )


# ---------------------------------------------------------------------------------------------
# Two days of different months sharing the year written after the second: "27 September to 10
# November 2020", "between March 30 and April 2, 1945" (the year is also the first day's).


def _two_days_resolver(
    m1: int, d1: int, m2: int, d2: int, year: int
) -> Callable[[Context], Resolved | None]:
    def resolve(ctx: Context) -> Resolved | None:
        y1 = year - 1 if m1 > m2 else year  # "28 December to 3 January 1945"
        if d1 > last_day(y1, m1) or d2 > last_day(year, m2):
            return None
        a, b = date(y1, m1, d1), date(year, m2, d2)
        return Resolved(TimeKind.RANGE, f"{a}/{b}", Precision.DAY, a, b, None, year)

    return resolve


_JOIN = r"(?:\s*(?:–|—|-|‐)\s*|\s+(?i:to|and|until|till|through)\s+)"
_JOIN_RE = re.compile(_JOIN)


@rule(
    rf"(?<![\d$.,:/])(?P<t>(?P<d1>{DAY_RE})\s+(?P<m1>{MONTH_RE}){_JOIN}(?P<d2>{DAY_RE})\s+"
    rf"(?P<m2>{MONTH_RE}),?\s+(?P<y>{YEAR_RE}))(?![\w'’-])",
    ranges=True,
    trigger=MONTH_NAME,
    at="m2",
)
def _day_month_pair_range(m: re.Match[str], text: str) -> Candidate | None:
    """ "27 September and 10 November 2020" (after "between"), "6 June – 25 August 1944"."""
    return _pair_range(m, text)


@rule(
    rf"(?P<t>(?P<m1>{MONTH_RE})\s+(?P<d1>{DAY_RE}){_JOIN}(?P<m2>{MONTH_RE})\s+(?P<d2>{DAY_RE})"
    rf",?\s+(?P<y>{YEAR_RE}))(?![\w'’-])",
    ranges=True,
    trigger=MONTH_NAME,
    at="m2",
)
def _month_day_pair_range(m: re.Match[str], text: str) -> Candidate | None:
    """ "March 30 to April 2, 1945"."""
    return _pair_range(m, text)


# A month to a day, or a day to a month, sharing the year written at the end: "from March to
# 28 July 2011", "March to July 28, 2011", "from 3 March to July 2011". The range runs from the
# month's first day (to its last day); its precision is the coarser end's, the month.


@rule(
    rf"(?P<t>(?P<m1>{MONTH_RE}){_JOIN}(?:(?P<d2>{DAY_RE})\s+(?P<m2>{MONTH_RE})"
    rf"|(?P<m2b>{MONTH_RE})\s+(?P<d2b>{DAY_RE})),?\s+(?P<y>{YEAR_RE}))(?![\w'’-])",
    ranges=True,
    trigger=MONTH_NAME,
    at="m1",
)
def _month_to_day_range(m: re.Match[str], text: str) -> Candidate | None:
    """ "from March to 28 July 2011", "March to July 28, 2011"."""
    m1 = month_number(m["m1"])
    m2 = month_number(m["m2"] or m["m2b"])
    d2 = day_number(m["d2"] or m["d2b"])
    if m1 is None or m2 is None or m1 == m2 or not _joined(m, text, m.end("m1")):
        return None
    year = int(m["y"])

    def resolve(ctx: Context) -> Resolved | None:
        y1 = year - 1 if m1 > m2 else year
        if d2 > last_day(year, m2):
            return None
        first, end = month_period(y1, m1), date(year, m2, d2)
        value = f"{first.value}/{end}"
        return Resolved(TimeKind.RANGE, value, Precision.MONTH, first.start, end, None, year)

    return candidate(m, resolve, priority=1, is_range=True)


@rule(
    rf"(?<![\d$.,:/])(?P<t>(?P<d1>{DAY_RE})\s+(?P<m1>{MONTH_RE}){_JOIN}(?P<m2>{MONTH_RE}),?\s+"
    rf"(?P<y>{YEAR_RE}))(?![\w'’-])",
    ranges=True,
    trigger=MONTH_NAME,
    at="m1",
)
def _day_to_month_range(m: re.Match[str], text: str) -> Candidate | None:
    """ "from 3 March to July 2011"."""
    m1, m2 = month_number(m["m1"]), month_number(m["m2"])
    d1 = day_number(m["d1"])
    if m1 is None or m2 is None or m1 == m2 or not _joined(m, text, m.end("m1")):
        return None
    year = int(m["y"])

    def resolve(ctx: Context) -> Resolved | None:
        y1 = year - 1 if m1 > m2 else year
        if d1 > last_day(y1, m1):
            return None
        start, last = date(y1, m1, d1), month_period(year, m2)
        value = f"{start}/{last.value}"
        return Resolved(TimeKind.RANGE, value, Precision.MONTH, start, last.end, None, year)

    return candidate(m, resolve, priority=1, is_range=True)


def _joined(m: re.Match[str], text: str, first_end: int) -> bool:
    """Whether the word between the two ends of a rule of days joins them: "and" only after
    "between" ("on 27 September and 10 November 2020" lists two days). Two months joined by
    "and" stay one range in `_month_range` ("March and July 2011"): applying this check there
    lost a WikiWars-dev value."""
    joint = _JOIN_RE.match(text, first_end)
    if joint is None or joint.group().strip().lower() != "and":
        return True
    return re.search(r"(?i)\bbetween\s+$", prev_text(text, m.start(), 12)) is not None


def _pair_range(m: re.Match[str], text: str) -> Candidate | None:
    m1, m2 = month_number(m["m1"]), month_number(m["m2"])
    if m1 is None or m2 is None or m1 == m2:
        return None
    if not _joined(m, text, max(m.end("d1"), m.end("m1"))):
        return None  # "and" joins a range only after "between"; else it lists two days
    resolve = _two_days_resolver(m1, day_number(m["d1"]), m2, day_number(m["d2"]), int(m["y"]))
    return candidate(m, resolve, priority=1, is_range=True)
