"""The go-to-date dialog (d): type a year, a month or a day; the cursor jumps there.

"1992", "1992-05", "1992-05-08", "May 1992" and "8 May 1992" are all read; the cursor goes to
the first shown event that starts on or after the first day of what was typed.
"""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from timeline.timeline import FilterError, parse_bound
from tui.screens.base import DialogScreen, focus_first

# Written-out dates, tried after the ISO forms ("1992", "1992-05", "1992-05-08").
WRITTEN_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%B %Y", "%b %Y")
HINT = "1992 · 1992-05 · 8 May 1992 · May 1992"


def parse_goto(text: str) -> date:
    """The first day of the year, month or day ``text`` names; FilterError says why not."""
    text = " ".join(text.replace(",", " ").split())
    if not text:
        raise FilterError(f"type a date: {HINT}")
    try:
        return parse_bound(text, upper=False)
    except FilterError as iso_error:
        for form in WRITTEN_FORMATS:
            try:
                return datetime.strptime(text, form).date()
            except ValueError:
                continue
        if text[:1].isdigit() and "-" in text:
            raise iso_error from None  # "2022-13": the ISO reader says what is wrong
        raise FilterError(f"{text!r} is not a date; try {HINT}") from None


class GoToDateScreen(DialogScreen[date | None]):
    """Ask for a date; a mistake is explained in place and the dialog stays open."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label("Go to a date", classes="dialog-title")
            yield Label(HINT, classes="dialog-hint")
            yield Input(placeholder="1992-05", id="goto")
            yield Label("", id="error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Go", variant="primary", id="go")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#error", Label).display = False
        focus_first(self, self.query_one("#goto", Input))

    def _go(self) -> None:
        try:
            day = parse_goto(self.query_one("#goto", Input).value)
        except FilterError as exc:
            error = self.query_one("#error", Label)
            error.update(Text(str(exc)))  # the message quotes what was typed: no markup
            error.display = True
            return
        self.dismiss(day)

    @on(Input.Submitted, "#goto")
    def _submitted(self) -> None:
        self._go()

    @on(Input.Changed, "#goto")
    def _changed(self) -> None:
        self.query_one("#error", Label).display = False

    @on(Button.Pressed, "#go")
    def _go_pressed(self) -> None:
        self._go()
