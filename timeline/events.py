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
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from timeline.entities import DocumentEntities, EntityTagger, find_casualties
from timeline.gazetteer import Gazetteer
from timeline.labels import date_label
from timeline.models import (
    Actor,
    Casualty,
    Document,
    Event,
    Mention,
    Paragraph,
    Place,
    Precision,
    Sentence,
    Span,
    TimeExpression,
    TimeKind,
    UndatedExpression,
)
from timeline.segment import segment
from timeline.temporal import extract_times

_CALENDAR_KINDS = (TimeKind.DATE, TimeKind.RANGE)
_NAME_QUALIFIER = re.compile(r"\b[A-Z][\w’'-]*\s+of\s+(?:the\s+)?$")
_BARE_YEAR = re.compile(r"^(?:of\s+)?\d{4}$")
_LEADING_ADVERBIAL = re.compile(
    r"^\W*(?:(?:on|in|at|by|since|after|before|during|from|until|as of|early|late|"
    r"earlier|later)\s+)?(?:the\s+)?(?:night\s+of\s+|morning\s+of\s+|evening\s+of\s+)?$",
    re.IGNORECASE,
)
_PREPOSITION_BEFORE = re.compile(
    r"\s*\b(?:on the (?:night|morning|evening|afternoon) of|on|in|at|since|during|as of|for|"
    r"from|through|throughout|by|until|over)\s*$",
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
_POSSESSIVE = re.compile(r"['’]s\b")
HEADLINE_MAX = 100
HEADLINE_MIN_WORDS = 3
_WORD = re.compile(r"\w+")


@dataclass
class DocumentAnalysis:
    """Everything the engine found in one document."""

    document: Document
    paragraphs: list[Paragraph]
    expressions: list[TimeExpression]
    entities: DocumentEntities
    events: list[Event] = field(default_factory=list)
    undated: list[UndatedExpression] = field(default_factory=list)


def event_id(document: Document, expression: TimeExpression) -> str:
    """The id of the event a mention dates: ``sha1("<document id>:<start>:<end>")[:12]``.

    Only the document (its id hashes its text) and the expression's span go in, never what
    the engine made of it: a better value, label or anchor for the same words in the same
    text keeps the id. Unique within a document because its expressions never overlap, so
    one span dates at most one event.
    """
    key = f"{document.id}:{expression.start}:{expression.end}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _is_event_candidate(text: str, expr: TimeExpression) -> bool:
    if expr.kind not in _CALENDAR_KINDS or not expr.anchored:
        return False
    if expr.date_start is None or expr.date_end is None or expr.precision is None:
        return False
    if expr.precision is Precision.CENTURY:
        return False
    before = text[max(0, expr.start - 60) : expr.start]
    return not (_BARE_YEAR.match(expr.text) and _NAME_QUALIFIER.search(before))


def _contains(outer: TimeExpression, inner: TimeExpression) -> bool:
    assert outer.date_start and outer.date_end and inner.date_start and inner.date_end
    wider = (outer.date_end - outer.date_start) > (inner.date_end - inner.date_start)
    return wider and outer.date_start <= inner.date_start and inner.date_end <= outer.date_end


def _drop_subsumed(exprs: list[TimeExpression]) -> list[TimeExpression]:
    return [e for e in exprs if not any(_contains(e, other) for other in exprs if other is not e)]


def headline(sentence: Sentence, expr: TimeExpression) -> str:
    """A short readable line for an event: the clause of its sentence that the expression
    dates, less the time phrase itself."""
    text = sentence.text
    rel_start, rel_end = expr.start - sentence.start, expr.end - sentence.start
    # "Clashes continued yesterday ..., after the breakdown of a ceasefire brokered by Moscow
    # on September 13": the September 13 event is the clause after "after", not the first.
    breaks = [m for m in _CLAUSE_BREAK.finditer(text) if m.end() <= rel_start]
    if breaks:
        cut = breaks[-1].end()
        joiner = _LEADING_JOINER.match(text, cut)
        if joiner and joiner.end() <= rel_start:
            cut = joiner.end()
        text, rel_start, rel_end = text[cut:], rel_start - cut, rel_end - cut
    # Stop at the next clause ("..., as Azeri forces crossed ..."), if enough is left.
    later = [m for m in _CLAUSE_BREAK.finditer(text, rel_end) if m.start() >= rel_end + 25]
    if later:
        text = text[: later[0].start()]
    head = text[:rel_start]
    if _POSSESSIVE.match(text, rel_end):
        pass  # "last year's harvest": the date describes a noun; removing it breaks the line
    elif _LEADING_ADVERBIAL.match(head):
        # "In July, the President ..." / "After the 2020 war, Russia ...": drop the opener.
        comma = text.find(",", rel_end, rel_end + 25)
        if comma != -1:
            text = text[comma + 1 :]
        elif len(expr.text) < 30:
            text = text[rel_end:]
    elif len(expr.text) < 30:
        # "... broke out on the night of September 12–13, as ..." → drop the dating phrase.
        text = _PREPOSITION_BEFORE.sub("", head).rstrip() + text[rel_end:]
    text = " ".join(text.split()).strip(" ,;:–—-")
    text = text.lstrip("“”\"'‘’ ")
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    if len(_WORD.findall(text)) < HEADLINE_MIN_WORDS:
        # "which began in 1950" less its date is "began": say the whole sentence instead.
        text = " ".join(sentence.text.split()).lstrip("“”\"'‘’ ")
    text = text[0].upper() + text[1:]
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
    """Each sentence's mentions and casualty figures, found once per document.

    A sentence can be the source of several events; and scanning every mention of a long
    document for every event was quadratic. Mentions are sorted by start, so a sentence's
    are one bisected slice.
    """

    def __init__(self, text: str, entities: DocumentEntities, gazetteer: Gazetteer) -> None:
        self.text = text
        self.gazetteer = gazetteer
        self.all_mentions = entities.mentions
        self.starts = [m.start for m in entities.mentions]
        self._mentions: dict[int, list[Mention]] = {}
        self._casualties: dict[int, list[Casualty]] = {}

    def mentions(self, sentences: Sequence[Sentence]) -> list[Mention]:
        found: list[Mention] = []
        for s in sentences:
            if s.start not in self._mentions:
                lo = bisect.bisect_left(self.starts, s.start)
                hi = bisect.bisect_left(self.starts, s.end)
                self._mentions[s.start] = [m for m in self.all_mentions[lo:hi] if m.end <= s.end]
            found += self._mentions[s.start]
        return found

    def casualties(self, sentences: Sequence[Sentence]) -> list[Casualty]:
        found: list[Casualty] = []
        for s in sentences:
            if s.start not in self._casualties:
                self._casualties[s.start] = find_casualties(
                    self.text, s.start, s.end, gazetteer=self.gazetteer
                )
            found += self._casualties[s.start]
        return found


def _unique_actors(mentions: Sequence[Mention], entities: DocumentEntities) -> list[Actor]:
    seen: dict[str, Actor] = {}
    for m in mentions:
        if m.entity == "actor" and m.name in entities.actors and m.name not in seen:
            seen[m.name] = entities.actors[m.name]
    return list(seen.values())


def _unique_places(mentions: Sequence[Mention], entities: DocumentEntities) -> list[Place]:
    seen: dict[str, Place] = {}
    for m in mentions:
        if m.entity == "place" and m.name not in seen:
            seen[m.name] = entities.places.get(m.name) or Place(name=m.name)
    return list(seen.values())


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
    entities = tagger.tag(text)
    analysis = DocumentAnalysis(document, paragraphs, expressions, entities)

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
    groups: list[tuple[TimeExpression, list[Sentence], Paragraph]] = []
    carried: list[int] = []  # groups opened by the last dated sentence, still taking sources
    for p_index, paragraph in enumerate(paragraphs):
        continues = len(paragraph.sentences) == 1
        if not continues:
            carried = []
        for s_index, sentence in enumerate(paragraph.sentences):
            exprs = located.get((p_index, s_index), [])
            candidates = _drop_subsumed([e for e in exprs if _is_event_candidate(text, e)])
            if published is not None:
                candidates = [e for e in candidates if e.date_start and e.date_start <= published]
            if candidates:
                carried = []
                for expr in candidates:
                    groups.append((expr, [sentence], paragraph))
                    carried.append(len(groups) - 1)
            elif any(e.kind in _CALENDAR_KINDS for e in exprs):
                carried = []  # the sentence is about another (undatable or future) time
            else:
                for index in carried:
                    groups[index][1].append(sentence)
        if continues and not any(located.get((p_index, 0), [])):
            carried = []  # a one-sentence continuation ends the run

    facts = _PerSentence(text, entities, tagger.gazetteer)
    for expr, sources, paragraph in groups:
        analysis.events.append(_event(document, entities, facts, expr, sources, paragraph))
    return analysis


def _event(
    document: Document,
    entities: DocumentEntities,
    facts: _PerSentence,
    expr: TimeExpression,
    sources: list[Sentence],
    paragraph: Paragraph,
) -> Event:
    assert expr.date_start is not None and expr.date_end is not None and expr.precision
    end = expr.date_end
    if document.published is not None and end > document.published:
        end = document.published  # nothing reported can have happened after publication
    mentions = facts.mentions(sources)
    return Event(
        id=event_id(document, expr),
        start=expr.date_start,
        end=end,
        precision=expr.precision,
        label=date_label(expr.date_start, expr.date_end, expr.precision, expr.modifier),
        headline=headline(sources[0], expr),
        expression=expr,
        document=document.ref(),
        sentences=sources,
        actors=_unique_actors(mentions, entities),
        places=_unique_places(mentions, entities),
        casualties=facts.casualties(sources),
        mentions=mentions,
        paragraph=Span(text=paragraph.text, start=paragraph.start, end=paragraph.end),
    )
