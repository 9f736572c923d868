"""Paths in, a `Timeline` out: load every document, find its events, keep every problem.

Per document, the results come from `timeline.ingest` (the store when the file is unchanged,
else extraction, serially or in a process pool); the corpus-level pass (`merge_mentions`)
then runs over all of them, as it always did.

A load can be cancelled between documents (``build_timeline(cancelled=...)``): the app asks
it to stop as soon as it is told to quit. One document's analysis is not interrupted; the
app does not wait for it (`tui.app.run_app`), and a pool's workers are stopped.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from timeline.entities import EntityTagger
from timeline.events import DocumentAnalysis, analyze
from timeline.gazetteer import Gazetteer, GazetteerError, load_gazetteer
from timeline.geocode import index_cache
from timeline.ingest import FileStep, LoadCancelled, decode_events, encode_events, iter_results
from timeline.loader import EventBudget, Limits, discover, seed_dir
from timeline.merge import MentionFeatures, merge_mentions
from timeline.models import Document, Event, Problem, UndatedExpression
from timeline.reopen import READABLE_SUFFIXES, read_events
from timeline.reopen import ReopenError as ExportError  # (the except below keeps its name)
from timeline.store import CorpusStore, StoreChoice
from timeline.store.events import StoredTimeline
from timeline.timeline import Timeline

Progress = Callable[[int, int], None]
# A document's mentions and undated expressions as they are read, and whether from the store.
DocumentHook = Callable[[Document, Sequence[Event], Sequence[UndatedExpression], bool], None]


__all__ = ["LoadCancelled", "build_timeline", "corpus_name", "extract_events", "make_tagger"]


def corpus_name(paths: Sequence[Path]) -> str:
    """What the header calls the corpus: the seeds, a file or folder name, or a count."""
    if not paths:
        return "seeds"
    if len(paths) == 1:
        path = paths[0]
        return path.resolve().name or str(path)
    return f"{len(paths)} paths"


def read_gazetteer(gazetteer_files: Sequence[Path] = ()) -> tuple[Gazetteer, list[Problem]]:
    """The built-in gazetteer plus the user's files (only the built-in one if they are bad)."""
    problems: list[Problem] = []
    try:
        gazetteer = load_gazetteer(gazetteer_files)
    except GazetteerError as exc:
        problems.append(Problem(path=str(exc.path), message=f"{exc.message}; gazetteer ignored"))
        gazetteer = load_gazetteer(())
    return gazetteer, problems


def make_tagger(gazetteer_files: Sequence[Path] = ()) -> tuple[EntityTagger, list[Problem]]:
    """The entity tagger over the built-in gazetteer plus the user's files."""
    gazetteer, problems = read_gazetteer(gazetteer_files)
    return EntityTagger(gazetteer), problems


def _analyze(document: Document, tagger: EntityTagger) -> DocumentAnalysis:
    # Looked up at each call, so that a test can put a slow `analyze` in its place.
    return analyze(document, tagger)


def extract_events(documents: Sequence[Document], tagger: EntityTagger) -> list[Event]:
    """Every event of ``documents`` as the app shows them: per-document mentions, then the
    corpus-level pass that makes one event of each happening. For scorers and tests that
    hold documents in memory; `build_timeline` does the same over files."""
    mentions: list[Event] = []
    for document in documents:
        mentions += analyze(document, tagger).events
    return merge_mentions(mentions)


