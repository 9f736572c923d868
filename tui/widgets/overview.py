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

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.strip import Strip
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
    return _summed(steps, width)


def _summed(steps: list[float], width: int) -> list[float]:
    """The columns' counts from their steps (a count starts at ``+`` and ends after ``-``)."""
    counts: list[float] = []
    running = 0.0
    for step in steps[:width]:
        running += step
        # Rounding noise from the running sum must not draw a bar over an empty column.
        counts.append(running if running > 1e-9 else 0.0)
    return counts


def month_density(
    spans: Sequence[tuple[int, int, int]], first: date, last: date, width: int
) -> list[float]:
    """`density` from counts instead of events: ``spans`` are (start month, end month,
    events) with months as ``year * 12 + month - 1`` (the store's aggregates), each event
    taken to run from its start month's first day to its end month's last. O(spans + width)."""
    steps = [0.0] * (width + 1)
    total = max((last - first).days + 1, 1)
    origin = first.toordinal()
    top = width - 1
    for start, end, count in spans:
        begin = date(start // 12, start % 12 + 1, 1).toordinal()
        year, month = divmod(end + 1, 12)
        finish = date(year, month + 1, 1).toordinal() - 1
        lo = max(0, min(top, (begin - origin) * width // total))
        hi = max(lo, min(top, (finish - origin) * width // total))
        share = count / (hi - lo + 1)
        steps[lo] += share
        steps[hi + 1] -= share
    return _summed(steps, width)


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
        # (start month, end month, events) when the counts come from the store, else None.
        self.spans: Sequence[tuple[int, int, int]] | None = None
        self.span: tuple[date, date] | None = None
        self.cursor: Event | None = None
        self._counts: list[float] = []
        # What the axis says when there is nothing to draw (the main screen sets "reading
        # documents…" while a corpus loads).
        self.placeholder = "no dated events"
        self._counts_width = -1
        self._styles: dict[str, Style] = {}
        # The axis without the cursor, by (width, height), and the last lines drawn.
        self._plain: dict[tuple[int, int], list[list[tuple[str, Style]]]] = {}
        self._segments: dict[tuple[int, int], list[list[Segment]]] = {}
        self._lines: tuple[tuple[int, ...], list[Strip]] | None = None

    def set_data(
        self, events: Sequence[Event], indices: Sequence[int], span: tuple[date, date] | None
    ) -> None:
        """Draw the density of ``events[indices]`` over ``span`` (the whole corpus)."""
        self.events = events
        self.indices = indices
        self.spans = None
        self._redraw(span)

    def set_spans(
        self, spans: Sequence[tuple[int, int, int]], span: tuple[date, date] | None
    ) -> None:
        """Draw the density of events counted per (start month, end month) over ``span``:
        the store's aggregates (`timeline.store.events.EventQuery.month_spans`)."""
        self.events, self.indices = (), ()
        self.spans = spans
        self._redraw(span)

    def _redraw(self, span: tuple[date, date] | None) -> None:
        self.span = span
        self._counts_width = -1
        self._plain.clear()
        self._segments.clear()
        self._lines = None
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
        """Mark ``event`` on the axis; redrawn only if that moves the marks: at 100,000
        events some 850 share a column, and a cursor move between them changes nothing
        here (a refresh would also widen the screen's repaint to the axis's lines)."""
        if event is self.cursor:
            return
        before = self._marked_columns()
        self.cursor = event
        if self._marked_columns() != before:
            self.refresh()

    def _marked_columns(self) -> tuple[int, int]:
        axis = self._axis()
        width = self.content_region.width or self.size.width
        if axis is None or width < 4:
            return -1, -1
        return self._cursor_columns(*axis, width)

    def _axis(self) -> tuple[date, date] | None:
        """Whole years from the span's first to last, so labels sit on year boundaries."""
        if self.span is None:
            return None
        first, last = self.span
        return date(first.year, 1, 1), date(last.year, 12, 31)

    def notify_style_update(self) -> None:
        # Theme or CSS changed: the kept lines carry old colours.
        super().notify_style_update()
        self._styles.clear()
        self._plain.clear()
        self._segments.clear()
        self._lines = None

    def _style(self, name: str) -> Style:
        # Cached until the theme or CSS changes: looked up at every cursor move otherwise.
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = component_style(self, name)
        return style

    def _cursor_columns(self, first: date, last: date, width: int) -> tuple[int, int]:
        """The columns the cursor's event covers, (-1, -1) for none."""
        if self.cursor is None:
            return -1, -1
        return (
            column_of(self.cursor.start, first, last, width),
            column_of(self.cursor.end, first, last, width),
        )

    def _pieces(self, width: int, height: int) -> list[list[tuple[str, Style]]]:
        """The axis without the cursor, line by line: (text, style) pieces, one a column
        on the bar and tick lines, one for the labels."""
        axis = self._axis()
        assert axis is not None
        first, last = axis
        if self._counts_width != width:
            if self.spans is not None:
                self._counts = month_density(self.spans, first, last, width)
            else:
                self._counts = density(self.events, self.indices, first, last, width)
            self._counts_width = width
            self._plain.clear()
            self._segments.clear()
        key = (width, height)
        cached = self._plain.get(key)
        if cached is not None:
            return cached
        counts = self._counts
        peak = max(counts, default=0)
        bar = self._style("overview--bar")
        empty = self._style("overview--empty")
        log_peak = math.log1p(peak) if peak else 1.0
        line: list[tuple[str, Style]] = []
        for count in counts:
            if count:
                level = max(1, math.ceil(8 * math.log1p(count) / log_peak))
                line.append((BLOCKS[min(level, 8)], bar))
            else:
                # An empty slice of time shows as a faint baseline, not as nothing at all,
                # so the axis reads as continuous and its gaps as real gaps.
                line.append(("·", empty))
        lines = [line]
        if height >= 3:
            lines.append([("─", empty)] * width)
        if height >= 2:
            labels = [" "] * width
            for column, text in year_labels(first.year, last.year, width):
                for offset, char in enumerate(text):
                    if column + offset < width:
                        labels[column + offset] = char
            lines.append([("".join(labels), self._style("overview--label"))])
        self._plain[key] = lines = lines[:height]
        return lines

    def _with_cursor(
        self, pieces: list[list[tuple[str, Style]]], lo: int, hi: int
    ) -> list[list[tuple[str, Style]]]:
        """``pieces`` with the cursor's columns marked: on the bars, the first column in
        reverse (a "▏" where it is empty) and the rest of its span in the cursor's colour;
        on the ticks, a "▲" and "━" under them."""
        if lo < 0:
            return pieces
        cursor = self._style("overview--cursor")
        cover = self._style("overview--range")
        marked = [list(line) for line in pieces]
        bars = marked[0]
        char, style = bars[lo]
        bars[lo] = (char if self._counts[lo] else "▏", style + cursor)
        for column in range(lo + 1, hi + 1):
            char, style = bars[column]
            bars[column] = (char, style + cover)
        if len(marked) >= 3:
            ticks = marked[1]
            ticks[lo] = ("▲", cursor)
            for column in range(lo + 1, hi + 1):
                ticks[column] = ("━", cover)
        return marked

    def _axis_lines(self) -> list[list[tuple[str, Style]]] | None:
        """The lines to draw as (text, style) pieces, or None when there is no axis."""
        width = self.content_region.width or self.size.width
        axis = self._axis()
        if axis is None or width < 4:
            return None
        height = max(1, self.size.height)
        lo, hi = self._cursor_columns(*axis, width)
        return self._with_cursor(self._pieces(width, height), lo, hi)

    def render(self) -> Text:
        """The axis as text (the placeholder when there is none); drawn by `render_line`."""
        lines = self._axis_lines()
        if lines is None:
            return Text(self.placeholder, style=self._style("overview--label"))
        texts = []
        for pieces in lines:
            text = Text(no_wrap=True, end="")
            for char, style in pieces:
                text.append(char, style)
            texts.append(text)
        return Text("\n").join(texts)

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the axis, as Textual would draw `render`'s text (a segment a piece,
        each with its offset for text selection), but from kept segments: a cursor move
        restyles the few columns it marks instead of the whole axis."""
        width = self.content_region.width or self.size.width
        axis = self._axis()
        if axis is None or width < 4:
            return super().render_line(y)  # the placeholder, laid out by Textual
        height = max(1, self.size.height)
        lo, hi = self._cursor_columns(*axis, width)
        key = (width, height, lo, hi)
        if self._lines is None or self._lines[0] != key:
            pieces = self._pieces(width, height)
            plain = self._segments.get((width, height))
            if plain is None:
                plain = self._segments[(width, height)] = [
                    self._line_segments(line, row) for row, line in enumerate(pieces)
                ]
            base = self.rich_style
            strips = []
            for row, marked in enumerate(self._with_cursor(pieces, lo, hi)):
                segments = plain[row]
                if marked is not pieces[row]:
                    segments = list(segments)
                    x = 0
                    for column, piece in enumerate(marked):
                        if piece is not pieces[row][column]:
                            segments[column] = _segment(piece, base, x, row)
                        x += len(piece[0])
                strips.append(Strip(segments, width))
            self._lines = (key, strips)
        strips = self._lines[1]
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)

    def _line_segments(self, pieces: list[tuple[str, Style]], y: int) -> list[Segment]:
        base = self.rich_style
        segments = []
        x = 0
        for piece in pieces:
            segments.append(_segment(piece, base, x, y))
            x += len(piece[0])
        return segments


def _segment(piece: tuple[str, Style], base: Style, x: int, y: int) -> Segment:
    """What Textual draws for ``piece`` at ``x``, ``y`` of a widget whose style is ``base``:
    the piece over it, with its offset for text selection (as `Strip.apply_offsets` adds)."""
    text, style = piece
    return Segment(text, base + style + Style.from_meta({"offset": (x, y)}))
