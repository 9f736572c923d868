"""The export dialog (e): a format, a path, an overwrite check, and errors that keep it open.

The target is opened first, at once, through the session's `WritePolicy` (in a read-only
session that is the check: the export directory's descriptor, each directory below it
opened without following links); the render and the write then run in a thread worker,
so a 100,000-event export does not freeze the screen, and write through what was opened:
swapping a directory for a symbolic link while the worker renders redirects nothing. A
mistake (an unwritable path, a directory, a missing folder, a symbolic link loop, a name
too long) is shown in place and nothing the user typed is lost; an existing file asks
before it is replaced. The chosen format and folder are remembered for the rest of the
session (`ExportMemory`, kept by the app).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, RadioButton, RadioSet
from textual.worker import Worker, WorkerState

from timeline.export import FORMATS, ExportOptions, default_export_name
from timeline.export.files import Target, TargetExistsError, WriteError
from timeline.models import Event
from timeline.policy import WritePolicy
from tui.screens.base import DialogScreen, focus_first


@dataclass
class ExportMemory:
    """What the dialog remembers between exports in one session."""

    format: str
    directory: Path


class FormatButton(RadioButton):
    """A format radio drawn as "(•) json" / "( ) csv": the choice reads without colour.

    Textual's radio is "▐●▌" in both states, told apart by colour only, which NO_COLOR,
    256-colour terminals and plain-text captures lose.
    """

    @property
    def _button(self) -> Content:
        mark = "(•)" if self.value else "( )"
        return Content.styled(mark, self.get_visual_style("toggle--button"))


class FormatChoice(RadioSet):
    """The export formats in a grid: the arrow keys pick a format, enter exports.

    In a plain `RadioSet` the arrows only move a highlight and space picks; here the
    highlight *is* the choice, so what the user sees selected is what gets written.

    `chosen` follows the keys at once. The set's own record of the pressed button lags a
    message behind, so "right enter" typed together (or batched by SSH) would otherwise
    export the old format.
    """

    COLUMNS = 3  # as `grid-size` in app.tcss: up and down move by a row

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "move(1)", "Next format", show=False),
        Binding("left", "move(-1)", "Previous format", show=False),
        Binding("down", "move(3)", "Format below", show=False),
        Binding("up", "move(-3)", "Format above", show=False),
        Binding("enter", "submit", "Export", show=False),
    ]

    chosen = ""  # the name of the chosen format's button

    class Submitted(Message):
        """Enter was pressed on the format choice."""

    def on_mount(self) -> None:
        pressed = next((b for b in self.query(RadioButton) if b.value), None)
        self.chosen = (pressed.name or "") if pressed is not None else ""

    def on_radio_set_changed(self, message: RadioSet.Changed) -> None:
        self.chosen = message.pressed.name or self.chosen  # a click

    def action_move(self, delta: int) -> None:
        buttons = list(self.query(RadioButton))
        if not buttons:
            return
        names = [b.name for b in buttons]
        current = names.index(self.chosen) if self.chosen in names else 0
        index = max(0, min(len(buttons) - 1, current + delta))
        self._selected = index
        buttons[index].value = True
        self.chosen = buttons[index].name or ""

    def action_submit(self) -> None:
        self.post_message(self.Submitted())


class ExportScreen(DialogScreen[tuple[int, Path] | None]):
    """Choose a format and a path, then write the events there."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", "Export", id="export-write",
                tooltip="Write the file (asks before replacing one)."),
    ]  # fmt: skip

    def __init__(
        self,
        events: Sequence[Event],
        *,
        what: Literal["selected", "shown"],
        corpus_name: str,
        memory: ExportMemory,
        today: date,
        title: str = "",
        allowed_directory: Path | None = None,
        options: ExportOptions | None = None,
        hidden: int = 0,
    ) -> None:
        super().__init__()
        # A list made for this dialog, or the store's events read in batches as they are
        # written (`timeline.store.events.StoredEvents`): kept as given, never listed here.
        self.events = events
        # Selected events the filters hide: not exported, but the heading says how many.
        self.hidden = hidden
        # The config's TimelineJS grouping and eras, as the CLI uses them.
        self.options = options
        # Read-only sessions may write into this directory (and below) only.
        self.allowed_directory = allowed_directory
        self.policy = WritePolicy(
            read_only=allowed_directory is not None, export_directory=allowed_directory
        )
        self.what = what
        self.corpus_name = corpus_name
        self.memory = memory
        self.today = today
        self.title_text = title or corpus_name
        self.format = memory.format if memory.format in FORMATS else next(iter(FORMATS))
        if allowed_directory is not None and not _inside(memory.directory, allowed_directory):
            memory.directory = allowed_directory
        self.confirming: Path | None = None  # set while asking to overwrite this path
        self.writing: Target | None = None  # the target of the write under way

    def default_path(self, fmt: str) -> Path:
        return self.memory.directory / default_export_name(self.corpus_name, fmt, self.today)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(self.heading(), classes="dialog-title", id="export-title")
            yield Label(
                "←→↑↓ format · tab: file name · enter: export · esc: cancel",
                classes="dialog-hint",
            )
            yield Label("Format", classes="dialog-label")
            with FormatChoice(id="format"):
                for fmt in FORMATS:
                    yield FormatButton(fmt, value=fmt == self.format, name=fmt)
            yield Label("File", classes="dialog-label")
            yield Input(str(self.default_path(self.format)), id="path")
            yield Label("", id="error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export")
                yield Button("Overwrite", variant="warning", id="overwrite")
                yield Button("Cancel", id="cancel")

    def heading(self) -> str:
        """What will be written: "the 2 selected events" or "all 14 shown events"."""
        count = len(self.events)
        noun = "event" if count == 1 else "events"
        hidden = self.hidden
        are = "is" if hidden == 1 else "are"
        if self.what == "selected":
            more = f" ({hidden} more selected {are} hidden by the filters)" if hidden else ""
            return f"Export the {count} selected {noun}{more}"
        if hidden:
            return (
                f"Export all {count} shown {noun} ({hidden} selected {are} hidden by the filters)"
            )
        return f"Export all {count} shown {noun} (nothing is selected)"

    def on_unmount(self) -> None:
        # Cancelled, or the app quitting (a hang-up) while a slow disk still holds the
        # writer thread: its temporary file goes now, not after the process is gone.
        if self.writing is not None:
            self.writing.abandon()

    def on_mount(self) -> None:
        self._clear_error()
        path = self.query_one("#path", Input)
        path.cursor_position = len(path.value)
        # The format first: the arrows pick it, tab reaches the path, enter exports.
        focus_first(self, self.query_one("#format", FormatChoice))

    # -------------------------------------------------------------- helpers

    def _show_error(self, message: str) -> None:
        error = self.query_one("#error", Label)
        error.update(message)
        error.display = True

    def _clear_error(self) -> None:
        self.confirming = None
        self.query_one("#error", Label).display = False
        self.query_one("#overwrite", Button).display = False

    @on(RadioSet.Changed, "#format")
    def _format_changed(self, message: RadioSet.Changed) -> None:
        self._use_format(message.pressed.name or self.format)

    def _use_format(self, fmt: str) -> None:
        if fmt == self.format or fmt not in FORMATS:
            return
        path_input = self.query_one("#path", Input)
        path = Path(path_input.value)
        # Follow the format only where the name is still ours: the default name, or at least
        # the old format's extension. A name the user typed by hand is left alone.
        if path.name == self.default_path(self.format).name:
            path_input.value = str(path.with_name(self.default_path(fmt).name))
        elif path.suffix == FORMATS[self.format].suffix:
            path_input.value = str(path.with_suffix(FORMATS[fmt].suffix))
        self.format = fmt
        self._clear_error()

    @on(Input.Changed, "#path")
    def _path_changed(self) -> None:
        if self.confirming is not None and Path(self.query_one("#path", Input).value) != (
            self.confirming
        ):
            self._clear_error()

    def target(self) -> Target | None:
        """Open the place to write, now (before any rendering); None, with the reason
        shown, when the path is refused or cannot be used. The caller closes it."""
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self._show_error("Give a file name to export to.")
            return None
        mismatch = suffix_mismatch(Path(text).suffix, self.format)
        if mismatch:
            self._show_error(mismatch)
            return None
        try:
            path = Path(text).expanduser()
            path = path if path.is_absolute() else Path.cwd() / path
            # Read-only: `..` and symlinks are resolved for the check, and the write then
            # goes through the directory descriptors the check opened (timeline.policy).
            return self.policy.open_file(path)
        except WriteError as exc:
            self._show_error(str(exc))
        except (OSError, RuntimeError, ValueError) as exc:  # never a traceback for a path
            self._show_error(f"{text}: cannot export there ({exc})")
        return None

    # -------------------------------------------------------------- writing

    def action_export(self) -> None:
        self._write(force=False)

    @on(Input.Submitted, "#path")
    def _submitted(self) -> None:
        if self.confirming is not None:
            self._write(force=True)
        else:
            self._write(force=False)

    @on(FormatChoice.Submitted)
    @on(Button.Pressed, "#export")
    def _export_pressed(self) -> None:
        self._write(force=False)

    @on(Button.Pressed, "#overwrite")
    def _overwrite_pressed(self) -> None:
        self._write(force=True)

    def _write(self, *, force: bool) -> None:
        self._use_format(self.query_one("#format", FormatChoice).chosen)
        target = self.target()
        if target is None:
            return
        self.query_one("#export", Button).disabled = True
        fmt, events, title, options = (
            FORMATS[self.format],
            self.events,
            self.title_text,
            self.options,
        )

        def write() -> int:
            try:
                target.write(fmt.encode(events, title=title, options=options), force=force)
            finally:
                target.close()
            return len(events)

        worker = self.run_worker(
            write, thread=True, exclusive=True, group="export", exit_on_error=False
        )
        worker.name = str(target.path)
        self.writing = target

    def on_worker_state_changed(self, message: Worker.StateChanged) -> None:
        worker = message.worker
        if worker.group != "export" or message.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            return
        self.query_one("#export", Button).disabled = False
        self.writing = None
        path = Path(worker.name)
        if message.state is WorkerState.SUCCESS:
            count = int(worker.result or 0)
            self.memory.format = self.format
            self.memory.directory = path.parent
            noun = "event" if count == 1 else "events"
            self.app.notify(f"Exported {count} {noun} to {path}", title="Export")
            self.dismiss((count, path))
            return
        error = worker.error
        if isinstance(error, TargetExistsError):
            self._show_error(f"{path} already exists. Overwrite it?")
            self.confirming = path
            overwrite = self.query_one("#overwrite", Button)
            overwrite.display = True
            overwrite.focus()
        elif isinstance(error, WriteError):
            self._show_error(str(error))
            self.query_one("#path", Input).focus()
        else:  # an unexpected failure is still reported, never a crash of the whole app
            self._show_error(f"{path}: export failed ({error})")
            self.query_one("#path", Input).focus()


def suffix_mismatch(suffix: str, fmt: str) -> str:
    """Why a file ending in ``suffix`` must not hold format ``fmt``, or "" when it may.

    A name ending in another format's extension ("x.json" for iCalendar) is refused rather
    than silently written in the wrong format or silently renamed; an extension no format
    uses (".txt", none) is the user's own choice and allowed.
    """
    own = FORMATS[fmt].suffix
    suffix = suffix.lower()
    others = [name for name, f in FORMATS.items() if f.suffix == suffix]
    if not others or suffix == own:
        return ""
    return (
        f"The file name ends in {suffix} but the format is {fmt}: "
        f"end it in {own}, or pick {' or '.join(others)}."
    )


def _inside(directory: Path, allowed: Path) -> bool:
    """Whether ``directory`` is ``allowed`` or below it (False when either cannot be
    resolved: a loop, a name too long)."""
    try:
        return directory.resolve().is_relative_to(allowed.resolve())
    except (OSError, RuntimeError, ValueError):
        return False
