"""Score the event layer against gold happenings (issue 10): recall with the right date, rows per
happening, false merges, actors, places, event types, casualty figures and false rows.

Usage::

    python scripts/score_events.py                 # the gold of tests/gold/events
    python scripts/score_events.py GOLD_DIR        # another directory of gold files
    python scripts/score_events.py --details       # also list every miss, merge and false row
    python scripts/score_events.py tests/gold/conflict-dev-keys \
        --corpus ../shared/corpora/conflict-dev

Gold files are described in tests/gold/events/README.md. Without ``--corpus`` each gold file is
one document (its ``text`` and ``published``); with ``--corpus DIR`` the documents are every file
the app loads from DIR (`timeline.loader.iter_documents`), and each gold file names its document
(``document = "battle_of_bucha.md"``). A document without a publication date gets
``--published`` (what a sidecar would give). All documents go through the app's pipeline at once
(`timeline.pipeline.extract_events`: per-document mentions, then the corpus-level merge), so a
happening told in several documents can become one row.

A row is made of mentions (`Event.sources`; a row without sources is its own one mention). A
mention *carries* a gold key when its sentences contain the key, in the key's document. When its
sentences carry several keys (two happenings in one sentence), the mention is the key's that
contains its date expression, else the nearest key's; a mention whose date lies inside a
negative's key is that negative's (a false row), not a happening's.

- **found with the right date**: a row of the happening has its gold start and end (for a
  happening told in several places, the finest of its gold spans: the merged row's date);
- **rows per happening**: how many rows the happening's mentions are on (one is right);
- **false merges**: rows on which mentions of two distinct happenings (different ids) meet;
- **actors / places**: precision and recall of the names on the best row (lower-cased), against
  the union of the happening's gold names;
- **event type**: the best row's ACLED event type, over happenings whose gold has one;
- **figures right**: each gold figure (killed, wounded, missing, captured, ...) a document states
  is on a row of its happening and on no other row (an ACLED export would count it twice); a
  figure is told apart from an equal one elsewhere by its document and offset; ``*_low`` and
  ``*_high`` gold keys (a range, competing estimates) and a figure's ``side`` are checked on it;
- **false rows**: negatives (a reference, a report date, a quotation, a heading) some row dates.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timeline.loader import iter_documents
from timeline.merge import why_apart
from timeline.models import Casualty, Document, Event, Sentence
from timeline.pipeline import extract_events, make_tagger

GOLD = Path(__file__).resolve().parent.parent / "tests" / "gold" / "events"
DEFAULT_PUBLISHED = date(2023, 1, 1)
# Gold outcome → the casualty outcomes that state it.
OUTCOMES: dict[str, tuple[str, ...]] = {
    "killed": ("killed", "dead"),
    "wounded": ("wounded", "injured"),
    "missing": ("missing",),
    "captured": ("captured",),
    "detained": ("detained",),
    "abducted": ("abducted",),
}


class GoldError(Exception):
    """A gold file that cannot be scored."""


# ─────────────────────────────────────────── gold ───────────────────────────────────────────


@dataclass(frozen=True)
class Figure:
    outcome: str
    count: int
    low: int | None = None
    high: int | None = None
    side: str | None = None


@dataclass
class Happening:
    ident: str
    file: str  # the gold file's stem
    document: str  # the document id
    key: str
    start: date
    end: date
    actors: set[str]
    places: set[str]
    figures: list[Figure]
    event_type: str | None


@dataclass
class Negative:
    file: str
    document: str
    key: str


@dataclass
class Gold:
    """A gold directory and the documents it is scored on."""

    name: str  # where the gold comes from
    source: str  # where the documents come from
    documents: list[Document] = field(default_factory=list)
    happenings: list[Happening] = field(default_factory=list)
    negatives: list[Negative] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _figures(gold: dict[str, Any]) -> list[Figure]:
    found: list[Figure] = []
    for outcome in OUTCOMES:
        if outcome in gold:
            found.append(
                Figure(
                    outcome,
                    int(gold[outcome]),
                    gold.get(f"{outcome}_low"),
                    gold.get(f"{outcome}_high"),
                    gold.get(f"{outcome}_side"),
                )
            )
    for item in gold.get("figure", []):
        if item["outcome"] not in OUTCOMES:
            raise GoldError(f"unknown outcome {item['outcome']!r}")
        found.append(
            Figure(
                item["outcome"],
                int(item["count"]),
                item.get("low"),
                item.get("high"),
                item.get("side"),
            )
        )
    return found


def _read(gold: Gold, path: Path, data: dict[str, Any], document: Document) -> None:
    for item in data.get("happening", []):
        start, end = item["start"], item["end"]
        if not isinstance(start, date) or not isinstance(end, date) or start > end:
            raise GoldError(f"{path.name}: {item['key']!r}: bad start/end")
        gold.happenings.append(
            Happening(
                ident=item.get("id") or f"{path.stem}:{item['key']}",
                file=path.stem,
                document=document.id,
                key=item["key"],
                start=start,
                end=end,
                actors={a.lower() for a in item.get("actors", [])},
                places={p.lower() for p in item.get("places", [])},
                figures=_figures(item),
                event_type=item.get("event_type"),
            )
        )
    for item in data.get("negative", []):
        gold.negatives.append(Negative(path.stem, document.id, item["key"]))


def load_gold(
    gold_dir: Path, corpus: Path | None = None, published: date = DEFAULT_PUBLISHED
) -> Gold:
    """The gold of ``gold_dir`` with its documents: the files' own texts, or ``corpus``'s."""
    files = sorted(gold_dir.glob("*.toml"))
    if corpus is None:
        gold = Gold(name=str(gold_dir), source="the text of each gold file")
        for path in files:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            if "text" not in data:
                raise GoldError(f"{path.name}: no text (a corpus gold file? pass --corpus)")
            when = data.get("published")
            document = Document(
                id=path.stem,
                title=path.stem,
                path=path.name,
                published=when if isinstance(when, date) else None,
                text=data["text"],
            )
            gold.documents.append(document)
            _read(gold, path, data, document)
        return gold
    gold = Gold(name=str(gold_dir), source=str(corpus))
    by_name: dict[str, Document] = {}
    for step in iter_documents([corpus]):
        gold.problems += [str(p) for p in step.problems]
        if step.document is not None:
            if step.document.published is None:
                step.document.published = published
            gold.documents.append(step.document)
            by_name.setdefault(Path(step.document.path).name, step.document)
    for path in files:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        name = data.get("document")
        if not isinstance(name, str):
            raise GoldError(f"{path.name}: no document (a text gold file? drop --corpus)")
        if name not in by_name:
            gold.problems.append(f"{path.name}: {name} is not in {corpus}; skipped")
            continue
        _read(gold, path, data, by_name[name])
    return gold


# ────────────────────────────────────────── system ──────────────────────────────────────────


@dataclass(frozen=True)
class Mention:
    """One mention of a row: where it is, its date expression, sentences and figures."""

    document: str
    start: int  # the date expression's offsets
    end: int
    sentences: list[Sentence]
    casualties: list[Casualty]


def mentions(event: Event) -> list[Mention]:
    """The mentions of a row: its sources, and the row itself when no source is its own."""
    found = [
        Mention(s.document.id, s.expression.start, s.expression.end, s.sentences, s.casualties)
        for s in event.sources
    ]
    own = Mention(
        event.document.id,
        event.expression.start,
        event.expression.end,
        event.sentences,
        event.casualties,
    )
    if not any(m.document == own.document and m.start == own.start for m in found):
        found.insert(0, own)
    return found


def _spans(sentences: Iterable[Sentence], text: str) -> list[tuple[int, int]]:
    """The sentences' extents, adjacent ones (only whitespace between) joined."""
    joined: list[tuple[int, int]] = []
    for s in sorted(sentences, key=lambda s: s.start):
        if joined and not text[joined[-1][1] : s.start].strip():
            joined[-1] = (joined[-1][0], max(joined[-1][1], s.end))
        else:
            joined.append((s.start, s.end))
    return joined


