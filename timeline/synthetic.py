"""Deterministic synthetic events for the TUI's benchmark and tests.

`synthetic_events(n, seed)` returns realistic-looking events spread over 1988–2022: clustered
around the years a South Caucasus chronology would actually be dense (1988–1994, 2016, 2020,
2022), at every precision the engine produces, with actors from a small pool, source
sentences whose offsets are consistent, and casualty figures now and then.

The events are built without validation (`_make`, what ``model_construct`` does minus its
per-field bookkeeping): they are made here from known good parts, and validating 100,000
nested models would dominate the benchmark's setup time. Actors, places and document
references are shared between events, as the read-only data they are.
"""

from __future__ import annotations

import gc
import random
from datetime import date, timedelta
from typing import Any, TypeVar

from timeline.labels import MONTHS, date_label
from timeline.models import (
    Actor,
    ActorKind,
    AnchorKind,
    Casualty,
    DocumentRef,
    Event,
    Mention,
    Model,
    Modifier,
    Place,
    Precision,
    Sentence,
    Span,
    TimeAnchor,
    TimeExpression,
    TimeKind,
)

ACTORS: tuple[tuple[str, ActorKind, str | None], ...] = (
    ("Armenia", ActorKind.COUNTRY, None),
    ("Azerbaijan", ActorKind.COUNTRY, None),
    ("Russia", ActorKind.COUNTRY, "mediator"),
    ("Turkey", ActorKind.COUNTRY, None),
    ("NATO", ActorKind.ORGANIZATION, None),
    ("OSCE Minsk Group", ActorKind.ORGANIZATION, "mediator"),
    ("Nikol Pashinyan", ActorKind.PERSON, "Prime Minister of Armenia"),
    ("Ilham Aliyev", ActorKind.PERSON, "President of Azerbaijan"),
    ("Armenian Armed Forces", ActorKind.ARMED_FORCE, None),
    ("Azerbaijani Armed Forces", ActorKind.ARMED_FORCE, None),
    ("Red Cross", ActorKind.OTHER, None),
)

PLACES: tuple[str, ...] = (
    "Goris",
    "Sotk",
    "Jermuk",
    "Vardenis",
    "Stepanakert",
    "Shusha",
    "Lachin",
    "Yerevan",
    "Baku",
    "Ganja",
    "Agdam",
    "Kelbajar",
)

VERBS: tuple[str, ...] = (
    "shelled positions near",
    "reported clashes around",
    "announced a ceasefire in",
    "accused the other side of attacks on",
    "moved troops towards",
    "held talks about",
    "evacuated civilians from",
    "reported drone strikes on",
)

# (first year, last year, weight): the periods a real chronology of the conflict crowds.
_PERIODS: tuple[tuple[int, int, float], ...] = (
    (1988, 1994, 0.30),
    (1995, 2010, 0.04),
    (2011, 2019, 0.14),
    (2016, 2016, 0.08),
    (2020, 2020, 0.24),
    (2021, 2022, 0.20),
)

_PRECISIONS: tuple[tuple[Precision, float], ...] = (
    (Precision.DAY, 0.55),
    (Precision.MONTH, 0.2),
    (Precision.YEAR, 0.12),
    (Precision.SEASON, 0.04),
    (Precision.QUARTER, 0.03),
    (Precision.WEEK, 0.03),
    (Precision.DECADE, 0.03),
)

_FIRST = date(1988, 1, 1)
_M = TypeVar("_M", bound=Model)


def _make(cls: type[_M], **fields: Any) -> _M:
    """An instance of ``cls`` from trusted ``fields`` without validation; fields not given
    take their defaults (fields added to the contract later need no change here)."""
    obj = cls.__new__(cls)
    values = {
        name: info.get_default(call_default_factory=True)
        for name, info in cls.model_fields.items()
        if name not in fields and not info.is_required()
    }
    values.update(fields)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", set(fields))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


_LAST = date(2022, 12, 31)
_EXPLICIT = TimeAnchor(kind=AnchorKind.EXPLICIT)


def _pick_year(rng: random.Random) -> int:
    first, last, _ = rng.choices(_PERIODS, weights=[p[2] for p in _PERIODS])[0]
    return rng.randint(first, last)


def _month_end(year: int, month: int) -> date:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


