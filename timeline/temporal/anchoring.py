"""The reference time that follows the story: what each expression is anchored on.

News is told from its publication date ("yesterday", "in March"); histories and background
paragraphs from the time the story has reached ("On 15 April", "the next day"). The engine
keeps, per document, that story date (`Context.story`, moved here by `moves_story`) and asks,
per expression, which of the two applies (`Context.narrative`, with the text read by
`Reader`). `guess_narrative` says whether a document as a whole reads as a history;
`before_christ` follows a story told before Christ, which `datetime.date` cannot hold;
`anchor_of` records what a value was worked out from.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from importlib import resources

from timeline.models import AnchorKind, Genre, Precision, TimeKind
from timeline.temporal.calendar import day_period
from timeline.temporal.lexicon import EVENT_NOUNS, table
from timeline.temporal.normalize import Candidate, Context, Resolved, from_period, shift_period
from timeline.text import inside_quotation, report_date_before, words

_FUTURE = re.compile(
    r"(?i)\b(?:will|won['’]t|shall|going\s+to|next|upcoming|scheduled|plans?\s+to"
    r"|expected\s+to|supposed\s+to|set\s+to|is\s+to\s+be|are\s+to\s+be|due\s+to\s+(?:be|take|hold|meet|start|begin)"
    r"|to\s+be\s+held|intends?\s+to|aims?\s+to|(?:is|are)\s+due|planned\s+to|planning\s+to|would\s+be|as\s+soon\s+as"
    r"|as\s+early\s+as|(?:is|are)\s+to"
    r"|payable|effective)\b|['’]ll\b"
)
# Clear past tense: auxiliaries, "since", common irregular verbs and verbs in -ed (not the
# participles of plans and schedules, "scheduled for", "expected in", which look ahead, nor a
# passive after "be": "will be paid"). "said" is left out: news says everything, the future
# included.
_PAST = re.compile(
    r"(?i)\b(?<!\bbe\s)(?<!\bbeen\s)(?:was|were|had|did|ago|since|began|bought|sold|took|made|came|went|got|gave|left"
    r"|held|fell|rose|told|won|lost|met|paid|became|brought|led|saw|sent|spent|wrote|knew|grew"
    r"|broke|struck|set(?!\s+(?:to|for)\b)|shot|fought|fled|overran|withdrew|drove|threw|blew"
    r"|swept|stood|laid|sank|tore|caught|hid|ran|spoke|chose|rode|stole|shook|froze|burnt|swore"
    r"|arose|slew"  # (not "heard", "found", "built": "when the case is heard in May")
    r"|(?!(?:expect|schedul|plann|slat|propos|suppos|need|intend|succe|proce|exce|inde|hundr|spe|se|fe)ed)"
    # After a determiner or "still", a word in -ed is an adjective ("a still unspecified date"),
    # and so are the common negated participles ("untouched", "unnamed").
    r"(?<!\ba\s)(?<!\ban\s)(?<!\bthe\s)(?<!\bstill\s)"
    r"(?!un(?:specifi|nam|identifi|expect|precedent|chang|touch|resolv|disclos|confirm|relat"
    r"|publish|declar)ed)(?-i:[a-z]{2,}ed))\b"
)


def _last_match(pattern: re.Pattern[str], text: str, start: int, end: int) -> int:
    """The end of the last match of ``pattern`` in ``text[start:end]``, or -1."""
    last = -1
    for m in pattern.finditer(text, start, end):
        last = m.end()
    return last


def _tense(text: str, sentence: tuple[int, int], start: int, end: int) -> str | None:
    """ "future", "past" or None for the expression at ``start:end``.

    The cue nearest before the expression wins ("declared a dividend, payable Dec. 7" looks
    ahead; "said it will sell the unit it bought in March" looks back); with no cue before it,
    one shortly after ("Friday it will …"): when the sentence opens with the expression, the
    first cue of its main verb; otherwise a future cue right after it, else a past one.
    """
    lo = max(sentence[0], start - 60)
    future_at = _last_match(_FUTURE, text, lo, start)
    past_at = _last_match(_PAST, text, lo, start)
    if future_at >= 0 or past_at >= 0:
        return "future" if future_at > past_at else "past"
    if start - sentence[0] <= 12:
        # The sentence opens with the expression ("On Tuesday, the league plans to …"): its
        # main verb follows, so the first cue after it decides.
        window = min(sentence[1], end + 80)
        future = _FUTURE.search(text, end, window)
        past = _PAST.search(text, end, window)
        if future or past:
            return "future" if future and (not past or future.start() < past.start()) else "past"
        return None
    if _FUTURE.search(text, end, min(sentence[1], end + 12)):
        return "future"
    if _PAST.search(text, end, min(sentence[1], end + 40)):
        return "past"
    return None


# Words that put a paragraph in the time of publication: "is now", "currently", "this winter".
_PRESENT = re.compile(
    r"(?i)\b(?:(?:is|are|has|have|remains?)\s+now|now\s+(?:is|are|has|have)|currently"
    r"|nowadays|at\s+present|(?-i:today|yesterday|tonight))\b"
)
# Weaker cues: in a narrative, "this year" is the year being told, not the present.
_PRESENT_NEWS = re.compile(
    r"(?i)\b(?:to\s+date|so\s+far\s+this|this\s+(?:week|month|year|winter|spring|summer|autumn"
    r"|fall)|last\s+(?:week|month|night))\b"
)
# How far around an expression its paragraph is read for such words (bounded work on a
# paragraph that never ends).
_PARAGRAPH_REACH = 800
_NEAR_BACK, _NEAR_AHEAD = 150, 350


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def paragraph_break(text: str) -> re.Pattern[str] | str:
    """What ends a paragraph in ``text``: a blank line, or in a text without blank lines
    (one paragraph a line) a line end."""
    return _BLANK_LINE if _BLANK_LINE.search(text) else "\n"


def _has_break(text: str, brk: re.Pattern[str] | str, start: int, end: int) -> bool:
    """Whether a paragraph ends between ``start`` and ``end``."""
    if isinstance(brk, str):
        return text.find(brk, max(0, start), end) >= 0
    return brk.search(text, max(0, start), end) is not None


def _present_paragraph(
    text: str, brk: re.Pattern[str] | str, start: int, end: int, narrative: bool
) -> bool:
    """Whether the paragraph around ``start:end`` speaks of the present (in a document that
    reads as a narrative, only the strong cues count: "is now", "currently", and only near
    the expression: its sentence and the next)."""
    reach_back, reach = (_NEAR_BACK, _NEAR_AHEAD) if narrative else (_PARAGRAPH_REACH,) * 2
    lo = max(0, start - reach_back)
    hi = min(len(text), end + reach)
    if isinstance(brk, str):
        lo = text.rfind(brk, lo, start) + 1 or lo
        nl = text.find(brk, end, hi)
        hi = nl if nl >= 0 else hi
    else:
        for m in brk.finditer(text, lo, start):
            lo = m.end()
        if (m := brk.search(text, end, hi)) is not None:
            hi = m.start()
    if _PRESENT.search(text, lo, hi) is not None:
        return True
    return not narrative and _PRESENT_NEWS.search(text, lo, hi) is not None


# Words of a plan before a date: "a campaign planned for 1976", "talks scheduled for May".
_PLAN = re.compile(
    r"(?i)\b(?:plann(?:ed|ing)|schedul(?:ed|ing)|slated|intended|envisaged|envisioned|proposed"
    r"|targeted)\b[^.;!?]{0,25}$"
)
# Future words anywhere before, or plan words just before: one scan for both.
_AHEAD = re.compile(
    "(?i)(?:"
    + _FUTURE.pattern.removeprefix("(?i)")
    + ")|(?:"
    + _PLAN.pattern.removeprefix("(?i)")
    + ")"
)
# A piece of every alternative of `_AHEAD`, lower-cased: where none occurs, neither can it.
_AHEAD_HINTS = (
    "will",
    "won",
    "shall",
    "going",
    "next",
    "upcoming",
    "schedul",
    "plan",
    "expect",
    "suppos",
    "set",
    "to be",
    "due",
    "intend",
    "aim",
    "would",
    "as soon",
    "as early",
    "is to",
    "are to",
    "payable",
    "effective",
    "'ll",
    "’ll",
    "slated",
    "envis",
    "propos",
    "target",
)
_AHEAD_HINT = re.compile("|".join(re.escape(hint) for hint in _AHEAD_HINTS))
_SINCE = re.compile(r"(?i)\bsince\s+$")
# "since 1990" runs up to now; a date after a determiner names a thing, it does not tell when
# the story is: "the Dec. 21, 1988, bombing", "the August 1988 cease-fire", "the 1942 Soviet
# defeat".
_LEAD = re.compile(r"(?i)\b(?:(?P<since>since)|the|a|an|its|his|her|their|this|that)\s+$")


_BC = re.compile(r"(?:BC\d{4}/)?BC(?P<y>\d{4})(?:-(?P<m>\d{2}))?(?:$|-)")
# A year-less date: its year comes from the story.
_YEARLESS = re.compile(r"XXXX(?P<rest>-(?:\d{2}|SP|SU|FA|WI)(?:-\d{2})?)$")


def before_christ(text: str, cand: Candidate, res: Resolved, ctx: Context) -> Resolved:
    """Follow a story told before Christ (see `Context.story_bc`): a date BC moves it; a
    year-less date takes its year ("September" after "480 BC" is BC0480-09); anything else
    left without a year is at least before Christ ("the next day": BCXXXX-XX-XX)."""
    if (m := _BC.match(res.value)) is not None:
        if not _SINCE.search(text, max(0, cand.start - 8), cand.start) and not ctx.future:
            month = int(m["m"]) if m["m"] else None
            ctx.story_bc, ctx.story, ctx.anchor = (int(m["y"]), month), None, None
            ctx.story_at = cand.end
        return res
    if ctx.story_bc is None or res.anchored or not res.value.startswith("XXXX"):
        return res
    year = ctx.story_bc[0]
    if (m := _YEARLESS.match(res.value)) is not None:
        return replace(res, value=f"BC{year:04d}{m['rest']}")
    return replace(res, value="BC" + res.value)


def _opens_sentence(text: str, pos: int) -> bool:
    """Whether ``pos`` starts a sentence or a line ("The 2004 election was controversial.")."""
    before = text[max(0, pos - 3) : pos]
    return pos == 0 or "\n" in before or bool(re.search(r"[.!?][\"”’)]?\s+$", before))


_DECADE_OR_CENTURY = re.compile(r"\d{2,3}")
_PREPOSITION_BEFORE = re.compile(r"(?i)\b(?:in|during|by|throughout|through|until)\s+(?:the\s+)?$")


def _before_preposition(text: str, pos: int) -> int:
    """Where a date's phrase starts, with the preposition before it: "In the 1990s"."""
    m = _PREPOSITION_BEFORE.search(text, max(0, pos - 16), pos)
    return m.start() if m else pos