def build_timeline(
    paths: Sequence[Path] = (),
    *,
    gazetteer_files: Sequence[Path] = (),
    progress: Progress | None = None,
    name: str | None = None,
    cancelled: Callable[[], bool] | None = None,
    limits: Limits | None = None,
    store: StoreChoice | None = None,
    jobs: int = 1,
    index_dir: Path | None = None,
    announce: Callable[[str], None] | None = None,
    on_document: DocumentHook | None = None,
    event_rows: bool = False,
    rows_min: int | None = None,
) -> Timeline | StoredTimeline:
    """Load ``paths`` (the bundled seeds when empty) and build their timeline.

    Bad files become `Problem`s on the timeline; they never stop the others from loading.
    ``progress(done, total)`` is called after each file; ``announce(why)`` once, before,
    when the store must extract every file again (``why``: "made by another engine
    version"). ``on_document(document, events, undated, stored)`` is called after each
    document with the mentions and undated expressions it adds, before the corpus-level pass
    merges mentions into events, and whether they came from the store (a stored document's
    events are read lazily: touching them decodes them). ``event_rows`` keeps the merged
    events in the store as rows for paging and search (`timeline.store.events`;
    `conflict-tui ingest` does; writing them costs about 0.1–0.4 ms an event, so an open
    does not yet, since nothing reads them there: it empties them when it merges anew).
    ``cancelled()`` is asked before each file and before the corpus-level pass; once it
    returns true, `LoadCancelled` is raised. ``limits`` (the config's ``[limits]``,
    `Config.limits.limits()`; defaults when None) bound the file size and the events kept,
    per document and in all. ``store`` (`StoreChoice.for_corpus`) keeps each document's
    results for the next load, and the GeoNames index in its ``cache_dir``; without a store
    the index is kept in ``index_dir`` (`timeline.cli.choose_index_dir`; None: built in
    memory); ``jobs`` above 1 extracts in a pool of that many processes. Neither changes the
    result.

    ``rows_min`` (the explorer's `tui.app.STORE_ROWS_MIN`): a merge of that many events or
    more, with a usable store, is returned as a `StoredTimeline`, its events left as rows in
    the store: rows already there for this very merge are used without decoding a single
    event (a warm open of a million events reads none of them), and a new merge (or one
    stored without rows) writes its rows in the same transaction as its payload. Fewer
    events, no store, or a reopened export: a `Timeline` as always."""

    def check() -> None:
        if cancelled is not None and cancelled():
            raise LoadCancelled

    check()
    gazetteer, problems = read_gazetteer(gazetteer_files)
    events: list[Event] = []
    undated: list[UndatedExpression] = []
    documents: list[Document] = []
    # A json/jsonl export named on the command line reopens as the events it holds.
    exports = [p for p in paths if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES]
    sources = [p for p in paths if p not in exports]
    for path in exports:
        try:
            events += read_events(path)
        except ExportError as exc:
            problems.append(Problem(path=str(path), message=str(exc).removeprefix(f"{path}: ")))
    if exports and not sources:
        if progress is not None:
            progress(len(exports), len(exports))
        return Timeline(events, problems=problems, name=name or corpus_name(paths))
    seeds = seed_dir()
    limits = limits or Limits()
    budget = EventBudget(limits)
    files, pending = discover(sources or [seeds])
    problems += pending
    pieces: list[Sequence[Event]] = [events]  # each document's events (a store's unread)
    # The merge's features of each piece's events, when a pool's worker worked them out.
    features: list[Sequence[MentionFeatures] | None] = [None]
    opened: CorpusStore | None = None
    # What the corpus-level pass is given, file by file: with a store, its output is kept
    # under a digest of this and reused while nothing in it changes (None: not reusable).
    merge_inputs: list[str] | None = [] if not exports else None
    if store is not None and files:
        opened, notes = store.open(gazetteer_files)
        problems += notes
        if opened is not None and opened.rebuilt_because and announce is not None:
            announce(opened.rebuilt_because)
    steps = iter_results(
        files,
        tagger=lambda: EntityTagger(gazetteer),
        analyze=_analyze,
        store=opened,
        jobs=jobs,
        max_bytes=limits.max_file_bytes,
        seeds_root=None if sources else seeds,
        wanted=lambda: not budget.exhausted,
        cancelled=cancelled or (lambda: False),
        gazetteer_files=gazetteer_files,
    )
    try:
        cache_dir = store.cache_dir if store is not None else index_dir
        with contextlib.closing(steps), index_cache(cache_dir):
            for step in _checked(steps, check):
                result = step.result
                problems += result.problems
                document = result.document
                if document is not None and budget.exhausted:
                    budget.skip(document.path)  # the corpus has all the events it may hold
                elif document is not None and result.error is not None:
                    problems.append(Problem(path=document.path, message=result.error))
                elif document is not None:
                    documents.append(document)
                    if merge_inputs is not None and step.key is not None:
                        key = step.key
                        merge_inputs.append(f"{key.name}\0{key.sha256}\0{key.sidecars}")
                    else:
                        merge_inputs = None
                    kept, kept_undated, notes = budget.take(
                        document.path, step.events, result.undated
                    )
                    problems += notes
                    pieces.append(kept)
                    # (``kept`` is the first of the document's events: theirs are the first.)
                    features.append(None if step.features is None else step.features[: len(kept)])
                    undated += kept_undated
                    if on_document is not None:
                        on_document(document, kept, kept_undated, step.stored)
                if progress is not None:
                    progress(step.done, step.total)
            check()
        if opened is not None:
            opened.prune(str(path) for path in files)
        merged = _merge(
            pieces,
            features,
            opened,
            merge_inputs,
            limits,
            event_rows=event_rows,
            rows_min=rows_min,
        )
    finally:
        if opened is not None:
            opened.close()
            problems += opened.problems
    problems += budget.summary()
    if isinstance(merged, int):  # the events are rows of the store, never decoded here
        assert opened is not None
        return StoredTimeline(
            opened.path,
            merged,
            undated=undated,
            documents=documents,
            problems=problems,
            name=name if name is not None else corpus_name(paths),
        )
    return Timeline(
        merged,
        undated=undated,
        documents=documents,
        problems=problems,
        name=name if name is not None else corpus_name(paths),
    )


