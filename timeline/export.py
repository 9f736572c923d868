"""Exporters: events out to the formats analysts hand on, written atomically.

One set of writers serves the CLI (`conflict-tui export`), the TUI's export dialog and its
copy key. Output is deterministic: the same events give byte-identical files.
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
from datetime import date
from pathlib import Path

from timeline.models import Casualty, Event

FORMATS: dict[str, str] = {
    "json": ".json",
    "jsonl": ".jsonl",
    "csv": ".csv",
    "markdown": ".md",
}

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
)


class ExportError(Exception):
    """An export that could not be written; the message is for the user and names the path."""


class ExportExistsError(ExportError):
    """The target exists and overwriting was not asked for."""


def _event_dicts(events: Sequence[Event]) -> list[dict[str, object]]:
    return [e.model_dump(mode="json") for e in events]


def to_json(events: Sequence[Event], *, title: str = "") -> str:
    return json.dumps(_event_dicts(events), ensure_ascii=False, indent=2) + "\n"


def to_jsonl(events: Sequence[Event], *, title: str = "") -> str:
    return "".join(json.dumps(e.model_dump(mode="json"), ensure_ascii=False) + "\n" for e in events)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize_cell(value: str) -> str:
    """Stop a spreadsheet from running a cell as a formula (OWASP's CSV-injection advice)."""
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def casualty_text(casualty: Casualty) -> str:
    """ "~7000 killed (Armenia)": the figure as one readable phrase."""
    count = f"~{casualty.count}" if casualty.approximate else str(casualty.count)
    who = f" ({casualty.who})" if casualty.who else ""
    return f"{count} {casualty.outcome}{who}"


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
    ]


def to_csv(events: Sequence[Event], *, title: str = "") -> str:
    buffer = io.StringIO()
    # RFC 4180: CRLF line ends, fields quoted when they hold separators, quotes or newlines.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for event in events:
        writer.writerow([neutralize_cell(cell) for cell in _csv_row(event)])
    return buffer.getvalue()


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_MD_LINE_START = re.compile(r"^(\s*)([-+>]|\d+[.)])(\s)")


def escape_markdown(text: str) -> str:
    """Escape what would turn plain text into Markdown structure (emphasis, links, HTML...)."""
    text = " ".join(text.split())  # one line: a newline would break the bullet or quote
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(r"\1\\\2\3", text)


def to_markdown(events: Sequence[Event], *, title: str = "") -> str:
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
        lines.append(f"  > — *{escape_markdown(doc.title)}*{published}")
    return "\n".join(lines).rstrip() + "\n" if lines else ""


RENDERERS: dict[str, Callable[..., str]] = {
    "json": to_json,
    "jsonl": to_jsonl,
    "csv": to_csv,
    "markdown": to_markdown,
}


def render(events: Sequence[Event], fmt: str, *, title: str = "") -> str:
    """The export as text. Raises ExportError for an unknown format."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        known = ", ".join(FORMATS)
        raise ExportError(f"unknown format {fmt!r} (choose one of: {known})") from None
    return renderer(events, title=title)


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
        os.chmod(tmp, 0o666 & ~_umask())
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def write_export(
    events: Sequence[Event], fmt: str, path: Path, *, force: bool = False, title: str = ""
) -> int:
    """Render ``events`` as ``fmt`` into ``path`` atomically; return how many were written."""
    text = render(events, fmt, title=title)
    # A BOM lets Excel recognise UTF-8 CSV; LibreOffice and Python's csv (utf-8-sig) accept it.
    data = ("\ufeff" + text if fmt == "csv" else text).encode("utf-8")
    write_atomic(path, data, force=force)
    return len(events)
