"""From a document's sentences, time expressions and entities to dated, sourced events.

Rules, in the order they apply:

* An event is anchored on one calendar-anchored date or range in a sentence; a sentence with
  two such expressions yields two events.
* Not every anchored expression is an event. Dropped are: durations and sets (recorded, not
  events); century-precision expressions ("a century ago"), too coarse to place; a year that
  qualifies a proper name ("the October Revolution of 1917", "the Treaty of 1921"), which
  names a thing rather than dating what the sentence reports; a coarse expression whose
  period contains a finer one in the same sentence ("yesterday ... this month's fighting"
  is one event on yesterday); anything starting after the document's publication date
  (forecasts, "this winter"), and an end that runs past it is cut at the publication date.
* Undated sentences that follow an event's sentence in the same paragraph are further
  sources of that event. So is a one-sentence paragraph with no time expression right after
  it: news prose often continues a report in a paragraph of its own.
* Expressions that need an anchor the document lacks ("yesterday" with no publication date)
  are kept as `UndatedExpression`, never resolved against today's date.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Container, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

from timeline.blocks import prose_paragraphs
from timeline.entities import DocumentEntities, EntityTagger, find_casualties
from timeline.entities.lexicon import context_list, word_list
from timeline.event_types import EventType, classify
from timeline.gazetteer import Gazetteer
from timeline.geocode import finest, locate
from timeline.labels import date_label
from timeline.models import (
    Actor,
    ActorKind,
    AnchorKind,
    Casualty,
    DateSpan,
    Document,
    Event,
    ExpressionRole,
    Found,
    Mention,
    Paragraph,
    Place,
    Precision,
    Sentence,
    Source,
    Span,
    TimeExpression,
    TimeKind,
    UndatedExpression,
)
from timeline.roles import dateline_end, expression_role, rules
from timeline.segment import segment
from timeline.temporal import extract_times
from timeline.temporal.lexicon import DAY_RE, MONTH_RE, YEAR_RE
from timeline.text import alternation, inside_quotation

_CALENDAR_KINDS = (TimeKind.DATE, TimeKind.RANGE)
# What can date a row: a calendar date or range, or a time of day on a known day ("The
# clashes erupted on Saturday morning").
_EVENT_KINDS = (TimeKind.DATE, TimeKind.RANGE, TimeKind.TIME)
_LEADING_ADVERBIAL = re.compile(
    r"^\W*"
    # a relative date the written one restates: "Five days later, on 17 February"
    r"(?:(?:[\w-]+\s+(?:days?|nights?|weeks?|months?|years?|hours?)\s+later"
    r"|(?:on\s+)?the\s+(?:next|following)\s+(?:day|morning|evening|night|week|month|year))"
    r",?\s+)?"
    r"(?:(?:just\s+|shortly\s+)?(?:before|at|after|until)\s+(?:dawn|dusk|daybreak|midnight|noon"
    r"|nightfall|sunrise|sunset),?\s+)?"
    r"(?:(?:on|in|at|by|since|after|before|during|from|until|as of|early|late|"
    r"earlier|later|beginning(?: in| on| from)?|starting(?: in| on| from)?|"
    r"as (?:early|late|recently|far back) as|(?:shortly|soon|just|long|even|only) "
    r"(?:after|before)|not (?:until|before)|no (?:later|earlier) than)\s+)?(?:the\s+)?"
    r"(?:night\s+of\s+|morning\s+of\s+|evening\s+of\s+)?$",
    re.IGNORECASE,
)
# The same day said again after the opener ("The next day, 17 June, Russian media reported"):
# once the opener is cut, the restated date goes with it.
_RESTATED_DATE = re.compile(
    rf"^\s*(?:{DAY_RE}\s+{MONTH_RE}|{MONTH_RE}\s+{DAY_RE})(?:,?\s+{YEAR_RE})?\s*,\s*(?=\w)"
)
_PREPOSITION_BEFORE = re.compile(
    r"\s*\b(?:on the (?:night|morning|evening|afternoon) of|on|in|at|since|during|as of|for|"
    r"from|through|throughout|by|until|over|after|before|around)\s*$",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r"[,;]\s+(?=(?:after|as(?!\s+well)|while|when|whereas|before|following|amid|but|which|where)\b)",
    re.IGNORECASE,
)
_LEADING_JOINER = re.compile(
    r"(?:after|as|while|when|whereas|before|following|amid|but|which|where)\s+(?:the\s+)?",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|reported|reports|stated|claimed|confirmed|announced|told\s+\w+)\s+that\s+",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"['’]s\b")
HEADLINE_MAX = 100
HEADLINE_MIN_WORDS = 3
_WORD = re.compile(r"\w+")


@dataclass
class DocumentAnalysis:
    """Everything the engine found in one document.

    Its actors and places (`entities`) are tagged when first asked for: a document none of
    whose sentences dates a happening has no event to give them to (about one article in
    eight of TimeBank and AQUAINT), and tagging was a fifth of the analysis.
    """

    document: Document
    paragraphs: list[Paragraph]
    expressions: list[TimeExpression]
    tagger: EntityTagger = field(repr=False)
    events: list[Event] = field(default_factory=list)
    undated: list[UndatedExpression] = field(default_factory=list)
    _entities: DocumentEntities | None = field(default=None, repr=False)

    @property
    def entities(self) -> DocumentEntities:
        if self._entities is None:
            self._entities = self.tagger.tag(self.document.text)
        return self._entities


def event_id(document: Document, expression: TimeExpression, sentence: Span | None = None) -> str:
    """The id of the event a mention dates: ``sha1("<document id>:<start>:<end>")[:12]``.

    A happening told in an undated sentence and dated by an earlier one ("Hours later, ...")
    shares its date's span with that sentence's event: its id hashes the span of its own
    ``sentence`` instead.

    Only the document (its id hashes its text) and the expression's span go in, never what
    the engine made of it: a better value, label or anchor for the same words in the same
    text keeps the id. Unique within a document because its expressions never overlap, so
    one span dates at most one event.
    """
    start, end = (sentence.start, sentence.end) if sentence else (expression.start, expression.end)
    key = f"{document.id}:{start}:{end}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _is_event_candidate(expr: TimeExpression) -> bool:
    if expr.kind not in _EVENT_KINDS or not expr.anchored:
        return False
    if expr.date_start is None or expr.date_end is None or expr.precision is None:
        return False
    return expr.precision is not Precision.CENTURY


def _contains(outer: TimeExpression, inner: TimeExpression) -> bool:
    assert outer.date_start and outer.date_end and inner.date_start and inner.date_end
    wider = (outer.date_end - outer.date_start) > (inner.date_end - inner.date_start)
    return wider and outer.date_start <= inner.date_start and inner.date_end <= outer.date_end


@cache
def _breakdown() -> re.Pattern[str]:
    """The ``[clauses] breakdown`` words of roles.toml: "with most occurring in"."""
    words_ = alternation(rules().data["clauses"]["breakdown"], space=r"\s+")
    return re.compile(rf"(?<!\w)(?:{words_})(?!\w)", re.IGNORECASE)


def _drop_breakdowns(text: str, exprs: list[TimeExpression]) -> list[TimeExpression]:
    """``exprs`` less the dates that break down a range told before them: "From 2014 to
    2021, there were 3,000 casualties, with most occurring in 2014 and 2015" is one happening
    over the range; its 2014 and 2015 say how the figure was spread."""
    ranges = [e for e in exprs if e.kind is TimeKind.RANGE]
    if not ranges:
        return exprs
    found = _breakdown()

    def breaks_down(inner: TimeExpression) -> bool:
        return any(
            r is not inner
            and r.end <= inner.start
            and _contains(r, inner)
            and found.search(text, r.end, inner.start) is not None
            for r in ranges
        )

    return [e for e in exprs if not breaks_down(e)]


def _drop_distances(text: str, exprs: list[TimeExpression]) -> list[TimeExpression]:
    """Less a date counted from another happening ("2 weeks after its capture") set off by a
    comma after a happening its sentence dates: it tells how far that one came from the
    other ("a car bomb killed 13 civilians in Tell Abyad on 2 November, 2 weeks after its
    capture from the SDF"), and no happening of its own."""
    if len(exprs) < 2:
        return exprs
    first = min(e.start for e in exprs)
    return [
        e
        for e in exprs
        if not (
            e.start > first
            and e.anchor is not None
            and e.anchor.kind is AnchorKind.EVENT
            and _COMMA_BEFORE.search(text, max(first, e.start - 3), e.start) is not None
        )
    ]


_COMMA_BEFORE = re.compile(r",\s*$")


def _drop_restated(text: str, exprs: list[TimeExpression]) -> list[TimeExpression]:
    """A relative date restated by the date right after it ("Five days later, on 17
    February", "The next day, 3 May") is that date: the relative one goes, or it makes a row of
    its own with nothing but "Five days later, on" to say."""
    ordered = sorted(exprs, key=lambda e: e.start)
    dropped: set[int] = set()

    def relative(e: TimeExpression) -> bool:
        # counted from the story's time ("Five days later"), not a date written out ("17
        # February", whose year may come from the story too)
        return (
            e.anchor is not None
            and e.anchor.kind is AnchorKind.NARRATIVE
            and _WRITTEN_DATE.search(e.text) is None
        )

    for a, b in itertools.pairwise(ordered):
        if (
            relative(a) != relative(b)
            and a.date_start == b.date_start
            and a.date_end == b.date_end
            and _RESTATED_BETWEEN.fullmatch(text, a.end, b.start)
        ):
            dropped.add(id(a) if relative(a) else id(b))
    return [e for e in exprs if id(e) not in dropped]


# A date written out: a month's name or a year in it.
_WRITTEN_DATE = re.compile(rf"(?i)(?<!\w)(?:{MONTH_RE}|{YEAR_RE})(?!\w)")
# Between a relative date and the date that restates it: "Five days later, on 17 February".
_RESTATED_BETWEEN = re.compile(r"\s*,?\s*(?:on|in)?\s*")


# Right before the second of two dates of one sentence: a second clause that opens on it ("In
# the autumn of 2019, fighting resumed around the citadel, and on 12 October a drone struck a
# wedding"); not a list ("Donetsk Oblast, and Luhansk Oblast, that was launched on 6 September").
_CLAUSE_SEAM = re.compile(
    r"(?:,\s+(?:and|but|while|whereas)|;)\s+(?:(?:on|in|at|by|from|during|early|late)\s+)?$",
    re.IGNORECASE,
)


def _drop_subsumed(text: str, exprs: list[TimeExpression]) -> list[TimeExpression]:
    """``exprs`` less each date that holds a narrower one of the sentence ("In February 2022,
    on 24 February": one happening on the 24th), unless a second clause of its own stands
    between them (`_CLAUSE_SEAM`)."""
    if len(exprs) <= 32:

        def held(e: TimeExpression, other: TimeExpression) -> bool:
            if not _contains(e, other):
                return False
            first, second = sorted((e, other), key=lambda x: x.start)
            between = text[first.end : second.start]
            return _CLAUSE_SEAM.search(between) is None

        return [e for e in exprs if not any(held(e, other) for other in exprs if other is not e)]
    # Many dates in one sentence (a list, a log): the same answer without comparing every
    # pair. Another date is inside ``e`` and narrower when it starts within e's dates, ends
    # by e's end and is not e's very span: a range minimum of the ends, spans sorted.
    spans = sorted((e.date_start.toordinal(), e.date_end.toordinal()) for e in exprs)  # type: ignore[union-attr]
    table = [[b for _, b in spans]]  # sparse table: table[k][i] = min end of spans[i : i + 2**k]
    while 2 ** len(table) <= len(spans):
        row, half = table[-1], 2 ** (len(table) - 1)
        table.append([min(row[i], row[i + half]) for i in range(len(row) - half)])

    def min_end(lo: int, hi: int) -> float:
        if lo >= hi:
            return float("inf")
        k = (hi - lo).bit_length() - 1
        return min(table[k][lo], table[k][hi - 2**k])

    kept = []
    for e in exprs:
        s, t = e.date_start.toordinal(), e.date_end.toordinal()  # type: ignore[union-attr]
        lo, hi = bisect.bisect_left(spans, (s,)), bisect.bisect_left(spans, (t + 1,))
        same_lo, same_hi = bisect.bisect_left(spans, (s, t)), bisect.bisect_right(spans, (s, t))
        if min(min_end(lo, same_lo), min_end(same_hi, hi)) > t:
            kept.append(e)
    return kept


# Markdown a headline should not show: links keep their text, emphasis marks go.
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)|\[\[(?:[^\]|\n]*\|)?([^\]\n]*)\]\]")
_MD_EMPHASIS = re.compile(r"(?<!\w)(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?!\w)")
# What cutting a date out can leave broken: ",,", " ,", a preposition with nothing after it.
_LEADING_CONJUNCTION = re.compile(r"^\W*(?:and|but|or|then|yet|so)\s+(?=\w)", re.IGNORECASE)
_BROKEN = re.compile(
    r"[,:;]\s*[,;]|\s[,;.]|\w-[,;]"
    # "fighting between killed 12": a "between" left with a verb right after it.
    r"|\bbetween\s+(?:(?-i:[a-z]+ed)|was|were|had|has)\b"
    r"|\b(?:between|on|in|into|at|from|by|since|until|till|during|through|throughout|within"
    r"|after|before|around|for|with|of|and|to|the|as|than)\s*(?:[,;.:]|$)"
    r"|^(?:and|or|of|to)\b",
    re.IGNORECASE,
)


# A second thing said, coordinated with the first: "..., that Stalin extended ...", "and that".
_NEXT_THING_SAID = re.compile(r"(?:,\s+(?:and\s+)?|\s+and\s+)that\s+")
# A participle right before a date that a comma closes: "Izium, occupied in early April,
# destroyed ..." less the date would read "occupied, destroyed".
_PARTICIPLE_END = re.compile(r"(?<![\w-])[a-z]+(?:ed|en)$")
_COMMA_NEXT = re.compile(r"\s*,")


@cache
def _verb_before_comma() -> re.Pattern[str]:
    """A verb between an opening date and the comma after it (roles.toml ``[verbs]
    past_finite``, or a word in "-ed"): the comma closes the clause, not the opener ("In May
    2022 Putin resigned, the agency said" keeps "Putin resigned")."""
    verbs = alternation(rules().data["verbs"]["past_finite"])
    return re.compile(rf"(?<![\w'’-])(?:[a-z]{{2,}}ed|{verbs})\b")


@cache
def _verb_left_alone() -> re.Pattern[str]:
    """A lone lower-case word and a comma at the start, an auxiliary, or a verb of the past
    (roles.toml ``[verbs] past_finite``, or a word in "-ed"): a verb whose subject was cut
    ("Began, were muted", "were expelled by Syrian and Palestinian rebels", "transformed into
    massive protests", cut from "The uprising evolved from minor protests ... and
    transformed into massive protests in March")."""
    verbs = alternation(rules().data["verbs"]["past_finite"])
    # A word in "-ed" only before a preposition, a determiner or a number: "armed conflict
    # began", "renewed fighting" open with an adjective.
    objects = r"(?:into|in|on|at|by|to|from|with|for|as|that|the|a|an|his|her|its|their|\d)"
    return re.compile(rf"[a-z]+,|(?:is|are|been|{verbs})\s|[a-z]{{2,}}ed\s+{objects}(?![\w-])")


# Words that cannot end the text before a cut-out date: "statement of [date] said", "An
# [April 2022] survey" would read "statement of said", "An survey".
_NEEDS_WHAT_FOLLOWS = re.compile(
    r"(?i)(?<![\w'’-])(?:of|dated|an?|as\s+(?:early|late|recently|far\s+back)\s+as)$"
)


def _plain(text: str) -> str:
    """Markdown links and emphasis as the words they mark."""
    text = _MD_LINK.sub(lambda m: m[1] if m[1] is not None else m[2], text)
    return _MD_EMPHASIS.sub(r"\2", text)


