"""Pilot tests of the TUI: keys, filters, search, selection, export, help, resizing.

They drive `ConflictApp` headless through `App.run_test` on deterministic synthetic events
(`timeline.synthetic`), plus the seed corpus where the pipeline is needed.
"""

from __future__ import annotations

import json
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from rich.style import Style
from textual import events
from textual.widgets import Button, Input, Label, SelectionList, Static

from timeline.config import Config, ExportConfig
from timeline.export import FORMATS
from timeline.models import (
    ActorKind,
    AnchorKind,
    DocumentRef,
    Event,
    Sentence,
    TimeAnchor,
    TimeExpression,
    TimeKind,
    UndatedExpression,
)
from timeline.synthetic import synthetic_events
from timeline.timeline import Timeline
from tui.app import ConflictApp
from tui.commands import TimelineCommands
from tui.screens.context import ContextScreen
from tui.screens.export import ExportScreen
from tui.screens.filters import ActorFilterScreen, TimeFilterScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.widgets.chart import ChartView
from tui.widgets.detail import DetailPane
from tui.widgets.overview import Overview, column_of, density, year_labels
from tui.widgets.timeline_view import UNDATED_BASE, TimelineView

SMALL, LARGE = (80, 24), (120, 40)
TODAY = date(2024, 1, 2)


def undated_expression() -> UndatedExpression:
    text = "Clashes continued yesterday near the border."
    return UndatedExpression(
        expression=TimeExpression(
            text="yesterday", start=17, end=26, value="PAST_REF", kind=TimeKind.DATE
        ),
        document=DocumentRef(id="u1", title="An undated wire", path="u.txt"),
        sentence=Sentence(text=text, start=0, end=len(text)),
    )


def make_timeline(n: int = 60) -> Timeline:
    return Timeline(synthetic_events(n, seed=1), undated=[undated_expression()], name="synthetic")


def make_app(
    n: int = 60, *, export_dir: Path | None = None, keys: dict[str, str] | None = None
) -> ConflictApp:
    config = Config(export=ExportConfig(directory=export_dir, format="json"), keys=keys or {})
    return ConflictApp(make_timeline(n), config=config, today=lambda: TODAY)


def view_of(app: ConflictApp) -> TimelineView:
    return app.main_screen.query_one(TimelineView)


def status_of(app: ConflictApp) -> str:
    return str(app.main_screen.query_one("#status", Static).render())


def screen_text(app: ConflictApp) -> str:
    """What the terminal shows now, as plain text, one line per row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


# ---------------------------------------------------------------- layout & startup


@pytest.mark.parametrize("size", [SMALL, LARGE])
async def test_opens_on_the_first_event_with_header_and_detail(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        view = view_of(app)
        assert view.current_event_index == 0
        assert "61 of" not in status_of(app)
        assert "60 of 60 events" in status_of(app)
        assert "1 undated" in status_of(app)
        detail = str(app.main_screen.query_one("#detail-body", Static).render())
        assert view.current_event is not None
        assert view.current_event.label in detail
        assert view.current_event.sentences[0].text[:30] in detail.replace("\n", " ")
        # No widget per row: the whole screen is a few dozen widgets for any corpus size.
        assert len(app.screen.query("*")) < 60


async def test_layout_stacks_at_80x24_and_sits_side_by_side_at_120x40() -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        timeline = app.main_screen.query_one("#timeline").region
        detail = app.main_screen.query_one("#detail").region
        assert detail.x >= timeline.right  # side by side
        assert view_of(app).heading_mode == "year"
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        timeline = app.main_screen.query_one("#timeline").region
        detail = app.main_screen.query_one("#detail").region
        assert detail.y >= timeline.bottom  # stacked
        assert timeline.width == detail.width == 80
        # A short pane over a corpus spanning decades groups by decade.
        assert view_of(app).heading_mode == "decade"
        headings = [h.label for h in view_of(app).headings]
        decades = sorted({f"{e.start.year // 10 * 10}s" for e in app.main_screen.timeline.events})
        assert headings == [*decades, "Undated"]


async def test_too_small_terminal_shows_a_message_and_recovers() -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        message = app.main_screen.query_one("#too-small", Static)
        assert message.display
        assert "too small" in str(message.render())
        assert "60×16" in str(message.render())
        assert not app.main_screen.query_one("#main").display
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        assert not message.display
        assert app.main_screen.query_one("#main").display


@pytest.mark.parametrize("pane", ["timeline", "detail"])
async def test_focus_comes_back_after_the_terminal_was_too_small(pane: str) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        view = view_of(app)
        if pane == "detail":
            await pilot.press("tab")
        focused = app.main_screen.query_one(f"#{pane}")
        assert app.focused is focused
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        # The pane that had the focus has it again: the cursor row shows, the keys work.
        assert app.focused is focused
        if pane == "detail":
            await pilot.press("tab")
        await pilot.press("j", "space")
        assert view.current_event_index == 2
        assert view.selected == {1}


async def test_undated_expressions_form_the_last_group() -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        view = view_of(app)
        await pilot.press("G")
        assert view.rows[-1] == UNDATED_BASE
        assert view.headings[-1].label == "Undated"
        assert view.current_undated is not None
        detail = str(app.main_screen.query_one("#detail-body", Static).render())
        assert "Undated" in detail and "yesterday" in detail


async def test_detail_pane_follows_the_cursor_through_short_and_long_events() -> None:
    """The detail body skips the layout pass when its height stays (bytes over SSH); its
    height, scroll range and scrollbar must still be what a full layout would make."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        view = view_of(app)
        pane = app.main_screen.query_one(DetailPane)
        body = pane.query_one("#detail-body", Static)

        def geometry() -> tuple[int, int, int, bool]:
            return (
                body.size.height,
                pane.virtual_size.height,
                pane.max_scroll_y,
                pane.vertical_scrollbar.display and pane.show_vertical_scrollbar,
            )

        async def shown(text: str) -> tuple[int, int, int, bool]:
            await pilot.pause()
            assert " ".join(text.split("\n")) in str(body.render())
            seen = geometry()
            body.refresh(layout=True)  # what a full layout makes of the same content
            await pilot.pause()
            assert geometry() == seen
            return seen

        heights = []
        for _ in range(12):
            event = view.current_event
            assert event is not None
            heights.append((await shown(event.sentences[0].text))[0])
            await pilot.press("j")
        assert len(set(heights)) > 1  # taller and shorter details
        assert any(a == b for a, b in pairwise(heights))  # and same-height steps
        await pilot.press("G")  # the undated group: a detail short enough for no scrollbar
        undated = view.current_undated
        assert undated is not None
        short = await shown(undated.sentence.text)
        assert short[2] == 0 and not short[3]
        await pilot.press("k")
        event = view.current_event
        assert event is not None
        long = await shown(event.sentences[0].text)
        assert long[0] > pane.scrollable_content_region.height and long[2] > 0 and long[3]


