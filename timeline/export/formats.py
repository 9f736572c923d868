"""The one registry of export formats, and rendering and writing by format name.

Each `Format` says everything about itself: its name (``-f``, the dialog), its file suffix,
a line of help, its renderer and whether it starts with a byte-order mark. Adding a format
is adding one `Format` here; the CLI, the config check and the dialog read this registry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType

from timeline.export.acled import to_acled_csv
from timeline.export.events_json import to_json, to_jsonl
from timeline.export.files import Target, open_target
from timeline.export.ics import to_ics
from timeline.export.markdown import to_markdown
from timeline.export.options import ExportOptions
from timeline.export.spreadsheet import to_csv
from timeline.export.timelinejs import to_timelinejs, to_timelinejs_csv
from timeline.models import Event

Renderer = Callable[..., str]


@dataclass(frozen=True)
class Format:
    """One export format."""

    name: str
    suffix: str
    help: str
    renderer: Renderer
    # A BOM lets Excel recognise UTF-8 CSV; LibreOffice and Python's csv (utf-8-sig) accept it.
    bom: bool = False

    def render(
        self, events: Sequence[Event], *, title: str = "", options: ExportOptions | None = None
    ) -> str:
        return self.renderer(events, title=title, options=options or ExportOptions())

    def encode(
        self, events: Sequence[Event], *, title: str = "", options: ExportOptions | None = None
    ) -> bytes:
        """The file's bytes: UTF-8, with a BOM where the format wants one."""
        text = self.render(events, title=title, options=options)
        return (("\ufeff" if self.bom else "") + text).encode("utf-8")


FORMATS: Mapping[str, Format] = MappingProxyType(
    {
        f.name: f
        for f in (
            Format("json", ".json", "the event list (conflict-tui reopens it)", to_json),
            Format("jsonl", ".jsonl", "one event per line (conflict-tui reopens it)", to_jsonl),
            Format("csv", ".csv", "one row per event, for spreadsheets", to_csv, bom=True),
            Format("markdown", ".md", "a readable chronology with sources", to_markdown),
            Format("timelinejs", ".json", "Knight Lab TimelineJS3 JSON", to_timelinejs),
            Format(
                "timelinejs-csv",
                ".csv",
                "TimelineJS Google Sheet columns",
                to_timelinejs_csv,
                bom=True,
            ),
            Format("ics", ".ics", "iCalendar (RFC 5545), all-day events", to_ics),
            Format("acled-csv", ".csv", "ACLED-style event rows", to_acled_csv, bom=True),
        )
    }
)
# Views of the registry under the names older code imports.
FORMAT_HELP: Mapping[str, str] = MappingProxyType({n: f.help for n, f in FORMATS.items()})
RENDERERS: Mapping[str, Renderer] = MappingProxyType({n: f.renderer for n, f in FORMATS.items()})


class UnknownFormatError(ValueError):
    """A format name that is not in `FORMATS`."""


def get_format(name: str) -> Format:
    """The format called ``name``; `UnknownFormatError` (naming the choices) otherwise."""
    try:
        return FORMATS[name]
    except KeyError:
        known = ", ".join(FORMATS)
        raise UnknownFormatError(f"unknown format {name!r} (choose one of: {known})") from None


def render(
    events: Sequence[Event], fmt: str, *, title: str = "", options: ExportOptions | None = None
) -> str:
    """The export as text. Raises `UnknownFormatError` for an unknown format."""
    return get_format(fmt).render(events, title=title, options=options)


def default_export_name(corpus_name: str, fmt: str, on: date) -> str:
    """ "seeds-2026-11-26.json": the corpus and the day, safe as a file name."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", corpus_name).strip("-").lower() or "timeline"
    suffix = FORMATS[fmt].suffix if fmt in FORMATS else "." + fmt
    return f"{slug[:60]}-{on.isoformat()}{suffix}"


def write_export(
    events: Sequence[Event],
    fmt: str,
    path: Path | Target,
    *,
    force: bool = False,
    title: str = "",
    options: ExportOptions | None = None,
) -> int:
    """Render ``events`` as ``fmt`` and write them atomically; return how many were written.

    ``path`` is a `Target` opened beforehand (by `timeline.policy.WritePolicy.open_file`,
    before a long render, so that nothing swapped meanwhile can redirect the write), or a
    path, opened here with no policy. Raises `timeline.export.files.WriteError`.
    """
    data = get_format(fmt).encode(events, title=title, options=options)
    if isinstance(path, Target):
        path.write(data, force=force)
    else:
        with open_target(path) as target:
            target.write(data, force=force)
    return len(events)