def occurrences(text: str, key: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    at = text.find(key)
    while at >= 0:
        found.append((at, at + len(key)))
        at = text.find(key, at + 1)
    return found


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, a[0] - b[1], b[0] - a[1])


# ────────────────────────────────────────── scoring ─────────────────────────────────────────


@dataclass
class Tally:
    happenings: int = 0
    statements: int = 0  # gold happening entries (a happening told twice is two)
    found: int = 0  # a row with the key and the right date
    keyed: int = 0  # a row with the key at all
    rows: int = 0  # rows carrying a happening's key (over distinct happenings)
    merge_rows: int = 0  # rows on which distinct happenings meet
    merge_pairs: int = 0  # pairs of distinct happenings sharing a row
    actors_gold: int = 0
    actors_sys: int = 0
    actors_ok: int = 0
    places_gold: int = 0
    places_sys: int = 0
    places_ok: int = 0
    types: int = 0
    types_ok: int = 0
    figures: int = 0
    figures_ok: int = 0
    bounds: int = 0
    bounds_ok: int = 0
    sides: int = 0
    sides_ok: int = 0
    negatives: int = 0
    false_rows: int = 0
    details: list[str] = field(default_factory=list)


_Target = Happening | Negative
_Instance = tuple[str, int | None, int, str, str]  # document, offset, count, outcome, text