async def test_detail_pane_lays_out_once_and_still_scrolls_and_resizes() -> None:
    """A detail of a new height costs one layout pass, not two (the second, asked for by
    `virtual_size`, repainted the pane again: bytes over SSH); the pane still wraps at its
    width after a resize, and scrolls with the keyboard and the mouse wheel."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.main_screen
        pane = screen.query_one(DetailPane)
        body = pane.query_one("#detail-body", Static)
        passes = 0
        relayout = screen._refresh_layout

        def counting(*args: object, **kwargs: object) -> None:
            # Only full layout passes count. When the timeline scrolls, Textual also reflows
            # the visible widgets through this method (scroll=True, no layout asked for):
            # folded into the layout pass when both fall in one frame, a call of its own
            # when a slow machine puts them in two frames.
            nonlocal passes
            if screen._layout_required:
                passes += 1
            relayout(*args, **kwargs)  # type: ignore[arg-type]

        screen._refresh_layout = counting  # type: ignore[method-assign]
        counted: list[int] = []
        for _ in range(12):
            before, passes, had_bar = body.size.height, 0, pane.show_vertical_scrollbar
            await pilot.press("j")
            await pilot.pause()
            await pilot.pause()
            # A scrollbar appearing or vanishing lays the screen out again, on purpose.
            if body.size.height != before and had_bar and pane.show_vertical_scrollbar:
                counted.append(passes)
        assert counted  # the seed has details of different heights, each with a scrollbar
        # The second pass `virtual_size` asked for came at every new height; a slow machine
        # can also split one key's work over two frames now and then (CI, under load, saw
        # 2 at one step). So: some new height took exactly one pass.
        assert min(counted) == 1, counted
        screen._refresh_layout = relayout  # type: ignore[method-assign]

        def geometry() -> tuple[int, int, int, int]:
            return (body.size.width, body.size.height, pane.virtual_size.height, pane.max_scroll_y)

        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        narrow = geometry()
        body.refresh(layout=True)
        await pilot.pause()
        assert geometry() == narrow and narrow[0] < 77
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        assert pane.max_scroll_y > 0
        await pilot.press("tab")
        assert app.focused is pane
        await pilot.press("down")
        assert pane.scroll_y == 1
        await pilot.press("pagedown")
        assert pane.scroll_y == pane.max_scroll_y or pane.scroll_y > 1
        await pilot.press("home")
        assert pane.scroll_y == 0
        pane.post_message(events.MouseScrollDown(pane, 2, 2, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert pane.scroll_y > 0


# -------------------------------------------------------------------- navigation


async def test_j_and_k_scroll_the_detail_pane_when_it_has_focus() -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        view = view_of(app)
        detail = app.main_screen.query_one(DetailPane)
        await pilot.pause()
        assert detail.max_scroll_y > 2  # the detail is taller than its pane at 80x24
        await pilot.press("tab")
        assert app.focused is detail
        await pilot.press("j", "j")
        await pilot.pause()
        assert detail.scroll_offset.y == 2
        assert view.current_event_index == 0  # the list's cursor stays
        await pilot.press("k")
        await pilot.pause()
        assert detail.scroll_offset.y == 1


async def test_cursor_keys_page_and_ends() -> None:
    app = make_app(200)
    async with app.run_test(size=SMALL) as pilot:
        view = view_of(app)
        await pilot.press("j", "j", "down")
        assert view.current_event_index == 3
        await pilot.press("k", "up")
        assert view.current_event_index == 1
        await pilot.press("pagedown")
        after_page = view.current_event_index
        assert after_page is not None and after_page >= 1 + view.page_height - 3
        await pilot.press("pageup")
        assert view.current_event_index is not None and view.current_event_index <= 2
        await pilot.press("G")
        assert view.current_undated is not None
        await pilot.press("k")
        assert view.current_event_index == 199
        await pilot.press("g")
        assert view.current_event_index == 0
        await pilot.press("end", "home")
        assert view.current_event_index == 0
        # The cursor row is always on screen.
        await pilot.press(*["pagedown"] * 5)
        top = view.scroll_offset.y
        assert top <= view.cursor_row < top + view.page_height


async def test_year_and_decade_jumps() -> None:
    app = make_app(200)
    async with app.run_test(size=LARGE) as pilot:
        view = view_of(app)
        events = app.main_screen.timeline.events
        years = sorted({e.start.year for e in events})
        await pilot.press("right_square_bracket")
        assert view.current_event is not None
        assert view.current_event.start.year == years[1]
        # It lands on the first event of that year, its heading visible above it.
        index = view.current_event_index
        assert index is not None and events[index - 1].start.year == years[0]
        assert view.rows[view.cursor_row - 1] < 0
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert view.current_event.start.year == years[3]
        await pilot.press("left_square_bracket")
        assert view.current_event.start.year == years[2]
        await pilot.press("g", "right_curly_bracket")
        assert view.current_event.start.year == min(y for y in years if y >= 1990)
        await pilot.press("right_curly_bracket")
        assert view.current_event.start.year == min(y for y in years if y >= 2000)
        await pilot.press("left_curly_bracket")
        assert view.current_event.start.year == min(y for y in years if y >= 1990)


def first_on_or_after(app: ConflictApp, day: date) -> int:
    """The index of the first shown event starting on or after ``day``."""
    events = app.main_screen.timeline.events
    return next(i for i in view_of(app).shown if events[i].start >= day)


async def test_d_goes_to_a_typed_date() -> None:
    app = make_app(200)
    async with app.run_test(size=SMALL) as pilot:
        view = view_of(app)
        await pilot.press("d", *"2010", "enter")
        assert isinstance(app.screen, MainScreen)
        assert view.current_event_index == first_on_or_after(app, date(2010, 1, 1))
        await pilot.press("d", *"8 May 1992", "enter")
        assert view.current_event_index == first_on_or_after(app, date(1992, 5, 8))
        await pilot.press("d", *"1992-13", "enter")  # refused in place, the dialog stays
        error = app.screen.query_one("#error", Label)
        assert error.display and "1992-13" in str(error.render())
        await pilot.press("ctrl+c")
        await pilot.press("d", *"2100", "enter")  # past the last event: there, and said so
        assert view.current_event_index == view.shown[-1]
        assert any("No event shown on or after" in n.message for n in app._notifications)


async def test_clicking_the_overview_axis_goes_to_that_time() -> None:
    app = make_app(200)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        view = view_of(app)
        overview = app.main_screen.query_one(Overview)
        first, last = overview._axis()  # type: ignore[misc]
        width = overview.content_region.width
        column = width // 2
        await pilot.click(Overview, offset=(column, 0))
        await pilot.pause()
        event = view.current_event
        assert event is not None
        # The first event drawn at or after the clicked column.
        expected = next(
            i
            for i in view.shown
            if column_of(app.main_screen.timeline.events[i].start, first, last, width) >= column
        )
        assert view.current_event_index == expected
        assert app.focused is view


def test_go_to_date_reads_years_months_and_written_dates() -> None:
    from timeline.timeline import FilterError
    from tui.screens.goto import parse_goto

    assert parse_goto("1992") == date(1992, 1, 1)
    assert parse_goto(" 1992-05 ") == date(1992, 5, 1)
    assert parse_goto("1992-05-08") == date(1992, 5, 8)
    assert parse_goto("8 May 1992") == date(1992, 5, 8)
    assert parse_goto("May 8, 1992") == date(1992, 5, 8)
    assert parse_goto("Sep 2022") == date(2022, 9, 1)
    for bad in ("", "yesterday", "1992-13", "32 May 1992"):
        with pytest.raises(FilterError):
            parse_goto(bad)


async def test_tab_switches_panes_and_enter_opens_the_context() -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        assert app.focused is view_of(app)
        await pilot.press("tab")
        assert app.focused is app.main_screen.query_one("#detail")
        await pilot.press("tab")
        assert app.focused is view_of(app)
        await pilot.press("enter")
        assert isinstance(app.screen, ContextScreen)
        text = str(app.screen.query_one("#context-text", Static).render())
        event = view_of(app).current_event
        assert event is not None and event.paragraph is not None
        assert event.paragraph.text in text
        await pilot.press("q")
        assert isinstance(app.screen, MainScreen)


async def test_mouse_click_moves_the_cursor() -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        view = view_of(app)
        target = next(row for row in range(3, 20) if view.rows[row] >= 0)
        await pilot.click(TimelineView, offset=(10, target))
        await pilot.pause()
        assert view.cursor_row == target
        assert view.current_event_index == view.rows[target]


# ------------------------------------------------------------------------ search


async def test_incremental_search_with_n_and_shift_n() -> None:
    app = make_app(200)
    async with app.run_test(size=LARGE) as pilot:
        view = view_of(app)
        timeline = app.main_screen.timeline
        await pilot.press("slash")
        bar = app.main_screen.query_one("#search-bar", Input)
        assert bar.display and app.focused is bar
        await pilot.press(*"goris")
        expected = [i for i in range(len(timeline.events)) if timeline.matches(i, "goris")]
        assert expected and len(view.hits) == len(expected)
        assert view.current_event_index == expected[0]
        await pilot.press("enter")
        assert app.focused is view
        assert f"1/{len(expected)} hits" in status_of(app)
        await pilot.press("n")
        assert view.current_event_index == expected[1]
        await pilot.press("n", "N")
        assert view.current_event_index == expected[1]
        await pilot.press("N", "N")  # wraps around to the last hit
        assert view.current_event_index == expected[-1]
        # The hit is highlighted in the row (a marker in the gutter).
        assert "•" in view.render_line(view.cursor_row - view.scroll_offset.y).text
        await pilot.press("escape")
        assert not bar.display
        assert view.search == "" and view.hits == []


def hit_words(app: ConflictApp) -> list[str]:
    """The words the detail pane draws as search hits (in reverse video: no colour needed)."""
    text = app.main_screen.query_one(DetailPane).text
    return [
        text.plain[span.start : span.end]
        for span in text.spans
        if isinstance(span.style, Style) and span.style.reverse
    ]


async def test_search_hits_are_highlighted_in_the_detail_sentences() -> None:
    app = make_app(200)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.press("slash", *"goris")
        event = view_of(app).current_event
        assert event is not None
        in_sentences = sum(s.text.casefold().count("goris") for s in event.sentences)
        assert in_sentences
        hits = hit_words(app)
        assert len(hits) >= in_sentences
        assert {hit.casefold() for hit in hits} == {"goris"}
        await pilot.press("enter", "n")  # the next hit's event, highlighted too
        assert {hit.casefold() for hit in hit_words(app)} == {"goris"}
        await pilot.press("escape")  # the search cleared: no highlight left
        assert hit_words(app) == []


async def test_status_bar_keeps_the_search_whole_at_80_columns() -> None:
    name = "Reports from the southern front, collected by the night desk"
    timeline = Timeline(synthetic_events(200, seed=1), undated=[undated_expression()], name=name)
    app = ConflictApp(timeline, config=Config(), today=lambda: TODAY)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f", "space", "down", "space", "down", "space", "enter")
        await pilot.press("space", "space")
        await pilot.press("slash", *"ceasefire", "enter")
        view = view_of(app)
        assert view.hits
        status = app.main_screen.query_one("#status", Static)
        shown = screen_text(app).splitlines()[0]
        # What the bar shows within its 80 columns: the search whole, hits and selection.
        assert f"/ceasefire {view.hit_position}/{len(view.hits)} hits" in shown
        assert "2 selected" in shown
        corpus = shown.split("│")[0].strip()
        assert corpus.startswith("Reports") and corpus.endswith("…")  # shortened, not dropped
        # The line fits: nothing is cut off at the right edge by the bar's own ellipsis.
        assert status.render_line(0).text.rstrip().endswith("selected")


async def test_search_matches_undated_sentences_too() -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await pilot.press("slash", *"border", "enter")
        view = view_of(app)
        assert view.current_undated is not None


# ----------------------------------------------------------------------- filters


async def test_actor_filter_and_clearing() -> None:
    app = make_app(200)
    async with app.run_test(size=SMALL) as pilot:
        view = view_of(app)
        counts = app.main_screen.timeline.actor_counts()
        await pilot.press("f")
        assert isinstance(app.screen, ActorFilterScreen)
        # Tick the two most frequent actors (space ticks, down moves), enter applies.
        await pilot.press("space", "down", "space", "enter")
        assert isinstance(app.screen, MainScreen)
        wanted = {counts[0][0], counts[1][0]}
        assert app.main_screen.filters.actors == [counts[0][0], counts[1][0]]
        shown = view.shown_events
        assert shown and all(wanted & {a.name for a in e.actors} for e in shown)
        assert len(shown) == len(
            [e for e in app.main_screen.timeline.events if wanted & {a.name for a in e.actors}]
        )
        assert f"{len(shown)} of 200 events" in status_of(app)
        assert counts[0][0] in status_of(app)
        assert view.headings[-1].label != "Undated"  # undated have no actors to match
        await pilot.press("x")
        assert len(view.shown) == 200
        assert app.main_screen.filters.actors == []


async def test_actor_picker_finds_as_you_type_and_keeps_ticks_out_of_sight() -> None:
    app = make_app(200)
    async with app.run_test(size=SMALL) as pilot:
        names = [name for name, _, _ in app.main_screen.timeline.actor_counts()]
        await pilot.press("f", "space")  # tick the first, "Azerbaijani Armed Forces"
        dialog = app.screen
        options = dialog.query_one(SelectionList)
        # "/" goes to the find field; each letter narrows the list.
        await pilot.press("slash", *"armen")
        expected = [name for name in names if "armen" in name.casefold()]
        assert 0 < len(expected) < len(names)
        assert options.option_count == len(expected)
        assert [options.get_option_at_index(i).value for i in range(len(expected))] == expected
        assert names[0] not in expected  # the tick made before is out of sight, not lost
        await pilot.press("down", "space")  # into the list: tick the first match
        await pilot.press("slash", "ctrl+u")  # the whole list again, both ticks on it
        assert options.option_count == len(names)
        assert set(options.selected) == {names[0], expected[0]}
        await pilot.press("slash", *"zzz")
        assert options.option_count == 0
        assert "No actor matches" in str(dialog.query_one(".dialog-hint", Label).render())
        await pilot.press("down", "enter")
        assert isinstance(app.screen, MainScreen)
        assert app.main_screen.filters.actors == [names[0], expected[0]]


def actor_prompts(counts: list[tuple[str, ActorKind, int]]) -> list[str]:
    return [f"{name}  ({kind.value.replace('_', ' ')}, {n})" for name, kind, n in counts]


def listed_prompts(listed: SelectionList) -> list[str]:
    return [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]


async def test_the_actor_dialog_is_kept_and_reopens_as_new() -> None:
    # Kept between openings (building it was most of an opening's time): each opening
    # shows what a new one would, whatever the last one left (ticks, a find, the cursor).
    app = make_app(200)
    async with app.run_test(size=SMALL) as pilot:
        screen = app.main_screen
        counts = screen.timeline.actor_counts()
        names = [name for name, _, _ in counts]
        await pilot.press("f", "down", "space", "slash", *"armen")
        dialog = app.screen
        assert isinstance(dialog, ActorFilterScreen)
        assert dialog.query_one(SelectionList).option_count < len(names)
        await pilot.press("ctrl+c")  # cancelled: nothing applied
        assert app.screen is screen and screen.filters.actors == []
        await pilot.press("f")
        assert app.screen is dialog  # the same screen again
        listed = dialog.query_one(SelectionList)
        assert dialog.query_one("#find", Input).value == ""
        assert listed_prompts(listed) == actor_prompts(counts)
        assert listed.selected == [] and listed.highlighted == 0
        assert dialog.focused is listed
        assert "space ticks" in str(dialog.query_one(".dialog-hint", Label).render())
        screen.action_filter_actors()  # asked again while open (the palette): no second push
        assert app.screen is dialog and app.screen_stack.count(dialog) == 1
        await pilot.press("space", "enter")  # the first actor, the tick where the cursor is
        assert screen.filters.actors == [names[0]]
        await pilot.press("f")
        assert app.screen is dialog and listed.selected == [names[0]]
        assert listed.render_line(0).text.startswith("[x]")
        await pilot.press("escape")
        # Another corpus: the kept dialog lists its actors and counts.
        other = Timeline(synthetic_events(30, seed=5))
        screen.set_timeline(other)
        await pilot.pause()
        await pilot.press("f")
        assert app.screen is dialog
        assert listed_prompts(listed) == actor_prompts(other.actor_counts())
        assert other.actor_counts() != counts


async def test_time_dialog_shows_the_current_filter() -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("t")
        now = app.screen.query_one("#current", Label)
        assert str(now.render()) == "Now: all time"
        await pilot.press(*"2000..2005", "enter", "t")
        now = app.screen.query_one("#current", Label)
        assert str(now.render()) == "Now: 2000..2005"
        await pilot.press("ctrl+u", *"19")  # still shown while a new range is typed
        assert str(now.render()) == "Now: 2000..2005"


async def test_keys_with_nothing_to_do_say_so() -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        view = view_of(app)

        async def said(*keys: str) -> str:
            app.clear_notifications()
            await pilot.press(*keys)
            await pilot.pause()
            return " ".join(n.message for n in app._notifications)

        assert "without problems" in await said("p")
        assert "No search" in await said("n")
        assert "No search" in await said("N")
        assert "No filters" in await said("x")
        assert "Nothing is selected" in await said("A")
        await pilot.press("G")
        assert "last decade" in await said("right_curly_bracket")
        assert "last year" in await said("right_square_bracket")
        await pilot.press("g")
        assert view.cursor_row == view._first_item_row()
        assert "first decade" in await said("left_curly_bracket")
        assert "first year" in await said("left_square_bracket")
        # The footer still offers only keys that do something now.
        footer_keys = set(app.screen.active_bindings)
        assert not {"n", "x", "p", "A"} & footer_keys
        assert "space" in footer_keys


async def test_actor_filter_cancel_keeps_the_filters() -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f", "space", "q")
        assert isinstance(app.screen, MainScreen)
        assert app.main_screen.filters.actors == []
        await pilot.press("f")
        await pilot.click("#cancel")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("f", "ctrl+c")  # ctrl+c closes a dialog rather than quitting
        assert isinstance(app.screen, MainScreen)
        assert app.is_running


async def test_time_filter_range_error_and_clear() -> None:
    app = make_app(200)
    async with app.run_test(size=SMALL) as pilot:
        view = view_of(app)
        await pilot.press("t")
        assert isinstance(app.screen, TimeFilterScreen)
        await pilot.press(*"1992..1994", "enter")
        assert isinstance(app.screen, MainScreen)
        shown = view.shown_events
        assert shown
        assert all(e.end >= date(1992, 1, 1) and e.start <= date(1994, 12, 31) for e in shown)
        assert "filter 1992..1994" in status_of(app)
        # Reopened, the dialog shows the range as it was typed, not as day bounds.
        await pilot.press("t")
        field = app.screen.query_one("#range", Input)
        assert field.value == "1992..1994"
        # A bad range is explained and the dialog stays open with what was typed.
        field.value = "19x2"
        await pilot.press("enter")
        assert isinstance(app.screen, TimeFilterScreen)
        error = app.screen.query_one("#error", Label)
        assert error.display and "19x2" in str(error.render())
        assert field.value == "19x2"
        field.value = "2022-09"
        await pilot.press("enter")
        assert all(
            e.end >= date(2022, 9, 1) and e.start <= date(2022, 9, 30) for e in view.shown_events
        )
        await pilot.press("x")
        assert len(view.shown) == 200


# --------------------------------------------------------------------- selection


async def test_selection_toggle_all_and_clear() -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        view = view_of(app)
        await pilot.press("space")
        assert view.selected == {0}
        assert view.current_event_index == 1  # space moves on, for quick runs of picks
        assert "1 selected" in status_of(app)
        await pilot.press("k", "space")
        assert view.selected == set()
        await pilot.press("a")
        assert view.selected == set(range(60))
        await pilot.press("A")
        assert view.selected == set()


async def test_u_undoes_and_ctrl_r_redoes_selection_and_filter_changes() -> None:
    app = make_app(200)
    async with app.run_test(size=SMALL) as pilot:
        view = view_of(app)
        screen = app.main_screen
        await pilot.press("u")
        assert any("Nothing to undo" in n.message for n in app._notifications)
        await pilot.press("space", "space", "space")
        await pilot.pause()
        assert view.selected == {0, 1, 2}
        await pilot.press("A")  # a hand-built selection gone at once ...
        await pilot.pause()
        assert view.selected == set()
        await pilot.press("u")  # ... and back
        assert view.selected == {0, 1, 2}
        await pilot.press("ctrl+r")
        assert view.selected == set()
        await pilot.press("u", "u")  # one step further back: the third pick undone
        assert view.selected == {0, 1}
        await pilot.press("t", *"2010..", "enter")
        await pilot.press("f", "space", "enter")
        await pilot.pause()
        filtered = list(view.shown)
        assert screen.filters.actors and screen.filters.start == date(2010, 1, 1)
        await pilot.press("x")
        await pilot.pause()
        assert not screen.filters.active and len(view.shown) == 200
        await pilot.press("u")  # the filters x cleared are back, and what they show
        assert screen.filters.start == date(2010, 1, 1) and screen.filters.actors
        assert view.shown == filtered
        await pilot.press("u")
        assert screen.filters.start == date(2010, 1, 1) and not screen.filters.actors
        await pilot.press("ctrl+r", "ctrl+r")
        assert not screen.filters.active
        await pilot.press("ctrl+r")
        assert any("Nothing to redo" in n.message for n in app._notifications)
        assert view.selected == {0, 1}  # filter steps leave the selection alone


async def test_copy_puts_markdown_of_the_selection_on_the_clipboard() -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        view = view_of(app)
        await pilot.press("y")
        first = view.timeline.events[0]
        assert first.headline in app.clipboard
        assert f"## {first.start.year}" in app.clipboard
        await pilot.press("space", "space", "y")
        copied = app.clipboard
        assert view.timeline.events[0].headline in copied
        assert view.timeline.events[1].headline in copied
        assert view.timeline.events[2].headline not in copied


# ------------------------------------------------------------------------ export


async def open_export(pilot, app: ConflictApp) -> ExportScreen:  # type: ignore[no-untyped-def]
    await pilot.press("e")
    assert isinstance(app.screen, ExportScreen)
    return app.screen


@pytest.mark.parametrize("key", ["e", "f", "v", "t", "question_mark", "enter"])
async def test_q_closes_every_dialog_when_no_text_field_has_focus(key: str) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press(key)
        await pilot.pause()
        dialog = app.screen
        assert not isinstance(dialog, MainScreen)
        if isinstance(app.focused, Input):
            # In a text field q is a letter; tab leaves the field, then q closes.
            await pilot.press("q")
            assert app.screen is dialog
            assert app.focused.value.endswith("q")
            await pilot.press("tab")
            assert not isinstance(app.focused, Input)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_export_refuses_a_file_extension_of_another_format(tmp_path: Path) -> None:
    app = make_app(export_dir=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        dialog = await open_export(pilot, app)
        await pilot.press("right", "right")  # json, jsonl, csv
        assert dialog.query_one("#format").chosen == "csv"  # type: ignore[attr-defined]
        path = dialog.query_one("#path", Input)
        path.value = str(tmp_path / "x.json")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is dialog  # refused, nothing written, the path kept
        assert not (tmp_path / "x.json").exists()
        error = str(dialog.query_one("#error", Label).render())
        assert ".json" in error and "csv" in error
        assert path.value == str(tmp_path / "x.json")
        path.value = str(tmp_path / "x.csv")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        header = FORMATS["csv"].encode([], title="").splitlines()[0]
        assert (tmp_path / "x.csv").read_bytes().splitlines()[0] == header


async def test_a_selection_hidden_by_the_filters_is_not_exported(tmp_path: Path) -> None:
    app = make_app(export_dir=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        view = view_of(app)
        timeline = app.main_screen.timeline
        await pilot.press("space", "space")  # events 0 and 1
        first_year = timeline.events[0].start.year
        later = next(e.start.year for e in timeline.events if e.start.year > first_year + 1)
        # A time filter that hides both selected events and shows others.
        await pilot.press("t", *f"{later}..", "enter")
        assert 0 not in view.shown and 1 not in view.shown and view.shown
        dialog = await open_export(pilot, app)
        title = str(dialog.query_one("#export-title", Label).render())
        assert f"all {len(view.shown)} shown" in title
        assert "2 selected are hidden by the filters" in title
        assert dialog.events == view.shown_events
        await pilot.press("q")
        # One selected event shown: only it is exported, and the hidden one is named.
        await pilot.press("space")
        selected_shown = view.shown[0]
        dialog = await open_export(pilot, app)
        title = str(dialog.query_one("#export-title", Label).render())
        assert "Export the 1 selected event" in title
        assert "2 more selected are hidden by the filters" in title
        assert dialog.events == [timeline.events[selected_shown]]
        await pilot.press("q")
        await pilot.press("y")  # copying follows the same rule
        assert timeline.events[selected_shown].headline in app.clipboard
        assert timeline.events[0].headline not in app.clipboard


async def test_export_writes_the_selection(tmp_path: Path) -> None:
    app = make_app(export_dir=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("space", "space")
        dialog = await open_export(pilot, app)
        path = dialog.query_one("#path", Input)
        assert path.value == str(tmp_path / "synthetic-2024-01-02.json")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        written = json.loads((tmp_path / "synthetic-2024-01-02.json").read_text())
        events = app.main_screen.timeline.events
        assert [e["id"] for e in written] == [events[0].id, events[1].id]
        assert any("Exported 2 events" in n.message for n in app._notifications)


async def test_export_format_choice_shown_events_and_session_memory(tmp_path: Path) -> None:
    app = make_app(export_dir=tmp_path)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.press("t", *"2020", "enter")
        shown = view_of(app).shown_events
        dialog = await open_export(pilot, app)
        buttons = {b.name: b for b in dialog.query("RadioButton")}
        assert set(buttons) == set(FORMATS)  # every format the exporter knows
        await pilot.click(buttons["csv"])
        await pilot.pause()
        path = dialog.query_one("#path", Input)
        assert path.value == str(tmp_path / "synthetic-2024-01-02.csv")
        target = tmp_path / "sub"
        target.mkdir()
        path.value = str(target / "my.csv")
        await pilot.click("#export")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = (target / "my.csv").read_text(encoding="utf-8-sig")
        assert text.startswith("id,start,end")
        assert len(text.strip().splitlines()) == len(shown) + 1
        assert all(e.id in text for e in shown)
        # The dialog remembers the format and the folder for the rest of the session.
        dialog = await open_export(pilot, app)
        assert dialog.format == "csv"
        assert dialog.query_one("#path", Input).value == str(target / "synthetic-2024-01-02.csv")


async def test_export_asks_before_overwriting(tmp_path: Path) -> None:
    existing = tmp_path / "synthetic-2024-01-02.json"
    existing.write_text("old")
    app = make_app(export_dir=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        dialog = await open_export(pilot, app)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is dialog  # still open, asking
        overwrite = dialog.query_one("#overwrite", Button)
        assert overwrite.display
        assert "already exists" in str(dialog.query_one("#error", Label).render())
        assert existing.read_text() == "old"
        await pilot.click("#overwrite")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert len(json.loads(existing.read_text())) == 60


async def test_export_error_keeps_the_dialog_open_and_the_path(tmp_path: Path) -> None:
    app = make_app(export_dir=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        dialog = await open_export(pilot, app)
        path = dialog.query_one("#path", Input)
        bad = str(tmp_path / "missing" / "out.json")
        path.value = bad
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is dialog
        error = dialog.query_one("#error", Label)
        assert error.display and "does not exist" in str(error.render())
        assert path.value == bad
        # A directory is no file name either.
        path.value = str(tmp_path)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is dialog
        assert "directory" in str(error.render())
        # Fixing the path exports, nothing lost.
        path.value = str(tmp_path / "fixed.json")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert len(json.loads((tmp_path / "fixed.json").read_text())) == 60


async def test_read_only_export_stays_in_the_export_directory(tmp_path: Path) -> None:
    config = Config(export=ExportConfig(directory=tmp_path))
    app = ConflictApp(make_timeline(), config=config, read_only=True, today=lambda: TODAY)
    async with app.run_test(size=SMALL) as pilot:
        dialog = await open_export(pilot, app)
        dialog.query_one("#path", Input).value = "/tmp/elsewhere.json"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "Read-only" in str(dialog.query_one("#error", Label).render())


async def test_export_dialog_shows_the_chosen_format_without_colour(tmp_path: Path) -> None:
    app = make_app(export_dir=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        dialog = await open_export(pilot, app)
        choice = dialog.query_one("#format")
        # It opens on the format, with the keys in a hint line.
        assert app.focused is choice
        hints = " ".join(str(label.render()) for label in dialog.query(".dialog-hint"))
        assert "tab" in hints and "enter" in hints
        marks = {b.name: b.render().plain for b in dialog.query("RadioButton")}
        assert marks["json"].startswith("(•)")
        assert all(text.startswith("( )") for name, text in marks.items() if name != "json")
        # The arrows pick: right is the next format, down the one a row below.
        await pilot.press("right")
        assert dialog.format == "jsonl"
        marks = {b.name: b.render().plain for b in dialog.query("RadioButton")}
        assert marks["jsonl"].startswith("(•)") and marks["json"].startswith("( )")
        assert dialog.query_one("#path", Input).value.endswith(".jsonl")
        await pilot.press("down")
        assert dialog.format == list(FORMATS)[4]
        await pilot.press("left", "up")
        assert dialog.format == "json"
        await pilot.press("tab")
        assert app.focused is dialog.query_one("#path", Input)


async def test_export_dialog_title_says_what_is_exported(tmp_path: Path) -> None:
    app = make_app(export_dir=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        dialog = await open_export(pilot, app)
        title = str(dialog.query_one("#export-title", Label).render())
        assert title == "Export all 60 shown events (nothing is selected)"
        await pilot.press("escape")
        await pilot.press("space")
        dialog = await open_export(pilot, app)
        assert str(dialog.query_one("#export-title", Label).render()) == (
            "Export the 1 selected event"
        )


async def test_keys_typed_after_e_pick_the_format_and_export(tmp_path: Path) -> None:
    app = make_app(export_dir=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        target = tmp_path / "synthetic-2024-01-02.jsonl"
        await burst(app, "e right enter")
        await settle(pilot, lambda: target.exists() and isinstance(app.screen, MainScreen))
        assert isinstance(app.screen, MainScreen)
        assert len(target.read_text().splitlines()) == 60
        assert app.export_memory.format == "jsonl"


async def test_a_path_typed_right_after_tab_lands_whole_in_the_file_field(tmp_path: Path) -> None:
    """Tab, ctrl+u and a path typed together (one SSH packet) all reach the File field.

    Tab and ctrl+u are bindings: Textual runs them once the key has travelled up to the app,
    while the letters after them go straight to the focused widget. Typed in one burst, the
    letters overtook them: over SSH the field kept "s/picked.json", or nothing at all.
    """
    app = make_app(export_dir=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        dialog = await open_export(pilot, app)
        path = dialog.query_one("#path", Input)
        await pilot.press("tab", "ctrl+u", *"/x/y.json")
        assert app.focused is path
        assert path.value == "/x/y.json"
        await pilot.press("shift+tab")
        assert app.focused is not path
        # All in the app's queue at once: pilot.press lets each key settle first.
        await burst(app, "tab ctrl+u slash a slash b full_stop j s o n")
        await settle(pilot, lambda: path.value == "/a/b.json")
        assert app.focused is path
        assert path.value == "/a/b.json"
        # The field already focused: ctrl+u must not clear the text typed after it.
        await burst(app, "ctrl+u slash c full_stop j s o n")
        await settle(pilot, lambda: path.value == "/c.json")
        assert path.value == "/c.json"


# -------------------------------------------------------------- help & palette


async def test_help_lists_every_key() -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        descriptions = {k.description for k in app.screen.keys}
        for owner in (TimelineView, MainScreen):
            for binding in owner.BINDINGS:
                assert binding.description in descriptions  # type: ignore[union-attr]
        assert "Commands" in descriptions
        await pilot.press("q")
        assert isinstance(app.screen, MainScreen)


async def test_command_palette_offers_every_action() -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        provider = TimelineCommands(app.main_screen)
        titles = [hit.text async for hit in provider.discover()]
        assert "Next year" in titles and "Export" in titles and "Actors" in titles
        hits = [hit async for hit in provider.search("decade")]
        assert hits and all("decade" in str(h.text).lower() for h in hits)
        await hits[0].command()  # runs the action itself
        await pilot.pause()
        await pilot.press("ctrl+p")
        assert app.screen.__class__.__name__ == "CommandPalette"
        await pilot.press("ctrl+c")
        assert isinstance(app.screen, MainScreen)


async def test_keymap_from_config_remaps_by_binding_id() -> None:
    app = make_app(200, keys={"next-year": "ctrl+n", "nonsense-id": "z"})
    async with app.run_test(size=LARGE) as pilot:
        view = view_of(app)
        first_year = view.current_event.start.year if view.current_event else 0
        await pilot.press("ctrl+n")
        assert view.current_event is not None and view.current_event.start.year > first_year
        assert any("nonsense-id" in n.message for n in app._notifications)
        help_keys = {k.description: k.keys for k in app.main_screen.key_help()}
        assert help_keys["Next year"] == "^n"


async def test_ctrl_c_quits_from_the_timeline() -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


# -------------------------------------------------------------------- overview


def test_overview_axis_is_to_scale() -> None:
    events = make_timeline(400).events
    first, last = date(1988, 1, 1), date(2022, 12, 31)
    counts = density(events, range(len(events)), first, last, 70)
    assert sum(counts) == pytest.approx(400)
    # 1996-2009 hold few synthetic events; columns are time slices, so some are empty.
    lo, hi = (
        column_of(date(1996, 1, 1), first, last, 70),
        column_of(date(2009, 1, 1), first, last, 70),
    )
    assert sum(counts[lo:hi]) < sum(counts) / 10
    labels = year_labels(1988, 2022, 70)
    assert labels[0] == (0, "1988") and labels[-1][1] == "2022"
    columns = [c for c, _ in labels]
    assert all(b - a >= 6 for a, b in pairwise(columns))


async def test_overview_marks_the_cursor_column() -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        overview = app.main_screen.query_one(Overview)
        await pilot.press("G", "k")
        assert overview.cursor is view_of(app).current_event
        rendered = overview.render().plain.splitlines()
        assert len(rendered) == 3 and "▲" in rendered[1]
        assert rendered[1].index("▲") > overview.content_region.width // 2


async def test_rows_take_the_new_theme_background() -> None:
    """Rows are drawn over the list's own style, kept between rows: a theme change redraws
    every row (and the blank lines under the last) over the new background."""
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        view = view_of(app)

        def backgrounds() -> set[object]:
            return {
                segment.style.bgcolor
                for y in range(view.page_height)
                if view.scroll_offset.y + y != view.cursor_row
                for segment in view.render_line(y)
                if segment.style is not None
            }

        assert backgrounds() == {view.rich_style.bgcolor}
        dark = view.rich_style.bgcolor
        app.theme = "textual-light"
        await pilot.pause()
        assert view.rich_style.bgcolor != dark
        assert backgrounds() == {view.rich_style.bgcolor}


async def test_overview_draws_what_it_renders_as_the_cursor_and_theme_change() -> None:
    """The axis is drawn from kept segments (`render_line`), not from `render`'s text: the
    two must agree after every cursor move and theme, as Textual would draw that text."""
    from textual.widget import Widget

    def segments(strip):  # type: ignore[no-untyped-def]
        return [(s.text, s.style) for s in strip]

    def check(overview: Overview) -> None:
        assert [overview.render_line(y).text for y in range(3)] == (
            overview.render().plain.splitlines()
        )
        for y in range(3):
            drawn = overview.render_line(y)
            overview._layout_cache.clear()  # Textual's own drawing of render()
            overview._dirty_regions.add(overview.region)
            assert segments(drawn) == segments(Widget.render_line(overview, y))

    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        overview = app.main_screen.query_one(Overview)
        check(overview)
        before = overview.render_line(1).text.index("▲")
        await pilot.press("G", "k")
        assert overview.render_line(1).text.index("▲") > before
        check(overview)
        app.theme = "textual-light"
        await pilot.pause()
        check(overview)


async def test_overview_redraws_only_when_the_cursor_changes_column() -> None:
    """Events sharing a column (hundreds at 100,000 events) leave the axis as it is."""
    app = ConflictApp(Timeline(synthetic_events(3000), name="many"), config=Config())
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        overview = app.main_screen.query_one(Overview)
        refreshed = 0
        refresh = overview.refresh

        def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
            nonlocal refreshed
            refreshed += 1
            return refresh(*args, **kwargs)

        overview.refresh = counting  # type: ignore[method-assign]
        moves = same = 0
        for _ in range(40):
            before, refreshed = overview.render_line(1).text, 0
            await pilot.press("j")
            await pilot.pause()
            assert overview.cursor is view_of(app).current_event
            after = overview.render_line(1).text
            assert refreshed == (after != before)
            moves += after != before
            same += after == before
        assert moves and same


def test_overview_spreads_a_range_over_its_span() -> None:
    """A 1992–1994 war weighs the same in each column it covers; the years after stay empty."""
    base = synthetic_events(3, seed=1)
    spans = [
        (date(1988, 1, 1), date(1988, 12, 31)),
        (date(1992, 1, 1), date(1994, 12, 31)),
        (date(2022, 9, 12), date(2022, 9, 13)),
    ]
    events = [
        e.model_copy(update={"start": a, "end": b}) for e, (a, b) in zip(base, spans, strict=True)
    ]
    first, last = date(1988, 1, 1), date(2022, 12, 31)
    width = 70  # two columns a year
    counts = density(events, range(3), first, last, width)
    assert sum(counts) == pytest.approx(3)
    war = density(events, [1], first, last, width)
    lo, hi = column_of(spans[1][0], first, last, width), column_of(spans[1][1], first, last, width)
    assert hi - lo + 1 >= 6  # the whole span, not its first year only
    assert war[lo : hi + 1] == pytest.approx([1 / (hi - lo + 1)] * (hi - lo + 1))
    assert sum(war) == pytest.approx(1)
    assert all(c == 0 for c in counts[hi + 1 : column_of(date(2022, 1, 1), first, last, width)])


async def test_overview_of_the_seed_shows_the_war_and_the_empty_years() -> None:
    from timeline.pipeline import build_timeline

    app = ConflictApp(build_timeline([]), config=Config())
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        overview = app.main_screen.query_one(Overview)
        bars = overview.render().plain.splitlines()[0]
        first, last = date(1988, 1, 1), date(2022, 12, 31)
        width = len(bars)

        def at(year: int) -> str:
            return bars[column_of(date(year, 7, 1), first, last, width)]

        assert at(1993) != "·"  # inside 1992–1994: drawn, though no event starts there
        assert all(at(year) == "·" for year in range(1996, 2010))  # empty years look empty


async def test_actor_filter_dialog_lists_counts() -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f")
        options = app.screen.query_one(SelectionList)
        counts = app.main_screen.timeline.actor_counts()
        assert options.option_count == len(counts)
        first = str(options.get_option_at_index(0).prompt)
        assert counts[0][0] in first and str(counts[0][2]) in first


# ------------------------------------------------------------- loading real files

SEED_TEXT = next((Path(__file__).parent.parent / "seeds").glob("*.txt"))


async def test_loads_paths_in_a_worker_with_progress_and_notifies_problems(
    tmp_path: Path,
) -> None:
    (tmp_path / "article.txt").write_text(SEED_TEXT.read_text(encoding="utf-8"))
    (tmp_path / "empty.txt").write_text("")
    app = ConflictApp([tmp_path], config=Config())
    async with app.run_test(size=SMALL) as pilot:
        assert app.main_screen.has_class("-loading") or app.main_screen.timeline.events
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.main_screen
        assert not screen.has_class("-loading")
        assert screen.timeline.events and view_of(app).current_event is not None
        progress = screen.query_one("#loading-progress")
        assert progress.total == 2 and progress.progress == 2  # type: ignore[attr-defined]
        messages = [(n.title, n.message) for n in app._notifications]
        assert any("empty.txt" in title and "empty" in message for title, message in messages)
        assert f"{len(screen.timeline.events)} of {len(screen.timeline.events)}" in status_of(app)


async def test_many_problem_files_are_summarised_and_listed(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text(SEED_TEXT.read_text(encoding="utf-8"))
    for name in ("a", "b", "c", "d"):
        (tmp_path / f"{name}.txt").write_text("")
    app = ConflictApp([tmp_path], config=Config())
    async with app.run_test(size=LARGE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        summaries = [n for n in app._notifications if "4 files skipped" in n.message]
        assert len(summaries) == 1 and len(app._notifications) == 1
        await pilot.press("p")
        assert app.screen.__class__.__name__ == "ProblemsScreen"
        await pilot.press("q")
        assert isinstance(app.screen, MainScreen)


# ------------------------------------------------------- keys arriving in a burst


async def settle(pilot, done) -> None:  # type: ignore[no-untyped-def]
    """Pause until ``done()`` holds (up to 5 s): a loaded machine opens dialogs slowly."""
    for _ in range(100):
        if done():
            return
        await pilot.pause(0.05)


async def burst(app: ConflictApp, keys: str) -> None:
    """Post keys all at once, as a paste or a slow SSH link delivers them."""
    for key in keys.split():
        character = {
            "enter": "\r",
            "slash": "/",
            "space": " ",
            "tab": "\t",
            "ctrl+u": "\x15",
            "full_stop": ".",
        }.get(key, key)
        app.post_message(events.Key(key, character))


async def test_keys_typed_while_a_dialog_opens_reach_the_dialog() -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await burst(app, "t 2 0 2 2 enter")
        await settle(pilot, lambda: app.main_screen.filters.start is not None)
        assert isinstance(app.screen, MainScreen)
        assert app.main_screen.filters.start == date(2022, 1, 1)
        assert app.main_screen.filters.end == date(2022, 12, 31)
        counts = app.main_screen.timeline.actor_counts()
        await burst(app, "f space enter")
        await settle(pilot, lambda: bool(app.main_screen.filters.actors))
        assert app.main_screen.filters.actors == [counts[0][0]]


async def test_keys_typed_behind_a_palette_command_reach_its_dialog() -> None:
    """ "Go to date⏎2011⏎" in one burst: the digits and the second enter are for the dialog
    the command opens, not for the closing palette (whose second enter crashed the app)."""
    from textual.command import CommandList

    app = make_app(200)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"go to date")
        await settle(pilot, lambda: app.screen.query(CommandList).first().option_count > 0)
        await burst(app, "enter 2 0 1 1 enter")
        day = date(2011, 1, 1)
        await settle(pilot, lambda: view_of(app).current_event_index == first_on_or_after(app, day))
        assert isinstance(app.screen, MainScreen)
        assert view_of(app).current_event_index == first_on_or_after(app, day)


async def test_keys_typed_right_after_slash_go_into_the_search() -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await burst(app, "slash a r m e n i a enter")
        await settle(pilot, lambda: bool(view_of(app).hits) and app.focused is view_of(app))
        view = view_of(app)
        assert view.search == "armenia"
        assert view.selected == set()  # the "a" did not reach the list (select all)
        assert view.hits


async def test_actor_ticks_typed_fast_land_on_the_right_actors() -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        counts = app.main_screen.timeline.actor_counts()
        # Textual ticks the option highlighted when the tick is handled: here, the second one
        # twice. The list ticks the option space was pressed on.
        await burst(app, "f space down space enter")
        await settle(pilot, lambda: bool(app.main_screen.filters.actors))
        assert app.main_screen.filters.actors == [counts[0][0], counts[1][0]]
        await pilot.press("f")
        actors = app.screen.query_one(SelectionList)
        lines = [actors.render_line(y).text for y in range(3)]
        assert lines[0].startswith("[x]") and lines[1].startswith("[x]")
        assert lines[2].startswith("[ ]")  # ticked or not reads without colour


# ------------------------------------------------------------------ polish


async def test_search_index_is_built_in_a_worker_after_load() -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        timeline = app.main_screen.timeline
        assert timeline._haystacks is not None  # not left for the first "/" to build
        assert len(timeline._haystacks) == len(timeline.events)


async def test_dialog_keys_wait_for_the_documents_and_a_typed_search_survives() -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.main_screen
        loaded = screen.timeline
        screen.start_loading()
        assert "reading documents" in screen.query_one(Overview).placeholder
        for key in ("f", "t", "e"):
            await pilot.press(key)
            assert app.screen is screen  # no empty actor list, no export of nothing
        assert any("Still reading" in n.message for n in app._notifications)
        await pilot.press("slash", *"armenia", "enter")
        screen.set_timeline(loaded)
        await pilot.pause()
        view = view_of(app)
        assert view.search == "armenia" and view.hits
        assert not any("No match" in n.message for n in app._notifications)


async def test_muted_text_is_drawn_muted_in_256_colours() -> None:
    from tui.widgets.detail import DetailPane
    from tui.widgets.styles import component_style

    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        detail = app.main_screen.query_one(DetailPane)
        body = detail.rich_style.color
        # $foreground-muted, blended: not the body text's colour (partial styles lose it).
        assert component_style(detail, "detail--meta").color != body
        view = view_of(app)
        assert component_style(view, "timeline--tag").color != view.rich_style.color
        overview = app.main_screen.query_one(Overview)
        empty = component_style(overview, "overview--empty").color
        assert empty != overview.rich_style.color


async def test_an_undated_only_corpus_reads_well() -> None:
    timeline = Timeline([], undated=[undated_expression()], name="wire")
    app = ConflictApp(timeline, config=Config())
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        view = view_of(app)
        row = view.visible_text()[1]
        assert "“yeste…”" in row  # cut inside the quotes, with an ellipsis
        assert "Clashes continued" in row
        assert "0 of 0 events │ 1 undated" in status_of(app)
        detail = str(app.main_screen.query_one("#detail-body", Static).render())
        assert "no publication date" in detail


async def test_context_opens_on_the_events_own_paragraph() -> None:
    from timeline.pipeline import build_timeline

    timeline = build_timeline([])
    app = ConflictApp(timeline, config=Config())
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContextScreen)
        before = app.screen.query_one("#context-before", Static)
        source = app.screen.query_one("#context-text", Static)
        body = app.screen.query_one("#context-body")
        assert before.display  # the seed's first event has a paragraph before its own
        assert body.scroll_offset.y >= source.virtual_region.y - 1 > 0
        event = view_of(app).current_event
        assert event is not None and event.sentences[0].text[:40] in str(source.render())


async def test_context_opens_on_the_event_in_a_paragraph_taller_than_the_view(
    tmp_path: Path,
) -> None:
    from timeline.pipeline import build_timeline

    filler = " ".join(f"Residents of village number {i} were asked to stay put." for i in range(40))
    article = tmp_path / "long.txt"
    article.write_text(
        f"{filler}\n\n{filler} On 2 May 2021 troops entered the town of Goris.\n\n{filler}\n",
        encoding="utf-8",
    )
    app = ConflictApp(build_timeline([article]), config=Config(), today=lambda: TODAY)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContextScreen)
        body = app.screen.query_one("#context-body")
        source = app.screen.query_one("#context-text", Static)
        top, height = body.scroll_offset.y, body.scrollable_content_region.height
        assert source.virtual_region.height > height  # the paragraph cannot fit
        # Opened inside the event's paragraph, on the line with its sentence.
        assert source.virtual_region.y <= top < source.virtual_region.bottom
        assert "On 2 May 2021 troops" in screen_text(app)


async def test_export_dialog_uses_the_configs_timelinejs_options(tmp_path: Path) -> None:
    from timeline.export import Era

    era = Era(name="Test era", start=date(1990, 1, 1), end=date(1999, 12, 31))
    config = Config(
        export=ExportConfig(
            directory=tmp_path, format="timelinejs", timelinejs_group="actor", eras=[era]
        )
    )
    app = ConflictApp(make_timeline(), config=config, today=lambda: date(2024, 1, 2))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("space")
        dialog = await open_export(pilot, app)
        assert dialog.format == "timelinejs"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        first = app.main_screen.timeline.events[0]
    data = json.loads((tmp_path / "synthetic-2024-01-02.json").read_text())
    assert data["eras"][0]["text"]["headline"] == "Test era"
    assert data["events"][0]["group"] == first.actors[0].name


async def test_context_shows_neighbouring_paragraphs_split_by_blank_lines_with_spaces(
    tmp_path: Path,
) -> None:
    from timeline.pipeline import build_timeline

    article = tmp_path / "story.txt"
    # Blank lines holding spaces or tabs still separate paragraphs, as the engine reads them.
    article.write_text(
        "Aid convoys were stopped at the border.\n \n"
        "On 2 May 2021 troops entered the town of Goris.\n\t\n"
        "Residents fled to the hills.\n",
        encoding="utf-8",
    )
    app = ConflictApp(build_timeline([article]), config=Config(), today=lambda: TODAY)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ContextScreen)
        shown = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "Aid convoys were stopped" in shown
        assert "troops entered the town" in shown
        assert "Residents fled to the hills" in shown


# ---------------------------------------------------------------- where a date came from


def _anchored_events() -> list[Event]:
    """Four events whose expressions were dated four ways (anchors set by hand)."""
    from tests.conftest import make_event

    anchors = [
        (date(1992, 4, 15), TimeAnchor(kind=AnchorKind.NARRATIVE, date="1992")),
        (date(2022, 9, 14), TimeAnchor(kind=AnchorKind.PUBLICATION, date="2022-09-15")),
        (date(2022, 9, 16), TimeAnchor(kind=AnchorKind.EVENT, date="2022-09-15")),
        (date(2023, 3, 1), TimeAnchor(kind=AnchorKind.EXPLICIT)),
    ]
    out = []
    for day, anchor in anchors:
        event = make_event(day, headline=f"Event of {day.isoformat()}")
        event.expression.anchor = anchor
        out.append(event)
    return out


@pytest.mark.parametrize("size", [SMALL, LARGE])
async def test_detail_says_where_the_date_came_from(size: tuple[int, int]) -> None:
    timeline = Timeline(_anchored_events(), name="anchors")
    app = ConflictApp(timeline, config=Config(), today=lambda: TODAY)
    expected = [
        "Year from  the narrative: 1992",
        "Date from  the publication date: 15 Sep 2022",
        "Date from  an event in the text: 15 Sep 2022",
        None,
    ]
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        view = view_of(app)
        body = app.main_screen.query_one("#detail-body", Static)
        for line in expected:
            await pilot.pause()
            shown = str(body.render()).split("\n")
            written = shown.index(next(s for s in shown if s.startswith("As written")))
            if line is None:  # explicit: nothing extra
                assert not shown[written + 1].startswith(("Year from", "Date from"))
            else:
                assert shown[written + 1] == line  # one line, right under "As written"
                assert len(line) <= body.content_size.width  # no wrap, even at 80 columns
            await pilot.press("j")
        assert view.current_event is not None


# ------------------------------------------------------------------------- chart


def chart_of(app: ConflictApp) -> ChartView:
    return app.main_screen.query_one(ChartView)


async def test_chart_toggles_with_c_and_closes_with_q_and_escape() -> None:
    app = make_app(200)
    async with app.run_test(size=SMALL) as pilot:
        panes = app.main_screen.query_one("#panes")
        await pilot.press("c")
        chart = chart_of(app)
        assert chart.display and not panes.display
        assert app.focused is chart
        assert "Shown events per year, by event type · 200 events" in screen_text(app)
        await pilot.press("c")
        assert not chart.display and panes.display
        assert app.focused is view_of(app)
        for way_out in ("q", "escape"):
            await pilot.press("c")
            assert chart.display
            await pilot.press(way_out)
            assert not chart.display and app.is_running  # q closes the chart, not the app
            assert app.focused is view_of(app)


async def test_chart_draws_what_it_renders_through_moves_modes_and_themes() -> None:
    """The chart is drawn line by line from kept strips (`render_line`), not by Textual
    from `render`'s text: after each key both must agree segment for segment, as Textual
    would draw that text, and a cursor move must show at once."""
    from textual.widget import Widget

    def check(chart: ChartView) -> None:
        drawn = [chart.render_line(y) for y in range(chart.size.height)]
        for y, strip in enumerate(drawn):
            chart._layout_cache.clear()  # Textual's own drawing of render()
            chart._dirty_regions.add(chart.region)
            textual = Widget.render_line(chart, y)
            assert list(strip) == list(textual) and strip.cell_length == textual.cell_length

    app = make_app(400)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("c")
        await pilot.pause()
        chart = app.main_screen.query_one(ChartView)
        check(chart)
        for key in ("right", "right", "m", "right", "s", "left", "end", "home"):
            before = [chart.render_line(y).text for y in range(chart.size.height)]
            await pilot.press(key)
            await pilot.pause()
            check(chart)
            assert [chart.render_line(y).text for y in range(chart.size.height)] != before
        app.theme = "textual-light"
        await pilot.pause()
        check(chart)


async def test_chart_switches_month_year_and_type_actor() -> None:
    app = make_app(200)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("c")
        chart = chart_of(app)
        years = len(chart.chart.periods)
        await pilot.press("m")
        assert chart.chart.granularity == "month"
        assert len(chart.chart.periods) > years
        assert "Shown events per month, by event type" in screen_text(app)
        await pilot.press("s")
        assert chart.chart.stacking == "actor"
        assert "Shown events per month, by actor" in screen_text(app)
        assert sum(chart.chart.totals) == 200  # each event once, in one series
        await pilot.press("m", "s")
        assert (chart.chart.granularity, chart.chart.stacking) == ("year", "type")


async def test_chart_bins_the_other_stacking_on_the_event_loop_in_steps(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Opening the chart bins the other stacking ahead for s, in steps on the event loop's
    own thread: binning in a thread held the GIL and doubled the time of keys pressed
    meanwhile (m at 100,000 events: 50 ms). The prebinned chart is the one s then shows."""
    import threading

    import tui.chart_model as chart_module  # where the in-memory chart data bins

    threads: list[threading.Thread] = []
    real = chart_module.binning

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        steps = real(*args, chunk=64, **{k: v for k, v in kwargs.items() if k != "chunk"})
        while True:
            threads.append(threading.current_thread())
            try:
                next(steps)
            except StopIteration as done:
                return done.value
            yield

    monkeypatch.setattr(chart_module, "binning", watched)
    app = make_app(1000)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("c")
        chart = chart_of(app)
        for _ in range(50):
            if "actor" in chart._months:
                break
            await pilot.pause(0.01)
        prebinned = chart._months.get("actor")
        assert prebinned is not None and sum(prebinned.totals) == 1000
        assert len(threads) > 10 and set(threads) == {threading.main_thread()}
        await pilot.press("m", "s")
        assert chart.chart is prebinned


