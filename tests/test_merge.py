"""One event per happening (timeline/merge.py): merges across and within documents, and the
distinct happenings of one day that must stay apart."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest

from timeline.entities import EntityTagger
from timeline.events import analyze
from timeline.gazetteer import load_gazetteer
from timeline.merge import (
    MentionFeatures,
    _apart,
    _Mention,
    mention_features,
    merge_mentions,
    why_apart,
)
from timeline.models import Document, Place
from timeline.pipeline import extract_events


@pytest.fixture(scope="module")
def tagger() -> EntityTagger:
    return EntityTagger(load_gazetteer(()))


def doc(name: str, text: str, published: date | None = date(2022, 3, 1)) -> Document:
    return Document(id=name, title=name, path=f"{name}.txt", published=published, text=text)


def test_one_happening_told_in_two_documents_is_one_event_with_both_sources(tagger) -> None:
    a = doc(
        "a", "Russian forces shelled the central market in Kharkiv on 24 February 2022, killing 12."
    )
    b = doc(
        "b",
        "On 24 February 2022, Russian forces shelled the central market of Kharkiv, killing 14 "
        "people, officials said.",
        date(2022, 2, 28),
    )
    (event,) = extract_events([a, b], tagger)
    assert [s.document.id for s in event.sources] == ["b", "a"]  # earlier-published first
    assert event.document.id == "b"
    assert sorted(c.count for s in event.sources for c in s.casualties) == [12, 14]
    assert [c.count for c in event.casualties] == [14]  # the primary's, never a sum
    assert event.id == min(event.mention_ids) and len(event.mention_ids) == 2


def test_a_day_inside_a_month_told_elsewhere_merges_with_it(tagger) -> None:
    a = doc("a", "Russian forces invaded Ukraine from Belarus on 24 February 2022.")
    b = doc("b", "Russian forces invaded Ukraine from Belarus in February 2022.")
    (event,) = extract_events([a, b], tagger)
    assert event.label == "24 Feb 2022" and len(event.sources) == 2


def test_two_happenings_of_the_same_day_and_place_stay_apart(tagger) -> None:
    text = (
        "On 24 February 2022, Russian missiles struck the power station in Kharkiv.\n\n"
        "On 24 February 2022, protesters marched through central Kharkiv against the war."
    )
    events = extract_events([doc("a", text)], tagger)
    assert len(events) == 2


def test_next_day_is_another_happening(tagger) -> None:
    a = doc("a", "Russian forces shelled the central market in Kharkiv on 24 February 2022.")
    b = doc("b", "Russian forces shelled the central market in Kharkiv on 25 February 2022.")
    assert len(extract_events([a, b], tagger)) == 2


def test_different_places_need_near_identical_wording(tagger) -> None:
    a = doc("a", "Russian forces shelled the railway station in Kharkiv on 24 February 2022.")
    b = doc("b", "Russian troops shelled apartment blocks in Mariupol on 24 February 2022.")
    assert len(extract_events([a, b], tagger)) == 2


def test_merging_does_not_depend_on_the_order_of_files(tagger) -> None:
    a = doc("a", "Russian forces shelled the central market in Kharkiv on 24 February 2022.")
    b = doc("b", "On 24 February 2022 Russian forces shelled the Kharkiv central market.")
    first = extract_events([a, b], tagger)
    second = extract_events([b, a], tagger)
    assert [e.id for e in first] == [e.id for e in second]
    assert first[0].mention_ids == second[0].mention_ids


def test_a_single_mention_is_returned_as_it_is(tagger) -> None:
    (event,) = extract_events([doc("a", "Troops crossed the border on 12 February 2022.")], tagger)
    assert event.mention_ids == [event.id] and len(event.sources) == 1
    assert merge_mentions([event]) == [event]


def test_a_mention_naming_no_place_is_of_its_documents_place(tagger) -> None:
    # The Kherson article says "the railway station"; the Mariupol article "the city": the
    # same day and the same side do not make one happening of the two.
    kherson = doc(
        "kherson",
        "Russian forces entered Kherson on 1 March 2022. Fighting in Kherson went on.\n\n"
        "On 2 March 2022, Russian forces captured the railway station.",
    )
    mariupol = doc(
        "mariupol",
        "Russian forces reached Mariupol on 1 March 2022.\n\n"
        "Russian forces captured the port of Mariupol on 2 March 2022.",
    )
    kherson.published = mariupol.published = date(2022, 3, 5)
    events = extract_events([kherson, mariupol], tagger)
    march_2 = [e for e in events if e.start == date(2022, 3, 2)]
    assert len(march_2) == 2 and all(len(e.sources) == 1 for e in march_2)


def test_a_country_holds_the_places_in_it(tagger) -> None:
    a = doc("a", "Russia launched a full-scale invasion of Ukraine on 24 February 2022.")
    b = doc(
        "b",
        "Russia launched its full-scale invasion on 24 February 2022, shelling Kharkiv at dawn.",
    )
    (event,) = extract_events([a, b], tagger)
    assert len(event.sources) == 2


class _Comparisons:
    """Counts the merge's pairwise comparisons (`timeline.merge._apart`) once ``start``ed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self._monkeypatch = monkeypatch

    def start(self) -> None:
        import timeline.merge as merge

        apart = merge._apart

        def counting(a, b) -> str | None:
            self.calls += 1
            return apart(a, b)

        self._monkeypatch.setattr(merge, "_apart", counting)


