"""The SQLite file of one corpus: per document, what the engine found, keyed by the file.

One row per file that loaded into a document: its name (the path the loader gave it),
resolved path, size, modification time, SHA-256 of its bytes and of its metadata sidecars,
and the results (`timeline.ingest.DocumentResult`, JSON, zlib-compressed; its events apart,
read only when the corpus-level pass needs them). A row is used only
when all of those still match the file on disk. The ``merged`` table keeps the corpus-level
pass's output of the last run, under a digest of every per-document input it had, so that
an unchanged corpus is not merged again either; the ``meta`` table names the engine version
and settings the rows were made with, and a store made by any other is emptied, never read.

Safety:

- Writes are transactions in WAL mode: a run killed at any point leaves the rows committed
  before it, never a half-written one (SQLite's own guarantee; tested by SIGKILL).
- The file is created 0600 in a directory created 0700: the store holds the corpus's text.
- Text and file names are only ever bound parameters, never part of an SQL string.
- Any SQLite error (a corrupt, foreign, locked or unreadable file) becomes one `Problem`
  line and the run goes on without the store (a store in the cache directory is rebuilt
  instead: it is ours to replace). Nothing here raises to the caller.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from timeline.models import Event, Problem
from timeline.store import events as event_rows

# "ctui" as a big-endian int: marks a conflict-tui store (PRAGMA application_id).
APPLICATION_ID = 0x63747569
# 5: the merged events as rows (`timeline.store.events`); 7: their mention ids, documents
# and counts per type and month, for the explorer over the store (an older store is rebuilt);
# 8: actors' ranks and counts per best ranked actor and month, for the chart by actor;
# 9: actors named together and counts per actor, type and month, for the chart of one actor.
SCHEMA_VERSION = 9
BUSY_TIMEOUT = 5.0  # seconds to wait for another conflict-tui writing the same store

_TABLES = (*event_rows.TABLES, "files", "merged", "meta")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    name TEXT PRIMARY KEY,
    resolved TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    sidecars TEXT NOT NULL,
    payload BLOB NOT NULL,
    events BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS merged (digest TEXT PRIMARY KEY, payload BLOB NOT NULL);
"""


@dataclass(frozen=True)
class FileKey:
    """What must still hold of a file for its stored results to be used."""

    name: str  # the path as the loader names it (documents and problems carry it)
    resolved: str
    size: int
    mtime_ns: int
    sha256: str
    sidecars: str  # the metadata sidecars beside it, each named with its hash


class StoreUnavailable(Exception):
    """The store cannot be used; the message is one line for the user."""


