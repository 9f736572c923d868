"""Extraction on a Dask cluster (`conflict-tui ingest --dask SCHEDULER|local`): the optional
``dask`` extra, imported only here and only when asked for.

The client (this process) does what needs the files and the store: it hashes each file
(`timeline.ingest.file_key`), reads back what the store has, loads each new file into a
`Document` (the loader: decoding, TimeML and Markdown, sidecars) and skips copies. Each new
document then goes to a worker *as text*, with the user's gazetteer files as bytes: the
workers need no access to the corpus, its paths or the client's disk, only the same
conflict-tui installed. A worker runs the pure per-document step `timeline.ingest.extract`
(the one the local pool runs) and returns the compact payload the store keeps; the client,
the store's one writer, puts each payload under the key it hashed before loading, so a row
always describes the bytes that were extracted.

Why text and not paths: a path on shared storage would be read twice (hashed here, loaded
there) and could change in between; and a cluster may not mount the corpus at all. Articles
are small (kilobytes) next to their extraction (tens of milliseconds), so the client's
loading and sending are not the bottleneck until a few dozen workers.

Safety: `connect` gives up after ``timeout`` seconds when the scheduler does not answer or no
worker joins, and refuses workers running another engine (`engine_version`): their results
would be stored as this engine's. A `local` cluster listens on 127.0.0.1 only, with no
dashboard. Results are bounded by the loader's file limit; each is validated before it is
stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import tempfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from timeline.geocode import index_cache
from timeline.ingest import (
    QUEUE_PER_WORKER,
    DocumentResult,
    Payload,
    decode,
    decode_events,
    encode,
    extract,
    file_key,
    loaded,
)
from timeline.models import Problem
from timeline.store import CorpusStore, engine_version

if TYPE_CHECKING:
    from distributed import Client

    from timeline.entities import EntityTagger

INSTALL_HINT = "pip install 'conflict-tui[dask]'"
DEFAULT_TIMEOUT = 10.0  # seconds to reach the scheduler, and for a first worker to join
LOCAL = "local"


class DaskUnavailable(Exception):
    """Dask is not installed; the message says how to install it."""


class ClusterError(Exception):
    """The cluster cannot be used (unreachable, no workers, another engine); one line."""


def require_dask() -> Any:
    """The `distributed` module, or `DaskUnavailable` saying how to get it."""
    try:
        import distributed
    except ImportError as exc:
        raise DaskUnavailable(
            f"--dask needs Dask, which is not installed ({exc.msg}): {INSTALL_HINT}"
        ) from None
    return distributed


@contextlib.contextmanager
def connect(scheduler: str, *, workers: int, timeout: float = DEFAULT_TIMEOUT) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler`` (``tcp://HOST:PORT``...), or of a
    `LocalCluster` of ``workers`` single-threaded processes on loopback for ``local``;
    closed (the local cluster stopped) on leaving. Raises `DaskUnavailable`, or
    `ClusterError` within about ``timeout`` seconds when it cannot be used."""
    distributed = require_dask()
    cluster = None
    client = None
    try:
        if scheduler == LOCAL:
            try:
                cluster = distributed.LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,  # the engine is pure Python: one per process
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            except Exception as exc:
                raise ClusterError(f"cannot start a local Dask cluster ({reason(exc)})") from None
            target: Any = cluster
        else:
            try:  # a bad address here, not in a half-made Client that complains at exit
                from distributed.comm import get_address_host_port

                get_address_host_port(scheduler)
            except Exception as exc:
                raise ClusterError(
                    f"{scheduler} is not a Dask scheduler address ({reason(exc)}); give "
                    "tcp://HOST:PORT, tls://HOST:PORT or local"
                ) from None
            target = scheduler
        client = distributed.Client.__new__(distributed.Client)
        try:
            client.__init__(target, timeout=timeout, set_as_default=False)  # type: ignore[misc]
        except Exception as exc:  # OSError, TimeoutError, TypeError (no TLS settings)...
            _abandon(client)
            client = None
            raise ClusterError(
                f"cannot reach the Dask scheduler at {scheduler} within {timeout:g} s "
                f"({reason(exc)})"
            ) from None
        try:
            client.wait_for_workers(1, timeout=timeout)
        except Exception:
            raise ClusterError(
                f"no Dask worker joined the scheduler at {scheduler} within {timeout:g} s"
            ) from None
        check_engines(client, scheduler)
        yield client
    finally:
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.close()


