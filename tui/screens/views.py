"""Named views (the palette's "Save view", "Open view", "Export view", "Rename view" and
"Delete view"): filters, search and selection kept under a name for this corpus, beside its
session state (`timeline.session`).

The list of views (`OpenViewScreen`) acts on the highlighted view with a key whatever it was
opened for: enter does what the palette command said, ``e`` exports, ``r`` renames and ``d``
deletes (after asking). Renaming never takes a name in use and deleting always asks: no view
is lost without the user saying so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from timeline.session import MAX_VIEW_NAME
from timeline.timeline import Filters
from tui.screens.base import DialogScreen, focus_first
from tui.screens.export import ExportScreen
from tui.widgets.safe import clean_line


def view_name(typed: str) -> str:
    """A name as typed, on one line with controls made visible, spaces collapsed; ValueError
    when it is empty or too long."""
    name = " ".join(clean_line(typed).split())
    if not name:
        raise ValueError("type a name for the view")
    if len(name) > MAX_VIEW_NAME:
        raise ValueError(f"at most {MAX_VIEW_NAME} characters")
    return name


class SaveViewScreen(DialogScreen[str | None]):
    """Ask for a name; the view is saved under it (an existing one is replaced)."""

    def __init__(
        self,
        describe: str,
        existing: Sequence[str],
        *,
        title: str = "Save the view",
        value: str = "",
        button: str = "Save",
        replace: bool = True,
    ) -> None:
        super().__init__()
        self.describe = describe  # what is being saved, in words
        self.existing = list(existing)
        self.title = title
        self.value = value  # the name it starts with (renaming)
        self.button = button
        # Whether a name in use replaces that view (saving, said before it happens) or is
        # refused (renaming: the other view would be lost).
        self.replace = replace

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(self.title, classes="dialog-title")
            yield Label(Text(clean_line(self.describe)), classes="dialog-hint")
            yield Input(self.value, placeholder="a name: Kherson 2022", id="view-name")
            yield Label("", id="error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.button, variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#error", Label).display = False
        focus_first(self, self.query_one("#view-name", Input))

    def _save(self) -> None:
        error = self.query_one("#error", Label)
        try:
            name = view_name(self.query_one("#view-name", Input).value)
            if not self.replace and name in self.existing:
                raise ValueError(f"a view is named “{name}”: pick another name or delete it")
        except ValueError as exc:
            error.update(Text(str(exc)))
            error.display = True
            return
        self.dismiss(name)

    @on(Input.Submitted, "#view-name")
    def _submitted(self) -> None:
        self._save()

    @on(Input.Changed, "#view-name")
    def _changed(self, message: Input.Changed) -> None:
        error = self.query_one("#error", Label)
        try:
            name = view_name(message.value)
        except ValueError:
            error.display = False
            return
        # Said before it happens: saving under a name in use replaces that view.
        said = "replaces" if self.replace else "is already the name of"
        error.update(Text(f"{said} the view “{name}”") if name in self.existing else "")
        error.display = name in self.existing

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self._save()


ViewAction = Literal["open", "export", "rename", "delete"]

# What enter does in the list, by the palette command that opened it: title, hint, button.
_MODES: dict[ViewAction, tuple[str, str]] = {
    "open": ("Open a saved view", "Open"),
    "export": ("Export a saved view", "Export"),
    "rename": ("Rename a saved view", "Rename"),
    "delete": ("Delete a saved view", "Delete"),
}


def describe_view(filters: Filters, search: str, selected: int) -> str:
    """What a view holds, in a line: "2 selected · filter 2022 · Russia · search “kyiv”"."""
    parts = [f"{selected:,} selected"] if selected else []
    if described := filters.describe():
        parts.append(f"filter {described}")
    if search:
        parts.append(f"search “{search}”")
    return " · ".join(parts) or "no filters, search or selection"


class OpenViewScreen(DialogScreen[tuple[ViewAction, str] | None]):
    """The saved views; enter does what the dialog was opened for (open, by default).

    Whatever it was opened for, ``e`` exports the highlighted view, ``r`` renames it and
    ``d`` deletes it after asking. Opening and exporting close the list and are done by the
    caller (the dismiss value); renaming and deleting happen here, through ``rename`` and
    ``delete`` (which say what went wrong and return False), and the list follows.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "act('export')", "Export", id="view-export",
                tooltip="Export the highlighted view's events (its filters, its selection)."),
        Binding("r", "act('rename')", "Rename", id="view-rename",
                tooltip="Rename the highlighted view."),
        Binding("d,delete", "act('delete')", "Delete", id="view-delete",
                tooltip="Delete the highlighted view (asks first)."),
    ]  # fmt: skip

    def __init__(
        self,
        views: Mapping[str, str],
        *,
        mode: ViewAction = "open",
        rename: Callable[[str, str], bool] | None = None,
        delete: Callable[[str], bool] | None = None,
    ) -> None:
        """``views``: each view's name and what it holds (`describe_view`), shown under it."""
        super().__init__()
        self.summaries = dict(views)
        self.names = sorted(views, key=str.casefold)
        self.mode = mode
        self.rename = rename
        self.delete = delete

    def compose(self) -> ComposeResult:
        title, button = _MODES[self.mode]
        with Vertical(id="dialog", classes="dialog"):
            yield Label(title, classes="dialog-title")
            yield Label(
                f"enter {button.lower()}s · e export · r rename · d delete · q closes",
                classes="dialog-hint",
            )
            yield OptionList(*self._options(), id="view-list")
            with Horizontal(classes="dialog-buttons"):
                yield Button(button, variant="primary", id="open")
                yield Button("Cancel", id="cancel")

    def _options(self) -> list[Option]:
        # Text, not markup: a name is typed by a user but stored in a file (input).
        return [
            Option(
                Text.assemble(
                    (clean_line(name), "bold"),
                    ("\n" + clean_line(self.summaries.get(name, "")), "dim"),
                ),
                id=str(i),
            )
            for i, name in enumerate(self.names)
        ]

    def on_mount(self) -> None:
        views = self.query_one("#view-list", OptionList)
        views.highlighted = 0
        focus_first(self, views)

    @property
    def highlighted(self) -> str | None:
        index = self.query_one("#view-list", OptionList).highlighted
        return self.names[index] if index is not None and index < len(self.names) else None

    def action_act(self, action: ViewAction) -> None:
        name = self.highlighted
        if name is None:
            return
        if action in ("open", "export"):
            self.dismiss((action, name))
        elif action == "rename":
            self._rename(name)
        else:
            self._delete(name)

    def _rename(self, old: str) -> None:
        if self.rename is None:
            return
        others = [n for n in self.names if n != old]

        def chosen(new: str | None) -> None:
            if new is None or new == old or self.rename is None:
                return
            if self.rename(old, new):
                self.summaries[new] = self.summaries.pop(old, "")
                self._relist([*others, new], new)

        self.app.push_screen(
            SaveViewScreen(
                f"the view “{old}”, under a new name",
                others,
                title="Rename the view",
                value=clean_line(old),
                button="Rename",
                replace=False,
            ),
            chosen,
        )

    def _delete(self, name: str) -> None:
        if self.delete is None:
            return
        index = self.names.index(name)

        def chosen(sure: bool | None) -> None:
            if sure and self.delete is not None and self.delete(name):
                rest = [n for n in self.names if n != name]
                if not rest:
                    self.dismiss(None)
                    return
                self._relist(rest, rest[min(index, len(rest) - 1)])

        self.app.push_screen(ConfirmDeleteScreen(name), chosen)

    def _relist(self, names: Sequence[str], highlight: str) -> None:
        self.names = sorted(names, key=str.casefold)
        views = self.query_one("#view-list", OptionList)
        views.clear_options()
        views.add_options(self._options())
        views.highlighted = self.names.index(highlight)
        self.set_focus(views)

    @on(OptionList.OptionSelected, "#view-list")
    def _selected(self) -> None:
        self.action_act(self.mode)

    @on(Button.Pressed, "#open")
    def _open_pressed(self) -> None:
        self.action_act(self.mode)


