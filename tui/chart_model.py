"""The chart view's numbers: shown events binned per month or per year, stacked in series.

Pure Python, no Textual: `tui.widgets.chart` only draws a `Chart`. An event counts once, in
the period of its start (a 1992-1995 war is a 1992 event), and in one series, so a column's
stack adds up to the events of its period. One pass over the shown events: O(n), plus the
periods between the first and the last (empty ones included, so gaps show as gaps).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from timeline.models import Event

Granularity = Literal["month", "year"]
Stacking = Literal["type", "actor"]

# ACLED's six event types, in ACLED's order: the stacking order, bottom up.
ACLED_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)
NONE = "none"  # events with no type (or, stacked by actor, naming no actor)
OTHER = "other"  # stacked by actor: events naming none of the top actors
TOP_ACTORS = 6
CHUNK = 2048  # events per binning step: a few milliseconds, so a key waits no longer
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def period_of(event: Event, granularity: Granularity) -> int:
    """The period an event counts in: its start's year, or months since year 0."""
    start = event.start
    return start.year if granularity == "year" else start.year * 12 + start.month - 1


def period_label(period: int, granularity: Granularity, *, short: bool = False) -> str:
    """ "1992", or "May 1992" ("1992-05" when ``short``)."""
    if granularity == "year":
        return str(period)
    year, month = divmod(period, 12)
    return f"{year}-{month + 1:02d}" if short else f"{MONTHS[month]} {year}"


@dataclass(frozen=True)
class Chart:
    """Counts per period and series; ``periods`` run without gaps from first to last."""

    granularity: Granularity
    stacking: Stacking
    periods: list[int]
    series: list[str]  # bottom of the stack first
    counts: list[list[int]]  # counts[period position][series position]
    firsts: list[int | None]  # the first shown event (index into the events) of each period

    @property
    def totals(self) -> list[int]:
        return [sum(row) for row in self.counts]

    def position_of(self, period: int) -> int:
        """The position of ``period`` (clamped to the chart's range); 0 when empty."""
        if not self.periods:
            return 0
        return max(0, min(len(self.periods) - 1, period - self.periods[0]))

    def label(self, position: int, *, short: bool = False) -> str:
        return period_label(self.periods[position], self.granularity, short=short)


def _names(events: Sequence[Event], shown: Sequence[int]) -> list[list[str]]:
    """The actor names of each shown event, each name once."""
    return [list(dict.fromkeys(a.name for a in events[i].actors)) for i in shown]


def _top(named: Counter[str], top: int) -> list[str]:
    return [name for name, _ in sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]


