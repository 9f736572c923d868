"""Session state per corpus (issue 13): what the analyst was looking at comes back on the next
open of the same corpus, and only there; a read-only session writes nothing unless the site
config names a directory; a bad state file is ignored with a message."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
from textual.widgets import Input

from timeline.config import Config, SessionConfig, load_config
from timeline.session import (
    MAX_STATE_BYTES,
    MAX_VIEWS,
    VIEW_SELECTIONS,
    NamedView,
    SessionError,
    SessionState,
    SessionStore,
    capture,
    corpus_key,
    resolve,
    session_directory,
    state_limit,
    view_events,
    views_limit,
)
from timeline.synthetic import synthetic_events
from timeline.timeline import Filters, Timeline
from tui.app import ConflictApp
from tui.keys import KeyHelp
from tui.screens.main import MainScreen
from tui.screens.views import OpenViewScreen, SaveViewScreen, view_name
from tui.widgets.timeline_view import TimelineView


def make_timeline(n: int = 60) -> Timeline:
    return Timeline(synthetic_events(n, seed=1), name="synthetic")


def make_app(
    root: Path,
    state: Path,
    *,
    timeline: Timeline | None = None,
    read_only: bool = False,
    fresh: bool = False,
    config_dir: bool = True,
) -> ConflictApp:
    config = Config(session=SessionConfig(directory=state if config_dir else None))
    return ConflictApp(
        timeline or make_timeline(),
        config=config,
        roots=[root],
        read_only=read_only,
        fresh=fresh,
    )


def view_of(app: ConflictApp) -> TimelineView:
    return app.main_screen.query_one(TimelineView)


async def build_a_view(app: ConflictApp, actor: str) -> tuple[set[str], str]:
    """Select two events, filter by ``actor``, search, move: (selected ids, cursor id)."""
    view = view_of(app)
    screen = app.main_screen
    screen.filters.actors = [actor]
    screen.apply_filters()
    view.set_selection({view.shown[0], view.shown[2]})
    view.show_event(view.shown[1])
    events = app.main_screen.timeline.events
    selected = {events[i].id for i in view.selected}
    cursor = view.current_event
    assert cursor is not None
    return selected, cursor.id


def first_actor(timeline: Timeline) -> str:
    return timeline.actor_counts()[0][0]


# ------------------------------------------------------------------ engine


def test_corpus_key_is_the_resolved_roots(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    assert corpus_key([tmp_path / "a"]) == corpus_key([tmp_path / "a" / ".." / "a"])
    assert corpus_key([tmp_path / "a"]) != corpus_key([tmp_path / "b"])
    assert corpus_key([tmp_path / "a", tmp_path]) == corpus_key([tmp_path, tmp_path / "a"])


def test_a_corpus_that_grew_still_finds_its_events() -> None:
    timeline = make_timeline(20)
    state = capture(timeline, selected={3, 7}, filters=Filters(), search="", cursor=7, theme=None)
    # Another file came: new events arrive, and event 3 gained a mention (its ids grow).
    grown = list(synthetic_events(40, seed=2)) + [e.model_copy(deep=True) for e in timeline.events]
    target = next(e for e in grown if e.id == timeline.events[3].id)
    target.mention_ids = ["000000000000", *target.mention_ids]
    bigger = Timeline(grown)
    selected, cursor, gone = resolve(bigger, state)
    assert {bigger.events[i].id for i in selected} == {
        timeline.events[3].id,
        timeline.events[7].id,
    }
    assert cursor is not None and bigger.events[cursor].id == timeline.events[7].id
    assert gone == 0
    # A corpus that lost the file: its events are dropped, quietly counted.
    smaller = Timeline(timeline.events[:5])
    selected, cursor, gone = resolve(smaller, state)
    assert len(selected) == 1 and cursor is None and gone == 1


def test_saved_privately_and_atomically(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "state" / "sessions", [tmp_path])
    store.save(SessionState(search="ceasefire"))
    assert store.load() == SessionState(search="ceasefire")
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.directory.stat().st_mode) == 0o700
    assert [p.name for p in store.directory.iterdir()] == [store.name]  # no temporary left


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe",
        b"[1, 2, 3]",
        b'{"selected": "everything"}',
        b'{"version": 99}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"search": "' + b"x" * (MAX_STATE_BYTES + 10) + b'"}',
    ],
)
def test_a_bad_state_file_is_refused_with_a_message(tmp_path: Path, content: bytes) -> None:
    store = SessionStore(tmp_path, [tmp_path / "corpus"])
    store.path.write_bytes(content)
    with pytest.raises(SessionError, match="ignored"):
        store.load()


def test_a_link_or_a_fifo_is_not_read(tmp_path: Path) -> None:
    store = SessionStore(tmp_path, [tmp_path / "corpus"])
    (tmp_path / "elsewhere.json").write_text("{}")
    store.path.symlink_to(tmp_path / "elsewhere.json")
    with pytest.raises(SessionError, match="symbolic link"):
        store.load()
    store.path.unlink()
    os.mkfifo(store.path)
    with pytest.raises(SessionError, match="not a regular file"):
        store.load()  # and does not hang


def test_state_directory_follows_the_platform_and_read_only(
    tmp_path: Path, private_state_home: Path
) -> None:
    assert session_directory(Config(), read_only=False) == (
        private_state_home / "conflict-tui" / "sessions"
    )
    assert session_directory(Config(), read_only=True) is None
    named = Config(session=SessionConfig(directory=tmp_path))
    assert session_directory(named, read_only=True) == tmp_path


def test_site_config_session_key_is_known_and_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONFLICT_TUI_SITE_CONFIG", str(tmp_path / "none.toml"))
    site = tmp_path / "site.toml"
    site.write_text(f'read_only = true\n[session]\ndirectory = "{tmp_path / "kept"}"\n')
    user = tmp_path / "user.toml"
    user.write_text(f'[session]\ndirectory = "{tmp_path / "mine"}"\n')
    config, problems = load_config(user, site_path=site)
    assert config.read_only and config.session.directory == tmp_path / "kept"
    assert any("session.directory" in p.message for p in problems)  # the user's is ignored
    site.write_text('read_only = true\n[session]\ndir = "/tmp"\n')
    config, problems = load_config(user, site_path=site)
    assert config.session.directory is None  # fails closed on the unknown key
    assert any("session.dir" in p.message for p in problems)


# --------------------------------------------------------------------- TUI


async def test_quit_and_reopen_the_same_corpus_restores_the_view(tmp_path: Path) -> None:
    root, state = tmp_path / "corpus", tmp_path / "state"
    timeline = make_timeline()
    actor = first_actor(timeline)
    app = make_app(root, state, timeline=timeline)
    async with app.run_test(size=(120, 40)) as pilot:
        selected, cursor = await build_a_view(app, actor)
        await pilot.press("slash", *"a", "enter")
        search = view_of(app).search
        assert search == "a"
        app.theme = "nord"
        await pilot.press("q")
    assert len(list(state.iterdir())) == 1

    again = make_app(root / ".." / "corpus", state, timeline=make_timeline())
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = view_of(again)
        events = again.main_screen.timeline.events
        assert again.main_screen.filters.actors == [actor]
        assert {events[i].id for i in view.selected} == selected
        assert view.search == "a"
        assert view.current_event is not None and view.current_event.id == cursor
        assert again.theme == "nord"
        await pilot.press("u")  # the restored view is where undo starts
        assert again.main_screen.filters.actors == [actor]

    other = make_app(tmp_path / "another", state, timeline=make_timeline())
    async with other.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not view_of(other).selected
        assert not other.main_screen.filters.active


async def test_fresh_starts_clean_and_the_palette_command_clears(tmp_path: Path) -> None:
    root, state = tmp_path / "corpus", tmp_path / "state"
    timeline = make_timeline()
    app = make_app(root, state, timeline=timeline)
    async with app.run_test(size=(120, 40)) as pilot:
        await build_a_view(app, first_actor(timeline))
        await pilot.press("q")
    fresh = make_app(root, state, timeline=make_timeline(), fresh=True)
    async with fresh.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not view_of(fresh).selected and not fresh.main_screen.filters.active
    restored = make_app(root, state, timeline=make_timeline())
    async with restored.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert view_of(restored).selected  # --fresh saved nothing over it: it quit clean
        entry = next(e for e in restored.main_screen.key_help() if e.description == "Start clean")
        entry.run()
        await pilot.pause()
        assert not view_of(restored).selected and not restored.main_screen.filters.active
        await pilot.press("u")
        assert view_of(restored).selected


async def test_read_only_writes_no_state(tmp_path: Path, private_state_home: Path) -> None:
    root = tmp_path / "corpus"
    timeline = make_timeline()
    app = make_app(root, tmp_path / "unused", timeline=timeline, read_only=True, config_dir=False)
    assert app.session is None
    async with app.run_test(size=(120, 40)) as pilot:
        await build_a_view(app, first_actor(timeline))
        await pilot.press("q")
    assert list(private_state_home.iterdir()) == []
    assert not (tmp_path / "unused").exists()


async def test_read_only_keeps_state_where_the_site_config_says(tmp_path: Path) -> None:
    root, state = tmp_path / "corpus", tmp_path / "site-sessions"
    timeline = make_timeline()
    app = make_app(root, state, timeline=timeline, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        selected, _cursor = await build_a_view(app, first_actor(timeline))
        await pilot.press("q")
    again = make_app(root, state, timeline=make_timeline(), read_only=True)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        events = again.main_screen.timeline.events
        assert {events[i].id for i in view_of(again).selected} == selected


async def test_a_hostile_saved_search_reaches_the_screen_as_text(tmp_path: Path) -> None:
    root, state = tmp_path / "corpus", tmp_path / "state"
    SessionStore(state, [root]).save(SessionState(search="a\x1b[2J\x1b]52;c;eA==\x07"))
    app = make_app(root, state)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert view_of(app).search == "a␛[2J␛]52;c;eA==␇"
        assert "\x1b" not in app.main_screen.query_one("#search-bar", Input).value


async def test_a_corrupt_state_file_is_a_notification_not_a_crash(tmp_path: Path) -> None:
    root, state = tmp_path / "corpus", tmp_path / "state"
    state.mkdir()
    store = SessionStore(state, [root])
    store.path.write_text('{"selected": [["\x1b]52;c;cHduZWQ=\x07"]], "filters": 7}')
    app = make_app(root, state)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("not a saved session; ignored" in m for m in messages)
        assert not view_of(app).selected
        await pilot.press("j")  # the app is alive and answers keys
        assert view_of(app).cursor_row >= 0
        await pilot.press("q")
    # Quitting wrote a good state over the bad one.
    assert isinstance(json.loads(store.path.read_text())["selected"], list)


def test_fresh_is_a_command_line_flag() -> None:
    from tui.cli import build_parser

    assert build_parser().parse_args(["--fresh"]).fresh
    assert not build_parser().parse_args([]).fresh


# ------------------------------------------------------------- named views


def palette_entry(app: ConflictApp, description: str) -> KeyHelp:
    return next(e for e in app.main_screen.key_help() if e.description == description)


async def test_a_named_view_is_saved_listed_and_reopened(tmp_path: Path) -> None:
    root, state = tmp_path / "corpus", tmp_path / "state"
    timeline = make_timeline()
    actor = first_actor(timeline)
    app = make_app(root, state, timeline=timeline)
    async with app.run_test(size=(120, 40)) as pilot:
        selected, _cursor = await build_a_view(app, actor)
        palette_entry(app, "Save view").run()
        await pilot.pause()
        assert isinstance(app.screen, SaveViewScreen)
        await pilot.press(*"Kherson", "escape")  # Esc in the dialog: nothing saved
        assert not (state / SessionStore(state, [root]).views_name).exists()
        palette_entry(app, "Save view").run()
        await pilot.pause()
        await pilot.press(*"Kherson", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("x", "A")  # clear the filters and the selection
        assert not view_of(app).selected and not app.main_screen.filters.active
        await pilot.press("q")

    again = make_app(root, state, timeline=make_timeline(), fresh=True)
    async with again.run_test(size=(120, 40)) as pilot:
        palette_entry(again, "Open view").run()
        await pilot.pause()
        assert isinstance(again.screen, OpenViewScreen)
        assert again.screen.names == ["Kherson"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(again.screen, MainScreen)
        events = again.main_screen.timeline.events
        assert {events[i].id for i in view_of(again).selected} == selected
        assert again.main_screen.filters.actors == [actor]
        await pilot.press("u")  # opening a view is one step back
        assert not view_of(again).selected and not again.main_screen.filters.active


async def test_named_views_are_off_in_read_only_and_say_so(
    tmp_path: Path, private_state_home: Path
) -> None:
    app = make_app(tmp_path / "corpus", tmp_path / "x", read_only=True, config_dir=False)
    async with app.run_test(size=(120, 40)) as pilot:
        palette_entry(app, "Save view").run()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        messages = [str(n.message) for n in app._notifications]
        assert any("Named views are off: read-only session" in m for m in messages)
    assert list(private_state_home.iterdir()) == []


async def test_open_view_with_none_saved_says_how_to_save(tmp_path: Path) -> None:
    app = make_app(tmp_path / "corpus", tmp_path / "state")
    async with app.run_test(size=(120, 40)) as pilot:
        palette_entry(app, "Open view").run()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("No saved views yet" in str(n.message) for n in app._notifications)


def test_views_file_is_bounded_and_hostile_files_refused(tmp_path: Path) -> None:
    store = SessionStore(tmp_path, [tmp_path / "corpus"])
    store.save_views({"a": NamedView(search="x")})
    assert store.load_views() == {"a": NamedView(search="x")}
    assert stat.S_IMODE((tmp_path / store.views_name).stat().st_mode) == 0o600
    with pytest.raises(SessionError, match="at most"):
        store.save_views({str(i): NamedView() for i in range(MAX_VIEWS + 1)})
    (tmp_path / store.views_name).write_text('{"views": {"a": {"filters": "all"}}}')
    with pytest.raises(SessionError, match="ignored"):
        store.load_views()
    many = {str(i): {} for i in range(MAX_VIEWS + 1)}
    (tmp_path / store.views_name).write_text(json.dumps({"views": many}))
    with pytest.raises(SessionError, match="ignored"):
        store.load_views()
    (tmp_path / store.views_name).write_text(json.dumps({"views": {"x" * 81: {}}}))
    with pytest.raises(SessionError, match="ignored"):
        store.load_views()


def test_view_names_are_one_clean_line() -> None:
    assert view_name("  Kherson \x1b]0;x\x07\n 2022 ") == "Kherson ␛]0;x␇␊ 2022"
    with pytest.raises(ValueError):
        view_name("   ")
    with pytest.raises(ValueError):
        view_name("x" * 81)


# ------------------------------------------------------- large selections


def big_timeline(n: int) -> Timeline:
    """``n`` events with mention ids like the pipeline's (12 hex digits), made fast."""
    base = synthetic_events(200, seed=1)
    events = []
    for i in range(n):
        ident = hashlib.sha1(str(i).encode()).hexdigest()[:12]
        events.append(base[i % len(base)].model_copy(update={"id": ident, "mention_ids": [ident]}))
    return Timeline(events, name="big")