# A past perfect: "had hit", "had already been shelled" (not "had to", "had a meeting").
_PAST_PERFECT = re.compile(
    r"(?i)(?<!\w)had\s+(?:(?:not|never|already|just|also|earlier|previously|reportedly)\s+)?"
    r"(?!(?:to|a|an|the|no|its|his|her|their|our|my|your|some|many|much|more|little|few|been"
    r"\s+(?:a|an|the|no|in|at|on))(?!\w))(?:been\s+)?[a-z]{2,}(?!\w)"
)
_CLAUSE_SEAM = re.compile(r"(?i)[;:]|\bbut\b|\bwhile\b|\bwhereas\b")


def flashback(text: str, sentence_start: int, start: int, res: Resolved, ctx: Context) -> bool:
    """Whether the date at ``start`` dates a flashback: a past perfect before it in its clause
    ("Shelling had hit the cemetery the previous day") and a date before the story's. "Later
    that day" and "the next day" after it go on from the story, not from the flashback."""
    story = ctx.story
    if story is None or story.start is None or res.start is None or res.start >= story.start:
        return False
    lo = max(sentence_start, start - 120)
    seams = list(_CLAUSE_SEAM.finditer(text, lo, start))
    if seams:
        lo = seams[-1].end()
    return _PAST_PERFECT.search(text, lo, start) is not None


