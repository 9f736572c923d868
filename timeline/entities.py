"""Who, where and how many: actors, places and casualty figures in conflict news.

`EntityTagger` finds every actor and place mention of a document in one pass over the whole text
(so a surname later in the article resolves to the person introduced earlier), from four sources:

1. **The gazetteer** (`timeline.gazetteer`): every name, alias, demonym, capital and metonym,
   compiled once into a trie-shaped regex. Matching is case-sensitive (so the pronoun "us" is
   never the United States) and on word boundaries; the longest name wins ("Nagorno-Karabakh"
   over "Karabakh", "US State Department" over "US").
2. **Derived names**: a country word before a force noun is an armed force ("Azeri troops",
   "Azerbaijani armed forces" → actor "Azerbaijani forces", kind armed_force, country
   Azerbaijan; "Russian peacekeepers" → "Russian peacekeepers"), named with the country's first
   demonym. The words become that one actor, not also a country mention. In "Azeri and Armenian
   forces" both adjectives are forces. A country word before a ministry ("Armenian Defense
   Ministry", "Russia's Ministry of Defence") is the organization "<Adjective> <X> Ministry".
3. **People beyond the gazetteer**: 2–4 capitalised words (particles von/der/al-/bin/de/van...
   allowed) introduced by a title ("Armenian Prime Minister Nikol Pashinyan", "spokesman Ned
   Price", "General X Y") or an attribution ("said Laurence Broers", "Florence Parmentier,
   secretary general of ...", "according to Jane Doe", "Sevak Khachatryan, who lives in Sotk",
   "Jane Doe said"). The title gives the role; a country word right before the title gives the
   country and is not a separate mention. Names with organisation or place words ("Center",
   "Ministry", "Moscow") are not people. The person's surname, and the full name, then resolve
   anywhere in the document.
4. **Context for ambiguous names**:
   - A capital is the country's government ("brokered by Moscow", "Washington would push") unless
     a locative precedes it — in, at, to, from, near, around, into, inside, outside, across, via,
     visited, "capital," "city of" — or it continues a list of places ("in Baku and Yerevan"):
     then it is the place ("the Azeri capital, Baku", "in London"). A capital directly followed by
     another capitalised word is part of a longer name ("Paris Institute") and is not tagged.
   - A country name after in/inside/within/into/across/throughout ("the war in Ukraine") is a
     place; otherwise (and always when possessive, "in Azerbaijan's favour") the country actor.
   - A demonym before a territorial noun ("the Armenian city of Gyumri", "Armenian territory")
     is the country as a place; otherwise the country actor ("Armenian positions").

`find_casualties` reads casualty figures: a number (digits, "3,006", "2 million", number words,
or vague quantities) with an outcome. Conventions:

- count: vague quantities are conservative lower bounds, always approximate: "dozens" 24,
  "scores" 40, "hundreds" 200, "thousands" 2,000, "tens of thousands" 20,000, "hundreds of
  thousands" 200,000, "millions" 2,000,000, "several" 3 ("several hundred" 300), "a few" 3,
  "a dozen" 12. A range ("10-15 killed") counts its lower bound, approximately.
- approximate: a hedge before the number (nearly, almost, about, around, approximately, roughly,
  some, at least, more than, over, up to, an estimated, as many as, close to, fewer than, ...).
- outcome: killed (killed, slain, executed, "claimed the lives of", "killing", death toll),
  dead (dead, died, deaths, fatalities), wounded (wounded, injured, hurt), missing, captured
  (captured, taken prisoner/captive), abducted, detained (detained, arrested), displaced
  (displaced, fled, forced to flee, made homeless), evacuated, casualties.
- who: the country when one is evident — a demonym in the figure ("105 Armenian servicemen" →
  Armenia) or, for a bare figure or one "among its troops", the country that reports it
  ("Azerbaijan reported 50 dead among its troops" → Azerbaijan); else the group noun
  ("civilians", "soldiers"); None for "people" or no noun. A figure "including 100 civilians"
  inherits the outcome of the figure it qualifies.
- Not figures: numbers without an outcome ("30,000 troops were deployed"), measurements and
  percentages ("105 km", "5%"), years, times, and numbers inside names ("F-16", "COVID-19").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from timeline.gazetteer import (
    ARMED_FORCE_NOUNS,
    Gazetteer,
    SurfaceForm,
    load_gazetteer,
    normalize,
)
from timeline.models import Actor, ActorKind, Casualty, Mention, Place
from timeline.text import NUMBER_WORDS, WS, alternation, trie_pattern, words

__all__ = ["DocumentEntities", "EntityTagger", "find_casualties"]

# ───────────────────────────────────── shared regex pieces ─────────────────────────────────────

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
# One capitalised word of a name, with an Arabic article glued on ("al-Assad") and inner
# apostrophes or hyphens ("O'Brien", "Jean-Yves").
_TOKEN = rf"(?:(?:al|el|Al|El|ad|as|an|ash|az)-)?[{_UP}][^\W\d_]*(?:['’-][{_UP}]?[^\W\d_]+)*"


_PARTICLES = words(
    "von van der den de da di du del della dos das le la bin ibn ben bint al el abu ter ten zu"
)
_PARTICLE = alternation(_PARTICLES)
# Between two words of a name: particles ("Ursula von der Leyen") and middle initials
# ("Walter F. Williams", "George W. Bush").
_GAP = rf"{WS}(?:(?:{_PARTICLE}|[{_UP}]\.){WS}){{0,2}}"
# 2–4 capitalised words. A stray period is tolerated after the first ("Antony. Blinken", a typo
# in the seed) but nowhere else, where it would be a sentence end ("Ivan Petrov. Petrov said").
_NAME = rf"{_TOKEN}(?:\.?{WS}{_TOKEN}|{_GAP}{_TOKEN})(?:{_GAP}{_TOKEN}){{0,2}}"
_TOKEN_RE = re.compile(rf"{_TOKEN}|(?<!\S){_PARTICLE}(?!\S)")


def _key(text: str) -> str:
    """How a matched string is looked up: spacing and apostrophes normalised."""
    return normalize(text).replace("’", "'")


# ─────────────────────────────────────────── people ────────────────────────────────────────────

# Titles before a name: canonical role (None: a courtesy title that says nothing).
_TITLES: dict[str, str | None] = {
    t: t
    for t in (
        "President",
        "Vice President",
        "President-elect",
        "Prime Minister",
        "Deputy Prime Minister",
        "First Deputy Prime Minister",
        "Premier",
        "Foreign Minister",
        "Foreign Affairs Minister",
        "Minister of Foreign Affairs",
        "Defense Minister",
        "Defence Minister",
        "Minister of Defense",
        "Minister of Defence",
        "Interior Minister",
        "Finance Minister",
        "Minister",
        "Secretary of State",
        "Secretary of Defense",
        "Defense Secretary",
        "Defence Secretary",
        "Foreign Secretary",
        "Home Secretary",
        "Press Secretary",
        "Secretary-General",
        "Secretary General",
        "National Security Adviser",
        "National Security Advisor",
        "Chancellor",
        "King",
        "Queen",
        "Crown Prince",
        "Prince",
        "Emir",
        "Sheikh",
        "Sultan",
        "Ayatollah",
        "Supreme Leader",
        "Pope",
        "Patriarch",
        "Field Marshal",
        "Marshal",
        "General",
        "Lieutenant General",
        "Major General",
        "Brigadier General",
        "Senior General",
        "Colonel",
        "Lieutenant Colonel",
        "Major",
        "Captain",
        "Lieutenant",
        "Sergeant",
        "Admiral",
        "Vice Admiral",
        "Rear Admiral",
        "Commander",
        "Commander-in-Chief",
        "Chief of Staff",
        "Chief of General Staff",
        "Ambassador",
        "Envoy",
        "Special Envoy",
        "Senator",
        "Representative",
        "Congressman",
        "Congresswoman",
        "Governor",
        "Mayor",
        "Speaker",
        "Spokesman",
        "Spokeswoman",
        "Spokesperson",
        "Ombudsman",
        "Human Rights Ombudsman",
        "Attorney General",
        "Prosecutor",
        "Judge",
        "Professor",
        "Analyst",
        "Researcher",
        "Journalist",
        "Correspondent",
        "Reporter",
        "Leader",
        "Opposition Leader",
        "Rebel Leader",
        "Militia Leader",
        "Chairman",
        "Chairwoman",
        "Director",
        "Director General",
        "Lawmaker",
        "Activist",
    )
}
_TITLES.update(
    {
        "Gen.": "General",
        "Lt. Gen.": "Lieutenant General",
        "Maj. Gen.": "Major General",
        "Brig. Gen.": "Brigadier General",
        "Col.": "Colonel",
        "Lt. Col.": "Lieutenant Colonel",
        "Maj.": "Major",
        "Capt.": "Captain",
        "Lt.": "Lieutenant",
        "Sgt.": "Sergeant",
        "Adm.": "Admiral",
        "Sen.": "Senator",
        "Rep.": "Representative",
        "Gov.": "Governor",
        "Prof.": "Professor",
        "Dr.": None,
        "Dr": None,
        "Mr.": None,
        "Mr": None,
        "Mrs.": None,
        "Mrs": None,
        "Ms.": None,
        "Ms": None,
    }
)
# Lower-case use of the full titles: "spokesman Ned Price", "prime minister Nikol Pashinyan".
_TITLES.update(
    {t.lower(): role for t, role in list(_TITLES.items()) if role is not None and "." not in t}
)
_ROLE_CASE = {t.lower(): t for t in _TITLES if t[0].isupper()}

# Words that end a name ("... Pashinyan Monday") or cannot begin one ("Yesterday Sevak ...").
_STOP_WORDS = words(
    """
    The A An This That These Those It Its He She They We I You His Her Their Our My Your In On
    At By For From To Of With Without Into And But Or Nor So Yet If When While Where Whereas Why
    How What Who Whom Whose Which Although Though However Meanwhile Moreover Also Still Then Thus
    There Here After Before Since Until During As Because Yesterday Today Tomorrow Tonight Last
    Next First Second Third Finally Later Earlier Now Currently Recently Some Many Several Both
    All Each Every No Not Other Another Such According Following Despite Amid Among Over Under
    Between Against About Around Former Late Mr Mrs Ms Dr Sir Lord Lady Dame Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December President Minister Prime Foreign Defense Defence
    Secretary State General Spokesman Spokeswoman Spokesperson Chancellor King Queen Prince
    Emir Sheikh Commander Colonel Major Captain Lieutenant Sergeant Admiral Marshal Ambassador
    Envoy Senator Governor Mayor Speaker Chief Deputy Vice Supreme Leader Pope Patriarch
    Professor Director Chairman Head North South East West Northern Southern Eastern Western
    Central Upper Lower New Old Great Holy Saint St Check Read Watch Click Share Subscribe
    """
)
# Words that make a capitalised phrase an organisation, a publication or a place, not a person.
_NON_PERSON_WORDS = words(
    """
    Ministry Department Council Commission Committee Agency Office Organization Organisation
    Union Forces Force Army Navy Guard Guards Front Party Movement Association Foundation
    Institute Institution University College School Center Centre Group House Court Bank Fund
    Service Services Network Radio Television TV News Times Post Press Journal Daily Herald
    Tribune Gazette Corps Brigade Brigades Battalion Division Regiment Fleet Company Corporation
    Inc Ltd Media Project Initiative Alliance Coalition Federation Republic Kingdom Empire States
    Assembly Parliament Senate Congress Government Administration Authority Police Church Mosque
    Cathedral Square Street Avenue Road Bridge Hospital Airport Port Province Region District
    County Valley River Sea Ocean Lake Mountains Mountain Island Islands City Village Museum
    Observatory Security Affairs Rights Revolution War Treaty Accord Accords Agreement Summit
    Conference Forum Games Olympics Cup Program Programme Plan Act Law Declaration Operation
    Facebook Twitter Telegram Instagram YouTube TikTok Google Internet Studies Research Policy
    Peace Crisis Monitor Observer Review Magazine Report Reports Hall Tank Think Club Team League
    Airlines Bureau Unit Units Command Headquarters Base Zone Corridor Line Republican Democrat
    Republicans Democrats Soviet Communist Marxist Trotskyist Islamic Christian Muslim Jewish
    """
)
# Nouns that mark an appositive as a person's role: "Jane Doe, a researcher at ...".
_ROLE_NOUNS = words(
    """
    researcher analyst professor director head chief secretary general spokesman spokeswoman
    spokesperson minister adviser advisor official expert fellow commander colonel officer
    ambassador envoy leader chairman chairwoman chair president founder editor correspondent
    journalist reporter member lecturer scholar economist historian author lawyer deputy senator
    representative mayor governor resident activist doctor nurse soldier student teacher farmer
    worker veteran coordinator manager executive associate scientist specialist diplomat
    strategist negotiator mediator observer monitor fighter volunteer witness survivor mother
    father son daughter wife husband priest imam bishop lawmaker politician candidate prosecutor
    judge investigator photographer filmmaker writer blogger owner host presenter
    """
)
_SPEECH = r"(?:said|says|told|added|wrote|noted|explained|argued|stated|warned|insisted|claimed)"
# A run of capitalised words that may be a name; its first letter is a plain character class so
# that the regex engine skips quickly to the next capital letter.
_NAME_RUN = re.compile(
    rf"[{_UP}](?<![\w'’-].)[^\W\d_]*(?:['’-][{_UP}]?[^\W\d_]+)*(?:{_GAP}{_TOKEN}){{1,3}}"
)
_SPEAKER_BEFORE = re.compile(rf"(?<!\w)(?:{_SPEECH}|according{WS}to),?{WS}$")
_SPEECH_AFTER = re.compile(rf"{WS}{_SPEECH}(?!\w)")
_WHO_AFTER = re.compile(rf",{WS}(?:who|whose|\d{{1,3}},)(?!\w)")
_APPOSITIVE_AFTER = re.compile(
    rf",{WS}(?:(?:a|an|the){WS})?(?P<role>[a-z][a-z-]*(?:{WS}[a-z][a-z-]*){{0,3}}?){WS}"
    rf"(?:of|at|for|with|from|in|to|on)(?!\w)"
)


@dataclass(slots=True)
class _PersonHit:
    """A person-name span found by a title or attribution rule, with what the rule told."""

    start: int
    end: int
    name: str
    role: str | None = None
    country: str | None = None


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
_POSSESSIVE_BEFORE = re.compile(r"['’]s$")
_DEMONYM_PLACE_AFTER = re.compile(
    r"[^\S\n]+(?:city|cities|town|towns|village|villages|capital|region|regions|province"
    r"|district|territory|territories|soil|airspace|border|borders|enclave|countryside|coast"
    r"|port|mountains|highlands|lands)\b"
)
_NAME_CONTINUES = re.compile(rf"[^\S\n]+[{_UP}][a-z]")
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


@dataclass(frozen=True, slots=True)
class _Ref:
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
_BLOCK, _LISTED, _DERIVED, _COUNTRY_WORD, _PERSON_RULE, _SURNAME = range(6)


@dataclass(slots=True)
class _Candidate:
    """A span that may become a mention; ``payload`` None blocks the span without a mention.

    A `SurfaceForm` payload is a gazetteer match whose meaning (actor or place) is judged in
    context after the overlaps are settled.
    """

    start: int
    end: int
    priority: int  # lower wins between spans of equal start and length
    payload: _Ref | SurfaceForm | None


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
        self._refs: dict[str, _Ref] = {}
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
        titles = trie_pattern((t, False) for t in _TITLES)
        self._titled = re.compile(rf"(?<![\w.])(?P<title>{titles}){WS}(?P<name>{_NAME})")

    # ── public ──

    def tag(self, text: str) -> DocumentEntities:
        """All actor and place mentions of a document, resolved to canonical names."""
        candidates: list[_Candidate] = []
        for match in self._names.finditer(text):
            form = self._forms.get(_key(match.group()))
            if form is not None:
                rank = _LISTED if form.kind in ("organization", "person") else _COUNTRY_WORD
                candidates.append(_Candidate(match.start(), match.end(), rank, form))
        candidates += self._derived(text)
        by_end: dict[int, _Candidate] = {}
        for cand in candidates:
            best = by_end.get(cand.end)
            if best is None or cand.start < best.start:
                by_end[cand.end] = cand
        people = self._people(text, by_end)
        candidates += people

        chosen = self._judge(text, self._select(candidates))
        chosen = self._add_surnames(text, chosen, people)
        return self._entities(text, chosen)

    # ── candidates ──

    def _gazetteer_ref(self, name: str) -> _Ref | None:
        ref = self._refs.get(name)
        if ref is None:
            actor = self.gazetteer.actor(name)
            if actor is not None:
                ref = _Ref("actor", name, actor.kind, actor.role, actor.country)
            else:
                place = self.gazetteer.place(name)
                if place is None:
                    return None
                ref = _Ref("place", name, country=place.country)
            self._refs[name] = ref
        return ref

    def _derived(self, text: str) -> list[_Candidate]:
        gaz = self.gazetteer
        found: list[_Candidate] = []
        for match in self._derived_re.finditer(text):
            if match["noun"] or match["noun2"]:
                country = gaz.country_of(match["pre"])
                if match["noun2"]:
                    # "Azeri and Armenian forces": the first adjective alone is a force too.
                    second = gaz.country_of(match["pre2"])
                    if second:
                        name = gaz.armed_force_name(second, normalize(match["noun2"]))
                        ref = _Ref("actor", name, ActorKind.ARMED_FORCE, country=second)
                        found.append(_Candidate(match.start("pre2"), match.end(), _DERIVED, ref))
                    end = match.end("pre")
                else:
                    end = match.end()
                if country:
                    noun = normalize(match["noun"] or match["noun2"])
                    name = gaz.armed_force_name(country, noun)
                    ref = _Ref("actor", name, ActorKind.ARMED_FORCE, country=country)
                    found.append(_Candidate(match.start(), end, _DERIVED, ref))
            else:
                ministry = _MINISTRIES[normalize(match["min"] or match["min2"])]
                owner = match["pre"] or match["post"] or match["post2"] or ""
                country = gaz.country_of(owner) if owner else None
                name = f"{gaz.adjective(country)} {ministry}" if country else ministry
                ref = _Ref("actor", name, ActorKind.ORGANIZATION, country=country)
                found.append(_Candidate(match.start(), match.end(), _DERIVED, ref))
        return found

    def _people(self, text: str, by_end: dict[int, _Candidate]) -> list[_Candidate]:
        """People introduced by a title or an attribution, as candidates and blocked prefixes."""
        hits: dict[tuple[int, int], _PersonHit] = {}
        blocks: list[_Candidate] = []

        def add(start: int, end: int, role: str | None, country: str | None, lead: bool) -> None:
            span = self._clean_name(text, start, end, strip_leading=lead)
            if span is None:
                return
            hit = hits.get(span)
            if hit is None:
                hits[span] = _PersonHit(*span, normalize(text[span[0] : span[1]]), role, country)
            else:
                hit.role = hit.role or role
                hit.country = hit.country or country

        for match in self._titled.finditer(text):
            title = normalize(match["title"])
            role = _TITLES.get(title, _TITLES.get(title.lower()))
            role = _ROLE_CASE.get(role.lower(), role) if role else None
            country, block_from = self._title_country(text, match.start(), by_end)
            add(match.start("name"), match.end("name"), role, country, lead=False)
            blocks.append(_Candidate(block_from, match.start("name"), _BLOCK, None))
        # Attributions: one scan for runs of capitalised words, then a look at either side.
        for match in _NAME_RUN.finditer(text):
            start, end = match.span()
            role = None
            if appositive := _APPOSITIVE_AFTER.match(text, end):
                words = normalize(appositive["role"]).split()
                if any(w in _ROLE_NOUNS for w in words):
                    role = " ".join(words)
            if _SPEAKER_BEFORE.search(text, max(0, start - 16), start):
                add(start, end, role, None, lead=False)  # "said Laurence Broers"
            elif role or _WHO_AFTER.match(text, end) or _SPEECH_AFTER.match(text, end):
                add(start, end, role, None, lead=True)

        found = list(blocks)
        for hit in hits.values():
            ref = self._person(hit)
            if ref is not None:
                found.append(_Candidate(hit.start, hit.end, _PERSON_RULE, ref))
        return found

    def _title_country(
        self, text: str, title_start: int, by_end: dict[int, _Candidate]
    ) -> tuple[str | None, int]:
        """The country a word before a title gives ("Armenian Prime Minister"), and where the
        span to block without a mention starts (the country word itself, or the title)."""
        pos = len(text[max(0, title_start - 80) : title_start].rstrip()) + max(0, title_start - 80)
        owner = _POSSESSIVE_BEFORE.search(text, max(0, pos - 2), pos)
        if owner:
            pos = owner.start()
        cand = by_end.get(pos)
        if cand is None:
            return None, title_start
        payload = cand.payload
        if isinstance(payload, SurfaceForm):
            if payload.kind in ("country", "demonym", "metonym"):
                return payload.name, cand.start
            if payload.kind == "capital":
                return payload.country, cand.start
            if payload.kind == "organization":
                org = self.gazetteer.organizations.get(payload.name)
                return (org.country if org else None), title_start
        if isinstance(payload, _Ref):
            return payload.country, title_start
        return None, title_start

    def _clean_name(
        self, text: str, start: int, end: int, *, strip_leading: bool
    ) -> tuple[int, int] | None:
        """The person-name span inside ``text[start:end]``, or None when it is no person's name."""
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text, start, end)]
        gaz = self.gazetteer
        if strip_leading:
            # "Yesterday Sevak Khachatryan", "Armenian Sevak Khachatryan": not part of the name.
            while tokens and (
                tokens[0][2] in _STOP_WORDS
                or tokens[0][2] in _PARTICLES
                or _resolves_to_non_person(gaz, tokens[0][2])
            ):
                tokens.pop(0)
        kept: list[tuple[int, int, str]] = []
        for token in tokens:
            word = token[2]
            if word in _STOP_WORDS:
                break
            if word in _NON_PERSON_WORDS or (len(word) > 1 and word.isupper()):
                return None
            kept.append(token)
        while kept and kept[-1][2] in _PARTICLES:
            kept.pop()
        capitalised = [t for t in kept if t[2] not in _PARTICLES]
        if not 2 <= len(capitalised) <= 4:
            return None
        span = (kept[0][0], kept[-1][1])
        whole = gaz.resolve(text[span[0] : span[1]])
        if whole is not None:
            return span if whole in gaz.people else None
        if any(_resolves_to_non_person(gaz, t[2]) for t in capitalised):
            return None  # "George Washington", "Armenia Karabakh": a place is in it
        return span

    def _person(self, hit: _PersonHit) -> _Ref | None:
        gaz = self.gazetteer
        canonical = gaz.resolve(hit.name)
        if canonical is None:
            return _Ref("actor", hit.name, ActorKind.PERSON, hit.role, hit.country)
        ref = self._gazetteer_ref(canonical)
        if ref is None or ref.kind is not ActorKind.PERSON:
            return None
        # The gazetteer's role and country are curated; the text fills gaps only.
        return _Ref("actor", ref.name, ref.kind, ref.role or hit.role, ref.country or hit.country)

    # ── selection ──

    @staticmethod
    def _select(candidates: list[_Candidate]) -> list[_Candidate]:
        """Leftmost-longest non-overlapping spans; ties go to the lower priority number."""
        candidates.sort(key=lambda c: (c.start, -(c.end - c.start), c.priority))
        chosen: list[_Candidate] = []
        last_end = 0
        for cand in candidates:
            if cand.start >= last_end and cand.end > cand.start:
                chosen.append(cand)
                last_end = cand.end
        return chosen

    def _judge(self, text: str, chosen: list[_Candidate]) -> list[_Candidate]:
        """Decide what each gazetteer match names here (actor or place); drop blockers."""
        resolved: list[_Candidate] = []
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
    ) -> _Ref | None:
        kind = form.kind
        if kind in ("person", "organization", "place"):
            return self._gazetteer_ref(form.name)
        if kind == "metonym":
            return _Ref("actor", form.name, ActorKind.COUNTRY)
        before = text[max(0, start - 40) : start]
        if kind == "country":
            if not _POSSESSIVE_AFTER.match(text, end) and _COUNTRY_PLACE_BEFORE.search(before):
                return _Ref("place", form.name, country=form.name)
            return _Ref("actor", form.name, ActorKind.COUNTRY)
        if kind == "demonym":
            if _DEMONYM_PLACE_AFTER.match(text, end):
                return _Ref("place", form.name, country=form.name)
            return _Ref("actor", form.name, ActorKind.COUNTRY)
        # A capital: the place, or its country's government.
        if _NAME_CONTINUES.match(text, end):
            return None  # "Moscow State University": part of a longer name
        in_list = last_place_end >= 0 and _PLACE_LIST_GAP.fullmatch(text, last_place_end, start)
        if in_list or _CAPITAL_PLACE_BEFORE.search(before) or form.country is None:
            return self._gazetteer_ref(form.name)
        return _Ref("actor", form.country, ActorKind.COUNTRY)

    def _add_surnames(
        self, text: str, resolved: list[_Candidate], people: list[_Candidate]
    ) -> list[_Candidate]:
        """Surnames and repeated full names of the people this document names."""
        present: dict[str, _Ref] = {}
        for cand in resolved:
            ref = cand.payload
            if isinstance(ref, _Ref) and ref.kind is ActorKind.PERSON:
                present.setdefault(ref.name, ref)
        if not present:
            return resolved
        wanted: dict[str, _Ref] = {}
        for cand in people:
            ref = cand.payload
            if not isinstance(ref, _Ref) or ref.name not in present:
                continue
            if ref.name in self.gazetteer.people:
                continue  # its aliases and surname are in the gazetteer pass already
            words = [w for w in ref.name.split() if w not in _PARTICLES]
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
            added.append(_Candidate(match.start(), match.end(), _SURNAME, ref))
        added.sort(key=lambda c: c.start)
        return added

    @staticmethod
    def _entities(text: str, resolved: list[_Candidate]) -> DocumentEntities:
        result = DocumentEntities()
        records: dict[tuple[str, str], Actor | Place] = {}
        for cand in resolved:
            ref = cand.payload
            if not isinstance(ref, _Ref):
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


