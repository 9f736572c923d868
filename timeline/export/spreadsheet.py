"""The CSV formats' shared writer (RFC 4180, neutralised formulas, visible controls) and the
flat ``csv`` format: one row per event, for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from timeline.export.options import ExportOptions
from timeline.export.phrases import casualty_text
from timeline.models import Event, Precision
from timeline.sanitize import for_terminal

CSV_COLUMNS = (
    "id",
    "start",
    "end",
    "precision",
    "label",
    "headline",
    "expression",
    "actors",
    "places",
    "casualties",
    "document",
    "published",
    "sentences",
    "event_type",
    "sub_event_type",
    "date_prec",
    "reported",
    "sources",
    "latitude",
    "longitude",
    "admin1",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize_cell(value: str) -> str:
    """Stop a spreadsheet from running a cell as a formula (OWASP's CSV-injection advice)."""
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """RFC 4180 CSV: CRLF line ends, fields quoted when they hold separators, quotes or
    newlines. Every cell is neutralised (`neutralize_cell`), then its control characters
    are made visible (`timeline.sanitize.for_terminal`; newlines stay)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([for_terminal(neutralize_cell(cell)) for cell in row])
    return buffer.getvalue()


def ucdp_date_prec(event: Event) -> str:
    """UCDP GED's ``date_prec``: 1 the exact day, 2 a span of 2–6 days, 3 a week, 4 a month
    or a span within one, 5 longer (a season, a year)."""
    days = (event.end - event.start).days + 1
    same_month = (event.start.year, event.start.month) == (event.end.year, event.end.month)
    if event.precision is Precision.DAY:
        if days <= 7:
            return "1" if days == 1 else "2" if days <= 6 else "3"
        return "4" if same_month else "5"
    if event.precision is Precision.WEEK:
        return "3"
    return "4" if event.precision is Precision.MONTH else "5"


def reported_text(event: Event) -> str:
    if event.reported is None:
        return ""
    start, end = event.reported.start.isoformat(), event.reported.end.isoformat()
    return start if start == end else f"{start}/{end}"


def geo_cells(event: Event) -> list[str]:
    """Latitude, longitude and admin1 of the event's first geocoded place."""
    place = next((p for p in event.places if p.latitude is not None), None)
    if place is None or place.longitude is None:
        return ["", "", ""]
    return [f"{place.latitude:.5f}", f"{place.longitude:.5f}", place.admin1 or ""]


def _csv_row(event: Event) -> list[str]:
    return [
        event.id,
        event.start.isoformat(),
        event.end.isoformat(),
        event.precision.value,
        event.label,
        event.headline,
        event.expression.text,
        "; ".join(a.name for a in event.actors),
        "; ".join(p.name for p in event.places),
        "; ".join(casualty_text(c) for c in event.casualties),
        event.document.title,
        event.document.published.isoformat() if event.document.published else "",
        " ".join(s.text for s in event.sentences),
        event.event_type or "",
        event.sub_event_type or "",
        ucdp_date_prec(event),
        reported_text(event),
        str(max(1, len(event.sources))),
        *geo_cells(event),
    ]


def to_csv(
    events: Sequence[Event], *, title: str = "", options: ExportOptions | None = None
) -> str:
    return write_csv(CSV_COLUMNS, [_csv_row(e) for e in events])
