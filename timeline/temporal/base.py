"""What every rule family shares: `Rule` and the ``@rule`` decorator, triggers, span helpers,
and the vetoes and value helpers more than one family uses.

A rule is a regex (no nested unbounded quantifiers, so no catastrophic backtracking) plus a
builder that validates the match against its surroundings (a four-digit number is a year only
in a temporal context; "October Revolution" is a name; "may" is a verb) and returns a
`Candidate` whose ``resolve`` closure normalizes it once the context is known. Each rule also
names its trigger: tokens every match contains (a month name, a year, a unit word) and the
group that holds them; the engine runs the rule only near those tokens (see `spotting`). A
trigger that misses a token loses matches, so a new rule's trigger must be a superset;
`tests/test_temporal_properties.py` compares windowed and full scans.

``@rule`` only registers a builder (in `RULES`); the order rules run in is `grammar`'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from timeline.models import Modifier, TimeKind
from timeline.temporal.lexicon import (
    COUNT_NOUNS,
    EVENT_PLURALS,
    MODIFIER_WORDS,
    MONTHS,
    NUMBER_WORDS,
    WEEKDAY_RE,
    table,
)
from timeline.temporal.normalize import (
    Candidate,
    Context,
    Resolved,
)
from timeline.temporal.spotting import (
    Trigger,
    compile_near,
    regex_trigger,
    starts_word,
    words_trigger,
)

Builder = Callable[[re.Match[str], str], "Candidate | None"]


DURATIONS = table("durations")


class Rule:
    """A pattern, the builder of its matches, and the trigger tokens each match contains.

    The pattern is compiled on first use, not at import (importing the grammar stays cheap, and
    a rule whose trigger never occurs is never compiled). ``back``/``ahead`` are the window
    bounds of `spotting.finditer_near`, derived from the pattern around group ``at``. The
    compiled pattern is built from the parse tree, so its ``.pattern`` is None: the regex
    source is ``source``.
    """

    def __init__(
        self, source: str, build: Builder, is_range: bool, trigger: Trigger, at: str | None
    ) -> None:
        self.source = source
        self.build = build
        self.is_range = is_range
        self.trigger = trigger
        self.at = at
        self._compiled: tuple[re.Pattern[str], int, int] | None = None

    def compiled(self) -> tuple[re.Pattern[str], int, int]:
        """``(pattern, back, ahead)``, computed once."""
        if self._compiled is None:
            self._compiled = compile_near(self.source, self.at)
        return self._compiled

    @property
    def pattern(self) -> re.Pattern[str]:
        return self.compiled()[0]

    def __repr__(self) -> str:
        return f"Rule({self.build.__name__})"


# Every rule, by its builder. The families register here; `grammar` puts them in order.
RULES: dict[Builder, Rule] = {}


def rule(
    pattern: str, *, trigger: Trigger, at: str | None = None, ranges: bool = False
) -> Callable[[Builder], Builder]:
    """Register a builder for ``pattern`` (in `RULES`; `grammar` lists the order rules run in).

    ``trigger``: tokens that every match contains, within group ``at`` of the pattern (the
    whole match when None); the rule only runs near them (see `spotting`). Naming the group
    that holds the token keeps the windows small. ``ranges``: the rule spots a range in one
    piece ("1992-94"); range rules run before point rules.
    """

    def register(build: Builder) -> Builder:
        RULES[build] = Rule(pattern, build, ranges, trigger, at)
        return build

    return register


# ---------------------------------------------------------------------------------------------
# Triggers: the tokens rules are run around. Each must find every token its rules need (a
# superset is fine: it only costs a window). Words are found in the lower-cased text.


# (Written `\d\d*`, not `\d+`: a pattern that opens with a class lets the regex engine skip
# to the next digit at once; the matches are the same.)
DIGITS = regex_trigger(r"\d\d*")

# A year (1000..2099, YEAR_RE) is four digits: a run of four or more contains it.
YEAR_DIGITS = regex_trigger(r"\d\d*", keep=lambda text, start, end: end - start >= 4)

# A day with an ordinal suffix: "13th".
ORDINAL_DIGITS = regex_trigger(
    r"\d\d*", keep=lambda text, start, end: text.startswith(("st", "nd", "rd", "th"), end)
)

# The first three letters of a month name, in the Title or UPPER case of MONTH_RE.
MONTH_NAME = regex_trigger(
    "|".join(sorted({m[:3].title() for m in MONTHS} | {m[:3].upper() for m in MONTHS}))
)

WEEKDAY_NAME = regex_trigger(WEEKDAY_RE)

# Unit words of UNIT_RE and _UNIT_REL ("centur" for century/centuries), where a unit group
# starts: after a space or a hyphen, never inside a word ("yesterday", "Monday").
UNIT_WORD = words_trigger(
    "second minute hour day night week fortnight month quarter year decade centur millenni",
    keep=starts_word,
)

# A unit word counted by a number just before it ("two days", "a full year", "12-hour",
# "five and a half years"): the token of the rules that need a count, which skip the many
# unit words without one ("the day", "this year", "Tuesday").
_COUNT_BEFORE = re.compile(
    r"(?i)(?:\d|(?<![\w])(?:an?|few|several|some|many|numerous|couple|dozens?|hundreds?|"
    + "|".join(sorted((w for w in NUMBER_WORDS if w.isalpha()), key=len, reverse=True))
    + r")(?![\w]))[^.;:!?]{0,24}$"
)


def _counted(text: str, start: int, end: int) -> bool:
    return starts_word(text, start, end) and bool(
        _COUNT_BEFORE.search(text, max(0, start - 32), start)
    )


COUNTED_UNIT = words_trigger(
    "second minute hour day night week fortnight month quarter year decade centur millenni",
    keep=_counted,
)

# A dash or slash between digits ("1992–1994", "2022/23", "2022-09-13"): where a range of
# years or a date written with separators is.
_DASH_WORDS = "- – — ‐ /"


def _after_digits(text: str, start: int, end: int) -> bool:
    return (
        text[start - 1 : start].isdigit() or text[max(0, start - 3) : start].rstrip()[-1:].isdigit()
    )


AFTER_DIGITS = words_trigger(_DASH_WORDS, keep=_after_digits)
# A hyphen joining a count and a unit ("12-hour", "two-year").
COUNT_HYPHEN = words_trigger(
    "-",
    keep=lambda text, start, end: (
        text[end : end + 1].isalpha() and text[start - 1 : start].isalnum()
    ),
)

# The end of a decade written in digits: "1990s", "1990's", "'90s".
DECADE_END = words_trigger("0s 0's 0’s")

SEASON_WORD = words_trigger("spring summer autumn fall winter")

PART_OF_DAY = words_trigger("morning noon evening")  # "noon" for afternoon


# ---------------------------------------------------------------------------------------------
# Spans, modifiers and vetoes several families use


def span_of(m: re.Match[str], group: str = "t") -> tuple[int, int]:
    """The span of group ``group`` when the pattern has it and it matched, else the match."""
    if group in m.re.groupindex and m.group(group) is not None:
        return m.span(group)
    return m.span()


def candidate(
    m: re.Match[str],
    resolve: Callable[[Context], Resolved | None],
    priority: int = 5,
    group: str = "t",
    is_range: bool = False,
) -> Candidate:
    start, end = span_of(m, group)
    return Candidate(start, end, resolve, priority, is_range)


_MOD_WORDS = tuple((word, Modifier[name]) for word, name in MODIFIER_WORDS.items())


def modifier(word: str | None) -> Modifier | None:
    if not word:
        return None
    w = word.lower()
    for key, mod in _MOD_WORDS:
        if key in w:
            return mod
    return None


_NEXT_WORD = re.compile(r"\s*([A-Za-z%’']+|%)")


def next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD.match(text, pos, min(len(text), pos + 40))
    return m.group(1) if m else ""


def prev_text(text: str, pos: int, width: int = 30) -> str:
    return text[max(0, pos - width) : pos]


def is_count(text: str, pos: int) -> bool:
    """Whether a number ending at ``pos`` counts things ("2020 people", "1990 km", "20%")."""
    if re.match(r"\s*(?:%|per\s*cent\b)", text[pos : pos + 12]):
        return True
    return next_word(text, pos).lower().rstrip("’'") in COUNT_NOUNS


def is_plural_noun(word: str) -> bool:
    w = word.lower()
    return (
        word.islower()
        and len(w) > 3
        and w.endswith("s")
        and not w.endswith(("ss", "us", "is", "'s", "’s"))
        and w not in EVENT_PLURALS
    )


# The start of a word. Same as \b before a pattern that begins with a word character, but a
# word's end fails at once instead of trying every alternative that follows.
WORD_START = r"\b(?=\w)"

# A modifier starts a word: "amid July 2020" is not "mid July 2020".
MOD_PREFIX = (
    r"(?:\b(?P<mod>(?i:(?:the\s+)?(?:very\s+)?(?:early|mid|late|end\s+of|beginning\s+of"
    r"|start\s+of|middle\s+of|close\s+of)))(?:\s+|-))?"
)

DECADE_MOD = r"(?:(?P<mod>(?i:early|mid|late))(?:\s+|-))?"


def title_word(word: str) -> bool:
    """Whether a unit word is capitalized as in a title ("This Week", "60 Minutes"): a unit
    never starts these phrases, so a capital marks a name (an all-capital headline aside)."""
    return word[:1].isupper() and not word.isupper()


def sentence_initial(text: str, pos: int) -> bool:
    """Whether ``pos`` starts a sentence (or a quotation): only punctuation and space before."""
    before = text[max(0, pos - 12) : pos].rstrip(" \t\"'“‘`")
    return not before or before.endswith(("\n", ".", "!", "?", ":"))


# ---------------------------------------------------------------------------------------------
# Duration values (the durations and the relative rules that measure a period)


# unit → (TIMEX3 letter, multiplier, time unit): the table in rules/durations.toml.
UNIT_CODES: dict[str, tuple[str, int, bool]] = {
    unit: (letter, mult, is_time) for unit, (letter, mult, is_time) in DURATIONS["units"].items()
}
_VAGUE_UNIT: dict[str, str] = DURATIONS["vague_units"]


def unit_key(word: str) -> str:
    w = word.lower()
    if w.startswith("centur"):
        return "century"
    if w.startswith("millenni"):
        return "millennium"
    return w[:-1] if w.endswith("s") else w


def duration_value(n: int | float | None, unit: str) -> str:
    """TIMEX3 duration value: (3, "year") → "P3Y", (24, "hour") → "PT24H", (None, …) → "PX…"."""
    letter, mult, is_time = UNIT_CODES[unit]
    prefix = "PT" if is_time else "P"
    if n is None:
        return prefix + "X" + _VAGUE_UNIT.get(unit, letter)
    amount = n * mult
    text = str(int(amount)) if float(amount).is_integer() else str(amount)
    return f"{prefix}{text}{letter}"


def duration_resolver(value: str, mod: Modifier | None) -> Callable[[Context], Resolved]:
    return lambda ctx: Resolved(TimeKind.DURATION, value, None, None, None, mod)
