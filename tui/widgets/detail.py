"""The detail pane: everything known about the event under the cursor, sources first-class.

Offsets in an `Event` (its expression, mentions and casualties) are document offsets, as are
its sentences' ``start``/``end``; a highlight inside a sentence is ``offset - sentence.start``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import PurePath
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.widgets import Static

from timeline.export import anchor_source, casualty_text
from timeline.labels import day_label
from timeline.models import DocumentRef, Event, Span, UndatedExpression
from timeline.sources import DocumentSource
from tui.widgets.safe import clean_line, keep_offsets, safe_text
from tui.widgets.styles import component_style

Mark = tuple[int, int, Style]  # document start, document end, style


def highlighted(span: Span, marks: Iterable[Mark], base: Style | None = None) -> Text:
    """``span.text`` with each mark that falls inside it styled (offsets are the document's),
    control characters made visible (the marks stay on their words)."""
    text = Text(keep_offsets(" ".join(span.text.split("\n"))), style=base or Style())
    for start, end, style in marks:
        left, right = max(start, span.start) - span.start, min(end, span.end) - span.start
        if left < right:
            text.stylize(style, left, right)
    return safe_text(text)


def event_marks(
    event: Event, time: Style, actor: Style, place: Style, casualty: Style
) -> list[Mark]:
    """Highlights for an event's time expression, actor and place mentions and casualties."""
    marks: list[Mark] = [(event.expression.start, event.expression.end, time)]
    for mention in event.mentions:
        marks.append((mention.start, mention.end, place if mention.entity == "place" else actor))
    for figure in event.casualties:
        if figure.start is not None and figure.end is not None:
            marks.append((figure.start, figure.end, casualty))
    return marks


def published_note(published: date | None) -> str:
    """ "published 15 Sep 2022", or that the document carries no date (nothing is guessed)."""
    return f"published {day_label(published)}" if published else "no publication date"


def mark_hits(text: Text, ranges: Iterable[tuple[int, int]], needle: str, style: Style) -> None:
    """Style every case-insensitive occurrence of ``needle`` inside the ``ranges`` of ``text``
    (the sentences and names the search looks in, not the pane's labels)."""
    needle = needle.strip()
    if not needle:
        return
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    plain = text.plain
    for start, end in ranges:
        for match in pattern.finditer(plain, start, end):
            text.stylize(style, match.start(), match.end())


class _NoRelayout:
    """Take the geometry a layout pass hands out without asking for another pass.

    Textual's `Widget._size_updated` stores a changed virtual size through the reactive
    `virtual_size`, whose `layout=True` schedules a second, screen-wide layout pass right
    after the one that computed that size. That pass changes nothing, yet repaints the whole
    detail area again and the timeline's scrollbar column: over SSH, about 2.3 kB of each
    cursor move whose detail has a new height. Textual's own scroll fast path stores the size
    with ``layout=False``; so do we. A scrollbar appearing or vanishing still relays out the
    screen, through the reactive `show_vertical_scrollbar`.
    """

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return super()._size_updated(  # type: ignore[misc]
            size, virtual_size, container_size, layout=False
        )


class DetailBody(_NoRelayout, Static):
    """The pane's text (`#detail-body`)."""


class DetailPane(_NoRelayout, VerticalScroll, can_focus=True):
    """A scrollable description of one event (or of one undated expression).

    With the focus (Tab), the arrows and j/k scroll it, as they move the list's cursor.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="detail-scroll-down",
                tooltip="Scroll the detail pane down a line (when it has the focus)."),
        Binding("k", "scroll_up", "Scroll up", show=False, id="detail-scroll-up",
                tooltip="Scroll the detail pane up a line (when it has the focus)."),
    ]  # fmt: skip

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "detail--date",
        "detail--meta",
        "detail--section",
        "detail--time",
        "detail--actor",
        "detail--place",
        "detail--casualty",
        "detail--hit",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = Text()  # what the pane shows now (tests read its highlights)
        self.search = ""  # the search, highlighted where it occurs in sentences and names
        self._item: Event | UndatedExpression | None = None
        self._ranges: list[tuple[int, int]] = []  # where in the text search hits may be
        # Where a document came from (its path, source, URL): the screen knows the corpus.
        self.describe: Callable[[DocumentRef], DocumentSource] = _bare_source

    @property
    def shown_item(self) -> Event | UndatedExpression | None:
        """The event or undated expression the pane shows (None: a message)."""
        return self._item

    def set_search(self, needle: str) -> None:
        """Highlight ``needle`` in what the pane shows (redrawn in place, not scrolled)."""
        needle = needle.strip()
        if needle == self.search:
            return
        self.search = needle
        if isinstance(self._item, Event):
            self.show_event(self._item, scroll_home=False)
        elif isinstance(self._item, UndatedExpression):
            self.show_undated(self._item, scroll_home=False)

    def _searchable(self, out: Text, part: Text | str, style: Style | str = "") -> None:
        """Append ``part`` to ``out`` and remember it as a place search hits are marked."""
        start = len(out)
        if isinstance(part, Text):
            out.append_text(part)
        else:
            out.append(part, style)
        self._ranges.append((start, len(out)))

    def _mark_hits(self, out: Text) -> None:
        if self.search:
            mark_hits(out, self._ranges, self.search, self._s("detail--hit"))

    def compose(self) -> ComposeResult:
        yield DetailBody(id="detail-body")

    def _s(self, name: str) -> Style:
        return component_style(self, name)

    def _show(self, content: Text) -> None:
        """Put ``content`` in the pane; lay the screen out again only if its height changed.

        A layout pass makes Textual redraw every widget on the screen, not just this one:
        over SSH that was 8.6 kB a cursor move. Most events' details take as many lines as
        the last one's, and then repainting the pane is enough. When the height differs,
        the layout runs, so the scrollbar and the scroll range follow the new content.
        """
        body = self.query_one("#detail-body", Static)
        old_height = body.content_size.height
        # Sentences, titles, names and figures come from input: made safe here, once.
        content = safe_text(content)
        self.text = content
        body.update(content, layout=False)
        width = body.content_size.width
        if not width or body.get_content_height(body.size, self.size, width) != old_height:
            body.refresh(layout=True)

    def show_nothing(self, message: str = "No event under the cursor.") -> None:
        self._item = None
        self._show(Text(message, style=self._s("detail--meta")))

    def _field(self, out: Text, name: str) -> None:
        out.append(f"{name}  ", self._s("detail--section"))

    def _document(self, out: Text, document: DocumentRef) -> None:
        """The document's title and date, then its path, source and URL, one a line.

        The URL is text like any other from input (made safe in `_show`), never a terminal
        hyperlink: an article must not choose what the terminal links to.
        """
        meta = self._s("detail--meta")
        self._field(out, "Document")
        out.append(document.title)
        out.append(f" · {published_note(document.published)}\n", meta)
        origin = self.describe(document)
        self._field(out, "File")
        # clean_line: Rich would silently drop a BEL; shown as ␇, like any other control.
        out.append(f"{clean_line(origin.path)}\n", meta)
        if origin.source:
            self._field(out, "Source")
            out.append(f"{clean_line(origin.source)}\n")
        if origin.url:
            self._field(out, "URL")
            out.append(f"{clean_line(origin.url)}\n", meta)

    def show_event(self, event: Event, *, scroll_home: bool = True) -> None:
        # The source sentences come right after the date: on a short pane (80×24) they are
        # what must be visible without scrolling; metadata follows, one field per line.
        self._item = event
        self._ranges = []
        meta = self._s("detail--meta")
        time = self._s("detail--time")
        out = Text()
        self._searchable(out, event.label, self._s("detail--date"))
        span = day_label(event.start)
        if event.end != event.start:
            span += f" – {day_label(event.end)}"
        out.append(f"  {span} · {event.precision.value} precision", meta)
        modifier = event.expression.modifier
        if modifier is not None:
            out.append(f" · {modifier.value}", meta)
        out.append("\n")
        marks = event_marks(
            event,
            time,
            self._s("detail--actor"),
            self._s("detail--place"),
            self._s("detail--casualty"),
        )
        for sentence in event.sentences:
            out.append("▌ ", meta)
            self._searchable(out, highlighted(sentence, marks))
            out.append("\n")
        out.append("\n")
        self._field(out, "As written")
        self._searchable(out, f"“{event.expression.text}”", time)
        out.append(f" ({event.expression.kind.value}, {event.expression.value})\n", meta)
        source = anchor_source(event.expression)
        if source is not None:
            # Words, not a colour: "Year from  the narrative: 1992" (nothing for explicit).
            self._field(out, source[0])
            out.append(f"{source[1]}\n", meta)
        if event.actors:
            self._field(out, "Actors")
            for position, actor in enumerate(event.actors):
                if position:
                    out.append(" · ", meta)
                self._searchable(out, actor.name, self._s("detail--actor"))
                extra = actor.kind.value.replace("_", " ")
                if actor.role:
                    extra += f", {actor.role}"
                out.append(f" ({extra})", meta)
            out.append("\n")
        if event.places:
            self._field(out, "Places")
            self._searchable(out, ", ".join(p.name for p in event.places), self._s("detail--place"))
            out.append("\n")
        if event.casualties:
            self._field(out, "Casualties")
            for position, figure in enumerate(event.casualties):
                if position:
                    out.append(" · ", meta)
                out.append(casualty_text(figure), self._s("detail--casualty"))
            out.append("\n")
        if event.event_type:
            self._field(out, "Type")
            self._searchable(out, f"{event.event_type} · {event.sub_event_type or ''}".rstrip(" ·"))
            out.append("\n")
        if event.reported is not None:
            self._field(out, "Reported")
            out.append(f"“{event.reported.text}”", time)
            out.append(f" ({day_label(event.reported.start)})\n", meta)
        self._document(out, event.document)
        if len(event.sources) > 1:
            self._field(out, f"Sources ({len(event.sources)})")
            out.append("the same happening, as each tells it\n", meta)
            for source in event.sources:
                out.append("  • ", meta)
                out.append(source.document.title)
                out.append(f" · “{source.expression.text}”", time)
                figures = " · ".join(casualty_text(c) for c in source.casualties)
                if figures:
                    out.append(f" · {figures}", self._s("detail--casualty"))
                out.append("\n")
                if source.sentences:
                    out.append("    ▌ ", meta)
                    self._searchable(out, " ".join(source.sentences[0].text.split()))
                    out.append("\n")
        out.append("\nenter: the paragraph and its neighbours · r: the whole document", meta)
        self._mark_hits(out)
        self._show(out)
        if scroll_home:
            self.scroll_home(animate=False)

    def show_undated(self, undated: UndatedExpression, *, scroll_home: bool = True) -> None:
        self._item = undated
        self._ranges = []
        meta = self._s("detail--meta")
        time = self._s("detail--time")
        out = Text()
        out.append("Undated", self._s("detail--date"))
        if undated.document.published is None:
            # The fix, not only the fault: the sidecar line that dates the document.
            name = PurePath(undated.document.path).name
            out.append(
                f"  add published = YYYY-MM-DD to {PurePath(name).stem}.toml to date it\n", meta
            )
        else:
            out.append("  relative to a date the document does not give\n", meta)
        out.append("▌ ", meta)
        marks = [(undated.expression.start, undated.expression.end, time)]
        self._searchable(out, highlighted(undated.sentence, marks))
        out.append("\n\n")
        self._field(out, "As written")
        out.append(f"“{undated.expression.text}”", time)
        # Its value is a TIMEX placeholder ("XXXX-XX-XX") that means nothing to a reader.
        out.append(f" ({undated.expression.kind.value}, not anchored)\n", meta)
        self._document(out, undated.document)
        out.append("\nr: the whole document", meta)
        self._mark_hits(out)
        self._show(out)
        if scroll_home:
            self.scroll_home(animate=False)


def _bare_source(document: DocumentRef) -> DocumentSource:
    """The origin of a document when nothing more than the event's reference is known."""
    return DocumentSource(path=document.path)
