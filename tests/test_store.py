"""The embedded store (issue 12): a corpus reopened reads each unchanged document's results
back instead of extracting it again, and the timeline is byte-identical to a run without it.

A changed, added or removed file costs that file alone; a store of another engine version is
emptied, never read; a corrupt or foreign file is reported in one line and rebuilt or left
alone; a run killed mid-ingest leaves a store that reopens right; read-only sessions have no
store unless the site config gives it a directory.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from timeline import pipeline
from timeline.cli import build_parser, choose_index_dir, choose_store
from timeline.config import Config, load_config
from timeline.loader import Limits
from timeline.policy import WritePolicy
from timeline.store import StoreChoice, store_version
from timeline.store import version as store_version_module
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = (
    "Fighting broke out between Armenia and Azerbaijan on the night of {day} May 2022, as "
    "troops crossed the border near Jermuk. Officials in Yerevan said on Tuesday that {dead} "
    "soldiers had been killed. Two weeks later, on {day} June, negotiators met in Brussels.\n"
)


def write_corpus(root: Path, count: int = 6) -> Path:
    """``count`` articles, each a distinct text; one with a sidecar, one Markdown."""
    root.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        text = ARTICLE.format(day=number % 27 + 1, dead=number + 3)
        (root / f"{number:02}.txt").write_text(text, encoding="utf-8")
    (root / "00.toml").write_text('published = 2022-05-20\ntitle = "Border clashes"\n')
    (root / "md.md").write_text(
        "---\ndate: 2022-06-01\n---\n# Talks\n\n" + ARTICLE.format(day=9, dead=1)
    )
    return root


def export(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[bytes, str]:
    code = main(["export", "--jobs", "1", *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out.encode("utf-8"), err


class Counter:
    """Counts `analyze` calls (by document path) and tagger builds in the pipeline."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.analysed: list[str] = []
        self.taggers = 0
        analyze, tagger = pipeline.analyze, pipeline.EntityTagger

        def counted_analyze(document, tagger_):  # type: ignore[no-untyped-def]
            self.analysed.append(Path(document.path).name)
            return analyze(document, tagger_)

        def counted_tagger(*args, **kwargs):  # type: ignore[no-untyped-def]
            self.taggers += 1
            return tagger(*args, **kwargs)

        monkeypatch.setattr(pipeline, "analyze", counted_analyze)
        monkeypatch.setattr(pipeline, "EntityTagger", counted_tagger)

    def reset(self) -> None:
        self.analysed, self.taggers = [], 0


def rows(store: Path) -> dict[str, str]:
    with sqlite3.connect(store) as db:
        return dict(db.execute("SELECT name, sha256 FROM files"))


# ------------------------------------------------------------------ same output, less work


def test_export_is_byte_identical_with_and_without_the_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    store = tmp_path / "store.sqlite3"
    plain, _ = export(capsys, "--no-store", str(corpus))
    cold, _ = export(capsys, "--store", str(store), str(corpus))
    warm, _ = export(capsys, "--store", str(store), str(corpus))
    assert b'"headline"' in plain and plain.count(b'"id"') >= 7
    assert cold == plain
    assert warm == plain
    assert len(rows(store)) == 7


def test_the_seeds_open_through_the_default_store_unchanged(
    capsys: pytest.CaptureFixture[str],
) -> None:
    plain, _ = export(capsys, "--no-store")
    cold, _ = export(capsys)
    warm, _ = export(capsys)
    assert plain == cold == warm
    stored = StoreChoice.for_corpus([]).path
    assert stored.is_file() and str(stored).startswith(os.environ["XDG_CACHE_HOME"])
    names = list(rows(stored))
    assert names and all(name.endswith(".txt") for name in names)


def test_reopening_an_unchanged_corpus_extracts_nothing_and_builds_no_tagger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    choice = StoreChoice(tmp_path / "store.sqlite3")
    counter = Counter(monkeypatch)
    first = pipeline.build_timeline([corpus], store=choice)
    assert len(counter.analysed) == 7 and counter.taggers == 1
    counter.reset()
    again = pipeline.build_timeline([corpus], store=choice)
    assert counter.analysed == [] and counter.taggers == 0
    assert [e.model_dump() for e in again.events] == [e.model_dump() for e in first.events]
    assert again.documents == first.documents
    assert again.problems == first.problems


