"""``--watch`` in the explorer: new, changed and removed files show up while the app is open.

A thread worker asks `timeline.watch.Watcher` for settled changes every ``interval``
seconds (more for a very large folder: `Watcher.next_delay`). When there are some, the same
worker rebuilds the timeline through the corpus store (only the changed files are
extracted again) and hands it to the UI thread, which swaps it in keeping what the user was
looking at: the selection, the filters, the search and the cursor, carried across by the
events' mention ids (`timeline.session.capture` / `resolve`; an event that gained a mention
from a new file keeps its ids), and the cursor's place on the screen. A notification says
what happened ("2 files added, 1 changed: +14 events"); new problems get their usual
one-line notification.

The swap waits while a dialog is open (the reader, the export dialog, the palette hold
indices into the timeline they were opened on) and happens once it closes; changes that
arrive meanwhile are added up. Undo and redo steps are carried across (their selections
moved by mention ids, `timeline.session.index_map`), and a cursor on an undated
expression stays on it. The worker stops within a poll once the app quits.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, get_current_worker

from timeline.models import Event, Problem, UndatedExpression
from timeline.sanitize import clean_line
from timeline.session import SessionState, index_map
from timeline.timeline import Timeline
from timeline.watch import DEFAULT_INTERVAL, ChangeSet, Watcher
from tui.screens.main import MainScreen

__all__ = ["CorpusWatch", "describe"]

# While a swap waits for a dialog to close, this often (seconds) the UI looks again.
RETRY = 0.25


class WatchHost(Protocol):
    """What the watch needs of the app (`tui.app.ConflictApp` is one)."""

    screen_stack: list[Screen[Any]]
    problems: list[Problem]

    @property
    def main_screen(self) -> MainScreen: ...

    @property
    def theme(self) -> str: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    def report_problems(self, problems: Sequence[Problem]) -> None: ...

    def set_timer(self, delay: float, callback: Callable[[], Any] | None = None) -> Timer: ...

    def run_worker(self, work: Callable[[], Any], **kwargs: Any) -> Worker[Any]: ...

    def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any: ...


def _ids(event: Event) -> set[str]:
    return set(event.mention_ids) or {event.id}


def _same(event: Event | None, other: Event) -> bool:
    """Whether ``event`` is ``other`` in a rebuilt timeline (they share a mention id)."""
    return event is not None and bool(_ids(event) & _ids(other))


def _undated_key(item: UndatedExpression) -> tuple[str, str, str]:
    """An undated expression across a rebuild: its file, its words and its sentence (its
    offsets move when its file is edited above it)."""
    return (item.document.path, item.expression.text, item.sentence.text)


def describe(changes: ChangeSet, before: int, after: int) -> str:
    """ "2 files added, 1 changed: +14 events" (counts only: no file name from a stranger)."""
    delta = after - before
    if delta:
        noun = "event" if abs(delta) == 1 else "events"
        tail = f"{'+' if delta > 0 else '−'}{abs(delta)} {noun}"
    else:
        tail = "no new events" if changes.added and not changes.removed else "same event count"
    return f"{changes.describe()}: {tail}"


class CorpusWatch:
    """Polls the corpus's paths and swaps a rebuilt timeline in (see the module docstring).

    ``build(cancelled)`` rebuilds the timeline (the app's `build_timeline` call, through its
    store); ``quitting`` is set once the app is told to quit."""

    def __init__(
        self,
        host: WatchHost,
        paths: Sequence[Path],
        build: Callable[[Callable[[], bool]], Timeline],
        quitting: threading.Event,
        *,
        interval: float = DEFAULT_INTERVAL,
        settle: float | None = None,
    ) -> None:
        self.host = host
        self.interval = interval
        self.watcher = Watcher(paths, settle=interval if settle is None else settle)
        self.build = build
        self.quitting = quitting
        self.started = False
        self._pending: tuple[Timeline, ChangeSet] | None = None
        self._retry: Timer | None = None
        self.swaps = 0  # timelines swapped in (for tests and the curious)

    # ------------------------------------------------------------ the thread

    def prime(self) -> None:
        """What the first build reads (called in the load worker, before it reads)."""
        self.watcher.prime()

    def start(self) -> None:
        """Start polling (on the UI thread, once the first timeline is shown)."""
        if self.started:
            return
        self.started = True
        self.host.run_worker(
            self._run, thread=True, exclusive=True, group="watch", exit_on_error=False
        )

    def _stopped(self) -> bool:
        return self.quitting.is_set() or get_current_worker().is_cancelled

    def _run(self) -> None:
        """The watch worker: poll, and rebuild when something settled, until the app quits."""
        while not self.quitting.wait(self.watcher.next_delay(self.interval)):
            if self._stopped():
                return
            changes, problems = self.watcher.poll()
            if problems:
                self._to_ui(self._warn, problems)
            if not changes:
                continue
            try:
                timeline = self.build(self._stopped)
            except Exception as exc:  # LoadCancelled on quit; anything else is reported
                if self._stopped():
                    return
                self._to_ui(self._failed, clean_line(str(exc)) or type(exc).__name__)
                continue
            if self._stopped():
                return
            self._to_ui(self._arrived, timeline, changes)

    def _to_ui(self, callback: Callable[..., None], *args: object) -> None:
        if self.quitting.is_set():
            return
        with contextlib.suppress(RuntimeError):  # the app has stopped meanwhile
            self.host.call_from_thread(callback, *args)

    # ---------------------------------------------------------- the UI side

    def _warn(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.host.notify(
                clean_line(problem.message),
                title=clean_line(problem.path),
                severity="warning",
                timeout=15,
                markup=False,
            )

    def _failed(self, why: str) -> None:
        self.host.notify(
            f"Could not rebuild the timeline: {why}", severity="error", timeout=15, markup=False
        )

    def _arrived(self, timeline: Timeline, changes: ChangeSet) -> None:
        if self._pending is not None:  # a swap still waiting for a dialog to close
            changes = self._pending[1].merged(changes)
        self._pending = (timeline, changes)
        self._apply()

    def _apply(self) -> None:
        """Swap the waiting timeline in, or look again shortly if a dialog is open."""
        self._retry = None
        if self._pending is None:
            return
        screen = self.host.main_screen
        if len(self.host.screen_stack) > 1 or screen.is_loading:
            self._retry = self.host.set_timer(RETRY, self._apply)
            return
        timeline, changes = self._pending
        self._pending = None
        before = screen.timeline
        self.swap(screen, timeline)
        self.swaps += 1
        old = {(p.path, p.message) for p in self.host.problems}
        new = [p for p in timeline.problems if (p.path, p.message) not in old]
        self.host.report_problems(new)  # one line per new bad file, as on opening
        self.host.problems = list(timeline.problems)
        self.host.notify(
            describe(changes, len(before.events), len(timeline.events)),
            title="Files changed",
            markup=False,
        )

    def swap(self, screen: MainScreen, timeline: Timeline) -> None:
        """Show ``timeline`` with the selection, filters, search and cursor kept."""
        view = screen.view
        state: SessionState = screen.session_state(self.host.theme)
        history = screen.history()
        before = screen.timeline
        cursor_event = view.current_event
        cursor_undated = view.current_undated
        offset = view.cursor_row - round(view.scroll_offset.y)  # the cursor's screen line
        screen.set_timeline(timeline)
        screen.restore_session(state)
        screen.carry_history(history, index_map(before, timeline))
        if cursor_event is not None and not _same(view.current_event, cursor_event):
            # The cursor's event is gone (its file removed or edited): the nearest in time.
            view.jump_to_date(cursor_event.start)
        elif cursor_undated is not None:
            key = _undated_key(cursor_undated)
            found = next(
                (j for j, u in enumerate(timeline.undated) if _undated_key(u) == key), None
            )
            if found is not None:
                view.show_undated_item(found)
        if 0 <= offset < view.size.height:
            view.scroll_to(y=max(0, view.cursor_row - offset), animate=False)
