"""The context view (enter): the event's paragraph with its neighbours, sources highlighted.

With the document's text at hand (`Timeline.documents`), the paragraphs before and after are
shown too; without it, the event's own paragraph (``event.paragraph``) is all there is.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from timeline.models import Document, Event, Span, UndatedExpression
from tui.screens.base import focus_first
from tui.widgets.detail import Mark, event_marks, highlighted
from tui.widgets.styles import component_style


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The blank-line-delimited paragraph of ``text`` around ``start``..``end``."""
    left = text.rfind("\n\n", 0, start)
    right = text.find("\n\n", end)
    return (0 if left < 0 else left + 2), (len(text) if right < 0 else right)


def neighbours(document: Document, span: Span) -> tuple[Span | None, Span | None]:
    """The paragraphs just before and after ``span`` in ``document``."""
    text = document.text
    before = after = None
    if span.start > 2:
        b_start, b_end = paragraph_bounds(text, max(0, span.start - 3), max(0, span.start - 3))
        if b_end <= span.start and text[b_start:b_end].strip():
            before = Span(text=text[b_start:b_end], start=b_start, end=b_end)
    if span.end + 2 < len(text):
        a_start, a_end = paragraph_bounds(text, span.end + 2, span.end + 2)
        if a_start >= span.end and text[a_start:a_end].strip():
            after = Span(text=text[a_start:a_end], start=a_start, end=a_end)
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

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog wide"):
            yield Label(self._title(), classes="dialog-title")
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
        body = self.query_one("#context-body", VerticalScroll)
        source = self.query_one("#context-text", Static)
        body.scroll_to(y=max(0, source.virtual_region.y - 1), animate=False, immediate=True)

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
            paragraph = event.paragraph
            if paragraph is None and self.document is not None and sentences:
                start, end = paragraph_bounds(
                    self.document.text, sentences[0].start, sentences[-1].end
                )
                paragraph = Span(text=self.document.text[start:end], start=start, end=end)
            if paragraph is None:
                first, last = sentences[0], sentences[-1]
                text = " ".join(s.text for s in sentences)
                paragraph = Span(text=text, start=first.start, end=first.start + len(text))
                del last
            return paragraph, sentences, marks
        assert self.undated is not None
        sentence = self.undated.sentence
        marks = [(self.undated.expression.start, self.undated.expression.end, time)]
        paragraph: Span = sentence
        if self.document is not None:
            start, end = paragraph_bounds(self.document.text, sentence.start, sentence.end)
            paragraph = Span(text=self.document.text[start:end], start=start, end=end)
        return paragraph, [sentence], marks

    def render_context(self) -> tuple[Text | None, Text, Text | None]:
        """The paragraph before (if any), the event's paragraph, and the one after."""
        paragraph, sentences, marks = self._focus_span()
        source = self._s("context--source")
        # Source sentences are emphasised first, then the finer highlights go over them.
        all_marks: list[Mark] = [(s.start, s.end, source) for s in sentences] + marks
        before = after = None
        if self.document is not None:
            before, after = neighbours(self.document, paragraph)
        neighbour = self._s("context--neighbour")
        return (
            None if before is None else highlighted(before, (), neighbour),
            highlighted(paragraph, all_marks),
            None if after is None else highlighted(after, (), neighbour),
        )

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#close")
    def _close_pressed(self) -> None:
        self.dismiss(None)