def test_a_changed_added_or_removed_file_costs_that_file_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    choice = StoreChoice(tmp_path / "store.sqlite3")
    counter = Counter(monkeypatch)
    pipeline.build_timeline([corpus], store=choice)

    counter.reset()
    (corpus / "03.txt").write_text(ARTICLE.format(day=14, dead=99), encoding="utf-8")
    (corpus / "new.txt").write_text(ARTICLE.format(day=21, dead=42), encoding="utf-8")
    (corpus / "05.txt").unlink()
    changed = pipeline.build_timeline([corpus], store=choice)
    assert sorted(counter.analysed) == ["03.txt", "new.txt"]
    assert str(corpus / "05.txt") not in rows(choice.path)
    assert len(rows(choice.path)) == 7

    counter.reset()
    (corpus / "00.toml").write_text('published = 2021-01-02\ntitle = "Other"\n')
    sidecar = pipeline.build_timeline([corpus], store=choice)
    assert counter.analysed == ["00.txt"]  # a sidecar is part of its article

    plain = pipeline.build_timeline([corpus])
    assert [e.model_dump() for e in sidecar.events] == [e.model_dump() for e in plain.events]
    assert [e.model_dump() for e in changed.events] != [e.model_dump() for e in plain.events]


def test_a_store_of_another_engine_version_is_rebuilt_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    choice = StoreChoice(tmp_path / "store.sqlite3")
    counter = Counter(monkeypatch)
    pipeline.build_timeline([corpus], store=choice)
    with sqlite3.connect(choice.path) as db:  # an older engine wrote it, with other results
        db.execute("UPDATE meta SET value = 'an-older-engine' WHERE key = 'engine'")
        db.execute("UPDATE files SET payload = x'00'")
    counter.reset()
    said: list[str] = []
    timeline = pipeline.build_timeline([corpus], store=choice, announce=said.append)
    assert len(counter.analysed) == 7
    assert any("another engine version" in p.message for p in timeline.problems)
    assert said == ["made by another engine version"]  # what the progress bar says
    assert len(timeline.events) == len(pipeline.build_timeline([corpus]).events)


def test_the_engine_version_follows_every_code_and_rule_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "timeline"
    (package / "data").mkdir(parents=True)
    (package / "events.py").write_text("X = 1\n")
    (package / "data" / "rules.toml").write_text("a = 1\n")
    monkeypatch.setattr(store_version_module, "PACKAGE_ROOT", package)
    compute = store_version_module.engine_version.__wrapped__
    first = compute()
    assert compute() == first
    (package / "data" / "rules.toml").write_text("a = 2\n")
    second = compute()
    assert second != first
    (package / "events.py").write_text("X = 2\n")
    assert compute() != second
    # The user's gazetteer files are part of what a store was made with.
    gazetteer = tmp_path / "gaz.toml"
    gazetteer.write_text("")
    assert store_version([gazetteer]) != store_version([])


# ------------------------------------------------------------------ damaged and foreign files


def test_a_corrupt_store_named_by_the_user_is_reported_and_bypassed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    store = tmp_path / "store.sqlite3"
    store.write_bytes(b"this is not a database at all\n" * 200)
    plain, _ = export(capsys, "--no-store", str(corpus))
    out, err = export(capsys, "--store", str(store), str(corpus))
    assert out == plain
    lines = [line for line in err.splitlines() if str(store) in line]
    assert len(lines) == 1 and "going on without the store" in lines[0], err
    assert "Traceback" not in err
    assert store.read_bytes().startswith(b"this is not a database")  # not the user's to lose


def test_a_foreign_database_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    store = tmp_path / "theirs.sqlite3"
    with sqlite3.connect(store) as db:
        db.execute("CREATE TABLE accounts (name TEXT)")
        db.execute("INSERT INTO accounts VALUES ('x')")
    _, err = export(capsys, "--store", str(store), str(corpus))
    assert "another program" in err and "Traceback" not in err
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT name FROM accounts").fetchall() == [("x",)]
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 1


