"""Exports: events out to the formats analysts hand on, written safely.

One set of renderers serves the CLI (`conflict-tui export`), the TUI's export dialog and its
copy key (``y``: Markdown over OSC 52). Output is deterministic: the same events give
byte-identical files. The only timestamp inside any format is the iCalendar DTSTAMP, which
comes from the documents' publication dates (or `ExportOptions.dtstamp`), never the clock.

The package, one job per module:

- `formats`: the one `Format` registry (name, suffix, help, renderer, BOM), `render`,
  `write_export`, `default_export_name`;
- one module per family: `events_json` (json, jsonl), `spreadsheet` (the shared CSV writer
  and csv), `acled` (acled-csv), `markdown`, `timelinejs` (timelinejs, timelinejs-csv),
  `ics`; `options` (what some formats take) and `phrases` (how parts of an event read,
  shared with the TUI's detail pane);
- `files`: the safe writer (directory descriptors, ``O_EXCL`` temporary files, atomic
  no-overwrite renames, cleanup on signals), also used by ``annotate``.

Reading exports back is the loader's side: `timeline.reopen`.

Hostile text stays text. Every text format makes control characters visible
(`timeline.sanitize.for_terminal`) before its own escaping: CSV cells that a spreadsheet
would run as a formula are neutralised, TimelineJS text (rendered as HTML) is HTML-escaped
and its group label is plain text, iCalendar text is escaped and folded per RFC 5545, and
Markdown escapes what would change its structure. JSON keeps the exact text, with every
character a terminal could act on written as a ``\\u`` escape. See SECURITY.md.
"""

from timeline.export.acled import ACLED_COLUMNS, acled_inter, acled_time_precision, to_acled_csv
from timeline.export.events_json import terminal_safe_json, to_json, to_jsonl
from timeline.export.files import (
    Directory,
    Target,
    TargetExistsError,
    WriteError,
    open_target,
    write_atomic,
)
from timeline.export.formats import (
    FORMAT_HELP,
    FORMATS,
    RENDERERS,
    Format,
    UnknownFormatError,
    default_export_name,
    get_format,
    render,
    write_export,
)
from timeline.export.ics import ics_escape, ics_fold, to_ics
from timeline.export.markdown import escape_markdown, to_markdown
from timeline.export.options import Era, ExportOptions
from timeline.export.phrases import anchor_note, anchor_source, casualty_text, timex_label
from timeline.export.spreadsheet import CSV_COLUMNS, neutralize_cell, to_csv, ucdp_date_prec
from timeline.export.timelinejs import (
    TIMELINEJS_CSV_COLUMNS,
    plain_label,
    to_timelinejs,
    to_timelinejs_csv,
)
from timeline.reopen import READABLE_SUFFIXES, ReopenError, read_events

# The names the CLI, the TUI and older code catch: an export that could not be written.
ExportError = WriteError
ExportExistsError = TargetExistsError

__all__ = [
    "ACLED_COLUMNS",
    "CSV_COLUMNS",
    "FORMATS",
    "FORMAT_HELP",
    "READABLE_SUFFIXES",
    "RENDERERS",
    "TIMELINEJS_CSV_COLUMNS",
    "Directory",
    "Era",
    "ExportError",
    "ExportExistsError",
    "ExportOptions",
    "Format",
    "ReopenError",
    "Target",
    "TargetExistsError",
    "UnknownFormatError",
    "WriteError",
    "acled_inter",
    "acled_time_precision",
    "anchor_note",
    "anchor_source",
    "casualty_text",
    "default_export_name",
    "escape_markdown",
    "get_format",
    "ics_escape",
    "ics_fold",
    "neutralize_cell",
    "open_target",
    "plain_label",
    "read_events",
    "render",
    "terminal_safe_json",
    "timex_label",
    "to_acled_csv",
    "to_csv",
    "to_ics",
    "to_json",
    "to_jsonl",
    "to_markdown",
    "to_timelinejs",
    "to_timelinejs_csv",
    "ucdp_date_prec",
    "write_atomic",
    "write_export",
]
