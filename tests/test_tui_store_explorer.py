"""The explorer over the store (issue 12, item 2): a corpus of `tui.app.STORE_ROWS_MIN`
events or more is read from the store's rows, and shows exactly what the same events show in
memory: rows, status line, filters, search, dialogs, chart, export, sessions.

The apps here open synthetic events written into a store (`CorpusStore.put_merged`) as a
`StoredTimeline` beside the same events as a `Timeline`; the tests of the choice itself open
a real corpus with `STORE_ROWS_MIN` lowered, to stay fast."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import tui.app
from tests.conftest import wait_loaded, write_store
from timeline import pipeline
from timeline.config import Config
from timeline.export.formats import FORMATS
from timeline.models import Event
from timeline.store import StoreChoice
from timeline.store.events import StoredTimeline
from timeline.synthetic import synthetic_events
from timeline.timeline import Filters, Timeline
from tui.app import ConflictApp
from tui.chart_model import Chart, Stacking, Steps, bin_events, by_year
from tui.screens.main import MainScreen
from tui.store_chart import StoreChartData
from tui.widgets.chart import ChartView
from tui.widgets.overview import Overview

from .test_store import write_corpus

SIZE = (120, 36)
COUNT = 800  # events (the real threshold is 20,000: the apps here are given the store)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Event], StoredTimeline]:
    # Validated, as the pipeline's events are: `synthetic_events` builds them unvalidated,
    # with their defaulted fields first in a dump, where the store's (validated) come in
    # the model's order, and an export compares their bytes.
    events = [
        Event.model_validate_json(e.model_dump_json()) for e in synthetic_events(COUNT, seed=12)
    ]
    path = tmp_path_factory.mktemp("explorer") / "store.sqlite3"
    write_store(path, events, "digest", b"")
    return events, StoredTimeline(path, COUNT, name="synthetic")


def status(screen: MainScreen) -> str:
    return str(screen.query_one("#status").render())


async def seen(source: Timeline | StoredTimeline, steps: Callable[[Any, Any], Any]) -> list[object]:
    """What ``steps(app, pilot)`` (an async function returning a list) saw in an app over
    ``source``; the app's list must read from the store exactly when ``source`` is one."""
    app = ConflictApp(source, config=Config())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.main_screen
        assert (screen.store_rows is not None) == isinstance(source, StoredTimeline)
        return await steps(app, pilot)


async def both(
    corpus: tuple[list[Event], StoredTimeline], steps: Callable[[Any, Any], Any]
) -> tuple[list[object], list[object]]:
    events, stored = corpus
    memory = await seen(Timeline(events, name="synthetic"), steps)
    over_store = await seen(stored, steps)
    return memory, over_store


async def open_chart(app: ConflictApp, pilot: Any, chosen: Filters) -> tuple[MainScreen, ChartView]:
    """Filter the app's timeline by ``chosen`` and open the chart ("c")."""
    await pilot.pause()
    screen = app.main_screen
    screen.filters = chosen
    await pilot.pause()
    await pilot.press("c")
    await pilot.pause()
    return screen, screen.query_one(ChartView)


async def test_rows_status_filters_and_search_are_those_of_memory(
    corpus: tuple[list[Event], StoredTimeline],
) -> None:
    async def steps(app: ConflictApp, pilot: Any) -> list[object]:
        screen = app.main_screen
        view = screen.view
        out: list[object] = [status(screen), view.visible_text()]
        await pilot.press("pagedown", "pagedown", "down", "right_square_bracket")
        await pilot.pause()
        out += [view.current_event_index, view.visible_text(), status(screen)]
        screen.filters = Filters(start=date(2020, 1, 1), end=date(2020, 12, 31))
        await pilot.pause()
        out += [status(screen), view.visible_text(), view.current_event_index]
        screen.filters = screen.filters.model_copy(update={"actors": ["NATO"]})
        await pilot.pause()
        out += [status(screen), view.visible_text()]
        await pilot.press("slash", *"cease", "enter")
        await pilot.pause()
        out += [status(screen), view.visible_text(), view.current_event_index]
        await pilot.press("n", "n")
        await pilot.pause()
        out += [status(screen), view.current_event_index]
        await pilot.press("x")  # clears the filters and the search
        await pilot.pause()
        out += [status(screen), view.visible_text(), view.current_event_index]
        return out

    memory, over_store = await both(corpus, steps)
    assert "filter 2020 · NATO" in str(memory[8]) and "hits" in str(memory[10])
    assert over_store == memory


