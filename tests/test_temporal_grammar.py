"""Table-driven tests of the temporal grammar on news phrasing (all sentences written for these
tests). The default document creation date is Thursday 2022-09-15, the seed article's.

Each rule's own examples and negatives are data, in
``timeline/temporal/rules/<family>.examples.toml`` (run by ``tests/test_rule_examples.py``):
add a phrase there. This file keeps the cases that belong to no single rule: the seed
article, ranges joined from two expressions, years carried from one date to the next, words
no rule may match, and TIMEX3 views of ranges."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest

from timeline.models import Modifier, Precision, TimeExpression, TimeKind
from timeline.temporal import extract_times, to_timex3

DCT = date(2022, 9, 15)  # a Thursday

D, R, DUR, S, T = TimeKind.DATE, TimeKind.RANGE, TimeKind.DURATION, TimeKind.SET, TimeKind.TIME
DAY, WEEK, MONTH, SEASON = Precision.DAY, Precision.WEEK, Precision.MONTH, Precision.SEASON
QUARTER, YEAR, DECADE, CENTURY = (
    Precision.QUARTER,
    Precision.YEAR,
    Precision.DECADE,
    Precision.CENTURY,
)
EARLY, MID, LATE = Modifier.EARLY, Modifier.MID, Modifier.LATE
BEFORE, AFTER, APPROX = Modifier.BEFORE, Modifier.AFTER, Modifier.APPROXIMATELY


def d(s: str) -> date:
    return date.fromisoformat(s)


# (sentence, expected span text, expected fields). Fields: value, kind, precision, modifier,
# start/end (date bounds), anchored, and optionally dct (overrides DCT; None allowed).
Case = tuple[str, str, dict[str, Any]]

SEED: list[Case] = [
    (
        "Fighting broke out between Armenia and Azerbaijan in 1988 over the enclave.",
        "1988",
        {
            "value": "1988",
            "kind": D,
            "precision": YEAR,
            "start": d("1988-01-01"),
            "end": d("1988-12-31"),
        },
    ),
    (
        "the dissolution of the Soviet Union in 1991, as well as",
        "1991",
        {"value": "1991", "precision": YEAR},
    ),
    (
        "This war lasted from 1992 until a precarious ceasefire in 1994, killing 30,000.",
        "1992 until a precarious ceasefire in 1994",
        {
            "value": "1992/1994",
            "kind": R,
            "precision": YEAR,
            "start": d("1992-01-01"),
            "end": d("1994-12-31"),
        },
    ),
    (
        "its war for regime change in Syria that began in 2011, have shattered",
        "2011",
        {"value": "2011"},
    ),
    (
        "In 2020, amid the COVID-19 pandemic, a new war broke out.",
        "2020",
        {"value": "2020", "kind": D},
    ),
    (
        "After the 2020 war, Russia deployed a contingent of peacekeepers.",
        "2020",
        {"value": "2020", "modifier": AFTER, "precision": YEAR, "anchored": True},
    ),
    (
        "In July, the President of the Commission visited the Azeri capital.",
        "July",
        {"value": "2022-07", "precision": MONTH, "start": d("2022-07-01"), "end": d("2022-07-31")},
    ),
    (
        "Fighting broke out on the night of September 12–13, as forces crossed the border.",
        "September 12–13",
        {
            "value": "2022-09-12/2022-09-13",
            "kind": R,
            "precision": DAY,
            "start": d("2022-09-12"),
            "end": d("2022-09-13"),
        },
    ),
    (
        "a ceasefire brokered by Moscow on September 13.",
        "September 13",
        {"value": "2022-09-13", "precision": DAY},
    ),
    (
        "Clashes continued yesterday between the two republics.",
        "yesterday",
        {"value": "2022-09-14", "start": d("2022-09-14")},
    ),
    (
        "105 servicemen had been killed so far in this month’s fighting.",
        "this month",
        {"value": "2022-09", "precision": MONTH, "start": d("2022-09-01"), "end": d("2022-09-30")},
    ),
    (
        "which led to the founding of the Soviet Union a century ago.",
        "a century ago",
        {
            "value": "19",
            "precision": CENTURY,
            "modifier": APPROX,
            "anchored": True,
            "start": d("1900-01-01"),
            "end": d("1999-12-31"),
        },
    ),
    (
        "the eruption of wars in the region over the past three decades.",
        "the past three decades",
        {"value": "P30Y", "kind": DUR, "precision": None, "anchored": False},
    ),
    (
        "the traditions of the October Revolution of 1917, championed by",
        "1917",
        {"value": "1917", "precision": YEAR},
    ),
    (
        "a likely economic collapse in Europe this winter.",
        "this winter",
        {"value": "2022-WI", "precision": SEASON, "start": d("2022-12-01"), "end": d("2023-02-28")},
    ),
    (
        "Currently, the fighting continues.",
        "Currently",
        {"value": "PRESENT_REF", "precision": None, "anchored": False},
    ),
    (
        "drones, which now play an important role",
        "now",
        {"value": "PRESENT_REF", "anchored": False, "start": None},
    ),
]

# Ranges joined from two expressions (the engine's join, not one rule).
RANGES: list[Case] = [
    (
        "The truce held from 1994 to 2016 despite violations.",
        "1994 to 2016",
        {"value": "1994/2016", "kind": R},
    ),
    ("Between 2011 and 2013 the militia grew.", "2011 and 2013", {"value": "2011/2013", "kind": R}),
    (
        "The mission ran from March 2019 to June 2020.",
        "March 2019 to June 2020",
        {
            "value": "2019-03/2020-06",
            "kind": R,
            "precision": MONTH,
            "start": d("2019-03-01"),
            "end": d("2020-06-30"),
        },
    ),
    (
        "The curfew lasted from 12 May 2020 until 3 June 2020.",
        "12 May 2020 until 3 June 2020",
        {"value": "2020-05-12/2020-06-03", "kind": R},
    ),
    # A time of day at each end: one range of days, not a day at each end.
    (
        "A curfew was announced from 21:00 local time on 21 March 2022 until 07:00 local time "
        "on 23 March.",
        "21 March 2022 until 07:00 local time on 23 March",
        {"value": "2022-03-21/2022-03-23", "kind": R, "precision": DAY},
    ),
    (
        "A curfew ran from 9 p.m. on 4 May 2021 until 6 a.m. on 6 May.",
        "4 May 2021 until 6 a.m. on 6 May",
        {"value": "2021-05-04/2021-05-06", "kind": R},
    ),
]

CARRY: list[Case] = [
    (
        "On 27 September 2020 the war began and it lasted until 10 November.",
        "10 November",
        {"value": "2020-11-10", "start": d("2020-11-10")},
    ),
    (
        "On 27 September 2020 the war began and it lasted until 10 November.",
        "27 September 2020",
        {"value": "2020-09-27"},
    ),
    ("In 2011 protests spread; by June the army had split.", "June", {"value": "2011-06"}),
    (
        "It began on March 3, 2019, and ended on April 9 with a deal.",
        "April 9",
        {"value": "2019-04-09"},
    ),
    # The story has moved to 2008: a year-less date follows it, not the 2022 dct.
    ("Troops left on 2 May 2008. On 5 June fighting resumed.", "5 June", {"value": "2008-06-05"}),
]

ALL_CASES = SEED + RANGES + CARRY


# Not temporal at all (checked against the same dct and none).
ROUND_TWO_NEGATIVES: list[tuple[str, str]] = [
    # A balance, and the noun "current".
    ("The current account deficit widened.", "current"),
    ("Swimmers were swept away by a strong current.", "current"),
]


def test_programme_title_is_not_a_duration() -> None:
    sentence = 'The minister told "60 Minutes" that talks had stalled.'
    assert [e for e in extract_times(sentence, DCT) if _covers(e, sentence, "60")] == []


_FIELDS = {
    "value": "value",
    "kind": "kind",
    "precision": "precision",
    "modifier": "modifier",
    "start": "date_start",
    "end": "date_end",
    "anchored": "anchored",
}


def _find(found: list[TimeExpression], span: str) -> TimeExpression:
    matches = [e for e in found if e.text == span]
    assert matches, f"{span!r} not found in {[(e.text, e.value) for e in found]}"
    return matches[0]


@pytest.mark.parametrize(("sentence", "span", "expected"), ALL_CASES)
def test_expression(sentence: str, span: str, expected: dict[str, Any]) -> None:
    dct = expected.get("dct", DCT)
    found = extract_times(sentence, dct)
    expr = _find(found, span)
    assert sentence[expr.start : expr.end] == expr.text
    for key, attr in _FIELDS.items():
        if key in expected:
            assert getattr(expr, attr) == expected[key], (key, expr)
    if expr.anchored:
        assert expr.date_start is not None and expr.date_end is not None
        assert expr.date_start <= expr.date_end
    else:
        assert expr.date_start is None and expr.date_end is None


# (sentence, a word or phrase that must not be (part of) a date, range or time expression)
NEGATIVES: list[tuple[str, str]] = [
    ("we can't even evacuate the children", "we"),
    ("“The fire is very intense, we are hiding.”", "are"),
    ("Armenia may respond with force.", "may"),
    ("Thousands march on the capital.", "march"),
    ("The Sun reported the attack.", "Sun"),
    ("Azerbaijan reported 3,006 dead including 100 civilians.", "3,006"),
    ("killing 30,000 in the war", "30,000"),
    ("105 Armenian servicemen had been killed", "105"),
    ("The ministry sent 1,000 troops to the border.", "1,000"),
    ("Support fell to 20% in the polls.", "20%"),
    ("Support fell by 20 percent in the polls.", "20"),
    ("The painting sold for $1990 at auction.", "1990"),
    ("amid the COVID-19 pandemic", "COVID-19"),
    ("Turkey wants to buy F-16 jets.", "F-16"),
    ("An Su-25 was shot down.", "Su-25"),
    ("India received the S-400 system.", "S-400"),
    ("A convoy was hit on Highway 17 north of the city.", "17"),
    ("He lives at No. 10 Downing Street.", "10"),
    ("Call 555-1234 for information.", "555-1234"),
    ("Update to version 2.1.3 now.", "2.1.3"),
    ("The tomb is two thousand years old.", "two thousand"),
    ("Christmas trees were on sale.", "Christmas"),
    ("after the fall of Kabul the embassy closed", "fall"),
    ("the sun set over the hills", "sun"),
    ("he do not know", "do"),
    ("a 25-year-old man was arrested", "25-year"),
    ("Mon Repos palace and Sat Nav devices", "Mon"),
    ("Agent 007 filed a report", "007"),
    ("the score was 3-2 after extra time", "3-2"),
    # Numbers that look like compact dates.
    ("Install version 1.2.3 or later.", "1.2.3"),
    ("The build 10.2.2020.1 is broken.", "10.2.2020.1"),
    ("The server at 10.0.0.1 went down.", "10.0.0.1"),
    ("Armenia won 3-1 in Yerevan.", "3-1"),
    ("Call the hotline on 555-12-1234.", "555-12-1234"),
    ("The hotline is open 24/7.", "24/7"),
    ("They won 2/3 of the seats.", "2/3"),
    ("The ratio was 12.5.2020x.", "12.5.2020x"),
    ("Protests grew amid 2019 unrest.", "amid"),
]


def _covers(expr: TimeExpression, sentence: str, word: str) -> bool:
    i = sentence.find(word)
    assert i >= 0, f"{word!r} not in {sentence!r}"
    return expr.start < i + len(word) and i < expr.end


@pytest.mark.parametrize(("sentence", "word"), NEGATIVES + ROUND_TWO_NEGATIVES)
def test_negative(sentence: str, word: str) -> None:
    for dct in (DCT, None):
        for expr in extract_times(sentence, dct):
            if expr.kind in (TimeKind.DATE, TimeKind.RANGE, TimeKind.TIME, TimeKind.SET):
                assert not _covers(expr, sentence, word), expr


# Phrases that may be found, but must never give an anchored calendar date.
NO_ANCHOR: list[str] = [
    "Explosions were heard at 3 p.m. near the port.",
    "It is now clear that the talks failed.",
    "The fighting is currently concentrated in the south.",
    "Two years later the dam was finished.",
    "The war lasted three years.",
    "Patrols are carried out every week.",
    "we are here and we do what we can",
]


@pytest.mark.parametrize("sentence", NO_ANCHOR)
def test_never_anchored(sentence: str) -> None:
    for expr in extract_times(sentence, DCT):
        assert not expr.anchored, expr


def test_seed_article_has_no_spurious_dates() -> None:
    text = (
        "Several officials in Europe have linked the new outbreak of fighting to the war. "
        "“We urge immediate action to reduce tensions,” the statement said. It claimed the "
        "lives of nearly 7,000 people, with Azerbaijan reporting 3,006 dead. Turkey’s F-16 buy "
        "would be “much easier” if Republicans win, the Sun said."
    )
    assert extract_times(text, DCT) == []


def test_october_revolution_without_year_is_not_a_date() -> None:
    found = extract_times("a return to the traditions of the October Revolution", DCT)
    assert found == []


def test_results_sorted_and_disjoint() -> None:
    text = (
        "On 27 September 2020 fighting began; on November 10, 2020, a truce was signed. "
        "Yesterday and last week, and in the late 1980s, and from 1992 to 1994."
    )
    found = extract_times(text, DCT)
    assert len(found) >= 6
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start


def test_range_timex3_splits_separate_endpoints() -> None:
    text = "This war lasted from 1992 until a precarious ceasefire in 1994, killing 30,000."
    (expr,) = [e for e in extract_times(text, DCT) if e.kind is TimeKind.RANGE]
    views = to_timex3(expr)
    assert [(text[s:e], v) for s, e, _, v, _ in views] == [("1992", "1992"), ("1994", "1994")]


def test_range_timex3_cuts_one_piece_range_at_its_dash() -> None:
    # TimeBank ("April 24 and 25") and WikiWars tag each endpoint, sharing words or not.
    text = "on the night of September 12–13, as forces crossed"
    (expr,) = extract_times(text, DCT)
    views = to_timex3(expr)
    assert [(text[s:e], v) for s, e, _, v, _ in views] == [
        ("September 12", "2022-09-12"),
        ("13", "2022-09-13"),
    ]


def test_timex3_splits_two_days_of_one_month() -> None:
    text = "Ministers meet on Oct. 3 and 4 in Geneva."
    views = [v for e in extract_times(text, DCT) for v in to_timex3(e)]
    assert [(text[s:e], v) for s, e, _, v, _ in views] == [
        ("Oct. 3", "2022-10-03"),
        ("4", "2022-10-04"),
    ]


def test_timex3_types_and_mods() -> None:
    text = "In the late 1980s, for three years, every week, at 3 p.m."
    views = [v for e in extract_times(text, DCT) for v in to_timex3(e)]
    assert [(t, m) for _, _, t, _, m in views] == [
        ("DATE", "END"),
        ("DURATION", None),
        ("SET", None),
        ("TIME", None),
    ]


def test_case_count() -> None:
    from tests.test_rule_examples import EXAMPLES
    from tests.test_rule_examples import NEGATIVES as RULE_NEGATIVES

    here = len(ALL_CASES) + len(NEGATIVES) + len(NO_ANCHOR)
    assert here + len(EXAMPLES) + len(RULE_NEGATIVES) >= 440


# ---------------------------------------------------------------------------------------------
# Narrative histories: eras, ranges cut into their endpoints, bare years, "of that year".

NARRATIVE_NEGATIVES: list[tuple[str, str]] = [
    # "BC" and "AD" without a year before or after them.
    ("The team flew to Vancouver, BC for the final.", "BC"),
    ("An AD campaign ran on television.", "AD"),
    # Ordinal unit names are not dates.
    ("The 101st Airborne landed at dawn.", "101st"),
    # Numbers that are not years, without a preposition before them.
    ("The price rose to $1987 a tonne.", "1987"),
    ("Only 60 came.", "60"),
]


# (sentence, a word that no expression of any kind may cover)
STORY_NEGATIVES: list[tuple[str, str]] = [
    ("Stalls are open on all days of the week.", "days"),
    ("After the days of plenty came a drought.", "days"),
    ("Labs use carbon to date the bones.", "date"),
    ("The night of the long knives is a name.", "night"),
    ("She worked the night shift at the depot.", "night"),
    ("The Autumn Harvest Uprising failed.", "Autumn"),
    ("The summer of love was loud.", "summer"),
    ("The same time each year the river floods.", "time"),
    ("He denied the charge the day before the hearing.", "day"),
    ("The fleet drew up on the night of Oct. 23.", "night"),
]


@pytest.mark.parametrize(("sentence", "word"), STORY_NEGATIVES)
def test_story_negative(sentence: str, word: str) -> None:
    for dct in (DCT, None):
        for expr in extract_times(sentence, dct):
            assert not _covers(expr, sentence, word), expr


def test_that_fall_is_not_a_season() -> None:
    sentence = "Markets feared that fall would come soon."
    assert [e for e in extract_times(sentence, DCT) if _covers(e, sentence, "fall")] == []


@pytest.mark.parametrize(("sentence", "word"), NARRATIVE_NEGATIVES)
def test_narrative_negative(sentence: str, word: str) -> None:
    test_negative(sentence, word)


# One range written as one piece becomes one TIMEX3 per endpoint (TimeML and TIMEX2 alike).
RANGE_VIEWS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "The talks ran on June 3-4, 2019, in Oslo.",
        [("June 3", "2019-06-03"), ("4, 2019", "2019-06-04")],
    ),
    (
        "Storms hit on 11–12 March 1931 along the coast.",
        [("11", "1931-03-11"), ("12 March 1931", "1931-03-12")],
    ),
    (
        "Ice closed the port in January–March 1947.",
        [("January", "1947-01"), ("March 1947", "1947-03")],
    ),
    (
        "The strike lasted 8 to 19 May 1926 in the mines.",
        [("8", "1926-05-08"), ("19 May 1926", "1926-05-19")],
    ),
    ("The siege ran from 264 to 241 BC at sea.", [("264", "BC0264"), ("241 BC", "BC0241")]),
    ("A drought came in 466 and 465 BC across Attica.", [("466", "BC0466"), ("465 BC", "BC0465")]),
]


@pytest.mark.parametrize(("sentence", "views"), RANGE_VIEWS)
def test_range_views(sentence: str, views: list[tuple[str, str]]) -> None:
    found = [v for e in extract_times(sentence, DCT) for v in to_timex3(e)]
    assert [(sentence[s:e], v) for s, e, _, v, _ in found] == views
