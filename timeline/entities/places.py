"""Places beyond the gazetteer, found by their context.

A capitalised word or two (three at most) is a place where the context says so:

- after a place noun and "of": "the village of Kishishe", "the border town of Bunagana", "the
  outskirts of Kupiansk", "the villages of the Orvan valley";
- before a place noun: "Agdam district", "the Kanyabuki camp", "Kherson Oblast", "the Zaatari
  refugee camp". The place is the name as written before the noun ("Agdam"; "Kherson", which
  the gazetteer knows, as the gazetteer's place);
- after a preposition that locates: "near Koutougou", "outside Kyiv", "north of Kharkiv";
- after a place noun and a preposition: "an army camp in Dourgou", "a checkpoint near X";
- after a happening noun and "of": "the siege of Valmora", "the shelling of Avdiivka";
- at a sentence's start, before an appositive with a place noun closed by a comma: "Valmora, a
  river port of 60,000 people, was fortified";
- before a distance from another place: "in Ceel Gaduud, 40 kilometres north of Baidoa";
- after a weaker preposition (in, at, into, from, to, around...) or a verb of taking or striking
  ground (captured, seized, besieged, shelled...) only when GeoNames (`timeline.geocode`) knows
  the name: in a country the document names (the three most named), or as a place of 100,000
  people or more anywhere. "in Daraa", "in Rafah", "in North Darfur", "seized Izium". Never a
  bare capitalised word GeoNames does not know ("in March", "in Parliament"), nor one the
  document also writes in lower case ("in Union" where "union" is a word of the text).

A list continues a context, as a weak one: "spread to El Fasher and Nyala", "in Yangon, Mandalay
and other towns". The name is never a gazetteer name or part of one, an actor, a person, a
month, a weekday, an acronym or a word of ``not_places``; a possessive ends it ("in Kharkiv's
centre" → "Kharkiv"); a facility after it is dropped when only the first word is known ("at
Hostomel Airport" → "Hostomel"). Found = context. GeoNames is asked only about names that passed
every other check, once per name and country hints; its index (about 3 s to build) is built on
the first such question of the process.

The word lists are in ``timeline/data/context.toml`` (``[places]``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from timeline.entities.candidates import PLACE_CONTEXT, PLACE_NOUN, Candidate, Ref
from timeline.entities.lexicon import STOP_WORDS, context_list, table
from timeline.entities.names import TOKEN
from timeline.entities.organisations import HEADS
from timeline.gazetteer import Gazetteer, normalize
from timeline.models import Found
from timeline.text import alternation, trie_pattern

__all__ = ["PlaceRules"]

NOUNS_OF = context_list("places", "nouns_of")
NOUNS_AFTER = context_list("places", "nouns_after")
HAPPENING_OF = context_list("places", "happening_of")
APPOSITIVE_NOUNS = context_list("places", "appositive_nouns")
NOUN_MODIFIERS = frozenset(context_list("places", "noun_modifiers"))
STRONG = context_list("places", "strong_prepositions")
WEAK = context_list("places", "weak_prepositions")
LOCATED_NOUNS = context_list("places", "located_nouns")
PLACE_VERBS = context_list("places", "place_verbs")
PLACE_STARTS = frozenset(context_list("places", "place_starts"))
NOT_PLACES = frozenset(context_list("places", "not_places"))
FACILITY_WORDS = frozenset(context_list("places", "facility_words"))
GENERIC_GEOGRAPHY = frozenset(context_list("places", "generic_geography"))
NAME_PARTICLES = context_list("places", "name_particles")
_STOPS = (STOP_WORDS - PLACE_STARTS) | NOT_PLACES | HEADS | frozenset(NOUNS_AFTER)

LARGE_PLACE = 100_000  # as `timeline.geocode.LARGE_PLACE`: known without a country hint
_HINTS = 3

_SP = r"[^\S\n]+"
# A name of up to three capitalised words, a particle allowed before each later one
# ("Mocimboa da Praia").
_X = rf"(?P<x>{TOKEN}(?:{_SP}(?:{alternation(NAME_PARTICLES)}{_SP})?{TOKEN}){{0,2}})"


def _both_cases(words: Sequence[str]) -> set[str]:
    """Lower-case words also with a capital first letter (a sentence may start with them)."""
    return set(words) | {w[0].upper() + w[1:] for w in words if w[:1].islower()}


# Every trigger phrase → whether it locates by itself (strong) or needs GeoNames (weak). One
# trie for them all: a regex alternation of hundreds of phrases would be tried branch by branch.
def _plurals(nouns: tuple[str, ...]) -> frozenset[str]:
    """The nouns of a list that are the plural of another of it ("villages" beside "village",
    case aside)."""
    singular = {n.lower() for n in nouns}
    return frozenset(n for n in nouns if n.lower().endswith("s") and n.lower()[:-1] in singular)


_TRIGGERS: dict[str, bool] = dict.fromkeys(_both_cases(PLACE_VERBS), False)
_TRIGGERS.update(dict.fromkeys(_both_cases(WEAK), False))
_TRIGGERS.update(dict.fromkeys(_both_cases(STRONG), True))
_TRIGGERS.update({f"{noun} of": True for noun in NOUNS_OF})
# "several villages, including Seysulan": a plural place noun's list.
_TRIGGERS.update({f"{noun}, including": True for noun in _plurals(NOUNS_OF)})
_HAPPENING_TRIGGERS = frozenset(f"{noun} of" for noun in _both_cases(HAPPENING_OF))
_TRIGGERS.update(dict.fromkeys(_HAPPENING_TRIGGERS, True))
_TRIGGERS.update(
    {
        f"{noun} {preposition}": True
        for noun in LOCATED_NOUNS
        for preposition in ("in", "at", "near", "outside", "inside", "on", "around")
    }
)
_TRIGGER = re.compile(
    rf"(?<![\w-])(?P<t>{trie_pattern((t, False) for t in _TRIGGERS)}){_SP}"
    rf"(?P<the>the{_SP})?{_X}"
)
# "Valmora, a river port of 60,000 people, was ...": a sentence's first name, an appositive
# with a place noun, closed by a comma.
_APPOSITIVE = re.compile(
    rf"(?:^|(?<=[.!?][^\S\n])|(?<=[.!?][\"”’][^\S\n])){_X},{_SP}(?:a|an){_SP}"
    rf"(?:[\w'’-]+{_SP}){{0,2}}?(?:{alternation(APPOSITIVE_NOUNS)})(?![\w-])[^,.;\n]{{0,80}},",
    re.MULTILINE,
)
# The same inside a sentence, after a comma, "and", "as well as", "including" or a preposition
# of place (to, in, at, near, from, into, of, on), ending at a comma, a stop or a relative word:
# "... and inched closer to Lyman, a strategic railway town in Donetsk Oblast that Russian
# forces captured in May". Found from the appositive back to the name (a pattern that starts
# with the name would be tried at every character of the text).
_APPOSITION_TAIL = re.compile(
    rf",{_SP}(?:a|an){_SP}(?:[\w'’-]+{_SP}){{0,2}}?(?:{alternation(APPOSITIVE_NOUNS)})"
    # the noun heads the appositive ("a town in Donetsk Oblast", "a village 20 kilometres north
    # of Oicha"; not "a town councillor")
    rf"(?=[,.;]|{_SP}(?:in|of|on|near|at|by|along|north|south|east|west|some|about|that|which"
    rf"|where|held|controlled|captured|with)\b|{_SP}\d)"
    rf"[^,.;\n]{{0,80}}?(?:[,.;]|{_SP}(?:that|which|where)\b)"
)
_APPOSED_NAME = re.compile(
    rf"(?:(?<=,[^\S\n])|(?<=\band[^\S\n])|(?<=\bas[^\S\n]well[^\S\n]as[^\S\n])"
    rf"|(?<=\bincluding[^\S\n])|(?<=\bto[^\S\n])|(?<=\bin[^\S\n])|(?<=\bat[^\S\n])"
    rf"|(?<=\bnear[^\S\n])|(?<=\bfrom[^\S\n])|(?<=\binto[^\S\n])|(?<=\bof[^\S\n])"
    rf"|(?<=\bon[^\S\n])){_X}\Z"
)
# "in Ceel Gaduud, 40 kilometres north of Baidoa": a name set off by a distance from another
# place (context.toml ``distance_units``, ``directions``); found from the distance back to the
# name, as above.
_DISTANCE_TAIL = re.compile(
    rf",{_SP}(?:(?:some|about|around|roughly|nearly|almost|only|just){_SP})?\d[\d,.]*"
    rf"(?:{_SP}|-)?(?:{alternation(context_list('places', 'distance_units'))})(?![\w-])"
    rf"(?:{_SP}(?:to{_SP}the{_SP})?(?:{alternation(context_list('places', 'directions'))})"
    rf"(?![\w-])|{_SP}(?:from|outside|away)(?![\w-]))"
)
# "Agdam fell on 23 July 1993", "..., and Hadrut was captured": a name at a sentence's or a
# clause's start before a verb of place_verbs_after (GeoNames needed); found from the verb
# back to the name, as above.
_TAKEN_VERB = re.compile(
    rf"{_SP}(?:{alternation(context_list('places', 'place_verbs_after'), space=_SP)})(?![\w-])"
)
_TAKEN_NAME = re.compile(
    rf"(?:^|(?<=[.!?;][^\S\n])|(?<=,[^\S\n])|(?<=\band[^\S\n])){_X}\Z", re.MULTILINE
)
# "Mount Gurain", "Lake Chad", "the Sambisa Forest": a named natural feature, its head part of
# its name (context.toml ``feature_heads_before``, ``feature_heads_after``).
_FEATURE_BEFORE = alternation(context_list("places", "feature_heads_before"))
_FEATURE_AFTER = alternation(context_list("places", "feature_heads_after"))
_FEATURE = re.compile(
    rf"(?<![\w'’-])(?P<x>(?:{_FEATURE_BEFORE}){_SP}{TOKEN}(?:{_SP}{TOKEN})?"
    rf"|{TOKEN}(?:{_SP}{TOKEN})?{_SP}(?:{_FEATURE_AFTER}))(?![\w'’-])"
)
# How far back from its appositive or its verb a name is looked for.
_NAME_REACH = 80
_NOUN_AFTER = re.compile(rf"[^\S\n](?P<noun>{alternation(NOUNS_AFTER)})(?![\w-])")
_LIST_NEXT = re.compile(rf"(?:[^\S\n]*,[^\S\n]*(?:(?:and|or){_SP})?|{_SP}(?:and|or){_SP}){_X}")
_TOKEN_RE = re.compile(TOKEN)
_NAME_GOES_ON = re.compile(rf"{_SP}{TOKEN}")
_POSSESSIVE = re.compile(r"['’]s?$")
_ARTICLE = re.compile(r"(?:al|el|ad|as|an|ash|az)-", re.IGNORECASE)
_MAX_LIST = 5
_INDEFINITE_BEFORE = re.compile(r"(?i)(?<!\w)an?[^\S\n]+$")
_CORROBORATING = frozenset(w.lower() for w in context_list("places", "corroborating_triggers"))
_CORROBORATING_MENTIONS = int(table("context")["places"]["corroborating_mentions"])
_POSSESSIVE_AFTER = re.compile(r"['’]s?(?!\w)")
# Before a plural place noun, what joins the names of a list: "the Agdam, Fuzuli and Jabrayil
# districts".
_LIST_BEFORE = re.compile(
    r"(?:[^\S\n]*,[^\S\n]*(?:(?:and|or)[^\S\n]+)?|[^\S\n]+(?:and|or)[^\S\n]+)$"
)
_WORD_AT = re.compile(r"\w+")
_PLURAL_NOUNS = _plurals(NOUNS_AFTER)
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z]\w*(?:-\w+)*")


# The first halves of compound adjectives: "Russo-Ukrainian", "Sino-Russian".
_COMPOUND_PARTS = frozenset(context_list("places", "compound_prefixes"))


class PlaceRules:
    """Finds places by context; build once per gazetteer.

    ``geonames``: whether names after a weak preposition may be looked up in GeoNames (None:
    when `timeline.geocode.available`). Without it, only the strong contexts find places.
    """

    def __init__(self, gazetteer: Gazetteer, geonames: bool | None = None) -> None:
        self.gazetteer = gazetteer
        if geonames is None:
            from timeline.geocode import available

            geonames = available()
        self.geonames = geonames
        self._looked_up: dict[tuple[str, tuple[str, ...]], str | None] = {}
        self._codes: dict[str, str | None] = {}
        self._countries_by_code: dict[str, str] | None = None

    def find(
        self, text: str, known: Sequence[tuple[int, int]], countries: Sequence[str]
    ) -> list[Candidate]:
        """Places named by context in ``text``.

        ``known`` are the spans of the other candidates (gazetteer, derived, organisations,
        people), sorted by start: a name starting inside one is not a place here.
        ``countries``: the countries the document names, most named first (GeoNames hints).
        """
        doc = _Document(text, known, tuple(countries[:_HINTS]))
        found: list[Candidate] = []
        for match in _TRIGGER.finditer(text):
            trigger = match["t"]
            strong = _TRIGGERS.get(trigger)
            if strong is None:
                strong = _TRIGGERS.get(normalize(trigger), False)
            if match["the"] and (not strong or trigger in _HAPPENING_TRIGGERS):
                # "in the Guardian": only a place noun makes "the X" a place; "the siege of
                # the Azovstal steel works" names a facility of the city, not the city.
                continue
            if trigger in _HAPPENING_TRIGGERS and _NAME_GOES_ON.match(text, match.end("x")):
                continue  # "the Battle of Martyr Adnan Abu Amjad": a code name, no place
            end = self._consider(doc, match.start("x"), match.end("x"), strong, found, trigger)
            for _ in range(_MAX_LIST):
                more = _LIST_NEXT.match(text, end)
                if more is None:
                    break
                end = self._consider(doc, more.start("x"), more.end("x"), False, found, trigger)
        for match in _APPOSITIVE.finditer(text):
            self._consider(doc, match.start("x"), match.end("x"), True, found)
        for tail in _APPOSITION_TAIL.finditer(text):
            at = tail.start()
            name = _APPOSED_NAME.search(text, max(0, at - _NAME_REACH), at)
            if name is not None:
                self._consider(doc, name.start("x"), name.end("x"), True, found)
        for tail in _DISTANCE_TAIL.finditer(text):
            at = tail.start()
            name = _APPOSED_NAME.search(text, max(0, at - _NAME_REACH), at)
            if name is not None:
                self._consider(doc, name.start("x"), name.end("x"), True, found)
        for verb in _TAKEN_VERB.finditer(text):
            at = verb.start()
            name = _TAKEN_NAME.search(text, max(0, at - _NAME_REACH), at)
            if name is not None:
                self._consider(doc, name.start("x"), name.end("x"), False, found)
        for match in _NOUN_AFTER.finditer(text):
            self._before_noun(doc, match.start("noun"), found)
        for match in _FEATURE.finditer(text):
            self._feature(doc, match.start("x"), match.end("x"), found)
        self._corroborated(doc, found)
        return found

    # ── contexts ──

    def _consider(
        self,
        doc: _Document,
        start: int,
        end: int,
        strong: bool,
        found: list[Candidate],
        trigger: str = "",
    ) -> int:
        """A name after a trigger: add it when it is a place; return where it ends."""
        known_end = doc.known_end(start)
        if known_end is not None:
            return known_end  # a gazetteer name, an actor or a person: judged elsewhere
        tokens = self._name_tokens(doc, start, end)
        if not tokens:
            return end
        last = tokens[-1][1]
        if strong:
            if all(t[2] in PLACE_STARTS for t in tokens):
                return last
            name = normalize(doc.text[start:last])
            ref = Ref("place", name, found=Found.CONTEXT)
            found.append(Candidate(start, last, PLACE_CONTEXT, ref))
            return last
        if not self.geonames:
            self._unconfirmed(doc, tokens, trigger)
            return last
        for k in range(len(tokens), 0, -1):
            words = [t[2] for t in tokens[:k]]
            if all(w in PLACE_STARTS for w in words):
                continue  # "North East"
            following = tokens[k][2] if k < len(tokens) else None
            if following and following not in FACILITY_WORDS and not _ARTICLE.match(following):
                break  # "Anthony Smith": GeoNames may know "Anthony"; the two words are a name
            if k == 1 and doc.written_in_lower_case(words[0]):
                continue
            name = normalize(doc.text[start : tokens[k - 1][1]])
            country = self._geonames_country(name, doc.hints)
            if country is not None:
                # "Bosra al-Sham": GeoNames knows "Bosra"; the name goes on with its article.
                while k < len(tokens) and _ARTICLE.match(tokens[k][2]):
                    k += 1
                end = tokens[k - 1][1]
                name = normalize(doc.text[start:end])
                ref = Ref("place", name, country=country or None, found=Found.CONTEXT)
                found.append(Candidate(start, end, PLACE_CONTEXT, ref))
                return last
        self._unconfirmed(doc, tokens, trigger)
        return last

    @staticmethod
    def _unconfirmed(doc: _Document, tokens: list[tuple[int, int, str]], trigger: str) -> None:
        """Keep a name after a weak trigger that GeoNames cannot confirm, when the trigger is
        one of ``corroborating_triggers`` (context.toml): the document may confirm it by
        writing it so again (`_corroborated`)."""
        if trigger.lower() not in _CORROBORATING or len(tokens) > 2:
            return
        words = [t[2] for t in tokens]
        if all(w in PLACE_STARTS for w in words):
            return
        if len(words) == 1 and doc.written_in_lower_case(words[0]):
            return
        start, end = tokens[0][0], tokens[-1][1]
        if _POSSESSIVE_AFTER.match(doc.text, end):
            return  # "in Smith's report"
        doc.unconfirmed.setdefault(normalize(doc.text[start:end]), []).append((start, end))

    @staticmethod
    def _corroborated(doc: _Document, found: list[Candidate]) -> None:
        """Names kept by `_unconfirmed` that the document writes after such a trigger
        ``corroborating_mentions`` times or more ("the violence reached Morne Tamarin" ...
        "the gangs left Morne Tamarin"), and that no other rule found: places."""
        placed = {c.payload.name for c in found if isinstance(c.payload, Ref)}
        for name, spans in doc.unconfirmed.items():
            if name in placed or len({s for s, _ in spans}) < _CORROBORATING_MENTIONS:
                continue
            ref = Ref("place", name, found=Found.CONTEXT)
            found.extend(Candidate(s, e, PLACE_CONTEXT, ref) for s, e in sorted(set(spans)))

    def _before_noun(self, doc: _Document, noun_start: int, found: list[Candidate]) -> None:
        """ "Agdam district", "Kherson Oblast", "the Zaatari refugee camp"; before a plural noun,
        a list: "the al-Sinaa and al-Hattin neighbourhoods", "the Agdam, Fuzuli and Jabrayil
        districts"."""
        text = doc.text
        floor = max(0, noun_start - 100)
        floor = text.rfind("\n", floor, noun_start) + 1 or floor
        mark = len(found)
        start = self._name_before_noun(doc, noun_start, floor, True, found)
        if start is not None and _INDEFINITE_BEFORE.search(text, max(floor, start - 4), start):
            del found[mark:]  # "Koutruk, a Meitei village": whose village, not its name
            return
        noun = _WORD_AT.match(text, noun_start)
        if start is None or noun is None or noun.group() not in _PLURAL_NOUNS:
            return
        for _ in range(_MAX_LIST):
            link = _LIST_BEFORE.search(text, max(floor, start - 8), start)
            if link is None:
                return
            start = self._name_before_noun(doc, link.start(), floor, False, found)
            if start is None:
                return

    def _name_before_noun(
        self, doc: _Document, pos: int, floor: int, modifiers: bool, found: list[Candidate]
    ) -> int | None:
        """The name that ends at ``pos`` (up to three words, a modifier such as "refugee"
        allowed after it when ``modifiers``): added to ``found`` when it is a place. Returns
        where it starts, or None when there is none."""
        text = doc.text
        tokens: list[tuple[int, int, str]] = []
        modifier_seen = not modifiers
        while len(tokens) < 3:
            j = pos
            while j > floor and text[j - 1] in " \t\xa0":
                j -= 1
            if (j == pos and tokens) or j <= floor:
                break
            k = j
            while k > floor and not text[k - 1].isspace():
                k -= 1
            word = text[k:j]
            if not tokens and not modifier_seen and word in NOUN_MODIFIERS:
                modifier_seen = True  # "Zaatari refugee camp"
                pos = k
                continue
            if not _TOKEN_RE.fullmatch(word) or (word in _STOPS and word not in PLACE_STARTS):
                break
            tokens.insert(0, (k, j, word))
            pos = k
        while tokens and tokens[0][2] in _STOPS:
            tokens.pop(0)
        for i, (_, _, word) in enumerate(tokens):
            if i and self.gazetteer.country_of(word):
                del tokens[i:]  # "Yarmouk Palestinian refugee camp" → "Yarmouk"
                break
        if not tokens or all(t[2] in PLACE_STARTS for t in tokens):
            return None
        if any(len(w) > 1 and w.isupper() for _, _, w in tokens):
            return None
        start, end = tokens[0][0], tokens[-1][1]
        name = normalize(text[start:end])
        gaz = self.gazetteer
        canonical = gaz.resolve(name)
        if canonical is not None:
            place = gaz.places.get(canonical)
            if place is not None:  # "Kherson Oblast", "the Moscow region": the listed place
                ref = Ref("place", canonical, country=place.country)
                found.append(Candidate(start, end, PLACE_NOUN, ref))
                return start
            return None  # a country, a demonym or an actor: the tagger's own rules judge it
        if doc.inside_known(start):
            return None
        found.append(Candidate(start, end, PLACE_NOUN, Ref("place", name, found=Found.CONTEXT)))
        return start

    def _feature(self, doc: _Document, start: int, end: int, found: list[Candidate]) -> None:
        """A named natural feature (`_FEATURE`): "Mount Gurain", "Lake Chad" (longer than the
        country it holds, so it wins the span), "the Sambisa Forest". Not a stop word before a
        trailing head ("In Forest"), not inside a longer known name ("Nuba Mountains
        Liberation Front"), not a gazetteer name (matched there)."""
        text = doc.text
        words = text[start:end].split()
        if words[0] in _STOPS and words[0] not in PLACE_STARTS:
            words = words[1:]
            if len(words) < 2:
                return
            start = end - len(" ".join(words))
        known_end = doc.known_end(start)
        if known_end is not None and known_end >= end:
            return
        if any(w.isupper() and len(w) > 1 for w in words):
            return
        name = normalize(text[start:end])
        if self.gazetteer.resolve(name) is not None:
            return
        found.append(Candidate(start, end, PLACE_CONTEXT, Ref("place", name, found=Found.CONTEXT)))

    # ── names ──

    @staticmethod
    def _name_tokens(doc: _Document, start: int, end: int) -> list[tuple[int, int, str]]:
        """The words of a candidate name: up to a stop word, an acronym, a possessive or the
        start of another candidate."""
        tokens: list[tuple[int, int, str]] = []
        for match in _TOKEN_RE.finditer(doc.text, start, end):
            word = match.group()
            if word in _STOPS or (len(word) > 1 and word.isupper()):
                break
            if not tokens and word in GENERIC_GEOGRAPHY:
                break  # "Sea of Azov": not a place called "Sea"
            if "-" in word and any(p in _COMPOUND_PARTS for p in word.split("-")):
                break  # "the Russo-Ukrainian border", "Israeli-Palestinian"
            if (
                tokens
                and doc.starts_known(match.start())
                and not all(t[2] in PLACE_STARTS for t in tokens)
            ):
                break  # "near Bakhmut Zelensky ...": another name begins ("North Darfur" goes on)
            if _POSSESSIVE.search(word):
                bare = _POSSESSIVE.sub("", word)
                tokens.append((match.start(), match.start() + len(bare), bare))
                break
            tokens.append((match.start(), match.end(), word))
        return tokens

    def _geonames_country(self, name: str, hints: tuple[str, ...]) -> str | None:
        """The country of the place GeoNames knows by ``name`` in a hinted country, or of
        100,000 people or more anywhere ("" when GeoNames names a country the gazetteer does
        not list); None when it knows no such place."""
        key = (name, hints)
        if key in self._looked_up:
            return self._looked_up[key]
        from timeline.geocode import default_geocoder

        geocoder = default_geocoder()
        result: str | None = None
        for hint in hints:
            code = self._code(hint)
            match = geocoder.lookup(name, hint) if code else None
            if match is not None and match.country_code == code:
                result = hint
                break
        if result is None:
            match = geocoder.lookup(name)
            if match is not None and (match.population or 0) >= LARGE_PLACE:
                result = self._country_named(match.country_code) or ""
        self._looked_up[key] = result
        return result

    def _code(self, country: str) -> str | None:
        if country not in self._codes:
            from timeline.geocode import default_geocoder

            self._codes[country] = default_geocoder().country_code(country)
        return self._codes[country]

    def _country_named(self, code: str) -> str | None:
        """The gazetteer's name of the country with ISO code ``code``."""
        if self._countries_by_code is None:
            self._countries_by_code = {}
            for country in self.gazetteer.countries:
                iso = self._code(country)
                if iso is not None:
                    self._countries_by_code.setdefault(iso, country)
        return self._countries_by_code.get(code)


