"""Files in, per-document results out: from the store when a file is unchanged, else by
extraction, serially or in a process pool.

`iter_results` yields one `FileStep` per file, in the order the files were found, whatever
ran where: the corpus-level pass (`timeline.pipeline`) sees exactly what a serial run gives,
so the output is byte-identical with or without the store or the pool.

- **The store** (`timeline.store`): a file whose name, resolved path, size, modification time,
  content hash and sidecars all match its row is read back, not extracted. Nothing is built
  for extraction (tagger, gazetteer, GeoNames index) until a file needs it, so reopening an
  unchanged corpus builds none of it. New results are written by this process alone (one
  writer), in batches of transactions.
- **The pool**: files to extract go to a `ProcessPoolExecutor` of ``jobs`` workers (forked
  after the tagger and the GeoNames index are built and a seed article analysed, so workers
  share them and what the engine builds on first use), a few files a job (`batched`). A
  worker returns each result as it built it, pickled by the pool, with what the
  corpus-level pass needs of each event (`Extracted`), and in the compact form the store
  keeps when there is a store. Fewer than `POOL_MIN_DOCUMENTS` files to extract stay
  serial: a pool costs more to start than they take. Workers die with the parent: they
  ignore ctrl+c (the parent handles it), ask the kernel to kill them when the parent dies
  (Linux), and watch their parent in case it does not.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import multiprocessing
import os
import signal
import stat
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, overload

from pydantic import Field, TypeAdapter

from timeline.geocode import INDEX_CACHE
from timeline.loader import MAX_BYTES, load_document, seed_dir, sidecar_candidates
from timeline.merge import MentionFeatures, mention_features
from timeline.models import Document, Event, Model, Problem, UndatedExpression
from timeline.store import CorpusStore, FileKey

if TYPE_CHECKING:
    from timeline.entities import EntityTagger
    from timeline.events import DocumentAnalysis

POOL_MIN_DOCUMENTS = 8
# How many files to extract each worker may have queued ahead: enough to keep it busy,
# few enough that a cancelled load has little to throw away.
QUEUE_PER_WORKER = 4
# Files a pool job carries: up to this many, and few enough that each worker gets at least
# `BATCHES_PER_WORKER` jobs (the last job of one worker waits on no other). One job a file
# cost the parent, which shares the cores with its workers, a pickled call, a pipe write, a
# result and two thread wake-ups each (0.4 ms a file).
# A job also holds at most `BATCH_BYTES` of files (a bigger file goes alone), so the files in
# flight are no more, in bytes, than when each was a job of its own: a corpus of files at
# the size limit is not read eight at a time into every job queued.
BATCH_MAX = 8
BATCH_BYTES = 1 << 20
BATCHES_PER_WORKER = 16
# Seconds between the parent's looks at its ``cancelled`` callback while a worker is busy.
POLL = 0.05
PARENT_WATCH = 0.2  # seconds between a worker's looks at whether its parent is alive

Analyze = Callable[[Document, "EntityTagger"], "DocumentAnalysis"]


class LoadCancelled(Exception):
    """The load stopped because its ``cancelled`` callback said so."""


class DocumentResult(Model):
    """One file's outcome, as it crosses from a worker and as the store keeps it."""

    document: Document | None = None
    problems: list[Problem] = Field(default_factory=list)  # the loader's, about this file
    analysed: bool = False
    error: str | None = None  # why the engine failed on this document (not stored)
    events: list[Event] = Field(default_factory=list)
    undated: list[UndatedExpression] = Field(default_factory=list)
    event_count: int = 0  # in the compact form, where the events travel apart


# The compact form: the result without its events, and its events, each pydantic's JSON
# compressed with zlib level 1 (about a sixth of the JSON).
Payload = tuple[bytes, bytes]


