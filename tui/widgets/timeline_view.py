"""The timeline list: events under year or decade headings, drawn with Textual's Line API.

Like toolong's log view, this is one `ScrollView` whose `render_line(y)` draws only the rows
on screen; there is no widget per row, so 100,000 events open and scroll like 20. Each row is
cached as a `Strip` in an LRU keyed by everything that changes how it looks (row, cursor,
selected, search term, width, focus), so a cursor move redraws two rows.

What the rows are (headings, the row <-> event mapping, jumps, search hits, the selection)
is `tui.rows`, a `RowSource` with no Textual in it; this widget draws, scrolls and holds
the keys. What others follow is reactive: `cursor_row`, `search`, `selection_count` and
`shown_count` (set at every rebuild), so the screen updates its status line and detail pane
from watchers (``self.watch(view, "cursor_row", ...)``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from timeline.models import Actor, ActorKind, Event, UndatedExpression
from timeline.timeline import Filters, Timeline
from tui.keys import MOVE_KEYS, SELECT_KEYS
from tui.rows import (
    HIT_CAP,
    UNDATED_BASE,
    Heading,
    HeadingMode,
    JumpUnit,
    RowModel,
    RowSource,
)
from tui.widgets.safe import clean_line, safe_text
from tui.widgets.styles import component_style

__all__ = ["UNDATED_BASE", "Heading", "HeadingMode", "TimelineView", "actor_tag", "short_tag"]


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

    cursor_row: var[int] = var(-1, init=False, always_update=True)
    """The row under the cursor (-1: none). Set at every rebuild too, even to the same row:
    the rows under it changed."""

    search: var[str] = var("", init=False)
    """The search term, spaces around it dropped ("" for none); setting it finds the hits."""

    selection_count: var[int] = var(0, init=False, always_update=True)
    """How many events are selected; set at every change of the selection, even of the
    same size, so watchers see each change (undo records them)."""

    shown_count: var[int] = var(0, init=False, always_update=True)
    """How many events are shown; set at every rebuild (a filter, a timeline, a resize
    that changes the heading mode)."""

    def __init__(
        self,
        timeline: Timeline | None = None,
        *,
        source: RowSource | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        # The rows: of ``timeline`` in memory, or ``source`` (the store's, `tui.store_rows`).
        self.model: RowSource = source if source is not None else RowModel(timeline)
        self._generation = 0  # bumped when rows or styles change; part of every cache key
        self._built = False
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(2048)
        self._styles: dict[str, Style] = {}
        self.set_reactive(TimelineView.shown_count, self.model.shown_count)
        self.selectable = True  # False over a preview of a corpus still loading

    # ------------------------------------------------------------------ data

    def set_timeline(self, timeline: Timeline) -> None:
        """Show a new timeline, everything unfiltered, the cursor on its first event."""
        if not isinstance(self.model, RowModel):
            self.model = RowModel()
        self.search = ""
        self.model.set_timeline(timeline, height=self.size.height)
        self.selection_count = 0
        self._rows_changed(keep=None)

    def set_source(self, source: RowSource) -> None:
        """Show the rows of ``source`` (the store's: `tui.store_rows.StoreRows`) as they
        are, the cursor on the first event."""
        self.search = ""
        self.model = source
        self.model.set_search("")
        self.model.rebuild(self.size.height)
        self.selection_count = len(source.selected)
        self._rows_changed(keep=None)

    def set_filters(self, filters: Filters, *, show_undated: bool) -> None:
        """Show only the events ``filters`` keep, the cursor kept on its event if shown."""
        current = self.current_event_index
        self.model.set_filters(filters, show_undated=show_undated, height=self.size.height)
        self._rows_changed(keep=current)

    def set_shown(self, shown: list[int], *, show_undated: bool) -> None:
        """Show only events ``shown`` (indices into ``timeline.events``, ascending): the
        in-memory model only (a preview of a corpus still loading)."""
        assert isinstance(self.model, RowModel), "set_shown needs the timeline in memory"
        current = self.current_event_index
        self.model.set_shown(shown, show_undated=show_undated, height=self.size.height)
        self._rows_changed(keep=current)

    def _rebuild(self, *, keep: int | None = None) -> None:
        """Rebuild the rows for the pane's height (O(n)), the cursor kept on event ``keep``."""
        self.model.rebuild(self.size.height)
        self._rows_changed(keep=keep)

    def _rows_changed(self, *, keep: int | None) -> None:
        self._generation += 1
        self._built = True
        self._cache.clear()
        self.virtual_size = Size(0, len(self.model))
        row = self.model.row_of_event(keep) if keep is not None else -1
        self.cursor_row = row if row >= 0 else self.model.first_item_row()
        self.refresh()
        self._scroll_to_cursor(center=True)
        self.shown_count = self.model.shown_count

    # ------------------------------------------------------------ properties

    @property
    def timeline(self) -> Timeline:
        """The timeline in memory (`RowModel`); rows read from the store have none."""
        if not isinstance(self.model, RowModel):
            raise AttributeError("the rows are read from the store: no timeline in memory")
        return self.model.timeline

    @property
    def rows(self) -> RowSource:
        """The row codes (`tui.rows`), indexable: ``view.rows[row]``, ``len(view.rows)``."""
        return self.model

    @property
    def headings(self) -> Sequence[Heading]:
        return self.model.headings

    @property
    def heading_mode(self) -> HeadingMode:
        return self.model.heading_mode

    @property
    def shown(self) -> Sequence[int]:
        """The shown events (indices into ``timeline.events``), ascending."""
        return self.model.shown

    @property
    def show_undated(self) -> bool:
        return self.model.show_undated

    @property
    def selected(self) -> set[int]:
        """The selected events (indices into ``timeline.events``); it survives filters."""
        return self.model.selected

    @property
    def hits(self) -> Sequence[int]:
        """The rows the search hits, ascending."""
        return self.model.hits

    @property
    def current_event_index(self) -> int | None:
        """Index into ``timeline.events`` of the event under the cursor (None on undated)."""
        return self.model.event_at(self.cursor_row)

    @property
    def current_event(self) -> Event | None:
        index = self.current_event_index
        return None if index is None else self.model.load_event(index)

    @property
    def current_undated(self) -> UndatedExpression | None:
        index = self.model.undated_at(self.cursor_row)
        return None if index is None else self.model.undated_item(index)

    @property
    def shown_events(self) -> list[Event]:
        return self.model.load_events(self.shown)

    @property
    def selected_events(self) -> list[Event]:
        """The selected events in chronological order (selection survives filters)."""
        return self.model.load_events(sorted(self.selected))

    @property
    def page_height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def _first_item_row(self) -> int:
        return self.model.first_item_row()

    # ---------------------------------------------------------------- cursor

    def watch_cursor_row(self, previous: int, row: int) -> None:
        if previous >= 0:
            self.refresh_line(previous)
        if row >= 0:
            self.refresh_line(row)

    def move_cursor(self, row: int, *, reveal_heading: bool = False) -> None:
        """Put the cursor on ``row`` (clamped onto an item row), scrolling it into view."""
        if not len(self.model):
            return
        row = self.model.item_row(row)
        if row == self.cursor_row:
            return
        self.cursor_row = row
        self._scroll_to_cursor(reveal_heading=reveal_heading)

    def _scroll_to_cursor(self, *, center: bool = False, reveal_heading: bool = False) -> None:
        height = self.page_height
        row = self.cursor_row
        top = row - 1 if reveal_heading and row > 0 and self.model[row - 1] < 0 else row
        y = self.scroll_offset.y
        if center and not (y <= row < y + height):
            self.scroll_to(y=max(0, row - height // 2), animate=False, immediate=True)
        elif top < y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif row >= y + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    def _step(self, delta: int) -> None:
        """Move ``delta`` item rows, skipping headings."""
        self.move_cursor(self.model.step(self.cursor_row, delta))

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_page_down(self) -> None:
        target = min(self.cursor_row + self.page_height, len(self.model) - 1)
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
        self.move_cursor(len(self.model) - 1)

    def _jump(self, unit: JumpUnit, *, forward: bool) -> None:
        """Go to the next (or this or the previous) group start; say so when there is none."""
        target = self.model.jump(self.cursor_row, unit, forward=forward)
        if target is None:
            which, where = ("next", "last") if forward else ("previous", "first")
            self.notify(f"No {which} {unit}: this is the {where} {unit} shown.")
            return
        self.move_cursor(target, reveal_heading=True)

    def jump_to_date(self, day: date) -> bool:
        """Put the cursor on the first shown event starting on or after ``day``; on the last
        one, and False, when every shown event starts before ``day``."""
        found = self.model.row_of_date(day)
        if found is None:
            return False
        row, after = found
        self.move_cursor(row, reveal_heading=True)
        return after

    def show_event(self, index: int) -> bool:
        """Put the cursor on event ``index``; False (and no move) when it is not shown."""
        row = self.model.row_of_event(index)
        if row < 0:
            return False
        self.move_cursor(row, reveal_heading=True)
        return True

    def show_undated_item(self, index: int) -> bool:
        """Put the cursor on ``timeline.undated[index]``; False (and no move) when the
        undated group is not shown."""
        row = self.model.row_of_undated(index)
        if row < 0:
            return False
        self.move_cursor(row, reveal_heading=True)
        return True

    def action_next_year(self) -> None:
        self._jump("year", forward=True)

    def action_previous_year(self) -> None:
        self._jump("year", forward=False)

    def action_next_decade(self) -> None:
        self._jump("decade", forward=True)

    def action_previous_decade(self) -> None:
        self._jump("decade", forward=False)

    # ------------------------------------------------------------- selection

    def _selection_changed(self) -> None:
        self._cache.clear()
        self.refresh()
        self.selection_count = len(self.model.selected)
        self.refresh_bindings()

    def _may_select(self) -> bool:
        """Whether the selection may change now: not over a preview of a corpus still
        loading (its events are merged at the end: what was selected would not be there)."""
        if not self.selectable:
            self.notify("Still reading the documents: selecting waits until they are all read.")
        return self.selectable

    def action_toggle_select(self) -> None:
        index = self.current_event_index
        if index is None or not self._may_select():
            return
        self.model.toggle(index)
        self.refresh_line(self.cursor_row)
        self.selection_count = len(self.model.selected)
        self.refresh_bindings()
        self._step(1)

    def set_selection(self, selected: set[int]) -> None:
        """Select exactly ``selected`` (indices into ``timeline.events``): undo and redo."""
        self.model.replace_selection(selected)
        self._selection_changed()

    def action_select_all(self) -> None:
        if not self._may_select():
            return
        self.model.select_shown()
        self._selection_changed()

    def action_clear_selection(self) -> None:
        if not self._may_select():
            return
        if not self.model.clear_selection():
            self.notify("Nothing is selected.")
            return
        self._selection_changed()

    # ---------------------------------------------------------------- search

    def validate_search(self, needle: str) -> str:
        return needle.strip()

    def watch_search(self, needle: str) -> None:
        self.model.set_search(needle)
        self._cache.clear()
        self.refresh()
        self.refresh_bindings()

    def set_search(self, needle: str, *, jump: bool = True) -> int:
        """Highlight rows containing ``needle``; go to the first hit at or after the cursor.
        Returns how many hits, counted up to `tui.rows.HIT_CAP`."""
        self.search = needle
        if jump:
            hit = self.model.hit_from(self.cursor_row)
            if hit is not None:
                self.move_cursor(hit)
        return self.model.count_hits(HIT_CAP)

    def hit_events(self) -> list[int]:
        """The events (indices into ``timeline.events``) the search hits, in row order."""
        return self.model.hit_events()

    @property
    def hit_position(self) -> int | None:
        """1-based number of the hit under the cursor, if the cursor is on one."""
        return self.model.hit_position(self.cursor_row)

    def _no_hits(self) -> None:
        if self.search:
            self.notify(f"No search hits for “{clean_line(self.search)}” here.", markup=False)
        else:
            self.notify("No search: / searches, then n and N go through the hits.")

    def action_next_hit(self) -> None:
        hit = self.model.next_hit(self.cursor_row)  # wraps to the first
        if hit is None:
            self._no_hits()
            return
        self.move_cursor(hit)

    def action_previous_hit(self) -> None:
        hit = self.model.previous_hit(self.cursor_row)
        if hit is None:
            self._no_hits()
            return
        self.move_cursor(hit)

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
        if not self._built or self.model.wants_rebuild(self.size.height):
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
        if 0 <= row < len(self.model):
            self.move_cursor(row)
            if event.chain == 2:
                self.action_toggle_select()

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        model = self.model
        if not 0 <= row < len(model):
            return Strip.blank(width, self._base_style)
        value = model[row]
        is_cursor = row == self.cursor_row
        key = (
            row,
            self._generation,
            width,
            is_cursor,
            is_cursor and self.has_focus,
            model.is_selected(value),
            self.search,
        )
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(row, value, width, is_cursor)
            self._cache.set(key, strip)
        return strip

    def _style(self, name: str) -> Style:
        # Looked up for every row drawn; cached until the theme or CSS changes.
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = component_style(self, name)
        return style

    @property
    def _base_style(self) -> Style:
        """The widget's own style (`rich_style`, a walk up every ancestor's styles: 0.02 ms,
        34 times a page), cached with the component styles until the theme or CSS changes."""
        style = self._styles.get("")
        if style is None:
            style = self._styles[""] = self.rich_style
        return style

    def _render_row(self, row: int, value: int, width: int, is_cursor: bool) -> Strip:
        base = self._base_style
        if value < 0:
            return self._render_heading(self.model.heading(value), width, base)
        line = Text(no_wrap=True, end="")
        if is_cursor:
            # The cursor is the base style, so hits and tags keep their colours over it.
            focused = self.has_focus
            line.style = self._style("timeline--cursor" if focused else "timeline--cursor-blurred")
        hit = self.model.is_hit(row)
        if value >= UNDATED_BASE:
            self._compose_undated(line, self.model.undated_item(value - UNDATED_BASE), hit)
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
        return Strip(Segment.simplify(segments), width)  # what Strip.simplify makes, in one

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
        event = self.model.event_row(index)
        self._gutter(line, self.model.is_selected(index), hit)
        label = event.label
        if len(label) > self.model.label_width:
            label = label[: self.model.label_width - 1] + "…"
        line.append(label.ljust(self.model.label_width), self._style("timeline--label"))
        line.append(" ")
        if event.sources > 1:
            # How many documents or passages tell this happening: "×3".
            line.append(f"×{event.sources} ", self._style("timeline--tag"))
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
        if len(quoted) > self.model.label_width:  # cut inside the quotes, so the cut shows
            quoted = f"“{written[: max(0, self.model.label_width - 3)]}…”"
        line.append(quoted.ljust(self.model.label_width), style)
        line.append(" ")
        line.append(clean_line(" ".join(undated.sentence.text.split())), style)
        if self.search:
            line.highlight_words([self.search], self._style("timeline--hit"), case_sensitive=False)

    # ------------------------------------------------------------ for tests

    def visible_text(self) -> list[str]:
        """The plain text of the rows on screen (used by tests and the benchmark)."""
        top = self.scroll_offset.y
        return [
            self.render_line(y).text for y in range(min(self.page_height, len(self.model) - top))
        ]