def speakers_time(text: str, cand: Candidate, res: Resolved, sentence_start: int) -> bool:
    """Whether ``cand`` is a speaker's own "tomorrow" or "today", counted from the dct inside a
    quotation: '"They will come back tomorrow," an elder said. Four days later, ...' — the
    speaker's time is no day the story reaches, nor one "four days later" counts from."""
    kind = res.anchor[0] if res.anchor else None
    return kind is AnchorKind.PUBLICATION and inside_quotation(text, sentence_start, cand.start)


def moves_story(
    text: str, cand: Candidate, res: Resolved, ctx: Context, sentence_start: int
) -> bool:
    """Whether a date read at ``cand`` is where the story now is.

    Not: in news, a date worked out from the story itself ("the following year": only a
    date written in full takes news elsewhere); the start of a period running up to now
    ("since 1990"); a date naming a thing ("the Dec. 21, 1988, bombing"); a plan ("a
    campaign planned for 1976"); in a narrative, a word counting from the dct ("today", in a
    quotation), and in news a quoted one ("tomorrow," an elder said); a look back ("two
    decades earlier", "the previous year"), or, in a history, a speaker's ("in 2012" quoted
    on 2 June 2013).
    """
    kind = res.anchor[0] if res.anchor else None
    if kind is AnchorKind.PUBLICATION and ctx.narrative_document:
        return False
    if speakers_time(text, cand, res, sentence_start):
        return False
    history = ctx.narrative_document or ctx.genre is Genre.NARRATIVE
    if kind is AnchorKind.NARRATIVE and not history:
        return False  # in news only a date written in full takes the story elsewhere
    story = ctx.story
    if (
        story is not None
        and story.start
        and res.end
        and (res.end < story.start or (res.start is not None and res.start <= story.start))
        and _DECADE_OR_CENTURY.fullmatch(res.value)
        and not _opens_sentence(text, _before_preposition(text, cand.start))
    ):
        # "the largest crisis since the Yugoslav Wars in the 1990s", told in 2022: a decade
        # behind the story, mid-sentence, is a comparison, and so is one holding the story
        # ("the worst seen in the 21st century", told in March 2022: the next "On 25 March"
        # is still 2022's); "In the 1990s, ..." opening a sentence still takes the story
        # there.
        return False
    if (
        kind is AnchorKind.NARRATIVE
        and story is not None
        and story.start
        and res.start
        and res.start < story.start
        and not ctx.returned  # back to a day announced in full: the main line again
        and not (ctx.reader is not None and ctx.reader.heading(cand.start, cand.end))
    ):
        return False  # a look back, unless it heads a section
    start = cand.start
    if (
        kind is AnchorKind.EXPLICIT
        and history
        and story is not None
        and story.start
        and res.end
        and res.end < story.start
        and inside_quotation(text, sentence_start, start)
    ):
        return False  # a speaker's look back: "did not speak out when [...] in 2012"
    if _ANNIVERSARY.search(text, sentence_start, start):
        # "it was the 21st anniversary of Öcalan's expulsion from Syria in 1998": the date an
        # anniversary recalls is a look back, not where the story now is.
        return False
    lead = _LEAD.search(text, max(0, start - 8), start)
    if lead is not None and (lead["since"] or not _opens_sentence(text, lead.start())):
        return False  # "since 1990"; "the 1942 Soviet defeat", "the Dec. 21, 1988, bombing"
    if text[start - 1 : start] == "(" and text[cand.end : cand.end + 1] == ")":
        return False  # a date in brackets after a name: "the First Chechen War (1994–1996)"
    lo = max(sentence_start, start - 40)
    fragment = " ".join(text[lo:start].lower().split())
    if _AHEAD_HINT.search(fragment) is None:
        return True  # no word of `_AHEAD` can be there: skip the costlier regex
    return _AHEAD.search(text, lo, start) is None


