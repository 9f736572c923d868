"""The overview axis: the corpus span to scale, event density per column, the cursor on it.

Columns are equal slices of *time*, not of rank: a corpus with events in 1988–1994 and 2011–
2022 shows the years between as empty columns. An event counts over its whole span, spread
evenly (a 1992–1994 war weighs a third of an event in each of its years), so a long range
neither piles up on its first day nor outweighs a day. Density is drawn with block
characters on a log scale, so one event is visible next to a thousand. Two lines (density,
year labels) in a short terminal; three (density, ticks with the cursor marker, labels) when
there is room.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from timeline.models import Event
from tui.widgets.styles import component_style

BLOCKS = " ▁▂▃▄▅▆▇█"
LABEL_STEPS = (1, 2, 5, 10, 20, 50, 100)


def column_of(day: date, first: date, last: date, width: int) -> int:
    """The column (0..width-1) of ``day`` on an axis from ``first`` to ``last`` inclusive."""
    total = (last - first).days + 1
    offset = (day - first).days
    return max(0, min(width - 1, offset * width // max(total, 1)))


def day_of_column(column: int, first: date, last: date, width: int) -> date:
    """The first day drawn in ``column``: the inverse of `column_of`."""
    total = (last - first).days + 1
    column = max(0, min(width - 1, column))
    return first + timedelta(days=-(-column * total // width))


def density(
    events: Sequence[Event], indices: Sequence[int], first: date, last: date, width: int
) -> list[float]:
    """How much of ``events[indices]`` falls in each of ``width`` columns: O(n + width).

    Each event weighs 1, shared equally by the columns its start..end covers, so the column
    sums add up to the number of events. A difference array keeps a decades-long range at
    O(1), which matters at 100,000 events.
    """
    steps = [0.0] * (width + 1)
    total = max((last - first).days + 1, 1)
    origin = first.toordinal()
    top = width - 1
    for i in indices:
        event = events[i]
        lo = max(0, min(top, (event.start.toordinal() - origin) * width // total))
        hi = max(lo, min(top, (event.end.toordinal() - origin) * width // total))
        share = 1.0 / (hi - lo + 1)
        steps[lo] += share
        steps[hi + 1] -= share
    counts: list[float] = []
    running = 0.0
    for step in steps[:width]:
        running += step
        # Rounding noise from the running sum must not draw a bar over an empty column.
        counts.append(running if running > 1e-9 else 0.0)
    return counts


def year_labels(first: int, last: int, width: int) -> list[tuple[int, str]]:
    """(column, text) of year labels that fit without touching, first and last year always."""
    span = last - first + 1
    if width < 10:
        return [(0, str(first))]
    per_year = width / span
    step = next((s for s in LABEL_STEPS if s * per_year >= 7), LABEL_STEPS[-1])
    labels = [(0, str(first))]
    end_label = (width - 4, str(last))
    year = (first // step + 1) * step
    while year < last:
        column = int((year - first) * per_year)
        if column >= labels[-1][0] + 6 and column + 4 <= end_label[0] - 2:
            labels.append((column, str(year)))
        year += step
    if last != first:
        labels.append(end_label)
    return labels


class Overview(Widget):
    """A proportional time axis over the whole corpus span."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "overview--bar",
        "overview--empty",
        "overview--cursor",
        "overview--range",
        "overview--label",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.events: Sequence[Event] = ()
        self.indices: Sequence[int] = ()
        self.span: tuple[date, date] | None = None
        self.cursor: Event | None = None
        self._counts: list[float] = []
        # What the axis says when there is nothing to draw (the main screen sets "reading
        # documents…" while a corpus loads).
        self.placeholder = "no dated events"
        self._counts_width = -1

    def set_data(
        self, events: Sequence[Event], indices: Sequence[int], span: tuple[date, date] | None
    ) -> None:
        """Draw the density of ``events[indices]`` over ``span`` (the whole corpus)."""
        self.events = events
        self.indices = indices
        self.span = span
        self._counts_width = -1
        self.refresh()

    class DateClicked(Message):
        """The axis was clicked: go to ``day``, the first day the clicked column covers."""

        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    def on_click(self, event: events.Click) -> None:
        axis = self._axis()
        offset = event.get_content_offset(self)
        width = self.content_region.width
        if axis is None or offset is None or width <= 0:
            return
        self.post_message(self.DateClicked(day_of_column(offset.x, *axis, width)))

    def set_cursor(self, event: Event | None) -> None:
        if event is not self.cursor:
            self.cursor = event
            self.refresh()

    def _axis(self) -> tuple[date, date] | None:
        """Whole years from the span's first to last, so labels sit on year boundaries."""
        if self.span is None:
            return None
        first, last = self.span
        return date(first.year, 1, 1), date(last.year, 12, 31)

    def render(self) -> Text:
        width = self.content_region.width or self.size.width
        height = max(1, self.size.height)
        axis = self._axis()
        if axis is None or width < 4:
            return Text(self.placeholder, style=component_style(self, "overview--label"))
        first, last = axis
        if self._counts_width != width:
            self._counts = density(self.events, self.indices, first, last, width)
            self._counts_width = width
        counts = self._counts
        peak = max(counts, default=0)
        bar = component_style(self, "overview--bar")
        empty = component_style(self, "overview--empty")
        cursor = component_style(self, "overview--cursor")
        cover = component_style(self, "overview--range")
        label_style = component_style(self, "overview--label")

        lo = hi = -1
        if self.cursor is not None:
            lo = column_of(self.cursor.start, first, last, width)
            hi = column_of(self.cursor.end, first, last, width)

        line = Text(no_wrap=True, end="")
        log_peak = math.log1p(peak) if peak else 1.0
        for column, count in enumerate(counts):
            if count:
                level = max(1, math.ceil(8 * math.log1p(count) / log_peak))
                char, style = BLOCKS[min(level, 8)], bar
            else:
                # An empty slice of time shows as a faint baseline, not as nothing at all,
                # so the axis reads as continuous and its gaps as real gaps.
                char, style = "·", empty
            if column == lo:
                style = style + cursor
                char = char if count else "▏"
            elif lo < column <= hi:
                style = style + cover
            line.append(char, style)

        lines = [line]
        if height >= 3:
            ticks = Text(no_wrap=True, end="")
            for column in range(width):
                if column == lo:
                    ticks.append("▲", cursor)
                elif lo < column <= hi:
                    ticks.append("━", cover)
                else:
                    ticks.append("─", empty)
            lines.append(ticks)
        if height >= 2:
            labels = [" "] * width
            for column, text in year_labels(first.year, last.year, width):
                for offset, char in enumerate(text):
                    if column + offset < width:
                        labels[column + offset] = char
            lines.append(Text("".join(labels), style=label_style, no_wrap=True, end=""))
        return Text("\n").join(lines[:height])
