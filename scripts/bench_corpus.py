"""Benchmark: a corpus, not a file (issue 12): the store and the process pool, whole process.

Builds its corpora itself from a folder of articles (``../shared/corpora/tbaq``: 256 TimeML
articles), as ``--copies`` copies (4 by default: 1,024 articles; 16: 4,096), each copy's text
made distinct (the loader skips a text it has seen: a copy would be skipped, not read) by a
sentence naming the copy at the end of every article. Then times ``conflict-tui export
CORPUS`` as a user runs it (interpreter start, imports, load, extraction, merge, JSON to a
file), wall clock from outside and CPU time of the process and its children:

- cold build: an empty store, serial (``--jobs 1``) and with the pool (``--jobs N``);
- warm reopen: the same corpus again, nothing changed;
- incremental: one file changed (a sentence appended), the rest unchanged;
- pool vs serial: ``--no-store``, ``--jobs 1`` against ``--jobs N`` (N: the cores).

The GeoNames index (built once per installation, then cached whatever the mode) is built by
an untimed first run, so every mode starts with it cached and the table compares extraction.

Each figure is printed with its ratio to the serial cold build without a store (the run of
today's users), measured in the same run, interleaved ``--runs`` times (medians). Every run's
output is compared: all must be byte-identical (the changed file's run against a no-store run
of the changed corpus). Not a test: nothing is asserted; say how loaded the machine was.

    python scripts/bench_corpus.py ../shared/corpora/tbaq
    python scripts/bench_corpus.py ../shared/corpora/tbaq --copies 16 --runs 1

``--dask local`` (or ``--dask tcp://HOST:PORT``) times `conflict-tui ingest` instead: a cold
serial ingest against a cold ingest on the cluster (whole command: cluster start, extraction,
the timeline's pass), then extraction alone on warm workers (in this process: documents per
second, and per worker), and checks that the two stores export byte-identical events.

    python scripts/bench_corpus.py ../shared/corpora/tbaq --copies 2 --dask local --jobs 2
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = (".tml", ".txt", ".md")


def make_corpus(source: Path, target: Path, copies: int) -> int:
    """``copies`` copies of the articles under ``source`` in ``target``; each copy's texts
    distinct. Returns the number of articles written."""
    written = 0
    articles = sorted(
        p for p in source.rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES)
    )
    articles = [p for p in articles if p.name.lower() != "readme.txt"]
    for copy in range(copies):
        for article in articles:
            text = article.read_text(encoding="utf-8", errors="replace")
            note = f"\n(Copy {copy + 1} of this report.)\n"
            if "</TEXT>" in text:
                text = text.replace("</TEXT>", f"{note}</TEXT>", 1)
            else:
                text += note
            out = target / f"copy{copy + 1:02}" / article.relative_to(source)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
            written += 1
    return written


def conflict_tui() -> list[str]:
    script = Path(sys.executable).parent / "conflict-tui"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from tui.cli import main; sys.exit(main())"]


def bench_env(folder: Path) -> dict[str, str]:
    """The environment of a timed command: no user or site config, the caches (the GeoNames
    index) in the bench's own ``folder``, this checkout's code, and its bytecode kept there
    too. An installed package runs from bytecode (pip compiles it), as dateparser does from
    site-packages; with ``PYTHONDONTWRITEBYTECODE`` set (this sandbox does) and a checkout,
    every run compiled our sources again (0.13 s a process). The untimed first run of each
    bench writes the bytecode."""
    env = {**os.environ, "CONFLICT_TUI_SITE_CONFIG": str(folder / "no-site.toml")}
    env["CONFLICT_TUI_CONFIG"] = str(folder / "no-user.toml")
    env["XDG_CACHE_HOME"] = str(folder / "cache")
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(corpus: Path, out: Path, *options: str) -> tuple[float, float, str]:
    """One ``conflict-tui export``: (wall seconds, CPU seconds of it and its children, the
    output's digest)."""
    env = bench_env(out.parent)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [*conflict_tui(), "export", *options, "--force", "-o", str(out), str(corpus)],
        check=True,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, hashlib.sha256(out.read_bytes()).hexdigest()


def ingest(corpus: Path, store: Path, *options: str) -> float:
    """One cold ``conflict-tui ingest`` into ``store``: wall seconds."""
    for leftover in store.parent.glob(store.name + "*"):
        leftover.unlink()
    env = bench_env(store.parent)
    # The user's GeoNames index, as this bench always used for ingest.
    env.pop("XDG_CACHE_HOME")
    if "XDG_CACHE_HOME" in os.environ:
        env["XDG_CACHE_HOME"] = os.environ["XDG_CACHE_HOME"]
    started = time.perf_counter()
    subprocess.run(
        [*conflict_tui(), "ingest", *options, "--store", str(store), str(corpus)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def bench_dask(corpus: Path, work: Path, count: int, scheduler: str, jobs: int) -> None:
    from timeline.distributed import connect, extract_on_dask, extract_remote, threads
    from timeline.ingest import loaded
    from timeline.loader import MAX_BYTES, discover
    from timeline.store import StoreChoice

    serial = ingest(corpus, work / "serial.sqlite3", "--jobs", "1")
    print(f"{'ingest --jobs 1 (serial, cold)':44} {serial:8.2f} s  {count / serial:7.1f} docs/s")
    on_dask = ingest(corpus, work / "dask.sqlite3", "--dask", scheduler, "--jobs", str(jobs))
    print(
        f"{f'ingest --dask {scheduler} --jobs {jobs} (cold)':44} {on_dask:8.2f} s  "
        f"{count / on_dask:7.1f} docs/s"
    )
    out = work / "out.json"
    a = run(corpus, out, "--store", str(work / "serial.sqlite3"))[2]
    b = run(corpus, out, "--store", str(work / "dask.sqlite3"))[2]
    print(f"exports of the two stores byte-identical: {'yes' if a == b else 'NO'}")

    files, _ = discover([corpus])
    store_path = work / "warm.sqlite3"
    with connect(scheduler, workers=jobs) as client:
        workers = threads(client)
        # Warm every worker (imports, tagger, GeoNames index) on a document of its own.
        sample = loaded(files[0], MAX_BYTES, None)
        raw = zlib.compress(sample.model_dump_json().encode("utf-8"), 1)
        cache = str(store_path.parent) if scheduler == "local" else None
        warmups = [
            client.submit(extract_remote, raw, (), cache, pure=False) for _ in range(workers * 2)
        ]
        client.gather(warmups)
        store, _ = StoreChoice(store_path).open()
        assert store is not None
        started = time.perf_counter()
        counts = extract_on_dask(
            files, store, client, max_bytes=MAX_BYTES, seeds_root=None, cache_dir=None
        )
        seconds = time.perf_counter() - started
        store.close()
    rate = counts.extracted / seconds
    print(
        f"extraction on {workers} warm workers: {counts.extracted:,} documents in {seconds:.2f} s"
        f" = {rate:.1f} docs/s, {rate / workers:.1f} docs/s per worker"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="folder of articles (e.g. corpora/tbaq)")
    parser.add_argument("--copies", type=int, default=4, help="copies of the source (4, 16)")
    parser.add_argument("--runs", type=int, default=1, help="interleaved repetitions (medians)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="pool size")
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    parser.add_argument("--dask", metavar="SCHEDULER", help="time `ingest` on Dask (or local)")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    corpus = work / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    count = make_corpus(args.source, corpus, args.copies)
    changed_file = sorted(corpus.rglob("*.tml"))[count // 2]
    original = changed_file.read_text(encoding="utf-8")
    if args.dask:
        print(
            f"{count:,} articles ({args.copies} copies of {args.source}), {os.cpu_count()} "
            f"cores, load average {os.getloadavg()[0]:.2f}"
        )
        bench_dask(corpus, work, count, args.dask, args.jobs)
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")
        if args.keep is None:
            shutil.rmtree(work)
        return
    out = work / "out.json"
    jobs = str(args.jobs)
    print(
        f"{count:,} articles ({args.copies} copies of {args.source}), {args.runs} run(s), "
        f"--jobs {jobs}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}"
    )

    names = [
        "serial, no store",
        f"pool ({jobs}), no store",
        "cold build, serial",
        f"cold build, pool ({jobs})",
        "warm reopen",
        "incremental (1 file changed)",
    ]
    # The GeoNames index is built once per installation and cached (with a store or
    # without): build it first, untimed in the table, so that every mode below starts with
    # it cached, as every run after a user's first does (our bytecode too: `bench_env`).
    first, _, _ = run(corpus, out, "--no-store", "--jobs", "1")
    print(f"first run ever (builds the GeoNames index, then cached): {first:.2f} s wall")
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    digests: dict[str, set[str]] = {name: set() for name in names}
    changed_digest: set[str] = set()
    for _ in range(args.runs):
        changed_file.write_text(original, encoding="utf-8")
        store = work / "store.sqlite3"
        for options, name in (
            (("--no-store", "--jobs", "1"), names[0]),
            (("--no-store", "--jobs", jobs), names[1]),
        ):
            wall, cpu, digest = run(corpus, out, *options)
            times[name].append((wall, cpu))
            digests[name].add(digest)
        for pool, name in (("1", names[2]), (jobs, names[3])):
            for leftover in work.glob("store.sqlite3*"):
                leftover.unlink()
            wall, cpu, digest = run(corpus, out, "--store", str(store), "--jobs", pool)
            times[name].append((wall, cpu))
            digests[name].add(digest)
        wall, cpu, digest = run(corpus, out, "--store", str(store))
        times[names[4]].append((wall, cpu))
        digests[names[4]].add(digest)
        edited = original.replace("</TEXT>", "\nTalks resumed on 3 March 2001.\n</TEXT>", 1)
        changed_file.write_text(edited, encoding="utf-8")
        wall, cpu, digest = run(corpus, out, "--store", str(store))
        times[names[5]].append((wall, cpu))
        digests[names[5]].add(digest)
        _, _, reference = run(corpus, out, "--no-store", "--jobs", jobs)
        changed_digest.add(reference)
    changed_file.write_text(original, encoding="utf-8")

    base_wall = statistics.median(w for w, _ in times[names[0]])
    base_cpu = statistics.median(c for _, c in times[names[0]])
    print(f"{'':32} {'wall s':>8} {'CPU s':>8}  {'speed-up (wall)':>15}  {'CPU ratio':>9}")
    for name in names:
        wall = statistics.median(w for w, _ in times[name])
        cpu = statistics.median(c for _, c in times[name])
        print(f"{name:32} {wall:8.2f} {cpu:8.2f}  {base_wall / wall:14.2f}×  {cpu / base_cpu:9.2f}")
    cold = statistics.median(w for w, _ in times[names[2]])
    warm = statistics.median(w for w, _ in times[names[4]])
    serial = statistics.median(w for w, _ in times[names[0]])
    pooled = statistics.median(w for w, _ in times[names[1]])
    print(f"warm reopen vs cold build (serial): {cold / warm:.1f}× faster")
    print(f"pool vs serial (no store): {serial / pooled:.2f}× the throughput")
    unchanged = set().union(*(digests[n] for n in names[:5]))
    same = len(unchanged) == 1 and digests[names[5]] == changed_digest
    print(f"outputs byte-identical across modes: {'yes' if same else 'NO'}")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    if args.keep is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
