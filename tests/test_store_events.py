"""The store's event rows (`timeline.store.events`) answer exactly as the in-memory timeline:
the same order, the same filters, the same search hits (casefolded, non-ASCII, 1 and 2
characters, text that is FTS5 or LIKE syntax), the same counts; an old store is rebuilt, and a
replace that fails leaves the rows before it."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import write_store
from timeline import pipeline
from timeline.models import Event, Source
from timeline.store import StoreChoice
from timeline.store.database import SCHEMA_VERSION, CorpusStore
from timeline.store.events import EventStore, EventStoreError, StoredTimeline
from timeline.synthetic import synthetic_events
from timeline.timeline import UNTYPED, Filters, Timeline

from .test_store import write_corpus

HOSTILE = (
    'He said "cease*fire" NEAR(talks, 2) 100% a_b \\ \' ; DROP TABLE events; -- ^x :y',
    "Straße nach Ærøskøbing — İSTANBUL ΣΊΣΥΦΟΣ 東京 ﬁnal",
    "Kilit: AND OR NOT \"\" '' %_% [*] {x} (NEAR)",
)
NEEDLES = (
    "c",
    "ce",
    "cease",
    "CEASE",
    " Cease ",
    "ss",
    "STRASSE",
    "straße",
    "ærø",
    "ÆRØSKØBING",
    "σίσυφος",
    "i̇stanbul",
    "東",
    "東京",
    "ﬁ",
    "fi",
    '"',
    '""',
    '"cease',
    "cease*",
    "*",
    "NEAR(",
    "near(talks, 2)",
    "100%",
    "%",
    "_",
    "a_b",
    "%_%",
    "AND",
    "and or not",
    "-- ^x :y",
    "'",
    "\\",
    "drop table events;",
    "a\0b",
    "zzzz-not-there",
    "x" * 500,
)
TYPES = ("Battles", "Protests", "Riots")


def mention(event: Event, n: int) -> Source:
    """Mention ``n`` of ``event``'s happening (the first is the event's own)."""
    return Source(
        id=f"{event.id}-{n}",
        document=event.document,
        expression=event.expression,
        sentences=event.sentences,
        start=event.start,
        end=event.end,
        precision=event.precision,
    )


def corpus() -> list[Event]:
    """Synthetic events, some typed, some with hostile headlines, some spanning decades, in
    a shuffled order (the writer numbers them itself); ties in date included."""
    events = synthetic_events(600, seed=3)
    out: list[Event] = []
    for i, event in enumerate(events):
        update: dict[str, object] = {}
        if i % 4 == 0:
            update["event_type"] = TYPES[i % 3]
        if i % 37 == 0:
            update["headline"] = HOSTILE[i % len(HOSTILE)]
        if i % 53 == 0:  # a long range: 1990 to 2021, or open-ended "after 2018"
            update["start"], update["end"] = date(1990 + i % 7, 3, 1), date(2021, 6, 30)
        if i % 5 == 0:  # one happening told by two or three mentions: the row shows "×2"
            update["sources"] = [mention(event, n) for n in range(2 + i % 2)]
        out.append(event.model_copy(update=update))
    out += [out[5].model_copy(update={"id": "twin"})]  # a tie on every sort key
    random.Random(7).shuffle(out)
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Timeline, EventStore]:
    events = corpus()
    path = tmp_path_factory.mktemp("store") / "store.sqlite3"
    write_store(path, events, "digest", b"payload")
    opened = EventStore.open(path, SCHEMA_VERSION)
    yield Timeline(events), opened
    opened.close()


FILTERS = (
    Filters(),
    Filters(start=date(2020, 1, 1), end=date(2020, 12, 31)),
    Filters(start=date(2022, 9, 1), end=date(2022, 9, 30)),
    Filters(end=date(1991, 12, 31)),
    Filters(start=date(2016, 1, 1)),
    Filters(start=date(2000, 1, 1), end=date(2005, 12, 31)),  # only long ranges reach it
    Filters(start=date(2030, 1, 1)),
    Filters(start=date(2020, 3, 15), end=date(2020, 6, 10)),  # not whole months: no shortcut
    Filters(start=date(2019, 12, 31)),
    Filters(actors=["NATO"]),
    Filters(actors=["NATO", "Nikol Pashinyan"]),
    Filters(actors=['no "one"', "%"]),
    Filters(event_types=["Battles"]),
    Filters(event_types=[UNTYPED, "Riots"]),
    Filters(search="cease"),
    Filters(search="ce"),
    Filters(search='"*NEAR('),
    Filters(start=date(1992, 1, 1), end=date(2016, 6, 30), actors=["Russia"], search="arm"),
    Filters(start=date(2020, 1, 1), event_types=["Protests"], actors=["Turkey"]),
    # A time filter and actors alone: read from the actors' links, the time as an id range.
    Filters(start=date(2020, 1, 1), end=date(2020, 12, 31), actors=["NATO"]),
    Filters(start=date(2020, 3, 15), end=date(2020, 6, 10), actors=["NATO"]),
    Filters(start=date(2000, 1, 1), end=date(2005, 12, 31), actors=["Russia"]),
    Filters(start=date(2016, 1, 1), actors=["NATO", "Nikol Pashinyan"]),
    Filters(start=date(2019, 12, 31), end=date(2021, 2, 3), actors=["NATO", "Russia"]),
    Filters(end=date(2012, 12, 31), actors=["Russia"]),
    Filters(start=date(2020, 1, 1), actors=['no "one"']),
)


def test_rows_are_in_the_timelines_order_and_draw_the_same(
    built: tuple[Timeline, EventStore],
) -> None:
    timeline, store = built
    assert store.total == len(timeline.events) == 601
    query = store.query()
    assert query.ids(0, 10_000) == list(range(601))
    rows = query.page(0, 10_000)
    for row, event in zip(rows, timeline.events, strict=True):
        assert (row.start, row.end, row.label, row.headline) == (
            event.start,
            event.end,
            event.label,
            event.headline,
        )
        assert row.precision == event.precision.value
        assert row.event_type == event.event_type
        assert row.sources == len(event.sources)
        assert row.actors == [(a.name, a.kind.value) for a in event.actors]
    assert [r.id for r in query.page(598, 10)] == [598, 599, 600]
    assert query.page(601, 10) == [] and query.page(-5, 2)[0].id == 0
    for index in (0, 250, 600):
        assert store.event(index) == timeline.events[index]
    assert store.event(601) is None
    assert [r.id for r in store.rows([7, 3, 9999, 3])] == [7, 3, 3]


@pytest.mark.parametrize(
    "filters", FILTERS, ids=lambda f: repr(f.model_dump(exclude_defaults=True))
)
def test_filters_keep_what_the_timeline_keeps(
    built: tuple[Timeline, EventStore], filters: Filters
) -> None:
    timeline, store = built
    expected = timeline.filter_indices(filters)
    query = store.query(filters)
    assert query.count() == len(expected)
    assert query.ids(0, 10_000) == expected
    assert [r.id for r in query.page(3, 5)] == expected[3:8]
    for position, index in list(enumerate(expected))[::17]:
        assert query.position(index) == position
    hidden = sorted(set(range(len(timeline.events))) - set(expected))
    for index in hidden[:5]:
        assert query.position(index) is None
        assert query.position_at_or_after(index) == sum(1 for i in expected if i < index)
    kept = [timeline.events[i] for i in expected]
    assert query.counts_by_year() == dict(sorted(Counter(e.start.year for e in kept).items()))
    assert sum(query.counts_by_month().values()) == len(expected)
    spans = Counter(
        ((e.start.year * 12 + e.start.month - 1), (e.end.year * 12 + e.end.month - 1)) for e in kept
    )
    assert query.month_spans() == sorted((a, b, n) for (a, b), n in spans.items())
    subset = Timeline(kept)
    assert query.actor_counts() == [(n, k.value, c) for n, k, c in subset.actor_counts()]
    assert query.type_counts() == subset.type_counts()
    assert query.longest_label(10_000) == max((len(e.label) for e in kept), default=0)
    firsts: dict[tuple[str, int], int] = {}
    for index in expected:
        event = timeline.events[index]
        key = (event.event_type or UNTYPED, event.start.year * 12 + event.start.month - 1)
        firsts.setdefault(key, index)
    months = Counter((e.event_type or UNTYPED, e.start.year * 12 + e.start.month - 1) for e in kept)
    assert sorted(query.type_months()) == sorted(
        (t, m, n, firsts[t, m]) for (t, m), n in months.items()
    )


def test_an_actor_and_a_time_filter_keep_an_event_ending_on_its_first_day(
    built: tuple[Timeline, EventStore],
) -> None:
    """The time filter read from the actor's links: an event starting before the filter
    and ending on its first day is in; one ending the day before is not."""
    timeline, store = built
    index, event = next(
        (i, e)
        for i, e in enumerate(timeline.events)
        if e.actors and 0 < (e.end - e.start).days <= 400
    )
    for start, kept in ((event.end, True), (event.end + timedelta(days=1), False)):
        filters = Filters(start=start, actors=[event.actors[0].name])
        expected = timeline.filter_indices(filters)
        assert (index in expected) is kept
        query = store.query(filters)
        assert query.ids(0, 10_000) == expected
        assert query.count() == len(expected)
        assert (query.position(index) is not None) is kept


@pytest.mark.parametrize("needle", NEEDLES, ids=repr)
def test_search_hits_what_the_timeline_matches(
    built: tuple[Timeline, EventStore], needle: str
) -> None:
    timeline, store = built
    count = len(timeline.events)
    folded = needle.strip()
    expected = [i for i in range(count) if folded and timeline.matches(i, folded)]
    hits = store.query().hits(needle)
    assert hits.ids() == expected
    assert hits.count() == len(expected)
    assert hits.count(cap=3) == min(3, len(expected))
    assert hits.among(range(0, count, 2)) == {i for i in expected if i % 2 == 0}
    spread = [0, 1, count // 2, count - 1]  # too far apart for a range: each id asked
    assert hits.among(spread) == {i for i in expected if i in spread}
    assert hits.among(range(100, 140)) == {i for i in expected if 100 <= i < 140}
    if expected:
        assert hits.next(expected[0]) == (expected[1] if len(expected) > 1 else expected[0])
        assert hits.next(count) == expected[0]  # wraps
        assert hits.previous(expected[0]) == expected[-1]  # wraps
    else:
        assert hits.next(0) is None and hits.previous(0) is None
    # Under a filter, hits are counted and placed among the filtered events only.
    filters = Filters(start=date(2016, 1, 1))
    shown = timeline.filter_indices(filters)
    inside = [p for p, i in enumerate(shown) if i in set(expected)]
    filtered = store.query(filters).hits(needle)
    assert filtered.positions() == inside
    assert filtered.ids() == [shown[p] for p in inside]
    assert filtered.count() == len(inside)
    assert filtered.among(range(count)) == {i for i in expected if i in set(shown)}


def test_the_hostile_headlines_are_there_and_found(built: tuple[Timeline, EventStore]) -> None:
    timeline, store = built
    found = store.query().hits('"cease*fire" near(talks, 2) 100% a_b').ids()
    assert found and all(timeline.events[i].headline == HOSTILE[0] for i in found)
    assert store.query().hits("ærøskøbing").count() >= 1
    assert store.query().hits("strasse").count() >= 1  # "ß" casefolds to "ss", as in memory
    assert store.query().hits("").count() == 0 and store.query().hits("  ").ids() == []


def test_short_needles_scan_and_long_ones_use_the_trigram_index(
    built: tuple[Timeline, EventStore],
) -> None:
    _, store = built
    assert store.fts
    assert store.query().hits("ce").search.scans
    assert store.query().hits("ß").search.scans  # "ss": two characters
    assert not store.query().hits("cea").search.scans
    assert store.query().hits("a\0b").search.scans  # NUL would end an FTS5 query early


# ------------------------------------------------------------------ writing and layout


def test_the_pipeline_stores_the_merged_events_and_replaces_them_when_the_merge_changes(
    tmp_path: Path,
) -> None:
    corpus_dir = write_corpus(tmp_path / "corpus", count=3)
    path = tmp_path / "store.sqlite3"
    first = pipeline.build_timeline([corpus_dir], store=StoreChoice(path), event_rows=True)
    store = EventStore.open(path, SCHEMA_VERSION)
    assert store.total == len(first.events) > 0
    assert [store.event(i) for i in range(store.total)] == first.events
    store.close()

    (corpus_dir / "01.txt").unlink()
    second = pipeline.build_timeline([corpus_dir], store=StoreChoice(path), event_rows=True)
    assert len(second.events) != len(first.events)
    store = EventStore.open(path, SCHEMA_VERSION)
    assert [store.event(i) for i in range(store.total)] == second.events
    labels = [r.label for r in store.query().page(0, 100)]
    assert labels == [e.label for e in second.events]
    store.close()


def test_event_rows_are_written_only_when_asked_and_never_describe_another_merge(
    tmp_path: Path,
) -> None:
    """An open (export, the explorer) keeps no rows (writing them costs 0.1-0.4 ms an
    event, and nothing reads them there yet); ingest writes them, also over a merge already
    stored; a later open that merges anew empties them rather than leave stale rows."""
    corpus_dir = write_corpus(tmp_path / "corpus", count=3)
    path = tmp_path / "store.sqlite3"

    def total() -> int:
        store = EventStore.open(path, SCHEMA_VERSION)
        try:
            return store.total
        finally:
            store.close()

    first = pipeline.build_timeline([corpus_dir], store=StoreChoice(path))
    assert total() == 0
    pipeline.build_timeline([corpus_dir], store=StoreChoice(path), event_rows=True)
    assert total() == len(first.events) > 0  # the stored merge, now as rows too
    (corpus_dir / "01.txt").unlink()
    pipeline.build_timeline([corpus_dir], store=StoreChoice(path))
    assert total() == 0


def test_a_store_of_the_previous_layout_is_rebuilt_with_event_rows(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    with sqlite3.connect(path) as db:  # schema 3: files, merged, meta; no event rows
        db.execute("PRAGMA application_id=1668576617")
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("INSERT INTO meta VALUES ('schema', '3'), ('engine', 'test')")
        db.execute("CREATE TABLE merged (digest TEXT PRIMARY KEY, payload BLOB NOT NULL)")
        db.execute("INSERT INTO merged VALUES ('digest', x'00')")
    with pytest.raises(EventStoreError, match="another layout") as raised:
        EventStore.open(path, SCHEMA_VERSION)
    assert str(path) in str(raised.value)

    store, problems = CorpusStore.open(path, "test")
    assert store is not None and store.rebuilt_because == "made with another store layout", problems
    assert store.get_merged("digest") is None  # the old rows are gone, never misread
    store.put_merged("new", b"x", synthetic_events(5))
    store.close()
    opened = EventStore.open(path, SCHEMA_VERSION)
    assert opened.total == 5
    opened.close()


def _refused_then_rebuilt(path: Path, events: list[Event]) -> None:
    """A store of an older layout: the event store refuses it, the corpus store rebuilds it
    empty (saying why), and the merge is written into the new layout."""
    with pytest.raises(EventStoreError, match="another layout"):
        EventStore.open(path, SCHEMA_VERSION)
    store, problems = CorpusStore.open(path, "test")
    assert store is not None, problems
    assert store.rebuilt_because == "made with another store layout"
    assert store.get_merged("digest") is None and not store.has_event_rows()
    store.put_merged("digest", b"payload", events)
    store.close()


def test_a_store_of_layout_8_has_no_actor_pairs_and_is_rebuilt(tmp_path: Path) -> None:
    """Layout 9 added ``actor_pairs`` and ``actor_type_months`` (the chart of one actor's
    events): a store written before is never read for them, and rebuilt with them."""
    path = tmp_path / "store.sqlite3"
    events = synthetic_events(30, seed=5)
    write_store(path, events, "digest", b"payload")
    with sqlite3.connect(path) as db:  # as layout 8 wrote it
        db.execute("DROP TABLE actor_pairs")
        db.execute("DROP TABLE actor_type_months")
        db.execute("UPDATE meta SET value = '8' WHERE key = 'schema'")
    _refused_then_rebuilt(path, events)
    opened = EventStore.open(path, SCHEMA_VERSION)
    try:
        named = sum(len({a.name for a in e.actors}) for e in events)
        pairs = opened.db.execute("SELECT sum(events) FROM actor_pairs WHERE actor = other")
        assert pairs.fetchone()[0] == named
        counted = opened.db.execute("SELECT sum(count) FROM actor_type_months").fetchone()[0]
        assert counted == named
    finally:
        opened.close()


def test_a_store_of_layout_7_has_no_actor_ranks_and_is_rebuilt(tmp_path: Path) -> None:
    """Layout 8 added the actors' ranks and ``lead_months`` (the chart by actor): a store
    written before is never read for them, and rebuilt when the corpus is opened again."""
    path = tmp_path / "store.sqlite3"
    write_store(path, synthetic_events(30, seed=5), "digest", b"payload")
    with sqlite3.connect(path) as db:  # as layout 7 wrote it: no rank, no lead_months
        db.execute("DROP TABLE lead_months")
        db.execute("ALTER TABLE actors DROP COLUMN rank")
        db.execute("UPDATE meta SET value = '7' WHERE key = 'schema'")
    _refused_then_rebuilt(path, synthetic_events(30, seed=5))
    opened = EventStore.open(path, SCHEMA_VERSION)
    try:
        assert len(opened.ranked(3)) == 3
        assert opened.db.execute("SELECT sum(count) FROM lead_months").fetchone()[0] == 30
    finally:
        opened.close()


def test_opening_something_else_says_which_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(EventStoreError, match=r"junk\.sqlite3"):
        EventStore.open(junk, SCHEMA_VERSION)
    with pytest.raises(EventStoreError, match=r"missing\.sqlite3"):
        EventStore.open(tmp_path / "missing.sqlite3", SCHEMA_VERSION)
    link = tmp_path / "link.sqlite3"
    link.symlink_to(junk)
    with pytest.raises(EventStoreError, match=r"link\.sqlite3"):
        EventStore.open(link, SCHEMA_VERSION)


def test_a_replace_that_fails_midway_leaves_the_rows_before_it(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    store, _ = CorpusStore.open(path, "test")
    assert store is not None
    before = synthetic_events(40, seed=1)
    store.put_merged("old", b"old", before)

    def failing() -> object:
        yield from synthetic_events(3000, seed=2)[:2500]  # more than one batch written
        raise RuntimeError("killed mid-write")

    with pytest.raises(RuntimeError, match="mid-write"):
        store.put_merged("new", b"new", failing())  # type: ignore[arg-type]
    assert store.get_merged("old") == b"old" and store.get_merged("new") is None
    store.close()
    opened = EventStore.open(path, SCHEMA_VERSION)
    assert opened.total == 40
    assert [opened.event(i) for i in range(40)] == Timeline(before).events
    assert opened.query().hits("according").count() == 40  # the FTS index is the old one too
    opened.close()


KILLED_WRITER = """
import sys, time
from pathlib import Path
from timeline.store.database import CorpusStore
from timeline.synthetic import synthetic_events

