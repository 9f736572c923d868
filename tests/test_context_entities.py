"""Actors and places beyond the gazetteer: organisations by shape, acronyms, places by context,
demonyms that name a side, news outlets as sources, and namesakes told apart by date.

The phrase-level cases are data: ``[[examples.*]]`` of ``timeline/data/context.toml``, one test
each (ids name the table and the index: "actor:3"). The cross-cutting cases stay here.
"""

from __future__ import annotations

import tomllib
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from timeline import geocode
from timeline.entities import DocumentEntities, EntityTagger
from timeline.entities.organisations import initials, is_heading_line
from timeline.entities.tagger import resolve_actor
from timeline.gazetteer import Gazetteer, GazetteerError, load_gazetteer
from timeline.models import Actor, ActorKind, Found, Mention

GEONAMES = geocode.available()
EXAMPLES: dict[str, list[dict[str, Any]]] = tomllib.loads(
    (resources.files("timeline") / "data" / "context.toml").read_text(encoding="utf-8")
)["examples"]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def tagger(gazetteer: Gazetteer) -> EntityTagger:
    return EntityTagger(gazetteer)


@pytest.fixture(scope="module")
def offline(gazetteer: Gazetteer) -> EntityTagger:
    """A tagger that never asks GeoNames: only the strong contexts find places."""
    return EntityTagger(gazetteer, geonames=False)


def _cases(table: str) -> list[Any]:
    return [
        pytest.param(entry, id=f"{table}:{i}") for i, entry in enumerate(EXAMPLES.get(table, []))
    ]


def _covering(doc: DocumentEntities, text: str, word: str) -> list[Mention]:
    start = text.index(word)
    return [m for m in doc.mentions if m.start < start + len(word) and start < m.end]


# ── the examples of context.toml ──


@pytest.mark.parametrize("entry", _cases("actor"))
def test_actor_examples(tagger: EntityTagger, entry: dict[str, Any]) -> None:
    doc = tagger.tag(entry["text"])
    found = [m for m in doc.mentions if m.text == entry["span"] and m.entity == "actor"]
    assert found, f"no actor mention {entry['span']!r} in {[m.text for m in doc.mentions]}"
    names = {m.name for m in found}
    assert entry["name"] in names, names
    actor = doc.actors[entry["name"]]
    assert actor.kind is ActorKind(entry["kind"])
    assert actor.found is Found(entry["found"])


@pytest.mark.parametrize("entry", _cases("not_actor"))
def test_not_actor_examples(tagger: EntityTagger, entry: dict[str, Any]) -> None:
    doc = tagger.tag(entry["text"])
    covering = [m for m in _covering(doc, entry["text"], entry["word"]) if m.entity == "actor"]
    if "name" in entry:
        covering = [m for m in covering if m.name == entry["name"]]
    assert covering == []


@pytest.mark.parametrize("entry", _cases("place"))
def test_place_examples(tagger: EntityTagger, entry: dict[str, Any]) -> None:
    if entry.get("geonames") and not GEONAMES:
        pytest.skip("needs the GeoNames data")
    doc = tagger.tag(entry["text"])
    found = [m for m in doc.mentions if m.text == entry["span"] and m.entity == "place"]
    assert found, f"no place {entry['span']!r} in {[(m.text, m.entity) for m in doc.mentions]}"
    assert found[0].name == entry["name"]
    assert doc.places[entry["name"]].found is Found(entry["found"])


@pytest.mark.parametrize("entry", _cases("not_place"))
def test_not_place_examples(tagger: EntityTagger, entry: dict[str, Any]) -> None:
    doc = tagger.tag(entry["text"])
    covering = [m for m in _covering(doc, entry["text"], entry["word"]) if m.entity == "place"]
    if "name" in entry:
        covering = [m for m in covering if m.name == entry["name"]]
    assert covering == []


def test_examples_cover_every_table() -> None:
    assert {"actor", "not_actor", "place", "not_place"} <= set(EXAMPLES)


# ── organisations ──


