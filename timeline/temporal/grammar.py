"""The spotting grammar: compiled regex rules over the text, each building a `Candidate`.

Every rule is a regex (no nested unbounded quantifiers, so no catastrophic backtracking)
plus a builder that validates the match against its surroundings (a four-digit number is a
year only in a temporal context; "October Revolution" is a name; "may" is a verb) and returns
a candidate whose ``resolve`` closure normalizes it once the context is known. Each rule also
names its trigger: tokens every match contains (a month name, a year, a unit word) and the
group that holds them; the engine runs the rule only near those tokens (see `spotting`). A
trigger that misses a token loses matches, so a new rule's trigger must be a superset;
`tests/test_temporal_properties.py` compares windowed and full scans.

Span conventions (kept consistent on purpose):
- prepositions are never part of a span ("in 1988" → "1988"; "After the 2020 war" → "2020"
  with modifier after; "May 2021 onwards" → "May 2021" with modifier after);
- modifier words are ("early September", "mid-2019", "the late 1980s", "the end of 2019");
- "the" is part of nominal expressions (decades, centuries, seasons, quarters, "the past three
  decades", "the following year") but not of plain years ("the 2020 war" → "2020").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from timeline.models import Genre, Modifier, Precision, TimeKind
from timeline.temporal.calendar import (
    HOLIDAYS,
    Period,
    century_period,
    day_period,
    decade_period,
    half_period,
    last_day,
    month_period,
    quarter_period,
    season_period,
    shift_month,
    week_period,
    weekend_period,
    year_period,
)
from timeline.temporal.compact import (
    Order,
    clock_by_dateparser,
    full_year,
    numeric_order,
    valid_date,
)
from timeline.temporal.lexicon import (
    APPROX_WORDS,
    COUNT_NOUNS,
    DAY_RE,
    EVENT_NOUNS,
    EVENT_PLURALS,
    MONTH_FULL_RE,
    MONTH_RE,
    MONTHS,
    NAME_HEADS,
    NUMBER_RE,
    NUMBER_WORDS,
    ORDINALS,
    PARTS_OF_DAY,
    SEASON_RE,
    SEASONS,
    UNIT_RE,
    VAGUE_RE,
    WEEKDAY_NAME_PREFIXES,
    WEEKDAY_RE,
    WEEKDAYS,
    YEAR_RE,
    day_number,
    month_number,
    number_value,
    words,
)
from timeline.temporal.normalize import (
    Candidate,
    Context,
    Resolved,
    from_period,
    narrative_year,
    pick_year,
    recent_quarter,
    reference_point,
    season_instance,
    shift_period,
    story_day,
    unanchored,
    weekday_date,
    year_before_quarter,
)
from timeline.temporal.spotting import (
    Trigger,
    compile_near,
    regex_trigger,
    starts_word,
    words_trigger,
)

Builder = Callable[[re.Match[str], str], "Candidate | None"]


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


POINT_RULES: list[Rule] = []
RANGE_RULES: list[Rule] = []


def rule(
    pattern: str, *, trigger: Trigger, at: str | None = None, ranges: bool = False
) -> Callable[[Builder], Builder]:
    """Register a builder for ``pattern``.

    ``trigger``: tokens that every match contains, within group ``at`` of the pattern (the
    whole match when None); the rule only runs near them (see `spotting`). Naming the group
    that holds the token keeps the windows small.
    """

    def register(build: Builder) -> Builder:
        target = RANGE_RULES if ranges else POINT_RULES
        target.append(Rule(pattern, build, ranges, trigger, at))
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
SEASON_WORD = words_trigger("spring summer autumn fall winter")
PART_OF_DAY = words_trigger("morning noon evening")  # "noon" for afternoon


def _span(m: re.Match[str], group: str = "t") -> tuple[int, int]:
    """The span of group ``group`` when the pattern has it and it matched, else the match."""
    if group in m.re.groupindex and m.group(group) is not None:
        return m.span(group)
    return m.span()


def _cand(
    m: re.Match[str],
    resolve: Callable[[Context], Resolved | None],
    priority: int = 5,
    group: str = "t",
    is_range: bool = False,
) -> Candidate:
    start, end = _span(m, group)
    return Candidate(start, end, resolve, priority, is_range)


_MOD_WORDS = (
    ("early", Modifier.EARLY),
    ("beginning", Modifier.EARLY),
    ("start", Modifier.EARLY),
    ("mid", Modifier.MID),
    ("late", Modifier.LATE),
    ("end", Modifier.LATE),
    ("close", Modifier.LATE),
)


def _mod(word: str | None) -> Modifier | None:
    if not word:
        return None
    w = word.lower()
    for key, mod in _MOD_WORDS:
        if key in w:
            return mod
    return None


_NEXT_WORD = re.compile(r"\s*([A-Za-z%’']+|%)")


def _next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD.match(text, pos, min(len(text), pos + 40))
    return m.group(1) if m else ""


def _prev_text(text: str, pos: int, width: int = 30) -> str:
    return text[max(0, pos - width) : pos]


def _is_count(text: str, pos: int) -> bool:
    """Whether a number ending at ``pos`` counts things ("2020 people", "1990 km", "20%")."""
    if re.match(r"\s*(?:%|per\s*cent\b)", text[pos : pos + 12]):
        return True
    return _next_word(text, pos).lower().rstrip("’'") in COUNT_NOUNS


def _is_plural_noun(word: str) -> bool:
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
_WORD_START = r"\b(?=\w)"


# ---------------------------------------------------------------------------------------------
# Absolute dates


def _day_resolver(year: int | None, month: int, day: int) -> Callable[[Context], Resolved | None]:
    def resolve(ctx: Context) -> Resolved | None:
        y = year if year is not None else pick_year(ctx, month, day)
        if y is None:
            return unanchored(f"XXXX-{month:02d}-{day:02d}", Precision.DAY)
        if day > last_day(y, month):
            return None
        return from_period(day_period(date(y, month, day)), year=year)

    return resolve


@rule(
    r"(?<![\w/.-])(?P<y>1\d{3}|20\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
    r"(?![\w-]|[.,]\d)",
    trigger=YEAR_DIGITS,
    at="y",
)
def _iso_date(m: re.Match[str], text: str) -> Candidate | None:
    return _cand(m, _day_resolver(int(m["y"]), int(m["m"]), int(m["d"])), priority=1)


# ---------------------------------------------------------------------------------------------
# Compact and numeric dates: "13.09.2022", "2022/09/13", "13-Sep-2022" (field order and the
# dateparser fallback for times of day: see `compact`)

_TZ = r"(?:\s+(?:EST|EDT|CST|CDT|PST|PDT|GMT|UTC|BST|CET|(?i:local\s+time)))?"
# A time of day after a full date: "10:30", "10:30:15", "10:30 p.m. GMT", "at 22:30".
_CLOCK_AFTER = (
    r"(?:,?\s+(?:(?i:at)\s+)?(?P<clock>(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])"
    r"(?:\s*(?i:a\.m\.|p\.m\.|am|pm)(?!\w))?)" + _TZ + ")?"
)
# Digits directly followed by a date separator: where a numeric date can start.
_DIGITS_THEN_SEPARATOR = regex_trigger(
    r"\d\d*", keep=lambda text, start, end: text[end : end + 1] in ("/", ".", "-")
)


def _dated(
    m: re.Match[str], text: str, year: int, month: int, day: int, order: Order, date_at: int
) -> Callable[[Context], Resolved | None]:
    """The day ``year-month-day``; with a time of day when the match has a "clock" group.

    ``date_at``: where the date itself starts in the match (after a weekday), for dateparser.
    """
    resolve_day = _day_resolver(year, month, day)
    if m["clock"] is None:
        return resolve_day
    span = text[date_at : m.end("clock")]  # a time zone is not part of the value

    def resolve(ctx: Context) -> Resolved | None:
        res = resolve_day(ctx)
        if res is None or res.start is None:
            return res
        clock = clock_by_dateparser(span, res.start, order, ctx.dct)
        if clock is None:
            return res  # keep the date, drop a time of day dateparser could not confirm
        value = res.value + "T" + clock.isoformat("seconds" if clock.second else "minutes")
        return Resolved(TimeKind.TIME, value, res.precision, res.start, res.end, None, year)

    return resolve


@rule(
    r"(?<![\w/.,-])(?P<a>\d{1,2})(?P<s1>[/.-])(?P<b>\d{1,2})(?P<s2>[/.-])(?P<y>\d{4}|\d{2})"
    r"(?![\w/-]|[.,]\d)" + _CLOCK_AFTER,
    trigger=_DIGITS_THEN_SEPARATOR,
    at="a",
)
def _numeric_date(m: re.Match[str], text: str) -> Candidate | None:
    """ "13/09/2022", "09/13/22", "13.09.2022", "13-09-2022" (not "1.2.3", "10.0.0.1")."""
    separator = m["s1"]
    if m["s2"] != separator or (separator != "/" and len(m["y"]) != 4):
        return None  # dotted and dashed dates always have a four-digit year
    a, b, year = int(m["a"]), int(m["b"]), full_year(m["y"])
    order = numeric_order(a, b, separator, text)
    month, day = (b, a) if order == "DMY" else (a, b)
    if order is None:
        if valid_date(year, a, b) is None or valid_date(year, b, a) is None:
            return None
        return _cand(m, _ambiguous_day_resolver(year), priority=2)
    if valid_date(year, month, day) is None:
        return None
    return _cand(m, _dated(m, text, year, month, day, order, m.start()), priority=2)


def _ambiguous_day_resolver(year: int) -> Callable[[Context], Resolved]:
    """ "09/10/2022" with no hint of the field order: only its year is certain."""

    def resolve(ctx: Context) -> Resolved:
        period = year_period(year)
        return Resolved(
            TimeKind.DATE, f"{year}-XX-XX", Precision.YEAR, period.start, period.end, None, year
        )

    return resolve


@rule(
    r"(?<![\w/.,-])(?P<y>1\d{3}|20\d{2})(?P<s1>[/.])(?P<m>\d{1,2})(?P<s2>[/.])(?P<d>\d{1,2})"
    r"(?![\w/-]|[.,]\d)" + _CLOCK_AFTER,
    trigger=YEAR_DIGITS,
    at="y",
)
def _year_first_date(m: re.Match[str], text: str) -> Candidate | None:
    """ "2022/09/13", "2022.09.13" (always year-month-day)."""
    year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
    if m["s2"] != m["s1"] or valid_date(year, month, day) is None:
        return None
    return _cand(m, _dated(m, text, year, month, day, "DMY", m.start()), priority=2)


@rule(
    rf"(?<![\w/.,-])(?P<d>\d{{1,2}})-(?P<mo>{MONTH_RE})-(?P<y>\d{{4}}|\d{{2}})"
    r"(?![\w/-]|[.,]\d)" + _CLOCK_AFTER,
    trigger=MONTH_NAME,
    at="mo",
)
def _dashed_month_date(m: re.Match[str], text: str) -> Candidate | None:
    """ "13-Sep-2022", "13-SEP-22"."""
    month = month_number(m["mo"])
    year, day = full_year(m["y"]), int(m["d"])
    if month is None or valid_date(year, month, day) is None:
        return None
    return _cand(m, _dated(m, text, year, month, day, "DMY", m.start()), priority=1)


_WD_PREFIX = rf"(?:(?P<wd>{WEEKDAY_RE}),?\s+)?"


@rule(
    # "June 20, 1792"; "June 20 of 1792"
    rf"(?P<t>{_WD_PREFIX}(?P<mo>{MONTH_RE})\s+(?P<d>{DAY_RE})(?:,\s*|\s+(?:(?i:of)\s+)?)"
    rf"(?P<y>{YEAR_RE})(?![\w'’-])" + _CLOCK_AFTER + ")",
    trigger=MONTH_NAME,
    at="mo",
)
def _month_day_year(m: re.Match[str], text: str) -> Candidate | None:
    month = month_number(m["mo"])
    if month is None:
        return None
    year, day = int(m["y"]), day_number(m["d"])
    return _cand(m, _dated(m, text, year, month, day, "MDY", m.start("mo")), priority=1)


@rule(
    rf"(?<![\d$.,:/])(?P<t>{_WD_PREFIX}(?:(?i:the)\s+)?(?P<d>{DAY_RE})\s+(?:of\s+)?"
    rf"(?P<mo>{MONTH_RE}),?\s+(?P<y>{YEAR_RE})(?![\w'’-])" + _CLOCK_AFTER + ")",
    trigger=MONTH_NAME,
    at="mo",
)
def _day_month_year(m: re.Match[str], text: str) -> Candidate | None:
    month = month_number(m["mo"])
    if month is None:
        return None
    year, day = int(m["y"]), day_number(m["d"])
    return _cand(m, _dated(m, text, year, month, day, "DMY", m.start("d")), priority=1)


@rule(
    rf"(?P<t>{_WD_PREFIX}(?P<mo>{MONTH_RE})\s+(?P<d>{DAY_RE}))(?!\s*(?:%|percent))",
    trigger=MONTH_NAME,
    at="mo",
)
def _month_day(m: re.Match[str], text: str) -> Candidate | None:
    month = month_number(m["mo"])
    if month is None:
        return None
    # A number right after a month name is its day ("the Aug. 7 attack killed 12", "Sept. 11
    # victims"); only the months that are also words can start a count ("May 20 people").
    if m["mo"].lower() in ("may", "march") and _is_count(text, m.end()):
        return None
    return _cand(m, _day_resolver(None, month, day_number(m["d"])), priority=2)


@rule(
    rf"(?<![\d$.,:/])(?P<t>{_WD_PREFIX}(?:(?i:the)\s+)?(?P<d>{DAY_RE})\s+(?:of\s+)?"
    rf"(?P<mo>{MONTH_RE}))",
    trigger=MONTH_NAME,
    at="mo",
)
def _day_month(m: re.Match[str], text: str) -> Candidate | None:
    month = month_number(m["mo"])
    if month is None:
        return None
    if not m["mo"][0:1].isupper():
        return None
    return _cand(m, _day_resolver(None, month, day_number(m["d"])), priority=2)


@rule(
    rf"\b(?P<t>(?i:the)\s+(?i:week)\s+of\s+(?P<mo>{MONTH_RE})\s+(?P<d>{DAY_RE})"
    rf"(?:,?\s+(?P<y>{YEAR_RE}))?)(?![\w'’-])",
    trigger=MONTH_NAME,
    at="mo",
)
def _week_of(m: re.Match[str], text: str) -> Candidate | None:
    """ "the week of March 6": the ISO week that contains the day."""
    month = month_number(m["mo"])
    if month is None:
        return None
    resolve_day = _day_resolver(int(m["y"]) if m["y"] else None, month, day_number(m["d"]))

    def resolve(ctx: Context) -> Resolved | None:
        day = resolve_day(ctx)
        if day is None or day.start is None:
            return unanchored("XXXX-WXX", Precision.WEEK)
        return from_period(week_period(day.start), year=day.year)

    return _cand(m, resolve, priority=1)


# A modifier starts a word: "amid July 2020" is not "mid July 2020".
_MOD_PREFIX = (
    r"(?:\b(?P<mod>(?i:(?:the\s+)?(?:very\s+)?(?:early|mid|late|end\s+of|beginning\s+of"
    r"|start\s+of|middle\s+of|close\s+of)))(?:\s+|-))?"
)


def _month_resolver(
    year: int | None, month: int, mod: Modifier | None
) -> Callable[[Context], Resolved | None]:
    def resolve(ctx: Context) -> Resolved | None:
        y = year if year is not None else pick_year(ctx, month)
        if y is None:
            return unanchored(f"XXXX-{month:02d}", Precision.MONTH, mod)
        return from_period(month_period(y, month), mod, year=year)

    return resolve


@rule(
    rf"(?P<t>{_MOD_PREFIX}(?P<mo>{MONTH_RE}),?\s+(?:of\s+)?(?P<y>{YEAR_RE}))(?![\w'’-])",
    trigger=MONTH_NAME,
    at="mo",
)
def _month_year(m: re.Match[str], text: str) -> Candidate | None:
    month = month_number(m["mo"])
    if month is None or _is_count(text, m.end()):
        return None
    return _cand(m, _month_resolver(int(m["y"]), month, _mod(m["mod"])), priority=2)


@rule(
    rf"(?P<t>{_MOD_PREFIX}(?P<mo>{MONTH_RE}),?\s+(?:of\s+)?(?P<rel>(?i:this|last|next))\s+"
    r"(?i:year))(?![\w'’-])",
    trigger=MONTH_NAME,
    at="mo",
)
def _month_relative_year(m: re.Match[str], text: str) -> Candidate | None:
    """ "January this year", "June last year", "April of next year": the month of a year
    counted from the dct."""
    month = month_number(m["mo"])
    if month is None:
        return None
    rel, mod = m["rel"], _mod(m["mod"])

    def resolve(ctx: Context) -> Resolved | None:
        year = _relative_year(ctx, rel)
        if year is None:
            return unanchored(f"XXXX-{month:02d}", Precision.MONTH, mod)
        return from_period(month_period(year, month), mod)

    return _cand(m, resolve, priority=2)


# Words before a lone month name that make it a date: "in July", "since March", "last May".
_MONTH_CONTEXT = re.compile(
    r"(?i:\b(?:in|since|until|till|by|during|through|throughout|last|next|this|before|after"
    r"|from|to|and|or|between|every|each|that|for|around|on|into|month\s+of|early|late|mid"
    r"|end\s+of|beginning\s+of|start\s+of|middle\s+of))[\s-]+$"
)


@rule(rf"(?P<t>{_MOD_PREFIX}(?P<mo>{MONTH_FULL_RE}))(?![\w-])", trigger=MONTH_NAME, at="mo")
def _month_alone(m: re.Match[str], text: str) -> Candidate | None:
    name = m["mo"].lower()
    month = month_number(name)
    if month is None:
        return None
    before = _prev_text(text, m.start())
    after_word = _next_word(text, m.end())
    has_context = bool(m["mod"]) or bool(_MONTH_CONTEXT.search(before))
    if after_word in NAME_HEADS:
        return None  # "the October Revolution", "the July Crisis"
    if text[m.end() : m.end() + 2] in ("'s", "’s") and name == "may":
        return None  # "May's government"
    if name in ("may", "march"):
        # Also a verb and a noun: only a date right after a temporal preposition.
        if not has_context:
            return None
        if name == "march" and re.match(
            r"\s+(?:on|to|through|against|toward|towards)\b", text[m.end() :][:12]
        ):
            return None
        if name == "may" and re.match(
            r"\s+(?:be|have|not|well|also|still|never|well|I|we|you|he|she|they|it)\b",
            text[m.end() :][:8],
        ):
            return None
    elif not has_context and (
        after_word[:1].isupper() or re.search(r"[A-Z][a-z]+\s+$", before[-20:])
    ):
        return None  # part of a name: "June Carter", "Hurricane August"
    return _cand(m, _month_resolver(None, month, _mod(m["mod"])), priority=4)


# ---------------------------------------------------------------------------------------------
# Years, decades, centuries


_YEAR_CONTEXT = (
    r"(?:(?i:in|since|until|till|by|of|from|before|after|during|through|throughout|to|and|or"
    r"|between|both|the|circa|fiscal|as\s+of|prior\s+to|ending|year|then|c\.|for|into|due|a|that"
    r"|its|his|her|their|our)|[A-Za-z]+['’]s|,)"
)
# Contexts that also precede counts ("the 1500 rebels", "for 1200 homes"): checked harder.
_WEAK_YEAR_CONTEXT = words(
    "the of to and or between both by then for into due a that its his her their our ,"
)
_OF_NOT_YEAR = re.compile(
    r"(?i)\b(?:total|number|sum|toll|average|maximum|minimum|population|estimate|out|up"
    r"|force|group|crowd|count|rate|score|height|depth|altitude|range|distance|speed"
    r"|capacity|figure|tally|size|strength|one|none|some|most|all|each|any)\s+$"
)
_NEAR_YEAR = re.compile(r"(?<!\d)(?:1\d{3}|20\d{2})(?!\d)")


def _year_resolver(year: int, mod: Modifier | None = None) -> Callable[[Context], Resolved]:
    def resolve(ctx: Context) -> Resolved:
        return from_period(year_period(year), mod, year=year)

    return resolve


@rule(
    rf"\b(?P<pre>{_YEAR_CONTEXT})(?:\s+|-)(?:(?i:the\s+year)\s+)?(?P<y>{YEAR_RE})"
    r"(?P<pos>['’]s)?(?![\w'’-])",
    trigger=YEAR_DIGITS,
    at="y",
)
def _year_in_context(m: re.Match[str], text: str) -> Candidate | None:
    pre = " ".join(m["pre"].lower().split())
    if pre.endswith(("'s", "’s")):
        pre = "its"  # a possessive determiner: "the company's 1989 results"
    year = int(m["y"])
    end = m.end("y")
    if m["pos"] is None and _is_count(text, end):
        return None
    if pre in _WEAK_YEAR_CONTEXT:
        following = _next_word(text, m.end())
        if m["pos"] is None and _is_plural_noun(following):
            return None  # "the 1500 rebels", "of 1200 homes"
        if pre == "of" and _OF_NOT_YEAR.search(_prev_text(text, m.start())):
            return None  # "a total of 1500"
        if pre in ("to", "and", "or", ",") and not _NEAR_YEAR.search(
            _prev_text(text, m.start(), 25)
        ):
            return None  # "rose to 1500": only a year next to another year
        if pre in ("between", "both") and not re.match(
            rf"\s+(?:and|to)\s+{YEAR_RE}", text[m.end() : m.end() + 12]
        ):
            return None
        if pre in ("by", "for", "a", "due") and year < 1900:
            return None
        if pre in ("a", "that", "its", "his", "her", "their", "our") and not re.match(
            r"\s+[A-Za-z]", text[m.end() : m.end() + 3]
        ):
            return None  # a determiner is only a year context before a noun: "its 1988 loss"
    if pre == "fiscal":
        return Candidate(m.start(), end, _year_resolver(year), 3)
    return Candidate(m.start("y"), end, _year_resolver(year), 3)


@rule(
    _WORD_START  # "amid 2019" is not "mid 2019"
    + r"(?P<t>(?P<mod>(?i:(?:the\s+)?(?:very\s+)?(?:early|mid|late|end\s+of|beginning\s+of"
    r"|start\s+of|middle\s+of|close\s+of|first\s+months\s+of|last\s+months\s+of)))"
    rf"(?:\s+|-)(?:(?i:the\s+year)\s+)?(?P<y>{YEAR_RE}))(?![\w'’-])",
    trigger=YEAR_DIGITS,
    at="y",
)
def _modified_year(m: re.Match[str], text: str) -> Candidate | None:
    if _is_count(text, m.end()):
        return None
    return _cand(m, _year_resolver(int(m["y"]), _mod(m["mod"])), priority=2)


@rule(
    r"(?P<t>\b(?i:fiscal)(?:\s+(?i:year))?\s+(?P<y>\d{4}|['’]?\d{2}))(?![\w'’/–-])",
    trigger=words_trigger("fiscal"),
)
def _fiscal_year(m: re.Match[str], text: str) -> Candidate | None:
    digits = m["y"].lstrip("'’")
    year = int(digits)
    if len(digits) == 2:
        year += 1900 if year >= 50 else 2000
    if not 1000 <= year <= 2099:
        return None
    return _cand(m, _year_resolver(year), priority=2)


@rule(r"(?P<t>\b(?P<y>1\d{3}|20\d{2})['’]s)(?=\s+[a-z])", trigger=YEAR_DIGITS, at="y")
def _year_possessive(m: re.Match[str], text: str) -> Candidate | None:
    # "1991's collapse" (a decade would have been preceded by "the", handled by _decade).
    return Candidate(m.start("y"), m.end("y"), _year_resolver(int(m["y"])), 4)


_TENS_WORDS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_TEEN_WORDS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_DIGIT_WORDS = "one|two|three|four|five|six|seven|eight|nine"


# "ninety-six", "eighty", "twelve", "oh five": the last two digits of a year read out.
_SPOKEN_YY = (
    rf"(?:{_TENS_WORDS})(?:[- ](?:{_DIGIT_WORDS}))?|{_TEEN_WORDS}|(?:oh[- ])?(?:{_DIGIT_WORDS})"
)
_SPOKEN_2000S = rf"two\s+thousand(?:\s+and\s+(?:{_DIGIT_WORDS}))?"


@rule(
    rf"\b(?P<t>(?:(?P<mo>{MONTH_FULL_RE})\s+|(?P<the>(?i:the\s+year))\s+"
    rf"|(?:(?i:the)\s+)?(?P<s>{SEASON_RE})\s+(?:(?i:of)\s+)?)?"
    rf"(?:(?P<c>(?i:nineteen|eighteen))\s+(?P<yy>(?i:{_SPOKEN_YY}))|(?P<k>(?i:{_SPOKEN_2000S}))))"
    r"\b(?![- ](?i:years?|people|hundred|thousand|percent)\b)",
    trigger=words_trigger("nineteen eighteen thousand"),
)
def _spoken_year(m: re.Match[str], text: str) -> Candidate | None:
    """Years read out in broadcast transcripts: "nineteen ninety-six", "the year two thousand",
    "the winter of nineteen ninety-four" (a bare "two thousand" is a count: only with "the
    year", a month or a season before it)."""
    if m["k"]:
        if not (m["the"] or m["mo"] or m["s"]):
            return None
        rest = m["k"].lower().split()
        year = 2000 + (NUMBER_WORDS.get(rest[-1], 0) if len(rest) > 2 else 0)
    else:
        century = 1900 if m["c"].lower() == "nineteen" else 1800
        words_ = m["yy"].lower().replace("-", " ").split()
        words_ = [w for w in words_ if w != "oh"]
        yy = sum(NUMBER_WORDS.get(w, 0) for w in words_)
        year = century + yy
    month = month_number(m["mo"]) if m["mo"] else None
    if month is not None:
        return _cand(m, _month_resolver(year, month, None), priority=1)
    if m["s"]:
        code = SEASONS[m["s"].lower()]
        return _cand(m, lambda ctx: from_period(season_period(year, code), year=year), 1)
    return _cand(m, _year_resolver(year), priority=1)


_DECADE_MOD = r"(?:(?P<mod>(?i:early|mid|late))(?:\s+|-))?"


def _decade_resolver(decade: int, mod: Modifier | None) -> Callable[[Context], Resolved]:
    def resolve(ctx: Context) -> Resolved:
        return from_period(decade_period(decade), mod)

    return resolve


@rule(
    rf"(?P<t>(?P<the>(?i:the)\s+)?{_DECADE_MOD}(?P<y>1\d\d0|20\d0)(?P<s>s|['’]s))(?![\w'’])",
    trigger=YEAR_DIGITS,
    at="y",
)
def _decade(m: re.Match[str], text: str) -> Candidate | None:
    if m["s"] != "s" and not (m["the"] or m["mod"]):
        return None  # "2020's war" is a possessive year
    return _cand(m, _decade_resolver(int(m["y"]) // 10, _mod(m["mod"])), priority=1)


@rule(
    rf"(?P<t>(?P<the>(?i:the)\s+)?{_DECADE_MOD}['’‘](?P<yy>\d0)s)(?![\w'’])",
    trigger=regex_trigger(r"\d\d*", keep=lambda text, start, end: end - start == 2),
    at="yy",
)
def _short_decade(m: re.Match[str], text: str) -> Candidate | None:
    yy = int(m["yy"])
    decade = (2000 + yy if yy < 20 else 1900 + yy) // 10  # "the '90s" → 199, "the '00s" → 200
    return _cand(m, _decade_resolver(decade, _mod(m["mod"])), priority=1)


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


@rule(
    rf"(?P<t>(?i:the)\s+{_DECADE_MOD}(?P<w>(?i:twenties|thirties|forties|fifties|sixties"
    r"|seventies|eighties|nineties)))\b",
    trigger=words_trigger("ties"),
    at="w",
)
def _decade_word(m: re.Match[str], text: str) -> Candidate | None:
    decade = 190 + _DECADE_WORDS[m["w"].lower()]
    return _cand(m, _decade_resolver(decade, _mod(m["mod"])), priority=1)


_ORDINAL_RE = "|".join(sorted((k for k in ORDINALS if not k[0].isdigit()), key=len, reverse=True))


@rule(
    rf"(?P<t>(?:(?i:the)\s+)?{_DECADE_MOD}(?P<n>\d{{1,2}}(?:st|nd|rd|th)|(?i:{_ORDINAL_RE}))"
    r"(?:\s+|-)(?i:century))\b",
    trigger=words_trigger("century"),
)
def _century(m: re.Match[str], text: str) -> Candidate | None:
    word = m["n"].lower()
    n = ORDINALS.get(word) or int(re.sub(r"\D", "", word) or "0")
    if not 1 <= n <= 21:
        return None
    mod = _mod(m["mod"])

    def resolve(ctx: Context) -> Resolved:
        return from_period(century_period(n - 1), mod)

    return _cand(m, resolve, priority=1)


# ---------------------------------------------------------------------------------------------
# Seasons, quarters, halves


@rule(
    rf"(?P<t>(?:(?i:the)\s+)?{_DECADE_MOD}(?P<s>{SEASON_RE})(?:\s+of)?,?\s+(?P<y>{YEAR_RE}))"
    r"(?![\w'’-])",
    trigger=SEASON_WORD,
    at="s",
)
def _season_year(m: re.Match[str], text: str) -> Candidate | None:
    code = SEASONS[m["s"].lower()]
    year, mod = int(m["y"]), _mod(m["mod"])
    return _cand(m, lambda ctx: from_period(season_period(year, code), mod, year=year), 1)


_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season_relative(code: str, relation: str, mod: Modifier | None) -> Callable[..., Resolved]:
    def resolve(ctx: Context) -> Resolved:
        if relation == "context" and ctx.narrative:
            year = narrative_year(ctx, _SEASON_MONTH[code])
            if year is None:
                return unanchored(f"XXXX-{code}", Precision.SEASON, mod)
            return from_period(season_period(year, code), mod)
        ref = reference_point(ctx, "season", deictic=True)
        if ref is None:
            return unanchored(f"XXXX-{code}", Precision.SEASON, mod)
        if relation == "context":
            if ctx.sentence_year is not None:
                return from_period(season_period(ctx.story_sentence_year() or 0, code), mod)
            year = ref.year - 1 if code == "WI" and ref.month <= 2 else ref.year
            # Past-tense text: a season that has not begun yet is last year's.
            if not ctx.future and season_period(year, code).start > ref + timedelta(31):
                year -= 1
            return from_period(season_period(year, code), mod)
        year, code2 = season_instance(ref, code, relation)
        return from_period(season_period(year, code2), mod)

    return resolve


@rule(
    rf"(?P<t>(?:(?P<mod>(?i:early|mid|late))(?:\s+|-))?(?P<rel>(?i:this|last|next|this\s+past"
    rf"|this\s+coming|the\s+coming|coming|the\s+past|past))\s+(?P<s>{SEASON_RE}))(?![\w-])",
    trigger=SEASON_WORD,
    at="s",
)
def _season_rel(m: re.Match[str], text: str) -> Candidate | None:
    rel = m["rel"].lower().split()
    relation = {"this": "this", "last": "last", "past": "last", "next": "next"}.get(rel[-1])
    if relation is None:
        relation = "next" if rel[-1] == "coming" else "this"
    if rel[0] == "the" and rel[-1] == "past":
        return None  # "the past summer" is rare; "the past winters" a set
    code = SEASONS[m["s"].lower()]
    return _cand(m, _season_relative(code, relation, _mod(m["mod"])), priority=2)


@rule(
    r"\b(?i:in|into|during|by|until|through|over|throughout|since|before|after|for|this)\s+"
    rf"(?P<t>(?P<the>(?i:the)\s+)?{_DECADE_MOD}(?P<s>{SEASON_RE}))(?![\w-])"
    r"(?!\s+(?i:of|and|or|months|season)\b)",
    trigger=SEASON_WORD,
    at="s",
)
def _season_context(m: re.Match[str], text: str) -> Candidate | None:
    word = m["s"].lower()
    if word == "fall" and not m["the"]:
        return None  # "before fall" is rare; "the fall" (without "of …") is the season
    code = SEASONS[word]
    return _cand(m, _season_relative(code, "context", _mod(m["mod"])), priority=3)


_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2}
_QUARTER_WORDS |= {"3rd": 3, "4th": 4}


def _relative_year(ctx: Context, rel: str | None) -> int | None:
    """The year of "this/last/next year" (deictic), or with no word the year being told (in
    news, where "the third quarter" is the one being reported, the dct's)."""
    ref = reference_point(ctx, "year", deictic=rel is not None or not ctx.narrative_document)
    if ref is None:
        return None
    rel = (rel or "this").lower()
    return ref.year + (-1 if rel.startswith(("last", "previous")) else 1 if "next" in rel else 0)


def _unit_in_year_resolver(
    make: Callable[[int], Period], n: int, unit_value: str, year: int | None, rel: str | None
) -> Callable[[Context], Resolved | None]:
    """Quarters and halves: an explicit year, a relative one, or the dct's year."""

    def resolve(ctx: Context) -> Resolved | None:
        y = year if year is not None else _relative_year(ctx, rel)
        if y is None:
            return unanchored(f"XXXX-{unit_value}", Precision.QUARTER)
        period = make(y)
        # A quarter of "this" year that has not begun is, in past-tense text, last year's.
        late = ctx.dct is not None and period.start > ctx.dct
        if year is None and rel is None and late and not ctx.future:
            period = make(y - 1)
        return from_period(period, year=year)

    return resolve


@rule(
    r"(?P<t>(?:(?P<the>(?i:the))\s+|(?P<ry>(?i:this|last|next))\s+(?i:year)['’]s\s+)?"
    r"(?P<fiscal>(?i:fiscal)[\s-]+)?"
    r"(?P<o>(?i:first|second|third|fourth|1st|2nd|3rd|4th))(?P<sep>\s+|-)(?i:quarter)"
    r"(?:\s+of\s+(?:(?P<y>" + YEAR_RE + r")|(?P<rel>(?i:this|last|next|the"
    r"|the\s+previous|the\s+current))\s+(?i:fiscal\s+)?(?i:year)|(?i:fiscal)\s+(?P<fy>"
    + YEAR_RE
    + r")))?)(?![\w-])",
    trigger=words_trigger("quarter"),
)
def _quarter(m: re.Match[str], text: str) -> Candidate | None:
    q = _QUARTER_WORDS[m["o"].lower()]
    if re.match(
        r"\s+of\s+(?:the\s+)?(?:game|match|century|mile|hour)", text[m.end() : m.end() + 20]
    ):
        return None
    if re.match(r"(?i)\s*(?:of\s+)?(?:the\s+)?(?:population|people|them)", text[m.end() :][:25]):
        return None
    year_text = m["y"] or m["fy"]
    year = int(year_text) if year_text else None
    rel = m["rel"] if m["rel"] and m["rel"].lower() != "the" else None
    rel = rel or m["ry"]
    resolve = _unit_in_year_resolver(lambda y: quarter_period(y, q), q, f"Q{q}", year, rel)
    start, end = _span(m)
    if m["the"] and m["sep"] == "-" and not m["y"] and not m["rel"] and not m["fy"]:
        # "the third-quarter loss": the quarter only modifies the noun, and TimeML leaves the
        # noun phrase's determiner out ("the third quarter" keeps it).
        start = m.start("fiscal") if m["fiscal"] else m.start("o")
    return Candidate(start, end, resolve, 2)


@rule(
    rf"\bQ(?P<q>[1-4])(?:\s+|-|\s*['’])(?P<y>{YEAR_RE}|\d{{2}})(?![\w-])",
    trigger=regex_trigger("Q[1-4]"),
)
def _quarter_code(m: re.Match[str], text: str) -> Candidate | None:
    q, y = int(m["q"]), int(m["y"])
    if y < 100:
        y += 2000 if y < 50 else 1900
    return _cand(m, lambda ctx: from_period(quarter_period(y, q), year=y), priority=1)


@rule(
    r"(?P<t>(?:(?i:the)\s+)?(?P<o>(?i:first|second|last|latter))\s+(?i:half)\s+of\s+"
    rf"(?:(?P<y>{YEAR_RE})|(?P<rel>(?i:this|last|next|the))\s+(?i:year)))(?![\w-])",
    trigger=words_trigger("half"),
)
def _half(m: re.Match[str], text: str) -> Candidate | None:
    h = 1 if m["o"].lower() == "first" else 2
    year = int(m["y"]) if m["y"] else None
    rel = m["rel"] if m["rel"] and m["rel"].lower() != "the" else None
    return _cand(
        m, _unit_in_year_resolver(lambda y: half_period(y, h), h, f"H{h}", year, rel), priority=2
    )


# ---------------------------------------------------------------------------------------------
# Relative to the document creation date


# A weekday right after a reporting verb is when it was said: news time, not story time.
_REPORTED = re.compile(
    r"(?i)\b(?:said|says|told|announced|reported|stated|added|confirmed|denied|claimed"
    r"|declared|warned)(?:\s+[a-z]+ly)?(?:\s+(?:on|late|early))?\s+$"
)


# A weekday after these words lies on or before the day being told: "since Thursday".
_LOOKS_BACK = re.compile(r"(?i)\b(?:since|before|until|till|by)\s+$")


def _pod_value(pod: str | None) -> str:
    return "T" + PARTS_OF_DAY[pod.lower()] if pod else ""


def _day_offset_resolver(
    offset: int, pod: str | None, kind: TimeKind = TimeKind.DATE, reported: bool = True
) -> Callable[[Context], Resolved]:
    """ "yesterday", "tonight": a day counted from the dct (see `_weekday_resolver` for
    ``reported``)."""
    suffix = _pod_value(pod)
    if suffix:
        kind = TimeKind.TIME

    def resolve(ctx: Context) -> Resolved:
        # A history's "today" is its present (TIMEX2/TimeML PRESENT_REF), not the day it was
        # published: "the town is today a ruin".
        history = ctx.narrative_document or ctx.genre is Genre.NARRATIVE
        if history and ctx.genre is not Genre.NEWS and not (reported or offset or suffix):
            return unanchored("PRESENT_REF", None)
        if ctx.genre is Genre.NARRATIVE:
            # Declared a narrative: "yesterday" counts from the day being told.
            on = story_day(ctx)
            if on is None:
                return unanchored("XXXX-XX-XX" + suffix, Precision.DAY, kind=kind)
            return from_period(
                day_period(on + timedelta(days=offset)), kind=kind, value_suffix=suffix
            )
        if ctx.dct is None:
            return unanchored("XXXX-XX-XX" + suffix, Precision.DAY, kind=kind)
        day = ctx.dct + timedelta(days=offset)
        return from_period(day_period(day), kind=kind, value_suffix=suffix)

    return resolve


_DAY_WORDS = {
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
    "yesterday": -1,
    "today": 0,
    "tomorrow": 1,
    "tonight": 0,
    "last night": -1,
}


@rule(
    r"\b(?P<t>(?P<w>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday"
    r"|today|tomorrow|tonight|last\s+night))(?:\s+(?P<pod>(?i:morning|afternoon|evening|night)))?)"
    r"\b",
    trigger=words_trigger("day night tomorrow"),
    at="w",
)
def _day_word(m: re.Match[str], text: str) -> Candidate | None:
    w = " ".join(m["w"].lower().split())
    if m["w"] == "Today" and not _sentence_initial(text, m.start()):
        return None  # a title inside a sentence: "USA Today", "the Today programme"
    pod = m["pod"]
    if w in ("tonight", "last night"):
        pod = "night"
    reported = bool(_REPORTED.search(_prev_text(text, m.start(), 24)))
    return _cand(m, _day_offset_resolver(_DAY_WORDS[w], pod, reported=reported), priority=2)


@rule(
    r"\b(?P<t>(?i:(?:early\s+|late\s+)?this)\s+(?P<pod>(?i:morning|afternoon|evening)))\b",
    trigger=PART_OF_DAY,
    at="pod",
)
def _this_part_of_day(m: re.Match[str], text: str) -> Candidate | None:
    return _cand(m, _day_offset_resolver(0, m["pod"]), priority=2)


_UNIT_REL = r"(?P<u>(?i:week|weekend|month|year|quarter|decade|century|fiscal\s+year))(?![\w-])"


def _unit_period(dct: date, unit: str, offset: int) -> Period:
    """The period of ``unit`` containing dct, moved by ``offset`` units."""
    if unit == "week":
        return week_period(dct + timedelta(weeks=offset))
    if unit == "weekend":
        return weekend_period(dct + timedelta(weeks=offset))
    if unit == "month":
        y, mo = shift_month(dct.year, dct.month, offset)
        return month_period(y, mo)
    if unit == "quarter":
        y, mo = shift_month(dct.year, dct.month, 3 * offset)
        return quarter_period(y, (mo - 1) // 3 + 1)
    if unit == "decade":
        return decade_period(dct.year // 10 + offset)
    if unit == "century":
        return century_period(dct.year // 100 + offset)
    return year_period(dct.year + offset)


_UNANCHORED_UNIT = {
    "week": ("XXXX-WXX", Precision.WEEK),
    "weekend": ("XXXX-WXX-WE", Precision.WEEK),
    "month": ("XXXX-XX", Precision.MONTH),
    "quarter": ("XXXX-QX", Precision.QUARTER),
    "year": ("XXXX", Precision.YEAR),
    "decade": ("XXX", Precision.DECADE),
    "century": ("XX", Precision.CENTURY),
}


def _dct_unit_resolver(
    unit: str, offset: int, mod: Modifier | None, part: str | None, anaphoric: bool = False
) -> Callable[[Context], Resolved]:
    """ "last week", "this month", "earlier this year" (``part`` = earlier/later); with
    ``anaphoric``, "the end of the month": the story's month in narrative (see
    `reference_point`)."""

    def resolve(ctx: Context) -> Resolved:
        # In a narrative, "this year" is the year being told ("another event of this year").
        follows = anaphoric or (offset == 0 and ctx.narrative_document)
        ref = reference_point(ctx, unit, deictic=not follows)
        if ref is None:
            value, precision = _UNANCHORED_UNIT[unit]
            return unanchored(value, precision, mod)
        period = _unit_period(ref, unit, offset)
        res = from_period(period, mod)
        if part and offset == 0 and res.start and res.end:
            # "earlier this year": from the start of the year up to the reference day.
            if part == "earlier" and res.start <= ref:
                return Resolved(res.kind, res.value, res.precision, res.start, ref, None)
            if part == "later" and ref <= res.end:
                return Resolved(res.kind, res.value, res.precision, ref, res.end, None)
        return res

    return resolve


@rule(
    _WORD_START  # not inside a word ("amid this week")
    + r"(?P<t>(?:(?P<mod>(?i:earlier|later|early|late|mid|(?:the\s+)?(?:end|beginning|start"
    r"|middle|close)\s+of))(?:\s+|-))?(?P<rel>(?i:this|last|next|the\s+current|current"
    r"|the\s+coming|this\s+coming|this\s+past|the))\s+" + _UNIT_REL + ")",
    trigger=UNIT_WORD,
    at="u",
)
def _dct_unit(m: re.Match[str], text: str) -> Candidate | None:
    rel = m["rel"].lower().split()[-1]
    modword = (m["mod"] or "").lower()
    if rel == "the" and not re.search(r"end|beginning|start|middle|close", modword):
        return None  # plain "the year" is too vague
    if _title_word(m["u"]):
        return None  # a programme: "This Week"
    unit = m["u"].lower().split()[-1]
    offset = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(rel, 0)
    if rel == "the" and unit == "weekend":
        return None
    part = modword if modword in ("earlier", "later") else None
    mod = None if part else _mod(modword)
    resolve = _dct_unit_resolver(unit, offset, mod, part, anaphoric=rel == "the")
    return _cand(m, resolve, priority=3)


@rule(
    r"(?P<t>\b(?P<rel>(?i:the|over\s+the))\s+(?i:weekend))(?![\w-])", trigger=words_trigger("week")
)
def _the_weekend(m: re.Match[str], text: str) -> Candidate | None:
    """ "the weekend": the one on or before the dct, or the coming one in future-tense text."""

    def resolve(ctx: Context) -> Resolved:
        if ctx.dct is None:
            return unanchored("XXXX-WXX-WE", Precision.WEEK)
        in_weekend = ctx.dct.weekday() >= 5
        day = ctx.dct if in_weekend or ctx.future else ctx.dct - timedelta(weeks=1)
        return from_period(weekend_period(day))

    start = m.start() + (len(m["rel"]) - 3 if m["rel"].lower().startswith("over") else 0)
    return Candidate(start, m.end(), resolve, 4)


# Quantifiers that TimeML keeps inside the expression (they set its mod). Focus adverbs
# ("only five hours", "just a decade ago") are not temporal modifiers and stay outside.
_AGO_Q = (
    r"(?:(?P<q>(?i:about|around|nearly|almost|some|roughly|approximately|more\s+than"
    r"|less\s+than|over|at\s+least))\s+)?"
)


@rule(
    rf"{_WORD_START}(?P<t>{_AGO_Q}(?P<n>(?i:{NUMBER_RE}|a|an|{VAGUE_RE}))\s+(?P<u>(?i:{UNIT_RE}))"
    r"\s+(?i:ago|earlier\s+than\s+now))\b",
    trigger=UNIT_WORD,
    at="u",
)
def _ago(m: re.Match[str], text: str) -> Candidate | None:
    n = number_value(m["n"])
    unit = m["u"].lower().rstrip("s")
    unit = {"centurie": "century", "millennia": "millennium"}.get(unit, unit)
    q = (m["q"] or "").lower()
    mod = (
        Modifier.APPROXIMATELY
        if q in APPROX_WORDS
        else Modifier.BEFORE
        if q.startswith(("more", "over", "at least"))
        else Modifier.AFTER
        if q.startswith("less")
        else None
    )

    def resolve(ctx: Context) -> Resolved | None:
        if n is None or not isinstance(n, int):
            return unanchored("PAST_REF", None, mod)
        if ctx.dct is None:
            return unanchored(
                _UNANCHORED_UNIT.get(unit, ("XXXX-XX-XX", Precision.DAY))[0], None, mod
            )
        d = ctx.dct
        if unit in ("second", "minute", "hour"):
            return from_period(day_period(d), mod, kind=TimeKind.TIME)
        if unit in ("day", "night"):
            return from_period(day_period(d - timedelta(days=n)), mod)
        if unit in ("week", "fortnight"):
            return from_period(
                week_period(d - timedelta(weeks=n * (2 if unit == "fortnight" else 1))), mod
            )
        if unit in ("month", "quarter"):
            y, mo = shift_month(d.year, d.month, -n * (3 if unit == "quarter" else 1))
            return from_period(month_period(y, mo), mod)
        if unit == "year":
            if n == 1 and (earlier := year_before_quarter(ctx)) is not None:
                ctx.comparison = True
                return replace(earlier, mod=mod)
            return from_period(year_period(d.year - n), mod)
        if unit == "decade":
            return from_period(year_period(d.year - 10 * n), mod or Modifier.APPROXIMATELY)
        if unit == "century":
            return from_period(
                century_period((d.year - 100 * n) // 100), mod or Modifier.APPROXIMATELY
            )
        return None

    return _cand(m, resolve, priority=2)


# ---------------------------------------------------------------------------------------------
# Relative to the previous anchored expression


@rule(
    rf"{_WORD_START}(?P<t>(?P<n>(?i:{NUMBER_RE}|a|an))\s+(?P<u>(?i:days?|weeks?|months?|years?|decades?))"
    # "on" means later only at the end of a clause ("Two years on, the town …"), not before
    # its object ("two days on a raft").
    r"\s+(?P<dir>(?i:later|earlier|afterwards?|on(?=\s*(?:[,.;:!?)]|$)))))\b"
    r"(?!\s+(?i:than|from)\b)",
    trigger=UNIT_WORD,
    at="u",
)
def _anchor_offset(m: re.Match[str], text: str) -> Candidate | None:
    n = number_value(m["n"])
    if not isinstance(n, int):
        return None
    unit = m["u"].lower().rstrip("s")
    sign = -1 if m["dir"].lower() == "earlier" else 1
    if unit == "decade":
        unit, n = "year", n * 10
    if unit == "year" and sign * n == -1:
        return _derived(_cand(m, _year_before_resolver(None), priority=2))
    return _cand(m, _anchor_resolver(unit, sign * n), priority=2)


def _derived(cand: Candidate) -> Candidate:
    """Mark a candidate whose quarter is a comparison period, not the one reported on: it
    does not become the document's reference quarter (see `normalize.recent_quarter`)."""
    cand.extra["comparison"] = True
    return cand


def _year_before_resolver(
    quarter: int | None, from_dct: bool = False
) -> Callable[[Context], Resolved | None]:
    """ "a year earlier", "the year-ago period": the quarter being reported on, a year before;
    without one, the previous anchored date moved back a year. ``from_dct``: for the
    adjectives "year-ago"/"year-earlier", which compare with the period being reported: the
    previous date only if it lies in the dct's year (the current period), else the year
    before the dct's. ``quarter``: an explicit one ("the year-ago third quarter")."""
    by_anchor = _anchor_resolver("year", -1)
    by_dct = _dct_unit_resolver("year", -1, None, None)

    def fallback(ctx: Context) -> Resolved | None:
        anchor = ctx.anchor
        current = anchor is not None and anchor.start is not None and ctx.dct is not None
        current = current and anchor.start.year == ctx.dct.year  # type: ignore[union-attr]
        return by_dct(ctx) if from_dct and not current else by_anchor(ctx)

    def resolve(ctx: Context) -> Resolved | None:
        recent = recent_quarter(ctx)
        if quarter is not None:
            base = recent.start.year if recent and recent.start else None
            base = base or (ctx.dct.year if ctx.dct else None)
            if base is None:
                return unanchored(f"XXXX-Q{quarter}", Precision.QUARTER)
            return from_period(quarter_period(base - 1, quarter))
        earlier = year_before_quarter(ctx)
        return earlier if earlier is not None else fallback(ctx)

    return resolve


def _anchor_resolver(unit: str, offset: int) -> Callable[[Context], Resolved | None]:
    def resolve(ctx: Context) -> Resolved | None:
        shifted = shift_period(ctx.anchor, unit, offset) if ctx.anchor else None
        if shifted is None and ctx.anchor is None and ctx.story_bc is not None:
            return _bc_shift(ctx.story_bc, unit, offset)
        if shifted is None:
            return unanchored(
                _UNANCHORED_UNIT.get(unit, ("XXXX-XX-XX", Precision.DAY))[0],
                _UNANCHORED_UNIT.get(unit, ("", Precision.DAY))[1],
            )
        return shifted

    return resolve


@rule(
    r"\b(?P<t>(?i:the)\s+(?P<w>(?i:following|next|previous|preceding|same|prior))\s+"
    r"(?P<u>(?i:day|week|month|year)))\b(?!\s+(?i:of|and)\b)",
    trigger=UNIT_WORD,
    at="u",
)
def _the_following(m: re.Match[str], text: str) -> Candidate | None:
    w = m["w"].lower()
    offset = 0 if w == "same" else -1 if w in ("previous", "preceding", "prior") else 1
    return _cand(m, _anchor_resolver(m["u"].lower(), offset), priority=2)


@rule(
    r"\b(?P<t>(?i:the)\s+(?P<w>(?i:following|next|previous|preceding|same))\s+"
    r"(?P<pod>(?i:morning|afternoon|evening|night)))\b(?!\s+(?i:of)\b)",
    trigger=words_trigger("morning noon evening night"),  # "noon" for afternoon
    at="pod",
)
def _the_following_part_of_day(m: re.Match[str], text: str) -> Candidate | None:
    """ "the next morning", "the previous evening": a part of the day after (before, or of)
    the day named last; TimeML writes it as a TIME, the day with the part's code."""
    w = m["w"].lower()
    offset = 0 if w == "same" else -1 if w in ("previous", "preceding") else 1
    suffix = _pod_value(m["pod"])

    def resolve(ctx: Context) -> Resolved | None:
        shifted = shift_period(ctx.anchor, "day", offset) if ctx.anchor else None
        if shifted is None or shifted.start is None:
            return unanchored("XXXX-XX-XX" + suffix, Precision.DAY, kind=TimeKind.TIME)
        return from_period(day_period(shifted.start), kind=TimeKind.TIME, value_suffix=suffix)

    return _cand(m, resolve, priority=2)


@rule(
    r"\b(?P<t>(?:(?P<mod>(?i:later|earlier|early|late))\s+)?(?i:that)\s+"
    r"(?P<u>(?i:day|month|quarter|year)))\b(?![\w-])",
    trigger=UNIT_WORD,
    at="u",
)
def _that_unit(m: re.Match[str], text: str) -> Candidate | None:
    unit = m["u"].lower()
    if unit == "quarter":  # "that quarter": the quarter named last, compared or not

        def resolve(ctx: Context) -> Resolved | None:
            return ctx.last_quarter or unanchored("XXXX-QX", Precision.QUARTER)

        return _cand(m, resolve, priority=3)
    return _cand(m, _anchor_resolver(unit, 0), priority=3)


# ---------------------------------------------------------------------------------------------
# Weekdays and times of day


def _weekday_resolver(
    weekday: int,
    relation: str | None,
    suffix: str,
    kind: TimeKind,
    reported: bool = True,
    back: bool = False,
) -> Callable[[Context], Resolved]:
    """A weekday counted from the dct; with ``reported`` False (no reporting verb before it,
    "said Friday"), in a narrative from the day the story has reached."""

    def resolve(ctx: Context) -> Resolved:
        # In a narrative, "on Thursday" is the Thursday nearest the day being told, "since
        # Thursday" the one on or before it.
        on_story = None if reported else story_day(ctx)
        if on_story is not None:
            day = weekday_date(on_story, weekday, relation or ("past" if back else "nearest"))
            return from_period(day_period(day), kind=kind, value_suffix=suffix)
        ref = reference_point(ctx, "day", deictic=True)
        if ref is None:
            return unanchored(f"XXXX-WXX-{weekday + 1}{suffix}", Precision.DAY, kind=kind)
        if ctx.story_value is not None:
            # A story told in the past moves forward: "On 3 May … on Friday" is the Friday after.
            direction = relation or "future"
        else:
            direction = relation or ("future" if ctx.future else "past")
        day = weekday_date(ref, weekday, direction)
        return from_period(day_period(day), kind=kind, value_suffix=suffix)

    return resolve


@rule(
    r"(?P<t>(?:(?P<rel>(?i:last|next|this\s+past|this\s+coming|this|coming|past|on"
    r"|the\s+previous|the\s+preceding))\s+)?"
    rf"(?P<wd>{WEEKDAY_RE})(?:(?P<pos>['’]s)|\s+(?P<pod>(?i:morning|afternoon|evening|night)))?)"
    r"(?![\w-])",
    trigger=WEEKDAY_NAME,
    at="wd",
)
def _weekday(m: re.Match[str], text: str) -> Candidate | None:
    prev = _prev_text(text, m.start(), 12).split()
    if prev and prev[-1] in WEEKDAY_NAME_PREFIXES:
        return None  # "Black Friday", "Bloody Sunday"
    if _next_word(text, m.end()) in ("Times", "Telegraph", "Mail", "Express", "Night", "Club"):
        return None  # newspaper and show names
    rel = (m["rel"] or "").lower().split()
    relation = None
    if rel:
        relation = {
            "last": "last",
            "past": "last",
            "next": "next",
            "coming": "next",
            "this": "this",
        }.get(rel[-1])
        if rel[0] == "this" and len(rel) == 2:
            relation = "last" if rel[-1] == "past" else "next"
    start = m.start("wd") if rel[:1] == ["on"] else m.start()
    suffix = _pod_value(m["pod"])
    kind = TimeKind.TIME if suffix else TimeKind.DATE
    weekday = WEEKDAYS[m["wd"].lower()]
    if rel[:1] == ["the"]:
        # "the previous Friday": the one before the day named last (before the dct without one).
        by_dct = _weekday_resolver(weekday, "last", suffix, kind)

        def before_anchor(ctx: Context) -> Resolved | None:
            anchor = ctx.anchor
            if anchor is None or anchor.precision is not Precision.DAY or anchor.start is None:
                return by_dct(ctx)
            day = weekday_date(anchor.start, weekday, "last")
            return from_period(day_period(day), kind=kind, value_suffix=suffix)

        end = m.end("wd") if m["pos"] else m.end()
        return Candidate(start, end, before_anchor, 3)
    # A possessive "'s" is not part of the expression: "Friday's vote" → "Friday" (TimeML).
    end = m.end("wd") if m["pos"] else m.end()
    reported = bool(_REPORTED.search(_prev_text(text, m.start(), 24)))
    back = bool(_LOOKS_BACK.search(_prev_text(text, m.start(), 12)))
    resolve = _weekday_resolver(weekday, relation, suffix, kind, reported, back)
    return Candidate(start, end, resolve, 3)


@rule(
    r"\b(?P<t>(?i:the\s+day)\s+(?P<dir>(?i:before|after))\s+(?:(?P<rel>(?i:last|next|this))\s+)?"
    rf"(?P<wd>{WEEKDAY_RE}))(?![\w-])",
    trigger=WEEKDAY_NAME,
    at="wd",
)
def _day_beside_weekday(m: re.Match[str], text: str) -> Candidate | None:
    """ "the day before last Tuesday('s hearing)": that weekday, moved by a day."""
    rel = (m["rel"] or "").lower() or None
    by_weekday = _weekday_resolver(WEEKDAYS[m["wd"].lower()], rel, "", TimeKind.DATE)
    step = -1 if m["dir"].lower() == "before" else 1

    def resolve(ctx: Context) -> Resolved | None:
        res = by_weekday(ctx)
        if res.start is None:
            return unanchored("XXXX-XX-XX", Precision.DAY)
        return from_period(day_period(res.start + timedelta(days=step)))

    return _cand(m, resolve, priority=2)


_AMPM = r"(?P<ap>(?i:a\.m\.|p\.m\.|a\.m|p\.m|am|pm))(?![\w])"
_TIME_DAY = (
    rf"(?:,?\s+(?:(?i:on)\s+)?(?:(?P<wd>{WEEKDAY_RE})|(?P<rel>(?i:today|yesterday|tomorrow))"
    rf"|(?P<mo>{MONTH_RE})\s+(?P<d>{DAY_RE})))?"
)


def _reference_day(ctx: Context) -> date | None:
    """The day a bare time of day refers to: the last day named, else the dct."""
    anchor = ctx.anchor
    if anchor is not None and anchor.precision is Precision.DAY and anchor.start is not None:
        return anchor.start
    return ctx.dct


def _time_resolver(
    hour: int, minute: int | None, m: re.Match[str]
) -> Callable[[Context], Resolved | None]:
    clock = f"T{hour:02d}:{minute:02d}" if minute is not None else f"T{hour:02d}:00"
    wd = m["wd"]
    rel = m["rel"]
    month = month_number(m["mo"]) if m["mo"] else None
    day = day_number(m["d"]) if m["d"] else None

    def resolve(ctx: Context) -> Resolved | None:
        if wd:
            res = _weekday_resolver(WEEKDAYS[wd.lower()], None, "", TimeKind.TIME)(ctx)
        elif rel:
            res = _day_offset_resolver(_DAY_WORDS[rel.lower()], None, TimeKind.TIME)(ctx)
        elif month and day:
            res = _day_resolver(None, month, day)(ctx)
        else:
            # A clock time alone is read on the day the text is about (TimeML: the last day
            # named, else the dct), but it never becomes a calendar date of the timeline: the
            # value is written, the expression stays unanchored.
            on = _reference_day(ctx)
            prefix = on.isoformat() if on is not None else "XXXX-XX-XX"
            return unanchored(prefix + clock, None, kind=TimeKind.TIME)
        if res is None:
            return None
        return Resolved(TimeKind.TIME, res.value + clock, res.precision, res.start, res.end, None)

    return resolve


@rule(
    r"(?<![\w.:$,])(?P<t>(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?\s*"
    + _AMPM
    + _TZ
    + _TIME_DAY
    + ")",
    trigger=DIGITS,
    at="h",
)
def _clock_time(m: re.Match[str], text: str) -> Candidate | None:
    hour = int(m["h"]) % 12 + (12 if m["ap"].lower().startswith("p") else 0)
    minute = int(m["mi"]) if m["mi"] else None
    return _cand(m, _time_resolver(hour, minute, m), priority=2)


@rule(
    r"\b(?i:at)\s+(?P<t>(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?!\d|:\d)" + _TZ + _TIME_DAY + ")",
    trigger=words_trigger(":"),
)
def _clock_24h(m: re.Match[str], text: str) -> Candidate | None:
    return _cand(m, _time_resolver(int(m["h"]), int(m["mi"]), m), priority=2)


@rule(
    r"\b(?P<t>(?P<w>(?i:noon|midnight|midday))" + _TIME_DAY + r")\b",
    trigger=words_trigger("noon midnight midday"),
    at="w",
)
def _noon(m: re.Match[str], text: str) -> Candidate | None:
    if m["w"].lower() == "noon" and re.search(r"(?i)\bhigh\s+$", _prev_text(text, m.start(), 6)):
        return None  # "high noon": a decisive moment (and a film), not a clock time
    hour = 24 if m["w"].lower() == "midnight" else 12
    return _cand(m, _time_resolver(hour, None, m), priority=3)


@rule(
    r"(?<![\w$.,:/])(?i:the)\s+(?P<t>(?P<d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th))"
    r"(?=\s*[,.;:)]|\s*$|\s+(?:and|when|as|at|in|to|after|before|of\s+(?:this|last|the)\s+month)\b)",
    trigger=ORDINAL_DIGITS,
    at="t",
)
def _the_nth(m: re.Match[str], text: str) -> Candidate | None:
    if _ordinal_list_of_names(text, m.end("t")):
        return None  # "the 4th, 15th and 3rd Armies"
    day = day_number(m["d"])

    def resolve(ctx: Context) -> Resolved | None:
        ref = reference_point(ctx, "month", deictic=False)
        if ctx.sentence_month is not None:
            y, mo = ctx.sentence_month
        elif ref is not None:
            y, mo = ref.year, ref.month
        else:
            return unanchored(f"XXXX-XX-{day:02d}", Precision.DAY)
        if day > last_day(y, mo):
            return None
        return from_period(day_period(date(y, mo, day)))

    return Candidate(m.start(), m.end("t"), resolve, 4)


# ---------------------------------------------------------------------------------------------
# Reference words


_REF_WORDS = {
    "now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "the present": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "at the moment": "PRESENT_REF",
    "recently": "PAST_REF",
    "lately": "PAST_REF",
    "the past": "PAST_REF",
    "the future": "FUTURE_REF",
    "the near future": "FUTURE_REF",
    "the immediate future": "FUTURE_REF",
    "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF",
    "soon": "FUTURE_REF",
}


_LOOK_AHEAD = words("will would may might could can should shall must to")


@rule(
    r"\b(?P<t>(?i:now|currently|at\s+present|nowadays|the\s+present|these\s+days|at\s+the\s+moment"
    r"|recently|lately|the\s+past|the\s+(?:(?:near|immediate)\s+)?future"
    r"|the\s+(?:near|short)\s+term|soon))\b(?![-’'])",
    trigger=words_trigger("now current present day moment recent lately past future term soon"),
    at="t",
)
def _ref_word(m: re.Match[str], text: str) -> Candidate | None:
    word = " ".join(m["t"].lower().split())
    if word == "the past" and not re.search(
        r"(?i)\b(?:in|of|from)\s+$", _prev_text(text, m.start(), 6)
    ):
        return None
    if word == "soon" and re.match(r"\s+(?:after|before|as|afterwards?)\b", text[m.end() :][:14]):
        return None
    if word == "now" and text.startswith(",", m.end()) and _sentence_initial(text, m.start()):
        return None  # "Now, the mayor said …": a discourse marker, not a time
    value = _REF_WORDS[word]
    if word == "soon":
        # In a past narrative "soon" is "shortly after" the events told ("the trickle soon
        # became a flood"), not a time after the dct: no FUTURE_REF there.
        # A modal or "to" just before looks ahead whatever the tense around ("have told him
        # they may soon act").
        prev = _prev_text(text, m.start(), 8).split()
        ahead = bool(prev) and prev[-1].lower() in _LOOK_AHEAD
        return _cand(
            m, lambda ctx: None if ctx.past and not ahead else unanchored(value, None), priority=6
        )
    return _cand(m, lambda ctx: unanchored(value, None), priority=6)


def _title_word(word: str) -> bool:
    """Whether a unit word is capitalized as in a title ("This Week", "60 Minutes"): a unit
    never starts these phrases, so a capital marks a name (an all-capital headline aside)."""
    return word[:1].isupper() and not word.isupper()


def _sentence_initial(text: str, pos: int) -> bool:
    """Whether ``pos`` starts a sentence (or a quotation): only punctuation and space before."""
    before = text[max(0, pos - 12) : pos].rstrip(" \t\"'“‘`")
    return not before or before.endswith(("\n", ".", "!", "?", ":"))


@rule(
    r"\b(?P<t>(?:(?P<then>(?i:then))[\s-]+)?current)(?=\s+[a-z])(?!\s+(?:accounts?|affairs"
    r"|year|quarter|month|week|fiscal|season|decade|century)\b)",
    trigger=words_trigger("current"),
    at="t",
)
def _current(m: re.Match[str], text: str) -> Candidate | None:
    """ "current" before a noun: the present (TimeML PRESENT_REF: "current market conditions",
    "her current post"); "then current", the present of a past time. Not "current account"
    (a balance) nor "current" the noun; "the current year" is a dct-relative date."""
    value = "PAST_REF" if m["then"] else "PRESENT_REF"
    return _cand(m, lambda ctx: unanchored(value, None), priority=6)


@rule(
    r"\b(?P<t>(?i:recent|past)\s+(?i:years|months|weeks|days|decades|times))\b",
    trigger=words_trigger("recent past"),
    at="t",
)
def _recent_units(m: re.Match[str], text: str) -> Candidate | None:
    if not re.search(
        r"(?i)\b(?:in|of|over|during|for)\s+(?:the\s+)?$", _prev_text(text, m.start(), 12)
    ):
        return None
    words_ = m["t"].lower().split()
    if words_[0] == "recent" and words_[-1] != "times":
        # "in recent weeks": TimeML reads an unspecified number of weeks, PXW.
        unit = _unit_key(words_[-1])
        return _cand(m, _duration_resolver(duration_value(None, unit), None), priority=6)
    return _cand(m, lambda ctx: unanchored("PAST_REF", None), priority=6)


# ---------------------------------------------------------------------------------------------
# Narrative expressions: vague plural periods, the day (part of the day, season) told last,
# parts of the day. Every anchored one reads its day/year through `_narrative_reference`.


def _narrative_reference(ctx: Context, unit: str) -> Resolved | None:
    """The ``unit`` ("day", "year") of the time the narrative is at: the last anchored
    expression of the document (``ctx.anchor``), or None. The one place these rules ask."""
    return shift_period(ctx.anchor, unit, 0) if ctx.anchor is not None else None


def _narrative_day_resolver(
    offset: int, pod: str | None = None
) -> Callable[[Context], Resolved | None]:
    """The narrative's day moved by ``offset`` days; with a part of the day, a TIME."""
    suffix = _pod_value(pod)
    kind = TimeKind.TIME if suffix else TimeKind.DATE

    def resolve(ctx: Context) -> Resolved | None:
        day = _narrative_reference(ctx, "day")
        if day is None or day.start is None or day.precision is not Precision.DAY:
            if day is not None and day.precision is not None and not suffix and offset == 0:
                return day  # "that same day" after a month: the month, as "that day" does
            return unanchored("XXXX-XX-XX" + suffix, Precision.DAY, kind=kind)
        moved = day.start + timedelta(days=offset)
        return from_period(day_period(moved), kind=kind, value_suffix=suffix)

    return resolve


def _narrative_season_resolver(code: str, mod: Modifier | None) -> Callable[..., Resolved]:
    """A season with no year written: the sentence's year, else the narrative's year, else
    the dct's reading (see `_season_relative`)."""
    by_dct = _season_relative(code, "context", mod)

    def resolve(ctx: Context) -> Resolved:
        year = ctx.sentence_year
        if year is None:
            told = _narrative_reference(ctx, "year")
            year = told.start.year if told is not None and told.start is not None else None
        if year is None:
            return by_dct(ctx)
        return from_period(season_period(year, code), mod)

    return resolve


def _vague_value(unit_word: str) -> Callable[[Context], Resolved]:
    return _duration_resolver(duration_value(None, _unit_key(unit_word)), None)


@rule(
    r"\b(?i:after|with|by|amid|despite|following|follows|followed|through|ending|ended)\s+"
    r"(?P<t>(?P<u>(?i:days|weeks|months|years|decades)))\s+of\s+"
    r"(?!(?:the|a|an|age|this|that|these|those|his|her|its|their|our)\b)(?=[a-z])",
    trigger=UNIT_WORD,
    at="u",
)
def _units_of(m: re.Match[str], text: str) -> Candidate | None:
    """ "after days of fighting", "with months of food", "follows weeks of talks": a bare
    plural unit measuring what follows is a vague duration (PXD, PXM); not "days of the
    week" nor "years of age"."""
    return _cand(m, _vague_value(m["u"]), priority=5)


@rule(
    r"\b(?P<t>(?i:the)\s+(?i:following|succeeding|intervening|ensuing|subsequent)\s+"
    r"(?P<u>(?i:hours|days|weeks|months|years|decades)))\b(?![-’'])",
    trigger=UNIT_WORD,
    at="u",
)
def _the_following_units(m: re.Match[str], text: str) -> Candidate | None:
    """ "in the following days", "the intervening years": an unspecified number of units
    after (between) the times told; the singular "the following day" is a date."""
    return _cand(m, _vague_value(m["u"]), priority=3)


@rule(
    r"\b(?P<t>(?:(?P<mod>(?i:later|earlier|early|late))\s+)?(?i:that)\s+(?P<same>(?i:same)\s+)?"
    r"(?P<pod>(?i:morning|afternoon|evening|night)))\b(?![-’'])",
    trigger=words_trigger("morning noon evening night"),  # "noon" for afternoon
    at="pod",
)
def _that_part_of_day(m: re.Match[str], text: str) -> Candidate | None:
    """ "that morning", "later that night": a part of the day the narrative is at."""
    return _cand(m, _narrative_day_resolver(0, m["pod"]), priority=3)


@rule(
    r"\b(?P<t>(?:(?P<mod>(?i:later|earlier|early|late))\s+)?(?i:that)\s+(?i:same)\s+"
    r"(?P<u>(?i:day|week|month|year)))\b(?![-’'])",
    trigger=UNIT_WORD,
    at="u",
)
def _that_same_unit(m: re.Match[str], text: str) -> Candidate | None:
    """ "that same day", "later that same year": the unit of the time told last."""
    unit = m["u"].lower()
    if unit == "day":
        return _cand(m, _narrative_day_resolver(0), priority=3)
    return _cand(m, _anchor_resolver(unit, 0), priority=3)


@rule(
    r"\b(?P<t>(?i:the)\s+(?i:day)\s+(?P<dir>(?i:before|after)))(?=\s*[,;.])",
    trigger=UNIT_WORD,
    at="t",
)
def _the_day_before(m: re.Match[str], text: str) -> Candidate | None:
    """ "The day before, the army had …", "… arrived the day after.": with nothing after it
    (no event named), the day before/after the day told last."""
    step = -1 if m["dir"].lower() == "before" else 1
    return _cand(m, _narrative_day_resolver(step), priority=3)


_DATE_AFTER_POD = (
    rf"(?:(?P<wd>{WEEKDAY_RE}),?\s+)?(?:(?P<d>{DAY_RE})\s+(?P<mo>{MONTH_RE})"
    rf"|(?P<mo2>{MONTH_RE})\s+(?P<d2>{DAY_RE}))(?:,?\s+(?P<y>{YEAR_RE}))(?![\w'’-])"
)


@rule(
    r"\b(?P<t>(?:(?P<mod>(?i:early|late))\s+in\s+)?(?i:the)\s+(?:(?i:early|late)\s+)?"
    r"(?P<pod>(?i:morning|afternoon|evening|night))(?:\s+(?i:hours))?\s+of\s+(?i:the\s+)?"
    + _DATE_AFTER_POD
    + ")",
    trigger=words_trigger("morning noon evening night"),
    at="pod",
)
def _part_of_dated_day(m: re.Match[str], text: str) -> Candidate | None:
    """ "the morning of 31 January 1965", "early in the morning of 29 April 1975": one
    expression, the day with its part (a TIME, as "Friday night"). Only before a full date:
    TimeBank tags "the night of Oct. 23" as the date alone (the part of the day is left
    out), a convention kept for the year-less day-month dates that news uses."""
    month = month_number(m["mo"] or m["mo2"])
    day = day_number(m["d"] or m["d2"])
    if month is None or day is None:
        return None
    year = int(m["y"])
    by_day = _day_resolver(year, month, day)
    suffix = _pod_value(m["pod"])

    def resolve(ctx: Context) -> Resolved | None:
        res = by_day(ctx)
        if res is None:
            return None
        if res.start is None:
            return unanchored(res.value + suffix, Precision.DAY, kind=TimeKind.TIME)
        return replace(res, kind=TimeKind.TIME, value=res.value + suffix)

    return _cand(m, resolve, priority=1)


@rule(
    r"(?:\b(?i:at|by|during)\s+(?P<t>(?i:night))\b(?![-’'])"
    r"|\b(?P<t2>(?i:night(?:-time|time)?))(?=[\s-]+(?i:attacks?|raids?|assaults?|marches|march"
    r"|operations?|bombings?|patrols?|retreat|crossings?|landings?)\b))",
    trigger=words_trigger("night"),
)
def _night(m: re.Match[str], text: str) -> Candidate | None:
    """ "travelled at night", "night raids", "a night-time retreat": the night of an
    unnamed day (TimeML TNI; a TIME with no calendar day)."""
    group = "t" if m["t"] else "t2"
    start, end = m.span(group)
    resolve: Callable[[Context], Resolved] = lambda ctx: unanchored(  # noqa: E731
        "XXXX-XX-XXTNI", None, kind=TimeKind.TIME
    )
    return Candidate(start, end, resolve, 5)


@rule(
    r"\b(?P<t>(?P<s>(?i:spring|summer|autumn|fall|winter)))(?=\s+(?i:counter-?)?"
    r"(?i:offensives?|campaigns?)\b)",
    trigger=SEASON_WORD,
    at="s",
)
def _season_campaign(m: re.Match[str], text: str) -> Candidate | None:
    """ "the summer offensive", "a spring campaign": the season of the year told."""
    word = m["s"]
    if word[0].isupper() and not _sentence_initial(text, m.start()):
        return None  # a name: "the Autumn Harvest Uprising", "Spring Offensive of 1918"?
    code = SEASONS[word.lower()]
    return _cand(m, _narrative_season_resolver(code, None), priority=5)


@rule(
    r"\b(?P<t>(?:(?P<the>(?i:the))\s+)?(?P<mod>(?i:middle|end|beginning|start|height|depth)s?)"
    rf"\s+of\s+(?:(?i:the)\s+)?(?P<s>{SEASON_RE}))(?![\w-])(?!\s+(?i:of|and)\b)",
    trigger=SEASON_WORD,
    at="s",
)
def _part_of_season(m: re.Match[str], text: str) -> Candidate | None:
    """ "by the middle of summer", "the end of the winter": a part of the season told."""
    word = m["mod"].lower()
    mod = Modifier.MID if word.startswith(("middle", "height", "depth")) else _mod(word)
    code = SEASONS[m["s"].lower()]
    return _cand(m, _narrative_season_resolver(code, mod), priority=3)


@rule(
    r"\b(?P<t>(?i:that)\s+(?:(?i:same)\s+)?(?P<s>(?i:spring|summer|autumn|winter)))\b(?![-’'])",
    trigger=SEASON_WORD,
    at="s",
)
def _that_season(m: re.Match[str], text: str) -> Candidate | None:
    """ "that same spring", "that winter": the season of the year told."""
    return _cand(m, _narrative_season_resolver(SEASONS[m["s"].lower()], None), priority=3)


@rule(
    r"\b(?i:onset|arrival|coming)\s+of\s+(?P<t>(?P<s>(?i:spring|summer|autumn|winter)))\b"
    r"(?!\s+(?i:of)\b)",
    trigger=SEASON_WORD,
    at="s",
)
def _onset_of_season(m: re.Match[str], text: str) -> Candidate | None:
    """ "before the onset of winter": the season (of the year told), not "fall"."""
    code = SEASONS[m["s"].lower()]
    return _cand(m, _narrative_season_resolver(code, None), priority=4)


@rule(
    r"\b(?P<t>(?i:present)[- ](?i:day))\b(?![-’'])|\b(?<![-’'])(?i:to)\s+(?P<t2>(?i:date))\b"
    r"(?![-’'])(?!\s+(?i:the|a|an|it|them|this|that|these|those|his|her|their|its|back|from)\b)"
    r"|\b(?P<t3>(?i:now))-(?=[a-z]+(?:ed|en)\b)",
    trigger=words_trigger("present date now"),
)
def _present_words(m: re.Match[str], text: str) -> Candidate | None:
    """ "in present-day Iraq", "have so far failed to date", "the now-abandoned base": the
    present (PRESENT_REF). Not "up to date", nor "to date the bones" (a verb)."""
    if m["t2"] and re.search(r"(?i)\bup\s*$", _prev_text(text, m.start(), 6)):
        return None
    group = "t" if m["t"] else "t2" if m["t2"] else "t3"
    start, end = m.span(group)
    return Candidate(start, end, lambda ctx: unanchored("PRESENT_REF", None), 6)


# ---------------------------------------------------------------------------------------------
# Durations and sets


_UNIT_CODES: dict[str, tuple[str, int, bool]] = {
    # unit → (TIMEX3 letter, multiplier, time unit)
    "second": ("S", 1, True),
    "minute": ("M", 1, True),
    "hour": ("H", 1, True),
    "day": ("D", 1, False),
    "night": ("D", 1, False),
    "week": ("W", 1, False),
    "fortnight": ("W", 2, False),
    "month": ("M", 1, False),
    "quarter": ("Q", 1, False),
    "year": ("Y", 1, False),
    "decade": ("Y", 10, False),
    "century": ("Y", 100, False),
    "millennium": ("Y", 1000, False),
}
_VAGUE_UNIT = {"decade": "DE", "century": "CE", "millennium": "ML"}


def _unit_key(word: str) -> str:
    w = word.lower()
    if w.startswith("centur"):
        return "century"
    if w.startswith("millenni"):
        return "millennium"
    return w[:-1] if w.endswith("s") else w


def duration_value(n: int | float | None, unit: str) -> str:
    """TIMEX3 duration value: (3, "year") → "P3Y", (24, "hour") → "PT24H", (None, …) → "PX…"."""
    letter, mult, is_time = _UNIT_CODES[unit]
    prefix = "PT" if is_time else "P"
    if n is None:
        return prefix + "X" + _VAGUE_UNIT.get(unit, letter)
    amount = n * mult
    text = str(int(amount)) if float(amount).is_integer() else str(amount)
    return f"{prefix}{text}{letter}"


def _duration_resolver(value: str, mod: Modifier | None) -> Callable[[Context], Resolved]:
    return lambda ctx: Resolved(TimeKind.DURATION, value, None, None, None, mod)


_DUR_Q = (
    r"(?:(?P<q>(?i:about|around|nearly|almost|roughly|approximately|more\s+than|less\s+than"
    r"|at\s+least|up\s+to|some|over|under|fewer\s+than))\s+)?"
)


@rule(
    _WORD_START
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
    unit = _unit_key(m["u"])
    if unit not in _UNIT_CODES:
        return None
    if (
        n_text is None
        and m["q"] is None
        and pre in ("past", "last")
        and m["u"].lower() in ("week", "month", "year", "decade")
        and re.search(r"(?i)\b(?:in|over|during|throughout)\s+(?:the\s+)?$", text[: m.start("pre")])
        and (m["the"] or "").lower() != "for the"
    ):
        # "in the past year", "during the last decade": the period named, the calendar unit
        # before the dct's (TimeML annotates these as dates); "for the past year" measures.
        start = m.start("t") + (m["the"] or "").lower().rfind("the")
        resolve = _dct_unit_resolver(m["u"].lower(), -1, None, None)
        return Candidate(max(start, m.start("t")), m.end("t"), resolve, 3)
    n = number_value(n_text) if n_text else 1
    if n_text is None and m["u"].lower().endswith("s"):
        n = None  # "the past weeks"
    the_word = (m["the"] or "").lower()
    start = m.start("t")
    if the_word.startswith(("over", "in", "for")):
        start = m.start("t") + the_word.index("the")
    value = duration_value(n, unit)
    return Candidate(start, m.end("t"), _duration_resolver(value, _q_mod(m["q"])), 3)


# A quantity just before "a year"/"a week" makes it the denominator of a rate (an amount per
# unit of time), not a time: a number, an amount ("$2 million", "5%"), or a number and its
# plural noun ("four flights", "700 seats").
_RATE_BEFORE = re.compile(
    r"(?i)(?:\d[\d,.]*%?|\b(?:million|billion|trillion|percent|dollars|dlrs|cents|hundred|thousand"
    rf"|dozen|{_DIGIT_WORDS}|{_TEEN_WORDS}|{_TENS_WORDS}))"
    r"(?:\s+[a-z]+s)?\s+$"
)


def _q_mod(q: str | None) -> Modifier | None:
    return Modifier.APPROXIMATELY if q and q.lower() in APPROX_WORDS else None


@rule(
    rf"{_WORD_START}(?P<t>(?:(?P<the>(?i:the))\s+)?{_DUR_Q}(?P<n>(?i:{NUMBER_RE}|a|an|{VAGUE_RE}))"
    r"\s+(?:(?i:more|full|straight"
    rf"|consecutive|long|whole|additional|extra)\s+)?(?P<u>(?i:{UNIT_RE})))(?![\w-])",
    trigger=UNIT_WORD,
    at="u",
)
def _duration(m: re.Match[str], text: str) -> Candidate | None:
    n_text = m["n"].lower()
    if _title_word(m["u"]):
        return None  # a programme: "60 Minutes", "48 Hours"
    unit = _unit_key(m["u"])
    if unit not in _UNIT_CODES:
        return None
    if n_text in ("a", "an", "one") and unit in ("second", "quarter"):
        return None  # "a second attack", "a quarter of the vote"
    if unit == "quarter" and re.match(r"\s+of\b", text[m.end() :][:5]):
        return None
    if n_text == "some" and not m["u"].lower().endswith("s"):
        return None  # "some day"
    if re.match(r"\s*(?:old|of\s+age)\b", text[m.end() :][:10]):
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
        if _RATE_BEFORE.search(_prev_text(text, m.start(), 30)):
            return None  # a rate's denominator: "$2 million a year", "700 seats a week"
    if isinstance(n, float) and n_text[0].isdigit() and n > 10000:
        return None
    if (
        isinstance(n, int)
        and n_text[:1].isdigit()
        and re.search(r"[$€£]\s*$", _prev_text(text, m.start(), 2))
    ):
        return None
    # "for the nine months", "the six months ended": TimeML keeps the determiner of a counted
    # period inside the expression (not before a quantifier or a vague amount).
    start = m.start("t")
    if m["the"] and (m["q"] or not isinstance(n, int) or n_text in ("a", "an")):
        start = m.start("q") if m["q"] else m.start("n")
    resolve = _duration_resolver(duration_value(n, unit), _q_mod(m["q"]))
    return Candidate(start, m.end("t"), resolve, 4)


# A fraction of a unit in the next smaller one: 1/2 year = 6 months ("P2Y6M").
_SMALLER_UNIT = {"year": (12, "M", False), "month": (30, "D", False), "week": (7, "D", False)}
_SMALLER_UNIT |= {"day": (24, "H", True), "hour": (60, "M", True), "minute": (60, "S", True)}
_FRACTIONS = {"1/2": 0.5, "½": 0.5, "1/4": 0.25, "¼": 0.25, "3/4": 0.75, "¾": 0.75}


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
    rf"{_WORD_START}(?P<t>{_DUR_Q}(?P<n>\d{{1,3}}|(?i:{NUMBER_RE}|a|an))(?:\s+(?P<f>1/2|1/4|3/4)"
    r"|\s*(?P<g>[½¼¾])|\s+(?P<h>(?i:and\s+a\s+half)))?\s+(?P<u>(?i:years?|months?|weeks?|days?"
    r"|hours?|minutes?))(?P<h2>\s+(?i:and\s+a\s+half))?)(?![\w-])",
    trigger=UNIT_WORD,
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
    value = fraction_duration(n, fraction, _unit_key(m["u"]))
    if value is None:
        return None
    return _cand(m, _duration_resolver(value, _q_mod(m["q"])), priority=3)


@rule(
    rf"\b(?P<t>(?P<n>\d{{1,3}}|(?i:{NUMBER_RE}))-(?P<u>(?i:year|month|week|day|hour|minute"
    r"|second|decade|century)))(?:-(?i:long))?(?![\w]|-(?i:old))",
    trigger=UNIT_WORD,
    at="u",
)
def _duration_adjective(m: re.Match[str], text: str) -> Candidate | None:
    n = number_value(m["n"])
    unit = _unit_key(m["u"])
    if n is None or unit not in _UNIT_CODES:
        return None
    return _cand(m, _duration_resolver(duration_value(n, unit), None), priority=3)


@rule(
    r"\b(?i:for|over|within|in)\s+(?P<t>(?:(?i:many|several)\s+)?(?P<u>(?i:years|months|weeks"
    r"|days|decades|hours|minutes|centuries)))\b(?!\s+(?i:ago|of|old|later|earlier|before|after)\b)",
    trigger=UNIT_WORD,
    at="u",
)
def _vague_duration(m: re.Match[str], text: str) -> Candidate | None:
    unit = _unit_key(m["u"])
    return _cand(m, _duration_resolver(duration_value(None, unit), None), priority=5)


_SET_UNITS = {
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "biweekly": "P2W",
    "monthly": "P1M",
    "quarterly": "P3M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
}


def _set_resolver(value: str) -> Callable[[Context], Resolved]:
    return lambda ctx: Resolved(TimeKind.SET, value, None, None, None, None)


@rule(
    r"\b(?P<t>(?i:daily|nightly|weekly|biweekly|monthly|quarterly|annually|yearly|hourly))\b(?!-)",
    trigger=words_trigger("daily night week month quarter year hour annual"),
    at="t",
)
def _set_adverb(m: re.Match[str], text: str) -> Candidate | None:
    word = m["t"]
    following = _next_word(text, m.end())
    if following[:1].isupper():
        return None  # a newspaper: "the French daily Le Figaro", "Daily Mail"
    if word.lower() == "quarterly" and following.islower():
        return None  # "quarterly earnings" is an adjective, not a recurrence
    if word[:1].isupper() and re.search(r"[A-Za-z]\s+$", _prev_text(text, m.start(), 3)):
        return None
    return _cand(m, _set_resolver(_SET_UNITS[word.lower()]), priority=4)


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
        return _cand(m, _set_resolver(f"XXXX-{SEASONS[u]}"), priority=3)
    if u in PARTS_OF_DAY:
        return _cand(m, _set_resolver(f"XXXX-XX-XXT{PARTS_OF_DAY[u]}"), priority=3)
    if u not in _UNIT_CODES or not isinstance(n, int):
        return None
    return _cand(m, _set_resolver(duration_value(n, u)), priority=3)


@rule(
    rf"\b(?P<t>(?i:every|each)\s+(?P<wd>{WEEKDAY_RE}|(?P<mo>{MONTH_FULL_RE})))(?![\w-])",
    trigger=words_trigger("every each"),
)
def _set_named(m: re.Match[str], text: str) -> Candidate | None:
    if m["mo"]:
        value = f"XXXX-{month_number(m['mo']):02d}"
    else:
        value = f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()] + 1}"
    return _cand(m, _set_resolver(value), priority=2)


@rule(
    r"\b(?i:once|twice|thrice|times)\s+(?P<t>(?i:a|per)\s+(?P<u>(?i:day|week|month|year)))\b",
    trigger=UNIT_WORD,
    at="u",
)
def _set_frequency(m: re.Match[str], text: str) -> Candidate | None:
    return _cand(m, _set_resolver(duration_value(1, m["u"].lower())), priority=3)


@rule(
    rf"(?<![\w$€£#.,/-])(?P<y>{YEAR_RE})\s+(?:(?P<adj>[a-z]+|[A-Z][a-z]+)\s+)?"
    r"(?P<noun>[A-Za-z]+)\b",
    trigger=YEAR_DIGITS,
    at="y",
)
def _year_before_event(m: re.Match[str], text: str) -> Candidate | None:
    """ "Turkey's 2016 coup", "the 2020 presidential election", "2014 Winter Olympics"."""
    adj = (m["adj"] or "").lower()
    if adj in COUNT_NOUNS:
        return None
    if m["noun"].lower() not in EVENT_NOUNS and adj not in EVENT_NOUNS:
        return None
    return Candidate(m.start("y"), m.end("y"), _year_resolver(int(m["y"])), 4)


HOLIDAY_WORD = words_trigger(
    "new year valentine independence fourth halloween christmas boxing easter good"
    " memorial labor thanksgiving election"
)
_HOLIDAY_RE = "|".join(
    re.escape(h).replace("\\ ", r"\s+").replace("'", "['’]")
    for h in sorted(HOLIDAYS, key=len, reverse=True)
)


@rule(
    r"(?P<t>\b(?:(?P<rel>(?i:last|next|this|this\s+past|this\s+coming))\s+)?(?P<h>(?i:"
    + _HOLIDAY_RE
    + r")))(?![\w-])(?!\s+(?i:cards?|trees?|party|parties|gifts?|presents?|shopping|seasons?"
    r"|holidays?|lights?|markets?|songs?|carols?|dinners?|eggs?|bunny|rising|offensive)\b)",
    trigger=HOLIDAY_WORD,
    at="h",
)
def _holiday(m: re.Match[str], text: str) -> Candidate | None:
    """Named holidays: "Thanksgiving Day", "last Christmas", "Election Day" (the nearest one in
    the direction the tense gives)."""
    name = " ".join(m["h"].lower().replace("’", "'").split())
    if (
        name not in ("halloween", "christmas", "easter", "thanksgiving")
        and not m["h"][:1].isupper()
    ):
        return None  # "election day" in lower case is any election's day
    if not m["rel"] and _titled(text, m.start("h")):
        return None  # a title: the song "White Christmas"
    on = HOLIDAYS[name]
    rel = (m["rel"] or "").lower().split()
    directions = {"last": "past", "past": "past", "next": "future", "coming": "future"}
    relation = directions.get(rel[-1]) if rel else None

    def resolve(ctx: Context) -> Resolved | None:
        if ctx.dct is None:
            return None
        y = ctx.dct.year
        days = [on(y - 1), on(y), on(y + 1)]
        direction = relation or ("future" if ctx.future else "past" if ctx.past else None)
        if direction == "past":
            day = max(d for d in days if d <= ctx.dct)
        elif direction == "future":
            day = min(d for d in days if d >= ctx.dct)
        else:
            day = min(days, key=lambda d: abs((d - ctx.dct).days))
        return from_period(day_period(day))

    return _cand(m, resolve, priority=2)


@rule(
    rf"(?P<t>\b(?P<rel>(?i:last|next|this|this\s+past|this\s+coming))\s+(?P<mo>{MONTH_FULL_RE}))"
    r"(?![\w-])",
    trigger=MONTH_NAME,
    at="mo",
)
def _relative_month(m: re.Match[str], text: str) -> Candidate | None:
    month = month_number(m["mo"])
    if month is None:
        return None
    rel = m["rel"].lower().split()[-1]

    def resolve(ctx: Context) -> Resolved | None:
        ref = reference_point(ctx, "month", deictic=True)
        if ref is None:
            return unanchored(f"XXXX-{month:02d}", Precision.MONTH)
        year = ref.year
        this_year = month_period(year, month)
        if rel in ("last", "past") and this_year.end >= ref:
            year -= 1
        elif rel in ("next", "coming") and this_year.start <= ref:
            year += 1
        return from_period(month_period(year, month))

    return _cand(m, resolve, priority=2)


@rule(
    r"(?P<t>(?:(?P<part>(?i:earlier|later))\s+)?\b(?P<prep>(?i:for|in|during|throughout|through|of"
    r"|over))\s+(?P<the>(?i:the)\s+(?:(?i:full|fiscal|current|entire|whole)\s+)?(?i:year)))"
    r"(?![\w'’-])(?!\s+(?i:before|after|earlier|later|ago|of|when|that|since|following|in\s+which"
    r"|to|two|nineteen)\b)",
    trigger=words_trigger("year"),
)
def _the_year(m: re.Match[str], text: str) -> Candidate | None:
    """Reporting periods: "for the year" = the dct's year; "the year ended June 30" is a
    year-long duration (TimeML writes P1Y when the period is fixed by its end date)."""
    if re.match(r"\s+(?i:ended|ending)\b", text[m.end() : m.end() + 9]):
        return Candidate(m.start("the"), m.end(), _duration_resolver("P1Y", None), 3)

    def resolve(ctx: Context) -> Resolved | None:
        ref = reference_point(ctx, "year", deictic=False)
        if ref is None:
            return unanchored("XXXX", Precision.YEAR)
        return from_period(year_period(ref.year))

    start = m.start() if m["part"] else m.start("the")
    return Candidate(start, m.end(), resolve, 4)


# Words of business news around "the quarter" (else it is a part of a town).
_BUSINESS = re.compile(
    r"(?i)\b(?:profits?|earnings|revenues?|sales|net|loss(?:es)?|income|shares?|quarterly"
    r"|results|fiscal|dividends?|growth|gdp|economy|percent|cents|billion|million|shipped"
    r"|shipments?|orders|deliveries|output|production|units|analysts?)\b|%|\$"
)


@rule(
    r"(?P<t>\b(?i:the)\s+(?:(?P<w>(?i:latest|current|most\s+recent|recent|last|past|just-ended"
    r"|same))\s+)?(?P<u>(?i:quarter|period)))(?![\w-])(?!\s+(?i:of|century|mile|hour)\b)",
    trigger=words_trigger("quarter period"),
)
def _the_quarter(m: re.Match[str], text: str) -> Candidate | None:
    """Business news: "the quarter", "the latest quarter" = the most recently reported one;
    "the latest period" too (a period is only a date with "latest")."""
    word = (m["w"] or "").lower()
    if m["u"].lower() == "period" and word != "latest":
        return None
    if not word and not _BUSINESS.search(text, max(0, m.start() - 200), m.end() + 200):
        return None  # "a tour of the quarter": a part of a town

    def resolve(ctx: Context) -> Resolved | None:
        if word == "same" and ctx.anchor is not None and ctx.anchor.precision is Precision.QUARTER:
            return ctx.anchor
        if word in ("", "same", "current", "latest") and (recent := recent_quarter(ctx)):
            return recent  # the quarter the story is reporting on
        if ctx.dct is None:
            return unanchored("XXXX-QX", Precision.QUARTER)
        # Results are reported after a quarter ends: take the quarter of ~6 weeks ago.
        day = ctx.dct - timedelta(days=45)
        return from_period(quarter_period(day.year, (day.month - 1) // 3 + 1))

    return _cand(m, resolve, priority=4)


@rule(
    r"(?P<t>\b(?:(?i:the)\s+)?(?:(?i:comparable|corresponding|same)\s+)?(?i:year)[- ]"
    r"(?i:earlier|ago)(?P<noun>\s+(?:(?P<o>(?i:first|second|third|fourth))[\s-]+)?"
    r"(?i:quarter|period|level|figure)s?)?)(?![\w-])",
    trigger=words_trigger("year"),
)
def _year_earlier(m: re.Match[str], text: str) -> Candidate | None:
    """Business news: "the year-earlier quarter" = the reference period a year before."""
    if not m["noun"] and not re.match(r"[\s-]+[a-z]", text[m.end() : m.end() + 3]):
        return None  # only as an adjective: "year-earlier results"
    quarter = _QUARTER_WORDS[m["o"].lower()] if m["o"] else None
    return _derived(_cand(m, _year_before_resolver(quarter, from_dct=True), priority=3))


@rule(
    r"(?P<t>\b(?:(?i:the)\s+)?(?:(?i:comparable|corresponding|same)\s+)?(?i:year)[- ]"
    rf"(?i:earlier|ago)\s+(?P<n>(?i:{NUMBER_RE}))\s+(?P<u>(?i:{UNIT_RE})))(?![\w-])",
    trigger=words_trigger("year"),
)
def _year_earlier_count(m: re.Match[str], text: str) -> Candidate | None:
    """ "the year-earlier nine months": "year-earlier" only says which nine months; the
    expression is the counted period, a duration (TimeML), not the year before."""
    n = number_value(m["n"])
    unit = _unit_key(m["u"])
    if not isinstance(n, int) or unit not in _UNIT_CODES:
        return None
    return Candidate(m.start("t"), m.end("t"), _duration_resolver(duration_value(n, unit), None), 2)


@rule(
    r"(?P<t>\b(?:(?i:the)\s+(?:(?i:corresponding|comparable|same)\s+)?(?i:quarter|period)\s+"
    r"(?:(?i:of\s+)?(?i:last\s+year)|(?i:a\s+year\s+(?:ago|earlier)))"
    r"|(?i:last\s+year)['’]s\s+(?i:quarter|period)))(?![\w-])",
    trigger=words_trigger("year"),
)
def _period_year_before(m: re.Match[str], text: str) -> Candidate | None:
    """ "the corresponding period last year", "the quarter a year ago", "last year's quarter":
    the period being reported, a year before (see `_year_before_resolver`)."""
    return _derived(_cand(m, _year_before_resolver(None, from_dct=True), priority=2))


@rule(
    rf"(?P<t>\b(?i:the)\s+(?P<y>{YEAR_RE})\s+(?:(?P<o>(?i:first|second|third|fourth))[\s-]+)?"
    r"(?P<u>(?i:quarter|period)))(?![\w-])",
    trigger=YEAR_DIGITS,
    at="y",
)
def _year_quarter(m: re.Match[str], text: str) -> Candidate | None:
    """ "the 1988 second quarter"; "the 1988 period" = the quarter being reported on, in 1988."""
    year = int(m["y"])
    if m["o"]:
        q = _QUARTER_WORDS[m["o"].lower()]
        return _cand(m, lambda ctx: from_period(quarter_period(year, q), year=year), priority=1)

    def resolve(ctx: Context) -> Resolved | None:
        recent = recent_quarter(ctx)
        if recent is not None and "-Q" in recent.value:
            q = int(recent.value.rsplit("Q", 1)[1])
            return from_period(quarter_period(year, q), year=year)
        return from_period(year_period(year), year=year)

    return _derived(_cand(m, resolve, priority=1))


# ---------------------------------------------------------------------------------------------
# Ranges written as one piece (two separate point expressions are joined later)


@rule(
    r"(?<![\w$/.,#-])(?P<a>1\d{3}|20\d{2})\s*(?:–|—|-|/|‐)\s*(?P<b>1\d{3}|20\d{2}|\d{2})"
    r"(?![\w%/-]|[.,]\d)",
    ranges=True,
    trigger=YEAR_DIGITS,
    at="a",
)
def _year_range(m: re.Match[str], text: str) -> Candidate | None:
    a = int(m["a"])
    b_text = m["b"]
    b = int(b_text) if len(b_text) == 4 else a - a % 100 + int(b_text)
    if not a < b <= a + 100 or _is_count(text, m.end()):
        return None
    if "/" in m.group() and len(b_text) == 4 and b - a > 1:
        return None  # "1990/2010" is more likely a ratio or an identifier than a range
    before = _prev_text(text, m.start(), 12)
    if re.search(r"(?i)(?:No\.|number|#|Resolution|Highway|Route|tel\.?|phone|ext\.?)\s*$", before):
        return None

    def resolve(ctx: Context) -> Resolved:
        pa, pb = year_period(a), year_period(b)
        return Resolved(
            TimeKind.RANGE, f"{pa.value}/{pb.value}", Precision.YEAR, pa.start, pb.end, None, b
        )

    return Candidate(m.start(), m.end(), resolve, 1, True)


_DASH = r"\s*(?:–|—|-|‐|(?i:to|and|through|till|until))\s*"


def _day_range_resolver(
    month: int, d1: int, d2: int, year: int | None, month2: int | None = None
) -> Callable[[Context], Resolved | None]:
    m2 = month2 or month

    def resolve(ctx: Context) -> Resolved | None:
        y = year if year is not None else pick_year(ctx, month, d1)
        if y is None:
            return Resolved(
                TimeKind.RANGE, f"XXXX-{month:02d}-{d1:02d}/XXXX-{m2:02d}-{d2:02d}", Precision.DAY
            )
        y2 = y + 1 if m2 < month else y
        if d1 > last_day(y, month) or d2 > last_day(y2, m2):
            return None
        a, b = date(y, month, d1), date(y2, m2, d2)
        if b <= a:
            return None
        return Resolved(TimeKind.RANGE, f"{a}/{b}", Precision.DAY, a, b, None, year)

    return resolve


@rule(
    rf"(?P<mo>{MONTH_RE})\s+(?P<d1>{DAY_RE}){_DASH}(?P<d2>{DAY_RE})(?:,?\s+(?P<y>{YEAR_RE}))?"
    r"(?![\w'’-])",
    ranges=True,
    trigger=MONTH_NAME,
    at="mo",
)
def _month_day_range(m: re.Match[str], text: str) -> Candidate | None:
    month = month_number(m["mo"])
    d1, d2 = day_number(m["d1"]), day_number(m["d2"])
    if month is None or d2 <= d1 or _is_count(text, m.end()):
        return None
    year = int(m["y"]) if m["y"] else None
    return Candidate(m.start(), m.end(), _day_range_resolver(month, d1, d2, year), 1, True)


@rule(
    rf"(?<![\d$.,:/])(?P<d1>{DAY_RE}){_DASH}(?P<d2>{DAY_RE})\s+(?:of\s+)?(?P<mo>{MONTH_RE})"
    rf"(?:,?\s+(?P<y>{YEAR_RE}))?(?![\w'’-])",
    ranges=True,
    trigger=MONTH_NAME,
    at="mo",
)
def _day_day_month_range(m: re.Match[str], text: str) -> Candidate | None:
    month = month_number(m["mo"])
    d1, d2 = day_number(m["d1"]), day_number(m["d2"])
    if month is None or d2 <= d1:
        return None
    year = int(m["y"]) if m["y"] else None
    return Candidate(m.start(), m.end(), _day_range_resolver(month, d1, d2, year), 1, True)


@rule(
    rf"(?P<m1>{MONTH_RE}){_DASH}(?P<m2>{MONTH_RE}),?\s+(?P<y>{YEAR_RE})(?![\w'’-])",
    ranges=True,
    trigger=MONTH_NAME,
    at="m1",
)
def _month_range(m: re.Match[str], text: str) -> Candidate | None:
    a, b = month_number(m["m1"]), month_number(m["m2"])
    if a is None or b is None or a == b:
        return None
    year = int(m["y"])

    def resolve(ctx: Context) -> Resolved:
        y1 = year if b > a else year - 1
        pa, pb = month_period(y1, a), month_period(year, b)
        return Resolved(
            TimeKind.RANGE, f"{pa.value}/{pb.value}", Precision.MONTH, pa.start, pb.end, None, year
        )

    return Candidate(m.start(), m.end(), resolve, 1, True)


# The bare-year rule used only to split a range into its endpoints (see timex.to_timex3).
BARE_YEAR = re.compile(r"(?<![\w$.,-])(?:1\d{3}|20\d{2})(?![\w%]|[.,]\d)")


# ---------------------------------------------------------------------------------------------
# Eras: years before and after Christ ("480 BC", "the 4th century BC", "AD 9")
#
# Python's `date` starts at year 1, so an expression before Christ cannot have calendar
# bounds: it keeps its TIMEX2/TimeML value ("BC0480", "BC0480-SP", "BC047" for the 470s BC,
# "BC03" for the 4th century BC: century digits are the century minus one, as for AD
# centuries) and stays unanchored (no date_start/date_end, so the timeline does not plot it
# and no later expression is anchored on it). A year AD is an ordinary year ("AD 9" → "0009").

# "BC", "B.C.", "BCE", "B.C.E."; "AD", "A.D.", "CE" (not "C.E." alone: too many initials).
_BC_ERA = r"(?:B\.C\.(?:E\.)?|BCE?)(?!\w|\.\w)"
_AD_ERA = r"(?:A\.D\.|AD|CE)(?!\w|\.\w)"
# "the end of the 460s BC": a part of a decade or century (the decade's own early/mid/late is
# ``_DECADE_MOD``).
_PART_OF = r"(?:(?P<part>(?i:(?:the\s+)?(?:end|beginning|start|middle|close)\s+of))\s+)?"
# "BC", "B.C.", "BCE" (found as words: a scan of the text for a regex costs more); "AD",
# "A.D.", "CE" only in capitals ("ad" and "ce" are inside many words).
_BC_WORD = words_trigger("bc b.c")
_AD_WORD = words_trigger("ad a.d ce", keep=lambda text, start, end: text[start:end].isupper())
_APPROX_PREFIX = r"(?:(?P<ca>(?i:ca\.|c\.|circa))\s*)?"


def _bc_value(year: int, suffix: str = "") -> str:
    return f"BC{year:04d}{suffix}"


def _bc_shift(story: tuple[int, int | None], unit: str, offset: int) -> Resolved | None:
    """ "the following year", "a decade earlier", "that same day" in a story before Christ:
    years count down ("the following year" after 491 BC is 490 BC)."""
    year, month = story
    if unit == "year" and year - offset > 0:
        return unanchored(_bc_value(year - offset), Precision.YEAR)
    if unit == "day" and offset == 0 and month is not None:
        return unanchored(_bc_value(year, f"-{month:02d}-XX"), Precision.DAY)
    if unit == "month" and offset == 0 and month is not None:
        return unanchored(_bc_value(year, f"-{month:02d}"), Precision.MONTH)
    return None


def _era_resolver(
    value: str, precision: Precision, mod: Modifier | None
) -> Callable[[Context], Resolved]:
    def resolve(ctx: Context) -> Resolved:
        return unanchored(value, precision, mod)

    return resolve


def _era_mod(m: re.Match[str], *groups: str) -> Modifier | None:
    if m["ca"]:
        return Modifier.APPROXIMATELY
    for g in groups:
        if m[g]:
            return _mod(m[g])
    return None


@rule(
    rf"(?<![\w$€£#.,/-])(?P<t>{_APPROX_PREFIX}{_MOD_PREFIX}"
    rf"(?:(?:(?i:the)\s+)?(?:(?P<smod>(?i:early|mid|late))(?:\s+|-))?(?P<s>{SEASON_RE})"
    rf"(?:\s+(?i:of))?,?\s+|(?:(?P<d1>{DAY_RE})\s+(?:(?i:of)\s+)?)?(?P<mo>{MONTH_FULL_RE})"
    rf"(?:\s+(?P<d2>{DAY_RE}))?,?\s+)?"
    rf"(?P<y>[1-9]\d{{0,3}})\s*(?P<era>{_BC_ERA}))",
    trigger=_BC_WORD,
    at="era",
)
def _bc_date(m: re.Match[str], text: str) -> Candidate | None:
    """ "480 BC", "ca. 461 BC", "Early 480 BC", "the spring of 480 BC", "late autumn of 481
    BC", "August 480 BC", "12 August 480 BC" (unanchored, see above)."""
    year = int(m["y"])
    mod = _era_mod(m, "smod", "mod")
    if m["s"]:
        value, precision = _bc_value(year, "-" + SEASONS[m["s"].lower()]), Precision.SEASON
    elif m["mo"]:
        month = month_number(m["mo"])
        if month is None:
            return None
        day_text = m["d1"] or m["d2"]
        if day_text:
            suffix, precision = f"-{month:02d}-{day_number(day_text):02d}", Precision.DAY
        else:
            suffix, precision = f"-{month:02d}", Precision.MONTH
        value = _bc_value(year, suffix)
    else:
        value, precision = _bc_value(year), Precision.YEAR
    return _cand(m, _era_resolver(value, precision, mod), priority=1)


@rule(
    r"(?<![\w$€£#.,/-])(?P<t>(?P<a>[1-9]\d{0,3})(?:\s*(?:–|—|-|‐)\s*|\s+(?i:to|and|or|until"
    rf"|till|through)\s+)(?P<b>[1-9]\d{{0,3}})\s*(?P<era>{_BC_ERA}))",
    ranges=True,
    trigger=_BC_WORD,
    at="era",
)
def _bc_range(m: re.Match[str], text: str) -> Candidate | None:
    """ "499–493 BC", "from 499 to 493 BC", "496 and 495 BC": both years are before Christ (so
    the first is the larger); one range, cut in two TIMEX3 by `timex.to_timex3`."""
    a, b = int(m["a"]), int(m["b"])
    if len(m["b"]) < len(m["a"]):  # "499–3 BC" is not written; "1200-1150 BC" is
        return None
    if not a > b:
        return None
    value = f"{_bc_value(a)}/{_bc_value(b)}"
    return _cand(
        m, lambda ctx: Resolved(TimeKind.RANGE, value, Precision.YEAR), priority=1, is_range=True
    )


@rule(
    rf"(?P<t>{_PART_OF}(?:(?i:the)\s+)?{_DECADE_MOD}(?P<y>[1-9]\d{{0,2}}0)s\s*(?P<era>{_BC_ERA}))",
    trigger=_BC_WORD,
    at="era",
)
def _bc_decade(m: re.Match[str], text: str) -> Candidate | None:
    """ "the 470s BC" → BC047 (a decade's value is its year divided by ten)."""
    value = f"BC{int(m['y']) // 10:03d}"
    mod = _mod(m["part"]) or _mod(m["mod"])
    return _cand(m, _era_resolver(value, Precision.DECADE, mod), priority=1)


@rule(
    rf"(?P<t>{_PART_OF}(?:(?i:the)\s+)?{_DECADE_MOD}(?P<n>\d{{1,2}}(?:st|nd|rd|th)"
    rf"|(?i:{_ORDINAL_RE}))(?:\s+|-)(?i:century)\s*(?:(?P<bc>{_BC_ERA})|(?P<ad>{_AD_ERA})))",
    trigger=words_trigger("century centuries"),
    at="t",
)
def _era_century(m: re.Match[str], text: str) -> Candidate | None:
    """ "the 4th century BC" → BC03; "the ninth century AD" → 08 (as "the ninth century")."""
    word = m["n"].lower()
    n = ORDINALS.get(word) or int(re.sub(r"\D", "", word) or "0")
    if not 1 <= n <= 99 or (m["ad"] and n > 21):
        return None
    mod = _mod(m["part"]) or _mod(m["mod"])
    if m["bc"]:
        return _cand(m, _era_resolver(f"BC{n - 1:02d}", Precision.CENTURY, mod), priority=1)
    return _cand(m, lambda ctx: from_period(century_period(n - 1), mod), priority=1)


@rule(
    rf"(?<![\w$€£#.,/-])(?P<t>{_APPROX_PREFIX}{_MOD_PREFIX}(?:(?P<pre>{_AD_ERA})\s*"
    rf"(?P<y1>[1-9]\d{{0,3}})(?![\w,.]|[.,]\d)|(?P<y2>[1-9]\d{{0,3}})\s*(?P<post>{_AD_ERA})))",
    trigger=_AD_WORD,
    at="t",
)
def _ad_year(m: re.Match[str], text: str) -> Candidate | None:
    """ "AD 9", "9 AD", "A.D. 1066": a year after Christ, anchored like any year."""
    year = int(m["y1"] or m["y2"])
    if year > 2099 or ((m["post"] or m["pre"]) == "CE" and not m["y2"]):
        return None  # "CE 12" is not how the Common Era is written
    return _cand(m, _year_resolver(year, _era_mod(m, "mod")), priority=1)


# ---------------------------------------------------------------------------------------------
# Dates whose year is the story's: "August of that year", "July 25 of the same year"


def _story_year(ctx: Context) -> int | None:
    """The year "that year" / "the same year" refers to: the year of the last anchored
    expression of the document (kept in one place, to follow the narrative reference time
    when the context carries one)."""
    anchor = ctx.anchor
    if anchor is None or anchor.start is None:
        return None
    return anchor.start.year


@rule(
    rf"(?P<t>{_MOD_PREFIX}(?:(?:(?i:the)\s+)?(?P<s>{SEASON_RE})|(?:(?P<d1>{DAY_RE})\s+"
    rf"(?:(?i:of)\s+)?)?(?P<mo>{MONTH_RE})(?:\s+(?P<d2>{DAY_RE}))?),?\s+(?i:of)\s+"
    r"(?P<yr>(?i:that|the\s+same)\s+(?i:year)))(?![\w'’-])",
    trigger=words_trigger("year", keep=starts_word),
    at="yr",
)
def _of_that_year(m: re.Match[str], text: str) -> Candidate | None:
    """A month, day or season in the year the story is in: "August of that year", "July 25 of
    that year", "the spring of the same year" (one expression, not a date and "that year")."""
    mod = _mod(m["mod"])
    if m["s"]:
        code = SEASONS[m["s"].lower()]

        def resolve_season(ctx: Context) -> Resolved | None:
            y = _story_year(ctx)
            if y is None:
                return unanchored(f"XXXX-{code}", Precision.SEASON, mod)
            return from_period(season_period(y, code), mod, year=y)

        return _cand(m, resolve_season, priority=1)
    month = month_number(m["mo"])
    if month is None:
        return None
    day_text = m["d1"] or m["d2"]
    day = day_number(day_text) if day_text else None

    def resolve(ctx: Context) -> Resolved | None:
        y = _story_year(ctx)
        if day is not None:
            if y is None:
                return unanchored(f"XXXX-{month:02d}-{day:02d}", Precision.DAY)
            if day > last_day(y, month):
                return None
            return from_period(day_period(date(y, month, day)), year=y)
        if y is None:
            return unanchored(f"XXXX-{month:02d}", Precision.MONTH, mod)
        return from_period(month_period(y, month), mod, year=y)

    return _cand(m, resolve, priority=1)


@rule(
    r"(?P<t>\b(?i:the)\s+(?P<o>(?i:first|last|final))\s+(?P<u>(?i:week|days))\s+(?i:of)\s+"
    rf"(?P<mo>{MONTH_FULL_RE})(?:,?\s+(?P<y>{YEAR_RE}))?)(?![\w'’-])",
    trigger=MONTH_NAME,
    at="mo",
)
def _week_of_month(m: re.Match[str], text: str) -> Candidate | None:
    """ "the last week of August (1940)", "the first days of May": the month with mod START or
    END (a TIMEX3 value cannot name a week of a month), bounded by its first or last 7 days."""
    month = month_number(m["mo"])
    if month is None:
        return None
    first = m["o"].lower() == "first"
    mod = Modifier.EARLY if first else Modifier.LATE
    by_month = _month_resolver(int(m["y"]) if m["y"] else None, month, None)

    def resolve(ctx: Context) -> Resolved | None:
        res = by_month(ctx)
        if res is None or res.start is None or res.end is None:
            return unanchored(f"XXXX-{month:02d}", Precision.MONTH, mod)
        if first:
            start, end = res.start, res.start + timedelta(days=6)
        else:
            start, end = res.end - timedelta(days=6), res.end
        return Resolved(TimeKind.DATE, res.value, Precision.WEEK, start, end, mod, res.year)

    return _cand(m, resolve, priority=1)


# ---------------------------------------------------------------------------------------------
# Bare years where narratives put them: headings ("1917", "2003: Invasion", "Blockade, 1861"),
# parentheses ("stepped down (1880)"), the subject of a sentence ("2007 saw …"), and after
# "about"/"circa"/"as late as".

# Verbs a year is the subject of ("1987 saw", "2007 also brought"); a count takes a plural verb
# ("1500 were killed") and is left alone.
_YEAR_SUBJECT_VERB = re.compile(
    r"\s+(?:also\s+)?(?:saw|was|is|has\s+(?:been|seen)|brought|marked|began|begins|ended|ends"
    r"|witnessed|proved|became|opened|closed|started|would\s+(?:be|see|bring))\b"
)
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?][\"”’)]?\s+|\n[ \t]*)$")
_LINE_END_AFTER = re.compile(r"[ \t]*(?:\n|$)")
_LABEL_BEFORE = re.compile(r"(?i)(?:No\.|number|#|Resolution|Highway|Route|page|p\.|tel\.?)\s*$")


@rule(rf"(?<![\w$€£#.,/-])(?P<y>{YEAR_RE})(?![\w'’%/-]|[.,]\d)", trigger=YEAR_DIGITS, at="y")
def _year_alone(m: re.Match[str], text: str) -> Candidate | None:
    """A year with no preposition before it, where its place in the text makes it a year: a
    heading line ("1917", "2003: Invasion", "Blockade and siege, 1861"), parentheses after a
    word ("the next election (1884)"), or the subject of a sentence ("1987 saw a crash")."""
    start, end = m.span("y")
    before = text[max(0, start - 6) : start]
    if _LABEL_BEFORE.search(text[max(0, start - 12) : start]):
        return None
    line_end = bool(_LINE_END_AFTER.match(text, end, end + 8))
    opens = bool(_SENTENCE_BEFORE.search(before)) or start == 0
    heading_start = start == 0 or bool(re.search(r"\n[ \t]*$", before))
    if heading_start and (line_end or text.startswith(": ", end)):
        ok = True  # "1917" alone on a line, "2003: Invasion"
    elif before.endswith(", ") and line_end:
        # The year closing a heading: "Anaconda Plan and blockade, 1861" (a line with no
        # sentence punctuation).
        line_start = text.rfind("\n", 0, start) + 1
        line = text[line_start:start]
        ok = line_start > 0 and len(line) <= 80 and not re.search(r"[.!?;]", line)
    elif before.endswith("(") and text.startswith(")", end):
        # "the next election (1880)", not "12 (1500)" nor "casualties (1500)".
        word = _prev_text(text, start - 1, 20).split()[-1:] or [""]
        ok = not re.search(r"[\d%$]\s*\($", before) and not _is_plural_noun(word[0].lower())
    elif opens:
        ok = bool(_YEAR_SUBJECT_VERB.match(text, end, end + 30))
    else:
        ok = False
    if not ok:
        return None
    return Candidate(start, end, _year_resolver(int(m["y"])), 4)


@rule(
    r"\b(?P<t>(?P<lead>(?P<q>(?i:about|around|circa|ca\.|c\.|approximately|roughly))"
    r"|(?i:as\s+(?:late|early)\s+as))\s+"
    rf"(?P<y>{YEAR_RE}))(?![\w'’%/-]|[.,]\d)",
    trigger=words_trigger("about around circa ca. c. approximately roughly late early"),
    at="lead",
)
def _approximate_year(m: re.Match[str], text: str) -> Candidate | None:
    """ "founded about 1910" (mod APPROX, the word inside the span as TIMEX2 and TimeML do),
    "as late as 1781" (the year alone). Counts are left alone: "about 1500 troops", "numbered
    about 1500"."""
    end = m.end("y")
    if _is_count(text, end) or _is_plural_noun(_next_word(text, end)):
        return None
    if re.search(
        r"(?i)\b(?:numbered|number|totall?ed|total|of|to|by|with|killed|some|nearly|from)\s+$",
        _prev_text(text, m.start(), 14),
    ):
        return None
    year = int(m["y"])
    if m["q"] is None:
        return Candidate(m.start("y"), end, _year_resolver(year), 3)
    return _cand(m, _year_resolver(year, Modifier.APPROXIMATELY), priority=3)


# ---------------------------------------------------------------------------------------------
# Names that look like dates

# More ordinals after one: "the 4th, 15th and 3rd Armies".
_MORE_ORDINALS = re.compile(r"(?:\s*,\s*|\s+(?:and|or)\s+)\d{1,3}(?:st|nd|rd|th)\b")
# Words before a holiday that make it a date, not part of a title.
_HOLIDAY_LEADS = words(
    "last next this past coming on in by before after for until till since at during over"
    " from to and or of the a each every early late mid"
)


def _ordinal_list_of_names(text: str, end: int) -> bool:
    """Whether the ordinal ending at ``end`` starts a list of ordinals naming units or things
    ("the 4th, 15th and 3rd Armies", "the 1st and 2nd battalions"), not days."""
    pos, count = end, 0
    while count < 8 and (more := _MORE_ORDINALS.match(text, pos, pos + 24)):
        pos, count = more.end(), count + 1
    if count == 0:
        return False
    following = _next_word(text, pos)
    return following[:1].isupper() or _is_plural_noun(following)


def _titled(text: str, start: int) -> bool:
    """Whether the word before ``start`` is capitalized and not a word that introduces a date:
    the name is part of a title ("White Christmas", "Merry Christmas")."""
    prev = _prev_text(text, start, 20).split()
    if not prev:
        return False
    word = prev[-1].strip("\"“”'‘’(")
    return word[:1].isupper() and word.lower() not in _HOLIDAY_LEADS


@rule(
    rf"(?P<t>\b(?P<h>(?i:{_HOLIDAY_RE})),?\s+(?P<y>{YEAR_RE}))(?![\w'’%/-]|[.,]\d)",
    trigger=HOLIDAY_WORD,
    at="h",
)
def _holiday_year(m: re.Match[str], text: str) -> Candidate | None:
    """ "Christmas 1963", "Easter 1916": the holiday of that year."""
    name = " ".join(m["h"].lower().replace("’", "'").split())
    on = HOLIDAYS.get(name)
    if on is None or _is_count(text, m.end()) or _titled(text, m.start("h")):
        return None
    year = int(m["y"])
    return _cand(m, lambda ctx: from_period(day_period(on(year)), year=year), priority=1)


# ---------------------------------------------------------------------------------------------
# Two days of different months sharing the year written after the second: "27 September to 10
# November 2020", "between March 30 and April 2, 1945" (the year is also the first day's).


def _two_days_resolver(
    m1: int, d1: int, m2: int, d2: int, year: int
) -> Callable[[Context], Resolved | None]:
    def resolve(ctx: Context) -> Resolved | None:
        y1 = year - 1 if m1 > m2 else year  # "28 December to 3 January 1945"
        if d1 > last_day(y1, m1) or d2 > last_day(year, m2):
            return None
        a, b = date(y1, m1, d1), date(year, m2, d2)
        return Resolved(TimeKind.RANGE, f"{a}/{b}", Precision.DAY, a, b, None, year)

    return resolve


_JOIN = r"(?:\s*(?:–|—|-|‐)\s*|\s+(?i:to|and|until|till|through)\s+)"


@rule(
    rf"(?<![\d$.,:/])(?P<t>(?P<d1>{DAY_RE})\s+(?P<m1>{MONTH_RE}){_JOIN}(?P<d2>{DAY_RE})\s+"
    rf"(?P<m2>{MONTH_RE}),?\s+(?P<y>{YEAR_RE}))(?![\w'’-])",
    ranges=True,
    trigger=MONTH_NAME,
    at="m2",
)
def _day_month_pair_range(m: re.Match[str], text: str) -> Candidate | None:
    """ "27 September and 10 November 2020" (after "between"), "6 June – 25 August 1944"."""
    return _pair_range(m, text)


@rule(
    rf"(?P<t>(?P<m1>{MONTH_RE})\s+(?P<d1>{DAY_RE}){_JOIN}(?P<m2>{MONTH_RE})\s+(?P<d2>{DAY_RE})"
    rf",?\s+(?P<y>{YEAR_RE}))(?![\w'’-])",
    ranges=True,
    trigger=MONTH_NAME,
    at="m2",
)
def _month_day_pair_range(m: re.Match[str], text: str) -> Candidate | None:
    """ "March 30 to April 2, 1945"."""
    return _pair_range(m, text)


def _pair_range(m: re.Match[str], text: str) -> Candidate | None:
    m1, m2 = month_number(m["m1"]), month_number(m["m2"])
    if m1 is None or m2 is None or m1 == m2:
        return None
    gap = text[max(m.end("d1"), m.end("m1")) : min(m.start("d2"), m.start("m2"))]
    if gap.strip().lower() == "and" and not re.search(
        r"(?i)\bbetween\s+$", _prev_text(text, m.start(), 12)
    ):
        return None  # "and" joins a range only after "between"; else it lists two days
    resolve = _two_days_resolver(m1, day_number(m["d1"]), m2, day_number(m["d2"]), int(m["y"]))
    return _cand(m, resolve, priority=1, is_range=True)
