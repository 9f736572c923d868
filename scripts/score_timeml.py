"""Score temporal expressions against TimeML gold TIMEX3 (TimeBank, AQUAINT, TempEval-3).

Usage::

    python scripts/score_timeml.py CORPUS_DIR              # run timeline.temporal on the texts
    python scripts/score_timeml.py GOLD_DIR SYSTEM_DIR     # compare two sets of TimeML files
    python scripts/score_timeml.py CORPUS_DIR --errors 20  # also list misses / false alarms

Reports, per sub-directory and overall: gold/system counts; strict span P/R/F1 (same
offsets); relaxed span P/R/F1 (any overlap, one-to-one); on relaxed matches the TIMEX3 type
and value accuracy, and type/value F1 (accuracy × relaxed F1). Then the same restricted to
gold and system expressions of type DATE.

Values are compared after a light normalization that TimeML annotators disagree on:
upper case, trailing unknown digits dropped ("199X" = "199", "1989-XX" = "1989").
Ranges of ours are split into their endpoint TIMEX3 by `timeline.temporal.to_timex3`.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timeline.timeml import TimeMLDocument, TimeMLError, read_timeml


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    type: str
    value: str


@dataclass
class Tally:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0


@dataclass
class Errors:
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    wrong_values: list[str] = field(default_factory=list)


def norm_value(value: str) -> str:
    v = value.strip().upper()
    v = re.sub(r"(?:-?X+)+$", "", v)  # "199X" → "199", "1989-XX" → "1989"
    return v


def corpus_files(root: Path) -> list[Path]:
    files = [p for p in root.rglob("*") if p.name.endswith((".tml", ".tml.TE3input"))]
    return sorted(files)


def group_of(root: Path, path: Path) -> str:
    rel = path.relative_to(root)
    return rel.parts[0] if len(rel.parts) > 1 else "."


def system_timexes(doc: TimeMLDocument) -> list[Timex]:
    from timeline.temporal import extract_times, to_timex3

    out: list[Timex] = []
    for expr in extract_times(doc.text, doc.dct):
        out.extend(Timex(s, e, t, v) for s, e, t, v, _ in to_timex3(expr))
    return out


def gold_timexes(doc: TimeMLDocument) -> list[Timex]:
    return [Timex(t.start, t.end, t.type, t.value) for t in doc.timexes]


def match(gold: list[Timex], system: list[Timex]) -> tuple[list[tuple[Timex, Timex]], int]:
    """One-to-one relaxed matches (largest overlap first) and the number of strict matches."""
    pairs: list[tuple[int, Timex, Timex]] = []
    for g in gold:
        for s in system:
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                pairs.append((overlap, g, s))
    pairs.sort(key=lambda p: -p[0])
    used_g: set[Timex] = set()
    used_s: set[Timex] = set()
    matched: list[tuple[Timex, Timex]] = []
    for _, g, s in pairs:
        if g in used_g or s in used_s:
            continue
        used_g.add(g)
        used_s.add(s)
        matched.append((g, s))
    strict = len({(g.start, g.end) for g in gold} & {(s.start, s.end) for s in system})
    return matched, strict


def context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return f"…{left}[{text[start:end]}]{right}…"


def score_doc(
    text: str, gold: list[Timex], system: list[Timex], tally: Tally, errors: Errors | None
) -> None:
    matched, strict = match(gold, system)
    tally.gold += len(gold)
    tally.system += len(system)
    tally.strict += strict
    tally.relaxed += len(matched)
    for g, s in matched:
        tally.type_ok += g.type == s.type
        ok = norm_value(g.value) == norm_value(s.value)
        tally.value_ok += ok
        if errors is not None and not ok:
            errors.wrong_values.append(
                f"{context(text, g.start, g.end)}  gold {g.type} {g.value}"
                f" | ours [{text[s.start : s.end]}] {s.type} {s.value}"
            )
    if errors is not None:
        gm = {g for g, _ in matched}
        sm = {s for _, s in matched}
        errors.misses.extend(
            f"{context(text, g.start, g.end)}  {g.type} {g.value}" for g in gold if g not in gm
        )
        errors.false_alarms.extend(
            f"{context(text, s.start, s.end)}  {s.type} {s.value}" for s in system if s not in sm
        )


def prf(hit: int, system: int, gold: int) -> tuple[float, float, float]:
    p = hit / system if system else 0.0
    r = hit / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def report(title: str, tallies: dict[str, Tally]) -> None:
    print(title)
    header = (
        f"{'group':<12}{'gold':>6}{'sys':>6}  {'strict P/R/F1':<20}{'relaxed P/R/F1':<20}"
        f"{'type acc':>9}{'val acc':>9}{'type F1':>9}{'val F1':>9}"
    )
    print(header)
    print("-" * len(header))
    for name, t in tallies.items():
        sp, sr, sf = prf(t.strict, t.system, t.gold)
        rp, rr, rf = prf(t.relaxed, t.system, t.gold)
        ta = t.type_ok / t.relaxed if t.relaxed else 0.0
        va = t.value_ok / t.relaxed if t.relaxed else 0.0
        print(
            f"{name:<12}{t.gold:>6}{t.system:>6}  {sp:.3f}/{sr:.3f}/{sf:.3f}  "
            f"{rp:.3f}/{rr:.3f}/{rf:.3f}  {ta:>8.3f} {va:>8.3f} {ta * rf:>8.3f} {va * rf:>8.3f}"
        )
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="directory of gold TimeML files")
    parser.add_argument("system", type=Path, nargs="?", help="directory of system TimeML files")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list N of each error")
    args = parser.parse_args(argv)

    root: Path = args.corpus
    files = corpus_files(root)
    if not files:
        print(f"no .tml files under {root}", file=sys.stderr)
        return 2
    all_t: dict[str, Tally] = defaultdict(Tally)
    date_t: dict[str, Tally] = defaultdict(Tally)
    errors = Errors() if args.errors else None
    date_errors = None
    engine_seconds = 0.0
    skipped = 0
    for path in files:
        try:
            doc = read_timeml(path.read_text(encoding="utf-8"))
        except (TimeMLError, UnicodeDecodeError) as exc:
            print(f"skipping {path}: {exc}", file=sys.stderr)
            skipped += 1
            continue
        if args.system is not None:
            candidates = list(args.system.rglob(path.name))
            if not candidates:
                print(f"no system file for {path.name}", file=sys.stderr)
                skipped += 1
                continue
            system = gold_timexes(read_timeml(candidates[0].read_text(encoding="utf-8")))
        else:
            started = time.perf_counter()
            system = system_timexes(doc)
            engine_seconds += time.perf_counter() - started
        gold = gold_timexes(doc)
        group = group_of(root, path)
        for name in (group, "ALL"):
            score_doc(doc.text, gold, system, all_t[name], errors if name == "ALL" else None)
            score_doc(
                doc.text,
                [g for g in gold if g.type == "DATE"],
                [s for s in system if s.type == "DATE"],
                date_t[name],
                date_errors,
            )

    order = [*sorted(k for k in all_t if k != "ALL"), "ALL"]
    report("All TIMEX3", {k: all_t[k] for k in order})
    report("TIMEX3 of type DATE", {k: date_t[k] for k in order})
    print(f"{len(files) - skipped} documents", end="")
    if args.system is None:
        print(f"; engine time {engine_seconds:.2f} s", end="")
    print()
    if errors is not None:
        for title, items in (
            ("MISSES", errors.misses),
            ("FALSE ALARMS", errors.false_alarms),
            ("VALUE ERRORS", errors.wrong_values),
        ):
            print(f"\n{title} ({len(items)}):")
            for line in items[: args.errors]:
                print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
