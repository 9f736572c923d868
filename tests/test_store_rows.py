"""The list's rows read from the store (`tui.store_rows.StoreRows`) are the rows of the
in-memory model (`tui.rows.RowModel`) over the same events: the same codes, headings, label
column, hits, steps, jumps, dates and rows of events, under random filters, searches and
pane heights. No app: both are `RowSource`s, the widget's whole view of its rows."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult

from tests.conftest import write_store
from timeline.models import (
    ActorKind,
    DocumentRef,
    Sentence,
    TimeExpression,
    TimeKind,
    UndatedExpression,
)
from timeline.store.database import SCHEMA_VERSION, CorpusStore
from timeline.store.events import EventStore
from timeline.timeline import UNTYPED, Filters, Timeline
from tui.rows import SHORT_PANE, RowModel, RowSource, is_event
from tui.store_rows import LazyInts, StoreRows
from tui.widgets.timeline_view import TimelineView

from .test_store_events import corpus


def undated(text: str) -> UndatedExpression:
    return UndatedExpression(
        expression=TimeExpression(
            text="yesterday", start=0, end=9, value="PAST_REF", kind=TimeKind.DATE
        ),
        document=DocumentRef(id="u1", title="An undated wire", path="u.txt"),
        sentence=Sentence(text=text, start=0, end=len(text)),
    )


UNDATED = [
    undated("Shelling resumed yesterday near the border."),
    undated("A CEASEFIRE was agreed yesterday."),
    undated("Talks in İstanbul broke down yesterday."),
]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Timeline, EventStore]]:
    events = corpus()
    path = tmp_path_factory.mktemp("store") / "store.sqlite3"
    write_store(path, events, "digest", b"payload")
    opened = EventStore.open(path, SCHEMA_VERSION)
    yield Timeline(events, undated=UNDATED), opened
    opened.close()


DAYS = (
    None,
    date(1989, 1, 1),
    date(1991, 12, 31),
    date(2000, 1, 1),
    date(2016, 4, 2),
    date(2020, 1, 1),
    date(2020, 9, 27),
    date(2020, 12, 31),
    date(2022, 9, 30),
    date(2030, 1, 1),
)
ACTORS = ("NATO", "Russia", "Nikol Pashinyan", "Turkey", "nobody")
TYPES = (UNTYPED, "Battles", "Protests", "Riots")
NEEDLES = ("", "c", "ce", "cease", "CEASEFIRE", "arm", "yesterday", "i̇stanbul", '"*NEAR(', "zzzz")


@st.composite
def filters(draw: st.DrawFn) -> Filters:
    start, end = draw(st.sampled_from(DAYS)), draw(st.sampled_from(DAYS))
    if start and end and start > end:
        start, end = end, start
    return Filters(
        start=start,
        end=end,
        actors=draw(st.lists(st.sampled_from(ACTORS), max_size=2, unique=True)),
        event_types=draw(st.lists(st.sampled_from(TYPES), max_size=2, unique=True)),
        search=draw(st.sampled_from(("", "", "", "arm", "ce"))),
    )


def models(
    timeline: Timeline,
    store: EventStore,
    chosen: Filters,
    needle: str,
    height: int,
    *,
    search_first: bool = False,
) -> tuple[RowModel, StoreRows]:
    """Both models with ``chosen`` filters and ``needle`` searched (the search before the
    filters, with ``search_first``: the hits then follow the filters)."""
    memory = RowModel(timeline)
    rows = StoreRows(store, timeline.undated)
    for model in (memory, rows):
        source: RowSource = model
        if search_first:
            assert source.set_search(needle) == source.hit_count
        source.set_filters(chosen, show_undated=not chosen.active, height=height)
        if not search_first:
            assert source.set_search(needle) == source.hit_count
    rows.set_search(rows.search)  # the count forgotten: count_hits counts to its cap
    for cap in (0, 1, 5, 10_000):
        assert rows.count_hits(cap) == memory.count_hits(cap) == min(cap, memory.hit_count)
    return memory, rows


def same(memory: RowModel, rows: StoreRows, sample: list[int]) -> None:
    assert len(rows) == len(memory)
    assert rows.rows(0, len(rows)) == memory.rows(0, len(memory))
    assert [(h.label, h.count) for h in rows.headings] == [
        (h.label, h.count) for h in memory.headings
    ]
    assert rows.heading_mode == memory.heading_mode
    assert rows.label_width == memory.label_width
    assert rows.shown_count == len(memory.shown) and list(rows.shown) == memory.shown
    assert rows.hit_count == len(memory.hits) and list(rows.hits) == memory.hits
    assert rows.hit_events() == memory.hit_events()
    assert rows.first_item_row() == memory.first_item_row()
    for row in sample:
        if 0 <= row < len(memory):
            assert rows[row] == memory[row]
        assert rows.event_at(row) == memory.event_at(row)
        assert rows.undated_at(row) == memory.undated_at(row)
        assert rows.item_row(row) == memory.item_row(row)
        assert rows.is_hit(row) == memory.is_hit(row), row
        assert rows.hit_position(row) == memory.hit_position(row), row
        for cap in (0, 2, 30):
            assert rows.hit_position(row, cap) == memory.hit_position(row, cap), (row, cap)
        assert rows.hit_from(row) == memory.hit_from(row), row
        assert rows.next_hit(row) == memory.next_hit(row), row
        assert rows.previous_hit(row) == memory.previous_hit(row), row
        for delta in (-40, -2, -1, 0, 1, 3, 40):
            assert rows.step(row, delta) == memory.step(row, delta), (row, delta)
        for unit in ("year", "decade"):
            for forward in (True, False):
                assert rows.jump(row, unit, forward=forward) == memory.jump(
                    row, unit, forward=forward
                )
        code = memory[row] if 0 <= row < len(memory) else -1
        if is_event(code):
            drawn, event = rows.event_row(code), memory.event_row(code)
            assert (drawn.label, drawn.headline, drawn.sources) == (
                event.label,
                event.headline,
                event.sources,
            )
            assert [(a.name, a.kind) for a in drawn.actors] == [
                (a.name, a.kind) for a in event.actors
            ]


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    chosen=filters(),
    needle=st.sampled_from(NEEDLES),
    height=st.sampled_from((0, SHORT_PANE - 1, 40)),
    seed=st.integers(0, 2**16),
    search_first=st.booleans(),
)
def test_the_store_rows_are_the_memory_rows(
    both: tuple[Timeline, EventStore],
    chosen: Filters,
    needle: str,
    height: int,
    seed: int,
    search_first: bool,
) -> None:
    timeline, store = both
    memory, rows = models(timeline, store, chosen, needle, height, search_first=search_first)
    length = len(memory)
    # Every row near the ends and the group boundaries, and a spread between.
    sample = sorted({*range(min(length, 4)), *range(max(0, length - 4), length)})
    sample += list(range(seed % 7, length, 23))
    sample += [-1, length, length + 5]
    same(memory, rows, sample)
    for index in range(0, len(timeline.events), 7):
        assert rows.row_of_event(index) == memory.row_of_event(index)
    for index in (-1, 0, 1, 2, 3):
        assert rows.row_of_undated(index) == memory.row_of_undated(index)
    for day in (*[d for d in DAYS if d], date(1900, 1, 1), date(2020, 3, 15), date(2099, 1, 1)):
        assert rows.row_of_date(day) == memory.row_of_date(day), day


def test_every_row_agrees_unfiltered_and_over_a_short_pane(
    both: tuple[Timeline, EventStore],
) -> None:
    timeline, store = both
    for height in (40, SHORT_PANE - 1):
        memory, rows = models(timeline, store, Filters(), "cease", height)
        same(memory, rows, list(range(-1, len(memory) + 1)))
    assert rows.heading_mode == "decade"


def test_the_selection_outlives_the_filters_and_select_all_reads_pages(
    both: tuple[Timeline, EventStore],
) -> None:
    timeline, store = both
    rows = StoreRows(store, timeline.undated)
    assert rows.toggle(5) and rows.is_selected(5) and not rows.toggle(5)
    rows.set_filters(Filters(actors=["NATO"]), show_undated=False, height=40)
    added = rows.select_shown()
    shown = timeline.filter_indices(Filters(actors=["NATO"]))
    assert added == len(shown) and rows.selected == set(shown)
    rows.set_filters(Filters(), show_undated=True, height=40)
    assert rows.selected == set(shown)
    assert rows.clear_selection() == len(shown) and not rows.selected
    assert rows.load_events([3, 1]) == [timeline.events[3], timeline.events[1]]
    assert rows.load_event(1) is rows.load_event(1)  # the cursor's event, decoded once


def test_the_lazy_sequences_read_like_lists(both: tuple[Timeline, EventStore]) -> None:
    _timeline, store = both
    rows = StoreRows(store)
    rows.set_filters(Filters(actors=["Turkey"]), show_undated=False, height=40)
    shown = rows.shown
    assert isinstance(shown, LazyInts)
    listed = list(shown)
    assert shown[0] == listed[0] and shown[-1] == listed[-1] and shown[2:5] == listed[2:5]
    assert shown == listed and len(shown) == len(listed)
    with pytest.raises(IndexError):
        shown[len(listed)]


def test_text_is_a_parameter_never_sql(both: tuple[Timeline, EventStore]) -> None:
    timeline, store = both
    rows = StoreRows(store, timeline.undated)
    for needle in ("'; DROP TABLE events; --", '" OR 1 --', "%", "_", "a\0b"):
        rows.set_search(needle)
        rows.set_filters(Filters(actors=[needle], search=needle), show_undated=False, height=40)
    assert store.total == len(timeline.events)


def test_an_empty_store_has_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    write_store(path, [], "digest", b"payload")
    opened = EventStore.open(path, SCHEMA_VERSION)
    rows = StoreRows(opened)
    assert len(rows) == 0 and rows.first_item_row() == -1 and rows.item_row(3) == -1
    assert rows.row_of_date(date(2020, 1, 1)) is None and rows.set_search("x") == 0
    assert rows.step(-1, 1) == -1 and rows.hit_from(0) is None and rows.rows(0, 10) == []
    opened.close()


async def screens(view_of: Callable[[], TimelineView], keys: list[str]) -> list[list[str]]:
    """The rows on screen after each key, in a minimal app holding only the list."""

    class ListApp(App[None]):
        def compose(self) -> ComposeResult:
            yield view_of()

    app = ListApp()
    seen: list[list[str]] = []
    async with app.run_test(size=(100, 24)) as pilot:
        view = app.query_one(TimelineView)
        view.focus()
        await pilot.pause()
        for key in keys:
            if key.startswith("search:"):
                view.set_search(key.removeprefix("search:"))
            elif key.startswith("filter:"):
                chosen = Filters(actors=[key.removeprefix("filter:")])
                view.set_filters(chosen, show_undated=False)
            else:
                await pilot.press(key)
            await pilot.pause()
            seen.append(view.visible_text())
            seen.append([str(view.cursor_row), str(view.current_event_index)])
            event = view.current_event
            seen.append([event.id if event is not None else "-"])
    return seen


async def test_the_list_draws_the_store_as_it_draws_memory(
    both: tuple[Timeline, EventStore],
) -> None:
    timeline, store = both
    keys = ["down", "pagedown", "right_square_bracket", "search:cease", "n", "n", "N"]
    keys += ["filter:NATO", "pagedown", "right_curly_bracket", "search:yesterday", "end", "home"]
    keys += ["search:ce", "n", "filter:Russia", "space", "down", "space"]
    in_memory = await screens(lambda: TimelineView(timeline), keys)
    stored = await screens(lambda: TimelineView(source=StoreRows(store, timeline.undated)), keys)
    # A happening told by several mentions says how many on its row, in both.
    assert any("×2 " in line for screen in stored for line in screen)
    assert any("×3 " in line for screen in stored for line in screen)
    for key, (memory, rows) in zip(
        [k for k in keys for _ in range(3)], zip(in_memory, stored, strict=True), strict=True
    ):
        assert rows == memory, key


def test_small_blocks_and_long_runs_read_the_same_ids(
    both: tuple[Timeline, EventStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blocks of 16 ids: a screen reads blocks, iterating the shown events long runs."""
    import tui.store_rows

    monkeypatch.setattr(tui.store_rows, "BLOCK", 16)
    timeline, store = both
    for chosen in (Filters(actors=["Russia"]), Filters(start=date(2016, 1, 1), search="arm")):
        memory, rows = models(timeline, store, chosen, "cease", 40)
        same(memory, rows, list(range(0, len(memory), 5)))
        assert rows.select_shown() == len(memory.shown)


