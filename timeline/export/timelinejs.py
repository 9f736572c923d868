"""Knight Lab TimelineJS3: the JSON a page loads (``timelinejs``) and the Google Sheet
columns (``timelinejs-csv``).

TimelineJS inserts text into the page as HTML, so every text it shows is HTML-escaped after
its control characters are made visible: headline, text, unique id, title, era names, in both
formats. The ``group`` label and the display date are different: TimelineJS decodes their
entities and then inserts them as HTML (the time bar's group label; the slide's date and the
next/previous buttons), so an escaped ``&lt;img onerror=…&gt;`` would still run there, as
loading an export in TimelineJS3 3.9.11 showed (`tests/test_timelinejs_browser.py`). They get
plain text instead (`plain_label`: tags and entities removed).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from datetime import date

from timeline.export.events_json import terminal_safe_json
from timeline.export.options import ExportOptions
from timeline.export.phrases import first_source, source_line
from timeline.export.spreadsheet import write_csv
from timeline.models import Event, Precision
from timeline.sanitize import for_terminal

TIMELINEJS_CSV_COLUMNS = (
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
    "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
    "Media Thumbnail", "Type", "Group", "Background",
)  # fmt: skip

# A tag as HTML reads one: "<" then a letter, "/", "!" or "?" ("a < b" is text, not a tag).
_TAG = re.compile(r"<[A-Za-z/!?][^<>]*>")
# What is left of markup once tags are gone: full-width look-alikes start no tag or entity.
_MARKUP = str.maketrans({"<": "\uff1c", ">": "\uff1e", "&": "\uff06"})


def html_text(text: str) -> str:
    """Text for a place TimelineJS fills with HTML: controls made visible, then escaped."""
    return html.escape(for_terminal(text))


def plain_label(text: str) -> str:
    """A label TimelineJS decodes and inserts as HTML (``group``), as plain text.

    Entities are decoded and tags removed until nothing changes ("&lt;b&gt;bold&lt;/b&gt;"
    and "<b>bold</b>" both give "bold"); a ``<``, ``>`` or ``&`` still left becomes its
    full-width look-alike, so the label can start neither a tag nor an entity.
    """
    text = for_terminal(text, keep_newlines=False)
    for _ in range(10):
        plain = _TAG.sub("", html.unescape(text))
        if plain == text:
            break
        text = plain
    return for_terminal(text, keep_newlines=False).translate(_MARKUP)


def _tl_date(day: date, precision: Precision) -> dict[str, int]:
    """A TimelineJS date down to the known precision only: a year event has no month."""
    out = {"year": day.year}
    if precision in (Precision.DAY, Precision.WEEK, Precision.MONTH, Precision.SEASON,
                     Precision.QUARTER):  # fmt: skip
        out["month"] = day.month
    if precision in (Precision.DAY, Precision.WEEK):
        out["day"] = day.day
    return out


def _tl_group(event: Event, options: ExportOptions) -> str:
    if options.timelinejs_group == "actor":
        group = event.actors[0].name if event.actors else ""
    else:
        group = event.document.title
    return plain_label(group)


def _tl_text(event: Event) -> str:
    # TimelineJS renders text as HTML: escape it, then add our own markup.
    quote = html_text(first_source(event))
    return f"<blockquote>{quote}</blockquote><p><cite>{html_text(source_line(event))}</cite></p>"


def to_timelinejs(
    events: Sequence[Event], *, title: str = "", options: ExportOptions | None = None
) -> str:
    options = options or ExportOptions()
    slides = []
    for event in events:
        slide: dict[str, object] = {
            "start_date": _tl_date(event.start, event.precision),
            "text": {"headline": html_text(event.headline), "text": _tl_text(event)},
            "group": _tl_group(event, options),
            "display_date": plain_label(event.label),
            "unique_id": html_text(event.id),
        }
        end = _tl_date(event.end, event.precision)
        if end != slide["start_date"]:  # a year event ends in its own year: no end needed
            slide["end_date"] = end
        slides.append(slide)
    documents = sorted({e.document.title for e in events})
    subtitle = f"{len(events)} events from {len(documents)} document(s)"
    data: dict[str, object] = {
        "title": {"text": {"headline": html_text(title or "Timeline"), "text": subtitle}},
        "events": slides,
    }
    if options.eras:
        data["eras"] = [
            {
                "start_date": _tl_date(era.start, Precision.DAY),
                "end_date": _tl_date(era.end, Precision.DAY),
                "text": {"headline": html_text(era.name)},
            }
            for era in options.eras
        ]
    return terminal_safe_json(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def to_timelinejs_csv(
    events: Sequence[Event], *, title: str = "", options: ExportOptions | None = None
) -> str:
    options = options or ExportOptions()
    blank = [""] * len(TIMELINEJS_CSV_COLUMNS)
    headline = TIMELINEJS_CSV_COLUMNS.index("Headline")
    kind = TIMELINEJS_CSV_COLUMNS.index("Type")
    title_row = list(blank)
    title_row[headline] = html_text(title or "Timeline")
    title_row[kind] = "title"
    rows = [title_row]
    for event in events:
        start = _tl_date(event.start, event.precision)
        end = _tl_date(event.end, event.precision)
        end = {} if end == start else end
        text = f"{first_source(event)} — {source_line(event)}"
        rows.append(
            [
                str(start["year"]), str(start.get("month", "")), str(start.get("day", "")), "",
                str(end.get("year", "")), str(end.get("month", "")), str(end.get("day", "")), "",
                plain_label(event.label), html_text(event.headline), html_text(text), "", "", "",
                "", "", _tl_group(event, options), "",
            ]
        )  # fmt: skip
    for era in options.eras:
        row = list(blank)
        row[0:3] = [str(era.start.year), str(era.start.month), str(era.start.day)]
        row[4:7] = [str(era.end.year), str(era.end.month), str(era.end.day)]
        row[headline] = html_text(era.name)
        row[kind] = "era"
        rows.append(row)
    return write_csv(TIMELINEJS_CSV_COLUMNS, rows)
