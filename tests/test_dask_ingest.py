"""`conflict-tui ingest` (issue 12, item 5): fill a corpus's store here or on a Dask cluster.

The slow test runs a real two-worker `LocalCluster` (processes, loopback, no dashboard) over a
few hundred articles and checks that the events are the serial path's, byte for byte, and
that the store it filled is reused. The others need no cluster: the local ingest and its
summary, the arguments, Dask missing, a scheduler nobody answers at, the read-only policy,
and the per-document step a worker runs.
"""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import time
import zlib
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.test_store import Counter, export, rows, write_corpus
from timeline import distributed, ingest
from timeline.config import ENV_VAR, SITE_ENV_VAR
from timeline.ingest import DocumentResult, decode
from timeline.models import Event
from timeline.store import StoreChoice
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent

SIDES = ("Armenia", "Azerbaijan", "Russia", "Turkey", "Georgia", "Iran")
PLACES = ("Jermuk", "Goris", "Sotk", "Stepanakert", "Lachin", "Vardenis", "Tegh", "Kapan")
MONTHS = ("January", "March", "May", "July", "September", "November")
HAPPENINGS = (
    "{a} forces shelled positions near {place}",
    "troops of {a} and {b} clashed near {place}",
    "{a} and {b} signed a ceasefire in {place}",
    "negotiators from {a} met their {b} counterparts in {place}",
)
GAZETTEER = '[countries.Azerbaijan]\naliases = ["Land of Fire"]\n'


