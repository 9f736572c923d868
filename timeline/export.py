"""Exporters: events out to the formats analysts hand on, written atomically.

One set of writers serves the CLI (`conflict-tui export`), the TUI's export dialog and its
copy key. Output is deterministic: the same events give byte-identical files. The only
timestamp inside any format is the iCalendar DTSTAMP, which comes from the documents'
publication dates (or `ExportOptions.dtstamp`), never from the clock.

Hostile text stays text: CSV cells that a spreadsheet would run as a formula are
neutralised, TimelineJS text (rendered as HTML) is HTML-escaped, iCalendar text is escaped
and folded per RFC 5545, and Markdown escapes what would change its structure.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from html import escape as html_escape
from pathlib import Path
from typing import Literal

from pydantic import Field

from timeline.labels import MONTHS, day_label
from timeline.models import (
    Actor,
    ActorKind,
    AnchorKind,
    Casualty,
    Event,
    Model,
    Precision,
    TimeExpression,
)

FORMATS: dict[str, str] = {
    "json": ".json",
    "jsonl": ".jsonl",
    "csv": ".csv",
    "markdown": ".md",
    "timelinejs": ".json",
    "timelinejs-csv": ".csv",
    "ics": ".ics",
    "acled-csv": ".csv",
}
FORMAT_HELP: dict[str, str] = {
    "json": "the event list (conflict-tui reopens it)",
    "jsonl": "one event per line (conflict-tui reopens it)",
    "csv": "one row per event, for spreadsheets",
    "markdown": "a readable chronology with sources",
    "timelinejs": "Knight Lab TimelineJS3 JSON",
    "timelinejs-csv": "TimelineJS Google Sheet columns",
    "ics": "iCalendar (RFC 5545), all-day events",
    "acled-csv": "ACLED-style event rows",
}


class Era(Model):
    """A labelled period drawn behind a TimelineJS timeline: "First Karabakh War 1988–1994"."""

    name: str
    start: date
    end: date


class ExportOptions(Model):
    """Choices some formats take; every default keeps output reproducible."""

    timelinejs_group: Literal["document", "actor"] = Field(
        default="document", description="TimelineJS `group`: the document or the first actor"
    )
    eras: list[Era] = Field(default_factory=list)
    dtstamp: datetime | None = Field(
        default=None, description="iCalendar DTSTAMP; default: the latest publication date"
    )


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


class ExportError(Exception):
    """An export that could not be written; the message is for the user and names the path."""


class ExportExistsError(ExportError):
    """The target exists and overwriting was not asked for."""


def _event_dicts(events: Sequence[Event]) -> list[dict[str, object]]:
    return [e.model_dump(mode="json") for e in events]


def to_json(
    events: Sequence[Event], *, title: str = "", options: ExportOptions | None = None
) -> str:
    return json.dumps(_event_dicts(events), ensure_ascii=False, indent=2) + "\n"


def to_jsonl(
    events: Sequence[Event], *, title: str = "", options: ExportOptions | None = None
) -> str:
    return "".join(json.dumps(e.model_dump(mode="json"), ensure_ascii=False) + "\n" for e in events)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize_cell(value: str) -> str:
    """Stop a spreadsheet from running a cell as a formula (OWASP's CSV-injection advice)."""
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def casualty_text(casualty: Casualty) -> str:
    """ "~7000 killed (Armenia)": the figure as one readable phrase."""
    count = f"~{casualty.count:,}" if casualty.approximate else f"{casualty.count:,}"
    who = f" ({casualty.who})" if casualty.who else ""
    return f"{count} {casualty.outcome}{who}"


_TIMEX_DAY = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_ANCHOR_SOURCES = {
    AnchorKind.PUBLICATION: "the publication date",
    AnchorKind.NARRATIVE: "the narrative",
    AnchorKind.EVENT: "an event in the text",
}


def timex_label(value: str) -> str:
    """ "2022-09-15" → "15 Sep 2022", "1992-04" → "Apr 1992"; any other value as it is."""
    match = _TIMEX_DAY.fullmatch(value)
    if match:
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            if match[3] is None:
                return f"{MONTHS[month - 1]} {year}"
            with contextlib.suppress(ValueError):
                return day_label(date(year, month, int(match[3])))
    return value


def anchor_source(expression: TimeExpression) -> tuple[str, str] | None:
    """Where a date came from, as (what, from where): ("Year from", "the narrative: 1992").

    None when the text says it all (explicit) or the engine did not say. "Year" when the
    anchor is a bare year that the value keeps ("On 15 April" in a story that reached 1992);
    otherwise "Date". The anchor's own date follows a colon when there is one.
    """
    anchor = expression.anchor
    if anchor is None or anchor.kind is AnchorKind.EXPLICIT:
        return None
    source = _ANCHOR_SOURCES[anchor.kind]
    if not anchor.date:
        return "Date from", source
    year_only = len(anchor.date) == 4 and anchor.date.isdigit()
    what = "Year from" if year_only and expression.value.startswith(anchor.date) else "Date from"
    return what, f"{source}: {timex_label(anchor.date)}"


def anchor_note(expression: TimeExpression, published: date | None = None) -> str | None:
    """ "year from the narrative: 1992", "date from the publication date: 15 Sep 2022".

    ``published`` is a publication date the reader sees right beside the note: an anchor on
    that very date then reads "date from the publication date", without saying it twice.
    """
    parts = anchor_source(expression)
    if parts is None:
        return None
    anchor = expression.anchor
    if (
        anchor is not None
        and anchor.kind is AnchorKind.PUBLICATION
        and published is not None
        and anchor.date == published.isoformat()
    ):
        return f"{parts[0].lower()} {_ANCHOR_SOURCES[AnchorKind.PUBLICATION]}"
    return f"{parts[0].lower()} {parts[1]}"


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
        _reported_text(event),
        str(max(1, len(event.sources))),
        *_geo_cells(event),
    ]


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


