"""Rule family: years and eras.

Years where the context makes a number a year ("in 1988", "Turkey's 2016 coup", "mid-2019",
"fiscal 1989", "1987 saw", "about 1910"), spoken years ("nineteen ninety-six"), decades ("the
1980s", "the '90s", "the eighties"), centuries, and years before and after Christ ("480 BC",
"the 470s BC", "the 4th century BC", "AD 9").

The vetoes that keep counts out ("2020 people", "a total of 1500") are named functions here and
in `base` (`base.is_count`); their word lists are in ``rules/*.toml``. Each rule's examples
and negatives are in ``rules/years.examples.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from timeline.models import Modifier, Precision
from timeline.temporal.base import (
    DECADE_END,
    DECADE_MOD,
    MOD_PREFIX,
    WORD_START,
    YEAR_DIGITS,
    candidate,
    is_count,
    is_plural_noun,
    modifier,
    next_word,
    prev_text,
    rule,
)
from timeline.temporal.calendar import (
    century_period,
    decade_period,
    season_period,
    year_period,
)
from timeline.temporal.dates import (
    month_resolver,
)
from timeline.temporal.lexicon import (
    COUNT_NOUNS,
    DAY_RE,
    DIGIT_WORDS,
    EVENT_NOUNS,
    MONTH_FULL_RE,
    NUMBER_WORDS,
    ORDINALS,
    SEASON_RE,
    SEASONS,
    TEEN_WORDS,
    TENS_WORDS_RE,
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
    unanchored,
)
from timeline.temporal.spotting import (
    words_trigger,
)

_WORDS = table("years")["words"]


# ---------------------------------------------------------------------------------------------
# Years, decades, centuries


_YEAR_CONTEXT = rf"(?:(?i:{either(_WORDS['year_context'])})|[A-Za-z]+['’]s|,)"

# Contexts that also precede counts ("the 1500 rebels", "for 1200 homes"): checked harder.
_WEAK_YEAR_CONTEXT = word_set("years", "weak_year_context")

_OF_NOT_YEAR = re.compile(rf"(?i)\b(?:{either(_WORDS['of_not_year'])})\s+$")

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
    if m["pos"] is None and is_count(text, end):
        return None
    if pre in _WEAK_YEAR_CONTEXT:
        following = next_word(text, m.end())
        if m["pos"] is None and is_plural_noun(following):
            return None  # "the 1500 rebels", "of 1200 homes"
        if pre == "of" and _OF_NOT_YEAR.search(prev_text(text, m.start())):
            return None  # "a total of 1500"
        if pre in ("to", "and", "or", ",") and not _NEAR_YEAR.search(
            prev_text(text, m.start(), 25)
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
    WORD_START  # "amid 2019" is not "mid 2019"
    + r"(?P<t>(?P<mod>(?i:(?:the\s+)?(?:very\s+)?(?:early|mid|late|end\s+of|beginning\s+of"
    r"|start\s+of|middle\s+of|close\s+of|first\s+months\s+of|last\s+months\s+of)))"
    rf"(?:\s+|-)(?:(?i:the\s+year)\s+)?(?P<y>{YEAR_RE}))(?![\w'’-])",
    trigger=words_trigger("early mid late end beginning start middle close months"),
    at="mod",
)
def _modified_year(m: re.Match[str], text: str) -> Candidate | None:
    if is_count(text, m.end()):
        return None
    return candidate(m, _year_resolver(int(m["y"]), modifier(m["mod"])), priority=2)


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
    return candidate(m, _year_resolver(year), priority=2)


@rule(r"(?P<t>\b(?P<y>1\d{3}|20\d{2})['’]s)(?=\s+[a-z])", trigger=words_trigger("'s ’s"), at="t")
def _year_possessive(m: re.Match[str], text: str) -> Candidate | None:
    # "1991's collapse" (a decade would have been preceded by "the", handled by _decade).
    return Candidate(m.start("y"), m.end("y"), _year_resolver(int(m["y"])), 4)


# "ninety-six", "eighty", "twelve", "oh five": the last two digits of a year read out.
_SPOKEN_YY = (
    rf"(?:{TENS_WORDS_RE})(?:[- ](?:{DIGIT_WORDS}))?|{TEEN_WORDS}|(?:oh[- ])?(?:{DIGIT_WORDS})"
)

_SPOKEN_2000S = rf"two\s+thousand(?:\s+and\s+(?:{DIGIT_WORDS}))?"


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
        return candidate(m, month_resolver(year, month, None), priority=1)
    if m["s"]:
        code = SEASONS[m["s"].lower()]
        return candidate(m, lambda ctx: from_period(season_period(year, code), year=year), 1)
    return candidate(m, _year_resolver(year), priority=1)


def _decade_resolver(decade: int, mod: Modifier | None) -> Callable[[Context], Resolved]:
    def resolve(ctx: Context) -> Resolved:
        return from_period(decade_period(decade), mod)

    return resolve


@rule(
    rf"(?P<t>(?P<the>(?i:the)\s+)?{DECADE_MOD}(?P<y>1\d\d0|20\d0)(?P<s>s|['’]s))(?![\w'’])",
    trigger=DECADE_END,
    at="y",
)
def _decade(m: re.Match[str], text: str) -> Candidate | None:
    if m["s"] != "s" and not (m["the"] or m["mod"]):
        return None  # "2020's war" is a possessive year
    return candidate(m, _decade_resolver(int(m["y"]) // 10, modifier(m["mod"])), priority=1)


@rule(
    rf"(?P<t>(?P<the>(?i:the)\s+)?{DECADE_MOD}['’‘](?P<yy>\d0)s)(?![\w'’])",
    trigger=DECADE_END,
    at="yy",
)
def _short_decade(m: re.Match[str], text: str) -> Candidate | None:
    yy = int(m["yy"])
    decade = (2000 + yy if yy < 20 else 1900 + yy) // 10  # "the '90s" → 199, "the '00s" → 200
    return candidate(m, _decade_resolver(decade, modifier(m["mod"])), priority=1)


_DECADE_WORDS: dict[str, int] = table("years")["decades"]


@rule(
    rf"(?P<t>(?i:the)\s+{DECADE_MOD}(?P<w>(?i:twenties|thirties|forties|fifties|sixties"
    r"|seventies|eighties|nineties)))\b",
    trigger=words_trigger("ties"),
    at="w",
)
def _decade_word(m: re.Match[str], text: str) -> Candidate | None:
    decade = 190 + _DECADE_WORDS[m["w"].lower()]
    return candidate(m, _decade_resolver(decade, modifier(m["mod"])), priority=1)


_ORDINAL_RE = "|".join(sorted((k for k in ORDINALS if not k[0].isdigit()), key=len, reverse=True))


@rule(
    rf"(?P<t>(?:(?i:the)\s+)?{DECADE_MOD}(?P<n>\d{{1,2}}(?:st|nd|rd|th)|(?i:{_ORDINAL_RE}))"
    r"(?:\s+|-)(?i:century))\b",
    trigger=words_trigger("century"),
)
def _century(m: re.Match[str], text: str) -> Candidate | None:
    word = m["n"].lower()
    n = ORDINALS.get(word) or int(re.sub(r"\D", "", word) or "0")
    if not 1 <= n <= 21:
        return None
    mod = modifier(m["mod"])

    def resolve(ctx: Context) -> Resolved:
        return from_period(century_period(n - 1), mod)

    return candidate(m, resolve, priority=1)


# ---------------------------------------------------------------------------------------------
# A year before an event noun: "Turkey's 2016 coup"


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


# ---------------------------------------------------------------------------------------------
# Eras: years before and after Christ ("480 BC", "the 4th century BC", "AD 9")
#
# Python's `date` starts at year 1, so an expression before Christ cannot have calendar
# bounds: it keeps its TIMEX2/TimeML value ("BC0480", "BC0480-SP", "BC047" for the 470s BC,
# "BC03" for the 4th century BC: century digits are the century minus one, as for AD
# centuries) and stays unanchored (no date_start/date_end, so the timeline does not plot it
# and no later expression is anchored on it). A year AD is an ordinary year ("AD 9" → "0009").


# "BC", "B.C.", "BCE", "B.C.E."; "AD", "A.D.", "CE" (not "C.E." alone: too many initials).
BC_ERA = r"(?:B\.C\.(?:E\.)?|BCE?)(?!\w|\.\w)"

_AD_ERA = r"(?:A\.D\.|AD|CE)(?!\w|\.\w)"

# "the end of the 460s BC": a part of a decade or century (the decade's own early/mid/late is
# ``DECADE_MOD``).
_PART_OF = r"(?:(?P<part>(?i:(?:the\s+)?(?:end|beginning|start|middle|close)\s+of))\s+)?"

# "BC", "B.C.", "BCE" (found as words: a scan of the text for a regex costs more); "AD",
# "A.D.", "CE" only in capitals ("ad" and "ce" are inside many words).
BC_WORD = words_trigger("bc b.c")
AD_WORD = words_trigger("ad a.d ce", keep=lambda text, start, end: text[start:end].isupper())

_APPROX_PREFIX = r"(?:(?P<ca>(?i:ca\.|c\.|circa))\s*)?"


def bc_value(year: int, suffix: str = "") -> str:
    return f"BC{year:04d}{suffix}"


def bc_shift(story: tuple[int, int | None], unit: str, offset: int) -> Resolved | None:
    """ "the following year", "a decade earlier", "that same day" in a story before Christ:
    years count down ("the following year" after 491 BC is 490 BC)."""
    year, month = story
    if unit == "year" and 0 < year - offset <= 9999:
        return unanchored(bc_value(year - offset), Precision.YEAR)
    if unit == "day" and offset == 0 and month is not None:
        return unanchored(bc_value(year, f"-{month:02d}-XX"), Precision.DAY)
    if unit == "month" and offset == 0 and month is not None:
        return unanchored(bc_value(year, f"-{month:02d}"), Precision.MONTH)
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
            return modifier(m[g])
    return None


@rule(
    rf"(?<![\w$€£#.,/-])(?P<t>{_APPROX_PREFIX}{MOD_PREFIX}"
    rf"(?:(?:(?i:the)\s+)?(?:(?P<smod>(?i:early|mid|late))(?:\s+|-))?(?P<s>{SEASON_RE})"
    rf"(?:\s+(?i:of))?,?\s+|(?:(?P<d1>{DAY_RE})\s+(?:(?i:of)\s+)?)?(?P<mo>{MONTH_FULL_RE})"
    rf"(?:\s+(?P<d2>{DAY_RE}))?,?\s+)?"
    rf"(?P<y>[1-9]\d{{0,3}})\s*(?P<era>{BC_ERA}))",
    trigger=BC_WORD,
    at="era",
)
def _bc_date(m: re.Match[str], text: str) -> Candidate | None:
    """ "480 BC", "ca. 461 BC", "Early 480 BC", "the spring of 480 BC", "late autumn of 481
    BC", "August 480 BC", "12 August 480 BC" (unanchored, see above)."""
    year = int(m["y"])
    mod = _era_mod(m, "smod", "mod")
    if m["s"]:
        value, precision = bc_value(year, "-" + SEASONS[m["s"].lower()]), Precision.SEASON
    elif m["mo"]:
        month = month_number(m["mo"])
        if month is None:
            return None
        day_text = m["d1"] or m["d2"]
        if day_text:
            suffix, precision = f"-{month:02d}-{day_number(day_text):02d}", Precision.DAY
        else:
            suffix, precision = f"-{month:02d}", Precision.MONTH
        value = bc_value(year, suffix)
    else:
        value, precision = bc_value(year), Precision.YEAR
    return candidate(m, _era_resolver(value, precision, mod), priority=1)


