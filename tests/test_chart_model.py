"""The chart's binning (`tui.chart_model`): periods, stacking, top actors, and its cost."""

from __future__ import annotations

from datetime import date

from tests.conftest import make_event
from timeline.models import Event, Precision
from timeline.synthetic import synthetic_events
from timeline.timeline import Timeline
from tui.chart_model import (
    NONE,
    OTHER,
    bin_events,
    binning,
    by_year,
    finish,
    hits_per_period,
    period_label,
)


def typed(day: date, event_type: str | None, actors: tuple[str, ...] = ("Armenia",)) -> Event:
    event = make_event(day, actors=actors, headline=f"{event_type} {actors}")
    event.event_type = event_type
    return event


def test_no_events_give_an_empty_chart() -> None:
    chart = bin_events([], [])
    assert chart.periods == [] and chart.series == [] and chart.counts == []
    assert chart.position_of(2000) == 0


def test_one_event_is_one_period_of_one() -> None:
    chart = bin_events([typed(date(1992, 5, 8), "Battles")], [0], "month")
    assert chart.periods == [1992 * 12 + 4]
    assert chart.label(0) == "May 1992" and chart.label(0, short=True) == "1992-05"
    assert chart.series == ["Battles"]
    assert chart.counts == [[1]] and chart.firsts == [0]


def test_years_and_months_with_the_gaps_between() -> None:
    events = [
        typed(date(1992, 1, 3), "Battles"),
        typed(date(1992, 3, 9), "Battles"),
        typed(date(1994, 1, 1), "Battles"),
    ]
    years = bin_events(events, [0, 1, 2], "year")
    assert years.periods == [1992, 1993, 1994]
    assert years.totals == [2, 0, 1]
    assert years.firsts == [0, None, 2]
    months = bin_events(events, [0, 1, 2], "month")
    assert len(months.periods) == 25  # Jan 1992 .. Jan 1994
    assert months.totals[0] == 1 and months.totals[2] == 1 and months.totals[-1] == 1
    assert sum(months.totals) == 3
    assert period_label(months.periods[-1], "month") == "Jan 1994"


def test_a_month_chart_folds_into_the_year_chart() -> None:
    events = Timeline(synthetic_events(300, seed=5)).events  # in date order, as the app has them
    shown = range(0, 300, 2)
    for stacking in ("type", "actor"):
        months = bin_events(events, shown, "month", stacking)  # type: ignore[arg-type]
        assert by_year(months) == bin_events(events, shown, "year", stacking)  # type: ignore[arg-type]
    assert by_year(bin_events([], [], "month")).periods == []


def test_a_range_counts_once_at_its_start() -> None:
    war = make_event(date(1992, 1, 1), date(1994, 12, 31), precision=Precision.YEAR)
    chart = bin_events([war], [0], "year")
    assert chart.periods == [1992] and chart.totals == [1]


def test_only_the_shown_events_count() -> None:
    events = [typed(date(1990, 1, 1), "Riots"), typed(date(2000, 1, 1), "Battles")]
    chart = bin_events(events, [1], "year")
    assert chart.periods == [2000] and chart.series == ["Battles"] and chart.firsts == [1]


def test_types_stack_in_acled_order_with_none_last() -> None:
    day = date(2022, 9, 13)
    events = [
        typed(day, None),
        typed(day, "Protests"),
        typed(day, "Battles"),
        typed(day, "Strategic developments"),
        typed(day, "Battles"),
    ]
    chart = bin_events(events, range(5), "year", "type")
    assert chart.series == ["Battles", "Protests", "Strategic developments", NONE]
    assert chart.counts == [[2, 1, 1, 1]]


def test_actors_stack_top_n_then_other_then_none() -> None:
    day = date(2022, 9, 13)
    events = [
        typed(day, None, ("Russia",)),
        typed(day, None, ("Russia", "Ukraine")),  # goes to Russia, the more frequent
        typed(day, None, ("Ukraine",)),
        typed(day, None, ("Russia",)),
        typed(day, None, ("NATO",)),  # not in the top 2: other
        typed(day, None, ()),  # names no one: none
    ]
    chart = bin_events(events, range(6), "year", "actor", top=2)
    assert chart.series == ["Russia", "Ukraine", OTHER, NONE]
    assert chart.counts == [[3, 1, 1, 1]]
    assert sum(chart.totals) == 6  # every event once, whatever it names


def test_no_other_or_none_series_when_nothing_falls_there() -> None:
    events = [typed(date(2022, 1, 1), None, ("Russia",))]
    assert bin_events(events, [0], "year", "actor").series == ["Russia"]


def test_100000_events_are_each_counted_once_in_every_mode() -> None:
    """Every shown event lands in one period of every chart. How long binning takes is a
    figure, not a test (machines are noisy): `scripts/bench_tui.py` prints it."""
    events = synthetic_events(5_000, seed=3) * 20  # 100,000, without building them all
    shown = range(len(events))
    for granularity in ("month", "year"):
        for stacking in ("type", "actor"):
            chart = bin_events(events, shown, granularity, stacking)  # type: ignore[arg-type]
            assert sum(chart.totals) == len(events)


def test_binning_in_small_steps_gives_the_chart_of_one_pass() -> None:
    """The chart view bins in steps on the event loop (`binning`): each step covers at
    most ``chunk`` events of a pass, and the chart is the one `bin_events` gives."""
    events = synthetic_events(300, seed=5)
    shown = [i for i in range(len(events)) if i % 3]
    for granularity in ("month", "year"):
        for stacking in ("type", "actor"):
            steps = binning(events, shown, granularity, stacking, chunk=7)  # type: ignore[arg-type]
            count = 0
            while True:
                try:
                    next(steps)
                except StopIteration as done:
                    chart = done.value
                    break
                count += 1
            assert count >= len(shown) // 7 * 4  # four passes over the events, in steps
            assert chart == bin_events(events, shown, granularity, stacking)  # type: ignore[arg-type]
            assert chart == finish(binning(events, shown, granularity, stacking))  # type: ignore[arg-type]


def test_search_hits_counted_per_period() -> None:
    events = [typed(date(1992, 1, 1), "Battles"), typed(date(1994, 6, 1), "Riots")]
    chart = bin_events(events, [0, 1], "year")
    assert hits_per_period(chart, events, [1]) == [0, 0, 1]
    assert hits_per_period(bin_events([], []), events, [1]) == []
