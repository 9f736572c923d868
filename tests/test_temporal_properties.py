"""Property tests of `extract_times`: it never raises, and its output is always well formed."""

from __future__ import annotations

import re
import time
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.models import TimeExpression
from timeline.temporal import extract_times, to_timex3

# Fragments that exercise the grammar, mixed with arbitrary text.
FRAGMENTS = [
    "in 1988",
    "from 1992 until a ceasefire in 1994",
    "September 12–13",
    "on September 13",
    "yesterday",
    "this month",
    "a century ago",
    "over the past three decades",
    "In July",
    "May",
    "march",
    "the late 1980s",
    "mid-2019",
    "last week",
    "Friday",
    "3 p.m.",
    "two years later",
    "the 13th",
    "1992–94",
    "2020 people",
    "3,006",
    "COVID-19",
    "Nov. 10, 2020",
    "every week",
    "now",
    "the third quarter",
    "summer 2012",
    " ",
    ", ",
    ". ",
    "\n\n",
    "–",
    "-",
    "'s",
]

text_strategy = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=40).map("".join),
)
dct_strategy = st.none() | st.dates()


def check_well_formed(text: str, found: list[TimeExpression]) -> None:
    previous_end = -1
    previous_start = -1
    for e in found:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start : e.end] == e.text
        assert e.start >= previous_start, "sorted by start"
        assert e.start >= previous_end, "non-overlapping"
        previous_start, previous_end = e.start, e.end
        if e.anchored:
            assert e.date_start is not None and e.date_end is not None
            assert e.date_start <= e.date_end
        else:
            assert e.date_start is None and e.date_end is None
        for start, end, _type, value, _mod in to_timex3(e):
            assert e.start <= start < end <= e.end
            assert value


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=text_strategy, dct=dct_strategy)
def test_never_raises_and_well_formed(text: str, dct: date | None) -> None:
    check_well_formed(text, extract_times(text, dct))


@settings(max_examples=100, deadline=None)
@given(
    dct=st.sampled_from([date.min, date.max, date(1, 1, 1), date(9999, 12, 31), date(2000, 2, 29)])
)
def test_extreme_dct(dct: date) -> None:
    text = (
        "Yesterday, last week, next year, a century ago, this winter, next month, Friday, "
        "in December, the third quarter, two years later, the 13th, three days ago, tomorrow."
    )
    check_well_formed(text, extract_times(text, dct))


# Fragments that carry no year of their own: without a dct, nothing in them can be anchored.
YEARLESS = [f for f in FRAGMENTS if not re.search(r"\d{4}", f)]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(YEARLESS), min_size=1, max_size=30))
def test_without_dct_or_year_nothing_is_anchored(parts: list[str]) -> None:
    text = " ".join(parts)
    found = extract_times(text, None)
    check_well_formed(text, found)
    assert not [e for e in found if e.anchored]


def test_adversarial_long_inputs_finish_fast() -> None:
    pieces = [
        "1" * 100_000,
        "1 2 3 4 5 6 7 8 9 " * 6_000,
        "May June 2020 " * 7_000,
        "September 12– " * 7_000,
        "from 1992 until the the the the " * 3_000,
        ("12-" * 35_000),
        "a.m. p.m. 3 " * 8_000,
        "the past the past the past " * 4_000,
        "2020-2021-2022-2023-" * 5_000,
        "in in in in 1999 " * 6_000,
    ]
    for text in pieces:
        started = time.perf_counter()
        found = extract_times(text, date(2022, 9, 15))
        elapsed = time.perf_counter() - started
        assert elapsed < 5.0, (text[:40], elapsed)
        check_well_formed(text, found)
