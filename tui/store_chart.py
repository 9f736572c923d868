"""The chart's numbers read from the corpus store (issue 12, item 2): `StoreChartData`, the
`tui.chart_model.ChartData` of the explorer over the store.

The same `Chart` as `tui.chart_model.binning` makes of the same events, from aggregate
queries instead of a pass over every event: by type, the store's counts per type and month
(``type_months``: no row of ``events`` read without a filter or with a type filter alone,
one GROUP BY over the filtered rows otherwise); by actor, the top actors from the counts per
actor (``actor_months``) and each shown event's best ranked of them, in one query (seconds
at a million events: the chart view runs it in a thread, ahead, as it bins in memory). The
events of one actor alone are read from its own counts either way (``actor_pairs``,
``actor_type_months``), no event read.
Each (series, month) cell comes with its first event, which "go to the period" needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

from timeline.store.events import EventQuery, EventStore
from timeline.timeline import UNTYPED
from tui.chart_model import (
    ACLED_TYPES,
    NONE,
    OTHER,
    TOP_ACTORS,
    Chart,
    Stacking,
    Steps,
)


def _chart(
    stacking: Stacking, series: list[str], cells: Sequence[tuple[int, int, int, int]]
) -> Chart:
    """The month chart of ``cells`` (series position, month, events, first event)."""
    cells = [c for c in cells if c[2] > 0]
    if not cells:
        return Chart("month", stacking, [], [], [], [])
    first = min(c[1] for c in cells)
    size = max(c[1] for c in cells) - first + 1
    counts = [[0] * len(series) for _ in range(size)]
    firsts: list[int | None] = [None] * size
    for k, month, count, event in cells:
        slot = month - first
        counts[slot][k] += count
        known = firsts[slot]
        firsts[slot] = event if known is None else min(known, event)
    return Chart("month", stacking, list(range(first, first + size)), series, counts, firsts)


def type_chart(query: EventQuery) -> Chart:
    """The month chart by type of the events ``query`` keeps: `binning`'s series (the ACLED
    types present, other types by name, "none" last)."""
    rows = [(NONE if t == UNTYPED else t, m, n, f) for t, m, n, f in query.type_months()]
    present = {t for t, _, n, _ in rows if n > 0}
    extra = sorted(present - set(ACLED_TYPES) - {NONE})
    series = [t for t in ACLED_TYPES if t in present] + extra
    if NONE in present:
        series.append(NONE)
    position = {name: k for k, name in enumerate(series)}
    return _chart("type", series, [(position[t], m, n, f) for t, m, n, f in rows if n > 0])


def actor_chart(query: EventQuery, top: int = TOP_ACTORS) -> Chart:
    """The month chart by actor of the events ``query`` keeps: the ``top`` actors naming
    the most of them, "other", "none" (the last two only when some event goes there)."""
    leaders = query.actor_leaders(top)
    rows = query.actor_months(leaders)
    other, none = len(leaders), len(leaders) + 1
    which = [(other if b == -1 else none if b == -2 else b, m, n, f) for b, m, n, f in rows]
    used = {k for k, _, n, _ in which if n > 0}
    every = [*leaders, OTHER, NONE]
    keep = [k for k in range(len(every)) if k < len(leaders) or k in used]
    renumber = {old: new for new, old in enumerate(keep)}
    series = [every[k] for k in keep]
    return _chart("actor", series, [(renumber[k], m, n, f) for k, m, n, f in which if n > 0])


class SearchHits(Sequence[int]):
    """The hits of ``needle`` among the events ``query`` keeps, counted and not listed: what
    the chart marks per period (`StoreChartData.hits_per_period` counts them per month in
    one query); items are read by position when asked."""

    def __init__(self, query: EventQuery, needle: str) -> None:
        self.query = query
        self.needle = needle
        self._hits = query.hits(needle)
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self._hits.count()
        return self._count

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            return self._hits.ids(max(0, stop - start), start)[::step]
        if index < 0:
            index += len(self)
        found = self._hits.ids(1, index) if 0 <= index < len(self) else []
        if not found:
            raise IndexError(index)
        return found[0]


class StaleChart(Exception):
    """The store holds another merge than the one charted (read ahead, nothing kept)."""


class StoreChartData:
    """`ChartData` of the events ``query`` keeps in ``store``. The other stacking is read
    ahead in a thread, through a connection of its own (a connection is one thread's)."""

    threaded = True

    def __init__(self, store: EventStore, query: EventQuery) -> None:
        self.store = store
        self.query = query
        self._empty = query.count() == 0

    @property
    def empty(self) -> bool:
        return self._empty

    def quick(self, stacking: Stacking) -> bool:
        """Read from the store's counts alone: every event by type or actor, the events of
        one actor (and nothing else) either way, or only a type filter by type. Otherwise a
        query reads each shown event (seconds at a million)."""
        filters = self.query.filters
        if not filters.active or self.query.lone_actor:
            return True
        only_types = not (filters.start or filters.end or filters.actors or filters.search)
        return stacking == "type" and only_types

    def binning(self, stacking: Stacking) -> Steps:
        """The chart in one step: a query (or two), on the thread that asks."""
        yield
        return self._read(stacking)

    def _read(self, stacking: Stacking) -> Chart:
        import threading

        if threading.current_thread() is threading.main_thread():
            query = self.query
            return type_chart(query) if stacking == "type" else actor_chart(query)
        from timeline.store.database import SCHEMA_VERSION

        store = EventStore.open(self.store.path, SCHEMA_VERSION)
        # No second memory map of the file beside the screen's: its pages count as resident
        # memory once read (a chart by actor reads most of a million events).
        store.db.execute("PRAGMA mmap_size=0")
        store.db.execute("PRAGMA cache_size=-8192")
        try:
            if store.total != self.store.total:
                raise StaleChart("another merge was stored meanwhile: not this chart")
            query = store.query(self.query.filters)
            return type_chart(query) if stacking == "type" else actor_chart(query)
        finally:
            store.close()

    def month_of(self, index: int) -> int | None:
        rows = self.store.rows([index]) if 0 <= index < self.store.total else []
        if not rows:
            return None
        start = rows[0].start
        return start.year * 12 + start.month - 1

    def hits_per_period(self, chart: Chart, hits: Sequence[int]) -> list[int]:
        """Hits per period of ``chart``: of a search (`SearchHits`), counted per start month
        in one query; of a list of events, from their rows' starts, a page at a time."""
        out = [0] * len(chart.periods)
        if not chart.periods:
            return out
        first, last = chart.periods[0], chart.periods[-1]
        if isinstance(hits, SearchHits):
            if not hits.needle.strip():
                return out
            query = self.store.query(hits.query.filters.model_copy(update={"search": hits.needle}))
            for month, _end, count in query.month_spans():
                period = month if chart.granularity == "month" else month // 12
                if first <= period <= last:
                    out[period - first] += count
            return out
        hits = list(hits)
        for start in range(0, len(hits), 10_000):
            for row in self.store.rows(hits[start : start + 10_000]):
                month = row.start.year * 12 + row.start.month - 1
                period = month if chart.granularity == "month" else row.start.year
                if first <= period <= last:
                    out[period - first] += 1
        return out
