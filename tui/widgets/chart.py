"""The chart view (c): the shown events per month or year, stacked by event type or actor.

It draws a `tui.chart_model.Chart` with block characters, one column per period: a column's
whole cells carry its series' letter in reverse video (so the stack reads without colour, in
monochrome too), and its top cell is a partial block (▁ to █) in the top series' colour. The
scale is linear from 0 to the tallest period. When the periods do not fit the width (decades
of months), the chart scrolls horizontally with its cursor; ◀ and ▶ say more lies that way.

Under the bars: a ▲ under the cursor's period (and a • under each period with search hits),
year labels, the legend, and the cursor period's counts. Enter asks the main screen to put
the timeline's cursor on the period's first shown event.
"""

from __future__ import annotations

import asyncio
import math
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate, pairwise
from typing import ClassVar, Self

from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual.binding import BindingType
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.widget import Widget

from timeline.models import Event
from tui.chart_model import (
    ACLED_TYPES,
    NONE,
    OTHER,
    Chart,
    ChartData,
    EventsChartData,
    Granularity,
    Stacking,
    bin_events,
    by_year,
    finish,
)
from tui.keys import CHART_KEYS
from tui.widgets.safe import clean_line
from tui.widgets.styles import component_style

BLOCKS = " ▁▂▃▄▅▆▇█"
MAX_COLUMN = 4  # cells per period at most (a bar of 3 and a gap), however few the periods
TYPE_LOOK = {  # ACLED type: (letter, colour), colours that hold in 256 colours
    "Battles": ("B", "red3"),
    "Explosions/Remote violence": ("E", "dark_orange3"),
    "Violence against civilians": ("V", "magenta3"),
    "Protests": ("P", "dodger_blue2"),
    "Riots": ("R", "gold3"),
    "Strategic developments": ("S", "green3"),
}
ACTOR_COLOURS = ("dodger_blue2", "red3", "green3", "gold3", "magenta3", "dark_orange3")
EXTRA_LOOK = (("X", "cyan3"), ("Y", "orchid"), ("Z", "light_slate_blue"))
OTHER_LOOK = ("+", "grey70")
NONE_LOOK = ("·", "grey50")
assert set(TYPE_LOOK) == set(ACLED_TYPES)


def series_look(chart: Chart) -> list[tuple[str, str]]:
    """(letter, colour) of each series: types by their initial, actors by rank 1..n."""
    looks: list[tuple[str, str]] = []
    extra = 0
    for k, name in enumerate(chart.series):
        if name == NONE:
            looks.append(NONE_LOOK)
        elif name == OTHER and chart.stacking == "actor":
            looks.append(OTHER_LOOK)
        elif chart.stacking == "actor":
            looks.append((str(k + 1), ACTOR_COLOURS[k % len(ACTOR_COLOURS)]))
        elif name in TYPE_LOOK:
            looks.append(TYPE_LOOK[name])
        else:
            looks.append(EXTRA_LOOK[extra % len(EXTRA_LOOK)])
            extra += 1
    return looks


