"""The gazetteer: the countries, organizations, people and places conflict-tui knows by name.

The built-in gazetteer ships as ``timeline/data/gazetteer.toml``; users add their own TOML files
(``--gazetteer FILE`` or the config's ``gazetteer = [...]``), merged over it in order.

TOML format
-----------
Four tables, each keyed by the entry's canonical name (quote names with spaces)::

    [countries.Azerbaijan]
    aliases  = ["Republic of Azerbaijan"]          # other names of the country
    demonyms = ["Azerbaijani", "Azeri", "Azeris"]  # adjectives and plurals; the FIRST one
                                                   # names derived actors: "Azerbaijani forces"
    capital  = "Baku"                              # a place, and a metonym for the government
    metonyms = ["Kremlin"]                         # names that always stand for the country

    [organizations.NATO]
    aliases = ["North Atlantic Treaty Organization"]
    kind    = "organization"                       # or "armed_force" or "other"
    country = ""                                   # optional; "" means none
    source  = false                                # true for a news outlet or monitor

    [people."Nikol Pashinyan"]
    aliases = ["Pashinyan"]                        # matched everywhere
    role    = "Prime Minister"
    country = "Armenia"
    active  = [2018]                               # years in office: [from] or [from, to]

    [places.Vardenis]
    aliases = []
    country = "Armenia"

Every field is optional. Names and aliases are matched in text exactly as written (case
matters, so the pronoun "us" is never "US"). A person's last name ("Price" for "Ned Price") is
matched without being listed, but only in a document that also names the person in full or by
an alias. A capital is a place too; it needs a ``[places.X]`` entry only to give it aliases
("Kiev" for Kyiv).

An organization's ``country`` is for a state's own force or organ ("Sudanese Armed Forces",
"State Department"): the event layer takes an armed force with a country for a state actor, so a
non-state armed group (Hamas, M23) has none. ``source = true`` marks a news outlet or a monitor
cited for its reports (Reuters, AFP, BBC, Human Rights Watch): in a dateline or an attribution
("(Reuters)", "told Reuters", "according to AFP", "Human Rights Watch documented") it is the
report's source and not tagged as an actor; elsewhere it is an organization.

A person's ``active`` is the span of years the person held the role: ``[1993, 2003]``, or
``[2003]`` for a span still open (one or two integers, the first not after the second). People
who share a surname are told apart by it: a bare "Aliyev" in a sentence dated 1993 is Heydar
Aliyev, in one dated 2020 Ilham Aliyev (`Gazetteer.namesakes`,
`timeline.entities.tagger.resolve_actor`). A full name in the text is always that person.

Merging: a user file's entry with the same table and canonical name as an existing one is merged
into it: lists (``aliases``, ``demonyms``, ``metonyms``) are extended, scalars (``role``,
``country``, ``capital``, ``kind``, ``source``) and ``active`` replaced. New names add entries.
A file that is not valid TOML, or that has an unknown table or key, raises `GazetteerError`
naming the file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, StrictInt, ValidationError, field_validator

from timeline.models import Actor, ActorKind, Place

SECTIONS = ("countries", "organizations", "people", "places")
LIST_FIELDS = ("aliases", "demonyms", "metonyms")


def _armed_force_nouns() -> tuple[str, ...]:
    """``[demonyms] armed_force_nouns`` of ``data/context.toml`` (read here, not through
    `timeline.entities.lexicon`: the entities package imports this module)."""
    raw = resources.files("timeline").joinpath("data/context.toml").read_text(encoding="utf-8")
    return tuple(tomllib.loads(raw)["demonyms"]["armed_force_nouns"])


# Nouns that make a country adjective an armed force: "Azeri troops" → "Azerbaijani forces".
ARMED_FORCE_NOUNS = _armed_force_nouns()
# Longest first, as " noun" endings compared case-folded: "Azeri armed forces" before "forces".
_FORCE_SUFFIXES = tuple(
    (" " + noun.casefold(), noun) for noun in sorted(ARMED_FORCE_NOUNS, key=len, reverse=True)
)
_MINISTRY = re.compile(r"(.+?)\s+((?:\w+\s+)*Ministry)", re.IGNORECASE)
# Peacekeepers are a different actor from a country's fighting forces.
_PEACEKEEPERS = "peacekeepers"


class GazetteerError(ValueError):
    """A user gazetteer file could not be read: ``path`` and a human ``message``."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = Path(path)
        self.message = message


class _Entry(BaseModel):
    # Unknown keys are errors: a typo ("alias =") would otherwise be silently ignored.
    model_config = ConfigDict(extra="forbid")

    aliases: list[str] = []

    @field_validator("aliases", "demonyms", "metonyms", check_fields=False)
    @classmethod
    def _strip_list(cls, values: list[str]) -> list[str]:
        return [v.strip() for v in values if v.strip()]


