"""End to end: the bundled seed article's timeline, as the engine issue specifies it."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.models import Event, ExpressionRole, Precision
from timeline.pipeline import build_timeline
from timeline.timeline import Timeline


@pytest.fixture(scope="module")
def seed() -> Timeline:
    return build_timeline([])


def _by_label(seed: Timeline, label: str) -> list[Event]:
    return [e for e in seed.events if e.label == label]


def test_seed_loads_cleanly(seed: Timeline) -> None:
    assert seed.problems == []
    assert len(seed.documents) == 1
    doc = seed.documents[0]
    assert doc.title == "Azerbaijani-Armenian clashes erupt amid NATO war with Russia in Ukraine"
    assert doc.published == date(2022, 9, 15)


def test_seed_event_dates(seed: Timeline) -> None:
    labels = [e.label for e in seed.events]
    for expected in ("1988", "1991", "1992–1994", "2011", "Jul 2022", "12–13 Sep 2022"):
        assert expected in labels, expected
    assert sum(1 for e in seed.events if e.start.year == 2020) == 2
    assert _by_label(seed, "13 Sep 2022"), labels
    assert _by_label(seed, "14 Sep 2022"), labels


def test_seed_span_and_nothing_after_publication(seed: Timeline) -> None:
    assert seed.span is not None
    assert seed.span[0] == date(1988, 1, 1)
    assert all(e.start <= date(2022, 9, 15) and e.end <= date(2022, 9, 15) for e in seed.events)
    assert not any(1995 <= e.start.year <= 2010 for e in seed.events)


def test_seed_precisions(seed: Timeline) -> None:
    expected = {
        "1988": Precision.YEAR,
        "1992–1994": Precision.YEAR,
        "Jul 2022": Precision.MONTH,
        "12–13 Sep 2022": Precision.DAY,
        "13 Sep 2022": Precision.DAY,
        "14 Sep 2022": Precision.DAY,
    }
    for label, precision in expected.items():
        assert {e.precision for e in _by_label(seed, label)} == {precision}, label


def test_no_event_from_pronouns_now_or_october(seed: Timeline) -> None:
    for event in seed.events:
        text = event.expression.text.lower()
        assert text not in {"we", "now", "currently", "a", "are"}
        assert "october" not in text


def test_night_of_september_event(seed: Timeline) -> None:
    (event,) = _by_label(seed, "12–13 Sep 2022")
    assert event.start == date(2022, 9, 12) and event.end == date(2022, 9, 13)
    assert event.sentences[0].text.startswith("Fighting broke out between Azeri and Armenian")
    assert {"Vardenis", "Goris", "Sotk", "Jermuk"} <= {p.name for p in event.places}
    assert {"Azerbaijan", "Armenia"} & {a.country or a.name for a in event.actors}


def test_sentence_with_two_dates_gives_two_events(seed: Timeline) -> None:
    sentence = "Clashes continued yesterday between the two former Soviet republics"
    events = [e for e in seed.events if e.sentences[0].text.startswith(sentence)]
    assert sorted(e.label for e in events) == ["13 Sep 2022", "14 Sep 2022"]


def test_defense_ministry_sentences_join_september_13(seed: Timeline) -> None:
    (event,) = [
        e for e in _by_label(seed, "13 Sep 2022") if e.sentences[0].text.startswith("On September")
    ]
    texts = [s.text for s in event.sentences]
    assert any(t.startswith("The Armenian Defense Ministry reported") for t in texts)
    assert any(t.startswith("The Azerbaijani Defense Ministry for its part") for t in texts)


def test_pashinyan_casualties(seed: Timeline) -> None:
    # "Yesterday, ... Pashinyan reported that 105 ... had been killed so far in this month's
    # fighting": the figures date the month's fighting; yesterday is when they were reported.
    (event,) = [e for e in _by_label(seed, "Sep 2022") if "105" in e.sentences[0].text]
    assert event.reported is not None and event.reported.start == date(2022, 9, 14)
    assert event.expression.role is ExpressionRole.HAPPENING
    names = {a.name for a in event.actors}
    # Pashinyan reports the figures: a source of the event, named in it, but no party to it.
    assert "Nikol Pashinyan" not in names and "Armenian forces" in names
    assert "Nikol Pashinyan" in {m.name for m in event.mentions}
    figures = {(c.count, c.outcome, c.who) for c in event.casualties}
    assert (105, "killed", "Armenia") in figures
    assert any(c.count == 50 for c in event.casualties)  # the next sentence, same event


def test_range_1992_1994(seed: Timeline) -> None:
    (event,) = _by_label(seed, "1992–1994")
    assert (event.start, event.end) == (date(1992, 1, 1), date(1994, 12, 31))
    assert any(c.count == 30000 and c.outcome == "killed" for c in event.casualties)


def test_2020_events(seed: Timeline) -> None:
    events = [e for e in seed.events if e.start.year == 2020]
    assert all(e.precision is Precision.YEAR for e in events)
    war = next(e for e in events if "nearly 7,000" in e.sentences[0].text or len(e.sentences) > 1)
    counts = {c.count for c in war.casualties}
    assert {7000, 3006, 100, 3910, 85} <= counts


def test_spans_point_at_their_text(seed: Timeline) -> None:
    text = seed.documents[0].text
    for event in seed.events:
        expr = event.expression
        assert text[expr.start : expr.end] == expr.text
        for sentence in event.sentences:
            assert text[sentence.start : sentence.end] == sentence.text
        for mention in event.mentions:
            assert text[mention.start : mention.end] == mention.text


def test_ids_are_stable_and_unique(seed: Timeline) -> None:
    again = build_timeline([])
    assert [e.id for e in seed.events] == [e.id for e in again.events]
    assert len({e.id for e in seed.events}) == len(seed.events)


def test_headlines_are_short(seed: Timeline) -> None:
    for event in seed.events:
        assert 10 < len(event.headline) <= 100, event.headline
