"""The timeline list's row model (`tui.rows`), without an app: headings, the row <-> event
mapping, jumps, search hits and the selection; last, in the app, the reactive attributes
the status line and the detail pane follow."""

from __future__ import annotations

from datetime import date

from textual.widgets import Static

from tests.conftest import make_event
from timeline.config import Config
from timeline.models import DocumentRef, Sentence, TimeExpression, TimeKind, UndatedExpression
from timeline.timeline import Filters, Timeline
from tui.app import ConflictApp
from tui.rows import (
    DECADES_SPAN,
    LABEL_MAX,
    LABEL_MIN,
    SHORT_PANE,
    UNDATED_BASE,
    RowModel,
    RowSource,
    is_event,
    is_heading,
    is_undated,
)
from tui.widgets.detail import DetailPane
from tui.widgets.timeline_view import TimelineView

TALL, SHORT = 40, SHORT_PANE - 1


def undated(text: str = "Shelling resumed yesterday near the border.") -> UndatedExpression:
    return UndatedExpression(
        expression=TimeExpression(
            text="yesterday", start=0, end=9, value="PAST_REF", kind=TimeKind.DATE
        ),
        document=DocumentRef(id="u1", title="An undated wire", path="u.txt"),
        sentence=Sentence(text=text, start=0, end=len(text)),
    )


def timeline(*days: date, undated_count: int = 0) -> Timeline:
    events = [
        make_event(day, headline=f"Clash number {n}", event_id=f"e{n}")
        for n, day in enumerate(days)
    ]
    return Timeline(events, undated=[undated() for _ in range(undated_count)])


def model_of(tl: Timeline, height: int = TALL) -> RowModel:
    model = RowModel(tl)
    model.rebuild(height)
    return model


# 1990, 1990, 1991, 2015, 2015: three years, two decades, a span of 25 years.
DAYS = (date(1990, 3, 1), date(1990, 6, 1), date(1991, 1, 5), date(2015, 2, 2), date(2015, 8, 8))


def labels(model: RowModel) -> list[str]:
    return [model.heading(code).label for code in model.rows(0, len(model)) if is_heading(code)]


def test_a_model_is_a_row_source() -> None:
    source: RowSource = RowModel()  # what the widget holds: checked by mypy, used here
    assert len(source) == 0 and source.rows(0, 10) == []


def test_year_headings_above_their_events_with_counts() -> None:
    model = model_of(timeline(*DAYS))
    assert model.heading_mode == "year"
    codes = model.rows(0, len(model))
    # heading 1990, e0, e1, heading 1991, e2, heading 2015, e3, e4
    assert [is_heading(c) for c in codes] == [True, False, False, True, False, True, False, False]
    assert labels(model) == ["1990", "1991", "2015"]
    assert [h.count for h in model.headings] == [2, 1, 2]
    assert [c for c in codes if is_event(c)] == [0, 1, 2, 3, 4]


def test_a_short_pane_over_decades_groups_by_decade() -> None:
    model = model_of(timeline(*DAYS), height=SHORT)
    assert model.heading_mode == "decade"
    assert labels(model) == ["1990s", "2010s"]
    assert [h.count for h in model.headings] == [3, 2]
    assert model.wants_rebuild(TALL) and not model.wants_rebuild(SHORT)
    # A short pane over a span under DECADES_SPAN keeps years.
    near = model_of(timeline(date(2000, 1, 1), date(2000 + DECADES_SPAN - 1, 1, 1)), SHORT)
    assert near.heading_mode == "year"


def test_an_unknown_height_keeps_the_mode_in_force() -> None:
    model = model_of(timeline(*DAYS), height=SHORT)
    model.rebuild(0)
    assert model.heading_mode == "decade"


def test_rows_and_events_map_both_ways() -> None:
    model = model_of(timeline(*DAYS))
    for row in range(len(model)):
        index = model.event_at(row)
        if index is None:
            assert is_heading(model[row])
        else:
            assert model.row_of_event(index) == row
            assert model.event(row) is model.timeline.events[index]
    assert model.event_at(-1) is None and model.event_at(len(model)) is None
    assert model.rows(-5, 2) == model.rows(0, 2) and model.rows(6, 99) == model.rows(6, 8)


def test_a_filtered_out_event_has_no_row() -> None:
    tl = timeline(*DAYS)
    model = RowModel(tl)
    model.set_shown(
        tl.filter_indices(Filters(start=date(2015, 1, 1))), show_undated=False, height=TALL
    )
    assert model.shown == [3, 4]
    assert model.row_of_event(0) == -1 and model.row_of_event(4) == 2
    assert labels(model) == ["2015"]


