"""Sources (issue 13): a document's path, source and URL in the detail pane, the reader (r)
on the whole document, and Y copying the URL. URLs come from strangers: http(s) only."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import Label

from tests.pilot_wait import until
from timeline.config import Config
from timeline.loader import load_document
from timeline.models import Document, DocumentRef, Event, Precision, Sentence, Source
from timeline.sanitize import clean_line
from timeline.sources import display_path, web_url
from timeline.timeline import Timeline
from tui.app import ConflictApp
from tui.screens.main import MainScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.detail import DetailPane
from tui.widgets.reader import DocumentReader, wrap_offsets
from tui.widgets.timeline_view import TimelineView

WAR = """\
---
title: The border war
source: Example News
url: https://example.org/war?id=1
date: 2022-09-15
---
Fighting broke out between Armenia and Azerbaijan on 12 September 2022 near Goris.

Shelling continued on 14 September 2022 in Jermuk, officials said.

In 1994 a ceasefire ended the first war.
"""


def write_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "war.md").write_text(WAR)
    (corpus / "wire.txt").write_text("Clashes erupted in Vardenis on 3 March 2021.\n")
    # A hostile sidecar: a script address, and a source with a terminal escape in it.
    (corpus / "wire.toml").write_text(
        'url = "javascript:alert(1)"\nsource = "Wire \\u001b]0;pwned\\u0007"\n'
    )
    return corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Timeline]]:
    from timeline.pipeline import build_timeline

    root = write_corpus(tmp_path_factory.mktemp("sources"))
    yield root, build_timeline([root])


# ------------------------------------------------------------------ engine


@pytest.mark.parametrize(
    "value",
    ["https://example.org/a?b=c#d", "http://example.org", "  HTTPS://EXAMPLE.ORG/x  "],
)
def test_web_url_accepts_http_and_https(value: str) -> None:
    assert web_url(value) == value.strip()


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,hi",
        "ftp://example.org/",
        "https://",
        "example.org",
        "https://exa mple.org",
        "https://example.org/\x1b]8;;evil\x07",
        "https://example.org/\u202e",
        "https://[::1",
        "https://example.org/" + "a" * 3000,
        "",
    ],
)
def test_web_url_refuses_anything_else(value: str) -> None:
    assert web_url(value) is None


def test_paths_are_shown_below_their_root(tmp_path: Path) -> None:
    inside = tmp_path / "corpus" / "sub" / "a.md"
    assert display_path(str(inside), [tmp_path / "corpus"]) == "sub/a.md"
    assert display_path(str(inside), [inside]) == "a.md"
    assert display_path("/elsewhere/b.txt", [tmp_path]) == "/elsewhere/b.txt"


def test_front_matter_and_sidecar_give_source_and_url(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    document, problems = load_document(corpus / "sub" / "war.md")
    assert document is not None and not problems
    assert (document.source, document.url) == ("Example News", "https://example.org/war?id=1")

    document, problems = load_document(corpus / "wire.txt")
    assert document is not None
    assert document.url is None  # the key is ignored ...
    # ... with one clear message naming the file.
    assert [p.path for p in problems] == [str(corpus / "wire.toml")]
    assert "not an http or https address" in problems[0].message
    assert not problems[0].fatal


def test_a_bad_front_matter_url_is_reported_and_ignored(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\nurl: file:///etc/shadow\n---\nFighting on 3 May 2001.\n")
    document, problems = load_document(path)
    assert document is not None and document.url is None
    assert len(problems) == 1 and "front matter url" in problems[0].message


def test_wrapping_keeps_every_character_and_fits_the_width() -> None:
    text = "Alpha beta gamma.\n\n" + "word " * 50 + "\n" + "x" * 130 + " tail\n界" * 3
    lines = wrap_offsets(text, 20)
    # The lines cover the text in order, newlines aside.
    covered = "".join(text[s:e] for s, e in lines)
    assert covered == text.replace("\n", "")
    assert all(cell_len(text[s:e].rstrip()) <= 20 for s, e in lines)
    assert text[lines[1][0] : lines[1][1]] == ""  # the blank line between paragraphs
    assert text[lines[2][0] : lines[2][1]] == "word " * 4  # words are not cut
    assert "x" * 20 in [text[s:e] for s, e in lines]  # a word wider than the pane is


def test_wrapping_measures_controls_as_they_are_drawn() -> None:
    # ESC and BEL take no cell for Rich but one each once drawn as ␛ and ␇; C1 CSI takes 4.
    text = ("Shelling \x1b]0;pwned\x07continued in Jermuk,\tofficials \x9bsaid. " * 6).strip()
    for width in (20, 33, 78):
        lines = wrap_offsets(text, width)
        assert "".join(text[s:e] for s, e in lines) == text
        assert all(cell_len(clean_line(text[s:e].rstrip())) <= width for s, e in lines)


def test_a_megabyte_on_one_line_wraps_quickly() -> None:
    text = ("Shelling hit the town on 3 May 2001 and " * 26_000)[:1_000_000]
    started = time.perf_counter()
    lines = wrap_offsets(text, 78)
    elapsed = time.perf_counter() - started
    assert len(lines) > 12_000
    assert elapsed < 5  # generous for a shared runner; about 0.3 s here


# --------------------------------------------------------------------- TUI


def app_for(corpus: tuple[Path, Timeline]) -> ConflictApp:
    root, timeline = corpus
    return ConflictApp(timeline, config=Config(), roots=[root])


def detail_text(app: ConflictApp) -> str:
    return app.main_screen.query_one(DetailPane).text.plain


def go_to(app: ConflictApp, label: str) -> None:
    view = app.main_screen.query_one(TimelineView)
    index = next(i for i, e in enumerate(view.timeline.events) if e.label == label)
    assert view.show_event(index)


async def test_detail_names_path_source_and_url(corpus: tuple[Path, Timeline]) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        go_to(app, "12 Sep 2022")
        await pilot.pause()
        text = detail_text(app)
        assert "File  sub/war.md" in text
        assert "Source  Example News" in text
        assert "URL  https://example.org/war?id=1" in text
        go_to(app, "3 Mar 2021")
        await pilot.pause()
        text = detail_text(app)
        assert "File  wire.txt" in text
        assert "URL" not in text
        # The sidecar's escape is shown, never sent: no ESC reaches the terminal.
        assert "Source  Wire ␛]0;pwned␇" in text
        assert "\x1b" not in text


async def test_y_copies_the_url_and_says_when_there_is_none(
    corpus: tuple[Path, Timeline],
) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        go_to(app, "3 Mar 2021")
        await pilot.press("Y")
        assert app.clipboard == ""
        assert any("No URL for this document" in str(n.message) for n in app._notifications)
        go_to(app, "14 Sep 2022")
        await pilot.press("Y")
        assert app.clipboard == "https://example.org/war?id=1"


async def test_y_still_copies_in_a_read_only_session(corpus: tuple[Path, Timeline]) -> None:
    root, timeline = corpus
    app = ConflictApp(timeline, config=Config(), roots=[root], read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        go_to(app, "12 Sep 2022")
        await pilot.press("Y")  # OSC 52 is how a remote analyst takes things home
        assert app.clipboard == "https://example.org/war?id=1"


async def test_reader_opens_at_the_event_and_walks_the_document(
    corpus: tuple[Path, Timeline],
) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        go_to(app, "14 Sep 2022")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        reader = app.screen.query_one(DocumentReader)
        passages = app.screen.passages
        assert [app.main_screen.timeline.events[p.event].label for p in passages] == [
            "12 Sep 2022",
            "14 Sep 2022",
            "1994",
        ]
        assert passages[reader.current].start == WAR.split("---\n", 2)[2].index("Shelling")
        assert any("Shelling continued" in line for line in reader.visible_text())
        status = app.screen.query_one("#reader-status", Label)
        assert "Event 2 of 3" in str(status.render())
        await pilot.press("n")
        assert reader.current == 2
        await pilot.press("n")  # the last: it says so and stays
        assert reader.current == 2
        await pilot.press("p", "p")
        assert reader.current == 0
        await pilot.press("enter")
        assert isinstance(app.screen, MainScreen)
        view = app.main_screen.query_one(TimelineView)
        assert view.current_event is not None and view.current_event.label == "12 Sep 2022"
        assert app.focused is view
        await pilot.press("r")
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("q")
        assert isinstance(app.screen, MainScreen)
        assert view.current_event.label == "12 Sep 2022"


async def test_reader_opens_a_megabyte_article_at_its_event() -> None:
    text = "Shelling hit the town on 3 May 2001 and " * 25_000 + "The siege ended in 2002."
    start = text.index("The siege")
    document = Document(id="big", title="A long one", path="/x/big.txt", text=text)
    ref = DocumentRef(id="big", title="A long one", path="/x/big.txt")
    sentence = Sentence(text="The siege ended in 2002.", start=start, end=len(text))
    expression = {"text": "2002", "start": len(text) - 5, "end": len(text) - 1}
    event = Event.model_validate(
        {
            "id": "e1",
            "start": date(2002, 1, 1),
            "end": date(2002, 12, 31),
            "precision": Precision.YEAR,
            "label": "2002",
            "headline": "The siege ended",
            "expression": {**expression, "value": "2002", "kind": "date"},
            "document": ref,
            "sentences": [sentence],
        }
    )
    event.sources = [
        Source(
            id="m1",
            document=ref,
            expression=event.expression,
            sentences=[sentence],
            start=event.start,
            end=event.end,
            precision=Precision.YEAR,
        )
    ]
    app = ConflictApp(Timeline([event], documents=[document]), config=Config())
    async with app.run_test(size=(80, 24)) as pilot:
        started = time.perf_counter()
        await pilot.press("r")
        await pilot.pause()
        elapsed = time.perf_counter() - started
        assert isinstance(app.screen, ReaderScreen)
        reader = app.screen.query_one(DocumentReader)
        assert len(reader.lines) > 10_000

        def shown() -> str:
            return " ".join(line.strip() for line in reader.visible_text())

        # The scroll to the event lands after a refresh or two (later on a loaded machine).
        await until(pilot, lambda: "The siege ended in 2002." in shown(), seconds=20)
        assert elapsed < 10  # a giant Text would take minutes here
