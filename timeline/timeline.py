"""The `Timeline`: events in chronological order, and the filters the CLI and the TUI share."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from pydantic import Field

from timeline.models import (
    ActorKind,
    Document,
    Event,
    Model,
    Problem,
    UndatedExpression,
)

_BOUND = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


class FilterError(ValueError):
    """A filter the user typed that we cannot read; the message says how to write it."""


def parse_bound(text: str, *, upper: bool) -> date:
    """A year, year-month or date as the first (``upper=False``) or last day it covers.

    >>> parse_bound("2022-09", upper=True)
    datetime.date(2022, 9, 30)
    """
    match = _BOUND.match(text)
    if not match:
        raise FilterError(f"{text.strip()!r} is not a year, year-month or date (YYYY[-MM[-DD]])")
    year = int(match[1])
    month = int(match[2]) if match[2] else None
    day = int(match[3]) if match[3] else None
    try:
        if month is None:
            return date(year, 12, 31) if upper else date(year, 1, 1)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, last if upper else 1)
        return date(year, month, day)
    except (ValueError, calendar.IllegalMonthError) as exc:
        raise FilterError(f"{text.strip()!r} is not a real date ({exc})") from None


def parse_time_range(text: str) -> tuple[date | None, date | None]:
    """Read "1992..1994", "2020", "2022-09", "..2000" or "2015.." into inclusive bounds."""
    text = text.strip()
    if not text:
        raise FilterError("empty time range; try 1992..1994, 2020 or 2022-09")
    if ".." in text:
        left, _, right = text.partition("..")
        start = parse_bound(left, upper=False) if left.strip() else None
        end = parse_bound(right, upper=True) if right.strip() else None
        if start is None and end is None:
            raise FilterError("a time range needs at least one end: 1992..1994, ..2000 or 2015..")
    else:
        start, end = parse_bound(text, upper=False), parse_bound(text, upper=True)
    if start and end and start > end:
        raise FilterError(f"{text!r} ends before it starts")
    return start, end


def _edge(day: date | None, *, upper: bool) -> str:
    """A range end as the coarsest unit it is the edge of: 2022, 2022-09 or 2022-09-13."""
    if day is None:
        return ""
    last = calendar.monthrange(day.year, day.month)[1]
    if day.day != (last if upper else 1):
        return day.isoformat()
    if day.month == (12 if upper else 1):
        return str(day.year)
    return f"{day.year}-{day.month:02d}"


def format_time_range(start: date | None, end: date | None) -> str:
    """The inverse of `parse_time_range`, as a user would type it: "2022", "1992..1994"."""
    first, last = _edge(start, upper=False), _edge(end, upper=True)
    if start and end and first == last:
        return first
    return f"{first}..{last}"


UNTYPED = "(none)"  # the event-type filter's name for events the text gives no type


class Filters(Model):
    """What narrows the timeline. Empty filters show everything."""

    start: date | None = None
    end: date | None = None
    actors: list[str] = Field(default_factory=list)
    event_types: list[str] = Field(
        default_factory=list,
        description='ACLED event types to keep ("Battles", ...); "(none)" keeps the untyped.',
    )
    search: str = ""

    @property
    def active(self) -> bool:
        return bool(
            self.start or self.end or self.actors or self.event_types or self.search.strip()
        )

    def describe(self) -> str:
        """ "2022 · Russia, NATO · Battles": the time range as typed at its coarsest, then
        the actors, then the event types (the search is not described: it filters nothing
        in the explorer)."""
        parts: list[str] = []
        if self.start or self.end:
            parts.append(format_time_range(self.start, self.end))
        if self.actors:
            parts.append(", ".join(self.actors))
        if self.event_types:
            parts.append(", ".join(self.event_types))
        return " · ".join(parts)


def sort_key(event: Event) -> tuple[date, date, str, int]:
    return (event.start, event.end, event.document.id, event.expression.start)


def search_text(event: Event) -> str:
    """What the search looks in, casefolded: the headline, label, expression, sentences,
    actors, places, mentions and types, one per line (the store indexes the same text)."""
    parts = [event.headline, event.label, event.expression.text]
    parts += [s.text for s in event.sentences]
    parts += [a.name for a in event.actors]
    parts += [p.name for p in event.places]
    parts += [m.text for m in event.mentions]
    parts += [t for t in (event.event_type, event.sub_event_type) if t]
    return "\n".join(parts).casefold()


class Timeline:
    """Events sorted by date, with the expressions that could not be dated kept beside them."""

    def __init__(
        self,
        events: Iterable[Event],
        *,
        undated: Sequence[UndatedExpression] = (),
        documents: Sequence[Document] = (),
        problems: Sequence[Problem] = (),
        name: str = "",
    ) -> None:
        self.events: list[Event] = sorted(events, key=sort_key)
        self.undated: list[UndatedExpression] = list(undated)
        self.documents: list[Document] = list(documents)
        self.problems: list[Problem] = list(problems)
        self.name = name
        self._haystacks: list[str] | None = None
        self._documents: dict[str, Document] | None = None
        self._by_document: dict[str, list[int]] | None = None

    def document(self, document_id: str) -> Document | None:
        """The loaded document ``document_id`` (None for events reopened from an export)."""
        if self._documents is None:
            self._documents = {d.id: d for d in self.documents}
        return self._documents.get(document_id)

    def events_of(self, document_id: str) -> list[int]:
        """Indices of the events that document ``document_id`` tells (any of their mentions)."""
        if self._by_document is None:
            by_document: dict[str, list[int]] = {}
            for index, event in enumerate(self.events):
                ids = {event.document.id, *(s.document.id for s in event.sources)}
                for found in ids:
                    by_document.setdefault(found, []).append(index)
            self._by_document = by_document
        return self._by_document.get(document_id, [])

    def __len__(self) -> int:
        return len(self.events)

    @property
    def span(self) -> tuple[date, date] | None:
        """The first start and the last end over all events."""
        if not self.events:
            return None
        return self.events[0].start, max(e.end for e in self.events)

    def actor_counts(self) -> list[tuple[str, ActorKind, int]]:
        """Every actor with the number of events naming it, most frequent first."""
        counts: Counter[str] = Counter()
        kinds: dict[str, ActorKind] = {}
        for event in self.events:
            for actor in event.actors:
                counts[actor.name] += 1
                kinds.setdefault(actor.name, actor.kind)
        return [(name, kinds[name], n) for name, n in sorted(counts.items(), key=_by_count)]

    def type_counts(self) -> list[tuple[str, int]]:
        """Every event type with its number of events, most frequent first; events the text
        gives no type are counted as `UNTYPED`."""
        counts: Counter[str] = Counter(e.event_type or UNTYPED for e in self.events)
        return sorted(counts.items(), key=_by_count)

    def prepare_search(self) -> None:
        """Build the search index now (in a worker thread, say) so the first search is fast.

        Built into a local list and assigned once: a search running meanwhile on another
        thread sees either no index (and builds its own) or the whole one.
        """
        if self._haystacks is None:
            haystacks = [search_text(e) for e in self.events]
            self._haystacks = haystacks

    def matches(self, index: int, needle: str) -> bool:
        """Whether event ``index`` contains ``needle`` (case-insensitive) anywhere it shows."""
        if self._haystacks is None:
            self._haystacks = [search_text(e) for e in self.events]
        return needle.casefold() in self._haystacks[index]

    def filter(self, filters: Filters) -> list[Event]:
        """The events that overlap the time range, name any of the actors and contain the text."""
        return [self.events[i] for i in self.filter_indices(filters)]

    def filter_indices(self, filters: Filters) -> list[int]:
        wanted = set(filters.actors)
        types = set(filters.event_types)
        needle = filters.search.strip()
        out: list[int] = []
        for i, event in enumerate(self.events):
            if filters.start and event.end < filters.start:
                continue
            if filters.end and event.start > filters.end:
                continue
            if wanted and not any(a.name in wanted for a in event.actors):
                continue
            if types and (event.event_type or UNTYPED) not in types:
                continue
            if needle and not self.matches(i, needle):
                continue
            out.append(i)
        return out


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])