def test_acronym_defined_once_names_the_organisation_everywhere(tagger: EntityTagger) -> None:
    text = (
        "The Eastern Shield Brigades (ESB) entered the town. ESB fighters looted shops. "
        "Residents said the ESB left on Friday."
    )
    doc = tagger.tag(text)
    assert [m.text for m in doc.mentions if m.name == "Eastern Shield Brigades"] == [
        "Eastern Shield Brigades",
        "ESB",
        "ESB",
        "ESB",
    ]
    assert doc.actors["Eastern Shield Brigades"].found is Found.CONTEXT


def test_an_acronym_without_its_name_is_nothing(tagger: EntityTagger) -> None:
    assert tagger.tag("The ESB left on Friday.").actors == {}


def test_initials() -> None:
    assert initials("Karen National Union") == "KNU"
    assert initials("Jama'at Nusrat al-Islam wal-Muslimin") == "JNIM"
    assert initials("Organization for Security and Co-operation in Europe") == "OSCE"


def test_leading_words_are_not_part_of_the_name(tagger: EntityTagger) -> None:
    for text, name in [
        ("Yesterday the Eastern Shield Brigades withdrew.", "Eastern Shield Brigades"),
        ("In 2019 Sudanese Doctors Union members marched.", "Sudanese Doctors Union"),
        ("Ukraine's 36th Separate Marine Brigade held out.", "36th Separate Marine Brigade"),
    ]:
        assert name in tagger.tag(text).actors, text


def test_the_gazetteer_wins_over_the_shape(tagger: EntityTagger) -> None:
    doc = tagger.tag("The Rapid Support Forces and the Syrian Democratic Forces fought.")
    assert {a.found for a in doc.actors.values()} == {Found.GAZETTEER}


def test_organisation_country(tagger: EntityTagger) -> None:
    doc = tagger.tag("The Sudanese Doctors Union and the Eastern Shield Brigades spoke.")
    assert doc.actors["Sudanese Doctors Union"].country == "Sudan"
    # A non-state armed group has no country: the event layer would take it for a state force.
    assert doc.actors["Eastern Shield Brigades"].country is None


def test_heading_lines() -> None:
    assert is_heading_line("## Rapid Support Forces\n\nText.", 4)
    assert is_heading_line("Rapid Advance Forces Take The City\n\nText.", 0)
    assert not is_heading_line("The Rapid Support Forces took the city.", 5)


# ── places ──


def test_places_need_no_geonames_after_a_place_noun(offline: EntityTagger) -> None:
    doc = offline.tag(
        "Rebels entered the village of Kishishe and the Kanyabuki camp, near Koutougou."
    )
    assert {"Kishishe", "Kanyabuki", "Koutougou"} <= set(doc.places)
    assert all(doc.places[p].found is Found.CONTEXT for p in ("Kishishe", "Kanyabuki"))


def test_weak_prepositions_need_geonames(offline: EntityTagger) -> None:
    doc = offline.tag("In Syria, the protests began in Daraa in March 2011.")
    assert "Daraa" not in doc.places


@pytest.mark.skipif(not GEONAMES, reason="needs the GeoNames data")
def test_geonames_places_prefer_the_countries_named(tagger: EntityTagger) -> None:
    doc = tagger.tag("Fighting in Sudan spread to Nyala, where militias looted shops.")
    assert doc.places["Nyala"].country == "Sudan"
    # A small namesake elsewhere is not taken without its country named.
    assert "Kass" not in tagger.tag("In Sudan, raiders struck near-by towns and Kass.").places


@pytest.mark.skipif(not GEONAMES, reason="needs the GeoNames data")
def test_a_word_the_text_writes_in_lower_case_is_no_place(tagger: EntityTagger) -> None:
    doc = tagger.tag("In the United States, the victory rally was held in Victory.")
    assert "Victory" not in doc.places


def test_place_offsets_hold(tagger: EntityTagger) -> None:
    text = "Shelling hit the Kanyabuki camp and the outskirts of Kupiansk, near Koutougou."
    doc = tagger.tag(text)
    for m in doc.mentions:
        assert text[m.start : m.end] == m.text


# ── namesakes ──

HISTORY = (
    "Heydar Aliyev became president of Azerbaijan in June 1993. Aliyev ruled until his death. "
    "Ilham Aliyev led the country into the 2020 war. In October 2020 Aliyev said so."
)