def _parts(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


Steps = Generator[None, None, Chart]


def binning(
    events: Sequence[Event],
    shown: Sequence[int],
    granularity: Granularity = "year",
    stacking: Stacking = "type",
    *,
    top: int = TOP_ACTORS,
    chunk: int = CHUNK,
) -> Steps:
    """`bin_events` in steps: it yields after each ``chunk`` events of each pass and returns
    the chart, so a caller on an event loop lets keys through between steps.

    Series by type: the ACLED types present, other types, then "none". By actor: the
    ``top`` actors named by the most shown events, "other", "none"; an event naming several
    top actors goes to the most frequent of them, one naming only other actors to "other",
    one naming none to "none" (so a column's stack adds up to its events).
    """
    if not shown:
        return Chart(granularity, stacking, [], [], [], [])
    which: list[int] = []
    if stacking == "type":
        types: list[str] = []
        for part in _parts(shown, chunk):
            types += [events[i].event_type or NONE for i in part]
            yield
        present = set(types)
        extra = sorted(present - set(ACLED_TYPES) - {NONE})
        series = [t for t in ACLED_TYPES if t in present] + extra
        if NONE in present:
            series.append(NONE)
        position = {name: k for k, name in enumerate(series)}
        for start in range(0, len(types), chunk):
            which += [position[name] for name in types[start : start + chunk]]
            yield
    else:
        names: list[list[str]] = []
        named: Counter[str] = Counter()
        for part in _parts(shown, chunk):
            rows = _names(events, part)
            named.update(name for row in rows for name in row)
            names += rows
            yield
        leaders = _top(named, top)
        rank = {name: k for k, name in enumerate(leaders)}
        other, none = len(leaders), len(leaders) + 1
        for start in range(0, len(names), chunk):
            which += [
                min([rank.get(n, other) for n in row]) if row else none
                for row in names[start : start + chunk]
            ]
            yield
        used = set(which)
        every = [*leaders, OTHER, NONE]
        keep = [k for k in range(len(every)) if k < len(leaders) or k in used]
        renumber = {old: new for new, old in enumerate(keep)}
        series = [every[k] for k in keep]
        for start in range(0, len(which), chunk):
            which[start : start + chunk] = [renumber[k] for k in which[start : start + chunk]]
            yield
    keys: list[int] = []
    for part in _parts(shown, chunk):
        starts = [events[i].start for i in part]
        if granularity == "year":
            keys += [d.year for d in starts]
        else:
            keys += [d.year * 12 + d.month - 1 for d in starts]
        yield
    first = min(keys)
    size = max(keys) - first + 1
    counts = [[0] * len(series) for _ in range(size)]
    firsts: list[int | None] = [None] * size
    for start in range(0, len(keys), chunk):
        stop = start + chunk
        rows = zip(shown[start:stop], keys[start:stop], which[start:stop], strict=True)
        for index, key, k in rows:
            slot = key - first
            counts[slot][k] += 1
            if firsts[slot] is None:
                firsts[slot] = index
        yield
    return Chart(granularity, stacking, list(range(first, first + size)), series, counts, firsts)


def finish(steps: Steps) -> Chart:
    """Run binning steps to the end (at once) and return the chart."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def bin_events(
    events: Sequence[Event],
    shown: Sequence[int],
    granularity: Granularity = "year",
    stacking: Stacking = "type",
    *,
    top: int = TOP_ACTORS,
) -> Chart:
    """Bin ``events[shown]`` (indices in date order) per period, stacked by type or actor:
    one pass over the shown events, O(n) plus the periods from the first to the last."""
    return finish(binning(events, shown, granularity, stacking, top=top))


def by_year(chart: Chart) -> Chart:
    """A month chart folded into years: O(periods), with no second pass over the events."""
    if chart.granularity == "year":
        return chart
    if not chart.periods:
        return Chart("year", chart.stacking, [], [], [], [])
    first, last = chart.periods[0] // 12, chart.periods[-1] // 12
    size = last - first + 1
    counts = [[0] * len(chart.series) for _ in range(size)]
    firsts: list[int | None] = [None] * size
    for period, row, event in zip(chart.periods, chart.counts, chart.firsts, strict=True):
        slot = period // 12 - first
        counts[slot] = [a + b for a, b in zip(counts[slot], row, strict=True)]
        if firsts[slot] is None:
            firsts[slot] = event
    return Chart("year", chart.stacking, list(range(first, last + 1)), chart.series, counts, firsts)


def hits_per_period(chart: Chart, events: Sequence[Event], hits: Sequence[int]) -> list[int]:
    """How many of events ``hits`` (search hits among the shown) fall in each period."""
    out = [0] * len(chart.periods)
    if not chart.periods:
        return out
    first, last = chart.periods[0], chart.periods[-1]
    for i in hits:
        period = period_of(events[i], chart.granularity)
        if first <= period <= last:
            out[period - first] += 1
    return out


class ChartData(Protocol):
    """What the chart view charts: the shown events, binned per month in steps, and the
    month of any event (an index into the timeline). `EventsChartData` over events in
    memory; `tui.store_chart.StoreChartData` over the store's aggregates."""

    @property
    def empty(self) -> bool:
        """Whether no event is shown."""
        ...

    @property
    def threaded(self) -> bool:
        """Whether the other stacking is binned ahead in a thread (SQL, which lets go of
        the interpreter) rather than in steps on the event loop (Python)."""
        ...

    def binning(self, stacking: Stacking) -> Steps:
        """The month chart of the shown events, in steps (`binning`)."""
        ...

    def quick(self, stacking: Stacking) -> bool:
        """Whether ``stacking``'s chart is read at once (aggregates); if not, and the data
        is `threaded`, the chart view reads it in a thread, showing "counting" meanwhile."""
        ...

    def month_of(self, index: int) -> int | None:
        """The month (months since year 0) event ``index`` starts in; None if none such."""
        ...

    def hits_per_period(self, chart: Chart, hits: Sequence[int]) -> list[int]:
        """How many of events ``hits`` fall in each period of ``chart``."""
        ...


class EventsChartData:
    """`ChartData` of ``events[shown]`` in memory."""

    threaded = False

    def __init__(self, events: Sequence[Event], shown: Sequence[int]) -> None:
        self.events = events
        self.shown = shown

    @property
    def empty(self) -> bool:
        return not self.shown

    def binning(self, stacking: Stacking) -> Steps:
        return binning(self.events, self.shown, "month", stacking)

    def quick(self, stacking: Stacking) -> bool:
        return True  # binned in steps on the event loop (not `threaded`)

    def month_of(self, index: int) -> int | None:
        if not 0 <= index < len(self.events):
            return None
        return period_of(self.events[index], "month")

    def hits_per_period(self, chart: Chart, hits: Sequence[int]) -> list[int]:
        return hits_per_period(chart, self.events, hits)
