"""Named views (the palette's "Save view" and "Open view"): filters, search and selection
kept under a name for this corpus, beside its session state (`timeline.session`)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from timeline.session import MAX_VIEW_NAME
from tui.screens.base import DialogScreen, focus_first
from tui.widgets.safe import clean_line


def view_name(typed: str) -> str:
    """A name as typed, on one line with controls made visible, spaces collapsed; ValueError
    when it is empty or too long."""
    name = " ".join(clean_line(typed).split())
    if not name:
        raise ValueError("type a name for the view")
    if len(name) > MAX_VIEW_NAME:
        raise ValueError(f"at most {MAX_VIEW_NAME} characters")
    return name


class SaveViewScreen(DialogScreen[str | None]):
    """Ask for a name; the view is saved under it (an existing one is replaced)."""

    def __init__(self, describe: str, existing: Sequence[str]) -> None:
        super().__init__()
        self.describe = describe  # what is being saved, in words
        self.existing = list(existing)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label("Save the view", classes="dialog-title")
            yield Label(Text(clean_line(self.describe)), classes="dialog-hint")
            yield Input(placeholder="a name: Kherson 2022", id="view-name")
            yield Label("", id="error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#error", Label).display = False
        focus_first(self, self.query_one("#view-name", Input))

    def _save(self) -> None:
        try:
            name = view_name(self.query_one("#view-name", Input).value)
        except ValueError as exc:
            error = self.query_one("#error", Label)
            error.update(Text(str(exc)))
            error.display = True
            return
        self.dismiss(name)

    @on(Input.Submitted, "#view-name")
    def _submitted(self) -> None:
        self._save()

    @on(Input.Changed, "#view-name")
    def _changed(self, message: Input.Changed) -> None:
        error = self.query_one("#error", Label)
        try:
            name = view_name(message.value)
        except ValueError:
            error.display = False
            return
        # Said before it happens: saving under a name in use replaces that view.
        error.update(Text(f"replaces the view “{name}”") if name in self.existing else "")
        error.display = name in self.existing

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self._save()


class OpenViewScreen(DialogScreen[str | None]):
    """Pick a saved view; enter opens it."""

    def __init__(self, names: Sequence[str]) -> None:
        super().__init__()
        self.names = sorted(names, key=str.casefold)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label("Open a saved view", classes="dialog-title")
            yield Label("↑↓ choose · enter opens · q closes", classes="dialog-hint")
            # Text, not markup: a name is typed by a user but stored in a file (input).
            options = [Option(Text(clean_line(n)), id=str(i)) for i, n in enumerate(self.names)]
            yield OptionList(*options, id="view-list")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Open", variant="primary", id="open")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        views = self.query_one("#view-list", OptionList)
        views.highlighted = 0
        focus_first(self, views)

    def _open(self) -> None:
        highlighted = self.query_one("#view-list", OptionList).highlighted
        if highlighted is not None:
            self.dismiss(self.names[highlighted])

    @on(OptionList.OptionSelected, "#view-list")
    def _selected(self) -> None:
        self._open()

    @on(Button.Pressed, "#open")
    def _open_pressed(self) -> None:
        self._open()
