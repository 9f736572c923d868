"""Event rules on small texts of our own: what becomes an event, and which sentences it takes."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pytest

from timeline.entities import EntityTagger
from timeline.events import analyze, event_id, headline
from timeline.gazetteer import load_gazetteer
from timeline.models import (
    AnchorKind,
    Document,
    ExpressionRole,
    Genre,
    Precision,
    Sentence,
    TimeAnchor,
    TimeExpression,
    TimeKind,
)
from timeline.roles import rules


@pytest.fixture(scope="module")
def tagger() -> EntityTagger:
    return EntityTagger(load_gazetteer())


def doc(text: str, published: date | None = date(2023, 5, 20)) -> Document:
    return Document(id="t", title="t", path="t.txt", published=published, text=text)


def labels(text: str, tagger: EntityTagger, published: date | None = date(2023, 5, 20)):
    return [e.label for e in analyze(doc(text, published), tagger).events]


def test_two_dates_in_one_sentence_make_two_events(tagger) -> None:
    text = "Shelling resumed on 3 May 2023, two weeks after talks collapsed on 18 April 2023."
    assert labels(text, tagger) == ["3 May 2023", "18 Apr 2023"]


def test_following_sentences_join_the_event(tagger) -> None:
    text = (
        "On 2 March 2023 rebels seized the airport. Dozens of soldiers were captured. "
        "The army denied it.\n\nAid agencies said the roads were closed. Food ran short."
    )
    (event,) = analyze(doc(text), tagger).events
    assert [s.text for s in event.sentences] == [
        "On 2 March 2023 rebels seized the airport.",
        "Dozens of soldiers were captured.",
        "The army denied it.",
    ]  # the two-sentence paragraph after it is not a continuation


def test_one_sentence_paragraph_continues_the_event(tagger) -> None:
    text = "On 2 March 2023 rebels seized the airport.\n\nThe army denied it in a statement."
    (event,) = analyze(doc(text), tagger).events
    assert len(event.sentences) == 2


def test_a_sentence_about_another_time_ends_the_run(tagger) -> None:
    text = "On 2 March 2023 rebels seized the airport. Talks are planned for next June. It rained."
    (event,) = analyze(doc(text), tagger).events
    assert len(event.sentences) == 1


def test_future_dates_are_not_events(tagger) -> None:
    text = "Elections are due in October 2023. The vote in 2021 was disputed."
    assert labels(text, tagger) == ["2021"]


def test_end_past_publication_is_cut(tagger) -> None:
    (event,) = analyze(doc("Fighting this year has displaced thousands."), tagger).events
    assert (event.start, event.end, event.label) == (date(2023, 1, 1), date(2023, 5, 20), "2023")


def test_name_qualifier_and_century_are_not_events(tagger) -> None:
    text = "The Treaty of 1921 set the border a century ago, and the war of 1992 undid it."
    assert labels(text, tagger) == ["1992"]


def test_finer_date_subsumes_its_container(tagger) -> None:
    text = "Yesterday the ministry said 40 soldiers died in this month's fighting."
    assert labels(text, tagger) == ["19 May 2023"]


def test_durations_are_not_events(tagger) -> None:
    assert labels("The siege lasted three years and cost thousands of lives.", tagger) == []


def test_without_publication_date_relative_dates_are_undated(tagger) -> None:
    analysis = analyze(
        doc("Yesterday, troops entered the town. In 2014 it was calm.", None), tagger
    )
    assert [e.label for e in analysis.events] == ["2014"]
    assert [u.expression.text for u in analysis.undated] == ["Yesterday"]
    assert analysis.undated[0].sentence.text == "Yesterday, troops entered the town."


def test_event_actors_places_and_casualties_come_from_its_sentences(tagger) -> None:
    text = (
        "Ukrainian forces shelled Donetsk on 4 May 2023, killing 12 civilians. "
        "Moscow condemned the attack."
    )
    (event,) = analyze(doc(text), tagger).events
    assert "Donetsk" in {p.name for p in event.places}
    # Moscow's reaction is a source of the event, but Russia is no party to the shelling.
    assert {a.name for a in event.actors} == {"Ukrainian forces"}
    assert len(event.sentences) == 2 and "Russia" in {m.name for m in event.mentions}
    assert [(c.count, c.outcome) for c in event.casualties] == [(12, "killed")]


def _expr(sentence: Sentence, text: str) -> TimeExpression:
    start = sentence.text.index(text)
    return TimeExpression(
        text=text, start=start, end=start + len(text), value="x", kind=TimeKind.DATE
    )


@pytest.mark.parametrize(
    ("sentence", "expression", "expected"),
    [
        ("In July, the president visited Baku.", "July", "The president visited Baku"),
        ("After the 2020 war, Russia deployed troops.", "2020", "Russia deployed troops"),
        ("Yesterday, Pashinyan spoke to parliament.", "Yesterday", "Pashinyan spoke to parliament"),
        (
            "Fighting broke out on the night of September 12–13, as forces crossed the border.",
            "September 12–13",
            "Fighting broke out, as forces crossed the border",
        ),
        (
            "Clashes continued yesterday between the two republics, after the breakdown of a "
            "ceasefire brokered by Moscow on September 13.",
            "September 13",
            "Breakdown of a ceasefire brokered by Moscow",
        ),
        ("Net income for the third quarter fell 6%.", "the third quarter", "Net income fell 6%"),
        ("Last year's harvest failed.", "Last year", "Last year's harvest failed"),
        # No dangling preposition once the date goes ("It decreased after in ...").
        (
            "Shelling decreased after 2016 in government-held areas.",
            "2016",
            "Shelling decreased in government-held areas",
        ),
        (
            "Around 13 September, Ukrainian forces crossed the river.",
            "13 September",
            "Ukrainian forces crossed the river",
        ),
        # Too little left once the date goes: the whole sentence is the headline.
        (
            "The list was first published by the agency, which began in 1950.",
            "1950",
            "The list was first published by the agency, which began in 1950",
        ),
        # A date that a noun needs ("statement of", "An ... survey") stays: cutting it
        # would leave "statement of said", "An survey".
        (
            "The envoy's statement of 20 October 2017 said the city was free.",
            "20 October 2017",
            "The envoy's statement of 20 October 2017 said the city was free",
        ),
        (
            "An April 2022 survey by the Levada Centre found wide support.",
            "April 2022",
            "An April 2022 survey by the Levada Centre found wide support",
        ),
        (
            "January nineteen ninety-seven.",
            "January nineteen ninety-seven",
            "January nineteen ninety-seven",
        ),
    ],
)
def test_headline(sentence: str, expression: str, expected: str) -> None:
    s = Sentence(text=sentence, start=0, end=len(sentence))
    assert headline(s, _expr(s, expression)) == expected


def test_long_headline_is_cut_at_a_word() -> None:
    sentence = "In 2011, " + "the long war of attrition went on " * 6 + "without end."
    s = Sentence(text=sentence, start=0, end=len(sentence))
    result = headline(s, _expr(s, "2011"))
    assert len(result) <= 100 and result.endswith("…")
    assert not result[:-1].endswith(" ")


def test_casualties_use_the_users_gazetteer(tmp_path) -> None:
    extra = tmp_path / "extra.toml"
    extra.write_text('[countries.Freedonia]\ndemonyms = ["Freedonian"]\n', encoding="utf-8")
    tagger = EntityTagger(load_gazetteer([extra]))
    text = "On 2 May 2023, 12 Freedonian soldiers were killed near the border."
    (event,) = analyze(doc(text), tagger).events
    assert [(c.count, c.outcome, c.who) for c in event.casualties] == [(12, "killed", "Freedonia")]


def test_a_sentence_with_two_happenings_gives_each_the_facts_of_its_own_clause(tagger) -> None:
    text = "Shelling on 3 May 2023 killed 4 people in Donetsk, a week after talks on 26 April 2023."
    first, second = analyze(doc(text), tagger).events
    assert [c.count for c in first.casualties] == [4] and second.casualties == []
    assert [p.name for p in first.places] == ["Donetsk"] and second.places == []


def test_a_figure_of_the_later_clause_is_not_copied_to_the_earlier_date(tagger) -> None:
    text = (
        "Israel fought wars in Gaza in the winter of 2008–2009 and in November 2012, when an "
        "eight-day conflict killed about 170 Palestinians."
    )
    events = analyze(doc(text), tagger).events
    assert [(e.label, [c.count for c in e.casualties]) for e in events] == [
        ("Winter 2008", []),
        ("Nov 2012", [170]),
    ]


# --- event ids ----------------------------------------------------------------------------


def test_event_id_is_the_document_and_the_span_only() -> None:
    document = doc("Troops crossed on 12 September 2022.")
    expression = TimeExpression(
        text="12 September 2022", start=18, end=35, value="2022-09-12", kind=TimeKind.DATE
    )
    key = f"{document.id}:18:35"
    assert event_id(document, expression) == hashlib.sha1(key.encode()).hexdigest()[:12]
    # What the engine made of the words does not enter the id.
    other = expression.model_copy(
        update={
            "value": "2021-09-12",
            "kind": TimeKind.RANGE,
            "anchor": TimeAnchor(kind=AnchorKind.NARRATIVE, date="2021"),
        }
    )
    assert event_id(document, other) == event_id(document, expression)
    # The span and the document do.
    moved = expression.model_copy(update={"start": 17})
    assert event_id(document, moved) != event_id(document, expression)
    elsewhere = document.model_copy(update={"id": "u"})
    assert event_id(elsewhere, expression) != event_id(document, expression)


def test_same_words_keep_their_id_when_the_publication_date_changes(tagger) -> None:
    text = "Shelling resumed on 3 May. Talks collapsed on 18 April."
    early = analyze(doc(text, date(2023, 5, 20)), tagger).events
    late = analyze(doc(text, date(2024, 5, 20)), tagger).events
    assert [e.label for e in early] != [e.label for e in late]
    assert [e.id for e in early] == [e.id for e in late]


@pytest.mark.parametrize(
    "text",
    [
        "Shelling resumed on 3 May 2023, two weeks after talks collapsed on 18 April 2023.",
        "From 1992 until 1994 the war went on; in 1993 and in 1994 towns fell. In May 1994 "
        "a ceasefire held, and on 12 May 1994 it was signed. Early 1994 was the worst.",
        "On 2 March 2023 rebels seized the airport. On 2 March 2023 they lost it again.",
    ],
)
def test_event_ids_are_unique_within_a_document(tagger, text: str) -> None:
    events = analyze(doc(text), tagger).events
    assert events
    assert len({e.id for e in events}) == len(events)


def test_seed_event_ids_are_unique() -> None:
    from timeline.pipeline import build_timeline

    events = build_timeline([]).events
    assert len({e.id for e in events}) == len(events)


def test_the_document_genre_reaches_the_temporal_engine(
    tagger, monkeypatch: pytest.MonkeyPatch
) -> None:
    import timeline.events

    seen: list[Genre | None] = []
    real = timeline.events.extract_times

    def spy(
        text: str, dct: date | None, genre: Genre | None = None, **kwargs: Any
    ) -> list[TimeExpression]:
        seen.append(genre)
        return real(text, dct, genre, **kwargs)

    monkeypatch.setattr(timeline.events, "extract_times", spy)
    for genre in (Genre.NARRATIVE, Genre.NEWS, None):
        document = doc("On 2 March 2023 rebels seized the airport.").model_copy(
            update={"genre": genre}
        )
        analyze(document, tagger)
    assert seen == [Genre.NARRATIVE, Genre.NEWS, None]


# --- happenings, not date phrases (issue 10) -------------------------------------------------


def test_a_report_date_is_no_row_but_is_kept_as_reported(tagger) -> None:
    text = "At least 26 people were killed on Sunday and Monday in Nyala, MSF said on Wednesday."
    (event,) = analyze(doc(text, date(2023, 5, 10)), tagger).events
    assert (event.start, event.end) == (date(2023, 5, 7), date(2023, 5, 8))  # one happening
    assert [c.count for c in event.casualties] == [26]
    assert event.reported is not None and event.reported.start == date(2023, 5, 10)


def test_a_sentence_dated_only_by_its_report_gives_no_row(tagger) -> None:
    text = (
        "The Sudanese Doctors Union said on Tuesday that at least 730 civilians had been "
        "killed since the war began."
    )
    analysis = analyze(doc(text, date(2023, 5, 31)), tagger)
    assert analysis.events == []
    assert [e.role for e in analysis.expressions if e.text == "Tuesday"] == [ExpressionRole.REPORT]


def test_the_happening_inside_a_report_is_the_row(tagger) -> None:
    text = "On Friday, prosecutors said an air strike earlier this month killed 17 people."
    (event,) = analyze(doc(text, date(2023, 6, 16)), tagger).events
    assert event.expression.text == "earlier this month"
    assert event.reported is not None and event.reported.text == "Friday"


def test_a_time_of_day_on_a_known_day_dates_a_row(tagger) -> None:
    text = "The clashes erupted on Saturday morning in Khartoum."
    (event,) = analyze(doc(text, date(2023, 4, 17)), tagger).events
    assert event.start == date(2023, 4, 15) and event.expression.text == "Saturday morning"


def test_days_further_apart_stay_two_happenings(tagger) -> None:
    text = "Shelling hit Kharkiv on 3 May and 5 May."
    assert [e.label for e in analyze(doc(text), tagger).events] == ["3 May 2023", "5 May 2023"]


def test_references_headings_and_back_matter_give_no_rows(tagger) -> None:
    text = (
        "# 1994 ceasefire\n\n"
        "In his 1997 book, the historian described the siege. The March 23 Movement took "
        "Bunagana on 13 June 2022.\n\n"
        "## See also\n\n"
        "Rif Dimashq clashes (November 2011–March 2012)\n"
    )
    events = analyze(doc(text), tagger).events
    assert [e.label for e in events] == ["13 Jun 2022"]


def test_a_quotations_own_today_is_no_row(tagger) -> None:
    text = 'The commander said on 3 May 2023: "Today, we have gained the upper hand."'
    analysis = analyze(doc(text), tagger)
    assert [e.role for e in analysis.expressions] == [ExpressionRole.REPORT, ExpressionRole.QUOTED]
    assert analysis.events == []


def test_a_headline_never_keeps_broken_punctuation(tagger) -> None:
    text = "Shelling wounded 35 between 3 and 5 May 2023, the governor said."
    (event,) = analyze(doc(text), tagger).events
    assert ",," not in event.headline and not event.headline.endswith("between")


def test_a_headline_keeps_no_emphasis_marks_its_date_leaves_behind(tagger) -> None:
    """A timeline's list items, "**14 March**: ..." less the date, are no "**: ..."."""
    text = (
        "## 2023\n\n**14 March**: a grenade thrown into the market wounds 11 people.\n\n"
        "- **16 March**: gunmen fire on a barge near the port.\n\n"
        "* _20 March_ – rebels attack a police post in the hills."
    )
    events = analyze(doc(text, published=date(2023, 6, 1)), tagger).events
    assert [e.headline for e in events] == [
        "A grenade thrown into the market wounds 11 people",
        "Gunmen fire on a barge near the port",
        "Rebels attack a police post in the hills",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Fighting between the militia and the army continued in the camp into late May 2014.",
        "The convoy waited at the crossing until 14 March 2022.",
        "Protests went on in the capital throughout 2019.",
        "Aid deliveries were suspended for three weeks in March 2021, the agency said.",
    ],
)
def test_a_headline_never_ends_on_the_preposition_of_its_cut_date(tagger, text: str) -> None:
    (event,) = analyze(doc(text), tagger).events
    last = event.headline.rstrip(".").split()[-1].lower()
    assert last not in {"into", "until", "throughout", "for", "in", "till", "within"}, event


