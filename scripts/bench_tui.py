#!/usr/bin/env python
"""Benchmark the TUI headless: time to first paint and keypress-to-refresh latency.

    python scripts/bench_tui.py [--events 100000] [--presses 60] [--size 120x40]
    python scripts/bench_tui.py --store-events 1000000 [--store FILE] [--events 100000]

Opens `ConflictApp` on N synthetic events (`timeline.synthetic`) under `App.run_test`, then on
the bundled seed corpus (or 20 synthetic events when the pipeline cannot run), and prints:

* time to first paint: from creating the app to the first frame the compositor renders with
  the timeline on it (the events already built: generating them is timed separately);
* for cursor down, page down and year jump: median and p95 time from sending the key to the
  next rendered frame (the list's move), and to the frame that draws the detail pane's new
  event (it follows the list a frame later);
* when the search index (built in a thread after the first paint) is ready, and the time from
  the first search keystroke to the frame showing its hits;
* the chart (c): opening it (one binning of the shown events; the other stacking is then
  binned ahead, in steps on the event loop), its period cursor, 20 presses each of m and s
  (median, p95 and the slowest), closing it.

With ``--store-events N`` it measures the timeline list through the corpus store instead
(issue 12, item 2), beside the same list in memory, in the same run: a store of N synthetic
events is built once (by ``scripts/bench_store_query.py``'s builder; ``--store FILE`` keeps
it and reuses it next time), then, each in a fresh process so that its peak memory is its
own, the timeline list (`TimelineView`, in a minimal app: the explorer itself does not open
over the store yet) over `tui.store_rows.StoreRows` and over `tui.rows.RowModel` with
``--events`` events in memory. Each prints, against issue 12's targets at a million events:
open to first paint (< 2 s; the store's figure includes opening it), cursor down, page down
and year jump p95, each key of a search for "cease" (hit count, the hit under the cursor and
its number, as the status line asks), the time filter 2020, the actor filter NATO and
clearing the filters (each with the overview's counts per month; the cursor's event kept),
each to the frame that shows it (< 100 ms; each timed 5 times: the median, and the max
beside it), and peak RSS (< 500 MB; in memory, from after the events were generated).
``--explorer`` also prints the resident memory after each stage, and how much of it is the
store file's pages mapped by SQLite (RssFile: resident, though the kernel may drop them), and
the chart under the year 2020 and under the actor NATO: from the key to the chart counted.

A "frame" is a call of `App._display`: in headless mode Textual still renders every update
(`render_line` and all) before handing it to the driver, it just doesn't write it out. The
figures are printed, never asserted: wall-clock limits on a shared machine make flaky tests.
Targets on the development machine: first paint < 1.5 s, keypress p95 < 30 ms at 100k.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timeline.config import Config
from timeline.synthetic import synthetic_events
from timeline.timeline import Timeline
from tui.app import ConflictApp
from tui.screens.main import MainScreen
from tui.widgets.detail import DetailPane
from tui.widgets.timeline_view import TimelineView

KEYS: dict[str, str] = {
    "cursor down": "down",
    "page down": "pagedown",
    "year jump": "right_square_bracket",
}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


class FrameClock:
    """Records the time of every frame the app renders."""

    def __init__(self, app: ConflictApp) -> None:
        self.frames: list[float] = []
        # Per frame: whether the detail pane it drew showed the cursor's event.
        self.followed: list[bool] = []
        self.probe: Callable[[], bool] = lambda: True
        original: Callable[..., Any] = app._display

        def display(screen: Any, renderable: Any) -> None:
            if renderable is not None:
                self.frames.append(time.perf_counter())
                self.followed.append(self.probe())
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]

    async def next_frame(self, after: int, timeout: float = 2.0) -> float | None:
        """The time of the first frame numbered ``after`` or later (None on timeout)."""
        deadline = time.perf_counter() + timeout
        while len(self.frames) <= after:
            if time.perf_counter() > deadline:
                return None
            await asyncio.sleep(0.0005)
        return self.frames[after]


async def bench(
    timeline: Timeline, label: str, presses: int, size: tuple[int, int]
) -> dict[str, float]:
    """Print the figures for one corpus and return them (seconds) for the ratios."""
    figures: dict[str, float] = {}
    started = time.perf_counter()
    app = ConflictApp(timeline, config=Config())
    clock = FrameClock(app)
    async with app.run_test(size=size) as pilot:
        # First paint: the first frame rendered while the main screen shows the rows.
        first_paint: float | None = None
        deadline = started + 30
        while first_paint is None and time.perf_counter() < deadline:
            await asyncio.sleep(0.001)
            screen = app.screen
            if isinstance(screen, MainScreen) and clock.frames:
                view = screen.query_one(TimelineView)
                if view.rows and view.size.height:
                    first_paint = clock.frames[-1] - started
        await pilot.pause()
        view = app.main_screen.query_one(TimelineView)
        print(f"\n{label}: {len(timeline.events):,} events, {len(view.rows):,} rows, {size}")
        if first_paint is None:
            print("  first paint: not seen within 30 s")
        else:
            print(f"  time to first paint: {first_paint * 1000:8.1f} ms")
            figures["first paint"] = first_paint
        await app.workers.wait_for_complete()
        print(f"  search index ready:  {(time.perf_counter() - started) * 1000:8.1f} ms")
        await first_search(app, pilot, clock)

        detail = app.main_screen.query_one(DetailPane)
        clock.probe = lambda: detail.shown_item is view.current_event
        for name, key in KEYS.items():
            await pilot.press("home")
            await pilot.pause()
            latencies: list[float] = []
            followed: list[float] = []  # to the frame drawing the detail pane's new event
            for _ in range(presses):
                before_row = view.cursor_row
                count = len(clock.frames)
                sent = time.perf_counter()
                await pilot.press(key)
                frame = await clock.next_frame(count)
                if view.cursor_row == before_row:
                    # At the end of the list nothing moves (and nothing is drawn): restart.
                    await pilot.press("home")
                    await pilot.pause()
                    continue
                if frame is not None:
                    latencies.append(frame - sent)
                drawn = await detail_drawn(clock, count)
                if drawn is not None:
                    followed.append(drawn - sent)
            if latencies:
                median = statistics.median(latencies) * 1000
                p95 = percentile(latencies, 0.95) * 1000
                print(
                    f"  {name:<12} median {median:6.1f} ms   p95 {p95:6.1f} ms"
                    f"   ({len(latencies)} presses)"
                )
                figures[f"{name} p95"] = p95 / 1000
            else:
                print(f"  {name:<12} no frames observed")
            if followed:
                median = statistics.median(followed) * 1000
                p95 = percentile(followed, 0.95) * 1000
                print(f"    + detail   median {median:6.1f} ms   p95 {p95:6.1f} ms")
        await chart_keys(app, pilot, clock, presses, figures)

    return figures


async def detail_drawn(clock: FrameClock, after: int, timeout: float = 2.0) -> float | None:
    """The time of the first frame numbered ``after`` or later that drew the detail pane
    showing the cursor's event (it follows the list's move a frame later); None on timeout."""
    deadline = time.perf_counter() + timeout
    while True:
        for number in range(after, len(clock.frames)):
            if clock.followed[number]:
                return clock.frames[number]
        if time.perf_counter() > deadline:
            return None
        await asyncio.sleep(0.0005)


async def chart_keys(
    app: ConflictApp, pilot: Any, clock: FrameClock, presses: int, figures: dict[str, float]
) -> None:
    """Open the chart (c, a binning of the shown events), time its keys, close it."""
    from tui.widgets.chart import ChartView

    await pilot.press("home")
    await pilot.pause()
    chart = app.main_screen.query_one(ChartView)

    async def timed(key: str) -> float | None:
        count = len(clock.frames)
        sent = time.perf_counter()
        await pilot.press(key)
        frame = await clock.next_frame(count, timeout=10.0)
        return None if frame is None else frame - sent

    opened = await timed("c")
    if opened is not None:
        print(
            f"  chart open (c):      {opened * 1000:8.1f} ms   ({len(chart.chart.periods)} years)"
        )
        figures["chart open"] = opened
    for name, key in (("chart period", "right"), ("chart m", "m"), ("chart s", "s")):
        latencies: list[float] = []
        # m and s each toggle between two charts: 20 presses, 10 of each, the first ones
        # while the chart still bins the other stacking ahead (on the event loop).
        for _ in range(presses if key == "right" else 20):
            latency = await timed(key)
            if latency is not None:
                latencies.append(latency)
        if latencies:
            median = statistics.median(latencies) * 1000
            p95 = percentile(latencies, 0.95) * 1000
            worst = max(latencies) * 1000
            print(
                f"  {name:<12} median {median:6.1f} ms   p95 {p95:6.1f} ms"
                f"   max {worst:6.1f} ms   ({len(latencies)} presses)"
            )
            figures[f"{name} p95"] = p95 / 1000
    closed = await timed("c")
    if closed is not None:
        print(f"  chart close (c):     {closed * 1000:8.1f} ms")


def _time_searches(view: TimelineView) -> list[float]:
    """Make ``view`` note when each search has run (the bar may redraw the letter first):
    the list it appends to."""
    searched: list[float] = []
    set_search = view.set_search

    def timed_set_search(needle: str, *, jump: bool = True) -> int:
        found = set_search(needle, jump=jump)
        searched.append(time.perf_counter())
        return found

    view.set_search = timed_set_search  # type: ignore[method-assign]
    return searched


async def first_search(app: ConflictApp, pilot: Any, clock: FrameClock) -> None:
    """Open the search bar, type one letter, and time that keystroke to the hits' frame."""
    await pilot.press("slash")
    await pilot.pause()
    view = app.main_screen.query_one(TimelineView)
    # The bar may redraw the letter before the search runs: time to the first frame drawn
    # after the search has run, whenever that was.
    searched = _time_searches(view)
    sent = time.perf_counter()
    await pilot.press("a")
    deadline = sent + 5
    frame = None
    while frame is None and time.perf_counter() < deadline:
        await asyncio.sleep(0.0005)
        if searched:
            frame = next((f for f in clock.frames if f > searched[0]), None)
    del view.set_search  # the method again
    if frame is None:
        print("  first search key:    no frame observed")
    else:
        hits = len(view.hits)
        print(f"  first search key:    {(frame - sent) * 1000:8.1f} ms   ({hits:,} hits for 'a')")
    await pilot.press("escape")
    await pilot.pause()


