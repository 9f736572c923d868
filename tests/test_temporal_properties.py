"""Property tests of `extract_times`: it never raises, and its output is always well formed."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.models import TimeExpression
from timeline.temporal import extract_times, to_timex3
from timeline.temporal.engine import spot, spot_exhaustive
from timeline.temporal.grammar import POINT_RULES, RANGE_RULES
from timeline.temporal.normalize import Candidate
from timeline.temporal.spotting import reach

ROOT = Path(__file__).resolve().parent.parent

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
    "13.09.2022",
    "2022/09/13",
    "09/10/2022",
    "13-Sep-2022 10:30",
    "1.2.3",
    # Runs of whitespace inside expressions, and characters that case-fold to ASCII letters.
    "September \n\n   13",
    "three   \t years ago",
    "in\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n1999",
    "YESTERDAY",
    "\u212aelvin",
    "la\u017ft week",
    "\u0130n 1990",
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


# ---------------------------------------------------------------------------------------------
# Windowed spotting (timeline.temporal.spotting) finds exactly what full scans find.


def _spotted(cands: list[Candidate]) -> list[tuple[int, int, int, bool]]:
    return [(c.start, c.end, c.priority, c.is_range) for c in cands]


def _check_windowed(text: str) -> None:
    rules = RANGE_RULES + POINT_RULES
    assert _spotted(spot(text, rules)) == _spotted(spot_exhaustive(text, rules))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=text_strategy)
def test_windowed_spotting_equals_full_scans(text: str) -> None:
    _check_windowed(text)


def test_windowed_spotting_on_the_seed_article() -> None:
    seed = (ROOT / "seeds" / "000_b2d011834734ebc9.txt").read_text(encoding="utf-8")
    _check_windowed(seed)
    _check_windowed(seed.replace(" ", "  \n "))  # every gap a run of whitespace
    _check_windowed(seed.upper())


def test_reach_requires_a_mandatory_trigger_group() -> None:
    back, ahead = reach(r"(?:the\s+)?(?P<mo>May|June)\s+\d{1,2}(?!\d)", "mo")
    assert back == len("the ") + len("June")  # a run of whitespace counts as one character
    assert ahead >= len("June 12") + 1
    with pytest.raises(ValueError):
        reach(r"(?:(?P<mo>May)\s+)?\d{4}", "mo")  # a match need not contain the group


# ---------------------------------------------------------------------------------------------
# dateparser is a fallback, imported only when an expression needs it.


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return result.stdout.strip()


def test_import_does_not_import_dateparser() -> None:
    assert _run("import timeline.temporal, sys; print('dateparser' in sys.modules)") == "False"


def test_dateparser_imported_only_for_times_of_day() -> None:
    code = (
        "import sys, datetime; from timeline.temporal import extract_times as x; "
        "d = datetime.date(2022, 9, 15); "
        "x('On 13.09.2022 and 2022/09/13 and 13-Sep-2022 and 09/13/2022.', d); "
        "print('dateparser' in sys.modules, end=' '); "
        "print(x('On 13.09.2022 10:30 they left.', d)[0].value, 'dateparser' in sys.modules)"
    )
    assert _run(code) == "False 2022-09-13T10:30 True"
