"""``--watch`` in the explorer: a file written into the watched folder shows up as events,
with the cursor, the selection and the search kept, and a notification saying so."""

from __future__ import annotations

import os
from pathlib import Path

from tests.pilot_wait import until
from timeline.config import Config
from timeline.store import StoreChoice
from tui.app import ConflictApp
from tui.screens.main import MainScreen
from tui.widgets.timeline_view import TimelineView

SIZE = (100, 30)
INTERVAL = 0.05  # seconds between polls: a new file is taken within two

KHARKIV = (
    "On 3 May 2022, Russian artillery shelled Kharkiv, killing 12 civilians, Ukrainian "
    "officials said.\n\nOn 5 May 2022, Ukrainian forces recaptured the village of Staryi "
    "Saltiv near Kharkiv.\n"
)
BRIDGE = (
    "On 14 June 2022, Russian forces destroyed the last bridge to Sievierodonetsk, the "
    "Ukrainian governor said.\n"
)


def write_article(folder: Path, name: str, text: str, published: str) -> Path:
    """The sidecar first, then the article through a rename, as a careful writer does."""
    (folder / f"{name}.toml").write_text(f'date = "{published}"\n', encoding="utf-8")
    temporary = folder / f".{name}.txt.partial"  # hidden: never watched
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, folder / f"{name}.txt")
    return folder / f"{name}.txt"


def open_app(folder: Path) -> ConflictApp:
    return ConflictApp(
        [folder],
        config=Config(),
        store=StoreChoice.for_corpus([folder]),
        watch=True,
        watch_interval=INTERVAL,
    )


def view_of(app: ConflictApp) -> TimelineView:
    return app.main_screen.query_one(TimelineView)


def ids(app: ConflictApp, index: int) -> set[str]:
    return set(app.main_screen.timeline.events[index].mention_ids)