class Extracted(NamedTuple):
    """What a pool's worker sends back for one file, pickled by the pool: the result with
    its events as the worker built them, the corpus-level pass's features of each event
    (`timeline.merge.mention_features`), and the result in the compact form when the parent
    keeps it in a store (else None).

    Pickled models, not the compact form's JSON: the parent, which shares the cores with
    its workers, only unpickles them. Validating the JSON back into models was most of its
    work while they ran (about 0.1 ms an event; unpickling them takes a third of that), and
    the events are those a serial run holds, not copies through JSON. The pool is this
    process's own children: nothing else writes what it unpickles."""

    result: DocumentResult
    features: list[MentionFeatures]
    payload: Payload | None


def encode(result: DocumentResult) -> Payload:
    rest = result.model_copy(update={"events": [], "event_count": len(result.events)})
    return zlib.compress(rest.model_dump_json().encode("utf-8"), 1), encode_events(result.events)


def decode(payload: Payload) -> tuple[DocumentResult, Sequence[Event]]:
    """The result (its ``events`` empty) and its events, read when first used."""
    result = DocumentResult.model_validate_json(zlib.decompress(payload[0]))
    return result, LazyEvents(payload[1], result.event_count)


class LazyEvents(Sequence[Event]):
    """A document's events as stored, decoded on first use: a warm reopen whose merged
    events are stored too never needs them (`timeline.pipeline`)."""

    def __init__(self, payload: bytes, count: int) -> None:
        self._payload = payload
        self._count = count
        self._events: list[Event] | None = None

    def _load(self) -> list[Event]:
        if self._events is None:
            self._events = decode_events(self._payload)
        return self._events

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Event: ...
    @overload
    def __getitem__(self, index: slice) -> list[Event]: ...
    def __getitem__(self, index: int | slice) -> Event | list[Event]:
        return self._load()[index]

    def __iter__(self) -> Iterator[Event]:
        return iter(self._load())


_EVENTS = TypeAdapter(list[Event])


def encode_events(events: Sequence[Event]) -> bytes:
    """The corpus-level pass's output in the store's compact form."""
    return zlib.compress(_EVENTS.dump_json(events), 1)


def decode_events(payload: bytes) -> list[Event]:
    return _EVENTS.validate_json(zlib.decompress(payload))


@dataclass
class FileStep:
    """One file's result in discovery order, and whether it came from the store."""

    done: int
    total: int
    path: Path
    result: DocumentResult
    events: Sequence[Event]  # the document's (``result.events``, or the stored ones unread)
    stored: bool = False
    key: FileKey | None = None  # what identified the file, when there is a store
    # The merge's features of ``events``, one each, when a worker worked them out (else
    # None: `timeline.merge.merge_mentions` works them out).
    features: Sequence[MentionFeatures] | None = None


def auto_jobs() -> int:
    """The pool's default size: every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


# ------------------------------------------------------------------ one file


def display_name(document: Document, seeds_root: Path | None) -> None:
    """Name a bundled seed ``seeds/...`` wherever the package is installed, so that the
    seeds' exports are identical from any install."""
    if seeds_root is not None:
        relative = Path(document.path).relative_to(seeds_root).as_posix()
        document.path = f"seeds/{relative}"


def load(path: Path, max_bytes: int) -> tuple[Document | None, list[Problem]]:
    """`timeline.loader.load_document`, a loader bug costing one file, never the run."""
    try:
        if max_bytes == MAX_BYTES:  # the plain call, as callers and tests know it
            return load_document(path)
        return load_document(path, max_bytes=max_bytes)
    except Exception as exc:
        message = f"unexpected error ({type(exc).__name__}: {exc}); skipped"
        return None, [Problem(path=str(path), message=message, fatal=True)]


