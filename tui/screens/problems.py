"""The load problems screen: every file that could not be read (or only partly), and why."""

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

from timeline.models import Problem
from tui.screens.base import focus_first
from tui.widgets.safe import clean_line


class ProblemsScreen(ModalScreen[None]):
    """A table of problem files: path, skipped or warning, message."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="problems-close", tooltip="Back to the timeline."),
    ]

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__()
        self.problems = list(problems)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog wide"):
            yield Label(f"{len(self.problems)} files with problems", classes="dialog-title")
            with VerticalScroll(id="problems-body"):
                yield Static(self._table())
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", variant="primary", id="close")

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column("status", no_wrap=True)
        table.add_column("file", overflow="fold")
        table.add_column("problem", ratio=1)
        for problem in self.problems:
            status = Text("skipped", style="bold") if problem.fatal else Text("warning")
            # File names and messages (which may quote a file's metadata) come from input: as
            # Text (never markup), on one line each, controls made visible.
            table.add_row(status, Text(clean_line(problem.path)), Text(clean_line(problem.message)))
        return table

    def on_mount(self) -> None:
        focus_first(self, self.query_one("#problems-body"))

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#close")
    def _close_pressed(self) -> None:
        self.dismiss(None)