def messages(app: ConflictApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def test_a_new_article_appears_with_cursor_selection_and_search_kept(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    write_article(folder, "kharkiv", KHARKIV, "2022-05-06")
    app = open_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: not screen.is_loading and len(screen.timeline.events) == 2)
        assert app.watch is not None and app.watch.started
        view = view_of(app)
        await pilot.press("/", *"Ukrainian", "enter")  # both articles say "Ukrainian"
        view.show_event(1)  # 5 May: Staryi Saltiv
        await pilot.press("space")
        view.show_event(0)  # the cursor on 3 May, the selection on 5 May
        await pilot.pause()
        cursor_ids, selected_ids = ids(app, 0), ids(app, 1)
        assert view.selected == {1} and view.search == "Ukrainian"

        write_article(folder, "bridge", BRIDGE, "2022-06-15")
        # Waited for by the new event and its message, not by a count of swaps: on a loaded
        # machine a poll can fall between the sidecar and the article (two swaps), and the
        # message is posted after the swap.
        await until(
            pilot,
            lambda: (
                len(screen.timeline.events) == 3
                and any("1 file added: +1 event" in m for m in messages(app))
            ),
        )

        timeline = screen.timeline
        assert [e.label for e in timeline.events] == ["3 May 2022", "5 May 2022", "14 Jun 2022"]
        assert view.shown == [0, 1, 2]  # the new event matches the search: shown
        assert view.current_event is not None
        assert set(view.current_event.mention_ids) == cursor_ids
        assert [set(timeline.events[i].mention_ids) for i in view.selected] == [selected_ids]
        assert view.search == "Ukrainian"
        assert any(
            m.startswith("Files changed:") and m.endswith("1 file added: +1 event")
            for m in messages(app)
        )
        assert isinstance(app.screen, MainScreen)

        # A bad new file: its one-line problem, and the rest goes on.
        (folder / "empty.txt").write_text("", encoding="utf-8")
        # Waited for by its message, not by a count of swaps: on a loaded machine a poll can
        # fall between the bridge's sidecar and its article, and the article then comes in a
        # swap of its own (no new event) before the empty file's.
        await until(pilot, lambda: any("empty.txt" in m for m in messages(app)))
        assert any("empty.txt" in m and "empty" in m.rsplit(":", 1)[-1] for m in messages(app))
        assert len(screen.timeline.events) == 3
        assert view.current_event is not None
        assert set(view.current_event.mention_ids) == cursor_ids

        # A removed article: its event goes, the cursor and the selection stay.
        (folder / "bridge.txt").unlink()
        await until(pilot, lambda: len(screen.timeline.events) == 2)
        assert "Files changed: 1 file removed: −1 event" in messages(app)
        assert view.current_event is not None
        assert set(view.current_event.mention_ids) == cursor_ids
        assert view.selected == {1}


async def test_the_swap_waits_for_an_open_dialog(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    write_article(folder, "kharkiv", KHARKIV, "2022-05-06")
    app = open_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: not screen.is_loading and len(screen.timeline.events) == 2)
        await pilot.press("question_mark")
        await until(pilot, lambda: not isinstance(app.screen, MainScreen))
        help_screen = app.screen
        write_article(folder, "bridge", BRIDGE, "2022-06-15")
        # Rebuilt, but held while the help is open: the dialog's world does not change.
        await until(pilot, lambda: app.watch is not None and app.watch._pending is not None)
        assert app.watch is not None and app.watch.swaps == 0
        assert len(screen.timeline.events) == 2 and app.screen is help_screen
        await pilot.press("q")
        await until(pilot, lambda: app.watch is not None and app.watch.swaps == 1)
        assert len(screen.timeline.events) == 3
        assert isinstance(app.screen, MainScreen)


async def test_without_watch_nothing_polls(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    write_article(folder, "kharkiv", KHARKIV, "2022-05-06")
    app = ConflictApp([folder], config=Config())
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()  # the load ends; nothing else is running
        await pilot.pause()
        assert app.watch is None
        write_article(folder, "bridge", BRIDGE, "2022-06-15")
        await pilot.pause(0.3)
        assert len(app.main_screen.timeline.events) == 2


EARLY = "On 1 April 2022, Russian forces withdrew from Bucha, the Ukrainian army said.\n"
UNDATED = "Yesterday, rebels attacked the checkpoint outside the town, witnesses said.\n"


async def test_undo_and_an_undated_cursor_survive_a_swap(tmp_path: Path) -> None:
    """A new file that moves every event's index: undo and redo still step through the
    selections made before it, and a cursor on an undated expression stays there."""
    folder = tmp_path / "articles"
    folder.mkdir()
    write_article(folder, "kharkiv", KHARKIV, "2022-05-06")
    (folder / "undated.txt").write_text(UNDATED, encoding="utf-8")  # no date: undated
    app = open_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: not screen.is_loading and len(screen.timeline.events) == 2)
        view = view_of(app)
        assert len(screen.timeline.undated) == 1
        view.show_event(0)
        await pilot.press("space")
        view.show_event(1)
        await pilot.press("space")
        await pilot.pause()
        assert view.selected == {0, 1}
        first, second = ids(app, 0), ids(app, 1)
        assert view.show_undated_item(0)
        await pilot.pause()
        assert view.current_undated is not None

        write_article(folder, "bucha", EARLY, "2022-04-02")  # sorts first: indices move
        await until(pilot, lambda: app.watch is not None and app.watch.swaps == 1)

        timeline = screen.timeline
        assert len(timeline.events) == 3
        assert view.current_undated is not None
        assert "Yesterday" in view.current_undated.expression.text
        moved = {i for i, e in enumerate(timeline.events) if set(e.mention_ids) & first}
        assert moved == {1}  # the 3 May event is now second
        await pilot.press("u")  # undoes selecting 5 May, in the new timeline's indices
        await pilot.pause()
        assert view.selected == moved
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert [set(timeline.events[i].mention_ids) for i in sorted(view.selected)] == [
            first,
            second,
        ]
