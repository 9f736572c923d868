"""What every dialog shares: the ways out, and handing over the keys held while it opened."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import on
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button

ResultT = TypeVar("ResultT")


def focus_first(screen: ModalScreen, widget: Widget) -> None:
    """Focus ``widget`` now, then let the app replay keys typed while the dialog opened.

    `Screen.set_focus` rather than `Widget.focus()`, which waits a loop turn: the replayed
    keys must find the field already focused.
    """
    screen.set_focus(widget)
    release = getattr(screen.app, "release_keys", None)
    if release is not None:
        screen.app.call_after_refresh(release)


class DialogScreen(ModalScreen[ResultT]):
    """A modal dialog with the shared ways out: its Cancel button, Esc, ctrl+c (app), and q.

    q closes the dialog whenever no text field has the focus; in a text field q is a letter
    (an Input takes printable keys before any binding sees them), and ctrl+c or the Cancel
    button close it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Cancel", id="dialog-cancel",
                tooltip="Close the dialog (q: when no text field has the focus)."),
    ]  # fmt: skip

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)
