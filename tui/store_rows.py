"""The timeline list's rows read from the corpus store (issue 12, item 2): `StoreRows`, the
`tui.rows.RowSource` the widget asks, answered by SQL over the store's event rows
(`timeline.store.events`) instead of a list of every event.

What it holds, whatever the number of events N:

* the headings: one per year (or decade) the filtered events start in, with its count, from
  the query's aggregate counts (`EventQuery.counts_by_year`), and the row of each: a few
  dozen entries;
* blocks of ids read by position (`BLOCK` at a time, the last `BLOCKS` kept), so drawing a
  screen or stepping the cursor reads a page, never the timeline; unfiltered, an event's
  position is its id and nothing is read;
* the undated expressions (`Timeline.undated`: they are not event rows in the store), held
  as given, and which of them the search hits;
* the selection, a set of event ids: it grows only as the user selects (select-all over a
  million events is a million ints, about 60 MB: the one per-event structure here).

Rows are numbered as `tui.rows.RowModel` numbers them, so both answer the same for the same
events (`tests/test_store_rows.py` checks it under random filters and searches): heading
``g`` sits at row ``first position of group g + g``, the events of its group below it, then
the undated group. A row's code is an event id (its index in the in-memory
``Timeline.events``), ``UNDATED_BASE + j`` or ``-(g + 1)``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import overload

from timeline.models import Actor, ActorKind, Event, UndatedExpression
from timeline.store.events import MAX_IDS, EventQuery, EventStore, Hits
from timeline.timeline import Filters
from tui.rows import (
    HIT_CAP,
    LABEL_MAX,
    LABEL_MIN,
    UNDATED_BASE,
    Heading,
    HeadingMode,
    JumpUnit,
    RowEvent,
    Selection,
    mode_for,
)

BLOCK = 512  # ids read at once, by position
BLOCKS = 64  # blocks kept: 32,768 ids, about 2 MB
ROWS_KEPT = 4096  # drawn rows kept (`RowEvent`s): a few screens either way


def stored_kind(value: str) -> ActorKind:
    """An actor kind as stored; an unknown one (a store altered by hand) draws as "other"."""
    try:
        return ActorKind(value)
    except ValueError:
        return ActorKind.OTHER


class LazyInts(Sequence[int]):
    """A read-only sequence of ints whose length and items are asked for, a page at a time:
    what `StoreRows.shown` and `StoreRows.hits` are (a list of a million would be what the
    store is there to avoid)."""

    def __init__(
        self, length: Callable[[], int], page: Callable[[int, int], Sequence[int]]
    ) -> None:
        self._length = length
        self._page = page

    def __len__(self) -> int:
        return self._length()

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        size = len(self)
        if isinstance(index, slice):
            start, stop, step = index.indices(size)
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return list(self._page(start, max(start, stop)))
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError(index)
        return self._page(index, index + 1)[0]

    def __iter__(self) -> Iterator[int]:
        size = len(self)
        for start in range(0, size, MAX_IDS):
            yield from self._page(start, min(size, start + MAX_IDS))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LazyInts(len={len(self)})"


class StoreRows(Selection):
    """The rows of the store's events under `Filters`, read by pages: a `RowSource`."""

    def __init__(self, store: EventStore, undated: Sequence[UndatedExpression] = ()) -> None:
        store.hold_snapshot()  # one merge's ids and positions, whatever is written meanwhile
        self._store = store
        self._undated = list(undated)
        self._filters = Filters()
        self._query: EventQuery = store.query()
        self._show_undated = True
        self._mode: HeadingMode = "year"
        self._years: list[tuple[int, int]] = []  # (year, events) of the filtered events
        self._headings: list[Heading] = []
        self._group_pos: list[int] = []  # position of each group's first event
        self._group_row: list[int] = []  # row of each group's heading
        self._starts: dict[JumpUnit, list[int]] = {"year": [], "decade": []}
        self._count = 0  # filtered events
        self._undated_row = -1  # row of the "Undated" heading, -1 when not shown
        self._length = 0
        self._label_width = LABEL_MIN
        self._blocks: OrderedDict[int, list[int]] = OrderedDict()
        self._drawn: OrderedDict[int, RowEvent] = OrderedDict()
        self._loaded: tuple[int, Event] | None = None
        self._search = ""
        self._hits: Hits | None = None
        self._hit_count: int | None = None
        self._hit_blocks: OrderedDict[int, set[int]] = OrderedDict()
        self._undated_hits: list[int] = []
        self._selected: set[int] = set()
        self._apply(Filters(), show_undated=True)
        self.rebuild(0)

    # ------------------------------------------------------------ contents

    @property
    def store(self) -> EventStore:
        return self._store

    @property
    def query(self) -> EventQuery:
        """The query of the filters in force (for aggregate counts: the overview, dialogs)."""
        return self._query

    @property
    def filters(self) -> Filters:
        return self._filters

    @property
    def undated_items(self) -> list[UndatedExpression]:
        return self._undated

    @property
    def shown(self) -> LazyInts:
        return LazyInts(lambda: self._count, self._ids)

    @property
    def shown_count(self) -> int:
        return self._count

    @property
    def total(self) -> int:
        return self._store.total

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
        return self._length

    def __getitem__(self, row: int) -> int:
        if row < 0:
            row += self._length
        if not 0 <= row < self._length:
            raise IndexError(row)
        return self.rows(row, row + 1)[0]

    def rows(self, start: int, stop: int) -> list[int]:
        """The codes of rows ``start`` to ``stop``: the events among them read in one go."""
        start, stop = max(0, start), min(max(0, stop), self._length)
        if start >= stop:
            return []
        first = self._events_before(start)
        ids = self._ids(first, min(self._count, self._events_before(stop)))
        out: list[int] = []
        taken = 0
        for row in range(start, stop):
            code = self._heading_code(row)
            if code is not None:
                out.append(code)
            elif self._undated_row >= 0 and row > self._undated_row:
                out.append(UNDATED_BASE + row - self._undated_row - 1)
            else:
                out.append(ids[taken])
                taken += 1
        return out

    def heading(self, code: int) -> Heading:
        return self._headings[-code - 1]

    def set_filters(self, filters: Filters, *, show_undated: bool, height: int) -> None:
        """Show the events ``filters`` keep: their count and the counts per year (aggregate
        queries), the label column's width; no event is read."""
        self._apply(filters, show_undated=show_undated)
        self.rebuild(height)

    def set_all(self, *, height: int) -> None:
        """Everything shown, no selection, no search (a new store or corpus)."""
        self._selected = set()
        self._search = ""
        self.set_filters(Filters(), show_undated=True, height=height)

    def _apply(self, filters: Filters, *, show_undated: bool) -> None:
        self._filters = filters
        self._query = self._store.query(filters)
        self._count = self._query.count()
        self._years = sorted(self._query.counts_by_year().items())
        self._show_undated = show_undated
        self._blocks.clear()
        longest = self._query.longest_label(LABEL_MAX) if self._count else 0
        self._label_width = min(max(longest, LABEL_MIN), LABEL_MAX)

    def choose_mode(self, height: int) -> HeadingMode:
        """Decades when the shown events span decades and the pane is short, else years (as
        `RowModel.choose_mode`)."""
        if not self._years or not height:
            return self._mode
        return mode_for(self._years[-1][0] - self._years[0][0], height)

    def wants_rebuild(self, height: int) -> bool:
        return self.choose_mode(height) != self._mode

    def rebuild(self, height: int) -> None:
        """Lay the headings out from the counts per year: O(years), no event read."""
        mode = self._mode = self.choose_mode(height)
        headings: list[Heading] = []
        group_pos: list[int] = []
        group_row: list[int] = []
        year_rows: list[int] = []
        decade_rows: list[int] = []
        position = 0
        previous_decade: int | None = None
        for year, count in self._years:
            decade = year // 10 * 10
            new_decade = decade != previous_decade
            if mode == "year" or new_decade:
                headings.append(Heading(str(year) if mode == "year" else f"{decade}s"))
                group_pos.append(position)
                group_row.append(position + len(headings) - 1)
            first_row = position + len(headings)
            if new_decade:
                decade_rows.append(first_row)
                previous_decade = decade
            year_rows.append(first_row)
            headings[-1].count += count
            position += count
        length = self._count + len(headings)
        self._undated_row = -1
        if self._show_undated and self._undated:
            headings.append(Heading("Undated", len(self._undated)))
            self._undated_row = length
            length += 1 + len(self._undated)
        self._headings = headings
        self._group_pos = group_pos
        self._group_row = group_row
        self._starts = {"year": year_rows, "decade": decade_rows}
        self._length = length
        self._reset_hits()

    # ------------------------------------------------------- positions, rows

    def _ids(self, start: int, stop: int) -> list[int]:
        """The ids of the filtered events at positions ``start`` to ``stop``."""
        start, stop = max(0, start), min(stop, self._count)
        if start >= stop:
            return []
        if not self._query.filtered:
            return list(range(start, stop))
        if stop - start > 8 * BLOCK:  # a long run (select all, iterating): one query, kept not
            return self._query.ids(start, stop - start)
        out: list[int] = []
        for block in range(start // BLOCK, (stop - 1) // BLOCK + 1):
            ids = self._blocks.get(block)
            if ids is None:
                ids = self._blocks[block] = self._query.ids(block * BLOCK, BLOCK)
                if len(self._blocks) > BLOCKS:
                    self._blocks.popitem(last=False)
            else:
                self._blocks.move_to_end(block)
            low = max(start - block * BLOCK, 0)
            out += ids[low : stop - block * BLOCK]
        return out

    def _cached_position(self, index: int) -> int | None:
        """The position of event ``index`` if the ids read lately hold it (the rows being
        drawn were read just before); None when they do not."""
        if not self._query.filtered:
            return index if 0 <= index < self._count else None
        for block, ids in self._blocks.items():
            found = bisect_left(ids, index)
            if found < len(ids) and ids[found] == index:
                return block * BLOCK + found
        return None

    def _heading_code(self, row: int) -> int | None:
        """The code of the heading on ``row``, or None when it is no heading."""
        if row == self._undated_row:
            return -len(self._headings)
        position = bisect_left(self._group_row, row)
        if position < len(self._group_row) and self._group_row[position] == row:
            return -(position + 1)
        return None

    def _headings_before(self, row: int) -> int:
        """How many heading rows come before ``row``."""
        before = bisect_left(self._group_row, row)
        return before + (1 if 0 <= self._undated_row < row else 0)

    def _items_before(self, row: int) -> int:
        """How many item rows (events, undated) come before ``row``."""
        row = max(0, min(row, self._length))
        return row - self._headings_before(row)

    def _events_before(self, row: int) -> int:
        """How many event rows come before ``row`` (the position of the first at or after)."""
        return min(self._items_before(row), self._count)

    def _row_of_position(self, position: int) -> int:
        """The row of the filtered event at ``position``."""
        return position + bisect_right(self._group_pos, position)

    def _row_of_item(self, item: int) -> int:
        if item < self._count:
            return self._row_of_position(item)
        return self._undated_row + 1 + item - self._count

    def _is_heading(self, row: int) -> bool:
        return self._heading_code(row) is not None

    def event_row(self, index: int) -> RowEvent:
        """What event ``index``'s row draws, from its row in the store (kept for the last
        `ROWS_KEPT` rows asked; a screen asks for its rows one at a time, so the rows of
        the block around ``index`` are read at once)."""
        found = self._drawn.get(index)
        if found is not None:
            return found
        position = self._cached_position(index)
        if position is None and self._query.filtered:
            position = self._query.position(index)
        if position is None:
            wanted = [index]
        else:
            start = position // 64 * 64
            wanted = self._ids(start, start + 64)
            if index not in wanted:
                wanted.append(index)
        for row in self._store.rows(wanted):
            actors = [
                Actor.model_construct(name=name, kind=stored_kind(kind))
                for name, kind in row.actors
            ]
            self._drawn[row.id] = RowEvent(row.label, row.headline, row.sources, actors)
        while len(self._drawn) > ROWS_KEPT:
            self._drawn.popitem(last=False)
        return self._drawn[index]

    def load_event(self, index: int) -> Event:
        """Event ``index``, its payload decoded; the last one is kept, so the cursor's event
        asked for again (the detail pane, the status line) is the same object, decoded once.
        `timeline.store.events.EventStoreError` (one line for the user) if it is damaged."""
        if self._loaded is not None and self._loaded[0] == index:
            return self._loaded[1]
        event = self._store.event(index)
        if event is None:
            raise IndexError(index)
        self._loaded = (index, event)
        return event

    def load_events(self, indices: Iterable[int]) -> list[Event]:
        """The events ``indices`` in the order given, read `MAX_IDS` at a time (one query a
        batch, not one an event); `IndexError` for one the store does not hold."""
        wanted = list(indices)
        out: list[Event] = []
        for start in range(0, len(wanted), MAX_IDS):
            part = wanted[start : start + MAX_IDS]
            found = self._store.events_by_id(part)
            for i in part:
                if i not in found:
                    raise IndexError(i)
                out.append(found[i])
        return out

    def undated_item(self, index: int) -> UndatedExpression:
        return self._undated[index]

    def event_at(self, row: int) -> int | None:
        if 0 <= row < self._length and not self._is_heading(row):
            position = self._items_before(row)
            if position < self._count:
                return self._ids(position, position + 1)[0]
        return None

    def undated_at(self, row: int) -> int | None:
        if self._undated_row >= 0 and self._undated_row < row < self._length:
            return row - self._undated_row - 1
        return None

    def row_of_event(self, index: int) -> int:
        """The row showing event ``index``, or -1: one count query (none unfiltered)."""
        if not 0 <= index < self._store.total:
            return -1
        position = self._cached_position(index)
        if position is None and self._query.filtered:
            position = self._query.position(index)
        return -1 if position is None else self._row_of_position(position)

    def row_of_undated(self, index: int) -> int:
        if self._undated_row < 0 or not 0 <= index < len(self._undated):
            return -1
        return self._undated_row + 1 + index

    def first_item_row(self) -> int:
        # Every group has an item under its heading.
        return 1 if self._length else -1

    def item_row(self, row: int) -> int:
        if not self._length:
            return -1
        row = max(0, min(row, self._length - 1))
        if self._is_heading(row):
            below = row + 1
            row = below if below < self._length and not self._is_heading(below) else row - 1
            row = max(0, row)
        return row

    def step(self, row: int, delta: int) -> int:
        """The row ``delta`` item rows from ``row``, headings skipped, stopping at the ends:
        arithmetic on the headings' rows, nothing read."""
        items = self._count + (len(self._undated) if self._undated_row >= 0 else 0)
        if not -1 <= row <= self._length:  # as `RowModel.step`: off the rows, no move
            return row
        if delta > 0:
            first_after = self._items_before(row + 1)
            if first_after >= items:
                return row
            return self._row_of_item(min(first_after + delta - 1, items - 1))
        if delta < 0:
            before = self._items_before(row)
            if before == 0:
                return row
            return self._row_of_item(max(before + delta, 0))
        return row

    def jump(self, row: int, unit: JumpUnit, *, forward: bool) -> int | None:
        starts = self._starts[unit]
        if forward:
            position = bisect_right(starts, row)
            return starts[position] if position < len(starts) else None
        position = bisect_left(starts, row) - 1
        return starts[position] if position >= 0 else None

    def row_of_date(self, day: date) -> tuple[int, bool] | None:
        """The row of the first shown event starting on or after ``day`` and True; the last
        one and False when all start before; None with none: one count query."""
        if not self._count:
            return None
        position = self._query.position_of_day(day)
        return self._row_of_position(min(position, self._count - 1)), position < self._count

    # --------------------------------------------------------------- search

    @property
    def search(self) -> str:
        return self._search

    def _reset_hits(self) -> None:
        """The hits of the search in force among the rows now shown."""
        self._hits = self._query.hits(self._search) if self._search else None
        self._hit_count = None
        self._hit_blocks.clear()
        folded = self._search.casefold()
        self._undated_hits = (
            [j for j, item in enumerate(self._undated) if folded in item.sentence.text.casefold()]
            if folded and self._undated_row >= 0
            else []
        )

    def _event_hit_count(self) -> int:
        if self._hits is None:
            return 0
        if self._hit_count is None:
            self._hit_count = self._hits.count()
        return self._hit_count

    @property
    def hit_count(self) -> int:
        """How many rows the search hits (a count query, kept until the rows change)."""
        return self._event_hit_count() + len(self._undated_hits)

    def count_hits(self, cap: int) -> int:
        """The hits up to ``cap``: a query that stops counting there."""
        if self._hit_count is not None or self._hits is None:
            return min(self.hit_count, cap)
        undated = len(self._undated_hits)
        return min(self._hits.count(max(0, cap - undated)) + undated, cap)

    @property
    def hits(self) -> LazyInts:
        return LazyInts(lambda: self.hit_count, self._hit_rows)

    def _hit_rows(self, start: int, stop: int) -> list[int]:
        events = self._event_hit_count()
        out: list[int] = []
        if start < events and self._hits is not None:
            ids = self._hits.ids(min(stop, events) - start, start)
            out += [self.row_of_event(i) for i in ids]
        for k in range(max(start, events), stop):
            out.append(self.row_of_undated(self._undated_hits[k - events]))
        return out

    def set_search(self, needle: str) -> int:
        """Search for ``needle`` among the shown rows; the number of hits up to `HIT_CAP`
        (`hit_count` counts them all: a scan for a needle of 1 or 2 characters)."""
        self._search = needle.strip()
        self._reset_hits()
        return self.count_hits(HIT_CAP)

    def is_hit(self, row: int) -> bool:
        """Whether ``row`` is a hit: the hits among the block of rows around it, in one
        query, kept for the next rows drawn."""
        if self._hits is None and not self._undated_hits:
            return False
        undated = self.undated_at(row)
        if undated is not None:
            position = bisect_left(self._undated_hits, undated)
            return position < len(self._undated_hits) and self._undated_hits[position] == undated
        index = self.event_at(row)
        if index is None or self._hits is None:
            return False
        position = self._items_before(row)
        block = position // BLOCK
        found = self._hit_blocks.get(block)
        if found is None:
            ids = self._ids(block * BLOCK, block * BLOCK + BLOCK)
            found = self._hit_blocks[block] = self._hits.among(ids)
            if len(self._hit_blocks) > BLOCKS:
                self._hit_blocks.popitem(last=False)
        return index in found

    def _first_event_hit_from(self, row: int) -> int | None:
        """The row of the first event hit at or after ``row`` (no wrapping)."""
        position = self._events_before(row)
        if self._hits is None or position >= self._count:
            return None
        found = self._hits.first_from(self._ids(position, position + 1)[0])
        return None if found is None else self.row_of_event(found)

    def _last_event_hit_before(self, row: int) -> int | None:
        """The row of the last event hit before ``row`` (no wrapping)."""
        position = self._events_before(row)
        if self._hits is None or position == 0:
            return None
        bound = self._ids(position, position + 1)[0] if position < self._count else self.total
        found = self._hits.last_before(bound)
        return None if found is None else self.row_of_event(found)

    def _undated_hit_rows(self) -> list[int]:
        return [self.row_of_undated(j) for j in self._undated_hits]

    def hit_from(self, row: int) -> int | None:
        """The first hit at or after ``row``, wrapping to the first; None with no hits."""
        found = self._first_event_hit_from(row)
        if found is not None:
            return found
        undated = self._undated_hit_rows()
        position = bisect_left(undated, row)
        if position < len(undated):
            return undated[position]
        first = self._first_event_hit_from(0)
        if first is not None:
            return first
        return undated[0] if undated else None

    def next_hit(self, row: int) -> int | None:
        return self.hit_from(row + 1)

    def previous_hit(self, row: int) -> int | None:
        """The last hit before ``row``, wrapping to the last; None with no hits."""
        undated = self._undated_hit_rows()
        position = bisect_left(undated, row)
        if position > 0:
            return undated[position - 1]
        found = self._last_event_hit_before(row)
        if found is not None:
            return found
        if undated:
            return undated[-1]
        return self._last_event_hit_before(self._length)

    def hit_position(self, row: int, cap: int | None = None) -> int | None:
        """1-based number of the hit on ``row``, if ``row`` is one: a count query of the
        hits before it, stopping at ``cap`` (then ``cap + 1``)."""
        if not self.is_hit(row):
            return None
        undated = self.undated_at(row)
        if undated is not None:
            if cap is None or self._hits is None or self._hit_count is not None:
                events = self._event_hit_count()
            else:
                events = self._hits.count(cap)  # the event hits alone, up to the cap
            found = events + self._undated_hits.index(undated) + 1
            return found if cap is None else min(found, cap + 1)
        index = self.event_at(row)
        assert index is not None and self._hits is not None
        return self._hits.count_before(index, cap) + 1

    def hit_events(self) -> list[int]:
        """Every event the search hits, in row order (read in pages of `MAX_IDS`)."""
        if self._hits is None:
            return []
        out: list[int] = []
        while True:
            page = self._hits.ids(MAX_IDS, len(out))
            out += page
            if len(page) < MAX_IDS:
                return out
