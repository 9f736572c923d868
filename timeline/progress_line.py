"""A progress line on stderr for the commands that read a corpus (``export``, ``list``,
``ingest``): "conflict-tui export: reading 1,200 of 4,096 files", rewritten in place.

Only when stderr is a terminal (a pipe or a log file gets nothing, so scripted output stays
as it was), at most once every `INTERVAL` seconds (a corpus of thousands of files does not
flood an SSH link), and erased when the work is done, leaving the terminal as it was. Its
text is ours (the command's name, a verb, numbers): nothing from a file reaches the terminal.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

INTERVAL = 0.2  # seconds between two updates
ERASE = "\r\x1b[K"  # back to the line's start, clear to its end


class ProgressLine:
    """``line(done, total)`` after each file; ``line.close()`` when done (or failed)."""

    def __init__(
        self,
        command: str,
        *,
        verb: str = "reading",
        stream: TextIO | None = None,
        enabled: bool | None = None,
        interval: float = INTERVAL,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.prefix = f"conflict-tui {command}: "
        self.verb = verb
        self.interval = interval
        self._last = float("-inf")
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < self.interval and done < total:
            return
        self._last = now
        self._write(f"{ERASE}{self.prefix}{self.verb} {done:,} of {total:,} files")
        self._shown = True

    def say(self, text: str) -> None:
        """Replace the line with ``text`` (ours: a phase such as "merging events")."""
        if self.enabled:
            self._write(f"{ERASE}{self.prefix}{text}")
            self._shown = True

    def close(self) -> None:
        if self._shown:
            self._write(ERASE)
            self._shown = False

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken terminal: no progress, no error
            self.enabled = False

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