def test_the_undated_come_last_under_their_own_heading() -> None:
    model = model_of(timeline(*DAYS, undated_count=2))
    assert labels(model)[-1] == "Undated" and model.headings[-1].count == 2
    assert model[-2] == UNDATED_BASE and model[-1] == UNDATED_BASE + 1
    assert is_undated(model[-1]) and not is_event(model[-1])
    assert model.undated_at(len(model) - 1) == 1 and model.event_at(len(model) - 1) is None
    assert model.undated(len(model) - 1) is model.timeline.undated[1]
    # A filter hides them (they have no date, actor or type to match).
    model.set_shown(model.shown, show_undated=False, height=TALL)
    assert "Undated" not in labels(model) and len(model) == 8


def test_an_empty_timeline_has_no_rows_and_nowhere_to_go() -> None:
    model = model_of(Timeline([]))
    assert len(model) == 0 and model.headings == []
    assert model.first_item_row() == -1 and model.item_row(5) == -1
    assert model.step(-1, 1) == -1
    assert model.jump(0, "year", forward=True) is None
    assert model.jump(0, "decade", forward=False) is None
    assert model.row_of_date(date(2000, 1, 1)) is None
    assert model.set_search("clash") == 0 and model.next_hit(0) is None
    assert model.select_shown() == 0 and model.selected == set()


def test_only_undated_still_has_an_item_row() -> None:
    model = model_of(timeline(undated_count=1))
    assert labels(model) == ["Undated"]
    assert model.first_item_row() == 1 and model.item_row(0) == 1


def test_the_cursor_steps_over_headings_and_stops_at_the_ends() -> None:
    model = model_of(timeline(*DAYS))
    first = model.first_item_row()
    assert first == 1
    assert model.step(first, 1) == 2
    assert model.step(2, 1) == 4  # over the 1991 heading
    assert model.step(4, -1) == 2
    assert model.step(first, -1) == first  # nothing above the first event
    assert model.step(first, 100) == len(model) - 1
    assert model.item_row(0) == 1 and model.item_row(3) == 4  # a heading: the row below
    assert model.item_row(-7) == 1 and model.item_row(99) == len(model) - 1


def test_year_jumps_forward_back_and_past_the_ends() -> None:
    model = model_of(timeline(*DAYS))  # rows: H 1 2 H 4 H 6 7
    assert model.jump(1, "year", forward=True) == 4
    assert model.jump(4, "year", forward=True) == 6
    assert model.jump(6, "year", forward=True) is None  # the last year
    assert model.jump(7, "year", forward=False) == 6  # back to the start of this year
    assert model.jump(6, "year", forward=False) == 4  # from its start, the year before
    assert model.jump(1, "year", forward=False) is None  # the first year


def test_decade_jumps_cross_years_in_either_heading_mode() -> None:
    for height in (TALL, SHORT):
        model = model_of(timeline(*DAYS), height)
        first = model.first_item_row()
        later = model.jump(first, "decade", forward=True)
        assert later is not None and model.event_at(later) == 3  # 2015, the first of the 2010s
        assert model.jump(later, "decade", forward=True) is None
        assert model.jump(later, "decade", forward=False) == first
        # In decade mode years have no heading, but year jumps still find each year's start.
        year = model.jump(first, "year", forward=True)
        assert year is not None and model.event_at(year) == 2


def test_dates_go_to_the_first_event_on_or_after_them() -> None:
    model = model_of(timeline(*DAYS))
    row_of = model.row_of_event
    assert model.row_of_date(date(1990, 6, 1)) == (row_of(1), True)  # that very day
    assert model.row_of_date(date(1990, 6, 2)) == (row_of(2), True)  # the next one
    assert model.row_of_date(date(1800, 1, 1)) == (row_of(0), True)  # before the first
    assert model.row_of_date(date(2099, 1, 1)) == (row_of(4), False)  # after the last
    # Among the shown events only.
    model.set_shown([0, 4], show_undated=True, height=TALL)
    assert model.row_of_date(date(1991, 1, 1)) == (model.row_of_event(4), True)