def dates_a_report(text: str, sentence_start: int, start: int) -> bool:
    """Whether a verb of saying stands right before the date ("the ministry said on
    Tuesday"), as `timeline.roles` reads a report date: the engine neither anchors on such a
    day nor moves the story to it. (It asks of days only: "reported third-quarter net
    income" names the period told.)"""
    return _report_before().search(text, max(sentence_start, start - 60), start) is not None


@cache
def _report_before() -> re.Pattern[str]:
    """`timeline.text.report_date_before` over the verbs of saying and their fillers of
    ``timeline/data/roles.toml`` ``[report]``, read from the file itself: the roles of dates
    read the same words, and the temporal engine imports nothing above text and models."""
    raw = resources.files("timeline").joinpath("data/roles.toml").read_text(encoding="utf-8")
    report = tomllib.loads(raw)["report"]
    return report_date_before(report["speech_verbs"], report["verb_fillers"])


# A blank line, as the segmenter reads one (spaces allowed on it).
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
_ANNIVERSARY = re.compile(r"(?i)\banniversary\s+of\b")
_DEICTIC = re.compile(
    r"(?i)(?:on\s+|last\s+|this\s+|next\s+)?(?:yesterday|today|tonight|tomorrow|monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday|(?:this|last|next)\s+(?:week|month))\b"
)
# A year as written: four digits from 1000 to 2099, or up to four before an era ("480 BC");
# never a count ("100 days").
# Words that count a year or season from the publication: in a history of the recent past they
# are rare outside quotations, in news common ("this year's third quarter", "two years ago").
_NEWS_YEAR = re.compile(
    r"(?i)(?:this|last|next)\s+(?:year|quarter|spring|summer|autumn|fall|winter)\b"
    r"|\b(?:years?|months?)\s+ago\b"
)
_WRITTEN_YEAR = re.compile(
    r"(?<!\d)(?:(?P<y>1\d{3}|20\d{2})(?!\d)(?!\s*(?-i:BCE?|B\.C\.))"
    r"|\d{1,4}\s*(?P<era>(?-i:BCE?|B\.C\.(?:E\.)?)))"
)


