"""The conflict-tui Textual application: configuration, loading, quitting; the rest is screens.

`ConflictApp` takes either a ready `Timeline` (tests, the benchmark) or paths, which it reads
in a thread worker through `timeline.pipeline.build_timeline` while a progress bar counts the
documents. `run_app` is what the console script calls. What the user was looking at is
restored once the timeline is shown and saved on the way out (`timeline.session`), unless
``--fresh`` or the read-only policy says otherwise.

Nothing is left running (issue 11): ``q``, ctrl+c, SIGHUP, SIGTERM and the end of the input
stream (a terminal that is gone) end the process within about a second, even in the middle
of a load. The load stops between documents once the app is told to quit; one document's
analysis cannot be interrupted, so `run_app`, once Textual has restored the terminal, waits
`EXIT_GRACE` for the app's threads and then ends the process without them (`end_process`).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import functools
import gc
import os
import selectors
import signal
import sys
import threading
import time
import traceback
from codecs import getincrementaldecoder
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.driver import Driver
from textual.screen import ModalScreen, Screen, ScreenResultCallbackType
from textual.timer import Timer
from textual.worker import Worker, WorkerState, get_current_worker

from timeline.config import Config
from timeline.models import Problem
from timeline.sanitize import clean_line
from timeline.session import SessionError, SessionStore, session_directory, state_limit
from timeline.store import StoreChoice
from timeline.store.events import StoredTimeline
from timeline.timeline import Timeline
from timeline.watch import DEFAULT_INTERVAL
from tui.commands import TimelineCommands
from tui.keys import APP_KEYS
from tui.preview import LoadPreview
from tui.screens.export import ExportMemory
from tui.screens.main import MainScreen
from tui.screens.problems import ProblemsScreen
from tui.watch import CorpusWatch

if TYPE_CHECKING:
    from timeline.pipeline import DocumentHook

# One notification per problem file up to this many; beyond, a summary and a list screen.
PROBLEM_NOTIFICATIONS = 3
BIG_CORPUS = 10_000
# A corpus of this many events or more, opened through a store (not --no-store, --watch or
# a reopened export), is explored over the store's rows (`tui.store_rows`), never built as a
# list of events in memory (`timeline.pipeline.build_timeline(rows_min=...)`).
STORE_ROWS_MIN = 20_000
PROGRESS_INTERVAL = 0.1  # seconds between two moves of the loading progress bar
# Keys are held at most this long behind a bound key on its way to the app (milliseconds)
# or while a dialog opens (a dialog releases them itself in ~20 ms): a safety net.
HOLD_KEYS_MAX = 1.0
# A dropped SSH link sends SIGHUP; an admin's kill or a logout sends SIGTERM.
HANGUP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)
)
HANGUP_GRACE = 1.0  # seconds a hung-up app may take to exit before it is ended
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports it
# Seconds `run_app` waits, once Textual has restored the terminal, for the app's threads (a
# load in the middle of one long document, an export held by a slow disk) before it ends
# the process without them.
EXIT_GRACE = 0.3
# Seconds the exit functions (the export writer's temporary-file cleanup) get when the
# process is ended that way.
CLEANUP_MAX = 0.5


def end_process(status: int) -> NoReturn:
    """End the process now, whatever its threads are doing, with exit status ``status``.

    The interpreter's own exit would wait for every worker thread (a load can take minutes
    in one document); this runs the exit functions (`atexit`: the export writer removes its
    temporary files), for at most CLEANUP_MAX seconds in case one blocks on a dead
    terminal, then calls `os._exit`.
    """

    def cleanup() -> None:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        run_exit_functions = getattr(atexit, "_run_exitfuncs", None)
        if run_exit_functions is not None:
            with contextlib.suppress(BaseException):
                run_exit_functions()

    thread = threading.Thread(target=cleanup, name="conflict-tui-cleanup", daemon=True)
    try:
        thread.start()
    except RuntimeError:  # the interpreter is finishing: its own exit runs them
        pass
    else:
        thread.join(CLEANUP_MAX)
    os._exit(status)


@functools.cache
def end_of_input_driver() -> tuple[type[Driver], type[Driver]] | None:
    """Textual's Linux driver and ours, which ends the app at the end of its input.

    None on Windows, which has neither."""
    if sys.platform == "win32":
        return None
    from textual._xterm_parser import XTermParser
    from textual.drivers.linux_driver import LinuxDriver

    class EndOfInputDriver(LinuxDriver):
        """Textual's driver for Linux and macOS, but the end of the input ends the app.

        Textual's input thread takes an empty read for "nothing this time" and selects
        again. At the end of the stream (a terminal hung up, a pipe whose writer left)
        select reports input at once, every time: the thread spins on a core and the app
        never learns that its user is gone. Here an empty read, or EIO from a terminal that
        was hung up, tells the app (`ConflictApp.input_ended`) and the thread stops reading.
        """

        def run_input_thread(self) -> None:
            selector = selectors.SelectSelector()
            selector.register(self.fileno, selectors.EVENT_READ)
            parser = XTermParser(self._debug)
            decode = getincrementaldecoder("utf-8")().decode

            def read() -> bool:
                """Feed what is waiting to the app; False at the end of the input."""
                if selector.select(0.1):
                    try:
                        data = os.read(self.fileno, 4096)
                    except OSError:  # EIO: the terminal is gone
                        data = b""
                    if not data:
                        return False
                    for event in parser.feed(decode(data)):
                        self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)
                return True

            try:
                while not self.exit_event.is_set():
                    if not read():
                        self._end_of_input()
                        return
                for event in parser.tick():  # a lone Esc still waiting, as Textual does
                    self.process_message(event)
            finally:
                selector.close()
                with contextlib.suppress(Exception):
                    for _event in parser.feed(""):
                        pass

        def _end_of_input(self) -> None:
            app = self._app
            ended = getattr(app, "input_ended", None)
            app.call_later(ended if ended is not None else app.exit)

    return LinuxDriver, EndOfInputDriver


class ConflictApp(App[int]):
    """A keyboard-first explorer of a dated, sourced chronology."""

    CSS_PATH = "app.tcss"
    TITLE = "conflict-tui"
    COMMANDS: ClassVar = App.COMMANDS | {TimelineCommands}
    NOTIFICATION_TIMEOUT: ClassVar[float] = 6

    BINDINGS: ClassVar[list[BindingType]] = APP_KEYS

    def __init__(
        self,
        source: Sequence[Path] | Timeline | StoredTimeline = (),
        *,
        config: Config | None = None,
        gazetteer_files: Sequence[Path] = (),
        read_only: bool = False,
        today: Callable[[], date] = date.today,
        roots: Sequence[Path] = (),
        fresh: bool = False,
        store: StoreChoice | None = None,
        jobs: int = 1,
        index_dir: Path | None = None,
        watch: bool = False,
        watch_interval: float = DEFAULT_INTERVAL,
    ) -> None:
        super().__init__()
        # The corpus's store (`timeline.store`) and the extraction processes: the command
        # line's choice (`tui.cli`); none and serial for an app made in code.
        self.store = store
        self.jobs = jobs
        self.index_dir = index_dir  # the GeoNames index cache when there is no store
        self.config = config or Config()
        # A ready timeline (tests, the benchmark): in memory, or the rows of a store.
        self.initial = source if isinstance(source, Timeline | StoredTimeline) else None
        self.paths: list[Path] = [] if self.initial is not None else list(source)  # type: ignore[arg-type]
        self.read_only = read_only or self.config.read_only
        # The corpus's roots: paths are shown relative to them. Given with a ready timeline
        # (tests); the paths read, else the bundled seeds.
        self.roots: list[Path] = list(roots)
        if not self.roots and self.initial is None:
            from timeline.loader import seed_dir

            self.roots = list(self.paths) or [seed_dir()]
        # Each corpus's state between runs (`timeline.session`): none without roots to name
        # the corpus by, or in a read-only session whose site config gives no directory.
        directory = session_directory(self.config, read_only=self.read_only)
        self.session = SessionStore(directory, self.roots) if directory and self.roots else None
        self.fresh = fresh  # --fresh: start clean, restore nothing (still saved on quit)
        self._session_saved = False
        self.gazetteer_files = list(gazetteer_files) or list(self.config.gazetteer)
        # The export dialog's date comes from here so snapshots do not change tomorrow.
        self.today = today
        self.keymap: dict[str, str] = dict(self.config.keys)
        self.export_memory = ExportMemory(
            format=self.config.export.format,
            directory=self.config.export.directory or Path.cwd(),
        )
        self.problems: list[Problem] = []
        self._hangup_installed = False
        self._hanging_up = False
        # Set once the app is told to quit: the load stops at the next document.
        self._quitting = threading.Event()
        self._held_keys: list[events.Key] | None = None
        self._hold_timer: Timer | None = None
        # --watch: the paths read are polled and the timeline rebuilt when they change.
        self.watch: CorpusWatch | None = None
        if watch and self.paths:
            self.watch = CorpusWatch(
                self, self.paths, self.build_corpus, self._quitting, interval=watch_interval
            )
        # While set, the held keys wait for this key to reach the app and run its binding.
        self._awaited_key: events.Key | None = None
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, except that the Linux one ends the app at the end of input."""
        driver_class = super().get_driver_class()
        drivers = end_of_input_driver()
        if drivers is not None and driver_class is drivers[0]:  # not TEXTUAL_DRIVER's
            return drivers[1]
        return driver_class

    @property
    def main_screen(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def get_default_screen(self) -> Screen:
        return MainScreen(self.initial, loading=self.initial is None)

    def on_mount(self) -> None:
        self._apply_config()
        self._install_hangup_handler()
        if self.initial is not None:
            if isinstance(self.initial, Timeline):
                self._freeze_if_big(self.initial)
            self.report_problems(self.initial.problems)
            self.call_after_refresh(self.restore_session)
            self.call_after_refresh(self._settled)
        else:
            # After the first refresh, so the screen is composed when progress arrives.
            self.call_after_refresh(self.load_timeline)

    def _apply_config(self) -> None:
        if self.config.theme not in self.available_themes:
            self.notify(
                f"Unknown theme {self.config.theme!r} in the config; using {self.theme}.",
                severity="warning",
            )
        if self.keymap:
            known = self.binding_ids()
            unknown = sorted(set(self.keymap) - known)
            for binding_id in unknown:
                self.notify(
                    f"No key binding with id {binding_id!r} (see ? for the ids).",
                    severity="warning",
                )
            self.set_keymap({k: v for k, v in self.keymap.items() if k in known})

    def binding_ids(self) -> set[str]:
        """Every binding id the keymap can remap."""
        from tui.screens.base import DialogScreen
        from tui.screens.context import ContextScreen
        from tui.screens.export import ExportScreen
        from tui.screens.filters import ActorFilterScreen, ActorList
        from tui.screens.help import HelpScreen
        from tui.screens.reader import ReaderScreen
        from tui.screens.views import ConfirmDeleteScreen, OpenViewScreen
        from tui.widgets.chart import ChartView
        from tui.widgets.detail import DetailPane
        from tui.widgets.reader import DocumentReader
        from tui.widgets.timeline_view import TimelineView

        owners: list[type] = [
            type(self),
            MainScreen,
            TimelineView,
            DetailPane,
            DialogScreen,
            ActorFilterScreen,
            ActorList,
            ExportScreen,
            HelpScreen,
            ContextScreen,
            ProblemsScreen,
            ReaderScreen,
            DocumentReader,
            ChartView,
            OpenViewScreen,
            ConfirmDeleteScreen,
        ]
        return {
            b.id
            for owner in owners
            for b in owner.__dict__.get("BINDINGS", [])
            if isinstance(b, Binding) and b.id
        }

    # ---------------------------------------------------------------- loading

    def load_timeline(self) -> None:
        self.run_worker(self._build, thread=True, exclusive=True, group="load", exit_on_error=False)

    def _build(self) -> Timeline:
        from timeline.pipeline import LoadCancelled, corpus_name

        worker = get_current_worker()

        def cancelled() -> bool:
            return self._quitting.is_set() or worker.is_cancelled

        last = float("-inf")

        def progress(done: int, total: int) -> None:
            nonlocal last
            if cancelled():  # the app may no longer be there to take it
                raise LoadCancelled
            # Each update waits for the screen: ten a second, not one per file (a corpus of
            # 4,096 files loaded about 1.4 times slower with one per file).
            now = time.monotonic()
            if now - last >= PROGRESS_INTERVAL or done == total:
                last = now
                self.call_from_thread(self.main_screen.show_progress, done, total)

        def announce(why: str) -> None:
            self.call_from_thread(self.main_screen.show_loading_reason, why)

        def show(timeline: Timeline) -> None:
            if cancelled():
                raise LoadCancelled
            self.call_from_thread(self.main_screen.show_preview, timeline)

        preview = LoadPreview(show, name=corpus_name(self.paths))

        if self.watch is not None:
            self.watch.prime()  # what this build reads: later changes are the watch's
        return self.build_corpus(cancelled, progress, announce, preview)

    def build_corpus(
        self,
        cancelled: Callable[[], bool],
        progress: Callable[[int, int], None] | None = None,
        announce: Callable[[str], None] | None = None,
        on_document: DocumentHook | None = None,
    ) -> Timeline | StoredTimeline:
        """The timeline of the paths (in a worker thread), through the corpus store: left
        in the store as rows when it has `STORE_ROWS_MIN` events or more (not under
        --watch, whose rebuilds carry the selection across in memory)."""
        from timeline.pipeline import build_timeline

        timeline = build_timeline(
            self.paths,
            gazetteer_files=self.gazetteer_files,
            progress=progress,
            cancelled=cancelled,
            limits=self.config.limits.limits(),
            store=self.store,
            jobs=self.jobs,
            index_dir=self.index_dir,
            announce=announce,
            on_document=on_document,
            rows_min=STORE_ROWS_MIN if self.watch is None else None,
        )
        if isinstance(timeline, StoredTimeline):
            return timeline
        if self.watch is not None and self.watch.started:
            self._freeze_if_big(timeline)  # a rebuild: frozen before it is swapped in
        return timeline

    def on_worker_state_changed(self, message: Worker.StateChanged) -> None:
        from timeline.pipeline import LoadCancelled

        if message.worker.group != "load":
            return
        if message.state is WorkerState.SUCCESS:
            result = message.worker.result
            assert isinstance(result, Timeline | StoredTimeline)
            self._loaded(result)
        elif message.state is WorkerState.ERROR:
            error = message.worker.error
            if isinstance(error, LoadCancelled):
                return
            self.notify(f"Could not build the timeline: {error}", severity="error", timeout=30)
            self._loaded(Timeline([], name="nothing loaded"))

    @staticmethod
    def _freeze_if_big(timeline: Timeline) -> None:
        if len(timeline) >= BIG_CORPUS:
            # A big corpus is millions of long-lived objects; unless they are frozen, each
            # full GC pass walks them all and stalls a keypress for hundreds of milliseconds.
            gc.freeze()

    def _settled(self) -> None:
        """Once the timeline is shown: freeze what is alive (the timeline, the widgets,
        Textual's own), whatever the corpus's size. Unfrozen, every full collection walks
        it all: 50-80 ms with the 14-event seed, a key's frame every few seconds taking
        70-100 ms instead of 20 (measured with gc.callbacks against bench_tui's presses)."""
        gc.freeze()

    def _loaded(self, timeline: Timeline | StoredTimeline) -> None:
        self.call_after_refresh(self._settled)
        screen = self.main_screen
        moved = screen.preview_cursor()  # where the user went while it loaded
        if isinstance(timeline, StoredTimeline):
            screen.set_stored(timeline)
        else:
            self._freeze_if_big(timeline)
            screen.set_timeline(timeline)
        self.report_problems(timeline.problems)
        self.restore_session()
        if moved:  # the user's own move wins over the last session's cursor
            screen.move_to(moved)
        if self.watch is not None:
            self.watch.start()

    # ---------------------------------------------------------------- session

    def restore_session(self) -> None:
        """Bring back what the user was looking at last time in this corpus (not --fresh)."""
        if self.session is None or self.fresh:
            return
        try:
            state = self.session.load(limit=state_limit(self.main_screen.named_events))
        except SessionError as exc:
            # Made by us, but it sits on disk: treat it as input. Never a crash.
            self.notify(clean_line(str(exc)), title="Saved session", severity="warning")
            return
        if state is None:
            return
        if state.theme and state.theme in self.available_themes:
            self.theme = state.theme
        # Events that are gone (a file removed) are dropped quietly.
        self.main_screen.restore_session(state)

    def save_session(self) -> str | None:
        """Keep the selection, filters, search, cursor and theme for the next run. Returns
        what could not be kept, for stderr once the terminal is restored (`exit`): quitting
        leaves no screen to show a notification on, and a lost selection must not be silent."""
        if self.session is None or self._session_saved or self.main_screen.is_loading:
            return None
        self._session_saved = True
        screen = self.main_screen
        try:
            left_out = self.session.save(
                screen.session_state(self.theme), limit=state_limit(screen.named_events)
            )
        except SessionError as exc:
            return f"conflict-tui: the session was not saved: {clean_line(str(exc))}"
        return None if left_out is None else f"conflict-tui: {clean_line(left_out)}"

    def report_problems(self, problems: Sequence[Problem]) -> None:
        """One notification per bad file, or a summary and the list when there are many."""
        self.problems = list(problems)
        if not problems:
            return
        if len(problems) <= PROBLEM_NOTIFICATIONS:
            for problem in problems:
                # File names and messages come from strangers: no control sequence, no markup.
                self.notify(
                    clean_line(problem.message),
                    title=clean_line(problem.path),
                    severity="error" if problem.fatal else "warning",
                    timeout=15,
                    markup=False,
                )
            return
        skipped = sum(p.fatal for p in problems)
        self.notify(
            f"{skipped} files skipped, {len(problems) - skipped} with warnings. p lists them.",
            title="Problems reading files",
            severity="error" if skipped else "warning",
            timeout=20,
        )

    def action_show_problems(self) -> None:
        if self.problems:
            self.open_dialog(ProblemsScreen(self.problems))
        else:
            self.notify("Every file was read without problems.")

    # ------------------------------------------------------- opening dialogs

    def open_dialog(
        self, screen: ModalScreen, callback: ScreenResultCallbackType | None = None
    ) -> None:
        """Push a dialog; keys typed meanwhile are held until it focuses its first field."""
        # Opened by a key, from the palette or from code: the dialog releases the keys now.
        self._awaited_key = None
        self.hold_keys()
        self.push_screen(screen, callback)

    def hold_keys(self) -> None:
        """Hold incoming keys until `release_keys` (or HOLD_KEYS_MAX as a safety net).

        Over SSH, keys typed right after the one that opens a dialog ("t2020⏎") often arrive
        in one packet. Textual routes each key to whatever has focus when it is read, which
        would be the list behind the dialog: the digits would be lost and the enter would
        apply an empty range. So the app holds what follows a dialog key, and the dialog
        releases it once its field has focus (`tui.screens.base.focus_first`). Keys also
        wait behind any bound key until its binding has run (`on_event`).
        """
        if self._held_keys is None:
            self._held_keys = []
        if self._hold_timer is not None:
            self._hold_timer.stop()
        self._hold_timer = self.set_timer(HOLD_KEYS_MAX, self.release_keys)

    async def release_keys(self) -> None:
        """Take the held keys now, in order, with whatever has focus now.

        Taken here rather than posted back to the app's queue, where keys that arrived
        meanwhile would be ahead of them: typed text would come out shuffled.
        """
        held, self._held_keys = self._held_keys or [], None
        self._awaited_key = None
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        for index, key in enumerate(held):
            if self._held_keys is not None:  # a key just taken holds the ones after it
                self._held_keys.extend(held[index:])
                break
            await self._take_key(key)

    def _first_action(self, event: events.Key) -> str | None:
        """The action ``event`` will run through a binding, or None if the focus takes it.

        None too when the focused widget consumes the key itself (a letter in an Input).
        """
        focused = self.focused
        if focused is not None and focused.check_consume_key(event.key, event.character):
            return None
        for _node, bindings in self.screen._modal_binding_chain:
            for binding in bindings.key_to_bindings.get(event.key, ()):
                # Textual runs the first binding for the key along this chain (an Input's
                # enter submits; it does not reach the screen's enter, which opens context).
                return binding.action.rpartition(".")[2]
        return None

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key):
            await super().on_event(event)
            return
        if event.is_forwarded:
            # A key on its way back up from the focused widget: its binding runs here.
            await super().on_event(event)
            if event is self._awaited_key:
                await self.release_keys()
            return
        if self._held_keys is not None:
            self._held_keys.append(event)
            return
        await self._take_key(event)

    async def _take_key(self, event: events.Key) -> None:
        """Hand a key from the terminal to Textual; hold the ones after it if need be."""
        action = self._first_action(event)
        palette = isinstance(self.screen, CommandPalette)
        await super().on_event(event)
        if palette and event.key == "enter":
            # Enter in the palette may run a command (after the palette has gone): the keys
            # typed behind it ("Go to date⏎2011⏎") are for what the command opens, not for the
            # closing palette's field, whose second enter would close it twice (a crash).
            self.hold_keys()
            return
        if action is None or not event.is_forwarded:
            return  # the focused widget takes it, or a priority binding has already run
        # Textual hands a key to the focused widget, which passes it up, widget by widget,
        # to the app where its binding runs; the keys after it go straight to the focused
        # widget. In one burst (SSH, a paste) they would overtake it: text typed behind a
        # tab or an Input's ctrl+u would land before the focus move or the clearing. So
        # the next keys wait until this one has run. A key that opens a dialog leaves them
        # held for the dialog, which releases them once its first field has focus.
        self._awaited_key = event
        self.hold_keys()

    def on_command_palette_closed(self, message: CommandPalette.Closed) -> None:
        """Once the command chosen in the palette has run, the held keys go to whatever has
        the focus then; a dialog the command opened takes them itself (`open_dialog`)."""
        if message.option_selected:
            self.call_after_refresh(self._keys_after_command)
        else:
            self.call_after_refresh(self.release_keys)

    async def _keys_after_command(self) -> None:
        if self._held_keys is not None and not isinstance(self.screen, ModalScreen):
            await self.release_keys()

    # -------------------------------------------------------------- read-only

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's palette commands, less "Screenshot" (a file write) in read-only mode."""
        for command in super().get_system_commands(screen):
            if self.read_only and command.title == "Screenshot":
                continue
            yield command

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Save an SVG screenshot, except in read-only mode: it writes outside the exports."""
        if self.read_only:
            self.notify("Read-only session: screenshots are off.", severity="warning")
            return None
        return super().deliver_screenshot(filename, path, time_format)

    # ---------------------------------------------------------------- quitting

    def exit(
        self,
        result: int | None = None,
        return_code: int = 0,
        message: RenderableType | None = None,
    ) -> None:
        """Exit the app, keeping the session; a load under way stops at its next document."""
        self._quitting.set()
        warning = None
        with contextlib.suppress(Exception):  # no screen yet, say: quitting must not fail
            warning = self.save_session()
        if message is None and warning is not None and not self._hanging_up:
            # Printed on stderr after the terminal is restored (not on a hung-up link).
            message = Text(warning)
        super().exit(result, return_code, message)

    def action_interrupt(self) -> None:
        """ctrl+c: close a dialog (or the palette) if one is open, else quit."""
        if len(self.screen_stack) > 1 and isinstance(self.screen, ModalScreen):
            self.pop_screen()
        else:
            self.exit(0)

    def _install_hangup_handler(self) -> None:
        """On SIGHUP (the SSH link dropped) or SIGTERM, exit through Textual.

        Exiting through Textual restores the terminal when there still is one and lets a
        running export finish its atomic rename. Without the handler, Python dies on the
        signal with the terminal left in raw mode; tests/test_ssh.py drops real connections.
        """
        if self.is_headless:
            return
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop = asyncio.get_running_loop()
            for signum in HANGUP_SIGNALS:
                loop.add_signal_handler(signum, self._hang_up, signum)
                self._hangup_installed = True

    def _hang_up(self, signum: int) -> None:
        """Exit with the shell's status for the signal; never outlive the session for long.

        A clean exit writes the terminal's reset sequences; should that ever block on a
        dead link, a daemon timer ends the process after HANGUP_GRACE seconds, so a dropped
        session can never leave a conflict-tui behind on the server. A load under way does
        not hold the exit up (`run_app`).
        """
        if self._hanging_up:  # SIGHUP and the end of input both come with a hang-up
            return
        self._hanging_up = True
        status = 128 + signum
        watchdog = threading.Timer(HANGUP_GRACE, end_process, args=(status,))
        watchdog.daemon = True
        watchdog.start()
        self.exit(status)

    def input_ended(self) -> None:
        """The terminal's input stream ended: the terminal is gone, as on SIGHUP."""
        self._hang_up(signal.SIGHUP)

    def on_unmount(self) -> None:
        if self._hangup_installed:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop = asyncio.get_running_loop()
                for signum in HANGUP_SIGNALS:
                    loop.remove_signal_handler(signum)


