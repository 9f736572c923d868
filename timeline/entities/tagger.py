"""Actors and places of a document: gazetteer names, derived names and context rules.

`EntityTagger` finds every actor and place mention of a document in one pass over the whole
text (so a surname later in the article resolves to the person introduced earlier). Where a
name comes from is told in `timeline.entities` (the package docstring); people beyond the
gazetteer are found by `timeline.entities.people`, organisations by their shape and acronyms by
`timeline.entities.organisations`, places by their context by `timeline.entities.places`. This
module matches the gazetteer, derives armed forces and ministries, settles overlaps, judges
ambiguous names in context and tells namesakes apart.

Namesakes (people who share a surname): a one-word mention ("Aliyev", "al-Assad") of a person
with namesakes — in the gazetteer, or named in full in the document — names by default the
namesake last named in full before it (else the gazetteer's). Its candidates are kept in
`DocumentEntities.namesakes`; `DocumentEntities.actor_for` (or `resolve_actor`) picks the one
active on an event's date. A full name ("Heydar Aliyev") is always that person.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from timeline.entities.candidates import (
    ACRONYM,
    COUNTRY_WORD,
    DERIVED,
    LISTED,
    PLACE_CONTEXT,
    SHAPE,
    SURNAME,
    Candidate,
    Ref,
)
from timeline.entities.lexicon import context_list, table
from timeline.entities.names import PARTICLES, UP, word_matches
from timeline.entities.names import key as _key
from timeline.entities.organisations import (
    ACRONYM_RE,
    APPOSED_GROUP_AFTER,
    HEADS,
    QUALIFIER_AFTER,
    OrganisationRules,
    acronym_candidates,
    is_attribution,
)
from timeline.entities.people import PersonRules
from timeline.entities.places import PlaceRules
from timeline.gazetteer import (
    ARMED_FORCE_NOUNS,
    Gazetteer,
    SurfaceForm,
    normalize,
    surname_key,
)
from timeline.models import Actor, ActorKind, Found, Mention, Place
from timeline.text import (
    NUMBER_WORDS,
    WS,
    alternation,
    trie_pattern,
    word_matches_of,
    word_trie_pattern,
)

__all__ = ["DocumentEntities", "EntityTagger", "resolve_actor"]

# ────────────────────────────────────────── context ────────────────────────────────────────────

_CAPITAL_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|at|to|from|near|around|into|inside|outside|across|toward|towards|via|through"
    r"|throughout|within|visited|visiting|visit|reached|reaching|entered|entering|left|leaving"
    r"|capital|city|town|(?:city|town|village|outskirts|streets|centre|center|suburbs|heart)"
    r"\s+of)|\bof\s+the\s+(?:city|town|village)|\b(?:attacks?|strikes?|assault|raids?"
    r"|offensive|bombing|shelling|advance|march|push|drive)\s+(?:on|against|towards?)"
    # One shells, takes or defends a city, not a government: "defended Kyiv", "shelled Baku".
    r"|\b(?:defended|defending|defend|captured|capturing|capture|shelled|shelling|bombed"
    r"|bombing|besieged|besieging|encircled|encircling|surrounded|surrounding|occupied"
    r"|occupying|liberated|liberating|recaptured|retook|retaking|seized|seizing|stormed"
    r"|storming|evacuated|approached|approaching|advanced\s+on|advancing\s+on|fell\s+on"
    r"|struck|targeted|targeting|attacked|attacking))"
    r"\s*,?\s*(?:the\s+)?"
    r"(?:(?:central|downtown|northern|southern|eastern|western|greater|besieged)\s+)?$",
    re.IGNORECASE,
)
# A capital followed by its surroundings is the place: "Kyiv and its surrounding province".
_CAPITAL_PLACE_AFTER = re.compile(
    r"[^\S\n]+and[^\S\n]+(?:its|the)[^\S\n]+"
    rf"(?:(?:{alternation(context_list('places', 'surroundings_modifiers'))})[^\S\n]+)?"
    rf"(?:{alternation(context_list('places', 'surroundings'))})(?!\w)",
    re.IGNORECASE,
)
_COUNTRY_PLACE_BEFORE = re.compile(
    r"\b(?:in|inside|within|into|across|throughout|invasion\s+of"
    # "in many parts of Syria", "much of Ukraine", "north of Syria": the land, not the state.
    r"|(?:(?:many|several|some|other|most|all|large|wide)\s+)?parts?\s+of"
    r"|(?:much|most|all|north|south|east|west)\s+of"
    # "withdraw from northeastern Syria": a direction makes it the land.
    r"|from(?=\s+(?:the\s+)?(?:northern|southern|eastern|western|central|north-?eastern"
    r"|north-?western|south-?eastern|south-?western)\s))\s+(?:the\s+)?"
    r"(?:(?:neighbou?ring|northern|southern|eastern|western|central|north-eastern"
    r"|north-western|south-eastern|south-western|northeastern|northwestern|southeastern"
    r"|southwestern|war-torn|occupied|rural)\s+)?$",
    re.IGNORECASE,
)
_POSSESSIVE_AFTER = re.compile(r"['’]s?(?!\w)")
_DEMONYM_PLACE_AFTER = re.compile(
    r"[^\S\n]+(?:city|cities|town|towns|village|villages|capital|region|regions|province"
    r"|district|territory|territories|soil|airspace|enclave|countryside|coast"
    r"|port|mountains|highlands|lands)\b"
)
_NAME_CONTINUES = re.compile(rf"[^\S\n]+[{UP}][a-z]")
# A capital naming an agreement or a meeting held there: "the Minsk II agreements", "the Astana
# talks" (context.toml [places] names_after).
_CAPITAL_NAMES_AFTER = re.compile(
    r"(?:[^\S\n]+(?-i:[IVX]{1,4})(?![\w-]))?[^\S\n]+"
    rf"(?:{alternation(context_list('places', 'names_after'))})(?![\w-])"
    r"|[^\S\n]+(?-i:[IVX]{1,4})(?![\w-])",
    re.IGNORECASE,
)
# The capitalised words after a place's name that leave it the place ("Hostomel Airport",
# "Donetsk Oblast", "Mariupol City Council"); any other makes it part of a longer name: "the
# Donetsk Regional Drama Theatre" is in Mariupol.
_PLACE_WORD_AFTER = re.compile(
    r"[^\S\n]+(?:"
    + alternation(
        [*context_list("places", "facility_words"), *context_list("places", "nouns_after"), "City"]
    )
    + r")(?!\w)"
)
# A facility named after a country: "Pakistan Street", "Ukraine Hotel" (context.toml
# facility_words, and a few more words of a street or a building).
_FACILITY_AFTER = re.compile(
    r"[^\S\n]+(?:"
    + alternation([*context_list("places", "facility_words"), "Boulevard", "Lane", "Hotel", "Park"])
    + r")(?!\w)"
)
# A demonym that names no side: "Canadian newspapers", "a German military historian",
# "French-language", "former Soviet republics", "26 Armenians" (context.toml [demonyms]).
_NOT_SIDE_AFTER = re.compile(
    # Another adjective may be joined on: "Syrian and Palestinian rebels".
    rf"(?:,?[^\S\n]+(?:and|or)[^\S\n]+[{UP}][\w'’-]+)?"
    rf"(?:[^\S\n]+(?:{alternation(context_list('demonyms', 'not_side_modifiers'))})){{0,2}}"
    rf"[^\S\n]+(?:{alternation(context_list('demonyms', 'not_side_nouns'))})(?![\w-])"
    rf"|-(?:{alternation(context_list('demonyms', 'not_side_suffixes'))})(?![\w-])"
)
# A demonym of people who belong to a named group: "Russian fighters of the Wagner Group",
# "British volunteers of the International Legion": the group is the side, not the state.
_MEMBERS_OF_AFTER = re.compile(
    rf"[^\S\n]+[a-z][\w'’-]*[^\S\n]+(?:of|from)[^\S\n]+the[^\S\n]+[{UP}]"
)
_NOT_SIDE_BEFORE = re.compile(
    rf"(?<![\w-])(?:{alternation(context_list('demonyms', 'not_side_before'))})"
    rf"(?:-|[^\S\n]+)$",
    re.IGNORECASE,
)
_VICTIMS_BEFORE = re.compile(
    rf"(?<![\w-])(?:{alternation(context_list('demonyms', 'victims_before'))})"
    r"[^\S\n]+(?:the[^\S\n]+)?(?:ethnic[^\S\n]+)?$",
    re.IGNORECASE,
)
_COUNTED_BEFORE = re.compile(
    rf"(?<![\w-])(?:\d[\d,.]*|{alternation(NUMBER_WORDS)}|(?:dozens|scores|hundreds"
    rf"|thousands|tens{WS}of{WS}thousands|millions){WS}of)[^\S\n]+$",
    re.IGNORECASE,
)
# Between two places of a list: "in Baku and Yerevan", "across Ukraine, including Kyiv".
_PLACE_LIST_GAP = re.compile(
    r"\s*(?:,|,?\s*(?:and|or|including|notably|especially|such\s+as))\s*(?:the\s+(?:capital,?\s*)?)?"
)
_COMMA_GAP = re.compile(r"[^\S\n]*,[^\S\n]*")
_CLAUSE_END = re.compile(r"[^\S\n]*(?:[,.;:)]|$)")

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
    #: A one-word person mention shared by namesakes (its text, as `timeline.entities.names.key`
    #: gives it: "Aliyev") → every person it may name: those the document names in full, in
    #: order, then the gazetteer's. Each such mention's ``name`` is its default: the namesake
    #: named in full last before it, else the gazetteer's owner of the word.
    namesakes: dict[str, list[Actor]] = field(default_factory=dict)
    #: The years those people were active (from the gazetteer's ``active``; end None: open).
    active: dict[str, tuple[int, int | None]] = field(default_factory=dict)
    #: The country the document is about, when one dominates it (context.toml
    #: ``unnamed_state_dominance``): whose are "the army" and the "soldiers" no one else owns.
    home_state: str | None = None
    #: The country the document names most, at least ``unnamed_state_min`` times and more
    #: often than any other, though not dominantly: whose the "soldiers" and "police" it
    #: counts are when a row names no other state's forces (`timeline.events`).
    leading_state: str | None = None

    def actor_for(self, mention: Mention, day: date | None) -> Actor | None:
        """The actor ``mention`` names in a sentence dated ``day``: its own actor, unless that
        is a namesake inactive on ``day`` and another one is ("Aliyev" in June 1993 → Heydar
        Aliyev; in 2020 → Ilham Aliyev). A full name is always its own person. None for a
        mention that names no actor."""
        actor = self.actors.get(mention.name) if mention.entity == "actor" else None
        options = self.namesakes.get(_key(mention.text))
        if actor is None or not options or day is None:
            return actor
        own = self.active.get(actor.name)
        if own is None or _covers(own, day):
            return actor
        for option in options:
            span = self.active.get(option.name)
            if span is not None and _covers(span, day):
                return option
        return actor


def _covers(span: tuple[int, int | None], day: date) -> bool:
    return span[0] <= day.year and (span[1] is None or day.year <= span[1])


def resolve_actor(
    actor: Actor, day: date | None, gazetteer: Gazetteer, *, written: str | None = None
) -> Actor:
    """``actor``, or the gazetteer namesake active on ``day`` when ``actor`` is a listed person
    whose own ``active`` span does not cover it: "Aliyev" resolved to Ilham Aliyev, in a sentence
    of June 1993, is Heydar Aliyev. ``written``: the mention's text; a full name ("Ilham
    Aliyev", more than one word) is always that person, and the actor is returned unchanged.
    Unchanged too for a person the gazetteer gives no span, or when no namesake fits.

    Prefer `DocumentEntities.actor_for`, which also knows the namesakes a document names in full.
    """
    if day is None or actor.kind is not ActorKind.PERSON:
        return actor
    if written is not None and len(normalize(written).split()) > 1:
        return actor
    own = gazetteer.active(actor.name)
    if own is None or _covers(own, day):
        return actor
    for other in gazetteer.namesakes(actor.name):
        span = gazetteer.active(other)
        if span is not None and _covers(span, day):
            return gazetteer.actor(other) or actor
    return actor


# A state's forces named without the state (context.toml [demonyms]): "government forces";
# not after "of" ("the slow response of the security forces": they are not acting).
_STATE_FORCE_WORDS = context_list("demonyms", "unnamed_state_forces")
_STATE_FORCE_NOT_BEFORE = alternation(context_list("demonyms", "unnamed_state_not_before"))


def _as_written(words: Sequence[str]) -> str:
    """An alternation of ``words`` as written or with a capital first letter (a sentence's
    first word), never in other cases ("the army", "The army"; not "the Army of Conquest")."""
    return alternation([*words, *(w[:1].upper() + w[1:] for w in words)], space=WS)


_UNNAMED_STATE_FORCES = re.compile(
    r"(?<![\w-])(?<!\bof\s)(?<!\bof\sthe\s)(?P<f>"
    + _as_written(_STATE_FORCE_WORDS)
    + rf")(?![\w-])(?!{WS}(?:of|{_STATE_FORCE_NOT_BEFORE})\b)"
)
# Bare force nouns ("soldiers", "troops", context.toml ``unnamed_state_bare``): the home
# state's forces only as the subject that opens a sentence ("That afternoon, soldiers stormed
# the mosque"), never elsewhere ("killed five soldiers": whose, the text does not say).
_BARE_STATE_FORCES = re.compile(
    r"(?<![\w-])(?P<f>"
    + _as_written(context_list("demonyms", "unnamed_state_bare"))
    + rf")(?![\w-])(?!{WS}(?:of|{_STATE_FORCE_NOT_BEFORE})\b)"
)
# "The government" in a text about one state is that state (context.toml
# ``unnamed_state_government``): not "the government forces", nor "the government of X".
_STATE_GOVERNMENT = re.compile(
    r"(?<![\w-])(?P<f>"
    + _as_written(context_list("demonyms", "unnamed_state_government"))
    + rf")(?![\w-])(?!{WS}(?:of|forces|troops|soldiers|army|side|delegation|negotiators)\b)"
    + r"(?!['’]s\b)"
)
# A numbered division or corps: "58th Division", "3rd Army Corps", "101st Airborne Division".
_NUMBERED_UNIT = re.compile(r"\d+(?:st|nd|rd|th)(?:\s+[A-Z][\w-]*){0,2}\s+(?:Division|Corps)")
_SENTENCE_BREAK = re.compile(r"[.!?:;\n][\"'”’)\]*_]*\s")
_OPENER_WORDS = 10  # at most so many words before an opener's comma


def _opens_sentence(text: str, start: int) -> bool:
    """Whether ``start`` opens its sentence, or its first clause after a short opener and its
    comma ("That afternoon, soldiers ...")."""
    lo = max(0, start - 160)
    breaks = list(_SENTENCE_BREAK.finditer(text, lo, start))
    head = text[breaks[-1].end() if breaks else lo : start]
    if not breaks and lo > 0:
        return False
    head = head.lstrip(" *_-#\t")
    if not head:
        return True
    return head.endswith(", ") and head.count(",") == 1 and len(head.split()) <= _OPENER_WORDS


# A name's bracketed qualifier at its end ("Communist Party of Nepal (Maoist)").
QUALIFIER_TAIL = re.compile(rf"{QUALIFIER_AFTER.pattern}$")
# After a leader's name: the forces loyal to the leader ("Assad forces", "Assad's troops").
_LEADER_FORCES = re.compile(r"(?:['’]s?)?[^\S\n]+(?:forces|troops|loyalists|soldiers)(?![\w-])")
# A name's own plural word stands for the group ("the Tigers" of the Liberation Tigers of Tamil
# Eelam), unless it is a head, a militant or generic word, a demonym or a place (context.toml
# ``[organisations] not_short_names`` and the other word lists there).
_NOT_SHORT = (
    HEADS
    | frozenset(context_list("organisations", "militant_words"))
    | frozenset(context_list("organisations", "generic_military"))
    | frozenset(context_list("organisations", "name_starts"))
    | frozenset(context_list("organisations", "not_short_names"))
)
# Before a state's unnamed forces: words that make them no actor of the clause ("accused of
# working for the army", "a militia allied with the army", "to demand that the army return").
_STATE_NOT_ACTING_BEFORE = re.compile(
    r"(?i)(?:\bfor|\ballied\s+(?:with|to)|\bdemand(?:s|ed|ing)?\s+that|\burg(?:e|es|ed|ing))"
    r"\s+(?:the\s+)?$"
)
# A lower-case noun after a singular short name: "Tiger fighters" (not "a Tiger was seen").
_LOWER_WORD_AFTER = re.compile(
    r"[^\S\n]+(?!(?:was|were|is|are|be|been|has|had|have|and|or|in|on|of|at|to|by|with|from"
    r"|that|which|who|whose|as|for|the|a|an)\b)[a-z]"
)


def _short_names(words: Sequence[str]) -> list[str]:
    """The capitalised plural words of a group's name that may name it alone ("Tigers")."""
    return [
        w
        for w in words[1:]
        if w not in _NOT_SHORT
        and len(w) > 4
        and w.endswith("s")
        and not w.endswith(("ss", "'s", "’s"))
        and w[:1].isupper()
        and w[1:].islower()
    ]


