"""Candidate spans: what a stretch of text may name, and which source wins a tie."""

from __future__ import annotations

from dataclasses import dataclass

from timeline.gazetteer import SurfaceForm
from timeline.models import Actor, ActorKind, Place

__all__ = [
    "BLOCK",
    "COUNTRY_WORD",
    "DERIVED",
    "LISTED",
    "PERSON_RULE",
    "SURNAME",
    "Candidate",
    "Ref",
]


@dataclass(frozen=True, slots=True)
class Ref:
    """What a mention names; turned into an `Actor` or `Place` once per document and name."""

    entity: str  # "actor" or "place"
    name: str
    kind: ActorKind | None = None  # actors only
    role: str | None = None
    country: str | None = None

    def record(self) -> Actor | Place:
        if self.entity == "place":
            return Place(name=self.name, country=self.country)
        assert self.kind is not None
        return Actor(name=self.name, kind=self.kind, role=self.role, country=self.country)


# Which source wins when two candidates cover exactly the same span (lower wins): a listed
# organization or person ("Sudanese Armed Forces") beats a derived name ("Sudanese forces"),
# which beats a plain country word ("Azeri" in "Azeri and Armenian forces").
BLOCK, LISTED, DERIVED, COUNTRY_WORD, PERSON_RULE, SURNAME = range(6)


@dataclass(slots=True)
class Candidate:
    """A span that may become a mention; ``payload`` None blocks the span without a mention.

    A `SurfaceForm` payload is a gazetteer match whose meaning (actor or place) is judged in
    context after the overlaps are settled.
    """

    start: int
    end: int
    priority: int  # lower wins between spans of equal start and length
    payload: Ref | SurfaceForm | None
