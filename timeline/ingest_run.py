"""`conflict-tui ingest`: fill (or bring up to date) a corpus's store, and say what it did.

Two passes over the corpus, both through the store:

1. *Extraction*: every file the store lacks (new, changed, or stored as a copy that is a copy
   no more) is extracted, here by `timeline.ingest.iter_results` (serially or in the process
   pool, ``jobs``) or on a Dask cluster by `timeline.distributed.extract_on_dask`; rows of
   files no longer in the corpus are dropped. This process is the store's one writer.
2. *The timeline*: `timeline.pipeline.build_timeline` over the same paths and store, exactly
   as `conflict-tui export` or the TUI opens the corpus: every document now comes from the
   store, the corpus-level pass runs once and its output is stored too. Its events and
   problems are the summary's, and a later open of the corpus extracts nothing.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from timeline.geocode import index_cache
from timeline.ingest import iter_results
from timeline.loader import Limits, discover, seed_dir
from timeline.models import Problem
from timeline.progress_line import ProgressLine
from timeline.reopen import READABLE_SUFFIXES
from timeline.store import StoreChoice


class StoreUnusable(Exception):
    """The store cannot be opened or written: ingest has nowhere to put its results."""


@dataclass
class IngestSummary:
    """What one ``ingest`` did."""

    files: int = 0
    extracted: int = 0  # documents analysed in this run
    reused: int = 0  # documents whose stored results were still valid
    skipped: int = 0  # files with nothing to analyse (unreadable, empty, copies), stored or not
    removed: int = 0  # store rows of files no longer in the corpus
    failed: int = 0  # documents the engine could not extract (reported among the problems)
    events: int = 0
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    where: str = ""  # where the extraction ran

    def lines(self, store: Path) -> list[str]:
        """The summary as printed, one fact per line."""
        warnings = sum(1 for p in self.problems if not p.fatal)
        return [
            f"files: {self.files:,} ({self.extracted:,} extracted {self.where}, "
            f"{self.reused:,} reused from the store, {self.skipped:,} skipped, "
            f"{self.failed:,} failed; {self.removed:,} removed from the store)",
            f"events: {self.events:,}",
            f"problems: {_count(len(self.problems) - warnings, 'error')}, "
            f"{_count(warnings, 'warning')}",
            f"store: {store}",
            f"time: {self.seconds:.1f} s",
        ]


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def ingest_corpus(
    paths: Sequence[Path],
    store: StoreChoice,
    *,
    gazetteer_files: Sequence[Path] = (),
    limits: Limits | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    timeout: float | None = None,
    progress: ProgressLine | None = None,
) -> IngestSummary:
    """Extract what ``store`` lacks of the corpus of ``paths`` (the bundled seeds when empty)
    here with ``jobs`` processes, or on the Dask cluster ``scheduler`` (``local``: a
    `LocalCluster` of ``jobs`` workers); then build its timeline through the store.

    ``progress`` is told how many files are done, in each pass.

    Raises `StoreUnusable`, and for ``scheduler`` `timeline.distributed.DaskUnavailable` or
    `ClusterError` (before anything is extracted).
    """
    from timeline.entities import EntityTagger
    from timeline.pipeline import build_timeline, read_gazetteer

    started = time.perf_counter()
    limits = limits or Limits()
    summary = IngestSummary()
    exports = [p for p in paths if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES]
    sources = [p for p in paths if p not in exports]
    files: list[Path] = []
    if sources or not exports:  # (discovery's problems are reported by the timeline's pass)
        files, _ = discover(sources or [seed_dir()])
    seeds_root = None if sources else seed_dir()
    summary.files = len(files)
    if files:
        opened, notes = store.open(gazetteer_files)
        if opened is None:
            raise StoreUnusable("; ".join(str(note) for note in notes) or str(store.path))
        summary.problems += notes
        try:
            with index_cache(store.cache_dir):
                if scheduler is not None:
                    from timeline.distributed import (
                        DEFAULT_TIMEOUT,
                        ClusterError,
                        connect,
                        extract_on_dask,
                        reason,
                    )

                    with connect(
                        scheduler, workers=jobs, timeout=timeout or DEFAULT_TIMEOUT
                    ) as client:
                        try:
                            counts = extract_on_dask(
                                files,
                                opened,
                                client,
                                max_bytes=limits.max_file_bytes,
                                seeds_root=seeds_root,
                                gazetteer_files=gazetteer_files,
                                cache_dir=store.cache_dir if scheduler == "local" else None,
                                progress=progress,
                            )
                            workers = len(client.scheduler_info()["workers"])
                        except Exception as exc:  # the scheduler lost, a worker's bug...
                            raise ClusterError(
                                f"the Dask cluster failed ({reason(exc)}); what was gathered "
                                "before is kept in the store"
                            ) from None
                    summary.where = f"on Dask ({workers} workers)"
                    summary.extracted, summary.reused = counts.extracted, counts.reused
                    summary.skipped, summary.failed = counts.skipped, counts.failed
                    summary.problems += counts.problems
                else:
                    gazetteer, _ = read_gazetteer(gazetteer_files)
                    steps = iter_results(
                        files,
                        tagger=lambda: EntityTagger(gazetteer),
                        store=opened,
                        jobs=jobs,
                        max_bytes=limits.max_file_bytes,
                        seeds_root=seeds_root,
                        gazetteer_files=gazetteer_files,
                    )
                    with contextlib.closing(steps):
                        for step in steps:
                            if progress is not None:
                                progress(step.done, step.total)
                            if step.result.document is None:  # (a copy's is dropped)
                                summary.skipped += 1
                            elif step.stored:
                                summary.reused += 1
                            elif step.result.error is not None:
                                summary.failed += 1
                            else:
                                summary.extracted += 1
                    summary.where = "here" if jobs == 1 else f"here ({jobs} processes at most)"
            summary.removed = opened.prune(str(path) for path in files)
        finally:
            opened.close()
            summary.problems += opened.problems
        if opened.problems:  # a store error turned it off: results were lost
            raise StoreUnusable("; ".join(str(p) for p in opened.problems))
    if progress is not None:
        progress.verb = "reading back"
    timeline = build_timeline(
        paths,
        gazetteer_files=gazetteer_files,
        limits=limits,
        store=store,
        jobs=jobs,
        progress=progress,
        event_rows=True,
    )
    summary.events = len(timeline.events)
    summary.problems += timeline.problems
    summary.seconds = time.perf_counter() - started
    return summary