def test_a_full_name_is_always_that_person(tagger: EntityTagger) -> None:
    doc = tagger.tag(HISTORY)
    full = [m for m in doc.mentions if m.text in ("Heydar Aliyev", "Ilham Aliyev")]
    assert [m.name for m in full] == ["Heydar Aliyev", "Ilham Aliyev"]
    for m in full:
        assert doc.actor_for(m, date(1995, 1, 1)).name == m.name  # type: ignore[union-attr]
        assert doc.actor_for(m, date(2020, 1, 1)).name == m.name  # type: ignore[union-attr]


def test_a_surname_is_the_namesake_last_named_in_full(tagger: EntityTagger) -> None:
    doc = tagger.tag(HISTORY)
    surnames = [m for m in doc.mentions if m.text == "Aliyev"]
    assert [m.name for m in surnames] == ["Heydar Aliyev", "Ilham Aliyev"]
    assert {a.name for a in doc.namesakes["Aliyev"]} == {"Heydar Aliyev", "Ilham Aliyev"}


def test_a_surname_is_the_namesake_active_on_the_day(tagger: EntityTagger) -> None:
    doc = tagger.tag("Aliyev signed the decree.")
    (mention,) = doc.mentions
    assert doc.actor_for(mention, date(1993, 6, 15)).name == "Heydar Aliyev"  # type: ignore[union-attr]
    assert doc.actor_for(mention, date(2020, 10, 1)).name == "Ilham Aliyev"  # type: ignore[union-attr]
    assert doc.actor_for(mention, None).name == mention.name  # type: ignore[union-attr]
    # Both named in full: the date still decides for the bare surname.
    doc = tagger.tag(HISTORY)
    last = [m for m in doc.mentions if m.text == "Aliyev"][-1]
    assert doc.actor_for(last, date(1994, 5, 1)).name == "Heydar Aliyev"  # type: ignore[union-attr]


def test_resolve_actor(gazetteer: Gazetteer) -> None:
    ilham = gazetteer.actor("Ilham Aliyev")
    assert ilham is not None
    assert resolve_actor(ilham, date(1993, 6, 1), gazetteer).name == "Heydar Aliyev"
    assert resolve_actor(ilham, date(2020, 1, 1), gazetteer) is ilham
    assert resolve_actor(ilham, date(1993, 6, 1), gazetteer, written="Ilham Aliyev") is ilham
    assert resolve_actor(ilham, None, gazetteer) is ilham
    bashar = gazetteer.actor("Bashar al-Assad")
    assert bashar is not None
    assert resolve_actor(bashar, date(1982, 2, 1), gazetteer, written="Assad").name == (
        "Hafez al-Assad"
    )
    # Nobody listed was president of Syria in 1960: unchanged.
    assert resolve_actor(bashar, date(1960, 1, 1), gazetteer) is bashar
    other = Actor(name="Joe Smith", kind=ActorKind.PERSON)
    assert resolve_actor(other, date(1990, 1, 1), gazetteer) is other


def test_a_surname_the_document_gives_one_person_stays_that_person(tagger: EntityTagger) -> None:
    doc = tagger.tag("President Farid Aliyev of Testland spoke. Later, Aliyev left.")
    last = [m for m in doc.mentions if m.text == "Aliyev"][-1]
    assert last.name == "Farid Aliyev"
    assert doc.actor_for(last, date(2020, 1, 1)).name == "Farid Aliyev"  # type: ignore[union-attr]


# ── the gazetteer's `active` and `source` ──


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_active_is_validated(tmp_path: Path) -> None:
    for bad in ("[]", "[1990, 1980]", "[1, 2, 3]", '["1990"]'):
        user = write(tmp_path / "g.toml", f'[people."A B"]\nactive = {bad}\n')
        with pytest.raises(GazetteerError, match="active"):
            load_gazetteer([user])
    user = write(tmp_path / "g.toml", '[people."A B"]\nactive = [1990]\n')
    assert load_gazetteer([user]).active("A B") == (1990, None)


def test_builtin_namesakes(gazetteer: Gazetteer) -> None:
    assert gazetteer.namesakes("Ilham Aliyev") == ["Heydar Aliyev"]
    assert gazetteer.namesakes("Hafez al-Assad") == ["Bashar al-Assad"]
    assert gazetteer.active("Heydar Aliyev") == (1993, 2003)
    assert gazetteer.is_source("Reuters") and not gazetteer.is_source("NATO")