class CorpusStore:
    """An open store: `get` a file's stored results, `put` new ones, `prune` removed files.

    Open with `CorpusStore.open`; every method swallows SQLite errors into `problems` and
    turns the store off for the rest of the run (`usable` false).
    """

    batch = 64  # rows per transaction: a killed run loses at most this many documents' work

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = connection
        self._pending: list[tuple[object, ...]] = []
        self.problems: list[Problem] = []
        self.hits = 0
        self.writes = 0
        self.rebuilt_because: str | None = None

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(
        cls, path: Path, version: str, *, replace_foreign: bool = False
    ) -> tuple[CorpusStore | None, list[Problem]]:
        """Open (creating it if need be) the store at ``path`` for ``version`` (the engine
        version and settings). Returns (the store or None, problems to report).

        A file that is not a conflict-tui store is left alone and the run goes on without a
        store, unless ``replace_foreign`` (the store's own cache directory): then it is
        replaced.
        """
        try:
            store = cls._open(path, version)
        except StoreUnavailable as exc:
            if not replace_foreign or not path.is_file() or path.is_symlink():
                return None, [_note(path, f"{exc}; going on without the store")]
            first = str(exc)
        else:
            if store.rebuilt_because is None:
                return store, []
            return store, [_note(path, f"{store.rebuilt_because}: extracting every file again")]
        # Ours to replace: a cache file that is corrupt or not a store.
        try:
            for leftover in (path, *_sidecar_files(path)):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
            store = cls._open(path, version)
        except (StoreUnavailable, OSError) as exc:
            return None, [_note(path, f"{first}; cannot rebuild it ({exc}); going on without")]
        return store, [_note(path, f"{first}; rebuilt")]

    @classmethod
    def _open(cls, path: Path, version: str) -> CorpusStore:
        _make_private_file(path)
        try:
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open the store ({exc})") from None
        try:
            store = cls(path, db)
            store._prepare(version)
        except sqlite3.DatabaseError as exc:
            db.close()
            raise StoreUnavailable(f"not a readable conflict-tui store ({exc})") from None
        return store

    def _prepare(self, version: str) -> None:
        db = self._require()
        application = db.execute("PRAGMA application_id").fetchone()[0]
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if application != APPLICATION_ID and (application != 0 or tables != 0):
            raise sqlite3.DatabaseError("a database of another program")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute(f"PRAGMA application_id={APPLICATION_ID}")
            db.execute(
                "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )
            found = dict(db.execute("SELECT key, value FROM meta").fetchall())
            wanted = {"schema": str(SCHEMA_VERSION), "engine": version}
            if found != wanted:
                if found:
                    self.rebuilt_because = (
                        "made by another engine version"
                        if found.get("engine") != version
                        else "made with another store layout"
                    )
                # Dropped, not emptied: another layout's tables may lack a column.
                for table in _TABLES:
                    db.execute(f"DROP TABLE IF EXISTS {table}")  # (names of ours, not input)
            # One statement at a time: executescript would commit the transaction.
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            event_rows.create_tables(db)
            if found != wanted:
                db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", wanted.items())
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise

    # ---------------------------------------------------------------- using

    @property
    def usable(self) -> bool:
        return self._db is not None

    def get(self, key: FileKey) -> tuple[bytes, bytes] | None:
        """The stored results of the file ``key`` describes, if it is unchanged."""
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT resolved, size, mtime_ns, sha256, sidecars, payload, events FROM files "
                "WHERE name = ?",
                (key.name,),
            ).fetchone()
        except sqlite3.Error as exc:
            self._fail(exc)
            return None
        if row is None or tuple(row[:5]) != (
            key.resolved,
            key.size,
            key.mtime_ns,
            key.sha256,
            key.sidecars,
        ):
            return None
        self.hits += 1
        return bytes(row[5]), bytes(row[6])

    def put(self, key: FileKey, payload: tuple[bytes, bytes]) -> None:
        """Keep ``payload`` (the result, its events) for the file ``key`` describes (written
        by `flush`, in batches)."""
        if self._db is None:
            return
        self._pending.append(
            (key.name, key.resolved, key.size, key.mtime_ns, key.sha256, key.sidecars, *payload)
        )
        if len(self._pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Commit what `put` holds, in one transaction."""
        if self._db is None or not self._pending:
            return
        rows, self._pending = self._pending, []
        try:
            with self._transaction() as db:
                db.executemany(
                    "INSERT OR REPLACE INTO files "
                    "(name, resolved, size, mtime_ns, sha256, sidecars, payload, events) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
            self.writes += len(rows)
        except sqlite3.Error as exc:
            self._fail(exc)

    def get_merged(self, digest: str) -> bytes | None:
        """The corpus-level pass's output kept under ``digest``, if any."""
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT payload FROM merged WHERE digest = ?", (digest,)
            ).fetchone()
        except sqlite3.Error as exc:
            self._fail(exc)
            return None
        return bytes(row[0]) if row is not None else None

    def put_merged(
        self, digest: str, payload: bytes, events: Iterable[Event] | None = None
    ) -> None:
        """Keep the corpus-level pass's output under ``digest`` (only the latest is kept),
        and ``events`` (that output) as rows for paging and search, in the same transaction:
        the rows always belong to the payload beside them."""
        if self._db is None:
            return
        self.flush()
        try:
            with self._transaction() as db:
                db.execute("DELETE FROM merged")
                db.execute("INSERT INTO merged (digest, payload) VALUES (?, ?)", (digest, payload))
                event_rows.replace_events(db, events if events is not None else ())
        except sqlite3.Error as exc:
            self._fail(exc)

    def has_event_rows(self) -> bool:
        """Whether the merged output's events are kept as rows (`put_merged` with events, or
        `put_event_rows`); a store written without them has none."""
        if self._db is None:
            return False
        try:
            return self._db.execute("SELECT 1 FROM events LIMIT 1").fetchone() is not None
        except sqlite3.Error as exc:
            self._fail(exc)
            return False

    def event_row_count(self) -> int:
        """How many events are kept as rows (0 with none, or once the store is off)."""
        if self._db is None:
            return 0
        try:
            row = self._db.execute("SELECT coalesce(max(id) + 1, 0) FROM events").fetchone()
        except sqlite3.Error as exc:
            self._fail(exc)
            return 0
        return int(row[0])

    def put_event_rows(self, events: Iterable[Event]) -> None:
        """Keep the stored merged output's ``events`` as rows, when it was stored without."""
        if self._db is None:
            return
        self.flush()
        try:
            with self._transaction() as db:
                event_rows.replace_events(db, events)
        except sqlite3.Error as exc:
            self._fail(exc)

    def prune(self, names: Iterable[str]) -> int:
        """Drop the rows of every file not in ``names`` (the files of this run); the count."""
        if self._db is None:
            return 0
        keep = set(names)
        try:
            stored = [row[0] for row in self._db.execute("SELECT name FROM files")]
            gone = [(name,) for name in stored if name not in keep]
            if gone:
                with self._transaction() as db:
                    db.executemany("DELETE FROM files WHERE name = ?", gone)
        except sqlite3.Error as exc:
            self._fail(exc)
            return 0
        return len(gone)

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    # ---------------------------------------------------------------- inside

    @contextlib.contextmanager
    def _transaction(self):  # type: ignore[no-untyped-def]
        db = self._require()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _require(self) -> sqlite3.Connection:
        if self._db is None:
            raise sqlite3.ProgrammingError("the store is closed")
        return self._db

    def _fail(self, exc: sqlite3.Error) -> None:
        self.problems.append(_note(self.path, f"store error ({exc}); going on without the store"))
        db, self._db = self._db, None
        self._pending = []
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.close()


def _note(path: Path, message: str) -> Problem:
    return Problem(path=str(path), message=message, fatal=False)


def _sidecar_files(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _make_private_file(path: Path) -> None:
    """Create ``path``'s directory (0700) and the file itself (0600) if missing; refuse a
    symbolic link or anything but a regular file there."""
    try:
        if not path.parent.exists():
            path.parent.mkdir(mode=0o700, parents=True)
        info = path.lstat() if os.path.lexists(path) else None
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise StoreUnavailable("not a regular file (a link, folder or device)")
        if info is None:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            os.close(os.open(path, flags, 0o600))
    except FileExistsError:
        pass  # another run made it meanwhile
    except OSError as exc:
        raise StoreUnavailable(f"cannot create the store ({exc.strerror or exc})") from None
