"""Candidate spans: what a stretch of text may name, and which source wins a tie."""

from __future__ import annotations

from dataclasses import dataclass

from timeline.gazetteer import SurfaceForm
from timeline.models import Actor, ActorKind, Found, Place

__all__ = [
    "ACRONYM",
    "BLOCK",
    "COUNTRY_WORD",
    "DERIVED",
    "LISTED",
    "PERSON_RULE",
    "PLACE_CONTEXT",
    "PLACE_NOUN",
    "SHAPE",
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
    found: Found = Found.GAZETTEER  # CONTEXT: found by its shape or context, not listed

    def record(self) -> Actor | Place:
        if self.entity == "place":
            return Place(name=self.name, country=self.country, found=self.found)
        assert self.kind is not None
        return Actor(
            name=self.name, kind=self.kind, role=self.role, country=self.country, found=self.found
        )


# Which source wins when two candidates cover exactly the same span (lower wins): a listed
# organization or person ("Sudanese Armed Forces") beats a derived name ("Sudanese forces"),
# which beats a place named by a place noun ("the Moscow region": the place, not the
# government), which beats a plain country word ("Azeri" in "Azeri and Armenian forces"); the
# rules of context come last. A longer span wins before any of this is asked.
BLOCK, LISTED, DERIVED, PLACE_NOUN, COUNTRY_WORD, PERSON_RULE, SURNAME, SHAPE, ACRONYM = range(9)
PLACE_CONTEXT = ACRONYM + 1


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
