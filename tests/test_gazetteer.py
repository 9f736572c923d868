"""The gazetteer: the built-in TOML, user files merged over it, and name resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline import gazetteer as gazetteer_module
from timeline.gazetteer import Gazetteer, GazetteerError, load_gazetteer
from timeline.models import ActorKind


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def test_builtin_loads_with_a_broad_coverage(gazetteer: Gazetteer) -> None:
    assert len(gazetteer.countries) >= 80
    assert {"NATO", "CSTO", "European Union", "United Nations", "OSCE", "Red Cross"} <= set(
        gazetteer.organizations
    )
    assert {"Vardenis", "Goris", "Sotk", "Jermuk", "Nagorno-Karabakh", "Kharkiv"} <= set(
        gazetteer.places
    )


def test_builtin_is_cached() -> None:
    gazetteer_module._builtin.cache_clear()
    gazetteer_module._builtin_raw.cache_clear()
    first = load_gazetteer()
    assert load_gazetteer() is first


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Azeri", "Azerbaijan"),
        ("Azerbaijani", "Azerbaijan"),
        ("Azeris", "Azerbaijan"),
        ("Kremlin", "Russia"),
        ("the Kremlin", "Russia"),
        ("Russian", "Russia"),
        ("US", "United States"),
        ("U.S.", "United States"),
        ("United States", "United States"),
        ("American", "United States"),
        ("Turkish", "Turkey"),
        ("Iranian", "Iran"),
        ("Armenian", "Armenia"),
        ("French", "France"),
        ("Syrian", "Syria"),
        ("British", "United Kingdom"),
        ("Ukrainian", "Ukraine"),
        ("Pashinyan", "Nikol Pashinyan"),
        ("Erdoğan", "Recep Tayyip Erdogan"),
        ("Assad", "Bashar al-Assad"),
        ("Stalin", "Josef Stalin"),
        ("EU", "European Union"),
        ("European Commission", "European Union"),
        ("U.N.", "United Nations"),
        ("ICRC", "Red Cross"),
        ("Collective Security Treaty Organization", "CSTO"),
        ("US State Department", "State Department"),
        ("Kharkov", "Kharkiv"),
        ("Kiev", "Kyiv"),
        ("Artsakh", "Nagorno-Karabakh"),
        ("Karabakh", "Nagorno-Karabakh"),
    ],
)
def test_aliases_resolve(gazetteer: Gazetteer, name: str, canonical: str) -> None:
    assert gazetteer.resolve(name) == canonical


@pytest.mark.parametrize(
    ("capital", "country"),
    [
        ("Baku", "Azerbaijan"),
        ("Moscow", "Russia"),
        ("Washington", "United States"),
        ("Ankara", "Turkey"),
        ("Tehran", "Iran"),
        ("Yerevan", "Armenia"),
        ("Kyiv", "Ukraine"),
        ("Paris", "France"),
        ("Damascus", "Syria"),
        ("Tbilisi", "Georgia"),
        ("Beijing", "China"),
        ("London", "United Kingdom"),
        ("Berlin", "Germany"),
    ],
)
def test_capitals_are_places_of_their_country(
    gazetteer: Gazetteer, capital: str, country: str
) -> None:
    # As a name typed on the command line a capital is the place; the tagger decides in context.
    assert gazetteer.resolve(capital) == capital
    place = gazetteer.place(capital)
    assert place is not None and place.country == country
    assert gazetteer.countries[country].capital == capital


def test_resolve_is_case_insensitive_except_for_short_acronyms(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("azeri") == "Azerbaijan"
    assert gazetteer.resolve("nikol PASHINYAN") == "Nikol Pashinyan"
    assert gazetteer.resolve("united   states") == "United States"
    assert gazetteer.resolve("nato") == "NATO"
    assert gazetteer.resolve("us") is None  # the pronoun
    assert gazetteer.resolve("Us") is None
    assert gazetteer.resolve("un") is None
    assert gazetteer.resolve("Nobody Atall") is None
    assert gazetteer.resolve("   ") is None


def test_derived_names_resolve(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Azeri forces") == "Azerbaijani forces"
    assert gazetteer.resolve("Azerbaijani armed forces") == "Azerbaijani forces"
    assert gazetteer.resolve("Russian peacekeepers") == "Russian peacekeepers"
    assert gazetteer.resolve("Armenian Defense Ministry") == "Armenian Defense Ministry"


def test_actor_records(gazetteer: Gazetteer) -> None:
    pashinyan = gazetteer.actor("Nikol Pashinyan")
    assert pashinyan is not None
    assert (pashinyan.kind, pashinyan.role, pashinyan.country) == (
        ActorKind.PERSON,
        "Prime Minister",
        "Armenia",
    )
    state = gazetteer.actor("State Department")
    assert state is not None and state.country == "United States"
    wagner = gazetteer.actor("Wagner Group")
    assert wagner is not None and wagner.kind is ActorKind.ARMED_FORCE
    russia = gazetteer.actor("Russia")
    assert russia is not None and russia.kind is ActorKind.COUNTRY
    assert gazetteer.actor("Vardenis") is None  # places are not actors
    assert gazetteer.adjective("Azerbaijan") == "Azerbaijani"
    assert gazetteer.country_of("Russia's") == "Russia"


def test_title_rule_people_are_not_in_the_builtin(gazetteer: Gazetteer) -> None:
    # They must be found from the text; see test_entities.
    for name in ("Laurence Broers", "Florence Parmentier", "Broers", "Parmentier"):
        assert gazetteer.resolve(name) is None


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_extends_and_overrides(tmp_path: Path) -> None:
    user = write(
        tmp_path / "mine.toml",
        '[people."Nikol Pashinyan"]\n'
        'aliases = ["Nikol"]\n'
        'role = "Premier"\n'
        "[countries.Azerbaijan]\n"
        'aliases = ["Land of Fire"]\n'
        "[places.Tegh]\n"
        'country = "Armenia"\n'
        "[organizations.Hamas]\n"
        'kind = "armed_force"\n',
    )
    gazetteer = load_gazetteer([user])
    person = gazetteer.people["Nikol Pashinyan"]
    assert person.role == "Premier"  # scalar overridden
    assert person.country == "Armenia"  # untouched field kept
    assert {"Pashinyan", "Nikol"} <= set(person.aliases)  # list extended
    assert gazetteer.resolve("Nikol") == "Nikol Pashinyan"
    assert gazetteer.resolve("Land of Fire") == "Azerbaijan"
    assert gazetteer.resolve("Azeri") == "Azerbaijan"  # built-in demonyms kept
    assert gazetteer.resolve("Tegh") == "Tegh"
    assert gazetteer.place("Tegh") is not None
    hamas = gazetteer.actor("Hamas")
    assert hamas is not None and hamas.kind is ActorKind.ARMED_FORCE
    # The cached built-in gazetteer is untouched by the merge.
    assert load_gazetteer().people["Nikol Pashinyan"].role == "Prime Minister"
    assert load_gazetteer().resolve("Nikol") is None


def test_later_user_files_win(tmp_path: Path) -> None:
    first = write(tmp_path / "a.toml", '[people."Jane Roe"]\nrole = "Analyst"\n')
    second = write(tmp_path / "b.toml", '[people."Jane Roe"]\nrole = "Director"\n')
    assert load_gazetteer([first, second]).people["Jane Roe"].role == "Director"
    assert load_gazetteer([second, first]).people["Jane Roe"].role == "Analyst"


def test_malformed_toml_names_the_file(tmp_path: Path) -> None:
    bad = write(tmp_path / "broken.toml", "[people.\nrole = \n")
    with pytest.raises(GazetteerError) as info:
        load_gazetteer([bad])
    assert info.value.path == bad
    assert "invalid TOML" in info.value.message
    assert "broken.toml" in str(info.value)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[persons.X]\nrole = 'a'\n", "unknown table [persons]"),
        ("[people.X]\nalias = ['a']\n", "alias"),
        ("[people.X]\naliases = 'a'\n", "aliases"),
        ("[organizations.X]\nkind = 'army'\n", "kind"),
        ("people = 3\n", "[people] must be a table"),
    ],
)
def test_invalid_entries_name_the_file_and_field(tmp_path: Path, text: str, fragment: str) -> None:
    bad = write(tmp_path / "bad.toml", text)
    with pytest.raises(GazetteerError) as info:
        load_gazetteer([bad])
    assert info.value.path == bad
    assert fragment in info.value.message


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError) as info:
        load_gazetteer([tmp_path / "nope.toml"])
    assert info.value.path.name == "nope.toml"
    assert "cannot read" in info.value.message


def test_empty_country_string_means_none(tmp_path: Path) -> None:
    user = write(tmp_path / "g.toml", '[organizations."Some NGO"]\ncountry = ""\n')
    actor = load_gazetteer([user]).actor("Some NGO")
    assert actor is not None and actor.country is None


def test_the_documented_example_loads(tmp_path: Path) -> None:
    """The TOML example in the module docstring (copied into the README) is a valid user file."""
    doc = gazetteer_module.__doc__ or ""
    example = doc.split("::\n\n", 1)[1].split("\n\nEvery field", 1)[0]
    user = write(tmp_path / "example.toml", "\n".join(line[4:] for line in example.splitlines()))
    gazetteer = load_gazetteer([user])
    assert gazetteer.resolve("Azeris") == "Azerbaijan"
    assert gazetteer.resolve("Republic of Azerbaijan") == "Azerbaijan"
    assert gazetteer.countries["Azerbaijan"].capital == "Baku"
    assert gazetteer.organizations["NATO"].country is None


def test_armed_groups_and_state_forces(gazetteer: Gazetteer) -> None:
    # Groups with no shape to be found by (single words, acronyms) are listed.
    for alias, name in [
        ("Janjaweed", "Janjaweed"),
        ("JNIM", "Jama'at Nusrat al-Islam wal-Muslimin"),
        ("FARC", "Revolutionary Armed Forces of Colombia"),
        ("ELN", "National Liberation Army"),
        ("KNU", "Karen National Union"),
        ("Ansar Allah", "Houthis"),
        ("Nusra Front", "al-Nusra Front"),
        ("World Food Programme", "WFP"),
        ("Doctors Without Borders", "Médecins Sans Frontières"),
    ]:
        assert gazetteer.resolve(alias) == name, alias
    # A country only on a state's own force: the event layer reads it as a state actor.
    for name in ("Hamas", "Hezbollah", "Rapid Support Forces", "M23", "Janjaweed", "Houthis"):
        actor = gazetteer.actor(name)
        assert actor is not None and actor.kind is ActorKind.ARMED_FORCE, name
        assert actor.country is None, name
    for name, country in [("Tatmadaw", "Myanmar"), ("Sudanese Armed Forces", "Sudan")]:
        actor = gazetteer.actor(name)
        assert actor is not None and actor.country == country


def test_people_active_and_sources(gazetteer: Gazetteer) -> None:
    assert gazetteer.active("Hafez al-Assad") == (1971, 2000)
    assert gazetteer.active("Ilham Aliyev") == (2003, None)
    assert gazetteer.active("Nikol Pashinyan") is None
    assert {"Reuters", "Agence France-Presse", "Associated Press", "BBC"} <= {
        name for name in gazetteer.organizations if gazetteer.is_source(name)
    }
