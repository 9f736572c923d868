"""The reader (r): the whole document an event comes from, opened at the event's sentences.

Every event the document tells is marked; n and p step through them in the order of the text,
enter puts the timeline's cursor on the one highlighted and closes the reader, q or escape
closes it. The text is drawn line by line (`tui.widgets.reader`), so a long article opens at
once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from timeline.models import Document, Event
from tui.keys import READER_KEYS
from tui.screens.base import focus_first
from tui.widgets.reader import DocumentReader, Passage
from tui.widgets.safe import clean_line


def passages_of(document_id: str, events: Sequence[tuple[int, Event]]) -> list[Passage]:
    """Each mention of the ``events`` in document ``document_id``, in the order of the text."""
    out: list[Passage] = []
    for index, event in events:
        mentions = [s for s in event.sources if s.document.id == document_id]
        if mentions:
            for mention in mentions:
                spans = tuple((s.start, s.end) for s in mention.sentences)
                time = (mention.expression.start, mention.expression.end)
                start = spans[0][0] if spans else time[0]
                out.append(Passage(index, start, spans, time))
        elif event.document.id == document_id:
            spans = tuple((s.start, s.end) for s in event.sentences)
            time = (event.expression.start, event.expression.end)
            out.append(Passage(index, spans[0][0] if spans else time[0], spans, time))
    out.sort(key=lambda p: (p.start, p.event))
    return out


class ReaderScreen(ModalScreen[int | None]):
    """A document, whole; dismissed with the event to put the cursor on, or None."""

    BINDINGS: ClassVar[list[BindingType]] = READER_KEYS

    def __init__(
        self,
        document: Document,
        passages: Sequence[Passage],
        *,
        current_event: int | None,
        origin: str,
    ) -> None:
        super().__init__()
        self.document = document
        self.passages = list(passages)
        self.origin = origin  # the path (and source) line under the title
        self.start = next((i for i, p in enumerate(self.passages) if p.event == current_event), 0)

    def compose(self) -> ComposeResult:
        with Vertical(id="reader", classes="dialog"):
            # Text, not markup: a title from input may hold "[" (and is cleaned of controls).
            yield Label(Text(clean_line(self.document.title)), classes="dialog-title")
            yield Label(Text(clean_line(self.origin)), classes="dialog-hint")
            yield DocumentReader(
                self.document.text, self.passages, current=self.start, id="reader-text"
            )
            yield Label(id="reader-status", classes="dialog-hint")

    def on_mount(self) -> None:
        reader = self.query_one(DocumentReader)
        self._update_status()
        focus_first(self, reader)

    @property
    def reader(self) -> DocumentReader:
        return self.query_one(DocumentReader)

    def _update_status(self) -> None:
        count = len(self.passages)
        if not count:
            status = "No dated event in this document. q closes."
        else:
            where = self.reader.current + 1
            status = f"Event {where} of {count} here · n/p next/previous · enter go to it · q close"
        self.query_one("#reader-status", Label).update(status)

    def _step(self, delta: int) -> None:
        reader = self.reader
        if not self.passages:
            self.notify("No dated event in this document.")
            return
        target = reader.current + delta
        if not 0 <= target < len(self.passages):
            where = "last" if delta > 0 else "first"
            self.notify(f"This is the {where} event in the document.")
            return
        reader.set_current(target)
        self._update_status()

    def action_next_event(self) -> None:
        self._step(1)

    def action_previous_event(self) -> None:
        self._step(-1)

    def action_go_to_event(self) -> None:
        reader = self.reader
        if not 0 <= reader.current < len(self.passages):
            self.dismiss(None)
            return
        self.dismiss(self.passages[reader.current].event)

    def action_close(self) -> None:
        self.dismiss(None)
