"""What the screens need from the app that runs them, as a protocol.

The main screen asks the app for its configuration, its key map, the problems met reading the
files, the export memory, and to open dialogs and hand back held keys. It reaches them through
`ExplorerHost`, so the screens never import `tui.app`, which imports them: the modules of the
TUI import each other in one direction only (tests/test_architecture.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Protocol

from textual.screen import ModalScreen, ScreenResultCallbackType

from timeline.config import Config
from timeline.models import Problem
from timeline.session import SessionStore
from tui.screens.export import ExportMemory


class ExplorerHost(Protocol):
    """The app as the screens see it (`tui.app.ConflictApp` is one)."""

    config: Config
    read_only: bool
    roots: list[Path]
    session: SessionStore | None
    keymap: dict[str, str]
    problems: list[Problem]
    export_memory: ExportMemory
    today: Callable[[], date]

    def open_dialog(
        self, screen: ModalScreen, callback: ScreenResultCallbackType | None = None
    ) -> None: ...

    async def release_keys(self) -> None: ...

    def action_show_problems(self) -> None: ...