class _Document:
    """What the place rules look at in one document."""

    def __init__(self, text: str, known: Sequence[tuple[int, int]], hints: tuple[str, ...]) -> None:
        self.text = text
        self.hints = hints
        self._starts = [s for s, _ in known]
        self._ends = [e for _, e in known]
        self._start_set = set(self._starts)
        # The furthest end among spans starting at or before each index (spans may nest).
        self._reach: list[int] = []
        furthest = -1
        for end in self._ends:
            furthest = max(furthest, end)
            self._reach.append(furthest)
        self._lower_words: set[str] | None = None
        # Names after a corroborating trigger that GeoNames could not confirm, with their spans.
        self.unconfirmed: dict[str, list[tuple[int, int]]] = {}

    def inside_known(self, pos: int) -> bool:
        return self.known_end(pos) is not None

    def known_end(self, pos: int) -> int | None:
        """The end of the furthest-reaching known span that covers ``pos``, or None."""
        i = bisect_right(self._starts, pos)
        return self._reach[i - 1] if i > 0 and self._reach[i - 1] > pos else None

    def starts_known(self, pos: int) -> bool:
        return pos in self._start_set

    def written_in_lower_case(self, word: str) -> bool:
        """Whether the text also has ``word`` in lower case: a common word, not a name."""
        if self._lower_words is None:  # once per document, when first asked
            self._lower_words = set(_LOWER_WORD.findall(self.text))
        return word.lower() in self._lower_words