class ConfirmDeleteScreen(DialogScreen[bool]):
    """Ask before a view is deleted: ``y`` or the Delete button deletes; ``n``, ``q``, Esc
    or Cancel keep it. The focus starts on Cancel, so a stray enter deletes nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Delete", id="view-delete-yes",
                tooltip="Delete the view (it cannot be brought back)."),
        Binding("n", "cancel", "Keep", id="view-delete-no", tooltip="Keep the view."),
    ]  # fmt: skip

    def __init__(self, name: str) -> None:
        super().__init__()
        self.view_name = name

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(
                Text(f"Delete the view “{clean_line(self.view_name)}”?"), classes="dialog-title"
            )
            yield Label(
                "It cannot be brought back. y deletes · n, q or Esc keeps it",
                classes="dialog-hint",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Delete", variant="error", id="confirm")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        focus_first(self, self.query_one("#cancel", Button))

    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm")
    def _confirm_pressed(self) -> None:
        self.dismiss(True)


class ViewExportScreen(ExportScreen):
    """The export dialog for a saved view's events: the heading names the view."""

    def __init__(self, view: str, *args: Any, **kwargs: Any) -> None:
        self.view_name = view
        super().__init__(*args, **kwargs)

    def heading(self) -> str:
        return f"View “{clean_line(self.view_name)}”: {super().heading()}"