async def test_dialogs_list_the_same_actors_and_types(
    corpus: tuple[list[Event], StoredTimeline],
) -> None:
    async def steps(app: ConflictApp, pilot: Any) -> list[object]:
        screen = app.main_screen
        out: list[object] = []
        for key in ("f", "v"):
            await pilot.press(key)
            await pilot.pause()
            dialog = app.screen
            out.append(type(dialog).__name__)
            listed = dialog.query("SelectionList, OptionList").first()
            out.append(
                [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
            )
            await pilot.press("escape")
            await pilot.pause()
        out.append(screen._actor_counts())
        return out

    memory, over_store = await both(corpus, steps)
    assert memory[0] == "ActorFilterScreen" and len(memory[1]) > 5  # type: ignore[arg-type]
    assert over_store == memory


async def test_the_chart_and_the_axis_count_the_same_events(
    corpus: tuple[list[Event], StoredTimeline],
) -> None:
    async def steps(app: ConflictApp, pilot: Any) -> list[object]:
        screen = app.main_screen
        chart = screen.query_one(ChartView)
        out: list[object] = [round(sum(screen.query_one(Overview)._counts or [0.0]))]
        await pilot.press("c")
        await pilot.pause()
        out.append(chart.chart)
        await pilot.press("m")
        await pilot.pause()
        out.append(chart.chart)
        await pilot.press("s")
        await pilot.pause()
        out += [chart.chart, chart.period_line(100).plain]
        await pilot.press("right", "right", "enter")
        await pilot.pause()
        out.append(screen.view.current_event_index)
        screen.filters = Filters(actors=["Turkey"])
        await pilot.pause()
        out.append(round(sum(screen.query_one(Overview)._counts or [0.0])))
        return out

    memory, over_store = await both(corpus, steps)
    assert memory[0] == COUNT and memory[-1] < COUNT
    assert over_store == memory


async def test_export_and_the_session_name_the_same_events(
    corpus: tuple[list[Event], StoredTimeline],
) -> None:
    async def steps(app: ConflictApp, pilot: Any) -> list[object]:
        screen = app.main_screen
        await pilot.press("space", "down", "down", "space", "pagedown", "space")
        await pilot.pause()
        screen.filters = Filters(start=date(1988, 1, 1), end=date(1990, 12, 31))
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        exported = FORMATS["json"].encode(dialog.events, title="t")  # type: ignore[attr-defined]
        heading = dialog.heading()  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        state = screen.session_state(None)
        screen.action_start_clean()
        await pilot.pause()
        gone = screen.restore_session(state)
        await pilot.pause()
        return [exported, heading, state, gone, sorted(screen.view.selected), status(screen)]

    memory, over_store = await both(corpus, steps)
    assert len(memory[2].selected) == 3  # type: ignore[attr-defined]
    assert over_store == memory


async def test_a_big_corpus_opens_over_the_store_and_a_warm_open_decodes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_corpus(tmp_path / "corpus", count=4)
    choice = StoreChoice(tmp_path / "store.sqlite3")

    async def opened(**kwargs: Any) -> tuple[bool, str, list[object]]:
        app = ConflictApp([folder], config=Config(), **kwargs)
        async with app.run_test(size=SIZE) as pilot:
            screen = app.main_screen
            await wait_loaded(pilot, screen)
            await pilot.pause()
            event = screen.view.current_event
            assert event is not None
            await pilot.press("r")  # the reader: the document of the cursor's event
            await pilot.pause()
            passages = [(p.event, p.start) for p in getattr(app.screen, "passages", [])]
            assert passages, "the reader did not open"
            return screen.store_rows is not None, status(screen), [event.id, passages]

    in_memory = await opened(store=choice)
    assert in_memory[0] is False
    monkeypatch.setattr(tui.app, "STORE_ROWS_MIN", 2)
    first = await opened(store=choice)
    assert first[0] is True and first[1:] == in_memory[1:]

    def no_decoding(payload: bytes) -> list[Event]:
        raise AssertionError("a warm open over the store decoded the merged events")

    monkeypatch.setattr(pipeline, "decode_events", no_decoding)
    warm = await opened(store=choice)
    assert warm == first
    assert (await opened(store=None))[0] is False  # --no-store
    monkeypatch.undo()
    monkeypatch.setattr(tui.app, "STORE_ROWS_MIN", 2)
    assert (await opened(store=choice, watch=True))[0] is False  # --watch


async def test_one_actors_chart_is_shown_at_once_from_the_counts(
    corpus: tuple[list[Event], StoredTimeline], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under a filter of one actor alone either stacking is read from the store's counts
    per actor, at once: the chart opens whole, never "counting"."""
    events, stored = corpus
    threads: list[bool] = []
    original = StoreChartData.binning

    def binning(self: StoreChartData, stacking: Stacking) -> Steps:
        threads.append(threading.current_thread() is threading.main_thread())
        return (yield from original(self, stacking))

    monkeypatch.setattr(StoreChartData, "binning", binning)
    chosen = Filters(actors=["Turkey"])
    timeline = Timeline(events)
    shown = timeline.filter_indices(chosen)
    app = ConflictApp(stored, config=Config())
    async with app.run_test(size=SIZE) as pilot:
        screen, chart = await open_chart(app, pilot, chosen)

        def binned() -> Chart:  # what memory bins, per month or folded per year as shown
            months = bin_events(timeline.events, shown, "month", chart.stacking)
            return months if chart.chart.granularity == "month" else by_year(months)

        assert screen.chart_open and not chart.counting
        assert chart.chart.periods and chart.chart == binned()
        await pilot.press("s")
        await pilot.pause()
        assert not chart.counting and chart.chart == binned()
        # The chart shown was read on the event loop's thread (the other stacking may be
        # read ahead in a worker, as it is without a filter).
        assert threads and threads[0]


async def test_a_chart_reading_every_shown_event_is_counted_in_a_thread(
    corpus: tuple[list[Event], StoredTimeline], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under a filter of two actors neither stacking comes from the store's counts: the
    chart opens at once, empty and "counting", while a thread reads it (seconds at a million
    events: the event loop is never held), then shows what memory bins."""
    events, stored = corpus
    gate = threading.Event()
    on_main: list[bool] = []
    original = StoreChartData.binning

    def binning(self: StoreChartData, stacking: Stacking) -> Steps:
        on_main.append(threading.current_thread() is threading.main_thread())
        gate.wait(10)
        return (yield from original(self, stacking))

    monkeypatch.setattr(StoreChartData, "binning", binning)
    chosen = Filters(actors=["Turkey", "NATO"])  # one alone is read from its counts
    app = ConflictApp(stored, config=Config())
    async with app.run_test(size=SIZE) as pilot:
        screen, chart = await open_chart(app, pilot, chosen)
        assert screen.chart_open and chart.counting and not chart.chart.periods
        assert "Counting" in chart.period_line(100).plain
        await pilot.press("m")  # by month while counting: the same read, not a second one
        await pilot.press("enter")  # nothing to go to yet
        assert chart.counting and on_main.count(False) <= 2  # this stacking and the other
        gate.set()
        for _ in range(200):
            if not chart.counting:
                break
            await pilot.pause(0.02)
        assert not chart.counting and chart.chart.periods
        timeline = Timeline(events)
        shown = timeline.filter_indices(chosen)
        assert chart.chart == bin_events(timeline.events, shown, "month", "type")
        await pilot.press("s")
        for _ in range(200):
            if not chart.counting:
                break
            await pilot.pause(0.02)
        assert chart.chart == bin_events(timeline.events, shown, "month", "actor")
        assert on_main and not any(on_main)  # never read on the event loop's thread