_SECTION_HEADING = re.compile(r"(?m)^#{2,6}[ \t]+\S")


def guess_narrative(text: str, cands: list[Candidate], dct: date | None) -> bool:
    """Whether a document reads as a narrative of the past: at least three years written in
    its time expressions lie more than a year before the publication year, and they outweigh
    the signs of news: years near the publication, and (twice) words that count from it
    ("yesterday", "on Tuesday", "last week"; not in a quotation: a chronology may quote a
    speaker's "yesterday"). A history of 1941, not news of 1998 that
    recalls 1990. Years after the dct say nothing either way; BC years count as past.

    Or a history of the recent past: at least two written years before the publication year,
    twice as many as those of it, and no word counting from the publication outside a
    quotation ("on Tuesday", "last week", "this year", "two years ago"); or, in a text with
    Markdown sections, one such year."""
    if dct is None:
        return True
    past = last_year = current = deictic = news_years = 0
    breaks: list[int] | None = None  # paragraph starts, found once (a text may have none)
    for c in cands:
        deixis = _DEICTIC.match(text, c.start, c.end) is not None
        if deixis or _NEWS_YEAR.search(text, c.start, c.end):
            if breaks is None:
                breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
            at = bisect.bisect_right(breaks, c.start)
            paragraph = breaks[at - 1] if at else 0
            if inside_quotation(text, paragraph, c.start):
                continue  # a speaker's "yesterday" counts from their day, not the report's
            if deixis:
                deictic += 1
                continue
            news_years += 1
        for m in _WRITTEN_YEAR.finditer(text, c.start, c.end):
            year = -1 if m["era"] else int(m["y"])
            if year < dct.year - 1:
                past += 1
            elif year == dct.year - 1:
                last_year += 1
            elif year <= dct.year + 1:
                current += 1
    if past >= 3 and past >= last_year + current + 4 * deictic:
        return True
    # A history of the recent past: "On 27 March" after "1 February 2021", told in November
    # 2022, is 2021's. Its years lie before the publication year, and nothing counts from the
    # publication ("on Tuesday", "last week", "this year", "two years ago" outside quotations),
    # as it does somewhere in news of the same months.
    before = past + last_year
    if deictic + news_years:
        return False
    if before >= 2 and before >= 2 * current:
        return True
    # Sections ("## From protest to war") are a history's or a background's, not a wire's: one
    # year before the publication year will do ("The Myanmar military seized power on 1
    # February 2021 ... On 27 March", told in November 2022 under "## From protest to war").
    return before >= 1 and _SECTION_HEADING.search(text) is not None


