"""The chart read from the store (`tui.store_chart`) is the chart `tui.chart_model` bins from
the same events in memory: every mode, under filters of each kind."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date
from itertools import pairwise

import pytest

from tests.conftest import write_store
from timeline.store import events as store_events
from timeline.store.database import SCHEMA_VERSION
from timeline.store.events import EventStore
from timeline.synthetic import synthetic_events
from timeline.timeline import UNTYPED, Filters, Timeline
from tui.chart_model import bin_events, finish, hits_per_period
from tui.store_chart import StoreChartData, actor_chart, type_chart

TYPES = ("Battles", "Protests", "Riots", "Odd type")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Timeline, EventStore]:
    events = synthetic_events(900, seed=11)
    events = [
        e.model_copy(update={"event_type": TYPES[i % 5]} if i % 5 < 4 else {})
        for i, e in enumerate(events)
    ]
    events += [events[3].model_copy(update={"id": "no-actor", "actors": []})]
    path = tmp_path_factory.mktemp("chart") / "store.sqlite3"
    write_store(path, events, "digest", b"")
    opened = EventStore.open(path, SCHEMA_VERSION)
    yield Timeline(events), opened
    opened.close()


FILTERS = (
    Filters(),
    Filters(event_types=["Battles", UNTYPED]),
    Filters(actors=["NATO"]),
    Filters(actors=["NATO", "Russia"]),
    Filters(start=date(2020, 1, 1), end=date(2020, 12, 31)),
    Filters(start=date(2020, 3, 15), end=date(2021, 2, 10), actors=["Turkey"]),
    Filters(search="cease"),
    Filters(start=date(2040, 1, 1)),
)


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_the_store_charts_what_memory_bins(
    built: tuple[Timeline, EventStore], filters: Filters
) -> None:
    timeline, store = built
    shown = timeline.filter_indices(filters)
    query = store.query(filters)
    for stacking, read in (("type", type_chart), ("actor", actor_chart)):
        assert read(query) == bin_events(timeline.events, shown, "month", stacking), stacking


def test_hits_and_months_are_those_of_the_events(built: tuple[Timeline, EventStore]) -> None:
    timeline, store = built
    data = StoreChartData(store, store.query())
    chart = finish(data.binning("type"))
    hits = list(range(0, 901, 13))
    assert data.hits_per_period(chart, hits) == hits_per_period(chart, timeline.events, hits)
    event = timeline.events[500]
    assert data.month_of(500) == event.start.year * 12 + event.start.month - 1
    assert data.month_of(5000) is None and data.month_of(-1) is None
    assert not data.empty and StoreChartData(store, store.query(FILTERS[-1])).empty


def test_read_ahead_in_a_thread_it_opens_its_own_connection(
    built: tuple[Timeline, EventStore],
) -> None:
    timeline, store = built
    data = StoreChartData(store, store.query(Filters(actors=["NATO"])))
    found: list[object] = []
    thread = threading.Thread(target=lambda: found.append(finish(data.binning("actor"))))
    thread.start()
    thread.join()
    shown = timeline.filter_indices(Filters(actors=["NATO"]))
    assert found == [bin_events(timeline.events, shown, "month", "actor")]


@pytest.mark.parametrize("top", [0, 1, 2, 6, 40, 1000])
def test_the_whole_timeline_by_actor_is_read_from_its_counts_alone(
    built: tuple[Timeline, EventStore], top: int
) -> None:
    """Unfiltered, the chart by actor is read from ``lead_months`` (no row of ``events`` or
    ``event_actors``): the same chart as memory bins, for any number of top actors (ties
    in the number of events ranked by name, as `tui.chart_model` ranks them)."""
    timeline, store = built
    shown = list(range(len(timeline.events)))
    statements: list[str] = []
    store.db.set_trace_callback(statements.append)
    try:
        chart = actor_chart(store.query(), top)
    finally:
        store.db.set_trace_callback(None)
    assert chart == bin_events(timeline.events, shown, "month", "actor", top=top)
    read = " ".join(statements)
    assert "lead_months" in read
    assert " events" not in read and "event_actors" not in read


@pytest.mark.parametrize("actor", ["NATO", "Red Cross", "Nikol Pashinyan"])
@pytest.mark.parametrize("top", [0, 1, 2, 6, 40])
def test_one_actors_chart_is_read_from_its_counts_alone(
    built: tuple[Timeline, EventStore], actor: str, top: int
) -> None:
    """Filtered on one actor and nothing else, either chart is read from ``actor_pairs`` and
    ``actor_type_months`` (no row of ``events`` or ``event_actors``), on the screen's
    thread: the same chart as memory bins."""
    timeline, store = built
    filters = Filters(actors=[actor])
    shown = timeline.filter_indices(filters)
    assert shown
    query = store.query(filters)
    statements: list[str] = []
    store.db.set_trace_callback(statements.append)
    try:
        by_actor = actor_chart(query, top)
        by_type = type_chart(query)
    finally:
        store.db.set_trace_callback(None)
    assert by_actor == bin_events(timeline.events, shown, "month", "actor", top=top)
    assert by_type == bin_events(timeline.events, shown, "month", "type")
    read = " ".join(statements)
    assert "actor_pairs" in read and "actor_type_months" in read
    assert "FROM events" not in read and "JOIN events" not in read
    assert "event_actors" not in read
    data = StoreChartData(store, query)
    assert data.quick("actor") and data.quick("type")


@pytest.mark.parametrize(
    "filters",
    [
        Filters(actors=["NATO", "Russia"]),
        Filters(actors=["NATO"], start=date(2020, 1, 1)),
        Filters(actors=["NATO"], event_types=["Battles"]),
        Filters(actors=["NATO"], search="cease"),
        Filters(actors=["Nobody at all"]),
    ],
    ids=str,
)
def test_more_than_one_actor_is_read_from_the_events(
    built: tuple[Timeline, EventStore], filters: Filters
) -> None:
    timeline, store = built
    query = store.query(filters)
    assert not query.lone_actor
    assert not StoreChartData(store, query).quick("actor")
    shown = timeline.filter_indices(filters)
    assert actor_chart(query) == bin_events(timeline.events, shown, "month", "actor")


def test_actor_ranks_follow_events_then_name(built: tuple[Timeline, EventStore]) -> None:
    timeline, store = built
    named: Counter[str] = Counter()
    for event in timeline.events:
        named.update({a.name for a in event.actors})
    ranked = sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))
    assert store.ranked(len(named) + 5) == [name for name, _ in ranked]
    assert any(a[1] == b[1] for a, b in pairwise(ranked))  # ties are there to order


@pytest.mark.parametrize("cases", [0, 2, 64])
def test_a_filtered_chart_by_actor_ranks_leaders_either_way(
    built: tuple[Timeline, EventStore], monkeypatch: pytest.MonkeyPatch, cases: int
) -> None:
    """Filtered, each event's best ranked leader is read per event: as a CASE on the
    leaders' ids up to `MAX_CASES` of them, else through a JSON object; the same chart."""
    monkeypatch.setattr(store_events, "MAX_CASES", cases)
    timeline, store = built
    for filters in (Filters(event_types=["Battles"]), Filters(actors=["NATO", "Russia"])):
        shown = timeline.filter_indices(filters)
        for top in (1, 6):
            expected = bin_events(timeline.events, shown, "month", "actor", top=top)
            assert actor_chart(store.query(filters), top) == expected, (filters, top)