def test_many_wire_copies_merge_with_bounded_comparisons(tagger, monkeypatch) -> None:
    """Two hundred copies of one report are one event, and each copy is compared with a
    bounded number of the cluster's members (complete linkage over all of them was quadratic:
    a corpus of wire copies of one day took minutes)."""
    # Each copy worded a little apart (verbatim copies join without comparisons: see below).
    copies = [
        doc(
            f"w{i:03}",
            f"Russian forces shelled the central market in Kharkiv on 24 February 2022 (item {i}).",
        )
        for i in range(200)
    ]
    mentions = [e for d in copies for e in extract_events([d], tagger)]
    comparisons = _Comparisons(monkeypatch)
    comparisons.start()
    (event,) = merge_mentions(mentions)
    calls = comparisons.calls
    assert len(event.sources) == 200
    assert calls <= 200 * 16  # each compared with at most 16 members; without a bound 19,900
    assert calls >= 199  # every newcomer was compared with the cluster


def test_a_state_and_its_armed_forces_are_one_side(tagger) -> None:
    """ "Ukraine launched ..." and "Ukrainian forces began ..." name one side: with the wording
    they share (a third of their words), that is enough to make them one happening."""
    text = (
        "Ukraine launched its southern counteroffensive near Kherson on 29 August 2022.\n\n"
        "On 29 August 2022, Ukrainian forces began attacking along the southern front."
    )
    (event,) = extract_events([doc("a", text, date(2022, 9, 2))], tagger)
    assert len(event.sources) == 2
    assert [a.name for a in event.actors] == ["Ukraine", "Ukrainian forces"]


def test_two_states_forces_are_no_shared_side(tagger) -> None:
    text = (
        "Ukraine launched its southern counteroffensive near Kherson on 29 August 2022.\n\n"
        "On 29 August 2022, Russian forces began attacking along the southern front."
    )
    assert len(extract_events([doc("a", text, date(2022, 9, 2))], tagger)) == 2


def test_a_phrase_says_a_synonym_in_other_words(tagger) -> None:
    """merge.toml's [phrases]: "resumed control of" is "recaptured"."""
    text = (
        "On 3 September 2022, Ukrainian forces resumed control of the village of Vysokopillia."
        "\n\nUkraine recaptured Vysokopillia on 3 September 2022, a week after the push began."
    )
    (event,) = extract_events([doc("a", text, date(2022, 9, 5))], tagger)
    assert len(event.sources) == 2


