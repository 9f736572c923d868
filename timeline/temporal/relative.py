"""Rule family: relative and anaphoric expressions.

Read from the document date ("yesterday", "last week", "three days ago", "this winter",
"Friday", "3 p.m.", "now", "next May"), from the time the text has reached ("two years later",
"the following day", "that morning", "that same spring", "August of that year", "the 4th"), or
from the period a business report is about ("the quarter", "the year-earlier quarter").

Word tables (day words, reference words, reporting verbs, business words) are in
``rules/*.toml``; each rule's examples and negatives in ``rules/relative.examples.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from timeline.models import Genre, Modifier, Precision, TimeKind
from timeline.temporal.base import (
    COUNTED_UNIT,
    DECADE_MOD,
    MOD_PREFIX,
    MONTH_NAME,
    ORDINAL_DIGITS,
    PART_OF_DAY,
    SEASON_WORD,
    UNIT_CODES,
    UNIT_WORD,
    WEEKDAY_NAME,
    WORD_START,
    candidate,
    duration_resolver,
    duration_value,
    is_plural_noun,
    modifier,
    next_word,
    prev_text,
    rule,
    sentence_initial,
    title_word,
    unit_key,
)
from timeline.temporal.calendar import (
    Period,
    century_period,
    day_period,
    decade_period,
    last_day,
    month_period,
    quarter_period,
    season_period,
    shift_month,
    week_period,
    weekend_period,
    year_period,
)
from timeline.temporal.dates import (
    QUARTER_WORDS,
    TZ,
    day_resolver,
)
from timeline.temporal.lexicon import (
    APPROX_WORDS,
    DAY_RE,
    MONTH_FULL_RE,
    MONTH_RE,
    NUMBER_RE,
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
    either,
    month_number,
    number_value,
    table,
    word_set,
)
from timeline.temporal.normalize import (
    Candidate,
    Context,
    Resolved,
    from_period,
    narrative_year,
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
    starts_word,
    words_trigger,
)
from timeline.temporal.years import (
    bc_shift,
)

RELATIVE = table("relative")
_WORDS = RELATIVE["words"]
# Names after a weekday that make it a title: "the Sunday Times".
_WEEKDAY_TITLES = word_set("relative", "weekday_titles")

# ---------------------------------------------------------------------------------------------
# Seasons relative to the document date or the story


_SEASON_MONTH: dict[str, int] = RELATIVE["season_months"]


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
    return candidate(m, _season_relative(code, relation, modifier(m["mod"])), priority=2)


@rule(
    r"\b(?i:in|into|during|by|until|through|over|throughout|since|before|after|for|this)\s+"
    rf"(?P<t>(?P<the>(?i:the)\s+)?{DECADE_MOD}(?P<s>{SEASON_RE}))(?![\w-])"
    r"(?!\s+(?i:of|and|or|months|season)\b)",
    trigger=SEASON_WORD,
    at="s",
)
def _season_context(m: re.Match[str], text: str) -> Candidate | None:
    word = m["s"].lower()
    if word == "fall" and not m["the"]:
        return None  # "before fall" is rare; "the fall" (without "of …") is the season
    code = SEASONS[word]
    return candidate(m, _season_relative(code, "context", modifier(m["mod"])), priority=3)


# ---------------------------------------------------------------------------------------------
# Relative to the document creation date


# A weekday right after a reporting verb is when it was said: news time, not story time.
_REPORTED = re.compile(
    rf"(?i)\b(?:{either(_WORDS['reporting_verbs'])})(?:\s+[a-z]+ly)?(?:\s+(?:on|late|early))?\s+$"
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


_DAY_WORDS: dict[str, int] = RELATIVE["day_words"]


@rule(
    r"\b(?P<t>(?P<w>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday"
    r"|today|tomorrow|tonight|last\s+night))(?:\s+(?P<pod>(?i:morning|afternoon|evening|night)))?)"
    r"\b",
    trigger=words_trigger("day night tomorrow"),
    at="w",
)
def _day_word(m: re.Match[str], text: str) -> Candidate | None:
    w = " ".join(m["w"].lower().split())
    if m["w"] == "Today" and not sentence_initial(text, m.start()):
        return None  # a title inside a sentence: "USA Today", "the Today programme"
    pod = m["pod"]
    if w in ("tonight", "last night"):
        pod = "night"
    reported = bool(_REPORTED.search(prev_text(text, m.start(), 24)))
    return candidate(m, _day_offset_resolver(_DAY_WORDS[w], pod, reported=reported), priority=2)


@rule(
    r"\b(?P<t>(?i:(?:early\s+|late\s+)?this)\s+(?P<pod>(?i:morning|afternoon|evening)))\b",
    trigger=PART_OF_DAY,
    at="pod",
)
def _this_part_of_day(m: re.Match[str], text: str) -> Candidate | None:
    return candidate(m, _day_offset_resolver(0, m["pod"]), priority=2)


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


_UNANCHORED_UNIT: dict[str, tuple[str, Precision]] = {
    unit: (value, Precision[precision])
    for unit, (value, precision) in RELATIVE["unanchored_units"].items()
}


def dct_unit_resolver(
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
    WORD_START  # not inside a word ("amid this week")
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
    if title_word(m["u"]):
        return None  # a programme: "This Week"
    unit = m["u"].lower().split()[-1]
    offset = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(rel, 0)
    if rel == "the" and unit == "weekend":
        return None
    part = modword if modword in ("earlier", "later") else None
    mod = None if part else modifier(modword)
    resolve = dct_unit_resolver(unit, offset, mod, part, anaphoric=rel == "the")
    return candidate(m, resolve, priority=3)


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
    rf"{WORD_START}(?P<t>{_AGO_Q}(?P<n>(?i:{NUMBER_RE}|a|an|{VAGUE_RE}))\s+(?P<u>(?i:{UNIT_RE}))"
    r"\s+(?P<ago>(?i:ago|earlier\s+than\s+now)))\b",
    trigger=words_trigger("ago earlier"),
    at="ago",
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

    return candidate(m, resolve, priority=2)


# ---------------------------------------------------------------------------------------------
# Relative to the previous anchored expression


@rule(
    rf"{WORD_START}(?P<t>(?P<n>(?i:{NUMBER_RE}|a|an))\s+"
    r"(?P<u>(?i:days?|nights?|weeks?|fortnights?|months?|years?|decades?))"
    # "on" means later only at the end of a clause ("Two years on, the town …"), not before
    # its object ("two days on a raft").
    r"\s+(?P<dir>(?i:later|earlier|afterwards?|on(?=\s*(?:[,.;:!?)]|$)))))\b"
    r"(?!\s+(?i:than|from)\b)",
    trigger=COUNTED_UNIT,
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
    elif unit == "night":
        unit = "day"  # "four nights later": four days on, at night
    elif unit == "fortnight":
        unit, n = "week", n * 2
    if unit == "year" and sign * n == -1:
        return _derived(candidate(m, _year_before_resolver(None), priority=2))
    return candidate(m, _anchor_resolver(unit, sign * n), priority=2)


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
    by_dct = dct_unit_resolver("year", -1, None, None)

    def fallback(ctx: Context) -> Resolved | None:
        anchor = ctx.peek_anchor()  # read to choose, recorded only if counted from
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
            moved = bc_shift(ctx.story_bc, unit, offset)
            if moved is not None:
                return moved  # else unknown, and marked before Christ by the engine
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
    return candidate(m, _anchor_resolver(m["u"].lower(), offset), priority=2)


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

    return candidate(m, resolve, priority=2)


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

        return candidate(m, resolve, priority=3)
    return candidate(m, _anchor_resolver(unit, 0), priority=3)


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
    prev = prev_text(text, m.start(), 12).split()
    if prev and prev[-1] in WEEKDAY_NAME_PREFIXES:
        return None  # "Black Friday", "Bloody Sunday"
    if next_word(text, m.end()) in _WEEKDAY_TITLES:
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
    reported = bool(_REPORTED.search(prev_text(text, m.start(), 24)))
    back = bool(_LOOKS_BACK.search(prev_text(text, m.start(), 12)))
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

    return candidate(m, resolve, priority=2)


_AMPM = r"(?P<ap>(?i:a\.m\.|p\.m\.|a\.m|p\.m|am|pm))(?![\w])"
# "am", "pm", "a.m", "p.m" as words (not inside "example" or "Sam").
_AM_PM = words_trigger(
    "am pm a.m p.m",
    keep=lambda text, start, end: (
        not text[end : end + 1].isalpha() and not text[start - 1 : start].isalpha()
    ),
)

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
            res = day_resolver(None, month, day)(ctx)
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
    + TZ
    + _TIME_DAY
    + ")",
    trigger=_AM_PM,
    at="ap",
)
def _clock_time(m: re.Match[str], text: str) -> Candidate | None:
    hour = int(m["h"]) % 12 + (12 if m["ap"].lower().startswith("p") else 0)
    minute = int(m["mi"]) if m["mi"] else None
    return candidate(m, _time_resolver(hour, minute, m), priority=2)


@rule(
    r"\b(?i:at)\s+(?P<t>(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?!\d|:\d)" + TZ + _TIME_DAY + ")",
    trigger=words_trigger(":"),
)
def _clock_24h(m: re.Match[str], text: str) -> Candidate | None:
    return candidate(m, _time_resolver(int(m["h"]), int(m["mi"]), m), priority=2)


@rule(
    r"\b(?P<t>(?P<w>(?i:noon|midnight|midday))" + _TIME_DAY + r")\b",
    trigger=words_trigger("noon midnight midday"),
    at="w",
)
def _noon(m: re.Match[str], text: str) -> Candidate | None:
    if m["w"].lower() == "noon" and re.search(r"(?i)\bhigh\s+$", prev_text(text, m.start(), 6)):
        return None  # "high noon": a decisive moment (and a film), not a clock time
    hour = 24 if m["w"].lower() == "midnight" else 12
    return candidate(m, _time_resolver(hour, None, m), priority=3)


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


_REF_WORDS: dict[str, str] = RELATIVE["ref_words"]

_LOOK_AHEAD = word_set("relative", "look_ahead")


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
        r"(?i)\b(?:in|of|from)\s+$", prev_text(text, m.start(), 6)
    ):
        return None
    after = text[m.end() : m.end() + 14]  # a bounded look ahead, never the rest of the text
    if word == "soon" and re.match(r"\s+(?:after|before|as|afterwards?)\b", after):
        return None
    if word == "now" and text.startswith(",", m.end()) and sentence_initial(text, m.start()):
        return None  # "Now, the mayor said …": a discourse marker, not a time
    value = _REF_WORDS[word]
    if word == "soon":
        # In a past narrative "soon" is "shortly after" the events told ("the trickle soon
        # became a flood"), not a time after the dct: no FUTURE_REF there.
        # A modal or "to" just before looks ahead whatever the tense around ("have told him
        # they may soon act").
        prev = prev_text(text, m.start(), 8).split()
        ahead = bool(prev) and prev[-1].lower() in _LOOK_AHEAD
        return candidate(
            m, lambda ctx: None if ctx.past and not ahead else unanchored(value, None), priority=6
        )
    return candidate(m, lambda ctx: unanchored(value, None), priority=6)


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
    return candidate(m, lambda ctx: unanchored(value, None), priority=6)


@rule(
    r"\b(?P<t>(?i:recent|past)\s+(?i:years|months|weeks|days|decades|times))\b",
    trigger=words_trigger("recent past"),
    at="t",
)
def _recent_units(m: re.Match[str], text: str) -> Candidate | None:
    if not re.search(
        r"(?i)\b(?:in|of|over|during|for)\s+(?:the\s+)?$", prev_text(text, m.start(), 12)
    ):
        return None
    words_ = m["t"].lower().split()
    if words_[0] == "recent" and words_[-1] != "times":
        # "in recent weeks": TimeML reads an unspecified number of weeks, PXW.
        unit = unit_key(words_[-1])
        return candidate(m, duration_resolver(duration_value(None, unit), None), priority=6)
    return candidate(m, lambda ctx: unanchored("PAST_REF", None), priority=6)


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
            told = ctx.anchor
            if (
                offset == 0
                and told is not None
                and told.precision is Precision.MONTH
                and told.start
            ):
                # A day of the month told last, which day unknown (TimeML "1998-10-XX").
                value = f"{told.start.year:04d}-{told.start.month:02d}-XX{suffix}"
                return unanchored(value, Precision.DAY, kind=kind)
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
    return duration_resolver(duration_value(None, unit_key(unit_word)), None)


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
    return candidate(m, _vague_value(m["u"]), priority=5)


@rule(
    r"\b(?P<t>(?i:the)\s+(?P<adj>(?i:following|succeeding|intervening|ensuing|subsequent))\s+"
    r"(?P<u>(?i:hours|days|weeks|months|years|decades)))\b(?![-’'])",
    trigger=words_trigger("following succeeding intervening ensuing subsequent"),
    at="adj",
)
def _the_following_units(m: re.Match[str], text: str) -> Candidate | None:
    """ "in the following days", "the intervening years": an unspecified number of units
    after (between) the times told; the singular "the following day" is a date."""
    return candidate(m, _vague_value(m["u"]), priority=3)


@rule(
    r"\b(?P<t>(?:(?P<mod>(?i:later|earlier|early|late))\s+)?(?i:that)\s+(?P<same>(?i:same)\s+)?"
    r"(?P<pod>(?i:morning|afternoon|evening|night)))\b(?![-’'])",
    trigger=words_trigger("morning noon evening night"),  # "noon" for afternoon
    at="pod",
)
def _that_part_of_day(m: re.Match[str], text: str) -> Candidate | None:
    """ "that morning", "later that night": a part of the day the narrative is at."""
    return candidate(m, _narrative_day_resolver(0, m["pod"]), priority=3)


@rule(
    r"\b(?P<t>(?:(?P<mod>(?i:later|earlier|early|late))\s+)?(?i:that)\s+(?P<same>(?i:same))\s+"
    r"(?P<u>(?i:day|week|month|year)))\b(?![-’'])",
    trigger=words_trigger("same"),
    at="same",
)
def _that_same_unit(m: re.Match[str], text: str) -> Candidate | None:
    """ "that same day", "later that same year": the unit of the time told last."""
    unit = m["u"].lower()
    if unit == "day":
        return candidate(m, _narrative_day_resolver(0), priority=3)
    return candidate(m, _anchor_resolver(unit, 0), priority=3)


@rule(
    r"\b(?P<t>(?i:the)\s+(?i:day)\s+(?P<dir>(?i:before|after)))(?=\s*[,;.])",
    trigger=UNIT_WORD,
    at="t",
)
def _the_day_before(m: re.Match[str], text: str) -> Candidate | None:
    """ "The day before, the army had …", "… arrived the day after.": with nothing after it
    (no event named), the day before/after the day told last."""
    step = -1 if m["dir"].lower() == "before" else 1
    return candidate(m, _narrative_day_resolver(step), priority=3)


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
    by_day = day_resolver(year, month, day)
    suffix = _pod_value(m["pod"])

    def resolve(ctx: Context) -> Resolved | None:
        res = by_day(ctx)
        if res is None:
            return None
        if res.start is None:
            return unanchored(res.value + suffix, Precision.DAY, kind=TimeKind.TIME)
        return replace(res, kind=TimeKind.TIME, value=res.value + suffix)

    return candidate(m, resolve, priority=1)


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
    if word[0].isupper() and not sentence_initial(text, m.start()):
        return None  # a name: "the Autumn Harvest Uprising", "Spring Offensive of 1918"?
    code = SEASONS[word.lower()]
    return candidate(m, _narrative_season_resolver(code, None), priority=5)


@rule(
    r"\b(?P<t>(?:(?P<the>(?i:the))\s+)?(?P<mod>(?i:middle|end|beginning|start|height|depth)s?)"
    rf"\s+of\s+(?:(?i:the)\s+)?(?P<s>{SEASON_RE}))(?![\w-])(?!\s+(?i:of|and)\b)",
    trigger=SEASON_WORD,
    at="s",
)
def _part_of_season(m: re.Match[str], text: str) -> Candidate | None:
    """ "by the middle of summer", "the end of the winter": a part of the season told."""
    word = m["mod"].lower()
    mod = Modifier.MID if word.startswith(("middle", "height", "depth")) else modifier(word)
    code = SEASONS[m["s"].lower()]
    return candidate(m, _narrative_season_resolver(code, mod), priority=3)


@rule(
    r"\b(?P<t>(?i:that)\s+(?:(?i:same)\s+)?(?P<s>(?i:spring|summer|autumn|winter)))\b(?![-’'])",
    trigger=SEASON_WORD,
    at="s",
)
def _that_season(m: re.Match[str], text: str) -> Candidate | None:
    """ "that same spring", "that winter": the season of the year told."""
    return candidate(m, _narrative_season_resolver(SEASONS[m["s"].lower()], None), priority=3)


@rule(
    r"\b(?i:onset|arrival|coming)\s+of\s+(?P<t>(?P<s>(?i:spring|summer|autumn|winter)))\b"
    r"(?!\s+(?i:of)\b)",
    trigger=SEASON_WORD,
    at="s",
)
def _onset_of_season(m: re.Match[str], text: str) -> Candidate | None:
    """ "before the onset of winter": the season (of the year told), not "fall"."""
    code = SEASONS[m["s"].lower()]
    return candidate(m, _narrative_season_resolver(code, None), priority=4)


@rule(
    r"\b(?P<t>(?i:present)[- ](?i:day))\b(?![-’'])|\b(?<![-’'])(?i:to)\s+(?P<t2>(?i:date))\b"
    r"(?![-’'])(?!\s+(?i:the|a|an|it|them|this|that|these|those|his|her|their|its|back|from)\b)"
    r"|\b(?P<t3>(?i:now))-(?=[a-z]+(?:ed|en)\b)",
    trigger=words_trigger("present date now"),
)
def _present_words(m: re.Match[str], text: str) -> Candidate | None:
    """ "in present-day Iraq", "have so far failed to date", "the now-abandoned base": the
    present (PRESENT_REF). Not "up to date", nor "to date the bones" (a verb)."""
    if m["t2"] and re.search(r"(?i)\bup\s*$", prev_text(text, m.start(), 6)):
        return None
    group = "t" if m["t"] else "t2" if m["t2"] else "t3"
    start, end = m.span(group)
    return Candidate(start, end, lambda ctx: unanchored("PRESENT_REF", None), 6)


# ---------------------------------------------------------------------------------------------
# Months relative to the document date, and the periods of business reports


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

    return candidate(m, resolve, priority=2)


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
        return Candidate(m.start("the"), m.end(), duration_resolver("P1Y", None), 3)

    def resolve(ctx: Context) -> Resolved | None:
        ref = reference_point(ctx, "year", deictic=False)
        if ref is None:
            return unanchored("XXXX", Precision.YEAR)
        return from_period(year_period(ref.year))

    start = m.start() if m["part"] else m.start("the")
    return Candidate(start, m.end(), resolve, 4)


# Words of business news around "the quarter" (else it is a part of a town).
_BUSINESS = re.compile(rf"(?i)\b(?:{either(_WORDS['business'])})\b|%|\$")


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

    return candidate(m, resolve, priority=4)


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
    quarter = QUARTER_WORDS[m["o"].lower()] if m["o"] else None
    return _derived(candidate(m, _year_before_resolver(quarter, from_dct=True), priority=3))


@rule(
    r"(?P<t>\b(?:(?i:the)\s+)?(?:(?i:comparable|corresponding|same)\s+)?(?i:year)[- ]"
    rf"(?i:earlier|ago)\s+(?P<n>(?i:{NUMBER_RE}))\s+(?P<u>(?i:{UNIT_RE})))(?![\w-])",
    trigger=words_trigger("year"),
)
def _year_earlier_count(m: re.Match[str], text: str) -> Candidate | None:
    """ "the year-earlier nine months": "year-earlier" only says which nine months; the
    expression is the counted period, a duration (TimeML), not the year before."""
    n = number_value(m["n"])
    unit = unit_key(m["u"])
    if not isinstance(n, int) or unit not in UNIT_CODES:
        return None
    return Candidate(m.start("t"), m.end("t"), duration_resolver(duration_value(n, unit), None), 2)


@rule(
    r"(?P<t>\b(?:(?i:the)\s+(?:(?i:corresponding|comparable|same)\s+)?(?i:quarter|period)\s+"
    r"(?:(?i:of\s+)?(?i:last\s+year)|(?i:a\s+year\s+(?:ago|earlier)))"
    r"|(?i:last\s+year)['’]s\s+(?i:quarter|period)))(?![\w-])",
    trigger=words_trigger("year"),
)
def _period_year_before(m: re.Match[str], text: str) -> Candidate | None:
    """ "the corresponding period last year", "the quarter a year ago", "last year's quarter":
    the period being reported, a year before (see `_year_before_resolver`)."""
    return _derived(candidate(m, _year_before_resolver(None, from_dct=True), priority=2))


@rule(
    rf"(?P<t>\b(?i:the)\s+(?P<y>{YEAR_RE})\s+(?:(?P<o>(?i:first|second|third|fourth))[\s-]+)?"
    r"(?P<u>(?i:quarter|period)))(?![\w-])",
    trigger=words_trigger("quarter period"),
    at="u",
)
def _year_quarter(m: re.Match[str], text: str) -> Candidate | None:
    """ "the 1988 second quarter"; "the 1988 period" = the quarter being reported on, in 1988."""
    year = int(m["y"])
    if m["o"]:
        q = QUARTER_WORDS[m["o"].lower()]
        return candidate(m, lambda ctx: from_period(quarter_period(year, q), year=year), priority=1)

    def resolve(ctx: Context) -> Resolved | None:
        recent = recent_quarter(ctx)
        if recent is not None and "-Q" in recent.value:
            q = int(recent.value.rsplit("Q", 1)[1])
            return from_period(quarter_period(year, q), year=year)
        return from_period(year_period(year), year=year)

    return _derived(candidate(m, resolve, priority=1))


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
    rf"(?P<t>{MOD_PREFIX}(?:(?:(?i:the)\s+)?(?P<s>{SEASON_RE})|(?:(?P<d1>{DAY_RE})\s+"
    rf"(?:(?i:of)\s+)?)?(?P<mo>{MONTH_RE})(?:\s+(?P<d2>{DAY_RE}))?),?\s+(?i:of)\s+"
    r"(?P<yr>(?i:that|the\s+same)\s+(?i:year)))(?![\w'’-])",
    trigger=words_trigger("year", keep=starts_word),
    at="yr",
)
def _of_that_year(m: re.Match[str], text: str) -> Candidate | None:
    """A month, day or season in the year the story is in: "August of that year", "July 25 of
    that year", "the spring of the same year" (one expression, not a date and "that year")."""
    mod = modifier(m["mod"])
    if m["s"]:
        code = SEASONS[m["s"].lower()]

        def resolve_season(ctx: Context) -> Resolved | None:
            y = _story_year(ctx)
            if y is None:
                return unanchored(f"XXXX-{code}", Precision.SEASON, mod)
            return from_period(season_period(y, code), mod, year=y)

        return candidate(m, resolve_season, priority=1)
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

    return candidate(m, resolve, priority=1)


# ---------------------------------------------------------------------------------------------
# Ordinals that name units, not days: "the 4th, 15th and 3rd Armies"


# More ordinals after one: "the 4th, 15th and 3rd Armies".
_MORE_ORDINALS = re.compile(r"(?:\s*,\s*|\s+(?:and|or)\s+)\d{1,3}(?:st|nd|rd|th)\b")


def _ordinal_list_of_names(text: str, end: int) -> bool:
    """Whether the ordinal ending at ``end`` starts a list of ordinals naming units or things
    ("the 4th, 15th and 3rd Armies", "the 1st and 2nd battalions"), not days."""
    pos, count = end, 0
    while count < 8 and (more := _MORE_ORDINALS.match(text, pos, pos + 24)):
        pos, count = more.end(), count + 1
    if count == 0:
        return False
    following = next_word(text, pos)
    return following[:1].isupper() or is_plural_noun(following)