def _resolves_to_non_person(gaz: Gazetteer, word: str) -> bool:
    name = gaz.resolve(word) if word[:1].isupper() else None
    return name is not None and name not in gaz.people


# ───────────────────────────────────────── casualties ──────────────────────────────────────────

_APPROX = (
    r"(?:nearly|almost|about|around|approximately|roughly|some|at\s+least|more\s+than|over"
    r"|up\s+to|an\s+estimated|estimated|as\s+many\s+as|close\s+to|upwards\s+of|well\s+over"
    r"|just\s+over|just\s+under|fewer\s+than|less\s+than|under|at\s+most|in\s+excess\s+of)"
)
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 10**6, "billion": 10**9}
_VAGUE = {
    "tens of thousands": 20_000,
    "hundreds of thousands": 200_000,
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2_000,
    "millions": 2_000_000,
}
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_APPROX_BEFORE = re.compile(rf"(?<!\w)(?i:{_APPROX}){WS}$")


def _cased(words: Iterable[str]) -> list[tuple[str, bool]]:
    """Words as written and sentence-initial ("Two", "Dozens"), for a case-sensitive trie.

    Case-sensitive tries scan about twice as fast as case-insensitive alternations.
    """
    return [(v, False) for w in words for v in (w, w[0].upper() + w[1:])]


