"""Tests for timeline.text: word sets, number words and the regex builders for names."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.text import (
    NUMBER_WORDS,
    WS,
    alternation,
    trie_pattern,
    word_matches_of,
    word_trie_pattern,
    words,
)


def test_words_reads_a_spaced_string() -> None:
    assert words("  alpha beta\n gamma beta ") == frozenset({"alpha", "beta", "gamma"})


@pytest.mark.parametrize(
    ("word", "value"), [("zero", 0), ("seven", 7), ("nineteen", 19), ("twenty", 20), ("ninety", 90)]
)
def test_number_words(word: str, value: int) -> None:
    assert NUMBER_WORDS[word] == value


@pytest.mark.parametrize("word", ["hundred", "a", "dozen", "twenty-one", "Seven"])
def test_number_words_are_only_the_lower_case_cardinals(word: str) -> None:
    assert word not in NUMBER_WORDS


@pytest.mark.parametrize(
    ("strings", "text", "found"),
    [
        (["war", "war crimes"], "war crimes trial", "war crimes"),  # longest first
        (["a.b", "c"], "axb a.b", "a.b"),  # literal: the dot is escaped
        (["armed forces"], "armed\n  forces", None),  # without `space`, only one space
    ],
)
def test_alternation(strings: list[str], text: str, found: str | None) -> None:
    match = re.search(alternation(strings), text)
    assert (match.group() if match else None) == found


def test_alternation_with_space() -> None:
    pattern = re.compile(alternation(["armed forces"], space=WS))
    assert pattern.fullmatch("armed\n  forces")
    assert not pattern.fullmatch("armed\n\nforces")  # never across a blank line


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("New York Times", "New York Times"),
        ("New Yorker", "New York"),  # a prefix when the longer name does not follow
        ("New\nYork", "New\nYork"),  # a name may wrap onto the next line
        ("Jane. Doe", "Jane. Doe"),  # a loose name tolerates a stray period
        ("Jane’s", "Jane’s"),  # either apostrophe
        ("Old York", None),
    ],
)
def test_trie_pattern(text: str, found: str | None) -> None:
    names = [("New York", False), ("New York Times", False), ("Jane Doe", True), ("Jane's", False)]
    match = re.search(trie_pattern(names), text)
    assert (match.group() if match else None) == found


def test_trie_pattern_of_nothing_matches_nothing() -> None:
    assert re.search(trie_pattern([]), "anything") is None


# Texts and names over a small alphabet, so that names, their prefixes, word characters
# on either side, spaces, newlines, periods and both apostrophes meet often.
_ALPHABET = "abAB9_ .'’\n-é"
_NAMES = st.lists(st.tuples(st.text(_ALPHABET, min_size=0, max_size=5), st.booleans()), max_size=6)


@settings(max_examples=400, deadline=None)
@given(names=_NAMES, text=st.text(_ALPHABET, max_size=60))
def test_word_trie_pattern_matches_as_the_trie_between_word_bounds(
    names: list[tuple[str, bool]], text: str
) -> None:
    # The same matches, at the same places, as the plain form it is written to replace.
    plain = re.compile(rf"(?<!\w)(?:{trie_pattern(names)})(?!\w)")
    fast = re.compile(word_trie_pattern(names))
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
    for pos in range(len(text) + 1):  # a scan from inside the text sees what lies before
        assert [m.span() for m in fast.finditer(text, pos)] == [
            m.span() for m in plain.finditer(text, pos)
        ]


# Names as the tagger has them: runs of letters joined by one space or apostrophe (a trailing
# one too, read by the fallback regex), all loose or all strict.
_CHUNK = st.text("abAB9_-é", min_size=1, max_size=4)
_NAME = st.builds(
    lambda chunks, seps: "".join(c + s for c, s in zip(chunks, [*seps, ""], strict=False)),
    st.lists(_CHUNK, min_size=1, max_size=3),
    st.lists(st.sampled_from([" ", "'", "’"]), min_size=2, max_size=2),
)


@settings(max_examples=1000, deadline=None)
@given(names=st.lists(_NAME, max_size=6), loose=st.booleans(), text=st.text(_ALPHABET, max_size=60))
def test_word_matches_of_finds_what_the_trie_pattern_finds(
    names: list[str], loose: bool, text: str
) -> None:
    strings = [(name, loose) for name in names]
    trie = re.compile(word_trie_pattern(strings))
    assert word_matches_of(text, strings) == [m.span() for m in trie.finditer(text)]


def test_word_matches_of_prefers_the_leftmost_then_the_longest() -> None:
    text = "Ilham Aliyev met Aliyev's aide; Abu Abu Bakr spoke."
    names = [("Aliyev", True), ("Ilham Aliyev", True), ("Abu Bakr", False), ("Abu", False)]
    assert [text[a:b] for a, b in word_matches_of(text, names)] == [
        "Ilham Aliyev", "Aliyev", "Abu", "Abu Bakr",
    ]  # fmt: skip


def test_word_trie_pattern_is_found_by_its_first_characters() -> None:
    pattern = word_trie_pattern([("Aliyev", False), ("Pashinyan", True), ("O'Brien", True)])
    assert not pattern.startswith("(?<!")  # the engine may skip to an "A", "P" or "O"
    found = re.findall(pattern, "Aliyevs met Pashinyan. O’Brien, not xAliyev, nor Aliyev_")
    assert found == ["Pashinyan", "O’Brien"]