def test_a_date_restated_after_the_opener_goes_with_it(tagger) -> None:
    text = (
        "Shelling hit the plant on 16 June 2022. The next day, 17 June, Russian media reported "
        "that the defenders had begun surrendering."
    )
    events = analyze(doc(text), tagger).events
    (last,) = [e for e in events if e.label == "17 Jun 2022"]
    assert not last.headline.startswith("17 June"), last.headline
    assert "defenders had begun surrendering" in last.headline


def test_a_second_clause_headline_does_not_open_on_its_conjunction(tagger) -> None:
    text = (
        "Russian forces crossed the border on 24 February 2022 and by 2 March they had taken "
        "the port, and on 20 May 2022 the last defenders surrendered at the steelworks."
    )
    headlines = [e.headline for e in analyze(doc(text), tagger).events]
    assert len(headlines) == 3
    assert not [h for h in headlines if h.split()[0].lower() in {"and", "but", "or", "then"}]
    assert "The last defenders surrendered at the steelworks" in headlines


def test_a_second_clause_without_a_subject_shares_the_first_ones(tagger) -> None:
    text = (
        "The Talvan clashes began along the line of contact on 1 April 2016 and ended with a "
        "ceasefire on 5 April."
    )
    headlines = [e.headline for e in analyze(doc(text), tagger).events]
    assert headlines[-1] == "The Talvan clashes ended with a ceasefire"


def _gapped_examples() -> list[tuple[str, str]]:
    return [tuple(e.split(" -> ")) for e in rules().data["headlines"]["gapped_examples"]]


@pytest.mark.parametrize(("sentence", "expected"), _gapped_examples())
def test_a_clause_that_borrows_its_verb_heads_with_the_whole_sentence(
    tagger, sentence: str, expected: str
) -> None:
    """roles.toml [headlines] gapped_openers: "..., and in the north in April" less its date
    is "In the north", no headline: that row says the whole sentence."""
    headlines = [e.headline for e in analyze(doc(sentence), tagger).events]
    assert len(headlines) == 2
    assert expected in headlines
    assert not [h for h in headlines if len(h.split()) <= 4], headlines


def test_a_short_clause_with_its_own_verb_keeps_its_headline(tagger) -> None:
    text = "Shelling hit the port on 3 May 2023, and in the north troops advanced on 4 May 2023."
    headlines = [e.headline for e in analyze(doc(text), tagger).events]
    assert "Troops advanced" in " ".join(headlines) or "troops advanced" in " ".join(headlines)
    assert not [h for h in headlines if h.startswith("Shelling hit the port on 3 May 2023, and")]


def test_a_speakers_far_look_back_inside_a_quotation_is_no_row(tagger) -> None:
    text = (
        "The city was taken on 17 October 2017. A spokesman said: \u201cRaqqa has inherited "
        "the fate of Dresden in 1945, wiped off the face of the Earth.\u201d"
    )
    assert [e.label for e in analyze(doc(text), tagger).events] == ["17 Oct 2017"]


