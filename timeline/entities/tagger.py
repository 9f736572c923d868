"""Actors and places of a document: gazetteer names, derived names and context rules.

`EntityTagger` finds every actor and place mention of a document in one pass over the whole
text (so a surname later in the article resolves to the person introduced earlier). Where a
name comes from is told in `timeline.entities` (the package docstring); people beyond the
gazetteer are found by `timeline.entities.people`. This module matches the gazetteer, derives
armed forces and ministries, settles overlaps and judges ambiguous names in context.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from timeline.entities.candidates import (
    COUNTRY_WORD,
    DERIVED,
    LISTED,
    SURNAME,
    Candidate,
    Ref,
)
from timeline.entities.names import PARTICLES, UP
from timeline.entities.names import key as _key
from timeline.entities.people import PersonRules
from timeline.gazetteer import ARMED_FORCE_NOUNS, Gazetteer, SurfaceForm, normalize
from timeline.models import Actor, ActorKind, Mention, Place
from timeline.text import WS, alternation, trie_pattern

__all__ = ["DocumentEntities", "EntityTagger"]

# ────────────────────────────────────────── context ────────────────────────────────────────────

_CAPITAL_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|at|to|from|near|around|into|inside|outside|across|toward|towards|via|through"
    r"|throughout|within|visited|visiting|visit|reached|reaching|entered|entering|left|leaving"
    r"|capital|city|town|(?:city|town|village|outskirts|streets|centre|center|suburbs|heart)"
    r"\s+of)|\bof\s+the\s+(?:city|town|village))\s*,?\s*(?:the\s+)?$",
    re.IGNORECASE,
)
_COUNTRY_PLACE_BEFORE = re.compile(
    r"\b(?:in|inside|within|into|across|throughout)\s+(?:the\s+)?$", re.IGNORECASE
)
_POSSESSIVE_AFTER = re.compile(r"['’]s?(?!\w)")
_DEMONYM_PLACE_AFTER = re.compile(
    r"[^\S\n]+(?:city|cities|town|towns|village|villages|capital|region|regions|province"
    r"|district|territory|territories|soil|airspace|border|borders|enclave|countryside|coast"
    r"|port|mountains|highlands|lands)\b"
)
_NAME_CONTINUES = re.compile(rf"[^\S\n]+[{UP}][a-z]")
_PLACE_LIST_GAP = re.compile(r"\s*(?:,|,?\s*(?:and|or))\s*")

_MINISTRIES: dict[str, str] = {
    "Defense Ministry": "Defense Ministry",
    "Defence Ministry": "Defense Ministry",
    "Ministry of Defense": "Defense Ministry",
    "Ministry of Defence": "Defense Ministry",
    "Foreign Ministry": "Foreign Ministry",
    "Foreign Affairs Ministry": "Foreign Ministry",
    "Ministry of Foreign Affairs": "Foreign Ministry",
    "Interior Ministry": "Interior Ministry",
    "Internal Affairs Ministry": "Interior Ministry",
    "Ministry of Internal Affairs": "Interior Ministry",
    "Ministry of Interior": "Interior Ministry",
    "Ministry of the Interior": "Interior Ministry",
    "Health Ministry": "Health Ministry",
    "Ministry of Health": "Health Ministry",
    "Emergency Situations Ministry": "Emergency Situations Ministry",
    "Ministry of Emergency Situations": "Emergency Situations Ministry",
    "Emergencies Ministry": "Emergency Situations Ministry",
}


@dataclass
class DocumentEntities:
    """Every actor and place named in one document.

    ``mentions`` are sorted by start and never overlap; their offsets point into the document
    text. ``actors`` and ``places`` map each canonical name mentioned to its record.
    """

    mentions: list[Mention] = field(default_factory=list)
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)


class EntityTagger:
    """Finds actors and places in whole documents; build once, use for every document."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._forms: dict[str, SurfaceForm] = {}
        self._surnames: dict[str, SurfaceForm] = {}
        self._refs: dict[str, Ref] = {}
        order = {"person": 0, "organization": 1, "country": 2, "demonym": 3, "metonym": 4}
        forms = sorted(gazetteer.surface_forms(), key=lambda f: order.get(f.kind, 5))
        for form in forms:
            table = self._surnames if form.kind == "surname" else self._forms
            table.setdefault(_key(form.text), form)
        # A listed name beats a derived surname.
        for key in list(self._surnames):
            if key in self._forms:
                del self._surnames[key]
        strings = [(f.text, f.kind == "person") for f in forms if f.kind != "surname"]
        self._names = re.compile(rf"(?<!\w)(?:{trie_pattern(strings)})(?!\w)")

        country_words = [
            (w, False)
            for name in gazetteer.countries
            for w in (name, *gazetteer.countries[name].aliases, *gazetteer.demonyms(name))
        ]
        prefix = trie_pattern(country_words)
        nouns = alternation(ARMED_FORCE_NOUNS, space=WS)
        ministries = alternation(_MINISTRIES, space=WS)
        # One pass for the derived names: "Azeri troops", "Azeri and Armenian forces",
        # "Armenian Defense Ministry", "Ministry of Defence of Armenia".
        self._derived_re = re.compile(
            rf"(?<!\w)(?:(?P<pre>{prefix})(?:['’]s)?{WS}"
            rf"(?:(?P<noun>{nouns})|(?:and|or){WS}(?P<pre2>{prefix}){WS}(?P<noun2>{nouns})"
            rf"|(?P<min>{ministries})(?:{WS}of{WS}(?:the{WS})?(?P<post>{prefix}))?)"
            rf"|(?P<min2>{ministries})(?:{WS}of{WS}(?:the{WS})?(?P<post2>{prefix}))?)(?!\w)"
        )
        self._people = PersonRules(gazetteer, self._gazetteer_ref)

    # ── public ──

    def tag(self, text: str) -> DocumentEntities:
        """All actor and place mentions of a document, resolved to canonical names."""
        candidates: list[Candidate] = []
        for match in self._names.finditer(text):
            form = self._forms.get(_key(match.group()))
            if form is not None:
                rank = LISTED if form.kind in ("organization", "person") else COUNTRY_WORD
                candidates.append(Candidate(match.start(), match.end(), rank, form))
        candidates += self._derived(text)
        by_end: dict[int, Candidate] = {}
        for cand in candidates:
            best = by_end.get(cand.end)
            if best is None or cand.start < best.start:
                by_end[cand.end] = cand
        people = self._people.find(text, by_end)
        candidates += people

        chosen = self._judge(text, self._select(candidates))
        chosen = self._add_surnames(text, chosen, people)
        return self._entities(text, chosen)

    # ── candidates ──

    def _gazetteer_ref(self, name: str) -> Ref | None:
        ref = self._refs.get(name)
        if ref is None:
            actor = self.gazetteer.actor(name)
            if actor is not None:
                ref = Ref("actor", name, actor.kind, actor.role, actor.country)
            else:
                place = self.gazetteer.place(name)
                if place is None:
                    return None
                ref = Ref("place", name, country=place.country)
            self._refs[name] = ref
        return ref

    def _derived(self, text: str) -> list[Candidate]:
        gaz = self.gazetteer
        found: list[Candidate] = []
        for match in self._derived_re.finditer(text):
            if match["noun"] or match["noun2"]:
                country = gaz.country_of(match["pre"])
                if match["noun2"]:
                    # "Azeri and Armenian forces": the first adjective alone is a force too.
                    second = gaz.country_of(match["pre2"])
                    if second:
                        name = gaz.armed_force_name(second, normalize(match["noun2"]))
                        ref = Ref("actor", name, ActorKind.ARMED_FORCE, country=second)
                        found.append(Candidate(match.start("pre2"), match.end(), DERIVED, ref))
                    end = match.end("pre")
                else:
                    end = match.end()
                if country:
                    noun = normalize(match["noun"] or match["noun2"])
                    name = gaz.armed_force_name(country, noun)
                    ref = Ref("actor", name, ActorKind.ARMED_FORCE, country=country)
                    found.append(Candidate(match.start(), end, DERIVED, ref))
            else:
                ministry = _MINISTRIES[normalize(match["min"] or match["min2"])]
                owner = match["pre"] or match["post"] or match["post2"] or ""
                country = gaz.country_of(owner) if owner else None
                name = f"{gaz.adjective(country)} {ministry}" if country else ministry
                ref = Ref("actor", name, ActorKind.ORGANIZATION, country=country)
                found.append(Candidate(match.start(), match.end(), DERIVED, ref))
        return found

    # ── selection ──

    @staticmethod
    def _select(candidates: list[Candidate]) -> list[Candidate]:
        """Leftmost-longest non-overlapping spans; ties go to the lower priority number."""
        candidates.sort(key=lambda c: (c.start, -(c.end - c.start), c.priority))
        chosen: list[Candidate] = []
        last_end = 0
        for cand in candidates:
            if cand.start >= last_end and cand.end > cand.start:
                chosen.append(cand)
                last_end = cand.end
        return chosen

    def _judge(self, text: str, chosen: list[Candidate]) -> list[Candidate]:
        """Decide what each gazetteer match names here (actor or place); drop blockers."""
        resolved: list[Candidate] = []
        last_place_end = -1
        for cand in chosen:
            payload = cand.payload
            if payload is None:
                continue
            if isinstance(payload, SurfaceForm):
                ref = self._judge_form(text, cand.start, cand.end, payload, last_place_end)
                if ref is None:
                    continue
                cand.payload = payload = ref
            resolved.append(cand)
            if payload.entity == "place":
                last_place_end = cand.end
        return resolved

    def _judge_form(
        self, text: str, start: int, end: int, form: SurfaceForm, last_place_end: int
    ) -> Ref | None:
        kind = form.kind
        if kind in ("person", "organization", "place"):
            return self._gazetteer_ref(form.name)
        if kind == "metonym":
            return Ref("actor", form.name, ActorKind.COUNTRY)
        before = text[max(0, start - 40) : start]
        if kind == "country":
            if not _POSSESSIVE_AFTER.match(text, end) and _COUNTRY_PLACE_BEFORE.search(before):
                return Ref("place", form.name, country=form.name)
            return Ref("actor", form.name, ActorKind.COUNTRY)
        if kind == "demonym":
            if _DEMONYM_PLACE_AFTER.match(text, end):
                return Ref("place", form.name, country=form.name)
            return Ref("actor", form.name, ActorKind.COUNTRY)
        # A capital: the place, or its country's government.
        if _NAME_CONTINUES.match(text, end):
            return None  # "Moscow State University": part of a longer name
        in_list = last_place_end >= 0 and _PLACE_LIST_GAP.fullmatch(text, last_place_end, start)
        if in_list or _CAPITAL_PLACE_BEFORE.search(before) or form.country is None:
            return self._gazetteer_ref(form.name)
        return Ref("actor", form.country, ActorKind.COUNTRY)

    def _add_surnames(
        self, text: str, resolved: list[Candidate], people: list[Candidate]
    ) -> list[Candidate]:
        """Surnames and repeated full names of the people this document names."""
        present: dict[str, Ref] = {}
        for cand in resolved:
            ref = cand.payload
            if isinstance(ref, Ref) and ref.kind is ActorKind.PERSON:
                present.setdefault(ref.name, ref)
        if not present:
            return resolved
        wanted: dict[str, Ref] = {}
        for cand in people:
            ref = cand.payload
            if not isinstance(ref, Ref) or ref.name not in present:
                continue
            if ref.name in self.gazetteer.people:
                continue  # its aliases and surname are in the gazetteer pass already
            words = [w for w in ref.name.split() if w not in PARTICLES]
            for variant in (ref.name, words[-1]):
                if self.gazetteer.resolve(variant) is None:
                    wanted.setdefault(_key(variant), present[ref.name])
        for key, form in self._surnames.items():
            if form.name in present:
                wanted.setdefault(key, present[form.name])
        if not wanted:
            return resolved
        pattern = trie_pattern((k, True) for k in wanted)
        starts = [c.start for c in resolved]
        added = list(resolved)
        for match in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", text):
            ref = wanted.get(_key(match.group()))
            if ref is None:
                continue
            i = bisect_right(starts, match.start())
            if i > 0 and resolved[i - 1].end > match.start():
                continue
            if i < len(resolved) and resolved[i].start < match.end():
                continue
            added.append(Candidate(match.start(), match.end(), SURNAME, ref))
        added.sort(key=lambda c: c.start)
        return added

    @staticmethod
    def _entities(text: str, resolved: list[Candidate]) -> DocumentEntities:
        result = DocumentEntities()
        records: dict[tuple[str, str], Actor | Place] = {}
        for cand in resolved:
            ref = cand.payload
            if not isinstance(ref, Ref):
                continue
            result.mentions.append(
                Mention(
                    text=text[cand.start : cand.end],
                    start=cand.start,
                    end=cand.end,
                    name=ref.name,
                    entity=ref.entity,
                )
            )
            if (ref.entity, ref.name) not in records:
                record = records[ref.entity, ref.name] = ref.record()
                if isinstance(record, Actor):
                    result.actors[ref.name] = record
                else:
                    result.places[ref.name] = record
        return result