def _merge(
    pieces: list[Sequence[Event]],
    features: list[Sequence[MentionFeatures] | None],
    store: CorpusStore | None,
    inputs: list[str] | None,
    limits: Limits,
    *,
    event_rows: bool = False,
    rows_min: int | None = None,
) -> list[Event] | int:
    """`merge_mentions` over the events of ``pieces`` (with their ``features``, one entry a
    piece, when known: `_merge_pieces`), or its output of an earlier run from
    ``store`` when ``inputs`` (each document given to it, by name, content and sidecar hash)
    and ``limits`` are the same as then: the per-document results are a function of those
    (and of the engine version and gazetteer, which the store is for), so the merge is too;
    the documents' stored events are then never read. With ``event_rows`` the merged events
    are kept in the store as rows too (`timeline.store.events`). With ``rows_min``, a
    merge of that many events or more is kept as rows and only their number is returned
    (the rows of a stored merge are current exactly when it is: `CorpusStore.put_merged`)."""
    if store is None or inputs is None or not store.usable:
        return _merge_pieces(pieces, features)
    digest = hashlib.sha256(repr((limits, inputs)).encode("utf-8", "surrogatepass")).hexdigest()
    payload = store.get_merged(digest)
    if payload is not None:
        if rows_min is not None and store.has_event_rows():
            count = store.event_row_count()
            if count >= rows_min and store.usable:
                return count  # this merge's rows: nothing decoded
        merged = decode_events(payload)
        big = rows_min is not None and len(merged) >= rows_min
        if (event_rows or big) and merged and not store.has_event_rows():
            store.put_event_rows(merged)
        return len(merged) if big and store.usable and store.has_event_rows() else merged
    merged = _merge_pieces(pieces, features)
    big = rows_min is not None and len(merged) >= rows_min
    # Without event_rows the rows are emptied: they never describe another merge.
    store.put_merged(digest, encode_events(merged), merged if event_rows or big else None)
    return len(merged) if big and store.usable else merged


def _merge_pieces(
    pieces: Sequence[Sequence[Event]], features: Sequence[Sequence[MentionFeatures] | None]
) -> list[Event]:
    """`merge_mentions` over every event of ``pieces``, given the features known of each
    piece's events (None: worked out by the merge)."""
    events = [event for piece in pieces for event in piece]
    known: list[MentionFeatures | None] = []
    for piece, piece_features in zip(pieces, features, strict=True):
        known += [None] * len(piece) if piece_features is None else piece_features
    return merge_mentions(events, known)


def _checked(steps: Iterator[FileStep], check: Callable[[], None]) -> Iterator[FileStep]:
    """``steps``, with ``check()`` asked before each (the cancellation point per file)."""
    while True:
        check()
        step = next(steps, None)
        if step is None:
            return
        yield step