# Emphasis marks left alone once the words they marked are cut ("**14 March**: a grenade" less
# its date), and a list item's bullet.
_ORPHAN_MARKS = re.compile(r"(?:(?<=\s)|^)[*_]{1,3}(?=[\s:,.;–—-]|$)")


def _tidy(text: str) -> str:
    text = _ORPHAN_MARKS.sub("", text)
    text = " ".join(text.split()).strip(" ,;:–—-")
    text = text.lstrip("“”\"'‘’ ")
    return re.sub(r"\s+([,.;:])", r"\1", text)


HEADLINE_REACH = 1000


def headline(
    sentence: Sentence, expr: TimeExpression, clause: tuple[int, int] | None = None
) -> str:
    """A short readable line for an event: the clause of its sentence that the expression
    dates, less the time phrase itself. ``clause`` (document offsets) narrows the sentence to
    the expression's own clause when a sentence dates several happenings. If cutting the date
    out would leave broken punctuation or a dangling preposition, the clause keeps its date."""
    text = sentence.text
    offset = sentence.start
    # A wire dateline ("SIEVIERODONETSK, Ukraine, June 4, 2022 (Reuters) - ") says where and
    # when the report was filed: never part of the line.
    filed = dateline_end(text, 0) or 0
    if filed:
        text, offset = text[filed:], offset + filed
    if not offset <= expr.start < sentence.end:
        # Dated by an earlier sentence or by the dateline: the rest of the sentence is the line.
        rest = sentence.text[filed : filed + 2 * HEADLINE_REACH]
        return _shorten(_without_opener(_tidy(_plain(rest))))
    if clause is not None and (clause[0] > offset or clause[1] < sentence.end):
        lo, hi = max(clause[0], offset), min(clause[1], sentence.end)
        if (
            lo <= expr.start
            and expr.end <= hi
            and len(_WORD.findall(text[lo - offset : hi - offset])) >= 4
        ):
            text, offset = text[lo - offset : hi - offset], lo
    if len(text) > 2 * HEADLINE_REACH:
        # A "sentence" of thousands of characters (a list, a log with no stops): the date's
        # own line, within HEADLINE_REACH of it, is all a headline can use (bounded work).
        at, to = expr.start - offset, expr.end - offset
        lo, hi = max(0, at - HEADLINE_REACH), min(len(text), to + HEADLINE_REACH)
        lo = text.rfind("\n", lo, at) + 1 or lo
        nl = text.find("\n", to, hi)
        hi = nl if nl >= 0 else hi
        text, offset = text[lo:hi], offset + lo
    rel_start, rel_end = expr.start - offset, expr.end - offset
    # "Clashes continued yesterday ..., after the breakdown of a ceasefire brokered by Moscow
    # on September 13": the September 13 event is the clause after "after", not the first.
    breaks = [m for m in _CLAUSE_BREAK.finditer(text) if m.end() <= rel_start]
    if breaks:
        cut = breaks[-1].end()
        joiner = _LEADING_JOINER.match(text, cut)
        if joiner and joiner.end() <= rel_start:
            cut = joiner.end()
        text, rel_start, rel_end = text[cut:], rel_start - cut, rel_end - cut
    # "Yesterday, the Prime Minister reported that 105 servicemen had been killed in this
    # month's fighting": the happening is what was reported, not the reporting.
    said = [m for m in _ATTRIBUTION.finditer(text, 0, rel_start)]
    if said and len(_WORD.findall(text[said[-1].end() :])) >= 4:
        cut = said[-1].end()
        text, rel_start, rel_end = text[cut:], rel_start - cut, rel_end - cut
        # "stated that Lenin had created Ukraine, ..., and that Khrushchev gave Crimea to
        # Ukraine in 1954": of the things said, the one the date is in.
        more = [m for m in _NEXT_THING_SAID.finditer(text, 0, rel_start)]
        if more and len(_WORD.findall(text[more[-1].end() :])) >= 4:
            cut = more[-1].end()
            text, rel_start, rel_end = text[cut:], rel_start - cut, rel_end - cut
    # Stop at the next clause ("..., as Azeri forces crossed ..."), if enough is left.
    later = [m for m in _CLAUSE_BREAK.finditer(text, rel_end) if m.start() >= rel_end + 25]
    if later:
        text = text[: later[0].start()]
    # A semicolon joins two statements ("Zelenskyy ordered the conscription of reservists;
    # the following day, ..."): the headline is the date's own.
    semi = text.rfind(";", 0, rel_start)
    if semi >= 0 and len(_WORD.findall(text[semi + 1 :])) >= HEADLINE_MIN_WORDS + 1:
        cut = semi + 1
        text, rel_start, rel_end = text[cut:], rel_start - cut, rel_end - cut
    semi = text.find(";", rel_end)
    if semi >= 0 and len(_WORD.findall(text[:semi])) >= HEADLINE_MIN_WORDS + 1:
        text = text[:semi]
    # "The siege started on 24 February and concluded on 20 May": the second clause opens on
    # its conjunction, which no headline starts with ("And concluded ...").
    conjunction = _LEADING_CONJUNCTION.match(text)
    if conjunction and conjunction.end() <= rel_start:
        cut = conjunction.end()
        text, rel_start, rel_end = text[cut:], rel_start - cut, rel_end - cut
    whole = text
    head = text[:rel_start]
    subject_date, named_openers = _opening_dates()
    named_opener = named_openers.match(text, rel_end)
    if _POSSESSIVE.match(text, rel_end):
        pass  # "last year's harvest": the date describes a noun; removing it breaks the line
    elif not head.strip() and subject_date.match(text, rel_end):
        pass  # "January saw intensified clashes": the date is the subject; it stays
    elif _LEADING_ADVERBIAL.match(head) and named_opener is not None:
        # "In the 12 November Security Council meeting, the envoy accused ...": the date
        # names the thing the opener is about; the opener goes whole.
        text = text[named_opener.end() :]
    elif _LEADING_ADVERBIAL.match(head):
        # "In July, the President ..." / "After the 2020 war, Russia ...": drop the opener.
        comma = text.find(",", rel_end, rel_end + 25)
        if comma != -1 and _verb_before_comma().search(text, rel_end, comma) is None:
            text = _RESTATED_DATE.sub("", text[comma + 1 :], count=1)
        elif len(expr.text) < 30:
            text = text[rel_end:]
    elif (
        len(expr.text) < 30
        and not _NEEDS_WHAT_FOLLOWS.search(_PREPOSITION_BEFORE.sub("", head).rstrip())
        and not (
            _PARTICIPLE_END.search(_PREPOSITION_BEFORE.sub("", head).rstrip())
            and _COMMA_NEXT.match(text, rel_end)
        )
    ):
        # "... broke out on the night of September 12–13, as ..." → drop the dating phrase;
        # but not from "statement of 20 October 2017 said" or "An April 2022 survey".
        text = _PREPOSITION_BEFORE.sub("", head).rstrip() + text[rel_end:]
    text = _tidy(_plain(text))
    text = _without_opener(text)
    left_alone = _verb_left_alone().match(text) is not None
    subject = _lead_subject(sentence.text, filed) if conjunction and left_alone else None
    if subject is not None:
        # "The 2016 clashes began on 1 April and ended with a ceasefire on 5 April": the
        # second clause shares the first one's subject ("The 2016 clashes ended with a
        # ceasefire").
        text = _tidy(_plain(f"{subject} {text}"))
    elif left_alone:
        # "The Eid celebrations, which began at the end of August, were muted" cut at its
        # "which" and less its date reads "began, were muted": the sentence says it best.
        text = _tidy(_plain(sentence.text[filed : filed + 2 * HEADLINE_REACH]))
    elif _BROKEN.search(text.rstrip(".")):
        text = _tidy(_plain(whole))  # "wounded 35 between, governor said": keep the date
    if len(_WORD.findall(text)) < HEADLINE_MIN_WORDS or _gapped(text):
        # "which began in 1950" less its date is "began", "..., and in the northeast in
        # September" is "In the northeast": say the whole sentence instead.
        text = _tidy(_plain(sentence.text[filed : filed + 2 * HEADLINE_REACH]))
        text = _without_opener(text)
    return _shorten(text)


def _lead_subject(text: str, start: int) -> str | None:
    """The subject of a sentence's first clause: its words up to its first past verb
    (roles.toml ``[verbs] past_finite`` or a word in "-ed"), when it opens on no date or
    clause of its own (a capitalised word, at most 20 words); else None."""
    verb = _verb_before_comma().search(text, start, start + 2 * HEADLINE_REACH)
    if verb is None:
        return None
    subject = text[start : verb.start()].strip().rstrip(",")
    words = _WORD.findall(subject)
    if not words or len(words) > 20 or not subject[:1].isupper():
        return None
    if _LEADING_ADVERBIAL.match(subject) or any(c.isdigit() for c in words[0]):
        return None  # "On 3 May the army ...": no subject to share
    return subject


@cache
def _opening_dates() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """roles.toml ``[headlines]``: the verbs after a date that is its clause's subject
    ("January saw intensified clashes": the date stays), and the nouns of a named meeting or
    text a date heads up to its comma ("In the 12 November United Nations Security Council
    meeting, ...": the opener goes whole; "In May 2022 Mariupol fell, ..." is no such
    opener)."""
    data = rules().data["headlines"]
    verbs = alternation(data["subject_date_verbs"])
    nouns = alternation(data["named_opener_nouns"])
    subject = re.compile(rf"[^\S\n]+(?:{verbs})\b")
    named = re.compile(rf"(?:[^\S\n]+[A-Z][\w'’.-]*){{1,6}}[^\S\n]+(?:{nouns}),[^\S\n]+(?=\w)")
    return subject, named


@cache
def _gapped_opener() -> tuple[re.Pattern[str], int]:
    """roles.toml ``[headlines] gapped_openers`` at the start, and the most words such a
    fragment has."""
    data = rules().data["headlines"]
    words = alternation(data["gapped_openers"], space=r"\s+")
    return re.compile(rf"^(?:{words})\b", re.IGNORECASE), int(data["gapped_max_words"])


def _gapped(text: str) -> bool:
    """A place or time phrase with no verb of its own ("In the northeast"): a clause that
    borrowed its verb from the one before it."""
    opener, most = _gapped_opener()
    return bool(opener.match(text)) and len(_WORD.findall(text)) <= most


@cache
def _opener() -> re.Pattern[str]:
    """roles.toml ``[headlines] discourse_openers``, with their comma, at the start."""
    words = alternation(rules().data["headlines"]["discourse_openers"], space=r"\s+")
    return re.compile(rf"^(?:{words}),\s+(?=\w)", re.IGNORECASE)


def _without_opener(text: str) -> str:
    """``text`` less a linking opener ("Meanwhile, ..."), if enough is left."""
    bare = _opener().sub("", text, count=1)
    return bare if len(_WORD.findall(bare)) >= HEADLINE_MIN_WORDS else text


def _shorten(text: str) -> str:
    text = text[0].upper() + text[1:] if text else text
    if len(text) > HEADLINE_MAX:
        cut = text.rfind(" ", 0, HEADLINE_MAX - 1)
        text = text[: cut if cut > 40 else HEADLINE_MAX - 1].rstrip(" ,;:") + "…"
    return text.rstrip(".")


