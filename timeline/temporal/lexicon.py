"""Gazetteers of the temporal grammar: month, weekday, number and unit words, plus regex pieces.

The words themselves are data, in ``rules/*.toml`` beside this module: ``rules/lexicon.toml``
holds the vocabulary every family shares (months, weekdays, seasons, numbers, ordinals, count
and event nouns, name heads), ``rules/<family>.toml`` the words and normalisation tables of one
family (read with `table`). To add a word, add it to the list in the TOML file; the regexes
below and in the families are built from those lists when the grammar is imported.

Month and weekday names are matched case-sensitively (Title or UPPER case), so that the verb
"may", the noun "march" or the word "sun" never start a date. Every regex piece here is built
without nested unbounded quantifiers, so no pattern can backtrack catastrophically.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from timeline.text import NUMBER_WORDS as _CARDINALS
from timeline.text import TENS_WORDS, UNIT_WORDS, alternation, words

RULES_DIR = Path(__file__).with_name("rules")


@cache
def table(name: str) -> dict[str, Any]:
    """The tables of ``rules/<name>.toml``, parsed once."""
    with (RULES_DIR / f"{name}.toml").open("rb") as f:
        return tomllib.load(f)


def word_set(name: str, key: str) -> frozenset[str]:
    """The word list ``key`` of ``rules/<name>.toml`` (``[words]``) as a set."""
    value = table(name)["words"][key]
    return words(value) if isinstance(value, str) else frozenset(value)


def either(phrases: Iterable[str]) -> str:
    """Regex pieces as one alternation, in the order written; a space matches any whitespace."""
    return "|".join(p.replace(" ", r"\s+") for p in phrases)


_LEXICON = table("lexicon")
_WORDS = _LEXICON["words"]

MONTHS: dict[str, int] = _LEXICON["months"]
MONTH_ABBREVIATIONS: dict[str, int] = _LEXICON["month_abbreviations"]
WEEKDAYS: dict[str, int] = _LEXICON["weekdays"]
SEASONS: dict[str, str] = _LEXICON["seasons"]
PARTS_OF_DAY: dict[str, str] = _LEXICON["parts_of_day"]
# The cardinals, and the article and quantity words that count in a duration ("a day").
NUMBER_WORDS: dict[str, int] = dict(_CARDINALS)
NUMBER_WORDS.update(_LEXICON["number_words"])
ORDINALS: dict[str, int] = _LEXICON["ordinals"]
# Modifier words, in the order `base.modifier` tries them, with their TIMEX3 mod's name.
MODIFIER_WORDS: dict[str, str] = _LEXICON["modifiers"]
# Vague quantities: "several days" → PXD.
VAGUE_QUANTITIES: tuple[str, ...] = tuple(_WORDS["vague_quantities"])
# Quantifiers written before a duration or an "ago" expression, included in the span.
APPROX_WORDS: tuple[str, ...] = tuple(_WORDS["approx_words"])
# Number words of years read out and of amounts, as regex alternations.
DIGIT_WORDS = "|".join(_WORDS["digits"])
TEEN_WORDS = "|".join(_WORDS["teens"])
TENS_WORDS_RE = "|".join(_WORDS["tens"])
# Nouns after a four-digit number that make it a count, not a year: "2020 people".
COUNT_NOUNS = words(_WORDS["count_nouns"])
# Plural nouns that may follow "the YEAR" as an event: "the 2020 elections".
EVENT_PLURALS = words(_WORDS["event_plurals"])
# Nouns after a four-digit number that make it a year: "the 2020 war", "Turkey's 2016 coup".
EVENT_NOUNS = words(_WORDS["event_nouns"])
# Capitalized words that, right after a month name, make the month part of a name.
NAME_HEADS = words(_WORDS["name_heads"])
# Words before a weekday that make it a holiday name: "Black Friday", "Bloody Sunday".
WEEKDAY_NAME_PREFIXES = words(_WORDS["weekday_name_prefixes"])


def _cased(names: list[str]) -> str:
    """An alternation of the Title-case and UPPER-case spellings, longest first."""
    return alternation(form for w in names for form in (w.title(), w.upper()))


MONTH_FULL_RE = _cased(list(MONTHS))
_ABBR_RE = _cased([a for a in MONTH_ABBREVIATIONS])
# A month name followed by a day or a year: full names, or abbreviations with an optional dot.
# One flat alternation of literals (full names first, then abbreviations), not two nested
# groups: the regex engine then rejects a position on its first character, 20x faster.
MONTH_RE = (
    "(?:"
    + "|".join(
        [f for f in MONTH_FULL_RE[3:-1].split("|")]
        + [f + r"\.?" for f in _ABBR_RE[3:-1].split("|")]
    )
    + ")(?![a-z])"
)
WEEKDAY_RE = _cased(list(WEEKDAYS)) + r"(?![a-z])"
SEASON_RE = r"(?i:spring|summer|autumn|fall|winter)"
# A day of the month: 1..31 with an optional ordinal suffix, not part of a longer number.
DAY_RE = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d]|[:.,]\d|\w)"
# A plausible year, 1000..2099, not part of a longer number.
YEAR_RE = r"(?:1\d{3}|20\d{2})(?!\d|[.,]\d)"
_NUM_WORDS = sorted(
    [w for w in NUMBER_WORDS if " " not in w and w not in ("a", "an")], key=len, reverse=True
)
_TENS_RE = "(?:" + "|".join(TENS_WORDS) + ")"
_UNIT_WORDS_RE = "(?:" + "|".join(UNIT_WORDS[1:10]) + ")"
# A number: digits, "twenty-four", "a dozen", ... (case-insensitive where used).
# A number: digits, "twenty-four", "a dozen", ... (case-insensitive where used).
NUMBER_RE = (
    rf"(?:\d{{1,4}}(?:\.\d{{1,2}})?|{_TENS_RE}[- ]{_UNIT_WORDS_RE}|a\s+hundred|a\s+dozen"
    rf"|a\s+couple\s+of|couple\s+of|" + "|".join(_NUM_WORDS) + ")"
)
VAGUE_RE = r"(?:a\s+few|few|several|some|many|numerous|a\s+number\s+of)"
UNIT_RE = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?"
    r"|decades?|century|centuries|millennium|millennia)"
)


def number_value(word: str) -> int | float | None:
    """The value of a number written in digits or words; None when vague or unknown."""
    w = " ".join(word.lower().replace("-", " ").split())
    if not w:
        return None
    if w[0].isdigit():
        try:
            number = float(w)
        except ValueError:
            return None
        return int(number) if number.is_integer() else number
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    parts = w.split()
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
    return None


def month_number(word: str) -> int | None:
    w = word.lower().rstrip(".")
    return MONTHS.get(w) or MONTH_ABBREVIATIONS.get(w)


def day_number(word: str) -> int:
    return int(word.rstrip("stndrh") or "0")
