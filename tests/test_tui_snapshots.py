"""Snapshot tests of the TUI on the bundled seed corpus (pytest-textual-snapshot).

Regenerate after an intended visual change with::

    python -m pytest tests/test_tui_snapshots.py --snapshot-update

Everything that could vary between runs is pinned: the export dialog's date is injected
(`ConflictApp(today=...)`) and its folder comes from the config, Input cursors do not blink,
and the corpus is built once, before the app starts.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from timeline.config import Config, ExportConfig
from timeline.pipeline import build_timeline
from timeline.timeline import Timeline
from tui.app import ConflictApp
from tui.widgets.timeline_view import TimelineView

SMALL, LARGE = (80, 24), (120, 40)


@cache
def seed() -> Timeline:
    return build_timeline([])


def seed_app() -> ConflictApp:
    config = Config(export=ExportConfig(directory=Path("/exports"), format="json"))
    return ConflictApp(seed(), config=config, today=lambda: date(2024, 1, 2))


async def no_blink(pilot: Pilot) -> None:
    """Stop every Input cursor blinking, so a snapshot cannot catch it half-way."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def go_to_label(pilot: Pilot, label: str) -> None:
    await pilot.pause()  # run_before can start before the screen has composed
    view = pilot.app.screen.query_one(TimelineView)
    for _ in range(len(view.rows)):
        if view.current_event is not None and view.current_event.label == label:
            break
        await pilot.press("j")
    assert view.current_event is not None and view.current_event.label == label
    await pilot.pause()


def test_main_screen_80x24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(seed_app(), terminal_size=SMALL)


def test_main_screen_120x40(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(seed_app(), terminal_size=LARGE)


def test_detail_of_the_12_13_september_2022_event(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await go_to_label(pilot, "12–13 Sep 2022")

    assert snap_compare(seed_app(), terminal_size=LARGE, run_before=run_before)


def test_detail_at_80x24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await go_to_label(pilot, "12–13 Sep 2022")

    assert snap_compare(seed_app(), terminal_size=SMALL, run_before=run_before)


def test_help_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()  # run_before can start before the screen has composed
        await pilot.press("question_mark")

    assert snap_compare(seed_app(), terminal_size=LARGE, run_before=run_before)


def test_export_dialog(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()  # run_before can start before the screen has composed
        await pilot.press("space", "space", "e")
        await no_blink(pilot)

    assert snap_compare(seed_app(), terminal_size=SMALL, run_before=run_before)


def test_search_hits(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()  # run_before can start before the screen has composed
        await pilot.press("slash", *"pashinyan", "enter")
        await pilot.pause()

    assert snap_compare(seed_app(), terminal_size=LARGE, run_before=run_before)


def test_terminal_too_small(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(seed_app(), terminal_size=(40, 10))


def test_reader_at_80x24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await go_to_label(pilot, "12–13 Sep 2022")
        await pilot.press("r")
        await pilot.pause()

    assert snap_compare(seed_app(), terminal_size=SMALL, run_before=run_before)


def test_chart_at_80x24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await go_to_label(pilot, "12–13 Sep 2022")
        await pilot.press("c")
        await pilot.pause()

    assert snap_compare(seed_app(), terminal_size=SMALL, run_before=run_before)
