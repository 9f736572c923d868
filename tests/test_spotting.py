"""Spotting shortcuts give the same candidates as the plain ways (texts written for these
tests): trigger words found by the Aho-Corasick automaton or one scan per word, and
patterns tried only where a match can start or at every position."""

from __future__ import annotations

import re

import pytest

from timeline.temporal import spotting
from timeline.temporal.engine import spot, spot_exhaustive
from timeline.temporal.grammar import POINT_RULES, RANGE_RULES

TEXTS = [
    "On Tuesday, September 13, 2022, shelling resumed; by mid-October 2022 it had stopped.",
    "The siege lasted from 3 March to 10 May 2016, about 1916 people died, the 1990s ended.",
    "Eight days after the ceasefire of 10 November 2020, refugees returned. In 480 BC the "
    "fleet sailed; the following year it lost. Later that same day, troops left at 6 a.m.",
    "KARVEL, Sept. 14 — Yesterday's talks, a week after the vote, failed. Spring came early.",
    "İstanbul’s Q3 results, ſpring and the KELVIN sign: none of these are dates. 12/05/2021.",
]
RULES = RANGE_RULES + POINT_RULES


def _spans(found: list) -> list[tuple[int, int, int]]:
    return sorted((c.start, c.end, c.priority) for c in found)


@pytest.mark.parametrize("text", TEXTS)
def test_the_automaton_finds_the_words_a_scan_per_word_finds(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_automaton = _spans(spot(text, RULES))
    monkeypatch.setattr(spotting, "_find_trigger_words", lambda folded: None)
    assert _spans(spot(text, RULES)) == with_automaton


@pytest.mark.parametrize("text", TEXTS)
def test_windowed_spotting_with_start_classes_equals_a_full_scan(text: str) -> None:
    assert _spans(spot(text, RULES)) == _spans(spot_exhaustive(text, RULES))


def test_some_patterns_are_tried_only_where_they_can_start() -> None:
    for rule in RULES:
        rule.compiled()
    shortcuts = [r for r in RULES if spotting._STARTS.get(r.pattern) is not None]
    assert shortcuts, "no rule gained a start class: the optimisation went missing"
    for rule in shortcuts:
        starts = spotting._STARTS[rule.pattern]
        assert starts is not None and re.fullmatch(r"\[.+\]", starts.pattern)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?:(?P<wd>Monday),?\s+)?(?P<mo>Jan|Feb)", "[FJM]"),
        (r"(?i:s)pring", None),  # a literal first: the regex engine skips on its own
        (r"x?", None),  # can match empty
        (r"(?:(?P<q>(?i:the|a))\s+)?\d+", None),  # its first characters are common
    ],
)
def test_start_classes(pattern: str, expected: str | None) -> None:
    found = spotting.first_chars(re._parser.parse(pattern))  # type: ignore[attr-defined]
    assert (found.pattern if found else None) == expected
