"""Tests for timeline.loader: formats, metadata, discovery, and every kind of bad input."""

from __future__ import annotations

import hashlib
import importlib.resources
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import loader
from timeline.loader import (
    SUPPORTED_SUFFIXES,
    Corpus,
    discover,
    load_corpus,
    load_document,
    seed_dir,
)
from timeline.models import Document, Genre, Problem

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_b2d011834734ebc9.txt"

GOOD = "Troops crossed the border on 12 September 2022.\n\nA ceasefire followed.\n"

TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>wsj_0001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" temporalFunction="false"
functionInDocument="CREATION_TIME">01/08/1998</TIMEX3></DCT>
<TEXT>
Fighting resumed <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3>.
</TEXT>
</TimeML>
"""


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def load_ok(path: Path) -> tuple[Document, list[Problem]]:
    document, problems = load_document(path)
    assert document is not None, problems
    return document, problems


def only_problem(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


# --- the seed -----------------------------------------------------------------------------


def test_seed_loads_with_sidecar_metadata() -> None:
    document, problems = load_ok(SEED)
    assert problems == []
    assert (
        document.title == "Azerbaijani-Armenian clashes erupt amid NATO war with Russia in Ukraine"
    )
    assert document.published == date(2022, 9, 15)
    assert document.byline == "William Ferguson"
    assert document.language == "en"
    assert document.source is None
    assert document.path == str(SEED)
    assert document.text == SEED.read_text(encoding="utf-8")
    assert document.id == hashlib.sha1(document.text.encode()).hexdigest()[:12]


def test_seed_dir_falls_back_to_checkout_seeds() -> None:
    directory = seed_dir()
    assert directory.is_dir()
    assert (directory / SEED.name).is_file()


def test_seed_dir_prefers_bundled_seeds(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "_seeds").mkdir()
    monkeypatch.setattr(importlib.resources, "files", lambda package: tmp_path)
    assert seed_dir() == tmp_path / "_seeds"


def test_seed_corpus_loads_only_the_article() -> None:
    corpus = load_corpus([seed_dir()])
    assert isinstance(corpus, Corpus)
    assert corpus.problems == []
    assert [d.title for d in corpus.documents] == [
        "Azerbaijani-Armenian clashes erupt amid NATO war with Russia in Ukraine"
    ]


def test_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".markdown", ".tml", ".tml.TE3input")


# --- plain text ---------------------------------------------------------------------------


def test_plain_text_title_from_short_first_line(tmp_path: Path) -> None:
    document, problems = load_ok(write(tmp_path / "a.txt", "Border clashes\n\n" + GOOD))
    assert problems == []
    assert document.title == "Border clashes"
    assert document.published is None


def test_plain_text_title_falls_back_to_stem(tmp_path: Path) -> None:
    document, _ = load_ok(write(tmp_path / "report-2022.txt", GOOD))
    assert document.title == "report-2022"
    long_line = "word " * 40 + "\n\nMore."
    document, _ = load_ok(write(tmp_path / "long.txt", long_line))
    assert document.title == "long"


def test_line_endings_are_normalised(tmp_path: Path) -> None:
    document, problems = load_ok(write(tmp_path / "crlf.txt", b"Title\r\n\r\nOne.\rTwo.\r\n"))
    assert problems == []
    assert document.text == "Title\n\nOne.\nTwo.\n"


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    document, problems = load_ok(write(tmp_path / "bom.txt", "\ufeffCaf\u00e9 talks.".encode()))
    assert problems == []
    assert document.text == "Caf\u00e9 talks."


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = write(tmp_path / "u16.txt", "Kharkov fell.\r\nMore news.".encode("utf-16"))
    document, problems = load_ok(path)
    assert problems == []
    assert document.text == "Kharkov fell.\nMore news."


def test_cp1252_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "latin.txt", b"Caf\xe9 owner said \x93no\x94.")
    document, problems = load_ok(path)
    assert document.text == "Café owner said “no”."
    problem = only_problem(problems)
    assert problem.fatal is False
    assert problem.path == str(path)
    assert problem.message == "not valid UTF-8; decoded as cp1252"


def test_undecodable_text_uses_replacement_characters(tmp_path: Path) -> None:
    # 0x81 and 0x8d are undefined in cp1252 and invalid as UTF-8 here.
    path = write(tmp_path / "junk.txt", b"Troops \x81\x8d advanced.")
    document, problems = load_ok(path)
    assert "\ufffd" in document.text
    assert document.text.startswith("Troops ")
    problem = only_problem(problems)
    assert problem.fatal is False
    assert problem.message == "not valid UTF-8; decoded with replacement characters"


def test_explicit_unknown_suffix_is_read_as_text(tmp_path: Path) -> None:
    path = write(tmp_path / "article.news", GOOD)
    files, problems = discover([path])
    assert files == [path] and problems == []
    document, _ = load_ok(path)
    assert document.text == GOOD


def test_a_folders_own_notes_are_skipped_with_a_note_unless_named(tmp_path: Path) -> None:
    article = write(tmp_path / "clashes.txt", GOOD)
    notes = [write(tmp_path / n, "They have no publication date: give them a sidecar.") for n in
             ("README.md", "LICENSE", "readme.txt", "CHANGELOG.md")]  # fmt: skip
    files, problems = discover([tmp_path])
    assert files == [article]
    assert sorted(p.path for p in problems) == sorted(str(n) for n in notes if n.suffix)
    assert all("not an article; skipped" in p.message and not p.fatal for p in problems)
    named, problems = discover([notes[0]])
    assert named == [notes[0]] and problems == []  # asked for by name: read


# --- bad inputs ---------------------------------------------------------------------------


def test_binary_file_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    document, problems = load_document(path)
    assert document is None
    problem = only_problem(problems)
    assert problem.fatal is True
    assert str(problem) == f"{path}: binary file, not text; skipped"


def test_binary_behind_a_utf16_bom_is_still_binary(tmp_path: Path) -> None:
    path = write(tmp_path / "odd.txt", b"\xff\xfe" + b"\x01\x00\x02\x00\x00\x00" * 100)
    document, problems = load_document(path)
    assert document is None
    assert only_problem(problems).message == "binary file, not text; skipped"


def test_utf8_bom_with_bad_bytes_warns(tmp_path: Path) -> None:
    document, problems = load_ok(write(tmp_path / "b.txt", b"\xef\xbb\xbfTroops \xff left."))
    assert document.text == "Troops \ufffd left."
    assert only_problem(problems).message == "not valid UTF-8; decoded with replacement characters"


def test_control_characters_count_as_binary(tmp_path: Path) -> None:
    path = write(tmp_path / "ctl.txt", bytes(range(1, 32)) * 20 + b"text")
    document, problems = load_document(path)
    assert document is None
    assert only_problem(problems).message == "binary file, not text; skipped"


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf\n"])
def test_empty_file_is_skipped(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path / "empty.txt", content)
    document, problems = load_document(path)
    assert document is None
    problem = only_problem(problems)
    assert problem.fatal is True
    assert problem.message == "empty file; skipped"


def test_directory_where_a_file_is_expected(tmp_path: Path) -> None:
    path = tmp_path / "folder.txt"
    path.mkdir()
    document, problems = load_document(path)
    assert document is None
    problem = only_problem(problems)
    assert problem.fatal is True
    assert problem.path == str(path)
    assert problem.message == "cannot read file (is a directory); skipped"


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 000 does not stop root, so simulate the failure where the bytes are read.
    locked = write(tmp_path / "locked.txt", GOOD)
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    document, problems = load_document(locked)
    assert document is None
    problem = only_problem(problems)
    assert problem.fatal is True
    assert str(problem) == f"{locked}: cannot read file (permission denied); skipped"


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    files, problems = discover([missing])
    assert files == []
    problem = only_problem(problems)
    assert str(problem) == f"{missing}: no such file or directory"
    assert problem.fatal is True


def test_malformed_sidecar_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", GOOD)
    sidecar = write(tmp_path / "a.toml", 'title = "ok"\npublished = = 2022\n')
    document, problems = load_ok(path)
    problem = only_problem(problems)
    assert problem.fatal is False
    assert problem.path == str(sidecar)
    assert problem.message.startswith("malformed TOML sidecar (line 2, column ")
    assert problem.message.endswith("); metadata ignored")
    # The document keeps what the text itself offers.
    assert document.title == "a"
    assert document.published is None


def test_sidecar_published_not_a_date(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", GOOD)
    write(tmp_path / "a.toml", 'title = "Clashes"\npublished = "last week"\n')
    document, problems = load_ok(path)
    problem = only_problem(problems)
    assert problem.fatal is False
    assert "not a date; ignored" in problem.message
    assert document.title == "Clashes"
    assert document.published is None


@pytest.mark.parametrize(
    "value",
    ["2022-09-15", '"2022-09-15"', "2022-09-15T08:30:00Z", '"2022-09-15T08:30:00+02:00"'],
)
def test_sidecar_published_forms(tmp_path: Path, value: str) -> None:
    path = write(tmp_path / "a.txt", GOOD)
    write(tmp_path / "a.toml", f"published = {value}\n")
    document, problems = load_ok(path)
    assert problems == []
    assert document.published == date(2022, 9, 15)


def test_sidecar_all_keys(tmp_path: Path) -> None:
    path = write(tmp_path / "b.md", GOOD)
    write(
        tmp_path / "b.toml",
        'title = "T"\nlanguage = "fr"\nbyline = "A. Writer"\nsource = "Wire"\nextra = 1\n',
    )
    document, problems = load_ok(path)
    assert problems == []
    assert (document.title, document.language, document.byline, document.source) == (
        "T",
        "fr",
        "A. Writer",
        "Wire",
    )


@pytest.mark.parametrize(
    ("value", "genre"),
    [('"news"', Genre.NEWS), ('"narrative"', Genre.NARRATIVE), ('" Narrative "', Genre.NARRATIVE)],
)
def test_sidecar_genre(tmp_path: Path, value: str, genre: Genre) -> None:
    path = write(tmp_path / "a.txt", GOOD)
    write(tmp_path / "a.toml", f"genre = {value}\n")
    document, problems = load_ok(path)
    assert problems == []
    assert document.genre is genre


def test_no_genre_leaves_it_to_the_engine(tmp_path: Path) -> None:
    document, _ = load_ok(write(tmp_path / "a.txt", GOOD))
    assert document.genre is None


@pytest.mark.parametrize("value", ['"novel"', '""', "1", '["news"]', "true"])
def test_sidecar_bad_genre_warns_and_the_document_loads(tmp_path: Path, value: str) -> None:
    path = write(tmp_path / "a.txt", GOOD)
    sidecar = write(
        tmp_path / "a.toml", f'title = "Clashes"\ngenre = {value}\npublished = 2022-09-15\n'
    )
    document, problems = load_ok(path)
    problem = only_problem(problems)
    assert problem.fatal is False
    assert problem.path == str(sidecar)
    assert problem.message.startswith("sidecar genre ")
    assert problem.message.endswith(' is not "news" or "narrative"; ignored')
    # The other keys still apply.
    assert (document.title, document.published, document.genre) == (
        "Clashes",
        date(2022, 9, 15),
        None,
    )


def test_sidecar_bad_genre_names_the_value(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", GOOD)
    write(tmp_path / "a.toml", 'genre = "novel"\n')
    _, problems = load_ok(path)
    assert only_problem(problems).message == (
        'sidecar genre \'novel\' is not "news" or "narrative"; ignored'
    )


@pytest.mark.parametrize("fence", ["yaml", "toml"])
def test_front_matter_genre(tmp_path: Path, fence: str) -> None:
    if fence == "yaml":
        head = "---\ntitle: War diary\ngenre: narrative\n---\n"
    else:
        head = '+++\ntitle = "War diary"\ngenre = "narrative"\n+++\n'
    document, problems = load_ok(write(tmp_path / "diary.md", head + "On 3 May the siege began.\n"))
    assert problems == []
    assert document.genre is Genre.NARRATIVE


def test_front_matter_bad_genre_warns_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "x.md", "---\ntitle: X\ngenre: memoir\n---\nText here.\n")
    document, problems = load_ok(path)
    problem = only_problem(problems)
    assert (problem.path, problem.fatal) == (str(path), False)
    assert problem.message == 'front matter genre \'memoir\' is not "news" or "narrative"; ignored'
    assert document.title == "X"
    assert document.genre is None


def test_sidecar_genre_overrides_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path / "story.md", "---\ngenre: news\n---\nText here.\n")
    write(tmp_path / "story.toml", 'genre = "narrative"\n')
    document, problems = load_ok(path)
    assert problems == []
    assert document.genre is Genre.NARRATIVE


def test_timeml_takes_genre_from_its_sidecar(tmp_path: Path) -> None:
    path = write(tmp_path / "wsj_0001.tml", TIMEML)
    write(tmp_path / "wsj_0001.toml", 'genre = "news"\n')
    document, problems = load_ok(path)
    assert problems == []
    assert document.genre is Genre.NEWS


def test_bad_inputs_each_give_one_problem_and_good_documents_load(tmp_path: Path) -> None:
    corpus_dir = tmp_path / "corpus"
    good = write(corpus_dir / "good.txt", GOOD)
    binary = write(corpus_dir / "binary.txt", b"\x00\x01\x02" * 100)
    latin = write(corpus_dir / "latin.txt", b"Caf\xe9 shelled.")
    empty = write(corpus_dir / "empty.txt", b"")
    with_bad_sidecar = write(corpus_dir / "meta.md", "Other news.\n")
    bad_sidecar = write(corpus_dir / "meta.toml", "title = \n")
    folder = corpus_dir / "folder.txt"
    folder.mkdir()
    missing = tmp_path / "missing.txt"

    corpus = load_corpus([corpus_dir, missing])

    loaded = {d.path for d in corpus.documents}
    assert loaded == {str(good), str(latin), str(with_bad_sidecar)}
    by_path: dict[str, list[Problem]] = {}
    for problem in corpus.problems:
        by_path.setdefault(problem.path, []).append(problem)
    # A directory named like a text file is a directory: recursed into, not read as a file.
    assert set(by_path) == {str(binary), str(latin), str(empty), str(bad_sidecar), str(missing)}
    assert all(len(problems) == 1 for problems in by_path.values())
    assert by_path[str(binary)][0].message == "binary file, not text; skipped"
    assert by_path[str(latin)][0].fatal is False
    assert by_path[str(empty)][0].message == "empty file; skipped"
    assert by_path[str(bad_sidecar)][0].message.startswith("malformed TOML sidecar (line 1")
    assert by_path[str(missing)][0].message == "no such file or directory"


def test_unexpected_error_costs_one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = write(tmp_path / "a.txt", GOOD)
    second = write(tmp_path / "b.txt", "Another article.\n")
    real = loader.load_document

    def flaky(path: Path) -> tuple[Document | None, list[Problem]]:
        if path.name == "a.txt":
            raise RuntimeError("boom")
        return real(path)

    monkeypatch.setattr(loader, "load_document", flaky)
    corpus = load_corpus([first, second])
    assert [d.path for d in corpus.documents] == [str(second)]
    problem = only_problem(corpus.problems)
    assert problem.path == str(first)
    assert problem.message == "unexpected error (RuntimeError: boom); skipped"


@settings(max_examples=150, deadline=None)
@given(
    content=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)),
    suffix=st.sampled_from([".txt", ".md", ".tml", ".dat"]),
)
def test_property_load_document_never_raises(content: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"x{suffix}"
        path.write_bytes(content)
        document, problems = load_document(path)
        assert (document is None) == any(p.fatal for p in problems)
        for problem in problems:
            assert problem.path.startswith(directory)
            assert problem.message and problem.message[0].islower()
        if document is not None:
            assert document.text.strip()
            assert "\r" not in document.text
            assert len(document.id) == 12


# --- Markdown -----------------------------------------------------------------------------

MARKDOWN = """---
title: "Ceasefire collapses"
date: 2022-09-14T10:00:00Z
author: Jane Doe
tags: [war]
---
# Ceasefire collapses

