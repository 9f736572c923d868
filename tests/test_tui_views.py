"""Named views in the TUI (issue 13): exported, renamed and deleted from the palette and from
the list of views; and a session that cannot be kept is said on stderr, never lost silently.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, Label

from timeline.config import Config, ExportConfig, SessionConfig
from timeline.session import NamedView, SessionStore
from timeline.synthetic import synthetic_events
from timeline.timeline import Filters, Timeline
from tui.app import ConflictApp
from tui.commands import TimelineCommands
from tui.keys import PALETTE_ONLY, KeyHelp
from tui.screens.main import MainScreen
from tui.screens.views import ConfirmDeleteScreen, OpenViewScreen, SaveViewScreen, ViewExportScreen
from tui.widgets.timeline_view import TimelineView

SIZE = (120, 40)
TODAY = date(2024, 1, 2)
VIEW_KEYS = {"view-export", "view-rename", "view-delete", "view-delete-yes", "view-delete-no"}


def make_timeline() -> Timeline:
    return Timeline(synthetic_events(60, seed=1), name="synthetic")


def make_app(root: Path, state: Path, export: Path | None = None) -> ConflictApp:
    config = Config(
        session=SessionConfig(directory=state),
        export=ExportConfig(directory=export, format="json"),
    )
    return ConflictApp(
        make_timeline(), config=config, roots=[root], fresh=True, today=lambda: TODAY
    )


def view_of(app: ConflictApp) -> TimelineView:
    return app.main_screen.query_one(TimelineView)


def run(app: ConflictApp, description: str) -> None:
    entry: KeyHelp = next(e for e in app.main_screen.key_help() if e.description == description)
    entry.run()


def save_views(root: Path, state: Path, views: dict[str, NamedView]) -> SessionStore:
    store = SessionStore(state, [root])
    store.save_views(views)
    return store


def kherson(timeline: Timeline) -> tuple[NamedView, list[str]]:
    """A view: an actor filter and three selected events (one its filter hides)."""
    actor = timeline.actor_counts()[0][0]
    shown = timeline.filter_indices(Filters(actors=[actor]))
    hidden = next(i for i in range(len(timeline.events)) if i not in shown)
    picked = [shown[0], shown[3], hidden]
    view = NamedView(
        filters=Filters(actors=[actor]),
        search="a",
        selected=[list(timeline.events[i].mention_ids) or [timeline.events[i].id] for i in picked],
    )
    return view, [timeline.events[i].id for i in sorted(picked[:2])]


# ------------------------------------------------------------------ export


async def test_export_view_writes_its_events_and_leaves_the_screen_alone(tmp_path: Path) -> None:
    root, state, out = tmp_path / "corpus", tmp_path / "state", tmp_path / "out"
    out.mkdir()
    view, expected = kherson(make_timeline())
    save_views(root, state, {"Kherson 2022": view, "Other": NamedView()})
    app = make_app(root, state, out)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "j", "space")  # the analyst's own selection, no filter
        before = set(view_of(app).selected)
        run(app, "Export view")
        await pilot.pause()
        assert isinstance(app.screen, OpenViewScreen) and app.screen.mode == "export"
        assert app.screen.names == ["Kherson 2022", "Other"]
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ViewExportScreen)
        assert [e.id for e in dialog.events] == expected  # its selection its filter shows
        title = str(dialog.query_one("#export-title", Label).render())
        assert "Kherson 2022" in title and "2 selected" in title and "1 more" in title
        path = dialog.query_one("#path", Input).value
        assert path == str(out / "synthetic-kherson-2022-2024-01-02.json")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        written = json.loads(Path(path).read_text())
        assert [e["id"] for e in written] == expected
        # What the analyst was looking at is untouched, and nothing to undo.
        assert set(view_of(app).selected) == before
        assert not app.main_screen.filters.active and not view_of(app).search


async def test_e_in_the_list_exports_and_a_view_without_selection_exports_what_it_shows(
    tmp_path: Path,
) -> None:
    root, state = tmp_path / "corpus", tmp_path / "state"
    timeline = make_timeline()
    actor = timeline.actor_counts()[0][0]
    save_views(root, state, {"Actor": NamedView(filters=Filters(actors=[actor]))})
    app = make_app(root, state, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        run(app, "Open view")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ViewExportScreen)
        shown = timeline.filter_indices(Filters(actors=[actor]))
        assert [e.id for e in dialog.events] == [timeline.events[i].id for i in shown]
        assert len(shown) < len(timeline.events)
        assert "shown" in str(dialog.query_one("#export-title", Label).render())


# ----------------------------------------------------------- rename & delete


async def test_rename_a_view_never_over_another(tmp_path: Path) -> None:
    root, state = tmp_path / "corpus", tmp_path / "state"
    store = save_views(root, state, {"Alpha": NamedView(search="a"), "Beta": NamedView()})
    app = make_app(root, state)
    async with app.run_test(size=SIZE) as pilot:
        run(app, "Rename view")
        await pilot.pause()
        assert isinstance(app.screen, OpenViewScreen)
        await pilot.press("enter")  # Alpha, highlighted first
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SaveViewScreen)
        field = dialog.query_one("#view-name", Input)
        assert field.value == "Alpha"
        field.value = ""
        await pilot.press(*"Beta", "enter")  # in use: refused, said, the dialog stays
        await pilot.pause()
        assert app.screen is dialog
        error = dialog.query_one("#error", Label)
        assert error.display and "pick another name" in str(error.render())
        field.value = ""
        await pilot.press(*"Gamma q", "enter")  # q is a letter in the field
        await pilot.pause()
        listing = app.screen
        assert isinstance(listing, OpenViewScreen)
        assert listing.names == ["Beta", "Gamma q"] and listing.highlighted == "Gamma q"
        assert store.load_views() == {"Beta": NamedView(), "Gamma q": NamedView(search="a")}
        await pilot.press("q")  # the list has the focus: q closes it
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_delete_a_view_asks_first(tmp_path: Path) -> None:
    root, state = tmp_path / "corpus", tmp_path / "state"
    store = save_views(root, state, {"Alpha": NamedView(), "Beta": NamedView(search="b")})
    app = make_app(root, state)
    async with app.run_test(size=SIZE) as pilot:
        run(app, "Open view")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDeleteScreen)
        await pilot.press("enter")  # the focus is on Cancel: a stray enter deletes nothing
        await pilot.pause()
        assert isinstance(app.screen, OpenViewScreen)
        await pilot.press("d", "n")
        await pilot.pause()
        await pilot.press("d", "q")
        await pilot.pause()
        assert set(store.load_views()) == {"Alpha", "Beta"}
        await pilot.press("d", "y")
        await pilot.pause()
        listing = app.screen
        assert isinstance(listing, OpenViewScreen) and listing.names == ["Beta"]
        assert store.load_views() == {"Beta": NamedView(search="b")}
        assert any("Deleted the view “Alpha”" in str(n.message) for n in app._notifications)
        await pilot.press("delete", "y")  # the last one: the list closes
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert store.load_views() == {}
        run(app, "Delete view")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("No saved views yet" in str(n.message) for n in app._notifications)


async def test_delete_from_the_palette_command_asks_on_enter(tmp_path: Path) -> None:
    root, state = tmp_path / "corpus", tmp_path / "state"
    store = save_views(root, state, {"Alpha": NamedView(), "Beta": NamedView()})
    app = make_app(root, state)
    async with app.run_test(size=SIZE) as pilot:
        run(app, "Delete view")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDeleteScreen) and app.screen.view_name == "Beta"
        await pilot.press("y")
        await pilot.pause()
        assert set(store.load_views()) == {"Alpha"}


# --------------------------------------------------- saving what cannot be saved


async def test_a_session_that_cannot_be_saved_is_said_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    app = make_app(tmp_path / "corpus", blocker / "sessions")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await pilot.press("q")
    err = capsys.readouterr().err
    assert "the session was not saved" in err and "not-a-directory" in err


async def test_a_saved_session_prints_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app(tmp_path / "corpus", tmp_path / "state")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "q")
    assert "conflict-tui" not in capsys.readouterr().err
    assert len(list((tmp_path / "state").iterdir())) == 1


# ------------------------------------------------------------ help & palette


async def test_new_commands_are_in_the_palette_help_and_keymap(tmp_path: Path) -> None:
    app = make_app(tmp_path / "corpus", tmp_path / "state")
    async with app.run_test(size=SIZE) as pilot:
        entries = {e.description: e for e in app.main_screen.key_help()}
        for name in ("Save view", "Open view", "Export view", "Rename view", "Delete view"):
            assert entries[name].keys == PALETTE_ONLY
        hits = [hit async for hit in TimelineCommands(app.screen).discover()]
        assert {"Export view", "Rename view", "Delete view"} <= {str(h.text) for h in hits}
        assert app.binding_ids() >= VIEW_KEYS
        readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
        for binding_id in VIEW_KEYS:
            assert f"`{binding_id}`" in readme
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = str(app.screen.query_one("#help-notes").render())
        assert "e exports, r renames, d deletes" in help_text


async def test_view_keys_follow_the_keymap(tmp_path: Path) -> None:
    root, state = tmp_path / "corpus", tmp_path / "state"
    store = save_views(root, state, {"Alpha": NamedView()})
    config = Config(session=SessionConfig(directory=state), keys={"view-delete": "x"})
    app = ConflictApp(make_timeline(), config=config, roots=[root], fresh=True)
    async with app.run_test(size=SIZE) as pilot:
        run(app, "Open view")
        await pilot.pause()
        await pilot.press("d")  # remapped away: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, OpenViewScreen)
        await pilot.press("x", "y")
        await pilot.pause()
        assert store.load_views() == {}


async def test_the_list_says_what_each_view_holds(tmp_path: Path) -> None:
    root, state = tmp_path / "corpus", tmp_path / "state"
    timeline = make_timeline()
    view, _ = kherson(timeline)
    actor = view.filters.actors[0]
    save_views(root, state, {"Kherson": view, "Empty": NamedView()})
    app = make_app(root, state)
    async with app.run_test(size=SIZE) as pilot:
        run(app, "Open view")
        await pilot.pause()
        listing = app.screen
        assert isinstance(listing, OpenViewScreen)
        lines = {n: listing.summaries[n] for n in listing.names}
        assert lines == {
            "Empty": "no filters, search or selection",
            "Kherson": f"3 selected · filter {actor} · search “a”",
        }
        shown = str(listing.query_one("#view-list").render_line(1).text)  # "Empty" first
        assert "no filters, search or selection" in shown