def test_a_speakers_tomorrow_is_no_day_the_story_counts_from(tagger) -> None:
    # "tomorrow" is the elder's (the dct's day after); "four days later" counts from the raid.
    text = (
        "On 10 September 2024, al-Shabaab fighters killed 12 villagers in Ceel Gaduud. "
        '"They will come back tomorrow," an elder said at the funeral. Four days later, '
        "Somalia's president sent 500 more troops to Bay."
    )
    labels = [e.label for e in analyze(doc(text, published=date(2024, 9, 20)), tagger).events]
    assert labels == ["10 Sep 2024", "14 Sep 2024"]


def test_a_comma_and_a_coordinator_cut_the_clause_not_a_bare_and(tagger) -> None:
    text = (
        "On 10 September 2024, al-Shabaab fighters killed 12 villagers in Ceel Gaduud, and "
        "fought troops and BDM fighters in the village the same evening."
    )
    events = analyze(doc(text, published=date(2024, 9, 20)), tagger).events
    assert [e.event_type for e in events] == ["Violence against civilians", "Battles"]


def test_a_surname_names_the_namesake_active_on_the_events_day(tagger) -> None:
    text = (
        "Heydar Aliyev became president of Azerbaijan in June 1993. Ilham Aliyev succeeded him "
        "in October 2003.\n\nIn April 1994, Aliyev signed a ceasefire. In October 2020, Aliyev "
        "announced the capture of Shusha."
    )
    events = {e.label: e for e in analyze(doc(text), tagger).events}
    assert "Heydar Aliyev" in {a.name for a in events["Apr 1994"].actors}
    assert "Ilham Aliyev" in {a.name for a in events["Oct 2020"].actors}
    assert "Ilham Aliyev" not in {a.name for a in events["Apr 1994"].actors}


def test_the_city_in_a_clause_without_a_place_is_the_documents_main_place(tagger) -> None:
    text = (
        "Fighting reached Mariupol on 24 February 2023. Shelling of Mariupol went on all week.\n\n"
        "Russian forces completely besieged the city on 2 March 2023."
    )
    events = analyze(doc(text), tagger).events
    assert [p.name for p in events[-1].places] == ["Mariupol"]


def test_a_happening_told_right_after_a_report_is_that_days_row(tagger) -> None:
    text = (
        "On 4 March 2023, the mayor confirmed that the city remained under Ukrainian control. "
        "Russian forces killed three unarmed civilians in a car."
    )
    (event,) = analyze(doc(text), tagger).events
    assert event.start == date(2023, 3, 4) and "three unarmed civilians" in event.headline
    assert event.reported is not None and event.reported.text == "4 March 2023"


def test_a_speaker_is_a_source_of_the_event_not_a_party(tagger) -> None:
    text = "Israeli air strikes killed 14 people in Rafah on 3 May 2023, the United Nations said."
    (event,) = analyze(doc(text), tagger).events
    assert {a.name for a in event.actors} == {"Israel"}


def actors_of(event: Any) -> set[str]:
    return {a.name for a in event.actors}


def test_speakers_named_with_a_noun_are_sources_not_parties(tagger) -> None:
    text = (
        "Israeli air strikes on 3 May 2023 killed 14 people in Rafah, Palestinian health "
        "officials said."
    )
    (event,) = analyze(doc(text), tagger).events
    assert actors_of(event) == {"Israel"}


def test_a_source_cited_with_according_to_is_no_party_even_alone(tagger) -> None:
    text = (
        "Protests spread after the coup on 1 February 2021, according to the news site Myanmar Now."
    )
    (event,) = analyze(doc(text), tagger).events
    assert "Myanmar" not in actors_of(event)


def test_the_datelines_country_is_no_party(tagger) -> None:
    text = (
        "NYALA, Sudan, May 12 - At least 26 people were killed on Sunday when Rapid Support "
        "Forces fighters stormed the southern districts of Nyala."
    )
    (event,) = analyze(doc(text, date(2023, 5, 12)), tagger).events
    assert actors_of(event) == {"Rapid Support Forces"}
    assert "Sudan" not in {p.name for p in event.places}


def test_a_dateline_town_with_accents_is_a_dateline(tagger) -> None:
    """ "APATZINGÁN, Mexico, May 8 (wire) -": the day is the report's (one row, Tuesday's),
    and Mexico no party."""
    text = (
        "APATZINGÁN, Mexico, May 8 (wire) - Gunmen of the Jalisco New Generation Cartel "
        "(CJNG) dropped explosives from drones on El Guayabal on Tuesday afternoon, killing "
        "nine people."
    )
    (event,) = analyze(doc(text, date(2025, 5, 8)), tagger).events
    assert event.start == date(2025, 5, 6)
    assert actors_of(event) == {"Jalisco New Generation Cartel"}


def test_a_clause_after_a_subordinator_belongs_to_its_own_date(tagger) -> None:
    text = (
        "WFP suspended its operations in Sudan on Sunday after three of its staff were killed "
        "in North Darfur on Saturday."
    )
    events = {e.start: e for e in analyze(doc(text, date(2023, 4, 18)), tagger).events}
    saturday, sunday = events[date(2023, 4, 15)], events[date(2023, 4, 16)]
    assert [c.count for c in saturday.casualties] == [3] and not sunday.casualties
    assert [p.name for p in saturday.places] == ["North Darfur"]
    assert "North Darfur" not in {p.name for p in sunday.places}


def test_a_comma_seam_wins_over_a_subordinator(tagger) -> None:
    text = (
        "Officials said fighting in March 2023 had killed 17 people, and that 30 people were "
        "still missing after a raid near Kass on 2 June 2023."
    )
    events = {e.label: e for e in analyze(doc(text, date(2023, 6, 16)), tagger).events}
    assert [c.count for c in events["2 Jun 2023"].casualties] == [30]
    assert [c.count for c in events["Mar 2023"].casualties] == [17]


def test_a_clause_told_at_a_distance_is_another_happenings(tagger) -> None:
    text = (
        "Ukrainian troops entered the city of Kherson on 11 November 2022, two days after "
        "Russia announced its withdrawal across the Dnipro."
    )
    (event,) = analyze(doc(text), tagger).events
    assert actors_of(event) == {"Ukrainian forces"}
    assert "two days after" not in event.headline


def test_a_sentence_telling_a_stretch_of_time_is_no_follow_up(tagger) -> None:
    text = (
        "The first war ended with a ceasefire signed in Bishkek in May 1994. Aliyev ruled "
        "until his death, and his son succeeded him."
    )
    (event,) = analyze(doc(text), tagger).events
    assert len(event.sentences) == 1 and not event.actors


def test_a_country_naming_an_office_or_a_target_is_no_party(tagger) -> None:
    office = "Heydar Aliyev became president of Azerbaijan in June 1993."
    (event,) = analyze(doc(office), tagger).events
    assert actors_of(event) == {"Heydar Aliyev"}
    target = "Russia annexed four oblasts of Ukraine on 30 September 2022."
    (event,) = analyze(doc(target), tagger).events
    assert actors_of(event) == {"Russia"}
    # An armed force after the verb still fights, and "with" names the other side.
    fought = "On 3 May 2023, Azerbaijani forces clashed with Armenia near Tovuz."
    (event,) = analyze(doc(fought), tagger).events
    assert actors_of(event) == {"Azerbaijani forces", "Armenia"}


def test_the_subject_of_a_passive_with_its_agent_is_acted_on_not_a_party(tagger) -> None:
    seized = "On 4 June 2021, two Georgian trawlers were seized by Turkish patrol boats."
    (event,) = analyze(doc(seized), tagger).events
    assert actors_of(event) == {"Turkey"}
    # Without a "by" agent the subject is all the clause names: it stays.
    alone = "On 4 June 2021, two Georgian trawlers were seized off Batumi."
    (event,) = analyze(doc(alone), tagger).events
    assert "Georgia" in actors_of(event)
    # An armed force that was attacked still fights.
    attacked = "On 4 June 2021, Georgian troops were attacked by Turkish forces."
    (event,) = analyze(doc(attacked), tagger).events
    assert actors_of(event) == {"Georgian forces", "Turkish forces"}


def test_a_border_named_by_a_demonym_is_neither_place_nor_party(tagger) -> None:
    text = "The rebels overran an army post near the Thai border on 27 March 2021."
    (event,) = analyze(doc(text), tagger).events
    assert not event.places and "Thailand" not in actors_of(event)


def test_a_capital_taken_or_defended_is_a_place_not_its_government(tagger) -> None:
    text = "On 25 February 2022, Russian forces shelled Kyiv and besieged Chernihiv."
    (event,) = analyze(doc(text), tagger).events
    assert actors_of(event) == {"Russian forces"}
    assert "Kyiv" in {p.name for p in event.places}


def test_a_follow_up_names_speakers_not_parties(tagger) -> None:
    text = (
        "A maternity hospital in Mariupol was destroyed on 9 March 2022. Zelensky called it "
        "an atrocity."
    )
    (event,) = analyze(doc(text), tagger).events
    assert "Volodymyr Zelensky" not in actors_of(event)


def test_a_place_inside_a_longer_name_is_no_place(tagger) -> None:
    text = "On 16 March 2022, the Donetsk Regional Drama Theatre in Mariupol was hit by a strike."
    (event,) = analyze(doc(text), tagger).events
    assert [p.name for p in event.places] == ["Mariupol"]


def test_a_region_holding_a_named_town_is_left_out(tagger) -> None:
    text = "On 10 September 2022, Ukrainian forces retook Izium in Kharkiv Oblast."
    (event,) = analyze(doc(text), tagger).events
    assert [p.name for p in event.places] == ["Izium"]
    alone = "On 29 August 2022, Ukrainian forces attacked in Kherson Oblast."
    (event,) = analyze(doc(alone), tagger).events
    (place,) = event.places
    assert place.name == "Kherson" and place.geo_precision == 3  # the region, not the city


