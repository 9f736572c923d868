"""Casualty figures as ACLED/UCDP coders count them: the phrasings of ``timeline/data/
casualties.toml`` (its ``[[examples]]``), the word lists it adds, and linear time on hostile input.

The older cases (the seed article, hedges, vague quantities, "including") stay in
tests/test_entities.py.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from timeline.entities import casualties as casualties_module
from timeline.entities import find_casualties
from timeline.entities.lexicon import GENERIC_NOUNS, GROUP_NOUNS, GROUP_PHRASES, table
from timeline.models import Casualty

EXAMPLES: list[dict[str, Any]] = table("casualties")["examples"]
_CHECKED = ("who", "side", "low", "high", "text")


def _value(value: Any) -> Any:
    return None if value == "none" else value


def _show(found: list[Casualty]) -> list[tuple[Any, ...]]:
    return [
        (c.count, c.outcome, c.approximate, c.who, c.side, c.low, c.high, c.text) for c in found
    ]


@pytest.mark.parametrize(
    "example", [pytest.param(e, id=f"examples:{i}") for i, e in enumerate(EXAMPLES)]
)
def test_examples(example: dict[str, Any]) -> None:
    text = example["text"]
    found = find_casualties(text)
    expected = example["figures"]
    assert len(found) == len(expected), _show(found)
    for figure, want in zip(found, expected, strict=True):
        assert (figure.count, figure.outcome) == (want["count"], want["outcome"]), _show(found)
        assert figure.approximate == want.get("approximate", False), _show(found)
        for field in _CHECKED:
            if field in want:
                assert getattr(figure, field) == _value(want[field]), (field, _show(found))
        assert figure.start is not None and figure.end is not None
        assert text[figure.start : figure.end] == figure.text


def test_examples_are_well_formed() -> None:
    assert len(EXAMPLES) >= 40
    allowed = {"count", "outcome", "approximate", *_CHECKED}
    for example in EXAMPLES:
        assert set(example) == {"text", "figures"}, example
        for figure in example["figures"]:
            assert {"count", "outcome"} <= set(figure) <= allowed, figure


# ── the brief's figures, field by field ──


def test_per_side_figures_of_one_sentence() -> None:
    text = "riots in Sumgait caused the death of 26 Armenians and 6 Azerbaijanis"
    assert [(c.count, c.outcome, c.side, c.who) for c in find_casualties(text)] == [
        (26, "killed", "Armenians", "Armenia"),
        (6, "killed", "Azerbaijanis", "Azerbaijan"),
    ]
    text = "an eight-day conflict killed about 170 Palestinians and six Israelis"
    assert [(c.count, c.approximate, c.side) for c in find_casualties(text)] == [
        (170, True, "Palestinians"),
        (6, False, "Israelis"),
    ]


def test_a_range_keeps_its_bounds() -> None:
    (figure,) = find_casualties("killed between 485 and 613 people near Khojaly")
    assert (figure.count, figure.low, figure.high, figure.approximate) == (485, 485, 613, True)
    assert figure.outcome == "killed"


def test_competing_estimates_are_two_figures_with_the_same_bounds() -> None:
    first, second = find_casualties("the ministry said 40 died; activists put the toll at 65")
    assert (first.count, second.count, second.outcome) == (40, 65, "killed")
    assert (first.low, first.high) == (second.low, second.high) == (40, 65)


def test_estimates_in_another_sentence_do_not_compete() -> None:
    first, second = find_casualties("Troops killed 40 people. Activists put the toll at 65.")
    assert (first.low, first.high, second.low, second.high) == (None, None, None, None)


def test_figures_in_a_window_keep_document_offsets() -> None:
    text = "Earlier news. Rebels killed 12 soldiers and three civilians; officials said."
    start = text.index("Rebels")
    found = find_casualties(text, start, len(text))
    assert [(c.count, text[c.start : c.end]) for c in found] == [
        (12, "killed 12 soldiers"),
        (3, "three civilians"),
    ]
    # A range's second number outside the window is not read.
    text = "They killed between 485 and 613 people."
    stop = text.index("613")
    found = find_casualties(text, 0, stop)
    assert all(c.end is not None and c.end <= stop and c.high is None for c in found)


# ── the word lists casualties.toml adds ──


def test_group_nouns_name_who_and_side() -> None:
    for noun in sorted(GROUP_NOUNS - GENERIC_NOUNS) + list(GROUP_PHRASES):
        if noun.endswith("'") or noun in ("civilian",):
            continue
        found = find_casualties(f"Officials said 12 {noun} were killed on Monday.")
        assert [(c.count, c.outcome) for c in found] == [(12, "killed")], noun
        assert found[0].side == noun, noun


def test_noun_outcomes_are_honoured() -> None:
    for phrase, outcome in casualties_module.NOUN_OUTCOMES.items():
        found = find_casualties(f"The strike caused the {phrase} 12 people on Monday.")
        assert [(c.count, c.outcome) for c in found] == [(12, outcome)], phrase


def test_take_verbs_and_prisoner_words_are_honoured() -> None:
    for verb in casualties_module.TAKE_VERBS:
        for word, outcome in casualties_module.PRISONER_WORDS.items():
            found = find_casualties(f"Rebels had {verb} 12 soldiers {word} on Monday.")
            assert [(c.count, c.outcome) for c in found] == [(12, outcome)], (verb, word)


def test_estimate_and_change_verbs_are_honoured() -> None:
    for verb in casualties_module.ESTIMATE_VERBS:
        found = find_casualties(f"Troops killed 40 people; activists {verb} the toll at 65.")
        assert [(c.count, c.low, c.high) for c in found] == [(40, 40, 65), (65, 40, 65)], verb
    for verb in casualties_module.CHANGE_VERBS:
        found = find_casualties(f"The death toll {verb} from 12 to 40.")
        assert [(c.count, c.low, c.high) for c in found] == [(40, None, None)], verb


def test_name_nouns_months_and_things_are_no_figures() -> None:
    for noun in casualties_module.NAME_NOUNS:
        assert find_casualties(f"Under {noun.title()} 12 killed were named.") == [], noun
    for month in casualties_module.MONTHS:
        for text in (f"On 12 {month} killed 30 people.", f"On {month} 12 killed 30 people."):
            assert [c.count for c in find_casualties(text)] == [30], text
    for thing in casualties_module.NOT_PEOPLE:
        assert find_casualties(f"Rebels captured 12 {thing} on Monday.") == [], thing


# ── linear time on hostile input ──


def test_many_numbers_are_read_in_linear_time() -> None:
    text = "1 2 3 and 4 killed " * 200_000
    began = time.perf_counter()
    found = find_casualties(text)
    elapsed = time.perf_counter() - began
    print(f"\n200,000 repetitions of '1 2 3 and 4 killed ': {elapsed:.2f}s, {len(found)} figures")
    assert found  # it completes ("killed 1" is a figure)
    assert all(text[c.start : c.end] == c.text for c in found[:1000])


@pytest.mark.parametrize(
    "text",
    [
        "killed 1" + " " * 100_000 + "x killed",
        "Armenians 1" + " \n" * 50_000 + "x",
        "tens" + " " * 100_000 + "of",
        "between 1" + " " * 100_000 + "and 2 killed",
        "death toll" + " x" * 50_000 + " to 5",
        "12 soldiers" + ", and" * 50_000 + " 3 killed",
        "1," * 100_000 + " killed",
        "killed 9" * 100_000,
        "killed 5; put the toll at 6; " * 20_000,
        "Officials put the toll at 65. " * 20_000,
        "12 soldiers" + " of x" * 50_000 + " were killed",
        "12 soldiers, " + "x " * 50_000 + ", were killed",
        "3 of the" * 50_000 + " killed",
    ],
    ids=[
        "spaces",
        "newlines",
        "vague",
        "range",
        "toll",
        "list",
        "digits",
        "glued",
        "estimates",
        "tolls",
        "prepositions",
        "aside",
        "partitives",
    ],
)
def test_long_runs_stay_linear(text: str) -> None:
    began = time.perf_counter()
    find_casualties(text)
    elapsed = time.perf_counter() - began
    print(f"\n{len(text):,} characters: {elapsed:.2f}s")
    assert elapsed < 30  # completes; a quadratic pattern would take hours