async def test_chart_cursor_follows_the_timeline_and_enter_jumps_to_the_period() -> None:
    app = make_app(200)
    async with app.run_test(size=SMALL) as pilot:
        view = view_of(app)
        view.show_event(view.shown[-1])  # the last dated event (G goes to the undated)
        await pilot.pause()
        last = view.current_event
        assert last is not None
        await pilot.press("c")
        chart = chart_of(app)
        assert chart.chart.periods[chart.cursor] == last.start.year
        assert f"{last.start.year}: " in screen_text(app)
        await pilot.press("c", "G")  # G: the undated group, after the last dated event
        assert view.current_undated is not None
        await pilot.press("c")
        assert chart.chart.periods[chart.cursor] == last.start.year
        # Back to the first year, then enter: the timeline goes to its first shown event.
        await pilot.press("home", "right", "left")
        assert chart.cursor == 0
        await pilot.press("enter")
        assert not chart.display
        assert view.current_event_index == view.shown[0]
        # A year with events further on: its first event.
        await pilot.press("c", "m")
        assert chart.chart.granularity == "month"
        target = next(p for p, first in enumerate(chart.chart.firsts) if p > 5 and first)
        await pilot.press(*["right"] * target)
        assert chart.cursor == target
        await pilot.press("enter")
        assert view.current_event_index == chart.chart.firsts[target]