class _SentenceIndex:
    """Which (paragraph, sentence) holds an offset, by binary search: long documents have
    thousands of sentences and hundreds of expressions."""

    def __init__(self, paragraphs: Sequence[Paragraph]) -> None:
        self.starts: list[int] = []
        self.entries: list[tuple[int, int, int]] = []  # (end, paragraph, sentence)
        for p_index, paragraph in enumerate(paragraphs):
            for s_index, sentence in enumerate(paragraph.sentences):
                self.starts.append(sentence.start)
                self.entries.append((sentence.end, p_index, s_index))

    def find(self, offset: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0 or offset >= self.entries[i][0]:
            return None  # between sentences (whitespace)
        return self.entries[i][1], self.entries[i][2]


class _PerSentence:
    """Mentions and casualty figures, found once per document and handed out by stretch of text.

    A sentence can be the source of several events, each owning a clause of it; scanning every
    mention of a long document for every event was quadratic. Mentions are sorted by start, so
    a stretch's are one bisected slice. Figures are read per whole sentence (a figure's reading
    looks at its sentence) and then kept where they start.
    """

    def __init__(
        self,
        text: str,
        entities: DocumentEntities,
        gazetteer: Gazetteer,
        paragraphs: Sequence[Paragraph],
    ) -> None:
        self.text = text
        self.gazetteer = gazetteer
        self.all_mentions = entities.mentions
        self.starts = [m.start for m in entities.mentions]
        self.sentences = [(s.start, s.end) for p in paragraphs for s in p.sentences]
        self.countries = _countries_named(entities)
        self.sentence_starts = [s for s, _ in self.sentences]
        self._casualties: dict[int, list[Casualty]] = {}
        self._main_places: dict[bool, tuple[list[int], list[Mention]]] = {}
        self._rebel_group: list[str | None] = []  # `rebel_group`, once worked out
        # Wire datelines ("NYALA, Sudan, May 12 -"): where the report was filed. Their names
        # are no party to, and no place of, what the sentence reports ("the city" still finds
        # the dateline's town through `main_place`, which reads every mention).
        self.datelines = [
            (start, end)
            for start in self.sentence_starts
            if (end := dateline_end(text, start)) is not None
        ]

    def rebel_group(self, entities: DocumentEntities) -> str | None:
        """The document's rebel group (`_main_group`), worked out on the first question."""
        if not self._rebel_group:
            self._rebel_group.append(_main_group(self.text, entities))
        return self._rebel_group[0]

    def main_place(self, before: int, *, settlement: bool = False) -> Mention | None:
        """The place mention (not a country) named most often before ``before`` (of the
        names tied, the first named; of its mentions, the last). A ``settlement`` (what "the
        town" points to) counts no mention written as a region's ("Somalia's Bay region";
        "Kharkiv Oblast" is not the city of Kharkiv)."""
        if settlement not in self._main_places:
            self._main_places[settlement] = self._running_main_place(settlement)
        starts, mains = self._main_places[settlement]
        i = bisect.bisect_left(starts, before)
        return mains[i - 1] if i else None

    def _running_main_place(self, settlement: bool) -> tuple[list[int], list[Mention]]:
        """`main_place` after each place mention, in one pass (a call per event used to
        recount every mention before it: quadratic on a long text)."""
        counts: dict[str, int] = {}  # in order of first mention: ties go to the first
        order: dict[str, int] = {}
        last: dict[str, Mention] = {}
        best: str | None = None
        starts: list[int] = []
        mains: list[Mention] = []
        for m in self.all_mentions:
            if m.entity != "place" or m.name in self.gazetteer.countries:
                continue
            if _names_no_location(self.text, m) or (
                settlement and _REGION_AFTER.match(self.text, m.end)
            ):
                continue  # "a Misrata militia", "the mayor of X": no sign of where things are
            order.setdefault(m.name, len(order))
            counts[m.name] = counts.get(m.name, 0) + 1
            last[m.name] = m
            if (
                best is None
                or counts[m.name] > counts[best]
                or (counts[m.name] == counts[best] and order[m.name] < order[best])
            ):
                best = m.name
            starts.append(m.start)
            mains.append(last[best])
        return starts, mains

    def mentions(self, spans: Sequence[tuple[int, int]], *, quoted: bool = True) -> list[Mention]:
        """The actor and place mentions within ``spans``; not ``quoted``: less those inside a
        quotation (a speaker's words: in 'Zelensky said "the enemy is trying to advance
        towards Melitopol"', Melitopol is no place of the happening)."""
        found: list[Mention] = []
        for start, end in spans:
            lo = bisect.bisect_left(self.starts, start)
            hi = bisect.bisect_left(self.starts, end)
            found += [
                m
                for m in self.all_mentions[lo:hi]
                if m.end <= end
                and not self._in_dateline(m)
                and (quoted or not inside_quotation(self.text, start, m.start))
            ]
        return found

    def _in_dateline(self, mention: Mention) -> bool:
        i = bisect.bisect_right(self.datelines, (mention.start, len(self.text) + 1)) - 1
        return i >= 0 and self.datelines[i][0] <= mention.start < self.datelines[i][1]

    def casualties(self, spans: Sequence[tuple[int, int]]) -> list[Casualty]:
        found: list[Casualty] = []
        for start, end in spans:
            i = max(0, bisect.bisect_right(self.sentence_starts, start) - 1)
            s_start, s_end = self.sentences[i] if self.sentences else (start, end)
            s_start, s_end = min(s_start, start), max(s_end, end)
            if s_start not in self._casualties:
                self._casualties[s_start] = find_casualties(
                    self.text, s_start, s_end, gazetteer=self.gazetteer
                )
            found += [
                c for c in self._casualties[s_start] if c.start is None or start <= c.start < end
            ]
        return found


# Who says it, not who does it: "the United Nations said", "according to Kyrylenko",
# "Pashinyan told reporters". A speaker is a source of the event, not a party to it. The
# words after a name come from roles.toml (`Rules.speaker_after`); a source cited with
# "according to" is never a party, even when no one else is named.
# The words between are on one line and end no sentence ("U.S." is a word; in "officials
# said on Sunday.\n\nIsrael and Hamas fought", Israel is no one's listener).
_CITED_BEFORE = re.compile(
    r"(?:according[^\S\n]+to|cited|citing)[^\S\n]+(?:the[^\S\n]+)?"
    r"(?:(?:[\w'’-]+|(?:\w\.){2,})[^\S\n]+){0,3}$",
    re.IGNORECASE,
)
_SPEAKER_BEFORE = re.compile(
    r"(?:said|told)[^\S\n]+(?:the[^\S\n]+)?(?:(?:[\w'’-]+|(?:\w\.){2,})[^\S\n]+){0,3}$",
    re.IGNORECASE,
)


def _parties(
    text: str,
    mentions: Sequence[Mention],
    entities: DocumentEntities,
    day: date | None,
    speakers_alone: bool = True,
    dated_at: int | None = None,
) -> list[Actor]:
    """The actors a clause names as parties: its speakers left out when anyone else is named
    ("Israeli air strikes killed 14 people, the United Nations said": Israel only), or always
    when not ``speakers_alone`` (in follow-up sentences, a speaker comments on the happening:
    "Zelensky called it an atrocity")."""
    speaker_after = rules().speaker_after if speakers_alone else rules().commenter_after
    after, before = _reporters()
    named = [
        m
        for m in mentions
        if not _CITED_BEFORE.search(text, max(0, m.start - 60), m.start)
        and not _object_of().search(text, max(0, m.start - 60), m.start)
        and not after.match(text, m.end)
        and not before.search(text, max(0, m.start - 40), m.start)
        and not _in_since_phrase(text, m, dated_at)
        and not _in_place_relative(text, m, dated_at)
    ]
    acting = [
        m
        for m in named
        if not (
            (
                (said := speaker_after.match(text, m.end))
                and not _SELF_REPORT.match(text, said.end())
            )
            or _SPEAKER_BEFORE.search(text, max(0, m.start - 60), m.start)
            or _said_by().match(text, m.end)
        )
    ]
    parties = _unique_actors(acting, entities, day)
    if parties or not speakers_alone:
        return parties
    # No one else named: the speaker speaks for the happening ("Russia stated that the
    # Ukrainian group suffers losses"), unless what is said is someone else's violence
    # ("Zelenskyy tweeted that the attack on the hospital was an atrocity": he is its source).
    speaking = [
        m
        for m in named
        if not _says_violence_of_others(text, m, speaker_after)
        and not _trails(text, m, speaker_after)
    ]
    return _unique_actors(speaking, entities, day)


# Right after a speaker's verb: the speaker's own deed ("the army said it had retaken the
# base", "the Houthis said they had shot down a drone"): the speaker is its party.
_SELF_REPORT = re.compile(
    r"(?i)[^\S\n]+(?:on\s+\w+\s+)?(?:that\s+)?(?:it|they)\s+(?:had\s+|has\s+|have\s+)?"
    r"(?:[a-z]+ly\s+)?(?!been\b|said\b|told\b)[a-z]+ed\b"
)


@cache
def _person_party() -> re.Pattern[str]:
    """Right after a person a follow-up names: a verb that makes them a party (roles.toml
    ``[follow_up] person_party_verbs``), an appositive allowed between."""
    verbs = alternation(rules().data["follow_up"]["person_party_verbs"], space=r"\s+")
    return re.compile(rf"(?:\s*,[^,.;\n]{{1,80}},)?\s+(?:{verbs})(?!\w)")


@cache
def _object_of() -> re.Pattern[str]:
    """Right before a name: a noun of roles.toml ``[participle_objects] object_nouns`` and
    "of" (a title of up to three capitalised words may come between): what the clause does to
    the name ("demanding the resignation of Prime Minister Nikol Pashinyan")."""
    nouns = alternation(rules().data["participle_objects"]["object_nouns"])
    return re.compile(
        rf"(?i)(?<!\w)(?:{nouns})\s+of\s+(?:the\s+)?(?:[\w-]+\s+)?(?-i:(?:[A-Z][\w.'’-]*\s+){{0,3}})$"
    )


def _is_person(mention: Mention, entities: DocumentEntities) -> bool:
    actor = entities.actors.get(mention.name) if mention.entity == "actor" else None
    return actor is not None and actor.kind is ActorKind.PERSON


def _sides_of(
    casualties: list[Casualty],
    actors: Sequence[Actor],
    entities: DocumentEntities,
    facts: _PerSentence,
) -> list[Casualty]:
    """Figures of "soldiers" or "fighters" with no side of their own, given what the text makes
    plain, in this order:

    - an actor named among the figure's own words: "14 al-Shabaab fighters", "40 Houthi
      fighters", "two Congolese soldiers" count that actor (its country, for a state);
    - soldiers or police (casualties.toml ``state_side_nouns``) when the row names no state's
      forces but the document is about one state (`DocumentEntities.home_state`), or names that
      state's alone: "WLF fighters ambushed an army column, killing 20 soldiers" in a history
      of Ethiopia counts Ethiopia's;
    - when the row names exactly one state force ("Somali forces") and one armed group
      ("al-Shabaab"), soldiers are the state's, fighters (``group_side_nouns``) the group's;
      fighters are the one group's too when the row names no other state's forces than the
      document's state (`DocumentEntities.home_state`, else its leading state).

    Otherwise unchanged: with one side alone the figure may count its enemies ("Russian forces
    shelled a checkpoint, killing five soldiers"), as with two states or two groups."""
    # A state's forces, not a country named: "73 soldiers were killed en route to Lebanon" are
    # no Lebanese soldiers.
    states = {a.country for a in actors if a.kind is ActorKind.ARMED_FORCE and a.country}
    groups = {a.name for a in actors if a.kind is ActorKind.ARMED_FORCE and not a.country}
    home = entities.home_state
    leading = entities.leading_state
    state = home or leading
    out = []
    for figure in casualties:
        noun = (figure.who or "").lower()
        named = _named_side(figure, entities, facts)
        if named is not None and noun == _head_noun(figure.side):
            figure = figure.model_copy(update={"who": named})
        elif noun in _STATE_SIDE_NOUNS and home is not None and states <= {home}:
            figure = figure.model_copy(update={"who": home})
        elif noun in _STATE_SIDE_NOUNS and leading is not None and states <= {leading}:
            # "WLF fighters ambushed an army column, killing 20 soldiers" in a history that
            # names Ethiopia most, Djibouti (a mediator) too: Ethiopia's soldiers.
            figure = figure.model_copy(update={"who": leading})
        elif len(states) == 1 and len(groups) == 1 and noun in _STATE_SIDE_NOUNS:
            figure = figure.model_copy(update={"who": next(iter(states))})
        elif (
            len(groups) == 1
            and noun in _GROUP_SIDE_NOUNS
            and (len(states) == 1 or (state is not None and states <= {state}))
        ):
            # "Fighters of the CPN (Maoist) stormed an army camp ... 40 rebels were killed":
            # the one group's, beside its state's forces or the document's state (named or
            # not: the camp's soldiers are the state's).
            figure = figure.model_copy(update={"who": next(iter(groups))})
        out.append(figure)
    return out


def _head_noun(side: str | None) -> str:
    """A side's head noun, lower-cased: "al-Shabaab fighters" → "fighters"."""
    words = (side or "").split()
    return words[-1].lower() if words else ""


def _named_side(figure: Casualty, entities: DocumentEntities, facts: _PerSentence) -> str | None:
    """The actor named among a figure's side words ("14 al-Shabaab fighters" → al-Shabaab; a
    state's forces → the state), or None."""
    if figure.start is None or figure.end is None or not figure.side:
        return None
    for m in facts.mentions([(figure.start, figure.end)]):
        if m.entity != "actor" or m.end > figure.end or m.text not in figure.side:
            continue
        actor = entities.actors.get(m.name)
        if actor is None or actor.kind is ActorKind.PERSON:
            continue
        state = actor.kind is ActorKind.ARMED_FORCE and actor.country
        return actor.country if state else actor.name
    return None


_STATE_SIDE_NOUNS = frozenset(word_list("casualties", "state_side_nouns"))
_GROUP_SIDE_NOUNS = frozenset(word_list("casualties", "group_side_nouns"))


def _possessor(
    text: str, group: _Group, facts: _PerSentence, entities: DocumentEntities
) -> Mention | None:
    """The group a clause's "its fighters" or "their men" belong to: the first organisation
    or armed force named in the nearest sentence of its paragraph before it that names one
    (the sentence's subject, as a rule: "The ASM ... has stepped up its attacks since Rwandan
    troops withdrew. On Sunday, its fighters ambushed a convoy" is the ASM's), when the
    clause names none."""
    start, end = group.spans[0]
    if _POSSESSIVE_GROUP.search(text, start, end) is None:
        return None
    kinds = (ActorKind.ORGANIZATION, ActorKind.ARMED_FORCE)
    earlier = [(lo, hi) for lo, hi in facts.sentences if group.paragraph.start <= lo < start]
    for lo, hi in reversed(earlier):
        for mention in facts.mentions([(lo, min(hi, start))]):
            actor = entities.actors.get(mention.name) if mention.entity == "actor" else None
            if actor is not None and actor.kind in kinds:
                return mention
    return None


# A short opening phrase and its comma before a clause's subject: "Hours later, ".
_SUBJECT_OPENER = r"[^,;:\n]{0,40},\s+"
# A group's own people named by a possessive: "its fighters", "their men".
_GROUP_PEOPLE = (
    r"(?:its|their)\s+(?:own\s+)?(?:fighters|men|gunmen|militants|militiamen|forces|troops"
    r"|members|units|soldiers|commandos)(?!\w)"
)
_POSSESSIVE_GROUP = re.compile(rf"(?i)(?<!\w){_GROUP_PEOPLE}")
# The same as a clause's subject, after its opener: "Hours later, its fighters attacked".
_POSSESSIVE_SUBJECT = re.compile(rf"(?i)(?:{_SUBJECT_OPENER})?{_GROUP_PEOPLE}")


def _says_violence_of_others(text: str, m: Mention, speaker_after: re.Pattern[str]) -> bool:
    """Whether ``m`` is a speaker whose "that"-clause tells a violent happening: its own
    subject, so not the speaker's deed."""
    said = speaker_after.match(text, m.end)
    if said is None:
        return False
    that = _THAT.match(text, said.end())
    if that is None or _OWN_SIDE.match(text, that.end()):
        return False  # "Russia said that its forces shelled the village": its own deed
    if _said_violence().match(text, that.end()):
        return True  # "tweeted that the attack was an atrocity"
    stop = _SENTENCE_STOP.search(text, that.end(), that.end() + 300)
    kind = classify(text[that.end() : stop.start() if stop else that.end() + 300])
    return kind is not None and kind.event_type in rules().data["follow_up"]["violent_types"]


@cache
def _said_violence() -> re.Pattern[str]:
    """roles.toml ``[report] said_violence_nouns`` after "the", "this" or "that"."""
    nouns = alternation(rules().data["report"]["said_violence_nouns"], space=r"\s+")
    return re.compile(rf"(?i)(?:the|this|that)\s+(?:[\w-]+\s+)?(?:{nouns})\b")


_THAT = re.compile(r"\s+that\s+")
# A speaker after the clause it reports ("Gunmen attacked a checkpoint near Lachin,
# Azerbaijan's defence ministry said."): the source of what it reports, not its party.
_TRAILING_SPEAKER = re.compile(r",\s*(?:the\s+)?$", re.IGNORECASE)
_SAID_LAST = re.compile(r"\s*(?:on\s+\w+\s*)?[.;!?]")


def _trails(text: str, m: Mention, speaker_after: re.Pattern[str]) -> bool:
    """Whether ``m`` speaks at the end of its sentence, after what it reports."""
    said = speaker_after.match(text, m.end)
    return (
        said is not None
        and _TRAILING_SPEAKER.search(text, max(0, m.start - 8), m.start) is not None
        and _SAID_LAST.match(text, said.end()) is not None
    )


_OWN_SIDE = re.compile(r"(?i)(?:its|their|his|her|our|we|they|he|she)\b")
_SENTENCE_STOP = re.compile(r"[.!?;](?:\s|$)")


# Inside "since the ..." a name is of the thing a state runs from, no party to the clause's
# happening: "abandoned since the Six-Day War with Israel in 1967".
_SINCE_THE = re.compile(r"(?i)(?<!\w)since\s+the\s+[^,;:.!?()\n]{0,60}$")


def _in_since_phrase(text: str, m: Mention, dated_at: int | None) -> bool:
    """Whether ``m`` is named in a "since the ..." phrase, or a phrase naming a war or an
    invasion as a thing (`_named_happening`), that does not hold the row's date (at
    ``dated_at``): "since the Six-Day War with Israel in 1967" on a row of 2014; "During the
    2022 Russian invasion of Ukraine, the plant was captured by Russian forces"."""
    found = _SINCE_THE.search(text, max(0, m.start - 60), m.start)
    if found is None:
        found = next(
            (
                hit
                for hit in _named_happening().finditer(text, max(0, m.start - 100), m.end + 40)
                if hit.start() <= m.start and m.end <= hit.end()
            ),
            None,
        )
    if found is None:
        return False
    if dated_at is None or dated_at < found.start():
        return True
    return _CLAUSE_BREAK_IN.search(text, found.start(), dated_at) is not None


# A relative clause that describes a place: "fired mortars at the airport in Baidoa, where
# African Union troops are based" (up to the name, no stop or comma between).
_WHERE_BEFORE = re.compile(r",\s+where\s+[^,;:.!?()\n]{0,60}$", re.IGNORECASE)
# What says who is there, not what they did: "where African Union troops are based".
_STATIONED = re.compile(
    r"(?:\s+[\w'’-]+){0,2}?\s+(?:is|are|was|were|had\s+been|have\s+been|has\s+been)\s+"
    r"(?:\w+\s+)?(?:based|stationed|headquartered|garrisoned|deployed|housed|camped)(?!\w)",
    re.IGNORECASE,
)


def _in_place_relative(text: str, m: Mention, dated_at: int | None) -> bool:
    """Whether ``m`` is named in a ", where ..." clause describing a place, one that does not
    hold the row's date: who is based there is no party to what happened there."""
    found = _WHERE_BEFORE.search(text, max(0, m.start - 70), m.start)
    if found is None or _STATIONED.match(text, m.end) is None:
        return False  # "near Litapa, where the army said it had killed 12": the happening's
    return dated_at is None or not (found.start() < dated_at < m.start + 80)


@cache
def _named_happening() -> re.Pattern[str]:
    """A phrase naming a war, an invasion or an offensive as a thing (roles.toml
    ``[named_happenings]``): an opener or "the" and a year, at most 60 characters, a noun of
    ``[reference] happening_nouns``, then "of" (in, against, with) and a name."""
    data = rules().data
    openers = alternation(data["named_happenings"]["openers"], space=r"\s+")
    nouns = alternation(data["reference"]["happening_nouns"])
    return re.compile(
        rf"(?i)(?<!\w)(?:{openers}|the\s+(?:1[89]|20)\d\d)\s+[^,;:.!?()\n]{{0,60}}?"
        rf"(?<![\w-]){nouns}(?![\w-])"
        r"(?:\s+(?:of|in|against|with|on)\s+(?:the\s+)?(?-i:[A-Z][\w'’-]*)(?:\s+(?-i:[A-Z][\w'’-]*)){0,2})?"
    )


_CLAUSE_BREAK_IN = re.compile(r"[,;:.!?()\n]")


@cache
def _reporters() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Who reports (roles.toml ``[report] reporter_nouns``, ``reporter_titles``): right after
    a name ("U.S. media reported"), right before one ("journalist Alex Thompson")."""
    report = rules().data["report"]
    nouns = alternation(report["reporter_nouns"], space=r"\s+")
    titles = alternation(report["reporter_titles"], space=r"\s+")
    return (
        re.compile(rf"(?:['’]s)?\s+(?:state\s+)?(?:{nouns})(?!\w)", re.IGNORECASE),
        re.compile(rf"(?<!\w)(?:{titles})\s+(?:of\s+\S+\s+)?$", re.IGNORECASE),
    )


@cache
def _comment() -> re.Pattern[str]:
    """A named subject and a verb of judging (roles.toml ``[follow_up] comment_verbs``)."""
    verbs = alternation(rules().data["follow_up"]["comment_verbs"], space=r"\s+")
    return re.compile(
        rf"(?-i:[A-Z][\w'’.-]*)(?:,[^,.;\n]{{1,60}},)?\s+(?:also\s+|later\s+)?(?:{verbs})(?!\w)"
    )


@cache
def _said_by() -> re.Pattern[str]:
    """A possessive before a noun of what was said (roles.toml ``[report] said_nouns``):
    "Ukraine's accusations", "Moscow's own figures"."""
    nouns = alternation(rules().data["report"]["said_nouns"])
    return re.compile(rf"['’]s\s+(?:[a-z][\w-]*\s+)?(?:{nouns})(?!\w)", re.IGNORECASE)


# Right after a name: its possessive ("Riek Machar's party").
_POSSESSIVE_AFTER = re.compile(r"['’]s?\s")

# "Heydar Aliyev became president of Azerbaijan": the country names his office, not a party.
_OFFICE_OF = re.compile(
    r"(?i)(?<!\w)(?:president|prime\s+minister|king|queen|emir|leader|ruler|head\s+of\s+state"
    r"|(?:foreign|defen[cs]e|interior)\s+minister|minister|ambassador|envoy|governor|mayor)"
    r"\s+of\s+(?:the\s+)?$"
)
# What lets a side named after the verb be a party: "clashed with Armenian forces", "a war
# against Ukraine", "captured by Russian troops".
_PARTY_AFTER_VERB = re.compile(r"(?i)(?<!\w)(?:with|against|by|and|between)\s+(?:the\s+)?$")
# What follows a participle that takes no object: "with one person killed and 12 wounded"
# (a toll), not "soldiers killed a man" (`_toll_of`).
_NO_OBJECT_AFTER = re.compile(r"(?i)\s*(?:[,.;:)]|$|(?:and|or|in|on|at|by|during|when|as)(?!\w))")
# A passive verb: its subject is what was acted on, and "by" names who acted ("three boats
# were seized by Russian warships", "the village was reportedly shelled by ...").
_PASSIVE_BEFORE = re.compile(
    r"(?i)(?<!\w)(?:was|were|been|being|is|are|be|got)\s+(?:[a-z]+ly\s+){0,2}$"
)
# A country named as where a side came from is no party: "Russian forces entered Ukrainian
# territory from neighbouring Belarus".
_FROM_COUNTRY = re.compile(r"(?i)(?<!\w)from\s+(?:the\s+)?(?:neighbou?ring\s+)?$")
# A trailing participle clause right before a name, once a side acts before the verb: the name
# is what it acts on ("Ukrainian forces launched a counteroffensive, taking Russian forces by
# surprise"; "killing seven soldiers and drawing the army's attention away"); "..., clashing
# with Armenian forces" has "with" between and keeps its party.
_PARTICIPLE_OBJECT = re.compile(r"(?i)(?:,|\s+and)\s+(?:[a-z]+ly\s+)?[a-z]+ing\s+(?:the\s+)?$")


@cache
def _participle_object() -> re.Pattern[str]:
    """A participle after a conjunction, right before a name (roles.toml
    ``[participle_objects]``): "after partially breaking through Ukrainian defenses"."""
    data = rules().data["participle_objects"]
    openers = alternation(data["openers"], space=r"\s+")
    particles = alternation(data["particles"], space=r"\s+")
    return re.compile(
        rf"(?i)(?<!\w)(?:{openers})\s+(?:[a-z]+ly\s+)?[a-z]+ing\s+"
        rf"(?:(?:{particles})\s+)?(?:the\s+)?$"
    )


_PASSIVE_TRIGGER = re.compile(r"(?i)(?:was|were|been|being|is|are|be|got)\s")
_AGENT_AFTER = re.compile(r"(?i)[^\W\d_]*[^\S\n]+by[^\S\n]+")


def _acting_side(
    text: str, clause: tuple[int, int], mentions: Sequence[Mention], entities: DocumentEntities
) -> list[Mention]:
    """The clause's actor mentions less the countries it names as a target or an office: in
    "Russia annexed four oblasts of Ukraine" or "Russian missiles struck Ukrainian critical
    infrastructure", a country named after the verb, once a side acts before it, is what was
    acted on (an armed force there still fights: "attacked Ukrainian positions" is kept);
    "president of Azerbaijan" names an office."""
    lo, hi = clause
    kind = classify(text[lo:hi])
    verb = lo + kind.start if kind is not None else None
    people = any(
        m.entity == "actor" and (a := entities.actor_for(m, None)) and a.kind is ActorKind.PERSON
        for m in mentions
    )

    def country(m: Mention) -> bool:
        actor = entities.actor_for(m, None) if m.entity == "actor" else None
        return actor is not None and actor.kind is ActorKind.COUNTRY

    subject = verb is not None and any(m.entity == "actor" and m.end <= verb for m in mentions)
    # "Three Ukrainian boats were seized by Russian warships": in a passive clause with its
    # agent named, a country before the verb is what was acted on, as one after an active verb.
    passive = (
        kind is not None
        and verb is not None
        and (
            _PASSIVE_BEFORE.search(text, max(lo, verb - 40), verb) is not None
            or _PASSIVE_TRIGGER.match(kind.trigger) is not None
        )
        and (by := _AGENT_AFTER.match(text, lo + kind.end)) is not None
        and any(m.entity == "actor" and m.start == by.end() for m in mentions)
    )
    kept = []
    for m in mentions:
        if (
            subject
            and verb is not None
            and m.start > verb
            and _PARTICIPLE_OBJECT.search(text, max(lo, m.start - 40), m.start)
        ):
            continue  # ", taking Russian forces by surprise": what the participle acts on
        if any(o.entity == "actor" and o.end <= m.start for o in mentions if o is not m) and (
            _participle_object().search(text, max(lo, m.start - 60), m.start)
        ):
            continue  # "advanced after breaking through Ukrainian defenses": acted on
        if subject and verb is not None and m.start >= verb and _is_target(text, m, lo):
            continue  # "shelled ADF positions", "struck a post of the YBŞ": what was hit
        if subject and verb is not None and m.start >= verb and _is_opposed(text, m, lo):
            continue  # "launched a joint offensive against the ADF": whom it was aimed at
        if _POSSESSIVE_AFTER.match(text, m.end) and _is_person(m, entities):
            continue  # "the armed wing of Riek Machar's party": the party acts, not he
        if country(m):
            before = text[max(lo, m.start - 40) : m.start]
            if people and _OFFICE_OF.search(before):
                continue
            if _FROM_COUNTRY.search(before):
                continue  # where a side came from: "entered Ukraine from neighbouring Belarus"
            if passive and verb is not None and m.end <= verb:
                continue
            after_verb = subject and verb is not None and m.start >= verb
            if after_verb and not _PARTY_AFTER_VERB.search(text[max(lo, m.start - 20) : m.start]):
                continue
        kept.append(m)
    return kept


@cache
def _target_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """roles.toml ``[targets]``: after a side, its possessive and up to two words of
    ``between`` and a target noun ("ADF positions", "the army's forward base"); before a side,
    a target noun and "of" ("a post of the Sinjar Resistance Units")."""
    data = rules().data["targets"]
    nouns = alternation(data["nouns"])
    between = alternation(data["between"], space=r"\s+")
    after = re.compile(
        rf"(?i)(?:['’]s?)?(?:\s+(?:{between})){{0,2}}\s+(?:{nouns})(?!\w)(?!\s+of\b)"
    )
    before = re.compile(rf"(?i)(?<!\w)(?:{nouns})\s+of\s+(?:the\s+)?$")
    return after, before


def _is_target(text: str, m: Mention, lo: int) -> bool:
    """Whether ``m`` names the owner of what the clause's attack hits (``_target_patterns``)."""
    after, before = _target_patterns()
    if after.match(text, m.end):
        return True
    # "a convoy of Indonesian soldiers": people who can fight back stay a party.
    people = _head_noun(m.text) in _STATE_SIDE_NOUNS | _GROUP_SIDE_NOUNS
    return not people and bool(before.search(text, max(lo, m.start - 30), m.start))


@cache
def _against_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """roles.toml ``[targets]``: "against (the)" right before a side, and the verbs of
    fighting before it that keep the side a party ("fought against the army")."""
    data = rules().data["targets"]
    against = re.compile(r"(?i)(?<!\w)against\s+(?:the\s+)?$")
    fought = re.compile(
        rf"(?i)(?<!\w)(?:{alternation(data['fought_against'])})\s+against\s+(?:the\s+)?$"
    )
    return against, fought


def _is_opposed(text: str, m: Mention, lo: int) -> bool:
    """Whether ``m`` is named as what a one-sided action is aimed at: "an offensive against the
    ADF", "its air campaign against the Houthis" (not "fought against the army")."""
    against, fought = _against_patterns()
    before = text[max(lo, m.start - 40) : m.start]
    return against.search(before) is not None and fought.search(before) is None


def _unique_actors(
    mentions: Sequence[Mention], entities: DocumentEntities, day: date | None = None
) -> list[Actor]:
    """The actors ``mentions`` name, once each; a surname names the namesake active on ``day``
    ("Aliyev" in June 1993 is Heydar Aliyev, in 2020 Ilham Aliyev)."""
    seen: dict[str, Actor] = {}
    for m in mentions:
        actor = entities.actor_for(m, day) if m.entity == "actor" else None
        if actor is not None and actor.name not in seen:
            seen[actor.name] = actor
    return list(seen.values())


# "Donetsk Oblast", "the Kharkiv region", "Daraa Governorate": the region, not its city.
_REGION_AFTER = re.compile(
    r"[^\S\n]+(?:[Oo]blast|[Rr]egion|[Pp]rovince|[Gg]overnorate|[Kk]rai|[Rr]aion)(?!\w)"
)


@cache
def _direction_before() -> re.Pattern[str]:
    """``[places] direction_before`` of roles.toml, ending right before a name: "towards",
    "towards the important junction city of"."""
    data = rules().data["places"]
    words = alternation(data["direction_before"], space=r"\s+")
    nouns = alternation(data["direction_nouns"], space=r"\s+")
    return re.compile(
        rf"(?<!\w)(?:{words})\s+(?:the\s+)?(?:(?:[a-z][\w'’-]*\s+){{0,3}}(?:{nouns})\s+of\s+)?$",
        re.IGNORECASE,
    )


def _heading_to(text: str, m: Mention) -> bool:
    before = _direction_before().search(text, max(0, m.start - 80), m.start) if text else None
    return before is not None


@cache
def _not_located() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """``[places] office_before``, ``institution_after`` and ``group_after`` of roles.toml: a
    place that names an office's seat ("the mayor of Sievierodonetsk"), an institution named
    for its region ("the Donetsk Regional Drama Theatre") or a group by where it comes from ("a
    Misrata militia")."""
    data = rules().data["places"]
    offices = alternation(data["office_before"], space=r"\s+")
    heads = alternation(data["institution_after"], space=r"\s+")
    groups = alternation(data["group_after"], space=r"\s+")
    return (
        re.compile(rf"(?<!\w)(?:{offices})\s+of\s+(?:the\s+)?$", re.IGNORECASE),
        re.compile(rf"[^\S\n]+(?:{heads})[^\S\n]+[A-Z]"),
        re.compile(rf"[^\S\n]+{groups}(?![\w-])"),
    )


@cache
def _route() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``[places] route_verbs`` and ``origin_nouns`` of roles.toml, ending right before a
    name: "travelling from", "travelling from Odesa to"; "prisoners of war from"."""
    data = rules().data["places"]
    verbs = alternation(data["route_verbs"], space=r"\s+")
    nouns = alternation([*data["origin_nouns"], *data["origin_verbs"]], space=r"\s+")
    return (
        re.compile(
            rf"(?<!\w)(?:{verbs})\s+from\s+(?:the\s+)?(?:[^,;:.!?()\n]{{1,40}}?\s+to\s+(?:the\s+)?)?$",
            re.IGNORECASE,
        ),
        re.compile(rf"(?<!\w)(?:{nouns})\s+from\s+(?:the\s+)?$", re.IGNORECASE),
    )


def _on_route(text: str, m: Mention) -> bool:
    return _route()[0].search(text, max(0, m.start - 90), m.start) is not None


def _origin(text: str, m: Mention) -> bool:
    return _route()[1].search(text, max(0, m.start - 40), m.start) is not None


def _names_no_location(text: str, m: Mention) -> bool:
    """Whether the place mention ``m`` says where an office or institution belongs rather
    than where something happened (see `_not_located`)."""
    office, institution, group = _not_located()
    return (
        office.search(text, max(0, m.start - 40), m.start) is not None
        or institution.match(text, m.end) is not None
        or (
            # "a Misrata militia"; but "in Marib fighters loyal to the government repelled"
            # is in Marib.
            group.match(text, m.end) is not None
            and _LOCATING_BEFORE.search(text, max(0, m.start - 12), m.start) is None
        )
        or _on_route(text, m)
    )


# A preposition right before a place that says the place is where things are.
_LOCATING_BEFORE = re.compile(r"(?i)(?<!\w)(?:in|near|at|around|outside|inside)\s+$")


@cache
def _distance_before() -> re.Pattern[str]:
    """A distance right before a name: "40 kilometres north of", "some 30 km from the"
    (context.toml [places] ``distance_units``, ``directions``)."""
    units = alternation(context_list("places", "distance_units"))
    directions = alternation(context_list("places", "directions"))
    return re.compile(
        rf"(?i)\d[\d,.]*(?:\s+|-)?{units}\s+(?:(?:to\s+the\s+)?{directions}\s+of|from|outside)"
        r"\s+(?:the\s+)?$"
    )


@cache
def _reference_patterns() -> tuple[
    re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]
]:
    """roles.toml ``[places]`` ``near_words``, ``road_nouns``, ``road_ends_before``,
    ``within_words``: a place near which another one lies, in that one's appositive (", a
    village near"); an end of a road ("the road between ... and", "the road from ... to"); a
    road named by its ends ("Maiduguri–Damboa road"); a place another lies in, in that one's
    appositive or after its comma (", a village of lime growers in the Tierra Caliente region
    of", ", in northern")."""
    data = rules().data["places"]
    near = alternation(data["near_words"], space=r"\s+")
    within = alternation(data["within_words"], space=r"\s+")
    roads = alternation(data["road_nouns"])
    ends = alternation(data["road_ends_before"])
    directions = alternation(context_list("places", "directions"))
    return (
        re.compile(
            rf"(?i),\s+(?:(?:a|an|the)\s+[^,;:.!?()\n]{{0,60}}?\s+)?"
            rf"(?:{near}|(?:{directions})\s+(?:of|to|from))\s+(?:the\s+)?"
            rf"(?:(?!(?:in|at|on|inside|into|by|with)\s)[a-z][\w'’-]*\s+){{0,3}}$"
        ),
        re.compile(
            rf"(?i)(?<!\w)(?:{roads})\s+(?:{ends})\s+(?:the\s+)?"
            r"(?:[^,;:.!?()\n]{1,40}?\s+(?:and|to)\s+(?:the\s+)?)?$"
        ),
        re.compile(rf"(?i)(?:[–—-][^\W\d_][\w'’]*)?\s+(?:{roads})(?!\w)"),
        re.compile(
            rf"(?i),\s+(?:(?:a|an|the)\s+[^,;:.!?()\n]{{0,60}}?\s+)?(?:{within})\s+(?:the\s+)?"
            rf"(?:(?:{directions})\s+)?$"
        ),
    )


def _reference_point(text: str, m: Mention, place_ends: Container[int] = ()) -> bool:
    """Whether ``m`` only says where another place is: the place a distance counts from ("in
    Ceel Gaduud, 40 kilometres north of Baidoa"), a place near which the place before it lies
    ("in Ndzerem, a village near Kumbo"), an end of a road ("on the road between Bamenda and
    Kumbo near Ndop"): where the happening was is the other place."""
    if _distance_before().search(text, max(0, m.start - 50), m.start) is not None:
        return True
    near, road_ends, road_named, within = _reference_patterns()
    if road_ends.search(text, max(0, m.start - 90), m.start) is not None:
        return True
    if road_named.match(text, m.end) is not None:
        return True  # "the Maiduguri–Damboa road": both ends
    # The appositive of a place (``place_ends``: where the place mentions before it end):
    # "Ndzerem, a village near", not "In November, the WLF ambushed a column near".
    return any(
        (hit := pattern.search(text, max(0, m.start - 90), m.start)) is not None
        and hit.start() in place_ends
        for pattern in (near, within)
    )


def _located(text: str, named: Sequence[Mention]) -> list[Mention]:
    """The place mentions of ``named`` that say where something is: not a place headed for,
    come from, or only said to lie near another."""
    ends = {m.end for m in named}
    return [
        m
        for m in named
        if not _heading_to(text, m) and not _origin(text, m) and not _reference_point(text, m, ends)
    ]


def _unique_places(
    mentions: Sequence[Mention],
    entities: DocumentEntities,
    countries: Sequence[str],
    text: str = "",
) -> list[Place]:
    """The places ``mentions`` name, once each, geocoded; a region that holds another of them
    is left out ("Mariupol, Donetsk Oblast" is in Mariupol, as ACLED codes the finest place),
    and so is a place only headed for ("pushed towards Mykolaiv") when another is named."""
    named = [m for m in mentions if m.entity == "place" and not _names_no_location(text, m)]
    mentions = named
    located = _located(text, named)
    if located:
        mentions = located
    seen: dict[str, Place] = {}
    regions: set[str] = set()
    for m in mentions:
        if m.entity == "place" and m.name not in seen:
            place = entities.places.get(m.name) or Place(name=m.name)
            region = bool(text) and _REGION_AFTER.match(text, m.end) is not None
            seen[m.name] = locate(place, countries, region=region)
            if region:
                regions.add(m.name)
    places = list(seen.values())
    if any(p.found is Found.CONTEXT and p.country is None for p in places):
        # "Reinforcements brought to Daraa governorate opened fire in the town of Jaleen
        # Housing": a settlement found by its context, not located, lies in the region the
        # clause names by its region word (ACLED codes the finest place).
        places = [p for p in places if p.name not in regions]
    held = {
        (p.country_code, p.admin1) for p in places if p.geo_precision == 1 and p.admin1 is not None
    }
    return finest(
        [
            p
            for p in places
            if p.geo_precision != 3 or p.admin1 is None or (p.country_code, p.admin1) not in held
        ]
    )


# A clause that names no place but points at one: "Russian forces besieged the city", "a
# counteroffensive in the oblast began".
_SETTLEMENT_POINTERS = frozenset({"city", "town", "village", "port", "capital"})
_PLACE_ANAPHOR = re.compile(
    r"\bthe\s+(city|town|village|port|capital|oblast|province|governorate|district)\b",
    re.IGNORECASE,
)


def _places_of(
    text: str, group: _Group, facts: _PerSentence, entities: DocumentEntities
) -> list[Place]:
    """Where the happening is: the places of its dated clause; if it names none and says "the
    city" (or town, village, port), the place the document has named most often before it;
    if still none, those of its follow-up sentences. The clause's own pointer comes first: in
    "Later that day, the army began shelling the town. The army also shelled the town of
    Tasil.", the follow-up tells of another town."""
    countries = facts.countries
    quoted = _quoted(text, group)
    places = _clause_places(text, group, group.spans[0], facts, entities, quoted)
    if not places and group.frame is not None:
        # "On 4 March, the mayor confirmed that the city held. Russian forces killed three
        # civilians ...": the report that gives the happening its day also says where.
        places = _clause_places(text, group, group.frame, facts, entities, quoted)
    if not places and _AGAIN.match(text, *group.spans[0]):
        # "... shelled Ganja on 4 October and again on 11 October": the same again, there.
        for before in group.leads:
            places = _clause_places(text, group, before, facts, entities, quoted)
            if places:
                break
    if not places and _SAME_TIME_ANAPHOR.fullmatch(group.expr.text.strip()):
        # "... attacked the cattle camp at Wunlang. Soldiers who caught up with the raiders
        # that afternoon killed 14 of them": a time told from the sentence before, and no
        # place of its own, is there.
        place = _earlier_in_paragraph(text, group, facts)
        if place is not None:
            places = _unique_places([place], entities, countries, text)
    if not places and len(group.spans) > 1:
        # Only a follow-up that tells something happening says where: "Rebel fighters in
        # Sanamayn were to reconcile", "fighters were given the option to be transported to
        # the Tafas areas" tell the terms of an agreement, not where it was reached.
        telling = [(lo, hi) for lo, hi in group.spans[1:] if classify(text[lo:hi]) is not None]
        follow_ups = facts.mentions(telling, quoted=quoted)
        places = _unique_places(follow_ups, entities, countries, text)
    return places


# A time told from the sentence before it, on the same day or the next: "that afternoon", "the
# same evening", "hours later", "the next day".
_SAME_TIME_ANAPHOR = re.compile(
    r"(?i)(?:later\s+)?(?:that|the\s+same)\s+(?:day|morning|afternoon|evening|night)"
    r"|(?:hours|minutes|moments)\s+later"
    r"|(?:the\s+)?(?:next|following)\s+(?:day|morning|afternoon|evening|night)"
)
# A clause that repeats the one before it: "and again on 11 October", ", again on Monday".
_AGAIN = re.compile(r"[\s,;]*(?:and\s+|but\s+)?(?:once\s+)?again\b", re.IGNORECASE)


def _clause_places(
    text: str,
    group: _Group,
    span: tuple[int, int],
    facts: _PerSentence,
    entities: DocumentEntities,
    quoted: bool,
) -> list[Place]:
    """The places ``span`` names; if none and it says "the city" (or town, village, port),
    the place the document has named most often before it."""
    countries = facts.countries
    named = _apposed_place(text, span, facts)
    if named is not None:
        # "... closer to Lyman, a strategic railway town in Donetsk Oblast that Russian forces
        # captured in late May": the clause is the appositive of the place before it.
        return _unique_places([named], entities, countries, text)
    mentions = facts.mentions([span], quoted=quoted)
    places = _unique_places(mentions, entities, countries, text)
    named = [m for m in mentions if m.entity == "place" and not _names_no_location(text, m)]
    if not places or not _located(text, named):
        # None, or only where troops came from: "soldiers sent from Apatzingán fought the
        # gunmen on the edge of the village" is in the village.
        start, end = span
        pointer = _PLACE_ANAPHOR.search(text, start, end)
        if pointer is not None:
            settlement = pointer[1].lower() in _SETTLEMENT_POINTERS
            place = (
                _introduced(text, group, facts, pointer[1])
                or (_earlier_in_sentence(text, group, facts, start) if settlement else None)
                or (_earlier_in_paragraph(text, group, facts) if settlement else None)
                or facts.main_place(start, settlement=settlement)
            )
            if place is not None:
                places = _unique_places([place], entities, countries, text)
    return places


def _earlier_in_sentence(
    text: str, group: _Group, facts: _PerSentence, start: int
) -> Mention | None:
    """The settlement the sentence named last before the clause: in "killed 12 villagers in
    Ceel Gaduud, 40 kilometres north of Baidoa, and fought troops in the village the same
    evening", the village is Ceel Gaduud (not a region, nor a distance's reference point)."""
    sentence = group.sentences[0]
    if not sentence.start < start <= sentence.end:
        return None
    return _last_settlement(text, facts, sentence.start, start)


def _earlier_in_paragraph(text: str, group: _Group, facts: _PerSentence) -> Mention | None:
    """The settlement the paragraph named last in the sentence before the clause's: in
    "Government aircraft bombed the market in Kebri Wariq. That afternoon, WLF fighters
    overran the garrison on the edge of the town", the town is Kebri Wariq, whichever place
    the document names most."""
    sentence = group.sentences[0]
    para = group.paragraph.start
    earlier = [(lo, hi) for lo, hi in facts.sentences if para <= lo and hi <= sentence.start]
    if not earlier:
        return None
    lo, hi = earlier[-1]
    return _last_settlement(text, facts, lo, hi)


# "the Sahel", "the Nile": a region or a feature, no settlement ("the town of Bor" is
# matched at "Bor", after "of"); "from Damascus": where a convoy came from; "the district of
# Baba Amr": a part of the city "the city" means.
_NO_SETTLEMENT_BEFORE = re.compile(
    r"(?i)(?<!\w)(?:the|from|(?:district|neighbou?rhood|quarter|suburb)s?\s+of(?:\s+the)?)\s+$"
)
# "the al-Dabaa airbase": a facility named for its place, not the settlement "the town" means;
# "the al-Sinaa neighbourhood", "the Baba Amr district": a part of the city "the city" means.
_FACILITY_AFTER = re.compile(
    rf"(?i)\s+(?:{alternation(w.lower() for w in context_list('places', 'facility_words'))}"
    r"|air\s+base|district|neighbou?rhood|quarter|suburb)(?!\w)"
)


def _last_settlement(text: str, facts: _PerSentence, lo: int, hi: int) -> Mention | None:
    """The last place named between ``lo`` and ``hi`` that may be a settlement: not a
    country, a region, a reference point or a name that locates nothing."""
    before = facts.mentions([(lo, hi)])
    ends = {m.end for m in before if m.entity == "place"}
    for m in reversed(before):
        if (
            m.entity == "place"
            and not _NO_SETTLEMENT_BEFORE.search(text, max(lo, m.start - 30), m.start)
            and not _FACILITY_AFTER.match(text, m.end)
            and m.name not in facts.gazetteer.countries
            and not _REGION_AFTER.match(text, m.end)
            and not _reference_point(text, m, ends)
            and not _names_no_location(text, m)
        ):
            return m
    return None


def _apposed_place(text: str, span: tuple[int, int], facts: _PerSentence) -> Mention | None:
    """The place a clause opening "a/an ... town" (a place noun of context.toml [places]
    appositive_nouns) stands beside: "Lyman, a strategic railway town ..."."""
    start, end = span
    if _APPOSED.match(text, start, end) is None:
        return None
    before = text.rfind(",", max(0, start - 3), start + 2)
    if before < 0:
        return None
    for m in facts.mentions([(max(0, before - 60), before)]):
        if m.entity == "place" and m.end == before:
            return m
    return None


_APPOSITIVE_NOUNS = alternation(context_list("places", "appositive_nouns"))
_APPOSED = re.compile(
    rf"(?i)[\s,]*(?:a|an)\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_APPOSITIVE_NOUNS})(?![\w-])"
)


def _introduced(text: str, group: _Group, facts: _PerSentence, noun: str) -> Mention | None:
    """The place the paragraph last introduced with the clause's pointer noun, before it: in
    "... checkpoints in the town of Jaleen Housing. ... began shelling the town", Jaleen
    Housing, whichever place the document names most."""
    start = group.spans[0][0]
    introduced = re.compile(rf"(?i)(?<!\w)the\s+{re.escape(noun)}\s+of\s+$")
    last = None
    for m in facts.mentions([(group.paragraph.start, start)]):
        if m.entity == "place" and introduced.search(text, max(0, m.start - 40), m.start):
            last = m
    return last


def _quoted(text: str, group: _Group) -> bool:
    """Whether the quotations of the happening's clause tell it, so that the names in them are
    its own: its date is inside a quotation, or it is a report promoted to date what it says
    (its quotation is what happened: 'the UK MoD said: "Ukrainian forces have counterattacked
    in Sievierodonetsk"')."""
    return group.promoted or inside_quotation(text, group.spans[0][0], group.expr.start)


def _countries_named(entities: DocumentEntities) -> list[str]:
    """The countries a document names, most named first: where its small places are."""
    counts: Counter[str] = Counter()
    for m in entities.mentions:
        actor = entities.actors.get(m.name) if m.entity == "actor" else None
        if actor is not None and actor.kind is ActorKind.COUNTRY:
            counts[actor.name] += 1
        elif actor is not None and actor.country:
            counts[actor.country] += 1
        place = entities.places.get(m.name) if m.entity == "place" else None
        if place is not None and place.country:
            counts[place.country] += 1
    return [name for name, _ in counts.most_common()]


_LAYOUT = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|^[ \t]*\|[^\n]*", re.MULTILINE)


# Where one dated clause of a sentence ends and the next begins: "killed 12 on Sunday and 7
# on Monday"; "in the winter of 2008–2009 and in November 2012, when ... killed 170".
@dataclass
class _Group:
    """One happening being built: its date, the sentences that state it, and the stretches of
    text whose actors, places and figures are its own (its clause, then follow-up sentences)."""

    expr: TimeExpression
    sentences: list[Sentence]
    paragraph: Paragraph
    spans: list[tuple[int, int]]
    reported: TimeExpression | None = None
    # The sentence's clauses before this one, nearest first: their subject's actors, when this
    # clause names none ("... shelled Ganja on 4 October and again on 11 October").
    leads: tuple[tuple[int, int], ...] = ()
    inherited: bool = False  # dated by an earlier sentence's expression (a new happening)
    promoted: bool = False  # dated by the report's date: nothing else dates what it reports
    report_only: bool = False  # a report's sentence: no row, but it dates what follows
    frame: tuple[int, int] | None = None  # the report sentence that dated it, if one did
    told: tuple[EventType | None] | None = None  # its dated clause's type, once read


def _clauses(
    sentence: Sentence, exprs: Sequence[TimeExpression], text: str
) -> list[tuple[int, int]]:
    """Cut ``sentence`` into one stretch per expression (sorted by start): each ends at the last
    clause seam before the next expression, or right before it when there is none."""
    r = rules()
    bounds = [sentence.start]
    for left, right in itertools.pairwise(exprs):
        seams = list(r.seam.finditer(text, left.end, right.start)) or list(
            r.subordinate_seam.finditer(text, left.end, right.start)
        )
        # A semicolon, colon or dash ends a clause where a comma may only close an appositive:
        # "was shelled from 2 October; the army shelled Ganja, Azerbaijan's second city, on 4
        # October" is cut at the semicolon.
        strong = [m for m in seams if m.group().strip() in _STRONG_SEAMS]
        seams = [m for m in strong or seams if not _inside_subject(text, sentence, left, m)]
        # A comma and a coordinator open a clause where a bare "and" may only join two nouns:
        # "killed 12 villagers in Ceel Gaduud, and fought troops and BDM fighters in the
        # village the same evening" is cut at ", and", not at "troops and".
        coordinated = [m for m in seams if "," in m.group() and _coordinator().match(text, m.end())]
        if not strong and coordinated:
            seams = coordinated
        bounds.append(seams[-1].start() if seams else right.start)
    bounds.append(sentence.end)
    stretches = []
    for expr, lo, hi in zip(exprs, bounds, bounds[1:], strict=False):
        # "... entered Kherson on 11 November, two days after Russia announced its
        # withdrawal": the clause told at a distance is another happening's.
        distant = r.distant_clause.search(text, expr.end, hi)
        if distant is not None and not _has_content(text, (lo, distant.start()), expr):
            # "On 15 July, two weeks after the attack on the camp, soldiers reached Zemio":
            # the distance stands beside the date, before the clause it dates.
            distant = None
        stretches.append((lo, distant.start() if distant else hi))
    for i in range(1, len(exprs)):
        inside = _relative_clause(text, exprs[i - 1], exprs[i], stretches[i][1])
        if inside is not None:
            # "On 2 May, gunmen, who had arrived from Sirte in April, executed four men": the
            # relative clause is April's; the main clause goes on after it, and is 2 May's.
            stretches[i - 1] = (stretches[i - 1][0], stretches[i][1])
            stretches[i] = inside
    return stretches


_STRONG_SEAMS = frozenset(";:–—")
# How many clauses before it a clause with no party of its own reads for one.
_MAX_LEADS = 3
# Words that say nothing of a happening by themselves, around a date in its clause.
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "but",
        "the",
        "on",
        "in",
        "at",
        "of",
        "from",
        "to",
        "until",
        "till",
        "by",
        "since",
        "during",
        "for",
        "as",
        "with",
    ]
)


