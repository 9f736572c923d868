"""Score TIMEX3 annotations against inline TIMEX2 gold (WikiWars, Mazur & Dale 2010).

Usage::

    python scripts/score_timex2.py WIKIWARS_DIR               # annotate the articles, then score
    python scripts/score_timex2.py WIKIWARS_DIR SYSTEM_DIR    # score NAME.tml files in SYSTEM_DIR
    python scripts/score_timex2.py WIKIWARS_DIR --errors 20   # also list misses / false alarms
    python scripts/score_timex2.py WIKIWARS_DIR --categories  # remaining errors by category
    python scripts/score_timeml.py TBAQ_DIR --wikiwars WIKIWARS_DIR   # both corpora, one table

WIKIWARS_DIR holds ``in/NAME.sgm`` (ACE-style SGML: DOCID, DATETIME, TEXT = the article) and
``keyinline/NAME.key.xml`` (the same TEXT with inline TIMEX2 tags: VAL, MOD, SET, ANCHOR_VAL,
ANCHOR_DIR, ...). With one directory, each article's TEXT is written as ``NAME.txt`` with a
sidecar ``NAME.toml`` (``published`` = the DATETIME's date) into a temporary directory and
annotated by `timeline.annotate.plan` + `annotate_files`, exactly what ``conflict-tui annotate``
runs; the numbers are those of the TimeML that ``annotate`` writes.

Definitions (the TempEval-3 figures, adapted to TIMEX2 gold as the WikiWars scorer does):

- gold: the TIMEX2 inside TEXT, as character spans of the TEXT with tags removed and entities
  unescaped; TIMEX3 cannot nest, so only outermost TIMEX2 count (``--all-gold`` keeps the
  embedded ones too);
- system: every TIMEX3 inside the system TEXT (the DCT lives outside it). When the system's
  TEXT differs from the article only in white space, offsets are mapped by the non-space
  characters; otherwise by a character diff, with a warning;
- strict: a gold span that some system span has exactly;
- relaxed: one to one, each gold in reading order takes the first unused system span that
  overlaps it (NOT the largest-overlap rule `score_timeml.py` uses for TimeML gold);
- value: on relaxed matches, VAL = value, case-insensitive and trimmed; a gold without VAL is
  right only when the system gives no value either ("value acc on gold with VAL" leaves those
  out); value F1 = value acc × relaxed F1;
- type: TIMEX2 has none, so one is derived from the gold: SET="YES" → SET; VAL P... → DURATION;
  VAL with a clock time or TMO/TAF/TEV/TNI/TDT/TMI → TIME; no VAL but an ANCHOR_DIR →
  DURATION; else DATE. Type F1 = type acc × relaxed F1.

Precision, recall and F1 are computed as in `score_timeml.py` (the same `Tally` and `summary`).
"""

from __future__ import annotations

import argparse
import difflib
import html
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from score_timeml import (
    Errors,
    Tally,
    Timex,
    context,
    note_pair,
    report,
    shape,
    summary,
    value_error_category,
)

from timeline.timeml import parse_dct

