"""While a cold corpus loads, the events read so far: a timeline to move in and read.

Extracting thousands of files takes minutes; the explorer should not be a progress bar all
that time. `LoadPreview` is given each document as the loader reads it (in the loading
thread, `timeline.pipeline.build_timeline`'s ``on_document``) and, at most once every
`INTERVAL` seconds (longer when a preview takes long to make and show, so that previews
cost at most `SHARE` of the loading time), hands the screen a `Timeline` of everything read
so far: the documents' own mentions, not yet merged across documents (the corpus-level pass
runs once, at the end).

Only a load that extracts: once a document comes from the corpus store the load is a reopen
(seconds) or an update of a few files, and a preview of the few extracted would mislead, so
the preview stops and the progress bar stays. While a preview is shown the rows can be
moved in and read (the detail pane, Enter's context, the reader); selecting, filtering,
exporting and saving views wait for the whole corpus (`MainScreen.show_preview`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from timeline.models import Document, Event, UndatedExpression
from timeline.timeline import Timeline

INTERVAL = 1.0  # seconds between two previews at least, and before the first
SHARE = 0.05  # of the loading time at most spent making and showing previews


class LoadPreview:
    """The loader's ``on_document``: collects, and calls ``show(timeline)`` now and then."""

    def __init__(
        self,
        show: Callable[[Timeline], None],
        *,
        name: str = "",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.show = show
        self.name = name
        self.clock = clock
        self.stopped = False
        self.shown = 0  # previews handed over
        self._events: list[Event] = []
        self._undated: list[UndatedExpression] = []
        self._documents: list[Document] = []
        self._last = clock()
        self._interval = INTERVAL

    def __call__(
        self,
        document: Document,
        events: Sequence[Event],
        undated: Sequence[UndatedExpression],
        stored: bool,
    ) -> None:
        if self.stopped:
            return
        if stored:  # a reopen or an update: no preview (see the module docstring)
            self.stopped = True
            return
        self._documents.append(document)
        self._events.extend(events)
        self._undated.extend(undated)
        now = self.clock()
        if now - self._last < self._interval or not self._events:
            return
        self.shown += 1
        self.show(
            Timeline(
                self._events,
                undated=self._undated,
                documents=self._documents,
                name=self.name,
            )
        )
        self._last = self.clock()
        self._interval = max(INTERVAL, (self._last - now) / SHARE)
