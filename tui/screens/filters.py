"""The filter dialogs: actors and event types picked from a list with counts, and a typed
time range.

Both close with a visible Cancel button, ctrl+c or Esc (Esc alone is slow over SSH, so it is
never the only way), and dismiss with ``None`` when cancelled.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.strip import Strip
from textual.widgets import Button, Input, Label, OptionList, SelectionList
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection

from timeline.models import ActorKind
from timeline.timeline import FilterError, format_time_range, parse_time_range
from tui.screens.base import DialogScreen, focus_first
from tui.widgets.safe import clean_line


def _prompt(text: str) -> Text:
    """A list entry naming something from input (an actor from the gazetteer or an article):
    plain text, never markup ("[" stays "["), on one line with controls made visible."""
    return Text(clean_line(text))


class ActorList(SelectionList[str]):
    """The actor checklist: space ticks, enter applies the filter.

    A binding on the list itself, not a priority one on the screen: priority bindings run
    ahead of keys still queued for the focused widget. And the apply goes through this
    widget's own queue: a tick is a message the list posts to itself, so a fast "space
    enter" (or a paste) must apply only after that message, or the tick would be lost.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "apply", "Apply", id="actor-filter-apply",
                tooltip="Show only events naming the ticked actors."),
    ]  # fmt: skip

    def action_apply(self) -> None:
        screen = self.screen
        if isinstance(screen, ActorFilterScreen):
            self.call_later(screen.action_apply)

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Tick the option space was pressed on. Textual's own handler ticks whatever is
        # highlighted when the message arrives, so "space down space" typed quickly (or
        # batched by SSH) ticked the second actor twice, i.e. not at all, and the first never.
        event.stop()
        event.prevent_default()
        self.toggle(self.get_option_at_index(event.option_index))

    def render_line(self, y: int) -> Strip:
        """Textual's "▐X▌" box, which tells ticked from not by colour only, as "[x]" / "[ ]"."""
        strip = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) < 4:
            return strip
        ticked = selection.value in self._selected
        box = Segment("[x]" if ticked else "[ ]", segments[1].style + Style(bold=ticked))
        return Strip([box, *segments[3:]], strip.cell_length)


