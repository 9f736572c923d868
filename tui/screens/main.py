"""The main screen: status line, overview axis, timeline and detail panes, search bar, footer.

It owns what the user is looking at (filters, search, selection lives in the list) and the
actions over it; the modal screens (filters, export, help, context) are pushed from here and
report back through their dismiss values.

The status line and the detail pane follow reactive attributes: this screen's `filters` and
`is_loading`, and the list's `cursor_row`, `search`, `selection_count` and `shown_count`
(watched from `on_mount`). An action changes one of those; it does not redraw them itself.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.events import DescendantFocus, Resize
from textual.reactive import var
from textual.screen import ActiveBinding, Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Label, ProgressBar, Static

from timeline.labels import day_label
from timeline.models import ActorKind, Document, DocumentRef, Event
from timeline.session import (
    NamedView,
    SessionError,
    SessionState,
    capture,
    resolve,
    view_events,
    views_limit,
)
from timeline.sources import DocumentSource, display_path
from timeline.store.database import SCHEMA_VERSION
from timeline.store.events import (
    MAX_IDS,
    EventStore,
    EventStoreError,
    StoredEvents,
    StoredTimeline,
)
from timeline.timeline import Filters, Timeline
from tui.host import ExplorerHost
from tui.keys import ACTION_KEYS, HELP_GROUPS, PALETTE_ONLY, KeyHelp
from tui.rows import HIT_CAP
from tui.store_chart import SearchHits, StoreChartData
from tui.store_rows import StoreRows, stored_kind
from tui.widgets.chart import ChartView
from tui.widgets.detail import DetailPane
from tui.widgets.overview import Overview
from tui.widgets.safe import clean_line
from tui.widgets.timeline_view import TimelineView

if TYPE_CHECKING:
    from tui.screens.filters import ActorFilterScreen
    from tui.screens.views import ViewAction

MIN_WIDTH, MIN_HEIGHT = 60, 16
HISTORY_MAX = 100  # undo steps kept
# Selected events held by the undo steps together, at most (about 40 bytes each): a
# selection of 100,000 events toggled again and again keeps some 20 steps, not 400 MB.
HISTORY_SELECTED = 2_000_000

# The palette's commands over the saved views besides Open view: each lists the views, enter
# doing what it says (in the list, e, r and d export, rename and delete any of them).
VIEW_COMMANDS: list[tuple[str, str, ViewAction]] = [
    ("Export view", "Export a saved view's events without opening it: what e exports with "
     "it open.", "export"),
    ("Rename view", "Give a saved view another name (never one in use).", "rename"),
    ("Delete view", "Delete a saved view, after asking.", "delete"),
]  # fmt: skip


@dataclass(frozen=True)
class ViewState:
    """What u and ctrl+r step through: the selection and the filters."""

    selected: frozenset[int]
    filters: Filters


def _event_ids(event: Event | None) -> set[str]:
    """What finds an event again in another build of the corpus: its mention ids."""
    if event is None:
        return set()
    return set(event.mention_ids) or {event.id}


class MainScreen(Screen[None]):
    """The timeline explorer."""

    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [
        (0, "-tiny-w"),
        (MIN_WIDTH, "-narrow"),
        (110, "-wide"),
    ]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [
        (0, "-tiny-h"),
        (MIN_HEIGHT, "-short"),
        (32, "-tall"),
    ]

    BINDINGS: ClassVar[list[BindingType]] = ACTION_KEYS

    filters: var[Filters] = var(Filters, init=False, always_update=True)
    """What narrows the list. Setting it applies it (`apply_filters`): one O(n) pass and an
    undo step. Changed in place (``filters.actors = [...]``), `apply_filters` applies it."""

    is_loading: var[bool] = var(False, init=False)
    """Whether the documents are still being read."""

    def __init__(
        self, timeline: Timeline | StoredTimeline | None = None, *, loading: bool = False
    ) -> None:
        super().__init__()
        # Over the store (`set_stored`): the store's rows and the list's model over them;
        # ``timeline`` then holds no events, only the undated, documents, problems, name.
        self.event_store: EventStore | None = None
        self.store_rows: StoreRows | None = None
        self._stored = timeline if isinstance(timeline, StoredTimeline) else None
        self._store_span: tuple[date, date] | None = None
        if isinstance(timeline, StoredTimeline):
            timeline = None
        self.timeline = timeline if timeline is not None else Timeline([])
        self.set_reactive(MainScreen.is_loading, loading)
        # The widget that last had the focus: hiding the panes (a terminal made too small)
        # takes the focus away, and making it large again must give it back.
        self._last_focus: Widget | None = None
        self._loading_doing = "Reading documents"  # what the progress bar counts
        self._previewed = False  # the rows are a preview of a corpus still loading
        # Undo and redo: the state now, the states before it, and those undone.
        self._state = ViewState(frozenset(), Filters())
        self._undo: list[ViewState] = []
        self._redo: list[ViewState] = []
        self._restoring = False
        self._one_step_depth = 0
        # The actor dialog, kept between openings (`action_filter_actors`).
        self._actor_dialog: ActorFilterScreen | None = None

    @property
    def conflict_app(self) -> ExplorerHost:
        """The app, as what this screen needs of it (`tui.host`): no import of `tui.app`."""
        return cast(ExplorerHost, self.app)

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        with Container(id="main"):
            yield Static(id="status")
            yield Overview(id="overview")
            with Container(id="panes"):
                yield TimelineView(self.timeline, id="timeline")
                yield DetailPane(id="detail")
            yield ChartView(id="chart")
            with Vertical(id="loading"):
                yield Label("Reading documents…", id="loading-label")
                yield ProgressBar(id="loading-progress", show_eta=False)
            yield Input(placeholder="search sentences, actors, places", id="search-bar")
            yield Footer()
        yield Static(id="too-small")

    def on_mount(self) -> None:
        self.query_one("#detail", DetailPane).border_title = "Detail"
        self.query_one("#detail", DetailPane).describe = self.describe_source
        self.query_one("#search-bar", Input).display = False
        view = self.view
        self.watch(view, "cursor_row", self._cursor_changed, init=False)
        self.watch(view, "search", self._search_set, init=False)
        self.watch(view, "selection_count", self._selection_changed, init=False)
        self.watch(view, "shown_count", self._rows_changed, init=False)
        self._loading_changed(self.is_loading)
        if self._stored is not None:
            stored, self._stored = self._stored, None
            self.set_stored(stored)
        self._refresh_overview()
        self._cursor_changed()
        view.focus()
        if not self.is_loading:
            self.call_after_refresh(self._prepare_search)

    @property
    def view(self) -> TimelineView:
        return self.query_one(TimelineView)

    def on_resize(self, event: Resize) -> None:
        width, height = event.size
        # Narrow terminals need every footer cell for the keys themselves.
        footer = self.query_one(Footer)
        footer.compact = width < 110
        footer.show_command_palette = width >= 100
        self.update_status()
        self.query_one("#too-small", Static).update(
            f"Terminal too small: {width}×{height}.\n"
            f"conflict-tui needs at least {MIN_WIDTH}×{MIN_HEIGHT}.\n\nq or ctrl+c quits."
        )
        if width >= MIN_WIDTH and height >= MIN_HEIGHT and self.focused is None:
            # Once the panes are shown again (after this refresh) they can take the focus.
            self.call_after_refresh(self._restore_focus)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        self._last_focus = event.widget
        if self.chart_open and isinstance(event.widget, TimelineView | DetailPane):
            # Whatever hands the focus back to the panes (a search submitted, tab, a
            # dialog that moved the cursor) shows them: never a focused pane out of sight.
            self.remove_class("-chart")

    def _restore_focus(self) -> None:
        """Give the focus back to the widget that had it before the panes were hidden."""
        if self.focused is not None or not self.query_one("#main").display:
            return
        last = self._last_focus
        usable = last is not None and last.is_attached and last.focusable
        self.set_focus(last if usable else self.view)

    # ------------------------------------------------------- loading & data

    def _show_loading(self, loading: bool) -> None:
        self.is_loading = loading

    def watch_is_loading(self, loading: bool) -> None:
        if self.is_mounted:  # `on_mount` shows the state it starts in
            self._loading_changed(loading)

    def _loading_changed(self, loading: bool) -> None:
        self.set_class(loading, "-loading")
        overview = self.query_one(Overview)
        overview.placeholder = "reading documents…" if loading else "no dated events"
        overview.refresh()
        self.update_status()

    def _prepare_search(self) -> None:
        """Build the search index in a thread (~0.5 s at 100,000 events), not on the first /."""
        if self.timeline.events:
            timeline = self.timeline

            def build() -> None:
                timeline.prepare_search()
                # The index lives as long as the timeline: frozen with it, so that full
                # collections do not walk its strings (76 ms a pass at 100,000 events).
                gc.freeze()

            self.run_worker(
                build,
                thread=True,
                exclusive=True,
                group="search-index",
                exit_on_error=False,
            )

    def _still_loading(self) -> bool:
        """Whether the documents are still being read; if so, tell the user to wait."""
        if self.is_loading:
            self.notify("Still reading the documents; try again once they are shown.")
            # No dialog opens to take the keys typed after this one: hand them back now.
            self.app.call_after_refresh(self.conflict_app.release_keys)
        return self.is_loading

    def start_loading(self, total: int | None = None) -> None:
        self._show_loading(True)
        self.query_one("#loading-progress", ProgressBar).update(total=total, progress=0)

    def show_progress(self, done: int, total: int) -> None:
        self.query_one("#loading-progress", ProgressBar).update(total=total, progress=done)
        doing = self._loading_doing
        self.query_one("#loading-label", Label).update(f"{doing}… {done:,} of {total:,}")

    def show_loading_reason(self, why: str) -> None:
        """The store is extracting every file again: the progress bar says why."""
        self._loading_doing = f"Extracting every document again (the store was {why})"
        self.query_one("#loading-label", Label).update(f"{self._loading_doing}…")

    def show_preview(self, timeline: Timeline) -> None:
        """While the corpus loads: the events read so far (`tui.preview`), to move in and
        read; the cursor stays on its event. Selecting, filtering and exporting wait."""
        if not self.is_loading:
            return
        view = self.view
        ids = _event_ids(view.current_event)
        self.timeline = timeline
        view.selectable = False
        view.set_timeline(timeline)
        self.move_to(ids)
        self._previewed = True
        self.add_class("-preview")
        self._refresh_overview()
        self._cursor_changed()
        self.update_status()

    def preview_cursor(self) -> set[str]:
        """The ids of the event the user moved the cursor to in a preview (empty when no
        preview was shown or the cursor is still on the first row): kept once loaded."""
        view = self.view
        if not self._previewed or view.cursor_row == view.model.first_item_row():
            return set()
        return _event_ids(view.current_event)

    def move_to(self, ids: set[str]) -> bool:
        """Put the cursor on the event holding one of ``ids``, if there is one."""
        if not ids:
            return False
        if self.event_store is not None:  # looked up by the store's mention ids
            held = self.event_store.find_mentions(ids).values()
            return bool(held) and self.view.show_event(min(held))
        found = next(
            (i for i, e in enumerate(self.timeline.events) if not ids.isdisjoint(_event_ids(e))),
            None,
        )
        return found is not None and self.view.show_event(found)

    @property
    def named_events(self) -> Timeline | EventStore:
        """What names and finds events for sessions and views (`timeline.session`): the
        store when the list reads from it, else the timeline in memory."""
        return self.event_store if self.event_store is not None else self.timeline

    def _close_store(self) -> None:
        if self.event_store is not None:
            self.event_store.close()
        self.event_store = self.store_rows = None
        self._store_span = None

    def set_stored(self, stored: StoredTimeline) -> None:
        """Show a timeline whose events are the store's rows (`StoredTimeline`), unfiltered:
        the list, status line, axis, chart, dialogs, export, detail pane and reader all
        read them from the store, never a list of every event."""
        try:
            store = EventStore.open(stored.path, SCHEMA_VERSION)
        except EventStoreError as exc:
            self.notify(clean_line(str(exc)), title="The store", severity="error", timeout=30)
            self.set_timeline(Timeline([], problems=stored.problems, name=stored.name or ""))
            return
        self.set_timeline(
            Timeline(
                [],
                undated=stored.undated,
                documents=stored.documents,
                problems=stored.problems,
                name=stored.name or "",
            ),
            rows=StoreRows(store, stored.undated),
            store=store,
        )

    def set_timeline(
        self,
        timeline: Timeline,
        *,
        rows: StoreRows | None = None,
        store: EventStore | None = None,
    ) -> None:
        """Show a (newly loaded) timeline, unfiltered (with ``rows`` and ``store``: its
        events are those rows, `set_stored`)."""
        self._close_store()
        self.event_store, self.store_rows = store, rows
        if store is not None:
            self._store_span = store.span()
        self.timeline = timeline
        self._previewed = False
        self.remove_class("-preview")
        self.view.selectable = True
        self.set_reactive(MainScreen.filters, Filters())  # the new timeline shows them all
        self._state = ViewState(frozenset(), Filters())
        self._undo.clear()
        self._redo.clear()
        self._show_loading(False)
        if rows is not None:
            self.view.set_source(rows)
        else:
            self.view.set_timeline(timeline)
        bar = self.query_one("#search-bar", Input)
        if bar.display and bar.value.strip():  # a search typed while the documents loaded
            self.view.set_search(bar.value)
        self._refresh_overview()
        self.call_after_refresh(self._prepare_search)

    def _refresh_overview(self) -> None:
        overview = self.query_one(Overview)
        if self.store_rows is not None:  # month counts from the store's aggregates
            overview.set_spans(self.store_rows.query.month_spans(), self._store_span)
        else:
            overview.set_data(self.timeline.events, self.view.shown, self.timeline.span)
        if self.chart_open:
            self._refresh_chart()

    # ----------------------------------------------------------------- chart

    @property
    def chart_open(self) -> bool:
        return self.has_class("-chart")

    def _refresh_chart(self) -> None:
        """Chart the shown events (O(n)), its cursor on the timeline cursor's period."""
        view = self.view
        cursor = view.current_event_index
        if cursor is None and view.current_undated is not None and view.shown:
            cursor = view.shown[-1]  # the undated come after the last dated event
        if self.store_rows is not None and self.event_store is not None:
            self.query_one(ChartView).set_source(
                StoreChartData(self.event_store, self.store_rows.query),
                cursor_event=cursor,
                hits=self._chart_hits(),
            )
            return
        self.query_one(ChartView).set_data(
            self.timeline.events,
            view.shown,
            cursor_event=cursor,
            hits=view.hit_events(),
        )

    def _chart_hits(self) -> Sequence[int]:
        """The search hits for the chart: every hit event in memory; over the store, the
        hits counted per month by a query, not listed."""
        view = self.view
        if self.store_rows is not None:
            return SearchHits(self.store_rows.query, view.search)
        return view.hit_events()

    def action_toggle_chart(self) -> None:
        if self.chart_open:
            self._close_chart()
            return
        if self._still_loading():
            return
        self.add_class("-chart")
        self._refresh_chart()
        self.set_focus(self.query_one(ChartView))

    def _close_chart(self) -> None:
        self.remove_class("-chart")
        self.set_focus(self.view)

    @on(ChartView.Closed)
    def _chart_closed(self) -> None:
        self._close_chart()

    @on(ChartView.GoTo)
    def _chart_go_to(self, message: ChartView.GoTo) -> None:
        self._close_chart()
        self.view.show_event(message.index)

    # ---------------------------------------------------------------- status

    def update_status(self) -> None:
        """The status line: corpus, counts, filter, search, selection, fitted to the width.

        When it is too long (80 columns), the undated count goes first, then the filter is
        shortened, the counts made compact and last the corpus name shortened: the search as
        typed, its hits and the selection always show whole.
        """
        view = self.view
        timeline = self.timeline
        bold = Style(bold=True)
        name = Text(clean_line(timeline.name or "conflict-tui"), style=bold)
        counts = compact = undated = filters = search = selected = None
        if self.is_loading and self._previewed:
            so_far = f"{len(timeline.events):,} so far"
            counts = Text(f"loading… {so_far} (not merged yet)")
            compact = Text(f"loading… {so_far}")
        elif self.is_loading:
            counts = compact = Text("loading…")
        else:
            # The list's counts (a count query over the store, not a list of every event).
            shown, total = view.model.shown_count, view.model.total
            noun = "event" if total == 1 else "events"
            counts = Text(f"{shown} of {total} {noun}")
            compact = Text(f"{shown}/{total}")
            if timeline.undated:
                shown_undated = len(timeline.undated) if view.show_undated else 0
                undated = Text(f"{shown_undated} undated")
        if self.filters.active:
            filters = Text.assemble(("filter", bold), " ", clean_line(self.describe_filters()))
        if view.search:
            if self.store_rows is not None:
                # Counted up to HIT_CAP: every hit of "c" in a million events is a scan
                # (0.8 s); the status says "10000+" past it.
                position = view.model.hit_position(view.cursor_row, HIT_CAP)
                found = view.model.count_hits(HIT_CAP + 1)
                count = f"{HIT_CAP}+" if found > HIT_CAP else str(found)
                where = f"{HIT_CAP}+/" if (position or 0) > HIT_CAP else f"{position}/"
                where = where if position else ""
            else:
                position = view.hit_position
                where = f"{position}/" if position else ""
                count = str(len(view.hits))
            search = Text.assemble(("/", bold), clean_line(view.search), f" {where}{count} hits")
        if view.selected:
            selected = Text(f"{len(view.selected)} selected")
        width = self.size.width - 2  # the bar's padding

        def line() -> Text:
            parts = [name, counts, undated, filters, search, selected]
            return Text(" │ ").join(part for part in parts if part is not None)

        for shrink in ("undated", "filters", "counts", "name"):
            excess = line().cell_len - width
            if width <= 0 or excess <= 0:
                break
            if shrink == "filters" and filters is not None:
                filters.truncate(max(12, filters.cell_len - excess), overflow="ellipsis")
            elif shrink == "name":
                name.truncate(max(8, name.cell_len - excess), overflow="ellipsis")
            elif shrink == "counts":
                counts = compact
            elif shrink == "undated":
                undated = None
        self.query_one("#status", Static).update(line())

    def describe_filters(self) -> str:
        """ "2022 · Russia, NATO": the time range as typed at its coarsest, then the actors."""
        return self.filters.describe()

    # The watchers of the list's reactive attributes (registered in `on_mount`).

    def _cursor_changed(self) -> None:
        """The cursor moved, or the rows under it changed: the detail pane and the axis
        follow it, and the status line's "3/12 hits" when there is a search."""
        view = self.view
        event, undated = view.current_event, view.current_undated
        detail = self.query_one(DetailPane)
        if event is not None:
            detail.show_event(event)
        elif undated is not None:
            detail.show_undated(undated)
        elif self.is_loading:
            detail.show_nothing("Loading…")
        else:
            detail.show_nothing("No events match the filters. x clears them.")
        self.query_one(Overview).set_cursor(event)
        if view.search:
            self.update_status()

    def _search_set(self) -> None:
        self.query_one(DetailPane).set_search(self.view.search)
        self.update_status()
        self.refresh_bindings()

    def _selection_changed(self) -> None:
        self._record()
        self.update_status()
        self.refresh_bindings()

    def _rows_changed(self) -> None:
        self.update_status()
        self.refresh_bindings()

    # --------------------------------------------------------------- actions

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys for the footer: those with nothing to do right now are left out.

        Left out of the footer only: the keys still run, and say why nothing happens (a
        disabled binding would be a key that silently does nothing). Help lists them all.
        """
        idle = self.view.idle_actions()
        if not (self.filters.active or self.view.search):
            idle.add("clear_filters")
        if not self.conflict_app.problems:
            idle.add("show_problems")
        return {
            key: active
            for key, active in super().active_bindings.items()
            if active.binding.action.rpartition(".")[2] not in idle
        }

    def action_switch_pane(self) -> None:
        detail = self.query_one(DetailPane)
        if self.focused is self.view:
            detail.focus()
        else:
            self.view.focus()

    def action_open_context(self) -> None:
        from tui.screens.context import ContextScreen

        event = self.view.current_event
        undated = self.view.current_undated
        if event is None and undated is None:
            return
        document_id = event.document.id if event else undated.document.id  # type: ignore[union-attr]
        document = next((d for d in self.timeline.documents if d.id == document_id), None)
        self.conflict_app.open_dialog(ContextScreen(event, undated, document))

    def action_search(self) -> None:
        bar = self.query_one("#search-bar", Input)
        if self.focused is bar:  # a "/" typed into the search itself
            bar.insert_text_at_cursor("/")
            return
        bar.display = True
        bar.value = self.view.search
        bar.cursor_position = len(bar.value)
        self.set_focus(bar)  # at once; Widget.focus() would wait for the next loop turn

    @on(Input.Changed, "#search-bar")
    def _search_changed(self, message: Input.Changed) -> None:
        self.view.set_search(message.value)
        if self.chart_open:  # the hits marked, the cursor on the first hit's period
            chart = self.query_one(ChartView)
            chart.set_hits(self._chart_hits())
            chart.follow(self.view.current_event_index)

    @on(Input.Submitted, "#search-bar")
    def _search_submitted(self, message: Input.Submitted) -> None:
        # Keep the hits highlighted and go back to the list, where n/N walk them.
        if not message.value.strip():
            self.action_clear_search()
            return
        self.view.focus()
        if not self.view.model.count_hits(1) and not self.is_loading:
            typed = _escape(message.value.strip())
            self.notify(f"No match for “{typed}”.", severity="warning")

    def action_clear_search(self) -> None:
        bar = self.query_one("#search-bar", Input)
        bar.value = ""
        bar.display = False
        self.view.set_search("", jump=False)
        self.view.focus()

    def action_filter_actors(self) -> None:
        from tui.screens.filters import ActorFilterScreen

        if self._still_loading():
            return

        def chosen(actors: list[str] | None) -> None:
            if actors is not None:
                self.filters = self.filters.model_copy(update={"actors": actors})

        dialog = self._actor_dialog
        if dialog is not None and dialog in self.app.screen_stack:
            return  # open already (asked again through the palette)
        counts = self._actor_counts()
        if dialog is None or not self.app.is_screen_installed(dialog):
            # Kept (installed) between openings: building it took most of an opening's
            # 40 ms at a million events, its slowest over 100 ms (issue 12, item 2).
            dialog = self._actor_dialog = ActorFilterScreen(counts, self.filters.actors)
            self.app.install_screen(dialog, f"actor-filter-{id(self)}")
        else:
            dialog.reopen(counts, self.filters.actors)
        self.conflict_app.open_dialog(dialog, chosen)

    def _actor_counts(self) -> list[tuple[str, ActorKind, int]]:
        """Every actor with its number of events, most frequent first (the store's counts
        when the list reads from it)."""
        if self.event_store is None:
            return self.timeline.actor_counts()
        return [(n, stored_kind(k), c) for n, k, c in self.event_store.query().actor_counts()]

    def action_filter_types(self) -> None:
        from tui.screens.filters import TypeFilterScreen

        if self._still_loading():
            return

        def chosen(types: list[str] | None) -> None:
            if types is not None:
                self.filters = self.filters.model_copy(update={"event_types": types})

        self.conflict_app.open_dialog(
            TypeFilterScreen(
                self.event_store.query().type_counts()
                if self.event_store is not None
                else self.timeline.type_counts(),
                self.filters.event_types,
            ),
            chosen,
        )

    def action_filter_time(self) -> None:
        from tui.screens.filters import TimeFilterScreen

        if self._still_loading():
            return

        def chosen(bounds: tuple[date | None, date | None] | None) -> None:
            if bounds is not None:
                start, end = bounds
                self.filters = self.filters.model_copy(update={"start": start, "end": end})

        self.conflict_app.open_dialog(
            TimeFilterScreen(self.filters.start, self.filters.end), chosen
        )

    def action_go_to_date(self) -> None:
        from tui.screens.goto import GoToDateScreen

        if self._still_loading():
            return

        def chosen(day: date | None) -> None:
            if day is not None:
                self.go_to_date(day)

        self.conflict_app.open_dialog(GoToDateScreen(), chosen)

    def go_to_date(self, day: date) -> None:
        """Put the cursor on the first shown event on or after ``day``, in the list's focus."""
        view = self.view
        if not view.shown:
            self.notify("No events shown; x clears the filters.", severity="warning")
            return
        if not view.jump_to_date(day):
            self.notify(f"No event shown on or after {day_label(day)}: this is the last.")
        self.set_focus(view)

    @on(Overview.DateClicked)
    def _axis_clicked(self, message: Overview.DateClicked) -> None:
        self.go_to_date(message.day)

    def action_clear_filters(self) -> None:
        if not (self.filters.active or self.view.search):
            self.notify("No filters or search to clear.")
            return
        self.filters = Filters()
        self.action_clear_search()
        self.notify("Filters cleared.")

    # ----------------------------------------------------------- undo & redo

    def _snapshot(self) -> ViewState:
        selected = self.view.selected
        # A step that changed only the filters shares the selection of the one before it.
        same = self._state.selected == selected
        frozen = self._state.selected if same else frozenset(selected)
        return ViewState(frozen, self.filters.model_copy(deep=True))

    def _record(self) -> None:
        """After a change of the selection or the filters: the state before it can be undone."""
        if self._restoring or self._one_step_depth:
            return
        now = self._snapshot()
        if now == self._state:
            return
        self._undo.append(self._state)
        del self._undo[:-HISTORY_MAX]
        while len(self._undo) > 1 and sum(len(s.selected) for s in self._undo) > HISTORY_SELECTED:
            del self._undo[0]
        self._redo.clear()
        self._state = now

    @contextmanager
    def _one_step(self) -> Iterator[None]:
        """Changes of the selection and the filters made in this block are one undo step."""
        self._one_step_depth += 1
        try:
            yield
        finally:
            self._one_step_depth -= 1
        self._record()

    def _restore(self, state: ViewState) -> None:
        self._restoring = True
        try:
            self.filters = state.filters.model_copy(deep=True)
            self.view.set_selection(set(state.selected))
        finally:
            self._restoring = False
        self._state = state

    def action_undo(self) -> None:
        self._record()  # a change whose message has not arrived yet is a step too
        if not self._undo:
            self.notify("Nothing to undo.")
            return
        self._redo.append(self._state)
        self._restore(self._undo.pop())

    def action_redo(self) -> None:
        self._record()
        if not self._redo:
            self.notify("Nothing to redo.")
            return
        self._undo.append(self._state)
        self._restore(self._redo.pop())

    def history(self) -> tuple[list[ViewState], list[ViewState]]:
        """The undo and redo steps (oldest first), to carry across a new timeline."""
        self._record()
        return list(self._undo), list(self._redo)

    def carry_history(
        self, history: tuple[list[ViewState], list[ViewState]], moved: dict[int, int]
    ) -> None:
        """Put back undo and redo steps taken on an earlier build of this corpus, their
        selections moved by ``moved`` (old index → new; events no longer there dropped).
        Steps that end up the same as the one after them are dropped."""

        def carried(steps: list[ViewState]) -> list[ViewState]:
            out: list[ViewState] = []
            for step in steps:
                selected = frozenset(moved[i] for i in step.selected if i in moved)
                state = ViewState(selected, step.filters)
                if not out or out[-1] != state:
                    out.append(state)
            return out

        undo, redo = carried(history[0]), carried(history[1])
        if undo and undo[-1] == self._state:
            undo.pop()
        if redo and redo[-1] == self._state:
            redo.pop()
        self._undo, self._redo = undo, redo

    # --------------------------------------------------------------- session

    def session_state(self, theme: str | None) -> SessionState:
        """What to keep of this screen for the next run on the same corpus."""
        view = self.view
        return capture(
            self.named_events,
            selected=view.selected,
            filters=self.filters,
            search=view.search,
            cursor=view.current_event_index,
            theme=theme,
        )

    def restore_session(self, state: SessionState) -> int:
        """Show ``state``: its filters, selection, search and cursor. Returns how many of its
        selected events are gone. The restored view is where undo starts."""
        selected, cursor, gone = resolve(self.named_events, state)
        self._restoring = True
        try:
            self._show_view(state.filters, selected, state.search)
        finally:
            self._restoring = False
        if cursor is not None:
            self.view.show_event(cursor)
        self._state = self._snapshot()
        self._undo.clear()
        self._redo.clear()
        return gone

    def _show_view(self, filters: Filters, selected: set[int], search: str) -> None:
        """Put these filters, this selection and this search in force (one undo step)."""
        # From a file (a saved session or view): shown in the search bar, so made one safe line.
        search = clean_line(search)
        with self._one_step():
            # The search is the bar's, below.
            self.filters = filters.model_copy(deep=True, update={"search": ""})
            self.view.set_selection(selected)
        bar = self.query_one("#search-bar", Input)
        if search.strip():
            with bar.prevent(Input.Changed):
                bar.value = search
            bar.display = True
            self.view.set_search(search, jump=False)
        elif self.view.search:
            self.action_clear_search()

    # ----------------------------------------------------------- named views

    def _views(self) -> dict[str, NamedView] | None:
        """This corpus's saved views; None (having said why) when views are off or unreadable."""
        store = self.conflict_app.session
        if store is None:
            why = (
                "read-only session and no [session] directory in the site config"
                if self.conflict_app.read_only
                else "no corpus to keep them for"
            )
            self.notify(f"Named views are off: {why}.", severity="warning")
            return None
        try:
            return store.load_views(limit=views_limit(self.named_events))
        except SessionError as exc:
            self.notify(clean_line(str(exc)), title="Named views", severity="warning")
            return None

    def _change_views(self, change: Callable[[dict[str, NamedView]], None], title: str) -> bool:
        """Apply ``change`` to the views as saved now (another window may have saved since)
        and write them; False, having said why, when that fails."""
        store = self.conflict_app.session
        if store is None:
            return False
        limit = views_limit(self.named_events)
        try:
            latest = store.load_views(limit=limit)
            change(latest)
            store.save_views(latest, limit=limit)
        except (SessionError, KeyError) as exc:
            why = str(exc) if isinstance(exc, SessionError) else "it is no longer saved"
            self.notify(clean_line(why), title=title, severity="error")
            return False
        return True

    def action_save_view(self) -> None:
        from tui.screens.views import SaveViewScreen, describe_view

        if self._still_loading():
            return
        views = self._views()
        if views is None:
            return
        view = self.view
        describe = describe_view(self.filters, view.search, len(view.selected))
        saved = NamedView(
            filters=self.filters.model_copy(deep=True),
            search=view.search,
            selected=capture(
                self.named_events, selected=view.selected, filters=Filters(), search="",
                cursor=None, theme=None,
            ).selected,
        )  # fmt: skip

        def chosen(name: str | None) -> None:
            if name is None:
                return
            if self._change_views(lambda views: views.update({name: saved}), "View not saved"):
                self.notify(f"Saved the view “{_escape(name)}”. The palette's Open view lists it.")

        self.conflict_app.open_dialog(SaveViewScreen(describe, list(views)), chosen)

    def action_open_view(self, mode: ViewAction = "open") -> None:
        """The saved views, enter doing ``mode`` (the palette's Open, Export, Rename or
        Delete view); e, r and d export, rename and delete whatever the mode."""
        from tui.screens.views import OpenViewScreen, describe_view

        if self._still_loading():
            return
        views = self._views()
        if views is None:
            return
        if not views:
            self.notify("No saved views yet: the palette's Save view keeps the current one.")
            return

        def chosen(picked: tuple[ViewAction, str] | None) -> None:
            if picked is None:
                return
            action, name = picked
            latest = self._views()  # renamed or deleted in the dialog meanwhile
            if latest is None or name not in latest:
                return
            if action == "export":
                self._export_view(name, latest[name])
                return
            saved = latest[name]
            selected, _cursor, gone = resolve(
                self.named_events, SessionState(selected=saved.selected)
            )
            self._show_view(saved.filters, selected, saved.search)
            self.set_focus(self.view)
            note = f" ({gone} of its events are no longer here)" if gone else ""
            self.notify(f"Opened the view “{_escape(name)}”{note}. u goes back.")

        self.conflict_app.open_dialog(
            OpenViewScreen(
                {
                    name: describe_view(v.filters, v.search, len(v.selected))
                    for name, v in views.items()
                },
                mode=mode,
                rename=self._rename_view,
                delete=self._delete_view,
            ),
            chosen,
        )

    def _rename_view(self, old: str, new: str) -> bool:
        def change(views: dict[str, NamedView]) -> None:
            if new in views:  # saved meanwhile from another window: never replaced here
                raise SessionError(f"a view is named “{new}” now; not renamed")
            views[new] = views.pop(old)

        if not self._change_views(change, "View not renamed"):
            return False
        self.notify(f"Renamed the view “{_escape(old)}” to “{_escape(new)}”.")
        return True

    def _delete_view(self, name: str) -> bool:
        if not self._change_views(lambda views: views.pop(name) and None, "View not deleted"):
            return False
        self.notify(f"Deleted the view “{_escape(name)}”.")
        return True

    def _export_view(self, name: str, saved: NamedView) -> None:
        """Export what ``e`` would once the view is open (its selection its filters show,
        else every event they show), leaving the filters and selection in force alone."""
        from tui.screens.views import ViewExportScreen

        app = self.conflict_app
        exporting, allowed = self._export_directory()
        if not exporting:
            return
        found = view_events(self.named_events, saved)
        if not found.indices:
            self.notify(
                f"Nothing to export: no events in the view “{_escape(name)}”.", severity="warning"
            )
            return
        if found.gone:
            self.notify(f"{found.gone} of the view's selected events are no longer here.")
        corpus = self.timeline.name or "timeline"
        self.conflict_app.open_dialog(
            ViewExportScreen(
                name,
                self._events(found.indices),
                what="selected" if found.selected else "shown",
                corpus_name=f"{corpus} {name}",
                memory=app.export_memory,
                today=app.today(),
                title=f"{corpus}: {name}",
                allowed_directory=allowed,
                options=app.config.export.options(),
                hidden=found.hidden,
            )
        )

    def action_start_clean(self) -> None:
        """The palette's "Start clean": no selection, filters or search (u brings them back)."""
        with self._one_step():
            self.view.set_selection(set())
            self.filters = Filters()
        self.action_clear_search()
        self.view.action_first()
        self.notify("Started clean: nothing selected, no filters. u undoes.")

    def watch_filters(self) -> None:
        if self.is_mounted:  # nothing to filter before the list is there
            self.apply_filters()

    def apply_filters(self) -> None:
        """Recompute the shown events (O(n)) and redraw what depends on them."""
        self.view.set_filters(self.filters, show_undated=not self.filters.active)
        self._refresh_overview()
        self._record()
        if not self.view.model.shown_count and self.view.model.total:
            self.notify("No events match these filters; x clears them.", severity="warning")

    def _export_directory(self) -> tuple[bool, Path | None]:
        """Whether this session may export, and the one directory it may write in (None:
        anywhere). A read-only session exports only into the config's export directory,
        and says so when there is none."""
        app = self.conflict_app
        allowed = app.config.export.directory if app.read_only else None
        if app.read_only and allowed is None:
            self.notify(
                "Read-only session and no export directory in the config: export is off.",
                severity="warning",
            )
            return False, None
        return True, allowed

    def action_export(self) -> None:
        from tui.screens.export import ExportScreen

        if self._still_loading():
            return
        app = self.conflict_app
        exporting, allowed = self._export_directory()
        if not exporting:
            return
        chosen, hidden = self._shown_selection_ids()
        if self.store_rows is not None:  # read from the store in batches as they are written
            events: Sequence[Event] = self._events(chosen or self.store_rows.shown)
        else:
            events = self._events(chosen) or self.view.shown_events
        if not events:
            self.notify("Nothing to export: no events shown.", severity="warning")
            return
        what = "selected" if chosen else "shown"
        self.conflict_app.open_dialog(
            ExportScreen(
                events,
                what=what,
                corpus_name=self.timeline.name or "timeline",
                memory=app.export_memory,
                today=app.today(),
                allowed_directory=allowed,
                options=app.config.export.options(),
                hidden=hidden,
            )
        )

    def shown_selection(self) -> tuple[list[Event], int]:
        """The selected events the filters show, in order, and how many selected they hide.

        The selection outlives a filter change; what is exported or copied is what the
        user can see selected, never events the filters hide.
        """
        visible, hidden = self._shown_selection_ids()
        return self.view.model.load_events(visible), hidden

    def _shown_selection_ids(self) -> tuple[list[int], int]:
        """The selected events the filters show (ids, ascending) and how many they hide."""
        view = self.view
        if not view.selected:
            return [], 0
        if self.store_rows is not None:  # asked of the store, a page of ids at a time
            visible = self.store_rows.query.kept(sorted(view.selected))
        else:
            shown = set(view.shown)
            visible = [i for i in sorted(view.selected) if i in shown]
        return visible, len(view.selected) - len(visible)

    def _events(self, ids: Sequence[int]) -> Sequence[Event]:
        """Events ``ids``: from the timeline in memory, or a sequence reading them from the
        store in batches each time it is gone through (an export, in its thread)."""
        if self.event_store is not None:
            return StoredEvents(self.event_store.path, SCHEMA_VERSION, ids)
        events = self.timeline.events
        return [events[i] for i in ids]

    def action_copy(self) -> None:
        from timeline.export import to_markdown

        events, hidden = self.shown_selection()
        if not events and self.view.current_event is not None:
            events = [self.view.current_event]
        left_out = f" ({hidden} selected hidden by the filters left out)" if hidden else ""
        if events:
            self.app.copy_to_clipboard(to_markdown(events, title=self.timeline.name))
            noun = "event" if len(events) == 1 else "events"
            self.notify(f"Copied {len(events)} {noun} as Markdown{left_out}.")
            return
        undated = self.view.current_undated
        if undated is not None:
            self.app.copy_to_clipboard(undated.sentence.text)
            self.notify("Copied the sentence.")
        else:
            self.notify("Nothing to copy.", severity="warning")

    # --------------------------------------------------------------- sources

    def describe_source(self, ref: DocumentRef) -> DocumentSource:
        """Where a document came from: its path below the corpus root, source and URL."""
        document = self.timeline.document(ref.id)
        path = display_path(ref.path, self.conflict_app.roots)
        if document is None:
            return DocumentSource(path=path)
        return DocumentSource(path=path, source=document.source, url=document.url)

    def _current_document(self) -> tuple[DocumentRef | None, Document | None]:
        event = self.view.current_event
        undated = self.view.current_undated
        ref = event.document if event else undated.document if undated else None
        return ref, self.timeline.document(ref.id) if ref is not None else None

    def action_read_document(self) -> None:
        from tui.screens.reader import ReaderScreen, passages_of

        ref, document = self._current_document()
        if ref is None:
            self.notify("No event under the cursor.")
            return
        if document is None:
            self.notify(
                "The document's text is not here (events reopened from an export).",
                severity="warning",
            )
            return
        if self.event_store is not None:  # the document's events, from the store
            told = self.event_store.events_of(ref.id)[:MAX_IDS]
            found = self.event_store.events_by_id(told)
            passages = passages_of(document.id, [(i, found[i]) for i in told if i in found])
        else:
            events = self.timeline.events
            passages = passages_of(
                document.id, [(i, events[i]) for i in self.timeline.events_of(ref.id)]
            )
        origin = self.describe_source(ref)
        line = " · ".join(part for part in (origin.path, origin.source, origin.url) if part)

        def chosen(index: int | None) -> None:
            if index is None:
                return
            if not self.view.show_event(index):
                self.notify(
                    "That event is hidden by the filters; x clears them.", severity="warning"
                )
            self.set_focus(self.view)

        self.conflict_app.open_dialog(
            ReaderScreen(
                document, passages, current_event=self.view.current_event_index, origin=line
            ),
            chosen,
        )

    def action_copy_url(self) -> None:
        ref, _document = self._current_document()
        if ref is None:
            self.notify("No event under the cursor.")
            return
        url = self.describe_source(ref).url
        if url is None:
            self.notify("No URL for this document.", severity="warning")
            return
        # Checked when read (`timeline.sources.web_url`): an http(s) address, no controls.
        self.app.copy_to_clipboard(url)
        self.notify(f"Copied {_escape(url)}")

    def action_show_problems(self) -> None:
        self.conflict_app.action_show_problems()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.conflict_app.open_dialog(HelpScreen(self.key_help()))

    # ------------------------------------------------ help & command palette

    def key_help(self) -> list[KeyHelp]:
        """Every binding of the list, this screen and the app, by the named groups of
        `tui.keys.HELP_GROUPS`, with keymap remaps applied."""
        app = self.app
        keymap = self.conflict_app.keymap
        owners = {"view": self.view, "screen": self, "app": app}
        out: list[KeyHelp] = []
        for group, owner, bindings in HELP_GROUPS:
            node = owners[owner]
            for binding in bindings:
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                keys = keymap.get(binding.id or "", binding.key)
                shown = " ".join(
                    app.get_key_display(Binding(key.strip(), "")) for key in keys.split(",")
                )
                run = partial(node.run_action, binding.action)
                out.append(KeyHelp(group, shown, binding.description, binding.tooltip, run))
        out.append(
            KeyHelp(
                "Actions",
                PALETTE_ONLY,
                "Save view",
                "Keep the filters, search and selection under a name, for this corpus.",
                self.action_save_view,
            )
        )
        out.append(
            KeyHelp(
                "Actions",
                PALETTE_ONLY,
                "Open view",
                "List the views saved for this corpus and open one (u goes back).",
                self.action_open_view,
            )
        )
        out.extend(
            KeyHelp(
                "Actions", PALETTE_ONLY, description, tooltip, partial(self.action_open_view, mode)
            )
            for description, tooltip, mode in VIEW_COMMANDS
        )
        out.append(
            KeyHelp(
                "Actions",
                PALETTE_ONLY,
                "Start clean",
                "Unselect everything, clear the filters and the search, go to the first event; "
                "u brings them back.",
                self.action_start_clean,
            )
        )
        palette = app.COMMAND_PALETTE_BINDING
        out.append(
            KeyHelp(
                "App",
                app.get_key_display(Binding(palette, "")),
                "Commands",
                "Open the command palette: every action by name.",
                app.action_command_palette,
            )
        )
        return out


def _escape(text: str) -> str:
    """User data for a markup string: on one line, control characters made visible (a corpus
    or actor name comes from input) and Textual content markup escaped."""
    return clean_line(text).replace("[", r"\[")