def test_a_selection_of_100000_events_is_saved_and_comes_back(tmp_path: Path) -> None:
    timeline = big_timeline(100_000)
    everything = range(len(timeline.events))
    state = capture(
        timeline, selected=everything, filters=Filters(), search="", cursor=9, theme=None
    )
    store = SessionStore(tmp_path, [tmp_path / "corpus"])
    limit = state_limit(timeline)
    assert store.save(state, limit=limit) is None  # all of it kept
    assert store.path.stat().st_size > MAX_STATE_BYTES  # the old bound could not hold it
    loaded = store.load(limit=limit)
    assert loaded is not None
    selected, cursor, gone = resolve(timeline, loaded)
    assert len(selected) == 100_000 and cursor == 9 and gone == 0
    # Over a bound all the same (here the old one): saved without the selection, and said.
    left_out = store.save(state)
    assert left_out is not None and "without its selection of 100000 events" in left_out
    assert store.load() == state.model_copy(update={"selected": []})


def test_the_bound_follows_the_corpus_and_refuses_what_is_over_it(tmp_path: Path) -> None:
    small, big = make_timeline(20), big_timeline(5_000)
    assert MAX_STATE_BYTES < state_limit(small) < MAX_STATE_BYTES + 20 * 40
    # About 18 bytes an event: what a selection of every event takes, and not more.
    assert 15 * 5_000 < state_limit(big) - MAX_STATE_BYTES < 20 * 5_000
    assert views_limit(big) - MAX_STATE_BYTES == VIEW_SELECTIONS * (
        state_limit(big) - MAX_STATE_BYTES
    )
    store = SessionStore(tmp_path, [tmp_path / "corpus"])
    padded = b'{"search": "' + b"x" * (state_limit(small) - 13) + b'"}'
    store.path.write_bytes(padded)
    assert len(padded) > state_limit(small)
    with pytest.raises(SessionError, match=r"larger than 1\.0 MB, the bound for this corpus"):
        store.load(limit=state_limit(small))
    loaded = store.load(limit=state_limit(big))  # a bigger corpus's bound takes it
    assert loaded is not None and len(loaded.search) == len(padded) - 14
    store.path.write_bytes(b'{"selected": [' + b'["x"],' * 20_000 + b"7]}")
    with pytest.raises(SessionError, match="not a saved session"):
        store.load(limit=state_limit(big))  # within the bound, still checked