class CountryEntry(_Entry):
    demonyms: list[str] = []
    capital: str | None = None
    metonyms: list[str] = []

    @field_validator("capital")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None


class OrganizationEntry(_Entry):
    kind: Literal["organization", "armed_force", "other"] = "organization"
    country: str | None = None
    source: bool = False
    unit: bool = False  # a unit of its country's forces, named as they are ("Pakistani forces")

    @field_validator("country")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None


class PersonEntry(_Entry):
    role: str | None = None
    country: str | None = None
    active: list[StrictInt] | None = None

    @field_validator("role", "country")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @field_validator("active")
    @classmethod
    def _one_or_two_years(cls, value: list[int] | None) -> list[int] | None:
        if value is None:
            return None
        if not 1 <= len(value) <= 2:
            raise ValueError("must be [from] or [from, to]: one or two years")
        if len(value) == 2 and value[0] > value[1]:
            raise ValueError(f"the first year ({value[0]}) is after the second ({value[1]})")
        return value


class PlaceEntry(_Entry):
    country: str | None = None
    # A place whose country is disputed: its country (de jure) is kept for exports and for
    # telling who took it, but naming it says nothing of which state a document is about.
    disputed: bool = False

    @field_validator("country")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None


_MODELS: dict[str, type[_Entry]] = {
    "countries": CountryEntry,
    "organizations": OrganizationEntry,
    "people": PersonEntry,
    "places": PlaceEntry,
}

SurfaceKind = Literal[
    "country",  # a country's name or alias: "Armenia", "U.S."
    "demonym",  # a country adjective or plural: "Armenian", "Azeris"
    "capital",  # a capital (or its alias): place or government, decided in context
    "metonym",  # always the country: "Kremlin"
    "organization",
    "person",
    "surname",  # a person's last name, valid only where the person is named in full
    "place",
]


@dataclass(frozen=True, slots=True)
class SurfaceForm:
    """One string the tagger looks for, and what it names."""

    text: str
    kind: SurfaceKind
    name: str  # the canonical name: the country for country/demonym/metonym, else the entry
    country: str | None = None  # for a capital: its country


_SPACES = re.compile(r"\.?\s+")


def normalize(name: str) -> str:
    """Collapse runs of whitespace (and a stray period before them) to one space."""
    name = name.strip()
    if name.isprintable() and "  " not in name and ". " not in name:
        return name  # the common case: nothing to collapse (no tab, newline or odd space)
    return _SPACES.sub(" ", name)


_ARTICLE = re.compile(r"^(?:al|el|ad|as|an|ash|az)[-‐]", re.IGNORECASE)


def surname_key(name: str) -> str:
    """How surnames are compared: the last word, without an Arabic article, case-folded
    ("Bashar al-Assad", "Assad" → "assad"; "Heydar Aliyev" → "aliyev")."""
    words = normalize(name).split()
    return _ARTICLE.sub("", words[-1]).casefold() if words else ""


def _is_short_acronym(alias: str) -> bool:
    """US, U.S., UN, EU, UK: matched case-sensitively so that "us" is never the United States."""
    letters = alias.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 3


