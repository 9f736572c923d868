"""Tests for timeline.segment: the seed article, tricky cases, and offset invariants."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.models import Genre, Paragraph
from timeline.segment import segment
from timeline.temporal import extract_times
from timeline.text import sentence_starts

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_b2d011834734ebc9.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_paragraphs(seed_text: str) -> list[Paragraph]:
    return segment(seed_text)


def sentence_texts(text: str) -> list[str]:
    return [s.text for p in segment(text) for s in p.sentences]


def check_invariants(text: str, paragraphs: list[Paragraph]) -> None:
    """Offsets point at the claimed text; spans are trimmed, ordered, nested and covering."""
    previous_end = 0
    for p in paragraphs:
        assert text[p.start : p.end] == p.text
        assert p.text and p.text == p.text.strip()
        assert p.start >= previous_end
        # Between paragraphs there is only whitespace.
        assert not text[previous_end : p.start].strip()
        previous_end = p.end
        assert p.sentences, "a paragraph always has at least one sentence"
        cursor = p.start
        for s in p.sentences:
            assert text[s.start : s.end] == s.text
            assert s.text and s.text == s.text.strip()
            assert p.start <= s.start < s.end <= p.end
            assert s.start >= cursor
            # Sentences plus whitespace cover the paragraph.
            assert not text[cursor : s.start].strip()
            cursor = s.end
        assert cursor == p.end
    assert not text[previous_end:].strip()


# --- the seed article ---------------------------------------------------------------------


def test_seed_paragraph_count(seed_paragraphs: list[Paragraph]) -> None:
    assert len(seed_paragraphs) == 27
    assert seed_paragraphs[0].text == (
        "Azerbaijani-Armenian clashes erupt amid NATO war with Russia in Ukraine"
    )
    assert seed_paragraphs[-4].text == "About William Ferguson"


def test_seed_invariants(seed_text: str, seed_paragraphs: list[Paragraph]) -> None:
    check_invariants(seed_text, seed_paragraphs)


def test_seed_stray_period_in_name_is_not_a_break(seed_paragraphs: list[Paragraph]) -> None:
    texts = [s.text for p in seed_paragraphs for s in p.sentences]
    matches = [t for t in texts if "Antony. Blinken." in t]
    assert len(matches) == 1
    assert matches[0].startswith("“Whether Russia is somehow trying to stir the pot")
    assert "Blinken." not in texts


def test_seed_no_punctuation_only_sentences(seed_paragraphs: list[Paragraph]) -> None:
    for p in seed_paragraphs:
        for s in p.sentences:
            assert s.text.strip() not in {"", ".", ". ."}
            assert any(ch.isalnum() for ch in s.text), s.text


@pytest.mark.parametrize(
    "sentence",
    [
        "Azerbaijan reported 50 dead among its troops.",
        "The full extent of the damage remains uncertain.",
        "Currently, the fighting continues.",
        "First, the Russian defeat at Kharkov.",
        "“The fire is very intense in the area, the roads are also under shelling, we are hiding.”",
        "Macron also said he spoke to Pashinyan to emphasize French support for “respect for "
        "the territorial integrity of Armenia”.",
        "Of course, this attitude will have consequences for the Armenian side,” he said.",
    ],
)
def test_seed_specific_sentences(seed_paragraphs: list[Paragraph], sentence: str) -> None:
    assert sentence in [s.text for p in seed_paragraphs for s in p.sentences]


def test_seed_double_period_attached_to_previous(seed_paragraphs: list[Paragraph]) -> None:
    texts = [s.text for p in seed_paragraphs for s in p.sentences]
    assert any(t.endswith("roofs and windows are damaged. .") for t in texts)
    assert any(t.endswith("think tank in London. .") for t in texts)
    # "happening. happen,” he added." continues: a lowercase word never starts a sentence.
    assert any(t.endswith("prevent this from happening. happen,” he added.") for t in texts)


def test_seed_paragraph_sentence_counts(seed_paragraphs: list[Paragraph]) -> None:
    counts = [len(p.sentences) for p in seed_paragraphs]
    assert counts[:4] == [1, 2, 2, 2]
    assert sum(counts) == 56


# --- tricky cases -------------------------------------------------------------------------

TRICKY: list[tuple[str, list[str]]] = [
    (
        "Dr. Smith met Mr. Jones and Mrs. Brown. They talked.",
        ["Dr. Smith met Mr. Jones and Mrs. Brown.", "They talked."],
    ),
    (
        "The U.S. Army and U.N. troops met E.U. and U.K. envoys. Nothing changed.",
        ["The U.S. Army and U.N. troops met E.U. and U.K. envoys.", "Nothing changed."],
    ),
    ("He lives in the U.S. The war goes on.", ["He lives in the U.S.", "The war goes on."]),
    (
        "George W. Bush spoke. J. R. R. Tolkien wrote books.",
        ["George W. Bush spoke.", "J. R. R. Tolkien wrote books."],
    ),
    (
        "Gen. Milley, Lt. Col. Vindman, Maj. Lee, Sgt. Ortiz, Capt. Roe and Adm. Gray left.",
        ["Gen. Milley, Lt. Col. Vindman, Maj. Lee, Sgt. Ortiz, Capt. Roe and Adm. Gray left."],
    ),
    (
        "Gov. Ames, Sen. Bell, Rep. Cruz and Rev. Dean met at St. Paul near Mt. Hood.",
        ["Gov. Ames, Sen. Bell, Rep. Cruz and Rev. Dean met at St. Paul near Mt. Hood."],
    ),
    (
        "It started on Sept. 11 and ended on Jan. 5, Feb. 2, Aug. 3, Oct. 4, Nov. 5 or Dec. 6.",
        ["It started on Sept. 11 and ended on Jan. 5, Feb. 2, Aug. 3, Oct. 4, Nov. 5 or Dec. 6."],
    ),
    ("No. 10 Downing St. was quiet.", ["No. 10 Downing St. was quiet."]),
    ("He said no. Then he left.", ["He said no.", "Then he left."]),
    ("Ali vs. Frazier was long.", ["Ali vs. Frazier was long."]),
    (
        "They brought guns, tanks, etc. The war began.",
        ["They brought guns, tanks, etc.", "The war began."],
    ),
    ("They brought guns, tanks, etc. and more.", ["They brought guns, tanks, etc. and more."]),
    (
        "Some states, e.g. Iran, and others, i.e. Turkey, objected.",
        ["Some states, e.g. Iran, and others, i.e. Turkey, objected."],
    ),
    ("It began at 3 p.m. Friday and ended.", ["It began at 3 p.m. Friday and ended."]),
    (
        "At 5 a.m. Moscow time the ministry said the crossing was over.",
        ["At 5 a.m. Moscow time the ministry said the crossing was over."],
    ),
    (
        "The strike came at 9 p.m. Kyiv Time, officials said.",
        ["The strike came at 9 p.m. Kyiv Time, officials said."],
    ),
    (
        "The attack began at 5 a.m. Troops advanced.",
        ["The attack began at 5 a.m.", "Troops advanced."],
    ),
    (
        "He said, “We will fight.” Then he left.",
        ["He said, “We will fight.”", "Then he left."],
    ),
    (
        'He said, "We will fight." Then he left.',
        ['He said, "We will fight."', "Then he left."],
    ),
    ("She said, ‘Go.’ He went.", ["She said, ‘Go.’", "He went."]),
    ("“Why?” he asked. Nobody knew!", ["“Why?” he asked.", "Nobody knew!"]),
    ("Is it over? Nobody knows! Really.", ["Is it over?", "Nobody knows!", "Really."]),
    ("Wait… it was over.", ["Wait… it was over."]),
    ("Wait... it was over.", ["Wait... it was over."]),
    ("Wait… It was over.", ["Wait…", "It was over."]),
    ("They waited . . . and then left.", ["They waited . . . and then left."]),
    (
        "said Secretary Antony. Blinken. Others agreed.",
        ["said Secretary Antony. Blinken.", "Others agreed."],
    ),
    ("He arrived in Moscow. Nothing.", ["He arrived in Moscow.", "Nothing."]),
    ("He met Obama. Nothing happened.", ["He met Obama.", "Nothing happened."]),
    (
        "roofs are damaged. . The full extent is unknown.",
        ["roofs are damaged. .", "The full extent is unknown."],
    ),
    ("It ended. .", ["It ended. ."]),
    (". Hello there.", [". Hello there."]),
    ("Prices rose 3.5 percent. Markets fell.", ["Prices rose 3.5 percent.", "Markets fell."]),
    ("(He left.) Then she came.", ["(He left.)", "Then she came."]),
    ("The U.S.-backed force won. It held.", ["The U.S.-backed force won.", "It held."]),
    ("It fell in 1991. 30,000 died.", ["It fell in 1991.", "30,000 died."]),
    ("He wrote:\n“It is over.” Then silence.", ["He wrote:\n“It is over.”", "Then silence."]),
    ("No terminal punctuation", ["No terminal punctuation"]),
]


@pytest.mark.parametrize(("text", "expected"), TRICKY)
def test_tricky_sentences(text: str, expected: list[str]) -> None:
    paragraphs = segment(text)
    assert sentence_texts(text) == expected
    check_invariants(text, paragraphs)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One.\n\nTwo.", ["One.", "Two."]),
        ("line one\nline two", ["line one\nline two"]),
        ("A.\n  \n\t\n\nB.", ["A.", "B."]),
        ("A.\r\n\r\nB.", ["A.", "B."]),
        (
            "Check Also\nErdogan says something here.",
            ["Check Also", "Erdogan says something here."],
        ),
        ("# Heading\nText here.", ["# Heading", "Text here."]),
        ("Armenian forces\nattacked the town.", ["Armenian forces\nattacked the town."]),
        (
            "The war ended.\nAFTERMATH\nTroops left.",
            ["The war ended.", "AFTERMATH", "Troops left."],
        ),
        (
            # Hard-wrapped prose: a capitalised line that was wrapped is not a heading.
            "The talks failed.\nArmenian Prime Minister Nikol Pashinyan and Foreign "
            "Minister Ararat\nMirzoyan left.",
            [
                "The talks failed.\nArmenian Prime Minister Nikol Pashinyan and Foreign Minister "
                "Ararat\nMirzoyan left."
            ],
        ),
        ("About William Ferguson\nHe writes.", ["About William Ferguson", "He writes."]),
        ("  \n\n  ", []),
        ("", []),
    ],
)
def test_paragraphs(text: str, expected: list[str]) -> None:
    paragraphs = segment(text)
    assert [p.text for p in paragraphs] == expected
    check_invariants(text, paragraphs)


def test_sentence_does_not_cross_paragraph_break() -> None:
    text = "The fighting began at dawn\n\nand stopped at noon."
    assert sentence_texts(text) == ["The fighting began at dawn", "and stopped at noon."]


def test_offsets_in_second_paragraph() -> None:
    text = "First one.\n\n  Second one. Third one.  "
    paragraphs = segment(text)
    second = paragraphs[1]
    assert (second.start, second.end) == (14, 36)
    assert [(s.start, s.end) for s in second.sentences] == [(14, 25), (26, 36)]


# --- one splitter for segment and the temporal tagger ------------------------------------


def test_digit_before_period_is_not_an_initial() -> None:
    # A one-character word before a period is an initial only when it is a capital letter.
    text = "Flights resume from March 30 and from August 6. Seats will double."
    assert sentence_texts(text) == [
        "Flights resume from March 30 and from August 6.",
        "Seats will double.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "  Opening with space. Then more.\n\nA new paragraph",
        "HEADLINE IN CAPITALS\nThe story starts here. It goes on.",
        "Dr. Smith left at 5 p.m. Friday. He came back on Sept. 12.",
    ],
)
def test_sentence_starts_are_segment_sentences(text: str) -> None:
    spans = [(s.start, s.end) for p in segment(text) for s in p.sentences]
    expected = [0, *(start for start, _ in spans if start > 0)]
    assert sentence_starts(text) == expected
    assert sentence_starts(text, spans) == expected
    assert sentence_starts(text, [s for p in segment(text) for s in p.sentences]) == expected


def test_extract_times_reads_the_sentences_it_is_given(seed_text: str) -> None:
    sentences = [s for p in segment(seed_text) for s in p.sentences]
    dct = date(2022, 9, 14)
    assert extract_times(seed_text, dct, sentences=sentences) == extract_times(seed_text, dct)


def test_extract_times_resets_the_year_at_a_given_sentence() -> None:
    # In news, "May 3" takes the year its own sentence named, else the dct's.
    text = "It ended in 2019 and May 3 came"
    dct = date(2022, 9, 14)
    whole = extract_times(text, dct, Genre.NEWS)
    split = extract_times(text, dct, Genre.NEWS, sentences=[(0, 16), (17, 31)])
    assert {e.text: e.value for e in whole}["May 3"] == "2019-05-03"
    assert {e.text: e.value for e in split}["May 3"] != "2019-05-03"


# --- performance --------------------------------------------------------------------------


def test_one_megabyte(seed_text: str) -> None:
    copies = 1_000_000 // len(seed_text) + 1
    big = (seed_text + "\n\n") * copies
    paragraphs = segment(big)
    assert len(paragraphs) == copies * len(segment(seed_text))


@pytest.mark.parametrize(
    "text",
    [
        "." * 300_000,
        ". " * 150_000,
        "\n" * 300_000,
        " \n" * 150_000,
        "a.b" * 100_000,
        "x" * 300_000,
        "… " * 150_000,
        "Check Also\n" * 30_000,
    ],
    ids=[
        "dots",
        "spaced-dots",
        "newlines",
        "blank-lines",
        "dotted",
        "one-word",
        "ellipses",
        "titles",
    ],
)
def test_pathological_inputs_stay_linear(text: str) -> None:
    started = time.perf_counter()
    paragraphs = segment(text)
    # A hang guard, not a speed target: linear work here takes well under 0.1 s, while a
    # backtracking regex would take minutes. Speed is measured in scripts/bench_extract.py.
    assert time.perf_counter() - started < 10.0
    check_invariants(text, paragraphs)


# --- properties ---------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    [
        *"aAbBzZ09 .!?…\n\t\r,;:\"'“”‘’()[]«»-#",
        "U.S.",
        "Dr.",
        "etc.",
        "p.m.",
        "e.g.",
        "W.",
        " . ",
        "\n\n",
        "...",
        "\u2028",
        "\x0b",
    ]
)
_TEXTS = st.lists(_ALPHABET, max_size=80).map("".join)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_property_structured_text(text: str) -> None:
    check_invariants(text, segment(text))


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_property_any_text(text: str) -> None:
    check_invariants(text, segment(text))


@settings(max_examples=200)
@given(
    st.lists(
        st.sampled_from(["Antony", "the", "U.S", "Blinken", "A", "it"]), min_size=1, max_size=12
    )
)
def test_property_words_and_periods(words: list[str]) -> None:
    text = ". ".join(words) + "."
    paragraphs = segment(text)
    check_invariants(text, paragraphs)
    for p in paragraphs:
        for s in p.sentences:
            assert s.text != "."
