"""The help screen (?): every key, grouped, as the keymap has them now."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tui.keys import KeyHelp
from tui.screens.base import focus_first
from tui.widgets.safe import clean_line

NOTES = (
    "q closes a dialog whenever no text field has the focus; in a text field, ctrl+c or\n"
    "the Cancel button do. Esc closes dialogs too and clears the search.\n"
    "e and y take the selected events the filters show (the export title counts hidden ones).\n"
    "Tab to the detail pane: the arrows and j/k scroll it.\n"
    "In the reader (r): n/p highlight the document's next/previous event, enter puts the\n"
    "cursor on it, j/k and the arrows scroll, q or esc closes.\n"
    "In the chart (c): ←/→ (h/l) move its period cursor, home/end the first/last period,\n"
    "m counts per month or year, s stacks by event type or actor, enter puts the cursor on\n"
    "the period's first event, q, esc or c closes. The filter keys and / work with it open\n"
    "(• marks the periods with search hits).\n"
    "Saved views (ctrl+p: Save, Open, Export, Rename, Delete view): in their list enter\n"
    "does what the command says, e exports, r renames, d deletes (y confirms).\n"
    "Mouse: click a row to move there, double-click to select it; scroll with the wheel.\n"
    "Keys can be remapped by binding id in the config file's [keys] table, e.g.\n"
    '  export = "ctrl+e"'
)


class HelpScreen(ModalScreen[None]):
    """A table of keys: what they do, and the binding id to remap them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help-close",
                tooltip="Back to the timeline."),
    ]  # fmt: skip

    def __init__(self, keys: Sequence[KeyHelp]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog wide"):
            yield Label("Keys", classes="dialog-title")
            yield Label("↑↓ pgup pgdn scroll · q, ? or esc closes", classes="dialog-hint")
            with VerticalScroll(id="help-body"):
                yield Static(self._table(), id="help-table")
                yield Static(Text(NOTES), id="help-notes")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", variant="primary", id="close")

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column("keys", style="bold", no_wrap=True)
        table.add_column("what", no_wrap=True)
        table.add_column("details", ratio=1)
        group = None
        for key in self.keys:
            if key.group != group:
                if group is not None:
                    table.add_row("", "", "")
                table.add_row(Text(key.group, style="bold underline"), "", "")
                group = key.group
            # The keys come from the user's keymap (the config file): plain text, one line.
            table.add_row(
                Text(clean_line(key.keys)), key.description, Text(key.tooltip, style="dim")
            )
        return table

    def on_mount(self) -> None:
        focus_first(self, self.query_one("#help-body"))

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#close")
    def _close_pressed(self) -> None:
        self.dismiss(None)
