"""TIMEX3 views of extracted expressions, for scoring against TimeML gold.

TimeML has no range values: a gold corpus annotates "1992–1994" as two TIMEX3. `to_timex3`
therefore splits a range into two TIMEX3 views, one per endpoint, also when the endpoints
share words: "September 12–13" → "September 12" and "13", "6–7 May" → "6" and "7 May",
"May–August 1950" → "May" and "August 1950", "499–493 BC" → "499" and "493 BC" (TimeBank's
"April 24 and 25" and the TIMEX2 of WikiWars both tag each endpoint; the value of each view
is the endpoint's, read from the range's value). A range that cannot be cut in two keeps one
TIMEX3 with its start value.
"""

from __future__ import annotations

import re

from timeline.models import Modifier, TimeExpression, TimeKind
from timeline.temporal.engine import spot_points
from timeline.temporal.grammar import BARE_YEAR
from timeline.temporal.lexicon import DAY_RE, MONTH_RE

Timex3 = tuple[int, int, str, str, str | None]

TIMEX3_TYPES: dict[TimeKind, str] = {
    TimeKind.DATE: "DATE",
    TimeKind.RANGE: "DATE",
    TimeKind.TIME: "TIME",
    TimeKind.DURATION: "DURATION",
    TimeKind.SET: "SET",
}
TIMEX3_MODS: dict[Modifier, str] = {
    Modifier.EARLY: "START",
    Modifier.MID: "MID",
    Modifier.LATE: "END",
    Modifier.BEFORE: "BEFORE",
    Modifier.AFTER: "AFTER",
    Modifier.APPROXIMATELY: "APPROX",
}
# "earlier this year" / "later this month": TimeML writes the period with mod START / END.
_PART_OF_CURRENT = re.compile(r"(?i)^(?P<w>earlier|later)\s+this\b")
_SHORT_YEAR_RANGE = re.compile(r"^(\d{4})\s*[–—/‐-]\s*(\d{2,4})$")
# "April 24 and 25": two days sharing a month name, two TIMEX3 ("April 24", "25").
_DAYS_AND_DAY = re.compile(rf"^({MONTH_RE}\s+{DAY_RE})\s*(?:and|or|&)\s*({DAY_RE})$")
# Where a range written as one piece is cut: its first dash or joining word ("April 6-7",
# "6 to 7 May", "May–August 1950", "499 to 493 BC"). Both sides must hold a number or a word.
_RANGE_CUT = re.compile(r"\s*(?:–|—|-|‐)\s*|\s+(?:to|and|or|until|till|through|thru)\s+")


def _range_pieces(text: str) -> list[tuple[int, int]] | None:
    """The (start, end) of the two endpoint pieces of a range's text, or None."""
    m = _SHORT_YEAR_RANGE.match(text) or _DAYS_AND_DAY.match(text)
    if m:
        return [m.span(1), m.span(2)]
    pieces = [(c.start, c.end) for c in spot_points(text)]
    if len(pieces) != 2:
        years = [y.span() for y in BARE_YEAR.finditer(text)]
        # Bare years only count when nothing else was found between them.
        if len(years) == 2 and not any(years[0][1] <= p[0] < years[1][0] for p in pieces):
            pieces = years
    if len(pieces) == 2 and pieces[0][0] == 0 and pieces[1][1] == len(text):
        return pieces
    return _cut_range(text)


def _cut_range(text: str) -> list[tuple[int, int]] | None:
    """The two sides of the first dash or joining word of ``text`` ("April 6-7")."""
    cut = _RANGE_CUT.search(text)
    if cut is None or cut.start() == 0 or cut.end() == len(text):
        return None
    return [(0, cut.start()), (cut.end(), len(text))]


def to_timex3(expr: TimeExpression) -> list[Timex3]:
    """(start, end, TIMEX3 type, value, TIMEX3 mod) views of one expression."""
    mod = TIMEX3_MODS.get(expr.modifier) if expr.modifier else None
    part = _PART_OF_CURRENT.match(expr.text)
    if mod is None and part:
        mod = "START" if part["w"].lower() == "earlier" else "END"
    kind_type = TIMEX3_TYPES[expr.kind]
    if expr.kind is TimeKind.RANGE and "/" in expr.value:
        first, second = expr.value.split("/", 1)
        pieces = _range_pieces(expr.text)
        if pieces is not None:
            (s1, e1), (s2, e2) = pieces
            return [
                (expr.start + s1, expr.start + e1, "DATE", first, None),
                (expr.start + s2, expr.start + e2, "DATE", second, None),
            ]
        return [(expr.start, expr.end, "DATE", first, mod)]
    return [(expr.start, expr.end, kind_type, expr.value, mod)]
