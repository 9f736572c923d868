"""The timeline list: events under year or decade headings, drawn with Textual's Line API.

Like toolong's log view, this is one `ScrollView` whose `render_line(y)` draws only the rows
on screen; there is no widget per row, so 100,000 events open and scroll like 20. Each row is
cached as a `Strip` in an LRU keyed by everything that changes how it looks (row, cursor,
selected, search term, width, focus), so a cursor move redraws two rows.

The row index is a flat ``list[int]`` rebuilt in O(n) per filter change:

* ``i >= 0`` and below ``UNDATED_BASE`` is event ``i`` of ``timeline.events``;
* ``UNDATED_BASE + j`` is ``timeline.undated[j]``, in the last group, "Undated";
* ``-(h + 1)`` is heading ``h`` (a year, a decade, or "Undated").
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Literal

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from timeline.models import Actor, ActorKind, Event, UndatedExpression
from timeline.timeline import Timeline
from tui.keys import MOVE_KEYS, SELECT_KEYS
from tui.widgets.safe import clean_line, safe_text
from tui.widgets.styles import component_style

UNDATED_BASE = 1 << 40
HeadingMode = Literal["year", "decade"]

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


def actor_tag(actor: Actor) -> str:
    """The short name of an actor for a tag: a person by surname, others by name (control
    characters made visible: a name comes from the gazetteer or the article)."""
    name = clean_line(actor.name)
    if actor.kind is ActorKind.PERSON and " " in name:
        return name.rsplit(" ", 1)[-1]
    return name


def short_tag(name: str, limit: int = 12) -> str:
    """A compact actor tag: the name, cut with an ellipsis when longer than ``limit``."""
    return name if len(name) <= limit else name[: limit - 1] + "…"


class TimelineView(ScrollView, can_focus=True):
    """Chronological rows with a cursor, a selection and search hits."""

    BINDINGS: ClassVar[list[BindingType]] = [*MOVE_KEYS, *SELECT_KEYS]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--cursor",
        "timeline--cursor-blurred",
        "timeline--heading",
        "timeline--label",
        "timeline--tag",
        "timeline--hit",
        "timeline--mark",
        "timeline--undated",
    }

    class CursorMoved(Message):
        """The row under the cursor changed (or the rows were rebuilt)."""

        def __init__(self, event: Event | None, undated: UndatedExpression | None) -> None:
            super().__init__()
            self.event = event
            self.undated = undated

    class SelectionChanged(Message):
        """The set of selected events changed."""

        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    class RowsRebuilt(Message):
        """The shown rows changed: a new timeline, filter or heading mode."""

    def __init__(
        self,
        timeline: Timeline | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.timeline = timeline if timeline is not None else Timeline([])
        self.shown: list[int] = list(range(len(self.timeline.events)))
        self.show_undated = True
        self.rows: list[int] = []
        self.headings: list[Heading] = []
        self.heading_mode: HeadingMode = "year"
        self.cursor_row = -1
        self.selected: set[int] = set()
        self.search = ""
        self.hits: list[int] = []  # row numbers of search hits, ascending
        self._shown_rows: list[int] = []  # row of each shown event, parallel to ``shown``
        self._year_rows: list[int] = []  # first event row of each year, ascending
        self._decade_rows: list[int] = []
        self._label_width = LABEL_MIN
        self._generation = 0  # bumped when rows or styles change; part of every cache key
        self._built = False
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(2048)
        self._styles: dict[str, Style] = {}
        self._years: list[int] = [e.start.year for e in self.timeline.events]

    # ------------------------------------------------------------------ data

    def set_timeline(self, timeline: Timeline) -> None:
        """Show a new timeline, everything unfiltered, the cursor on its first event."""
        self.timeline = timeline
        self._years = [e.start.year for e in timeline.events]
        self.selected.clear()
        self.search = ""
        self.hits = []
        self.set_shown(list(range(len(timeline.events))), show_undated=True)

    def set_shown(self, shown: list[int], *, show_undated: bool) -> None:
        """Show only events ``shown`` (indices into ``timeline.events``, ascending)."""
        current = self.current_event_index
        self.shown = shown
        self.show_undated = show_undated
        self._rebuild(keep=current)

    def _choose_mode(self) -> HeadingMode:
        if not self.shown or not self.size.height:
            return self.heading_mode
        years = self._years
        span = years[self.shown[-1]] - years[self.shown[0]]
        if span >= DECADES_SPAN and self.size.height < SHORT_PANE:
            return "decade"
        return "year"

    def _rebuild(self, *, keep: int | None = None) -> None:
        """Rebuild the row index in one pass over the shown events: O(n)."""
        mode = self._choose_mode()
        self.heading_mode = mode
        years = self._years
        events = self.timeline.events
        rows: list[int] = []
        shown_rows: list[int] = []
        headings: list[Heading] = []
        year_rows: list[int] = []
        decade_rows: list[int] = []
        heading: Heading | None = None
        previous_year: int | None = None
        previous_decade: int | None = None
        longest = LABEL_MIN
        for index in self.shown:
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
        if self.show_undated and self.timeline.undated:
            headings.append(Heading("Undated", len(self.timeline.undated)))
            rows.append(-len(headings))
            rows.extend(range(UNDATED_BASE, UNDATED_BASE + len(self.timeline.undated)))
        self.rows = rows
        self.headings = headings
        self._shown_rows = shown_rows
        self._year_rows = year_rows
        self._decade_rows = decade_rows
        self._label_width = min(longest, LABEL_MAX)
        self._generation += 1
        self._built = True
        self._cache.clear()
        self.hits = self._find_hits(self.search) if self.search else []
        self.virtual_size = Size(0, len(rows))
        self.cursor_row = self._row_of_event(keep) if keep is not None else -1
        if self.cursor_row < 0:
            self.cursor_row = self._first_item_row()
        self.refresh()
        self._scroll_to_cursor(center=True)
        self.post_message(self.RowsRebuilt())
        self._announce_cursor()

    def _row_of_event(self, index: int) -> int:
        """The row showing event ``index``, or -1 when it is not shown."""
        position = bisect_left(self.shown, index)
        if position == len(self.shown) or self.shown[position] != index:
            return -1
        return self._shown_rows[position]

    def _first_item_row(self) -> int:
        for row, value in enumerate(self.rows[:3]):
            if value >= 0:
                return row
        return next((r for r, v in enumerate(self.rows) if v >= 0), -1)

    # ------------------------------------------------------------ properties

    @property
    def current_event_index(self) -> int | None:
        """Index into ``timeline.events`` of the event under the cursor (None on undated)."""
        if 0 <= self.cursor_row < len(self.rows):
            value = self.rows[self.cursor_row]
            if 0 <= value < UNDATED_BASE:
                return value
        return None

    @property
    def current_event(self) -> Event | None:
        index = self.current_event_index
        return None if index is None else self.timeline.events[index]

    @property
    def current_undated(self) -> UndatedExpression | None:
        if 0 <= self.cursor_row < len(self.rows):
            value = self.rows[self.cursor_row]
            if value >= UNDATED_BASE:
                return self.timeline.undated[value - UNDATED_BASE]
        return None

    @property
    def shown_events(self) -> list[Event]:
        events = self.timeline.events
        return [events[i] for i in self.shown]

    @property
    def selected_events(self) -> list[Event]:
        """The selected events in chronological order (selection survives filters)."""
        events = self.timeline.events
        return [events[i] for i in sorted(self.selected)]

    @property
    def page_height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    # ---------------------------------------------------------------- cursor

    def move_cursor(self, row: int, *, reveal_heading: bool = False) -> None:
        """Put the cursor on ``row`` (clamped onto an item row), scrolling it into view."""
        if not self.rows:
            return
        row = max(0, min(row, len(self.rows) - 1))
        if self.rows[row] < 0:  # a heading: the cursor rests on items only
            below = row + 1
            row = below if below < len(self.rows) and self.rows[below] >= 0 else max(0, row - 1)
        if row == self.cursor_row:
            return
        previous = self.cursor_row
        self.cursor_row = row
        if previous >= 0:
            self.refresh_line(previous)
        self.refresh_line(row)
        self._scroll_to_cursor(reveal_heading=reveal_heading)
        self._announce_cursor()

    def _scroll_to_cursor(self, *, center: bool = False, reveal_heading: bool = False) -> None:
        height = self.page_height
        row = self.cursor_row
        top = row - 1 if reveal_heading and row > 0 and self.rows[row - 1] < 0 else row
        y = self.scroll_offset.y
        if center and not (y <= row < y + height):
            self.scroll_to(y=max(0, row - height // 2), animate=False, immediate=True)
        elif top < y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif row >= y + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    def _announce_cursor(self) -> None:
        self.post_message(self.CursorMoved(self.current_event, self.current_undated))

    def _step(self, delta: int) -> None:
        """Move ``delta`` item rows, skipping headings."""
        rows = self.rows
        row = self.cursor_row
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
        self.move_cursor(row)

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_page_down(self) -> None:
        target = min(self.cursor_row + self.page_height, len(self.rows) - 1)
        self.scroll_to(y=self.scroll_offset.y + self.page_height, animate=False, immediate=True)
        self.move_cursor(target)

    def action_page_up(self) -> None:
        target = max(self.cursor_row - self.page_height, 0)
        self.scroll_to(y=self.scroll_offset.y - self.page_height, animate=False, immediate=True)
        self.move_cursor(target)

    def action_first(self) -> None:
        self.move_cursor(0, reveal_heading=True)
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_last(self) -> None:
        self.move_cursor(len(self.rows) - 1)

    def _jump(self, starts: list[int], forward: bool, unit: str) -> None:
        """Go to the next (or this or the previous) group start; say so when there is none."""
        row = self.cursor_row
        if forward:
            position = bisect_right(starts, row)
            if position == len(starts):
                self.notify(f"No next {unit}: this is the last {unit} shown.")
                return
        else:
            # Back to the start of this group, or to the previous group from its first row.
            position = bisect_left(starts, row) - 1
            if position < 0:
                self.notify(f"No previous {unit}: this is the first {unit} shown.")
                return
        self.move_cursor(starts[position], reveal_heading=True)

    def jump_to_date(self, day: date) -> bool:
        """Put the cursor on the first shown event starting on or after ``day`` (by
        bisection over the shown events, which are in date order); on the last one, and
        False, when every shown event starts before ``day``."""
        if not self.shown:
            return False
        events = self.timeline.events
        position = bisect_left(self.shown, day, key=lambda index: events[index].start)
        found = position < len(self.shown)
        self.move_cursor(self._shown_rows[min(position, len(self.shown) - 1)], reveal_heading=True)
        return found

    def show_event(self, index: int) -> bool:
        """Put the cursor on event ``index``; False (and no move) when it is not shown."""
        row = self._row_of_event(index)
        if row < 0:
            return False
        self.move_cursor(row, reveal_heading=True)
        return True

    def action_next_year(self) -> None:
        self._jump(self._year_rows, forward=True, unit="year")

    def action_previous_year(self) -> None:
        self._jump(self._year_rows, forward=False, unit="year")

    def action_next_decade(self) -> None:
        self._jump(self._decade_rows, forward=True, unit="decade")

    def action_previous_decade(self) -> None:
        self._jump(self._decade_rows, forward=False, unit="decade")

    # ------------------------------------------------------------- selection

    def action_toggle_select(self) -> None:
        index = self.current_event_index
        if index is None:
            return
        if index in self.selected:
            self.selected.discard(index)
        else:
            self.selected.add(index)
        self.refresh_line(self.cursor_row)
        self.post_message(self.SelectionChanged(len(self.selected)))
        self.refresh_bindings()
        self._step(1)

    def set_selection(self, selected: set[int]) -> None:
        """Select exactly ``selected`` (indices into ``timeline.events``): undo and redo."""
        self.selected = selected
        self._cache.clear()
        self.refresh()
        self.post_message(self.SelectionChanged(len(self.selected)))
        self.refresh_bindings()

    def action_select_all(self) -> None:
        self.selected.update(self.shown)
        self._cache.clear()
        self.refresh()
        self.post_message(self.SelectionChanged(len(self.selected)))
        self.refresh_bindings()

    def action_clear_selection(self) -> None:
        if not self.selected:
            self.notify("Nothing is selected.")
            return
        self.selected.clear()
        self._cache.clear()
        self.refresh()
        self.post_message(self.SelectionChanged(0))
        self.refresh_bindings()

    # ---------------------------------------------------------------- search

    def _row_matches(self, value: int, needle: str) -> bool:
        if value < 0:
            return False
        if value < UNDATED_BASE:
            return self.timeline.matches(value, needle)
        undated = self.timeline.undated[value - UNDATED_BASE]
        folded = needle.casefold()
        return folded in undated.sentence.text.casefold()

    def _find_hits(self, needle: str) -> list[int]:
        needle = needle.strip()
        if not needle:
            return []
        return [row for row, value in enumerate(self.rows) if self._row_matches(value, needle)]

    def set_search(self, needle: str, *, jump: bool = True) -> int:
        """Highlight rows containing ``needle``; go to the first hit at or after the cursor."""
        self.search = needle.strip()
        self.hits = self._find_hits(self.search)
        self._cache.clear()
        self.refresh()
        self.refresh_bindings()
        if jump and self.hits:
            position = bisect_left(self.hits, self.cursor_row)
            self.move_cursor(self.hits[position % len(self.hits)])
        return len(self.hits)

    def hit_events(self) -> list[int]:
        """The events (indices into ``timeline.events``) the search hits, in row order."""
        rows = self.rows
        return [value for value in (rows[row] for row in self.hits) if 0 <= value < UNDATED_BASE]

    @property
    def hit_position(self) -> int | None:
        """1-based number of the hit under the cursor, if the cursor is on one."""
        position = bisect_left(self.hits, self.cursor_row)
        if position < len(self.hits) and self.hits[position] == self.cursor_row:
            return position + 1
        return None

    def _no_hits(self) -> None:
        if self.search:
            self.notify(f"No search hits for “{clean_line(self.search)}” here.", markup=False)
        else:
            self.notify("No search: / searches, then n and N go through the hits.")

    def action_next_hit(self) -> None:
        if not self.hits:
            self._no_hits()
            return
        position = bisect_right(self.hits, self.cursor_row)
        self.move_cursor(self.hits[position % len(self.hits)])  # wraps to the first

    def action_previous_hit(self) -> None:
        if not self.hits:
            self._no_hits()
            return
        position = bisect_left(self.hits, self.cursor_row) - 1
        self.move_cursor(self.hits[position % len(self.hits)])

    # ------------------------------------------------------------- rendering

    def notify_style_update(self) -> None:
        # Theme or CSS changed: every cached strip carries old colours.
        super().notify_style_update()
        self._generation += 1
        self._styles.clear()
        self._cache.clear()

    def on_resize(self, event: events.Resize) -> None:
        # The first build waits for the first size: the heading mode depends on the height,
        # and building 100,000 rows twice would double the time to first paint.
        if not self._built or self._choose_mode() != self.heading_mode:
            self._rebuild(keep=self.current_event_index)
        else:
            self._cache.clear()
            self._scroll_to_cursor()

    def idle_actions(self) -> set[str]:
        """Actions with nothing to do now: the footer leaves them out (the keys still work,
        and say why nothing happens), n/N without hits, "unselect all" with no selection."""
        idle: set[str] = set()
        if not self.hits:
            idle |= {"next_hit", "previous_hit"}
        if not self.selected:
            idle.add("clear_selection")
        return idle

    def on_focus(self) -> None:
        self.refresh_line(self.cursor_row)

    def on_blur(self) -> None:
        self.refresh_line(self.cursor_row)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = offset.y + self.scroll_offset.y
        if 0 <= row < len(self.rows):
            self.move_cursor(row)
            if event.chain == 2:
                self.action_toggle_select()

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not 0 <= row < len(self.rows):
            return Strip.blank(width, self.rich_style)
        value = self.rows[row]
        is_cursor = row == self.cursor_row
        key = (
            row,
            self._generation,
            width,
            is_cursor,
            is_cursor and self.has_focus,
            value in self.selected,
            self.search,
        )
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(value, width, is_cursor)
            self._cache.set(key, strip)
        return strip

    def _style(self, name: str) -> Style:
        # Looked up for every row drawn; cached until the theme or CSS changes.
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = component_style(self, name)
        return style

    def _render_row(self, value: int, width: int, is_cursor: bool) -> Strip:
        base = self.rich_style
        if value < 0:
            return self._render_heading(self.headings[-value - 1], width, base)
        line = Text(no_wrap=True, end="")
        if is_cursor:
            # The cursor is the base style, so hits and tags keep their colours over it.
            focused = self.has_focus
            line.style = self._style("timeline--cursor" if focused else "timeline--cursor-blurred")
        hit = bool(self.search) and self._row_matches(value, self.search)
        if value >= UNDATED_BASE:
            self._compose_undated(line, self.timeline.undated[value - UNDATED_BASE], hit)
        else:
            self._compose_event(line, value, width, hit)
        if is_cursor:
            # Label and tag colours are chosen for the plain background; on the cursor's they
            # may clash (blue on blue in 256 colours), so only search hits keep theirs.
            hit = self._style("timeline--hit")
            line.spans[:] = [span for span in line.spans if span.style == hit]
        # Headlines, sentences and names come from input: the row's one check before the
        # terminal (the parts are cleaned as they are laid out; this catches anything else).
        line = safe_text(line, keep_newlines=False)
        line.truncate(width, overflow="ellipsis", pad=True)
        return self._strip(line, width, base)

    def _render_heading(self, heading: Heading, width: int, base: Style) -> Strip:
        style = self._style("timeline--heading")
        title = f"── {heading.label} "
        count = f" {heading.count} "
        fill = max(0, width - cell_len(title) - cell_len(count))
        text = Text(title + "─" * fill + count, style=style, no_wrap=True, end="")
        text.truncate(width, pad=True)
        return self._strip(text, width, base)

    def _strip(self, text: Text, width: int, base: Style) -> Strip:
        """``text`` as a Strip over the widget's style (Text.render leaves out ``text.style``)."""
        own = text.style if isinstance(text.style, Style) else Style()
        segments = Segment.apply_style(text.render(self.app.console), base + own)
        return Strip(segments, width).simplify()

    def _gutter(self, line: Text, selected: bool, hit: bool) -> None:
        # Styles only on the marks themselves: an underlined blank would draw a line.
        if selected:
            line.append("✓", self._style("timeline--mark"))
        else:
            line.append(" ")
        if hit:
            line.append("•", self._style("timeline--hit"))
        else:
            line.append(" ")

    def _compose_event(self, line: Text, index: int, width: int, hit: bool) -> None:
        event = self.timeline.events[index]
        self._gutter(line, index in self.selected, hit)
        label = event.label
        if len(label) > self._label_width:
            label = label[: self._label_width - 1] + "…"
        line.append(label.ljust(self._label_width), self._style("timeline--label"))
        line.append(" ")
        if len(event.sources) > 1:
            # How many documents or passages tell this happening: "×3".
            line.append(f"×{len(event.sources)} ", self._style("timeline--tag"))
        tags = self._tags(event.actors, width)
        room = width - cell_len(line.plain) - cell_len(tags) - 1
        headline = clean_line(event.headline)
        if cell_len(headline) > room:
            headline = headline[: max(0, room - 1)] + "…" if room > 1 else ""
        line.append(headline.ljust(max(room, 0)))
        if tags:
            line.append(" ")
            line.append(tags, self._style("timeline--tag"))
        if self.search:
            line.highlight_words([self.search], self._style("timeline--hit"), case_sensitive=False)

    def _tags(self, actors: Sequence[Actor], width: int) -> str:
        """As many compact actor tags as fit in a quarter of the row, then "+n"."""
        if width < 56 or not actors:
            return ""
        budget = max(12, width // 4)
        tags: list[str] = []
        used = 0
        for position, actor in enumerate(actors):
            rest = len(actors) - position - 1
            reserve = len(f" +{rest}") if rest else 0
            # The first tag is shortened to fit rather than dropped: one actor always shows.
            limit = 12 if tags else min(12, budget - reserve - 2)
            tag = f"[{short_tag(actor_tag(actor), max(limit, 4))}]"
            if used + len(tag) + reserve > budget and tags:
                return " ".join(tags) + f" +{len(actors) - position}"
            tags.append(tag)
            used += len(tag) + 1
        return " ".join(tags)

    def _compose_undated(self, line: Text, undated: UndatedExpression, hit: bool) -> None:
        self._gutter(line, False, hit)
        style = self._style("timeline--undated")
        written = clean_line(undated.expression.text)
        quoted = f"“{written}”"
        if len(quoted) > self._label_width:  # cut inside the quotes, so the cut shows
            quoted = f"“{written[: max(0, self._label_width - 3)]}…”"
        line.append(quoted.ljust(self._label_width), style)
        line.append(" ")
        line.append(clean_line(" ".join(undated.sentence.text.split())), style)
        if self.search:
            line.highlight_words([self.search], self._style("timeline--hit"), case_sensitive=False)

    # ------------------------------------------------------------ for tests

    def visible_text(self) -> list[str]:
        """The plain text of the rows on screen (used by tests and the benchmark)."""
        top = self.scroll_offset.y
        return [
            self.render_line(y).text for y in range(min(self.page_height, len(self.rows) - top))
        ]
