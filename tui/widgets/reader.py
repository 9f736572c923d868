"""The whole text of one document, drawn a line at a time, with its events marked.

A document can be a megabyte on one line (hostile or just long). The reader never builds one
Rich `Text` of it: `wrap_offsets` cuts the text into screen lines as document offsets (one
pass, recomputed only when the width changes) and `DocumentReader.render_line` makes the
`Strip` of a visible line on demand, as toolong's log view and `TimelineView` do.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from timeline.sanitize import has_controls
from tui.widgets.safe import clean_line, keep_offsets, safe_text
from tui.widgets.styles import component_style

Line = tuple[int, int]  # document start and end offsets of one screen line
_WORD = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Passage:
    """One mention of an event in the document: what n/p step through."""

    event: int  # index into the timeline's events
    start: int  # where its first sentence starts (document offset)
    spans: tuple[tuple[int, int], ...]  # its sentences
    time: tuple[int, int]  # its time expression


def _visible_cells(text: str) -> int:
    """The cells ``text`` takes once its controls are drawn as pictures (`safe_text`)."""
    return cell_len(clean_line(text))


def _chop(
    text: str, start: int, end: int, width: int, measure: Callable[[str], int] = cell_len
) -> list[Line]:
    """``text[start:end]`` (one word, wider than ``width``) cut into lines of ``width`` cells."""
    piece = text[start:end]
    if piece.isascii() and piece.isprintable():
        return [(s, min(s + width, end)) for s in range(start, end, width)]
    lines: list[Line] = []
    line_start, cells = start, 0
    for offset, char in enumerate(piece, start):
        size = measure(char)
        if cells + size > width and offset > line_start:
            lines.append((line_start, offset))
            line_start, cells = offset, 0
        cells += size
    lines.append((line_start, end))
    return lines


def wrap_offsets(text: str, width: int) -> list[Line]:
    """``text`` word-wrapped to ``width`` cells, as (start, end) offsets of each line.

    Each newline ends a line; a blank line is an empty one. Spaces at a break stay at the
    end of the line they follow (they are drawn as blanks, past the width they are cropped).
    """
    width = max(1, width)
    # Rich counts a control character as no cell; drawn as its picture (ESC as ␛) it takes
    # one or more. Measured as drawn, only when the text has any (one scan, usually none).
    measure = _visible_cells if has_controls(text) or "\t" in text else cell_len
    lines: list[Line] = []
    position = 0
    length = len(text)
    while position <= length:
        newline = text.find("\n", position)
        stop = length if newline < 0 else newline
        line_start, cells = position, 0
        for match in _WORD.finditer(text, position, stop):
            word = match[0]
            visible = measure(word.rstrip())
            if cells and cells + visible > width:
                lines.append((line_start, match.start()))
                line_start, cells = match.start(), 0
            if visible > width:
                end = match.start() + len(word.rstrip())
                chopped = _chop(text, match.start(), end, width, measure)
                lines.extend(chopped[:-1])
                line_start = chopped[-1][0]
                cells = measure(text[line_start : match.end()].rstrip())
                continue
            cells += measure(word)
        lines.append((line_start, stop))
        if newline < 0:
            break
        position = newline + 1
    return lines


def _merge(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined, sorted: a line finds the ones it crosses by bisection."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


class DocumentReader(ScrollView, can_focus=True):
    """A scrolling view of a document's text; every event's sentences are marked and the
    current passage's stand out."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="reader-scroll-down",
                tooltip="Scroll the document down a line."),
        Binding("k", "scroll_up", "Scroll up", show=False, id="reader-scroll-up",
                tooltip="Scroll the document up a line."),
    ]  # fmt: skip

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--event",
        "reader--current",
        "reader--time",
    }

    def __init__(
        self, text: str, passages: Sequence[Passage], *, current: int = 0, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.text = text
        self.passages = list(passages)
        # Index into ``passages`` of the highlighted one: shown once the text is laid out.
        self.current = current if 0 <= current < len(self.passages) else -1
        self.lines: list[Line] = []
        self._starts: list[int] = []
        self._width = 0
        marked = _merge([span for p in self.passages for span in p.spans])
        self._marked = marked
        self._marked_starts = [start for start, _ in marked]
        self._cache: LRUCache[tuple[int, int, int], Strip] = LRUCache(512)

    # ------------------------------------------------------------- layout

    def _wrap(self, width: int) -> None:
        if width == self._width and self.lines:
            return
        self._width = width
        self.lines = wrap_offsets(self.text, width)
        self._starts = [start for start, _ in self.lines]
        self._cache.clear()
        self.virtual_size = Size(width, len(self.lines))

    def on_resize(self, event: events.Resize) -> None:
        # The first size is when the text can first be laid out and opened at the passage.
        # (After the refresh, once the scroll range knows the new virtual size.)
        self._wrap(self.scrollable_content_region.width)
        self.call_after_refresh(self.show_current)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def line_of(self, offset: int) -> int:
        """The screen line showing document ``offset``."""
        return max(0, bisect_right(self._starts, offset) - 1)

    # ----------------------------------------------------------- passages

    def set_current(self, index: int) -> None:
        """Make passage ``index`` the highlighted one and scroll to it."""
        if not self.passages:
            return
        self.current = max(0, min(index, len(self.passages) - 1))
        self._cache.clear()
        self.refresh()
        self.show_current()

    def show_current(self) -> None:
        """Scroll so the current passage's first line is near the top (one line above it)."""
        if not self.lines or not 0 <= self.current < len(self.passages):
            return
        line = self.line_of(self.passages[self.current].start)
        self.scroll_to(y=max(0, line - 1), animate=False, immediate=True)

    # ---------------------------------------------------------- rendering

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not 0 <= row < len(self.lines):
            return Strip.blank(width, self.rich_style)
        key = (row, width, self.current)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render(row, width)
            self._cache.set(key, strip)
        return strip

    def _render(self, row: int, width: int) -> Strip:
        start, end = self.lines[row]
        line = Text(keep_offsets(self.text[start:end]), no_wrap=True, end="")
        event_style = component_style(self, "reader--event")
        first = max(0, bisect_left(self._marked_starts, start) - 1)
        for mark_start, mark_end in self._marked[first:]:
            if mark_start >= end:
                break
            self._stylize(line, start, end, mark_start, mark_end, event_style)
        if 0 <= self.current < len(self.passages):
            passage = self.passages[self.current]
            current = component_style(self, "reader--current")
            for span_start, span_end in passage.spans:
                self._stylize(line, start, end, span_start, span_end, current)
            time = component_style(self, "reader--time")
            self._stylize(line, start, end, *passage.time, time)
        # The document's text comes from input: no control character reaches the terminal.
        line = safe_text(line, keep_newlines=False)
        line.truncate(width, pad=True)
        base = self.rich_style
        segments = Segment.apply_style(line.render(self.app.console), base)
        return Strip(segments, width).simplify()

    @staticmethod
    def _stylize(line: Text, start: int, end: int, left: int, right: int, style: Style) -> None:
        left, right = max(left, start) - start, min(right, end) - start
        if left < right:
            line.stylize(style, left, right)

    def visible_text(self) -> list[str]:
        """The lines on screen now, as plain text (for tests)."""
        top = self.scroll_offset.y
        height = self.scrollable_content_region.height
        return [self.text[s:e] for s, e in self.lines[top : top + height]]
