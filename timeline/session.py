"""What an analyst was looking at, kept between runs: one small JSON file per corpus.

The selection, the filters, the search, the event under the cursor and the theme are saved
when the explorer quits and restored the next time the same corpus is opened. A corpus is
known by its resolved root paths (`corpus_key`), so adding files to its folder keeps its
state. Events are named by their stable mention ids (`Event.mention_ids`, issues 7 and 8): an
event that gained a mention from a new file is still found; ids that are gone are dropped
quietly.

The files live in ``sessions/`` under the platform's state directory
(``$XDG_STATE_HOME/conflict-tui`` or ``~/.local/state/conflict-tui`` on Linux), or in the
config's ``[session] directory``. A read-only session keeps state only where the *site*
config names a directory (`session_directory`). They are written through the safe writer
(`timeline.export.files`: atomic, never through a link) and readable by their owner only.

A state file is input like any other: one over its size bound, not JSON, of the wrong
shape, a link or a device is ignored with a message (`SessionError`), never a crash. The
bound grows with the corpus (`state_limit`): `MAX_STATE_BYTES` for the filters, search and
cursor, plus what a selection of every event of the corpus takes (some 18 bytes an event:
about 1.8 MB for 100,000), so any selection of the corpus can be saved while a file from
elsewhere stays bounded by the corpus already in memory. Named views get `VIEW_SELECTIONS`
such selections between them.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import Field, ValidationError, field_validator

from timeline.config import Config
from timeline.export.files import Directory, WriteError, reason
from timeline.models import Model
from timeline.store.events import MAX_IDS, EventStore
from timeline.timeline import Filters, Timeline

# The events a session names: a timeline in memory, or the store's rows (the explorer over
# the store, `tui.store_rows`), where names are read from ``event_mentions``.
Events = Timeline | EventStore

__all__ = [
    "MAX_STATE_BYTES",
    "MAX_VIEWS",
    "MAX_VIEW_NAME",
    "VIEW_SELECTIONS",
    "NamedView",
    "SessionError",
    "SessionState",
    "SessionStore",
    "ViewEvents",
    "capture",
    "corpus_key",
    "resolve",
    "session_directory",
    "state_limit",
    "view_events",
    "views_limit",
]

MAX_STATE_BYTES = 1_000_000  # bytes, besides the selections (`state_limit`)
VIEW_SELECTIONS = 4  # the named views hold at most this many whole-corpus selections
MAX_VIEWS = 200
MAX_VIEW_NAME = 80  # characters
STATE_VERSION = 1
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


class SessionError(Exception):
    """A state file that cannot be read or written; the message is for the user."""


class SessionState(Model):
    """One corpus's state. Events are lists of mention ids (any one finds the event)."""

    version: int = STATE_VERSION
    selected: list[list[str]] = Field(default_factory=list)
    filters: Filters = Field(default_factory=Filters)
    search: str = ""
    cursor: list[str] = Field(default_factory=list)
    theme: str | None = None


class NamedView(Model):
    """A view saved under a name: its filters, search and selection (mention ids)."""

    filters: Filters = Field(default_factory=Filters)
    search: str = ""
    selected: list[list[str]] = Field(default_factory=list)


class ViewsFile(Model):
    version: int = STATE_VERSION
    views: dict[str, NamedView] = Field(default_factory=dict)

    @field_validator("views")
    @classmethod
    def _bounded(cls, views: dict[str, NamedView]) -> dict[str, NamedView]:
        """As the dialogs make them: at most `MAX_VIEWS`, names of at most `MAX_VIEW_NAME`."""
        if len(views) > MAX_VIEWS:
            raise ValueError(f"more than {MAX_VIEWS} views")
        if any(len(name) > MAX_VIEW_NAME for name in views):
            raise ValueError(f"a view name longer than {MAX_VIEW_NAME} characters")
        return views


_Saved = TypeVar("_Saved", SessionState, ViewsFile)


def corpus_key(roots: Iterable[Path]) -> str:
    """A file name for the corpus made of ``roots``: a hash of their resolved paths."""
    resolved = sorted({str(Path(root).resolve()) for root in roots})
    digest = hashlib.sha256("\0".join(resolved).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:32]


def session_directory(config: Config, *, read_only: bool) -> Path | None:
    """Where state is kept, or None when it is not kept (a read-only session whose site
    config names no ``[session] directory``: the config module keeps the user's own value
    out of a read-only site)."""
    if config.session.directory is not None:
        return config.session.directory
    if read_only:
        return None
    from platformdirs import user_state_path

    return user_state_path("conflict-tui", appauthor=False) / "sessions"


# Per timeline (events are not added to one once loaded): 0.1-0.5 s at 100,000 events,
# asked on every save, load and change of the named views.
_SELECTION_BYTES: weakref.WeakKeyDictionary[Timeline, tuple[int, int]] = weakref.WeakKeyDictionary()


