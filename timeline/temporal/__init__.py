"""The temporal-expression engine: spot and normalize dates, ranges, durations, sets, times.

Public API::

    from timeline.temporal import extract_times
    extract_times(text: str, dct: datetime.date | None, genre=None, sentences=None)
        -> list[TimeExpression]

Spotting uses the project's own regex grammar (`grammar`), run only near the tokens each rule
needs (`spotting`); normalization uses its own calendar arithmetic (`calendar`, `normalize`).
dateparser reads only the time of day after a compact date ("13.09.2022 10:30", see `compact`)
and is imported on first need, so importing this package stays cheap; the grammar's regexes are
compiled on first use too. Calendar conventions and modifier narrowing are documented in
`calendar`, span conventions in `grammar`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from timeline.models import Genre, TimeExpression
from timeline.temporal.engine import extract
from timeline.temporal.timex import to_timex3
from timeline.text import Located, Span

__all__ = ["extract_times", "to_timex3"]


def extract_times(
    text: str,
    dct: date | None,
    genre: Genre | None = None,
    sentences: Iterable[Span | Located] | None = None,
) -> list[TimeExpression]:
    """Every temporal expression of ``text``, sorted by start offset and non-overlapping.

    ``dct`` is the document creation (publication) date. Expressions that need it ("yesterday",
    "In July", "last week") come back with ``anchored=False`` and a partial value such as
    "XXXX-07" when it is None; today's date is never used. ``genre`` forces how year-less
    and relative expressions are anchored (news: on the dct; narrative: on the time the story
    has reached); None decides per expression from the text. ``sentences`` are the sentences
    the caller has already split ``text`` into (``(start, end)`` spans or the `Sentence`
    models of `timeline.segment`): tense and the year a sentence has named are read within
    them. None splits here, with the same splitter (`timeline.text`).
    """
    return extract(text, dct, genre, sentences)