def _abandon(client: Client) -> None:
    """Let go of a client whose making failed, quickly and quietly: left alone, it would
    try to close at exit, wait for its timeout and print a traceback."""
    with contextlib.suppress(Exception):
        client.close(timeout=1)
    with contextlib.suppress(Exception):
        client.status = "closed"  # its __del__ closes nothing more
        client._loop_runner.stop()


def check_engines(client: Client, scheduler: str) -> None:
    """Refuse workers whose engine differs from this one's: the store would hold results
    this engine did not make (another conflict-tui, another dateparser, no GeoNames...)."""
    here = engine_version()
    try:
        theirs: dict[str, str] = client.run(engine_version)
    except Exception as exc:
        raise ClusterError(
            f"the workers of {scheduler} cannot run conflict-tui ({reason(exc)}); install it "
            "there (the same version as here)"
        ) from None
    other = sorted(address for address, version in theirs.items() if version != here)
    if other:
        raise ClusterError(
            f"{len(other)} of {len(theirs)} workers of {scheduler} run another conflict-tui "
            f"engine (e.g. {other[0]}: {theirs[other[0]]}, here {here}); install the same "
            "conflict-tui and libraries on every worker"
        )


def threads(client: Client) -> int:
    """How many tasks the cluster runs at once now (its workers' threads)."""
    try:
        info = client.scheduler_info()
        return max(1, sum(int(w.get("nthreads", 1)) for w in info["workers"].values()))
    except Exception:
        return 1


def reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


# ------------------------------------------------------------------ on a worker

_taggers: dict[str, EntityTagger] = {}  # one per worker process: the last gazetteer's


def worker_tagger(gazetteer: Sequence[bytes]) -> EntityTagger:
    """The entity tagger over the built-in gazetteer and the user's files (``gazetteer``:
    their bytes, in order), built once per worker for each set of files."""
    from timeline.pipeline import make_tagger

    digest = hashlib.sha256(b"".join(hashlib.sha256(g).digest() for g in gazetteer)).hexdigest()
    tagger = _taggers.get(digest)
    if tagger is None:
        with tempfile.TemporaryDirectory(prefix="conflict-tui-gazetteer-") as directory:
            files = []
            for number, data in enumerate(gazetteer):
                path = Path(directory) / f"gazetteer-{number}.toml"  # no name from the client
                path.write_bytes(data)
                files.append(path)
            # A bad file falls back to the built-in gazetteer, as on the client (which reports it).
            tagger, _ = make_tagger(files)
        _taggers.clear()
        _taggers[digest] = tagger
    return tagger


def extract_remote(raw: bytes, gazetteer: Sequence[bytes], cache_dir: str | None) -> Payload:
    """A Dask task: ``raw`` (a loaded `DocumentResult`, zlib-compressed JSON) analysed by
    `timeline.ingest.extract`; the compact payload. ``cache_dir``: where the GeoNames index
    is kept (a local cluster's, the client's cache directory; None: in memory)."""
    result = DocumentResult.model_validate_json(zlib.decompress(raw))
    with index_cache(Path(cache_dir) if cache_dir else None):
        return extract(result, worker_tagger(gazetteer))


# ------------------------------------------------------------------ on the client


@dataclass
class DaskCounts:
    """What the cluster pass did, file by file."""

    extracted: int = 0  # documents analysed by the workers
    reused: int = 0  # documents whose stored results were kept
    skipped: int = 0  # files with nothing to analyse (unreadable, empty, copies), stored or not
    failed: int = 0  # documents a worker could not extract (tried again by the local pass)
    problems: list[Problem] = field(default_factory=list)


