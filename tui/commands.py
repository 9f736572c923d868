"""The command palette provider (ctrl+p): every action of the explorer, by name.

The commands are the same `KeyHelp` entries the help screen lists, so the palette, the help
screen and the bindings can never disagree: a binding added to the list or the main screen
shows up in all three.
"""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from tui.keys import PALETTE_ONLY, KeyHelp
from tui.screens.main import MainScreen


class TimelineCommands(Provider):
    """Commands for the main screen's actions (navigation, filters, export, ...)."""

    def _entries(self) -> list[KeyHelp]:
        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        # The palette itself is already open; listing it again would be noise.
        return [entry for entry in screen.key_help() if entry.description != "Commands"]

    async def discover(self) -> Hits:
        for entry in self._entries():
            yield DiscoveryHit(entry.description, entry.run, help=_help(entry))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._entries():
            score = max(matcher.match(entry.description), matcher.match(entry.tooltip) * 0.5)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(entry.description),
                    entry.run,
                    help=_help(entry),
                )


def _help(entry: KeyHelp) -> str:
    """The palette's help line (Textual markup): what it does, and its key."""
    if entry.keys == PALETTE_ONLY:
        return escape(entry.tooltip)
    return escape(f"{entry.tooltip}  (key: {entry.keys})")
