"""Rule family: calendar dates.

"13 September 2022", "Sept. 13, 2022", "13.09.2022", "2022-09-13", "13-Sep-2022", "June 20",
"the week of March 6", "May 2021", "early September", "January this year", "July" (with the
vetoes that keep the verb "may" and "the October Revolution" out), "the winter of 2021", "the
third quarter", "Q3 2022", "the first half of 2019", holidays ("Christmas 1963", "last
Christmas") and "the last week of August".

Word lists (months, holiday leads, month contexts, name heads) are in ``rules/*.toml``; each
rule's examples and negatives in ``rules/dates.examples.toml``. See `grammar` for the order
rules run in and the span conventions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from timeline.models import Modifier, Precision, TimeKind
from timeline.temporal.base import (
    AFTER_DIGITS,
    DECADE_MOD,
    MOD_PREFIX,
    MONTH_NAME,
    SEASON_WORD,
    YEAR_DIGITS,
    candidate,
    is_count,
    modifier,
    next_word,
    prev_text,
    rule,
    span_of,
)
from timeline.temporal.calendar import (
    HOLIDAYS,
    Period,
    day_period,
    half_period,
    last_day,
    month_period,
    quarter_period,
    season_period,
    week_period,
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
    DAY_RE,
    MONTH_FULL_RE,
    MONTH_RE,
    NAME_HEADS,
    SEASON_RE,
    SEASONS,
    WEEKDAY_RE,
    YEAR_RE,
    day_number,
    either,
    month_number,
    table,
    word_set,
)
from timeline.temporal.normalize import (
    Candidate,
    Context,
    Resolved,
    from_period,
    pick_year,
    reference_point,
    unanchored,
)
from timeline.temporal.spotting import (
    regex_trigger,
    words_trigger,
)

_WORDS = table("dates")["words"]


# ---------------------------------------------------------------------------------------------
# Absolute dates


def day_resolver(year: int | None, month: int, day: int) -> Callable[[Context], Resolved | None]:
    def resolve(ctx: Context) -> Resolved | None:
        y = year if year is not None else pick_year(ctx, month, day)
        if y is None:
            return unanchored(f"XXXX-{month:02d}-{day:02d}", Precision.DAY)
        if day > last_day(y, month):
            return None
        return from_period(day_period(date(y, month, day)), year=year)

    return resolve


@rule(
    r"(?<![\w/.-])(?P<y>1\d{3}|20\d{2})(?P<s1>-)(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
    r"(?![\w-]|[.,]\d)",
    trigger=AFTER_DIGITS,
    at="s1",
)
def _iso_date(m: re.Match[str], text: str) -> Candidate | None:
    return candidate(m, day_resolver(int(m["y"]), int(m["m"]), int(m["d"])), priority=1)


# ---------------------------------------------------------------------------------------------
# Compact and numeric dates: "13.09.2022", "2022/09/13", "13-Sep-2022" (field order and the
# dateparser fallback for times of day: see `compact`)


TZ = r"(?:\s+(?:EST|EDT|CST|CDT|PST|PDT|GMT|UTC|BST|CET|(?i:local\s+time)))?"

# A time of day after a full date: "10:30", "10:30:15", "10:30 p.m. GMT", "at 22:30".
_CLOCK_AFTER = (
    r"(?:,?\s+(?:(?i:at)\s+)?(?P<clock>(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])"
    r"(?:\s*(?i:a\.m\.|p\.m\.|am|pm)(?!\w))?)" + TZ + ")?"
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
    resolve_day = day_resolver(year, month, day)
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
        return candidate(m, _ambiguous_day_resolver(year), priority=2)
    if valid_date(year, month, day) is None:
        return None
    return candidate(m, _dated(m, text, year, month, day, order, m.start()), priority=2)


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
    trigger=YEAR_DIGITS,  # not the dot: every sentence ends with one
    at="y",
)
def _year_first_date(m: re.Match[str], text: str) -> Candidate | None:
    """ "2022/09/13", "2022.09.13" (always year-month-day)."""
    year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
    if m["s2"] != m["s1"] or valid_date(year, month, day) is None:
        return None
    return candidate(m, _dated(m, text, year, month, day, "DMY", m.start()), priority=2)


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
    return candidate(m, _dated(m, text, year, month, day, "DMY", m.start()), priority=1)


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
    return candidate(m, _dated(m, text, year, month, day, "MDY", m.start("mo")), priority=1)


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
    return candidate(m, _dated(m, text, year, month, day, "DMY", m.start("d")), priority=1)


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
    if m["mo"].lower() in ("may", "march") and is_count(text, m.end()):
        return None
    return candidate(m, day_resolver(None, month, day_number(m["d"])), priority=2)


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
    return candidate(m, day_resolver(None, month, day_number(m["d"])), priority=2)


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
    resolve_day = day_resolver(int(m["y"]) if m["y"] else None, month, day_number(m["d"]))

    def resolve(ctx: Context) -> Resolved | None:
        day = resolve_day(ctx)
        if day is None or day.start is None:
            return unanchored("XXXX-WXX", Precision.WEEK)
        return from_period(week_period(day.start), year=day.year)

    return candidate(m, resolve, priority=1)


def month_resolver(
    year: int | None, month: int, mod: Modifier | None
) -> Callable[[Context], Resolved | None]:
    def resolve(ctx: Context) -> Resolved | None:
        y = year if year is not None else pick_year(ctx, month)
        if y is None:
            return unanchored(f"XXXX-{month:02d}", Precision.MONTH, mod)
        return from_period(month_period(y, month), mod, year=year)

    return resolve


@rule(
    rf"(?P<t>{MOD_PREFIX}(?P<mo>{MONTH_RE}),?\s+(?:of\s+)?(?P<y>{YEAR_RE}))(?![\w'’-])",
    trigger=MONTH_NAME,
    at="mo",
)
def _month_year(m: re.Match[str], text: str) -> Candidate | None:
    month = month_number(m["mo"])
    if month is None or is_count(text, m.end()):
        return None
    return candidate(m, month_resolver(int(m["y"]), month, modifier(m["mod"])), priority=2)


@rule(
    rf"(?P<t>{MOD_PREFIX}(?P<mo>{MONTH_RE}),?\s+(?:of\s+)?(?P<rel>(?i:this|last|next))\s+"
    r"(?P<yr>(?i:year)))(?![\w'’-])",
    trigger=words_trigger("year"),
    at="yr",
)
def _month_relative_year(m: re.Match[str], text: str) -> Candidate | None:
    """ "January this year", "June last year", "April of next year": the month of a year
    counted from the dct."""
    month = month_number(m["mo"])
    if month is None:
        return None
    rel, mod = m["rel"], modifier(m["mod"])

    def resolve(ctx: Context) -> Resolved | None:
        year = _relative_year(ctx, rel)
        if year is None:
            return unanchored(f"XXXX-{month:02d}", Precision.MONTH, mod)
        return from_period(month_period(year, month), mod)

    return candidate(m, resolve, priority=2)


# Words before a lone month name that make it a date: "in July", "since March", "last May".
_MONTH_CONTEXT = re.compile(rf"(?i:\b(?:{either(_WORDS['month_context'])}))[\s-]+$")
_MARCH_VERB = re.compile(rf"\s+(?:{either(_WORDS['march_verbs_before'])})\b")
_MAY_VERB = re.compile(rf"\s+(?:{either(_WORDS['may_verbs_before'])})\b")


@rule(rf"(?P<t>{MOD_PREFIX}(?P<mo>{MONTH_FULL_RE}))(?![\w-])", trigger=MONTH_NAME, at="mo")
def _month_alone(m: re.Match[str], text: str) -> Candidate | None:
    name = m["mo"].lower()
    month = month_number(name)
    if month is None:
        return None
    before = prev_text(text, m.start())
    after_word = next_word(text, m.end())
    has_context = bool(m["mod"]) or bool(_MONTH_CONTEXT.search(before))
    if after_word in NAME_HEADS:
        return None  # "the October Revolution", "the July Crisis"
    if text[m.end() : m.end() + 2] in ("'s", "’s") and name == "may":
        return None  # "May's government"
    if name in ("may", "march"):
        # Also a verb and a noun: only a date right after a temporal preposition.
        if not has_context:
            return None
        if name == "march" and _MARCH_VERB.match(text[m.end() : m.end() + 12]):
            return None
        if name == "may" and _MAY_VERB.match(text[m.end() : m.end() + 8]):
            return None
    elif not has_context and (
        after_word[:1].isupper() or re.search(r"[A-Z][a-z]+\s+$", before[-20:])
    ):
        return None  # part of a name: "June Carter", "Hurricane August"
    return candidate(m, month_resolver(None, month, modifier(m["mod"])), priority=4)


# ---------------------------------------------------------------------------------------------
# Seasons, quarters, halves


@rule(
    rf"(?P<t>(?:(?i:the)\s+)?{DECADE_MOD}(?P<s>{SEASON_RE})(?:\s+of)?,?\s+(?P<y>{YEAR_RE}))"
    r"(?![\w'’-])",
    trigger=SEASON_WORD,
    at="s",
)
def _season_year(m: re.Match[str], text: str) -> Candidate | None:
    code = SEASONS[m["s"].lower()]
    year, mod = int(m["y"]), modifier(m["mod"])
    return candidate(m, lambda ctx: from_period(season_period(year, code), mod, year=year), 1)


QUARTER_WORDS: dict[str, int] = table("dates")["quarters"]


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
    q = QUARTER_WORDS[m["o"].lower()]
    if re.match(
        r"\s+of\s+(?:the\s+)?(?:game|match|century|mile|hour)", text[m.end() : m.end() + 20]
    ):
        return None
    after = text[m.end() : m.end() + 25]  # a bounded look ahead, never the rest of the text
    if re.match(r"(?i)\s*(?:of\s+)?(?:the\s+)?(?:population|people|them)", after):
        return None
    year_text = m["y"] or m["fy"]
    year = int(year_text) if year_text else None
    rel = m["rel"] if m["rel"] and m["rel"].lower() != "the" else None
    rel = rel or m["ry"]
    resolve = _unit_in_year_resolver(lambda y: quarter_period(y, q), q, f"Q{q}", year, rel)
    start, end = span_of(m)
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
    return candidate(m, lambda ctx: from_period(quarter_period(y, q), year=y), priority=1)


@rule(
    r"(?P<t>(?:(?i:the)\s+)?(?P<o>(?i:first|second|last|latter))\s+(?i:half)\s+of\s+"
    rf"(?:(?P<y>{YEAR_RE})|(?P<rel>(?i:this|last|next|the))\s+(?i:year)))(?![\w-])",
    trigger=words_trigger("half"),
)
def _half(m: re.Match[str], text: str) -> Candidate | None:
    h = 1 if m["o"].lower() == "first" else 2
    year = int(m["y"]) if m["y"] else None
    rel = m["rel"] if m["rel"] and m["rel"].lower() != "the" else None
    return candidate(
        m, _unit_in_year_resolver(lambda y: half_period(y, h), h, f"H{h}", year, rel), priority=2
    )


# ---------------------------------------------------------------------------------------------
# Named holidays: "Thanksgiving Day", "last Christmas"


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
    + r")))(?![\w-])"
    + rf"(?!\s+(?i:{either(_WORDS['holiday_nouns'])})\b)",
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

    return candidate(m, resolve, priority=2)


# ---------------------------------------------------------------------------------------------
# Weeks of a month: "the last week of August"


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
    by_month = month_resolver(int(m["y"]) if m["y"] else None, month, None)

    def resolve(ctx: Context) -> Resolved | None:
        res = by_month(ctx)
        if res is None or res.start is None or res.end is None:
            return unanchored(f"XXXX-{month:02d}", Precision.MONTH, mod)
        if first:
            start, end = res.start, res.start + timedelta(days=6)
        else:
            start, end = res.end - timedelta(days=6), res.end
        return Resolved(TimeKind.DATE, res.value, Precision.WEEK, start, end, mod, res.year)

    return candidate(m, resolve, priority=1)


# ---------------------------------------------------------------------------------------------
# Names that look like dates


# Words before a holiday that make it a date, not part of a title.
_HOLIDAY_LEADS = word_set("dates", "holiday_leads")


def _titled(text: str, start: int) -> bool:
    """Whether the word before ``start`` is capitalized and not a word that introduces a date:
    the name is part of a title ("White Christmas", "Merry Christmas")."""
    prev = prev_text(text, start, 20).split()
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
    if on is None or is_count(text, m.end()) or _titled(text, m.start("h")):
        return None
    year = int(m["y"])
    return candidate(m, lambda ctx: from_period(day_period(on(year)), year=year), priority=1)