class Reader:
    """The `normalize.TextReader` of one document: tense, present-tense paragraphs and
    paragraph ends, read only when a resolver asks."""

    def __init__(self, text: str, narrative: bool) -> None:
        self.text = text
        self.narrative = narrative
        self.brk = paragraph_break(text)
        self.sentence = (0, len(text))

    def tense(self, start: int, end: int) -> str | None:
        return _tense(self.text, self.sentence, start, end)

    def present(self, start: int, end: int) -> bool:
        return _present_paragraph(self.text, self.brk, start, end, self.narrative)

    def breaks(self, start: int, end: int) -> bool:
        return _has_break(self.text, self.brk, start, end)

    def heading(self, start: int, end: int) -> bool:
        text = self.text
        line_start = text.rfind("\n", max(0, start - 80), start) + 1
        line_end = text.find("\n", end, end + 80)
        return (
            (line_start > 0 or start < 80)
            and not text[line_start:start].strip(" \t#*_")
            and not text[end : len(text) if line_end < 0 else line_end].strip(" \t*_:.")
        )


def anchor_of(res: Resolved, ctx: Context) -> tuple[AnchorKind, str | None] | None:
    """What ``res`` was resolved against, from what its resolver read of ``ctx``."""
    if not res.anchored or res.kind in (TimeKind.DURATION, TimeKind.SET):
        return None
    if res.year is not None:
        return (AnchorKind.EXPLICIT, None)
    if ctx.story_value is not None:
        return (AnchorKind.NARRATIVE, ctx.story_value)
    if ctx.used_publication and ctx.publication is not None:
        return (AnchorKind.PUBLICATION, ctx.publication.isoformat())
    return (AnchorKind.EXPLICIT, None)


# ---------------------------------------------------------------------------------------------
# Offsets from a named event: "eight days after Fort Sumter", "four days after the vote"

_WORDS = table("anchoring")
_EVENT_WORDS = EVENT_NOUNS | words(_WORDS["event_heads"])
_NOT_NAMES = words(_WORDS["not_names"])
# A name: capitalised words, "of"/"de"/"the" allowed inside ("Battle of Plataea").
_NAME = re.compile(r"(?-i:[A-Z][\w’'.-]*)(?:\s+(?:(?:of|de|the)\s+)?(?-i:[A-Z][\w’'.-]*))*")
_WORD = re.compile(r"[A-Za-z][a-z-]+")
# How far before a date (in its sentence) the event it dates is named: "the attack on Fort
# Sumter on April 12, 1861".
_NAMED_BEFORE = 80
# After a duration: "after"/"before" and the event ("Fort Sumter", "the vote", "Japan's
# declaration of war").
_OFFSET_AFTER = re.compile(
    r"\s+(?P<dir>after|before)\s+(?P<np>(?:the|its|their|his|her)\s+(?:[\w’'-]+\s+){0,3}?[\w’'-]+"
    r"|(?-i:[A-Z][\w’'.-]*)(?:\s+(?-i:[A-Z][\w’'.-]*)){0,3}(?:['’]s\s+[a-z-]+)?)"
    r"(?=\s*(?:[,.;:!?)]|$)|\s+(?:was|were|had|is|on|in|at|by|and|to|of|which|that|when)\b)"
)
_DURATION = re.compile(r"P(?:(?P<n>\d+)(?P<u>[YMWD])|T(?P<h>\d+)[HM])$")
_UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day"}