![A ruined building](https://example.org/ruin.jpg)

The truce [brokered by Moscow](https://example.org/truce_(2022)) collapsed on **Tuesday**, \
officials said, according to [a report][1].

[1]: https://example.org/report
"""


def test_markdown_front_matter_and_cleaning(tmp_path: Path) -> None:
    document, problems = load_ok(write(tmp_path / "story.md", MARKDOWN))
    assert problems == []
    assert document.title == "Ceasefire collapses"
    assert document.published == date(2022, 9, 14)
    assert document.byline == "Jane Doe"
    text = document.text
    assert text.startswith("Ceasefire collapses\n")
    assert (
        "The truce brokered by Moscow collapsed on Tuesday, officials said, "
        "according to a report." in text
    )
    for markup in ("---", "#", "![", "](", "https://", "**", "[1]", "title:"):
        assert markup not in text


def test_markdown_without_front_matter_takes_heading_as_title(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.markdown", "## Shelling near *Goris*\n\nHouses burned.\n")
    document, problems = load_ok(path)
    assert problems == []
    assert document.title == "Shelling near Goris"
    assert document.text == "Shelling near Goris\n\nHouses burned.\n"


def test_a_markdown_table_first_is_no_title(tmp_path: Path) -> None:
    text = "| | |\n| --- | --- |\n| **conflict** | Siege of Karvel |\n\nThe siege began in 2016.\n"
    document, problems = load_ok(write(tmp_path / "siege_of_karvel.md", text))
    assert problems == []
    assert document.title == "siege_of_karvel"


def test_markdown_front_matter_bad_date_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "x.md", "---\ntitle: X\npublished: soon\n---\nText here.\n")
    document, problems = load_ok(path)
    assert document.published is None
    assert document.title == "X"
    assert only_problem(problems).fatal is False


def test_sidecar_overrides_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path / "story.md", MARKDOWN)
    write(tmp_path / "story.toml", 'title = "From sidecar"\npublished = 2022-09-15\n')
    document, problems = load_ok(path)
    assert problems == []
    assert document.title == "From sidecar"
    assert document.published == date(2022, 9, 15)
    assert document.byline == "Jane Doe"


def test_markdown_escapes_and_emphasis(tmp_path: Path) -> None:
    path = write(tmp_path / "e.md", "Use \\*stars\\* and __bold__ and *it* in snake_case.\n")
    document, _ = load_ok(path)
    assert document.text == "Use *stars* and bold and it in snake_case.\n"


# --- TimeML -------------------------------------------------------------------------------


def test_timeml_loads_with_dct(tmp_path: Path) -> None:
    document, problems = load_ok(write(tmp_path / "wsj_0001.tml", TIMEML))
    assert problems == []
    assert document.published == date(1998, 1, 8)
    assert document.title == "wsj_0001"
    assert document.text == "\nFighting resumed yesterday.\n"
    assert "<" not in document.text


def test_timeml_te3input_suffix_and_short_sidecar(tmp_path: Path) -> None:
    path = write(tmp_path / "APW1.tml.TE3input", TIMEML)
    write(tmp_path / "APW1.toml", 'title = "AP wire"\n')
    document, problems = load_ok(path)
    assert problems == []
    assert document.title == "AP wire"
    assert document.published == date(1998, 1, 8)


def test_malformed_timeml_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.tml", "<TimeML><TEXT>unclosed</TimeML>")
    document, problems = load_document(path)
    assert document is None
    problem = only_problem(problems)
    assert problem.fatal is True
    assert problem.message.startswith("not readable as TimeML (not well-formed XML")


def test_timeml_without_text_element(tmp_path: Path) -> None:
    path = write(tmp_path / "notext.tml", "<TimeML><DOCID>x</DOCID></TimeML>")
    document, problems = load_document(path)
    assert document is None
    assert only_problem(problems).message == "not readable as TimeML (no <TEXT> element); skipped"


# --- discovery and corpora ----------------------------------------------------------------


def make_tree(root: Path) -> dict[str, Path]:
    return {
        "b": write(root / "b.txt", "Second article.\n"),
        "a": write(root / "a.md", "First article.\n"),
        "sub": write(root / "sub" / "c.tml", TIMEML),
        "deep": write(root / "sub" / "deeper" / "d.TXT", "Deep article.\n"),
        "te3": write(root / "z.tml.TE3input", TIMEML.replace("resumed", "stopped")),
        "hidden": write(root / ".hidden.txt", "Hidden.\n"),
        "hidden_dir": write(root / ".git" / "e.txt", "Hidden dir.\n"),
        "sidecar": write(root / "b.toml", 'title = "B"\n'),
        "other": write(root / "notes.json", "{}"),
    }


def test_discover_recurses_sorted_and_skips(tmp_path: Path) -> None:
    tree = make_tree(tmp_path)
    files, problems = discover([tmp_path])
    assert problems == []
    assert files == [tree["a"], tree["b"], tree["sub"], tree["deep"], tree["te3"]]


def test_discover_is_deterministic_and_deduplicates(tmp_path: Path) -> None:
    tree = make_tree(tmp_path)
    first, _ = discover([tmp_path, tree["b"]])
    second, _ = discover([tmp_path, tree["b"]])
    assert first == second
    assert first.count(tree["b"]) == 1


def test_discover_explicit_sidecars(tmp_path: Path) -> None:
    article = write(tmp_path / "a.txt", GOOD)
    sidecar = write(tmp_path / "a.toml", 'title = "A"\n')
    orphan = write(tmp_path / "lonely.toml", 'title = "L"\n')
    files, problems = discover([article, sidecar, orphan])
    assert files == [article]
    problem = only_problem(problems)
    assert problem.path == str(orphan)
    assert problem.message == "metadata sidecar with no article beside it; skipped"


def test_load_corpus_progress_and_order(tmp_path: Path) -> None:
    tree = make_tree(tmp_path)
    calls: list[tuple[int, int]] = []
    corpus = load_corpus([tmp_path], progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    assert [d.path for d in corpus.documents] == [
        str(tree[k]) for k in ("a", "b", "sub", "deep", "te3")
    ]
    assert corpus.documents[1].title == "B"
    assert corpus.problems == []


def test_duplicate_text_loads_once(tmp_path: Path) -> None:
    first = write(tmp_path / "one.txt", GOOD)
    second = write(tmp_path / "two.md", GOOD)
    corpus = load_corpus([tmp_path])
    assert [d.path for d in corpus.documents] == [str(first)]
    problem = only_problem(corpus.problems)
    assert problem.path == str(second)
    assert problem.message == f"same text as {first}; skipped"
    assert problem.fatal is True  # the file was skipped


def test_ids_are_stable_content_hashes(tmp_path: Path) -> None:
    a = write(tmp_path / "x" / "a.txt", GOOD)
    b = write(tmp_path / "y" / "renamed.txt", GOOD)
    assert load_ok(a)[0].id == load_ok(b)[0].id
    assert load_ok(a)[0].id != load_ok(write(tmp_path / "c.txt", GOOD + "More."))[0].id