def extract_on_dask(
    files: Sequence[Path],
    store: CorpusStore,
    client: Client,
    *,
    max_bytes: int,
    seeds_root: Path | None,
    gazetteer_files: Sequence[Path] = (),
    cache_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DaskCounts:
    """Fill ``store`` with the results of every file of ``files`` it lacks, extracted on
    ``client``'s cluster; the files it has stay as they are.

    Decides, file by file in their order, exactly what `timeline.ingest.iter_results` would
    extract: a text seen before (a copy) is stored as loaded, not analysed; a file that does
    not load is stored with its problems. A document whose extraction fails is not stored
    (the local pass tries it again and reports it). Stops the cluster's work when
    interrupted; what was gathered by then is kept. ``progress(done, total)`` is called as
    files are settled (stored, reused or skipped).
    """
    from distributed import as_completed

    counts = DaskCounts()
    gazetteer: list[bytes] = []
    for path in gazetteer_files:
        with contextlib.suppress(OSError):  # unreadable: the client reports it
            gazetteer.append(path.read_bytes())
    # Sent once to every worker, not with each document (a list would scatter its items).
    shared = client.scatter([tuple(gazetteer)], broadcast=True)[0] if gazetteer else ()
    index_dir = str(cache_dir) if cache_dir is not None else None
    window = threads(client) * QUEUE_PER_WORKER
    waiting = as_completed(loop=client.loop)  # (not the default client: there is none)
    sent: dict[Any, tuple[Path, Any, str]] = {}  # future -> (path, key, document id)
    seen: set[str] = set()

    def tick() -> None:
        if progress is not None:
            done = counts.extracted + counts.reused + counts.skipped + counts.failed
            progress(done, len(files))

    def gather_one() -> None:
        future = next(waiting)
        path, key, document_id = sent.pop(future)
        try:
            payload = future.result()
            result = _checked(payload, document_id)
        except Exception as exc:
            counts.failed += 1
            message = f"extraction failed on the cluster ({reason(exc)}); trying it here"
            counts.problems.append(Problem(path=str(path), message=message, fatal=False))
        else:
            if result.error is None:
                store.put(key, payload)
                counts.extracted += 1
            else:
                counts.failed += 1  # the local pass tries again and reports the error
        tick()

    try:
        for path in files:
            key = file_key(path, max_bytes)
            cached = store.get(key) if key is not None else None
            if cached is not None:
                result, _ = decode(cached)
                document = result.document
                first = document is not None and document.id not in seen
                if document is not None:
                    seen.add(document.id)
                if not first:  # unreadable, empty or a copy: nothing to analyse
                    counts.skipped += 1
                    tick()
                    continue
                if result.analysed:
                    counts.reused += 1
                    tick()
                    continue
                # Stored as a copy (or over the event budget) and now the first: analyse it.
            else:
                result = loaded(path, max_bytes, seeds_root)
                document = result.document
                if document is None or document.id in seen:
                    if key is not None:  # kept like iter_results keeps it: as loaded
                        store.put(key, encode(result))
                    counts.skipped += 1
                    tick()
                    continue
                seen.add(document.id)
            if key is None:  # vanished or grew since it was loaded: nothing to key it by
                counts.skipped += 1
                tick()
                continue
            raw = zlib.compress(result.model_dump_json().encode("utf-8"), 1)
            future = client.submit(extract_remote, raw, shared, index_dir, pure=False)
            sent[future] = (path, key, document.id)
            waiting.add(future)
            while len(sent) >= window:
                gather_one()
        while sent:
            gather_one()
    finally:
        if sent:  # interrupted or failed: stop what the cluster still has of ours
            with contextlib.suppress(Exception):
                client.cancel(list(sent))
        store.flush()
    return counts


def _checked(payload: Any, document_id: str) -> DocumentResult:
    """A worker's payload, validated as what the store keeps: two byte strings, the result
    of the document sent (same id) and a list of events."""
    if (
        not isinstance(payload, tuple)
        or len(payload) != 2
        or not all(isinstance(part, bytes) for part in payload)
    ):
        raise ValueError(f"a worker returned {type(payload).__name__}, not a payload")
    result, _ = decode(payload)
    if result.document is None or result.document.id != document_id:
        raise ValueError("a worker returned the results of another document")
    events = decode_events(payload[1])
    if len(events) != result.event_count:
        raise ValueError("a worker's payload has the wrong number of events")
    return result
