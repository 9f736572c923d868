"""People beyond the gazetteer: names introduced by a title or an attribution.

2–4 capitalised words (particles von/der/al-/bin/de/van... allowed) introduced by a title
("Armenian Prime Minister Nikol Pashinyan", "spokesman Ned Price", "General X Y") or an
attribution ("said Laurence Broers", "Florence Parmentier, secretary general of ...", "according
to Jane Doe", "Sevak Khachatryan, who lives in Sotk", "Jane Doe said"). The title gives the role;
a country word right before the title gives the country and is not a separate mention. Names
with organisation or place words ("Center", "Ministry", "Moscow") are not people. The titles and
word lists are in ``timeline/data/people.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from timeline.entities.candidates import BLOCK, PERSON_RULE, Candidate, Ref
from timeline.entities.lexicon import (
    ABBREVIATED_TITLES,
    COURTESY_TITLES,
    NON_PERSON_WORDS,
    ONE_NAME_TITLES,
    ROLE_NOUNS,
    SPEECH_VERBS,
    STOP_WORDS,
    TITLES,
)
from timeline.entities.names import GAP, NAME, PARTICLES, TOKEN, TOKEN_RE, UP
from timeline.gazetteer import Gazetteer, SurfaceForm, normalize
from timeline.models import ActorKind, Found
from timeline.text import WS, trie_pattern

__all__ = ["PersonRules", "resolves_to_non_person"]

# Titles before a name: canonical role (None: a courtesy title that says nothing).
_TITLES: dict[str, str | None] = {t: t for t in TITLES}
_TITLES.update(ABBREVIATED_TITLES)
_TITLES.update(dict.fromkeys(COURTESY_TITLES))
# Lower-case use of the full titles: "spokesman Ned Price", "prime minister Nikol Pashinyan".
_TITLES.update(
    {t.lower(): role for t, role in list(_TITLES.items()) if role is not None and "." not in t}
)
_ROLE_CASE = {t.lower(): t for t in _TITLES if t[0].isupper()}

_SPEECH = rf"(?:{'|'.join(SPEECH_VERBS)})"
# A run of capitalised words that may be a name; its first letter is a plain character class so
# that the regex engine skips quickly to the next capital letter.
_NAME_RUN = re.compile(
    rf"[{UP}](?<![\w'’-].)[^\W\d_]*(?:['’-][{UP}]?[^\W\d_]+)*(?:{GAP}{TOKEN}){{1,3}}"
)
_SPEAKER_BEFORE = re.compile(rf"(?<!\w)(?:{_SPEECH}|according{WS}to),?{WS}$")
_SPEECH_AFTER = re.compile(rf"{WS}{_SPEECH}(?!\w)")
_WHO_AFTER = re.compile(rf",{WS}(?:who|whose|\d{{1,3}},)(?!\w)")
_APPOSITIVE_AFTER = re.compile(
    rf",{WS}(?:(?:a|an|the){WS})?(?P<role>[a-z][a-z-]*(?:{WS}[a-z][a-z-]*){{0,3}}?){WS}"
    rf"(?:of|at|for|with|from|in|to|on)(?!\w)"
)
_POSSESSIVE_BEFORE = re.compile(r"['’]s$")
_POSSESSIVE_END = re.compile(r"['’]s$")


@dataclass(slots=True)
class _PersonHit:
    """A person-name span found by a title or attribution rule, with what the rule told."""

    start: int
    end: int
    name: str
    role: str | None = None
    country: str | None = None


def resolves_to_non_person(gaz: Gazetteer, word: str) -> bool:
    """Whether a capitalised word names something in the gazetteer that is not a person."""
    name = gaz.resolve(word) if word[:1].isupper() else None
    return name is not None and name not in gaz.people


class PersonRules:
    """Finds people by title and attribution; build once per gazetteer."""

    def __init__(self, gazetteer: Gazetteer, gazetteer_ref: Callable[[str], Ref | None]) -> None:
        self.gazetteer = gazetteer
        self._gazetteer_ref = gazetteer_ref
        titles = trie_pattern((t, False) for t in _TITLES)
        self._titled = re.compile(rf"(?<![\w.])(?P<title>{titles}){WS}(?P<name>{NAME})")
        rulers = trie_pattern((t, False) for t in ONE_NAME_TITLES)
        self._one_named = re.compile(
            rf"(?<![\w.])(?P<title>{rulers}){WS}(?P<name>{TOKEN})(?![\w'’-])(?!{GAP}{TOKEN})"
        )

    def find(self, text: str, by_end: dict[int, Candidate]) -> list[Candidate]:
        """People introduced by a title or an attribution, as candidates and blocked prefixes.

        ``by_end`` maps an end offset to the longest gazetteer or derived candidate ending
        there, to find the country word before a title.
        """
        hits: dict[tuple[int, int], _PersonHit] = {}
        blocks: list[Candidate] = []

        def add(
            start: int,
            end: int,
            role: str | None,
            country: str | None,
            lead: bool,
            single: bool = False,
        ) -> None:
            span = self._clean_name(text, start, end, strip_leading=lead, single=single)
            if span is None:
                return
            hit = hits.get(span)
            if hit is None:
                hits[span] = _PersonHit(*span, normalize(text[span[0] : span[1]]), role, country)
            else:
                hit.role = hit.role or role
                hit.country = hit.country or country

        for match in self._titled.finditer(text):
            title = normalize(match["title"])
            role = _TITLES.get(title, _TITLES.get(title.lower()))
            role = _ROLE_CASE.get(role.lower(), role) if role else None
            country, block_from = self._title_country(text, match.start(), by_end)
            add(match.start("name"), match.end("name"), role, country, lead=False)
            blocks.append(Candidate(block_from, match.start("name"), BLOCK, None))
        for match in self._one_named.finditer(text):
            # "King Gyanendra", "Emir Tamim": a ruler named by one name.
            title = normalize(match["title"])
            country, block_from = self._title_country(text, match.start(), by_end)
            add(match.start("name"), match.end("name"), title, country, lead=False, single=True)
            blocks.append(Candidate(block_from, match.start("name"), BLOCK, None))
        # Attributions: one scan for runs of capitalised words, then a look at either side.
        for match in _NAME_RUN.finditer(text):
            start, end = match.span()
            role = None
            if appositive := _APPOSITIVE_AFTER.match(text, end):
                words = normalize(appositive["role"]).split()
                if any(w in ROLE_NOUNS for w in words):
                    role = " ".join(words)
            if _SPEAKER_BEFORE.search(text, max(0, start - 16), start):
                add(start, end, role, None, lead=False)  # "said Laurence Broers"
            elif role or _WHO_AFTER.match(text, end) or _SPEECH_AFTER.match(text, end):
                add(start, end, role, None, lead=True)

        found = list(blocks)
        for hit in hits.values():
            ref = self._person(hit)
            if ref is not None:
                found.append(Candidate(hit.start, hit.end, PERSON_RULE, ref))
        return found

    def _title_country(
        self, text: str, title_start: int, by_end: dict[int, Candidate]
    ) -> tuple[str | None, int]:
        """The country a word before a title gives ("Armenian Prime Minister"), and where the
        span to block without a mention starts (the country word itself, or the title)."""
        pos = len(text[max(0, title_start - 80) : title_start].rstrip()) + max(0, title_start - 80)
        owner = _POSSESSIVE_BEFORE.search(text, max(0, pos - 2), pos)
        if owner:
            pos = owner.start()
        cand = by_end.get(pos)
        if cand is None:
            return None, title_start
        payload = cand.payload
        if isinstance(payload, SurfaceForm):
            if payload.kind in ("country", "demonym", "metonym"):
                return payload.name, cand.start
            if payload.kind == "capital":
                return payload.country, cand.start
            if payload.kind == "organization":
                org = self.gazetteer.organizations.get(payload.name)
                return (org.country if org else None), title_start
        if isinstance(payload, Ref):
            return payload.country, title_start
        return None, title_start

    def _clean_name(
        self, text: str, start: int, end: int, *, strip_leading: bool, single: bool = False
    ) -> tuple[int, int] | None:
        """The person-name span inside ``text[start:end]``, or None when it is no person's name."""
        tokens = [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text, start, end)]
        gaz = self.gazetteer
        if strip_leading:
            # "Yesterday Sevak Khachatryan", "Armenian Sevak Khachatryan": not part of the name.
            while tokens and (
                tokens[0][2] in STOP_WORDS
                or tokens[0][2] in PARTICLES
                or resolves_to_non_person(gaz, tokens[0][2])
            ):
                tokens.pop(0)
        kept: list[tuple[int, int, str]] = []
        for token in tokens:
            word = token[2]
            if word in STOP_WORDS:
                break
            if word in NON_PERSON_WORDS or (len(word) > 1 and word.isupper()):
                return None
            kept.append(token)
        while kept and kept[-1][2] in PARTICLES:
            kept.pop()
        if kept and _POSSESSIVE_END.search(kept[-1][2]):
            # "Vladimir Putin's": the name without its possessive.
            begin, finish, word = kept[-1]
            bare = _POSSESSIVE_END.sub("", word)
            kept[-1] = (begin, finish - (len(word) - len(bare)), bare)
        capitalised = [t for t in kept if t[2] not in PARTICLES]
        if not (1 if single else 2) <= len(capitalised) <= 4:
            return None
        span = (kept[0][0], kept[-1][1])
        whole = gaz.resolve(text[span[0] : span[1]])
        if whole is not None:
            return span if whole in gaz.people else None
        if any(resolves_to_non_person(gaz, t[2]) for t in capitalised):
            return None  # "George Washington", "Armenia Karabakh": a place is in it
        return span

    def _person(self, hit: _PersonHit) -> Ref | None:
        gaz = self.gazetteer
        canonical = gaz.resolve(hit.name)
        if canonical is None:
            return Ref(
                "actor", hit.name, ActorKind.PERSON, hit.role, hit.country, found=Found.CONTEXT
            )
        ref = self._gazetteer_ref(canonical)
        if ref is None or ref.kind is not ActorKind.PERSON:
            return None
        # The gazetteer's role and country are curated; the text fills gaps only.
        return Ref("actor", ref.name, ref.kind, ref.role or hit.role, ref.country or hit.country)
