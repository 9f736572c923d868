"""Which places and actors a happening's clause gives it (issue 10): the finest place, not the
country around it; not a place only headed for; not the names of a speaker's quotation; not a
speaker introduced by "with ... saying"."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from importlib import resources

import pytest

from timeline.entities import EntityTagger
from timeline.events import analyze
from timeline.gazetteer import load_gazetteer
from timeline.geocode import finest
from timeline.models import Document, ExpressionRole, Place


@pytest.fixture(scope="module")
def tagger() -> EntityTagger:
    return EntityTagger(load_gazetteer())


def _events(text: str, tagger: EntityTagger):
    document = Document(id="t", title="t", path="t.txt", published=date(2023, 5, 20), text=text)
    return analyze(document, tagger).events


def _places(text: str, tagger: EntityTagger) -> list[list[str]]:
    return [[p.name for p in e.places] for e in _events(text, tagger)]


def test_finest_drops_a_country_another_place_lies_in() -> None:
    ukraine = Place(name="Ukraine", country="Ukraine")
    kharkiv = Place(name="Kharkiv", country="Ukraine")
    sudan = Place(name="Sudan", country="Sudan")
    unknown = Place(name="Dourgou")  # found by context, not geocoded: no country
    assert finest([ukraine, kharkiv]) == [kharkiv]
    assert finest([ukraine, sudan, kharkiv]) == [sudan, kharkiv]
    assert finest([ukraine]) == [ukraine]
    assert finest([Place(name="Mali", country="Mali"), unknown]) == [
        Place(name="Mali", country="Mali"),
        unknown,
    ]


def test_a_city_in_a_named_country_is_the_place(tagger: EntityTagger) -> None:
    text = "Russian artillery shelled Kramatorsk in eastern Ukraine on 18 May, killing four."
    assert _places(text, tagger) == [["Kramatorsk"]]


def test_a_place_headed_for_is_not_where_it_happened(tagger: EntityTagger) -> None:
    text = "On 19 May, Ukrainian forces retook Kherson and pressed on towards the town of Lyman."
    assert _places(text, tagger) == [["Kherson"]]
    # The only place named is kept, even when it is headed for.
    alone = "On 19 May, a Russian column advanced towards Kherson."
    assert _places(alone, tagger) == [["Kherson"]]


def _direction_examples() -> list[str]:
    raw = resources.files("timeline").joinpath("data/roles.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)["places"]["direction_examples"]


@pytest.mark.parametrize("example", _direction_examples())
def test_direction_examples(tagger: EntityTagger, example: str) -> None:
    """Each example of roles.toml's [places]: the bracketed place is the only one kept."""
    kept = re.findall(r"\[([^\]]+)\]", example)
    text = "On 3 May, " + re.sub(r"[\[\]]", "", example)
    assert _places(text, tagger) == [kept]