def test_every_phrase_reads_as_a_word_of_a_synonym_group() -> None:
    import tomllib
    from importlib import resources

    raw = resources.files("timeline").joinpath("data/merge.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    grouped = {w for group in data["synonyms"] for w in group.split()}
    assert data["phrases"]
    assert set(data["phrases"].values()) <= grouped


def test_why_apart_says_which_rule_keeps_two_events_apart(tagger) -> None:
    # The scorer's SPLIT listing says this for each pair of rows of one happening.
    a = doc("a", "Russian forces shelled the railway station in Kharkiv on 24 February 2022.")
    b = doc("b", "Russian troops shelled apartment blocks in Mariupol on 24 February 2022.")
    c = doc("c", "Russian forces shelled the central market in Kharkiv on 25 February 2022.")
    d = doc("d", "Russian forces shelled the railway station of Kharkiv on 24 February 2022.")
    (ea,), (eb,), (ec,), (ed,) = (extract_events([x], tagger) for x in (a, b, c, d))
    assert why_apart(ea, eb) == "places"
    assert why_apart(ea, ec) == "dates"
    assert why_apart(ea, ed) is None
    assert len(extract_events([a, d], tagger)) == 1  # what None means: merge_mentions merges


def test_a_mention_naming_no_place_is_near_its_documents_place(tagger) -> None:
    """In one document, the mention that names no place is of the document's place: the
    theatre strike told twice in an article on Mariupol is one event."""
    text = (
        "Russian forces besieged Mariupol in March. Shelling hit Mariupol on 9 March.\n\n"
        "The Regional Drama Theatre, sheltering hundreds of civilians, was hit by a Russian "
        "airstrike on 16 March and destroyed.\n\n"
        "On 16 March, the Regional Drama Theatre of the city was struck and largely destroyed "
        "by an airstrike."
    )
    events = extract_events([doc("mariupol", text, date(2022, 4, 1))], tagger)
    strikes = [e for e in events if e.label == "16 Mar 2022"]
    assert len(strikes) == 1
    assert len(strikes[0].sources) == 2


def test_a_country_named_beside_a_finer_place_does_not_make_two_places_near(tagger) -> None:
    """A mention that names a finer place (here one found by context, not located) and its
    country ("the Russian Navy captured Snake Island, a Ukrainian island") is not brought near
    another place of that country on the same day by the country: only a mention naming no
    finer place than the country is."""
    kherson = doc("kherson", "Russian forces captured Kherson on 2 March 2022.", date(2022, 4, 1))
    island = doc(
        "island", "On 2 March 2022, Russian forces captured the island garrison.", date(2022, 4, 1)
    )
    (a,) = extract_events([kherson], tagger)
    (b,) = extract_events([island], tagger)
    ukraine = Place(name="Ukraine", country="Ukraine")
    assert why_apart(a, b.model_copy(update={"places": [ukraine]})) != "places"
    assert why_apart(a, b.model_copy(update={"places": [Place(name="Zmiinyi"), ukraine]})) == (
        "places"
    )


def test_a_whole_month_contains_its_late_days_told_elsewhere(tagger) -> None:
    # "August" and "late August" are both known to the month; the whole month is the coarser.
    a = doc(
        "a",
        "Ukrainian forces launched a counteroffensive near Zaporizhzhia in late August 2022.",
        date(2022, 10, 1),
    )
    b = doc(
        "b",
        "Ukrainian forces launched a counteroffensive near Zaporizhzhia in August 2022.",
        date(2022, 10, 2),
    )
    (event,) = extract_events([a, b], tagger)
    assert len(event.sources) == 2
    assert (event.start, event.end) == (date(2022, 8, 21), date(2022, 8, 31))


def test_two_ranges_at_a_months_precision_still_need_most_days_in_common(tagger) -> None:
    a = doc(
        "a",
        "Ukrainian forces launched a counteroffensive near Zaporizhzhia in early August 2022.",
        date(2022, 10, 1),
    )
    b = doc(
        "b",
        "Ukrainian forces launched a counteroffensive near Zaporizhzhia in late August 2022.",
        date(2022, 10, 2),
    )
    assert len(extract_events([a, b], tagger)) == 2


def test_an_overview_naming_many_places_by_turns_has_no_home_place(tagger) -> None:
    # An overview of a war names a different place in each paragraph: none is its home (the
    # most named, here each once, must be named by a fifth of its mentions), so a
    # mention of it naming no place can be one with a happening another document places.
    overview = "\n\n".join(
        f"On {day} March 2022, Russian forces attacked {place}."
        for day, place in enumerate(
            [
                "Odesa",
                "Lviv",
                "Zaporizhzhia",
                "Kherson",
                "Mariupol",
                "Kyiv",
                "Bucha",
                "Luhansk",
                "Donetsk",
                "Crimea",
            ],
            start=6,
        )
    )
    overview += "\n\nOn 5 March 2022, Russian forces shelled the railway station."
    a = doc("a", overview, date(2022, 4, 1))
    b = doc(
        "b",
        "Russian artillery shelled the central railway station of Kharkiv on 5 March 2022, "
        "killing four people.",
        date(2022, 3, 6),
    )
    events = extract_events([a, b], tagger)
    (fifth,) = [e for e in events if e.start == date(2022, 3, 5)]
    assert len(fifth.sources) == 2


def test_an_article_on_one_town_lends_it_to_a_mention_naming_no_place(tagger) -> None:
    # The counterpart: an article on Odesa keeps Odesa as its home, and its railway station
    # is not Kharkiv's.
    article = "\n\n".join(
        f"On {day} March 2022, Russian forces attacked Odesa." for day in (1, 2, 3, 4, 6)
    )
    article += "\n\nOn 5 March 2022, Russian forces shelled the railway station."
    a = doc("a", article, date(2022, 4, 1))
    b = doc(
        "b",
        "Russian artillery shelled the central railway station of Kharkiv on 5 March 2022, "
        "killing four people.",
        date(2022, 3, 6),
    )
    events = extract_events([a, b], tagger)
    assert len([e for e in events if e.start == date(2022, 3, 5)]) == 2


def test_launching_is_beginning(tagger) -> None:
    # "launched" and "began" tell one start (merge.toml synonyms): without them the two share
    # a quarter of their words, too few for a day.
    a = doc("a", "The southern counteroffensive began on 29 August 2022.", date(2022, 10, 1))
    b = doc(
        "b",
        "Ukrainian troops launched the southern counteroffensive along the front on 29 August "
        "2022.",
        date(2022, 10, 2),
    )
    (event,) = extract_events([a, b], tagger)
    assert len(event.sources) == 2


def test_a_town_changes_hands_once_a_day_in_any_words(tagger) -> None:
    # The same change of territory at the same place on the same day needs no common wording
    # (merge.toml [once_a_day]); another town taken that day stays its own happening.
    text = (
        "On 4 September 2022, Ukrainian troops liberated Lyman and Sviatohirsk, pushing on "
        "towards Kreminna.\n\n"
        "A Kyiv daily called the fall of Lyman on 4 September 2022 a humiliation for Moscow.\n\n"
        "On 4 September 2022, Ukrainian troops liberated Izium after a week of fighting."
    )
    events = extract_events([doc("a", text, date(2022, 9, 10))], tagger)
    assert sorted(len(e.sources) for e in events) == [1, 2]
    (lyman,) = [e for e in events if len(e.sources) == 2]
    assert "Lyman" in lyman.headline


def test_a_month_joins_the_happening_its_days_tell_whichever_is_read_first(tagger) -> None:
    # The day's two tellings are one happening; "in November" tells it best by the second
    # and is too vague for the first. Read in date order, the month came first and the first
    # day's telling could not join it: two rows. The days are grouped first now.
    day = doc(
        "day",
        "On 11 November 2022, Ukrainian troops resumed control of the area.\n\n"
        "Ukraine recaptured Lyman on 11 November 2022.",
        date(2022, 11, 20),
    )
    month = doc(
        "month",
        "In November 2022, Ukraine recaptured Lyman after weeks of fighting.",
        date(2023, 1, 5),
    )
    (event,) = extract_events([day, month], tagger)
    assert len(event.sources) == 3
    assert event.label == "11 Nov 2022"


def test_a_month_too_vague_for_every_telling_stays_its_own(tagger) -> None:
    day = doc(
        "day",
        "On 11 November 2022, Ukrainian troops resumed control of the area.",
        date(2022, 11, 20),
    )
    month = doc("month", "In November 2022, Ukraine recaptured Lyman.", date(2023, 1, 5))
    assert len(extract_events([day, month], tagger)) == 2


def test_the_two_ways_a_place_changes_hands_do_not_contradict(tagger) -> None:
    # The city surrendered (no side named: "Non-state actor overtakes territory") and
    # Ukrainian forces recapturing it (a state's force in its own country: "Government
    # regains territory") that day are one change of territory: the territory sub-types are
    # not two happenings.
    a = doc(
        "a",
        "On 11 November 2022, the garrison surrendered the city of Kherson after a week of "
        "shelling.",
        date(2022, 11, 14),
    )
    b = doc(
        "b",
        "Ukrainian forces recaptured the city of Kherson on 11 November 2022.",
        date(2022, 11, 15),
    )
    (ea,), (eb,) = extract_events([a], tagger), extract_events([b], tagger)
    assert {ea.sub_event_type, eb.sub_event_type} == {
        "Non-state actor overtakes territory",
        "Government regains territory",
    }
    assert why_apart(ea, eb) is None
    (event,) = extract_events([a, b], tagger)
    assert len(event.sources) == 2


def test_a_battle_and_a_change_of_territory_still_contradict(tagger) -> None:
    a = doc("a", "Russian forces captured the city of Kherson on 2 March 2022.", date(2022, 3, 6))
    b = doc(
        "b", "Russian forces clashed with defenders in Kherson on 2 March 2022.", date(2022, 3, 7)
    )
    (ea,), (eb,) = extract_events([a], tagger), extract_events([b], tagger)
    assert why_apart(ea, eb) == "types"


def test_a_synonym_needs_five_letters_in_common(tagger) -> None:
    # Cut to four letters, "shelter" was "shelling", "council" a "counteroffensive" (by
    # "country", "counter"), so two happenings of one day in Kharkiv had three words of
    # eight in common and merged. A word now counts as a synonym only if it is the word of
    # merge.toml or shares its stem of five letters or more.
    a = doc(
        "a",
        "On 24 February 2022, residents of Kharkiv took shelter in the metro while the city "
        "council met.",
    )
    b = doc(
        "b",
        "On 24 February 2022, Russian artillery shelled Kharkiv and its counteroffensive stalled.",
    )
    (ea,), (eb,) = extract_events([a], tagger), extract_events([b], tagger)
    assert why_apart(ea, eb) is not None
    assert len(extract_events([a, b], tagger)) == 2


def test_inflections_of_a_synonym_still_count(tagger) -> None:
    # The stems of five letters or more still reach the inflections: "shelled" and
    # "artillery" are one group's, as are "bombardment" and "shelling".
    a = doc("a", "Russian artillery pounded Kharkiv on 24 February 2022, officials said.")
    b = doc("b", "On 24 February 2022, Russian forces shelled Kharkiv.", date(2022, 2, 27))
    (event,) = extract_events([a, b], tagger)
    assert len(event.sources) == 2


def test_a_mention_joins_the_happening_of_its_own_type_first(tagger) -> None:
    # Two rows of 11 November in Kherson: the crowds in the square (no type) and the
    # recapture. A third telling says both; it shares more words with the crowds, but it
    # tells a recapture, and joins the recapture.
    a = doc(
        "a",
        "On 11 November 2022, crowds celebrated in the central square of Kherson.\n\n"
        "On 11 November 2022, Ukraine recaptured Kherson.",
        date(2022, 11, 12),
    )
    b = doc(
        "b",
        "On 11 November 2022, Ukrainian troops recaptured Kherson as crowds celebrated in the "
        "central square.",
        date(2022, 11, 13),
    )
    events = extract_events([a, b], tagger)
    assert len(events) == 2
    (joined,) = [e for e in events if len(e.sources) == 2]
    assert joined.headline == "Ukraine recaptured Kherson"


def test_a_surrender_joins_the_capture_it_tells_not_the_row_it_shares_words_with(tagger) -> None:
    # The mayor surrendering the city is the capture told from the other side (a territory
    # sub-type of the same group, merge.toml [compatible]): it joins the capture, not the
    # bread queue it shares more words with.
    a = doc(
        "a",
        "On 2 March 2022, Russian forces captured the city of Kherson.\n\n"
        "On 2 March 2022, residents queued for bread outside the council building in Kherson.",
        date(2022, 3, 5),
    )
    b = doc(
        "b",
        "On 2 March 2022, the mayor surrendered the city of Kherson in the council building, "
        "with residents queued outside for bread.",
        date(2022, 3, 6),
    )
    events = extract_events([a, b], tagger)
    assert len(events) == 2
    (joined,) = [e for e in events if len(e.sources) == 2]
    assert joined.headline == "Russian forces captured the city of Kherson"
    assert {s.document.id for s in joined.sources} == {"a", "b"}


@pytest.mark.parametrize(
    "telling",
    [
        "On 2 March 2022, the Kherson garrison surrendered.",
        "The seizure of Kherson came on 2 March 2022.",
    ],
)
def test_surrender_and_seizure_are_capture_words(tagger, telling: str) -> None:
    # merge.toml synonyms: a surrender and a seizure tell the capture of a place; without
    # them the two share one word of three, too few for a month.
    a = doc("a", "Kherson was captured in March 2022.", date(2022, 4, 1))
    b = doc("b", telling, date(2022, 4, 2))
    (event,) = extract_events([a, b], tagger)
    assert len(event.sources) == 2


def test_who_said_it_is_cut_from_its_own_clause_only(tagger) -> None:
    # "The offensive began ..., when the commander announced ...": all before "announced" was
    # cut as who said it, the offensive with it, so the line shared no word with the month's
    # "the rebels launched an offensive on Kidal".
    day = doc(
        "day",
        "The rebel offensive on Kidal began on 3 May 2023, when their commander announced a "
        "general assault.",
        date(2023, 5, 10),
    )
    month = doc(
        "month", "In May 2023, the rebels launched an offensive on Kidal.", date(2023, 6, 1)
    )
    (event,) = extract_events([day, month], tagger)
    assert len(event.sources) == 2


@pytest.mark.parametrize(
    ("line", "words"),
    [
        # The speaker and the verb go when they open the line ...
        ("Security sources told AFP that the Army took Tadamon", "the Army took Tadamon"),
        ("Fomin announced that the military would reduce its activity", "the military would"),
        # ... and only the verb's own clause when a happening comes first.
        (
            "The rebel offensive on Kidal began, when their commander announced an assault",
            "The rebel offensive on Kidal began, an assault",
        ),
        ("Fighting resumed; officials said the town fell", "Fighting resumed; the town fell"),
        # merge.toml [reporting]: a tweet or a statement is who said it too.
        ("The governor tweeted that the attack was a war crime", "the attack was"),
        ("The council issued a statement that an airstrike hit", "an airstrike hit"),
        # A reporting verb far into the line is no speaker's.
        ("x " * 70 + "and officials said so", "x " * 70 + "and officials said so"),
    ],
)
def test_who_said_it_is_left_out_of_the_words_compared(line: str, words: str) -> None:
    from timeline.merge import _without_speaker

    assert _without_speaker(line).startswith(words)


def test_two_date_phrases_of_one_sentence_giving_one_day_are_one_row(tagger) -> None:
    text = (
        "On 25 November 2018, Russian ships fired on three Ukrainian boats. A day later on 26 "
        "November 2018, the Ukrainian parliament backed martial law in the coastal regions.\n\n"
        "On 3 March 2022, Russian troops advanced towards Kharkiv, but little combat occurred, "
        "with only two rockets fired at the city that day."
    )
    events = extract_events([doc("a", text, date(2023, 1, 1))], tagger)
    assert sorted(e.label for e in events) == ["25 Nov 2018", "26 Nov 2018", "3 Mar 2022"]
    (day,) = [e for e in events if e.label == "26 Nov 2018"]
    assert day.expression.text == "26 November 2018"  # the written date's clause heads it
    assert day.headline.startswith("The Ukrainian parliament backed martial law")


def test_two_tellings_of_one_day_split_by_a_semicolon_stay_apart(tagger) -> None:
    text = (
        "On 9 March 2022, a Russian airstrike destroyed the maternity hospital in Mariupol; "
        "the same day, protesters marched through Moscow against the war."
    )
    events = extract_events([doc("a", text, date(2023, 1, 1))], tagger)
    assert [e.label for e in events] == ["9 Mar 2022", "9 Mar 2022"]


def test_words_a_headline_was_cut_before_still_count(tagger) -> None:
    # Both headlines are cut at their length before "ticket hall of the central railway
    # station": the rest of each clause is compared. Who said it ("issued a statement that",
    # "tweeted that") is no word of the strike.
    council = doc(
        "council",
        "On 8 April 2023, the city council of Kramatorsk issued a statement that a Russian "
        "airstrike had struck and destroyed the ticket hall of the central railway station.",
        date(2023, 4, 9),
    )
    governor = doc(
        "governor",
        "On 8 April 2023, after an airstrike destroyed the ticket hall of the central railway "
        "station in Kramatorsk, the regional governor Pavlo Kyrylenko tweeted that the attack "
        "was a war crime.",
        date(2023, 4, 10),
    )
    (event,) = extract_events([council, governor], tagger)
    assert [s.document.id for s in event.sources] == ["council", "governor"]


def test_another_strike_on_the_town_that_day_stays_apart(tagger) -> None:
    # The same day, town, type and speaker: the grain warehouse is another strike.
    station = [
        doc(
            "council",
            "On 8 April 2023, the city council of Kramatorsk issued a statement that a Russian "
            "airstrike had struck and destroyed the ticket hall of the central railway station.",
            date(2023, 4, 9),
        ),
        doc(
            "governor",
            "On 8 April 2023, after an airstrike destroyed the ticket hall of the central "
            "railway station in Kramatorsk, the regional governor Pavlo Kyrylenko tweeted that "
            "the attack was a war crime.",
            date(2023, 4, 10),
        ),
    ]
    warehouse = doc(
        "warehouse",
        "On 8 April 2023, a Russian airstrike hit a grain warehouse on the northern outskirts "
        "of Kramatorsk, the regional governor Pavlo Kyrylenko said.",
        date(2023, 4, 9),
    )
    events = extract_events([*station, warehouse], tagger)
    assert sorted(len(e.sources) for e in events) == [1, 2]
    (alone,) = [e for e in events if len(e.sources) == 1]
    assert alone.document.id == "warehouse"


def test_a_cut_clause_ends_where_another_statement_starts() -> None:
    from timeline.merge import _config

    # merge.toml [clause] ends: ", and on 1 April the agency announced ..." is another telling.
    ends = _config().clause_end
    assert ends.search("from the Kyiv area, and on 1 April the agency announced").group() == (
        ", and "
    )
    assert ends.search("forces, including a commander, entered the building") is None
    assert ends.search("announced about 18:00 local time that the island") is None


def test_a_compass_compound_says_both_its_directions(tagger) -> None:
    # merge.toml [compounds]: "the northeast" and "the east of the country" share "east";
    # without it the month's telling reaches 0.54 of the 0.55 a month needs.
    day = doc(
        "day",
        "On 3 October 2024, Ukrainian forces began a second counteroffensive in Zaporizhzhia "
        "Oblast, in the east of the country.",
        date(2024, 12, 1),
    )
    month = doc(
        "month",
        "Ukrainian forces launched counteroffensives in the northeast in October 2024.",
        date(2024, 12, 1),
    )
    (event,) = extract_events([day, month], tagger)
    assert event.label == "3 Oct 2024" and len(event.sources) == 2


def _siege_and_fall(tagger) -> list:
    siege = doc(
        "siege",
        "The siege of Mariupol began in March 2024. Russian artillery shelled Mariupol for "
        "weeks. According to Russian sources, the last defenders surrendered on 2 October "
        "2024, among them a battalion commander and his deputy.",
        date(2024, 12, 1),
    )
    fall = doc(
        "fall",
        "By 2 October 2024, Mariupol fell to Russian troops following a long siege.",
        date(2024, 12, 2),
    )
    village = doc(
        "village",
        "By 2 October 2024, Russian troops also captured the village of Sartana, north of "
        "Mariupol.",
        date(2024, 12, 3),
    )
    return extract_events([siege, fall, village], tagger)


def test_a_surrender_naming_no_place_is_its_articles_towns_change_of_hands(tagger) -> None:
    # "the last defenders surrendered" names no place: in an article on Mariupol it is
    # Mariupol's, and a town changes hands once a day, however differently told.
    (fall,) = [e for e in _siege_and_fall(tagger) if "fall" in {s.document.id for s in e.sources}]
    assert sorted(s.document.id for s in fall.sources) == ["fall", "siege"]


def test_a_village_taken_that_day_near_the_town_stays_apart(tagger) -> None:
    # merge.toml [once_a_day] landmark_before: "north of Mariupol" only locates Sartana.
    events = [e for e in _siege_and_fall(tagger) if e.label == "2 Oct 2024"]
    assert sorted(len(e.sources) for e in events) == [1, 2]
    (village,) = [e for e in events if e.document.id == "village"]
    assert len(village.sources) == 1


@pytest.mark.parametrize(
    ("before", "landmark"),
    [
        ("captured the village of Sartana, north of ", True),
        ("shelled the southern outskirts of ", True),
        ("a village 15 km from ", True),
        ("Russian forces captured ", False),
        ("the fall of ", False),
    ],
)
def test_a_place_after_a_bearing_is_a_landmark(before: str, landmark: bool) -> None:
    from timeline.merge import _config

    assert bool(_config().landmark.search(before)) is landmark


def test_long_clauses_sharing_a_few_common_words_stay_apart(tagger) -> None:
    # Both headlines are cut; their clauses share only "Russia", "Ukraine" and "invasion",
    # as half the clauses of a war's first day do (merge.toml clause_shared). "18:00" ends
    # no clause.
    plant = doc(
        "plant",
        "At 7 o'clock in the morning on 24 February 2022, a scheduled shift change for the "
        "workers in the power plant was cancelled, the workers being informed that Russia had "
        "launched a full-out invasion of Ukraine.",
    )
    island = doc(
        "island",
        "On 24 February 2022, the first day of the Russian invasion of Ukraine, border guards "
        "announced about 18:00 local time that Snake Island had come under attack by the "
        "Russian cruiser Moskva.",
    )
    assert len(extract_events([plant, island], tagger)) == 2


def test_features_worked_out_elsewhere_give_the_same_merge(tagger) -> None:
    # A pool's workers send each mention's features (`mention_features`); the merge must be
    # the one it makes working them out itself, whichever mentions come with them.
    a = doc(
        "a",
        "Russian forces shelled the central market in Kharkiv on 24 February 2022, killing 12. "
        "On 24 February 2022, protesters marched through central Kharkiv against the war.",
    )
    b = doc(
        "b",
        "On 24 February 2022, Russian forces shelled the central market of Kharkiv, killing 14 "
        "people, officials said. Ukrainian troops recaptured Izium in September 2022.",
    )
    mentions = [e for d in (a, b) for e in analyze(d, tagger).events]
    alone = merge_mentions(mentions)
    assert len(mentions) > len(alone) > 1
    every = [mention_features(e) for e in mentions]
    assert merge_mentions(mentions, every) == alone
    assert merge_mentions(mentions, [f if i % 2 else None for i, f in enumerate(every)]) == alone
    with pytest.raises(ValueError):
        merge_mentions(mentions, every[1:])  # one a mention, or none
    # The features are what is compared: others' make another merge.
    swapped = [every[-1], *every[1:-1], every[0]]
    assert merge_mentions(mentions, swapped) != alone
    # A mention is built from its features by position: the fields must be in their order.
    names = [f.name for f in fields(_Mention)]
    assert names[:3] == ["event", "home", "home_regions"]
    assert names[3:] == list(MentionFeatures._fields)


def test_the_pass_asks_which_rule_and_why_apart_gives_the_figures(tagger) -> None:
    # The clustering reads only which rule keeps two mentions apart (soft or not: `_soft`);
    # `why_apart` says it with its figures, for scorers ("wording 0.05", "evidence ...").
    from timeline.loader import load_document, seed_dir

    texts = [
        "Russian forces shelled the central market in Kharkiv on 24 February 2022. On 24 "
        "February 2022, protesters marched through central Kharkiv against the war. Russian "
        "troops captured Kherson on 2 March 2022.",
        "Ukrainian officials said on 24 February 2022 that missiles hit Kharkiv airport. "
        "Russian troops took control of Kherson on 2 March 2022, the mayor said.",
    ]
    documents = [doc(f"d{i}", text) for i, text in enumerate(texts)]
    seed, _ = load_document(sorted(seed_dir().glob("*.txt"))[0])
    assert seed is not None
    mentions = [e for d in [*documents, seed] for e in analyze(d, tagger).events]
    seen: set[str] = set()
    for a in mentions:
        for b in mentions:
            explained = why_apart(a, b)
            short = _apart(_Mention.of(a), _Mention.of(b))
            if explained is None or short is None:
                assert explained == short
            elif short in ("wording", "evidence"):
                assert explained.startswith(short + " ") and explained != short
                seen.add(short)
            else:
                assert explained == short
    assert seen == {"wording", "evidence"}


def test_a_story_syndicated_many_times_is_one_row_per_happening(tagger, monkeypatch) -> None:
    # Forty papers print one wire story: two happenings of one day and town and a third the
    # next day, each told forty times word for word.
    story = (
        "Russian forces shelled the central market in Kharkiv on 24 February 2022, killing 12. "
        "The same day, Ukrainian troops repelled an assault on the northern district of "
        "Kharkiv. On 25 February 2022, a missile hit the regional administration in Kharkiv."
    )
    papers = [doc(f"paper{i:02}", story) for i in range(40)]
    mentions = [e for d in papers for e in extract_events([d], tagger)]
    comparisons = _Comparisons(monkeypatch)
    comparisons.start()
    events = merge_mentions(mentions)
    calls = comparisons.calls
    assert sorted(e.label for e in events) == ["24 Feb 2022", "24 Feb 2022", "25 Feb 2022"]
    assert [len(e.sources) for e in events] == [40, 40, 40]
    # A copy word for word joins the cluster of the telling it copies at once: only the first
    # paper's tellings were compared (with up to 16 members each, thousands of comparisons).
    assert calls < 10


def test_one_documents_tolls_far_apart_are_two_happenings(tagger) -> None:
    text = (
        "The Tatmadaw killed at least 114 people on 27 March 2021 in Yangon, Mandalay and other "
        "towns.\n\n"
        "In Mandalay on 27 March 2021, the Tatmadaw fired on a funeral procession, killing three "
        "mourners."
    )
    events = extract_events([doc("a", text, date(2021, 3, 28))], tagger)
    assert sorted(c.count for e in events for c in e.casualties) == [3, 114]
    assert len(events) == 2
    assert why_apart(*events) == "figures"


def test_a_toll_that_rose_in_a_retelling_is_still_one_happening(tagger) -> None:
    text = (
        "Russian forces shelled the central market in Kharkiv on 24 February 2022, killing 12.\n\n"
        "The shelling of the central market in Kharkiv on 24 February 2022 killed 14 people."
    )
    events = extract_events([doc("a", text)], tagger)
    assert len(events) == 1


def test_the_same_day_tells_another_happening_of_that_day(tagger) -> None:
    text = (
        "On 18 May 2009, Sri Lankan soldiers killed the rebel leader near Mullivaikkal.\n\n"
        "The same day, near Mullivaikkal, Sri Lankan soldiers took some 2,000 rebel fighters "
        "prisoner."
    )
    events = extract_events([doc("a", text, date(2009, 6, 1))], tagger)
    assert [e.label for e in events] == ["18 May 2009", "18 May 2009"]
    assert why_apart(*events) == "the same day"
