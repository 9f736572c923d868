"""The Timeline's order and filters, and the time-range syntax users type."""

from datetime import date

import pytest

from timeline.timeline import (
    FilterError,
    Filters,
    Timeline,
    format_time_range,
    parse_bound,
    parse_time_range,
)


def test_events_sorted_chronologically(events) -> None:
    timeline = Timeline(reversed(events))
    assert [e.start.year for e in timeline.events] == [1988, 1992, 2022, 2022]
    assert timeline.span == (date(1988, 1, 1), date(2022, 9, 13))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1992..1994", (date(1992, 1, 1), date(1994, 12, 31))),
        ("2020", (date(2020, 1, 1), date(2020, 12, 31))),
        ("2022-09", (date(2022, 9, 1), date(2022, 9, 30))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2022-09-13", (date(2022, 9, 13), date(2022, 9, 13))),
        ("..2000", (None, date(2000, 12, 31))),
        ("2015..", (date(2015, 1, 1), None)),
        (" 1992 .. 1994 ", (date(1992, 1, 1), date(1994, 12, 31))),
    ],
)
def test_parse_time_range(text, expected) -> None:
    assert parse_time_range(text) == expected


@pytest.mark.parametrize("text", ["", "..", "1994..1992", "92", "2022-13", "2022-02-30", "soon"])
def test_parse_time_range_rejects(text) -> None:
    with pytest.raises(FilterError):
        parse_time_range(text)


def test_parse_bound_month_end() -> None:
    assert parse_bound("2023-02", upper=True) == date(2023, 2, 28)


def test_filter_by_time_overlap(events) -> None:
    timeline = Timeline(events)
    shown = timeline.filter(Filters(start=date(1993, 1, 1), end=date(1993, 12, 31)))
    assert [e.headline for e in shown] == ["Full-scale war"]


def test_filter_by_actor_any_of(events) -> None:
    timeline = Timeline(events)
    shown = timeline.filter(Filters(actors=["European Union", "Azerbaijan"]))
    assert [e.headline for e in shown] == [
        "War begins over Nagorno-Karabakh",
        "Von der Leyen visits Baku",
        "Azeri forces cross the border",
    ]


def test_filter_search_covers_places_and_sentences(events) -> None:
    timeline = Timeline(events)
    assert [e.headline for e in timeline.filter(Filters(search="GORIS"))] == [
        "Azeri forces cross the border"
    ]
    assert len(timeline.filter(Filters(search="september 13"))) == 4
    assert timeline.filter(Filters(search="nothing like this")) == []


def test_filters_active() -> None:
    assert not Filters().active
    f = Filters(start=date(1992, 1, 1), end=date(1994, 12, 31), actors=["Russia"], search="war")
    assert f.active


@pytest.mark.parametrize(
    "text", ["1992..1994", "2020", "2022-09", "2022-09-13", "..2000", "2015..", "2022-02..2022-03"]
)
def test_format_time_range_gives_back_what_was_typed(text: str) -> None:
    assert format_time_range(*parse_time_range(text)) == text


def test_actor_counts(events) -> None:
    counts = Timeline(events).actor_counts()
    assert counts[0][0] == "Armenia" and counts[0][2] == 3
    assert ("European Union", 1) in [(n, c) for n, _, c in counts]