_STATE_DOMINANCE = int(table("context")["demonyms"]["unnamed_state_dominance"])
_STATE_MIN = int(table("context")["demonyms"]["unnamed_state_min"])


class EntityTagger:
    """Finds actors and places in whole documents; build once, use for every document.

    ``geonames``: whether places after a weak preposition ("in Daraa") may be confirmed in
    GeoNames (None: when the data is installed; see `timeline.entities.places`).
    """

    def __init__(self, gazetteer: Gazetteer, *, geonames: bool | None = None) -> None:
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
        self._names = re.compile(word_trie_pattern(strings))

        country_words = [
            (w, False)
            for name in gazetteer.countries
            for w in (name, *gazetteer.countries[name].aliases, *gazetteer.demonyms(name))
        ]
        prefix = trie_pattern(country_words)
        nouns = alternation(ARMED_FORCE_NOUNS, space=WS)
        ministries = alternation(_MINISTRIES, space=WS)
        # One pass for the derived names: "Azeri troops", "Royal Thai Army", "Azeri and
        # Armenian forces",
        # "Armenian Defense Ministry", "Ministry of Defence of Armenia".
        self._derived_re = re.compile(
            rf"(?<!\w)(?:(?:Royal{WS})?(?P<pre>{prefix})(?:['’]s)?{WS}"
            rf"(?:(?P<noun>{nouns})|(?:and|or){WS}(?P<pre2>{prefix}){WS}(?P<noun2>{nouns})"
            rf"|(?P<min>{ministries})(?:{WS}of{WS}(?:the{WS})?(?P<post>{prefix}))?)"
            rf"|(?P<min2>{ministries})(?:{WS}of{WS}(?:the{WS})?(?P<post2>{prefix}))?)(?!\w)"
        )
        self._people = PersonRules(gazetteer, self._gazetteer_ref)
        self._organisations = OrganisationRules(gazetteer)
        self._places = PlaceRules(gazetteer, geonames)

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
        candidates += self._organisations.find(text)
        by_end: dict[int, Candidate] = {}
        for cand in candidates:
            best = by_end.get(cand.end)
            if best is None or cand.start < best.start:
                by_end[cand.end] = cand
        people = self._people.find(text, by_end)
        candidates += people
        known = sorted((c.start, c.end) for c in candidates)
        candidates += self._places.find(text, known, self._countries_named(candidates))

        chosen = self._judge(text, self._select(candidates))
        chosen = self._add_surnames(text, chosen, people)
        chosen = self._person_forces(text, chosen)
        chosen = self._add_acronyms(text, chosen)
        home, leading = self._states(chosen)
        chosen = self._add_state_forces(text, chosen, home)
        chosen = self._add_places(text, chosen)
        chosen = self._add_organisations(text, chosen)
        result = self._entities(text, chosen)
        result.home_state = home
        result.leading_state = leading
        return result

    # ── candidates ──

    def _countries_named(self, candidates: list[Candidate]) -> list[str]:
        """The countries the candidates name, most named first (hints for GeoNames)."""
        return [name for name, _ in self._country_counts(candidates).most_common()]

    def _country_counts(self, candidates: list[Candidate]) -> Counter[str]:
        """How often the candidates name each country (by its name, people, places, forces)."""
        counts: Counter[str] = Counter()
        gaz = self.gazetteer
        for cand in candidates:
            payload = cand.payload
            country: str | None = None
            if isinstance(payload, SurfaceForm):
                if payload.kind in ("country", "demonym", "metonym"):
                    country = payload.name
                elif payload.kind in ("capital", "place"):
                    entry = gaz.places.get(payload.name)
                    country = None if entry is not None and entry.disputed else payload.country
            elif isinstance(payload, Ref):
                country = payload.name if payload.kind is ActorKind.COUNTRY else payload.country
                entry = gaz.places.get(payload.name) if payload.entity == "place" else None
                if entry is not None and entry.disputed:
                    country = None  # "Shusha" says nothing of which state the text is about
            if country in gaz.countries:
                counts[country] += 1
        return counts

    def _gazetteer_ref(self, name: str) -> Ref | None:
        ref = self._refs.get(name)
        if ref is None:
            actor = self.gazetteer.actor(name)
            org = self.gazetteer.organizations.get(name)
            if org is not None and org.unit and org.country:
                # "Frontier Corps": a unit of a state's forces, named as its forces are.
                force = self.gazetteer.armed_force_name(org.country)
                ref = Ref("actor", force, ActorKind.ARMED_FORCE, country=org.country)
            elif actor is not None:
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
        source = kind == "organization" and self.gazetteer.is_source(form.name)
        if source and is_attribution(text, start, end):
            return None  # "(Reuters)", "told Reuters": the source, not an actor
        longer = _NAME_CONTINUES.match(text, end) and not _PLACE_WORD_AFTER.match(text, end)
        if kind == "place" and longer:
            return None  # "the Donetsk Regional Drama Theatre": a longer name
        if kind in ("person", "organization", "place"):
            return self._gazetteer_ref(form.name)
        if kind == "metonym":
            return Ref("actor", form.name, ActorKind.COUNTRY)
        before = text[max(0, start - 40) : start]
        if kind == "country":
            if text.startswith("$", end):
                return None  # "US$1 billion"
            if _FACILITY_AFTER.match(text, end):
                return None  # "along Pakistan Street", "Ukraine Hotel": a name of a place
            if _NOT_SIDE_AFTER.match(text, end) and text.startswith("-", end):
                return None  # "US-backed forces": the forces a state backs
            if (
                last_place_end >= 0
                and _COMMA_GAP.fullmatch(text, last_place_end, start)
                and _CLAUSE_END.match(text, end)
            ):
                return Ref("place", form.name, country=form.name)  # "in North Darfur, Sudan,"
            if not _POSSESSIVE_AFTER.match(text, end) and _COUNTRY_PLACE_BEFORE.search(before):
                return Ref("place", form.name, country=form.name)
            return Ref("actor", form.name, ActorKind.COUNTRY)
        if kind == "demonym":
            if _DEMONYM_PLACE_AFTER.match(text, end):
                return Ref("place", form.name, country=form.name)
            if (
                _NOT_SIDE_AFTER.match(text, end)
                or _MEMBERS_OF_AFTER.match(text, end)
                or _NOT_SIDE_BEFORE.search(before)
                or (form.text.endswith("s") and _COUNTED_BEFORE.search(before))
                or (form.text.endswith("s") and _VICTIMS_BEFORE.search(before))
            ):
                # "Canadian newspapers", "former Soviet", "26 Armenians", "against Armenians",
                # "Russian fighters of the Wagner Group"
                return None
            return Ref("actor", form.name, ActorKind.COUNTRY)
        # A capital: the place, or its country's government.
        if _NAME_CONTINUES.match(text, end) or _CAPITAL_NAMES_AFTER.match(text, end):
            return None  # "Moscow State University", "the Minsk II agreements": a longer name
        in_list = last_place_end >= 0 and _PLACE_LIST_GAP.fullmatch(text, last_place_end, start)
        if (
            in_list
            or _CAPITAL_PLACE_BEFORE.search(before)
            or _CAPITAL_PLACE_AFTER.match(text, end)
            or form.country is None
        ):
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
        return _fill_gaps(text, resolved, wanted, SURNAME, loose=True)

    def _person_forces(self, text: str, resolved: list[Candidate]) -> list[Candidate]:
        """A listed leader's name before "forces" or "troops" names the leader's state's forces:
        "Assad forces", "Assad's troops" are Syrian forces, not Bashar al-Assad."""
        out = []
        for cand in resolved:
            payload = cand.payload
            listed = isinstance(payload, SurfaceForm) and payload.kind == "person"
            found = isinstance(payload, Ref) and payload.kind is ActorKind.PERSON
            person = self.gazetteer.people.get(payload.name) if listed or found else None
            forces = _LEADER_FORCES.match(text, cand.end) if person is not None else None
            if person is not None and person.country and forces is not None:
                force = self.gazetteer.armed_force_name(person.country)
                ref = Ref("actor", force, ActorKind.ARMED_FORCE, country=person.country)
                cand = Candidate(cand.start, forces.end(), DERIVED, ref)
            out.append(cand)
        return out

    def _add_acronyms(self, text: str, resolved: list[Candidate]) -> list[Candidate]:
        """Acronyms the document gives its organisations: "Rapid Support Forces (RSF)", "KNU"."""
        orgs = [
            c
            for c in resolved
            if isinstance(c.payload, Ref)
            and c.payload.kind in (ActorKind.ORGANIZATION, ActorKind.ARMED_FORCE)
        ]
        if not orgs:
            return resolved
        found = list(word_matches(ACRONYM_RE, text, also="-"))
        present = frozenset(m.group() for m in found) | frozenset(m["first"] for m in found)
        wanted = acronym_candidates(text, self.gazetteer, orgs, present)
        if not wanted:
            return resolved
        starts = [c.start for c in resolved]
        added = list(resolved)
        for match in found:
            start, end = match.span()
            ref = wanted.get(match.group())
            if ref is None:  # "SPLA-IO" where only "SPLA" is defined
                start, end = match.span("first")
                ref = wanted.get(match["first"])
            if ref is None:
                continue
            i = bisect_right(starts, start)
            if i > 0 and resolved[i - 1].end > start:
                continue
            if i < len(resolved) and resolved[i].start < end:
                continue
            added.append(Candidate(start, end, ACRONYM, ref))
        added.sort(key=lambda c: c.start)
        return added

    def _states(self, resolved: list[Candidate]) -> tuple[str | None, str | None]:
        """The country the document is about (the home state: named at least
        ``unnamed_state_min`` times and ``unnamed_state_dominance`` times as often as any
        other, context.toml ``[demonyms]``), and the one it names most (the leading state: as
        often, but only more often than any other; the home state when there is one)."""
        ranked = self._country_counts(resolved).most_common(2)
        if not ranked or ranked[0][1] < _STATE_MIN:
            return None, None
        first, second = ranked[0][1], ranked[1][1] if len(ranked) > 1 else 0
        leading = ranked[0][0] if first > second else None
        home = ranked[0][0] if first >= _STATE_DOMINANCE * second else None
        return home, leading

    def _add_state_forces(
        self, text: str, resolved: list[Candidate], country: str | None
    ) -> list[Candidate]:
        """ "government forces" with no country before them: the forces of the country the
        document is about (`_states`; context.toml ``[demonyms]``
        ``unnamed_state_forces``): "an attempt to advance by government forces", in a history
        of the Syrian war, is "Syrian forces"."""
        if country is None:
            return resolved
        found = list(_UNNAMED_STATE_FORCES.finditer(text))
        bare = [m for m in _BARE_STATE_FORCES.finditer(text) if _opens_sentence(text, m.start())]
        resolved = self._numbered_units(resolved, country)
        name = self.gazetteer.armed_force_name(country)
        ref = Ref("actor", name, ActorKind.ARMED_FORCE, country=country, found=Found.CONTEXT)
        # The soldiers of a state whose own army the document names are that army's: "the
        # Tatmadaw ... soldiers fired on a funeral" (a gazetteer armed force of that state that
        # is no unit of it).
        own = next(
            (
                c.payload
                for c in resolved
                if isinstance(c.payload, Ref)
                and c.payload.kind is ActorKind.ARMED_FORCE
                and c.payload.country == country
                and c.payload.found is not Found.CONTEXT
                and c.payload.name in self.gazetteer.organizations
            ),
            ref,
        )
        government = Ref("actor", country, ActorKind.COUNTRY, found=Found.CONTEXT)
        governed = list(_STATE_GOVERNMENT.finditer(text))
        starts = [c.start for c in resolved]
        added = list(resolved)
        for match, given in [
            *((m, ref) for m in found),
            *((m, own) for m in bare),
            *((m, government) for m in governed),
        ]:
            start, end = match.span("f")
            if _STATE_NOT_ACTING_BEFORE.search(text, max(0, start - 40), start):
                continue  # "accused of working for the army", "to demand that the army return"
            i = bisect_right(starts, start)
            if i > 0 and resolved[i - 1].end > start:
                continue  # "Syrian government forces": the derived name has it
            if i < len(resolved) and resolved[i].start < end:
                continue
            added.append(Candidate(start, end, DERIVED, given))
        added.sort(key=lambda c: c.start)
        return added

    def _numbered_units(self, resolved: list[Candidate], country: str) -> list[Candidate]:
        """A numbered division or corps found by its shape ("the 58th Division") in a text
        about one state is that state's forces, as an ACLED coder writes "Military Forces of
        Sri Lanka" (not a brigade: Libya's numbered brigades were militias)."""
        force: Ref | None = None
        for cand in resolved:
            ref = cand.payload
            if (
                isinstance(ref, Ref)
                and ref.kind is ActorKind.ARMED_FORCE
                and ref.found is Found.CONTEXT
                and ref.country is None
                and _NUMBERED_UNIT.fullmatch(ref.name)
            ):
                if force is None:
                    name = self.gazetteer.armed_force_name(country)
                    force = Ref("actor", name, ActorKind.ARMED_FORCE, country=country)
                cand.payload = replace(force, found=Found.CONTEXT)
        return resolved

    @staticmethod
    def _add_places(text: str, resolved: list[Candidate]) -> list[Candidate]:
        """Every other occurrence, as written, of a place its context found once: after
        "Ukrainian forces seized Izium", "the fall of Izium" names the place too (as a surname
        resolves once the person is introduced)."""
        wanted: dict[str, Ref] = {}
        for cand in resolved:
            ref = cand.payload
            if isinstance(ref, Ref) and ref.entity == "place" and ref.found is Found.CONTEXT:
                written = text[cand.start : cand.end]
                if written[:1].isupper():
                    wanted.setdefault(_key(written), ref)
        if not wanted:
            return resolved
        # Not the first part of a hyphenated word: "Kherson-based". (After a hyphen it is the
        # place: the context rules read "al-Sanamayn" as "Sanamayn".)
        return _fill_gaps(
            text,
            resolved,
            wanted,
            PLACE_CONTEXT,
            loose=False,
            keep=lambda _, end: not _in_hyphenated(text, end),
        )

    @staticmethod
    def _add_organisations(text: str, resolved: list[Candidate]) -> list[Candidate]:
        """Every other occurrence, as written, of a name of two words or more and no head of
        its own that the context found an organisation or armed group once: after "Viv Ansanm
        gangs", "Viv Ansanm gunmen" names the group too. One word is not enough: "the
        Sinaloa cartel" is a group, and Sinaloa the state. A name with a head ("Rapid Support
        Forces") is found by its shape wherever it stands, or not for a reason ("the Syrian
        Observatory said": a source); not where it is cited as a source."""
        wanted: dict[str, Ref] = {}
        singulars: set[str] = set()  # short names that only name it before a lower-case noun
        for cand in resolved:
            ref = cand.payload
            if (
                isinstance(ref, Ref)
                and ref.entity == "actor"
                and ref.found is Found.CONTEXT
                and ref.kind in (ActorKind.ORGANIZATION, ActorKind.ARMED_FORCE)
                and cand.priority == SHAPE
            ):
                words = text[cand.start : cand.end].split()
                # One word will do where an appositive called it a group ("the Séléka, an
                # alliance of rebel groups").
                apposed = APPOSED_GROUP_AFTER.match(text, cand.end) is not None
                if (
                    words[0][:1].isupper()
                    and (len(words) >= 2 or apposed)
                    and words[-1] not in HEADS
                ):
                    wanted.setdefault(_key(" ".join(words)), ref)
                qualified = QUALIFIER_TAIL.search(text, cand.start, cand.end)
                if qualified is not None:
                    # "Communist Party of Nepal (Maoist)": "the Maoists", "Maoist fighters".
                    wanted.setdefault(_key(qualified["q"]), ref)
                    wanted.setdefault(_key(qualified["q"] + "s"), ref)
                if ref.kind is ActorKind.ARMED_FORCE:
                    for short in _short_names(words):
                        # "Liberation Tigers of Tamil Eelam": "the Tigers", "Tiger fighters".
                        wanted.setdefault(_key(short), ref)
                        wanted.setdefault(_key(short[:-1]), ref)
                        singulars.add(_key(short[:-1]))

        def keep(start: int, end: int) -> bool:
            if _key(text[start:end]) in singulars and not _LOWER_WORD_AFTER.match(text, end):
                return False  # "Tiger fighters", "a Tiger suicide bomber"; not "Tiger" alone
            # An armed group is never a report's source: "a landmine buried by the Maoists",
            # "clashed with Viv Ansanm gunmen" name it; an organisation may be one ("told
            # the Sudanese Doctors Union").
            ref = wanted.get(_key(text[start:end]))
            if ref is not None and ref.kind is ActorKind.ARMED_FORCE:
                return True
            return not is_attribution(text, start, end)

        return _fill_gaps(text, resolved, wanted, ACRONYM, loose=False, keep=keep)

    # ── records ──

    def _entities(self, text: str, resolved: list[Candidate]) -> DocumentEntities:
        result = DocumentEntities()
        records: dict[tuple[str, str], Actor | Place] = {}
        # People named in full (more than one word), by surname: the namesakes a one-word
        # mention may name, and the last one named before it.
        in_full: dict[str, dict[str, Ref]] = {}
        for cand in resolved:
            ref = cand.payload
            if (
                isinstance(ref, Ref)
                and ref.kind is ActorKind.PERSON
                and " " in normalize(text[cand.start : cand.end])
            ):
                in_full.setdefault(surname_key(ref.name), {}).setdefault(ref.name, ref)
        last_full: dict[str, str] = {}
        for cand in resolved:
            ref = cand.payload
            if not isinstance(ref, Ref):
                continue
            written = text[cand.start : cand.end]
            if ref.kind is ActorKind.PERSON:
                ref = self._namesake_default(ref, written, in_full, last_full, result)
            result.mentions.append(
                Mention(
                    text=written,
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

    def _namesake_default(
        self,
        ref: Ref,
        written: str,
        in_full: dict[str, dict[str, Ref]],
        last_full: dict[str, str],
        result: DocumentEntities,
    ) -> Ref:
        """The person a mention names: a full name is itself (and the last named of its
        surname); a one-word mention shared by namesakes is the one last named in full."""
        key = surname_key(ref.name)
        if " " in normalize(written):
            last_full[key] = ref.name
            return ref
        gaz = self.gazetteer
        options: dict[str, Ref] = dict(in_full.get(key, {}))
        for name in (ref.name, *gaz.namesakes(ref.name)):
            if name in gaz.people and name not in options:
                listed = self._gazetteer_ref(name)
                if listed is not None:
                    options[name] = listed
        options.setdefault(ref.name, ref)
        if len(options) < 2:
            return ref
        chosen = options.get(last_full.get(key, ""), ref)
        records = [o.record() for o in options.values()]
        result.namesakes.setdefault(_key(written), [r for r in records if isinstance(r, Actor)])
        for option in options.values():
            span = gaz.active(option.name)
            if span is not None:
                result.active[option.name] = span
        return chosen


def _in_hyphenated(text: str, end: int) -> bool:
    return text[end : end + 1] in ("-", "‑")


def _fill_gaps(
    text: str,
    resolved: list[Candidate],
    wanted: dict[str, Ref],
    priority: int,
    *,
    loose: bool,
    keep: Callable[[int, int], bool] | None = None,
) -> list[Candidate]:
    """``resolved`` plus every occurrence of a ``wanted`` string (keys as `_key` gives them)
    that overlaps no resolved candidate and that ``keep`` (given its start and end) allows."""
    if not wanted:
        return resolved
    starts = [c.start for c in resolved]
    added = list(resolved)
    # Found without compiling a pattern of the document's names: compiling one per document
    # cost more than finding them (5% of a TimeBank export).
    for start, end in word_matches_of(text, [(k, loose) for k in sorted(wanted) if k]):
        ref = wanted.get(_key(text[start:end]))
        if ref is None:
            continue
        i = bisect_right(starts, start)
        if i > 0 and resolved[i - 1].end > start:
            continue
        if i < len(resolved) and resolved[i].start < end:
            continue
        if keep is not None and not keep(start, end):
            continue
        added.append(Candidate(start, end, priority, ref))
    added.sort(key=lambda c: c.start)
    return added