_WORD_TRIE = trie_pattern(_cased(NUMBER_WORDS))
_VAGUE_TRIE = trie_pattern(_cased(_VAGUE))
_SCALE_WORDS = "dozen|hundred|thousand|million|billion"
_NUMBER = re.compile(
    r"(?<![\w.,:/$€£#\-–])"
    r"(?:"
    rf"(?P<digits>{_DIGITS})(?:[^\S\n]*(?:-|–|to)[^\S\n]*(?P<upper>{_DIGITS}))?"
    r"(?:[^\S\n]+(?P<scale>hundred|thousand|million|billion))?"
    rf"|(?P<vague>{_VAGUE_TRIE})(?:{WS}of)?"
    rf"|(?P<words>(?:(?:{trie_pattern(_cased(['a', 'an', 'several', 'a few']))})"
    rf"(?=[^\S\n]+(?:{_SCALE_WORDS}))|{_WORD_TRIE})"
    rf"(?:(?:[^\S\n]+|-|[^\S\n]+and[^\S\n]+)(?:{_WORD_TRIE}|{_SCALE_WORDS}))*)"
    r")(?![\w%])"
)
_UNIT_AFTER = re.compile(
    r"[^\S\n]*-?[^\S\n]*(?:%|percent|per\s+cent|km|kilomet|mile|met(?:er|re)|kg|kilogram|ton"
    r"|year|month|week|day|hour|minute|second|decade|centur|dollar|euro|pound|ruble|rouble"
    r"|barrel|square|sq\b|mm\b|cm\b|ft\b|feet|foot|acre|hectare|times\b|a\.m|p\.m|am\b|pm\b"
    r"|GMT|UTC|degree|°)",
    re.IGNORECASE,
)
_YEAR_BEFORE = re.compile(
    r"\b(?:in|since|until|till|by|from|of|during|before|after|early|late|mid|and|to|the|year"
    r"|between|spring|summer|autumn|fall|winter|January|February|March|April|May|June|July"
    r"|August|September|October|November|December)[^\S\n]*,?[^\S\n]*$",
    re.IGNORECASE,
)
_AUX = (
    r"(?:were|was|have|has|had|are|is|been|being|be|went|gone|reportedly|also|all|later|allegedly"
    r"|so\s+far|subsequently|confirmed|believed\s+to\s+have\s+been|believed\s+to\s+be|feared"
    r"|thought\s+to\s+be|now|in\s+total|in\s+all|who|that|each|either)"
)
_NOT_MODIFIER = (
    rf"(?:{_AUX}|of|the|a|an|and|or|but|in|on|at|to|by|for|with|from|among|during|after"
    r"|before|as|than|since|into|over|under|when|while|including|its|their|his|her|this"
    r"|these|those|other|such|more|people)(?!\w)"
)
_MODIFIER = rf"(?!{_NOT_MODIFIER})[A-Za-z][\w'’-]*"
_GROUP_NOUNS = words(
    "people persons person civilians civilian soldiers soldier servicemen serviceman "
    "servicemembers troops fighters fighter militants militant combatants children child "
    "women men policemen officers residents villagers protesters protestors demonstrators "
    "rebels insurgents personnel members peacekeepers refugees migrants journalists reporters "
    "workers students patients passengers militiamen guerrillas conscripts recruits volunteers "
    "prisoners hostages pilots sailors marines paratroopers mercenaries staff doctors medics "
    "nurses infants babies teenagers"
)
_GROUP = (
    rf"(?:{alternation(_GROUP_NOUNS)}"
    rf"|police{WS}officers|service{WS}members|aid{WS}workers|[{_UP}][a-z]+s)"
)
_OUTCOMES: dict[str, str] = {
    "killed": "killed",
    "slain": "killed",
    "executed": "killed",
    "massacred": "killed",
    "murdered": "killed",
    "shot dead": "killed",
    "lost their lives": "killed",
    "dead": "dead",
    "died": "dead",
    "perished": "dead",
    "deaths": "dead",
    "fatalities": "dead",
    "wounded": "wounded",
    "injured": "wounded",
    "hurt": "wounded",
    "missing": "missing",
    "captured": "captured",
    "taken prisoner": "captured",
    "taken captive": "captured",
    "taken hostage": "abducted",
    "abducted": "abducted",
    "kidnapped": "abducted",
    "detained": "detained",
    "arrested": "detained",
    "displaced": "displaced",
    "uprooted": "displaced",
    "forced to flee": "displaced",
    "fled": "displaced",
    "made homeless": "displaced",
    "left homeless": "displaced",
    "evacuated": "evacuated",
    "casualties": "casualties",
}
_OUTCOME = alternation(_OUTCOMES, space=WS)
# After the number: "105 Armenian servicemen had been killed", "3,006 dead", "100 civilian deaths".
_RIGHT = re.compile(
    rf"(?:(?P<mods>(?:{WS}{_MODIFIER}){{0,3}}?){WS}(?P<noun>{_GROUP})(?!\w))?"
    rf"(?P<aux>(?:[^\S\n]*,?{WS}{_AUX}(?!\w))*)"
    rf"{WS}(?P<out>{_OUTCOME})(?!\w)"
)
_NOUN_AFTER = re.compile(rf"(?P<mods>(?:{WS}{_MODIFIER}){{0,2}}?){WS}(?P<noun>{_GROUP})(?!\w)")
_AMONG_OWN = re.compile(
    rf"{WS}among{WS}(?:its|their){WS}(?:own{WS})?"
    r"(?:troops|soldiers|forces|servicemen|ranks|personnel|military|army|fighters)(?!\w)"
)
# Before the number: "killing 30,000", "claimed the lives of nearly 7,000 people".
_LEFT = re.compile(
    r"(?:(?P<verb>killing|killed|kills|kill|wounding|wounded|injuring|injured|displacing"
    r"|displaced|executing|executed|abducting|abducted|kidnapping|kidnapped|capturing|captured"
    r"|detaining|detained|arresting|arrested|massacring|massacred)"
    rf"|(?P<lives>(?:claimed|claiming|claims|claim|cost|costing|costs|took|taking|takes|take)"
    rf"(?:{WS}the)?{WS}lives{WS}of)"
    rf"|(?P<toll>death{WS}toll(?:{WS}[a-z]+){{0,3}}?{WS}(?:to|at|of|reached|hit|is|was"
    r"|stood|stands|exceeded|passed|topped|surpassed)))[^\S\n]+$",
    re.IGNORECASE,
)
_LEFT_VERB_OUTCOME = {
    "kill": "killed",
    "wound": "wounded",
    "injur": "wounded",
    "displac": "displaced",
    "execut": "killed",
    "abduct": "abducted",
    "kidnap": "abducted",
    "captur": "captured",
    "detain": "detained",
    "arrest": "detained",
    "massacr": "killed",
}
_PASSIVE_BEFORE = re.compile(r"\b(?:were|was|been|be|are|is|being)\s+$", re.IGNORECASE)
_INCLUDING = re.compile(
    rf"(?:including|among{WS}them|among{WS}whom|of{WS}whom|of{WS}them|among{WS}those"
    rf"|mostly|mainly|most{WS}of{WS}them)[^\S\n]*,?[^\S\n]*$",
    re.IGNORECASE,
)
_REPORTS = re.compile(
    r"\b(?:reported|reporting|reports|report|said|says|say|announced|announcing|confirmed"
    r"|confirming|acknowledged|admitted|claimed|claiming|listed|counted|recorded|registered)\b"
)
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])[.!?;][\"”’)\]]*\s+|\n\s*\n")
_GENERIC_NOUNS = frozenset({"people", "persons", "person"})
_MILITARY_NOUNS = frozenset(
    {"troops", "soldiers", "soldier", "servicemen", "serviceman", "servicemembers", "personnel"}
)


