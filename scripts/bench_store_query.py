"""The timeline over the store's event rows against issue 12's targets (item 2).

    python scripts/bench_store_query.py [--events 1000000] [--memory-events 100000]

Builds N synthetic events (`timeline.synthetic`, in chunks of 25,000 with one seed each, so
the builder never holds more than a chunk; a fifth of them typed so the type counts have
something to count) into a store in a temporary directory, through the same writer as the
corpus-level merge (`CorpusStore.put_merged`). Then, in a fresh process (so its memory is
only what reading needs), opens the store and times, each against its target:

* open + first page (count, 60 rows, the overview's month spans): 2 s;
* a search key: "cease" typed one key at a time, each key's hit count (up to 10,000: "c" and
  "ce" are under 3 characters, a scan; longer needles use FTS5), the hits on the page and the
  next hit from the cursor; the exact counts ("c", the rare "zq", "cea", "cease") apart;
* the time filter 2020, the actor filter NATO, then clearing the filters: count, first
  page, where the cursor's event is, the overview's month spans: 100 ms each (each part
  printed too);
* the actor and type dialogs' counts, unfiltered and under 2020;
* peak RSS of the reading process (``resource.getrusage``): 500 MB.

Then, in another fresh process, the same steps over M events held in memory
(`Timeline.filter_indices`, `Timeline.matches`, `Timeline.actor_counts`: what the TUI does
today) and the ratio store(N) / memory(M), both sizes named. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from timeline.models import Event
from timeline.synthetic import synthetic_events
from timeline.timeline import Filters, Timeline

if TYPE_CHECKING:
    from timeline.store.events import EventQuery

CHUNK = 25_000
PAGE = 60
COUNT_CAP = 10_000
TYPES = ("Battles", "Explosions/Remote violence", "Protests", "Riots", "Strategic developments")
TYPED = 5  # one event in this many has a type
YEAR_2020 = Filters(start=date(2020, 1, 1), end=date(2020, 12, 31))
NATO = Filters(actors=["NATO"])
WORD = "cease"
TARGETS = {"open": 2.0, "key": 0.1, "filter": 0.1}


def events(n: int) -> Iterator[Event]:
    made = 0
    seed = 0
    while made < n:
        chunk = synthetic_events(min(CHUNK, n - made), seed=seed)
        for i, event in enumerate(chunk):
            if i % TYPED == 0:
                event.event_type = TYPES[(i // TYPED) % len(TYPES)]
        yield from chunk
        made += len(chunk)
        seed += 1


def peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ``ru_maxrss``: Linux keeps the
    latter across exec, so a child would report its parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(figures: dict[str, float], name: str, work: Callable[[], Any]) -> Any:
    began = time.perf_counter()
    result = work()
    figures[name] = time.perf_counter() - began
    return result


def build(path: Path, n: int) -> dict[str, float]:
    from timeline.store.database import CorpusStore

    began = time.perf_counter()
    store, problems = CorpusStore.open(path, "bench-store-query")
    assert store is not None, problems
    store.put_merged("bench", b"", events(n))
    assert not store.problems, store.problems
    store.close()
    return {"seconds": time.perf_counter() - began, "peak RSS MB": peak_mb()}


def measure_store(path: Path) -> dict[str, float]:
    from timeline.store.database import SCHEMA_VERSION
    from timeline.store.events import EventStore

    figures: dict[str, float] = {}

    def open_first() -> Any:
        store = EventStore.open(path, SCHEMA_VERSION)
        query = store.query()
        query.count()
        query.page(0, PAGE)
        query.month_spans()
        return store

    store = timed(figures, "open + first page", open_first)
    query = store.query()
    cursor = query.ids(store.total // 2, 1)[0]  # the cursor mid-timeline
    page = query.ids(store.total // 2, PAGE)
    for length in range(1, len(WORD) + 1):
        needle = WORD[:length]

        def key(needle: str = needle) -> None:
            hits = query.hits(needle)
            # While typing, hits are counted up to COUNT_CAP ("10,000+"); the exact count
            # is timed apart below (a view would finish it off the key's path).
            hits.count(COUNT_CAP)
            hits.among(page)
            hits.next(cursor)

        timed(figures, f"search key {needle!r}", key)
    for needle in ("c", "zq", "cea", WORD):
        timed(figures, f"  exact count {needle!r}", lambda n=needle: query.hits(n).count())

    def apply(name: str, filters: Filters) -> EventQuery:
        began = time.perf_counter()
        filtered = timed(figures, f"  {name}: count", lambda: store.query(filters))
        filtered.count()
        figures[f"  {name}: count"] = time.perf_counter() - began
        timed(figures, f"  {name}: first page", lambda: filtered.page(0, PAGE))
        timed(figures, f"  {name}: cursor's place", lambda: filtered.position_at_or_after(cursor))
        timed(figures, f"  {name}: overview spans", filtered.month_spans)
        figures[name] = time.perf_counter() - began
        return filtered

    in_2020 = apply("time filter 2020", YEAR_2020)
    apply("actor filter NATO", NATO)
    apply("clear filters", Filters())
    timed(figures, "actor dialog counts", query.actor_counts)
    timed(figures, "type dialog counts", query.type_counts)
    timed(figures, "actor dialog counts, 2020", in_2020.actor_counts)
    timed(
        figures,
        "overview by year + month",
        lambda: (query.counts_by_year(), query.counts_by_month()),
    )
    figures["events"] = store.total
    figures["hits 'cease'"] = query.hits(WORD).count()
    figures["peak RSS MB"] = peak_mb()
    return figures


def measure_memory(n: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    made = list(events(n))  # generating them is not opening them
    timeline = timed(figures, "open + first page", lambda made=made: Timeline(made))
    del made
    timeline.prepare_search()
    cursor = len(timeline.events) // 2
    everything = list(range(len(timeline.events)))
    for length in range(1, len(WORD) + 1):
        needle = WORD[:length]
        timed(
            figures,
            f"search key {needle!r}",
            lambda needle=needle: [i for i in everything if timeline.matches(i, needle)],
        )
    figures[f"  exact count {WORD!r}"] = figures[f"search key {WORD!r}"]
    for name, filters in (
        ("time filter 2020", YEAR_2020),
        ("actor filter NATO", NATO),
        ("clear filters", Filters()),
    ):
        timed(figures, name, lambda filters=filters: timeline.filter_indices(filters))
    timed(figures, "actor dialog counts", timeline.actor_counts)
    timed(figures, "type dialog counts", timeline.type_counts)
    del cursor
    figures["events"] = len(timeline.events)
    figures["peak RSS MB"] = peak_mb()
    return figures


def target_of(name: str) -> float | None:
    if name.startswith("open"):
        return TARGETS["open"]
    if name.startswith(("search key", "time filter", "actor filter", "clear")):
        return TARGETS["key"]
    return None


def child(mode: str, argument: str, *more: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, f"--{mode}", argument, *more],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--memory-events", type=int, default=100_000)
    parser.add_argument("--measure-store", help=argparse.SUPPRESS)
    parser.add_argument("--measure-memory", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--store",
        type=Path,
        help="keep the built store in this file and, when it is there already, measure it "
        "without building (the file is yours to delete)",
    )
    parser.add_argument("--build", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        print(json.dumps(build(Path(args.build), args.events)))
        return
    if args.measure_store:
        print(json.dumps(measure_store(Path(args.measure_store))))
        return
    if args.measure_memory:
        print(json.dumps(measure_memory(args.measure_memory)))
        return

    with tempfile.TemporaryDirectory(prefix="bench-store-query-") as scratch:
        path = args.store or Path(scratch) / "store.sqlite3"
        if args.store is not None and args.store.exists():
            print(f"measuring the store already in {path} (not building)")
        else:
            built = child("build", str(path), "--events", str(args.events))
            print(
                f"built {args.events:,} events into a store in {built['seconds']:.1f} s "
                f"(builder's peak RSS {built['peak RSS MB']:,.0f} MB; generating the "
                "synthetic events is most of it)"
            )
        print(f"store file: {path.stat().st_size / 2**20:,.0f} MiB")
        store = child("measure-store", str(path))
    memory = child("measure-memory", str(args.memory_events)) if args.memory_events else {}

    print(
        f"\nstore: {int(store['events']):,} events, fresh process; "
        f"memory: {int(memory.get('events', 0)):,} events, fresh process"
    )
    print(f"{'':28} {'store':>10} {'target':>8} {'':4} {'memory':>10} {'store/memory':>13}")
    for name, value in store.items():
        if name in ("events", "peak RSS MB", "hits 'cease'"):
            continue
        target = target_of(name)
        verdict = "" if target is None else ("ok" if value < target else "MISS")
        ceiling = "" if target is None else f"{target * 1000:.0f} ms"
        other = memory.get(name)
        mem = "" if other is None else f"{other * 1000:9.1f} ms"
        ratio = "" if not other else f"{value / other:12.2f}×"
        print(f"{name:36} {value * 1000:7.1f} ms {ceiling:>8} {verdict:4} {mem:>10} {ratio:>13}")
    rss = store["peak RSS MB"]
    print(
        f"{'peak RSS':36} {rss:7.0f} MB {'500 MB':>8} {'ok' if rss < 500 else 'MISS':4} "
        f"{memory.get('peak RSS MB', 0):7.0f} MB"
    )
    hits = int(store["hits 'cease'"])
    print(f"hits for {WORD!r}: {hits:,}")


if __name__ == "__main__":
    main()
