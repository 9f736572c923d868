"""Compact and numeric dates: "13.09.2022", "2022/09/13", "13/09/2022", "13-Sep-2022", and
dates with a time of day ("Sep 13 2022 10:30", "13.09.2022 10:30 p.m.").

The grammar spots them strictly (a plausible day, month and year, not part of a longer number,
a version "1.2.3", an address "10.0.0.1" or a score "3-1"); this module decides the field order
and normalizes.

Field order of all-numeric dates:

- a year first ("2022/09/13", "2022.09.13") is always year-month-day;
- dots ("13.09.2022") are day-first: the convention of every country that writes dots;
- slashes and dashes: a field above 12 settles the order ("13/09/2022" is day-first,
  "09/13/2022" month-first), and equal fields need none ("09/09/2022"). Otherwise the order of
  the document's own unambiguous dates with the same separator is used ("… on 25/08/2022 …
  09/10/2022" is day-first). With no such evidence the date is truly ambiguous (9 October in
  Europe, September 10 in the US): it comes back as its year, value "2022-XX-XX" and year
  bounds, rather than as a guess.

The calendar fields are normalized with our own arithmetic. The time of day after a date is
normalized by dateparser, whose many clock notations ("10:30", "10:30:15", "10.30 pm") are not
worth a grammar of their own; dateparser is imported on first need only (it costs tens of
milliseconds and more), is given the short span the grammar checked (at most `MAX_SPAN`
characters; its slow paths are on long and free-form input), and its reading is kept only when
its date agrees with ours.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import lru_cache
from typing import Literal

from timeline.temporal.calendar import last_day

Order = Literal["DMY", "MDY"]

# Longest span handed to dateparser ("Wednesday, September 13, 2022 10:30:15 p.m." is 44
# characters, but the weekday is never passed).
MAX_SPAN = 40
# The base of relative readings when there is no document date: dateparser would otherwise use
# today's date, and nothing in the engine may depend on it. (The spans passed here carry a full
# date, so the base only fills nothing; it is set for determinism.)
_NEUTRAL_BASE = datetime(2000, 1, 1)

# Another slashed or dashed date of the document, to learn its field order from.
_SAME_STYLE = re.compile(r"(?<![\w/.,-])(\d{1,2})([/-])(\d{1,2})\2(?:\d{4}|\d{2})(?![\w/-]|[.,]\d)")


@lru_cache(maxsize=4)
def document_order(text: str, separator: str) -> Order | None:
    """The field order of ``text``'s unambiguous dates written with ``separator``, if one.

    Read once per text and separator (kept for the last few): every ambiguous date of a
    document asks, and scanning the whole text for each made many of them quadratic.
    """
    orders: set[Order] = set()
    for m in _SAME_STYLE.finditer(text):
        if m.group(2) != separator:
            continue
        a, b = int(m.group(1)), int(m.group(3))
        if 12 < a <= 31 and 1 <= b <= 12:
            orders.add("DMY")
        elif 12 < b <= 31 and 1 <= a <= 12:
            orders.add("MDY")
    return orders.pop() if len(orders) == 1 else None


def numeric_order(a: int, b: int, separator: str, text: str) -> Order | None:
    """The order of day-or-month fields ``a`` and ``b`` (see the module doc); None: unknown."""
    if separator == ".":
        return "DMY"
    if a > 12 or a == b:
        return "DMY"
    if b > 12:
        return "MDY"
    return document_order(text, separator)


def full_year(digits: str) -> int:
    """A year from four digits, or from two ("22" → 2022, "98" → 1998)."""
    year = int(digits)
    if len(digits) == 2:
        year += 1900 if year >= 50 else 2000
    return year


def valid_date(year: int, month: int, day: int) -> date | None:
    """The date, if it exists and the year is plausible in news text (1000..2099)."""
    if not (1000 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= last_day(year, month)):
        return None
    return date(year, month, day)


def clock_by_dateparser(span: str, day: date, order: Order, dct: date | None) -> time | None:
    """The time of day of ``span`` (a date and a clock) read by dateparser, if its date is ``day``.

    None when the span is too long, dateparser cannot read it, or reads another date (then the
    caller keeps the date alone).
    """
    if len(span) > MAX_SPAN:
        return None
    import dateparser  # deferred: paid only by texts with a date and a time of day

    base = datetime(dct.year, dct.month, dct.day) if dct else _NEUTRAL_BASE
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": order,
        "STRICT_PARSING": True,  # day, month and year must all be read from the span
        "PARSERS": ["absolute-time"],  # no relative or timestamp readings
    }
    try:
        parsed = dateparser.parse(span, languages=["en"], settings=settings)
    except Exception:  # a third-party parser on text: any failure just means "no reading"
        return None
    if parsed is None or parsed.date() != day:
        return None
    return parsed.time()
