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

A state file is input like any other: one over `MAX_STATE_BYTES`, not JSON, of the wrong
shape, a link or a device is ignored with a message (`SessionError`), never a crash.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from pydantic import Field, ValidationError

from timeline.config import Config
from timeline.export.files import Directory, WriteError, reason
from timeline.models import Model
from timeline.timeline import Filters, Timeline

__all__ = [
    "MAX_STATE_BYTES",
    "MAX_VIEWS",
    "MAX_VIEW_NAME",
    "NamedView",
    "SessionError",
    "SessionState",
    "SessionStore",
    "capture",
    "corpus_key",
    "resolve",
    "session_directory",
]

MAX_STATE_BYTES = 1_000_000
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


def _ids(timeline: Timeline, index: int) -> list[str]:
    event = timeline.events[index]
    return list(event.mention_ids) or [event.id]


def capture(
    timeline: Timeline,
    *,
    selected: Iterable[int],
    filters: Filters,
    search: str,
    cursor: int | None,
    theme: str | None,
) -> SessionState:
    """The state to save, events named by their mention ids."""
    return SessionState(
        selected=[_ids(timeline, i) for i in sorted(selected)],
        filters=filters.model_copy(deep=True),
        search=search,
        cursor=_ids(timeline, cursor) if cursor is not None else [],
        theme=theme,
    )


def resolve(timeline: Timeline, state: SessionState) -> tuple[set[int], int | None, int]:
    """The selected events, the cursor's event and how many saved events are gone."""
    index_of: dict[str, int] = {}
    for index, event in enumerate(timeline.events):
        index_of.setdefault(event.id, index)
        for mention in event.mention_ids:
            index_of.setdefault(mention, index)

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

    def load(self) -> SessionState | None:
        """The saved state; None when there is none. Raises `SessionError` for a file that
        is there but unusable (the caller says so and carries on without it)."""
        state = self._read(self.name, SessionState)
        if state is not None and state.version != STATE_VERSION:
            raise SessionError(f"{self.path}: saved by another version; ignored")
        return state

    def load_views(self) -> dict[str, NamedView]:
        """The corpus's named views (none when there is no file). Raises `SessionError`."""
        views = self._read(self.views_name, ViewsFile)
        return {} if views is None else dict(views.views)

    def save_views(self, views: dict[str, NamedView]) -> None:
        """Write the corpus's named views, at most `MAX_VIEWS`. Raises `SessionError`."""
        if len(views) > MAX_VIEWS:
            raise SessionError(f"at most {MAX_VIEWS} named views; delete one first")
        data = _encode(ViewsFile(views=views))
        if len(data) > MAX_STATE_BYTES:
            raise SessionError("the named views would be larger than 1 MB; not saved")
        self._write(self.views_name, data)

    def _read(self, name: str, model: type[_Saved]) -> _Saved | None:
        path = self.directory / name
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
            if info.st_size > MAX_STATE_BYTES:
                raise SessionError(f"{path}: larger than 1 MB; ignored")
            with os.fdopen(os.dup(fd), "rb") as handle:
                raw = handle.read(MAX_STATE_BYTES + 1)
        except OSError as exc:
            raise SessionError(f"{path}: cannot read ({reason(exc)}); ignored") from None
        finally:
            os.close(fd)
        if len(raw) > MAX_STATE_BYTES:
            raise SessionError(f"{path}: larger than 1 MB; ignored")
        try:
            return model.model_validate(json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, ValueError, RecursionError, ValidationError):
            raise SessionError(f"{path}: not a saved session; ignored") from None

    def save(self, state: SessionState) -> None:
        """Write ``state`` atomically, owner-only; a selection too big for the size bound
        is saved without the selection. Raises `SessionError`."""
        data = _encode(state)
        if len(data) > MAX_STATE_BYTES:
            data = _encode(state.model_copy(update={"selected": []}))
        if len(data) > MAX_STATE_BYTES:
            raise SessionError("the session is larger than 1 MB; not saved")
        self._write(self.name, data)

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