def _instance(document: str, casualty: Casualty) -> _Instance:
    return (document, casualty.start, casualty.count, casualty.outcome, casualty.text)


class _Index:
    """Which gold happenings (or negative) each mention of each row stands for."""

    def __init__(self, gold: Gold, events: Sequence[Event]) -> None:
        self.texts = {d.id: d.text for d in gold.documents}
        targets: dict[str, list[tuple[_Target, tuple[int, int]]]] = defaultdict(list)
        for item in [*gold.happenings, *gold.negatives]:
            text = self.texts[item.document]
            spans = occurrences(text, item.key)
            if not spans:
                gold.problems.append(f"{item.file}: key not in its document: {item.key!r}")
            targets[item.document] += [(item, span) for span in spans]
        self.events = list(events)
        self.mentions = {e.id: mentions(e) for e in self.events}
        self.dates: dict[str, list[int]] = defaultdict(list)  # document → date offsets
        for found in self.mentions.values():
            for mention in found:
                self.dates[mention.document].append(mention.start)
        # row id → the gold items its mentions stand for
        self.on_row: dict[str, list[_Target]] = defaultdict(list)
        for event in self.events:
            for mention in self.mentions[event.id]:
                self.on_row[event.id] += self._attribute(mention, targets.get(mention.document, []))

    def _attribute(
        self, mention: Mention, targets: list[tuple[_Target, tuple[int, int]]]
    ) -> list[_Target]:
        """The gold items ``mention`` stands for: the negative its date is in; else the key of
        its date's sentence that holds its date, or the nearest one; and the keys of the
        sentences it carries along that no other date is in."""
        text = self.texts.get(mention.document)
        if text is None:
            return []
        where = (mention.start, mention.end)
        for item, span in targets:
            if isinstance(item, Negative) and span[0] <= where[0] and where[1] <= span[1]:
                return [item]
        spans = _spans(mention.sentences, text)
        carried = [
            (item, span)
            for item, span in targets
            if isinstance(item, Happening) and any(a <= span[0] and span[1] <= b for a, b in spans)
        ]
        home = [s for s in mention.sentences if s.start <= where[0] < s.end]
        at_home = [
            (item, span)
            for item, span in carried
            if any(span[0] < s.end and s.start < span[1] for s in home)
        ]
        found: list[_Target] = []
        if at_home:
            inside = [(i, s) for i, s in at_home if s[0] <= where[0] and where[1] <= s[1]]
            pool = inside or at_home
            found.append(min(pool, key=lambda pair: (_distance(pair[1], where), pair[1][1]))[0])
        for item, span in carried:
            if any(item is i for i, _ in at_home):
                continue
            sentence = next(s for s in mention.sentences if s.start <= span[0] < s.end)
            dated = [
                at
                for at in self.dates[mention.document]
                if at != mention.start and sentence.start <= at < sentence.end
            ]
            if not dated:  # a sentence carried along, about the same time
                found.append(item)
        return found

    def rows_of(self, happenings: Sequence[Happening]) -> list[Event]:
        wanted = {id(h) for h in happenings}
        return [e for e in self.events if any(id(t) in wanted for t in self.on_row[e.id])]

    def dating(self, negative: Negative) -> list[Event]:
        spans = occurrences(self.texts[negative.document], negative.key)
        return [
            e
            for e in self.events
            if any(
                m.document == negative.document
                and any(a <= m.start and m.end <= b for a, b in spans)
                for m in self.mentions[e.id]
            )
        ]

    def instances(self, event: Event, document: str, figure: Figure) -> list[Casualty]:
        return [
            c
            for m in self.mentions[event.id]
            if m.document == document
            for c in m.casualties
            if c.count == figure.count and c.outcome in OUTCOMES[figure.outcome]
        ]


def _names(items: Iterable[Any]) -> set[str]:
    return {item.name.lower() for item in items}


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _label(event: Event) -> str:
    return f"{event.label} ({event.expression.text!r})"