def seed_timeline() -> tuple[Timeline, str]:
    try:
        from timeline.pipeline import build_timeline

        return build_timeline([]), "seed corpus"
    except Exception as exc:  # the pipeline may be mid-change; the benchmark still runs
        print(f"(seed pipeline unavailable: {exc}; using 20 synthetic events)")
        return Timeline(synthetic_events(20), name="synthetic-20"), "20 synthetic events"


# ------------------------------------------------------------ through the store

STORE_TARGETS = {"open": 2.0, "key": 0.1, "memory MB": 500.0}
REPEATS = 5  # each search key and filter is timed this often: the median is printed, and the max
SEARCH_WORD = "cease"


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: ``ru_maxrss`` survives exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> bool:
    """Start this process's peak resident memory afresh (Linux: ``clear_refs`` 5), so the
    peak leaves out generating the synthetic events; whether it could."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def store_bench_events(n: int) -> list[Any]:
    """The events `scripts/bench_store_query.py` writes into its store (the same chunks,
    seeds and types), so the list in memory shows what the store holds."""
    import importlib.util

    path = Path(__file__).resolve().parent / "bench_store_query.py"
    spec = importlib.util.spec_from_file_location("bench_store_query", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.events(n))


async def measure_list(kind: str, argument: str, presses: int, size: tuple[int, int]) -> dict:
    """The timeline list over the store at ``argument`` (``kind`` "store") or over
    ``argument`` synthetic events in memory ("memory"), in a minimal app; figures in seconds,
    memory in MB."""
    from collections import Counter
    from datetime import date

    from textual.app import App, ComposeResult

    from timeline.timeline import Filters
    from tui.rows import RowModel, RowSource

    figures: dict[str, float] = {}
    months: Callable[[], object]
    if kind == "memory":
        events = store_bench_events(int(argument))
        gc.freeze()
        timeline = Timeline(events, name="synthetic")
        del events
        gc.collect()
        figures["peak reset"] = float(reset_peak())  # generating them is not opening them
        started = time.perf_counter()
        source: RowSource = RowModel(timeline)

        def months() -> object:  # what the overview counts over the shown events
            shown = view.shown
            return Counter((e.start.year, e.start.month) for e in source.load_events(shown))

    else:
        from timeline.store.database import SCHEMA_VERSION
        from timeline.store.events import EventStore
        from tui.store_rows import StoreRows

        started = time.perf_counter()
        store = EventStore.open(Path(argument), SCHEMA_VERSION)
        rows = StoreRows(store)
        source = rows

        def months() -> object:
            return rows.query.month_spans()

    class ListApp(App[None]):
        def compose(self) -> ComposeResult:
            yield TimelineView(source=source, id="timeline")

    app = ListApp()
    clock = FrameClock(app)  # type: ignore[arg-type]
    async with app.run_test(size=size) as pilot:
        view = app.query_one(TimelineView)
        view.focus()
        first_paint: float | None = None
        while first_paint is None and time.perf_counter() < started + 60:
            await asyncio.sleep(0.001)
            if clock.frames and len(view.rows) and view.size.height:
                first_paint = clock.frames[-1] - started
        await pilot.pause()
        months()  # the overview's first counts
        figures["open to first paint"] = (
            time.perf_counter() - started if first_paint is None else first_paint
        )
        figures["events"] = source.total
        for name, key in KEYS.items():
            await pilot.press("home")
            await pilot.pause()
            latencies: list[float] = []
            for _ in range(presses):
                before_row = view.cursor_row
                count = len(clock.frames)
                sent = time.perf_counter()
                await pilot.press(key)
                frame = await clock.next_frame(count)
                if view.cursor_row == before_row:
                    await pilot.press("home")
                    await pilot.pause()
                    continue
                if frame is not None:
                    latencies.append(frame - sent)
            if latencies:
                figures[f"{name} p95"] = percentile(latencies, 0.95)

        samples: dict[str, list[float]] = {}

        async def to_frame(name: str, work: Callable[[], object]) -> None:
            await pilot.pause()
            count = len(clock.frames)
            sent = time.perf_counter()
            work()
            view.refresh()
            frame = await clock.next_frame(count, timeout=30.0)
            took = (frame if frame is not None else time.perf_counter()) - sent
            samples.setdefault(name, []).append(took)

        for _ in range(REPEATS):
            # The cursor mid-timeline, as a reader would be, for each word typed.
            view.move_cursor(len(view.rows) // 2)
            for length in range(1, len(SEARCH_WORD) + 1):
                needle = SEARCH_WORD[:length]

                def key(needle: str = needle) -> None:
                    view.set_search(needle)  # hit count, then the first hit from the cursor
                    # The status line's "3/120 hits" (counting up to 10,000: "10,000+").
                    _ = (
                        view.model.hit_position(view.cursor_row, 10_000),
                        view.model.count_hits(10_000),
                    )

                await to_frame(f"search key {needle!r}", key)
            figures["hits 'cease'"] = len(view.hits)
            await to_frame("clear search", lambda: view.set_search(""))
        year = Filters(start=date(2020, 1, 1), end=date(2020, 12, 31))
        for _ in range(REPEATS):
            for name, chosen in (
                ("time filter 2020", year),
                ("actor filter NATO", Filters(actors=["NATO"])),
                ("clear filters", Filters()),
            ):

                def apply(chosen: Filters = chosen) -> None:
                    view.set_filters(chosen, show_undated=not chosen.active)
                    months()

                await to_frame(name, apply)
        first = f"search key {SEARCH_WORD[0]!r}"
        figures[f"{first}, first"] = samples[first][0]
        for name, taken in samples.items():
            figures[name] = statistics.median(taken)
            figures[f"{name} max"] = max(taken)
        figures["peak RSS MB"] = peak_mb()
    return figures


async def measure_explorer(path: Path, presses: int, size: tuple[int, int]) -> dict:
    """The whole explorer (`ConflictApp`) over the store at ``path``, as it opens a corpus
    of `tui.app.STORE_ROWS_MIN` events or more: each figure a list of seconds (one per
    sample), memory in MB."""
    from datetime import date

    from timeline.store.database import SCHEMA_VERSION
    from timeline.store.events import EventStore, StoredTimeline
    from timeline.timeline import Filters
    from tui.widgets.chart import ChartView

    samples: dict[str, list[float]] = {}

    def rss(name: str) -> None:
        """The resident memory now (VmRSS), to see which step the peak comes from, and the
        part of it that is the store file's pages mapped (RssFile: SQLite's mmap)."""
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                samples[name] = [int(line.split()[1]) / 1024]
            if line.startswith("RssFile:"):
                samples[f"{name[:-3]}, file-mapped MB"] = [int(line.split()[1]) / 1024]

    started = time.perf_counter()
    opened = EventStore.open(path, SCHEMA_VERSION)  # the count a warm open finds
    total = opened.total
    opened.close()
    app = ConflictApp(StoredTimeline(path, total, name="synthetic"), config=Config())
    clock = FrameClock(app)
    async with app.run_test(size=size) as pilot:
        first_paint: float | None = None
        while first_paint is None and time.perf_counter() < started + 60:
            await asyncio.sleep(0.001)
            screen = app.screen
            over_store = isinstance(screen, MainScreen) and screen.store_rows is not None
            if over_store and clock.frames and len(screen.view.rows) and screen.view.size.height:
                first_paint = clock.frames[-1] - started
        samples["open to first paint"] = [
            (time.perf_counter() - started) if first_paint is None else first_paint
        ]
        await pilot.pause()
        screen = app.main_screen
        view = screen.view

        async def timed(name: str, send: Callable[[], Any], done: Callable[[], bool]) -> None:
            """From ``send()`` to the first frame drawn once ``done()`` holds."""
            await pilot.pause()
            count = len(clock.frames)
            sent = time.perf_counter()
            await send()
            deadline = sent + 30
            while not done() and time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)
            # The first frame after the key (Pilot returns once it is handled: the frame
            # may be drawn already); none within 2 s counts as the wait until then.
            frame = await clock.next_frame(count, timeout=2.0)
            taken = (frame if frame is not None else time.perf_counter()) - sent
            samples.setdefault(name, []).append(taken)

        for name, key in KEYS.items():
            await pilot.press("home")
            for _ in range(presses):
                before = view.cursor_row
                await timed(name, lambda key=key: pilot.press(key), lambda: True)
                if view.cursor_row == before:
                    samples[name].pop()
                    await pilot.press("home")
        rss("RSS after open and keys MB")
        year = Filters(start=date(2020, 1, 1), end=date(2020, 12, 31))
        searched = _time_searches(view)  # when each search (and the status's count) finished
        for _ in range(REPEATS):
            view.move_cursor(len(view.rows) // 2)
            await pilot.press("slash")
            for length in range(1, len(SEARCH_WORD) + 1):
                needle = SEARCH_WORD[:length]
                await pilot.pause()
                before = len(searched)
                sent = time.perf_counter()
                await pilot.press(needle[-1])
                while len(searched) == before and time.perf_counter() < sent + 30:
                    await asyncio.sleep(0.0005)
                # The first frame drawn after the search ran (its hits, the status line).
                frame = None
                while frame is None and time.perf_counter() < sent + 30:
                    frame = next((f for f in clock.frames if f > searched[-1]), None)
                    await asyncio.sleep(0.0005)
                samples.setdefault(f"search key {needle!r}", []).append(
                    (frame or time.perf_counter()) - sent
                )
            samples.setdefault("hits 'cease'", []).append(float(len(view.hits)))
            await pilot.press("escape")  # the search cleared: the filters alone, as targeted
            await pilot.pause()
            for name, chosen in (
                ("time filter 2020", year),
                ("actor filter NATO", None),  # alone, as the targets say
                ("2020 and NATO", year.model_copy(update={"actors": ["NATO"]})),
            ):

                async def apply(chosen: Filters | None = chosen) -> None:
                    # What the dialog's enter does: the screen's filters, and all after it.
                    screen.filters = chosen if chosen is not None else Filters(actors=["NATO"])

                await timed(name, apply, lambda: True)
            await timed("clear (x)", lambda: pilot.press("x"), lambda: not screen.filters.active)
        rss("RSS after search and filters MB")
        for name, key in (
            ("time dialog (t)", "t"),
            ("actor dialog (f)", "f"),
            ("type dialog (v)", "v"),
            ("export dialog (e)", "e"),
        ):
            for _ in range(REPEATS):
                await timed(
                    name, lambda key=key: pilot.press(key), lambda: app.screen is not screen
                )
                await pilot.press("escape")
                await pilot.pause()
        rss("RSS after dialogs MB")
        chart = screen.query_one(ChartView)
        await pilot.press("home")
        for _ in range(REPEATS):
            await timed("chart open (c)", lambda: pilot.press("c"), lambda: screen.chart_open)
            for _ in range(presses // 4):
                await timed("chart period (right)", lambda: pilot.press("right"), lambda: True)
            for key in ("m", "s") * 5:
                await timed(f"chart {key}", lambda key=key: pilot.press(key), lambda: True)
            await timed("chart close (c)", lambda: pilot.press("c"), lambda: not screen.chart_open)
        rss("RSS after chart MB")
        # Under the year 2020 the chart reads every shown event: it opens empty, "counting",
        # and a thread reads it (by whichever stacking the presses above left it on). Only
        # the first open reads: the chart of the same shown events is kept (counted: 0 ms).
        screen.filters = year
        await pilot.pause()
        for _ in range(REPEATS):
            await timed("chart open, 2020 (c)", lambda: pilot.press("c"), lambda: True)
            began = time.perf_counter()
            while chart.counting and time.perf_counter() < began + 60:
                await asyncio.sleep(0.002)
            samples.setdefault(f"  counted, by {chart.stacking}", []).append(
                time.perf_counter() - began
            )
            await timed("chart close (c)", lambda: pilot.press("c"), lambda: not screen.chart_open)
        rss("RSS after chart, 2020 MB")
        # Under the actor NATO alone: from the store's counts per actor (layout 9) the chart
        # opens whole; before, it opened "counting" while a thread read NATO's events. From
        # the key (c, then s; pressed once the app is idle) to the chart counted: the key
        # handled and drawn, then, if it was counting, its thread done.
        screen.filters = Filters(actors=["NATO"])
        await pilot.pause()
        # When a thread's count reached the chart (Pilot.press may return after it).
        arrived: list[float] = []
        on_counted = chart._counted

        def counted_now(*args: Any) -> None:
            on_counted(*args)
            arrived.append(time.perf_counter())

        chart._counted = counted_now  # type: ignore[method-assign]
        for _ in range(REPEATS):
            for key in ("c", "s"):
                await pilot.pause()
                count = len(clock.frames)
                arrived.clear()
                sent = time.perf_counter()
                await pilot.press(key)
                while chart.counting and time.perf_counter() < sent + 60:
                    await asyncio.sleep(0.002)
                # The chart drawn whole: the first frame after its count came in (if a
                # thread counted it for this key), else the first frame after the key.
                counted = arrived[-1] if arrived else sent
                drawn = next((f for f in clock.frames[count:] if f >= counted), None)
                if drawn is None:
                    drawn = await clock.next_frame(len(clock.frames), timeout=2.0)
                samples.setdefault(f"chart {key}, NATO, by {chart.stacking}", []).append(
                    (drawn or time.perf_counter()) - sent
                )
            await timed("chart close (c)", lambda: pilot.press("c"), lambda: not screen.chart_open)
        rss("RSS after chart, NATO MB")
        samples["events"] = [float(view.model.total)]
        samples["chart years"] = [float(len(chart.chart.periods))]
    samples["peak RSS MB"] = [peak_mb()]
    return samples


def explorer_child(path: Path, presses: int, size: str) -> dict[str, list[float]]:
    import json
    import subprocess

    out = subprocess.run(
        [
            *(sys.executable, __file__, "--measure-explorer", str(path)),
            *("--presses", str(presses), "--size", size),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def bench_explorer(args: argparse.Namespace) -> None:
    """The whole explorer over a store of ``--store-events`` (built once, or ``--store``)."""
    path = ensure_store(args)
    figures = explorer_child(path, args.presses, args.size)
    hits = int(figures[f"hits {SEARCH_WORD!r}"][0])
    print(
        f"\nthe explorer over the store, fresh process, {args.size}: "
        f"{int(figures['events'][0]):,} events, the chart last "
        f"{int(figures['chart years'][0])} periods; "
        f"{hits:,} hits for {SEARCH_WORD!r}"
    )
    print(f"{'':26} {'median':>10} {'p95':>10} {'max':>10} {'n':>4} {'target':>8}")
    for name, values in figures.items():
        if name in ("events", "chart years", "peak RSS MB", "hits 'cease'"):
            continue
        if name.startswith("RSS"):
            print(f"{name[:-3]:26} {values[0]:7.0f} MB")
            continue
        target = store_target(name)
        ceiling = "" if target is None else f"{target * 1000:.0f} ms"
        verdict = "" if target is None else ("ok" if max(values) < target else "MISS")
        print(
            f"{name:26} {statistics.median(values) * 1000:7.1f} ms "
            f"{percentile(values, 0.95) * 1000:7.1f} ms {max(values) * 1000:7.1f} ms "
            f"{len(values):4} {ceiling:>8} {verdict}"
        )
    rss, limit = figures["peak RSS MB"][0], STORE_TARGETS["memory MB"]
    verdict = "ok" if rss < limit else "MISS"
    print(f"{'peak RSS':26} {rss:7.0f} MB {'':>21} {limit:8.0f} MB {verdict}")


def list_child(kind: str, argument: str, presses: int, size: str) -> dict[str, float]:
    import json
    import subprocess

    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--measure-list",
            f"{kind}:{argument}",
            "--presses",
            str(presses),
            "--size",
            size,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def store_target(name: str) -> float | None:
    if name.startswith("open"):
        return STORE_TARGETS["open"]
    if name.endswith("p95") or name.startswith(("search key", "time", "actor", "2020", "clear")):
        return STORE_TARGETS["key"]
    return None


def ensure_store(args: argparse.Namespace, scratch: str | None = None) -> Path:
    """The store to measure: ``--store`` when it is there, else built (into ``--store``, or
    ``scratch``) from ``--store-events`` synthetic events by bench_store_query's builder."""
    import subprocess
    import tempfile

    path: Path = args.store or Path(scratch or tempfile.mkdtemp()) / "store.sqlite3"
    if path.exists():
        print(f"reusing the store in {path} (not building)")
    else:
        began = time.perf_counter()
        builder = Path(__file__).resolve().parent / "bench_store_query.py"
        subprocess.run(
            [
                *(sys.executable, str(builder), "--build", str(path)),
                *("--events", str(args.store_events)),
            ],
            check=True,
            capture_output=True,
        )
        print(
            f"built {args.store_events:,} synthetic events into {path} in "
            f"{time.perf_counter() - began:.1f} s"
        )
    print(f"store file: {path.stat().st_size / 2**20:,.0f} MiB")
    return path


