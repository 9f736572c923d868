"""Score TIMEX3 annotations against TimeML gold, by the TempEval-3 definitions.

Usage::

    python scripts/score_timeml.py GOLD_DIR SYSTEM_DIR     # compare two sets of TimeML files
    python scripts/score_timeml.py GOLD_DIR                # annotate GOLD_DIR, then score it
    python scripts/score_timeml.py GOLD_DIR --errors 20    # also list misses / false alarms
    python scripts/score_timeml.py GOLD_DIR --categories   # remaining errors by category
    python scripts/score_timeml.py GOLD_DIR --wikiwars WIKIWARS_DIR   # + TIMEX2 gold, one table

``--wikiwars`` (with ``--wikiwars-system DIR`` for another tagger's output) also scores WikiWars'
inline TIMEX2 gold by the rules in `score_timex2.py`, prints its report after this one, and
ends with one table of both corpora; the TimeML report itself is printed exactly as without it.

With one directory, the gold files are annotated into a temporary directory by
`timeline.annotate.plan` + `annotate_files` (exactly what ``conflict-tui annotate`` runs) and
those files are scored: the numbers are those of the TimeML that ``annotate`` writes.

Definitions (TempEval-3, UzZaman et al. 2013; its ``evaluate_entities.py``):

- counted: every TIMEX3 inside TEXT except the DCT (tid t0) and non-consuming (empty) ones;
- strict match: the same extent (start and end offsets in the TEXT);
- relaxed match: overlapping extents; each gold and each system TIMEX3 is matched at most once
  (largest overlap first);
- precision = matches / system TIMEX3, recall = matches / gold TIMEX3, F1 their harmonic mean;
- type accuracy and value accuracy: the share of relaxed matches whose ``type`` / ``value`` is
  the same string as gold's; type F1 and value F1 = that accuracy × relaxed F1.

Values are compared exactly, as TempEval-3 does ("199X" ≠ "199"). ``--lenient-values`` drops
trailing unknown digits first ("199X" = "199", "1989-XX" = "1989"); it is an aid for error
analysis, never the headline number.

Files are paired by their path relative to each directory (or by name, a ``.tml.TE3input``
pairing with a ``.tml``); a pair whose TEXT differs is skipped with a message, as TempEval-3
refuses to score it.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
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
    categories: Counter[str] = field(default_factory=Counter)


def note_pair(
    errors: Errors,
    text: str,
    g: Timex,
    s: Timex,
    ok: bool,
    category: Callable[[Timex, Timex], str],
    shown: str,
) -> None:
    """Count a matched pair's extent, type and value errors (``category`` names a wrong
    value; ``shown`` is the gold value as listed)."""
    if (g.start, g.end) != (s.start, s.end):
        errors.categories[f"extent ({g.type})"] += 1
    if g.type != s.type:
        errors.categories[f"type: gold {g.type} / ours {s.type}"] += 1
    if not ok:
        errors.categories[category(g, s)] += 1
        errors.wrong_values.append(
            f"{context(text, g.start, g.end)}  gold {g.type} {shown}"
            f" | ours [{text[s.start : s.end]}] {s.type} {s.value}"
        )


def exact_value(value: str) -> str:
    """TempEval-3 compares values as written (surrounding white space aside)."""
    return value.strip()


def lenient_value(value: str) -> str:
    """Opt-in: upper case, trailing unknown digits dropped ("199X" → "199")."""
    return re.sub(r"(?:-?X+)+$", "", value.strip().upper())


def corpus_files(root: Path) -> list[Path]:
    files = [p for p in root.rglob("*") if p.name.endswith((".tml", ".tml.TE3input"))]
    return sorted(files)


def group_of(root: Path, path: Path) -> str:
    rel = path.relative_to(root)
    return rel.parts[0] if len(rel.parts) > 1 else "."


def _plain_name(name: str) -> str:
    return name.removesuffix(".TE3input")


def find_system(
    gold_root: Path, gold: Path, system_root: Path, index: dict[str, Path]
) -> Path | None:
    """The system file of ``gold``: same relative path, else the same name anywhere."""
    rel = gold.relative_to(gold_root)
    for candidate in (system_root / rel, system_root / rel.parent / _plain_name(rel.name)):
        if candidate.is_file():
            return candidate
    return index.get(_plain_name(gold.name))


def timexes(doc: TimeMLDocument) -> list[Timex]:
    """The scored TIMEX3 of a document: not the DCT, not non-consuming ones."""
    return [
        Timex(t.start, t.end, t.type, t.value)
        for t in doc.timexes
        if t.tid != "t0" and t.end > t.start and t.text.strip()
    ]


def match(gold: list[Timex], system: list[Timex]) -> tuple[list[tuple[Timex, Timex]], int]:
    """One-to-one relaxed matches (largest overlap first) and the number of strict matches."""
    pairs: list[tuple[int, int, int]] = []
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                pairs.append((overlap, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_g: set[int] = set()
    used_s: set[int] = set()
    matched: list[tuple[Timex, Timex]] = []
    for _, i, j in pairs:
        if i in used_g or j in used_s:
            continue
        used_g.add(i)
        used_s.add(j)
        matched.append((gold[i], system[j]))
    strict = sum(1 for g, s in matched if (g.start, g.end) == (s.start, s.end))
    return matched, strict


# --- error categories ---------------------------------------------------------------------

_SHAPES = (
    (re.compile(r"^(PRESENT|PAST|FUTURE)_REF$"), "ref"),
    (re.compile(r"^P"), "duration"),
    (re.compile(r"T"), "time of day"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "day"),
    (re.compile(r"^\d{4}-W\d{1,2}(-WE)?$"), "week"),
    (re.compile(r"^\d{4}-\d{2}$"), "month"),
    (re.compile(r"^\d{4}-(SP|SU|FA|WI)$"), "season"),
    (re.compile(r"^\d{4}-Q\d$"), "quarter"),
    (re.compile(r"^\d{4}-H\d$"), "half"),
    (re.compile(r"^\d{4}$"), "year"),
    (re.compile(r"^\d{3}$"), "decade"),
    (re.compile(r"^\d{2}$"), "century"),
    (re.compile(r"X"), "partial"),
)


def shape(value: str) -> str:
    """A coarse class of a TIMEX3 value, for the error list."""
    for pattern, name in _SHAPES:
        if pattern.search(value):
            return name
    return "other"


def value_error_category(gold: Timex, ours: Timex) -> str:
    g, s = shape(gold.value), shape(ours.value)
    if g != s:
        return f"value: gold {g} / ours {s}"
    if (
        g in ("day", "month", "week", "quarter", "year", "season")
        and gold.value[:4] != ours.value[:4]
    ):
        return f"value: {g}, wrong year"
    return f"value: {g}, wrong {g}"


# --- scoring ------------------------------------------------------------------------------


def context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return f"…{left}[{text[start:end]}]{right}…"


def score_doc(
    text: str,
    gold: list[Timex],
    system: list[Timex],
    tally: Tally,
    errors: Errors | None,
    lenient: bool = False,
) -> None:
    compare = lenient_value if lenient else exact_value
    matched, strict = match(gold, system)
    tally.gold += len(gold)
    tally.system += len(system)
    tally.strict += strict
    tally.relaxed += len(matched)
    for g, s in matched:
        tally.type_ok += g.type == s.type
        ok = compare(g.value) == compare(s.value)
        tally.value_ok += ok
        if errors is not None:
            note_pair(errors, text, g, s, ok, value_error_category, g.value)
    if errors is not None:
        gm = {id(g) for g, _ in matched}
        sm = {id(s) for _, s in matched}
        for g in gold:
            if id(g) not in gm:
                errors.categories[f"miss: {g.type} {shape(g.value)}"] += 1
                errors.misses.append(f"{context(text, g.start, g.end)}  {g.type} {g.value}")
        for s in system:
            if id(s) not in sm:
                errors.categories[f"false alarm: {s.type} {shape(s.value)}"] += 1
                errors.false_alarms.append(f"{context(text, s.start, s.end)}  {s.type} {s.value}")


def prf(hit: int, system: int, gold: int) -> tuple[float, float, float]:
    p = hit / system if system else 0.0
    r = hit / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def summary(t: Tally) -> dict[str, float]:
    """The TempEval-3 figures of a tally."""
    sp, sr, sf = prf(t.strict, t.system, t.gold)
    rp, rr, rf = prf(t.relaxed, t.system, t.gold)
    ta = t.type_ok / t.relaxed if t.relaxed else 0.0
    va = t.value_ok / t.relaxed if t.relaxed else 0.0
    return {
        "strict_p": sp,
        "strict_r": sr,
        "strict_f1": sf,
        "relaxed_p": rp,
        "relaxed_r": rr,
        "relaxed_f1": rf,
        "type_acc": ta,
        "value_acc": va,
        "type_f1": ta * rf,
        "value_f1": va * rf,
    }


def report(title: str, tallies: dict[str, Tally], width: int = 12, label: str = "group") -> None:
    print(title)
    header = (
        f"{label:<{width}}{'gold':>6}{'sys':>6}  {'strict P/R/F1':<20}{'relaxed P/R/F1':<20}"
        f"{'type acc':>9}{'val acc':>9}{'type F1':>9}{'val F1':>9}"
    )
    print(header)
    print("-" * len(header))
    for name, t in tallies.items():
        m = summary(t)
        print(
            f"{name:<{width}}{t.gold:>6}{t.system:>6}  "
            f"{m['strict_p']:.3f}/{m['strict_r']:.3f}/{m['strict_f1']:.3f}  "
            f"{m['relaxed_p']:.3f}/{m['relaxed_r']:.3f}/{m['relaxed_f1']:.3f}  "
            f"{m['type_acc']:>8.3f} {m['value_acc']:>8.3f} {m['type_f1']:>8.3f} "
            f"{m['value_f1']:>8.3f}"
        )
    print()


def annotate_into(gold_root: Path, files: list[Path], out: Path) -> float:
    """Annotate ``files`` as ``conflict-tui annotate`` does; return the seconds it took."""
    from timeline.annotate import annotate_files, output_name

    pairs = [(f, f.relative_to(gold_root).parent / output_name(f)) for f in files]
    started = time.perf_counter()
    result = annotate_files(pairs, out, force=True)
    seconds = time.perf_counter() - started
    for problem in result.problems:
        print(f"annotate: {problem}", file=sys.stderr)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "corpus", type=Path, nargs="?", help="directory of gold TimeML files (e.g. TBAQ)"
    )
    parser.add_argument("system", type=Path, nargs="?", help="directory of system TimeML files")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list N of each error")
    parser.add_argument(
        "--categories", action="store_true", help="count the remaining errors by category"
    )
    parser.add_argument(
        "--lenient-values",
        action="store_true",
        help='NOT TempEval-3: treat "199X" as "199" (error analysis only)',
    )
    wikiwars = parser.add_argument_group(
        "TIMEX2 gold (WikiWars; the rules are in scripts/score_timex2.py)"
    )
    wikiwars.add_argument(
        "--wikiwars",
        type=Path,
        metavar="DIR",
        help="also score this WikiWars directory (in/*.sgm, keyinline/*.key.xml); "
        "with a TimeML corpus too, both end in one table",
    )
    wikiwars.add_argument(
        "--wikiwars-system",
        type=Path,
        metavar="DIR",
        help="system NAME.tml files for --wikiwars (default: annotate the articles)",
    )
    wikiwars.add_argument(
        "--all-gold", action="store_true", help="count embedded TIMEX2 too (default: outermost)"
    )
    args = parser.parse_args(argv)
    if args.corpus is None and args.wikiwars is None:
        parser.error("give a TimeML gold directory, --wikiwars DIR, or both")
    if args.wikiwars_system is not None and args.wikiwars is None:
        parser.error("--wikiwars-system needs --wikiwars")

    rows: dict[str, Tally] = {}
    if args.corpus is not None:
        code, tally = score_timeml_corpus(args)
        if code:
            return code
        rows[f"{_corpus_name(args.corpus)} (TIMEX3)"] = tally
    if args.wikiwars is not None:
        import score_timex2

        if not score_timex2.article_names(args.wikiwars):
            print(f"no keyinline/*.key.xml under {args.wikiwars}", file=sys.stderr)
            return 2
        if rows:
            print()
        rows[f"{_corpus_name(args.wikiwars)} (TIMEX2)"] = score_timex2.print_section(
            args.wikiwars,
            args.wikiwars_system,
            all_gold=args.all_gold,
            errors_count=args.errors,
            categories=args.categories,
        )
    if len(rows) > 1:
        print()
        values = "LENIENT" if args.lenient_values else "exact"
        report(
            f"BOTH CORPORA (all TIMEX3 vs TimeML gold, {values} values; outermost TIMEX2 vs "
            "WikiWars gold, values case-insensitive)",
            rows,
            width=max(len(k) for k in rows) + 2,
            label="corpus",
        )
    return 0


def _corpus_name(path: Path) -> str:
    return path.resolve().name or str(path)


def score_timeml_corpus(args: argparse.Namespace) -> tuple[int, Tally]:
    """Score (annotating first if no system directory) and print the TimeML corpus."""
    root: Path = args.corpus
    files = corpus_files(root)
    if not files:
        print(f"no .tml files under {root}", file=sys.stderr)
        return 2, Tally()
    with tempfile.TemporaryDirectory(prefix="score-timeml-") as tmp:
        system_root: Path = args.system or Path(tmp)
        annotate_seconds = None
        if args.system is None:
            annotate_seconds = annotate_into(root, files, system_root)
        index = {_plain_name(p.name): p for p in corpus_files(system_root)}
        return _score(args, root, files, system_root, index, annotate_seconds)


def _score(
    args: argparse.Namespace,
    root: Path,
    files: list[Path],
    system_root: Path,
    index: dict[str, Path],
    annotate_seconds: float | None,
) -> tuple[int, Tally]:
    all_t: dict[str, Tally] = defaultdict(Tally)
    date_t: dict[str, Tally] = defaultdict(Tally)
    errors = Errors() if args.errors or args.categories else None
    skipped = 0
    for path in files:
        try:
            doc = read_timeml(path.read_text(encoding="utf-8"))
        except (TimeMLError, UnicodeDecodeError, OSError) as exc:
            print(f"skipping {path}: {exc}", file=sys.stderr)
            skipped += 1
            continue
        system_path = find_system(root, path, system_root, index)
        if system_path is None:
            print(f"no system file for {path.name}", file=sys.stderr)
            skipped += 1
            continue
        try:
            system_doc = read_timeml(system_path.read_text(encoding="utf-8"))
        except (TimeMLError, UnicodeDecodeError, OSError) as exc:
            print(f"skipping {system_path}: {exc}", file=sys.stderr)
            skipped += 1
            continue
        if system_doc.text != doc.text:
            print(f"skipping {path.name}: system TEXT differs from gold TEXT", file=sys.stderr)
            skipped += 1
            continue
        gold = timexes(doc)
        system = timexes(system_doc)
        group = group_of(root, path)
        for name in (group, "ALL"):
            score_doc(
                doc.text,
                gold,
                system,
                all_t[name],
                errors if name == "ALL" else None,
                args.lenient_values,
            )
            score_doc(
                doc.text,
                [g for g in gold if g.type == "DATE"],
                [s for s in system if s.type == "DATE"],
                date_t[name],
                None,
                args.lenient_values,
            )

    order = [*sorted(k for k in all_t if k != "ALL"), "ALL"]
    values = "LENIENT values (not TempEval-3)" if args.lenient_values else "exact values"
    report(f"All TIMEX3 ({values})", {k: all_t[k] for k in order})
    report(f"TIMEX3 of type DATE ({values})", {k: date_t[k] for k in order})
    print(f"{len(files) - skipped} documents scored, {skipped} skipped", end="")
    if annotate_seconds is not None:
        print(f"; annotated by timeline.annotate in {annotate_seconds:.2f} s", end="")
    print()
    if errors is not None and args.categories:
        print("\nREMAINING ERRORS BY CATEGORY (all TIMEX3):")
        for name, count in sorted(errors.categories.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {count:>5}  {name}")
    if errors is not None and args.errors:
        for title, items in (
            ("MISSES", errors.misses),
            ("FALSE ALARMS", errors.false_alarms),
            ("VALUE ERRORS", errors.wrong_values),
        ):
            print(f"\n{title} ({len(items)}):")
            for line in items[: args.errors]:
                print("  " + line)
    return 0, all_t["ALL"]


if __name__ == "__main__":
    raise SystemExit(main())