def test_the_rows_keep_reading_one_merge_while_another_is_written(tmp_path: Path) -> None:
    """An ingest may commit a new merge while the list is open: the list keeps the ids and
    positions of the one it opened until it is opened again."""
    path = tmp_path / "store.sqlite3"
    first = Timeline(corpus()[:50])
    write_store(path, first.events, "one", b"one")
    opened = EventStore.open(path, SCHEMA_VERSION)
    rows = StoreRows(opened)
    rows.set_filters(Filters(actors=["Russia"]), show_undated=False, height=40)
    before = rows.rows(0, len(rows))
    writer, problems = CorpusStore.open(path, "test")
    assert writer is not None, problems
    writer.put_merged("two", b"two", corpus()[50:200])  # committed while the list reads
    writer.close()
    rows.set_filters(Filters(), show_undated=False, height=40)
    rows.set_filters(Filters(actors=["Russia"]), show_undated=False, height=40)
    assert rows.total == 50 and rows.rows(0, len(rows)) == before
    assert rows.load_event(10) == first.events[10]
    opened.release_snapshot()
    assert opened.total == 150
    opened.close()


def test_an_unknown_actor_kind_draws_as_other(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    write_store(path, corpus()[:5], "one", b"one")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE events SET actors = ?", (json.dumps([["\x1b[31mX", "nonsense"]]),))
    opened = EventStore.open(path, SCHEMA_VERSION)
    drawn = StoreRows(opened).event_row(0)
    assert [(a.name, a.kind) for a in drawn.actors] == [("\x1b[31mX", ActorKind.OTHER)]
    opened.close()


async def test_control_characters_in_stored_rows_never_reach_the_screen(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    write_store(path, corpus()[:5], "one", b"one")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE events SET headline = ?, label = ?", ("\x1b]52;c;aGk=\x07x", "\x9b2J"))
        db.execute("UPDATE events SET actors = ?", (json.dumps([["\x1b[31mX", "person"]]),))
    opened = EventStore.open(path, SCHEMA_VERSION)
    seen = await screens(lambda: TimelineView(source=StoreRows(opened)), ["down"])
    text = "".join(line for block in seen for line in block)
    # Made visible (the widget's own cleaning, as for rows in memory), never sent raw.
    assert "␛]52;c;aGk=␇x" in text and not any(c in text for c in "\x1b\x07\x9b")
    opened.close()