@rule(
    rf"(?P<t>{_PART_OF}(?:(?i:the)\s+)?{DECADE_MOD}(?P<y>[1-9]\d{{0,2}}0)s\s*(?P<era>{BC_ERA}))",
    trigger=BC_WORD,
    at="era",
)
def _bc_decade(m: re.Match[str], text: str) -> Candidate | None:
    """ "the 470s BC" → BC047 (a decade's value is its year divided by ten)."""
    value = f"BC{int(m['y']) // 10:03d}"
    mod = modifier(m["part"]) or modifier(m["mod"])
    return candidate(m, _era_resolver(value, Precision.DECADE, mod), priority=1)


@rule(
    rf"(?P<t>{_PART_OF}(?:(?i:the)\s+)?{DECADE_MOD}(?P<n>\d{{1,2}}(?:st|nd|rd|th)"
    rf"|(?i:{_ORDINAL_RE}))(?:\s+|-)(?i:century)\s*(?:(?P<bc>{BC_ERA})|(?P<ad>{_AD_ERA})))",
    trigger=words_trigger("century centuries"),
    at="t",
)
def _era_century(m: re.Match[str], text: str) -> Candidate | None:
    """ "the 4th century BC" → BC03; "the ninth century AD" → 08 (as "the ninth century")."""
    word = m["n"].lower()
    n = ORDINALS.get(word) or int(re.sub(r"\D", "", word) or "0")
    if not 1 <= n <= 99 or (m["ad"] and n > 21):
        return None
    mod = modifier(m["part"]) or modifier(m["mod"])
    if m["bc"]:
        return candidate(m, _era_resolver(f"BC{n - 1:02d}", Precision.CENTURY, mod), priority=1)
    return candidate(m, lambda ctx: from_period(century_period(n - 1), mod), priority=1)


