"""Casualty figures: a number with an outcome, and whose it is.

`find_casualties` reads a number (digits, "3,006", "2 million", number words, or vague
quantities) with an outcome. The conventions are told in `timeline.entities` (the package
docstring); the words (hedges, vague quantities, group nouns, outcomes...) are in
``timeline/data/casualties.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from timeline.entities.lexicon import (
    AUXILIARIES,
    GENERIC_NOUNS,
    GROUP_NOUNS,
    GROUP_PHRASES,
    HEDGES,
    LIVES_VERBS,
    MILITARY_NOUNS,
    NOT_MODIFIERS,
    OUTCOMES,
    OWN_RANKS,
    REPORT_VERBS,
    SCALES,
    TOLL_LINKS,
    VAGUE,
    VERB_OUTCOMES,
)
from timeline.entities.names import UP
from timeline.entities.names import key as _key
from timeline.gazetteer import Gazetteer, load_gazetteer, normalize
from timeline.models import Casualty
from timeline.text import NUMBER_WORDS, WS, alternation, trie_pattern

__all__ = ["find_casualties"]


def _either(phrases: Iterable[str], space: str = r"\s+") -> str:
    """Words and phrases as one alternation, in the order written; a space matches ``space``."""
    return "|".join(p.replace(" ", space) for p in phrases)


_APPROX = rf"(?:{_either(HEDGES)})"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_APPROX_BEFORE = re.compile(rf"(?<!\w)(?i:{_APPROX}){WS}$")


def _cased(words: Iterable[str]) -> list[tuple[str, bool]]:
    """Words as written and sentence-initial ("Two", "Dozens"), for a case-sensitive trie.

    Case-sensitive tries scan about twice as fast as case-insensitive alternations.
    """
    return [(v, False) for w in words for v in (w, w[0].upper() + w[1:])]


_WORD_TRIE = trie_pattern(_cased(NUMBER_WORDS))
_VAGUE_TRIE = trie_pattern(_cased(VAGUE))
_SCALE_WORDS = "|".join(SCALES)
# Digits take the scales of a hundred and more: "2 million", not "2 dozen".
_DIGIT_SCALES = "|".join(w for w, n in SCALES.items() if n >= 100)
_NUMBER = re.compile(
    r"(?<![\w.,:/$€£#\-–])"
    r"(?:"
    rf"(?P<digits>{_DIGITS})(?:[^\S\n]*(?:-|–|to)[^\S\n]*(?P<upper>{_DIGITS}))?"
    rf"(?:[^\S\n]+(?P<scale>{_DIGIT_SCALES}))?"
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
_AUX = rf"(?:{_either(AUXILIARIES)})"
_NOT_MODIFIER = rf"(?:{_AUX}|{_either(NOT_MODIFIERS)})(?!\w)"
_MODIFIER = rf"(?!{_NOT_MODIFIER})[A-Za-z][\w'’-]*"
_GROUP = rf"(?:{alternation(GROUP_NOUNS)}|{_either(GROUP_PHRASES, WS)}|[{UP}][a-z]+s)"
_OUTCOME = alternation(OUTCOMES, space=WS)
# After the number: "105 Armenian servicemen had been killed", "3,006 dead", "100 civilian deaths".
_RIGHT = re.compile(
    rf"(?:(?P<mods>(?:{WS}{_MODIFIER}){{0,3}}?){WS}(?P<noun>{_GROUP})(?!\w))?"
    rf"(?P<aux>(?:[^\S\n]*,?{WS}{_AUX}(?!\w))*)"
    rf"{WS}(?P<out>{_OUTCOME})(?!\w)"
)
_NOUN_AFTER = re.compile(rf"(?P<mods>(?:{WS}{_MODIFIER}){{0,2}}?){WS}(?P<noun>{_GROUP})(?!\w)")
_AMONG_OWN = re.compile(
    rf"{WS}among{WS}(?:its|their){WS}(?:own{WS})?(?:{_either(OWN_RANKS)})(?!\w)"
)
# Before the number: "killing 30,000", "claimed the lives of nearly 7,000 people".
_LEFT = re.compile(
    rf"(?:(?P<verb>{_either(VERB_OUTCOMES)})"
    rf"|(?P<lives>(?:{_either(LIVES_VERBS)})(?:{WS}the)?{WS}lives{WS}of)"
    rf"|(?P<toll>death{WS}toll(?:{WS}[a-z]+){{0,3}}?{WS}(?:{_either(TOLL_LINKS)})))[^\S\n]+$",
    re.IGNORECASE,
)
_PASSIVE_BEFORE = re.compile(r"\b(?:were|was|been|be|are|is|being)\s+$", re.IGNORECASE)
_INCLUDING = re.compile(
    rf"(?:including|among{WS}them|among{WS}whom|of{WS}whom|of{WS}them|among{WS}those"
    rf"|mostly|mainly|most{WS}of{WS}them)[^\S\n]*,?[^\S\n]*$",
    re.IGNORECASE,
)
_REPORTS = re.compile(rf"\b(?:{_either(REPORT_VERBS)})\b")
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])[.!?;][\"”’)\]]*\s+|\n\s*\n")


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
            value *= SCALES[match["scale"].lower()]
        return int(value), bool(match["upper"])
    if match["vague"]:
        return VAGUE[" ".join(match["vague"].lower().split())], True
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
            current = max(current, 1) * SCALES[word]
            vague = vague or word == "dozen"
        elif word in SCALES:
            total += max(current, 1) * SCALES[word]
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
    if noun in MILITARY_NOUNS and reporter:
        return reporter
    if noun in GENERIC_NOUNS:
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
    outcome = OUTCOMES[normalize(match["out"])]
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
        outcome = VERB_OUTCOMES[match["verb"].lower()]
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