class FindInput(Input):
    """The picker's find field: down (like enter) goes on to the list below it.

    A binding, not a key handler: the app holds the keys typed after a bound key until its
    binding has run (`ConflictApp.hold_keys`), so a key stopped in a handler would hold them.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_list", "To the list", show=False),
    ]

    def action_to_list(self) -> None:
        screen = self.screen
        if isinstance(screen, ActorFilterScreen):
            screen.to_list()


class ActorFilterScreen(DialogScreen[list[str] | None]):
    """Pick the actors to show (an event naming any of them is shown).

    "/" goes to a find field above the list: each letter narrows the list to the names that
    contain it (a corpus can have hundreds of actors); down or enter go back to the list.
    Ticks made on names the find hides are kept, and applied.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "cancel", "Cancel", show=False, id="actor-filter-cancel",
                tooltip="Close without changing the filter."),
        Binding("slash", "find", "Find", show=False, id="actor-filter-find",
                tooltip="Type part of a name to narrow the list."),
    ]  # fmt: skip

    TITLE = "Filter by actor"
    NOUN = "actor"

    def __init__(self, counts: list[tuple[str, ActorKind, int]], chosen: list[str]) -> None:
        super().__init__()
        self.counts = counts
        self.chosen = set(chosen)
        self._listed: set[str] = {name for name, _, _ in counts}  # on the list now
        self._reopened = False  # set by `reopen`: focus the list when resumed

    def _prompt_for(self, name: str, kind: ActorKind, count: int) -> Text:
        return _prompt(f"{name}  ({kind.value.replace('_', ' ')}, {count})")

    def _selections(self, needle: str = "") -> list[Selection[str]]:
        folded = needle.strip().casefold()
        return [
            Selection(self._prompt_for(name, kind, count), name, name in self.chosen)
            for name, kind, count in self.counts
            if folded in name.casefold()
        ]

    def _hint(self) -> str:
        return f"space ticks · enter applies · / finds an {self.NOUN} · several at once"

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(self.TITLE, classes="dialog-title")
            yield Label(self._hint(), classes="dialog-hint")
            yield FindInput(placeholder=f"/ find an {self.NOUN}", id="find")
            yield ActorList(*self._selections(), id="actors")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Untick all", id="none")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        if not self.counts:
            self.query_one(".dialog-hint", Label).update(self._empty())
        focus_first(self, self.query_one("#actors"))

    def reopen(self, counts: list[tuple[str, ActorKind, int]], chosen: list[str]) -> None:
        """Show ``counts`` with ``chosen`` ticked, as a new dialog would (find empty, the
        first name highlighted, the list focused), before the screen is pushed again.

        A dialog kept between openings (`MainScreen.action_filter_actors`) skips building its
        widgets and matching their styles, most of what an opening took; its list is built
        again only when the names, counts or ticks differ from what it shows."""
        listed_before, self.counts, self.chosen = self.counts, counts, set(chosen)
        if not self.is_mounted:  # never shown: compose lists them
            self._listed = {name for name, _, _ in counts}
            return
        self._reopened = True
        find = self.query_one("#find", Input)
        narrowed = bool(find.value)
        with find.prevent(Input.Changed):  # the list is set here, not again by the event
            find.value = ""
        listed = self.query_one("#actors", SelectionList)
        names = {name for name, _, _ in counts}
        if narrowed or counts != listed_before or set(listed.selected) != self.chosen & names:
            listed.clear_options()
            listed.add_options(self._selections())
        self._listed = names
        listed.highlighted = 0 if listed.option_count else None
        listed.scroll_home(animate=False, immediate=True)
        self.query_one(".dialog-hint", Label).update(self._hint() if counts else self._empty())

    def on_screen_resume(self) -> None:
        # Pushed again after `reopen`: the list takes the focus, as `on_mount` gave it.
        if self._reopened:
            self._reopened = False
            focus_first(self, self.query_one("#actors"))

    def _empty(self) -> str:
        return "No actors were found in this corpus."

    def _sync(self) -> None:
        """Take the ticks on the list into ``chosen`` (ticks on hidden names stay)."""
        listed = self.query_one("#actors", SelectionList)
        self.chosen = (self.chosen - self._listed) | set(listed.selected)

    def action_find(self) -> None:
        find = self.query_one("#find", Input)
        self.set_focus(find)
        find.cursor_position = len(find.value)

    @on(Input.Changed, "#find")
    def _find_changed(self, message: Input.Changed) -> None:
        self._sync()
        selections = self._selections(message.value)
        listed = self.query_one("#actors", SelectionList)
        listed.clear_options()
        listed.add_options(selections)
        self._listed = {selection.value for selection in selections}
        hint = self.query_one(".dialog-hint", Label)
        if selections or not self.counts:
            hint.update(self._hint() if self.counts else self._empty())
        else:
            hint.update(f"No {self.NOUN} matches “{clean_line(message.value.strip())}”.")

    @on(Input.Submitted, "#find")
    def _find_submitted(self) -> None:
        self.to_list()

    def to_list(self) -> None:
        """Focus the list, on its first name if the find left nothing highlighted."""
        listed = self.query_one("#actors", SelectionList)
        if listed.highlighted is None and listed.option_count:
            listed.highlighted = 0
        self.set_focus(listed)

    def action_apply(self) -> None:
        self._sync()
        order = {name: i for i, (name, _, _) in enumerate(self.counts)}
        self.dismiss(sorted(self.chosen, key=lambda name: order.get(name, 0)))

    @on(Button.Pressed, "#apply")
    def _apply_pressed(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#none")
    def _none_pressed(self) -> None:
        self.dismiss([])


class TypeFilterScreen(ActorFilterScreen):
    """Pick the ACLED event types to show ("(none)": events the text gives no type)."""

    TITLE = "Filter by event type"
    NOUN = "event type"

    def __init__(self, counts: list[tuple[str, int]], chosen: list[str]) -> None:
        super().__init__([(name, ActorKind.OTHER, n) for name, n in counts], chosen)

    def _prompt_for(self, name: str, kind: ActorKind, count: int) -> Text:
        return _prompt(f"{name}  ({count})")

    def _empty(self) -> str:
        return "No events in this corpus."


class TimeFilterScreen(DialogScreen[tuple[date | None, date | None] | None]):
    """Type a time range; a mistake is explained in place and the dialog stays open."""

    def __init__(self, start: date | None, end: date | None) -> None:
        super().__init__()
        self.start = start
        self.end = end

    def compose(self) -> ComposeResult:
        current = format_time_range(self.start, self.end) if self.start or self.end else ""
        with Vertical(id="dialog", classes="dialog"):
            yield Label("Filter by time", classes="dialog-title")
            yield Label("1992..1994 · 2020 · 2022-09 · ..2000 · 2015..", classes="dialog-hint")
            # The filter in force stays in sight while a new range is typed over it.
            yield Label(f"Now: {current or 'all time'}", id="current", classes="dialog-hint")
            yield Input(current, placeholder="1992..1994", id="range")
            yield Label("", id="error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("All time", id="all")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#error", Label).display = False
        focus_first(self, self.query_one("#range", Input))

    def _apply(self) -> None:
        text = self.query_one("#range", Input).value
        if not text.strip():
            self.dismiss((None, None))
            return
        try:
            bounds = parse_time_range(text)
        except FilterError as exc:
            error = self.query_one("#error", Label)
            error.update(str(exc))
            error.display = True
            return
        self.dismiss(bounds)

    @on(Input.Submitted, "#range")
    def _submitted(self) -> None:
        self._apply()

    @on(Input.Changed, "#range")
    def _changed(self) -> None:
        self.query_one("#error", Label).display = False

    @on(Button.Pressed, "#apply")
    def _apply_pressed(self) -> None:
        self._apply()

    @on(Button.Pressed, "#all")
    def _all_pressed(self) -> None:
        self.dismiss((None, None))