@rule(
    rf"(?<![\w$€£#.,/-])(?P<t>{_APPROX_PREFIX}{MOD_PREFIX}(?:(?P<pre>{_AD_ERA})\s*"
    rf"(?P<y1>[1-9]\d{{0,3}})(?![\w,.]|[.,]\d)|(?P<y2>[1-9]\d{{0,3}})\s*(?P<post>{_AD_ERA})))",
    trigger=AD_WORD,
    at="t",
)
def _ad_year(m: re.Match[str], text: str) -> Candidate | None:
    """ "AD 9", "9 AD", "A.D. 1066": a year after Christ, anchored like any year."""
    year = int(m["y1"] or m["y2"])
    if year > 2099 or ((m["post"] or m["pre"]) == "CE" and not m["y2"]):
        return None  # "CE 12" is not how the Common Era is written
    return candidate(m, _year_resolver(year, _era_mod(m, "mod")), priority=1)


# ---------------------------------------------------------------------------------------------
# Bare years where narratives put them: headings ("1917", "2003: Invasion", "Blockade, 1861"),
# parentheses ("stepped down (1880)"), the subject of a sentence ("2007 saw …"), and after
# "about"/"circa"/"as late as".


# Verbs a year is the subject of ("1987 saw", "2007 also brought"); a count takes a plural verb
# ("1500 were killed") and is left alone.
_YEAR_SUBJECT_VERB = re.compile(rf"\s+(?:also\s+)?(?:{either(_WORDS['year_subject_verbs'])})\b")

