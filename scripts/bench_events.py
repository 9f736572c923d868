"""Benchmark: the whole event layer per article, this tree against an earlier revision.

Times `timeline.pipeline.build_timeline` (load, segment, time expressions, entities, roles,
clauses, event types, geocoding, the merge pass) over the same corpus, in this working tree and
in a git worktree of ``--baseline REV``, each in its own fresh Python process, alternated
``--runs`` times so that a noisy machine hurts both alike. Prints the median seconds of each,
per article, the ratio, and the peak memory (ru_maxrss) of each process. Not a test: the
figures are printed, never asserted.

    python scripts/bench_events.py ../shared/corpora/conflict-dev --baseline 66b6e25
    python scripts/bench_events.py ../shared/corpora/tbaq --baseline 66b6e25 --runs 5

The one-time set-up of a process (imports; the GeoNames index, built on the first lookup,
about 3 s) is timed apart: ``--warm`` (the default) runs one untimed document first, so the
figures are per-article work; ``--cold`` includes it.

``--export`` times the whole process instead, as a user runs it: ``conflict-tui export CORPUS
-o FILE`` (interpreter start, imports, set-up, extraction, the JSON written), wall clock
measured from outside, CPU time and peak memory reported by the process itself. It also
checks that both trees wrote the same bytes.

    python scripts/bench_events.py ../shared/corpora/tbaq --baseline bf94d10 --export --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from timeline.pipeline import build_timeline
corpus = Path(sys.argv[2])
warm = sys.argv[3] == "warm"
files = sorted(p for p in corpus.rglob("*") if p.is_file())
if warm and files:
    build_timeline([files[0]])
start = time.perf_counter()
timeline = build_timeline([corpus])
took = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": took, "events": len(timeline.events),
                  "documents": len(timeline.documents), "max_rss_kb": rss}))
"""

# The whole `conflict-tui export` as the console script runs it; the CPU time and peak memory
# of this process go to stderr, its last line (stdout is the export when -o is -).
EXPORT_CHILD = r"""
import json, resource, sys
sys.path.insert(0, sys.argv[1])
from tui.cli import main
status = main(["export", sys.argv[2], "-o", sys.argv[3], "--force"])
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"cpu": usage.ru_utime + usage.ru_stime, "max_rss_kb": usage.ru_maxrss}),
      file=sys.stderr)
sys.exit(status)
"""


def _run_export(tree: Path, corpus: Path, output: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", EXPORT_CHILD, str(tree), str(corpus), str(output)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=tree,
    )
    took = time.perf_counter() - start
    figures = json.loads(out.stderr.strip().splitlines()[-1])
    written = out.stderr.strip().splitlines()[-2]  # "conflict-tui: wrote N events to ..."
    events = int(written.split("wrote ")[1].split()[0])
    return {"seconds": took, "events": events, "documents": 0, **figures}


def _run(tree: Path, corpus: Path, warm: bool) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(tree), str(corpus), "warm" if warm else "cold"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=tree,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--baseline", required=True, help="a git revision to compare with")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="include process set-up")
    parser.add_argument(
        "--export", action="store_true", help="time the whole `conflict-tui export` process"
    )
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "baseline"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "-q", str(base), args.baseline],
            cwd=ROOT,
            check=True,
        )
        try:
            now: list[dict[str, float]] = []
            then: list[dict[str, float]] = []
            for _ in range(args.runs):
                if args.export:
                    then.append(_run_export(base, corpus, Path(tmp) / "baseline.json"))
                    now.append(_run_export(ROOT, corpus, Path(tmp) / "now.json"))
                else:
                    then.append(_run(base, corpus, not args.cold))
                    now.append(_run(ROOT, corpus, not args.cold))
            if args.export:
                same = (Path(tmp) / "baseline.json").read_bytes() == (
                    Path(tmp) / "now.json"
                ).read_bytes()
                print(f"exports byte-identical: {'yes' if same else 'NO'}")
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=False
            )
    for name, runs in ((f"baseline {args.baseline}", then), ("this tree", now)):
        seconds = statistics.median(r["seconds"] for r in runs)
        if args.export:
            print(
                f"{name:24} {seconds:7.2f} s wall  "
                f"{statistics.median(r['cpu'] for r in runs):7.2f} s CPU  "
                f"{int(runs[0]['events'])} events  "
                f"peak {max(r['max_rss_kb'] for r in runs) / 1024:.0f} MiB"
            )
            continue
        docs = max(1, int(runs[0]["documents"]))
        print(
            f"{name:24} {seconds:7.2f} s  {1000 * seconds / docs:7.1f} ms/article  "
            f"{int(runs[0]['events'])} events from {docs} documents  "
            f"peak {max(r['max_rss_kb'] for r in runs) / 1024:.0f} MiB"
        )
    ratio = statistics.median(r["seconds"] for r in now) / statistics.median(
        r["seconds"] for r in then
    )
    print(f"ratio (this tree / baseline): {ratio:.2f}  ({args.runs} alternated runs, medians)")
    if args.export:
        cpu = statistics.median(r["cpu"] for r in now) / statistics.median(r["cpu"] for r in then)
        print(f"CPU ratio (this tree / baseline): {cpu:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
