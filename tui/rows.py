"""The timeline list's row model: which rows there are, what each one shows, where the cursor
may go, which rows the search hits and which events are selected. No Textual, no drawing:
`tui.widgets.timeline_view.TimelineView` draws rows, scrolls, posts messages and holds the
keys, and asks a `RowSource` for everything else, so the logic is tested without Pilot
(`tests/test_rows.py`).

Rows are addressed by number (0 at the top) and each row has an ``int`` code:

* ``0 <= code < UNDATED_BASE``: event ``code`` of ``timeline.events``;
* ``UNDATED_BASE + j``: ``timeline.undated[j]``, in the last group, "Undated";
* ``-(h + 1)``: heading ``h`` (a year, a decade or "Undated"), see `RowSource.heading`.

`RowSource` is the protocol the widget uses, written for pages: the widget asks for the row
count, single rows (``source[row]``) or a page (``rows(start, stop)``), what a row draws
(`RowSource.event_row`, not the whole event) and never iterates every row itself. Filters
are `timeline.timeline.Filters`, applied by the source (`RowSource.set_filters`), not a list
of indices the caller computed. `RowModel` implements it over an in-memory `Timeline`,
rebuilding a flat ``list[int]`` in O(n) per filter change (0.1 s at 100,000 events);
`tui.store_rows.StoreRows` over the event rows of the corpus store, in SQL, holding no list
of every event (issue 12).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol

from timeline.models import Actor, Event, UndatedExpression
from timeline.timeline import Filters, Timeline

UNDATED_BASE = 1 << 40
# Hits counted while typing a search: beyond it a status line says "10,000+" (counting every
# hit of "c" among a million stored events is a scan; `RowSource.count_hits`).
HIT_CAP = 10_000
HeadingMode = Literal["year", "decade"]
JumpUnit = Literal["year", "decade"]

# A pane this short cannot show a corpus spanning decades one year per heading and still
# leave room for events, so it groups by decade instead.
SHORT_PANE = 20
DECADES_SPAN = 20
LABEL_MIN, LABEL_MAX = 8, 18


@dataclass(slots=True)
class Heading:
    """A group heading: a year ("2022"), a decade ("1990s") or "Undated"."""

    label: str
    count: int = 0


@dataclass(frozen=True, slots=True)
class RowEvent:
    """What the list draws for one event: enough for its row, without its sentences."""

    label: str
    headline: str
    sources: int  # how many documents or passages tell it
    actors: Sequence[Actor]


def mode_for(span: int, height: int) -> HeadingMode:
    """Decades when the shown events span at least DECADES_SPAN years (``span``) and the pane
    is shorter than SHORT_PANE rows (``height``), else years: the rule of both row models."""
    return "decade" if span >= DECADES_SPAN and height < SHORT_PANE else "year"


def is_heading(code: int) -> bool:
    return code < 0


def is_event(code: int) -> bool:
    return 0 <= code < UNDATED_BASE


def is_undated(code: int) -> bool:
    return code >= UNDATED_BASE


class RowSource(Protocol):
    """What the timeline list asks of its rows. Row numbers outside ``0 <= row < len(self)``
    are never passed, except where a method says it clamps; every method answers in at most
    O(log n) or O(page), except the rebuilding ones (`set_filters`, `rebuild`, `set_search`)."""

    # ------------------------------------------------------------ contents

    @property
    def shown(self) -> Sequence[int]:
        """The shown events (indices into ``timeline.events``), ascending. May be read
        lazily, a page at a time (`StoreRows`): take its length, index it or iterate it."""
        ...

    @property
    def shown_count(self) -> int:
        """How many events are shown: ``len(shown)``, without reading them."""
        ...

    @property
    def total(self) -> int:
        """How many events there are, shown or not."""
        ...

    @property
    def show_undated(self) -> bool: ...

    @property
    def heading_mode(self) -> HeadingMode: ...

    @property
    def label_width(self) -> int:
        """Cells for the date label column: the longest shown label, within bounds."""
        ...

    @property
    def headings(self) -> Sequence[Heading]: ...

    def __len__(self) -> int: ...

    def __getitem__(self, row: int) -> int:
        """The code of ``row`` (negative rows count from the end, as for a list)."""
        ...

    def rows(self, start: int, stop: int) -> Sequence[int]:
        """The codes of rows ``start`` to ``stop`` (a page, clipped to the rows there are)."""
        ...

    def heading(self, code: int) -> Heading: ...

    def set_filters(self, filters: Filters, *, show_undated: bool, height: int) -> None:
        """Show only the events ``filters`` keep, grouped for a pane ``height`` rows tall."""
        ...

    def rebuild(self, height: int) -> None:
        """Rebuild the rows (the same events) for a pane ``height`` rows tall (0: unknown)."""
        ...

    def wants_rebuild(self, height: int) -> bool:
        """Whether a pane ``height`` rows tall needs another heading mode."""
        ...

    # -------------------------------------------------------- rows & events

    def event_row(self, index: int) -> RowEvent:
        """What event ``index``'s row draws."""
        ...

    def load_event(self, index: int) -> Event:
        """The whole event ``index`` (the detail pane's)."""
        ...

    def load_events(self, indices: Iterable[int]) -> list[Event]:
        """The whole events ``indices``, in the order given (what an export takes)."""
        ...

    def undated_item(self, index: int) -> UndatedExpression:
        """The undated expression ``index``."""
        ...

    def event_at(self, row: int) -> int | None: ...

    def undated_at(self, row: int) -> int | None: ...

    def row_of_event(self, index: int) -> int: ...

    def row_of_undated(self, index: int) -> int: ...

    def first_item_row(self) -> int: ...

    def item_row(self, row: int) -> int: ...

    def step(self, row: int, delta: int) -> int: ...

    def jump(self, row: int, unit: JumpUnit, *, forward: bool) -> int | None: ...

    def row_of_date(self, day: date) -> tuple[int, bool] | None: ...

    # --------------------------------------------------------------- search

    @property
    def search(self) -> str: ...

    @property
    def hits(self) -> Sequence[int]:
        """The rows the search hits, ascending (may be read lazily: `StoreRows`)."""
        ...

    @property
    def hit_count(self) -> int:
        """``len(hits)``."""
        ...

    def count_hits(self, cap: int) -> int:
        """``min(hit_count, cap)``, counting no further than ``cap`` (a status line's
        "10,000+ hits" while typing: counting every hit of "c" is a scan in the store)."""
        ...

    def set_search(self, needle: str) -> int: ...

    def is_hit(self, row: int) -> bool: ...

    def hit_from(self, row: int) -> int | None: ...

    def next_hit(self, row: int) -> int | None: ...

    def previous_hit(self, row: int) -> int | None: ...

    def hit_position(self, row: int, cap: int | None = None) -> int | None:
        """1-based number of the hit on ``row``, if ``row`` is one; with ``cap``, counting
        stops there and a hit further on answers ``cap + 1`` (a status line's "10,000+":
        numbering a hit of "c" in the store counts every hit before it)."""
        ...

    def hit_events(self) -> list[int]: ...

    # ------------------------------------------------------------ selection

    @property
    def selected(self) -> set[int]: ...

    def is_selected(self, index: int) -> bool: ...

    def toggle(self, index: int) -> bool: ...

    def select_shown(self) -> int: ...

    def clear_selection(self) -> int: ...

    def replace_selection(self, selected: Iterable[int]) -> None: ...