def varied_corpus(root: Path, count: int) -> Path:
    """``count`` distinct articles (sides, places, dates and happenings varied), some with a
    sidecar or in Markdown, some naming an armed force only a user gazetteer knows; a copy of
    one, an empty file and a binary one."""
    root.mkdir(parents=True)
    for number in range(count):
        a, b = SIDES[number % 6], SIDES[(number // 6 + 1 + number) % 6]
        if a == b:
            b = SIDES[(SIDES.index(a) + 1) % 6]
        place = PLACES[number % len(PLACES)]
        year = 1991 + number % 33
        month = MONTHS[(number // 3) % 6]
        what = HAPPENINGS[number % 4].format(a=a, b=b, place=place)
        text = (
            f"On {number % 27 + 1} {month} {year}, {what}. Officials said {number + 2} people "
            f"had been killed. Three days later, talks were held in Vienna."
        )
        if number % 10 == 0:
            text += f" On {number % 20 + 2} August {year}, the Land of Fire shelled {place}."
        if number % 25 == 7:
            (root / f"{number:03}.md").write_text(
                f"---\ndate: {year}-06-01\n---\n# Report\n\n{text}\n"
            )
            continue
        (root / f"{number:03}.txt").write_text(text + "\n", encoding="utf-8")
        if number % 25 == 3:
            (root / f"{number:03}.toml").write_text(f'published = {year}-12-31\ntitle = "Report"\n')
    (root / "zz-copy.txt").write_bytes((root / "004.txt").read_bytes())
    (root / "zz-empty.txt").write_text("")
    (root / "zz-binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    return root


def ingest_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["ingest", *argv])
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ the cluster (slow)


@pytest.mark.slow
def test_a_local_cluster_stores_the_serial_events_and_the_store_is_reused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = varied_corpus(tmp_path / "corpus", count=300)
    gazetteer = tmp_path / "gazetteer.toml"
    gazetteer.write_text(GAZETTEER)
    options = ("--gazetteer", str(gazetteer))
    serial, _ = export(capsys, "--no-store", *options, str(corpus))
    assert serial != export(capsys, "--no-store", str(corpus))[0]  # the user's gazetteer counts

    store = tmp_path / "store.sqlite3"
    counter = Counter(monkeypatch)
    argv = ("--dask", "local", "--jobs", "2", "--store", str(store), *options, str(corpus))
    code, out, err = ingest_cli(capsys, *argv)
    assert code == 0, err
    # Every document went to the two workers; the pass that followed extracted nothing here.
    assert "300 extracted on Dask (2 workers), 0 reused from the store, 3 skipped" in out
    assert counter.analysed == [] and counter.taggers == 0
    assert len(rows(store)) == 303  # the copy, the empty and the binary file are kept too
    assert "Traceback" not in err

    warm, _ = export(capsys, "--store", str(store), *options, str(corpus))
    assert counter.analysed == [] and counter.taggers == 0  # reused, not extracted again
    assert warm == serial  # byte-identical JSON

    # Again on the cluster: nothing to extract, nothing sent.
    code, out, err = ingest_cli(capsys, *argv)
    assert code == 0, err
    assert "0 extracted on Dask (2 workers), 300 reused from the store, 3 skipped" in out


# ------------------------------------------------------------------ here


def test_ingest_fills_the_store_that_export_then_reuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "corpus", count=10)
    (corpus / "zz-copy.txt").write_bytes((corpus / "03.txt").read_bytes())
    store = tmp_path / "store.sqlite3"
    plain, _ = export(capsys, "--no-store", str(corpus))
    code, out, err = ingest_cli(capsys, "--jobs", "1", "--store", str(store), str(corpus))
    assert code == 0, err
    assert "files: 12 (11 extracted here, 0 reused from the store, 1 skipped" in out
    events = plain.count(b'"headline"')
    assert f"events: {events}" in out and f"store: {store}" in out
    assert len(rows(store)) == 12
    with sqlite3.connect(store) as db:  # the merged events as rows, for paging and search
        assert db.execute("SELECT count(*) FROM events").fetchone() == (events,)

    counter = Counter(monkeypatch)
    warm, _ = export(capsys, "--store", str(store), str(corpus))
    assert warm == plain and counter.analysed == [] and counter.taggers == 0

    (corpus / "05.txt").unlink()
    (corpus / "06.txt").write_text("Talks resumed in Vienna on 3 March 2021.\n")
    code, out, err = ingest_cli(capsys, "--jobs", "1", "--store", str(store), str(corpus))
    assert code == 0, err
    assert "(1 extracted here, 9 reused from the store, 1 skipped, 0 failed; 1 removed" in out
    assert counter.analysed == []  # the timeline's pass found the new result stored
    changed, _ = export(capsys, "--store", str(store), str(corpus))
    assert counter.analysed == [] and changed == export(capsys, "--no-store", str(corpus))[0]
    assert b"Vienna" in changed


def test_ingest_without_store_uses_the_corpus_default_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "corpus", count=3)
    code, out, err = ingest_cli(capsys, "--jobs", "1", str(corpus))
    assert code == 0, err
    default = StoreChoice.for_corpus([corpus]).path
    assert f"store: {default}" in out and len(rows(default)) == 4
    counter = Counter(monkeypatch)
    export(capsys, str(corpus))  # opening the corpus as usual finds it filled
    assert counter.analysed == []


# ------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--no-store"], "--no-store leaves it nothing to do"),
        (["--dask", ""], "is not a scheduler address"),
        (["--dask", "tcp://a b"], "is not a scheduler address"),
        (["--dask", "local", "--dask-timeout", "0"], "is not a number of seconds"),
        (["--dask", "local", "--dask-timeout", "nan"], "is not a number of seconds"),
        (["--dask-timeout", "5"], "--dask-timeout goes with --dask"),
    ],
)
def test_bad_arguments_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    corpus = write_corpus(tmp_path / "corpus", count=1)
    with pytest.raises(SystemExit) as info:  # argparse's own errors exit here
        code = main(["ingest", *argv, str(corpus)])
        raise SystemExit(code)
    err = capsys.readouterr().err
    assert info.value.code == 2 and message in err and "Traceback" not in err


def test_missing_dask_says_how_to_install_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    corpus = write_corpus(tmp_path / "corpus", count=2)
    store = tmp_path / "store.sqlite3"
    code, out, err = ingest_cli(capsys, "--dask", "local", "--store", str(store), str(corpus))
    assert code == 1 and out == ""
    assert "pip install 'conflict-tui[dask]'" in err and "Traceback" not in err
    assert not store.exists()  # refused before any work