def test_a_corrupt_store_in_the_cache_is_rebuilt(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    choice = StoreChoice(tmp_path / "cache" / "corpus.sqlite3", owned=True)
    pipeline.build_timeline([corpus], store=choice)
    data = bytearray(choice.path.read_bytes())
    data[:100] = b"\xff" * 100  # the header gone
    choice.path.write_bytes(bytes(data))
    timeline = pipeline.build_timeline([corpus], store=choice)
    notes = [p.message for p in timeline.problems if p.path == str(choice.path)]
    assert len(notes) == 1 and notes[0].endswith("rebuilt"), notes
    assert len(rows(choice.path)) == 7
    assert len(timeline.events) == len(pipeline.build_timeline([corpus]).events)


def test_the_store_and_its_directory_are_private(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    choice = StoreChoice.for_corpus([corpus], tmp_path / "stores")
    pipeline.build_timeline([corpus], store=choice)
    assert stat.S_IMODE(choice.path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(choice.path.stat().st_mode) == 0o600
    assert choice.path.parent == tmp_path / "stores"


def test_a_symbolic_link_in_place_of_the_store_is_not_followed(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", count=2)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    link = tmp_path / "store.sqlite3"
    link.symlink_to(victim)
    timeline = pipeline.build_timeline([corpus], store=StoreChoice(link, owned=True))
    assert victim.read_text() == "precious\n"
    assert any("not a regular file" in p.message for p in timeline.problems)


def test_file_names_and_texts_are_data_not_sql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    hostile = "x'); DROP TABLE files; --.txt"
    (corpus / hostile).write_text(ARTICLE.format(day=3, dead=4) + "'); DROP TABLE meta; --\n")
    choice = StoreChoice(tmp_path / "store.sqlite3")
    first = pipeline.build_timeline([corpus], store=choice)
    counter = Counter(monkeypatch)
    again = pipeline.build_timeline([corpus], store=choice)
    assert counter.analysed == []
    assert list(rows(choice.path)) == [str(corpus / hostile)]
    assert again.documents == first.documents and first.documents[0].text.endswith("--\n")


# ------------------------------------------------------------------ killed mid-ingest

KILLED_RUN = """
import sys
from pathlib import Path
from timeline import pipeline
from timeline.store import CorpusStore, StoreChoice

CorpusStore.batch = 2  # commit often, so the kill lands between and inside transactions
def progress(done, total):
    print(done, flush=True)
choice = StoreChoice(Path(sys.argv[2]))
pipeline.build_timeline([Path(sys.argv[1])], store=choice, progress=progress)
print("finished", flush=True)
"""


def test_a_run_killed_mid_ingest_leaves_a_store_that_reopens_right(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", count=40)
    store = tmp_path / "store.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, str(corpus), str(store)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert child.stdout is not None
    for line in child.stdout:
        if line.strip() == "12":  # well into the corpus, with rows committed
            break
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    assert child.returncode == -signal.SIGKILL
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        committed = db.execute("SELECT count(*) FROM files").fetchone()[0]
    assert 0 < committed < 41
    reopened = pipeline.build_timeline([corpus], store=StoreChoice(store))
    plain = pipeline.build_timeline([corpus])
    assert [e.model_dump() for e in reopened.events] == [e.model_dump() for e in plain.events]
    assert len(rows(store)) == 41


# ------------------------------------------------------------------ read-only sessions


def site_and_user(tmp_path: Path, site: str) -> Config:
    site_file = tmp_path / "site.toml"
    site_file.write_text(site)
    user = tmp_path / "user.toml"
    user.write_text(f'[store]\ndirectory = "{tmp_path / "users-own"}"\n')
    config, _ = load_config(user, site_path=site_file)
    return config


def test_read_only_has_no_store_unless_the_site_config_gives_a_directory(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", count=1)
    args = build_parser("export").parse_args(["--store", str(tmp_path / "x.sqlite3"), str(corpus)])

    config = site_and_user(tmp_path, "read_only = true\n")
    choice, notes = choose_store(args, config, WritePolicy.decide(config))
    assert choice is None  # the user's [store] directory and --store count for nothing here
    assert len(notes) == 1 and "--store ignored in a read-only session" in notes[0].message

    sited = tmp_path / "site-stores"
    config = site_and_user(tmp_path, f'read_only = true\n[store]\ndirectory = "{sited}"\n')
    choice, _ = choose_store(args, config, WritePolicy.decide(config))
    assert choice is not None and choice.path.parent == sited
    assert choice.cache_dir == sited  # the GeoNames index cache goes there too

    config = site_and_user(tmp_path, "")  # not read-only: the user's choices count
    choice, notes = choose_store(args, config, WritePolicy.decide(config))
    assert choice == StoreChoice(tmp_path / "x.sqlite3", cache_dir=tmp_path / "users-own")
    assert notes == []
    args = build_parser("export").parse_args([str(corpus)])
    choice, _ = choose_store(args, config, WritePolicy.decide(config))
    assert choice is not None and choice.path.parent == tmp_path / "users-own"
    args = build_parser("export").parse_args(["--no-store", str(corpus)])
    assert choose_store(args, config, WritePolicy.decide(config)) == (None, [])
    # No store; the GeoNames index (nothing of the corpus) is still cached, in the user's
    # store directory, and in a read-only session only where the site config says.
    assert choose_index_dir(config, WritePolicy.decide(config)) == tmp_path / "users-own"
    config = site_and_user(tmp_path, "read_only = true\n")
    assert choose_index_dir(config, WritePolicy.decide(config)) is None
    config = site_and_user(tmp_path, f'read_only = true\n[store]\ndirectory = "{sited}"\n')
    assert choose_index_dir(config, WritePolicy.decide(config)) == sited


def test_an_unknown_store_key_in_the_site_config_fails_closed(tmp_path: Path) -> None:
    site = tmp_path / "site.toml"
    site.write_text('[store]\ndir = "/srv/stores"\n')
    config, problems = load_config(tmp_path / "none.toml", site_path=site)
    assert config.read_only and config.store.directory is None
    assert any("store.dir" in p.message for p in problems)


def test_a_read_only_export_writes_no_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = write_corpus(tmp_path / "corpus", count=2)
    before = set(Path(os.environ["XDG_CACHE_HOME"]).rglob("*"))
    out, _ = export(capsys, "--read-only", str(corpus))
    assert b'"headline"' in out
    assert set(Path(os.environ["XDG_CACHE_HOME"]).rglob("*")) == before


def test_the_corpus_level_merge_is_reused_only_while_its_inputs_are_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    choice = StoreChoice(tmp_path / "store.sqlite3")
    merges: list[int] = []
    merge = pipeline.merge_mentions

    def counted(events, features=None):  # type: ignore[no-untyped-def]
        merges.append(len(events))
        return merge(events, features)

    monkeypatch.setattr(pipeline, "merge_mentions", counted)
    first = pipeline.build_timeline([corpus], store=choice)
    again = pipeline.build_timeline([corpus], store=choice)
    assert len(merges) == 1  # the second run read the merged events back
    assert [e.model_dump() for e in again.events] == [e.model_dump() for e in first.events]

    (corpus / "02.txt").write_text(ARTICLE.format(day=11, dead=77), encoding="utf-8")
    changed = pipeline.build_timeline([corpus], store=choice)
    assert len(merges) == 2
    plain = pipeline.build_timeline([corpus])
    assert [e.model_dump() for e in changed.events] == [e.model_dump() for e in plain.events]

    capped = Limits(max_events_per_document=1)  # other limits feed the merge other events
    pipeline.build_timeline([corpus], store=choice, limits=capped)
    assert len(merges) == 4 and merges[-1] == 7


def test_a_store_of_an_older_layout_is_rebuilt(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", count=2)
    store = tmp_path / "store.sqlite3"
    with sqlite3.connect(store) as db:  # the first layout: no events column, schema 1
        db.execute("PRAGMA application_id=1668576617")
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("INSERT INTO meta VALUES ('schema', '1'), ('engine', 'whatever')")
        db.execute(
            "CREATE TABLE files (name TEXT PRIMARY KEY, resolved TEXT NOT NULL, size INTEGER, "
            "mtime_ns INTEGER, sha256 TEXT, sidecars TEXT, payload BLOB NOT NULL)"
        )
    timeline = pipeline.build_timeline([corpus], store=StoreChoice(store))
    assert not any("store error" in p.message for p in timeline.problems), timeline.problems
    assert len(rows(store)) == 3