# A preposition that makes a date the bound of a period: "ending the war from 10 November".
_PERIOD_BOUND_BEFORE = re.compile(
    r"(?i)(?<!\w)(?:from|until|till|through|since|effective|starting|as\s+of)\s+$"
)


def _has_content(text: str, clause: tuple[int, int], expr: TimeExpression) -> bool:
    """Whether a date's clause has a word of its own beside the date and function words."""
    words = [*_WORD.findall(text, clause[0], expr.start), *_WORD.findall(text, expr.end, clause[1])]
    return any(w.lower() not in _FUNCTION_WORDS for w in words)


@cache
def _coordinator() -> re.Pattern[str]:
    """A coordinator of roles.toml ``[clauses] seams`` ("and", "but", "then") as a word."""
    return re.compile(rf"(?i)(?:{alternation(rules().data['clauses']['seams'])})(?!\w)")


def _inside_subject(
    text: str, sentence: Sentence, left: TimeExpression, seam: re.Match[str]
) -> bool:
    """Whether a seam only separates the names of a list, or closes an opening date: in "On 9
    November 2020, Pashinyan, Aliyev and Russian President Vladimir Putin signed ...", neither
    the comma after the date nor those between the names end a clause. (A seam right after a
    date inside the sentence still does: "shelled Kharkiv on Sunday and Izium on Monday".)"""
    if seam.start() == left.end:
        return bool(_OPENING.fullmatch(text, sentence.start, left.start)) and "," in seam.group()
    before = text[max(sentence.start, seam.start() - 30) : seam.start()].split()
    after = text[seam.end() : seam.end() + 30].split()
    if not (before and after and before[-1][:1].isupper() and after[0][:1].isupper()):
        return False
    if "," in seam.group():
        # "Pashinyan, Aliyev and Putin signed": the list goes on after the next name; in
        # "shelled Kharkiv, Ukraine struck Belgorod" the comma ends a clause.
        return _LIST_GOES_ON.match(text, seam.end()) is not None
    # "Aliyev and Russian President Vladimir Putin": an "and" that ends a list begun with a
    # comma ("Pashinyan, Aliyev and ...").
    return (
        _LIST_BEGUN.search(text, max(sentence.start, seam.start() - 60), seam.start()) is not None
    )


