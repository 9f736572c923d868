"""Casualty figures: a number with an outcome, and whose it is.

`find_casualties` reads a number (digits, "3,006", "2 million", number words, or vague
quantities) with an outcome, as ACLED and UCDP coders count them. The conventions are told in
`timeline.entities` (the package docstring); the words (hedges, vague quantities, group nouns,
outcomes...) are in ``timeline/data/casualties.toml``, whose ``[[examples]]`` are run by
``tests/test_casualties.py``.

A number is read, in this order, from:

1. the words after it: "105 Armenian servicemen had been killed", "50 dead", "three of its
   staff were killed", "53 prisoners of war from Mariupol were killed", "15 people, mostly
   women, were killed" (not "20 soldiers killed 3 civilians": the soldiers did the killing);
2. a taking verb before it and a prisoner word after it: "took 30 soldiers prisoner";
3. the words before it: "killing 30,000", "claimed the lives of 7,000 people", "caused the
   death of 26 Armenians", "the death toll rose to 40", "put the toll at 65";
4. the figure it qualifies: "3,006 dead including 100 civilians";
5. the figure it is listed with: "killed 170 Palestinians and six Israelis" (the figure before),
   "20 government fighters and 19 rebels were killed" (the figure after).

Ranges ("between 485 and 613", "10-15", "from 30 to 40", "dozens to hundreds") count their
lower bound, approximately, with ``low``/``high``; "the toll rose from 12 to 40" is 40. A toll
put by another source in the same sentence ("killed 40 people, the ministry said; activists put
the toll at 65") is a competing estimate: both figures are kept, each with the bounds of both
(low 40, high 65). ``side`` is the group as the text names it ("Palestinians", "Israeli
soldiers", "civilians"; none for "people"), ``who`` the country when evident, else the group.

Every pattern is linear on hostile input: whitespace is matched atomically (`_WS`), windows
are bounded, and the searches that look back are only run when the word before the number can
end them.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from timeline.entities.lexicon import (
    AUXILIARIES,
    GENERIC_NOUNS,
    GROUP_NOUNS,
    GROUP_PHRASES,
    HEDGES,
    LIVES_VERBS,
    LOSS_VERBS,
    MILITARY_NOUNS,
    NAMED_VICTIM_VERBS,
    NOT_MODIFIERS,
    OUTCOMES,
    OWN_RANKS,
    REPORT_VERBS,
    SCALES,
    TOLL_LINKS,
    VAGUE,
    VERB_GROUPS,
    VERB_OUTCOMES,
    table,
    word_list,
)
from timeline.entities.names import UP
from timeline.entities.names import key as _key
from timeline.gazetteer import Gazetteer, load_gazetteer, normalize
from timeline.models import Casualty
from timeline.text import NUMBER_WORDS, WS, alternation, trie_pattern

__all__ = ["find_casualties"]

# ── word lists read here (casualties.toml) ──

CHANGE_VERBS: frozenset[str] = frozenset(word_list("casualties", "change_verbs"))
ESTIMATE_VERBS: tuple[str, ...] = word_list("casualties", "estimate_verbs")
TAKE_VERBS: frozenset[str] = frozenset(word_list("casualties", "take_verbs"))
NAME_NOUNS: frozenset[str] = frozenset(word_list("casualties", "name_nouns"))
NOT_PEOPLE: tuple[str, ...] = word_list("casualties", "not_people")
MONTHS: frozenset[str] = frozenset(word_list("casualties", "months"))
TIME_WORDS: frozenset[str] = frozenset(word_list("casualties", "time_words"))
PRISONER_WORDS: dict[str, str] = table("casualties")["prisoner_words"]
NOUN_OUTCOMES: dict[str, str] = table("casualties")["noun_outcomes"]
NOUN_PREPOSITIONS: tuple[str, ...] = word_list("casualties", "noun_prepositions")
SINGULAR_NOUNS: tuple[str, ...] = word_list("casualties", "singular_nouns")
SINGULAR_DETERMINERS: tuple[str, ...] = word_list("casualties", "singular_determiners")
SINGULAR_OUTCOMES: tuple[str, ...] = word_list("casualties", "singular_outcomes")

# Whitespace inside a paragraph, matched atomically: a run of spaces is taken whole, never
# split (`timeline.text.WS` may split a run in several ways, which is quadratic or worse when
# two of them follow each other). At most one newline: never across a blank line.
_WS = r"(?=\s)(?>[^\S\n]*\n?[^\S\n]*)"
_SP = r"[^\S\n]++"  # spaces and tabs on one line
_SP0 = r"[^\S\n]*+"


def _either(phrases: Iterable[str], space: str = _WS) -> str:
    """Words and phrases as one alternation, in the order written; a space matches ``space``."""
    return "|".join(re.escape(p).replace(r"\ ", space) for p in phrases)


def _atomic(pattern: str) -> str:
    """A pattern built with `timeline.text.WS`, with atomic whitespace instead."""
    return pattern.replace(WS, _WS)


def _cased(words: Iterable[str]) -> list[tuple[str, bool]]:
    """Words as written and sentence-initial ("Two", "Dozens"), for a case-sensitive trie.

    Case-sensitive tries scan about twice as fast as case-insensitive alternations.
    """
    return [(v, False) for w in words for v in (w, w[0].upper() + w[1:])]


def _last_words(phrases: Iterable[str]) -> frozenset[str]:
    """The last word of each phrase, lower-cased: a look-back pattern can only end there."""
    return frozenset(p.split()[-1].lower() for p in phrases)


_APPROX = rf"(?:{_either(HEDGES)})"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_APPROX_BEFORE = re.compile(rf"(?<![\w-])(?i:{_APPROX}){_WS}$")
_HEDGE_AT = re.compile(rf"(?i:{_APPROX}){_WS}")

_WORD_TRIE = _atomic(trie_pattern(_cased(NUMBER_WORDS)))
_VAGUE_TRIE = _atomic(trie_pattern(_cased(VAGUE)))
_SCALE_WORDS = "|".join(SCALES)
# Digits take the scales of a hundred and more: "2 million", not "2 dozen".
_DIGIT_SCALES = "|".join(w for w, n in SCALES.items() if n >= 100)
_NUMBER = re.compile(
    r"(?<![\w.,:/$€£#\-–])"
    r"(?:"
    rf"(?P<digits>{_DIGITS})(?:{_SP0}(?:-|–|to){_SP0}(?P<upper>{_DIGITS}))?"
    rf"(?:{_SP}(?P<scale>{_DIGIT_SCALES}))?"
    rf"|(?P<vague>{_VAGUE_TRIE})(?:{_WS}of)?"
    rf"|(?P<words>(?:(?:{trie_pattern(_cased(['a', 'an', 'several', 'a few']))})"
    rf"(?=[^\S\n]+(?:{_SCALE_WORDS}))|{_WORD_TRIE})"
    # "and" only after a scale word ("two hundred and fifty"): "between six and nine" is a
    # range, never fifteen.
    rf"(?:(?:{_SP}|-){_WORD_TRIE}"
    rf"|{_SP}(?:{_SCALE_WORDS})(?:{_SP}and(?={_SP}(?:{_WORD_TRIE})(?!\w)))?)*)"
    r")(?![\w%])"
)
# A range's second number: "between 485 and 613", "from 30 to 40", "dozens to hundreds".
_RANGE_AND = re.compile(rf"{_SP}and{_SP}")
_RANGE_TO = re.compile(rf"{_SP0}(?:-|–|to(?=\s)){_SP0}")
# A unit or a month after a number: "105 km", "5%", "a 44-day war", "16 July" are no figures.
_UNIT_AFTER = re.compile(
    rf"{_SP}(?:{_either(sorted(MONTHS, key=len, reverse=True))})(?!\w)"
    rf"|{_SP0}-?+{_SP0}(?i:%|percent|per\s+cent|km|kilomet|mile|met(?:er|re)|kg|kilogram|ton"
    r"|year|month|week|day|hour|minute|second|decade|centur|dollar|euro|pound|ruble|rouble"
    r"|barrel|square|sq\b|mm\b|cm\b|ft\b|feet|foot|acre|hectare|times\b|a\.m|p\.m|am\b|pm\b"
    r"|GMT|UTC|degree|°)"
)
_YEAR_BEFORE = re.compile(
    r"\b(?:in|since|until|till|by|from|of|during|before|after|early|late|mid|and|to|the|year"
    r"|between|spring|summer|autumn|fall|winter|January|February|March|April|May|June|July"
    r"|August|September|October|November|December)[^\S\n]*+,?[^\S\n]*+$",
    re.IGNORECASE,
)
# The word before an offset, read backwards: whitespace, then the word (a period may end it).
_WORD_BEFORE = re.compile(r"(?P<ws>(?=\s)(?>[^\S\n]*\n?[^\S\n]*))\.?(?P<word>[\w'’-]+)")

_AUX = rf"(?:{_either(AUXILIARIES)})"
_NOT_MODIFIER = rf"(?:{_AUX}|{_either(NOT_MODIFIERS)})(?!\w)"
_MODIFIER = rf"(?!{_NOT_MODIFIER})[A-Za-z][\w'’-]*+"
# (Phrases first: "police officers", not "police".)
_GROUP = rf"(?:{_either(GROUP_PHRASES)}|{alternation(GROUP_NOUNS)}|[{UP}][a-z]+s)"
_OUTCOME = alternation(OUTCOMES, space=_WS)
# "three of its staff", "30 of the soldiers", "two of them".
_PARTITIVE = (
    rf"(?P<part>{_WS}of{_WS}(?:them|whom|(?:the|its|their|our|his|her|these|those)(?=\s)))?"
)
# After a group noun: "prisoners of war from Mariupol", "people in the village".
_PP_WORD = rf"(?!(?:{_AUX}|{_OUTCOME}|and|or|but|which|whom|whose|where|when|while)(?!\w))[\w'’-]+"
_PREPOSITION = rf"(?:{_either(NOUN_PREPOSITIONS)})"
_NOUN_PP = (
    rf"(?:{_WS}{_PREPOSITION}(?:{_WS}{_PP_WORD}){{1,5}}?){{0,2}}?"
    # A name's acronym closing the phrase: "fighters of the Liberation Tigers of Tamil Eelam
    # (LTTE) were killed".
    r"(?:[^\S\n]*\([A-Z][A-Za-z0-9&.-]{0,11}\))?"
)
_PP_AFTER = re.compile(rf"(?:{_WS}{_PREPOSITION}(?:{_WS}{_PP_WORD}){{1,3}}){{0,2}}")
# After the number: "105 Armenian servicemen had been killed", "3,006 dead", "100 civilian
# deaths", "three of its staff were killed".
# "78 more died", "two other soldiers were killed": a figure added to one told before.
_MORE = rf"(?:{_WS}(?:more|other)(?!\w)(?!{_WS}than\b))?"
_RIGHT = re.compile(
    rf"{_PARTITIVE}{_MORE}"
    rf"(?:(?P<mods>(?:{_WS}{_MODIFIER}){{0,3}}?){_WS}(?P<noun>{_GROUP})(?!\w){_NOUN_PP}"
    rf"(?P<aside>{_SP0},[^,\n]{{1,60}}?,)?)?"
    rf"(?P<aux>(?:(?:{_SP0},)?{_WS}{_AUX}(?!\w))*)"
    rf"{_WS}(?P<out>{_OUTCOME})(?!\w)"
)
# After an outcome verb with no auxiliary: its object ("20 soldiers killed 3 civilians", "12
# soldiers captured the town"), so the number before it did the deed.
# (Not when that number has an outcome of its own: "3 killed 5 wounded".)
_OBJECT_AFTER = re.compile(
    rf"{_WS}(?:(?i:{_APPROX}){_WS})?(?P<num>{_NUMBER.pattern})"
    rf"|{_WS}(?P<det>the|a|an|its|their|his|her|our){_WS}(?P<next>[\w'’]+)"
)
_ARTICLE = re.compile(r"an?(?=\s)")  # "three soldiers and a civilian were killed"
_RELATIVE = re.compile(r"\b(?:who|that|which)\b|,")
_NOUN_AFTER = re.compile(
    rf"{_PARTITIVE}{_MORE}(?P<mods>(?:{_WS}{_MODIFIER}){{0,2}}?){_WS}(?P<noun>{_GROUP})(?!\w)"
)
# "two of them", "three of those": the people named before.
_OF_THEM = re.compile(rf"{_WS}of{_WS}(?:them|those)(?!\w)")
# A group noun and its modifiers, anywhere: the people "of them" counts.
_GROUP_ANYWHERE = re.compile(rf"(?P<mods>(?:{_MODIFIER}{_WS}){{0,2}}?)(?P<noun>{_GROUP})(?!\w)")


def _last_group(text: str, lo: int, hi: int) -> re.Match[str] | None:
    """The last group noun (with its modifiers) between ``lo`` and ``hi``."""
    last = None
    for match in _GROUP_ANYWHERE.finditer(text, max(lo, hi - 200), hi):
        last = match
    return last


_THING_AFTER = re.compile(rf"(?:{_WS}{_MODIFIER}){{0,2}}?{_WS}(?i:{_either(NOT_PEOPLE)})(?!\w)")
_AMONG_OWN = re.compile(
    rf"{_WS}among{_WS}(?:its|their){_WS}(?:own{_WS})?(?:{_either(OWN_RANKS)})(?!\w)"
)
# Before the number: "killing 30,000", "claimed the lives of nearly 7,000 people", "caused the
# death of 26 Armenians", "the death toll rose to 40", "activists put the toll at 65".
# "the number of soldiers killed at 17", "the number of dead rose to 40" are tolls too.
_TOLL = (
    rf"(?:(?:(?:death|casualty){_WS})?toll"
    rf"|number{_WS}of{_WS}(?:[\w-]+{_WS}){{0,2}}?(?:killed|dead|deaths|fatalities|casualties))"
)
# (A verb right before the number, "killing 30,000", is read from the word before it.)
_LEFT = re.compile(
    rf"(?<![\w-])(?:(?P<lives>(?:{_either(LIVES_VERBS)})(?:{_WS}the)?{_WS}lives{_WS}of)"
    rf"|(?P<estimate>(?:{_either(ESTIMATE_VERBS)})(?:{_WS}(?:the|its|their|a|an))?"
    rf"{_WS}{_TOLL}{_WS}(?:at|as))"
    # "the death toll from last week's attack by rebels on the village of Tarvo has risen to"
    rf"|(?P<toll>{_TOLL}(?:{_WS}(?:from|of|in|after){_WS}[^,;.!?\n]{{1,100}}?)?"
    rf"(?:{_WS}[\w,.]+){{0,4}}?{_WS}(?:{_either((*TOLL_LINKS, *CHANGE_VERBS))}))"
    rf"|(?P<noun>(?:(?:the|a|an){_WS})?(?:{_either(NOUN_OUTCOMES)})))"
    rf"{_SP}$",
    re.IGNORECASE,
)
_LEFT_ENDS = _last_words(TOLL_LINKS) | CHANGE_VERBS | _last_words(NOUN_OUTCOMES) | {"of", "at"}
_HEDGE_ENDS = _last_words(HEDGES)
# The last words of the verbs of two words ("shot dead", "gunned down").
_VERB_PHRASE_ENDS = frozenset(v.split()[-1] for v in VERB_OUTCOMES if " " in v)
_PASSIVE = frozenset(("were", "was", "been", "be", "are", "is", "being"))
# "took 30 soldiers prisoner", "taking eight prisoner", "took 200 prisoners".
_TAKEN_AFTER = re.compile(
    rf"{_PARTITIVE}(?:(?P<mods>(?:{_WS}{_MODIFIER}){{0,2}}?){_WS}(?P<noun>{_GROUP})(?!\w))??"
    rf"{_WS}(?P<as>{alternation(PRISONER_WORDS, space=_WS)})(?!\w)"
)
# Words before a number from which it may be read (a hedge, a range, a verb, a toll...).
_LOOK_BACK = (
    _HEDGE_ENDS
    | _LEFT_ENDS
    | _last_words(VERB_OUTCOMES)
    | frozenset(LOSS_VERBS)
    | TAKE_VERBS
    | {"between", "from"}
)
_INCLUDING = re.compile(
    rf"(?:including|among{_WS}them|among{_WS}whom|of{_WS}whom|of{_WS}them|among{_WS}those"
    rf"|mostly|mainly|most{_WS}of{_WS}them){_SP0},?{_SP0}$",
    re.IGNORECASE,
)
# Between two figures of one list: "170 Palestinians and six Israelis", "12 soldiers, 3
# police and 2 civilians", "5 soldiers as well as 4 civilians".
_CONJ = rf"(?:and|as{_WS}well{_WS}as|plus)(?!\w)"
_LIST_GAP = re.compile(rf"(?:{_SP0},(?:{_WS}{_CONJ})?|{_WS}{_CONJ}){_WS}")
_REPORTS = re.compile(rf"\b(?:{_either(REPORT_VERBS)})\b")
_SAID_AFTER = re.compile(rf"{_WS}(?:{_either(REPORT_VERBS)}|told|added|according)(?!\w)")
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])[.!?;][\"”’)\]]*\s+|\n\s*\n")
# A competing estimate may follow a semicolon: only a full stop ends its sentence.
_FULL_STOP = re.compile(r"(?<!\b[A-Z])[.!?][\"”’)\]]*\s+|\n\s*\n")
_BACK = 400  # how far back a sentence's start is looked for
_LIST_DEPTH = 4  # how many figures of a list are looked through for their outcome


@lru_cache(maxsize=8)
def _country_finder(gazetteer: Gazetteer) -> tuple[re.Pattern[str], dict[str, str]]:
    """A regex over every word that names a country, and its map to the country."""
    words: dict[str, str] = {}
    for name, entry in gazetteer.countries.items():
        for word in (name, *entry.aliases, *gazetteer.demonyms(name), *entry.metonyms):
            words.setdefault(_key(word), name)
        if entry.capital:
            words.setdefault(_key(entry.capital), name)
    pattern = re.compile(rf"(?<!\w)(?:{_atomic(trie_pattern((w, False) for w in words))})(?!\w)")
    return pattern, words


# ─────────────────────────────────────────── numbers ───────────────────────────────────────────


class _Number(NamedTuple):
    """What a number match stands for: its value (a range's lower bound), its upper bound, and
    its scale word ("2 million")."""

    value: int
    vague: bool
    upper: int | None
    scale: int | None


def _decimal(digits: str) -> int | Decimal:
    """Digits as a number: "3,006" → 3006, "6.8" → Decimal("6.8")."""
    digits = digits.replace(",", "")
    return int(digits) if digits.isdigit() else Decimal(digits)


def _number(match: re.Match[str]) -> _Number | None:
    """The number a match stands for."""
    if match["digits"]:
        scale = SCALES[match["scale"].lower()] if match["scale"] else None
        try:
            value = _decimal(match["digits"])
            upper = _decimal(match["upper"]) if match["upper"] else None
        except InvalidOperation:  # pragma: no cover - the regex only admits digits
            return None
        if scale:
            value *= scale
            upper = upper * scale if upper is not None else None
        return _Number(int(value), False, int(upper) if upper is not None else None, scale)
    if match["vague"]:
        return _Number(VAGUE[" ".join(match["vague"].lower().split())], True, None, None)
    words = re.findall(r"[a-z]+", match["words"].lower())
    total = current = 0
    vague = False
    scale = None
    for word in words:
        if word in ("a", "an"):
            current = 1
        elif word in ("several", "few"):
            current, vague = 3, True
        elif word in NUMBER_WORDS:
            current += NUMBER_WORDS[word]
        elif word in ("dozen", "hundred"):
            current = max(current, 1) * SCALES[word]
            vague = vague or word == "dozen"
            scale = SCALES[word]
        elif word in SCALES:
            total += max(current, 1) * SCALES[word]
            current = 0
            scale = SCALES[word]
    return _Number(total + current, vague, None, scale)


def _word_before(text: str, pos: int, floor: int) -> tuple[str, int]:
    """The word before ``pos`` (lower-cased, "" if none) and where it starts.

    Read on the reversed text, so that finding it costs the word's length, not a search.
    """
    lo = max(floor, pos - 40)
    match = _WORD_BEFORE.match(text[lo:pos][::-1])
    if match is None:
        return "", pos
    return match["word"][::-1].lower(), pos - match.end()


# ─────────────────────────────────────────── reading ───────────────────────────────────────────


@dataclass(slots=True)
class _Found:
    """A figure being read; becomes a `Casualty`."""

    count: int
    approximate: bool
    outcome: str
    who: str | None
    side: str | None
    start: int
    end: int
    low: int | None = None
    high: int | None = None
    how: str = "right"  # right, take, left, estimate, included, list
    number_end: int = 0  # where its number (a range's second number) ends


class _Figure(NamedTuple):
    """Where a number is: from its hedge or range word ("nearly", "between") to its end."""

    start: int
    end: int
    stop: int  # do not read past this offset
    sentence_start: int


# outcome, who, side, span start, span end, how
_Reading = tuple[str, str | None, str | None, int, int, str]


class _Document:
    """The stretch of text being read, with what every figure looks up: sentence starts and
    report verbs, found once (looking them up per figure was quadratic in the sentence)."""

    def __init__(self, text: str, start: int, stop: int, gazetteer: Gazetteer) -> None:
        self.text = text
        self.start = start
        self.stop = stop
        self.gazetteer = gazetteer
        self._ends = [m.end() for m in _SENTENCE_END.finditer(text, start, stop)]
        self._full_stops: list[int] | None = None
        self._reports = [m.start() for m in _REPORTS.finditer(text, start, stop)]

    def sentence_start(self, pos: int, full_stop: bool = False) -> int:
        if full_stop:
            if self._full_stops is None:
                found = _FULL_STOP.finditer(self.text, self.start, self.stop)
                self._full_stops = [m.end() for m in found]
            ends = self._full_stops
        else:
            ends = self._ends
        i = bisect_right(ends, pos)
        return max(self.start, pos - _BACK, ends[i - 1] if i else self.start)

    def reporter(self, sentence_start: int, pos: int) -> str | None:
        """The country that reports a figure: "Azerbaijan reported 50 dead" → Azerbaijan."""
        i = bisect_right(self._reports, pos - 1)
        if not i or self._reports[i - 1] < sentence_start:
            return None
        verb = self._reports[i - 1]
        finder, words = _country_finder(self.gazetteer)
        countries = list(finder.finditer(self.text, max(sentence_start, verb - 60), verb))
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
    if noun and noun[:1].isupper() and noun.lower() not in GROUP_NOUNS:
        return gazetteer.country_of(noun) or noun
    if own_troops or not noun:
        return reporter
    noun = normalize(noun).lower()
    if noun in MILITARY_NOUNS and reporter:
        return reporter
    if noun in GENERIC_NOUNS:
        return None
    if (mods or "").lower().split()[-1:] == ["civilian"] or noun == "civilian":
        return "civilians"
    return noun


def _side(mods: str | None, noun: str | None, gazetteer: Gazetteer) -> str | None:
    """The group as the text names it: "Palestinians", "Israeli soldiers", "civilians"."""
    if not noun:
        return None
    words = [*(mods or "").split(), *noun.split()]
    if noun == "civilian" or words[-2:-1] == ["civilian"]:
        return "civilians"  # "100 civilian deaths"
    if normalize(noun).lower() in GENERIC_NOUNS and not any(
        w[:1].isupper() and gazetteer.country_of(w) for w in words[:-1]
    ):
        return None  # "40 people"; but "Palestinian people"
    return " ".join(words)


def find_casualties(
    text: str, start: int = 0, end: int | None = None, gazetteer: Gazetteer | None = None
) -> list[Casualty]:
    """Casualty figures in ``text[start:end]``; their offsets point into ``text``.

    ``gazetteer`` (default: the built-in one) tells demonyms and country names apart.
    """
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    stop = len(text) if end is None else max(0, min(end, len(text)))
    start = max(0, min(start, stop))
    doc = _Document(text, start, stop, gaz)
    found: list[_Found] = []
    resume = start  # a range's second number is not read again
    for match in _NUMBER.finditer(text, start, stop):
        if match.start() < resume:
            continue
        figure = _read_number(doc, match, found)
        if figure is not None:
            found.append(figure)
            resume = figure.number_end
    _competing_estimates(doc, found)
    _shared_group(text, found)
    found += _singulars(doc, found)
    found.sort(key=lambda f: f.start)
    return [
        Casualty(
            count=f.count,
            approximate=f.approximate,
            who=f.who,
            side=f.side,
            outcome=f.outcome,
            text=text[f.start : f.end],
            start=f.start,
            end=f.end,
            low=f.low,
            high=f.high,
        )
        for f in found
    ]


# Determiners a verb's figure may stand after ("killed the 32 attackers").
_NUMBER_DETERMINERS = frozenset(word_list("casualties", "number_determiners"))
_DEATH_VERBS = frozenset(word_list("casualties", "death_verbs"))
_RETURNED = re.compile(
    rf"(?i)(?<!\w)(?:{alternation(word_list('casualties', 'returned_before'))})(?:{_WS}\S+)?{_WS}$"
)
_TO_DEATH = re.compile(rf"{_WS}to{_WS}death(?!\w)")

# Between two figures of one group: "killing two of them and wounding five".
_JOINED = re.compile(rf"[^\S\n]*(?:,[^\S\n]*)?(?:and|while){_WS}$")


def _shared_group(text: str, found: list[_Found]) -> None:
    """A figure read from a verb with no people of its own, right after another figure joined
    to it by "and" ("killing two of them and wounding five"), counts the same people."""
    for before, after in itertools.pairwise(sorted(found, key=lambda f: f.start)):
        if (
            after.who is None
            and after.side is None
            and after.how == "left"
            and before.who is not None
            and before.end <= after.start
            and _JOINED.search(text, before.end, after.start)
        ):
            after.who, after.side = before.who, before.side


# One person with an outcome: "their driver was killed", "a soldier died", "the commander was
# badly wounded". A verb's participle needs its passive auxiliary ("a soldier killed two
# civilians" is the soldier killing); "died" and "perished" need none.
_SINGULAR = re.compile(
    rf"(?<![\w'’-])(?P<det>(?i:{_either(SINGULAR_DETERMINERS)})){_SP}"
    rf"(?:(?P<mods>(?:(?!{_NOT_MODIFIER}){_MODIFIER}{_SP}){{0,2}}?))"
    rf"(?P<noun>{_either(SINGULAR_NOUNS, space=_SP)}){_SP}"
    rf"(?:(?P<aux>(?:was|is|has{_SP}been|had{_SP}been|got)(?:{_SP}(?:reportedly|also|later"
    rf"|allegedly|seriously|severely|critically|badly|gravely|fatally|mortally|lightly"
    rf"|slightly|found)){{0,2}}){_SP})?"
    rf"(?P<out>{_either(SINGULAR_OUTCOMES, space=_SP)})(?![\w'’-])"
)
# Where a subject can start: the sentence's start, a punctuation mark, or a conjunction
# ("two journalists were wounded and their driver was killed"); not right after a verb ("who
# killed the soldier was arrested": the soldier is an object).
_SUBJECT_BEFORE = re.compile(
    r"(?:^|[,;:(\"“]|(?<![\w'’-])(?:and|but|while|when|after|as|that|then|where|whereas|before"
    r"|because|although|though|while))\s*$",
    re.IGNORECASE,
)
_NO_AUX_OUTCOMES = frozenset(("died", "perished", "dead", "missing"))
# One person named after a verb of harm: "killing Russian journalist Oksana Baulina".
_NAMED_VICTIM = re.compile(
    rf"(?<![\w'’-])(?P<verb>(?i:{_either(NAMED_VICTIM_VERBS)})){_SP}(?:(?:the|a|an){_SP})?"
    rf"(?P<mods>(?:(?!{_NOT_MODIFIER}){_MODIFIER}{_SP}){{0,2}}?)"
    rf"(?P<noun>{_either(SINGULAR_NOUNS, space=_SP)}){_SP}"
    rf"(?P<name>[{UP}][\w'’-]+(?:{_SP}[{UP}][\w'’-]+){{1,2}})(?![\w'’-])"
)


def _singulars(doc: _Document, found: list[_Found]) -> list[_Found]:
    """Figures of one person (see `_SINGULAR`) where no number was read."""
    text, start, stop = doc.text, doc.start, doc.stop
    taken = [(f.start, f.end) for f in found]
    out: list[_Found] = []
    for match in _SINGULAR.finditer(text, start, stop):
        out_word = " ".join(match["out"].lower().split())
        if not match["aux"] and out_word not in _NO_AUX_OUTCOMES:
            continue
        if match["aux"] and out_word in ("died", "perished"):
            continue
        sentence_start = doc.sentence_start(match.start())
        if not _SUBJECT_BEFORE.search(
            text[max(sentence_start, match.start() - 40) : match.start()]
        ):
            continue
        if any(a < match.end() and match.start() < b for a, b in taken):
            continue
        noun = match["noun"].lower()
        mods = match["mods"].strip() or None
        who = _who(mods, noun, False, None, doc.gazetteer)
        side = _side(mods, noun, doc.gazetteer)
        s, e = match.start(), match.end()
        out.append(_Found(1, False, OUTCOMES[out_word], who, side, s, e, None, None, "one", e))
        taken.append((s, e))
    for match in _NAMED_VICTIM.finditer(text, start, stop):
        s, e = match.start(), match.end()
        if any(a < e and s < b for a, b in taken):
            continue
        noun = match["noun"].lower()
        mods = match["mods"].strip() or None
        outcome = NAMED_VICTIM_VERBS[" ".join(match["verb"].lower().split())]
        who = _who(mods, noun, False, None, doc.gazetteer)
        side = _side(mods, noun, doc.gazetteer)
        out.append(_Found(1, False, outcome, who, side, s, e, None, None, "one", e))
        taken.append((s, e))
    return out


def _read_number(doc: _Document, match: re.Match[str], found: list[_Found]) -> _Found | None:
    """The figure a number match gives, if any."""
    text, start, stop = doc.text, doc.start, doc.stop
    num_start, num_end = match.span()
    before, before_start = _word_before(text, num_start, start)
    after = text[num_end : num_end + 2]
    if not (
        (after[:1].isspace() and not after[1:].isdigit())
        or after[:1] == ","
        or before in _LOOK_BACK
        or (found and num_start - 60 <= found[-1].end and text[found[-1].end : num_start].strip())
    ):
        return None  # nothing to read it from ("1 2 3"): skip the rest
    number = _number(match)
    if number is None:
        return None
    if not after[1:].isdigit() and _UNIT_AFTER.match(text, num_end, stop):
        return None
    digits = match["digits"]
    if (
        digits
        and not match["scale"]
        and len(digits) == 4
        and digits[:2] in ("18", "19", "20")
        and _YEAR_BEFORE.search(text, max(start, num_start - 30), num_start)
    ):
        return None
    if before in NAME_NOUNS or text[before_start:num_start].strip(" \t\n.") in MONTHS:
        return None  # "Resolution 2254", "March 23"
    if (match["words"] or "").lower() == "one" and before in (
        "no", "any", "every", "some", "each", "the", "this", "that",
    ):  # fmt: skip
        return None  # "no one was killed"
    hedge = None
    if before in _HEDGE_ENDS:
        hedge = _APPROX_BEFORE.search(text, max(start, num_start - 24), num_start)
    first = hedge.start() if hedge else num_start  # the figure's text starts at its hedge
    if hedge:
        before, before_start = _word_before(text, first, start)

    # A range: "between 485 and 613", "from 30 to 40", "10-15", "dozens to hundreds".
    value, approximate = number.value, number.vague or hedge is not None
    low = high = None
    end = num_end
    upper: _Number | None = None
    if number.upper is not None:
        upper = _Number(number.upper, False, None, number.scale)
    elif before in ("between", "from"):
        join = (_RANGE_AND if before == "between" else _RANGE_TO).match(text, num_end, stop)
        second = _NUMBER.match(text, join.end(), stop) if join else None
        upper = _number(second) if second else None
        if second is not None and upper is not None:
            end = second.end()
            if _UNIT_AFTER.match(text, end, stop):
                return None  # "between 10 and 15 km", "between 12 and 16 July"
    elif number.vague:
        join = _RANGE_TO.match(text, num_end, stop)
        second = _NUMBER.match(text, join.end(), stop) if join else None
        upper = _number(second) if second else None
        if second is not None and upper is not None and upper.vague:
            end = second.end()
        else:
            upper = None
    if upper is not None:
        if upper.scale and not number.scale and value * upper.scale <= upper.value:
            value *= upper.scale  # "between 1 and 2 million"
        if before == "from" and _word_before(text, before_start, start)[0] in CHANGE_VERBS:
            value = upper.value  # "the toll rose from 12 to 40" is 40
            first = before_start
        else:
            low, high = sorted((value, upper.value))
            value, approximate = low, True
            if before in ("between", "from"):
                first = before_start
        if first == before_start:
            before, before_start = _word_before(text, first, start)

    figure = _Figure(first, end, stop, doc.sentence_start(first))
    # The words after the number: none when another number follows ("1 2 3").
    after = text[end : end + 2]
    words_after = (after[:1].isspace() and not after[1:].isdigit()) or after[:1] == ","
    reading = (
        (words_after and _right(doc, figure))
        or (words_after and _taken(doc, figure, before, before_start))
        or (words_after and _prisoners_taken(doc, figure))
        or _left(doc, figure, before, before_start)
        or _included(doc, figure, found)
        or _listed_after(doc, figure, found)
        or (words_after and _listed_before(doc, figure))
        or None
    )
    if reading is None:
        return None
    outcome, who, side, span_start, span_end, how = reading
    return _Found(value, approximate, outcome, who, side, span_start, span_end, low, high, how, end)


def _right(doc: _Document, figure: _Figure, need_noun: bool = False) -> _Reading | None:
    """The outcome after the number: "105 Armenian servicemen had been killed", "50 dead"."""
    text = doc.text
    match = _RIGHT.match(text, figure.end, figure.stop)
    if match is None or (need_noun and not match["noun"]):
        return None
    if (match["part"] or match["aside"]) and not match["aux"]:
        return None  # "killing 13 of the wounded", "one of the rebels killed was"
    word = match["out"]
    active = not _RELATIVE.sub("", match["aux"]).strip()  # no auxiliary, or "who", "that"
    if active and " ".join(word.lower().split()) in VERB_OUTCOMES:
        obj = _OBJECT_AFTER.match(text, match.end(), figure.stop)
        if obj and (
            obj["next"].lower() not in TIME_WORDS
            if obj["det"]
            else not _own_outcome(text, obj.end("num"), figure.stop)
        ):
            return None  # "20 soldiers killed 3 civilians": the soldiers killed
    outcome = OUTCOMES[normalize(word)]
    own = _AMONG_OWN.match(text, match.end(), figure.stop)
    reporter = doc.reporter(figure.sentence_start, figure.start)
    who = _who(match["mods"], match["noun"], own is not None, reporter, doc.gazetteer)
    side = _side(match["mods"], match["noun"], doc.gazetteer)
    return outcome, who, side, figure.start, match.end(), "right"


def _prisoners_taken(doc: _Document, figure: _Figure) -> _Reading | None:
    """Prisoners counted as taken: "2,439 prisoners had been taken at Azovstal" (a taking is
    no outcome of other people: "50 soldiers were taken to hospital")."""
    match = _PRISONERS_TAKEN.match(doc.text, figure.end, figure.stop)
    if match is None:
        return None
    outcome = PRISONER_WORDS[" ".join(match["noun"].lower().split())]
    return outcome, None, None, figure.start, match.end(), "right"


# "2,439 prisoners had been taken": a noun of [prisoner_words], an auxiliary, "taken".
_PRISONERS_TAKEN = re.compile(
    rf"{_WS}(?P<noun>{alternation(PRISONER_WORDS, space=_WS)})(?!\w)"
    rf"(?:{_WS}{_AUX}(?!\w))+{_WS}taken(?!\w)(?!{_WS}(?:to|into|from|away|out|back)\b)",
    re.IGNORECASE,
)


# "a family of" right before a figure (casualties.toml [verb_groups]).
_VERB_GROUP = re.compile(rf"(?i)(?<!\w)(?:{alternation(VERB_GROUPS, space=_WS)}){_WS}$")


def _own_outcome(text: str, pos: int, stop: int) -> bool:
    """Whether the number ending at ``pos`` has its own outcome: "3 killed 5 wounded"."""
    match = _RIGHT.match(text, pos, stop)
    return match is not None and not match["noun"] and not match["aux"]


def _taken(doc: _Document, figure: _Figure, before: str, before_start: int) -> _Reading | None:
    """Prisoners taken: "took 30 soldiers prisoner", "taking eight prisoner"."""
    if before not in TAKE_VERBS or before_start < figure.sentence_start:
        return None
    match = _TAKEN_AFTER.match(doc.text, figure.end, figure.stop)
    if match is None:
        return None
    outcome = PRISONER_WORDS[" ".join(match["as"].lower().split())]
    who = _who(match["mods"], match["noun"], False, None, doc.gazetteer)
    side = _side(match["mods"], match["noun"], doc.gazetteer)
    return outcome, who, side, before_start, match.end(), "take"


def _left(doc: _Document, figure: _Figure, before: str, before_start: int) -> _Reading | None:
    """The outcome before the number: "killing 30,000", "claimed the lives of 7,000 people"."""
    text = doc.text
    how = "left"
    if before_start < figure.sentence_start:
        return None  # "were injured. At least 300 ..."
    group = _VERB_GROUP.search(text, max(figure.sentence_start, before_start - 30), figure.start)
    if group is not None:  # "killed a family of five": the verb before the group
        before, before_start = _word_before(text, group.start(), figure.sentence_start)
    elif before in _NUMBER_DETERMINERS and _NOUN_AFTER.match(text, figure.end, figure.stop):
        # "killed the 32 attackers", "shot dead its eight passengers": the verb before the
        # determiner, when people follow the number.
        before, before_start = _word_before(text, before_start, figure.sentence_start)
    if before not in VERB_OUTCOMES and before in _VERB_PHRASE_ENDS:
        # "shot dead 12 protesters", "gunned down two guards": a verb of two words
        first, first_start = _word_before(text, before_start, figure.sentence_start)
        if f"{first} {before}" in VERB_OUTCOMES:
            before, before_start = f"{first} {before}", first_start
    if before in VERB_OUTCOMES:
        if _word_before(text, before_start, figure.sentence_start)[0] in _PASSIVE:
            return None  # "were killed 20 km away" is not "killed 20"
        outcome = VERB_OUTCOMES[before]
        span_start = before_start
    elif before in LOSS_VERBS:
        people = _NOUN_AFTER.match(text, figure.end, figure.stop)
        if people is None or _THING_AFTER.match(text, figure.end, figure.stop):
            return None  # "lost 20 tanks", "lost 500 jobs"
        outcome = LOSS_VERBS[before]
        span_start = before_start
    elif before in _LEFT_ENDS:  # else no pattern of _LEFT can end here: skip the search
        window = max(figure.sentence_start, figure.start - 80)
        match = _LEFT.search(text, window, figure.start)
        if match is None:
            return None
        if match["noun"]:
            phrase = re.sub(r"^(?:the|an?)\s+", "", " ".join(match["noun"].lower().split()))
            outcome = NOUN_OUTCOMES[phrase]
            if phrase.startswith("bodies") and _RETURNED.search(
                text, max(figure.sentence_start, match.start() - 40), match.start()
            ):
                return None  # "Russia returned the bodies of 220 soldiers"
        else:
            outcome = "killed"
            how = "estimate" if match["estimate"] else how
        span_start = match.start()
    elif before in _DEATH_VERBS and (
        (people := _NOUN_AFTER.match(text, figure.end, figure.stop))
        and _TO_DEATH.match(text, people.end(), figure.stop)
    ):
        outcome = "killed"  # "beat two men to death"
        span_start = before_start
    else:
        return None
    noun = _NOUN_AFTER.match(text, figure.end, figure.stop)
    if noun is None and _THING_AFTER.match(text, figure.end, figure.stop):
        return None  # "captured 12 tanks"
    if noun is None and _OF_THEM.match(text, figure.end, figure.stop):
        # "a bomb struck a van carrying Frontier Corps soldiers, killing two of them": the
        # people the sentence named last before the figure.
        noun = _last_group(text, figure.sentence_start, before_start)
    end = noun.end() if noun else figure.end
    who = _who(noun["mods"], noun["noun"], False, None, doc.gazetteer) if noun else None
    side = _side(noun["mods"], noun["noun"], doc.gazetteer) if noun else None
    return outcome, who, side, span_start, end, how


def _noun_reading(
    doc: _Document, figure: _Figure, outcome: str, how: str, require_noun: bool
) -> _Reading | None:
    noun = _NOUN_AFTER.match(doc.text, figure.end, figure.stop)
    if noun is None and require_noun:
        return None
    end = noun.end() if noun else figure.end
    who = _who(noun["mods"], noun["noun"], False, None, doc.gazetteer) if noun else None
    side = _side(noun["mods"], noun["noun"], doc.gazetteer) if noun else None
    return outcome, who, side, figure.start, end, how


def _included(doc: _Document, figure: _Figure, found: list[_Found]) -> _Reading | None:
    """A figure "including 100 civilians" shares the outcome of the figure it qualifies."""
    if not found:
        return None
    previous = found[-1]
    if previous.end < max(figure.sentence_start, figure.start - 60):
        return None
    if figure.start - previous.end < 6:
        return None  # too short for "mostly", the shortest word that qualifies
    if previous.end > figure.start or not _INCLUDING.search(doc.text, previous.end, figure.start):
        return None
    return _noun_reading(doc, figure, previous.outcome, "included", require_noun=False)


def _listed_after(doc: _Document, figure: _Figure, found: list[_Found]) -> _Reading | None:
    """A figure listed after another shares its outcome: "killed 170 Palestinians and six
    Israelis", "killed 12 soldiers, three police and two civilians"."""
    if not found:
        return None
    previous = found[-1]
    if not figure.start - 30 <= previous.end < figure.start:
        return None
    between = doc.text[previous.end : figure.start]
    if "," not in between and "and" not in between and "plus" not in between:
        return None
    gap = _LIST_GAP.match(doc.text, previous.end, figure.start)
    if gap is None or gap.end() != figure.start:
        return None
    reading = _noun_reading(doc, figure, previous.outcome, "list", require_noun=True)
    if reading is None or _SAID_AFTER.match(doc.text, reading[4], figure.stop):
        return None  # "killed 14 people, two residents said"
    return reading


def _listed_before(doc: _Document, figure: _Figure) -> _Reading | None:
    """A figure listed before one read from the words after it shares its outcome: "20
    government fighters and 19 rebels were killed"."""
    reading = _noun_reading(doc, figure, "", "list", require_noun=True)
    if reading is None:
        return None
    text, stop = doc.text, figure.stop
    pos = reading[4]
    for _ in range(_LIST_DEPTH):
        pos = _PP_AFTER.match(text, pos, stop).end()  # "12 soldiers from the brigade and ..."
        gap = _LIST_GAP.match(text, pos, stop)
        if gap is None:
            return None
        hedge = _HEDGE_AT.match(text, gap.end(), stop)
        pos = hedge.end() if hedge else gap.end()
        following = _NUMBER.match(text, pos, stop) or _ARTICLE.match(text, pos, stop)
        if following is None or _UNIT_AFTER.match(text, following.end(), stop):
            return None
        nxt = _Figure(following.start(), following.end(), stop, figure.sentence_start)
        right = _right(doc, nxt, need_noun=True)  # not "5 officers and 40 wounded fighters"
        if right is not None:
            return (right[0], *reading[1:])
        listed = _noun_reading(doc, nxt, "", "list", require_noun=True)
        if listed is None:
            return None
        pos = listed[4]
    return None


def _competing_estimates(doc: _Document, found: list[_Found]) -> None:
    """A toll put by another source ("activists put the toll at 65") competes with the figure
    stated before it in the sentence: both keep their counts and take the bounds of both."""
    for i, estimate in enumerate(found):
        if estimate.how != "estimate":
            continue
        sentence_start = doc.sentence_start(estimate.start, full_stop=True)
        for j in range(i - 1, -1, -1):  # back to the sentence's start, no further
            other = found[j]
            if other.end <= sentence_start:
                break
            if other.outcome in ("killed", "dead") and other.how not in ("included", "list"):
                low = min(x.count if x.low is None else x.low for x in (other, estimate))
                high = max(x.count if x.high is None else x.high for x in (other, estimate))
                for x in (other, estimate):
                    x.low, x.high = low, high
                break