# Any start, end or empty tag; attribute text stops at the first ">" (no nesting, linear).
_TAG = re.compile(r"<(/?)([A-Za-z_][-\w.:]*)(\s[^<>]*?)?(/?)>")
_ATTR = re.compile(r"""([A-Za-z_][-\w.:]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TEXT_START = re.compile(r"<TEXT\b[^<>]*>")
_DATETIME = re.compile(r"<DATETIME\b[^<>]*>\s*(?:<[^<>]*>\s*)?(\d{4}-\d{2}-\d{2})")
_TIME_VALUE = re.compile(r"T(?:\d|MO|AF|EV|NI|DT|MI)")


@dataclass(frozen=True)
class Article:
    """One WikiWars document: its name, its TEXT (entities unescaped) and its DATETIME date."""

    name: str
    text: str
    dct: date | None


@dataclass(frozen=True)
class GoldTimex2:
    """A TIMEX2 span of the plain TEXT; ``attrs`` keys are lower case, values unescaped."""

    start: int
    end: int
    attrs: dict[str, str]
    depth: int  # 0 = outermost

    @property
    def value(self) -> str:
        return self.attrs.get("val", "")

    def as_timex(self) -> Timex:
        return Timex(self.start, self.end, gold_type(self.attrs), self.value)


@dataclass
class Timex2Tally(Tally):
    """`Tally` plus the value figures on gold that has a VAL."""

    val_gold: int = 0
    val_ok_gold: int = 0
    documents: int = 0
    missing: list[str] = field(default_factory=list)


# --- reading ------------------------------------------------------------------------------


def _attrs(raw: str, lower: bool) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(raw):
        key = m[1].lower() if lower else m[1]
        out[key] = html.unescape(m[2] if m[2] is not None else m[3])
    return out


def text_element(raw: str) -> str | None:
    """The content of the TEXT element (tags and entities as written), or None."""
    start = _TEXT_START.search(raw)
    end = raw.rfind("</TEXT")
    if start is None or end < start.end():
        return None
    return raw[start.end() : end]


def strip_tags(body: str, name: str, lower_attrs: bool) -> tuple[str, list[GoldTimex2]]:
    """``body`` with every tag removed and entities unescaped, and the spans of the ``name``
    elements in it (offsets into the plain text). Empty elements (``<X/>``) have no span; an
    unmatched end tag is ignored."""
    chunks: list[str] = []
    spans: list[GoldTimex2] = []
    stack: list[tuple[int, dict[str, str]]] = []
    pos = n = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        chunks.append(chunk)
        n += len(chunk)
        pos = m.end()
        closing, tag, attrs, empty = m.groups(default="")
        if tag != name or empty:
            continue
        if closing:
            if stack:
                start, a = stack.pop()
                spans.append(GoldTimex2(start, n, a, len(stack)))
        else:
            stack.append((n, _attrs(attrs, lower_attrs)))
    chunks.append(html.unescape(body[pos:]))
    return "".join(chunks), spans


def read_article(sgm: Path) -> Article:
    raw = sgm.read_text(encoding="utf-8")
    body = text_element(raw)
    if body is None:
        raise ValueError(f"{sgm}: no <TEXT> element")
    text, _ = strip_tags(body, "TEXT", lower_attrs=True)
    m = _DATETIME.search(raw)
    return Article(sgm.name.removesuffix(".sgm"), text, parse_dct(m[1]) if m else None)


def read_gold(key: str, all_gold: bool = False) -> tuple[str, list[GoldTimex2]]:
    """The plain TEXT of a ``.key.xml`` and its TIMEX2 (outermost only unless ``all_gold``),
    in reading order (start, longest first)."""
    body = text_element(key)
    if body is None:
        raise ValueError("no <TEXT> element")
    text, spans = strip_tags(body, "TIMEX2", lower_attrs=True)
    kept = [g for g in spans if all_gold or g.depth == 0]
    return text, sorted(kept, key=lambda g: (g.start, -g.end))


def gold_type(attrs: dict[str, str]) -> str:
    """The TIMEX3 type a TIMEX2 would have (TIMEX2 has no type attribute)."""
    val = attrs.get("val", "").upper()
    if attrs.get("set", "").upper() == "YES":
        return "SET"
    if val.startswith("P") and not val.startswith(("PRESENT", "PAST")):
        return "DURATION"
    if _TIME_VALUE.search(val):
        return "TIME"
    if not val and attrs.get("anchor_dir"):
        return "DURATION"
    return "DATE"


def _offset_map(system_text: str, text: str) -> tuple[dict[int, int], bool]:
    """Offsets of ``system_text`` → offsets of ``text``; True when only white space differs."""
    if " ".join(system_text.split()) == " ".join(text.split()):
        si = [i for i, c in enumerate(system_text) if not c.isspace()]
        gi = [i for i, c in enumerate(text) if not c.isspace()]
        return dict(zip(si, gi, strict=True)), True
    matcher = difflib.SequenceMatcher(None, system_text, text, autojunk=False)
    mapping: dict[int, int] = {}
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            mapping[a + k] = b + k
    return mapping, False


def read_system(tml: str, text: str, label: str = "system") -> list[Timex]:
    """Every TIMEX3 inside the TEXT of a TimeML string, as spans of ``text`` (in start order)."""
    body = text_element(tml)
    if body is None:
        print(f"warning: {label}: no <TEXT> element", file=sys.stderr)
        return []
    system_text, spans = strip_tags(body, "TIMEX3", lower_attrs=False)
    out = [Timex(s.start, s.end, s.attrs.get("type", ""), s.attrs.get("value", "")) for s in spans]
    if system_text != text:
        mapping, spaces_only = _offset_map(system_text, text)
        if not spaces_only:
            print(
                f"warning: {label}: system TEXT differs from the article; mapped by diff",
                file=sys.stderr,
            )
        out = [
            Timex(
                mapping.get(t.start, t.start),
                mapping.get(t.end - 1, t.end - 1) + 1,
                t.type,
                t.value,
            )
            for t in out
        ]
    return sorted(out, key=lambda t: t.start)


# --- scoring ------------------------------------------------------------------------------


def same_value(gold: str, system: str) -> bool:
    """Values compared case-insensitively, surrounding white space aside."""
    return gold.strip().upper() == system.strip().upper()


def match_in_order(gold: Sequence[Timex], system: Sequence[Timex]) -> list[tuple[int, int]]:
    """Relaxed matches (gold index, system index): each gold in order takes the first unused
    system span that overlaps it."""
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            if j in used or s.end <= g.start or s.start >= g.end:
                continue
            used.add(j)
            pairs.append((i, j))
            break
    return pairs


def value_shape(value: str) -> str:
    """`score_timeml.shape`, plus the TIMEX2 cases: no VAL, and BC years ("BC0490")."""
    if not value.strip():
        return "no VAL"
    if value.upper().startswith("BC"):
        return f"BC {shape(value[2:])}"
    return shape(value)


def value_category(gold: Timex, ours: Timex) -> str:
    g, s = value_shape(gold.value), value_shape(ours.value)
    if g != s or g.startswith(("BC", "no VAL")):
        return f"value: gold {g} / ours {s}"
    return value_error_category(gold, ours)


def score_article(
    text: str,
    gold: Sequence[Timex],
    system: Sequence[Timex],
    tally: Timex2Tally,
    errors: Errors | None = None,
) -> None:
    """Add one document's counts to ``tally`` (and its errors to ``errors``)."""
    pairs = match_in_order(gold, system)
    extents = {(s.start, s.end) for s in system}
    tally.documents += 1
    tally.gold += len(gold)
    tally.system += len(system)
    tally.strict += sum((g.start, g.end) in extents for g in gold)
    tally.relaxed += len(pairs)
    for i, j in pairs:
        g, s = gold[i], system[j]
        tally.type_ok += g.type == s.type
        ok = same_value(g.value, s.value)
        tally.value_ok += ok
        if g.value:
            tally.val_gold += 1
            tally.val_ok_gold += ok
        if errors is not None:
            note_pair(errors, text, g, s, ok, value_category, g.value or "(no VAL)")
    if errors is None:
        return
    matched_gold = {i for i, _ in pairs}
    matched_system = {j for _, j in pairs}
    for i, g in enumerate(gold):
        if i not in matched_gold:
            errors.categories[f"miss: {g.type} {value_shape(g.value)}"] += 1
            errors.misses.append(f"{context(text, g.start, g.end)}  {g.type} {g.value}")
    for j, s in enumerate(system):
        if j not in matched_system:
            errors.categories[f"false alarm: {s.type} {value_shape(s.value)}"] += 1
            errors.false_alarms.append(f"{context(text, s.start, s.end)}  {s.type} {s.value}")


def article_names(root: Path) -> list[str]:
    return sorted(p.name.removesuffix(".key.xml") for p in (root / "keyinline").glob("*.key.xml"))


def annotate_articles(articles: Sequence[Article], out: Path) -> float:
    """Annotate the articles into ``out`` as ``conflict-tui annotate`` does (``NAME.txt`` with a
    ``NAME.toml`` sidecar in, ``NAME.tml`` out); return the seconds annotating took."""
    from timeline.annotate import annotate_files, plan

    with tempfile.TemporaryDirectory(prefix="score-timex2-in-") as tmp:
        source = Path(tmp)
        for article in articles:
            (source / f"{article.name}.txt").write_text(article.text, encoding="utf-8", newline="")
            if article.dct is not None:
                (source / f"{article.name}.toml").write_text(
                    f"published = {article.dct.isoformat()}\n", encoding="utf-8"
                )
        pairs, problems = plan([source])
        started = time.perf_counter()
        result = annotate_files(pairs, out, force=True)
        seconds = time.perf_counter() - started
    for problem in [*problems, *result.problems]:
        print(f"annotate: {problem}", file=sys.stderr)
    return seconds


def score_corpus(
    root: Path,
    system_root: Path,
    *,
    all_gold: bool = False,
    errors: Errors | None = None,
    per_doc: dict[str, Timex2Tally] | None = None,
) -> Timex2Tally:
    """Score ``system_root/NAME.tml`` against every ``keyinline/NAME.key.xml`` under ``root``.

    A missing system file counts as a document where the system found nothing."""
    total = Timex2Tally()
    for name in article_names(root):
        article = read_article(root / "in" / f"{name}.sgm")
        key_text, gold = read_gold(
            (root / "keyinline" / f"{name}.key.xml").read_text(encoding="utf-8"), all_gold
        )
        if key_text != article.text:
            print(f"warning: {name}: keyinline TEXT differs from the .sgm TEXT", file=sys.stderr)
        path = system_root / f"{name}.tml"
        if path.is_file():
            tml = path.read_text(encoding="utf-8", errors="replace")
            system = read_system(tml, article.text, str(path))
        else:
            total.missing.append(name)
            system = []
        gold_timexes = [g.as_timex() for g in gold]
        score_article(article.text, gold_timexes, system, total, errors)
        if per_doc is not None:
            score_article(
                article.text, gold_timexes, system, per_doc.setdefault(name, Timex2Tally())
            )
    return total


def run(
    root: Path,
    system_root: Path | None,
    *,
    all_gold: bool = False,
    errors: Errors | None = None,
    per_doc: dict[str, Timex2Tally] | None = None,
) -> tuple[Timex2Tally, float | None]:
    """Score ``system_root``, or annotate the articles into a temporary directory and score
    that; return the tally and the seconds annotating took (None when not annotated)."""
    if system_root is not None:
        return score_corpus(
            root, system_root, all_gold=all_gold, errors=errors, per_doc=per_doc
        ), None
    with tempfile.TemporaryDirectory(prefix="score-timex2-") as tmp:
        articles = [read_article(root / "in" / f"{name}.sgm") for name in article_names(root)]
        seconds = annotate_articles(articles, Path(tmp))
        tally = score_corpus(root, Path(tmp), all_gold=all_gold, errors=errors, per_doc=per_doc)
    return tally, seconds


# --- printing -----------------------------------------------------------------------------


def reference_line(t: Timex2Tally) -> str:
    """The figures in the layout of the WikiWars scorer's ``score`` line, for comparison."""
    m = summary(t)
    with_val = t.val_ok_gold / t.val_gold if t.val_gold else 0.0
    return (
        f"gold {t.gold} system {t.system} | strict P {m['strict_p']:.3f} R {m['strict_r']:.3f} "
        f"F1 {m['strict_f1']:.3f} | relaxed P {m['relaxed_p']:.3f} R {m['relaxed_r']:.3f} "
        f"F1 {m['relaxed_f1']:.3f} | type acc {m['type_acc']:.3f} F1 {m['type_f1']:.3f} (derived) "
        f"| value acc {m['value_acc']:.3f} F1 {m['value_f1']:.3f} "
        f"| value acc (gold with VAL) {with_val:.3f}"
    )


def print_errors(errors: Errors, categories: bool, count: int, what: str) -> None:
    if categories:
        print(f"\nREMAINING ERRORS BY CATEGORY ({what}):")
        for name, n in sorted(errors.categories.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {n:>5}  {name}")
    if count:
        for title, items in (
            ("MISSES", errors.misses),
            ("FALSE ALARMS", errors.false_alarms),
            ("VALUE ERRORS", errors.wrong_values),
        ):
            print(f"\n{title} ({len(items)}):")
            for line in items[:count]:
                print("  " + line)


def print_section(
    root: Path,
    system_root: Path | None,
    *,
    all_gold: bool = False,
    errors_count: int = 0,
    categories: bool = False,
    per_doc: bool = False,
) -> Timex2Tally:
    """Score and print the WikiWars report; return the tally (for a combined table)."""
    errors = Errors() if errors_count or categories else None
    docs: dict[str, Timex2Tally] | None = {} if per_doc else None
    tally, seconds = run(root, system_root, all_gold=all_gold, errors=errors, per_doc=docs)
    which = "all TIMEX2" if all_gold else "outermost TIMEX2"
    title = f"WikiWars, {which} (values case-insensitive; type derived from the gold)"
    rows: dict[str, Tally] = dict(docs or {})
    rows["ALL"] = tally
    report(title, rows, width=max(12, *(len(k) + 2 for k in rows)))
    for name in tally.missing:
        print(f"no system file: {name}")
    with_val = tally.val_ok_gold / tally.val_gold if tally.val_gold else 0.0
    print(
        f"{tally.documents - len(tally.missing)} documents scored, {len(tally.missing)} missing; "
        f"value acc on gold with VAL {with_val:.3f}",
        end="",
    )
    if seconds is not None:
        print(f"; annotated by timeline.annotate in {seconds:.2f} s", end="")
    print()
    if errors is not None:
        print_errors(errors, categories, errors_count, which)
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="WikiWars directory (in/, keyinline/)")
    parser.add_argument("system", type=Path, nargs="?", help="directory of system NAME.tml files")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list N of each error")
    parser.add_argument(
        "--categories", action="store_true", help="count the remaining errors by category"
    )
    parser.add_argument("--all-gold", action="store_true", help="count embedded TIMEX2 too")
    parser.add_argument("--per-doc", action="store_true", help="one row per article")
    args = parser.parse_args(argv)
    if not article_names(args.corpus):
        print(f"no keyinline/*.key.xml under {args.corpus}", file=sys.stderr)
        return 2
    print_section(
        args.corpus,
        args.system,
        all_gold=args.all_gold,
        errors_count=args.errors,
        categories=args.categories,
        per_doc=args.per_doc,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
