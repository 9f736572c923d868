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
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
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
                then.append(_run(base, corpus, not args.cold))
                now.append(_run(ROOT, corpus, not args.cold))
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=False
            )
    for name, runs in ((f"baseline {args.baseline}", then), ("this tree", now)):
        seconds = statistics.median(r["seconds"] for r in runs)
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
