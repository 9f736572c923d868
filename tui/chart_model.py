"""The chart view's numbers: shown events binned per month or per year, stacked in series.

Pure Python, no Textual: `tui.widgets.chart` only draws a `Chart`. An event counts once, in
the period of its start (a 1992-1995 war is a 1992 event), and in one series, so a column's
stack adds up to the events of its period. One pass over the shown events: O(n), plus the
periods between the first and the last (empty ones included, so gaps show as gaps).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

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


def _type_series(events: Sequence[Event], shown: Sequence[int]) -> tuple[list[str], list[int]]:
    """Series (ACLED types present, other types, then "none") and each shown event's series."""
    names = [events[i].event_type or NONE for i in shown]
    present = set(names)
    extra = sorted(present - set(ACLED_TYPES) - {NONE})
    series = [t for t in ACLED_TYPES if t in present] + extra
    if NONE in present:
        series.append(NONE)
    position = {name: k for k, name in enumerate(series)}
    return series, [position[name] for name in names]


def top_actors(events: Sequence[Event], shown: Sequence[int], top: int) -> list[str]:
    """The ``top`` actors named by the most shown events (ties: by name)."""
    return _top(_names(events, shown), top)


def _names(events: Sequence[Event], shown: Sequence[int]) -> list[list[str]]:
    """The actor names of each shown event, each name once."""
    return [list(dict.fromkeys(a.name for a in events[i].actors)) for i in shown]


def _top(names: list[list[str]], top: int) -> list[str]:
    named = Counter(name for row in names for name in row)
    return [name for name, _ in sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]


def _actor_series(
    events: Sequence[Event], shown: Sequence[int], top: int
) -> tuple[list[str], list[int]]:
    """Series (top actors, "other", "none") and each shown event's series.

    An event naming several top actors goes to the most frequent of them, so the stack adds
    up to the events; one naming only other actors goes to "other", one naming none to "none".
    """
    names = _names(events, shown)
    leaders = _top(names, top)
    rank = {name: k for k, name in enumerate(leaders)}
    other, none = len(leaders), len(leaders) + 1
    assigned = [min([rank.get(n, other) for n in row]) if row else none for row in names]
    used = set(assigned)
    series = [*leaders, OTHER, NONE]
    keep = [k for k in range(len(series)) if k < len(leaders) or k in used]
    renumber = {old: new for new, old in enumerate(keep)}
    return [series[k] for k in keep], [renumber[k] for k in assigned]


def bin_events(
    events: Sequence[Event],
    shown: Sequence[int],
    granularity: Granularity = "year",
    stacking: Stacking = "type",
    *,
    top: int = TOP_ACTORS,
) -> Chart:
    """Bin ``events[shown]`` (indices in date order) per period, stacked by type or actor."""
    if not shown:
        return Chart(granularity, stacking, [], [], [], [])
    if stacking == "type":
        series, which = _type_series(events, shown)
    else:
        series, which = _actor_series(events, shown, top)
    starts = [events[i].start for i in shown]
    if granularity == "year":
        keys = [d.year for d in starts]
    else:
        keys = [d.year * 12 + d.month - 1 for d in starts]
    first = min(keys)
    size = max(keys) - first + 1
    counts = [[0] * len(series) for _ in range(size)]
    firsts: list[int | None] = [None] * size
    for index, key, k in zip(shown, keys, which, strict=True):
        slot = key - first
        counts[slot][k] += 1
        if firsts[slot] is None:
            firsts[slot] = index
    return Chart(granularity, stacking, list(range(first, first + size)), series, counts, firsts)


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