def analyse_into(
    result: DocumentResult, tagger: EntityTagger, analyze: Analyze | None = None
) -> None:
    """Fill ``result`` with the events of its document; an engine bug costs one document."""
    assert result.document is not None
    if analyze is None:
        from timeline.events import analyze
    try:
        analysis = analyze(result.document, tagger)
    except Exception as exc:
        result.error = f"could not extract events ({type(exc).__name__}: {exc}); skipped"
        return
    result.analysed = True
    result.events = analysis.events
    result.undated = analysis.undated


def file_key(path: Path, max_bytes: int) -> FileKey | None:
    """What identifies this file's content now; None for a file the store does not keep
    (unreadable, not a regular file, over the size limit: the loader reports those)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            return None
        data = path.read_bytes()
        sidecars = []
        for candidate in sidecar_candidates(path):
            if candidate.is_file():
                digest = hashlib.sha256(candidate.read_bytes()).hexdigest()
                sidecars.append(f"{candidate.name}\0{digest}")
        resolved = str(path.resolve())
    except (OSError, RuntimeError):
        return None
    return FileKey(
        name=str(path),
        resolved=resolved,
        size=len(data),
        mtime_ns=info.st_mtime_ns,
        sha256=hashlib.sha256(data).hexdigest(),
        sidecars="\n".join(sidecars),
    )


def loaded(path: Path, max_bytes: int, seeds_root: Path | None) -> DocumentResult:
    """One file read into a result not yet analysed: its document (named as the corpus names
    it) or None, and the loader's problems. The first half of `extract`, wherever it runs."""
    document, problems = load(path, max_bytes)
    if document is not None:
        display_name(document, seeds_root)
    return DocumentResult(document=document, problems=problems)


def extract(result: DocumentResult, tagger: EntityTagger) -> Payload:
    """The pure per-document step: ``result`` (a loaded document) analysed, in compact form.

    What `_extract_in_worker` does after loading; a Dask worker (`timeline.distributed`) runs
    it on a document loaded by the client, so its payload is the one a local worker gives.
    """
    if result.document is not None:
        analyse_into(result, tagger)
    return encode(result)


# ------------------------------------------------------------------ the workers

_worker_tagger: EntityTagger | None = None
_worker_gazetteers: tuple[Path, ...] = ()


def _init_worker(
    parent: int, gazetteer_files: tuple[Path, ...], index_cache: Path | None = None
) -> None:
    """Set a worker up to die with its parent and leave ctrl+c and hang-ups to it; where the
    GeoNames index is kept is the parent's (a worker not forked builds or reads its own)."""
    global _worker_gazetteers
    _worker_gazetteers = gazetteer_files
    INDEX_CACHE.set(index_cache)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ctrl+c reaches the whole process group
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    with contextlib.suppress(Exception):  # Linux: killed by the kernel when the parent dies
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(0)

    def watch() -> None:
        while True:
            time.sleep(PARENT_WATCH)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="conflict-tui-parent-watch", daemon=True).start()


def _extract_batch_in_worker(
    paths: Sequence[str], max_bytes: int, seeds_root: str | None, stored: bool = False
) -> list[Extracted]:
    """A worker's job: a few files loaded and analysed, their results in order, each with
    its events' merge features (worked out here, in parallel, rather than by the parent
    after the last worker is done) and, when the parent keeps a store (``stored``), its
    compact form."""
    extracted: list[Extracted] = []
    for path in paths:
        result = _analysed_in_worker(path, max_bytes, seeds_root)
        features = [mention_features(event) for event in result.events]
        extracted.append(Extracted(result, features, encode(result) if stored else None))
    return extracted


