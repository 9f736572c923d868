"""The key tables and the help entries that the app, the screens and the palette share.

Every binding of the explorer's main view is defined here, in named groups: the help screen
and the command palette list them by group (`HELP_GROUPS`), and the widgets and screens take
their `BINDINGS` from the same tables, so a key added to a group shows up in all three. This
module sits below the app, the screens and the widgets and imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding, BindingType

# The "keys" of a command that has none: it is run from the palette (ctrl+p).
PALETTE_ONLY = "palette"


@dataclass(frozen=True)
class KeyHelp:
    """One line of the help screen and one command of the palette."""

    group: str
    keys: str
    description: str
    tooltip: str
    run: Callable[[], object]


# The timeline list (`TimelineView`): moving the cursor.
MOVE_KEYS: list[BindingType] = [
    Binding("down,j", "cursor_down", "Down", show=False, id="cursor-down",
            tooltip="Move to the next event."),
    Binding("up,k", "cursor_up", "Up", show=False, id="cursor-up",
            tooltip="Move to the previous event."),
    Binding("pagedown", "page_down", "Page down", show=False, id="page-down",
            tooltip="Move down one screen."),
    Binding("pageup", "page_up", "Page up", show=False, id="page-up",
            tooltip="Move up one screen."),
    Binding("home,g", "first", "First", show=False, id="first",
            tooltip="Go to the first event."),
    Binding("end,G", "last", "Last", show=False, id="last",
            tooltip="Go to the last event."),
    Binding("right_square_bracket", "next_year", "Next year", show=False, id="next-year",
            tooltip="Jump to the first event of the next year."),
    Binding("left_square_bracket", "previous_year", "Prev year", show=False,
            id="previous-year", tooltip="Jump to the start of this or the previous year."),
    Binding("right_curly_bracket", "next_decade", "Next decade", show=False,
            id="next-decade", tooltip="Jump to the first event of the next decade."),
    Binding("left_curly_bracket", "previous_decade", "Prev decade", show=False,
            id="previous-decade",
            tooltip="Jump to the first event of this or the previous decade."),
]  # fmt: skip

# The timeline list: selecting and walking search hits. In the footer (80 columns, worst
# case): space, n, then the screen's keys; the rest are in help (?) and the palette.
SELECT_KEYS: list[BindingType] = [
    Binding("space", "toggle_select", "Select", id="toggle-select",
            tooltip="Select or unselect the event under the cursor."),
    Binding("a", "select_all", "Select all", show=False, id="select-all",
            tooltip="Select every event shown."),
    Binding("A", "clear_selection", "Unselect all", show=False, id="clear-selection",
            tooltip="Unselect everything."),
    Binding("n", "next_hit", "Next hit", id="next-hit",
            tooltip="Go to the next search hit."),
    Binding("N", "previous_hit", "Prev hit", show=False, id="previous-hit",
            tooltip="Go to the previous search hit."),
]  # fmt: skip

# The main screen (`MainScreen`): panes, search, filters, export, help.
ACTION_KEYS: list[BindingType] = [
    Binding("tab", "switch_pane", "Switch pane", show=False, id="switch-pane",
            tooltip="Move between the timeline and the detail pane."),
    Binding("enter", "open_context", "Context", show=False, id="open-context",
            tooltip="Show the event's full paragraph and neighbouring sentences."),
    # Priority, so the bar takes focus before the keys right behind "/" are routed (a
    # paste, or keys batched by a slow SSH link): they must land in the bar, not the list.
    Binding("slash", "search", "Search", id="search", priority=True,
            tooltip="Search sentences, actors and places; n/N go to the next/previous hit."),
    Binding("f", "filter_actors", "Actors", id="filter-actors",
            tooltip="Show only events naming the actors you pick (several at once)."),
    Binding("v", "filter_types", "Types", id="filter-types",
            tooltip="Show only events of the event types you pick (battles, protests, ...)."),
    Binding("t", "filter_time", "Time", id="filter-time",
            tooltip="Show only events in a time range: 1992..1994, 2020 or 2022-09."),
    Binding("d", "go_to_date", "Go to date", show=False, id="go-to-date",
            tooltip="Jump to the first event on or after a date: 1992, 1992-05, 8 May 1992."),
    Binding("x", "clear_filters", "Clear", id="clear-filters",
            tooltip="Remove the actor and time filters and the search."),
    Binding("u", "undo", "Undo", show=False, id="undo",
            tooltip="Undo the last change of the selection or the filters (A, x, a pick, ...)."),
    Binding("ctrl+r", "redo", "Redo", show=False, id="redo",
            tooltip="Redo what u undid."),
    Binding("e", "export", "Export", id="export",
            tooltip="Export the selection (or the shown events) to a file."),
    Binding("y", "copy", "Copy", show=False, id="copy",
            tooltip="Copy the selection (or the current event) as Markdown to the clipboard."),
    Binding("r", "read_document", "Read document", show=False, id="read-document",
            tooltip="Read the whole document, at the event's sentences; n/p walk its events."),
    Binding("c", "toggle_chart", "Chart", show=False, id="chart",
            tooltip="Chart the shown events per month or year, stacked by type or actor."),
    Binding("Y", "copy_url", "Copy URL", show=False, id="copy-url",
            tooltip="Copy the web address of the event's document to the clipboard."),
    Binding("p", "show_problems", "Problems", id="problems",
            tooltip="List the files that could not be read."),
    Binding("question_mark", "help", "Help", id="help",
            tooltip="List every key."),
    Binding("q", "app.quit", "Quit", id="quit", tooltip="Leave conflict-tui."),
    Binding("escape", "clear_search", "Clear search", show=False, id="clear-search",
            tooltip="Close the search bar and clear the search."),
]  # fmt: skip

# The app (`ConflictApp`): ways out that work on every screen.
APP_KEYS: list[BindingType] = [
    # Priority, or an Input (the search bar) would take ctrl+c as "copy" and the screen
    # as "copy selection": ctrl+c must always get the user out.
    Binding("ctrl+c", "interrupt", "Close / quit", show=False, priority=True,
            id="interrupt", tooltip="Close the open dialog; on the timeline, quit."),
    Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit-now",
            tooltip="Quit at once."),
]  # fmt: skip

# The reader (`ReaderScreen`, r): one document, whole.
READER_KEYS: list[BindingType] = [
    Binding("n", "next_event", "Next event", id="reader-next",
            tooltip="Highlight the document's next event."),
    Binding("p", "previous_event", "Prev event", id="reader-previous",
            tooltip="Highlight the document's previous event."),
    Binding("enter", "go_to_event", "Go to it", id="reader-go",
            tooltip="Put the timeline's cursor on the highlighted event and close the reader."),
    Binding("escape,q", "close", "Close", id="reader-close",
            tooltip="Back to the timeline."),
]  # fmt: skip

# The chart (`ChartView`, c): the shown events per period, with a period cursor.
CHART_KEYS: list[BindingType] = [
    Binding("left,h", "previous_period", "Prev", id="chart-previous",
            tooltip="Move the chart's cursor to the previous month or year."),
    Binding("right,l", "next_period", "Next", id="chart-next",
            tooltip="Move the chart's cursor to the next month or year."),
    Binding("home,g", "first_period", "First", show=False, id="chart-first",
            tooltip="Move the chart's cursor to the first period."),
    Binding("end,G", "last_period", "Last", show=False, id="chart-last",
            tooltip="Move the chart's cursor to the last period."),
    Binding("m", "toggle_granularity", "Month/year", id="chart-granularity",
            tooltip="Count per month or per year."),
    Binding("s", "toggle_stacking", "Type/actor", id="chart-stacking",
            tooltip="Stack by event type or by the top actors."),
    Binding("enter", "go_to_period", "Go to it", id="chart-go",
            tooltip="Put the timeline's cursor on the period's first event; close the chart."),
    Binding("escape,q", "close", "Close", id="chart-close",
            tooltip="Back to the timeline."),
]  # fmt: skip

Owner = Literal["view", "screen", "app"]

# The help screen's groups, in order: a title, whose action runs them, and the keys.
HELP_GROUPS: list[tuple[str, Owner, list[BindingType]]] = [
    ("Move", "view", MOVE_KEYS),
    ("Select & search", "view", SELECT_KEYS),
    ("Actions", "screen", ACTION_KEYS),
    ("App", "app", APP_KEYS),
]
