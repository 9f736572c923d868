"""ACLED-style event rows (``acled-csv``): ACLED's columns, filled where the text says.

Anything that cannot be mapped is left empty rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from timeline.export.options import ExportOptions
from timeline.export.phrases import first_source
from timeline.export.spreadsheet import geo_cells, write_csv
from timeline.models import Actor, ActorKind, Casualty, Event, Precision

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


def fatalities(casualties: Sequence[Casualty]) -> int | None:
    """The fatalities of one mention as an ACLED coder counts them.

    * Figures for different sides of one happening add up ("about 170 Palestinians and six
      Israelis" is 176): each side counted once, by its largest figure.
    * Competing estimates or a range ("between 485 and 613"; "40 died; activists put the toll
      at 65") count the lowest, as ACLED does.
    * Otherwise the largest figure: several figures without sides usually restate or contain
      each other ("3,006 dead including 100 civilians"), so adding them would double count.
    """
    fatal = [c for c in casualties if c.outcome in _FATAL_OUTCOMES]
    if not fatal:
        return None
    if any(c.low is not None for c in fatal):
        return min(c.low if c.low is not None else c.count for c in fatal)
    sides = {(c.side or "").casefold() for c in fatal}
    if len(fatal) > 1 and "" not in sides and len(sides) > 1:
        per_side: dict[str, int] = {}
        for c in fatal:
            key = (c.side or "").casefold()
            per_side[key] = max(per_side.get(key, 0), c.count)
        return sum(per_side.values())
    return max(c.count for c in fatal)


def _acled_notes(event: Event) -> str:
    """The label and the source sentence; then every other source and the figure it gives,
    so competing estimates stay side by side."""
    notes = f"{event.label}: {first_source(event)}"
    for source in event.sources[1:]:
        figure = fatalities(source.casualties)
        said = f" ({figure} killed)" if figure is not None else ""
        notes += f" | Also: {source.document.title}{said}"
    return notes


def _acled_row(event: Event) -> list[str]:
    actors = sorted(event.actors, key=lambda a: _ACTOR_PRIORITY[a.kind])
    names = [a.name for a in actors]
    countries = [p.country for p in event.places if p.country]
    countries += [a.country or a.name for a in actors if a.kind is ActorKind.COUNTRY or a.country]
    fatal = fatalities(event.casualties)
    titles = list(dict.fromkeys(s.document.title for s in event.sources)) or [event.document.title]
    # The location is the first geocoded place (its coordinates, admin1 and precision go
    # with it), else the first place named.
    located = [p for p in event.places if p.latitude is not None]
    place = located[0] if located else (event.places[0] if event.places else None)
    lat, lon, admin1 = geo_cells(event)
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
    return write_csv(ACLED_COLUMNS, [_acled_row(e) for e in events])