class Selection:
    """The selected events (indices into ``timeline.events``), for both row models. The
    selection outlives the filters: an event hidden by them stays selected."""

    _selected: set[int]

    @property
    def shown(self) -> Sequence[int]:
        raise NotImplementedError  # each row model says what it shows

    @property
    def selected(self) -> set[int]:
        return self._selected

    def is_selected(self, index: int) -> bool:
        return index in self._selected

    def toggle(self, index: int) -> bool:
        """Select event ``index``, or unselect it if selected; whether it is selected now."""
        if index in self._selected:
            self._selected.discard(index)
            return False
        self._selected.add(index)
        return True

    def select_shown(self) -> int:
        """Add every shown event to the selection (a lazy ``shown`` is read a page at a
        time); how many were added."""
        before = len(self._selected)
        self._selected.update(self.shown)
        return len(self._selected) - before

    def clear_selection(self) -> int:
        """Unselect everything, hidden events too; how many were selected."""
        count = len(self._selected)
        self._selected = set()
        return count

    def replace_selection(self, selected: Iterable[int]) -> None:
        """Select exactly ``selected`` (undo, redo, a restored session or view)."""
        self._selected = set(selected)


class RowModel(Selection):
    """The rows of an in-memory `Timeline`: a flat list of codes, rebuilt in one pass."""

    def __init__(self, timeline: Timeline | None = None) -> None:
        self._timeline = timeline if timeline is not None else Timeline([])
        self._years: list[int] = [e.start.year for e in self._timeline.events]
        self._shown: list[int] = list(range(len(self._timeline.events)))
        self._show_undated = True
        self._mode: HeadingMode = "year"
        self._rows: list[int] = []
        self._headings: list[Heading] = []
        self._shown_rows: list[int] = []  # row of each shown event, parallel to ``_shown``
        self._starts: dict[JumpUnit, list[int]] = {"year": [], "decade": []}
        self._label_width = LABEL_MIN
        self._search = ""
        self._hits: list[int] = []  # row numbers of search hits, ascending
        self._selected: set[int] = set()

    # ------------------------------------------------------------ contents

    @property
    def timeline(self) -> Timeline:
        return self._timeline

    @property
    def shown(self) -> list[int]:
        return self._shown

    @property
    def shown_count(self) -> int:
        return len(self._shown)

    @property
    def total(self) -> int:
        return len(self._timeline.events)

    @property
    def show_undated(self) -> bool:
        return self._show_undated

    @property
    def heading_mode(self) -> HeadingMode:
        return self._mode

    @property
    def label_width(self) -> int:
        return self._label_width

    @property
    def headings(self) -> list[Heading]:
        return self._headings

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, row: int) -> int:
        return self._rows[row]

    def rows(self, start: int, stop: int) -> list[int]:
        return self._rows[max(0, start) : max(0, stop)]

    def heading(self, code: int) -> Heading:
        return self._headings[-code - 1]

    def set_timeline(self, timeline: Timeline, *, height: int) -> None:
        """A new timeline: everything shown, no selection, no search."""
        self._timeline = timeline
        self._years = [e.start.year for e in timeline.events]
        self._selected = set()
        self._search = ""
        self._hits = []
        self.set_shown(range(len(timeline.events)), show_undated=True, height=height)

    def choose_mode(self, height: int) -> HeadingMode:
        """Decades when the shown events span decades and the pane is short, else years; the
        mode in force when nothing is shown or the height is not known yet (0)."""
        if not self._shown or not height:
            return self._mode
        return mode_for(self._years[self._shown[-1]] - self._years[self._shown[0]], height)

    def wants_rebuild(self, height: int) -> bool:
        return self.choose_mode(height) != self._mode

    def set_filters(self, filters: Filters, *, show_undated: bool, height: int) -> None:
        """Show the events ``filters`` keep: one pass over the timeline, O(n)."""
        shown = self._timeline.filter_indices(filters)
        self.set_shown(shown, show_undated=show_undated, height=height)

    def set_shown(self, shown: Iterable[int], *, show_undated: bool, height: int) -> None:
        """Show only events ``shown`` (ascending), grouped for a pane ``height`` rows tall."""
        self._shown = list(shown)
        self._show_undated = show_undated
        self.rebuild(height)

    def rebuild(self, height: int) -> None:
        """Rebuild the rows in one pass over the shown events: O(n)."""
        mode = self._mode = self.choose_mode(height)
        years = self._years
        events = self._timeline.events
        rows: list[int] = []
        shown_rows: list[int] = []
        headings: list[Heading] = []
        year_rows: list[int] = []
        decade_rows: list[int] = []
        heading: Heading | None = None
        previous_year: int | None = None
        previous_decade: int | None = None
        longest = LABEL_MIN
        for index in self._shown:
            year = years[index]
            if year != previous_year:
                decade = year // 10 * 10
                new_decade = decade != previous_decade
                if mode == "year" or new_decade:
                    heading = Heading(str(year) if mode == "year" else f"{decade}s")
                    headings.append(heading)
                    rows.append(-len(headings))
                if new_decade:
                    decade_rows.append(len(rows))
                    previous_decade = decade
                year_rows.append(len(rows))
                previous_year = year
            assert heading is not None
            heading.count += 1
            shown_rows.append(len(rows))
            rows.append(index)
            length = len(events[index].label)
            if length > longest:
                longest = length
        undated = self._timeline.undated
        if self._show_undated and undated:
            headings.append(Heading("Undated", len(undated)))
            rows.append(-len(headings))
            rows.extend(range(UNDATED_BASE, UNDATED_BASE + len(undated)))
        self._rows = rows
        self._headings = headings
        self._shown_rows = shown_rows
        self._starts = {"year": year_rows, "decade": decade_rows}
        self._label_width = min(longest, LABEL_MAX)
        self._hits = self._find_hits(self._search)

    # -------------------------------------------------------- rows & events

    def event_at(self, row: int) -> int | None:
        """The event (index into ``timeline.events``) on ``row``; None on a heading, an
        undated row or past the ends."""
        if 0 <= row < len(self._rows):
            code = self._rows[row]
            if is_event(code):
                return code
        return None

    def undated_at(self, row: int) -> int | None:
        """The undated expression (index into ``timeline.undated``) on ``row``, or None."""
        if 0 <= row < len(self._rows):
            code = self._rows[row]
            if is_undated(code):
                return code - UNDATED_BASE
        return None

    def event_row(self, index: int) -> RowEvent:
        event = self._timeline.events[index]
        return RowEvent(event.label, event.headline, len(event.sources), event.actors)

    def load_event(self, index: int) -> Event:
        return self._timeline.events[index]

    def load_events(self, indices: Iterable[int]) -> list[Event]:
        events = self._timeline.events
        return [events[i] for i in indices]

    def undated_item(self, index: int) -> UndatedExpression:
        return self._timeline.undated[index]

    def event(self, row: int) -> Event | None:
        index = self.event_at(row)
        return None if index is None else self._timeline.events[index]

    def undated(self, row: int) -> UndatedExpression | None:
        index = self.undated_at(row)
        return None if index is None else self._timeline.undated[index]

    def row_of_event(self, index: int) -> int:
        """The row showing event ``index``, or -1 when it is not shown: O(log n)."""
        position = bisect_left(self._shown, index)
        if position == len(self._shown) or self._shown[position] != index:
            return -1
        return self._shown_rows[position]

    def row_of_undated(self, index: int) -> int:
        """The row showing ``timeline.undated[index]``, or -1 when it is not shown: O(1)
        (the undated rows are the last, in their order)."""
        count = len(self._timeline.undated)
        if not (self._show_undated and 0 <= index < count):
            return -1
        return len(self._rows) - count + index

    def first_item_row(self) -> int:
        """The first row that is not a heading, or -1 when there is none."""
        for row, code in enumerate(self._rows[:3]):
            if code >= 0:
                return row
        return next((r for r, code in enumerate(self._rows) if code >= 0), -1)

    def item_row(self, row: int) -> int:
        """``row`` clamped onto the rows, and off a heading: onto the item below it, or the
        one above when the heading has none below (-1 when there are no rows)."""
        rows = self._rows
        if not rows:
            return -1
        row = max(0, min(row, len(rows) - 1))
        if rows[row] < 0:
            below = row + 1
            row = below if below < len(rows) and rows[below] >= 0 else max(0, row - 1)
        return row

    def step(self, row: int, delta: int) -> int:
        """The row ``delta`` item rows from ``row``, headings skipped, stopping at the ends."""
        rows = self._rows
        step = 1 if delta > 0 else -1
        remaining = abs(delta)
        while remaining:
            probe = row + step
            while 0 <= probe < len(rows) and rows[probe] < 0:
                probe += step
            if not 0 <= probe < len(rows):
                break
            row = probe
            remaining -= 1
        return row

    def jump(self, row: int, unit: JumpUnit, *, forward: bool) -> int | None:
        """The first event row of the next ``unit`` (forward), or going back, of this one when
        ``row`` is inside it, else of the previous one; None when there is none."""
        starts = self._starts[unit]
        if forward:
            position = bisect_right(starts, row)
            return starts[position] if position < len(starts) else None
        position = bisect_left(starts, row) - 1
        return starts[position] if position >= 0 else None

    def row_of_date(self, day: date) -> tuple[int, bool] | None:
        """The row of the first shown event starting on or after ``day`` and True (by
        bisection: the shown events are in date order); the last event's row and False when
        every one starts before ``day``; None when no event is shown."""
        shown = self._shown
        if not shown:
            return None
        events = self._timeline.events
        position = bisect_left(shown, day, key=lambda index: events[index].start)
        found = position < len(shown)
        return self._shown_rows[min(position, len(shown) - 1)], found

    # --------------------------------------------------------------- search

    @property
    def search(self) -> str:
        return self._search

    @property
    def hits(self) -> list[int]:
        """The rows the search hits, ascending."""
        return self._hits

    @property
    def hit_count(self) -> int:
        return len(self._hits)

    def count_hits(self, cap: int) -> int:
        return min(len(self._hits), cap)

    def _matches(self, code: int, needle: str) -> bool:
        if code < 0:
            return False
        if code < UNDATED_BASE:
            return self._timeline.matches(code, needle)
        undated = self._timeline.undated[code - UNDATED_BASE]
        return needle.casefold() in undated.sentence.text.casefold()

    def _find_hits(self, needle: str) -> list[int]:
        if not needle:
            return []
        return [row for row, code in enumerate(self._rows) if self._matches(code, needle)]

    def set_search(self, needle: str) -> int:
        """Search for ``needle`` (spaces around it dropped; "" ends the search): O(n).
        Returns the number of hits."""
        self._search = needle.strip()
        self._hits = self._find_hits(self._search)
        return len(self._hits)

    def is_hit(self, row: int) -> bool:
        position = bisect_left(self._hits, row)
        return position < len(self._hits) and self._hits[position] == row

    def hit_from(self, row: int) -> int | None:
        """The first hit at or after ``row``, wrapping to the first; None with no hits."""
        if not self._hits:
            return None
        return self._hits[bisect_left(self._hits, row) % len(self._hits)]

    def next_hit(self, row: int) -> int | None:
        """The first hit after ``row``, wrapping to the first; None with no hits."""
        if not self._hits:
            return None
        return self._hits[bisect_right(self._hits, row) % len(self._hits)]

    def previous_hit(self, row: int) -> int | None:
        """The last hit before ``row``, wrapping to the last; None with no hits."""
        if not self._hits:
            return None
        return self._hits[(bisect_left(self._hits, row) - 1) % len(self._hits)]

    def hit_position(self, row: int, cap: int | None = None) -> int | None:
        """1-based number of the hit on ``row``, if ``row`` is one (at most ``cap + 1``)."""
        position = bisect_left(self._hits, row)
        if position < len(self._hits) and self._hits[position] == row:
            return position + 1 if cap is None else min(position + 1, cap + 1)
        return None

    def hit_events(self) -> list[int]:
        """The events (indices into ``timeline.events``) the search hits, in row order."""
        rows = self._rows
        return [code for code in (rows[row] for row in self._hits) if is_event(code)]