async def test_chart_follows_the_filters() -> None:
    app = make_app(200)
    async with app.run_test(size=SMALL) as pilot:
        view = view_of(app)
        await pilot.press("c")
        chart = chart_of(app)
        assert sum(chart.chart.totals) == 200
        await pilot.press("t")  # the filter keys work with the chart open
        await pilot.press(*"1992..1994", "enter")
        await pilot.pause()
        assert chart.display and app.focused is chart
        assert chart.chart.periods[-1] == 1994  # ranges from before 1992 count at their start
        assert sum(chart.chart.totals) == len(view.shown) < 200
        await pilot.press("x")
        assert sum(chart.chart.totals) == 200


async def test_chart_gives_way_when_the_focus_goes_back_to_the_panes() -> None:
    app = make_app(200)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("c")
        chart = chart_of(app)
        await pilot.press("slash", *"fight", "enter")  # the search ends in the timeline
        assert not chart.display and app.focused is view_of(app)
        await pilot.press("c", "tab")  # tab from the chart: back to the timeline
        assert not chart.display and app.focused is view_of(app)


async def test_chart_marks_the_search_hits_per_period() -> None:
    app = make_app(200)
    async with app.run_test(size=SMALL) as pilot:
        view = view_of(app)
        await pilot.press("c", "slash", *"shell")  # typed with the chart open
        chart = chart_of(app)
        assert chart.display and view.hits
        hits = view.hit_events()
        assert 0 < len(hits) < 200
        assert sum(chart._hit_counts) == len(hits)
        assert "search hit" in screen_text(app)
        assert "•" in screen_text(app)
        # The search moved the timeline's cursor to its first hit: the chart follows.
        current = view.current_event
        assert current is not None
        assert chart.chart.periods[chart.cursor] == current.start.year


async def test_an_undated_detail_says_how_to_give_its_document_a_date() -> None:
    app = make_app()  # its undated wire, u.txt, has no publication date
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("G")
        assert view_of(app).current_undated is not None
        detail = str(app.main_screen.query_one("#detail-body", Static).render())
        assert "add published = YYYY-MM-DD to u.toml to date it" in detail