class ChartView(Widget, can_focus=True):
    """Stacked bars of the shown events per period, with a period cursor."""

    BINDINGS: ClassVar[list[BindingType]] = CHART_KEYS

    COMPONENT_CLASSES: ClassVar[set[str]] = {"chart--label", "chart--cursor", "chart--title"}

    class GoTo(Message):
        """Put the timeline's cursor on event ``index`` (and close the chart)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Closed(Message):
        """The user closed the chart (q or escape)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: ChartData = EventsChartData((), ())
        self.hits: Sequence[int] = ()  # search hits, event indices
        self._hit_counts: list[int] = []  # per period
        self.granularity: Granularity = "year"
        self.stacking: Stacking = "type"
        self.chart = bin_events((), ())
        self.cursor = 0  # position in chart.periods
        self._offset = 0  # the first period drawn
        self._anchor: int | None = None  # the month of the timeline's cursor on opening
        self._months: dict[Stacking, Chart] = {}  # month charts of the shown events
        self.counting = False  # the chart shown is being read in a thread (empty meanwhile)
        self._reading: tuple[ChartData, Stacking] | None = None  # what that thread reads
        # Drawing (`render_line`): the lines of the last render() as strips, and each line
        # ever drawn by its content, so a cursor move converts only the lines it changed.
        self._drawn: tuple[int, int, list[Strip]] | None = None
        self._line_strips: dict[tuple[object, ...], Strip] = {}
        self._visual_styles: dict[Style, VisualStyle] = {}

    # ------------------------------------------------------------------- data

    def set_data(
        self,
        events: Sequence[Event],
        shown: Sequence[int],
        *,
        cursor_event: int | None,
        hits: Sequence[int] = (),
    ) -> None:
        """Chart ``events[shown]``, the cursor on the period of ``cursor_event`` (if shown),
        else on the period it was on; ``hits`` (search hits) are marked per period."""
        self.set_source(EventsChartData(events, shown), cursor_event=cursor_event, hits=hits)

    def set_source(
        self, data: ChartData, *, cursor_event: int | None, hits: Sequence[int] = ()
    ) -> None:
        """Chart what ``data`` holds (events in memory, or the store's aggregates), as
        `set_data` does."""
        self.data, self.hits = data, hits
        month = self._cursor_month()
        found = data.month_of(cursor_event) if cursor_event is not None else None
        if found is not None:
            month = found
        self._anchor = month
        self._months.clear()
        self._rebin(month)
        self._prebin()

    def _prebin(self) -> None:
        """Bin the other stacking in the background, so that ``s`` finds it ready (binning
        100,000 events by actor takes about half a second); ``s`` pressed before bins it
        itself. The binning runs on the event loop in steps of `CHUNK` events, never in a
        thread: a thread holding the GIL for half a second doubled the time of the keys
        pressed meanwhile (m: 50 ms), while a key waits here for one step at most."""
        other: Stacking = "actor" if self.stacking == "type" else "type"
        if other in self._months or self.data.empty:
            return
        data = self.data
        if data.threaded:  # SQL over the store: the query lets go of the interpreter

            def read() -> None:
                chart = finish(data.binning(other))
                self.app.call_from_thread(self._prebinned, data, other, chart)

            self.run_worker(
                read, thread=True, exclusive=True, group="chart-prebin", exit_on_error=False
            )
            return

        async def work() -> None:
            steps = data.binning(other)
            while True:
                try:
                    next(steps)
                except StopIteration as done:
                    self._prebinned(data, other, done.value)
                    return
                await asyncio.sleep(0)

        self.run_worker(work(), exclusive=True, group="chart-prebin")

    def _prebinned(self, data: ChartData, stacking: Stacking, chart: Chart) -> None:
        # Kept only if the chart still shows what was binned.
        if data is self.data:
            self._months.setdefault(stacking, chart)

    def _cursor_month(self) -> int | None:
        """The month (months since year 0) the cursor is on: in a year, its first event's."""
        chart = self.chart
        if not chart.periods:
            return None
        if chart.granularity == "month":
            return chart.periods[self.cursor]
        year = chart.periods[self.cursor]
        if self._anchor is not None and self._anchor // 12 == year:
            return self._anchor  # still the year of the timeline's cursor: its month
        first = chart.firsts[self.cursor]
        month = self.data.month_of(first) if first is not None else None
        return month if month is not None else year * 12

    def _binned(self) -> Chart:
        """The chart for the current mode: one pass over the events per stacking, kept until
        the shown events change; a year chart is its month chart folded. A chart of the
        store that is not `ChartData.quick` is read in a thread (`counting`: empty until
        then), never on the event loop: seconds at a million events under a filter."""
        self.counting = False
        months = self._months.get(self.stacking)
        if months is None and self.data.threaded and not self.data.quick(self.stacking):
            self.counting = True
            if self._reading != (self.data, self.stacking):
                self._reading = (self.data, self.stacking)
                self._count(self.data, self.stacking)
            return Chart(self.granularity, self.stacking, [], [], [], [])
        if months is None:
            months = finish(self.data.binning(self.stacking))
            self._months[self.stacking] = months
        return months if self.granularity == "month" else by_year(months)

    def _count(self, data: ChartData, stacking: Stacking) -> None:
        def read() -> None:
            try:
                chart = finish(data.binning(stacking))
            except Exception as exc:  # the store gone or replaced (`StaleChart`): say so
                self.app.call_from_thread(self._count_failed, data, stacking, str(exc))
                return
            self.app.call_from_thread(self._counted, data, stacking, chart)

        self.run_worker(read, thread=True, exclusive=True, group="chart-count", exit_on_error=False)

    def _count_failed(self, data: ChartData, stacking: Stacking, why: str) -> None:
        if self._reading == (data, stacking):
            self._reading = None
        if data is self.data and self.counting and self.stacking == stacking:
            self.counting = False
            self.refresh()
            self.notify(f"Could not count the chart: {why}", severity="warning")

    def _counted(self, data: ChartData, stacking: Stacking, chart: Chart) -> None:
        if self._reading == (data, stacking):
            self._reading = None
        if data is not self.data:
            return  # the shown events changed meanwhile: their own count is under way
        self._months.setdefault(stacking, chart)
        if self.counting and self.stacking == stacking:
            self._rebin(self._anchor)

    def follow(self, event: int | None) -> None:
        """Put the cursor on the period of event ``event`` (the timeline's cursor)."""
        month = self.data.month_of(event) if event is not None else None
        if month is None or not self.chart.periods:
            return
        self._anchor = month
        self._offset = -1  # a jump: centred
        self._move(self.chart.position_of(month if self.granularity == "month" else month // 12))

    def set_hits(self, hits: Sequence[int]) -> None:
        """Mark these search hits (event indices) per period."""
        self.hits = hits
        self._hit_counts = self.data.hits_per_period(self.chart, hits)
        self.refresh()

    def _rebin(self, month: int | None) -> None:
        self.chart = self._binned()
        self._hit_counts = self.data.hits_per_period(self.chart, self.hits)
        if month is not None and self.chart.periods:
            period = month if self.granularity == "month" else month // 12
            self.cursor = self.chart.position_of(period)
        else:
            self.cursor = 0
        self._offset = -1  # centre the cursor on the next draw
        self.refresh()

    # ---------------------------------------------------------------- actions

    def _move(self, position: int) -> None:
        if not self.chart.periods:
            return
        self.cursor = max(0, min(len(self.chart.periods) - 1, position))
        self.refresh()

    def action_previous_period(self) -> None:
        self._move(self.cursor - 1)

    def action_next_period(self) -> None:
        self._move(self.cursor + 1)

    def action_first_period(self) -> None:
        self._move(0)

    def action_last_period(self) -> None:
        self._move(len(self.chart.periods) - 1)

    def action_toggle_granularity(self) -> None:
        month = self._cursor_month()
        self.granularity = "year" if self.granularity == "month" else "month"
        self._rebin(month)

    def action_toggle_stacking(self) -> None:
        month = self._cursor_month()
        self.stacking = "actor" if self.stacking == "type" else "type"
        self._rebin(month)

    def action_go_to_period(self) -> None:
        chart = self.chart
        if self.counting:
            self.notify("Still counting the shown events.")
            return
        if not chart.periods:
            self.notify("No events shown; x clears the filters.")
            return
        first = chart.firsts[self.cursor]
        if first is None:
            self.notify(f"No events in {chart.label(self.cursor)}.")
            return
        self.post_message(self.GoTo(first))

    def action_close(self) -> None:
        self.post_message(self.Closed())

    # ---------------------------------------------------------------- drawing

    def period_line(self, width: int) -> Text:
        """The cursor period's counts: "May 1992: 14 events — B Battles 6, · none 5"."""
        chart = self.chart
        if self.counting:
            return Text("Counting the shown events…")
        if not chart.periods:
            return Text("No events shown: x clears the filters.")
        counts = chart.counts[self.cursor]
        total = sum(counts)
        noun = "event" if total == 1 else "events"
        head = f"{chart.label(self.cursor)}: {total} {noun}"
        if self.hits:
            found = self._hit_counts[self.cursor]
            head += f" ({found} search {'hit' if found == 1 else 'hits'})"
        looks = series_look(chart)
        parts = [(k, n) for k, n in enumerate(counts) if n]
        # Full series names if they fit, else their first words (cut short), else letters.
        for naming in ("full", "short", "cut", "letter"):
            line = Text(head, style="bold", no_wrap=True, end="")
            for number, (k, n) in enumerate(parts):
                letter, colour = looks[k]
                line.append(" — " if number == 0 else ", ")
                line.append(letter, Style(color=colour, bold=True))
                name = clean_line(chart.series[k])
                if naming in ("short", "cut"):
                    name = name.replace("/", " ").split()[0]
                if naming == "cut" and len(name) > 6:
                    name = name[:5] + "…"
                line.append(f" {name} {n}" if naming != "letter" else f": {n}")
            if line.cell_len <= width:
                return line
        line.truncate(width, overflow="ellipsis")
        return line

    def legend(self, width: int) -> list[Text]:
        """The series, each with its letter in reverse video in its colour, packed in lines."""
        chart = self.chart
        lines = [Text(no_wrap=True, end="")]
        for (letter, colour), name in zip(series_look(chart), chart.series, strict=True):
            item = Text(no_wrap=True, end="")
            item.append(letter, Style(color=colour, reverse=True, bold=True))
            item.append(" ")
            item.append(clean_line(name), Style(color=colour))
            current = lines[-1]
            gap = 2 if current.cell_len else 0
            if current.cell_len + gap + item.cell_len > width and current.cell_len:
                lines.append(item)
            else:
                current.append(" " * gap)
                current.append_text(item)
        for line in lines:
            line.truncate(width, overflow="ellipsis")
        return lines

    def _layout(self, width: int) -> tuple[int, int, int]:
        """(gutter, cells per period, periods drawn), the window following the cursor."""
        chart = self.chart
        peak = max(chart.totals, default=0)
        gutter = len(str(peak)) + 1
        room = max(1, width - gutter - 1)  # the last cell for ▶
        per = max(1, min(MAX_COLUMN, room // max(1, len(chart.periods))))
        visible = max(1, room // per)
        count = len(chart.periods)
        if self._offset < 0:  # centred on the cursor
            self._offset = self.cursor - visible // 2
        if self.cursor < self._offset:
            self._offset = self.cursor
        elif self.cursor >= self._offset + visible:
            self._offset = self.cursor - visible + 1
        self._offset = max(0, min(self._offset, count - visible))
        return gutter, per, min(visible, count)

    def render(self) -> Text:
        width = self.content_region.width or self.size.width
        height = self.content_region.height or self.size.height
        chart = self.chart
        label_style = component_style(self, "chart--label")
        title_style = component_style(self, "chart--title")
        cursor_style = component_style(self, "chart--cursor")
        by = "event type" if chart.stacking == "type" else "actor"
        shown = "counting…" if self.counting else f"{sum(chart.totals)} events"
        title = Text(
            f"Shown events per {chart.granularity}, by {by} · {shown}",
            style=title_style,
            no_wrap=True,
            end="",
        )
        title.truncate(width, overflow="ellipsis")
        if not chart.periods or width < 10:
            return Text("\n").join([title, Text(""), self.period_line(width)])
        legend = self.legend(width)
        status = self.period_line(width)
        bars_height = max(1, height - 4 - len(legend))
        gutter, per, visible = self._layout(width)
        first = self._offset
        bar_width = per - 1 if per > 1 else 1
        totals = chart.totals
        peak = max(totals)
        looks = series_look(chart)
        # Per drawn column: height in eighths of a cell, and the stack's boundaries in eighths.
        stacks: list[tuple[int, list[int]]] = []
        for position in range(first, first + visible):
            total = totals[position]
            if not total:
                stacks.append((0, []))
                continue
            eighths = math.ceil(total * bars_height * 8 / peak)
            bounds = [round(c * eighths / total) for c in accumulate(chart.counts[position])]
            stacks.append((eighths, bounds))
        # Per series: the style of its whole cells and of its partial top cell.
        whole = [Style(color=colour, reverse=True, bold=True) for _, colour in looks]
        part = [Style(color=colour) for _, colour in looks]
        gap = " " if per > 1 else ""
        rows: list[Text] = []
        for row in range(bars_height - 1, -1, -1):  # top row first
            # The Text that appending each cell would make (a span per styled cell), built
            # at once: some 2,000 appends a draw otherwise.
            axis = (str(peak) if row == bars_height - 1 else "").rjust(gutter - 1) + " "
            parts = [axis]
            spans = [Span(0, len(axis), label_style)] if label_style else []
            offset = len(axis)
            for column, (eighths, bounds) in enumerate(stacks):
                bottom = row * 8
                is_cursor = first + column == self.cursor
                style: Style | None
                if eighths <= bottom:
                    cell, style = ("┊", cursor_style) if is_cursor else (" ", None)
                else:
                    filled = min(8, eighths - bottom)
                    middle = bottom + filled // 2
                    k = min(bisect_right(bounds, middle), len(bounds) - 1)
                    if filled == 8:
                        cell, style = looks[k][0], whole[k]
                    else:
                        cell, style = BLOCKS[filled], part[k]
                parts.append(cell * bar_width)
                if style:
                    spans.append(Span(offset, offset + bar_width, style))
                parts.append(gap)
                offset += bar_width + len(gap)
            rows.append(Text("".join(parts), spans=spans, no_wrap=True, end=""))
        # The cursor marker, with ◀ ▶ when periods lie outside the window.
        marker = [" "] * width
        for column in range(visible):  # a dot under each period with search hits
            if self.hits and self._hit_counts[first + column]:
                marker[gutter + column * per] = "•"
        at = gutter + (self.cursor - first) * per
        for x in range(at, min(width, at + bar_width)):
            marker[x] = "▲"
        if first > 0:
            marker[0] = "◀"
        if first + visible < len(chart.periods):
            marker[width - 1] = "▶"
        rows.append(Text("".join(marker), style=cursor_style, no_wrap=True, end=""))
        rows.append(self._labels(width, gutter, per, first, visible, label_style))
        return Text("\n").join([title, *rows, *legend, status])

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        self._drawn = None  # what is drawn changed: render() again at the next paint
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn = None
        self._line_strips.clear()
        self._visual_styles.clear()

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of `render`'s text, drawn as Textual draws a Text (`Content`: a
        segment between span boundaries, over the widget's style, with offsets for text
        selection), but line by line from kept strips: a period move changes the cursor's
        columns, the marker and the counts line, and only those lines are converted again
        (the whole chart's Text went through Textual's layout at every key: ~9 ms)."""
        width = self.content_region.width or self.size.width
        height = self.content_region.height or self.size.height
        if not self.chart.periods or width < 10:
            return super().render_line(y)  # the message, laid out by Textual
        drawn = self._drawn
        if drawn is None or drawn[:2] != (width, height):
            drawn = self._drawn = (width, height, self._strips())
        strips = drawn[2]
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)

    def _strips(self) -> list[Strip]:
        text = self.render()
        if len(self._line_strips) > 4096:
            self._line_strips.clear()
        base = self.visual_style
        strips = []
        for y, line in enumerate(text.split("\n", allow_blank=True)):
            spans = tuple(line.spans)
            key = (y, line.plain, line.style, spans)
            strip = self._line_strips.get(key)
            if strip is None:
                strip = self._line_strips[key] = self._line_strip(line, y, base)
            strips.append(strip)
        return strips

    def _visual(self, style: Style | str) -> VisualStyle:
        """A span's style as Textual takes it from a Rich Text (`Content.from_rich_text`)."""
        if isinstance(style, str):
            style = self.app.console.get_style(style)
        visual = self._visual_styles.get(style)
        if visual is None:
            visual = VisualStyle.from_rich_style(style, self.app.ansi_theme)
            self._visual_styles[style] = visual
        return visual

    def _line_strip(self, line: Text, y: int, base: VisualStyle) -> Strip:
        """One line as `Content.render` and `to_strip` draw it: a segment between each two
        span boundaries, in the base style plus the spans over it (in their order)."""
        plain = line.plain
        spans = [Span(0, len(plain), line.style)] if line.style else []
        spans.extend(line.spans)
        styles = [base, *(self._visual(span.style) for span in spans)]
        marks = sorted(
            [
                (0, False, 0),
                *((span.start, False, i) for i, span in enumerate(spans, 1)),
                *((span.end, True, i) for i, span in enumerate(spans, 1)),
                (len(plain), True, 0),
            ],
            key=lambda mark: (mark[0], mark[1]),
        )
        stack: list[int] = []
        combined: dict[tuple[int, ...], VisualStyle] = {}
        segments = []
        for (offset, leaving, index), (following, _, _) in pairwise(marks):
            if leaving:
                stack.remove(index)
            else:
                stack.append(index)
            if following > offset:
                key = tuple(sorted(stack))
                style = combined.get(key)
                if style is None:
                    style = combined[key] = VisualStyle.combine(styles[i] for i in key)
                drawn = (base + style).rich_style_with_offset(offset, y)
                segments.append(Segment(plain[offset:following], drawn))
        return Strip(segments, line.cell_len)

    def _labels(
        self, width: int, gutter: int, per: int, first: int, visible: int, style: Style
    ) -> Text:
        """Year labels under the periods that start a year, none touching the next."""
        chart = self.chart
        cells = [" "] * width
        free = 0
        # Round years, as many as fit: every year, or every 2nd, 5th, 10th, ...
        step = next((s for s in (1, 2, 5, 10, 20, 50, 100) if s * per >= 5), 100)
        for column in range(visible):
            period = chart.periods[first + column]
            if chart.granularity == "month":
                year, month = divmod(period, 12)
                if month:  # a year is labelled where it starts
                    continue
            else:
                year = period
                if year % step:
                    continue
            text = str(year)
            x = gutter + column * per
            if x < free or x + len(text) > width:
                continue
            cells[x : x + len(text)] = text
            free = x + len(text) + 1
        return Text("".join(cells), style=style, no_wrap=True, end="")