@lru_cache(maxsize=8)
def _country_finder(gazetteer: Gazetteer) -> tuple[re.Pattern[str], dict[str, str]]:
    """A regex over every word that names a country, and its map to the country."""
    words: dict[str, str] = {}
    for name, entry in gazetteer.countries.items():
        for word in (name, *entry.aliases, *gazetteer.demonyms(name), *entry.metonyms):
            words.setdefault(_key(word), name)
        if entry.capital:
            words.setdefault(_key(entry.capital), name)
    pattern = re.compile(rf"(?<!\w)(?:{trie_pattern((w, False) for w in words)})(?!\w)")
    return pattern, words


def _count(match: re.Match[str]) -> tuple[int, bool] | None:
    """The number a match stands for, and whether it is vague."""
    if match["digits"]:
        try:
            value = Decimal(match["digits"].replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex only admits digits
            return None
        if match["scale"]:
            value *= _SCALES[match["scale"].lower()]
        return int(value), bool(match["upper"])
    if match["vague"]:
        return _VAGUE[" ".join(match["vague"].lower().split())], True
    words = re.findall(r"[a-z]+", match["words"].lower())
    total = current = 0
    vague = False
    for word in words:
        if word in ("a", "an"):
            current = 1
        elif word in ("several", "few"):
            current, vague = 3, True
        elif word in NUMBER_WORDS:
            current += NUMBER_WORDS[word]
        elif word in ("dozen", "hundred"):
            current = max(current, 1) * _SCALES[word]
            vague = vague or word == "dozen"
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
    return total + current, vague


def _sentence_start(text: str, pos: int, floor: int) -> int:
    start = max(floor, pos - 400)
    for match in _SENTENCE_END.finditer(text, start, pos):
        start = match.end()
    return start


def _reporter(text: str, sentence_start: int, pos: int, gazetteer: Gazetteer) -> str | None:
    """The country that reports a figure: "Azerbaijan reported 50 dead" → Azerbaijan."""
    verbs = list(_REPORTS.finditer(text, sentence_start, pos))
    if not verbs:
        return None
    verb = verbs[-1]
    finder, words = _country_finder(gazetteer)
    countries = list(finder.finditer(text, max(sentence_start, verb.start() - 60), verb.start()))
    return words.get(_key(countries[-1].group())) if countries else None


def _who(
    mods: str | None,
    noun: str | None,
    own_troops: bool,
    reporter: str | None,
    gazetteer: Gazetteer,
) -> str | None:
    for word in (mods or "").split():
        if word[:1].isupper():
            country = gazetteer.country_of(word)
            if country:
                return country
    if noun and noun[:1].isupper():
        return gazetteer.country_of(noun) or noun
    if own_troops or not noun:
        return reporter
    noun = normalize(noun).lower()
    if noun in _MILITARY_NOUNS and reporter:
        return reporter
    if noun in _GENERIC_NOUNS:
        return None
    if (mods or "").lower().split()[-1:] == ["civilian"] or noun == "civilian":
        return "civilians"
    return noun


def find_casualties(
    text: str, start: int = 0, end: int | None = None, gazetteer: Gazetteer | None = None
) -> list[Casualty]:
    """Casualty figures in ``text[start:end]``; their offsets point into ``text``.

    ``gazetteer`` (default: the built-in one) tells demonyms and country names apart.
    """
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    stop = len(text) if end is None else max(0, min(end, len(text)))
    start = max(0, min(start, stop))
    found: list[Casualty] = []
    for number in _NUMBER.finditer(text, start, stop):
        counted = _count(number)
        if counted is None:
            continue
        count, vague = counted
        num_start, num_end = number.span()
        if _UNIT_AFTER.match(text, num_end, stop):
            continue
        digits = number["digits"]
        if (
            digits
            and not number["scale"]
            and re.fullmatch(r"1[89]\d\d|20\d\d", digits)
            and _YEAR_BEFORE.search(text, max(start, num_start - 30), num_start)
        ):
            continue
        words = (number["words"] or "").lower()
        if words == "one" and re.search(
            r"\b(?:no|any|every|some|each|the|this|that)\s+$",
            text[max(start, num_start - 8) : num_start],
            re.IGNORECASE,
        ):
            continue  # "no one was killed"
        hedge = _APPROX_BEFORE.search(text, max(start, num_start - 24), num_start)
        first = hedge.start() if hedge else num_start  # the figure's text starts at its hedge
        sentence_start = _sentence_start(text, first, start)
        figure = _Figure(first, num_end, stop, sentence_start)
        casualty = _right(text, figure, gaz)
        if casualty is None:
            casualty = _left(text, figure, gaz)
        if casualty is None and found:
            casualty = _included(text, figure, found[-1], gaz)
        if casualty is None:
            continue
        outcome, who, span_start, span_end = casualty
        found.append(
            Casualty(
                count=count,
                approximate=vague or hedge is not None,
                who=who,
                outcome=outcome,
                text=text[span_start:span_end],
                start=span_start,
                end=span_end,
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class _Figure:
    """Where a number is: from its hedge ("nearly") to its end, within a searchable region."""

    start: int
    end: int
    stop: int  # do not read past this offset
    sentence_start: int


_Reading = tuple[str, str | None, int, int]  # outcome, who, span start, span end


def _right(text: str, figure: _Figure, gaz: Gazetteer) -> _Reading | None:
    """The outcome after the number: "105 Armenian servicemen had been killed", "50 dead"."""
    match = _RIGHT.match(text, figure.end, figure.stop)
    if match is None:
        return None
    outcome = _OUTCOMES[normalize(match["out"])]
    own = _AMONG_OWN.match(text, match.end(), figure.stop)
    reporter = _reporter(text, figure.sentence_start, figure.start, gaz)
    who = _who(match["mods"], match["noun"], own is not None, reporter, gaz)
    return outcome, who, figure.start, match.end()


def _left(text: str, figure: _Figure, gaz: Gazetteer) -> _Reading | None:
    """The outcome before the number: "killing 30,000", "claimed the lives of 7,000 people"."""
    window = max(figure.sentence_start, figure.start - 80)
    match = _LEFT.search(text, window, figure.start)
    if match is None:
        return None
    if match["verb"]:
        if _PASSIVE_BEFORE.search(text, max(0, match.start() - 12), match.start()):
            return None  # "were killed 20 km away" is not "killed 20"
        verb = match["verb"].lower()
        outcome = next(o for stem, o in _LEFT_VERB_OUTCOME.items() if verb.startswith(stem))
    else:
        outcome = "killed"
    noun = _NOUN_AFTER.match(text, figure.end, figure.stop)
    end = noun.end() if noun else figure.end
    who = _who(noun["mods"], noun["noun"], False, None, gaz) if noun else None
    return outcome, who, match.start(), end


def _included(text: str, figure: _Figure, previous: Casualty, gaz: Gazetteer) -> _Reading | None:
    """A figure "including 100 civilians" shares the outcome of the figure it qualifies."""
    if previous.end is None or previous.end < max(figure.sentence_start, figure.start - 60):
        return None
    if previous.end > figure.start or not _INCLUDING.search(text, previous.end, figure.start):
        return None
    noun = _NOUN_AFTER.match(text, figure.end, figure.stop)
    end = noun.end() if noun else figure.end
    who = _who(noun["mods"], noun["noun"], False, None, gaz) if noun else None
    return previous.outcome, who, figure.start, end
