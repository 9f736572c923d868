"""Actors, places and casualty figures: the seed article, small cases, and properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.entities import DocumentEntities, EntityTagger, find_casualties
from timeline.gazetteer import Gazetteer, load_gazetteer
from timeline.models import ActorKind, Mention

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_b2d011834734ebc9.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tagger() -> EntityTagger:
    return EntityTagger(load_gazetteer())


@pytest.fixture(scope="module")
def seed(tagger: EntityTagger, seed_text: str) -> DocumentEntities:
    return tagger.tag(seed_text)


@pytest.fixture(scope="module")
def no_people_tagger() -> EntityTagger:
    """The built-in gazetteer without any person, so people must come from the text."""
    g = load_gazetteer()
    return EntityTagger(Gazetteer(g.countries, g.organizations, {}, g.places))


def mentions_of(entities: DocumentEntities, name: str) -> list[Mention]:
    return [m for m in entities.mentions if m.name == name]


def mention_at(entities: DocumentEntities, text: str, fragment: str, word: str) -> Mention:
    """The mention of ``word`` inside the first occurrence of ``fragment``."""
    start = text.index(fragment) + fragment.index(word)
    found = [m for m in entities.mentions if m.start <= start < m.end]
    assert found, f"no mention at {word!r} in {fragment!r}"
    return found[0]


# ── the seed ──


def test_seed_mentions_are_sorted_disjoint_and_point_at_their_text(
    seed: DocumentEntities, seed_text: str
) -> None:
    previous_end = 0
    for m in seed.mentions:
        assert seed_text[m.start : m.end] == m.text
        assert m.start >= previous_end
        previous_end = m.end
        assert m.entity in {"actor", "place"}
        assert m.name in (seed.actors if m.entity == "actor" else seed.places)


def test_pashinyan_from_title_and_surname(seed: DocumentEntities) -> None:
    actor = seed.actors["Nikol Pashinyan"]
    assert (actor.kind, actor.role, actor.country) == (
        ActorKind.PERSON,
        "Prime Minister",
        "Armenia",
    )
    texts = [m.text for m in mentions_of(seed, "Nikol Pashinyan")]
    assert texts[0] == "Nikol Pashinyan"
    assert texts.count("Pashinyan") >= 5


def test_people_without_the_gazetteer(no_people_tagger: EntityTagger, seed_text: str) -> None:
    doc = no_people_tagger.tag(seed_text)
    pashinyan = doc.actors["Nikol Pashinyan"]
    assert (pashinyan.kind, pashinyan.role, pashinyan.country) == (
        ActorKind.PERSON,
        "Prime Minister",
        "Armenia",
    )
    assert [m.text for m in mentions_of(doc, "Nikol Pashinyan")].count("Pashinyan") >= 5
    blinken = doc.actors["Antony Blinken"]
    assert (blinken.role, blinken.country) == ("Secretary of State", "United States")
    assert {m.text for m in mentions_of(doc, "Antony Blinken")} == {"Antony. Blinken", "Blinken"}
    assert doc.actors["Ned Price"].country == "United States"  # "US State Department spokesman"


def test_blinken_despite_the_stray_period(seed: DocumentEntities, seed_text: str) -> None:
    mention = mention_at(seed, seed_text, "Secretary of State Antony. Blinken", "Antony")
    assert (mention.text, mention.name) == ("Antony. Blinken", "Antony Blinken")
    assert seed.actors["Antony Blinken"].role == "Secretary of State"
    # "US" is the adjective of the title, not a separate mention of the United States.
    us = seed_text.index("US Secretary of State")
    assert not [m for m in seed.mentions if m.start == us]


def test_broers_and_parmentier_by_attribution(
    no_people_tagger: EntityTagger, seed_text: str
) -> None:
    for tagger in (no_people_tagger, EntityTagger(load_gazetteer())):
        doc = tagger.tag(seed_text)
        broers = doc.actors["Laurence Broers"]
        assert broers.kind is ActorKind.PERSON
        parmentier = doc.actors["Florence Parmentier"]
        assert (parmentier.kind, parmentier.role) == (ActorKind.PERSON, "secretary general")
        sevak = doc.actors["Sevak Khachatryan"]
        assert sevak.kind is ActorKind.PERSON
        # The institutions next to them are not people.
        assert doc.actors["Chatham House"].kind is ActorKind.ORGANIZATION
        people = {a.name for a in doc.actors.values() if a.kind is ActorKind.PERSON}
        assert not any("Center" in p or "Institute" in p or "House" in p for p in people)


def test_towns_are_places(seed: DocumentEntities, seed_text: str) -> None:
    for town in ("Vardenis", "Goris", "Sotk", "Jermuk", "Geghamasar", "Gyumri"):
        assert seed.places[town].country == "Armenia"
        assert town not in seed.actors
        assert mention_at(seed, seed_text, town, town).entity == "place"


def test_capital_as_metonym_or_place(seed: DocumentEntities, seed_text: str) -> None:
    moscow = mention_at(seed, seed_text, "brokered by Moscow", "Moscow")
    assert (moscow.entity, moscow.name) == ("actor", "Russia")
    moscow = mention_at(seed, seed_text, "Although Moscow brokered", "Moscow")
    assert (moscow.entity, moscow.name) == ("actor", "Russia")
    washington = mention_at(seed, seed_text, "that Washington “would push", "Washington")
    assert (washington.entity, washington.name) == ("actor", "United States")
    baku = mention_at(seed, seed_text, "the Azeri capital, Baku", "Baku")
    assert (baku.entity, baku.name) == ("place", "Baku")
    assert seed.places["Baku"].country == "Azerbaijan"
    london = mention_at(seed, seed_text, "think tank in London", "London")
    assert (london.entity, london.name) == ("place", "London")


def test_organizations(seed: DocumentEntities) -> None:
    for name in ("CSTO", "NATO", "European Union"):
        assert seed.actors[name].kind is ActorKind.ORGANIZATION
    # News outlets in an attribution are sources, not actors: "told Radio Free Europe", "The
    # French daily Le Figaro wrote".
    assert "Radio Free Europe" not in seed.actors and "Le Figaro" not in seed.actors
    assert {m.text for m in mentions_of(seed, "CSTO")} == {
        "Collective Security Treaty Organization",
        "CSTO",
    }
    assert {"Commission of the European Union", "EU"} <= {
        m.text for m in mentions_of(seed, "European Union")
    }
    state = seed.actors["State Department"]
    assert state.country == "United States"
    assert "US State Department" in {m.text for m in mentions_of(seed, "State Department")}


def test_ministries_and_armed_forces(seed: DocumentEntities, seed_text: str) -> None:
    ministry = seed.actors["Armenian Defense Ministry"]
    assert (ministry.kind, ministry.country) == (ActorKind.ORGANIZATION, "Armenia")
    assert seed.actors["Azerbaijani Defense Ministry"].country == "Azerbaijan"
    azeri = seed.actors["Azerbaijani forces"]
    assert (azeri.kind, azeri.country) == (ActorKind.ARMED_FORCE, "Azerbaijan")
    assert seed.actors["Armenian forces"].kind is ActorKind.ARMED_FORCE
    assert {"Azeri forces", "Azeri troops", "Azerbaijani armed forces"} <= {
        m.text for m in mentions_of(seed, "Azerbaijani forces")
    }
    # "Azeri and Armenian forces": both are forces, and neither is also a country mention.
    first = mention_at(seed, seed_text, "between Azeri and Armenian forces", "Azeri")
    assert (first.text, first.name) == ("Azeri", "Azerbaijani forces")
    second = mention_at(seed, seed_text, "between Azeri and Armenian forces", "Armenian")
    assert (second.text, second.name) == ("Armenian forces", "Armenian forces")
    assert seed.actors["Turkish forces"].country == "Turkey"
    assert "Iranian forces" in seed.actors and "Russian forces" in seed.actors


def test_demonyms_are_country_mentions(seed: DocumentEntities, seed_text: str) -> None:
    positions = mention_at(seed, seed_text, "attacked Armenian positions", "Armenian")
    assert (positions.entity, positions.name) == ("actor", "Armenia")
    officials = mention_at(seed, seed_text, "Armenian and Azeri officials", "Azeri")
    assert (officials.entity, officials.name) == ("actor", "Azerbaijan")
    city = mention_at(seed, seed_text, "the Armenian city of Gyumri", "Armenian")
    assert (city.entity, city.name) == ("place", "Armenia")


def test_places_and_country_places(seed: DocumentEntities, seed_text: str) -> None:
    assert seed.places["Kharkiv"].country == "Ukraine"
    assert mention_at(seed, seed_text, "defeat at Kharkov", "Kharkov").name == "Kharkiv"
    assert seed.places["Nagorno-Karabakh"].country is None
    assert {"Caucasus", "Middle East"} <= set(seed.places)
    ukraine = mention_at(seed, seed_text, "war with Russia in Ukraine", "Ukraine")
    assert (ukraine.entity, ukraine.name) == ("place", "Ukraine")
    favour = mention_at(seed, seed_text, "in Azerbaijan’s favour", "Azerbaijan")
    assert favour.entity == "actor"  # possessive: the country, not the location


def test_no_mentions_from_pronouns(seed: DocumentEntities, seed_text: str) -> None:
    for m in seed.mentions:
        assert m.text.lower() not in {"us", "we", "it", "they"} or m.text == "US"
    pronoun = seed_text.index("always concerns us") + len("always concerns ")
    assert not [m for m in seed.mentions if m.start <= pronoun < m.end]


def test_stalin_and_the_soviet_union(seed: DocumentEntities) -> None:
    assert seed.actors["Josef Stalin"].kind is ActorKind.PERSON
    assert "Stalinism" not in {m.text for m in seed.mentions}
    assert seed.actors["Soviet Union"].kind is ActorKind.COUNTRY


# ── small cases ──


@pytest.mark.parametrize(
    ("text", "person", "role", "country"),
    [
        ("President Joe Smith said the talks failed.", "Joe Smith", "President", None),
        (
            "Azerbaijan's Foreign Minister Jeyhun Bayramov met envoys.",
            "Jeyhun Bayramov",
            "Foreign Minister",
            "Azerbaijan",
        ),
        (
            "Armenian Prime Minister Ani Sargsyan spoke.",
            "Ani Sargsyan",
            "Prime Minister",
            "Armenia",
        ),
        ("It was led by General Ivan Petrov.", "Ivan Petrov", "General", None),
        ("The rebels' commander Oleg Sidorov fled.", "Oleg Sidorov", "Commander", None),
        (
            "It is risky, according to Jane Doe, a researcher at the Carnegie Endowment.",
            "Jane Doe",
            "researcher",
            None,
        ),
        ("“It is over,” said Mark Roe of the Crisis Group.", "Mark Roe", None, None),
        ("Maria Ivanova, who lives in Goris, fled.", "Maria Ivanova", None, None),
        ("Kremlin spokesman Pavel Orlov denied it.", "Pavel Orlov", "Spokesman", "Russia"),
        ("Dutch envoy Jan van der Berg arrived.", "Jan van der Berg", "Envoy", "Netherlands"),
    ],
)
def test_people_from_titles_and_attributions(
    no_people_tagger: EntityTagger, text: str, person: str, role: str | None, country: str | None
) -> None:
    doc = no_people_tagger.tag(text)
    actor = doc.actors[person]
    assert (actor.kind, actor.role, actor.country) == (ActorKind.PERSON, role, country)


def test_surname_resolves_within_the_document_only(no_people_tagger: EntityTagger) -> None:
    doc = no_people_tagger.tag("President Joe Smith arrived. Later, Smith spoke. Smith agreed.")
    assert [m.text for m in mentions_of(doc, "Joe Smith")] == ["Joe Smith", "Smith", "Smith"]
    assert no_people_tagger.tag("Smith spoke. Smith agreed.").mentions == []


def test_gazetteer_surname_needs_the_full_name(tagger: EntityTagger) -> None:
    # "Price" is Ned Price only where the article names Ned Price.
    assert tagger.tag("Price rises hit Yerevan.").actors.keys() == {"Armenia"}
    doc = tagger.tag("Ned Price spoke. Price said no.")
    assert [m.text for m in mentions_of(doc, "Ned Price")] == ["Ned Price", "Price"]


@pytest.mark.parametrize(
    "text",
    [
        "The Armenian Defense Ministry said it would respond.",
        "Although Moscow said no, talks went on.",
        "Human Rights Watch said it would report.",
        "The Center for Political Research said so.",
        "Yesterday Moscow State University said it was closed.",
        "Let us talk. We are here. They told us.",
    ],
)
def test_no_false_people(no_people_tagger: EntityTagger, text: str) -> None:
    doc = no_people_tagger.tag(text)
    assert [a.name for a in doc.actors.values() if a.kind is ActorKind.PERSON] == []


def test_capital_heuristics(tagger: EntityTagger) -> None:
    doc = tagger.tag(
        "Washington said it would help. Talks were held in Baku and Yerevan. "
        "Berlin rejected it. He studied at Moscow State University."
    )
    by_text = [(m.text, m.entity, m.name) for m in doc.mentions]
    assert by_text == [
        ("Washington", "actor", "United States"),
        ("Baku", "place", "Baku"),
        ("Yerevan", "place", "Yerevan"),
        ("Berlin", "actor", "Germany"),
    ]


def test_ministry_variants(tagger: EntityTagger) -> None:
    doc = tagger.tag(
        "Russia's Defense Ministry, the Ministry of Defence of Armenia and the Foreign Ministry."
    )
    assert [m.name for m in doc.mentions] == [
        "Russian Defense Ministry",
        "Armenian Defense Ministry",
        "Foreign Ministry",
    ]
    assert doc.actors["Russian Defense Ministry"].country == "Russia"
    assert doc.actors["Foreign Ministry"].country is None


def test_listed_organization_beats_derived_force(tagger: EntityTagger) -> None:
    doc = tagger.tag("The Sudanese Armed Forces fought the RSF; Sudanese troops advanced.")
    assert [(m.text, m.name) for m in doc.mentions] == [
        ("Sudanese Armed Forces", "Sudanese Armed Forces"),
        ("RSF", "Rapid Support Forces"),
        ("Sudanese troops", "Sudanese forces"),
    ]
    assert doc.actors["Sudanese forces"].kind is ActorKind.ARMED_FORCE


def test_acronyms_are_case_sensitive(tagger: EntityTagger) -> None:
    doc = tagger.tag("Let us go to the UN with the US and U.S. allies; un-American, eu.")
    assert [(m.text, m.name) for m in doc.mentions] == [
        ("UN", "United Nations"),
        ("US", "United States"),
        ("U.S.", "United States"),
        ("American", "United States"),
    ]


def test_longest_match_wins(tagger: EntityTagger) -> None:
    doc = tagger.tag("Nagorno-Karabakh and the UN Security Council and the US State Department.")
    assert [m.text for m in doc.mentions] == [
        "Nagorno-Karabakh",
        "UN Security Council",
        "US State Department",
    ]


def test_user_gazetteer_entries_are_tagged(tmp_path: Path) -> None:
    user = tmp_path / "g.toml"
    user.write_text('[people."Laurence Broers"]\nrole = "Analyst"\naliases = ["Broers"]\n')
    doc = EntityTagger(load_gazetteer([user])).tag("Broers warned of war.")
    actor = doc.actors["Laurence Broers"]
    assert (actor.kind, actor.role) == (ActorKind.PERSON, "Analyst")


def test_empty_text(tagger: EntityTagger) -> None:
    doc = tagger.tag("")
    assert (doc.mentions, doc.actors, doc.places) == ([], {}, {})


# ── casualties ──

CASUALTY_CASES = [
    # text, (count, approximate, outcome, who) for each figure in order
    (
        "Yesterday 105 Armenian servicemen had been killed so far.",
        [(105, False, "killed", "Armenia")],
    ),
    ("Azerbaijan reported 50 dead among its troops.", [(50, False, "dead", "Azerbaijan")]),
    (
        "It claimed the lives of nearly 7,000 people.",
        [(7000, True, "killed", None)],
    ),
    (
        "with Azerbaijan reporting 3,006 dead including 100 civilians and Armenia reporting "
        "3,910 dead including 85 civilians.",
        [
            (3006, False, "dead", "Azerbaijan"),
            (100, False, "dead", "civilians"),
            (3910, False, "dead", "Armenia"),
            (85, False, "dead", "civilians"),
        ],
    ),
    ("The war lasted until 1994, killing 30,000.", [(30000, False, "killed", None)]),
    ("2 million people were displaced.", [(2_000_000, False, "displaced", None)]),
    ("Dozens of civilians were wounded.", [(24, True, "wounded", "civilians")]),
    ("At least 12 soldiers were injured.", [(12, True, "wounded", "soldiers")]),
    ("Two Ukrainian soldiers went missing.", [(2, False, "missing", "Ukraine")]),
    ("Thirty-five people were killed.", [(35, False, "killed", None)]),
    ("About 40 fighters were taken prisoner.", [(40, True, "captured", "fighters")]),
    (
        # The second verb's figure, with no people of its own, counts the first one's: the
        # 30 wounded are civilians too (an ellipsis, as in "killing two of them and wounding
        # five").
        "The strike killed 12 civilians and wounded 30.",
        [
            (12, False, "killed", "civilians"),
            (30, False, "wounded", "civilians"),
        ],
    ),
    ("The death toll rose to more than 45.", [(45, True, "killed", None)]),
    ("Some 500 Palestinians were killed.", [(500, True, "killed", "Palestine")]),
    ("Up to 10-15 people died.", [(10, True, "dead", None)]),
    ("An estimated 300 civilian deaths were recorded.", [(300, True, "dead", "civilians")]),
    ("Hundreds of thousands of people fled.", [(200_000, True, "displaced", None)]),
]


@pytest.mark.parametrize(("text", "expected"), CASUALTY_CASES)
def test_casualty_figures(text: str, expected: list[tuple[int, bool, str, str | None]]) -> None:
    found = find_casualties(text)
    assert [(c.count, c.approximate, c.outcome, c.who) for c in found] == expected
    for c in found:
        assert c.start is not None and c.end is not None
        assert text[c.start : c.end] == c.text


@pytest.mark.parametrize(
    "text",
    [
        "30,000 troops were deployed.",
        "Russia deployed a contingent of several thousand peacekeepers.",
        "The village is 105 km from Yerevan.",
        "Fighting broke out in 1988 and again in 2020.",
        "Turkey wants F-16 jets.",
        "In 2020, amid the COVID-19 pandemic, war broke out.",
        "Support fell to 45% and 30 percent were undecided.",
        "No one was killed.",
        "The 2 sides met at 3 p.m. on September 13.",
        "Two factors seemed to have motivated Azerbaijan.",
    ],
)
def test_not_casualty_figures(text: str) -> None:
    assert find_casualties(text) == []


def test_casualties_in_a_window_use_document_offsets(seed_text: str) -> None:
    sentence_start = seed_text.index("Azerbaijan reported 50 dead")
    sentence_end = seed_text.index(".", sentence_start) + 1
    (figure,) = find_casualties(seed_text, sentence_start, sentence_end)
    assert (figure.count, figure.outcome, figure.who) == (50, "dead", "Azerbaijan")
    assert seed_text[figure.start : figure.end] == figure.text == "50 dead"
    # Nothing outside the window is read.
    assert find_casualties(seed_text, 0, seed_text.index("105") + 3) == []


def test_seed_casualties(seed_text: str) -> None:
    figures = {(c.count, c.outcome, c.who) for c in find_casualties(seed_text)}
    assert figures == {
        (105, "killed", "Armenia"),
        (50, "dead", "Azerbaijan"),
        (30000, "killed", None),
        (7000, "killed", None),
        (3006, "dead", "Azerbaijan"),
        (100, "dead", "civilians"),
        (3910, "dead", "Armenia"),
        (85, "dead", "civilians"),
    }


# ── properties ──

# Text built from the words the recognizers react to, glued with random characters.
_TEXT = st.lists(
    st.sampled_from(
        [
            "Armenian",
            "Azeri forces",
            "Moscow",
            "in",
            "Baku",
            "said",
            "Jane Doe",
            "President",
            "Joe Smith",
            "killed",
            "dead",
            "3,006",
            "including",
            "nearly",
            "US",
            "us",
            "Antony. Blinken",
            "Pashinyan",
            ", who",
            "Defense Ministry",
            "dozens of",
            "were wounded",
            "civilians",
            "2 million",
            "of",
            ".",
            "\n",
            "’s",
            "-",
            "al-",
        ]
    )
    | st.text(max_size=6),
    max_size=40,
).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT)
def test_tag_never_raises_and_offsets_hold(tagger: EntityTagger, text: str) -> None:
    doc = tagger.tag(text)
    previous_end = 0
    for m in doc.mentions:
        assert text[m.start : m.end] == m.text
        assert m.start >= previous_end and m.end > m.start
        previous_end = m.end
        assert m.name in (doc.actors if m.entity == "actor" else doc.places)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, data=st.data())
def test_find_casualties_never_raises_and_offsets_hold(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=len(text)) | st.none())
    for c in find_casualties(text, start, end):
        assert c.start is not None and c.end is not None
        assert start <= c.start < c.end <= (len(text) if end is None else end)
        assert text[c.start : c.end] == c.text
        assert c.count >= 0


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_arbitrary_unicode_never_raises(tagger: EntityTagger, text: str) -> None:
    doc = tagger.tag(text)
    assert all(text[m.start : m.end] == m.text for m in doc.mentions)
    assert all(text[c.start : c.end] == c.text for c in find_casualties(text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Chairman Walter F. Williams said the mill would close.", "Walter F Williams"),
        ("said Maria K. Lindqvist, the agency's spokeswoman.", "Maria K Lindqvist"),
        ("President George W. Bush said the talks had failed.", "George W Bush"),
    ],
)
def test_middle_initials_stay_inside_a_name(tagger: EntityTagger, text: str, name: str) -> None:
    assert name in {m.name for m in tagger.tag(text).mentions}


# ── word lists as data ──


@pytest.mark.parametrize("name", ["people", "casualties"])
def test_word_lists_load_non_empty_and_without_duplicates(name: str) -> None:
    from timeline.entities import lexicon

    data = lexicon.table(name)
    assert data["words"]
    for key in data["words"]:
        items = lexicon.word_list(name, key)
        assert items, f"{name}.toml [words] {key} is empty"
        assert len(items) == len(set(items)), f"{name}.toml [words] {key} has duplicates"
    for key, value in data.items():
        if isinstance(value, dict) and key != "words":
            assert value, f"{name}.toml [{key}] is empty"
    titles = data.get("titles", [])
    assert len(titles) == len(set(titles))


def test_listed_words_are_honoured(tagger: EntityTagger) -> None:
    from timeline.entities import lexicon

    for word, outcome in lexicon.OUTCOMES.items():
        found = find_casualties(f"Officials said 12 people {word} on Monday.")
        assert [(c.count, c.outcome) for c in found] == [(12, outcome)], word
    for verb, outcome in lexicon.VERB_OUTCOMES.items():
        found = find_casualties(f"The strike, {verb} 12 people, was condemned.")
        assert [(c.count, c.outcome) for c in found] == [(12, outcome)], verb
    for title in lexicon.TITLES:
        doc = tagger.tag(f"The {title} Jonas Vellamo arrived on Monday.")
        people = [a for a in doc.actors.values() if a.name == "Jonas Vellamo"]
        assert people and people[0].role == title, title