def _names(fragment: str) -> list[str]:
    """Names in ``fragment`` ("Fort Sumter", "Marathon"), lower-cased, without "the"."""
    out = []
    for m in _NAME.finditer(fragment):
        name = m.group()
        first = name.split()[0]
        if first in _NOT_NAMES:
            name = name[len(first) :].strip()
        if name and name.split()[0] not in _NOT_NAMES:
            parts = name.lower().split()
            out.append(" ".join(parts))
            if len(parts) > 1:
                out.append(parts[-1])  # "the Battle of Marathon" is also "Marathon"
    return out


def _heads(fragment: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(fragment) if w.lower() in _EVENT_WORDS]


class EventMemory:
    """The dated phrases a document has read so far, indexed by the names and head nouns
    around them (latest first) when an offset first asks for an event: each phrase is read
    once, so a long document costs time in proportion to its length."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.notes: list[tuple[int, int, int, Resolved]] = []
        self.indexed = 0
        self.dates: dict[str, Resolved] = {}

    def note(self, sentence_start: int, start: int, end: int, res: Resolved) -> None:
        """Remember ``res`` as the date of the events named just before it in its sentence
        ("the attack on Fort Sumter on April 12") or right after it ("the 10 November
        ceasefire")."""
        self.notes.append((sentence_start, start, end, res))

    def find(self, phrase: str) -> Resolved | None:
        """The date of the event ``phrase`` names, if the document dated it: by its first
        noun of happening ("the vote"), else by its name ("Fort Sumter"); the latest such
        date."""
        # The event is the phrase's first noun of happening ("its capture from the SDF",
        # "Japan's declaration of war"); a phrase without one names it ("Fort Sumter").
        heads = _heads(phrase)
        wanted = heads[:1] if heads else _names(phrase)
        if not wanted:
            return None
        text = self.text
        for sentence_start, start, end, res in self.notes[self.indexed :]:
            before = text[max(sentence_start, start - _NAMED_BEFORE) : start]
            after = text[end : end + 24].split(",")[0]
            for key in (*_names(before), *_heads(before), *_heads(after)[:1]):
                self.dates[key] = res
        self.indexed = len(self.notes)
        for key in wanted:
            if key in self.dates:
                return self.dates[key]
        return None


def offset_from_event(
    text: str, cand: Candidate, res: Resolved, memory: EventMemory
) -> tuple[Candidate, Resolved] | None:
    """ "eight days after Fort Sumter": a duration counted from an event the document has
    dated becomes that date, moved; the span takes in the event. None when the duration is
    not followed by "after/before" an event, or the event's date is not known (never
    guessed)."""
    m = _DURATION.match(res.value)
    after = _OFFSET_AFTER.match(text, cand.end, cand.end + 80)
    if m is None or after is None or res.mod is not None:
        return None
    event = memory.find(after["np"])
    if event is None:
        return None
    sign = 1 if after["dir"] == "after" else -1
    bc = _BC.match(event.value)
    if bc is not None:  # "a year after Marathon" (490 BC): years count down
        if m["u"] != "Y" or not 0 < int(bc["y"]) - sign * int(m["n"]) <= 9999:
            return None
        value = f"BC{int(bc['y']) - sign * int(m['n']):04d}"
        anchor = (AnchorKind.EVENT, event.value)
        bc_res = Resolved(TimeKind.DATE, value, Precision.YEAR, None, None, None, None, anchor)
        return replace(cand, end=after.end("np")), bc_res
    if m["h"] is not None:  # hours or minutes: the event's day, moved by whole days
        if event.precision is not Precision.DAY or event.start is None:
            return None
        hours = int(m["h"]) if res.value.endswith("H") else 0
        moved: Resolved | None = from_period(
            day_period(event.start + timedelta(days=sign * (hours // 24)))
        )
    else:
        moved = shift_period(event, _UNITS[m["u"]], sign * int(m["n"]))
    if moved is None:
        return None
    moved = Resolved(
        TimeKind.DATE,
        moved.value,
        moved.precision,
        moved.start,
        moved.end,
        None,
        None,
        (AnchorKind.EVENT, event.value),
    )
    return replace(cand, end=after.end("np")), moved