class Gazetteer:
    """The merged gazetteer: entries by canonical name, and a resolver for names typed or read."""

    def __init__(
        self,
        countries: Mapping[str, CountryEntry],
        organizations: Mapping[str, OrganizationEntry],
        people: Mapping[str, PersonEntry],
        places: Mapping[str, PlaceEntry],
    ) -> None:
        self.countries = dict(countries)
        self.organizations = dict(organizations)
        self.people = dict(people)
        self.places = dict(places)
        # Every capital is a place of its country, listed or not.
        for country, entry in self.countries.items():
            if entry.capital:
                place = self.places.get(entry.capital)
                if place is None:
                    self.places[entry.capital] = PlaceEntry(country=country)
                elif place.country is None:
                    self.places[entry.capital] = place.model_copy(update={"country": country})
        self._exact: dict[str, str] = {}
        self._folded: dict[str, str] = {}
        self._country_words: dict[str, str] = {}
        self._country_folded: dict[str, str] = {}
        self._by_surname: dict[str, list[str]] = {}
        self._build_index()

    # ── indexes ──

    def _build_index(self) -> None:
        canonical = [*self.countries, *self.organizations, *self.people, *self.places]
        # Canonical names win over aliases: "Baku" is the place Baku before it is a metonym.
        for name in canonical:
            self._add_resolvable(normalize(name), name)
        for form in self.surface_forms():
            if form.kind == "surname":
                continue  # a bare surname is too ambiguous for a command-line filter
            self._add_resolvable(normalize(form.text), form.name)
        for country, entry in self.countries.items():
            for word in (country, *entry.aliases, *self.demonyms(country)):
                key = normalize(word)
                self._country_words.setdefault(key, country)
                if not _is_short_acronym(key):
                    self._country_folded.setdefault(key.casefold(), country)

        for name, person in self.people.items():
            keys = {surname_key(name)} | {
                surname_key(alias) for alias in person.aliases if " " not in alias.strip()
            }
            for key in keys - {""}:
                self._by_surname.setdefault(key, []).append(name)

    def _add_resolvable(self, key: str, name: str) -> None:
        self._exact.setdefault(key, name)
        if not _is_short_acronym(key):
            self._folded.setdefault(key.casefold(), name)

    def surface_forms(self) -> Iterator[SurfaceForm]:
        """Every string to look for in text, with what it names. Order: most specific first."""
        for name, person in self.people.items():
            yield SurfaceForm(name, "person", name)
            for alias in person.aliases:
                yield SurfaceForm(alias, "person", name)
        for name, org in self.organizations.items():
            yield SurfaceForm(name, "organization", name)
            for alias in org.aliases:
                yield SurfaceForm(alias, "organization", name)
        for name, country in self.countries.items():
            yield SurfaceForm(name, "country", name)
            for alias in country.aliases:
                yield SurfaceForm(alias, "country", name)
            for demonym in self.demonyms(name):
                yield SurfaceForm(demonym, "demonym", name)
            for metonym in country.metonyms:
                yield SurfaceForm(metonym, "metonym", name)
            if country.capital:
                capital = self.places[country.capital]
                for text in (country.capital, *capital.aliases):
                    yield SurfaceForm(text, "capital", country.capital, name)
        for name, place in self.places.items():
            yield SurfaceForm(name, "place", name, place.country)
            for alias in place.aliases:
                yield SurfaceForm(alias, "place", name, place.country)
        for name in self.people:
            surname = name.split()[-1]
            if len(surname) > 2 and surname[0].isupper():
                yield SurfaceForm(surname, "surname", name)

    def demonyms(self, country: str) -> list[str]:
        """A country's demonyms, with regular plurals added ("Armenian" → "Armenians")."""
        entry = self.countries.get(country)
        if entry is None:
            return []
        found: list[str] = []
        for word in entry.demonyms:
            found.append(word)
            # "French", "Chinese", "Swiss" have no -s plural; "Azeri", "Armenian" do.
            if not re.search(r"(s|sh|ch|ese|x|z)$", word):
                found.append(word + "s")
        return list(dict.fromkeys(found))

    # ── lookups ──

    def resolve(self, name: str) -> str | None:
        """The canonical actor or place name for any name, alias, demonym or capital.

        Case-insensitive, except for acronyms of up to three letters ("US", "UN", "EU"), so the
        pronoun "us" resolves to nothing. Derived names resolve too: "Azeri forces" →
        "Azerbaijani forces", "Armenian Defense Ministry" → itself.
        """
        key = normalize(name)
        if not key:
            return None
        found = self._exact.get(key) or self._folded.get(key.casefold())
        if found:
            return found
        if key.casefold().startswith("the "):  # "the Kremlin", "the Azeri forces"
            return self.resolve(key[4:])
        return self._resolve_derived(key)

    def _resolve_derived(self, key: str) -> str | None:
        if " " not in key:
            return None
        folded = key.casefold()
        for suffix, noun in _FORCE_SUFFIXES:
            if folded.endswith(suffix):
                country = self.country_of(key[: -len(noun) - 1])
                if country:
                    return self.armed_force_name(country, noun)
        match = _MINISTRY.fullmatch(key) if "ministry" in folded else None
        if match:
            country = self.country_of(match[1])
            if country:
                return f"{self.adjective(country)} {match[2].title()}"
        return None

    def country_of(self, word: str) -> str | None:
        """The country a name, alias, demonym or possessive ("Russia's") stands for."""
        key = normalize(re.sub(r"['’]s$", "", word.strip()))
        return self._country_words.get(key) or self._country_folded.get(key.casefold())

    def adjective(self, country: str) -> str:
        """The adjective used in derived names: the country's first demonym, else its name."""
        entry = self.countries.get(country)
        return entry.demonyms[0] if entry and entry.demonyms else country

    def armed_force_name(self, country: str, noun: str = "forces") -> str:
        """The canonical armed-force actor: "Azerbaijani forces", "Russian peacekeepers"."""
        suffix = _PEACEKEEPERS if noun.casefold() == _PEACEKEEPERS else "forces"
        return f"{self.adjective(country)} {suffix}"

    def actor(self, name: str) -> Actor | None:
        """The actor a canonical name stands for (countries, organizations, people)."""
        if name in self.countries:
            return Actor(name=name, kind=ActorKind.COUNTRY)
        if name in self.organizations:
            org = self.organizations[name]
            return Actor(name=name, kind=ActorKind(org.kind), country=org.country)
        if name in self.people:
            person = self.people[name]
            return Actor(name=name, kind=ActorKind.PERSON, role=person.role, country=person.country)
        return None

    def active(self, name: str) -> tuple[int, int | None] | None:
        """The years a listed person was active (``(2003, None)``: still is), or None."""
        person = self.people.get(name)
        if person is None or not person.active:
            return None
        span = person.active
        return (span[0], span[1] if len(span) > 1 else None)

    def namesakes(self, name: str) -> list[str]:
        """The other listed people who share ``name``'s surname ("Heydar Aliyev" for "Ilham
        Aliyev"; "al-Assad" and "Assad" are one surname), in the order listed."""
        key = surname_key(name)
        return [other for other in self._by_surname.get(key, ()) if other != name]

    def is_source(self, name: str) -> bool:
        """Whether a canonical name is a news outlet or monitor (``source = true``)."""
        org = self.organizations.get(name)
        return org is not None and org.source

    def place(self, name: str) -> Place | None:
        """The place a canonical name stands for."""
        if name in self.places:
            return Place(name=name, country=self.places[name].country)
        return None

    def __repr__(self) -> str:
        return (
            f"Gazetteer({len(self.countries)} countries, {len(self.organizations)} organizations,"
            f" {len(self.people)} people, {len(self.places)} places)"
        )


