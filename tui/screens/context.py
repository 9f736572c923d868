"""The context view (enter): the event's paragraph with its neighbours, sources highlighted.

With the document's text at hand (`Timeline.documents`), the paragraphs before and after are
shown too; without it, the event's own paragraph (``event.paragraph``) is all there is.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from timeline.models import Document, Event, Paragraph, Span, UndatedExpression
from timeline.segment import segment
from tui.screens.base import focus_first
from tui.widgets.detail import Mark, event_marks, highlighted
from tui.widgets.safe import clean_line
from tui.widgets.styles import component_style


def _as_span(paragraph: Paragraph) -> Span:
    return Span(text=paragraph.text, start=paragraph.start, end=paragraph.end)


def paragraph_at(paragraphs: Sequence[Paragraph], offset: int) -> int | None:
    """The index of the paragraph holding ``offset`` (the engine's paragraphs, by bisection)."""
    i = bisect.bisect_right([p.start for p in paragraphs], offset) - 1
    return i if i >= 0 and offset < paragraphs[i].end else None


def neighbours(paragraphs: Sequence[Paragraph], span: Span) -> tuple[Span | None, Span | None]:
    """The paragraphs just before and after the one holding ``span``."""
    i = paragraph_at(paragraphs, span.start)
    if i is None:
        return None, None
    before = _as_span(paragraphs[i - 1]) if i > 0 else None
    after = _as_span(paragraphs[i + 1]) if i + 1 < len(paragraphs) else None
    return before, after


class ContextScreen(ModalScreen[None]):
    """The full paragraph of an event, and the paragraphs around it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "close", "Close", id="context-close",
                tooltip="Back to the timeline."),
    ]  # fmt: skip

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "context--source",
        "context--time",
        "context--actor",
        "context--place",
        "context--casualty",
        "context--neighbour",
    }

    def __init__(
        self,
        event: Event | None,
        undated: UndatedExpression | None,
        document: Document | None,
    ) -> None:
        super().__init__()
        self.event = event
        self.undated = undated
        self.document = document
        self._segmented: list[Paragraph] | None = None  # the document's, split on first use
        # The event's paragraph as shown, and where its first source sentence starts in it.
        self._paragraph: tuple[Text, int] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog wide"):
            # A Text, not markup: a title from input may hold "[" (and is cleaned of controls).
            yield Label(Text(clean_line(self._title())), classes="dialog-title")
            with VerticalScroll(id="context-body"):
                yield Static(id="context-before", classes="context-neighbour")
                yield Static(id="context-text")
                yield Static(id="context-after", classes="context-neighbour")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", variant="primary", id="close")

    def _title(self) -> str:
        if self.event is not None:
            return f"{self.event.label} — {self.event.document.title}"
        if self.undated is not None:
            return f"Undated — {self.undated.document.title}"
        return "Context"

    def _s(self, name: str) -> Style:
        return component_style(self, name)

    def on_mount(self) -> None:
        before, paragraph, after = self.render_context()
        self.query_one("#context-text", Static).update(paragraph)
        for name, text in (("#context-before", before), ("#context-after", after)):
            neighbour = self.query_one(name, Static)
            neighbour.update(text or "")
            neighbour.display = text is not None
        body = self.query_one("#context-body", VerticalScroll)
        focus_first(self, body)
        # Open on the event's own paragraph, not on the one before it: at 80×24 a long
        # neighbour would otherwise fill the dialog and hide the source.
        self.call_after_refresh(self._scroll_to_source)

    def _scroll_to_source(self) -> None:
        """Put the event's paragraph at the top; if the paragraph is taller than the view
        and the event's first sentence would be below it, scroll on to that sentence (one
        line of the paragraph kept above it)."""
        body = self.query_one("#context-body", VerticalScroll)
        source = self.query_one("#context-text", Static)
        y = source.virtual_region.y
        line = self._source_line(source.content_region.width)
        if line >= body.scrollable_content_region.height:
            y += line - 1
        body.scroll_to(y=y, animate=False, immediate=True)

    def _source_line(self, width: int) -> int:
        """The wrapped line of the paragraph on which the event's first sentence starts."""
        if self._paragraph is None or width <= 0:
            return 0
        text, offset = self._paragraph
        plain = text.plain
        position = 0
        for number, line in enumerate(text.wrap(self.app.console, width)):
            # Wrapping drops the spaces at a break: find each line where it really starts.
            found = plain.find(line.plain.rstrip(), position)
            position = found if found >= 0 else position
            end = position + len(line.plain.rstrip())
            if offset < end:
                return number
            position = end
        return 0

    def _focus_span(self) -> tuple[Span, list[Span], list[Mark]]:
        """The paragraph to show, the source sentences in it, and the highlights."""
        time = self._s("context--time")
        if self.event is not None:
            event = self.event
            marks = event_marks(
                event,
                time,
                self._s("context--actor"),
                self._s("context--place"),
                self._s("context--casualty"),
            )
            sentences: list[Span] = list(event.sentences)
            paragraph = event.paragraph or self._paragraph_of(sentences[0])
            if paragraph is None:
                # No paragraph and no document text: the first source sentence, exactly.
                paragraph, sentences = sentences[0], sentences[:1]
            return paragraph, sentences, marks
        assert self.undated is not None
        sentence = self.undated.sentence
        marks = [(self.undated.expression.start, self.undated.expression.end, time)]
        return self._paragraph_of(sentence) or sentence, [sentence], marks

    def _paragraphs(self) -> list[Paragraph]:
        if self._segmented is None:
            self._segmented = segment(self.document.text) if self.document is not None else []
        return self._segmented

    def _paragraph_of(self, span: Span) -> Span | None:
        paragraphs = self._paragraphs()
        i = paragraph_at(paragraphs, span.start)
        return None if i is None else _as_span(paragraphs[i])

    def render_context(self) -> tuple[Text | None, Text, Text | None]:
        """The paragraph before (if any), the event's paragraph, and the one after."""
        paragraph, sentences, marks = self._focus_span()
        source = self._s("context--source")
        # Source sentences are emphasised first, then the finer highlights go over them.
        all_marks: list[Mark] = [(s.start, s.end, source) for s in sentences] + marks
        before = after = None
        if self.document is not None:
            before, after = neighbours(self._paragraphs(), paragraph)
        neighbour = self._s("context--neighbour")
        shown = highlighted(paragraph, all_marks)
        self._paragraph = (shown, max(0, sentences[0].start - paragraph.start) if sentences else 0)
        return (
            None if before is None else highlighted(before, (), neighbour),
            shown,
            None if after is None else highlighted(after, (), neighbour),
        )

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#close")
    def _close_pressed(self) -> None:
        self.dismiss(None)
