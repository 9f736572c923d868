"""The merged timeline's events as SQL rows, so a view can page, filter and search them
without holding them in memory (issue 12, item 2).

Written by `replace_events` inside the transaction that stores the corpus-level merge
(`CorpusStore.put_merged`), so the rows always belong to the merged payload beside them;
read by `EventStore` (a read-only connection) through `EventQuery`. Tables:

* ``events``: one row per event, ``id`` its index in `timeline.timeline.Timeline` order
  (``sort_key``: start, end, document id, expression offset; ties in input order), so an id
  here is the index of the same event in the in-memory ``Timeline.events``. Start and end as
  day numbers (``date.toordinal``), start and end months (``year * 12 + month - 1``), the
  precision, the ACLED type (`UNTYPED` for none), and what a row draws: label, headline,
  number of sources, actors (JSON ``[[name, kind], ...]``).
* ``event_payload``: the event's JSON, zlib-compressed, read only for the events asked for.
* ``event_search``: `timeline.timeline.search_text` of each event (already casefolded), and
  ``event_fts``, an FTS5 index over it with the trigram tokenizer, ``case_sensitive 1``:
  the text and the query are both casefolded in Python first, so a match is exactly
  ``needle.casefold() in search_text(event)``, as `Timeline.matches` decides it (Unicode
  casefolding, "ß" = "ss", which SQLite's own folding does not do).
* ``actors`` (name, the kind of its first mention in timeline order, number of events) and
  ``event_actors`` (actor, event, how many times the event names it): the actor filter and
  the actor dialog's counts.
* ``event_months`` (start month, end month, count) and ``event_types`` (type, count): the
  aggregates of the whole timeline, so an unfiltered view never scans a million rows for them;
  ``actor_months`` the same per actor (events, and mentions as the actor dialog counts them),
  for the filter on one actor and the actor dialog under a time filter of whole months.
* ``event_mentions`` (mention id, event, place): each event's mention ids in its order
  (place 0 up), and its own id at place -1, so a saved session or named view, which names
  events by mention ids (`timeline.session`), finds them again without the events in memory.
* ``event_documents`` (document id, event): every event a document tells (its own and its
  sources' documents, as `Timeline.events_of` counts them), for the reader.
* ``type_months`` (type, start month, events, first event): the chart's counts of the whole
  timeline by type, and the first event of each (type, month) for "go to the period".
* ``actors.rank``: the actor's place when actors are ordered by the events naming them (most
  first, ties by name; 0 the first), and ``lead_months`` (lead, start month, events, first
  event), ``lead`` the best rank among the actors an event names (-1: it names none): the
  chart of the whole timeline by actor, for any number of top actors. An event naming several
  of the top ``k`` goes to the best ranked of them, and one whose best rank is ``k`` or more
  names none of them (its "other"), so the counts per (lead, month) are enough.
* ``actor_pairs`` (actor, other, events naming both; ``other = actor``: the events naming it)
  and ``actor_type_months`` (actor, type, start month, events, first event): the chart of
  the events of one actor, by actor (its top actors are those it is named with most, and
  the first of them names every one of its events) or by type, without reading its events.

Search: a needle of 3 or more characters (after casefolding) is one FTS5 phrase, the needle
inside double quotes with its quotes doubled: FTS5 syntax typed by the user (``*``, ``NEAR(``,
``AND``, ``:``) is text to find, never a query. Trigrams cannot find 1 or 2 characters, so
those needles, and any holding NUL (which would end the FTS5 query early), use ``instr`` on
the same text: a scan of every event's search text, correct but slower (see
``scripts/bench_store_query.py``). Without FTS5 trigram (SQLite < 3.34) every needle does.
All text is bound as a parameter, never part of an SQL string.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import overload

from pydantic import BaseModel, ConfigDict, TypeAdapter

from timeline.models import Document, Event, Problem, UndatedExpression
from timeline.timeline import UNTYPED, Filters, search_text, sort_key

# Events longer than this (days) are few (decades, "after 2020"); the time filter finds them
# through their own index and every other event by its start, which the ids follow.
LONG_DAYS = 400
# The first 64 MiB of the file read through mmap, the rest through a 64 MiB page cache:
# every mapped page read stays resident (256 MiB mapped: 200 MB of the explorer's 330 MB
# after a search and filters at a million events), and no key was slower with less.
MMAP_BYTES = 64 * 2**20
CACHE_KIB = 64 * 1024
# Top actors of the chart by actor written as a CASE of bound ids (more: a JSON object).
MAX_CASES = 64
# Ids passed to SQLite at once (a page, the rows on screen).
MAX_IDS = 10_000
# `Hits.among` reads the hits of a range of ids when the range is at most this many times
# the ids asked about (else it asks for each id).
AMONG_SPREAD = 16

# Dropped in this order when the store's layout changes (the FTS index before its text).
TABLES = (
    "actor_type_months",
    "actor_pairs",
    "lead_months",
    "type_months",
    "event_documents",
    "event_mentions",
    "actor_months",
    "event_fts",
    "event_search",
    "event_payload",
    "event_actors",
    "actors",
    "event_months",
    "event_types",
    "events",
)
SCHEMA = (
    """CREATE TABLE IF NOT EXISTS events (
        id INTEGER PRIMARY KEY,
        start_day INTEGER NOT NULL,
        end_day INTEGER NOT NULL,
        month INTEGER NOT NULL,
        end_month INTEGER NOT NULL,
        precision TEXT NOT NULL,
        type TEXT NOT NULL,
        label TEXT NOT NULL,
        headline TEXT NOT NULL,
        sources INTEGER NOT NULL,
        actors TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS events_start ON events (start_day)",
    "CREATE INDEX IF NOT EXISTS events_type ON events (type)",
    f"CREATE INDEX IF NOT EXISTS events_long ON events (end_day) "
    f"WHERE end_day - start_day > {LONG_DAYS}",
    "CREATE TABLE IF NOT EXISTS event_payload (id INTEGER PRIMARY KEY, data BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS event_search (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS actors (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        events INTEGER NOT NULL DEFAULT 0,
        rank INTEGER NOT NULL DEFAULT -1
    )""",
    """CREATE TABLE IF NOT EXISTS event_actors (
        actor INTEGER NOT NULL,
        event INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (actor, event)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS event_actors_event ON event_actors (event, actor)",
    """CREATE TABLE IF NOT EXISTS event_months (
        month INTEGER NOT NULL, end_month INTEGER NOT NULL, count INTEGER NOT NULL
    )""",
    "CREATE TABLE IF NOT EXISTS event_types (type TEXT PRIMARY KEY, count INTEGER NOT NULL)",
    """CREATE TABLE IF NOT EXISTS actor_months (
        actor INTEGER NOT NULL,
        month INTEGER NOT NULL,
        end_month INTEGER NOT NULL,
        count INTEGER NOT NULL,
        mentions INTEGER NOT NULL,
        PRIMARY KEY (actor, month, end_month)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS event_mentions (
        mention TEXT NOT NULL, event INTEGER NOT NULL, pos INTEGER NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS event_mentions_mention ON event_mentions (mention)",
    "CREATE INDEX IF NOT EXISTS event_mentions_event ON event_mentions (event, pos)",
    """CREATE TABLE IF NOT EXISTS event_documents (
        document TEXT NOT NULL, event INTEGER NOT NULL, PRIMARY KEY (document, event)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS type_months (
        type TEXT NOT NULL, month INTEGER NOT NULL, count INTEGER NOT NULL,
        first INTEGER NOT NULL, PRIMARY KEY (type, month)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS lead_months (
        lead INTEGER NOT NULL, month INTEGER NOT NULL, count INTEGER NOT NULL,
        first INTEGER NOT NULL, PRIMARY KEY (lead, month)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS actor_pairs (
        actor INTEGER NOT NULL, other INTEGER NOT NULL, events INTEGER NOT NULL,
        PRIMARY KEY (actor, other)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS actor_type_months (
        actor INTEGER NOT NULL, type TEXT NOT NULL, month INTEGER NOT NULL,
        count INTEGER NOT NULL, first INTEGER NOT NULL, PRIMARY KEY (actor, type, month)
    ) WITHOUT ROWID""",
)
FTS_SCHEMA = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS event_fts USING fts5(text, content='event_search', "
    "content_rowid='id', tokenize='trigram case_sensitive 1')"
)

_EVENT = TypeAdapter(Event)


class EventStoreError(Exception):
    """The store's events cannot be read; the message is one line for the user."""


@dataclass
class StoredTimeline:
    """A timeline whose events stay in the store as rows (``path``), never decoded as a
    list: what `timeline.pipeline.build_timeline` returns with ``rows_min`` for a corpus of
    that many events or more, and what the explorer reads through `EventStore`. The rest
    (undated expressions, documents, problems, name) is held as `Timeline` holds it."""

    path: Path
    total: int  # the events (rows) of the merge it was built from
    undated: list[UndatedExpression] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    name: str | None = None
    _documents: dict[str, Document] | None = field(default=None, repr=False, compare=False)

    def document(self, document_id: str) -> Document | None:
        """The loaded document ``document_id`` (None when it is not there)."""
        if self._documents is None:
            self._documents = {d.id: d for d in self.documents}
        return self._documents.get(document_id)


def create_tables(db: sqlite3.Connection) -> bool:
    """Create the event tables (inside the caller's transaction); whether FTS5 trigram is
    there (without it, search scans)."""
    for statement in SCHEMA:
        db.execute(statement)
    try:
        db.execute(FTS_SCHEMA)
    except sqlite3.OperationalError:  # no FTS5, or no trigram tokenizer (SQLite < 3.34)
        return False
    return True


def has_fts(db: sqlite3.Connection) -> bool:
    row = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'event_fts'").fetchone()
    return row is not None


def storable(text: str) -> str:
    """``text`` as SQLite can keep it: a lone surrogate (from an undecodable file name)
    becomes U+FFFD; anything else is unchanged."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text


def _month(day: date) -> int:
    return day.year * 12 + day.month - 1


def _whole_months(start: date | None, end: date | None) -> tuple[int, int] | None:
    """The first and last month of a range that starts on a month's first day and ends on
    a month's last (either end open), else None: then "overlaps the range" is a question
    of months alone, answered from ``event_months``."""
    if start is not None and start.day != 1:
        return None
    if end is not None and (end + timedelta(days=1)).day != 1:
        return None
    return (_month(start) if start else -1, _month(end) if end else 10**6)


def _stage_row(seq: int, event: Event) -> tuple[object, ...]:
    start, end, document, offset = sort_key(event)
    actors = json.dumps([[storable(a.name), a.kind.value] for a in event.actors])
    return (
        seq,
        start.toordinal(),
        end.toordinal(),
        # Bytes compare as code points do (Python's str order), surrogates included.
        document.encode("utf-8", "surrogatepass"),
        offset,
        _month(start),
        _month(end),
        event.precision.value,
        event.event_type or UNTYPED,
        storable(event.label),
        storable(event.headline),
        len(event.sources),
        actors,
        storable(search_text(event)),
        zlib.compress(_EVENT.dump_json(event), 1),
    )


def replace_events(db: sqlite3.Connection, events: Iterable[Event], *, batch: int = 2048) -> int:
    """Replace the event tables' rows by ``events`` (in any order: they are numbered in
    `Timeline` order here), inside the caller's transaction, so that a failure or a kill
    leaves the previous rows. Streams: at most ``batch`` events are held as rows at once.
    Returns the number of events."""
    fts = has_fts(db)
    for table in TABLES:
        if table != "event_fts":
            db.execute(f"DELETE FROM {table}")  # (names of ours, not input)
    if fts:
        db.execute("INSERT INTO event_fts (event_fts) VALUES ('delete-all')")
    db.execute("DROP TABLE IF EXISTS temp.stage_events")
    db.execute("DROP TABLE IF EXISTS temp.stage_actors")
    db.execute("DROP TABLE IF EXISTS temp.stage_order")
    db.execute("DROP TABLE IF EXISTS temp.stage_mentions")
    db.execute("DROP TABLE IF EXISTS temp.stage_documents")
    db.execute(
        "CREATE TEMP TABLE stage_events (seq INTEGER PRIMARY KEY, start_day, end_day, doc, "
        "pos, month, end_month, precision, type, label, headline, sources, actors, search, "
        "payload)"
    )
    db.execute("CREATE TEMP TABLE stage_actors (seq, pos, name, kind)")
    db.execute("CREATE TEMP TABLE stage_mentions (seq, pos, mention)")
    db.execute("CREATE TEMP TABLE stage_documents (seq, document)")
    rows: list[tuple[object, ...]] = []
    links: list[tuple[object, ...]] = []
    mentions: list[tuple[object, ...]] = []
    documents: list[tuple[object, ...]] = []
    count = 0
    for seq, event in enumerate(events):
        rows.append(_stage_row(seq, event))
        links += [(seq, pos, storable(a.name), a.kind.value) for pos, a in enumerate(event.actors)]
        mentions.append((seq, -1, storable(event.id)))
        mentions += [(seq, pos, storable(m)) for pos, m in enumerate(event.mention_ids)]
        told = {event.document.id, *(source.document.id for source in event.sources)}
        documents += [(seq, storable(d)) for d in sorted(told)]
        count += 1
        if len(rows) >= batch:
            _flush_stage(db, rows, links, mentions, documents)
            rows, links, mentions, documents = [], [], [], []
    _flush_stage(db, rows, links, mentions, documents)
    db.execute(
        "CREATE TEMP TABLE stage_order AS SELECT "
        "row_number() OVER (ORDER BY start_day, end_day, doc, pos, seq) - 1 AS id, seq "
        "FROM stage_events"
    )
    db.execute("CREATE UNIQUE INDEX temp.stage_order_seq ON stage_order (seq)")
    join = "FROM stage_order o JOIN stage_events s ON s.seq = o.seq ORDER BY o.id"
    db.execute(
        "INSERT INTO events (id, start_day, end_day, month, end_month, precision, type, "
        "label, headline, sources, actors) SELECT o.id, s.start_day, s.end_day, s.month, "
        f"s.end_month, s.precision, s.type, s.label, s.headline, s.sources, s.actors {join}"
    )
    db.execute(f"INSERT INTO event_payload (id, data) SELECT o.id, s.payload {join}")
    db.execute(f"INSERT INTO event_search (id, text) SELECT o.id, s.search {join}")
    if fts:
        db.execute("INSERT INTO event_fts (event_fts) VALUES ('rebuild')")
    # An actor's kind is that of its first mention in timeline order (`Timeline.actor_counts`).
    db.execute(
        "INSERT INTO actors (name, kind) SELECT name, kind FROM (SELECT a.name, a.kind, "
        "row_number() OVER (PARTITION BY a.name ORDER BY o.id, a.pos) AS rank "
        "FROM stage_actors a JOIN stage_order o ON o.seq = a.seq) WHERE rank = 1"
    )
    db.execute(
        "INSERT INTO event_actors (actor, event, n) SELECT c.id, o.id, count(*) "
        "FROM stage_actors a JOIN stage_order o ON o.seq = a.seq "
        "JOIN actors c ON c.name = a.name GROUP BY c.id, o.id"
    )
    db.execute(
        "UPDATE actors SET events = (SELECT sum(n) FROM event_actors WHERE actor = actors.id)"
    )
    db.execute(
        "INSERT INTO event_months (month, end_month, count) "
        "SELECT month, end_month, count(*) FROM events GROUP BY month, end_month"
    )
    db.execute(
        "INSERT INTO event_types (type, count) SELECT type, count(*) FROM events GROUP BY type"
    )
    db.execute(
        "INSERT INTO actor_months (actor, month, end_month, count, mentions) "
        "SELECT a.actor, e.month, e.end_month, count(*), sum(a.n) FROM event_actors a "
        "JOIN events e ON e.id = a.event GROUP BY a.actor, e.month, e.end_month"
    )
    db.execute(
        "INSERT INTO actor_pairs (actor, other, events) SELECT a.actor, b.actor, count(*) "
        "FROM event_actors a JOIN event_actors b ON b.event = a.event GROUP BY a.actor, b.actor"
    )
    db.execute(
        "INSERT INTO actor_type_months (actor, type, month, count, first) "
        "SELECT a.actor, e.type, e.month, count(*), min(e.id) FROM event_actors a "
        "JOIN events e ON e.id = a.event GROUP BY a.actor, e.type, e.month"
    )
    db.execute(
        "INSERT INTO event_mentions (mention, event, pos) SELECT m.mention, o.id, m.pos "
        "FROM stage_mentions m JOIN stage_order o ON o.seq = m.seq ORDER BY o.id, m.pos"
    )
    db.execute(
        "INSERT OR IGNORE INTO event_documents (document, event) SELECT d.document, o.id "
        "FROM stage_documents d JOIN stage_order o ON o.seq = d.seq"
    )
    db.execute(
        "INSERT INTO type_months (type, month, count, first) "
        "SELECT type, month, count(*), min(id) FROM events GROUP BY type, month"
    )
    # Ranks as `tui.chart_model` orders the top actors: by events naming them, then name
    # (SQLite compares text as UTF-8 bytes: code point order, as Python sorts str).
    db.execute("DROP TABLE IF EXISTS temp.stage_rank")
    db.execute(
        "CREATE TEMP TABLE stage_rank AS SELECT a.actor AS actor, row_number() OVER "
        "(ORDER BY count(*) DESC, c.name) - 1 AS rank FROM event_actors a "
        "JOIN actors c ON c.id = a.actor GROUP BY a.actor"
    )
    db.execute("CREATE UNIQUE INDEX temp.stage_rank_actor ON stage_rank (actor)")
    db.execute(
        "UPDATE actors SET rank = "
        "coalesce((SELECT rank FROM stage_rank WHERE actor = actors.id), -1)"
    )
    db.execute(
        "INSERT INTO lead_months (lead, month, count, first) SELECT lead, month, count(*), "
        "min(id) FROM (SELECT e.id, e.month, coalesce((SELECT min(c.rank) FROM event_actors a "
        "JOIN actors c ON c.id = a.actor WHERE a.event = e.id), -1) AS lead FROM events e) "
        "GROUP BY lead, month"
    )
    for table in (
        "stage_rank",
        "stage_order",
        "stage_actors",
        "stage_events",
        "stage_mentions",
        "stage_documents",
    ):
        db.execute(f"DROP TABLE temp.{table}")
    return count


def _flush_stage(
    db: sqlite3.Connection,
    rows: list[tuple[object, ...]],
    links: list[tuple[object, ...]],
    mentions: list[tuple[object, ...]],
    documents: list[tuple[object, ...]],
) -> None:
    db.executemany(f"INSERT INTO stage_events VALUES ({', '.join('?' * 15)})", rows)
    db.executemany("INSERT INTO stage_actors VALUES (?, ?, ?, ?)", links)
    db.executemany("INSERT INTO stage_mentions VALUES (?, ?, ?)", mentions)
    db.executemany("INSERT INTO stage_documents VALUES (?, ?)", documents)


# ------------------------------------------------------------------------- reading


class EventRow(BaseModel):
    """What the timeline list draws for one event, without its payload."""

    model_config = ConfigDict(frozen=True)

    id: int
    start: date
    end: date
    precision: str
    event_type: str | None
    label: str
    headline: str
    sources: int
    actors: list[tuple[str, str]]  # (name, kind) in the event's order


_ROW_COLUMNS = "id, start_day, end_day, precision, type, label, headline, sources, actors"


def _row(values: Sequence[object]) -> EventRow:
    id_, start, end, precision, type_, label, headline, sources, actors = values
    return EventRow(
        id=int(id_),  # type: ignore[call-overload]
        start=date.fromordinal(int(start)),  # type: ignore[call-overload]
        end=date.fromordinal(int(end)),  # type: ignore[call-overload]
        precision=str(precision),
        event_type=None if type_ == UNTYPED else str(type_),
        label=str(label),
        headline=str(headline),
        sources=int(sources),  # type: ignore[call-overload]
        actors=[(str(n), str(k)) for n, k in json.loads(str(actors))],
    )


class EventStore:
    """The event rows of a store, opened read-only (the store's writer may run meanwhile:
    WAL readers see the last committed merge)."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self._db = db
        # Reading pages through mmap and a 64 MiB cache: filters scan a few hundred
        # thousand narrow rows, again and again (the mapping counts towards RSS as it is
        # read: `MMAP_BYTES` bounds it).
        db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        db.execute("PRAGMA temp_store=MEMORY")
        self.fts = has_fts(db)
        self.total = int(db.execute("SELECT coalesce(max(id) + 1, 0) FROM events").fetchone()[0])

    @classmethod
    def open(cls, path: Path, schema: int) -> EventStore:
        """Open the store at ``path`` for reading; `EventStoreError` (naming the file) when
        it is missing, not a store of layout ``schema`` or unreadable."""
        if path.is_symlink() or not path.is_file():
            raise EventStoreError(f"{path}: no store there (or not a regular file)")
        try:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise EventStoreError(f"{path}: cannot open the store ({exc})") from None
        try:
            found = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if found.get("schema") != str(schema):
                raise EventStoreError(f"{path}: a store of another layout; open the corpus again")
            return cls(path, db)
        except sqlite3.Error as exc:
            db.close()
            raise EventStoreError(f"{path}: not a readable conflict-tui store ({exc})") from None
        except EventStoreError:
            db.close()
            raise

    def close(self) -> None:
        self._db.close()

    def hold_snapshot(self) -> None:
        """From now on, read the merge committed now, whatever a writer commits meanwhile
        (WAL: `conflict-tui ingest`, an open that merges anew), until `release_snapshot`. A
        view whose rows are positions and ids of one merge (`tui.store_rows.StoreRows`)
        must not read its next page from another; without this each query reads the latest.
        The writer is not blocked; the store's log cannot be folded back past this point
        while it is held."""
        if not self._db.in_transaction:
            self._db.execute("BEGIN")  # a read transaction: it starts at the next SELECT
            self.total = int(
                self._db.execute("SELECT coalesce(max(id) + 1, 0) FROM events").fetchone()[0]
            )

    def release_snapshot(self) -> None:
        """Read the latest committed merge again (`total` re-read)."""
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")
        self.total = int(
            self._db.execute("SELECT coalesce(max(id) + 1, 0) FROM events").fetchone()[0]
        )

    def query(self, filters: Filters | None = None) -> EventQuery:
        return EventQuery(self, filters or Filters())

    def rows(self, ids: Sequence[int]) -> list[EventRow]:
        """The rows of events ``ids`` (at most `MAX_IDS`), in the order given; unknown ids
        are left out."""
        ids = list(ids)[:MAX_IDS]
        found = {
            int(values[0]): _row(values)
            for values in self._db.execute(
                f"SELECT {_ROW_COLUMNS} FROM events WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(ids),),
            )
        }
        return [found[i] for i in ids if i in found]

    def events_by_id(self, ids: Sequence[int]) -> dict[int, Event]:
        """Events ``ids`` (at most `MAX_IDS`) by id, their payloads decoded; unknown ids
        are not in it. `EventStoreError` if one is damaged."""
        rows = self._db.execute(
            "SELECT id, data FROM event_payload WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(ids)[:MAX_IDS]),),
        )
        return {int(i): self._decode(int(i), data) for i, data in rows}

    def events(self, ids: Sequence[int]) -> list[Event]:
        """Events ``ids`` (at most `MAX_IDS`), their payloads decoded, in the order given;
        unknown ids are left out. `EventStoreError` if one is damaged."""
        ids = list(ids)[:MAX_IDS]
        found = self.events_by_id(ids)
        return [found[i] for i in ids if i in found]

    def event(self, event_id: int) -> Event | None:
        """The whole event ``event_id`` (its payload decoded), or None."""
        row = self._db.execute(
            "SELECT data FROM event_payload WHERE id = ?", (event_id,)
        ).fetchone()
        return None if row is None else self._decode(event_id, row[0])

    def _decode(self, event_id: int, data: bytes) -> Event:
        """A stored payload as its event; `EventStoreError` (one line) if it is damaged."""
        try:
            return _EVENT.validate_json(zlib.decompress(data))
        except (zlib.error, ValueError) as exc:  # pydantic's ValidationError is a ValueError
            raise EventStoreError(
                f"{self.path}: event {event_id} is damaged ({type(exc).__name__}); "
                "open the corpus again to rebuild the store"
            ) from None

    @property
    def db(self) -> sqlite3.Connection:
        return self._db

    # ------------------------------------------------------- ids and documents

    def mention_ids(self, ids: Sequence[int]) -> dict[int, list[str]]:
        """The mention ids of each of events ``ids`` in its order (its own id when it has
        none): what `timeline.session` names an event by. Unknown ids are left out."""
        own: dict[int, str] = {}
        mentions: dict[int, list[str]] = {}
        ids = list(ids)
        for start in range(0, len(ids), MAX_IDS):
            rows = self._db.execute(
                "SELECT mention, event, pos FROM event_mentions "
                "WHERE event IN (SELECT value FROM json_each(?)) ORDER BY event, pos",
                (json.dumps(ids[start : start + MAX_IDS]),),
            )
            for mention, event, pos in rows:
                if int(pos) < 0:
                    own[int(event)] = str(mention)
                else:
                    mentions.setdefault(int(event), []).append(str(mention))
        return {i: mentions.get(i) or [own[i]] for i in ids if i in own}

    def find_mentions(self, names: Iterable[str]) -> dict[str, int]:
        """Each of ``names`` (event or mention ids) that an event here holds -> that event
        (the first holding it, as `timeline.session` resolves them in memory)."""
        wanted = sorted({storable(n) for n in names})
        found: dict[str, int] = {}
        for start in range(0, len(wanted), MAX_IDS):
            rows = self._db.execute(
                "SELECT mention, min(event) FROM event_mentions "
                "WHERE mention IN (SELECT value FROM json_each(?)) GROUP BY mention",
                (json.dumps(wanted[start : start + MAX_IDS]),),
            )
            found.update((str(m), int(e)) for m, e in rows)
        return found

    def events_of(self, document_id: str) -> list[int]:
        """The events document ``document_id`` tells (any of their mentions), in order."""
        rows = self._db.execute(
            "SELECT event FROM event_documents WHERE document = ? ORDER BY event",
            (storable(document_id),),
        )
        return [int(r[0]) for r in rows]

    def ranked(self, top: int) -> list[str]:
        """The names of the ``top`` actors naming the most events (ties by name)."""
        rows = self._db.execute(
            "SELECT name FROM actors WHERE rank >= 0 ORDER BY rank LIMIT ?", (max(0, top),)
        )
        return [str(r[0]) for r in rows]

    def span(self) -> tuple[date, date] | None:
        """The first day of the first start's month and the last day of the last end's
        month (months are what the aggregates keep: the axis draws whole years anyway)."""
        row = self._db.execute("SELECT min(month), max(end_month) FROM event_months").fetchone()
        if row is None or row[0] is None:
            return None
        first = date(int(row[0]) // 12, int(row[0]) % 12 + 1, 1)
        year, month = divmod(int(row[1]) + 1, 12)
        return first, date(year, month + 1, 1) - timedelta(days=1)

    def selection_bytes(self) -> int:
        """An upper bound of the size of a saved selection of every event (mention ids as
        JSON), from a sample of the ids' lengths: the bound of a session file's size."""
        rows = self._db.execute("SELECT coalesce(max(rowid), 0) FROM event_mentions").fetchone()
        sample = self._db.execute(
            "SELECT coalesce(max(length(mention)), 0) FROM "
            "(SELECT mention FROM event_mentions LIMIT 1000)"
        ).fetchone()
        return int(rows[0]) * (2 * int(sample[0]) + 4) + 3 * self.total


class StoredEvents(Sequence[Event]):
    """Events ``ids`` of the store at ``path``, read from it in batches of ``batch`` each
    time they are gone through, on whichever thread goes through them (a connection of its
    own: an export writes in a thread), never held all at once by this sequence."""

    def __init__(self, path: Path, schema: int, ids: Sequence[int], *, batch: int = 512) -> None:
        self.path = path
        self.schema = schema
        self.ids = list(ids)
        self.batch = batch

    def __len__(self) -> int:
        return len(self.ids)

    def _read(self, ids: Sequence[int]) -> list[Event]:
        store = EventStore.open(self.path, self.schema)
        try:
            out: list[Event] = []
            for start in range(0, len(ids), MAX_IDS):
                out += store.events(ids[start : start + MAX_IDS])
            return out
        finally:
            store.close()

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> list[Event]: ...

    def __getitem__(self, index: int | slice) -> Event | list[Event]:
        if isinstance(index, slice):
            return self._read(self.ids[index])
        found = self._read([self.ids[index]])
        if not found:
            raise EventStoreError(f"{self.path}: event {self.ids[index]} is no longer there")
        return found[0]

    def __iter__(self) -> Iterator[Event]:
        store = EventStore.open(self.path, self.schema)
        try:
            for start in range(0, len(self.ids), self.batch):
                yield from store.events(self.ids[start : start + self.batch])
        finally:
            store.close()


class Search:
    """One needle as SQL: ``condition`` holds for the ``events`` rows it hits.

    The needle is stripped and casefolded as `Timeline.matches` does; ``condition`` is None
    for an empty needle (no search). ``scans``: the needle is too short for trigrams (or has
    NUL, or the store has no FTS5): ``condition`` reads each candidate row's text, so it is
    cheap on a page and a scan over the whole timeline."""

    def __init__(self, needle: str, *, fts: bool) -> None:
        folded = storable(needle.strip().casefold())
        self.needle = folded
        self.params: tuple[str, ...] = ()
        self.condition: str | None = None
        self.scans = False
        if not folded:
            return
        if fts and len(folded) >= 3 and "\0" not in folded:
            self.condition = "id IN (SELECT rowid FROM event_fts WHERE event_fts MATCH ?)"
            self.params = ('"' + folded.replace('"', '""') + '"',)
        else:
            self.scans = True
            self.condition = (
                "instr((SELECT text FROM event_search s WHERE s.id = events.id), ?) > 0"
            )
            self.params = (folded,)


class EventQuery:
    """The events ``filters`` keep, in timeline order: their count, pages, the place of an
    event among them, a search's hits among them, and aggregates.

    Ids are indices into the timeline (`Timeline.events`); positions are places among the
    filtered events (0 the first). Each method is one SQL query or two.
    """

    def __init__(self, store: EventStore, filters: Filters) -> None:
        self.store = store
        self.filters = filters
        self._db = store.db
        # Set by `_conditions` for a time filter: ids below ``_stop`` start no later than its
        # end; ``_first`` its first day; ``_months`` its months when it is whole months.
        self._stop = store.total
        self._first: int | None = None
        self._months: tuple[int, int] | None = None
        self._split: tuple[tuple[str, tuple[int, ...]], tuple[str, tuple[int, ...]]] | None = None
        # A time filter as ids: (its first day or None, ``low``: the first id that may end
        # in it without being a long event, ``mid``: the first id starting in it, ``stop``).
        self._span: tuple[int | None, int, int, int] | None = None
        self._head: list[int] | None = None
        self._where, self._params = self._conditions(filters)
        self._others, self._other_params = self._conditions(
            filters.model_copy(update={"start": None, "end": None}), keep=False
        )
        self._only_time = not (filters.actors or filters.event_types or filters.search.strip())
        # The filter on actors (with a time filter or not) is read from ``event_actors``
        # (ordered by actor, event): the time filter is a range of its events there.
        self._actors: list[int] | None = None
        if filters.actors and not (filters.event_types or filters.search.strip()):
            names = json.dumps([storable(a) for a in filters.actors])
            rows = self._db.execute(
                "SELECT id FROM actors WHERE name IN (SELECT value FROM json_each(?))", (names,)
            )
            self._actors = sorted(int(r[0]) for r in rows)
        self._count: int | None = None
        # The one actor of a filter on one actor and nothing else: its charts are read from
        # ``actor_pairs`` and ``actor_type_months``.
        self._lone_actor: int | None = None
        if self._actors is not None and len(self._actors) == 1 and self._span is None:
            self._lone_actor = self._actors[0]

    # ---------------------------------------------------------------- where

    @property
    def filtered(self) -> bool:
        return bool(self._where)

    @property
    def lone_actor(self) -> bool:
        """Whether the filter is one actor (in the store) and nothing else: the charts of
        its events are read from the store's counts, not from its events."""
        return self._lone_actor is not None

    def _first_id_from(self, day: int) -> int:
        """The first id whose start is on or after ``day`` (ids follow starts)."""
        row = self._db.execute(
            "SELECT id FROM events WHERE start_day >= ? ORDER BY start_day, id LIMIT 1", (day,)
        ).fetchone()
        return int(row[0]) if row is not None else self.store.total

    def _conditions(self, filters: Filters, *, keep: bool = True) -> tuple[str, tuple[object, ...]]:
        """The WHERE clause of ``filters`` and its parameters (``keep``: note the time
        filter's bounds on ``self`` for the fast paths)."""
        if not keep:
            saved = (self._stop, self._first, self._months, self._split, self._span)
            try:
                return self._conditions(filters)
            finally:
                self._stop, self._first, self._months, self._split, self._span = saved
        parts: list[str] = []
        params: list[object] = []
        if filters.start or filters.end:
            first = filters.start.toordinal() if filters.start else None
            last = filters.end.toordinal() if filters.end else None
            stop = self._first_id_from(last + 1) if last is not None else self.store.total
            self._stop, self._first = stop, first
            self._months = _whole_months(filters.start, filters.end)
            if first is None:
                parts.append("id < ?")
                params.append(stop)
                self._span = (None, 0, 0, stop)
            else:
                # Starts no later than the end: ids below ``stop``. Ends no earlier than the
                # start: an event starting LONG_DAYS before it or later, or a long one.
                low = self._first_id_from(first - LONG_DAYS)
                head = (
                    f"id IN (SELECT id FROM events WHERE end_day - start_day > {LONG_DAYS} "
                    "AND end_day >= ? AND id < ?)"
                )
                tail = "id >= ? AND id < ? AND end_day >= ?"
                parts.append(f"end_day >= ? AND (({tail}) OR {head})")
                params += [first, low, stop, first, first, min(low, stop)]
                # Pages read the few long events before ``low`` apart (the head), then the
                # rest in id order straight from the table, never sorting the whole range.
                self._split = ((head, (first, min(low, stop))), (tail, (low, stop, first)))
                self._span = (first, low, self._first_id_from(first), stop)
        if filters.actors:
            parts.append(
                "id IN (SELECT event FROM event_actors WHERE actor IN "
                "(SELECT id FROM actors WHERE name IN (SELECT value FROM json_each(?))))"
            )
            params.append(json.dumps([storable(a) for a in filters.actors]))
        if filters.event_types:
            parts.append("type IN (SELECT value FROM json_each(?))")
            params.append(json.dumps([storable(t) for t in filters.event_types]))
        search = Search(filters.search, fts=self.store.fts)
        if search.condition is not None:
            parts.append(search.condition)
            params += search.params
        return " AND ".join(f"({p})" for p in parts), tuple(params)

    def _select(self, columns: str, extra: str = "", *params: object) -> tuple[str, tuple]:
        if self._actors is not None:
            # Led by the actors' links in event order: ``id IN`` (every event of the actor,
            # then a scan of the time filter's rows) took 100 ms a query for 2020 and NATO.
            source, chosen = self._actor_source()
            sql = f"SELECT {columns} FROM ({source}) AS f CROSS JOIN events ON events.id = f.event"
            return sql + (f" WHERE {extra}" if extra else ""), (*chosen, *params)
        where = " AND ".join(w for w in (self._where, extra) if w)
        sql = f"SELECT {columns} FROM events" + (f" WHERE {where}" if where else "")
        return sql, (*self._params, *params)

    # ---------------------------------------------------------------- rows

    def _month_rows(self) -> list[tuple[int, int, int]] | None:
        """The ``event_months`` rows a time filter of whole months keeps, alone, or the
        ``actor_months`` rows of one actor under such a filter or none; else None."""
        one_actor = self._actors is not None and len(self._actors) == 1
        if one_actor and self._span is None:
            assert self._actors is not None
            rows = self._db.execute(
                "SELECT month, end_month, count FROM actor_months WHERE actor = ?",
                (self._actors[0],),
            )
        elif self._months is None or not (self._only_time or one_actor):
            return None
        elif one_actor:
            assert self._actors is not None
            rows = self._db.execute(
                "SELECT month, end_month, count FROM actor_months "
                "WHERE actor = ? AND end_month >= ? AND month <= ?",
                (self._actors[0], *self._months),
            )
        else:
            rows = self._db.execute(
                "SELECT month, end_month, count FROM event_months "
                "WHERE end_month >= ? AND month <= ?",
                self._months,
            )
        return [(int(a), int(b), int(n)) for a, b, n in rows]

    def _actor_source(self) -> tuple[str, tuple[object, ...]]:
        """The events of the actor filter (and the time filter, if any) as a query of one
        column, ``event``, from ``event_actors``: one actor's in index order, no sorting;
        several actors' each once. Under a time filter with a start, the long events before
        it (few, from their own index), then the range of ids that may end in it, each read
        only where it may start before it: two arms that SQLite merges in id order."""
        assert self._actors is not None
        if len(self._actors) == 1:
            pick = "SELECT event FROM event_actors WHERE actor = ?"
            chosen: tuple[object, ...] = (self._actors[0],)
        else:
            pick = (
                "SELECT DISTINCT event FROM event_actors "
                "WHERE actor IN (SELECT value FROM json_each(?))"
            )
            chosen = (json.dumps(self._actors),)
        if self._span is None:
            return pick, chosen
        first, low, mid, stop = self._span
        if first is None:
            return f"{pick} AND event < ?", (*chosen, stop)
        head = (
            f"{pick} AND event IN (SELECT id FROM events WHERE end_day - start_day > "
            f"{LONG_DAYS} AND end_day >= ? AND id < ?)"
        )
        tail = (
            f"{pick} AND event >= ? AND event < ? "
            "AND (event >= ? OR (SELECT end_day FROM events WHERE id = event) >= ?)"
        )
        params = (*chosen, first, min(low, stop), *chosen, low, stop, mid, first)
        return f"{head} UNION ALL {tail}", params

    def _actor_events(self, columns: str, extra: str = "") -> tuple[str, tuple[object, ...]]:
        """``columns`` of `_actor_source`'s events (``extra``: a condition on ``event``)."""
        source, chosen = self._actor_source()
        where = f" WHERE event {extra}" if extra else ""
        return f"SELECT {columns} FROM ({source}){where}", chosen

    def count(self) -> int:
        if self._count is None:
            months = self._month_rows() if self._where else None
            if not self._where:
                self._count = self.store.total
            elif months is not None:
                self._count = sum(n for _, _, n in months)
            elif self._actors is not None:
                sql, params = self._actor_events("count(*)")
                self._count = int(self._db.execute(sql, params).fetchone()[0])
            else:
                sql, params = self._select("count(*)")
                self._count = int(self._db.execute(sql, params).fetchone()[0])
        return self._count

    def _split_ids(self, offset: int, limit: int) -> list[int]:
        """`ids` under a time filter with a start: the head, then the tail from the table."""
        assert self._split is not None
        (head, head_params), (tail, tail_params) = self._split
        others = f"{self._others} AND " if self._others else ""
        if self._head is None:
            rows = self._db.execute(
                f"SELECT id FROM events WHERE {others}{head} ORDER BY id",
                (*self._other_params, *head_params),
            )
            self._head = [int(r[0]) for r in rows]
        out = self._head[offset : offset + limit]
        rest = limit - len(out)
        if rest > 0:
            rows = self._db.execute(
                f"SELECT id FROM events WHERE {others}{tail} ORDER BY id LIMIT ? OFFSET ?",
                (*self._other_params, *tail_params, rest, max(0, offset - len(self._head))),
            )
            out += [int(r[0]) for r in rows]
        return out

    def page(self, offset: int, limit: int) -> list[EventRow]:
        """The rows at positions ``offset`` to ``offset + limit`` (clipped), in order."""
        offset, limit = max(0, offset), max(0, min(limit, MAX_IDS))
        if not self._where:
            sql, params = self._select(_ROW_COLUMNS, "id >= ? AND id < ?", offset, offset + limit)
            return [_row(v) for v in self._db.execute(sql + " ORDER BY id", params)]
        if self._actors is not None:
            return self.store.rows(self.ids(offset, limit))
        if self._split is not None:
            return self.store.rows(self._split_ids(offset, limit))
        sql, params = self._select(_ROW_COLUMNS)
        rows = self._db.execute(sql + " ORDER BY id LIMIT ? OFFSET ?", (*params, limit, offset))
        return [_row(v) for v in rows]

    def ids(self, offset: int = 0, limit: int = MAX_IDS) -> list[int]:
        """The ids at positions ``offset`` to ``offset + limit``."""
        offset, limit = max(0, offset), max(0, limit)
        if not self._where:
            return list(range(min(offset, self.store.total), min(offset + limit, self.store.total)))
        if self._actors is not None:
            sql, params = self._actor_events("event")
            rows = self._db.execute(
                sql + " ORDER BY event LIMIT ? OFFSET ?", (*params, limit, offset)
            )
            return [int(r[0]) for r in rows]
        if self._split is not None:
            return self._split_ids(offset, limit)
        sql, params = self._select("id")
        rows = self._db.execute(sql + " ORDER BY id LIMIT ? OFFSET ?", (*params, limit, offset))
        return [int(r[0]) for r in rows]

    def kept(self, ids: Sequence[int]) -> list[int]:
        """Which of events ``ids`` the filters keep, ascending (a selection the filters
        show: what is exported or copied)."""
        ids = sorted(set(ids))
        if not self._where:
            return [i for i in ids if 0 <= i < self.store.total]
        out: list[int] = []
        for start in range(0, len(ids), MAX_IDS):
            sql, params = self._select(
                "id",
                "id IN (SELECT value FROM json_each(?))",
                json.dumps(ids[start : start + MAX_IDS]),
            )
            out += sorted(int(r[0]) for r in self._db.execute(sql, params))
        return out

    def position_of_day(self, day: date) -> int:
        """How many filtered events start before ``day``: the position of the first one
        starting on or after it (ids follow starts)."""
        return self.position_at_or_after(self._first_id_from(day.toordinal()))

    def longest_label(self, at_most: int) -> int:
        """The length of the longest filtered label, or ``at_most`` when one is that long:
        a list's label column stops growing there, and a label that long is usually among
        the first rows, so the query stops early instead of reading every label."""
        if self._actors is not None:
            # Led by the actor's links in event order (not ``id IN`` every event of it).
            inner, params = self._actor_events("event")
            source = f"FROM ({inner}) AS a CROSS JOIN events ON events.id = a.event"
            long = f"SELECT 1 {source} WHERE length(events.label) >= ? LIMIT 1"
            longest = f"SELECT max(length(events.label)) {source}"
            if self._db.execute(long, (*params, at_most)).fetchone() is not None:
                return at_most
            found = self._db.execute(longest, params).fetchone()[0]
            return 0 if found is None else int(found)
        sql, params = self._select("1", "length(label) >= ?", at_most)
        if self._db.execute(sql + " LIMIT 1", params).fetchone() is not None:
            return at_most
        sql, params = self._select("max(length(label))")
        found = self._db.execute(sql, params).fetchone()[0]
        return 0 if found is None else int(found)

    def contains(self, event_id: int) -> bool:
        if self._actors is not None and self._span is None:  # a look-up in its own links
            row = self._db.execute(
                "SELECT 1 FROM event_actors WHERE event = ? "
                "AND actor IN (SELECT value FROM json_each(?)) LIMIT 1",
                (event_id, json.dumps(self._actors)),
            ).fetchone()
            return row is not None
        if self._actors is not None:  # in each arm of the source, by its index
            sql, params = self._actor_events("1", "= ?")
            return self._db.execute(sql + " LIMIT 1", (*params, event_id)).fetchone() is not None
        sql, params = self._select("1", "id = ?", event_id)
        return self._db.execute(sql, params).fetchone() is not None

    def position(self, event_id: int) -> int | None:
        """The position of event ``event_id`` among the filtered events, or None when the
        filters hide it (or there is no such event)."""
        if not 0 <= event_id < self.store.total or not self.contains(event_id):
            return None
        return self.position_at_or_after(event_id)

    def position_at_or_after(self, event_id: int) -> int:
        """How many filtered events come before ``event_id`` (where the cursor lands when its
        event is hidden)."""
        if not self._where:
            return max(0, min(event_id, self.store.total))
        if self._only_time and self._first is not None and 0 <= event_id < self._stop:
            # Every event from ``event_id`` to the filter's end starts no earlier than it; if
            # that is inside the range, they are all kept: the count minus them.
            row = self._db.execute(
                "SELECT start_day FROM events WHERE id = ?", (event_id,)
            ).fetchone()
            if row is not None and int(row[0]) >= self._first:
                return self.count() - (self._stop - event_id)
        if self._actors is not None:
            sql, params = self._actor_events("count(*)", "< ?")
            return int(self._db.execute(sql, (*params, event_id)).fetchone()[0])
        sql, params = self._select("count(*)", "id < ?", event_id)
        return int(self._db.execute(sql, params).fetchone()[0])

    # ---------------------------------------------------------------- search

    def hits(self, needle: str) -> Hits:
        """The filtered events containing ``needle`` (as `Timeline.matches` decides)."""
        return Hits(self, Search(needle, fts=self.store.fts))

    # ---------------------------------------------------------------- aggregates

    def month_spans(self) -> list[tuple[int, int, int]]:
        """(start month, end month, events) over the filtered events, months as
        ``year * 12 + month - 1``: enough to spread each event over the months it covers, as
        the overview axis does, without reading a row per event."""
        months = self._month_rows() if self._where else None
        if months is not None:
            return sorted(months)
        if not self._where:
            rows = self._db.execute("SELECT month, end_month, count FROM event_months")
        else:
            sql, params = self._select("month, end_month, count(*)")
            rows = self._db.execute(sql + " GROUP BY month, end_month", params)
        return sorted((int(a), int(b), int(n)) for a, b, n in rows)

    def counts_by_month(self) -> dict[tuple[int, int], int]:
        """Filtered events per (year, month) of their start."""
        counts: Counter[tuple[int, int]] = Counter()
        for month, _, n in self.month_spans():
            counts[divmod(month, 12)[0], month % 12 + 1] += n
        return dict(sorted(counts.items()))

    def counts_by_year(self) -> dict[int, int]:
        """Filtered events per year of their start."""
        counts: Counter[int] = Counter()
        for month, _, n in self.month_spans():
            counts[month // 12] += n
        return dict(sorted(counts.items()))

    def actor_counts(self) -> list[tuple[str, str, int]]:
        """(name, kind, events) of every actor the filtered events name, most frequent
        first, as `Timeline.actor_counts` orders them."""
        if not self._where:
            rows = self._db.execute("SELECT name, kind, events FROM actors WHERE events > 0")
        elif self._months is not None and self._only_time:
            rows = self._db.execute(
                "SELECT c.name, c.kind, sum(m.mentions) FROM actor_months m "
                "JOIN actors c ON c.id = m.actor WHERE m.end_month >= ? AND m.month <= ? "
                "GROUP BY m.actor",
                self._months,
            )
        else:
            inner, params = self._select("id")
            rows = self._db.execute(
                "SELECT c.name, c.kind, sum(a.n) FROM event_actors a "
                f"JOIN actors c ON c.id = a.actor WHERE a.event IN ({inner}) GROUP BY a.actor",
                params,
            )
        return sorted(((str(n), str(k), int(c)) for n, k, c in rows), key=lambda r: (-r[2], r[0]))

    def type_months(self) -> list[tuple[str, int, int, int]]:
        """(type, start month, events, first event) of the filtered events: the chart by
        type, read from ``type_months`` without a filter or with only a type filter."""
        f = self.filters
        only_types = not (f.start or f.end or f.actors or f.search.strip())
        if not self._where or only_types:
            sql = "SELECT type, month, count, first FROM type_months"
            params: tuple[object, ...] = ()
            if self.filters.event_types:
                sql += " WHERE type IN (SELECT value FROM json_each(?))"
                params = (json.dumps([storable(t) for t in self.filters.event_types]),)
            rows = self._db.execute(sql, params)
        elif self._lone_actor is not None:
            rows = self._db.execute(
                "SELECT type, month, count, first FROM actor_type_months WHERE actor = ?",
                (self._lone_actor,),
            )
        else:
            sql, params = self._select("type, month, count(*), min(id)")
            rows = self._db.execute(sql + " GROUP BY type, month", params)
        return [(str(t), int(m), int(n), int(f)) for t, m, n, f in rows]

    def actor_leaders(self, top: int) -> list[str]:
        """The ``top`` actors naming the most filtered events (ties by name)."""
        if not self._where:
            return self.store.ranked(top)
        if self._lone_actor is not None:
            rows = self._db.execute(
                "SELECT c.name, p.events FROM actor_pairs p JOIN actors c ON c.id = p.other "
                "WHERE p.actor = ?",
                (self._lone_actor,),
            )
        else:
            inner, params = self._select("id")
            rows = self._db.execute(
                "SELECT c.name, count(*) FROM event_actors a JOIN actors c ON c.id = a.actor "
                f"WHERE a.event IN ({inner}) GROUP BY a.actor",
                params,
            )
        ranked = sorted(((str(n), int(c)) for n, c in rows), key=lambda r: (-r[1], r[0]))
        return [name for name, _ in ranked[:top]]

    def actor_months(self, leaders: Sequence[str]) -> list[tuple[int, int, int, int]]:
        """(rank, start month, events, first event) of the filtered events by the best
        ranked of ``leaders`` each names: rank -1 for events naming none of them but others,
        -2 for events naming no actor (the chart by actor)."""
        if not self._where and list(leaders) == self.store.ranked(len(leaders)):
            # The whole timeline's top actors: its counts per lead and month, no event read.
            rows = self._db.execute(
                "SELECT CASE WHEN lead < 0 THEN -2 WHEN lead < ? THEN lead ELSE -1 END AS best, "
                "month, sum(count), min(first) FROM lead_months GROUP BY best, month",
                (len(leaders),),
            )
            return [(int(b), int(m), int(n), int(f)) for b, m, n, f in rows]
        if self._lone_actor is not None and list(leaders) == self.actor_leaders(len(leaders)):
            # One actor's events and its own top actors: the first of them names every event
            # (as many as the actor itself), so each event's best ranked is rank 0.
            rows = self._db.execute(
                "SELECT month, sum(count), min(first) FROM actor_type_months WHERE actor = ? "
                "GROUP BY month",
                (self._lone_actor,),
            )
            best = 0 if leaders else -1
            return [(best, int(m), int(n), int(f)) for m, n, f in rows]
        ranks = {storable(name): k for k, name in enumerate(leaders)}
        ids = {
            int(i): ranks[str(n)]
            for i, n in self._db.execute(
                "SELECT id, name FROM actors WHERE name IN (SELECT value FROM json_each(?))",
                (json.dumps(list(ranks)),),
            )
        }
        inner, params = self._select("id, month, actors")
        if 0 < len(ids) <= MAX_CASES:
            # Each leader's rank as a CASE on the actor id: per event, no JSON parsed (the
            # json_each join below took 1.7 s for the year 2020 of a million events, this
            # 0.74 s: still a query per event, in the chart's thread when read ahead).
            best = "CASE a.actor " + " ".join(f"WHEN ? THEN {k}" for k in ids.values()) + " END"
            chosen: tuple[object, ...] = tuple(ids)
        else:
            best = "(SELECT l.value FROM json_each(?) l WHERE CAST(l.key AS INTEGER) = a.actor)"
            chosen = (json.dumps({str(i): k for i, k in ids.items()}),)
        sql = (
            "SELECT best, month, count(*), min(id) FROM (SELECT f.id, f.month, CASE WHEN "
            f"f.actors = '[]' THEN -2 ELSE coalesce((SELECT min({best}) FROM event_actors a "
            f"WHERE a.event = f.id), -1) END AS best FROM ({inner}) AS f) GROUP BY best, month"
        )
        rows = self._db.execute(sql, (*chosen, *params))
        return [(int(b), int(m), int(n), int(f)) for b, m, n, f in rows]

    def type_counts(self) -> list[tuple[str, int]]:
        """(type, events) of the filtered events, `UNTYPED` for none, most frequent first."""
        if not self._where:
            rows = self._db.execute("SELECT type, count FROM event_types")
        else:
            sql, params = self._select("type, count(*)")
            rows = self._db.execute(sql + " GROUP BY type", params)
        return sorted(((str(t), int(c)) for t, c in rows), key=lambda r: (-r[1], r[0]))


class Hits:
    """A search's hits among a query's events."""

    def __init__(self, query: EventQuery, search: Search) -> None:
        self.query = query
        self.search = search
        self._counts: dict[int | None, int] = {}

    @property
    def active(self) -> bool:
        return self.search.condition is not None

    def _select(self, columns: str, extra: str = "", *params: object) -> tuple[str, tuple]:
        assert self.search.condition is not None
        condition = self.search.condition + (f" AND {extra}" if extra else "")
        return self.query._select(columns, condition, *self.search.params, *params)

    def count(self, cap: int | None = None) -> int:
        """How many hits; with ``cap``, counting stops there (a needle under 3 characters
        hits most events, and counting them all is a scan: ``min(count, cap)``)."""
        if cap in self._counts:
            return self._counts[cap]
        if not self.active:
            found = 0
        else:
            # Unfiltered, the FTS5 index alone counts (125,082 hits of "cease" in 15 ms of a
            # million events, against 68 ms for the first 10,000 through ``id IN``).
            sql, params = self._driven("1") if not self.query._where else self._select("1")
            if cap is not None:
                sql, params = sql + " LIMIT ?", (*params, max(0, cap))
            found = int(
                self.query._db.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
            )
        self._counts[cap] = found
        return found

    def _driven(self, columns: str, extra: str = "", *params: object) -> tuple[str, tuple]:
        """Like `_select`, but led by the FTS5 index in id order (its rowids), so that "the
        first hit after" stops at it instead of listing every hit first. A scan has no index
        to lead: the events lead, as in `_select`."""
        if self.search.scans:
            return self._select(columns, extra.replace("event_fts.rowid", "id"), *params)
        if not self.query._where:  # every event: the index alone, no row of ``events`` read
            sql = f"SELECT {columns.replace('events.id', 'event_fts.rowid')} FROM event_fts "
            sql += "WHERE event_fts MATCH ?" + (f" AND {extra}" if extra else "")
            return sql, (*self.search.params, *params)
        where = " AND ".join(w for w in (self.query._where, extra) if w)
        sql = (
            f"SELECT {columns} FROM event_fts CROSS JOIN events ON events.id = event_fts.rowid "
            "WHERE event_fts MATCH ?" + (f" AND {where}" if where else "")
        )
        return sql, (*self.search.params, *self.query._params, *params)

    def ids(self, limit: int = MAX_IDS, offset: int = 0) -> list[int]:
        """``limit`` hit ids from the ``offset``-th (0 the first), in timeline order."""
        if not self.active:
            return []
        sql, params = self._driven("events.id")
        order = " ORDER BY id" if self.search.scans else " ORDER BY event_fts.rowid"
        rows = self.query._db.execute(
            sql + order + " LIMIT ? OFFSET ?", (*params, max(0, limit), max(0, offset))
        )
        return [int(r[0]) for r in rows]

    def count_before(self, event_id: int, cap: int | None = None) -> int:
        """How many hits come before event ``event_id`` (the hit number of a hit, less 1);
        with ``cap``, counting stops there (``min(count, cap)``: the hits before a hit of a
        short needle far into the timeline are most events, and counting them is a scan)."""
        if not self.active:
            return 0
        sql, params = self._driven("1", "event_fts.rowid < ?", event_id)
        if cap is not None:
            sql, params = sql + " LIMIT ?", (*params, max(0, cap))
        return int(self.query._db.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0])

    def first_from(self, event_id: int) -> int | None:
        """The first hit at or after event ``event_id``, without wrapping; None if none."""
        return self._first("event_fts.rowid >= ?", False, event_id) if self.active else None

    def last_before(self, event_id: int) -> int | None:
        """The last hit before event ``event_id``, without wrapping; None if none."""
        return self._first("event_fts.rowid < ?", True, event_id) if self.active else None

    def positions(self, limit: int = MAX_IDS) -> list[int]:
        """The positions of the first ``limit`` hits among the filtered events."""
        if not self.active:
            return []
        if not self.query.filtered:
            return self.ids(limit)
        assert self.search.condition is not None
        inner, params = self.query._select("id, row_number() OVER (ORDER BY id) - 1 AS place")
        condition = self.search.condition.replace("events.id", "f.id")
        sql = f"SELECT place FROM ({inner}) AS f WHERE {condition} ORDER BY id LIMIT ?"
        rows = self.query._db.execute(sql, (*params, *self.search.params, max(0, limit)))
        return [int(r[0]) for r in rows]

    def among(self, ids: Sequence[int]) -> set[int]:
        """Which of ``ids`` (the rows on screen, at most `MAX_IDS`) are hits."""
        if not self.active or not ids:
            return set()
        ids = list(ids)[:MAX_IDS]
        low, high = min(ids), max(ids)
        if not self.search.scans and high - low < AMONG_SPREAD * len(ids):
            # Ids near each other (a screen's, a block's): FTS5 reads only that stretch of
            # its index for a rowid range, where ``IN`` matched the phrase in every event
            # first ("cease" among 512 ids of a million: 31 ms -> 0.1 ms).
            sql, params = self._driven(
                "events.id", "event_fts.rowid >= ? AND event_fts.rowid <= ?", low, high
            )
            return {int(r[0]) for r in self.query._db.execute(sql, params)} & set(ids)
        sql, params = self._driven(
            "events.id",
            "event_fts.rowid IN (SELECT value FROM json_each(?))",
            json.dumps(ids),
        )
        return {int(r[0]) for r in self.query._db.execute(sql, params)}

    def _first(self, extra: str, descending: bool, *params: object) -> int | None:
        sql, bound = self._driven("events.id", extra, *params)
        key = "id" if self.search.scans else "event_fts.rowid"
        order = f" ORDER BY {key} {'DESC' if descending else 'ASC'} LIMIT 1"
        row = self.query._db.execute(sql + order, bound).fetchone()
        return None if row is None else int(row[0])

    def next(self, event_id: int) -> int | None:
        """The first hit after event ``event_id``, wrapping to the first; None with none."""
        if not self.active:
            return None
        found = self._first("event_fts.rowid > ?", False, event_id)
        return found if found is not None else self._first("", False)

    def previous(self, event_id: int) -> int | None:
        """The last hit before event ``event_id``, wrapping to the last; None with none."""
        if not self.active:
            return None
        found = self._first("event_fts.rowid < ?", True, event_id)
        return found if found is not None else self._first("", True)