def test_the_main_place_so_far_matches_a_recount_at_every_point(tagger) -> None:
    """`main_place` is read from one running pass; it must be what recounting every mention
    before a point gives (most often named place, first named of those tied, its last
    mention), at every point of a text where the leading place changes hands."""
    from collections import Counter

    from timeline.events import _PerSentence
    from timeline.segment import segment

    text = (
        "Shelling hit Goris. Troops reached Kharkiv. Then Kharkiv again, and Goris. "
        "Ukraine said Mariupol, Mariupol and Mariupol were hit. Later Goris, Goris."
    )
    facts = _PerSentence(text, tagger.tag(text), tagger.gazetteer, segment(text))

    def recount(before: int):
        counts: Counter[str] = Counter()
        last = {}
        for m in facts.all_mentions:
            is_place = m.start < before and m.entity == "place"
            if is_place and m.name not in tagger.gazetteer.countries:
                counts[m.name] += 1
                last[m.name] = m
        return last[counts.most_common(1)[0][0]] if counts else None

    seen = set()
    for point in range(len(text) + 1):
        expected = recount(point)
        assert facts.main_place(point) == expected, point
        seen.add(expected.name if expected else None)
    assert {None, "Goris", "Mariupol"} <= seen  # the lead changed hands


def _headline_examples() -> list[tuple[str, str]]:
    return [tuple(e.split(" -> ")) for e in rules().data["headlines"]["examples"]]


@pytest.mark.parametrize(("sentence", "expected"), _headline_examples())
def test_headline_examples(tagger, sentence: str, expected: str) -> None:
    """roles.toml [headlines] examples: a linking opener is no part of a headline."""
    own = sentence.rstrip(".") + " on 4 May 2023."
    (event,) = analyze(doc(own), tagger).events
    assert event.headline == expected


def test_a_headline_stops_at_a_semicolon(tagger) -> None:
    text = (
        "On 23 February 2023, Zelenskyy ordered the conscription of army reservists; the "
        "following day, parliament declared a state of emergency."
    )
    headlines = [e.headline for e in analyze(doc(text), tagger).events]
    assert headlines[0] == "Zelenskyy ordered the conscription of army reservists"


def test_a_row_dated_by_the_sentence_before_drops_its_opener_too(tagger) -> None:
    text = (
        "Russian forces shelled Kherson on 3 May 2023, killing four. Meanwhile, protesters "
        "marched through Kyiv against the war."
    )
    headlines = [e.headline for e in analyze(doc(text), tagger).events]
    assert headlines == [
        "Russian forces shelled Kherson, killing four",
        "Protesters marched through Kyiv against the war",
    ]


def test_a_claimed_strike_on_an_armed_target_is_dated_by_its_report(tagger) -> None:
    # What is reported has no date of its own, and "struck a command post" says what happened.
    text = "On 14 June 2021, the army claimed to have struck a rebel command post near Goma."
    (event,) = analyze(doc(text), tagger).events
    assert event.label == "14 Jun 2021"
    assert event.event_type == "Explosions/Remote violence"


def test_a_report_does_not_date_a_quotation_that_has_its_own_time(tagger) -> None:
    """The quotation's "yesterday" dates the flag raised: the report's day is no happening's
    (it gave a row of 4 August for what happened on the 3rd)."""
    text = (
        'The town was declared liberated on 3 August 2016. "Yesterday the flag went up over '
        'the port, and tomorrow we start clearing the mines," a commander told reporters on '
        "4 August 2016."
    )
    assert [e.label for e in analyze(doc(text), tagger).events] == ["3 Aug 2016"]


def test_the_town_is_the_document_s_town_not_the_home_of_a_militia(tagger) -> None:
    """ "a Misrata militia", "Misrata forces", "a Misrata commander" name where groups come
    from: they made Misrata the document's main place, so "the town" pointed there."""
    text = (
        "The coastal town of Qasr Tamim lies east of Misrata. On 17 April 2015, rebels seized "
        "the port of Qasr Tamim from a Misrata militia.\n\n"
        "A Misrata commander and Misrata forces returned later. The town was declared "
        "liberated on 3 August 2016."
    )
    events = analyze(doc(text), tagger).events
    (liberated,) = [e for e in events if e.start == date(2016, 8, 3)]
    assert [p.name for p in liberated.places] == ["Qasr Tamim"]


def test_a_relative_clause_with_its_own_date_leaves_the_main_clause_whole(tagger) -> None:
    """The main clause goes on after "..., who had arrived from Sirte in April,": its verb and
    figure were cut off onto the April row."""
    text = (
        "On 2 May 2015, Islamic State gunmen, who had arrived from Sirte in April, publicly "
        "executed four men in the main square."
    )
    may, april = sorted(analyze(doc(text), tagger).events, key=lambda e: e.start, reverse=True)
    assert may.event_type == "Violence against civilians"
    assert [(c.outcome, c.count) for c in may.casualties] == [("killed", 4)]
    assert april.casualties == [] and april.event_type is None
    assert [p.name for p in april.places] == []  # Sirte is where they came from


def test_a_distance_from_another_happening_dates_no_row_of_its_own() -> None:
    """ "On 2 November, a car bomb killed 13 civilians in Tell Abyad, 2 weeks after its
    capture": the distance, counted from a capture the document dated elsewhere, gave a row
    of its own headed "2 weeks after its capture from SDF"."""
    from timeline.events import _drop_distances

    text = "On 2 November 2019, a car bomb killed 13 civilians, 2 weeks after its capture."
    day = TimeExpression(
        text="2 November 2019", start=3, end=18, value="2019-11-02", kind=TimeKind.DATE,
        precision=Precision.DAY, date_start=date(2019, 11, 2), date_end=date(2019, 11, 2),
        anchored=True, anchor=TimeAnchor(kind=AnchorKind.EXPLICIT),
    )  # fmt: skip
    at = text.index("2 weeks")
    distance = day.model_copy(
        update={
            "text": "2 weeks after its capture", "start": at, "end": len(text) - 1,
            "anchor": TimeAnchor(kind=AnchorKind.EVENT, date="2019-11-19"),
        }
    )  # fmt: skip
    assert _drop_distances(text, [day, distance]) == [day]
    alone = "Two weeks after its capture, the town was shelled."
    leading = distance.model_copy(update={"start": 0, "end": 27})
    assert _drop_distances(alone, [leading]) == [leading]


def test_a_toll_reported_for_a_whole_battle_is_no_row_of_the_report(tagger) -> None:
    text = (
        "In April 2019, a joint investigation by Amnesty International and Airwars reported "
        "that 1,600 civilians were killed by coalition strikes during the battle."
    )
    assert analyze(doc(text), tagger).events == []


def test_a_forecast_states_no_happening_of_the_report_s_day() -> None:
    """After "The SDF commander said, on 21 October, that ...", a paragraph "the SDF will be
    more restricted ... in the fight against ISIL" was a row of 21 October (a fight)."""
    from timeline.events import _states_a_happening

    forecast = (
        "As a consequence of the US withdrawal and the Turkish offensive, the SDF will be more "
        "restricted in time and resources to help the United States in the fight against ISIL."
    )
    assert not _states_a_happening(forecast)
    assert _states_a_happening("The SDF fought ISIL fighters in the town of Hajin.")


def test_its_fighters_are_the_group_the_sentence_before_is_about(tagger) -> None:
    text = (
        "The Rapid Support Forces have stepped up their attacks since Chadian troops left the "
        "border area. On 3 May 2023, their fighters ambushed a convoy near Kutum."
    )
    (event,) = analyze(doc(text), tagger).events
    assert [a.name for a in event.actors] == ["Rapid Support Forces"]


def test_hours_after_the_raid_carries_the_day_into_a_new_paragraph(tagger) -> None:
    text = (
        "Fighters of the Rapid Support Forces killed 11 civilians in the village of Tawila on "
        "3 May 2023, the governor said.\n\nHours after the raid, Sudanese troops caught up with "
        "the attackers east of Tawila. Four soldiers and about 20 fighters were killed in the "
        "clash, an army spokesman said."
    )
    events = analyze(doc(text), tagger).events
    clash = [e for e in events if "caught up" in e.headline]
    assert [e.label for e in clash] == ["3 May 2023"]
    assert sorted(c.count for c in clash[0].casualties) == [4, 20]


def test_a_quoted_report_dates_and_names_what_it_quotes(tagger) -> None:
    """A report that dates what it says (nothing else dates it) quotes the happening: the
    names inside the quotation are its parties and places, and "the UK MoD" is the source."""
    text = (
        "On 4 June 2022, the UK MoD said: \u201cUkrainian forces have counterattacked in the "
        "contested city of Sievierodonetsk, likely blunting the momentum Russian forces "
        "previously gained.\u201d"
    )
    (event,) = analyze(doc(text), tagger).events
    assert event.label == "4 Jun 2022"
    assert "United Kingdom" not in [a.name for a in event.actors]
    assert "Ukrainian forces" in [a.name for a in event.actors]
    assert [p.name for p in event.places] == ["Sievierodonetsk"]


