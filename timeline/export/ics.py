"""iCalendar (RFC 5545): one all-day VEVENT per event, escaped and folded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from timeline.export.options import ExportOptions
from timeline.export.phrases import first_source, source_line
from timeline.models import Event
from timeline.sanitize import for_terminal


def ics_escape(text: str) -> str:
    """RFC 5545 TEXT: control characters made visible (RFC 5545 allows none), then
    backslash, semicolon, comma and newlines escaped."""
    text = for_terminal(text)  # newlines kept (escaped below), a lone CR becomes one
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    out: list[str] = []
    current, size, limit = [], 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append("".join(current))
            current, size, limit = [" "], 1, 75
        current.append(char)
        size += width
    out.append("".join(current))
    return "\r\n".join(out)


def _dtstamp(events: Sequence[Event], options: ExportOptions) -> str:
    if options.dtstamp is not None:
        stamp = options.dtstamp
    else:
        published = [e.document.published for e in events if e.document.published]
        latest = max(published) if published else max((e.end for e in events), default=None)
        stamp = datetime.combine(latest or date(1970, 1, 1), datetime.min.time())
    return stamp.strftime("%Y%m%dT%H%M%SZ")


def to_ics(
    events: Sequence[Event], *, title: str = "", options: ExportOptions | None = None
) -> str:
    options = options or ExportOptions()
    stamp = _dtstamp(events, options)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//conflict-tui//conflict-tui timeline export//EN",
        "CALSCALE:GREGORIAN",
    ]
    if title:
        lines.append(f"X-WR-CALNAME:{ics_escape(title)}")
    for event in events:
        description = f"{first_source(event)}\n— {source_line(event)}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{ics_escape(event.id)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.start.strftime('%Y%m%d')}",
            # DTEND is exclusive: the day after our inclusive end.
            f"DTEND;VALUE=DATE:{(event.end + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{ics_escape(event.headline)}",
            f"DESCRIPTION:{ics_escape(description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)
