"""Benchmark: hostile inputs must take bounded time and memory (issue 11, part 4).

Generates three files in a temporary directory and builds the timeline of each (what
``conflict-tui export``/``list`` do: `timeline.pipeline.build_timeline`) in a subprocess of
its own, then prints the wall time, the peak resident memory of that subprocess
(``getrusage(RUSAGE_CHILDREN).ru_maxrss``), the events found and the problems reported:

* ``one-line-50mb``: 50 MB of news prose on a single line (no line break at all), with the
  words that used to make the grammar copy the rest of the document ("soon after", "May",
  "March", "quarter of", "years old");
* ``lines-1m``: 1,000,000 short lines, each naming an actor and a place ("Armenian forces
  shelled Goris 123456.");
* ``may-200k``: "1 2 3 and 4 of May " 200,000 times on one line (a list of days before a
  month: the range and list rules).

With ``--all``, also three inputs under the default size limit (6 MB), to show the work on a
file that is read: ``one-line-2mb`` and ``one-line-6mb`` (the same prose, 2 MB and the limit)
and ``lines-150k`` (150,000 of those lines, 5.6 MB).

Not a test: machines are noisy, so the figures are printed, never asserted
(`tests/hostile/test_bounds.py` runs the same inputs, marked slow, and checks only that they
finish with a sane result or a clear limit message).

    python scripts/bench_hostile.py                    # the three, default limits
    python scripts/bench_hostile.py --all              # and the three under the size limit
    python scripts/bench_hostile.py --only may-200k    # one of them
    python scripts/bench_hostile.py --config FILE      # limits from a config file ([limits])
    python scripts/bench_hostile.py --timeout 600 --memory-gb 6

``--timeout`` (seconds) and ``--memory-gb`` (an address-space cap on the child) only guard the
machine: a run that hits either is reported as such, not as a figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MB = 1024 * 1024

# One paragraph of news prose, its sentences joined by spaces; "{day}" varies per copy so that
# the copies are not all one happening.
PROSE = (
    "Fighting broke out between the two armies on the night of {day} May 2022, as troops "
    "crossed the border and attacked positions around the towns of Vardenis and Goris. "
    "Officials said on Tuesday that 49 soldiers had been killed and 12 wounded. "
    "Shelling resumed soon after the ceasefire brokered by Russia collapsed, and soon "
    "afterwards the ministry said the army would march on the capital. "
    "In the first quarter of 2021 the fighting killed about 300 people, many of them 18 years "
    "old, and in March the President of the Commission called for talks. "
    "Two weeks later, on {day} June, negotiators met again in Brussels. "
)


def one_line(path: Path, size: int = 50 * MB) -> None:
    """``size`` bytes of prose and not one line break."""
    with path.open("w", encoding="utf-8") as out:
        written = 0
        day = 0
        while written < size:
            chunk = PROSE.format(day=day % 28 + 1)
            chunk = chunk[: size - written]
            out.write(chunk)
            written += len(chunk)
            day += 1


def many_lines(path: Path, lines: int = 1_000_000) -> None:
    """``lines`` short lines, each naming an actor and a place (the entity tagger's worst)."""
    with path.open("w", encoding="utf-8") as out:
        for start in range(0, lines, 10_000):
            block = range(start, min(lines, start + 10_000))
            out.write("".join(f"Armenian forces shelled Goris {i}.\n" for i in block))


def day_list(path: Path, copies: int = 200_000) -> None:
    path.write_text("1 2 3 and 4 of May " * copies + "\n", encoding="utf-8")


INPUTS: dict[str, tuple[str, Callable[[Path], None]]] = {
    "one-line-50mb": ("one-line-50mb.txt", one_line),
    "lines-1m": ("lines-1m.txt", many_lines),
    "may-200k": ("may-200k.txt", day_list),
    # Under the default size limit: what bounded work looks like for a file that is read.
    "one-line-2mb": ("one-line-2mb.txt", lambda path: one_line(path, 2 * MB)),
    "one-line-6mb": ("one-line-6mb.txt", lambda path: one_line(path, 6 * MB)),  # at the limit
    "lines-150k": ("lines-150k.txt", lambda path: many_lines(path, 150_000)),  # 5.6 MB
}
DEFAULT = ("one-line-50mb", "lines-1m", "may-200k")

# What the child runs: build the timeline, print a summary as JSON on its last line.
CHILD = """
import inspect, json, sys, time
from pathlib import Path
from timeline.config import load_config
from timeline.pipeline import build_timeline
config, _ = load_config(Path(sys.argv[2]) if len(sys.argv) > 2 else None)
started = time.perf_counter()
kwargs = {}
if "limits" in inspect.signature(build_timeline).parameters:  # once the pipeline takes them
    kwargs["limits"] = config.limits.limits()
timeline = build_timeline([Path(sys.argv[1])], **kwargs)
print(json.dumps({
    "seconds": time.perf_counter() - started,
    "events": len(timeline.events),
    "undated": len(timeline.undated),
    "problems": [str(p) for p in timeline.problems],
}))
"""


def run_one(path: Path, config: Path | None, timeout: float, memory_gb: float) -> dict[str, object]:
    """Build the timeline of ``path`` in a child process; time it and read its peak RSS."""
    command = [sys.executable, "-c", CHILD, str(path)]
    if config is not None:
        command.append(str(config))
    limit = int(memory_gb * 1024**3)

    def cap() -> None:  # in the child, before exec: an address-space cap guards the machine
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    env.setdefault("CONFLICT_TUI_CONFIG", os.devnull)  # nobody's own config
    env.setdefault("CONFLICT_TUI_SITE_CONFIG", os.devnull)
    started = time.perf_counter()
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=cap,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"outcome": f"killed after {timeout:.0f} s (timeout)"}
    wall = time.perf_counter() - started
    # ru_maxrss of the children is the largest of any child so far: run each input in a
    # fresh benchmark process (the default) for a figure of its own.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out: dict[str, object] = {"wall": wall, "peak_mb": peak / 1024}
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["?"])[-1]
        out["outcome"] = f"failed (exit {result.returncode}): {last[:200]}"
        return out
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    out.update(summary)
    out["outcome"] = "ok"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only", choices=list(INPUTS), action="append", help="run only this (repeatable)"
    )
    parser.add_argument("--all", action="store_true", help="also the inputs under the limit")
    parser.add_argument("--config", type=Path, help="config file (its [limits] table)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per input (guard)")
    parser.add_argument("--memory-gb", type=float, default=6, help="address-space cap (guard)")
    parser.add_argument("--keep", type=Path, help="write the inputs here and keep them")
    args = parser.parse_args(argv)

    names = args.only or (list(INPUTS) if args.all else list(DEFAULT))
    if len(names) > 1:
        # Each input in a fresh benchmark process, so that each peak RSS is its own.
        common = ["--timeout", str(args.timeout), "--memory-gb", str(args.memory_gb)]
        if args.config is not None:
            common += ["--config", str(args.config)]
        if args.keep is not None:
            common += ["--keep", str(args.keep)]
        for name in names:
            subprocess.run([sys.executable, __file__, "--only", name, *common], check=False)
        return 0

    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as scratch:
        directory = args.keep or Path(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        for name in names:
            filename, make = INPUTS[name]
            path = directory / filename
            if not path.exists():
                make(path)
            size = path.stat().st_size
            result = run_one(path, args.config, args.timeout, args.memory_gb)
            _print(name, size, result)
    return 0


def _print(name: str, size: int, result: dict[str, object]) -> None:
    head = f"{name:14} {size / MB:6.1f} MB"
    if "wall" in result:
        head += f"  {result['wall']:7.1f} s  peak {result['peak_mb']:7.0f} MB"
    print(f"{head}  {result['outcome']}")
    if result.get("outcome") == "ok":
        print(f"{'':14} events {result['events']:,}, undated {result['undated']:,}")
        for problem in result["problems"][:3]:  # type: ignore[index]
            print(f"{'':14} problem: {problem[:160]}")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