_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?][\"”’)]?\s+|\n[ \t]*)$")

_LINE_END_AFTER = re.compile(r"(?:\*\*|__)?[ \t]*(?:\n|$)")
_HEADING_START = re.compile(r"\n[ \t]*(?:#{1,6}[ \t]+)?(?:\*\*|__)?$")
_HEADING_START_OF_TEXT = re.compile(r"[ \t]*(?:#{1,6}[ \t]+)?(?:\*\*|__)?")

_LABEL_BEFORE = re.compile(rf"(?i)(?:{either(_WORDS['labels'])})\s*$")


@rule(rf"(?<![\w$€£#.,/-])(?P<y>{YEAR_RE})(?![\w'’%/-]|[.,]\d)", trigger=YEAR_DIGITS, at="y")
def _year_alone(m: re.Match[str], text: str) -> Candidate | None:
    """A year with no preposition before it, where its place in the text makes it a year: a
    heading line ("1917", "2003: Invasion", "Blockade and siege, 1861"), parentheses after a
    word ("the next election (1884)"), or the subject of a sentence ("1987 saw a crash")."""
    start, end = m.span("y")
    before = text[max(0, start - 6) : start]
    # A heading line, Markdown's marks allowed before the year: "## 2009", "### 2003: Invasion"
    # (its "#" is no label: "#2009" is a number).
    heading_start = bool(_HEADING_START.search(text[max(0, start - 12) : start])) or (
        start <= 8 and bool(_HEADING_START_OF_TEXT.fullmatch(text[:start]))
    )
    if not heading_start and _LABEL_BEFORE.search(text[max(0, start - 12) : start]):
        return None
    line_end = bool(_LINE_END_AFTER.match(text, end, end + 8))
    opens = bool(_SENTENCE_BEFORE.search(before)) or start == 0
    if heading_start and (line_end or text.startswith(": ", end)):
        ok = True  # "1917" alone on a line, "2003: Invasion"
    elif before.endswith(", ") and line_end:
        # The year closing a heading: "Anaconda Plan and blockade, 1861" (a line with no
        # sentence punctuation).
        # Only the last 81 characters can hold the line's start (bounded work per year).
        line_start = text.rfind("\n", max(0, start - 81), start) + 1
        line = text[line_start:start]
        ok = line_start > 0 and len(line) <= 80 and not re.search(r"[.!?;]", line)
    elif before.endswith("(") and text.startswith(")", end):
        # "the next election (1880)", not "12 (1500)" nor "casualties (1500)".
        word = prev_text(text, start - 1, 20).split()[-1:] or [""]
        ok = not re.search(r"[\d%$]\s*\($", before) and not is_plural_noun(word[0].lower())
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
    if is_count(text, end) or is_plural_noun(next_word(text, end)):
        return None
    if re.search(
        r"(?i)\b(?:numbered|number|totall?ed|total|of|to|by|with|killed|some|nearly|from)\s+$",
        prev_text(text, m.start(), 14),
    ):
        return None
    year = int(m["y"])
    if m["q"] is None:
        return Candidate(m.start("y"), end, _year_resolver(year), 3)
    return candidate(m, _year_resolver(year, Modifier.APPROXIMATELY), priority=3)