def _dates(rng: random.Random, precision: Precision, year: int) -> tuple[date, date, str, str]:
    """(start, end, expression text, TIMEX value) for a period of ``precision`` in ``year``."""
    month = rng.randint(1, 12)
    match precision:
        case Precision.DAY:
            start = date(year, month, rng.randint(1, 28))
            days = 0 if rng.random() < 0.8 else rng.randint(1, 2)
            end = start + timedelta(days=days)
            if days == 0:
                text = f"{start.day} {MONTHS[month - 1]} {year}"
            else:
                text = f"{start.day}–{end.day} {MONTHS[end.month - 1]} {year}"
            return start, end, text, start.isoformat()
        case Precision.WEEK:
            start = date(year, month, rng.randint(1, 21))
            return start, start + timedelta(days=6), f"the week of {start:%d %B %Y}", "W"
        case Precision.MONTH:
            return (
                date(year, month, 1),
                _month_end(year, month),
                f"{date(year, month, 1):%B %Y}",
                f"{year}-{month:02d}",
            )
        case Precision.SEASON:
            first = rng.choice((3, 6, 9))
            name = {3: "spring", 6: "summer", 9: "autumn"}[first]
            return date(year, first, 1), _month_end(year, first + 2), f"{name} {year}", str(year)
        case Precision.QUARTER:
            quarter = rng.randint(1, 4)
            first = 3 * quarter - 2
            return (
                date(year, first, 1),
                _month_end(year, first + 2),
                f"the {('first', 'second', 'third', 'fourth')[quarter - 1]} quarter of {year}",
                f"{year}-Q{quarter}",
            )
        case Precision.DECADE:
            # The 1980s would start the corpus in 1980; keep decades inside 1988–2022.
            decade = max(year // 10 * 10, 1990)
            return (
                date(decade, 1, 1),
                date(min(decade + 9, _LAST.year), 12, 31),
                f"the {decade}s",
                str(decade // 10),
            )
    if rng.random() < 0.15 and year < _LAST.year:
        last = min(year + rng.randint(1, 3), _LAST.year)
        return date(year, 1, 1), date(last, 12, 31), f"from {year} until {last}", str(year)
    return date(year, 1, 1), date(year, 12, 31), str(year), str(year)


def synthetic_events(n: int, seed: int = 0) -> list[Event]:
    """``n`` deterministic events over 1988–2022; the same (n, seed) give the same events."""
    # A cyclic GC pass every few thousand allocations is most of the cost of building 100k
    # nested models; nothing made here is cyclic, so collection can wait until the end.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _generate(n, seed)
    finally:
        if was_enabled:
            gc.enable()


def _generate(n: int, seed: int) -> list[Event]:
    rng = random.Random(seed)
    precisions = [p for p, _ in _PRECISIONS]
    weights = [w for _, w in _PRECISIONS]
    actors = {
        name: _make(Actor, name=name, kind=kind, role=role, country=None)
        for name, kind, role in ACTORS
    }
    places = {name: _make(Place, name=name, country=None) for name in PLACES}
    documents: dict[int, DocumentRef] = {}
    events: list[Event] = []
    for i in range(n):
        precision = rng.choices(precisions, weights=weights)[0]
        year = _pick_year(rng)
        start, end, when, value = _dates(rng, precision, year)
        modifier = None
        if precision in (Precision.YEAR, Precision.DECADE) and rng.random() < 0.1:
            modifier = rng.choice((Modifier.EARLY, Modifier.LATE, Modifier.APPROXIMATELY))

        first, second = rng.sample(ACTORS, 2)
        place = rng.choice(PLACES)
        verb = rng.choice(VERBS)
        killed = rng.randint(2, 120) if rng.random() < 0.25 else 0

        # One document holds about ten events, each sentence at its own offset in it.
        doc_index = i // 10
        offset = (i % 10) * 400
        prefix = f"In {when}, "
        subject = first[0]
        body = f"{subject} {verb} {place}"
        tail = f", killing {killed} people" if killed else ""
        sentence_text = f"{prefix}{body}{tail}, according to {second[0]}."
        subject_at = offset + len(prefix)
        place_at = subject_at + len(subject) + 1 + len(verb) + 1
        second_at = offset + sentence_text.rindex(second[0])

        expression = _make(
            TimeExpression,
            text=when,
            start=offset + len("In "),
            end=offset + len("In ") + len(when),
            value=value,
            kind=TimeKind.RANGE if start != end and precision is Precision.DAY else TimeKind.DATE,
            modifier=modifier,
            precision=precision,
            date_start=start,
            date_end=end,
            anchored=True,
            anchor=_EXPLICIT,  # "In March 1992": the text says it all
        )
        sentence = _make(
            Sentence, text=sentence_text, start=offset, end=offset + len(sentence_text)
        )
        follow = f" Officials in {rng.choice(PLACES)} gave no further details."
        paragraph = _make(
            Span,
            text=sentence_text + follow,
            start=offset,
            end=offset + len(sentence_text) + len(follow),
        )
        mentions = [
            _make(
                Mention,
                text=subject,
                start=subject_at,
                end=subject_at + len(subject),
                name=subject,
                entity="actor",
            ),
            _make(
                Mention,
                text=place,
                start=place_at,
                end=place_at + len(place),
                name=place,
                entity="place",
            ),
            _make(
                Mention,
                text=second[0],
                start=second_at,
                end=second_at + len(second[0]),
                name=second[0],
                entity="actor",
            ),
        ]
        casualties = []
        if killed:
            phrase = f"killing {killed} people"
            at = offset + sentence_text.index(phrase)
            casualties.append(
                _make(
                    Casualty,
                    count=killed,
                    approximate=False,
                    who=None,
                    outcome="killed",
                    text=phrase,
                    start=at,
                    end=at + len(phrase),
                )
            )
        document = documents.get(doc_index)
        if document is None:
            document = documents[doc_index] = _make(
                DocumentRef,
                id=f"syn-doc-{seed}-{doc_index:05d}",
                title=f"Synthetic report {doc_index + 1}: {place}",
                path=f"synthetic/{doc_index:05d}.txt",
                published=min(end + timedelta(days=rng.randint(1, 30)), _LAST),
            )
        events.append(
            _make(
                Event,
                id=f"syn-{seed}-{i:06d}",
                start=start,
                end=end,
                precision=precision,
                label=date_label(start, end, precision, modifier),
                headline=body,
                expression=expression,
                document=document,
                sentences=[sentence],
                actors=[actors[first[0]], actors[second[0]]],
                places=[places[place]],
                casualties=casualties,
                mentions=mentions,
                paragraph=paragraph,
            )
        )
    return events