def _reported_text(event: Event) -> str:
    if event.reported is None:
        return ""
    start, end = event.reported.start.isoformat(), event.reported.end.isoformat()
    return start if start == end else f"{start}/{end}"


def _geo_cells(event: Event) -> list[str]:
    """Latitude, longitude and admin1 of the event's first geocoded place."""
    place = next((p for p in event.places if p.latitude is not None), None)
    if place is None or place.longitude is None:
        return ["", "", ""]
    return [f"{place.latitude:.5f}", f"{place.longitude:.5f}", place.admin1 or ""]


def to_csv(
    events: Sequence[Event], *, title: str = "", options: ExportOptions | None = None
) -> str:
    return _write_csv(CSV_COLUMNS, [_csv_row(e) for e in events])


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_MD_LINE_START = re.compile(r"^(\s*)([-+>]|\d+[.)])(\s)")


def escape_markdown(text: str) -> str:
    """Escape what would turn plain text into Markdown structure (emphasis, links, HTML...)."""
    text = " ".join(text.split())  # one line: a newline would break the bullet or quote
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(r"\1\\\2\3", text)


def to_markdown(
    events: Sequence[Event], *, title: str = "", options: ExportOptions | None = None
) -> str:
    """A readable chronology: a heading per year, a bullet per event, its source quoted."""
    lines: list[str] = []
    if title:
        lines += [f"# {escape_markdown(title)}", ""]
    year: int | None = None
    for event in events:
        if event.start.year != year:
            year = event.start.year
            if lines and lines[-1] != "":
                lines.append("")
            lines += [f"## {year}", ""]
        lines.append(f"- **{escape_markdown(event.label)}** — {escape_markdown(event.headline)}")
        for sentence in event.sentences[:1]:
            lines.append(f"  > {escape_markdown(sentence.text)}")
        doc = event.document
        published = f", {doc.published.isoformat()}" if doc.published else ""
        note = anchor_note(event.expression, doc.published)
        provenance = f" · {escape_markdown(note)}" if note else ""
        lines.append(f"  > — *{escape_markdown(doc.title)}*{published}{provenance}")
        if event.reported is not None:
            lines.append(f"  > reported {escape_markdown(event.reported.text)}")
        others = [
            escape_markdown(s.document.title)
            + (f", {s.document.published.isoformat()}" if s.document.published else "")
            for s in event.sources[1:]
        ]
        if others:
            lines.append(f"  > also told by: {'; '.join(others)}")
    return "\n".join(lines).rstrip() + "\n" if lines else ""


