"""The process pool (issue 12, part 2): cold extraction on every core, the same output.

Workers return compact bytes and the parent assembles them in the files' order, so a pool's
timeline is byte-identical to a serial one (duplicates, bad files and the store included). A
small corpus stays serial. A cancelled load stops the workers, and workers die with their
parent even when it is killed outright.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_store import ARTICLE, Counter, export, rows, write_corpus
from timeline import ingest, merge, pipeline
from timeline.ingest import POOL_MIN_DOCUMENTS, DocumentResult, decode, encode
from timeline.loader import Limits, seed_dir
from timeline.merge import mention_features
from timeline.models import Event
from timeline.pipeline import LoadCancelled
from timeline.store import StoreChoice

ROOT = Path(__file__).resolve().parent.parent


def messy_corpus(root: Path) -> Path:
    """Twelve articles, a copy of one (skipped as a duplicate), an empty and a binary file."""
    write_corpus(root, count=12)
    (root / "zz-copy.txt").write_bytes((root / "04.txt").read_bytes())
    (root / "empty.txt").write_text("")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    return root


def dump(timeline: pipeline.Timeline) -> list[object]:
    return [
        [e.model_dump(mode="json") for e in timeline.events],
        [u.model_dump(mode="json") for u in timeline.undated],
        [d.model_dump(mode="json") for d in timeline.documents],
        [p.model_dump(mode="json") for p in timeline.problems],
    ]


def test_a_pool_gives_the_serial_timeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = messy_corpus(tmp_path / "corpus")
    serial = pipeline.build_timeline([corpus], jobs=1)
    counter = Counter(monkeypatch)
    pooled = pipeline.build_timeline([corpus], jobs=2)
    assert counter.analysed == []  # every document was extracted by a worker
    assert len(serial.documents) == 13 and len(serial.events) > 13
    assert any("same text as" in p.message for p in serial.problems)
    assert dump(pooled) == dump(serial)


def test_a_worker_sends_what_the_compact_form_and_the_parent_would_give(tmp_path: Path) -> None:
    # What a pool's job sends back, as the pool sends it (pickled): each result with its
    # events as built, which must be the store's compact form's, and each event's features
    # for the corpus-level pass, which must be what the parent works out from the event.
    corpus = messy_corpus(tmp_path / "corpus")
    paths = [*sorted(seed_dir().glob("*.txt")), *sorted(corpus.iterdir())]
    try:
        sent = ingest._extract_batch_in_worker(
            [str(p) for p in paths], ingest.MAX_BYTES, None, stored=True
        )
        unstored = ingest._extract_batch_in_worker(
            [str(p) for p in paths[:3]], ingest.MAX_BYTES, None
        )
    finally:
        ingest._worker_tagger = None
    received = pickle.loads(pickle.dumps(sent))
    assert len(received) == len(paths)
    counted = 0
    for result, features, payload in received:
        assert payload is not None
        rest, events = decode(payload)
        assert result.events == list(events) and result.events is not events
        assert rest == result.model_copy(update={"events": [], "event_count": len(events)})
        assert features == [mention_features(event) for event in events]
        counted += len(features)
    assert counted > 20
    # The seed article names places in regions and sides: features that are not all empty.
    assert any(f.regions and f.actors and f.clause for _, fs, _ in received for f in fs)
    # Without a store no compact form is made.
    assert [e.payload for e in unstored] == [None] * 3
    assert [e.result for e in unstored] == [e.result for e in sent[:3]]


def test_a_pool_leaves_the_parent_no_merge_features_to_work_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = messy_corpus(tmp_path / "corpus")
    serial = pipeline.build_timeline([corpus], jobs=1)
    worked_out: list[str] = []
    features = merge.mention_features

    def counted(event: Event) -> merge.MentionFeatures:
        worked_out.append(event.id)
        return features(event)

    monkeypatch.setattr(merge, "mention_features", counted)
    pooled = pipeline.build_timeline([corpus], jobs=2)
    assert worked_out == []  # the workers' were used (they count in their own memory)
    assert dump(pooled) == dump(serial)
    # A document cut to its first events by the limits: the first features go with them.
    limits = Limits(max_events_per_document=1)
    cut = pipeline.build_timeline([corpus], jobs=2, limits=limits)
    assert worked_out == []
    assert dump(cut) == dump(pipeline.build_timeline([corpus], jobs=1, limits=limits))
    assert len(cut.events) < len(serial.events)


def test_files_go_to_the_workers_in_batches_and_come_back_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = messy_corpus(tmp_path / "corpus")  # 16 files: batches of 5, 5, 5 and 1
    serial = pipeline.build_timeline([corpus], jobs=1)
    monkeypatch.setattr(ingest, "BATCH_MAX", 5)
    monkeypatch.setattr(ingest, "BATCHES_PER_WORKER", 1)
    assert ingest.batch_size(16, 2) == 5
    pooled = pipeline.build_timeline([corpus], jobs=2)
    assert dump(pooled) == dump(serial)


def test_the_warm_up_before_forking_is_no_document_and_may_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = messy_corpus(tmp_path / "corpus")
    serial = pipeline.build_timeline([corpus], jobs=1)
    warmed: list[str] = []
    analyse_into = ingest.analyse_into

    def counted(result: DocumentResult, *args: object) -> None:
        assert result.document is not None
        warmed.append(Path(result.document.path).name)
        analyse_into(result, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest, "analyse_into", counted)
    assert dump(pipeline.build_timeline([corpus], jobs=2)) == dump(serial)
    assert len(warmed) == 1 and warmed[0].endswith(".txt")  # the seed, in the parent
    assert all(e.document.path != warmed[0] for e in serial.events)

    def broken() -> Path:
        raise OSError("no seeds here")

    monkeypatch.setattr(ingest, "seed_dir", broken)
    assert dump(pipeline.build_timeline([corpus], jobs=2)) == dump(serial)


def test_a_batch_holds_few_bytes_and_a_big_file_goes_alone() -> None:
    big = ingest.BATCH_BYTES
    sizes = [10, 10, big, 10, big // 2, big // 2, 10, 0]
    assert ingest.batched(list(range(8)), sizes, 8) == [[0, 1], [2], [3, 4], [5, 6, 7]]
    assert ingest.batched(list(range(8)), [1] * 8, 3) == [[0, 1, 2], [3, 4, 5], [6, 7]]
    assert ingest.batched([], [], 8) == []


def test_a_batch_is_never_empty_nor_too_big() -> None:
    assert ingest.batch_size(8, 2) == 1  # a small corpus: one file a job
    assert ingest.batch_size(100_000, 2) == ingest.BATCH_MAX
    # Every worker gets BATCHES_PER_WORKER jobs or more while batches are under the maximum.
    size = ingest.batch_size(300, 2)
    assert 300 // size >= 2 * ingest.BATCHES_PER_WORKER


def test_the_pooled_export_is_byte_identical(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = messy_corpus(tmp_path / "corpus")
    serial, _ = export(capsys, "--no-store", str(corpus))
    pooled, _ = export(capsys, "--no-store", "--jobs", "2", str(corpus))
    store = tmp_path / "store.sqlite3"
    stored, _ = export(capsys, "--store", str(store), "--jobs", "2", str(corpus))
    assert pooled == serial and stored == serial
    assert (
        len(rows(store)) == 16
    )  # the parent wrote every worker's result, the copy and bad files too
    warm, _ = export(capsys, "--store", str(store), str(corpus))
    assert warm == serial


def test_a_warm_corpus_with_copies_and_bad_files_starts_no_pool_and_no_tagger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = messy_corpus(tmp_path / "corpus")
    for number in range(5, 12):  # ten files in all that are copies or unreadable: a pool's worth
        (corpus / f"zz-more-{number}.txt").write_bytes((corpus / f"{number:02}.txt").read_bytes())
    choice = StoreChoice(tmp_path / "store.sqlite3")
    cold = pipeline.build_timeline([corpus], store=choice, jobs=1)  # the copy is not extracted
    counter = Counter(monkeypatch)
    monkeypatch.setattr(ingest, "ProcessPoolExecutor", None)  # a pool would fail loudly
    warm = pipeline.build_timeline([corpus], store=choice, jobs=2)
    assert counter.analysed == [] and counter.taggers == 0
    assert dump(warm) == dump(cold)
    # The first copy gone, its twin is no copy any more: extracted then, alone.
    (corpus / "04.txt").unlink()
    after = pipeline.build_timeline([corpus], store=choice, jobs=2)
    assert counter.analysed == ["zz-copy.txt"]
    assert dump(after) == dump(pipeline.build_timeline([corpus]))


def test_a_small_corpus_stays_serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = write_corpus(tmp_path / "corpus", count=POOL_MIN_DOCUMENTS - 2)
    counter = Counter(monkeypatch)
    pipeline.build_timeline([corpus], jobs=2)
    assert len(counter.analysed) == POOL_MIN_DOCUMENTS - 1  # in this process, no pool


def test_the_compact_form_round_trips(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", count=1)
    timeline = pipeline.build_timeline([corpus / "00.txt"])
    result = DocumentResult(
        document=timeline.documents[0],
        analysed=True,
        events=timeline.events,
        undated=timeline.undated,
    )
    payload = encode(result)
    assert sum(map(len, payload)) < len(result.model_dump_json()) / 2
    rest, events = decode(payload)
    assert len(events) == len(result.events) > 0  # known before the events are read
    assert list(events) == result.events
    assert rest.document == result.document and rest.undated == result.undated
    assert rest.analysed and rest.events == []


def test_a_cancelled_pool_stops_its_workers(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", count=30)
    progress: list[int] = []
    with pytest.raises(LoadCancelled):
        pipeline.build_timeline(
            [corpus],
            jobs=2,
            progress=lambda done, total: progress.append(done),
            cancelled=lambda: len(progress) >= 3,
        )
    assert progress == [1, 2, 3]
    # Killed and joined at once; a loaded machine may take a moment to reap the last one.
    deadline = time.monotonic() + 5.0
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert multiprocessing.active_children() == []


KILLED_PARENT = """
import sys
from pathlib import Path
from timeline import ingest, pipeline
print("started", flush=True)
pipeline.build_timeline([Path(sys.argv[1])], jobs=2)
"""


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text() if (task / "children").exists() else ""
        found += [int(n) for n in text.split()]
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(12):  # long enough that the workers are busy when the parent dies
        body = "".join(ARTICLE.format(day=n % 27 + 1, dead=n + number) for n in range(300))
        (corpus / f"{number:02}.txt").write_text(body)
    parent = subprocess.Popen(
        [sys.executable, "-c", KILLED_PARENT, str(corpus)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
            workers = children(parent.pid)
        assert len(workers) >= 2, "the pool never started"
        time.sleep(0.5)  # the workers are mid-document
        assert all(alive(pid) for pid in workers)
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        gone_by = time.monotonic() + 3.0
        while any(alive(pid) for pid in workers) and time.monotonic() < gone_by:
            time.sleep(0.05)
        left = [pid for pid in workers if alive(pid)]
        assert left == [], f"workers outlived their parent: {left}"
    finally:
        for pid in children(parent.pid) if parent.poll() is None else []:
            os.kill(pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()