# After a comma between two names: more capitalised words, then a comma or "and"/"or".
_LIST_GOES_ON = re.compile(r"(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*(?:\s*,|\s+(?:and|or)\s)")
# Before an "and" between two names: a name, a comma, capitalised words up to it.
_LIST_BEGUN = re.compile(r"[A-Z][\w.'’-]*\s*,\s*(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*$")
# What may come before a date that opens its sentence: "On", "In early", "By the night of".
_OPENING = re.compile(
    r"\W*(?:(?:on|in|at|by|from|since|during|until|early|late|mid|the|of|night|morning"
    r"|evening|afternoon|dawn|end|beginning|start|middle)\s+){0,5}",
    re.IGNORECASE,
)


def _relative_clause(
    text: str, left: TimeExpression, right: TimeExpression, end: int
) -> tuple[int, int] | None:
    """The relative clause set off by commas that holds ``right`` ("..., who had arrived from
    Sirte in April, ...") when it opens after ``left`` and the main clause goes on after its
    closing comma, before ``end``; else None."""
    found = list(_RELATIVE_OPEN.finditer(text, left.end, right.start))
    opened = found[-1] if found else None
    if opened is None or _CLAUSE_BREAK_IN.search(text, opened.end(), right.start):
        return None
    close = text.find(",", right.end, end)
    if close == -1 or _CLAUSE_BREAK_IN.search(text, right.end, close):
        return None
    if _MAIN_CLAUSE_GOES_ON.match(text, close + 1, end) is None:
        return None
    return (opened.start() + 1, close)


