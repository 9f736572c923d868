"""Every rule's examples and negatives, read from ``timeline/temporal/rules/*.examples.toml``.

An example says: the rule spots this span of the sentence, and the engine returns it with these
fields; a negative: no expression of the sentence covers this word. To add a phrase, add an
entry to the TOML file under its rule (the file's header describes the fields); the test ids
name the family and the rule ("dates.month_day:2"). Cross-cutting cases (the seed article,
ranges joined from two expressions, carried years, words no rule should ever match) stay in
tests/test_temporal_grammar.py.
"""

from __future__ import annotations

import tomllib
from datetime import date
from typing import Any

import pytest

from timeline.models import Modifier, Precision, TimeExpression, TimeKind
from timeline.temporal import extract_times
from timeline.temporal.base import RULES, Builder
from timeline.temporal.grammar import POINT_RULES, RANGE_RULES
from timeline.temporal.lexicon import RULES_DIR

DCT = date(2022, 9, 15)  # a Thursday, as in tests/test_temporal_grammar.py
FAMILIES = ("dates", "years", "relative", "durations", "ranges")

# Example fields → (TimeExpression attribute, how to read the TOML value).
_FIELDS: dict[str, tuple[str, Any]] = {
    "value": ("value", str),
    "kind": ("kind", lambda v: TimeKind[v]),
    "precision": ("precision", lambda v: Precision[v]),
    "modifier": ("modifier", lambda v: Modifier[v]),
    "start": ("date_start", lambda v: v),
    "end": ("date_end", lambda v: v),
    "anchored": ("anchored", bool),
}


def _read(value: Any, parse: Any) -> Any:
    return None if value == "none" else parse(value)


def _load() -> dict[str, dict[str, Any]]:
    """Family → rule name → {"examples": [...], "negatives": [...]}."""
    out: dict[str, dict[str, Any]] = {}
    for family in FAMILIES:
        with (RULES_DIR / f"{family}.examples.toml").open("rb") as f:
            out[family] = tomllib.load(f)
    return out


ENTRIES = _load()


def _builder(family: str, name: str) -> Builder:
    module = __import__(f"timeline.temporal.{family}", fromlist=["_"])
    build: Builder = getattr(module, f"_{name}")
    return build


def _cases(kind: str) -> list[Any]:
    return [
        pytest.param(family, name, entry, id=f"{family}.{name}:{i}")
        for family, rules in ENTRIES.items()
        for name, sections in rules.items()
        for i, entry in enumerate(sections.get(kind, []))
    ]


EXAMPLES = _cases("examples")
NEGATIVES = _cases("negatives")


def _find(found: list[TimeExpression], span: str) -> TimeExpression:
    matches = [e for e in found if e.text == span]
    assert matches, f"{span!r} not found in {[(e.text, e.value) for e in found]}"
    return matches[0]


@pytest.mark.parametrize(("family", "name", "entry"), EXAMPLES)
def test_example(family: str, name: str, entry: dict[str, Any]) -> None:
    sentence, span = entry["sentence"], entry["span"]
    dct = _read(entry.get("dct", DCT), lambda v: v)
    expr = _find(extract_times(sentence, dct), span)
    assert sentence[expr.start : expr.end] == expr.text
    for key, (attr, parse) in _FIELDS.items():
        if key in entry:
            assert getattr(expr, attr) == _read(entry[key], parse), (key, expr)
    if expr.anchored:
        assert expr.date_start is not None and expr.date_end is not None
        assert expr.date_start <= expr.date_end
    else:
        assert expr.date_start is None and expr.date_end is None
    # The example is this rule's: its pattern and builder spot exactly that span.
    rule = RULES[_builder(family, name)]
    spans = set()
    for m in rule.pattern.finditer(sentence):
        cand = rule.build(m, sentence)
        if cand is not None:
            spans.add((cand.start, cand.end))
    assert (expr.start, expr.end) in spans, f"{name} does not spot {span!r}: {spans}"


def _covers(expr: TimeExpression, sentence: str, word: str) -> bool:
    i = sentence.find(word)
    assert i >= 0, f"{word!r} not in {sentence!r}"
    return expr.start < i + len(word) and i < expr.end


# Without any_kind, a negative only forbids these (a vague duration may cover the word).
_POINT_KINDS = {TimeKind.DATE, TimeKind.RANGE, TimeKind.TIME, TimeKind.SET}


@pytest.mark.parametrize(("family", "name", "entry"), NEGATIVES)
def test_negative(family: str, name: str, entry: dict[str, Any]) -> None:
    sentence, word = entry["sentence"], entry["word"]
    kinds = set(TimeKind) if entry.get("any_kind") else _POINT_KINDS
    for dct in (DCT, None):
        for expr in extract_times(sentence, dct):
            if expr.kind in kinds:
                assert not _covers(expr, sentence, word), expr


def test_every_rule_has_an_example_and_a_place_in_the_order() -> None:
    named = {
        _builder(family, name)
        for family, rules in ENTRIES.items()
        for name, sections in rules.items()
        if sections.get("examples")
    }
    listed = [r.build for r in RANGE_RULES + POINT_RULES]
    assert len(listed) == len(set(listed)), "a rule is listed twice in grammar.py"
    assert set(listed) == set(RULES), "every registered rule is listed in grammar.py, once"
    assert all(r.is_range for r in RANGE_RULES) and not any(r.is_range for r in POINT_RULES)
    missing = sorted(b.__name__ for b in RULES if b not in named)
    assert not missing, f"rules without examples: {missing}"


def test_entries_name_existing_rules_and_known_fields() -> None:
    allowed = {"sentence", "span", "dct", *_FIELDS}
    for family, rules in ENTRIES.items():
        for name, sections in rules.items():
            assert _builder(family, name) in RULES, f"{family}.{name} is not a rule"
            assert set(sections) <= {"examples", "negatives"}, (family, name)
            for entry in sections.get("examples", []):
                assert set(entry) <= allowed, (family, name, set(entry) - allowed)
            for entry in sections.get("negatives", []):
                assert set(entry) <= {"sentence", "word", "any_kind"}, (family, name)