def _first_source(event: Event) -> str:
    return event.sentences[0].text if event.sentences else ""


def _source_line(event: Event) -> str:
    doc = event.document
    return f"{doc.title} ({doc.published.isoformat()})" if doc.published else doc.title


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
        return event.actors[0].name if event.actors else ""
    return event.document.title


def _tl_text(event: Event) -> str:
    # TimelineJS renders text as HTML: escape it, then add our own markup.
    quote = html_escape(_first_source(event))
    return f"<blockquote>{quote}</blockquote><p><cite>{html_escape(_source_line(event))}</cite></p>"


def to_timelinejs(
    events: Sequence[Event], *, title: str = "", options: ExportOptions | None = None
) -> str:
    options = options or ExportOptions()
    slides = []
    for event in events:
        slide: dict[str, object] = {
            "start_date": _tl_date(event.start, event.precision),
            "text": {"headline": html_escape(event.headline), "text": _tl_text(event)},
            "group": html_escape(_tl_group(event, options)),
            "display_date": event.label,
            "unique_id": event.id,
        }
        end = _tl_date(event.end, event.precision)
        if end != slide["start_date"]:  # a year event ends in its own year: no end needed
            slide["end_date"] = end
        slides.append(slide)
    documents = sorted({e.document.title for e in events})
    subtitle = f"{len(events)} events from {len(documents)} document(s)"
    data: dict[str, object] = {
        "title": {"text": {"headline": html_escape(title or "Timeline"), "text": subtitle}},
        "events": slides,
    }
    if options.eras:
        data["eras"] = [
            {
                "start_date": _tl_date(era.start, Precision.DAY),
                "end_date": _tl_date(era.end, Precision.DAY),
                "text": {"headline": html_escape(era.name)},
            }
            for era in options.eras
        ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


TIMELINEJS_CSV_COLUMNS = (
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
    "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
    "Media Thumbnail", "Type", "Group", "Background",
)  # fmt: skip


def _write_csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    # RFC 4180: CRLF line ends, fields quoted when they hold separators, quotes or newlines.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralize_cell(cell) for cell in row])
    return buffer.getvalue()


def to_timelinejs_csv(
    events: Sequence[Event], *, title: str = "", options: ExportOptions | None = None
) -> str:
    options = options or ExportOptions()
    blank = [""] * len(TIMELINEJS_CSV_COLUMNS)
    title_row = list(blank)
    title_row[TIMELINEJS_CSV_COLUMNS.index("Headline")] = title or "Timeline"
    title_row[TIMELINEJS_CSV_COLUMNS.index("Type")] = "title"
    rows = [title_row]
    for event in events:
        start = _tl_date(event.start, event.precision)
        end = _tl_date(event.end, event.precision)
        end = {} if end == start else end
        text = f"{_first_source(event)} — {_source_line(event)}"
        rows.append(
            [
                str(start["year"]), str(start.get("month", "")), str(start.get("day", "")), "",
                str(end.get("year", "")), str(end.get("month", "")), str(end.get("day", "")), "",
                event.label, event.headline, html_escape(text), "", "", "", "", "",
                _tl_group(event, options), "",
            ]
        )  # fmt: skip
    for era in options.eras:
        row = list(blank)
        row[0:3] = [str(era.start.year), str(era.start.month), str(era.start.day)]
        row[4:7] = [str(era.end.year), str(era.end.month), str(era.end.day)]
        row[TIMELINEJS_CSV_COLUMNS.index("Headline")] = era.name
        row[TIMELINEJS_CSV_COLUMNS.index("Type")] = "era"
        rows.append(row)
    return _write_csv(TIMELINEJS_CSV_COLUMNS, rows)


def ics_escape(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newlines escaped."""
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
        description = f"{_first_source(event)}\n— {_source_line(event)}"
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


ACLED_COLUMNS = (
    "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1", "inter1",
    "actor2", "inter2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities",
)  # fmt: skip
# ACLED's interaction codes, where the actor's kind says: 1 state forces, 2 rebel groups,
# 6 protesters, 7 civilians; anything else is left empty rather than guessed.
_PROTESTERS = re.compile(r"(?i)\b(?:protesters|demonstrators)\b")
_CIVILIANS = re.compile(r"(?i)\bcivilians?\b")
_ACTOR_PRIORITY = {
    ActorKind.ARMED_FORCE: 0,
    ActorKind.COUNTRY: 1,
    ActorKind.ORGANIZATION: 2,
    ActorKind.PERSON: 3,
    ActorKind.OTHER: 4,
}
_FATAL_OUTCOMES = {"killed", "dead"}


def acled_time_precision(event: Event) -> str:
    """ACLED's 1 (day), 2 (week or a range of days), 3 (month or coarser)."""
    if event.precision is Precision.DAY:
        return "1" if event.start == event.end else "2"
    if event.precision is Precision.WEEK:
        return "2"
    return "3"


def acled_inter(actor: Actor | None) -> str:
    """ACLED's interaction code of an actor, where its kind says it (else empty)."""
    if actor is None:
        return ""
    if _PROTESTERS.search(actor.name):
        return "6"
    if _CIVILIANS.search(actor.name):
        return "7"
    if actor.kind in (ActorKind.ARMED_FORCE, ActorKind.COUNTRY) and (
        actor.country or actor.kind is ActorKind.COUNTRY
    ):
        return "1"
    if actor.kind is ActorKind.ARMED_FORCE:
        return "2"
    return ""


def _fatalities(casualties: Sequence[Casualty]) -> int | None:
    # The largest figure: several figures in one mention usually restate or contain each
    # other ("3,006 dead including 100 civilians"), so adding them would double count.
    fatal = [c.count for c in casualties if c.outcome in _FATAL_OUTCOMES]
    return max(fatal) if fatal else None


def _acled_notes(event: Event) -> str:
    """The label and the source sentence; then every other source and the figure it gives,
    so competing estimates stay side by side."""
    notes = f"{event.label}: {_first_source(event)}"
    for source in event.sources[1:]:
        figure = _fatalities(source.casualties)
        said = f" ({figure} killed)" if figure is not None else ""
        notes += f" | Also: {source.document.title}{said}"
    return notes


def _acled_row(event: Event) -> list[str]:
    actors = sorted(event.actors, key=lambda a: _ACTOR_PRIORITY[a.kind])
    names = [a.name for a in actors]
    countries = [p.country for p in event.places if p.country]
    countries += [a.country or a.name for a in actors if a.kind is ActorKind.COUNTRY or a.country]
    fatal = _fatalities(event.casualties)
    titles = list(dict.fromkeys(s.document.title for s in event.sources)) or [event.document.title]
    place = event.places[0] if event.places else None
    lat, lon, admin1 = _geo_cells(event)
    return [
        event.start.isoformat(),
        str(event.start.year),
        acled_time_precision(event),
        event.event_type or "",
        event.sub_event_type or "",
        names[0] if names else "",
        acled_inter(actors[0] if actors else None),
        names[1] if len(names) > 1 else "",
        acled_inter(actors[1] if len(actors) > 1 else None),
        countries[0] if countries else "",
        admin1,
        place.name if place else "",
        lat,
        lon,
        str(place.geo_precision) if place and place.geo_precision else "",
        "; ".join(titles),
        "",  # source_scale: nothing in a news text says it; left empty rather than invented
        _acled_notes(event),
        # The primary mention's figure: other sources' figures are in the notes, never summed.
        str(fatal) if fatal is not None else "",
    ]


def to_acled_csv(
    events: Sequence[Event], *, title: str = "", options: ExportOptions | None = None
) -> str:
    return _write_csv(ACLED_COLUMNS, [_acled_row(e) for e in events])


RENDERERS: dict[str, Callable[..., str]] = {
    "json": to_json,
    "jsonl": to_jsonl,
    "csv": to_csv,
    "markdown": to_markdown,
    "timelinejs": to_timelinejs,
    "timelinejs-csv": to_timelinejs_csv,
    "ics": to_ics,
    "acled-csv": to_acled_csv,
}


def render(
    events: Sequence[Event], fmt: str, *, title: str = "", options: ExportOptions | None = None
) -> str:
    """The export as text. Raises ExportError for an unknown format."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        known = ", ".join(FORMATS)
        raise ExportError(f"unknown format {fmt!r} (choose one of: {known})") from None
    return renderer(events, title=title, options=options or ExportOptions())


READABLE_SUFFIXES = (".json", ".jsonl")


def read_events(path: Path) -> list[Event]:
    """Read a json or jsonl export back into events, exactly as exported.

    Raises ExportError, naming the file, when it is not readable or not an export.
    """
    from pydantic import TypeAdapter, ValidationError

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ExportError(f"{path}: not UTF-8 text, so not a conflict-tui export") from None
    except OSError as exc:
        raise ExportError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        if path.suffix.lower() == ".jsonl":
            return [Event.model_validate_json(line) for line in text.splitlines() if line.strip()]
        return TypeAdapter(list[Event]).validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        if first["type"] == "json_invalid":
            problem = "not valid JSON"
        else:
            problem = f"not a conflict-tui export ({where}: {first['msg']})"
        raise ExportError(f"{path}: {problem}") from None


def default_export_name(corpus_name: str, fmt: str, on: date) -> str:
    """ "seeds-2026-11-26.json": the corpus and the day, safe as a file name."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", corpus_name).strip("-").lower() or "timeline"
    return f"{slug[:60]}-{on.isoformat()}{FORMATS.get(fmt, '.' + fmt)}"


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename.

    A crash or a full disk leaves either the old file or the new one, never half of either.
    """
    if path.is_dir():
        raise ExportError(f"{path}: is a directory; give a file name")
    if path.exists() and not force:
        raise ExportExistsError(f"{path}: already exists (use --force to overwrite)")
    parent = path.parent
    if not parent.is_dir():
        raise ExportError(f"{path}: directory {parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write here ({exc.strerror})") from None
    try:
        # mkstemp makes the file 0600; give it the mode a plain open() would have.
        os.chmod(tmp, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists() and not force:  # created meanwhile by someone else
            raise ExportExistsError(f"{path}: already exists (use --force to overwrite)")
        os.replace(tmp, path)
    except ExportError:
        _remove_quietly(tmp)
        raise
    except OSError as exc:
        _remove_quietly(tmp)
        raise ExportError(f"{path}: write failed ({exc.strerror or exc})") from None


def _read_umask() -> int:
    # os.umask can only be read by setting it: do that once, at import, rather than on every
    # export, where a worker thread would briefly leave the whole process with umask 0.
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def _remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def write_export(
    events: Sequence[Event],
    fmt: str,
    path: Path,
    *,
    force: bool = False,
    title: str = "",
    options: ExportOptions | None = None,
) -> int:
    """Render ``events`` as ``fmt`` into ``path`` atomically; return how many were written."""
    text = render(events, fmt, title=title, options=options)
    # A BOM lets Excel recognise UTF-8 CSV; LibreOffice and Python's csv (utf-8-sig) accept it.
    bom = "\ufeff" if FORMATS.get(fmt) == ".csv" else ""
    data = (bom + text).encode("utf-8")
    write_atomic(path, data, force=force)
    return len(events)