def test_views_over_their_bound_are_not_written_and_say_what_to_do(tmp_path: Path) -> None:
    timeline = big_timeline(2_000)
    every = capture(
        timeline, selected=range(2_000), filters=Filters(), search="", cursor=None, theme=None
    ).selected
    store = SessionStore(tmp_path, [tmp_path / "corpus"])
    limit = views_limit(timeline)
    fits = {str(i): NamedView(selected=every) for i in range(VIEW_SELECTIONS)}
    store.save_views(fits, limit=limit)
    assert store.load_views(limit=limit) == fits
    # Many whole-corpus selections in a small corpus: over even the 1 MB for the rest.
    too_many = {str(i): NamedView(selected=every) for i in range(40)}
    with pytest.raises(SessionError, match=r"not saved \(delete a view with a large selection"):
        store.save_views(too_many, limit=limit)
    assert store.load_views(limit=limit) == fits  # the file is as it was


def test_view_events_are_what_e_exports_with_the_view_open() -> None:
    timeline = make_timeline()
    actor = first_actor(timeline)
    shown = timeline.filter_indices(Filters(actors=[actor]))
    hidden = next(i for i in range(len(timeline.events)) if i not in shown)
    state = capture(
        timeline, selected={shown[2], shown[0], hidden}, filters=Filters(), search="",
        cursor=None, theme=None,
    )  # fmt: skip
    view = NamedView(filters=Filters(actors=[actor]), search="zzz", selected=state.selected)
    found = view_events(timeline, view)
    assert found.indices == [shown[0], shown[2]] and found.selected
    assert found.hidden == 1 and found.gone == 0
    # Only the hidden one selected: every event the filters show (as e does), the search
    # filtering nothing.
    hidden_ids = list(timeline.events[hidden].mention_ids) or [timeline.events[hidden].id]
    only_hidden = view.model_copy(update={"selected": [hidden_ids]})
    found = view_events(timeline, only_hidden)
    assert found.indices == shown and not found.selected and found.hidden == 1
    gone = view.model_copy(update={"selected": [["nowhere"]]})
    assert view_events(timeline, gone).gone == 1