def test_a_figure_of_soldiers_counts_the_one_state_force_of_its_row(tagger) -> None:
    text = (
        "On 10 September 2024, Somali troops fought al-Shabaab fighters in the village of "
        "Ceel Gaduud. Four soldiers and about 20 insurgents were killed in the clash."
    )
    (event,) = analyze(doc(text, published=date(2024, 9, 12)), tagger).events
    assert sorted((c.count, c.who) for c in event.casualties) == [
        (4, "Somalia"),
        (20, "al-Shabaab"),
    ]
    text = "On 3 May 2023, 73 soldiers were killed en route to Lebanon when helicopters crashed."
    (event,) = analyze(doc(text), tagger).events
    assert [c.who for c in event.casualties] == ["soldiers"]  # no state force: no side
    # One side alone may have killed its enemies' soldiers: no side either.
    text = "On 3 May 2023, Russian forces shelled a checkpoint near Izium, killing five soldiers."
    (event,) = analyze(doc(text), tagger).events
    assert [c.who for c in event.casualties] == ["soldiers"]


def test_a_figure_counts_the_actor_named_among_its_words(tagger) -> None:
    # Two groups and one state in the row, yet "al-Shabaab fighters" say whose they are.
    text = (
        "On 10 September 2024, Somali troops and fighters of the Bay Defence Militia (BDM) "
        "reached the village. 14 al-Shabaab fighters were killed in the fighting."
    )
    (event,) = analyze(doc(text, published=date(2024, 9, 12)), tagger).events
    assert [(c.count, c.who) for c in event.casualties] == [(14, "al-Shabaab")]


def test_soldiers_count_the_state_the_document_is_about(tagger) -> None:
    # A history of one state: the army its rebels ambush is that state's, so are its soldiers.
    text = (
        "The Wardaye Liberation Front took up arms against Ethiopia in 1994. Ethiopia's "
        "government called it a band of smugglers, and Ethiopia's press ignored it.\n\n"
        "In November 1994, the front ambushed an army column on the Jijiga road in Ethiopia, "
        "killing 20 soldiers."
    )
    events = analyze(doc(text, published=date(2020, 1, 1)), tagger).events
    (event,) = [e for e in events if e.label == "Nov 1994"]
    assert [(c.count, c.who) for c in event.casualties] == [(20, "Ethiopia")]
    # A text about two states names no home state: the soldiers stay nobody's.
    text = (
        "Armenia and Azerbaijan fought over Karabakh; Armenia and Azerbaijan both claim it.\n\n"
        "In November 1994, rebels ambushed an army column near the border, killing 20 soldiers."
    )
    events = analyze(doc(text, published=date(2020, 1, 1)), tagger).events
    (event,) = [e for e in events if e.label == "Nov 1994"]
    assert [c.who for c in event.casualties] == ["soldiers"]


def test_rebels_killed_in_a_groups_attack_on_the_documents_state_are_the_groups(tagger) -> None:
    text = (
        "The Wardaye Liberation Front took up arms against Ethiopia in 1994. Ethiopia's "
        "government called it a band of smugglers, and Ethiopia's press ignored it.\n\n"
        "In November 1994, the Wardaye Liberation Front stormed an army camp on the Jijiga road, "
        "killing 20 soldiers; 40 rebels were killed."
    )
    events = analyze(doc(text, published=date(2020, 1, 1)), tagger).events
    (event,) = [e for e in events if e.label == "Nov 1994"]
    assert [(c.count, c.who) for c in event.casualties] == [
        (20, "Ethiopia"),
        (40, "Wardaye Liberation Front"),
    ]


def test_a_royal_army_and_its_helicopters_are_the_states_forces(tagger) -> None:
    text = (
        "The Royal Nepalese Army fought the Maoist rebels across Nepal from 2001. Nepal's "
        "government armed village militias, and Nepal's king took power in 2005.\n\n"
        "On 23 March 2005, army helicopters fired on rebel positions north of Simkharka."
    )
    events = analyze(doc(text, published=date(2020, 1, 1)), tagger).events
    (event,) = [e for e in events if e.label == "23 Mar 2005"]
    assert [a.name for a in event.actors] == ["Nepalese forces"]


def test_a_place_before_a_group_noun_is_a_place_after_in_or_near(tagger) -> None:
    text = "On 3 May 2023 in Marib fighters loyal to the government repelled a Houthi attack."
    (event,) = analyze(doc(text), tagger).events
    assert [p.name for p in event.places] == ["Marib"]


def test_a_heavy_toll_on_a_city_is_no_count(tagger) -> None:
    text = "Russian shelling took a heavy toll on Kharkiv on 3 May 2023."
    (event,) = analyze(doc(text), tagger).events
    assert event.event_type == "Explosions/Remote violence"


def test_a_headline_never_opens_on_a_verb_whose_subject_was_cut(tagger) -> None:
    text = (
        "The uprising evolved from minor protests in January 2011 and transformed into massive "
        "protests in March 2011."
    )
    march = [e for e in analyze(doc(text), tagger).events if e.start == date(2011, 3, 1)]
    assert march and not march[0].headline.startswith("Transformed"), march[0].headline


def test_a_toll_over_a_longer_period_is_no_part_of_the_day_before_it(tagger) -> None:
    """ "Between 40 and 65 civilians were killed during the eight weeks of fighting": the toll
    of the whole campaign was carried onto the day told before it, with its figures."""
    text = (
        "The town was declared liberated on 3 August 2016. Between 40 and 65 civilians were "
        "killed during the eight weeks of fighting, the council said."
    )
    (event,) = analyze(doc(text), tagger).events
    assert event.label == "3 Aug 2016"
    assert len(event.sentences) == 1
    assert event.casualties == []


def test_a_sentence_summing_up_the_period_told_goes_on_telling_it(tagger) -> None:
    text = (
        "November and December 2011 saw increasing rebel attacks. In the two months, the Free "
        "Syrian Army attacked an intelligence complex in Harasta."
    )
    (event,) = analyze(doc(text), tagger).events
    assert len(event.sentences) == 2
    assert "Free Syrian Army" in [a.name for a in event.actors]


def test_an_advance_into_a_town_is_a_battle_not_the_shelling_told_after_it(tagger) -> None:
    text = "On 5 May 2021, rebel columns advanced into Kidal. Rebel mortars shelled the market."
    advance = analyze(doc(text), tagger).events[0]
    assert advance.headline.startswith("Rebel columns advanced")
    assert (advance.event_type, advance.sub_event_type) == ("Battles", "Armed clash")


def test_a_plan_is_no_row(tagger) -> None:
    # "will be prolonged until 2034" dates a plan: without a publication date to cut it, it
    # stretched the timeline to 2034.
    text = (
        "Ukraine will get a loan for green technology until 2024 and Germany will set up a "
        "fund. The contract for gas transit will be prolonged until 2034, if Moscow agrees."
    )
    assert labels(text, tagger, published=None) == []


def test_a_comment_after_a_same_day_opener_is_no_row(tagger) -> None:
    text = (
        "On 3 May 2022, Russian forces shelled Kharkiv. In addition, it has been suggested "
        "that some residents did not want to answer questions for fear of reprisals."
    )
    (event,) = analyze(doc(text), tagger).events
    assert [s.text for s in event.sentences] == ["On 3 May 2022, Russian forces shelled Kharkiv."]


def test_a_dated_statement_is_a_report_not_a_row(tagger) -> None:
    text = (
        "The US Secretary of State's statement of 20 October 2017 said: \"We congratulate "
        "the Syrian people on the liberation of Raqqa. Our work is far from over, but the "
        'liberation of Raqqa is a milestone."'
    )
    assert labels(text, tagger) == []


def test_the_type_comes_from_the_dated_clause_not_the_next_sentence(tagger) -> None:
    text = (
        "In early 2022, Dag Hammar acted as the joint envoy of the United Nations for Karvelia. "
        "Even as talks went on, the rebels and the army continued fighting."
    )
    events = analyze(doc(text), tagger).events
    assert all(e.event_type != "Battles" for e in events), [
        (e.headline, e.event_type) for e in events
    ]


def test_a_journalist_judging_the_battle_is_no_row_of_his_own(tagger) -> None:
    text = (
        "The bodies of 24 executed fighters were found on 24 July 2012 in Daraya. In other "
        "parts of the city, journalist Alex Thompson described the battle as a victory for the "
        "army."
    )
    events = analyze(doc(text), tagger).events
    assert len(events) == 1, [e.headline for e in events]
    assert "Alex Thompson" not in actors_of(events[0])


def test_the_media_reporting_a_happening_are_no_party_to_it(tagger) -> None:
    text = (
        "On 19 October 2011 U.S. media reported that large crowds rallied in Aleppo in support "
        "of the government."
    )
    (event,) = analyze(doc(text), tagger).events
    assert "United States" not in actors_of(event)


def test_a_range_broken_down_into_years_is_one_row_with_its_figure(tagger) -> None:
    text = (
        "From 2014 to 2021, there were more than 3,000 civilian casualties, with most "
        "occurring in 2014 and 2015."
    )
    (event,) = analyze(doc(text), tagger).events
    assert (event.start, event.end) == (date(2014, 1, 1), date(2021, 12, 31))
    assert [c.count for c in event.casualties] == [3000]


def test_a_toll_counted_since_a_day_is_no_figure_of_that_day(tagger) -> None:
    text = (
        "More than 1,500 civilians had been killed since the start of the Karvelian invasion "
        "on 24 February 2022."
    )
    for event in analyze(doc(text), tagger).events:
        assert event.casualties == [], event.headline


