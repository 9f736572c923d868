"""Benchmark: `conflict-tui export` against plain `dateparser.search_dates`, whole processes.

Issue 12's yardstick: over the same articles, ``conflict-tui export CORPUS --no-store -o FILE``
(interpreter start, imports, load, time expressions, entities, events, the merge pass, JSON
written), serial (``--jobs 1``) and with the pool (``--jobs N``), against a process that reads
the same files (their TEXT and document date, with our TimeML reader) and runs
``dateparser.search.search_dates`` over each text with its document date as the base: what a
user without us would run to get dates alone, as it comes (every language it knows, its
default) and told the texts are English (``languages=["en"]``, about 2.5 times faster).

The commands are interleaved ``--runs`` times (medians), so a noisy machine hurts all alike:
wall clock from outside, and the CPU time of each process and its children. The corpus is
built as `scripts/bench_corpus.py` builds it (``--copies`` copies of ``../shared/corpora/tbaq``,
each copy's text distinct). The GeoNames index is built by an untimed first run and cached,
as after a user's first run; that run also compiles our modules to bytecode (in the bench's
own folder, `PYTHONPYCACHEPREFIX`), as ``pip install`` does, and as dateparser's are in
site-packages: with ``PYTHONDONTWRITEBYTECODE`` set and a checkout on ``PYTHONPATH``, every
timed run compiled our sources again (0.13 s a process, both commands). Not a test: nothing
is asserted; say how loaded the machine was.

    python scripts/bench_vs_dateparser.py ../shared/corpora/tbaq             # 1,024 articles
    python scripts/bench_vs_dateparser.py ../shared/corpora/tbaq --runs 3 --copies 16
    python scripts/bench_vs_dateparser.py ../shared/corpora/tbaq --english-only  # quicker
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_corpus import bench_env, conflict_tui, make_corpus  # noqa: E402

SEARCH_DATES = r"""
import sys
from datetime import datetime
from pathlib import Path

from dateparser.search import search_dates

from timeline.timeml import read_timeml

languages = sys.argv[2:] or None  # none: dateparser's default, every language it knows
found = 0
for path in sorted(Path(sys.argv[1]).rglob("*.tml")):
    document = read_timeml(path.read_text(encoding="utf-8", errors="replace"))
    dct = document.dct
    base = datetime(dct.year, dct.month, dct.day) if dct else datetime(2000, 1, 1)
    settings = {"RELATIVE_BASE": base}
    found += len(search_dates(document.text, languages=languages, settings=settings) or [])
print(found)
"""


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="folder of TimeML articles (corpora/tbaq)")
    parser.add_argument("--copies", type=int, default=4, help="copies of the source (4: 1,024)")
    parser.add_argument("--runs", type=int, default=3, help="interleaved repetitions (medians)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="pool size")
    parser.add_argument(
        "--english-only",
        action="store_true",
        help="leave out search_dates with every language (minutes a run on a loaded machine); "
        "the ratios are then to languages=['en'] alone",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-dateparser-"))
    try:
        corpus = work / "corpus"
        count = make_corpus(args.source, corpus, args.copies)
        out = work / "out.json"
        env = bench_env(work)  # our bytecode is written by the untimed first run
        export = [*conflict_tui(), "export", "--no-store", "--force", "-o", str(out)]
        commands = {
            "conflict-tui export, --jobs 1": [*export, "--jobs", "1", str(corpus)],
            f"conflict-tui export, --jobs {args.jobs}": [
                *export,
                "--jobs",
                str(args.jobs),
                str(corpus),
            ],
            "search_dates (dateparser)": [sys.executable, "-c", SEARCH_DATES, str(corpus)],
            "search_dates, languages=['en']": [
                sys.executable,
                "-c",
                SEARCH_DATES,
                str(corpus),
                "en",
            ],
        }
        if args.english_only:
            del commands["search_dates (dateparser)"]
        # Builds the GeoNames index and compiles our modules (timeml too, search_dates's).
        timed(commands["conflict-tui export, --jobs 1"], env)
        print(
            f"{count:,} articles ({args.copies} copies of {args.source}), {args.runs} run(s) "
            f"interleaved, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}"
        )
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(timed(command, env))
        english = statistics.median(w for w, _ in times["search_dates, languages=['en']"])
        base = english
        if "search_dates (dateparser)" in times:
            base = statistics.median(w for w, _ in times["search_dates (dateparser)"])
        print(
            f"{'':34} {'wall s':>8} {'CPU s':>8}  {'× faster than search_dates':>26}  {'(en)':>6}"
        )
        for name in commands:
            wall = statistics.median(w for w, _ in times[name])
            cpu = statistics.median(c for _, c in times[name])
            print(f"{name:34} {wall:8.2f} {cpu:8.2f}  {base / wall:26.1f}  {english / wall:6.1f}")
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