def test_search_hits_walk_both_ways_and_wrap() -> None:
    tl = Timeline(
        [
            make_event(date(2001, 1, 1), headline="Ceasefire signed", event_id="a"),
            make_event(date(2002, 1, 1), headline="Shelling", event_id="b"),
            make_event(date(2003, 1, 1), headline="Ceasefire broken", event_id="c"),
        ],
        undated=[undated("A ceasefire was agreed yesterday.")],
    )
    model = model_of(tl)
    assert model.set_search("  CEASEFIRE ") == 3  # case and spaces do not matter
    assert model.search == "CEASEFIRE"
    first, second, third = model.hits
    assert [model.event_at(first), model.event_at(second)] == [0, 2]
    assert model.undated_at(third) == 0  # undated sentences are searched too
    assert model.hit_events() == [0, 2]  # events only
    assert model.next_hit(first) == second and model.next_hit(third) == first  # wraps
    assert model.previous_hit(first) == third and model.previous_hit(second) == first
    assert model.hit_from(first) == first and model.hit_from(first + 1) == second
    assert model.hit_from(third + 1) == first
    assert model.hit_position(second) == 2 and model.hit_position(second - 1) is None
    assert model.is_hit(third) and not model.is_hit(0)
    assert model.set_search("") == 0 and model.hits == [] and model.next_hit(0) is None


def test_hits_follow_the_filters() -> None:
    tl = timeline(*DAYS)
    model = model_of(tl)
    assert model.set_search("clash number") == 5
    model.set_shown([3, 4], show_undated=False, height=TALL)
    assert model.search == "clash number" and model.hit_events() == [3, 4]


def test_the_selection_outlives_the_filters() -> None:
    model = model_of(timeline(*DAYS))
    assert model.toggle(0) and model.toggle(3)
    assert not model.toggle(3) and model.selected == {0}
    model.set_shown([3, 4], show_undated=True, height=TALL)
    assert model.is_selected(0)  # hidden, still selected
    assert model.select_shown() == 2 and model.selected == {0, 3, 4}
    assert model.select_shown() == 0
    assert model.clear_selection() == 3 and model.selected == set()
    model.replace_selection([1, 2])
    assert model.selected == {1, 2}


def test_a_new_timeline_starts_clean() -> None:
    model = model_of(timeline(*DAYS))
    model.toggle(1)
    model.set_search("clash")
    model.set_shown([0], show_undated=False, height=TALL)
    model.set_timeline(timeline(date(2020, 1, 1), undated_count=1), height=TALL)
    assert model.selected == set() and model.search == "" and model.hits == []
    assert model.shown == [0] and model.show_undated and labels(model) == ["2020", "Undated"]


def test_the_label_column_fits_the_longest_label_within_bounds() -> None:
    for end in (None, date(2001, 1, 9), date(2003, 5, 9)):
        event = make_event(date(2001, 1, 1), end, headline="x")
        model = model_of(Timeline([event]))
        assert model.label_width == max(LABEL_MIN, min(len(event.label), LABEL_MAX))
    assert model_of(Timeline([])).label_width == LABEL_MIN


# ------------------------------------------- the list's reactive attributes, in the app
# (async: Pilot tests, in the `tui` tier). Each checks, with no pause for messages, that a
# change made from code reaches the status line and the detail pane through the watchers.


def app_of(tl: Timeline) -> ConflictApp:
    return ConflictApp(tl, config=Config(), today=lambda: date(2024, 1, 2))


def status(app: ConflictApp) -> str:
    return str(app.main_screen.query_one("#status", Static).render())


def shown(detail: DetailPane) -> str:
    return str(detail.query_one("#detail-body", Static).render())


async def test_setting_the_filters_applies_them_as_one_undo_step() -> None:
    app = app_of(timeline(*DAYS, undated_count=1))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen, view = app.main_screen, app.main_screen.query_one(TimelineView)
        assert "5 of 5 events" in status(app) and "1 undated" in status(app)
        screen.filters = Filters(start=date(2015, 1, 1))
        assert list(view.shown) == [3, 4] and "2 of 5 events" in status(app)
        assert "filter" in status(app) and "0 undated" in status(app)
        assert view.current_event_index == 3  # the cursor's event is gone: the first shown
        screen.action_undo()
        assert not screen.filters.active and len(view.shown) == 5
        assert "5 of 5 events" in status(app)


async def test_search_cursor_and_selection_reach_the_status_line_and_detail() -> None:
    app = app_of(timeline(*DAYS))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.main_screen.query_one(TimelineView)
        detail = app.main_screen.query_one(DetailPane)
        assert view.set_search("  clash number 3 ") == 1  # moved to the hit
        assert view.search == "clash number 3" and view.current_event_index == 3
        assert "/clash number 3 1/1 hits" in status(app)
        assert detail.search == "clash number 3" and "2 Feb 2015" in shown(detail)
        view.action_first()
        assert "/clash number 3 1 hits" in status(app)  # off the hit: no position
        assert "1 Mar 1990" in shown(detail)
        view.set_selection({0, 4})
        assert "2 selected" in status(app)
        view.set_selection({1, 2})  # the same count, another selection: an undo step
        app.main_screen.action_undo()
        assert view.selected == {0, 4}
        view.set_search("")
        assert "hits" not in status(app) and detail.search == ""
