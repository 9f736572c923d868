"""Benchmark: time-expression extraction against plain `dateparser.search.search_dates`.

Runs both over the same texts in the same process — the seed article and a synthetic corpus
of news-like articles with known gold dates — and prints throughput, the ratio, and
precision/recall of each against the gold. Not a test: machines here are noisy, so the
figures are printed, never asserted.

    python scripts/bench_extract.py [--articles 1000] [--seed 7]
    python scripts/bench_extract.py --timeml DIR   # also a TimeML corpus (TimeBank, AQUAINT)

With ``--timeml DIR`` it also times, over the TEXT of every ``.tml`` under DIR: the whole
``conflict-tui annotate`` path (`timeline.annotate.annotate_files` into a temporary
directory: load, extract, render, write), extraction alone, and ``search_dates`` on the same
texts with the same DCTs; then the ratio.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip
ACTORS = ["Armenian", "Azerbaijani", "Russian", "Ukrainian", "Syrian", "Turkish", "Iranian"]
PLACES = ["Goris", "Vardenis", "Kharkiv", "Aleppo", "Idlib", "Shusha", "Donetsk", "Mosul"]
PEOPLE = ["Defense Minister Ana Petrova", "President Ilham Aliyev", "spokesman Ned Price"]


@dataclass
class Gold:
    start: int
    end: int
    day: date | None  # the day meant, for day-precision expressions
    year: int


@dataclass
class Article:
    text: str
    dct: date
    gold: list[Gold]


def _day_phrase(rng: random.Random, d: date) -> str:
    month = MONTHS[d.month - 1]
    return rng.choice(
        [
            f"{d.day} {month} {d.year}",
            f"{month} {d.day}, {d.year}",
            f"{month[:3]}. {d.day}, {d.year}" if month != "May" else f"May {d.day}, {d.year}",
        ]
    )


def make_article(rng: random.Random) -> Article:
    """A news-like article whose dated phrases are known, with distractors around them."""
    dct = date(1995, 1, 1) + timedelta(days=rng.randrange(0, 27 * 365))
    parts: list[str] = []
    gold: list[Gold] = []
    pos = 0

    def add(text: str, day: date | None = None, year: int | None = None, expr: str = "") -> None:
        nonlocal pos
        if expr:
            at = text.index(expr)
            gold.append(Gold(pos + at, pos + at + len(expr), day, year or (day.year if day else 0)))
        parts.append(text)
        pos += len(text)

    add(f"{rng.choice(ACTORS)} and {rng.choice(ACTORS)} forces clash near {rng.choice(PLACES)}\n\n")
    for _ in range(rng.randint(6, 10)):
        kind = rng.randrange(6)
        actor, place, n = rng.choice(ACTORS), rng.choice(PLACES), rng.randint(2, 3000)
        if kind == 0:
            d = dct - timedelta(days=rng.randint(2, 2000))
            phrase = _day_phrase(rng, d)
            add(f"{actor} troops shelled positions near {place} on {phrase}. ", d, expr=phrase)
        elif kind == 1:
            d = dct - timedelta(days=1)
            add(
                f"Yesterday, {rng.choice(PEOPLE)} said {n} soldiers had been killed. ",
                d,
                expr="Yesterday",
            )
        elif kind == 2:
            year = dct.year - rng.randint(1, 30)
            add(f"The ceasefire agreed in {year} collapsed after {n} days. ", None, year, str(year))
        elif kind == 3:
            add(f"We are monitoring the situation in {place}, a spokesman said. ")
        elif kind == 4:
            add(f"Officials may march to {place}; {n} people, or {n % 90}% of residents, fled. ")
        else:
            add(f"About {n:,} {actor} civilians are sheltering in basements in {place}. ")
        if rng.random() < 0.4:
            add("\n\n")
    return Article("".join(parts), dct, gold)


@dataclass
class Score:
    true_pos: int = 0
    false_pos: int = 0
    gold: int = 0

    def line(self) -> str:
        p = self.true_pos / (self.true_pos + self.false_pos) if self.true_pos else 0.0
        r = self.true_pos / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}"


def _match(gold: list[Gold], start: int, end: int, day: date | None, year: int | None) -> bool:
    for g in gold:
        if start < g.end and g.start < end:
            return (day == g.day) if g.day else (year == g.year)
    return False


def run_ours(articles: list[Article], split: bool = False) -> tuple[float, Score]:
    """Time `extract_times` over ``articles``. With ``split``, the sentences are split first
    (untimed) and passed in, as the app does: it splits each document once for the events,
    the entities and the time expressions."""
    from timeline.segment import segment
    from timeline.temporal import extract_times

    score = Score()
    sentences = [
        [s for p in segment(a.text) for s in p.sentences] if split else None for a in articles
    ]
    t0 = time.perf_counter()
    results = [
        extract_times(a.text, a.dct, sentences=found)
        for a, found in zip(articles, sentences, strict=True)
    ]
    elapsed = time.perf_counter() - t0
    for article, found in zip(articles, results, strict=True):
        score.gold += len(article.gold)
        for e in found:
            if e.date_start is None:
                continue
            day = e.date_start if e.precision == "day" else None
            if _match(article.gold, e.start, e.end, day, e.date_start.year):
                score.true_pos += 1
            else:
                score.false_pos += 1
    return elapsed, score


def run_baseline(articles: list[Article]) -> tuple[float, Score]:
    from datetime import datetime

    from dateparser.search import search_dates

    score = Score()
    t0 = time.perf_counter()
    results = []
    for a in articles:
        base = datetime(a.dct.year, a.dct.month, a.dct.day)
        results.append(search_dates(a.text, languages=["en"], settings={"RELATIVE_BASE": base}))
    elapsed = time.perf_counter() - t0
    for article, found in zip(articles, results, strict=True):
        score.gold += len(article.gold)
        cursor = 0
        for text, when in found or []:
            start = article.text.find(text, cursor)
            if start < 0:
                start = article.text.find(text)
            end = start + len(text)
            cursor = end
            # Lenient to the baseline: a day for day-precision gold, else just the year.
            if _match(article.gold, start, end, when.date(), when.year):
                score.true_pos += 1
            else:
                score.false_pos += 1
    return elapsed, score


def run_timeml(root: Path) -> None:
    """Annotate a TimeML directory and run search_dates over the same texts; print the ratio."""
    import tempfile

    from timeline.annotate import annotate_files, output_name
    from timeline.timeml import read_timeml

    files = sorted(p for p in root.rglob("*") if p.name.endswith((".tml", ".tml.TE3input")))
    docs = [read_timeml(p.read_text(encoding="utf-8")) for p in files]
    articles = [Article(d.text, d.dct or date(2000, 1, 1), []) for d in docs]
    size_kb = sum(len(a.text) for a in articles) / 1024
    pairs = [(f, f.relative_to(root).parent / output_name(f)) for f in files]
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        result = annotate_files(pairs, Path(tmp), force=True)
        annotate_seconds = time.perf_counter() - t0
    ours, _ = run_ours(articles)
    split, _ = run_ours(articles, split=True)
    base, _ = run_baseline(articles)
    print(f"\nTimeML corpus {root}: {len(files)} documents, {size_kb:.0f} KB")
    print(
        f"  annotate (files in, TimeML out)  {annotate_seconds:7.2f} s  "
        f"({len(result.written)} written, {len(result.problems)} problems)"
    )
    print(f"  extract_times                    {ours:7.2f} s")
    print(f"  search_dates                     {base:7.2f} s")
    print(f"  speed-up, extraction             {base / ours:7.1f}x")
    print(f"  speed-up, as the app calls it    {base / split:7.1f}x  (sentences passed in)")
    print(f"  speed-up, whole annotate         {base / annotate_seconds:7.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeml", type=Path, metavar="DIR", help="also time a TimeML corpus")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    articles = [make_article(rng) for _ in range(args.articles)]
    size_kb = sum(len(a.text) for a in articles) / 1024

    t0 = time.perf_counter()
    import timeline.temporal  # noqa: F401  (import cost shown separately)

    print(f"import timeline.temporal: {(time.perf_counter() - t0) * 1000:.0f} ms")
    print(f"dateparser imported by the engine import: {'dateparser' in sys.modules}")

    seed_text = (ROOT / "seeds" / "000_b2d011834734ebc9.txt").read_text(encoding="utf-8")
    seed = Article(seed_text, date(2022, 9, 15), [])
    # The first call of each pays one-off costs (our rules compile on first use; dateparser
    # loads its language data): shown apart, so the steady state is what the ratio compares.
    ours_first, _ = run_ours([seed])
    base_first, _ = run_baseline([seed])
    ours_seed, _ = run_ours([seed] * 20)
    base_seed, _ = run_baseline([seed] * 20)
    print("\nseed article (8.1 KB): first call, then x20 more")
    for name, first, rest in (
        ("conflict-tui", ours_first, ours_seed),
        ("search_dates", base_first, base_seed),
    ):
        print(f"  {name}  first {first * 1000:7.1f} ms, then {rest * 1000 / 20:6.2f} ms/article")
    ratio, first_ratio = base_seed / ours_seed, base_first / ours_first
    print(f"  speed-up      {ratio:8.1f}x (first call: {first_ratio:.1f}x)")
    split_seed, _ = run_ours([seed] * 20, split=True)
    print(f"  as the app calls it (sentences passed in): speed-up {base_seed / split_seed:.1f}x")

    ours, ours_score = run_ours(articles)
    base, base_score = run_baseline(articles)
    print(f"\nsynthetic corpus: {len(articles)} articles, {size_kb:.0f} KB, seed {args.seed}")
    for name, seconds, score in (
        ("conflict-tui", ours, ours_score),
        ("search_dates", base, base_score),
    ):
        rate = len(articles) / seconds
        print(f"  {name}  {seconds:7.2f} s  {rate:8.0f} articles/s  {score.line()}")
    print(f"  speed-up      {base / ours:7.1f}x")
    split, _ = run_ours(articles, split=True)
    print(
        f"  as the app calls it (sentences split once, passed in): {split:.2f} s,"
        f" speed-up {base / split:.1f}x"
    )
    if args.timeml is not None:
        run_timeml(args.timeml)


if __name__ == "__main__":
    main()