def bench_store(args: argparse.Namespace) -> None:
    """Build (or reuse) the synthetic store, measure the list over it and in memory."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bench-tui-store-") as scratch:
        path = ensure_store(args, scratch)
        store = list_child("store", str(path), args.presses, args.size)
    memory = list_child("memory", str(args.events), args.presses, args.size)
    print(
        f"\ntimeline list, fresh process each, {args.size}: store {int(store['events']):,} "
        f"events, memory {int(memory['events']):,} events"
    )
    print(
        f"(search keys and filters: median of {REPEATS}, max beside it; the first 'c' apart: "
        "in memory it builds the search index)"
    )
    print(f"{'':28} {'store':>10} {'max':>8} {'target':>8} {'':4} {'memory':>10} {'max':>8}")
    for name, value in store.items():
        if name in ("events", "peak RSS MB", "hits 'cease'", "peak reset"):
            continue
        if name.endswith(" max"):
            continue
        target = store_target(name)
        verdict = "" if target is None else ("ok" if value < target else "MISS")
        ceiling = "" if target is None else f"{target * 1000:.0f} ms"
        other = memory.get(name)
        mem = "" if other is None else f"{other * 1000:7.1f} ms"
        top = store.get(f"{name} max")
        top_mem = memory.get(f"{name} max")
        worst = "" if top is None else f"{top * 1000:5.1f} ms"
        worst_mem = "" if top_mem is None else f"{top_mem * 1000:5.1f} ms"
        print(
            f"{name:28} {value * 1000:7.1f} ms {worst:>8} {ceiling:>8} {verdict:4} {mem:>10} "
            f"{worst_mem:>8}"
        )
    rss, limit = store["peak RSS MB"], STORE_TARGETS["memory MB"]
    print(
        f"{'peak RSS':28} {rss:7.0f} MB {limit:6.0f} MB {'ok' if rss < limit else 'MISS':4} "
        f"{memory['peak RSS MB']:7.0f} MB"
    )
    hits = f"hits {SEARCH_WORD!r}"
    print(f"hits for {SEARCH_WORD!r}: store {int(store[hits]):,}, memory {int(memory[hits]):,}")
    if not memory.get("peak reset"):
        print("(the memory figure's peak includes generating its events: no clear_refs here)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--presses", type=int, default=60)
    parser.add_argument("--size", default="120x40", help="terminal size, COLSxROWS")
    parser.add_argument(
        "--store-events",
        type=int,
        help="measure the timeline list through a store of this many synthetic events, "
        "beside --events of them in memory (see the docstring)",
    )
    parser.add_argument(
        "--store",
        type=Path,
        help="with --store-events: keep the built store in this file, or measure the one "
        "already there (the file is yours to delete)",
    )
    parser.add_argument(
        "--explorer",
        action="store_true",
        help="with --store-events/--store: measure the whole explorer over the store (first "
        "paint, keys, search, filters, dialogs, chart, memory) instead of the list alone",
    )
    parser.add_argument("--measure-list", help=argparse.SUPPRESS)
    parser.add_argument("--measure-explorer", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    cols, rows = (int(part) for part in args.size.lower().split("x"))
    if args.measure_explorer:
        import json

        found = asyncio.run(measure_explorer(args.measure_explorer, args.presses, (cols, rows)))
        print(json.dumps(found))
        return
    if args.explorer:
        if not (args.store_events or (args.store and args.store.exists())):
            parser.error("--explorer needs --store-events N (and/or an existing --store FILE)")
        bench_explorer(args)
        return
    if args.measure_list:
        import json

        kind, _, argument = args.measure_list.partition(":")
        figures = asyncio.run(measure_list(kind, argument, args.presses, (cols, rows)))
        print(json.dumps(figures))
        return
    if args.store_events:
        bench_store(args)
        return

    started = time.perf_counter()
    events = synthetic_events(args.events)
    generated = time.perf_counter() - started
    gc.freeze()  # setup only: spare the sort below full GC passes over 2M new objects
    started = time.perf_counter()
    big = Timeline(events, name=f"synthetic-{args.events}")
    sorted_in = time.perf_counter() - started
    print(
        f"generated {args.events:,} synthetic events in {generated:.2f} s; "
        f"Timeline (sort) in {sorted_in:.2f} s — both before the app starts"
    )
    large = asyncio.run(bench(big, f"synthetic {args.events:,}", args.presses, (cols, rows)))
    small, label = seed_timeline()
    baseline = asyncio.run(bench(small, label, args.presses, (cols, rows)))
    # "100,000 events must feel as light as 20": each figure against the small corpus's.
    print(f"\nratio {args.events:,} events / {label} (same run):")
    for name, value in large.items():
        if baseline.get(name):
            print(f"  {name:<16} {value / baseline[name]:6.1f}x")


if __name__ == "__main__":
    main()