def _selection_bytes(timeline: Timeline) -> int:
    """The encoded size of a selection of every event of ``timeline``."""
    count = len(timeline.events)
    known = _SELECTION_BYTES.get(timeline)
    if known is not None and known[0] == count:
        return known[1]
    every = [_ids(timeline, i) for i in range(count)]
    size = len(json.dumps(every, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    _SELECTION_BYTES[timeline] = (count, size)
    return size


def _every_selection_bytes(events: Events) -> int:
    if isinstance(events, EventStore):
        return events.selection_bytes()  # a bound from the stored ids, no event read
    return _selection_bytes(events)


def state_limit(timeline: Events) -> int:
    """The size bound of ``timeline``'s state file: 1 MB, and room to select every event."""
    return MAX_STATE_BYTES + _every_selection_bytes(timeline)


def views_limit(timeline: Events) -> int:
    """The size bound of ``timeline``'s named views: 1 MB and `VIEW_SELECTIONS` selections of
    every event (one view of all, several of parts)."""
    return MAX_STATE_BYTES + VIEW_SELECTIONS * _every_selection_bytes(timeline)


def _size(count: int) -> str:
    """A byte count for a message: "1.8 MB"."""
    return f"{count / 1_000_000:.1f} MB"


def _ids(timeline: Timeline, index: int) -> list[str]:
    event = timeline.events[index]
    return list(event.mention_ids) or [event.id]


def _names(timeline: Events, indices: Sequence[int]) -> list[list[str]]:
    """The mention ids of events ``indices`` (in the order given; unknown ones left out)."""
    if not isinstance(timeline, EventStore):
        return [_ids(timeline, i) for i in indices]
    out: list[list[str]] = []
    for start in range(0, len(indices), MAX_IDS):
        part = indices[start : start + MAX_IDS]
        names = timeline.mention_ids(part)
        out += [names[i] for i in part if i in names]
    return out


def capture(
    timeline: Events,
    *,
    selected: Iterable[int],
    filters: Filters,
    search: str,
    cursor: int | None,
    theme: str | None,
) -> SessionState:
    """The state to save, events named by their mention ids (read from the store's
    ``event_mentions`` when the events are its rows)."""
    return SessionState(
        selected=_names(timeline, sorted(selected)),
        filters=filters.model_copy(deep=True),
        search=search,
        cursor=(_names(timeline, [cursor]) or [[]])[0] if cursor is not None else [],
        theme=theme,
    )


def _index_of(timeline: Timeline) -> dict[str, int]:
    """Each event's id and mention ids → its index (the first event holding the id)."""
    index_of: dict[str, int] = {}
    for index, event in enumerate(timeline.events):
        index_of.setdefault(event.id, index)
        for mention in event.mention_ids:
            index_of.setdefault(mention, index)
    return index_of


def index_map(old: Timeline, new: Timeline) -> dict[int, int]:
    """Where each event of ``old`` is in ``new`` (a rebuild of the same corpus), found by
    the same ids as `resolve`; events that are gone are left out."""
    index_of = _index_of(new)
    found: dict[int, int] = {}
    for index in range(len(old.events)):
        hit = next((index_of[i] for i in _ids(old, index) if i in index_of), None)
        if hit is not None:
            found[index] = hit
    return found


def resolve(timeline: Events, state: SessionState) -> tuple[set[int], int | None, int]:
    """The selected events, the cursor's event and how many saved events are gone."""
    if isinstance(timeline, EventStore):  # only the ids the state names are looked up
        index_of = timeline.find_mentions(
            name for ids in (*state.selected, state.cursor) for name in ids
        )
    else:
        index_of = _index_of(timeline)

    def find(ids: Sequence[str]) -> int | None:
        return next((index_of[i] for i in ids if i in index_of), None)

    selected: set[int] = set()
    gone = 0
    for ids in state.selected:
        found = find(ids)
        if found is None:
            gone += 1
        else:
            selected.add(found)
    return selected, find(state.cursor), gone


@dataclass(frozen=True)
class ViewEvents:
    """What exporting a named view exports: what ``e`` would export once the view is open."""

    indices: list[int]  # into `Timeline.events`, in its (chronological) order
    selected: bool  # they are the view's selection (else every event its filters show)
    hidden: int  # selected events the view's filters hide (left out)
    gone: int  # selected events no longer in the corpus


def view_events(timeline: Events, view: NamedView) -> ViewEvents:
    """The events of ``view`` in ``timeline``: its selection that its filters show, or,
    with none of it shown, every event its filters show (as ``e`` on the main screen).
    The search of a view highlights and filters nothing, as on the main screen."""
    filters = view.filters.model_copy(update={"search": ""})
    chosen, _cursor, gone = resolve(timeline, SessionState(selected=view.selected))
    if isinstance(timeline, EventStore):
        query = timeline.query(filters)
        visible = query.kept(sorted(chosen))
        if visible:
            return ViewEvents(visible, selected=True, hidden=len(chosen) - len(visible), gone=gone)
        shown: list[int] = []
        while True:
            page = query.ids(len(shown), MAX_IDS)
            shown += page
            if len(page) < MAX_IDS:
                break
        return ViewEvents(shown, selected=False, hidden=len(chosen), gone=gone)
    shown = timeline.filter_indices(filters)
    visible = [i for i in shown if i in chosen]
    hidden = len(chosen) - len(visible)
    if visible:
        return ViewEvents(visible, selected=True, hidden=hidden, gone=gone)
    return ViewEvents(shown, selected=False, hidden=hidden, gone=gone)


def _encode(state: SessionState) -> bytes:
    data = json.dumps(state.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"))
    return data.encode("utf-8")


class SessionStore:
    """The state file of one corpus in one directory."""

    def __init__(self, directory: Path, roots: Iterable[Path]) -> None:
        self.directory = directory
        key = corpus_key(roots)
        self.name = f"{key}.json"
        self.views_name = f"{key}.views.json"  # the named views, beside the state

    @property
    def path(self) -> Path:
        return self.directory / self.name

    def load(self, *, limit: int = MAX_STATE_BYTES) -> SessionState | None:
        """The saved state; None when there is none. ``limit`` is the file's size bound
        (`state_limit` of the corpus). Raises `SessionError` for a file that is there but
        unusable (the caller says so and carries on without it)."""
        state = self._read(self.name, SessionState, limit)
        if state is not None and state.version != STATE_VERSION:
            raise SessionError(f"{self.path}: saved by another version; ignored")
        return state

    def load_views(self, *, limit: int = MAX_STATE_BYTES) -> dict[str, NamedView]:
        """The corpus's named views (none when there is no file); ``limit`` is the file's
        size bound (`views_limit`). Raises `SessionError`."""
        views = self._read(self.views_name, ViewsFile, limit)
        return {} if views is None else dict(views.views)

    def save_views(self, views: dict[str, NamedView], *, limit: int = MAX_STATE_BYTES) -> None:
        """Write the corpus's named views, at most `MAX_VIEWS` and ``limit`` bytes (else
        nothing is written). Raises `SessionError`, whose message says what to do."""
        if len(views) > MAX_VIEWS:
            raise SessionError(f"at most {MAX_VIEWS} named views; delete one first")
        data = _encode(ViewsFile(views=views))
        if len(data) > limit:
            raise SessionError(
                f"the named views would take {_size(len(data))}, over the {_size(limit)} "
                "kept for this corpus; not saved (delete a view with a large selection)"
            )
        self._write(self.views_name, data)

    def _read(self, name: str, model: type[_Saved], limit: int) -> _Saved | None:
        path = self.directory / name
        limit = max(limit, MAX_STATE_BYTES)
        too_big = f"{path}: larger than {_size(limit)}, the bound for this corpus; ignored"
        try:
            fd = os.open(path, _READ_FLAGS)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise SessionError(f"{path}: is a symbolic link; ignored") from None
            raise SessionError(f"{path}: cannot read ({reason(exc)}); ignored") from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise SessionError(f"{path}: not a regular file; ignored")
            if info.st_size > limit:
                raise SessionError(too_big)
            with os.fdopen(os.dup(fd), "rb") as handle:
                raw = handle.read(limit + 1)
        except OSError as exc:
            raise SessionError(f"{path}: cannot read ({reason(exc)}); ignored") from None
        finally:
            os.close(fd)
        if len(raw) > limit:  # it grew since fstat
            raise SessionError(too_big)
        try:
            return model.model_validate(json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, ValueError, RecursionError, ValidationError):
            what = "named views" if model is ViewsFile else "a saved session"
            raise SessionError(f"{path}: not {what}; ignored") from None

    def save(self, state: SessionState, *, limit: int = MAX_STATE_BYTES) -> str | None:
        """Write ``state`` atomically, owner-only, in at most ``limit`` bytes (`state_limit`).

        Returns None when all of it was saved, else what was left out, for the user: a state
        over the bound (a search of megabytes) is saved without its selection, never silently.
        Raises `SessionError` when nothing could be saved.
        """
        data = _encode(state)
        left_out = None
        if len(data) > limit:
            left_out = (
                f"the session would take {_size(len(data))}, over the {_size(limit)} kept for "
                f"this corpus: saved without its selection of {len(state.selected)} events"
            )
            data = _encode(state.model_copy(update={"selected": []}))
        if len(data) > limit:
            raise SessionError(
                f"the session would take {_size(len(data))} even without its selection, over "
                f"the {_size(limit)} kept for this corpus; not saved"
            )
        self._write(self.name, data)
        return left_out

    def _write(self, name: str, data: bytes) -> None:
        try:
            # Owner-only, like the file: what an analyst looks at is nobody else's business.
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
        except (OSError, ValueError) as exc:
            why = reason(exc) if isinstance(exc, OSError) else "bad path"
            raise SessionError(f"{self.directory}: cannot create ({why})") from None
        try:
            with Directory.open(self.directory) as directory:
                directory.write(name, data, force=True, mode=0o600)
        except WriteError as exc:
            raise SessionError(str(exc)) from None
