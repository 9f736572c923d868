"""How parts of an event read as text: a casualty figure, where a date came from, the source.

Shared by the formats and by the TUI's detail pane (`casualty_text`, `anchor_source`).
"""

from __future__ import annotations

import contextlib
import re
from datetime import date

from timeline.labels import MONTHS, day_label
from timeline.models import AnchorKind, Casualty, Event, TimeExpression

_TIMEX_DAY = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_ANCHOR_SOURCES = {
    AnchorKind.PUBLICATION: "the publication date",
    AnchorKind.NARRATIVE: "the narrative",
    AnchorKind.EVENT: "an event in the text",
}


def casualty_text(casualty: Casualty) -> str:
    """ "~7000 killed (Armenia)": the figure as one readable phrase; a range or competing
    estimates with their bounds, "130–170 killed", "31 killed (31–300)", as UCDP keeps them."""
    low, high = casualty.low, casualty.high
    who = f" ({casualty.who})" if casualty.who else ""
    if low is not None and high is not None and low != high:
        bounds = f"{low:,}–{high:,}"
        if casualty.count == low:
            return f"{bounds} {casualty.outcome}{who}"
        return f"{casualty.count:,} {casualty.outcome} ({bounds}){who}"
    count = f"~{casualty.count:,}" if casualty.approximate else f"{casualty.count:,}"
    return f"{count} {casualty.outcome}{who}"


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


def first_source(event: Event) -> str:
    """The event's first source sentence ("" when it has none)."""
    return event.sentences[0].text if event.sentences else ""


def source_line(event: Event) -> str:
    """ "Title (2022-09-15)": the document the event comes from."""
    doc = event.document
    return f"{doc.title} ({doc.published.isoformat()})" if doc.published else doc.title
