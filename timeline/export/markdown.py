"""A readable chronology in Markdown: a heading per year, a bullet per event, its source
quoted. Also what ``y`` copies to the clipboard (OSC 52), so nothing raw may pass."""

from __future__ import annotations

import re
from collections.abc import Sequence

from timeline.export.options import ExportOptions
from timeline.export.phrases import anchor_note
from timeline.labels import day_label
from timeline.models import Event
from timeline.sanitize import for_terminal

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_MD_LINE_START = re.compile(r"^(\s*)([-+>]|\d+[.)])(\s)")


def escape_markdown(text: str) -> str:
    """One line of plain text, safe in Markdown and on a terminal: whitespace runs become one
    space, control characters are made visible (`timeline.sanitize.for_terminal`), and what
    would turn it into Markdown structure (emphasis, links, HTML...) is escaped."""
    text = " ".join(text.split())  # one line: a newline would break the bullet or quote
    text = for_terminal(text, keep_newlines=False)
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
            said = escape_markdown(event.reported.text)
            lines.append(f"  > reported: “{said}” ({day_label(event.reported.start)})")
        others = [
            escape_markdown(s.document.title)
            + (f", {s.document.published.isoformat()}" if s.document.published else "")
            for s in event.sources[1:]
        ]
        if others:
            lines.append(f"  > also told by: {'; '.join(others)}")
    return "\n".join(lines).rstrip() + "\n" if lines else ""