# ── loading ──


def _check(raw: Mapping[str, Any], path: Path | str) -> dict[str, dict[str, dict[str, Any]]]:
    """Validate one file's tables; return them as plain dicts of the keys actually given."""
    checked: dict[str, dict[str, dict[str, Any]]] = {}
    for section, entries in raw.items():
        if section not in _MODELS:
            raise GazetteerError(
                path, f"unknown table [{section}] (expected one of: {', '.join(SECTIONS)})"
            )
        if not isinstance(entries, dict):
            raise GazetteerError(path, f"[{section}] must be a table of entries")
        for name, fields in entries.items():
            if not isinstance(fields, dict):
                raise GazetteerError(path, f"[{section}.{name}] must be a table")
            try:
                model = _MODELS[section].model_validate(fields)
            except ValidationError as exc:
                problems = "; ".join(
                    f"{'.'.join(str(p) for p in err['loc']) or 'entry'}: {err['msg']}"
                    for err in exc.errors()
                )
                raise GazetteerError(path, f"[{section}.{name}] {problems}") from exc
            # Only the keys the file wrote, so a merge does not reset fields to defaults.
            checked.setdefault(section, {})[name.strip()] = model.model_dump(
                include=set(fields), exclude_none=False
            )
    return checked


def _merge(base: dict[str, dict[str, dict[str, Any]]], extra: Mapping[str, Any]) -> None:
    for section, entries in extra.items():
        target = base.setdefault(section, {})
        for name, fields in entries.items():
            current = target.setdefault(name, {})
            for key, value in fields.items():
                if key in LIST_FIELDS:
                    current[key] = list(dict.fromkeys([*current.get(key, []), *value]))
                else:
                    current[key] = value


def _build(raw: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> Gazetteer:
    def section(name: str) -> dict[str, Any]:
        model = _MODELS[name]
        return {k: model.model_validate(v) for k, v in raw.get(name, {}).items()}

    return Gazetteer(
        countries=section("countries"),
        organizations=section("organizations"),
        people=section("people"),
        places=section("places"),
    )


@lru_cache(maxsize=1)
def _builtin_raw() -> dict[str, dict[str, dict[str, Any]]]:
    source = resources.files("timeline") / "data" / "gazetteer.toml"
    return _check(tomllib.loads(source.read_text(encoding="utf-8")), "gazetteer.toml (built-in)")


@lru_cache(maxsize=1)
def _builtin() -> Gazetteer:
    return _build(_builtin_raw())


def _read_user_file(path: Path) -> dict[str, dict[str, dict[str, Any]]]:
    try:
        text = path.expanduser().read_text(encoding="utf-8")
    except OSError as exc:
        raise GazetteerError(path, f"cannot read gazetteer: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise GazetteerError(path, f"gazetteer is not UTF-8 text: {exc}") from exc
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GazetteerError(path, f"invalid TOML: {exc}") from exc
    return _check(raw, path)


def load_gazetteer(extra: Sequence[Path] = ()) -> Gazetteer:
    """The built-in gazetteer, with each user file in ``extra`` merged over it in order.

    The built-in part is parsed once per process. Raises `GazetteerError` for a user file that
    cannot be read, is not TOML, or has unknown tables or keys.
    """
    if not extra:
        return _builtin()
    merged = {
        section: {k: dict(v) for k, v in entries.items()}
        for section, entries in _builtin_raw().items()
    }
    for path in extra:
        _merge(merged, _read_user_file(Path(path)))
    return _build(merged)
