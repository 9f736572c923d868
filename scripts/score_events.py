"""Score the event layer against gold happenings (issue 10): recall with the right date, actors,
places, casualty figures, rows per happening and false rows.

Usage::

    python scripts/score_events.py                 # the gold of tests/gold/events
    python scripts/score_events.py GOLD_DIR        # another directory of gold files
    python scripts/score_events.py --details       # also list every miss and false row

Each gold file is one document (see tests/gold/events/README.md). The document is run through
the same code as the app (`timeline.events.analyze`), and each gold happening is looked up
among the rows whose source sentences contain its `key`:

- **found with the right date**: some such row has the gold start and end;
- **rows per happening**: how many rows carry its key, over all documents (one happening
  told in two documents, the same `id`, should be one row);
- **actors / places**: precision and recall of the names on the best row (lower-cased);
- **figures right**: each gold figure (killed, wounded, missing) is on the best row, and on no
  other row of the corpus (an ACLED export would otherwise count it twice);
- **false rows**: rows dating a `negative` phrase (a reference, a report date, a quotation).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timeline.events import analyze
from timeline.models import Document, Event
from timeline.pipeline import make_tagger

GOLD = Path(__file__).resolve().parent.parent / "tests" / "gold" / "events"
OUTCOMES = {
    "killed": ("killed", "dead"),
    "wounded": ("wounded", "injured"),
    "missing": ("missing",),
}


@dataclass
class Tally:
    happenings: int = 0
    found: int = 0  # a row with the key and the right date
    keyed: int = 0  # a row with the key at all
    rows: int = 0  # rows carrying a happening's key (over distinct happenings)
    actors_gold: int = 0
    actors_sys: int = 0
    actors_ok: int = 0
    places_gold: int = 0
    places_sys: int = 0
    places_ok: int = 0
    figures: int = 0
    figures_ok: int = 0
    negatives: int = 0
    false_rows: int = 0
    details: list[str] = field(default_factory=list)


def _rows_with(events: list[Event], key: str) -> list[Event]:
    return [e for e in events if any(key in s.text for s in e.sentences) or key in e.headline]


def _names(items: list[Any]) -> set[str]:
    return {item.name.lower() for item in items}


def _has_figure(event: Event, outcome: str, count: int) -> bool:
    return any(c.count == count and c.outcome in OUTCOMES[outcome] for c in event.casualties)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def score(gold_dir: Path) -> Tally:
    tagger, _ = make_tagger()
    tally = Tally()
    all_events: list[Event] = []
    documents: list[tuple[str, dict[str, Any], list[Event]]] = []
    for path in sorted(gold_dir.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        published = data.get("published")
        document = Document(
            id=path.stem,
            title=path.stem,
            path=path.name,
            published=published if isinstance(published, date) else None,
            text=data["text"],
        )
        events = analyze(document, tagger).events
        all_events += events
        documents.append((path.stem, data, events))
    counted: set[str] = set()
    rows_by_id: dict[str, set[str]] = defaultdict(set)
    for name, data, events in documents:
        for gold in data.get("happening", []):
            rows = _rows_with(events, gold["key"])
            ident = gold.get("id") or f"{name}:{gold['key']}"
            rows_by_id[ident].update(e.id for e in rows)
            if ident in counted:
                continue
            counted.add(ident)
            tally.happenings += 1
            dated = [e for e in rows if e.start == gold["start"] and e.end == gold["end"]]
            best = dated[0] if dated else (rows[0] if rows else None)
            if rows:
                tally.keyed += 1
            if dated:
                tally.found += 1
            else:
                got = ", ".join(f"{e.label} ({e.expression.text!r})" for e in rows) or "no row"
                tally.details.append(
                    f"MISS  {name}: {gold['key']!r} {gold['start']}..{gold['end']}: {got}"
                )
            gold_actors = {a.lower() for a in gold.get("actors", [])}
            gold_places = {p.lower() for p in gold.get("places", [])}
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
                        f"WHO   {name}: {gold['key']!r}: actors {sorted(actors)} vs "
                        f"{sorted(gold_actors)}; places {sorted(places)} vs {sorted(gold_places)}"
                    )
            for outcome in OUTCOMES:
                if outcome not in gold:
                    continue
                tally.figures += 1
                count = gold[outcome]
                carriers = [e for e in all_events if _has_figure(e, outcome, count)]
                right = best is not None and _has_figure(best, outcome, count)
                if right and len(carriers) == 1:
                    tally.figures_ok += 1
                else:
                    tally.details.append(
                        f"FIG   {name}: {gold['key']!r}: {count} {outcome} on "
                        f"{len(carriers)} rows{'' if right else ', not on its own'}"
                    )
        for negative in data.get("negative", []):
            tally.negatives += 1
            bad = [
                e
                for e in events
                if e.expression.text in negative["key"] and _rows_with([e], negative["key"])
            ]
            if bad:
                tally.false_rows += 1
                tally.details.append(f"FALSE {name}: {negative['key']!r} dated as {bad[0].label}")
    tally.rows = sum(len(ids) for ids in rows_by_id.values())
    return tally


def report(tally: Tally, details: bool) -> None:
    print(f"happenings {tally.happenings}, negatives {tally.negatives}")
    print(
        f"  found with the right date   {_ratio(tally.found, tally.happenings):.3f}"
        f"  ({tally.found}; {tally.keyed} with a row at all)"
    )
    print(f"  rows per happening          {_ratio(tally.rows, tally.keyed):.2f}")
    print(
        f"  actors   P {_ratio(tally.actors_ok, tally.actors_sys):.3f}"
        f"  R {_ratio(tally.actors_ok, tally.actors_gold):.3f}"
    )
    print(
        f"  places   P {_ratio(tally.places_ok, tally.places_sys):.3f}"
        f"  R {_ratio(tally.places_ok, tally.places_gold):.3f}"
    )
    print(
        f"  figures right, on one row   {_ratio(tally.figures_ok, tally.figures):.3f}"
        f"  ({tally.figures_ok} of {tally.figures})"
    )
    print(f"  false rows (negatives)      {tally.false_rows} of {tally.negatives}")
    if details:
        print()
        for line in tally.details:
            print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=GOLD)
    parser.add_argument("--details", action="store_true", help="list misses and false rows")
    args = parser.parse_args(argv)
    report(score(args.gold), args.details)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