# A relative clause opening after a comma (what ends a clause inside it: `_CLAUSE_BREAK_IN`).
_RELATIVE_OPEN = re.compile(r",\s+(?:who|which|whose|whom)\s")
# After the relative clause's closing comma, the main clause's verb: a word in lower case (an
# adverb, a verb: "publicly executed", "seized"), not a new clause ("and", "but") or a name.
_MAIN_CLAUSE_GOES_ON = re.compile(r"\s+(?!(?:and|but|or|while|whereas|then|as|when)\b)[a-z]")


_DAY_JOINER = re.compile(r"\s*(?:,|and|,\s*and|to|through|-|–|—)\s*")


def _join_consecutive_days(text: str, exprs: list[TimeExpression]) -> list[TimeExpression]:
    """ "26 people were killed on Sunday and Monday" is one happening over two days: two day
    expressions joined by "and" (or a comma or dash) on consecutive days become one range.
    Days further apart ("on 3 May and 9 May") stay two happenings."""
    out: list[TimeExpression] = []
    for expr in exprs:
        last = out[-1] if out else None
        if (
            last is not None
            and last.precision is Precision.DAY
            and expr.precision is Precision.DAY
            and last.date_end is not None
            and expr.date_start is not None
            and (expr.date_start - last.date_end).days == 1
            and _DAY_JOINER.fullmatch(text, last.end, expr.start)
        ):
            out[-1] = TimeExpression(
                text=text[last.start : expr.end],
                start=last.start,
                end=expr.end,
                value=f"{last.value}/{expr.value}",
                kind=TimeKind.RANGE,
                precision=Precision.DAY,
                date_start=last.date_start,
                date_end=expr.date_end,
                anchored=True,
                anchor=last.anchor,
                role=ExpressionRole.HAPPENING,
            )
        else:
            out.append(expr)
    return out


def _assign_roles(
    text: str,
    exprs: Sequence[TimeExpression],
    sentence: Sentence,
    paragraph: Paragraph,
    prose: bool,
    layout: list[tuple[int, int]] | None = None,
) -> None:
    if layout is None:
        layout = [m.span() for m in _LAYOUT.finditer(text, paragraph.start, paragraph.end)]
    for expr in exprs:
        if expr.kind not in _EVENT_KINDS or (expr.kind is TimeKind.TIME and not expr.anchored):
            continue
        if not prose or any(a <= expr.start < b for a, b in layout):
            expr.role = ExpressionRole.REFERENCE  # a heading, a table line, an image caption
        else:
            expr.role = expression_role(text, expr, sentence.start, paragraph.start)


QUOTED_LOOK_BACK_YEARS = 10