def run_app(
    paths: Sequence[Path],
    *,
    config: Config,
    gazetteer_files: Sequence[Path] = (),
    read_only: bool = False,
    fresh: bool = False,
    store: StoreChoice | None = None,
    jobs: int = 1,
    index_dir: Path | None = None,
    watch: bool = False,
    watch_interval: float = DEFAULT_INTERVAL,
) -> int:
    """Run the explorer on ``paths`` (the bundled seeds when empty); return the exit code.

    Textual's thread workers run on this loop's executor. Once Textual has shut down (the
    terminal is restored), the executor gets EXIT_GRACE seconds to finish; a thread still
    busy then (a load in the middle of a long document, a write on a slow disk) would keep
    the process alive until it is done, so the process ends without it (`end_process`).
    """
    app = ConflictApp(
        paths,
        config=config,
        gazetteer_files=gazetteer_files,
        read_only=read_only,
        fresh=fresh,
        store=store,
        jobs=jobs,
        index_dir=index_dir,
        watch=watch,
        watch_interval=watch_interval,
    )
    executor = ThreadPoolExecutor(thread_name_prefix="conflict-tui-worker")
    loop = asyncio.new_event_loop()
    loop.set_default_executor(executor)
    asyncio.set_event_loop(loop)
    failed: BaseException | None = None
    result: Any = None
    try:
        result = app.run(loop=loop)
        with contextlib.suppress(Exception):
            loop.run_until_complete(loop.shutdown_asyncgens())
    except BaseException as exc:  # reported below, once the threads are dealt with
        failed = exc
    finally:
        asyncio.set_event_loop(None)
        loop.close()  # does not wait for the executor's threads
    code = result if isinstance(result, int) else app.return_code or 0
    if not _threads_finish(executor, EXIT_GRACE):
        if isinstance(failed, KeyboardInterrupt):
            code = EXIT_INTERRUPTED
        elif isinstance(failed, SystemExit):
            code = failed.code if isinstance(failed.code, int) else int(failed.code is not None)
        elif failed is not None:
            traceback.print_exception(failed)
            code = code or 1
        end_process(code)
    if failed is not None:
        raise failed
    return code


def _threads_finish(executor: ThreadPoolExecutor, timeout: float) -> bool:
    """Whether every thread of ``executor`` has finished within ``timeout`` seconds."""
    finished = threading.Event()

    def shut_down() -> None:
        executor.shutdown(wait=True, cancel_futures=True)
        finished.set()

    threading.Thread(target=shut_down, name="conflict-tui-exit", daemon=True).start()
    return finished.wait(timeout)