def _not_located_examples() -> list[str]:
    raw = resources.files("timeline").joinpath("data/roles.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)["places"]
    return [
        *data["office_examples"],
        *data["institution_examples"],
        *data["route_examples"],
        *data["reference_examples"],
    ]


@pytest.mark.parametrize("example", _not_located_examples())
def test_an_office_seat_or_an_institution_name_is_no_place(
    tagger: EntityTagger, example: str
) -> None:
    """Each office and institution example of roles.toml's [places]: only the bracketed place
    is the happening's ("the mayor of Izium said" is where the speaker governs)."""
    kept = re.findall(r"\[([^\]]+)\]", example)
    text = "On 3 May, " + re.sub(r"[\[\]]", "", example)
    assert _places(text, tagger) == [kept]


def test_an_office_seat_alone_gives_no_place(tagger: EntityTagger) -> None:
    text = (
        "On 27 May, the mayor of Izium announced that 1,500 civilians had been killed since "
        "the start of the invasion on 24 February."
    )
    events = _events(text, tagger)
    assert [e.label for e in events] == ["24 Feb 2023"]
    assert [[p.name for p in e.places] for e in events] == [[]]


def test_the_clause_pointing_at_a_place_comes_before_a_follow_up(tagger: EntityTagger) -> None:
    text = (
        "Fighting broke out in Bucha on 2 May. Later that day, the army began shelling the "
        "town, killing eight civilians. The army also shelled the town of Irpin."
    )
    assert _places(text, tagger) == [["Bucha"], ["Bucha"]]


def test_names_in_a_quotation_are_the_speakers(tagger: EntityTagger) -> None:
    text = (
        "Russian forces crossed into Kupiansk district on 14 May, with an army spokesman "
        'saying "the enemy wants Kharkiv".'
    )
    assert _places(text, tagger) == [["Kupiansk"]]


def test_a_date_inside_the_quotation_keeps_its_names(tagger: EntityTagger) -> None:
    text = 'The mayor said: "Russian forces shelled Kharkiv on 14 May and we buried four."'
    events = _events(text, tagger)
    assert [[p.name for p in e.places] for e in events] in ([["Kharkiv"]], [])


def test_a_speaker_with_saying_is_no_party(tagger: EntityTagger) -> None:
    text = (
        "Russian forces shelled Kherson on 3 May, with President Volodymyr Zelensky saying "
        "the city would hold."
    )
    (event,) = _events(text, tagger)
    assert [a.name for a in event.actors] == ["Russian forces"]


def _speaker_examples() -> list[str]:
    raw = resources.files("timeline").joinpath("data/roles.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)["report"]["speaker_examples"]


@pytest.mark.parametrize("example", _speaker_examples())
def test_speaker_examples(tagger: EntityTagger, example: str) -> None:
    """Each of roles.toml's [report] speaker_examples: the bracketed name speaks; it is named
    (a mention) but no actor of the happening, unless no one else is named (then the speaker
    is all the text gives: "The Ukrainian military said it had retaken the village")."""
    start = example.index("[")
    text = example.replace("[", "").replace("]", "")
    document = Document(id="t", title="t", path="t.txt", published=date(2023, 5, 20), text=text)
    analysis = analyze(document, tagger)
    events = analysis.events
    if not events:
        # The example dates nothing, or only a report ("said on Tuesday"): no row, so no
        # actors to check; but then no date of a happening may have been lost.
        roles = [e.role for e in analysis.expressions]
        assert all(role is ExpressionRole.REPORT for role in roles), (example, roles)
    for event in events:
        (spoken,) = [m for m in event.mentions if m.start == start]
        actors = [a.name for a in event.actors]
        assert spoken.name not in actors or actors == [spoken.name], (example, actors)


def test_the_second_of_two_speakers_speaks_too(tagger: EntityTagger) -> None:
    text = (
        "An explosion at Olenivka prison on 29 July killed 53 prisoners. Both Ukrainian and "
        "Russian authorities accused each other of the attack."
    )
    (event,) = _events(text, tagger)
    assert event.actors == []


def test_whose_accusations_are_rejected_is_no_party(tagger: EntityTagger) -> None:
    text = (
        "Exhumations began in Izium on 15 September. Kremlin spokesman Dmitry Peskov rejected "
        "Ukraine's accusations as a lie."
    )
    (event,) = _events(text, tagger)
    assert event.actors == []


def test_the_oblast_is_the_place_named_most(tagger: EntityTagger) -> None:
    text = (
        "Russian forces shelled Kherson on 3 May. Kherson lost power.\n\n"
        "Heavy fighting in the oblast continued on 5 May."
    )
    assert _places(text, tagger) == [["Kherson"], ["Kherson"]]


def test_who_announces_a_clause_in_a_follow_up_speaks(tagger: EntityTagger) -> None:
    text = (
        "The city of Mykolaiv was shelled on 30 August 2022, killing two. President Volodymyr "
        "Zelensky announced that the city had lost power."
    )
    (event,) = _events(text, tagger)
    assert event.actors == []
    bare = text.replace("announced that the city", "announced the city")
    (event,) = _events(bare, tagger)
    assert event.actors == []


def test_who_announces_a_happening_in_a_follow_up_is_a_party(tagger: EntityTagger) -> None:
    text = (
        "The city of Kherson was evacuated on 9 November 2022. President Vladimir Putin "
        "announced the withdrawal of his troops across the river."
    )
    (event,) = _events(text, tagger)
    assert [a.name for a in event.actors] == ["Vladimir Putin"]


def test_a_route_alone_gives_no_place(tagger: EntityTagger) -> None:
    text = (
        "On 25 November 2018, three Ukrainian boats traveling from Odesa to Mariupol were "
        "seized by Russian warships."
    )
    assert _places(text, tagger) == [[]]


def test_the_town_is_the_one_the_paragraph_introduced_as_a_town(tagger: EntityTagger) -> None:
    text = (
        "Russian forces shelled Kharkiv on 1 May and again on 2 May. On 18 March, troops "
        "opened fire at checkpoints in the town of Zarichne. Later that day, the army began "
        "shelling the town, killing eight civilians."
    )
    assert _places(text, tagger)[-1] == ["Zarichne"]


def test_a_region_holds_the_unlocated_town_its_clause_names(tagger: EntityTagger) -> None:
    text = (
        "On 18 March, reinforcements brought to Daraa governorate opened fire on commanders "
        "at checkpoints in the town of Jaleen Housing."
    )
    assert _places(text, tagger) == [["Jaleen Housing"]]


def test_a_follow_up_telling_no_happening_says_no_place(tagger: EntityTagger) -> None:
    """The terms of an agreement are no place of it; a follow-up that tells a happening is."""
    terms = (
        "A Russian-brokered agreement was reached between the two sides on 2 March 2020. "
        "Fighters in Kharkiv were to reconcile and hand over their weapons."
    )
    assert _places(terms, tagger) == [[]]
    fighting = "Fighting broke out on 2 March 2020. Rebels attacked an army checkpoint in Sanamayn."
    assert _places(fighting, tagger) == [["Sanamayn"]]


def test_a_clause_apposed_to_a_place_happens_there(tagger: EntityTagger) -> None:
    """ "..., a strategic railway town in Donetsk Oblast that Russian forces captured in late
    May 2022": the relative clause tells of the town the appositive stands beside."""
    text = (
        "On 12 September 2022, Ukrainian forces inched closer to Tarvosk, a strategic railway "
        "town in Donetsk Oblast that Russian forces captured in late May 2022."
    )
    assert _places(text, tagger) == [["Tarvosk"], ["Tarvosk"]]


def test_a_semicolon_ends_a_clause_and_again_repeats_the_one_before(tagger: EntityTagger) -> None:
    """ "was shelled from 2 October; the army shelled Ganja, Azerbaijan's second city, on 4
    October and again on 11 October": the cut is at the semicolon, not the appositive's comma;
    the 11 October clause has the 4 October one's party and place."""
    text = (
        "Stepanakert was shelled repeatedly from 2 October; the Artsakh Defence Army shelled "
        "Ganja, Azerbaijan's second city, on 4 October 2020 and again on 11 October, killing "
        "ten civilians."
    )
    events = _events(text, tagger)
    assert [[p.name for p in e.places] for e in events] == [["Stepanakert"], ["Ganja"], ["Ganja"]]
    assert [[a.name for a in e.actors] for e in events] == [
        [],
        ["Artsakh Defence Army"],
        ["Artsakh Defence Army"],
    ]
    assert [c.count for c in events[2].casualties] == [10]


def test_names_of_a_subject_list_are_no_clause_seams(tagger: EntityTagger) -> None:
    """ "On 9 November 2020, Pashinyan, Aliyev and Russian President Vladimir Putin signed a
    ceasefire agreement ending the war from 10 November": the signing is the 9 November row,
    with its three signatories and its type; the list's commas and "and" cut nothing."""
    text = (
        "On 9 November 2020, Pashinyan, Aliyev and Russian President Vladimir Putin signed a "
        "ceasefire agreement ending the war from 10 November."
    )
    (signed,) = _events(text, tagger)  # 10 November only qualifies the signing: no row
    assert signed.start == date(2020, 11, 9)
    assert signed.event_type == "Strategic developments"
    assert sorted(a.name for a in signed.actors) == [
        "Ilham Aliyev",
        "Nikol Pashinyan",
        "Vladimir Putin",
    ]


def test_a_speaker_after_what_it_reports_is_no_party(tagger: EntityTagger) -> None:
    """ "On 21 September, gunmen attacked a checkpoint near Lachin, the Russian Defence Ministry
    said.": no one else named, yet the ministry is the report's source, not the attacker."""
    for speaker in ("the Russian Defence Ministry", "Azerbaijan's defence ministry"):
        text = f"On 21 September 2022, gunmen attacked a checkpoint near Lachin, {speaker} said."
        (event,) = _events(text, tagger)
        assert event.actors == [], speaker


def test_a_comma_between_two_clauses_with_names_on_each_side_still_cuts(tagger) -> None:
    """ "shelled Kharkiv, Ukraine struck Belgorod": no list goes on after "Ukraine", so the
    comma ends the first clause (a list of names is "Pashinyan, Aliyev and Putin")."""
    text = "On 3 May 2022 Russian troops shelled Kharkiv, Ukraine struck Belgorod on 5 May 2022."
    assert _places(text, tagger) == [["Kharkiv"], ["Belgorod"]]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # "the town" after a sentence that named a town: that town, though the document
        # names another more often.
        (
            "Fighting reached the town of Kebri Wariq on 1 March. Rebels held the town of Kebri "
            "Wariq until 3 March.\n\nOn 4 March, aircraft bombed the market in Dolo Wariq. "
            "Two days later, rebels overran the garrison on the edge of the town.",
            "Dolo Wariq",
        ),
        # Not a place a convoy came from.
        (
            "Troops took the city of Homs on 1 April. They held the city of Homs on 2 April "
            "and the city of Homs on 3 April.\n\nOn 29 April, a convoy was seen heading to the "
            "village of Qusayr from Homs. Two days later, jets bombed rebel vehicles trying to "
            "reach the town.",
            "Qusayr",
        ),
    ],
)
def test_the_town_is_the_settlement_the_sentence_before_named(
    tagger: EntityTagger, text: str, place: str
) -> None:
    assert _places(text, tagger)[-1] == [place]


def test_a_time_told_from_the_sentence_before_is_there_too(tagger: EntityTagger) -> None:
    """ "Soldiers who caught up with the raiders that afternoon killed 14 of them": where the
    raid of the sentence before was."""
    text = (
        "On 17 February, fighters attacked the cattle camp at Wunlang at dawn and killed 38 "
        "people. Soldiers who caught up with the raiders that afternoon killed 14 of them."
    )
    assert _places(text, tagger) == [["Wunlang"], ["Wunlang"]]