def score(gold_dir: Path, corpus: Path | None = None, published: date = DEFAULT_PUBLISHED) -> Tally:
    """Score the pipeline on ``gold_dir`` (documents from ``corpus`` when given)."""
    gold = load_gold(gold_dir, corpus, published)
    tagger, _ = make_tagger()
    return score_gold(gold, extract_events(gold.documents, tagger))


def score_gold(gold: Gold, events: Sequence[Event]) -> Tally:
    """Score ``events`` (the pipeline's rows over ``gold.documents``) against ``gold``."""
    tally = Tally()
    index = _Index(gold, events)
    tally.details += [f"GOLD  {p}" for p in gold.problems]
    by_ident: dict[str, list[Happening]] = defaultdict(list)
    for happening in gold.happenings:
        by_ident[happening.ident].append(happening)
    tally.statements = len(gold.happenings)
    for ident, told in by_ident.items():
        _score_happening(tally, index, ident, told)
    _score_merges(tally, index)
    for negative in gold.negatives:
        tally.negatives += 1
        bad = index.dating(negative)
        if bad:
            tally.false_rows += 1
            tally.details.append(
                f"FALSE {negative.file}: {negative.key!r} dated as {_label(bad[0])}"
            )
    return tally


def _score_happening(tally: Tally, index: _Index, ident: str, told: list[Happening]) -> None:
    first = told[0]
    where = f"{first.file}: {first.key!r}" + (f" [{ident}]" if len(told) > 1 else "")
    tally.happenings += 1
    start, end = min(((h.start, h.end) for h in told), key=lambda span: span[1] - span[0])
    rows = index.rows_of(told)
    dated = [e for e in rows if e.start == start and e.end == end]
    best = dated[0] if dated else (rows[0] if rows else None)
    tally.rows += len(rows)
    if rows:
        tally.keyed += 1
    if dated:
        tally.found += 1
    else:
        got = ", ".join(_label(e) for e in rows) or "no row"
        tally.details.append(f"MISS  {where} {start}..{end}: {got}")
    if len(rows) > 1:
        got = "; ".join(f"{_label(e)} {e.headline[:50]!r}" for e in rows)
        tally.details.append(f"SPLIT {where}: {len(rows)} rows: {got}")
        # Why the merge kept them apart, pair by pair: what a fix has to change.
        for a, b in itertools.combinations(rows[:6], 2):
            reason = (
                why_apart(a, b)
                or "one by the pair rule: apart by their documents' places or a third"
            )
            tally.details.append(f"      apart {_label(a)} / {_label(b)}: {reason}")
    gold_actors = set().union(*(h.actors for h in told))
    gold_places = set().union(*(h.places for h in told))
    tally.actors_gold += len(gold_actors)
    tally.places_gold += len(gold_places)
    if best is not None:
        actors, places = _names(best.actors), _names(best.places)
        tally.actors_sys += len(actors)
        tally.places_sys += len(places)
        tally.actors_ok += len(actors & gold_actors)
        tally.places_ok += len(places & gold_places)
        if actors != gold_actors or places != gold_places:
            tally.details.append(
                f"WHO   {where}: actors {sorted(actors)} vs {sorted(gold_actors)}; "
                f"places {sorted(places)} vs {sorted(gold_places)}"
            )
    gold_type = next((h.event_type for h in told if h.event_type), None)
    if gold_type is not None:
        tally.types += 1
        got_type = best.event_type if best is not None else None
        if got_type is not None and got_type.lower() == gold_type.lower():
            tally.types_ok += 1
        else:
            tally.details.append(f"TYPE  {where}: {got_type} vs {gold_type}")
    for happening in told:
        own = index.rows_of([happening]) or rows
        for figure in happening.figures:
            _score_figure(tally, index, happening, own, figure)


def _score_figure(
    tally: Tally, index: _Index, happening: Happening, own: list[Event], figure: Figure
) -> None:
    """A figure ``happening``'s document states: on one of its rows, and on no other row."""
    tally.figures += 1
    document = happening.document
    stated = [c for e in own for c in index.instances(e, document, figure)]
    if stated:
        marks = {_instance(document, c) for c in stated}
        carriers = [
            e
            for e in index.events
            if any(_instance(document, c) in marks for c in index.instances(e, document, figure))
        ]
    else:
        carriers = [e for e in index.events if index.instances(e, document, figure)]
    what = f"{happening.file}: {happening.key!r}: {figure.count} {figure.outcome}"
    if stated and len(carriers) == 1:
        tally.figures_ok += 1
    else:
        tally.details.append(
            f"FIG   {what} on {len(carriers)} rows{'' if stated else ', not on its own'}"
        )
    if figure.low is not None or figure.high is not None:
        tally.bounds += 1
        if any(c.low == figure.low and c.high == figure.high for c in stated):
            tally.bounds_ok += 1
        else:
            got = sorted({(c.low, c.high) for c in stated}, key=str)
            tally.details.append(f"RANGE {what}: {got} vs {(figure.low, figure.high)}")
    if figure.side is not None:
        tally.sides += 1
        # The side is right when the figure names it as written ("Palestinians") or when its
        # country is the gold side ("Palestine"): `who` holds the country when evident.
        wanted = figure.side.lower()
        if any(wanted in ((c.side or "").lower(), (c.who or "").lower()) for c in stated):
            tally.sides_ok += 1
        else:
            got_sides = sorted({f"{c.side or '-'}/{c.who or '-'}" for c in stated})
            tally.details.append(f"SIDE  {what}: {got_sides} vs {figure.side!r}")