def test_a_side_named_in_a_since_reference_is_no_party(tagger) -> None:
    text = (
        "Rebels captured the town of Quneitra in August 2014, which had been abandoned since "
        "the Six-Day War with Israel in 1967."
    )
    (event,) = analyze(doc(text), tagger).events
    assert event.label == "Aug 2014"
    assert "Israel" not in actors_of(event)
    dated = (
        "Shelling has not stopped since the start of the Karvelian invasion on 24 February 2022."
    )
    (invasion,) = analyze(doc(dated.replace("Karvelian", "Russian")), tagger).events
    assert "Russia" in actors_of(invasion)  # the phrase holds the row's own date


def _actor_examples(table: str, key: str = "examples") -> list[tuple[str, list[str]]]:
    """roles.toml examples "TEXT -> ACTOR; ACTOR": the text and the actors of its one row."""
    found = []
    for example in rules().data[table][key]:
        text, _, kept = example.partition(" -> ")
        found.append((text, [a for a in kept.split("; ") if a]))
    return found


@pytest.mark.parametrize(("text", "kept"), _actor_examples("named_happenings"))
def test_a_side_named_in_a_war_named_as_a_thing_is_no_party(
    tagger, text: str, kept: list[str]
) -> None:
    """Each example of roles.toml's [named_happenings]: "during the 2022 Russian invasion of
    Ukraine" names the war, not the parties of the clause's own happening."""
    (event,) = analyze(doc(text), tagger).events
    assert actors_of(event) == set(kept)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "SIEVIERODONETSK, Ukraine, June 4, 2022 (Reuters) - Russian forces shelled the Azot "
            "chemical plant on Saturday, killing two workers, the regional governor said.",
            "Russian forces shelled the Azot chemical plant, killing two workers, the regional "
            "governor said",
        ),
        (  # dated by the dateline's own date: the rest of the sentence is the line
            "KHARTOUM, April 20 (Reuters) - Heavy fighting raged around the army headquarters "
            "in Khartoum, witnesses said.",
            "Heavy fighting raged around the army headquarters in Khartoum, witnesses said",
        ),
    ],
)
def test_a_wire_dateline_is_no_part_of_a_headline(tagger, text: str, expected: str) -> None:
    events = analyze(doc(text, date(2022, 6, 4)), tagger).events
    assert [e.headline for e in events] == [expected]


def test_a_clause_without_a_subject_takes_the_lead_by_the_same_rules(tagger) -> None:
    """The lead clause gives its parties, not the names of a war named as a thing, and not a
    country a side came from."""
    text = (
        "During the 2022 Russian invasion of Ukraine, the zone was captured on 24 February by "
        "the Russian Armed Forces, who entered Ukrainian territory from neighbouring Belarus "
        "and seized the plant by the end of that day."
    )
    events = analyze(doc(text, date(2022, 4, 1)), tagger).events
    assert [actors_of(e) for e in events] == [{"Russian forces"}, {"Russian forces"}]


def test_a_speaker_of_the_paragraph_before_makes_no_listener(tagger) -> None:
    """ "officials said on Sunday." ends a paragraph: the next one's "Israel" is no one's
    listener, and stays a party."""
    text = (
        "Air strikes killed 14 people on 3 May, officials said on Sunday.\n\n"
        "Israel and Hamas fought in the winter of 2008-2009."
    )
    events = analyze(doc(text), tagger).events
    assert actors_of(events[-1]) == {"Israel", "Hamas"}


@pytest.mark.parametrize(("text", "kept"), _actor_examples("unnamed_groups"))
def test_the_rebels_are_the_group_named_before(tagger, text: str, kept: list[str]) -> None:
    """Each example of roles.toml's [unnamed_groups]: "the rebels" is the non-state armed group
    named last before; "gunmen", or "the rebels" with none named before, is no actor."""
    events = analyze(doc(text), tagger).events
    assert actors_of(events[-1]) == set(kept)


@pytest.mark.parametrize(("text", "kept"), _actor_examples("pronoun_subjects"))
def test_they_is_the_subject_of_the_sentence_before(tagger, text: str, kept: list[str]) -> None:
    """Each example of roles.toml's [pronoun_subjects]: "they" opening a sentence is the group
    or forces the sentence before it opened on; not civilians, not a victim, not across a
    paragraph."""
    events = analyze(doc(text), tagger).events
    assert actors_of(events[-1]) == set(kept)


def test_its_fighters_are_the_group_of_the_sentence_before(tagger) -> None:
    """ "its fighters" as a clause's subject are the group named before, first, even when the
    clause names its target; with no subject of its own the group is the only party."""
    text = (
        "The Wabu Liberation Front has stepped up its attacks since the spring. On 3 May 2021, "
        "its fighters attacked an outpost of Indonesian troops at Moragaabey."
    )
    events = analyze(doc(text), tagger).events
    assert events[-1].actors[0].name == "Wabu Liberation Front"
    text = (
        "The Wabu Liberation Front has stepped up its attacks since the spring. On 3 May 2021, "
        "its fighters ambushed a convoy of lorries."
    )
    events = analyze(doc(text), tagger).events
    assert actors_of(events[-1]) == {"Wabu Liberation Front"}


def test_a_side_a_trailing_participle_acts_on_is_no_party(tagger) -> None:
    taken = (
        "On 6 September 2022, Ukrainian forces launched a counteroffensive in the Kharkiv "
        "region, taking Russian forces by surprise."
    )
    (event,) = analyze(doc(taken), tagger).events
    assert actors_of(event) == {"Ukrainian forces"}
    fought = (
        "On 12 July 2020, Azerbaijani forces crossed the border, clashing with Armenian forces."
    )
    (event,) = analyze(doc(fought), tagger).events
    assert actors_of(event) == {"Azerbaijani forces", "Armenian forces"}


@pytest.mark.parametrize(("text", "kept"), _actor_examples("participle_objects"))
def test_a_side_a_participle_after_a_conjunction_acts_on_is_no_party(
    tagger, text: str, kept: list[str]
) -> None:
    """Each example of roles.toml's [participle_objects]: in "advanced after breaking through
    Ukrainian defenses" Ukraine is acted on; "after clashing with Armenian forces" keeps it."""
    (event,) = analyze(doc(text), tagger).events
    assert actors_of(event) == set(kept)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "Russian forces advanced into Bucha on 27 February 2022.\n\n"
            "On 4 March 2022, the mayor confirmed that the city remained under Ukrainian "
            "control. Russian forces killed four civilians on the road out.",
            "Bucha",
        ),
        (
            "On 4 March 2022, officials in Kharkiv said the defences had held. Russian "
            "artillery killed four civilians near a bakery.",
            "Kharkiv",
        ),
    ],
)
def test_a_happening_told_after_the_report_that_dates_it_is_where_the_report_says(
    tagger, text: str, place: str
) -> None:
    (event,) = [e for e in analyze(doc(text), tagger).events if e.start == date(2022, 3, 4)]
    assert [c.count for c in event.casualties] == [4]
    assert [p.name for p in event.places] == [place]


def _toll_examples() -> list[tuple[str, int]]:
    found = []
    for example in rules().data["follow_up"]["toll_examples"]:
        text, _, rows = example.partition(" -> ")
        found.append((text, int(rows)))
    return found


@pytest.mark.parametrize(("text", "actors"), _actor_examples("follow_up", "person_party_examples"))
def test_a_person_in_a_follow_up_is_a_party_only_by_a_verb_of_deciding(
    tagger, text: str, actors: list[str]
) -> None:
    """Each of roles.toml's [follow_up] person_party_examples: with no party in the dated
    clause, a follow-up's person is one only as the subject of "announced", "ordered"...; its
    groups and forces still are."""
    (event,) = analyze(doc(text), tagger).events
    assert sorted(a.name for a in event.actors) == sorted(actors)


def test_a_clause_of_another_happening_after_the_date_gives_no_party(tagger) -> None:
    """ "..., after Syrian soldiers detained teenagers" is another happening (its own subject
    and verb): its forces are no party of the protests the date tells."""
    text = (
        "Protests that began in Daraa in March 2011, after Syrian soldiers detained teenagers, "
        "spread across the country."
    )
    (event,) = analyze(doc(text), tagger).events
    assert event.actors == []
    named = (
        "The siege of Gaza ended on 16 May 2022, after what media outlets called the surrender "
        "of the remaining Hamas fighters."
    )
    (event,) = analyze(doc(named), tagger).events
    assert [a.name for a in event.actors] == ["Hamas"]
    near = "Protests began in Daraa in March 2011 after heavy fighting between soldiers and Hamas."
    (event,) = analyze(doc(near), tagger).events
    assert [a.name for a in event.actors] == ["Hamas"]


def test_a_witness_quoted_after_a_happening_tells_it_and_makes_no_row(tagger) -> None:
    text = (
        "On 11 August 2012, the army clashed with rebels near the central bank in Damascus. "
        '"The explosion was huge. There has been fighting for the past half an hour," a '
        "resident said."
    )
    (event,) = analyze(doc(text), tagger).events
    assert event.start == date(2012, 8, 11)
    assert any("explosion was huge" in s.text for s in event.sentences)


def test_a_follow_up_timed_from_another_happening_is_not_the_day_before(tagger) -> None:
    text = (
        "Under its terms, Armenia returned Agdam by 20 November 2020 and Lachin by 1 December. "
        "Protesters stormed the parliament in Yerevan in the night after the agreement was "
        "announced."
    )
    events = analyze(doc(text), tagger).events
    assert all("stormed" not in e.headline for e in events)
    assert all(not any("stormed" in s.text for s in e.sentences) for e in events)


