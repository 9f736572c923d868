"""Rule family: durations and sets.

Durations ("three years", "the past three decades", "5 1/2 hours", "a 10-year plan", "for
months") and sets ("daily", "every other week", "each Monday", "twice a year"). The unit
codes (words → TIMEX3 letters) and set words are normalisation tables in ``rules/*.toml``;
each rule's examples and negatives are in ``rules/durations.examples.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from timeline.models import Modifier, TimeKind
from timeline.temporal.base import (
    COUNT_HYPHEN,
    COUNTED_UNIT,
    DURATIONS,
    UNIT_CODES,
    UNIT_WORD,
    WORD_START,
    candidate,
    duration_resolver,
    duration_value,
    next_word,
    prev_text,
    rule,
    title_word,
    unit_key,
)
from timeline.temporal.lexicon import (
    APPROX_WORDS,
    DIGIT_WORDS,
    MONTH_FULL_RE,
    NUMBER_RE,
    PARTS_OF_DAY,
    SEASONS,
    TEEN_WORDS,
    TENS_WORDS_RE,
    UNIT_RE,
    VAGUE_RE,
    WEEKDAY_RE,
    WEEKDAYS,
    either,
    month_number,
    number_value,
)
from timeline.temporal.normalize import (
    Candidate,
    Context,
    Resolved,
)
from timeline.temporal.relative import (
    dct_unit_resolver,
)
from timeline.temporal.spotting import (
    starts_word,
    words_trigger,
)

# ---------------------------------------------------------------------------------------------
# Durations and sets


_DUR_Q = (
    r"(?:(?P<q>(?i:about|around|nearly|almost|roughly|approximately|more\s+than|less\s+than"
    r"|at\s+least|up\s+to|some|over|under|fewer\s+than))\s+)?"
)


# "in the past year", "during the last decade": the preposition before "past"/"last", read
# within the characters just before it (a bounded look back, never the whole text before).
_PERIOD_BEFORE = re.compile(r"(?i)\b(?:in|over|during|throughout)\s+(?:the\s+)?$")
_PERIOD_REACH = 64


@rule(
    WORD_START
    + r"(?P<t>(?:(?P<the>(?i:the|over\s+the|in\s+the|for\s+the))\s+)?(?P<pre>(?i:past|last|next"
    r"|coming|previous|first|final|remaining|following|preceding))\s+"
    + _DUR_Q
    + rf"(?:(?P<n>(?i:{NUMBER_RE}|{VAGUE_RE}))\s+)?(?P<u>(?i:{UNIT_RE})))(?![\w-])",
    trigger=UNIT_WORD,
    at="u",
)
def _period_duration(m: re.Match[str], text: str) -> Candidate | None:
    pre = m["pre"].lower()
    n_text = m["n"]
    has_the = m["the"] is not None
    if n_text is None and not has_the and pre in ("last", "next", "first", "final", "following"):
        return None  # "last week", "next month" are dates; "first day" is not a duration
    if n_text is None and pre in ("following", "previous", "preceding") and has_the:
        return None  # "the following year" is a date relative to the previous one
    unit = unit_key(m["u"])
    if unit not in UNIT_CODES:
        return None
    if (
        n_text is None
        and m["q"] is None
        and pre in ("past", "last")
        and m["u"].lower() in ("week", "month", "year", "decade")
        and _PERIOD_BEFORE.search(text, max(0, m.start("pre") - _PERIOD_REACH), m.start("pre"))
        and (m["the"] or "").lower() != "for the"
    ):
        # "in the past year", "during the last decade": the period named, the calendar unit
        # before the dct's (TimeML annotates these as dates); "for the past year" measures.
        start = m.start("t") + (m["the"] or "").lower().rfind("the")
        resolve = dct_unit_resolver(m["u"].lower(), -1, None, None)
        return Candidate(max(start, m.start("t")), m.end("t"), resolve, 3)
    n = number_value(n_text) if n_text else 1
    if n_text is None and m["u"].lower().endswith("s"):
        n = None  # "the past weeks"
    the_word = (m["the"] or "").lower()
    start = m.start("t")
    if the_word.startswith(("over", "in", "for")):
        start = m.start("t") + the_word.index("the")
    value = duration_value(n, unit)
    return Candidate(start, m.end("t"), duration_resolver(value, _q_mod(m["q"])), 3)


# A quantity just before "a year"/"a week" makes it the denominator of a rate (an amount per
# unit of time), not a time: a number, an amount ("$2 million", "5%"), or a number and its
# plural noun ("four flights", "700 seats").
_RATE_BEFORE = re.compile(
    rf"(?i)(?:\d[\d,.]*%?|\b(?:{either(DURATIONS['words']['amounts'])}"
    rf"|{DIGIT_WORDS}|{TEEN_WORDS}|{TENS_WORDS_RE}))"
    r"(?:\s+[a-z]+s)?\s+$"
)


def _q_mod(q: str | None) -> Modifier | None:
    return Modifier.APPROXIMATELY if q and q.lower() in APPROX_WORDS else None


@rule(
    rf"{WORD_START}(?P<t>(?:(?P<the>(?i:the))\s+)?{_DUR_Q}(?P<n>(?i:{NUMBER_RE}|a|an|{VAGUE_RE}))"
    r"\s+(?:(?i:more|full|straight"
    rf"|consecutive|long|whole|additional|extra)\s+)?(?P<u>(?i:{UNIT_RE})))(?![\w-])",
    trigger=COUNTED_UNIT,
    at="u",
)
def _duration(m: re.Match[str], text: str) -> Candidate | None:
    n_text = m["n"].lower()
    if title_word(m["u"]):
        return None  # a programme: "60 Minutes", "48 Hours"
    unit = unit_key(m["u"])
    if unit not in UNIT_CODES:
        return None
    if n_text in ("a", "an", "one") and unit in ("second", "quarter"):
        return None  # "a second attack", "a quarter of the vote"
    if unit == "quarter" and re.match(r"\s+of\b", text[m.end() : m.end() + 5]):
        return None
    if n_text == "some" and not m["u"].lower().endswith("s"):
        return None  # "some day"
    if re.match(r"\s*(?:old|of\s+age)\b", text[m.end() : m.end() + 10]):
        return None  # ages
    n = number_value(n_text)
    if n_text.replace(" ", "") in (
        "afew",
        "few",
        "several",
        "some",
        "many",
        "numerous",
        "anumberof",
    ):
        n = None
    if n_text in ("a", "an"):
        n = 1
        if _RATE_BEFORE.search(prev_text(text, m.start(), 30)):
            return None  # a rate's denominator: "$2 million a year", "700 seats a week"
    if isinstance(n, float) and n_text[0].isdigit() and n > 10000:
        return None
    if (
        isinstance(n, int)
        and n_text[:1].isdigit()
        and re.search(r"[$€£]\s*$", prev_text(text, m.start(), 2))
    ):
        return None
    # "for the nine months", "the six months ended": TimeML keeps the determiner of a counted
    # period inside the expression (not before a quantifier or a vague amount).
    start = m.start("t")
    if m["the"] and (m["q"] or not isinstance(n, int) or n_text in ("a", "an")):
        start = m.start("q") if m["q"] else m.start("n")
    resolve = duration_resolver(duration_value(n, unit), _q_mod(m["q"]))
    return Candidate(start, m.end("t"), resolve, 4)


# A fraction of a unit in the next smaller one: 1/2 year = 6 months ("P2Y6M").
_SMALLER_UNIT: dict[str, tuple[int, str, bool]] = {
    unit: (factor, letter, is_time)
    for unit, (factor, letter, is_time) in DURATIONS["smaller_units"].items()
}
_FRACTIONS: dict[str, float] = DURATIONS["fractions"]


def fraction_duration(n: int, fraction: float, unit: str) -> str | None:
    """TIMEX3 value of ``n`` and a ``fraction`` units: (5, .5, hour) → "PT5H30M"."""
    if unit not in _SMALLER_UNIT:
        return None
    factor, letter, is_time = _SMALLER_UNIT[unit]
    part = fraction * factor
    if not float(part).is_integer():
        return None
    whole = duration_value(n, unit) if n else ("PT" if unit in ("hour", "minute") else "P")
    if is_time and "T" not in whole:
        whole += "T"  # "P2D" + "T12H"
    return f"{whole}{int(part)}{letter}"


@rule(
    rf"{WORD_START}(?P<t>{_DUR_Q}(?P<n>\d{{1,3}}|(?i:{NUMBER_RE}|a|an))(?:\s+(?P<f>1/2|1/4|3/4)"
    r"|\s*(?P<g>[½¼¾])|\s+(?P<h>(?i:and\s+a\s+half)))?\s+(?P<u>(?i:years?|months?|weeks?|days?"
    r"|hours?|minutes?))(?P<h2>\s+(?i:and\s+a\s+half))?)(?![\w-])",
    trigger=COUNTED_UNIT,
    at="u",
)
def _fraction_duration(m: re.Match[str], text: str) -> Candidate | None:
    """ "5 1/2 hours", "two and a half years", "a minute and a half"."""
    if not (m["f"] or m["g"] or m["h"] or m["h2"]):
        return None
    n = number_value(m["n"])
    if not isinstance(n, int):
        return None
    fraction = _FRACTIONS.get(m["f"] or m["g"] or "", 0.5)
    value = fraction_duration(n, fraction, unit_key(m["u"]))
    if value is None:
        return None
    return candidate(m, duration_resolver(value, _q_mod(m["q"])), priority=3)


@rule(
    rf"\b(?P<t>(?P<n>\d{{1,3}}|(?i:{NUMBER_RE}))(?P<dash>-)(?P<u>(?i:year|month|week|day|hour"
    r"|minute|second|decade|century)))(?:-(?i:long))?(?![\w]|-(?i:old))",
    trigger=COUNT_HYPHEN,
    at="dash",
)
def _duration_adjective(m: re.Match[str], text: str) -> Candidate | None:
    n = number_value(m["n"])
    unit = unit_key(m["u"])
    if n is None or unit not in UNIT_CODES:
        return None
    return candidate(m, duration_resolver(duration_value(n, unit), None), priority=3)


@rule(
    r"\b(?i:for|over|within|in)\s+(?P<t>(?:(?i:many|several)\s+)?(?P<u>(?i:years|months|weeks"
    r"|days|decades|hours|minutes|centuries)))\b(?!\s+(?i:ago|of|old|later|earlier|before|after)\b)",
    trigger=UNIT_WORD,
    at="u",
)
def _vague_duration(m: re.Match[str], text: str) -> Candidate | None:
    unit = unit_key(m["u"])
    return candidate(m, duration_resolver(duration_value(None, unit), None), priority=5)


_SET_UNITS: dict[str, str] = DURATIONS["set_adverbs"]


def _set_resolver(value: str) -> Callable[[Context], Resolved]:
    return lambda ctx: Resolved(TimeKind.SET, value, None, None, None, None)


@rule(
    r"\b(?P<t>(?i:daily|nightly|weekly|biweekly|monthly|quarterly|annually|yearly|hourly))\b(?!-)",
    trigger=words_trigger("daily night week month quarter year hour annual"),
    at="t",
)
def _set_adverb(m: re.Match[str], text: str) -> Candidate | None:
    word = m["t"]
    following = next_word(text, m.end())
    if following[:1].isupper():
        return None  # a newspaper: "the French daily Le Figaro", "Daily Mail"
    if word.lower() == "quarterly" and following.islower():
        return None  # "quarterly earnings" is an adjective, not a recurrence
    if word[:1].isupper() and re.search(r"[A-Za-z]\s+$", prev_text(text, m.start(), 3)):
        return None
    return candidate(m, _set_resolver(_SET_UNITS[word.lower()]), priority=4)


@rule(
    r"\b(?P<t>(?i:every|each|per)\s+(?:(?P<n>(?i:other|" + NUMBER_RE + r"))\s+)?"
    r"(?P<u>(?i:second|minute|hour|day|night|week|month|quarter|year|decade|morning|evening"
    r"|summer|winter|spring|autumn)s?))\b",
    trigger=words_trigger(
        "second minute hour day night week month quarter year decade morning evening spring"
        " summer winter autumn",
        keep=starts_word,
    ),
    at="u",
)
def _set_every(m: re.Match[str], text: str) -> Candidate | None:
    u = m["u"].lower().rstrip("s")
    n_text = (m["n"] or "").lower()
    n = 2 if n_text == "other" else number_value(n_text) if n_text else 1
    if u in SEASONS:
        return candidate(m, _set_resolver(f"XXXX-{SEASONS[u]}"), priority=3)
    if u in PARTS_OF_DAY:
        return candidate(m, _set_resolver(f"XXXX-XX-XXT{PARTS_OF_DAY[u]}"), priority=3)
    if u not in UNIT_CODES or not isinstance(n, int):
        return None
    return candidate(m, _set_resolver(duration_value(n, u)), priority=3)


@rule(
    rf"\b(?P<t>(?i:every|each)\s+(?P<wd>{WEEKDAY_RE}|(?P<mo>{MONTH_FULL_RE})))(?![\w-])",
    trigger=words_trigger("every each"),
)
def _set_named(m: re.Match[str], text: str) -> Candidate | None:
    if m["mo"]:
        value = f"XXXX-{month_number(m['mo']):02d}"
    else:
        value = f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()] + 1}"
    return candidate(m, _set_resolver(value), priority=2)


@rule(
    r"\b(?i:once|twice|thrice|times)\s+(?P<t>(?i:a|per)\s+(?P<u>(?i:day|week|month|year)))\b",
    trigger=UNIT_WORD,
    at="u",
)
def _set_frequency(m: re.Match[str], text: str) -> Candidate | None:
    return candidate(m, _set_resolver(duration_value(1, m["u"].lower())), priority=3)