def _quoted_look_backs(
    text: str,
    paragraphs: Sequence[Paragraph],
    located: dict[tuple[int, int], list[TimeExpression]],
) -> None:
    """A date a speaker looks far back to inside a quotation ('"Raqqa has inherited the fate
    of Dresden in 1945"') is the speaker's comparison, not the story: a date written in full
    inside quotation marks, more than `QUOTED_LOOK_BACK_YEARS` from the middle of the
    document's happenings, is `quoted`."""
    years = sorted(
        e.date_start.year
        for exprs in located.values()
        for e in exprs
        if e.role is ExpressionRole.HAPPENING and e.date_start is not None
    )
    if not years:
        return
    middle = years[len(years) // 2]
    for (p_index, _), exprs in located.items():
        for expr in exprs:
            if (
                expr.role is ExpressionRole.HAPPENING
                and expr.date_start is not None
                and abs(expr.date_start.year - middle) > QUOTED_LOOK_BACK_YEARS
                and inside_quotation(text, paragraphs[p_index].start, expr.start)
            ):
                expr.role = ExpressionRole.QUOTED


def analyze(document: Document, tagger: EntityTagger) -> DocumentAnalysis:
    """Find the events of one document."""
    text = document.text
    paragraphs = segment(text)
    expressions = extract_times(
        text,
        document.published,
        document.genre,
        sentences=[s for p in paragraphs for s in p.sentences],
    )
    analysis = DocumentAnalysis(document, paragraphs, expressions, tagger)

    # Expressions by (paragraph, sentence).
    sentences = _SentenceIndex(paragraphs)
    located: dict[tuple[int, int], list[TimeExpression]] = {}
    for expr in expressions:
        where = sentences.find(expr.start)
        if where is None:
            continue
        located.setdefault(where, []).append(expr)
        if expr.kind in _CALENDAR_KINDS and not expr.anchored and not expr.value.endswith("_REF"):
            p_index, s_index = where
            analysis.undated.append(
                UndatedExpression(
                    expression=expr,
                    document=document.ref(),
                    sentence=paragraphs[p_index].sentences[s_index],
                )
            )

    published = document.published
    prose = prose_paragraphs(paragraphs)
    layouts: dict[int, list[tuple[int, int]]] = {}  # per paragraph, read once
    for (p_index, s_index), exprs in located.items():
        paragraph = paragraphs[p_index]
        if p_index not in layouts:
            found = _LAYOUT.finditer(text, paragraph.start, paragraph.end)
            layouts[p_index] = [m.span() for m in found]
        _assign_roles(
            text, exprs, paragraph.sentences[s_index], paragraph, prose[p_index], layouts[p_index]
        )
    _quoted_look_backs(text, paragraphs, located)
    groups: list[_Group] = []
    named: list[int] = []  # sorted: where actors and places are named (read when first asked)
    carried: _Group | None = None  # the happening follow-up sentences add to
    for p_index, paragraph in enumerate(paragraphs):
        continues = len(paragraph.sentences) == 1 or bool(
            _paragraph_same_day().match(paragraph.sentences[0].text)
        )
        if not continues or not prose[p_index]:
            carried = None
        for s_index, sentence in enumerate(paragraph.sentences):
            exprs = located.get((p_index, s_index), [])
            if not prose[p_index]:
                continue
            candidates = [e for e in exprs if _is_event_candidate(e)]
            happenings = [e for e in candidates if e.role is ExpressionRole.HAPPENING]
            reports = [e for e in candidates if e.role is ExpressionRole.REPORT]
            promoted = None
            if (
                reports
                and not happenings
                and _states_a_happening(_own_words(text, paragraph.start, sentence))
            ):
                # "On 23 April, Ukraine claimed to have struck a command post, killing two
                # generals": what is reported has no date of its own; the report's is the
                # best there is, and it stays on the row as `reported` too.
                promoted = reports[0]
                happenings = [promoted]
            happenings = _drop_subsumed(
                text, _drop_breakdowns(text, _drop_distances(text, happenings))
            )
            happenings = _drop_restated(text, happenings)
            if published is not None:
                happenings = [e for e in happenings if e.date_start and e.date_start <= published]
            if happenings:
                happenings = _join_consecutive_days(text, sorted(happenings, key=lambda e: e.start))
                clauses = _clauses(sentence, happenings, text)
                for i, (expr, clause) in enumerate(zip(happenings, clauses, strict=True)):
                    if (
                        i
                        and clause[0] == expr.start
                        and _PERIOD_BOUND_BEFORE.search(text, max(0, expr.start - 16), expr.start)
                        and not _has_content(text, clause, expr)
                    ):
                        # "... signed a ceasefire agreement ending the war from 10 November":
                        # a bound of a period with no words of its own and no seam before it
                        # only qualifies the clause before ("on 3 May and 5 May" are two days,
                        # "Greece and Turkey in 1952, Germany in 1955" two happenings).
                        continue
                    groups.append(
                        _Group(
                            expr,
                            [sentence],
                            paragraph,
                            [clause],
                            reported=reports[0] if reports else None,
                            promoted=promoted is not None,
                            # The nearest few: a sentence of a hundred dates is no list of
                            # a hundred leads for each (bounded work).
                            leads=tuple(reversed(clauses[max(0, i - _MAX_LEADS) : i])),
                        )
                    )
                carried = groups[-1]
            elif reports and all(
                e.role
                in (
                    ExpressionRole.REPORT,
                    ExpressionRole.REFERENCE,
                    ExpressionRole.QUOTED,
                    ExpressionRole.PLAN,
                )
                for e in exprs
                if e.kind in _CALENDAR_KINDS
            ):
                # "On 4 March, the mayor confirmed that the city held. Russian forces killed
                # three civilians ...": the report dates no row, but a happening told right
                # after it is that day's.
                carried = _Group(
                    reports[0],
                    [sentence],
                    paragraph,
                    [(sentence.start, sentence.end)],
                    report_only=True,
                )
            elif any(
                e.kind in _CALENDAR_KINDS and e.role is not ExpressionRole.REFERENCE
                for e in exprs
                if e.role is not ExpressionRole.QUOTED
            ):
                carried = None  # the sentence is about another (undatable or future) time
            elif any(
                _sums_up_another_period(text, e, carried)
                for e in exprs
                if e.role is not ExpressionRole.QUOTED
            ):
                # "Between 40 and 65 civilians were killed during the eight weeks of fighting":
                # a toll or a state over a period of its own, no part of the day carried.
                carried = None
            elif carried is not None:
                if not named:
                    named = [m.start for m in analysis.entities.mentions]
                step = _follow_up(text, carried, sentence, paragraph.start, named)
                if step == "same":
                    carried.sentences.append(sentence)
                    carried.spans.append((sentence.start, sentence.end))
                elif step == "new":
                    # "Hours later, a Russian missile struck the TV tower, killing five": a
                    # happening of its own, on the day the paragraph has given.
                    groups.append(
                        _Group(
                            carried.expr,
                            [sentence],
                            paragraph,
                            [(sentence.start, sentence.end)],
                            inherited=True,
                            reported=carried.expr if carried.report_only else None,
                            frame=carried.spans[0] if carried.report_only else None,
                        )
                    )
                    carried = groups[-1]
                elif step == "other":
                    carried = None
        if continues and not any(located.get((p_index, 0), [])):
            carried = None  # a one-sentence continuation ends the run

    if not groups:
        return analysis  # no happening dated: its actors and places are not needed
    entities = analysis.entities
    facts = _PerSentence(text, entities, tagger.gazetteer, paragraphs)
    for group in groups:
        analysis.events.append(_event(document, entities, facts, group))
    return analysis


# What keeps a report's date off the happening it reports: a toll run up over time ("since
# the war began"), or a past before the report ("had been killed", "had found").
_NOT_ON_REPORT_DAY = re.compile(
    r"\bsince\b|\bso\s+far\b|\bhad\s+(?:not\s+|never\s+)?(?:been\s+)?[a-z]+(?:ed|en|wn|ght)\b"
    r"|\bto\s+date\b|\btoll\b(?!\s+on\b)|\btally\b",  # a count up to the day ("toll on": idiom)
    re.IGNORECASE,
)


@cache
def _during_a_happening() -> re.Pattern[str]:
    """A happening the report tells of as a whole, named by a noun of roles.toml
    ``[reference] happening_nouns``: "reported that 1,600 civilians were killed by coalition
    strikes during the battle" tells a toll of the battle, not a happening of the report's
    day."""
    nouns = alternation(rules().data["reference"]["happening_nouns"])
    return re.compile(
        rf"(?i)(?<!\w)(?:during|throughout|over\s+the\s+course\s+of|in\s+the\s+course\s+of)"
        rf"\s+(?:the|its|their|this|that)\s+(?:[\w'’-]+\s+){{0,3}}?{nouns}(?![\w-])"
    )


# "since" before a date in its clause, with no seam between: a toll counted from that day.
_COUNTED_SINCE = re.compile(r"(?i)(?<!\w)since(?!\w)[^,;:.!?\n]{0,100}$")
_QUOTE_MARK = re.compile('["“”]')
_FIRST_PERSON = re.compile(r"(?<![\w'’])(?:I|[Ww]e|[Oo]ur|[Uu]s|[Mm]y|[Mm]e)(?![\w'’])")


def _own_words(text: str, paragraph_start: int, sentence: Sentence) -> str:
    """``sentence`` less what a speaker says in the first person ('"We congratulate the
    Syrian people on the liberation of Raqqa"': the speaker's own voice, not an account of a
    happening that day). A quotation in the third person ('the UK MoD said: "Ukrainian forces
    have counterattacked"') is the account, and stays. A quotation may open in an earlier
    sentence of the paragraph, or close in a later one."""
    inside = inside_quotation(text, paragraph_start, sentence.start)
    parts: list[tuple[bool, str]] = []
    last = sentence.start
    for mark in _QUOTE_MARK.finditer(text, sentence.start, sentence.end):
        parts.append((inside, text[last : mark.start()]))
        inside = not inside if mark[0] == '"' else mark[0] == "“"
        last = mark.end()
    parts.append((inside, text[last : sentence.end]))
    return " ".join(part for quoted, part in parts if not quoted or not _FIRST_PERSON.search(part))


def _states_a_happening(sentence: str) -> bool:
    """Whether a sentence dated only by its report states a happening of that day: an event
    type can be read from it (in its own words: a statement quoted congratulating "the
    liberation of Raqqa" tells of no happening on the statement's day), and nothing says it
    happened before the report. A figure of people harmed or taken is a happening too:
    "Russian media reported that 160 Ukrainian servicemen were captured" reads as no event
    type (a capture of people is no change of territory), yet it is what the report tells."""
    if _NOT_ON_REPORT_DAY.search(sentence) or _during_a_happening().search(sentence):
        return False
    if rules().future_before.search(sentence):
        return False  # "the SDF will be more restricted in the fight against ISIL": a forecast
    if classify(sentence) is not None:
        return True
    return any(c.outcome in _HARM_OUTCOMES for c in find_casualties(sentence))


# Outcomes of a figure that make a reported sentence a happening of its own.
_HARM_OUTCOMES = frozenset(("killed", "dead", "wounded", "captured", "abducted", "missing"))


def _follow_up(
    text: str, group: _Group, sentence: Sentence, paragraph_start: int, named: Sequence[int]
) -> str:
    """What an undated ``sentence`` after ``group``'s is: ``"same"`` (it goes on telling that
    happening), ``"new"`` (another happening of the same day: it opens on "Hours later",
    "Meanwhile", "In addition", or says a different kind of thing happened), ``"other"``
    (another happening at a time the text does not give: "Days later", "Earlier"), or, after
    a report that is no row, ``"skip"`` (more of the report)."""
    other_time, same_day = _openers()
    own_words = _own_words(text, paragraph_start, sentence)
    if other_time.match(sentence.text) or _other_time_within().search(sentence.text):
        return "other"
    if _comment().search(own_words):
        # "Journalist Alex Thompson described the battle as a victory", "Moscow condemned
        # the attack": a judgement of the happening told, a source of it, never a row.
        return "skip" if group.report_only else "same"
    if group.report_only:
        # After a report: a sentence stating a happening of that day is its own row; any
        # other sentence is more of the report ("skip": no row, no source).
        return "new" if _states_a_happening(own_words) else "skip"
    if same_day.match(sentence.text):
        # "Hours later, a missile struck the TV tower": another happening of that day. But
        # "In addition, it has been suggested that respondents feared ..." names no party,
        # no place and no kind of happening: a comment is no row, and no source of the
        # happening before it either.
        at = bisect.bisect_left(named, sentence.start)
        names = at < len(named) and named[at] < sentence.end
        return "new" if names or classify(own_words) is not None else "skip"
    if group.told is None:
        # What the dated clause says happened, read once per happening (its first span).
        start, end = group.spans[0]
        group.told = (classify(text[start:end]),)
    told = group.told[0]
    if _QUOTE_OPENS.match(sentence.text) or inside_quotation(text, paragraph_start, sentence.start):
        # '"The explosion was huge," the resident said': a witness's words tell the happening
        # before them, whatever kind of thing they name.
        return "same"
    said = classify(sentence.text)
    if told is not None and said is not None and told.event_type != said.event_type:
        if _toll_of(told, said, sentence.text):
            return "same"  # "... an airstrike destroyed a hospital. Three civilians were killed"
        return "new"
    return "same"


_QUOTE_OPENS = re.compile(r"\s*[\"“‘«]")


def _toll_of(told: EventType, said: EventType, sentence: str) -> bool:
    """Whether a follow-up sentence only counts the toll of the violent happening before it
    (roles.toml ``[follow_up] toll_verbs``): "Three civilians were killed and 17 wounded"
    after an airstrike is the strike's toll, not an attack of its own; "Russian forces killed
    three civilians" (an agent acting) stays one."""
    follow = rules().data["follow_up"]
    if told.event_type not in follow["violent_types"]:
        return False
    if said.trigger.lower() not in follow["toll_verbs"]:
        return False
    if _PASSIVE_BEFORE.search(sentence, max(0, said.start - 40), said.start) is not None:
        return True
    # "..., with at least one person killed and 12 wounded": a participle with no object
    # after it counts a toll as the passive does; "Soldiers killed a man" has its object.
    return _NO_OBJECT_AFTER.match(sentence, said.end) is not None


@cache
def _other_time_within() -> re.Pattern[str]:
    """The ``[follow_up] other_time_within`` phrases of roles.toml, anywhere in a sentence."""
    words = alternation(rules().data["follow_up"]["other_time_within"], space=r"\s+")
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


@cache
def _openers() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The ``[follow_up]`` openers of roles.toml: (another time, the same day)."""
    follow = rules().data["follow_up"]
    space = r"\s+"
    return tuple(  # type: ignore[return-value]
        re.compile(rf"^\W*(?:{alternation(follow[key], space=space)})(?!\w)", re.IGNORECASE)
        for key in ("other_time", "same_day")
    )


@cache
def _paragraph_same_day() -> re.Pattern[str]:
    """``[follow_up] paragraph_same_day`` of roles.toml at a paragraph's start."""
    words = alternation(rules().data["follow_up"]["paragraph_same_day"], space=r"\s+")
    return re.compile(rf"^\W*(?:{words})(?!\w)", re.IGNORECASE)


def _at(m: Mention) -> int:
    return m.start


@cache
def _group_noun() -> re.Pattern[str]:
    """``[unnamed_groups] nouns`` of roles.toml after "the" ("the rebels"), or after a
    possessive that points back to a group (``possessors``: "its fighters", "the cell's
    gunmen"; group ``p``)."""
    data = rules().data["unnamed_groups"]
    nouns = alternation(data["nouns"], space=r"\s+")
    possessors = alternation(data["possessors"], space=r"\s+")
    return re.compile(
        rf"(?i)(?<!\w)(?:(?P<p>{possessors})['’]s?|the)\s+({nouns})(?!\w)"
        rf"|(?<!\w)(?P<its>its)\s+({nouns})(?!\w)"
    )


def _told_groups(
    text: str, clause: tuple[int, int], facts: _PerSentence, entities: DocumentEntities
) -> list[Mention]:
    """ "The rebels" of ``clause`` as a mention of the non-state armed group the document named
    last before it (roles.toml ``[unnamed_groups]``); none when no such group was named. "Its
    fighters" is the group only when the name nearest before it is that group's (or a
    party's or movement's): "The KNU said its fighters overran a post"."""
    found: list[Mention] = []
    for hit in _group_noun().finditer(text, *clause):
        if any(m.start <= hit.start() < m.end for m in facts.all_mentions):
            continue  # inside a name: "the Rebels of ..." tagged as one
        i = bisect.bisect_left(facts.starts, hit.start())
        for m in reversed(facts.all_mentions[max(0, i - 200) : i]):
            actor = entities.actors.get(m.name) if m.entity == "actor" else None
            if hit["its"] is not None and m.entity == "actor":
                if actor is not None and not actor.country and actor.kind in _GROUP_KINDS:
                    found.append(
                        m.model_copy(
                            update={"start": hit.start(), "end": hit.end(), "text": hit[0]}
                        )
                    )
                break  # "its" is the nearest name's
            kinds = _GROUP_KINDS if hit["p"] is not None else (ActorKind.ARMED_FORCE,)
            if actor is not None and actor.kind in kinds and not actor.country:
                found.append(
                    m.model_copy(update={"start": hit.start(), "end": hit.end(), "text": hit[0]})
                )
                break
    return found


_GROUP_KINDS = (ActorKind.ARMED_FORCE, ActorKind.ORGANIZATION)


@cache
def _bare_rebels() -> re.Pattern[str]:
    """roles.toml ``[unnamed_groups] bare_nouns`` opening a sentence or its first clause, after
    a count at most: "On Saturday, rebels ambushed a truck", "**20 March 2004**: thousands of
    rebels raid Beni"."""
    data = rules().data["unnamed_groups"]
    nouns = alternation(data["bare_nouns"], space=r"\s+")
    count = r"(?:(?:some|about|several|hundreds\s+of|thousands\s+of|dozens\s+of|[\d,]+)\s+)?"
    return re.compile(
        rf"(?:^|(?<=\n)|(?<=[.!?]\s)|(?<=\*\*:\s)|(?<=,\s))[^\S\n]*{count}(?P<n>(?i:{nouns}))(?!\w)"
        # Acting, not acted on: "21 rebels were evacuated to Al-Bab" names no one.
        r"(?!\s+(?:were|was|are|is|had\s+been|have\s+been|being)\b)"
    )


# Near a group's name, a word that calls it a rebel group: "RUF rebels", "rebels of the RUF",
# "the rebel group M23", "the Maoist insurgency".
_REBEL_BEFORE = re.compile(
    r"(?i)\b(?:rebels?|insurgents?|guerr?illas?)(?:\s+(?:of|from)\s+(?:the\s+)?|\s+)$"
)
_REBEL_AFTER = re.compile(
    r"(?i)(?:\s*\([^()\n]{1,12}\))?(?:\s+|,\s+(?:a|an|the)\s+(?:\w+\s+){0,2})"
    r"(?:rebels?|insurgents?|insurgency|guerr?illas?)\b"
)


def _main_group(text: str, entities: DocumentEntities) -> str | None:
    """The rebel group a document is about: a non-state armed group the text once calls rebels
    near its name ("RUF rebels"), named at least twice and `bare_dominance` times as often as
    any other non-state armed group (roles.toml ``[unnamed_groups]``). Hezbollah, fighting
    rebels beside the army, is never "the rebels" of a history of al-Qusayr."""
    counts: Counter[str] = Counter()
    called: set[str] = set()
    for m in entities.mentions:
        actor = entities.actors.get(m.name) if m.entity == "actor" else None
        if actor is not None and actor.kind is ActorKind.ARMED_FORCE and not actor.country:
            counts[m.name] += 1
            if _REBEL_BEFORE.search(text, max(0, m.start - 30), m.start) or _REBEL_AFTER.match(
                text, m.end
            ):
                called.add(m.name)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2:
        return None
    second = ranked[1][1] if len(ranked) > 1 else 0
    if ranked[0][1] < rules().data["unnamed_groups"]["bare_dominance"] * second:
        return None
    return ranked[0][0] if ranked[0][0] in called else None


def _bare_groups(
    text: str, clause: tuple[int, int], facts: _PerSentence, entities: DocumentEntities
) -> list[Mention]:
    """ "Rebels" with no "the" opening the clause's sentence as the rebel group the document is
    about (`_main_group`); "gunmen" and "militants" stay no one's."""
    lo = max(0, clause[0] - 4)
    hit = _bare_rebels().search(text, lo, clause[1])
    if hit is None or hit.start("n") - clause[0] > 40:
        return []
    if any(m.start <= hit.start("n") < m.end for m in facts.all_mentions):
        return []
    name = facts.rebel_group(entities)
    if name is None:
        return []
    return [
        Mention(text=hit["n"], start=hit.start("n"), end=hit.end("n"), name=name, entity="actor")
    ]


@cache
def _pronoun_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """roles.toml ``[pronoun_subjects]``: the pronoun that opens a clause (after a short
    opener and its comma), the words after it that make it no actor, and what may come
    between the names of a coordinated subject."""
    data = rules().data["pronoun_subjects"]
    pronouns = alternation(data["pronouns"])
    not_after = alternation(data["not_before_verbs"], space=r"\s+")
    adverbs = alternation(data["adverbs"])
    subject = re.compile(
        rf"(?:{_SUBJECT_OPENER})?(?P<p>(?i:{pronouns}))\s+"
        rf"(?!(?:(?:{adverbs})\s+)?(?:{not_after})(?!\w))[a-z]",
    )
    opener = re.compile(_SUBJECT_OPENER)
    joint = re.compile(r"(?:\s*,\s*|\s+|,?\s+and\s+)(?:the\s+)?")
    return subject, opener, joint


def _pronoun_subject(
    text: str, clause: tuple[int, int], facts: _PerSentence, entities: DocumentEntities
) -> list[Mention]:
    """ "They" (or "it") as the subject of ``clause`` as mentions of the group or forces that
    are the subject of the sentence before it, in its paragraph (roles.toml
    ``[pronoun_subjects]``): "Iraqi troops and the Popular Mobilization Forces launched an
    offensive. On 29 May, they drove the last fighters out of the town" is theirs. None when
    that sentence opens on anything else (a country, a person, a place, civilians)."""
    subject, opener, joint = _pronoun_patterns()
    hit = subject.match(text, *clause)
    if hit is None:
        return []
    pronoun = hit.start("p")
    i = bisect.bisect_right(facts.sentence_starts, pronoun) - 1
    if i < 1 or clause[0] != facts.sentences[i][0]:
        return []  # only a sentence's first clause: its subject is the sentence's
    lo, hi = facts.sentences[i - 1]
    if "\n" in text[hi : facts.sentences[i][0]]:
        return []  # another paragraph, a heading or a list item
    actors = [m for m in facts.mentions([(lo, hi)]) if m.entity == "actor"]
    if not actors:
        return []
    # After up to two openers: "On 15 July, two weeks after the attack on the camp, soldiers
    # and Wagner fighters reached Zemio".
    pos = lo
    for _ in range(2):
        if len(_WORD.findall(text, pos, actors[0].start)) <= 2:
            break
        lead = opener.match(text, pos, actors[0].start)
        if lead is None:
            break
        pos = lead.end()
    if len(_WORD.findall(text, pos, actors[0].start)) > 2:
        return []  # the first actor is not the sentence's subject
    found: list[Mention] = []
    last_end = -1
    for m in actors:
        if found and not joint.fullmatch(text, last_end, m.start):
            break
        actor = entities.actors.get(m.name)
        if actor is None or actor.kind not in (ActorKind.ORGANIZATION, ActorKind.ARMED_FORCE):
            break
        found.append(m.model_copy(update={"start": pronoun, "end": hit.end("p"), "text": hit["p"]}))
        last_end = m.end
    return found


@cache
def _appositive_after() -> re.Pattern[str]:
    """Right after a name (and its bracketed acronym): an appositive that describes it, up to
    its closing comma (roles.toml ``[appositives]``): ", a militia armed by the Kurdish
    Peshmerga,", ", the spokesman for the DPR militia,"."""
    data = rules().data["appositives"]
    indefinite = alternation(data["indefinite"])
    definite = alternation(data["definite"])
    reach = int(data["reach"])
    return re.compile(
        r"[^\S\n]*(?:\([^()\n]{1,30}\)[^\S\n]*)?,[^\S\n]+"
        rf"(?P<body>(?:(?:{indefinite})[^\S\n]+\w|(?:{definite})[^\S\n]+[a-z])"
        rf"[^,;:.!?\n]{{0,{reach}}}),"
    )


def _outside_appositives(
    text: str, mentions: Sequence[Mention], facts: _PerSentence, entities: DocumentEntities
) -> list[Mention]:
    """``mentions`` less the actors named inside an appositive that describes an actor named
    before it: in "Yazidi volunteers of the Tel Bishra Protection Force, a militia armed by the
    Kurdish Peshmerga, began raiding", the Peshmerga describe the force and act in nothing."""
    inside: list[tuple[int, int]] = []
    for m in mentions:
        if m.entity != "actor" or entities.actors.get(m.name) is None:
            continue
        hit = _appositive_after().match(text, m.end)
        if hit is not None:
            inside.append(hit.span("body"))
    if not inside:
        return list(mentions)
    return [
        m
        for m in mentions
        if m.entity != "actor" or not any(lo <= m.start < hi for lo, hi in inside)
    ]


def _state_actor(actors: Sequence[Actor]) -> bool | None:
    """Whether the acting side is a state's force, when the first actor says (a country, or an
    armed force of one); None when it does not."""
    if not actors:
        return None
    first = actors[0]
    if first.kind is ActorKind.COUNTRY or (
        first.kind is ActorKind.ARMED_FORCE and first.country is not None
    ):
        return True
    if first.kind is ActorKind.ARMED_FORCE:
        return False
    return None


def _event_type(text: str, group: _Group, actors: Sequence[Actor]) -> EventType | None:
    """What the dated clause says happened, or None: a follow-up sentence tells what went on
    around it ("Kofi Annan acted as the joint envoy. ... the rebels and the army continued
    fighting" is no battle of Annan's)."""
    state = _state_actor(actors)
    start, end = _own_clause(text, group)
    start = _past_background(text, group, start, end)
    clause = text[start:end]
    own = (group.expr.start - start, group.expr.end - start)
    # "Memories of the 1982 massacre shaped the protests that began in March 2011": a past
    # happening named by its year is no part of what this row's clause says happened.
    clause = _NAMED_BY_YEAR.sub(
        lambda m: m[0] if m.start() < own[1] and own[0] < m.end() else " " * len(m[0]), clause
    )
    return classify(clause, state_actor=state)


def _foreign_taking(
    kind: EventType | None, actors: Sequence[Actor], places: Sequence[Place]
) -> EventType | None:
    """A state's forces taking a place in another state's territory ("Russian forces captured
    Kherson") overtake it as a non-state actor does, as ACLED codes an external force; the
    government regains territory only in its own country (or where the place's is unknown)."""
    if kind is None or kind.sub_event_type != "Government regains territory" or not actors:
        return kind
    first = actors[0]
    state = first.name if first.kind is ActorKind.COUNTRY else first.country
    where = {p.country for p in places if p.country}
    if state is None or not where or state in where:
        return kind
    return replace(kind, sub_event_type="Non-state actor overtakes territory")


# A date opening its clause, up to its comma: "In October 2019, ", "On 5 June, ".
_OPENING_DATE_COMMA = re.compile(r"[^\S\n]*,[^\S\n]*")


def _past_background(text: str, group: _Group, start: int, end: int) -> int:
    """Where the clause ``start``–``end`` tells its happening, past an opening phrase that
    gives its background (roles.toml ``background_openers``), at its start or right after an
    opening date: "Following the successful Ukrainian counterattacks in late March, Russia
    announced its withdrawal on 29 March"; "In October 2019, in response to the Turkish
    offensive, Russia arranged for negotiations" (the offensive is no battle of the row, nor
    Turkey its party)."""
    background = _other_clauses()[0]
    opener = background.match(text, start, end)
    if opener is not None and opener.end() <= group.expr.start:
        return opener.end()
    expr = group.expr
    if start <= expr.start and _OPENING.fullmatch(text, start, expr.start):
        comma = _OPENING_DATE_COMMA.match(text, expr.end, end)
        if comma is not None and "," in comma.group():
            opener = background.match(text, comma.end(), end)
            if opener is not None:
                return opener.end()
    return start


def _own_clause(text: str, group: _Group) -> tuple[int, int]:
    """The dated clause without a clause about another happening after the date: "Aliyev
    dismissed his foreign minister on Thursday after protesters stormed the parliament" tells
    of the dismissal; the clause after "after" (its own subject and verb) is another
    happening, whose type and parties are not this one's. "... on Sunday after heavy
    fighting", "after being shot" still tell this one."""
    _, conjunction, clause_after = _other_clauses()
    start, end = group.spans[0]
    expr = group.expr
    apposed = rules().distant_clause.match(text, expr.end, end)
    if apposed is not None and apposed.group().lstrip().startswith(","):
        # "On 3 November 2022, eight months after the battle ended, Russian forces removed
        # their flag": the distance beside the date tells of another happening.
        close = text.find(",", apposed.end(), end)
        if close != -1 and len(_WORD.findall(text, close, end)) >= 3:
            start = close + 1
    for earlier in conjunction.finditer(text, start, expr.start):
        # "Fighting had eased after the two sides agreed a ceasefire in June 2023": the date
        # is the other clause's, and that clause tells this row's happening (its subject and
        # verb before the date: in "soldiers who went after them that afternoon killed six",
        # "after" is no conjunction).
        subordinate = clause_after.match(text, earlier.end(), expr.start)
        if subordinate is not None and not _CLAUSE_CUT.search(text, earlier.end(), expr.start):
            start = earlier.end()
    seam = _new_subject().search(text, max(start, expr.end), end)
    if seam is not None:
        end = seam.start()  # "..., and it has fought the government ever since": another
    later = conjunction.search(text, max(start, expr.end), end)
    if (
        later is not None
        and clause_after.match(text, later.end()) is not None
        and len(_WORD.findall(text, start, later.start())) >= 4 + len(_WORD.findall(expr.text))
    ):
        end = later.start()
    return start, end


# What ends a clause before a date: a clause after "after" that ends before the date is not the
# date's.
_CLAUSE_CUT = re.compile(r"[,;:]")


@cache
def _new_subject() -> re.Pattern[str]:
    """roles.toml ``[clauses]`` ``new_subject_coordinators``, ``new_subject_pronouns``: a
    comma, a coordinator and a pronoun that open a clause of its own after the dated one
    ("..., and it has fought the government ever since"), unless ``same_happening_verbs``
    follow."""
    data = rules().data["clauses"]
    coordinators = alternation(data["new_subject_coordinators"])
    pronouns = alternation(data["new_subject_pronouns"])
    same = alternation(data["same_happening_verbs"])
    return re.compile(
        rf"(?i),\s+(?:{coordinators})\s+(?:{pronouns})\s+"
        rf"(?!(?:(?:had|has|have|also|then|later)\s+)?(?:{same})(?!\w))(?=[a-z])"
    )


@cache
def _other_clauses() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """roles.toml ``[clauses]``: an opening phrase that gives a happening's background, up to
    its comma ("Following the counterattacks in late March, ...", "Amid heavy shelling, ...");
    a conjunction that opens a clause about another happening, before or after the dated one;
    and a clause of its own after it: a subject of a few words and a finite verb ("after
    protesters stormed the parliament", "after NDF reinforcements arrived"). A gerund or a
    noun phrase ("after being shot", "after heavy fighting", "after months of threats to
    invade") still tells the dated happening."""
    data = rules().data["clauses"]
    openers = alternation(data["background_openers"], space=r"\s+")
    conjunctions = alternation(data["other_happening_conjunctions"])
    most = int(data["other_happening_max_subject_words"])
    verbs = alternation(rules().data["verbs"]["past_finite"])
    background = re.compile(rf"(?i)\W*{openers}\s+[^,;.\n]{{1,120}},\s*")
    conjunction = re.compile(rf"(?i)(?<!\w){conjunctions}\s+")
    clause = re.compile(
        # not "after what media outlets called the surrender": what it names is this one
        rf"(?!(?:what|whatever)\b)"
        rf"(?:(?!(?:being|having)\b)[\w'’.-]+\s+){{1,{most}}}?(?:(?-i:[a-z]{{2,}}ed)|{verbs})\b",
        re.IGNORECASE,
    )
    return background, conjunction, clause


# A determiner, a year and the noun it names: "the 1982 massacre", "his 1997 book".
_NAMED_BY_YEAR = re.compile(
    r"(?i)(?<!\w)(?:the|a|an|his|her|its|their|this|that)\s+\d{4}(?:[–-]\d{2,4})?\s+[a-z][\w-]*"
)


def _sums_up_another_period(text: str, expr: TimeExpression, carried: _Group | None) -> bool:
    """Whether ``expr`` is a period of a week or more that its sentence sums up ("Between 40
    and 65 civilians were killed during the eight weeks of fighting"), longer than the time of
    the happening carried: a toll or a state of its own, not that day's. "November and
    December 2011 saw increasing attacks. In the two months, the FSA ..." sums up the period
    carried: the sentence goes on telling it."""
    if expr.kind is not TimeKind.DURATION:
        return False
    found = _LONG_DURATION.fullmatch(expr.value)
    if found is None or not _OVER_PERIOD.search(text, max(0, expr.start - 30), expr.start):
        return False
    size = int(found["size"]) if found["size"] else 1
    days = size * _UNIT_DAYS[found["unit"]]
    if days < 7:
        return False
    carried_expr = carried.expr if carried is not None else None
    if carried_expr is None or carried_expr.date_start is None or carried_expr.date_end is None:
        return True
    return (carried_expr.date_end - carried_expr.date_start).days + 1 < 0.8 * days


_UNIT_DAYS = {"D": 1, "W": 7, "M": 30, "Y": 365, "DE": 3650, "CE": 36500}


# What makes a duration the period a sentence sums up ("during the eight weeks of fighting",
# "In the two months, ...", "over the past three years"), not how long a state lasted ("had
# not seen them for weeks").
_OVER_PERIOD = re.compile(
    r"(?i)(?<!\w)(?:during|over|throughout|within|in)\s+(?:(?:the|those|these|its|their|past"
    r"|last|first|following|next)\s+)*$"
)
# A TIMEX duration value in days, weeks, months, years, decades or centuries ("P8W", "P44D";
# not "PT5H"); X: some ("weeks" is "PXW", counted as one).
_LONG_DURATION = re.compile(r"P(?:(?P<size>\d+)|X)(?P<unit>W|M|Y|DE|CE|D)")


def _span_of(expr: TimeExpression) -> DateSpan | None:
    if expr.date_start is None or expr.date_end is None or expr.precision is None:
        return None
    return DateSpan(
        start=expr.date_start, end=expr.date_end, precision=expr.precision, text=expr.text
    )


def _event(
    document: Document,
    entities: DocumentEntities,
    facts: _PerSentence,
    group: _Group,
) -> Event:
    expr = group.expr
    assert expr.date_start is not None and expr.date_end is not None and expr.precision
    end = expr.date_end
    if document.published is not None and end > document.published:
        end = document.published  # nothing reported can have happened after publication
    mentions = facts.mentions(group.spans)
    quoted = _quoted(document.text, group)
    told = facts.mentions(group.spans, quoted=quoted) if not quoted else mentions
    # The actors are those of the dated clause: a follow-up sentence ("Russian forces had
    # held the city since April") names others around the happening, not its parties. Only
    # when the clause names none do the follow-ups speak for it.
    clause = _own_clause(document.text, group)
    clause = (_past_background(document.text, group, *clause), clause[1])
    own = facts.mentions([clause], quoted=quoted)
    own = sorted(
        [
            *own,
            *_told_groups(document.text, clause, facts, entities),
            *_bare_groups(document.text, clause, facts, entities),
            *_pronoun_subject(document.text, clause, facts, entities),
        ],
        key=_at,
    )
    own = _outside_appositives(document.text, own, facts, entities)
    clause_mentions = _acting_side(document.text, clause, own, entities)
    actors = _parties(
        document.text, clause_mentions, entities, expr.date_start, dated_at=expr.start
    )
    for before in group.leads:
        if actors:
            break
        # "Russian forces shelled Kharkiv on Sunday and Izium on Monday": the second clause
        # has no subject of its own; the nearest clause before it that names one gives it, by
        # the same rules as its own ("During the 2022 Russian invasion of Ukraine, ..." names
        # no party).
        lead = _acting_side(
            document.text, before, facts.mentions([before], quoted=quoted), entities
        )
        actors = _parties(document.text, lead, entities, expr.date_start, dated_at=expr.start)
    if not actors and len(group.spans) > 1:
        # Follow-ups name their speakers as often as the parties: "Zelensky called it a war
        # crime" tells who spoke of the strike, not who struck. The people they name are its
        # victims, commanders or witnesses as often ("A suicide attack targeted the crisis
        # cell. Defence Minister Dawud Rajiha was killed"; "Rebel commander Col. Akidi
        # managed to infiltrate the city"): forces, groups and states speak for it, people not.
        sides = [
            m
            for m in told
            if not _is_person(m, entities) or _person_party().match(document.text, m.end)
        ]
        actors = _parties(document.text, sides, entities, expr.date_start, False)
    if not actors or _POSSESSIVE_SUBJECT.match(document.text, *clause):
        # "The ASM ... has stepped up its attacks. On Sunday, its fighters ambushed a
        # convoy": the group whose fighters they are is the party; first, when they are the
        # clause's subject ("Hours later, its fighters attacked an army outpost": the army is
        # the target).
        owner = _possessor(document.text, group, facts, entities)
        if owner is not None:
            owners = _parties(document.text, [owner], entities, expr.date_start)
            theirs = {o.name for o in owners}
            actors = [*owners, *(a for a in actors if a.name not in theirs)]
    casualties = _sides_of(facts.casualties(group.spans), actors, entities, facts)
    if _COUNTED_SINCE.search(document.text, max(group.spans[0][0], expr.start - 100), expr.start):
        # "1,500 civilians had been killed since the start of the invasion on 24 February":
        # a toll counted since the day is no figure of that day's happening.
        casualties = []
    places = _places_of(document.text, group, facts, entities)
    kind = _foreign_taking(_event_type(document.text, group, actors), actors, places)
    said = expr if group.promoted else group.reported
    reported = _span_of(said) if said is not None else None
    first = group.sentences[0]
    ident = event_id(document, expr, first if group.inherited else None)
    return Event(
        id=ident,
        start=expr.date_start,
        end=end,
        precision=expr.precision,
        label=date_label(expr.date_start, expr.date_end, expr.precision, expr.modifier),
        headline=headline(first, expr, clause=group.spans[0]),
        expression=expr,
        document=document.ref(),
        sentences=group.sentences,
        actors=actors,
        places=places,
        casualties=casualties,
        mentions=mentions,
        paragraph=Span(
            text=group.paragraph.text, start=group.paragraph.start, end=group.paragraph.end
        ),
        reported=reported,
        event_type=kind.event_type if kind else None,
        sub_event_type=kind.sub_event_type if kind else None,
        sources=[
            Source(
                id=ident,
                document=document.ref(),
                expression=expr,
                sentences=group.sentences,
                start=expr.date_start,
                end=end,
                precision=expr.precision,
                casualties=casualties,
                reported=reported,
            )
        ],
        mention_ids=[ident],
    )