def test_a_person_named_as_an_owner_is_no_party(tagger) -> None:
    """ "the armed wing of Riek Machar's party": the party acts, not he; and "drawing the
    army's attention" after "and" is what the clause acts on, as after a comma."""
    text = (
        "Last week, fighters of the Sudan People's Liberation Army-in-Opposition (SPLA-IO), the "
        "armed wing of First Vice-President Riek Machar's party, overran an army post in Waat, "
        "killing seven soldiers and drawing the army's attention away from the camps."
    )
    (event,) = analyze(doc(text, published=date(2025, 2, 19)), tagger).events
    assert actors_of(event) == {"Sudan People's Liberation Army-in-Opposition"}
    text = "On 3 May 2022, Ilham Aliyev's government closed the border."
    (event,) = analyze(doc(text), tagger).events
    assert "Ilham Aliyev" not in actors_of(event)
    text = "On 4 May 2022, Ilham Aliyev met the envoys in Baku."
    (event,) = analyze(doc(text), tagger).events
    assert actors_of(event) == {"Ilham Aliyev"}


@pytest.mark.parametrize(("text", "actors"), _actor_examples("targets"))
def test_the_owner_of_what_an_attack_hits_is_no_party(tagger, text: str, actors: list[str]) -> None:
    """Each of roles.toml's [targets] examples: in "Congolese troops shelled ADF positions"
    the ADF is hit, not a party; "killed six fighters of the BRB" keeps the BRB."""
    (event,) = analyze(doc(text), tagger).events
    assert sorted(a.name for a in event.actors) == sorted(actors)


@pytest.mark.parametrize(
    ("text", "actors"), _actor_examples("participle_objects", "object_examples")
)
def test_a_name_the_clause_demands_or_acts_on_is_no_party(
    tagger, text: str, actors: list[str]
) -> None:
    """Each of roles.toml's [participle_objects] object_examples: "demanding the resignation of
    Prime Minister Nikol Pashinyan" names what the protesters want, not a party."""
    (event,) = analyze(doc(text), tagger).events
    assert sorted(a.name for a in event.actors) == sorted(actors)


@pytest.mark.parametrize(("text", "rows"), _toll_examples())
def test_a_toll_counted_after_a_strike_is_the_strikes(tagger, text: str, rows: int) -> None:
    """Each of roles.toml's [follow_up] toll_examples: "Four people were killed" after a
    missile strike is its toll (one row, with the figures); an agent killing is its own row."""
    events = analyze(doc(text), tagger).events
    assert len(events) == rows
    if rows == 1:
        assert sorted((c.outcome, c.count) for c in events[0].casualties) == [
            ("killed", 4),
            ("wounded", 11),
        ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "As early as February 2014, the adviser gave instructions to the local parties.",
            "The adviser gave instructions to the local parties",
        ),
        (
            "Shortly after 3 May 2023, the militia withdrew from the crossing.",
            "The militia withdrew from the crossing",
        ),
    ],
)
def test_a_comparative_opener_goes_with_its_date(tagger, text: str, expected: str) -> None:
    """ "As early as February 2014, X" less its date must not read "As early as, X"."""
    (event,) = analyze(doc(text), tagger).events
    assert event.headline == expected


def test_a_title_line_opening_on_its_year_is_no_source_sentence(tagger) -> None:
    """A Markdown heading reaches the engine without its "#": "2018 Kerch Strait incident"
    is still a title, never a sentence carried by the happening above it."""
    text = (
        "As early as February 2014, the adviser gave instructions to the local parties.\n\n"
        "2018 Kerch Strait incident\n\n"
        "The coast guard rammed a tug in the strait."
    )
    (event,) = analyze(doc(text), tagger).events
    assert [s.text for s in event.sentences] == [
        "As early as February 2014, the adviser gave instructions to the local parties."
    ]


def test_a_reported_capture_of_soldiers_is_a_row_with_its_figure(tagger) -> None:
    """No event type reads "160 servicemen ... were captured" (people, not ground), yet the
    report tells a happening: a row dated by the report, with the figure."""
    text = (
        "On 11 April 2022, state media reported that 160 servicemen from the 36th Separate "
        "Marine Brigade were captured with their equipment."
    )
    (event,) = analyze(doc(text), tagger).events
    assert event.event_type is None or event.sub_event_type != "Government regains territory"
    assert [(c.outcome, c.count) for c in event.casualties] == [("captured", 160)]


def test_a_capital_naming_an_agreement_is_neither_actor_nor_place(tagger) -> None:
    text = "In February 2015, the Minsk II agreements were signed by Russia and Ukraine."
    (event,) = analyze(doc(text), tagger).events
    assert [a.name for a in event.actors] == ["Russia", "Ukraine"]
    assert event.places == []


def test_rebels_named_by_a_demonym_are_not_that_state(tagger) -> None:
    text = (
        "By September 2011, Syrian rebels were fighting an insurgency in many parts of Syria, "
        "and the Lebanese militia Hezbollah had joined the war."
    )
    events = analyze(doc(text), tagger).events
    names = {a.name for e in events for a in e.actors}
    assert "Syria" not in names and "Lebanon" not in names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "January 2012 saw intensified clashes around the suburbs of Damascus.",
            "January 2012 saw intensified clashes around the suburbs of Damascus",
        ),
        (
            "Beginning in 2021, Russia built up a large military presence near its border.",
            "Russia built up a large military presence near its border",
        ),
        (
            "In the 12 November 2014 United Nations Security Council meeting, the British envoy "
            "accused Russia of limiting the observers.",
            "The British envoy accused Russia of limiting the observers",
        ),
        (
            "The fair, which began at the end of August 2011, was muted after troops fired.",
            "The fair, which began at the end of August 2011, was muted after troops fired",
        ),
    ],
)
def test_a_headline_keeps_a_subject_date_and_drops_a_whole_opener(
    tagger, text: str, expected: str
) -> None:
    """Cutting the date out must not leave "Saw intensified clashes", "Beginning, Russia",
    "United Nations Security Council meeting, the envoy" or "Began, were muted"."""
    (event,) = analyze(doc(text), tagger).events
    assert event.headline == expected


def test_a_participle_closed_by_a_comma_keeps_its_date(tagger) -> None:
    text = (
        "The liberation of the town, occupied in early April 2022, ended the threat to the "
        "regional capital."
    )
    (event,) = analyze(doc(text), tagger).events
    assert "occupied," not in event.headline


def test_a_clause_after_after_tells_another_happening_and_gives_no_type(tagger) -> None:
    """The dismissal is no riot: the riot is the clause after "after", a happening of its own
    with its own subject; "after heavy fighting" still tells the capture."""
    dismissed = (
        "The president dismissed his foreign minister on 16 July 2020 after protesters "
        "stormed the parliament."
    )
    captured = "Rebels captured the town on 3 May 2023 after heavy fighting."
    (first,) = analyze(doc(dismissed), tagger).events
    (second,) = analyze(doc(captured), tagger).events
    assert first.event_type != "Riots"
    assert second.event_type == "Battles"


def test_the_clause_the_date_is_in_types_the_row(tagger) -> None:
    """A date inside the clause after "after" dates that clause's happening (an agreement,
    not the fighting that eased); "went after them that afternoon" is no such clause; a
    clause of its own after ", and it" neither types the row nor gives it parties, unless it
    tells what the happening did ("and it had resulted in ...")."""
    eased = (
        "Fighting in the north had eased after the two sides agreed a local ceasefire at Waat "
        "in June 2021, but the truce has not held."
    )
    (event,) = analyze(doc(eased), tagger).events
    assert event.sub_event_type == "Agreement"
    chased = (
        "Rebels of the Wabu Front shot dead seven farmers on 30 September 2021. Indonesian "
        "soldiers who went after them that afternoon killed six of the rebels."
    )
    events = analyze(doc(chased), tagger).events
    assert "Indonesian forces" in actors_of(events[-1])
    founded = (
        "In April 2014, his supporters founded the Wabu Liberation Front as their armed wing, "
        "and it has fought the Indonesian army on and off ever since."
    )
    (event,) = analyze(doc(founded), tagger).events
    assert event.sub_event_type == "Change to group/activity"
    assert "Indonesian forces" not in actors_of(event)
    resulted = (
        "On 6 November 2016, the Wabu Front launched a campaign to capture Sugapa, and it had "
        "resulted in the capture of the town."
    )
    (event,) = analyze(doc(resulted), tagger).events
    assert event.event_type == "Battles"


def test_a_past_happening_named_by_its_year_gives_no_type(tagger) -> None:
    text = "Memories of the 1982 massacre shaped the protests that began in Hama in March 2011."
    (event,) = analyze(doc(text), tagger).events
    assert event.event_type == "Protests"


def test_a_headline_takes_the_thing_said_that_holds_the_date(tagger) -> None:
    text = (
        "He stated that the founder had created the republic, that his successor extended its "
        "lands, and that the premier gave the peninsula to the republic in 1954."
    )
    (event,) = analyze(doc(text), tagger).events
    assert event.headline.startswith("The premier gave the peninsula"), event.headline


def test_a_background_opener_gives_no_type(tagger) -> None:
    text = (
        "Following the successful counterattacks in late March 2022, the ministry announced "
        "on 29 March 2022 that its forces would leave the area."
    )
    events = [e for e in analyze(doc(text), tagger).events if e.start == date(2022, 3, 29)]
    assert [e.event_type for e in events] == [None]


