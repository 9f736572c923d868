"""The extraction pipeline: spot → select → resolve in reading order → join ranges.

1. Every grammar rule proposes candidates; it runs only near the tokens its matches must
   contain (a month name, a year, a unit word; see `spotting`).
2. Overlaps are settled greedily: longest span first, then rule priority, then position.
3. Candidates are resolved left to right with a `Context` that carries the sentence's tense,
   the last explicit year of the sentence and the last anchored expression of the document.
4. Two dates joined by "from … to/until …", "between … and …" or a dash become one range.
5. Modifiers written around a date ("after the 2020 war", "May 2021 onwards") are attached.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from timeline.models import (
    AnchorKind,
    Genre,
    Modifier,
    Precision,
    TimeAnchor,
    TimeExpression,
    TimeKind,
)
from timeline.temporal.anchoring import (
    EventMemory,
    Reader,
    anchor_of,
    before_christ,
    dates_a_report,
    flashback,
    guess_narrative,
    moves_story,
    offset_from_event,
    speakers_time,
)
from timeline.temporal.grammar import POINT_RULES, RANGE_RULES, Rule
from timeline.temporal.normalize import Candidate, Context, Resolved, coarser
from timeline.temporal.spotting import TextIndex, finditer_near
from timeline.text import Located, Span, sentence_starts

_MOD_BEFORE = re.compile(
    r"(?i)\b(?P<w>after|since|following|before|prior\s+to|ahead\s+of)\s+(?:the\s+)?$"
)
_MOD_AFTER = re.compile(
    r"(?i)^,?\s*(?P<w>onwards?|and\s+later|or\s+later|and\s+beyond|or\s+earlier|and\s+earlier)\b"
)
# Gaps that join two dates into one range.
_GAP_DASH = re.compile(r"^\s*(?:–|—|-|‐)\s*$")
_GAP_WORD = re.compile(r"(?i)^\s+(?:to|until|till|through|thru|and|into)\s+$")
# "from 3 May until late in the day on 5 May"; "until 07:00 local time on 23 March".
_GAP_LONG = re.compile(
    r"(?i)^\s+(?:to|until|till|through|up\s+to)\s+(?:[\w’'.:-]+\s+){0,5}?(?:in|on|by)\s+$"
)
_FROM_BEFORE = re.compile(r"(?i)\b(?:from|between)\s+$")
# "from 21:00 local time on 21 March until ...": a time of day between "from" and the date.
_FROM_TIME_BEFORE = re.compile(
    r"(?i)\bfrom\s+(?:\d{1,2}[:.]\d{2}|\d{1,2}\s*[ap]\.?m\.?|noon|midnight)"
    r"(?:\s+(?:local|[A-Z]\w+)\s+time|\s+[A-Z]{2,4})?\s+(?:on\s+)?$"
)


# Characters that case-insensitive patterns match to ASCII letters ("ſ" to s, "ı" to i, the
# Kelvin sign to k): a match that holds one is no date of ours, and the rules' word tables
# would not know it.
_FOLDED = re.compile("[\u0130\u0131\u017f\u212a]")


# Words that bring a sentence back to the time of writing: "... in April 2016 and clashed
# again this week, when fighting between 12 and 16 July killed ...".
_PRESENT_DEIXIS = re.compile(
    r"(?i)(?:this|last|past)\s+(?:week|weekend|month)|today|tonight|yesterday|this\s+year"
)


def spot(text: str, rules: list[Rule], index: TextIndex | None = None) -> list[Candidate]:
    """All candidates of ``rules`` over ``text`` (overlapping), in rule order.

    Each rule runs only in windows around its trigger tokens (`spotting.finditer_near`); the
    candidates are the same as `spot_exhaustive`'s. ``index`` shares the tokens found in
    ``text`` between calls.
    """
    index = index or TextIndex(text)
    folds = not text.isascii() and _FOLDED.search(text) is not None
    found: list[Candidate] = []
    for r in rules:
        spans = index.spans(r.trigger)
        if spans is not None and not spans:
            continue  # no trigger token: the rule cannot match (and is not even compiled)
        pattern, back, ahead = r.compiled()
        if spans is None:
            matches: Iterable[re.Match[str]] = pattern.finditer(text)
        else:
            matches = finditer_near(pattern, index, r.trigger, back, ahead)
        for m in matches:
            if folds and _FOLDED.search(m.group()):
                continue  # "ſpring", "yeſterday": matched by case folding, not English dates
            cand = r.build(m, text)
            if cand is not None and cand.end > cand.start:
                found.append(cand)
    return found


def spot_exhaustive(text: str, rules: list[Rule]) -> list[Candidate]:
    """`spot` by running every rule over the whole text: the reference, kept for tests."""
    folds = not text.isascii() and _FOLDED.search(text) is not None
    found: list[Candidate] = []
    for r in rules:
        for m in r.pattern.finditer(text):
            if folds and _FOLDED.search(m.group()):
                continue
            cand = r.build(m, text)
            if cand is not None and cand.end > cand.start:
                found.append(cand)
    return found


def select(cands: list[Candidate]) -> list[Candidate]:
    """A non-overlapping subset: longest first, then by priority, then leftmost.

    The characters already taken are marked in a byte array, so each candidate costs its own
    length (a sorted list of the chosen spans cost a list insertion each: quadratic in a text
    with a hundred thousand dates).
    """
    if not cands:
        return []
    order = sorted(cands, key=lambda c: (-(c.end - c.start), c.priority, c.start))
    taken = bytearray(max(c.end for c in cands))
    chosen: list[Candidate] = []
    for c in order:
        if taken.find(1, c.start, c.end) >= 0:
            continue  # overlaps a candidate chosen before
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


def _resolve_all(
    text: str,
    cands: list[Candidate],
    dct: date | None,
    starts: list[int],
    genre: Genre | None = None,
) -> list[tuple[Candidate, Resolved]]:
    ctx = Context(publication=dct, genre=genre)
    ctx.narrative_document = guess_narrative(text, cands, dct)
    reader = Reader(text, ctx.narrative_document)
    ctx.reader = reader
    events = EventMemory(text)
    current = -1
    covered = -1  # the end of a span stretched over the event it counts from
    out: list[tuple[Candidate, Resolved]] = []
    for cand in cands:
        if cand.start < covered:
            continue  # inside "eight days after the 1861 attack on Fort Sumter"
        index = bisect.bisect_right(starts, cand.start) - 1
        if index != current:
            current = index
            end = starts[index + 1] if index + 1 < len(starts) else len(text)
            reader.sentence = (starts[index], end)
            ctx.sentence_year = None
            ctx.sentence_month = None
        # The tense is read around the expression (not the whole sentence): "New Zealand said
        # Friday it will …" is past for Friday.
        ctx.at(cand.start, cand.end)
        ctx.comparison = bool(cand.extra.get("comparison"))
        ctx.begin()
        try:
            res = cand.resolve(ctx)
        except (ValueError, OverflowError):
            res = None  # calendar arithmetic out of range (e.g. a dct near year 1 or 9999)
        if res is None:
            continue
        if (anchor := anchor_of(res, ctx)) is not None:
            res = Resolved(
                res.kind, res.value, res.precision, res.start, res.end, res.mod, res.year, anchor
            )
        if res.year is not None:
            ctx.sentence_year = res.year
            if (
                res.precision is Precision.DAY
                and res.start is not None
                and res.kind is TimeKind.DATE
            ):
                ctx.written_days[(res.start.month, res.start.day)] = res.start.year
        elif (
            res.anchor is not None
            and res.anchor[0] is AnchorKind.PUBLICATION
            and _PRESENT_DEIXIS.fullmatch(text, cand.start, cand.end)
        ):
            # "fought a war in April 2016 and clashed again this week, when fighting between
            # 12 and 16 July killed ...": the sentence has come back to the time of writing;
            # its later dates are read from the publication date again, not from 2016.
            ctx.sentence_year = None
        named = not ctx.comparison
        if res.anchored and res.precision is Precision.QUARTER and "-Q" in res.value:
            ctx.last_quarter = res
        # Results are reported for quarters that have ended: a quarter still running at the
        # dct ("a fourth-quarter charge" in October) is a forecast, not the reference period.
        if (
            named
            and res.anchored
            and res.precision is Precision.QUARTER
            and "-Q" in res.value
            and (dct is None or res.end is None or res.end < dct)
        ):
            ctx.quarter, ctx.quarter_at = res, cand.end
        if res.value.startswith(("BC", "XXXX")):
            res = before_christ(text, cand, res, ctx)
        if res.kind is TimeKind.DURATION:
            try:
                counted = offset_from_event(text, cand, res, events)
            except (ValueError, OverflowError):
                counted = None  # "2000 years before the attack": before the calendar's year 1
            if counted is not None:
                cand, res = counted
                covered = cand.end
        # A comparison period ("up from $5 million a year earlier") is not what the story is
        # about: a second "a year earlier" compares with the same period, it does not chain.
        dated = res.kind in (TimeKind.DATE, TimeKind.RANGE) or (
            res.kind is TimeKind.TIME and res.precision is Precision.DAY
        )
        if named and dated and res.precision and (res.anchored or res.value.startswith("BC")):
            events.note(reader.sentence[0], cand.start, cand.end, res)
        if named and res.anchored and dated and res.precision:
            # A report's day is no day the story goes on from, nor one it reaches ("..., the
            # ministry said on Tuesday. The same day, ..." is the attack's day).
            report_day = res.precision is Precision.DAY and dates_a_report(
                text, reader.sentence[0], cand.start
            )
            if (
                not report_day
                and not flashback(text, reader.sentence[0], cand.start, res, ctx)
                and not speakers_time(text, cand, res, reader.sentence[0])
            ):
                ctx.anchor = res  # a flashback's date is no day the story goes on from either
            if not report_day and moves_story(text, cand, res, ctx, reader.sentence[0]):
                ctx.story, ctx.story_at, ctx.story_bc = res, cand.end, None
            if res.start is not None and res.precision.value in ("day", "week", "month"):
                ctx.sentence_month = (res.start.year, res.start.month)
        out.append((cand, res))
    return out


def _join_ranges(
    text: str, items: list[tuple[Candidate, Resolved]]
) -> list[tuple[int, int, Resolved]]:
    """Join "from A to B" / "between A and B" / "A–B" into one range."""
    out: list[tuple[int, int, Resolved]] = []
    i = 0
    while i < len(items):
        cand, res = items[i]
        joined = _join_next(text, items, i)
        if joined is not None:
            end, used, whole = joined
            out.append((cand.start, end, whole))
            i += used
            continue
        out.append((cand.start, cand.end, res))
        i += 1
    return out


def _join_next(
    text: str, items: list[tuple[Candidate, Resolved]], i: int
) -> tuple[int, int, Resolved] | None:
    """The range item ``i`` makes with the next date (its end, the items it takes, the range),
    or with the date after a time of day: "from 9 p.m. on 4 May until 6 a.m. on 6 May" takes
    the time in its gap."""
    cand, res = items[i]
    for step in (1, 2):
        if i + step >= len(items):
            return None
        if step == 2 and items[i + 1][1].kind is not TimeKind.TIME:
            return None
        nxt, res2 = items[i + step]
        joined = _try_join(text, cand, res, nxt, res2)
        if joined is not None:
            return nxt.end, step + 1, joined
    return None


def _try_join(text: str, a: Candidate, ra: Resolved, b: Candidate, rb: Resolved) -> Resolved | None:
    if ra.kind is not TimeKind.DATE or rb.kind is not TimeKind.DATE:
        return None
    if not (ra.anchored and rb.anchored) or ra.start is None or rb.end is None:
        return None
    if ra.start >= rb.start or ra.value.endswith("REF") or rb.value.endswith("REF"):
        return None
    gap = text[a.end : b.start]
    before = text[max(0, a.start - 10) : a.start]
    has_from = bool(
        _FROM_BEFORE.search(before) or _FROM_TIME_BEFORE.search(text, max(0, a.start - 40), a.start)
    )
    if _GAP_DASH.match(gap):
        pass
    elif _GAP_WORD.match(gap):
        word = gap.strip().lower()
        if word == "and" and not before.lower().rstrip().endswith("between"):
            return None
        if word != "and" and not has_from and ra.precision != rb.precision:
            return None
    elif not (has_from and _GAP_LONG.match(gap)):
        return None
    precision = coarser(ra.precision, rb.precision)
    # The range is as explicit as its least explicit end ("from 3 May to 10 June 1992").
    anchor = ra.anchor if ra.anchor and ra.anchor[0] is not AnchorKind.EXPLICIT else rb.anchor
    return Resolved(
        TimeKind.RANGE, f"{ra.value}/{rb.value}", precision, ra.start, rb.end, None, rb.year, anchor
    )


def _context_modifier(text: str, start: int, end: int, res: Resolved) -> Resolved:
    """Attach after/before written around a date: "after the 2020 war", "May 2021 onwards"."""
    if res.kind is not TimeKind.DATE or res.mod is not None or res.precision is None:
        return res
    m = _MOD_BEFORE.search(text, max(0, start - 16), start)
    if m:
        word = m["w"].lower()
        mod = Modifier.BEFORE if word.startswith(("before", "prior", "ahead")) else Modifier.AFTER
        return replace(res, mod=mod)
    m = _MOD_AFTER.match(text[end : end + 16])
    if m:
        word = m["w"].lower()
        return replace(res, mod=Modifier.BEFORE if "earlier" in word else Modifier.AFTER)
    return res


def extract(
    text: str,
    dct: date | None,
    genre: Genre | None = None,
    sentences: Iterable[Span | Located] | None = None,
) -> list[TimeExpression]:
    """See `timeline.temporal.extract_times`."""
    if not text:
        return []
    # Range rules first: `select` breaks ties between equal candidates by this order.
    cands = select(spot(text, RANGE_RULES + POINT_RULES))
    starts = sentence_starts(text, sentences, near=[c.start for c in cands])
    resolved = _join_ranges(text, _resolve_all(text, cands, dct, starts, genre))
    out: list[TimeExpression] = []
    for start, end, res in resolved:
        res = _context_modifier(text, start, end, res)
        anchored = res.anchored
        out.append(
            # Built without validation: every field comes typed from the engine (validating
            # a few dozen models a document cost a tenth of the extraction).
            TimeExpression.model_construct(
                text=text[start:end],
                start=start,
                end=end,
                value=res.value,
                kind=res.kind,
                modifier=res.mod,
                precision=res.precision,
                date_start=res.start if anchored else None,
                date_end=res.end if anchored else None,
                anchored=anchored,
                anchor=(
                    TimeAnchor.model_construct(kind=res.anchor[0], date=res.anchor[1])
                    if res.anchor
                    else None
                ),
            )
        )
    return out


def spot_points(text: str) -> list[Candidate]:
    """Non-overlapping point candidates only (used to split a range into its endpoints)."""
    return select(spot(text, POINT_RULES))