def test_a_scheduler_nobody_answers_at_is_a_message_not_a_hang(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    corpus = write_corpus(tmp_path / "corpus", count=2)
    address = f"tcp://127.0.0.1:{port}"
    started = time.monotonic()
    store = str(tmp_path / "store.sqlite3")
    argv = ("--dask", address, "--dask-timeout", "1", "--store", store, str(corpus))
    code, out, err = ingest_cli(capsys, *argv)
    assert code == 1 and out == ""
    assert f"cannot reach the Dask scheduler at {address} within 1 s" in err
    assert "Traceback" not in err
    assert time.monotonic() - started < 60  # gave up (a hang would never return)
    for bad in ("no-port", "http://127.0.0.1:8786"):
        code, out, err = ingest_cli(capsys, "--dask", bad, "--store", store, str(corpus))
        assert code == 1 and f"{bad} is not a Dask scheduler address" in err
        assert "Traceback" not in err


def test_read_only_sessions_run_no_cluster_and_need_a_site_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("timeline.config.DEFAULT_SITE_CONFIG", tmp_path / "no-default-site.toml")
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "no-user.toml"))
    monkeypatch.setenv(SITE_ENV_VAR, str(tmp_path / "no-site.toml"))
    corpus = write_corpus(tmp_path / "corpus", count=2)
    named = tmp_path / "mine.sqlite3"
    code, _, err = ingest_cli(capsys, "--read-only", "--dask", "local", str(corpus))
    assert code == 1 and "--dask is off in a read-only session" in err
    code, _, err = ingest_cli(capsys, "--read-only", "--store", str(named), str(corpus))
    assert code == 1 and "nothing to ingest into" in err and not named.exists()

    site_store = tmp_path / "site-store"
    site = tmp_path / "site.toml"
    site.write_text(f'[store]\ndirectory = "{site_store}"\n')
    monkeypatch.setattr("timeline.config.DEFAULT_SITE_CONFIG", site)
    code, out, err = ingest_cli(capsys, "--read-only", "--jobs", "1", str(corpus))
    assert code == 0, err
    assert f"store: {StoreChoice.for_corpus([corpus], site_store).path}" in out


# ------------------------------------------------------------------ the worker's side


def test_a_worker_gives_the_local_pool_payload(tmp_path: Path) -> None:
    corpus = varied_corpus(tmp_path / "corpus", count=12)
    path = corpus / "010.txt"  # names "the Land of Fire", Azerbaijan to the user's gazetteer
    gazetteer = tmp_path / "g.toml"
    gazetteer.write_text(GAZETTEER)
    result = ingest.loaded(path, ingest.MAX_BYTES, None)
    raw = zlib.compress(result.model_dump_json().encode(), 1)
    ingest._worker_gazetteers = (gazetteer,)
    ingest._worker_tagger = None
    try:
        local = ingest._extract_in_worker(str(path), ingest.MAX_BYTES, None)
    finally:
        ingest._worker_gazetteers, ingest._worker_tagger = (), None
    remote = distributed.extract_remote(raw, (gazetteer.read_bytes(),), None)
    assert remote == local  # the same bytes as a local worker's
    rest, events = decode(remote)
    assert rest.analysed and "Azerbaijan" in land_of_fire_actors(events)
    plain = distributed.extract_remote(raw, (), None)  # without the file: not known
    assert "Azerbaijan" not in land_of_fire_actors(decode(plain)[1])


def land_of_fire_actors(events: Sequence[Event]) -> set[str]:
    return {
        actor.name
        for event in events
        if "Land of Fire" in event.sentences[0].text
        for actor in event.actors
    }


def test_a_payload_that_is_not_the_document_sent_is_refused(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", count=2)
    first = ingest.loaded(corpus / "00.txt", ingest.MAX_BYTES, None)
    second = ingest.loaded(corpus / "01.txt", ingest.MAX_BYTES, None)
    assert first.document is not None and second.document is not None
    payload = ingest.encode(second)
    with pytest.raises(ValueError, match="another document"):
        distributed._checked(payload, first.document.id)
    with pytest.raises(ValueError, match="not a payload"):
        distributed._checked([b"", b""], first.document.id)
    truncated = (payload[0], ingest.encode_events([]))
    assert distributed._checked(truncated, second.document.id).document == second.document
    lying = DocumentResult(document=second.document, event_count=2).model_dump_json()
    bad = (zlib.compress(lying.encode()), ingest.encode_events([]))
    with pytest.raises(ValueError, match="wrong number of events"):
        distributed._checked(bad, second.document.id)


class FakeClient:
    def __init__(self, versions: dict[str, str]) -> None:
        self.versions = versions

    def run(self, function: object) -> dict[str, str]:
        return self.versions


def test_workers_of_another_engine_are_refused() -> None:
    here = distributed.engine_version()
    distributed.check_engines(FakeClient({"tcp://a:1": here}), "tcp://s:8786")  # type: ignore[arg-type]
    with pytest.raises(distributed.ClusterError, match=r"1 of 2 workers .* another conflict-tui"):
        distributed.check_engines(
            FakeClient({"tcp://a:1": here, "tcp://b:1": "0" * 32}),  # type: ignore[arg-type]
            "tcp://s:8786",
        )


def test_the_engine_imports_dask_only_when_asked() -> None:
    code = (
        "import sys, timeline.cli, timeline.ingest_run, timeline.distributed, timeline.pipeline\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