def test_a_later_this_week_takes_the_sentence_back_to_the_publication_year(tagger) -> None:
    """ "fought a war in April 2016 and clashed again this week, when fighting between 12
    and 16 July killed ...": the July is the publication's, not 2016's; the headline keeps
    its "between 12 and 16 July"."""
    text = (
        "The two armies fought a war in April 2016 and clashed again this week, when fighting "
        "near the border between 12 and 16 July killed 16 soldiers."
    )
    events = analyze(doc(text, published=date(2020, 7, 17)), tagger).events
    (july,) = [e for e in events if e.start.month == 7 and e.end.day == 16]
    assert july.start == date(2020, 7, 12)
    assert "between killed" not in july.headline


def test_a_clause_with_no_subject_of_its_own_heads_with_the_sentence(tagger) -> None:
    text = (
        "On 1 April 2014, the militants entered the camp from the south, but were expelled "
        "on 2 April 2014 by local fighters."
    )
    headlines = [e.headline for e in analyze(doc(text), tagger).events]
    assert not [h for h in headlines if h.startswith("Were ")], headlines


def test_a_speaker_who_tells_of_others_violence_is_no_actor(tagger) -> None:
    """The president who tweets that an attack was an atrocity is its source; a country
    that states its own view still speaks for its row."""
    text = (
        "On 9 March 2022, President Zelenskyy tweeted that the attack on the hospital was an "
        "atrocity."
    )
    (event,) = analyze(doc(text), tagger).events
    assert [a.name for a in event.actors] == []
    text = "On 8 June 2022, Russia said that its forces shelled the village."
    (event,) = analyze(doc(text), tagger).events
    assert [a.name for a in event.actors] == ["Russia"]


def test_a_name_and_its_verb_after_an_opening_date_stay_in_the_headline(tagger) -> None:
    text = "In May 2022 the president resigned, the agency said."
    (event,) = analyze(doc(text), tagger).events
    assert "president resigned" in event.headline.lower(), event.headline


def test_a_name_set_off_by_a_distance_is_the_place_and_the_other_a_reference(tagger) -> None:
    text = (
        "On 10 September 2024, gunmen killed 12 villagers in Ceel Gaduud, 40 kilometres north "
        "of Baidoa."
    )
    (event,) = analyze(doc(text, published=date(2024, 9, 20)), tagger).events
    assert [p.name for p in event.places] == ["Ceel Gaduud"]
    # The reference point alone is still where it was, when nothing else is named.
    text = "On 10 September 2024, gunmen killed 12 villagers 40 kilometres north of Baidoa."
    (event,) = analyze(doc(text, published=date(2024, 9, 20)), tagger).events
    assert [p.name for p in event.places] == ["Baidoa"]


def test_who_is_based_where_it_happened_and_who_reports_it_are_no_parties(tagger) -> None:
    text = (
        "On 14 September 2024, al-Shabaab fighters fired mortars at the airport in Baidoa, "
        "where African Union troops are based, wounding three people, the U.N. humanitarian "
        "office OCHA said."
    )
    (event,) = analyze(doc(text, published=date(2024, 9, 20)), tagger).events
    assert [a.name for a in event.actors] == ["al-Shabaab"]
    # A "where" clause telling what a side did there keeps it.
    text = (
        "Fighting was reported on 15 September 2024 near Litapa, where Mozambican forces "
        "killed 12 insurgents."
    )
    (event,) = analyze(doc(text, published=date(2024, 9, 20)), tagger).events
    assert "Mozambican forces" in [a.name for a in event.actors]


def test_the_town_is_never_a_place_named_only_as_a_region(tagger) -> None:
    text = (
        "# Somalia's Bay region\n\nThe Bay region lies west of Mogadishu. Its capital is "
        "Baidoa, and the fighting in Baidoa has been fierce. Al-Shabaab took the town in "
        "January 2009."
    )
    (event,) = analyze(doc(text, published=date(2024, 10, 1)), tagger).events
    assert [p.name for p in event.places] == ["Baidoa"]


def test_the_village_is_the_settlement_its_sentence_named_before(tagger) -> None:
    # Baidoa is the place the text names most; the village is the one named just before.
    text = (
        "Fighting in Baidoa has been fierce, and Baidoa is cut off.\n\n"
        "On 10 September 2024, al-Shabaab fighters killed 12 villagers in Ceel Gaduud, 40 "
        "kilometres north of Baidoa, and fought troops in the village the same evening."
    )
    events = analyze(doc(text, published=date(2024, 9, 20)), tagger).events
    assert [[p.name for p in e.places] for e in events] == [["Ceel Gaduud"], ["Ceel Gaduud"]]


def test_a_background_opener_after_an_opening_date_types_and_names_no_party(tagger) -> None:
    text = (
        "In October 2019, in response to the Turkish offensive, Russia arranged for "
        "negotiations between the Syrian government and the Kurdish-led forces."
    )
    (event,) = analyze(doc(text, published=date(2020, 1, 1)), tagger).events
    assert event.event_type != "Battles"
    assert "Turkey" not in [a.name for a in event.actors]
    assert "Russia" in [a.name for a in event.actors]


def test_a_distance_beside_the_date_neither_cuts_nor_types_the_clause(tagger) -> None:
    """ "On 15 July, two weeks after the attack on the camp, soldiers reached Zemio": the
    clause is the soldiers' (their actors and place), not the attack's; and "they" in the next
    sentence is those soldiers."""
    text = (
        "On 15 July 2022, two weeks after the attack on the camp, Central African soldiers and "
        "Wagner fighters reached Zemio in a convoy of some 40 vehicles. On 20 July 2022, they "
        "detained 23 men at a checkpoint outside the town."
    )
    first, second = analyze(doc(text), tagger).events
    assert actors_of(first) == {"Central African forces", "Wagner Group"}
    assert first.event_type is None  # not the attack's Battles
    assert actors_of(second) == {"Central African forces", "Wagner Group"}


def test_a_state_taking_a_place_in_another_state_overtakes_it(tagger) -> None:
    """ACLED's 'Government regains territory' is a government in its own country; an
    external state's forces taking a town overtake it as a non-state actor does."""
    text = (
        "On 11 November 2022, Ukrainian forces recaptured Kherson. On 25 June 2022, Russian "
        "forces captured Sievierodonetsk."
    )
    events = analyze(doc(text), tagger).events
    assert [e.sub_event_type for e in events] == [
        "Government regains territory",
        "Non-state actor overtakes territory",
    ]


def test_a_speaker_telling_its_own_deed_is_its_party(tagger) -> None:
    """ "The Houthis said they had shot down a drone": the speaker did it; "Israeli strikes
    killed 14, UN officials said" keeps the officials a source."""
    text = "On 1 March 2023, the Houthis said they had shot down an American drone over Marib."
    (event,) = analyze(doc(text), tagger).events
    assert "Houthis" in actors_of(event)
    text = "Israeli strikes killed 14 people in Rafah on 1 March 2023, UN officials said."
    (event,) = analyze(doc(text), tagger).events
    assert actors_of(event) == {"Israel"}


def test_soldiers_are_the_leading_states_when_no_state_dominates(tagger) -> None:
    """A history of Ethiopia that names Djibouti as a mediator: Ethiopia leads but does not
    dominate; the soldiers a rebel ambush killed are Ethiopia's."""
    text = (
        "Ethiopia fought the Wardaye Liberation Front in the 1990s. Ethiopia's army held the "
        "towns, and Ethiopia refused talks. Djibouti offered to mediate, and talks opened in "
        "Djibouti; Ethiopia attended. In November 1995, the Wardaye Liberation Front ambushed "
        "an army column near Harre Dheer, killing 20 soldiers."
    )
    event = analyze(doc(text), tagger).events[-1]
    assert [(c.count, c.who) for c in event.casualties] == [(20, "Ethiopia")]


def test_a_relative_date_restated_by_the_date_after_it_is_one_row(tagger) -> None:
    """ "Five days later, on 17 February, ...": one row, not a second one that says only
    "Five days later, on"."""
    text = (
        "On 12 February 2023, fighters overran the army post at Waat. Five days later, on 17 "
        "February, raiders attacked the cattle camp at Wunlang and killed 38 people."
    )
    events = analyze(doc(text), tagger).events
    assert [e.label for e in events] == ["12 Feb 2023", "17 Feb 2023"]
    assert "Wunlang" in events[-1].headline


@pytest.mark.parametrize(("text", "actors"), _actor_examples("appositives"))
def test_an_actor_named_in_an_appositive_describing_another_is_no_party(
    tagger, text: str, actors: list[str]
) -> None:
    """Each example of roles.toml's [appositives]: who describes a group ("a militia armed by
    the Peshmerga") acts in nothing; a list of names is no appositive."""
    events = analyze(doc(text), tagger).events
    assert actors_of(events[-1]) == set(actors)


def test_a_season_and_a_day_of_two_clauses_are_two_rows(tagger) -> None:
    """ "In the autumn of 2019, fighting resumed ..., and on 12 October a drone struck a
    wedding": the day opens a clause of its own, so the season keeps its row; "In February
    2022, on 24 February" is still one."""
    text = (
        "In the autumn of 2019, fighting resumed around the citadel, and on 12 October 2019 a "
        "Houthi drone struck a wedding in the lower town, killing 21 guests."
    )
    events = analyze(doc(text), tagger).events
    assert [e.label for e in events] == ["Autumn 2019", "12 Oct 2019"]
    assert [e.sub_event_type for e in events] == ["Armed clash", "Air/drone strike"]
    text = "In February 2022, on 24 February, Russian forces shelled Kharkiv."
    assert [e.label for e in analyze(doc(text), tagger).events] == ["24 Feb 2022"]
