#!/usr/bin/env python
"""Benchmark saving and restoring a whole-corpus selection (`timeline.session`).

    python scripts/bench_session.py [--events 100000] [PATH ...]

On N events with mention ids like the pipeline's (12 hex digits; synthetic events copied, so
no extraction is timed), and on each corpus PATH given (built by the pipeline first), with
every event selected, prints: the state file's size and bytes per event, how many selected
events the old fixed 1 MB bound held, the corpus's bound (`state_limit`, `views_limit`) and
the time to compute it, to capture, save, load and resolve the state. The corpus is frozen
out of the garbage collector's way first, as the app does with a big one. Figures are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import tempfile
import time
from pathlib import Path

from timeline.session import (
    MAX_STATE_BYTES,
    SessionStore,
    capture,
    resolve,
    state_limit,
    views_limit,
)
from timeline.synthetic import synthetic_events
from timeline.timeline import Filters, Timeline


def synthetic(n: int) -> Timeline:
    base = synthetic_events(200, seed=1)
    events = []
    for i in range(n):
        ident = hashlib.sha1(str(i).encode()).hexdigest()[:12]
        events.append(base[i % len(base)].model_copy(update={"id": ident, "mention_ids": [ident]}))
    return Timeline(events, name=f"synthetic {n}")


def bench(timeline: Timeline) -> None:
    gc.freeze()  # as the app does with a big corpus (`ConflictApp._freeze_if_big`)
    n = len(timeline.events)
    if not n:
        print(f"{timeline.name}: no events")
        return
    started = time.perf_counter()
    limit = state_limit(timeline)
    limit_s = time.perf_counter() - started
    started = time.perf_counter()
    state = capture(timeline, selected=range(n), filters=Filters(), search="", cursor=0, theme=None)
    capture_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as directory:
        store = SessionStore(Path(directory), [Path(directory) / "corpus"])
        started = time.perf_counter()
        left_out = store.save(state, limit=limit)
        save_s = time.perf_counter() - started
        size = store.path.stat().st_size
        started = time.perf_counter()
        loaded = store.load(limit=limit)
        load_s = time.perf_counter() - started
    assert loaded is not None
    started = time.perf_counter()
    selected, _cursor, gone = resolve(timeline, loaded)
    resolve_s = time.perf_counter() - started
    mentions = sum(len(e.mention_ids) or 1 for e in timeline.events) / n
    print(f"{timeline.name}: {n} events, {mentions:.2f} mention ids an event")
    print(
        f"  all selected: {size} bytes, {size / n:.1f} bytes an event; saved whole: "
        f"{left_out is None}; restored {len(selected)} ({gone} gone)"
    )
    print(f"  the old fixed 1 MB bound held about {int(MAX_STATE_BYTES / (size / n))} events")
    print(
        f"  bound: state {limit} bytes, views {views_limit(timeline)} bytes "
        f"(first computed in {limit_s:.3f} s)"
    )
    print(f"  capture {capture_s:.3f} s, save {save_s:.3f} s, load {load_s:.3f} s, "
          f"resolve {resolve_s:.3f} s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args()
    bench(synthetic(args.events))
    if args.paths:
        from timeline.pipeline import build_timeline

        for path in args.paths:
            bench(build_timeline([path], name=path.name))


if __name__ == "__main__":
    main()