def _score_merges(tally: Tally, index: _Index) -> None:
    """Rows on which two distinct gold happenings meet."""
    for event in index.events:
        met: dict[str, Happening] = {}
        for item in index.on_row[event.id]:
            if isinstance(item, Happening):
                met.setdefault(item.ident, item)
        if len(met) < 2:
            continue
        tally.merge_rows += 1
        for a, b in combinations(met.values(), 2):
            tally.merge_pairs += 1
            tally.details.append(
                f"MERGE {a.file}: {a.key!r} + {b.file}: {b.key!r} on one row {_label(event)}"
            )


# ────────────────────────────────────────── report ──────────────────────────────────────────


def report(tally: Tally, details: bool, heading: str | None = None) -> None:
    if heading:
        print(heading)
    print(f"happenings {tally.happenings}, negatives {tally.negatives}")
    print(f"  gold statements of happenings {tally.statements}")
    print(
        f"  found with the right date   {_ratio(tally.found, tally.happenings):.3f}"
        f"  ({tally.found} of {tally.happenings}; {tally.keyed} with a row at all)"
    )
    print(
        f"  rows per happening          {_ratio(tally.rows, tally.keyed):.2f}"
        f"  ({tally.rows} rows for {tally.keyed} happenings)"
    )
    print(
        f"  false merges                {tally.merge_pairs}"
        f"  (pairs of distinct happenings on one row, over {tally.merge_rows} rows)"
    )
    print(
        f"  actors   P {_ratio(tally.actors_ok, tally.actors_sys):.3f}"
        f"  R {_ratio(tally.actors_ok, tally.actors_gold):.3f}"
        f"  ({tally.actors_ok} right of {tally.actors_sys} found, {tally.actors_gold} gold)"
    )
    print(
        f"  places   P {_ratio(tally.places_ok, tally.places_sys):.3f}"
        f"  R {_ratio(tally.places_ok, tally.places_gold):.3f}"
        f"  ({tally.places_ok} right of {tally.places_sys} found, {tally.places_gold} gold)"
    )
    print(
        f"  event type right            {_ratio(tally.types_ok, tally.types):.3f}"
        f"  ({tally.types_ok} of {tally.types})"
    )
    print(
        f"  figures right, on one row   {_ratio(tally.figures_ok, tally.figures):.3f}"
        f"  ({tally.figures_ok} of {tally.figures})"
    )
    print(
        f"  figure bounds right         {_ratio(tally.bounds_ok, tally.bounds):.3f}"
        f"  ({tally.bounds_ok} of {tally.bounds})"
    )
    print(
        f"  figure sides right          {_ratio(tally.sides_ok, tally.sides):.3f}"
        f"  ({tally.sides_ok} of {tally.sides})"
    )
    print(f"  false rows (negatives)      {tally.false_rows} of {tally.negatives}")
    if details:
        print()
        for line in tally.details:
            print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=GOLD, help="a gold directory")
    parser.add_argument(
        "--corpus", type=Path, help="score documents loaded from this directory (gold names them)"
    )
    parser.add_argument(
        "--published",
        type=date.fromisoformat,
        default=DEFAULT_PUBLISHED,
        help=f"publication date of corpus documents without one (default {DEFAULT_PUBLISHED})",
    )
    parser.add_argument("--details", action="store_true", help="list misses and false rows")
    args = parser.parse_args(argv)
    try:
        tally = score(args.gold, args.corpus, args.published)
    except GoldError as exc:
        print(f"score_events: {exc}", file=sys.stderr)
        return 2
    source = args.corpus if args.corpus is not None else "the gold files' own texts"
    report(tally, args.details, f"gold {args.gold}, documents from {source}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
