"""The word lists of entity tagging, read once from ``timeline/data/people.toml``,
``timeline/data/casualties.toml`` and ``timeline/data/context.toml``.

To add a word, add it to the list in the TOML file; the regexes of `timeline.entities.people`,
`timeline.entities.casualties`, `timeline.entities.organisations` and `timeline.entities.places`
are built from these lists when the package is imported. A list is either one
whitespace-separated string of words or a TOML array of phrases.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "ABBREVIATED_TITLES",
    "AUXILIARIES",
    "COURTESY_TITLES",
    "GENERIC_NOUNS",
    "GROUP_NOUNS",
    "GROUP_PHRASES",
    "HEDGES",
    "LIVES_VERBS",
    "MILITARY_NOUNS",
    "NON_PERSON_WORDS",
    "NOT_MODIFIERS",
    "OUTCOMES",
    "OWN_RANKS",
    "PARTICLES",
    "REPORT_VERBS",
    "ROLE_NOUNS",
    "SCALES",
    "SPEECH_VERBS",
    "STOP_WORDS",
    "TITLES",
    "TOLL_LINKS",
    "VAGUE",
    "VERB_OUTCOMES",
    "context_list",
    "table",
    "word_list",
]


@cache
def table(name: str) -> dict[str, Any]:
    """The tables of the built-in ``timeline/data/<name>.toml``, parsed once."""
    source = resources.files("timeline") / "data" / f"{name}.toml"
    return tomllib.loads(source.read_text(encoding="utf-8"))


def word_list(name: str, key: str) -> tuple[str, ...]:
    """The list ``key`` of ``[words]`` in ``<name>.toml``, in the order written."""
    return _as_list(table(name)["words"][key])


def context_list(section: str, key: str) -> tuple[str, ...]:
    """The list ``key`` of ``[section]`` in ``context.toml``, in the order written."""
    return _as_list(table("context")[section][key])


def _as_list(value: str | list[str]) -> tuple[str, ...]:
    return tuple(value.split()) if isinstance(value, str) else tuple(value)


# ── people (people.toml) ──

# Titles before a name, each also the role it gives ("Prime Minister").
TITLES: tuple[str, ...] = tuple(table("people")["titles"])
ONE_NAME_TITLES: frozenset[str] = frozenset(table("people")["one_name_titles"])
# Abbreviated titles → their role ("Lt. Gen." → "Lieutenant General").
ABBREVIATED_TITLES: dict[str, str] = table("people")["abbreviations"]
# Titles that introduce a name without giving a role ("Dr.", "Mr").
COURTESY_TITLES: tuple[str, ...] = word_list("people", "courtesy")
PARTICLES: frozenset[str] = frozenset(word_list("people", "particles"))
STOP_WORDS: frozenset[str] = frozenset(word_list("people", "stop_words"))
NON_PERSON_WORDS: frozenset[str] = frozenset(word_list("people", "non_person_words"))
ROLE_NOUNS: frozenset[str] = frozenset(word_list("people", "role_nouns"))
SPEECH_VERBS: tuple[str, ...] = word_list("people", "speech_verbs")

# ── casualties (casualties.toml) ──

HEDGES: tuple[str, ...] = word_list("casualties", "hedges")
GROUP_NOUNS: frozenset[str] = frozenset(word_list("casualties", "group_nouns"))
GROUP_PHRASES: tuple[str, ...] = word_list("casualties", "group_phrases")
GENERIC_NOUNS: frozenset[str] = frozenset(word_list("casualties", "generic_nouns"))
MILITARY_NOUNS: frozenset[str] = frozenset(word_list("casualties", "military_nouns"))
OWN_RANKS: tuple[str, ...] = word_list("casualties", "own_ranks")
REPORT_VERBS: tuple[str, ...] = word_list("casualties", "report_verbs")
AUXILIARIES: tuple[str, ...] = word_list("casualties", "auxiliaries")
NOT_MODIFIERS: tuple[str, ...] = word_list("casualties", "not_modifiers")
LIVES_VERBS: tuple[str, ...] = word_list("casualties", "lives_verbs")
TOLL_LINKS: tuple[str, ...] = word_list("casualties", "toll_links")
# Multipliers ("million" → 10**6) and vague quantities ("dozens" → 24), in the order written.
SCALES: dict[str, int] = table("casualties")["scales"]
VAGUE: dict[str, int] = table("casualties")["vague"]
# Outcome words after a figure, and verbs before one, → the outcome recorded.
OUTCOMES: dict[str, str] = table("casualties")["outcomes"]
VERB_OUTCOMES: dict[str, str] = table("casualties")["verb_outcomes"]
# Verbs of harm before one named person ("killing journalist Oksana Baulina") → outcome.
NAMED_VICTIM_VERBS: dict[str, str] = table("casualties")["named_victim_verbs"]
# Verbs of losing people in a fight ("losing four men") → outcome, with a noun of people only.
LOSS_VERBS: dict[str, str] = table("casualties")["loss_verbs"]
VERB_GROUPS: tuple[str, ...] = tuple(table("casualties")["verb_groups"]["phrases"])
