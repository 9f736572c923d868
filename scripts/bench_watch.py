"""How long one ``--watch`` scan takes on a large folder, and how often it would run.

    .venv/bin/python scripts/bench_watch.py                 # 100,000 files in 100 folders
    .venv/bin/python scripts/bench_watch.py --files 10000 --per-folder 10000

Makes ``--files`` small articles (plus one sidecar per ten) in a temporary folder, then
times `timeline.watch.scan` (cold and warm page cache aside: the first scan lists what
was just written, the rest are what a running app pays every poll) and a `Watcher.poll`
that finds one changed file, and prints the delay the watcher would keep between scans
(`Watcher.next_delay`: at most 1/SCAN_SHARE of a core goes to scanning). Figures are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from timeline.watch import DEFAULT_INTERVAL, SCAN_SHARE, Watcher, scan


def make_corpus(root: Path, files: int, per_folder: int) -> None:
    for index in range(files):
        folder = root / f"d{index // per_folder:04d}"
        if index % per_folder == 0:
            folder.mkdir()
        (folder / f"article-{index:06d}.txt").write_text("On 3 May 2022 shelling began.\n")
        if index % 10 == 0:
            (folder / f"article-{index:06d}.toml").write_text('date = "2022-05-04"\n')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--per-folder", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-watch-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        make_corpus(root, args.files, args.per_folder)
        print(f"made {args.files:,} files in {time.perf_counter() - started:.1f} s")
        settled = time.time_ns() - 3600 * 10**9  # a corpus made an hour ago
        for folder in [root, *root.iterdir()]:
            os.utime(folder, ns=(settled, settled))
        first = scan([root])
        print(f"first scan: {first.seconds:.3f} s, {len(first.articles):,} articles, "
              f"{len(first.sidecars):,} sidecars")  # fmt: skip
        for label, cache in (("no listing cache", None), ("listing cache", {})):
            times = [scan([root], cache=cache).seconds for _ in range(args.repeat)]
            print(f"scan, {label}, {args.repeat} runs: median {statistics.median(times):.3f} s, "
                  f"min {min(times):.3f} s, max {max(times):.3f} s")  # fmt: skip
        watcher = Watcher([root], settle=0)
        watcher.prime()
        victim = root / "d0000" / "article-000000.txt"
        victim.write_text("On 4 May 2022 shelling began again.\n")
        os.utime(victim, ns=(time.time_ns(), time.time_ns() + 1_000_000))
        polls: list[float] = []
        found = None
        watcher.poll()  # the listings are kept from here on
        for _ in range(2):  # a change settles once two scans agree
            started = time.perf_counter()
            changes, _problems = watcher.poll()
            polls.append(time.perf_counter() - started)
            found = changes or found
        what = found.describe() if found else "nothing"
        print(f"poll (scan and compare): {max(polls):.3f} s; found {what}")
        delay = watcher.next_delay(DEFAULT_INTERVAL)
        share = 100 * watcher.last.seconds / delay
        print(f"next scan after {delay:.1f} s (interval {DEFAULT_INTERVAL} s, scan at most "
              f"1/{SCAN_SHARE} of the time): {share:.0f}% of a core")  # fmt: skip


if __name__ == "__main__":
    main()