def test_user_source_outlet(tmp_path: Path) -> None:
    user = write(tmp_path / "g.toml", '[organizations."Valmora Daily Star"]\nsource = true\n')
    doc = EntityTagger(load_gazetteer([user]), geonames=False).tag(
        "The port fell, the Valmora Daily Star reported."
    )
    assert doc.actors == {}


# ── regexes stay linear ──


def test_long_runs_are_fast(tagger: EntityTagger) -> None:
    import time

    text = " ".join(["Alpha Beta Gamma Forces of Delta and the"] * 400) + "."
    text += " near " + " ".join(["Kappa"] * 2000) + "."
    text += " in the village of " + "Lambda " * 2000
    start = time.perf_counter()
    doc = tagger.tag(text)
    assert time.perf_counter() - start < 5
    for m in doc.mentions:
        assert text[m.start : m.end] == m.text


def test_a_long_one_line_document_is_linear(offline: EntityTagger) -> None:
    """Windows around each name are bounded: no look back to the start of a long line."""
    import time

    unit = "Alpha Beta Forces fought near Gamma in the Delta district; the ABF and Orvan valley. "
    timings = []
    for n in (2000, 8000):
        text = unit * n
        start = time.perf_counter()
        offline.tag(text)
        timings.append(time.perf_counter() - start)
    assert timings[1] < 4 * timings[0] * 2.5  # four times the text, about four times the time


def test_a_place_found_by_context_is_that_place_wherever_it_is_named(tagger: EntityTagger) -> None:
    text = (
        "Fighters entered the village of Adi Gerat at dawn. By noon Adi Gerat was burning, and "
        "a convoy left for the ADI GERAT road with Adi Gerat-based fighters."
    )
    places = [(m.text, m.start) for m in tagger.tag(text).mentions if m.entity == "place"]
    assert [name for name, _ in places] == ["Adi Gerat", "Adi Gerat"]  # as written only
    assert places[1][1] == text.index("Adi Gerat was")


def test_a_group_found_by_context_is_that_group_wherever_its_full_name_is(
    tagger: EntityTagger,
) -> None:
    """ "Viv Ansanm gangs" makes "Viv Ansanm gunmen" the group too; a one-word name does not
    ("the Durango cartel" is a group, Durango also a state)."""
    text = "Viv Ansanm gangs pushed up the road. Later, Viv Ansanm gunmen burned the clinic."
    named = [m.start for m in tagger.tag(text).mentions if m.name == "Viv Ansanm"]
    assert named == [0, text.index("Viv Ansanm gunmen")]
    text = "The Durango cartel grew. Farmers in Durango protested."
    assert [m.text for m in tagger.tag(text).mentions if m.entity == "actor"] == ["Durango"]


def test_an_armed_group_found_by_context_is_never_a_source_after_by_or_with(
    tagger: EntityTagger,
) -> None:
    """ "By", "to" and "with" cite a report's source ("told the Doctors Union"); an armed group
    after them is the group: "a landmine buried by the Maoists", "clashed with the Maoists"."""
    text = (
        "The Communist Party of Nepal (Maoist) fought the army from 1996. A landmine buried by "
        "the Maoists blew up a bus. Troops clashed with the Maoists."
    )
    found = [m.text for m in tagger.tag(text).mentions if m.entity == "actor"]
    assert found == ["Communist Party of Nepal (Maoist)", "Maoists", "Maoists"]


def test_a_name_with_of_defined_by_its_acronym_and_its_own_plural_word_name_the_group(
    tagger: EntityTagger,
) -> None:
    """ "The Liberation Tigers of Tamil Eelam (LTTE)" is defined by its initials across "of";
    then "the Tigers" and "Tiger fighters" name it, not "a Tiger was seen"."""
    text = (
        "The Liberation Tigers of Tamil Eelam (LTTE) fought the army. The Tigers took the pass. "
        "Tiger fighters ambushed a patrol. A Tiger was seen in the zoo."
    )
    named = [
        m.text for m in tagger.tag(text).mentions if m.name == "Liberation Tigers of Tamil Eelam"
    ]
    assert named == ["Liberation Tigers of Tamil Eelam", "LTTE", "Tigers", "Tiger"]