def batch_size(files: int, jobs: int) -> int:
    """Files a pool job carries at most, for ``files`` to extract over ``jobs`` workers."""
    return max(1, min(BATCH_MAX, files // (jobs * BATCHES_PER_WORKER)))


def batched(indexes: Sequence[int], sizes: Sequence[int], most: int) -> list[list[int]]:
    """``indexes`` cut in order into runs of at most ``most`` files and `BATCH_BYTES` (by
    ``sizes``, one per index), each run one file at least."""
    batches: list[list[int]] = []
    run: list[int] = []
    held = 0
    for index, size in zip(indexes, sizes, strict=True):
        if run and (len(run) == most or held + size > BATCH_BYTES):
            batches.append(run)
            run, held = [], 0
        run.append(index)
        held += size
    if run:
        batches.append(run)
    return batches


def _size(path: Path) -> int:
    """The size of ``path`` for batching: 0 when it cannot be read (the loader says why)."""
    try:
        return path.stat().st_size
    except (OSError, ValueError):
        return 0


def _extract_in_worker(path: str, max_bytes: int, seeds_root: str | None) -> Payload:
    """Load and analyse one file as a worker does; the result in compact form."""
    return encode(_analysed_in_worker(path, max_bytes, seeds_root))


def _analysed_in_worker(path: str, max_bytes: int, seeds_root: str | None) -> DocumentResult:
    """Load and analyse one file in a worker, with the tagger it inherited (or built)."""
    global _worker_tagger
    document, problems = load(Path(path), max_bytes)
    result = DocumentResult(document=document, problems=problems)
    if document is not None:
        display_name(document, Path(seeds_root) if seeds_root else None)
        if _worker_tagger is None:  # not inherited (a platform that cannot fork)
            from timeline.pipeline import make_tagger

            _worker_tagger, _ = make_tagger(_worker_gazetteers)
        analyse_into(result, _worker_tagger)
    return result


def _warm_up(tagger: EntityTagger) -> None:
    """Build what every document needs before workers fork, so they share it: the tagger,
    the GeoNames index, and what the engine builds on first use (patterns compiled lazily,
    word lists read from TOML), by analysing the first bundled seed article and working out
    its events' merge features. Built here once rather than in every worker (0.2 s of CPU a
    worker); a failure here costs nothing."""
    tagger.tag("Fighting near Stepanakert, Armenia.")
    with contextlib.suppress(Exception):
        from timeline import geocode

        if geocode.available():
            geocode.default_geocoder().lookup("Yerevan")
    with contextlib.suppress(Exception):
        seeds = sorted(seed_dir().glob("*.txt"))
        if seeds:
            document, _ = load(seeds[0], MAX_BYTES)
            if document is not None:
                warm = DocumentResult(document=document)
                analyse_into(warm, tagger)  # the engine's own
                for event in warm.events:  # and the merge's (merge.toml, its patterns)
                    mention_features(event)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop the pool now: drop queued work and end the workers mid-document."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(1.0)


# ------------------------------------------------------------------ the files


def iter_results(
    files: Sequence[Path],
    *,
    tagger: Callable[[], EntityTagger],
    analyze: Analyze | None = None,
    store: CorpusStore | None = None,
    jobs: int = 1,
    max_bytes: int = MAX_BYTES,
    seeds_root: Path | None = None,
    wanted: Callable[[], bool] = lambda: True,
    cancelled: Callable[[], bool] = lambda: False,
    gazetteer_files: Sequence[Path] = (),
) -> Iterator[FileStep]:
    """One `FileStep` per file of ``files``, in their order.

    ``tagger()`` builds the entity tagger the first time a file needs extracting (never, when
    every file is in the store). A text seen before is skipped with a note naming its first
    copy. ``wanted()`` is asked before a file is extracted serially: false (the corpus is
    full) leaves its document unanalysed. ``cancelled()`` is asked while waiting for a
    worker; once true, `LoadCancelled` is raised and the pool is stopped. Close the iterator
    (or exhaust it) to stop the pool; results extracted are flushed to the store then.
    """
    total = len(files)
    keys: list[FileKey | None] = [None] * total
    cached: list[Payload | None] = [None] * total
    if store is not None:
        for index, path in enumerate(files):
            if cancelled():
                raise LoadCancelled
            key = keys[index] = file_key(path, max_bytes)
            if key is not None:
                cached[index] = store.get(key)
    misses = [index for index in range(total) if cached[index] is None]
    first_path: dict[str, str] = {}
    built: list[EntityTagger] = []

    def the_tagger() -> EntityTagger:
        if not built:
            built.append(tagger())
        return built[0]

    pool: ProcessPoolExecutor | None = None
    # Each pool job's files (indexes into ``files``, in order), and the batch of each index.
    batches: list[list[int]] = []
    batch_of: dict[int, int] = {}
    futures: dict[int, Future[list[Extracted]]] = {}  # by batch
    done: dict[int, Extracted] = {}  # received, not yet yielded
    if jobs > 1 and len(misses) >= POOL_MIN_DOCUMENTS:
        _warm_up(the_tagger())
        # Out of the collector's reach before forking: workers' collections neither walk the
        # shared set-up nor write to its pages (which would copy them).
        gc.freeze()
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_init_worker,
            initargs=(os.getpid(), tuple(gazetteer_files), INDEX_CACHE.get()),
        )
        sizes = [_size(files[index]) for index in misses]
        batches = batched(misses, sizes, batch_size(len(misses), jobs))
        batch_of = {index: number for number, batch in enumerate(batches) for index in batch}
    queue = iter(range(len(batches)))
    root = str(seeds_root) if seeds_root is not None else None

    def submit_ahead() -> None:
        assert pool is not None
        while len(futures) < jobs * QUEUE_PER_WORKER:
            number = next(queue, None)
            if number is None:
                return
            paths = [str(files[index]) for index in batches[number]]
            futures[number] = pool.submit(
                _extract_batch_in_worker, paths, max_bytes, root, store is not None
            )

    def wait(index: int) -> Extracted:
        if index not in done:
            future = futures.pop(batch_of[index])
            while True:
                try:
                    payloads = future.result(timeout=POLL)
                    break
                except FutureTimeout:
                    if cancelled():
                        raise LoadCancelled from None
            done.update(zip(batches[batch_of[index]], payloads, strict=True))
        return done.pop(index)

    try:
        for index, path in enumerate(files):
            key = keys[index]
            stored = cached[index] is not None
            payload: Payload | None = None  # the compact form, when already made
            features: list[MentionFeatures] | None = None  # the events', from a worker
            events: Sequence[Event]
            if stored:
                result, events = decode(cached[index])  # type: ignore[arg-type]
            elif pool is not None:
                submit_ahead()
                result, features, payload = wait(index)
                events = result.events
            else:
                document, problems = load(path, max_bytes)
                if document is not None:
                    display_name(document, seeds_root)
                result = DocumentResult(document=document, problems=problems)
                events = result.events
            changed = not stored
            document = result.document
            if document is not None and document.id in first_path:
                # Kept as loaded (a copy today may be the only one tomorrow); reported as a
                # copy and nothing more.
                if changed and key is not None and store is not None:
                    store.put(key, payload or encode(result))
                note = f"same text as {first_path[document.id]}; skipped"
                copy = Problem(path=str(path), message=note, fatal=True)
                result = DocumentResult(problems=[*result.problems, copy])
                yield FileStep(index + 1, total, path, result, [], stored, key)
                continue
            if document is not None:
                first_path[document.id] = str(path)
                if not result.analysed and result.error is None and wanted():
                    # Not extracted yet: new, or stored while it was a copy or over the limit.
                    analyse_into(result, the_tagger(), analyze)
                    events, payload, features, changed = result.events, None, None, True
            # Every outcome is kept (a file that did not load, too: its messages are replayed),
            # except the engine's failures, tried again next time.
            if changed and result.error is None and key is not None and store is not None:
                store.put(key, payload or encode(result))
            yield FileStep(index + 1, total, path, result, events, stored, key, features)
    finally:
        if pool is not None:
            _stop_pool(pool)
        if store is not None:
            store.flush()
