"""While a cold corpus loads, the events read so far are shown (issue 12: "the first screen
is usable while a cold corpus is still loading"): `tui.preview.LoadPreview` and the screen."""

from __future__ import annotations

from pathlib import Path

import pytest

import tui.preview
from tests.conftest import wait_loaded
from timeline.config import Config
from timeline.models import Document
from timeline.synthetic import synthetic_events
from timeline.timeline import Timeline
from tui.app import ConflictApp
from tui.preview import LoadPreview
from tui.screens.main import MainScreen


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def document(n: int) -> Document:
    return Document(id=f"d{n}", title=f"Doc {n}", path=f"d{n}.txt", text="x")


def test_a_preview_at_most_once_a_second_with_everything_read_so_far() -> None:
    shown: list[Timeline] = []
    clock = Clock()
    preview = LoadPreview(shown.append, name="corpus", clock=clock)
    events = synthetic_events(30, seed=3)
    preview(document(0), events[:10], (), False)
    assert shown == []  # before the first second
    clock.now = 1.0
    preview(document(1), events[10:20], (), False)
    clock.now = 1.5
    preview(document(2), events[20:], (), False)  # half a second after the last: waits
    assert len(shown) == 1
    assert len(shown[0].events) == 20 and [d.id for d in shown[0].documents] == ["d0", "d1"]
    assert shown[0].name == "corpus"
    clock.now = 2.0
    preview(document(3), [], (), False)
    assert len(shown) == 2 and len(shown[1].events) == 30
    # Each preview is its own copy: the next one does not change what was shown.
    assert len(shown[0].events) == 20


def test_a_load_from_the_store_shows_no_preview() -> None:
    shown: list[Timeline] = []
    clock = Clock()
    preview = LoadPreview(shown.append, clock=clock)
    events = synthetic_events(10, seed=4)
    preview(document(0), events[:5], (), True)  # from the store: a reopen or an update
    clock.now = 5.0
    preview(document(1), events[5:], (), False)
    assert shown == [] and preview.stopped


def test_a_slow_preview_spaces_the_next_out() -> None:
    """Previews cost at most a twentieth of the loading time: one that takes 0.2 s to make
    and show is followed by the next 4 s later, not 1 s."""
    clock = Clock()
    shown: list[Timeline] = []

    def slow(timeline: Timeline) -> None:
        shown.append(timeline)
        clock.now += 0.2

    preview = LoadPreview(slow, clock=clock)
    events = synthetic_events(10, seed=5)
    clock.now = 1.0
    preview(document(0), events[:5], (), False)
    assert len(shown) == 1  # at 1.0, done at 1.2
    clock.now = 4.0
    preview(document(1), events[5:8], (), False)
    assert len(shown) == 1  # 2.8 s after: too soon
    clock.now = 5.3
    preview(document(2), events[8:], (), False)
    assert len(shown) == 2


ARTICLE = (
    "On {day} May 2022, Russian artillery shelled the village of Posad-{n} near Kharkiv, "
    "killing {n} civilians, Ukrainian officials said.\n"
)


async def test_the_rows_read_so_far_can_be_moved_in_and_the_move_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(1, 5):
        text = ARTICLE.format(day=n + 1, n=n)
        (folder / f"a{n}.txt").write_text(text, encoding="utf-8")
        (folder / f"a{n}.toml").write_text(f'date = "2022-05-{n + 2:02d}"\n', encoding="utf-8")
    monkeypatch.setattr(tui.preview, "INTERVAL", 0.0)  # a preview after every document,
    monkeypatch.setattr(tui.preview, "SHARE", 1e9)  # however long each takes
    seen: list[tuple[int, bool, bool, str]] = []
    original = MainScreen.show_preview

    def watched(screen: MainScreen, timeline: Timeline) -> None:
        original(screen, timeline)
        view = screen.view
        status = str(screen.query_one("#status").render())
        seen.append((len(timeline.events), screen.has_class("-preview"), view.display, status))
        view.show_event(len(timeline.events) - 1)  # the user goes to the latest
        view.action_toggle_select()  # and tries to select it: it waits
        assert view.selected == set()

    monkeypatch.setattr(MainScreen, "show_preview", watched)
    app = ConflictApp([folder], config=Config(), store=None, jobs=1, fresh=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.main_screen
        await wait_loaded(pilot, screen)
        assert not screen.is_loading
        assert [count for count, *_ in seen] == [1, 2, 3, 4]
        assert all(preview and shown for _, preview, shown, _ in seen)
        assert "loading… 2 so far" in seen[1][3]
        assert not screen.has_class("-preview") and screen.view.selectable
        events = screen.timeline.events
        assert len(events) == 4
        # The cursor stayed where the user took it: the latest read (5 May, Posad-4).
        current = screen.view.current_event
        assert current is not None and "Posad-4" in current.headline
        await pilot.press("space")
        assert screen.view.selected == {events.index(current)}
        assert any("selecting waits" in n.message for n in app._notifications)


async def test_what_is_alive_once_the_timeline_is_shown_is_frozen(tmp_path: Path) -> None:
    """Full collections would otherwise walk the timeline and every widget: 50-80 ms even
    for the seed, a keypress's frame every few seconds."""
    import gc

    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE.format(day=3, n=1), encoding="utf-8")
    app = ConflictApp([folder], config=Config(), store=None, jobs=1, fresh=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.main_screen
        await wait_loaded(pilot, screen)
        await pilot.pause()
        assert gc.get_freeze_count() > 0