store, _ = CorpusStore.open(Path(sys.argv[1]), "test")
store.put_merged("old", b"old", synthetic_events(40, seed=1))

def slow():
    yield from synthetic_events(2100, seed=2)  # the first batch reaches the database
    print("writing", flush=True)
    time.sleep(60)

store.put_merged("new", b"new", slow())
"""


def test_a_writer_killed_mid_replace_leaves_the_rows_before_it(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "writing\n"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert child.returncode == -signal.SIGKILL
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    opened = EventStore.open(path, SCHEMA_VERSION)
    assert opened.total == 40
    assert opened.query().hits("according").count() == 40
    assert opened.db.execute("SELECT digest FROM merged").fetchall() == [("old",)]
    opened.close()


def test_a_damaged_payload_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    write_store(path, synthetic_events(3), "d", b"d")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE event_payload SET data = x'78da00' WHERE id = 1")
        db.execute("UPDATE event_payload SET data = ? WHERE id = 2", (b"x\x9c" + b"\x03\x00" * 3,))
    opened = EventStore.open(path, SCHEMA_VERSION)
    assert opened.event(0) is not None
    for damaged in (1, 2):
        with pytest.raises(EventStoreError, match=r"store\.sqlite3: event \d is damaged"):
            opened.event(damaged)
    opened.close()


def test_mention_ids_name_each_event_and_find_it_again(
    built: tuple[Timeline, EventStore],
) -> None:
    timeline, store = built
    wanted = list(range(0, 601, 7))
    names = store.mention_ids(wanted)
    assert names == {
        i: list(timeline.events[i].mention_ids) or [timeline.events[i].id] for i in wanted
    }
    # Found again as `timeline.session` finds them in memory: the first event holding an id.
    first: dict[str, int] = {}
    for index, event in enumerate(timeline.events):
        for name in (event.id, *event.mention_ids):
            first.setdefault(name, index)
    asked = [name for i in wanted for name in names[i]] + ["not-an-id", 'x" OR 1=1 --']
    assert store.find_mentions(asked) == {n: first[n] for n in asked if n in first}
    assert store.mention_ids([10_000, -1]) == {}


def test_events_of_a_document_are_those_the_timeline_counts(
    built: tuple[Timeline, EventStore],
) -> None:
    timeline, store = built
    documents = {e.document.id for e in timeline.events} | {"no such document"}
    for document in sorted(documents)[:40]:
        assert store.events_of(document) == timeline.events_of(document), document


def test_the_span_covers_the_timelines_span_in_whole_months(
    built: tuple[Timeline, EventStore],
) -> None:
    timeline, store = built
    span, exact = store.span(), timeline.span
    assert span is not None and exact is not None
    assert span[0] == exact[0].replace(day=1)
    assert span[1] >= exact[1] and (span[1] - exact[1]).days < 31


def test_a_big_merge_comes_back_as_rows_and_a_warm_open_decodes_no_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``rows_min``, a merge of that many events is left in the store as rows (a
    `StoredTimeline`): a new merge writes them; a warm open uses them without decoding the
    stored merge; fewer events than ``rows_min`` stay a `Timeline` in memory."""
    corpus_dir = write_corpus(tmp_path / "corpus", count=3)
    path = tmp_path / "store.sqlite3"
    memory = pipeline.build_timeline([corpus_dir], store=StoreChoice(path))
    assert isinstance(memory, Timeline) and len(memory.events) > 2
    small = pipeline.build_timeline(
        [corpus_dir], store=StoreChoice(path), rows_min=len(memory.events) + 1
    )
    assert isinstance(small, Timeline) and small.events == memory.events

    (corpus_dir / "01.txt").unlink()  # a new merge: its rows are written with it
    stored = pipeline.build_timeline([corpus_dir], store=StoreChoice(path), rows_min=2)
    assert isinstance(stored, StoredTimeline)
    again = pipeline.build_timeline([corpus_dir], store=StoreChoice(path))
    assert isinstance(again, Timeline)
    assert stored.total == len(again.events) and stored.path == path
    assert [d.id for d in stored.documents] == [d.id for d in again.documents]
    opened = EventStore.open(path, SCHEMA_VERSION)
    assert [opened.event(i) for i in range(opened.total)] == again.events
    opened.close()

    def no_decoding(payload: bytes) -> list[Event]:
        raise AssertionError("a warm open over current rows decoded the merge")

    monkeypatch.setattr(pipeline, "decode_events", no_decoding)
    warm = pipeline.build_timeline([corpus_dir], store=StoreChoice(path), rows_min=2)
    assert isinstance(warm, StoredTimeline) and warm.total == stored.total


def test_sessions_and_views_name_and_find_events_through_the_store_as_in_memory(
    built: tuple[Timeline, EventStore],
) -> None:
    from timeline.session import NamedView, capture, resolve, state_limit, view_events

    timeline, store = built
    selected = set(range(3, 601, 11))
    kwargs = {"filters": Filters(actors=["NATO"]), "search": "x", "cursor": 42, "theme": None}
    state = capture(store, selected=selected, **kwargs)  # type: ignore[arg-type]
    assert state == capture(timeline, selected=selected, **kwargs)  # type: ignore[arg-type]
    assert resolve(store, state) == resolve(timeline, state) == (selected, 42, 0)
    for filters in (Filters(), Filters(actors=["NATO"]), Filters(start=date(2020, 1, 1))):
        for chosen in (state.selected, [], [["gone"]]):
            view = NamedView(filters=filters, search="", selected=chosen)
            assert view_events(store, view) == view_events(timeline, view), (filters, chosen)
    assert state_limit(store) >= len(json.dumps(capture(
        timeline, selected=range(601), filters=Filters(), search="", cursor=None, theme=None
    ).selected))  # fmt: skip
