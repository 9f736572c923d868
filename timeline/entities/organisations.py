"""Organisations and armed groups beyond the gazetteer: names by their shape, acronyms by the text.

**Shape.** A run of capitalised words with an organisation noun as its head is an organisation:
"the Rapid Support Forces", "the Sudanese Doctors Union", "the Karen National Union", "the
Syrian Observatory for Human Rights", "the 36th Separate Marine Brigade". Before the head, up to
five capitalised words (joined by spaces or "and"; an ordinal may lead); after it, a complement
of "of"/"for" and capitalised words ("Revolutionary Armed Forces of Colombia", "Democratic Forces
for the Liberation of Rwanda"); 2–8 capitalised words in all. A leading "the", stop words
("In", "Yesterday", months), a possessive owner ("Ukraine's") and a listed person ("Trump
Administration") are not part of the name. The head gives the kind:

- armed heads (Forces, Army, Brigade(s), Battalion, Regiment, Division, Corps, Militia, Guard,
  Legion, Fleet, Command, Units...): ``armed_force``;
- "Front" and "Movement": ``armed_force`` when a militant word is in the name ("National
  Liberation Front", "Sudan Liberation Movement"), else ``organization`` ("Polisario Front").
  In conflict reporting most are armed groups, but a party's "Front" is not, and the militant
  word is what tells them apart;
- the other heads (Ministry, Council, Party, Committee, Union, Agency, Office, Group, Court,
  Observatory...): ``organization``.

A country word before an armed head with only generic military words between ("Ukrainian
Ground Forces", "Syrian Arab Army", "Armed Forces of Ukraine") is the country's force, the
derived actor "Ukrainian forces" as for "Ukrainian troops". Another armed group gets no country:
the event layer reads a country on an armed force as a state actor. An organisation gets the
country of a leading country word ("Sudanese Doctors Union" → Sudan).

Not organisations: a run that is a gazetteer name (the gazetteer wins), a publication
("Washington Post", "Anadolu News Agency"), a place or thing ("Union Square", "West Bank", "Army
Base"), a run on a heading line. Found = context.

**Acronyms.** An acronym in brackets right after an organisation ("Rapid Support Forces (RSF)",
"(the RSF)") names it for the rest of the document; so does an all-capitals word of three letters
or more that spells the initials of an organisation the document names ("KNU" for "Karen
National Union", "JNIM" for "Jama'at Nusrat al-Islam wal-Muslimin"). Acronyms the gazetteer
lists resolve everywhere already.

The word lists are in ``timeline/data/context.toml`` (``[organisations]``, ``[acronyms]``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from timeline.entities.candidates import BLOCK, DERIVED, SHAPE, Candidate, Ref
from timeline.entities.lexicon import STOP_WORDS, context_list, table
from timeline.entities.names import TOKEN, word_matches
from timeline.gazetteer import Gazetteer, normalize
from timeline.models import ActorKind, Found
from timeline.text import WS, alternation, trie_pattern

__all__ = [
    "APPOSED_GROUP_AFTER",
    "QUALIFIER_AFTER",
    "OrganisationRules",
    "acronym_candidates",
    "initials",
    "is_attribution",
    "is_heading_line",
]

ARMED_HEADS = frozenset(context_list("organisations", "armed_heads"))
CONDITIONAL_HEADS = frozenset(context_list("organisations", "conditional_heads"))
MILITANT_WORDS = frozenset(context_list("organisations", "militant_words"))
ORGANISATION_HEADS = frozenset(context_list("organisations", "organisation_heads"))
GENERIC_MILITARY = frozenset(context_list("organisations", "generic_military"))
PUBLICATION_WORDS = frozenset(context_list("organisations", "publication_words"))
NOT_AFTER_HEAD = frozenset(context_list("organisations", "not_after_head"))
NAME_STARTS = frozenset(context_list("organisations", "name_starts"))
POSSESSIVES_IN_NAMES = frozenset(
    w.replace("’", "'") for w in context_list("organisations", "possessives_in_names")
)
NOT_WITH: dict[str, frozenset[str]] = {
    head: frozenset(words.split())
    for head, words in table("context")["organisations"]["not_with"].items()
}
LEADING_ARMED_HEADS = context_list("organisations", "leading_armed_heads")
LEADING_NOT_AFTER = frozenset(context_list("organisations", "leading_not_after")) | NOT_AFTER_HEAD
PLACE_LAST_WORDS = frozenset(context_list("organisations", "defined_not_after"))
SOURCE_HEADS = frozenset(context_list("sources", "source_heads"))
HEADS = ARMED_HEADS | CONDITIONAL_HEADS | ORGANISATION_HEADS | SOURCE_HEADS
_STOPS = STOP_WORDS - NAME_STARTS
_MIN_INFERRED = int(table("context")["acronyms"]["min_inferred_length"])
_SKIPPED = frozenset(context_list("acronyms", "skipped"))

_SP = r"[^\S\n]+"
_ORDINAL = r"\d{1,3}(?:st|nd|rd|th)"
# "the 400 Mawozo gang": up to three capitalised words (a number may lead) before a lower-case
# armed head (context.toml ``lower_case_armed_heads``).
_LOWER_HEADED = re.compile(
    rf"(?<![\w'’-])(?P<name>(?:(?:\d+|[A-Z][\w'’-]*){_SP}){{0,3}}[A-Z][\w'’-]*)"
    rf"{_SP}(?:{alternation(context_list('organisations', 'lower_case_armed_heads'))})(?![\w-])"
)
_TOKEN_RE = re.compile(TOKEN)
_ORDINAL_RE = re.compile(_ORDINAL)
# A head may carry a hyphenated complement: "Sudan People's Liberation Army-in-Opposition".
_HEAD_RE = re.compile(
    rf"(?P<head>{trie_pattern((h, False) for h in HEADS)})"
    rf"(?:-(?:in|of|for)-[A-Z][^\W\d_]*)?(?![\w'’-])"
)
_CONNECTOR = r"(?:of|for|and|the|de|du|des)"
# "on" too ("the United Nations Commission on Human Rights"), but never before a day or a month
# ("the Syrian Army on Sunday").
_WHEN = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April"
    r"|May|June|July|August|September|October|November|December)(?![\w'’-])"
)
_COMPLEMENT = re.compile(
    rf"{_SP}(?:of|for|on(?={_SP}(?!{_WHEN})))"
    rf"{_SP}(?:the{_SP})?{TOKEN}(?:{_SP}(?:{_CONNECTOR}{_SP}){{0,2}}{TOKEN}){{0,5}}"
)
_ON_COMPLEMENT = re.compile(rf"{_SP}on{_SP}")
# Heads whose name goes on with "on": bodies named for their subject.
_ON_HEADS = frozenset(
    ("Commission", "Committee", "Council", "Conference", "Convention", "Panel", "Board", "Office")
)
_COMPLEMENT_PART = re.compile(rf"{TOKEN}|(?<!\S){_CONNECTOR}(?!\S)")
_NEXT_TOKEN = re.compile(rf"{_SP}({TOKEN})")
_POSSESSIVE = re.compile(r"['’]s?$")
_ADJECTIVE = re.compile(r"\w-[a-z]")  # "Russian-occupied", "Kurdish-led"; not "al-Sham"
_DEFINED = re.compile(rf"[^\S\n]*\((?:the{_SP})?(?P<acronym>[A-Z][A-Za-z0-9&.-]{{0,10}}[A-Z0-9])\)")
# "in the Central African Republic" between a name and the acronym that defines it: part of
# the name ("the Union for Peace in the Central African Republic (UPC)").
_IN_PLACE_DEFINED = re.compile(
    rf"{_SP}in{_SP}(?:the{_SP})?{TOKEN}(?:{_SP}{TOKEN}){{0,3}}"
    rf"(?=[^\S\n]*\((?:the{_SP})?[A-Z][A-Za-z0-9&.-]{{0,10}}[A-Z0-9]\))"
)
# A qualifier in brackets right after a name, one capitalised word that is no acronym: part of
# the name, and (with or without a plural "s") a name of it after ("Communist Party of Nepal
# (Maoist)" ... "the Maoists", "Maoist fighters").
QUALIFIER_AFTER = re.compile(r"[^\S\n]*\((?P<q>[A-Z][a-z][\w'’-]{2,20})\)")
# Anywhere: an acronym in brackets that may define the name before it (`_defined_names`).
_DEFINED_ANYWHERE = re.compile(r"[^\S\n]\((?P<acronym>[A-Z][A-Z0-9&]{1,10}[A-Z0-9])\)")
_ARTICLE = re.compile(r"^(?:al|el|ad|as|an|ash|az|wal|wa)[-‐]", re.IGNORECASE)
# Lower-case words inside a name its acronym defines: "Liberation Tigers of Tamil Eelam".
_NAME_CONNECTORS = frozenset({"of", "for"})
# A heading: a Markdown heading, or a short line of capitalised words without a full stop.
_MARKDOWN_HEADING = re.compile(r"[^\S\n]*#{1,6}\s")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# An outlet or monitor as the source of a report: "(Reuters)", "told Reuters", "HRW said".
_SOURCE_BEFORE = re.compile(
    r"(?:\(|(?<![\w-])(?:"
    + alternation([w for w in context_list("sources", "before") if w != "("], space=WS)
    + rf")){WS}?(?:the{WS})?$",
    re.IGNORECASE,
)
_SOURCE_AFTER = re.compile(
    # An appositive's closing comma may come between: "The opposition group, Syrian
    # Observatory, said".
    r"(?:['’]s?)?(?:\)|[^\S\n]*(?:/|-)|,?[^\S\n]+"
    + alternation([w for w in context_list("sources", "after") if w not in ")/-"], space=WS)
    + r"(?![\w-]))"
)
# A leading head and up to four words of a transliterated name: "Aknaf Bait al-Maqdis",
# "Harakat Nour al-Din al-Zenki" (an "al-" word: al-Islam, ash-Sham, Al-Maqdis).
_AL_WORD = r"(?:[Aa][lnsdtrz]|[Aa]sh|[Ee]l|[Ww]al)[-‐][A-Z][\w'’-]*"
_LEADING = re.compile(
    rf"(?<![\w'’-])(?P<head>{trie_pattern((h, False) for h in LEADING_ARMED_HEADS)})"
    rf"(?P<rest>(?:{_SP}(?:{_AL_WORD}|[A-Z][\w'’-]*)){{1,4}})"
)
_AL_WORD_RE = re.compile(_AL_WORD)
_MAX_LEFT = 5
_MAX_HEADING = 160  # characters of a heading line, at most
_OPENERS = "“\"'‘«(["
_MAX_WORDS = 8
# "the Séléka, an alliance of mostly Muslim rebel groups": an appositive that makes the name
# before it an armed group (context.toml ``apposed_group_nouns``).
APPOSED_GROUP_AFTER = re.compile(
    rf",{_SP}(?:a|an){_SP}(?:[\w'’-]+{_SP}){{0,4}}?"
    rf"(?:(?:{alternation(context_list('organisations', 'apposed_group_nouns'), space=_SP)})"
    rf"|(?:alliance|coalition){_SP}of{_SP}[^,.;:\n]{{0,40}}?groups)(?![\w-])"
    # the noun heads the appositive: "a Meitei militia accused of", not "a militia commander"
    rf"(?=[,.;:)]|{_SP}(?:of|from|in|on|at|that|which|who|accused|based|active|linked|led"
    rf"|allied|loyal|known|with|operating|close|formed|founded|made)(?![\w-]))"
)
_APPOSED_NAME = re.compile(rf"(?:{TOKEN})(?:{_SP}(?:{_CONNECTOR}{_SP})?{TOKEN}){{0,3}}$")


def is_attribution(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is cited as a report's source: a dateline
    "(Reuters)", "told Reuters", "according to AFP", "Reuters reported", "a Reuters tally"."""
    return bool(
        _SOURCE_BEFORE.search(text[max(0, start - 40) : start]) or _SOURCE_AFTER.match(text, end)
    )


def is_heading_line(text: str, pos: int) -> bool:
    """Whether ``pos`` lies on a heading line: Markdown ``#``, or a short title-case line."""
    # Only a window is searched (a long line is no heading): linear in the text, however many
    # names a long one-line document holds.
    floor = max(0, pos - _MAX_HEADING)
    start = text.rfind("\n", floor, pos) + 1
    if start == 0 and floor > 0:
        return False
    end = text.find("\n", pos, pos + _MAX_HEADING)
    if end < 0:
        if pos + _MAX_HEADING < len(text):
            return False
        end = len(text)
    if _MARKDOWN_HEADING.match(text, start):
        return True
    line = text[start:end].strip()
    if not line or len(line) > 120 or line[-1] in '.:;,!?"”)':
        return False
    words = _WORD.findall(line)
    if len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def initials(name: str) -> str:
    """The initials an acronym of ``name`` would spell: "Karen National Union" → "KNU",
    "Jama'at Nusrat al-Islam wal-Muslimin" → "JNIM"."""
    letters = []
    for word in normalize(name).split():
        if word in _SKIPPED:
            continue
        word = _ARTICLE.sub("", word)
        if word[:1].isalpha():
            letters.append(word[0].upper())
    return "".join(letters)


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and upper * 2 >= len(letters) and len(word) <= 12


class OrganisationRules:
    """Finds organisations by their shape; build once per gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        # One-word names of listed people ("Trump", "Biden"): not the start of a name here.
        self._person_words = frozenset(
            word
            for name, person in gazetteer.people.items()
            for word in (name, *person.aliases)
            if " " not in word
        ) | frozenset(name.split()[-1] for name in gazetteer.people)
        # Country names and aliases (not demonyms): "of the Russian Federation".
        self._country_names = frozenset(
            word for name, entry in gazetteer.countries.items() for word in (name, *entry.aliases)
        )

    def find(self, text: str) -> list[Candidate]:
        """Organisation names by shape (found = context), and country forces by shape."""
        found: list[Candidate] = []
        last_end = -1
        for match in word_matches(_HEAD_RE, text, also="'’-"):
            if match.start() < last_end:
                continue  # inside the complement of the previous name
            cand = self._name_at(text, match.start(), match.end(), match["head"])
            if cand is not None:
                found.append(cand)
                last_end = cand.end
        found.extend(self._leading_names(text))
        found.extend(self._apposed_groups(text))
        found.extend(self._lower_headed(text))
        found.extend(self._defined_names(text))
        found.sort(key=lambda c: (c.start, -c.end))
        return found

    def _apposed_groups(self, text: str) -> Iterable[Candidate]:
        """Names an appositive calls an armed group (`APPOSED_GROUP_AFTER`): "the Séléka, an
        alliance of mostly Muslim rebel groups", "the Arambai Tenggol, a Meitei militia". Not
        a stop word, a listed name (the gazetteer's), a place or a person listed, a heading."""
        for match in APPOSED_GROUP_AFTER.finditer(text):
            end = match.start()
            name = _APPOSED_NAME.search(text, max(0, end - 60), end)
            if name is None:
                continue
            tokens = _TOKEN_RE.finditer(text, name.start(), end)
            words = [(m.start(), m.end(), m.group()) for m in tokens]
            while words and (words[0][2] in _STOPS or words[0][2] in self._person_words):
                words.pop(0)
            if not words or any(len(w) > 1 and w.isupper() for _, _, w in words):
                continue  # an acronym: the acronym rules say what it names
            cand = self._context_group(text, words[0][0], end)
            if cand is not None:
                yield cand

    def _lower_headed(self, text: str) -> Iterable[Candidate]:
        """Names of armed groups before a lower-case head: "the 400 Mawozo gang" → "400
        Mawozo"; not a demonym or country alone ("Haitian gangs"), a stop word, a listed
        person or a gazetteer name (matched there)."""
        for match in _LOWER_HEADED.finditer(text):
            words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", match["name"])]
            offset = match.start("name")
            while words and (words[0][2] in _STOPS or words[0][2] in self._person_words):
                words.pop(0)  # "The", "In", "Yesterday"
            if not words or all(self.gazetteer.country_of(w) for _, _, w in words):
                continue
            cand = self._context_group(text, offset + words[0][0], offset + words[-1][1])
            if cand is not None:
                yield cand

    def _context_group(self, text: str, start: int, end: int) -> Candidate | None:
        """``text[start:end]`` as an armed group found by context: not on a heading line, not
        a gazetteer name (matched there)."""
        if is_heading_line(text, start):
            return None
        name = normalize(text[start:end])
        if self.gazetteer.resolve(name) is not None:
            return None
        ref = Ref("actor", name, ActorKind.ARMED_FORCE, found=Found.CONTEXT)
        return Candidate(start, end, SHAPE, ref)

    def _defined_names(self, text: str) -> Iterable[Candidate]:
        """Names with no head that the text defines by an acronym of their initials: "Islamic
        State West Africa Province (ISWAP)" (longer than the listed "Islamic State", so it
        wins the span). A name that starts with a listed actor takes its kind; else a
        militant word makes it an armed group, and anything else an organisation. Not a
        listed name, not a name with a head (the shape rules have it), not a place ("Kurdistan
        Region of Iraq (KRI)")."""
        gaz = self.gazetteer
        for match in _DEFINED_ANYWHERE.finditer(text):
            acronym = match["acronym"]
            if not (_is_acronym(acronym) and len(acronym) >= _MIN_INFERRED):
                continue
            # "Liberation Tigers of Tamil Eelam (LTTE)": "of" and "for" inside the name.
            words = self._left_words(text, match.start() + 1, _NAME_CONNECTORS)
            for i in range(len(words) - 1):
                if words[i][2] in _STOPS or words[i][2] in ("and", "&", *_NAME_CONNECTORS):
                    continue
                span_start, span_end = words[i][0], words[-1][1]
                if initials(text[span_start:span_end]) != acronym.replace("&", ""):
                    continue
                kind = self._defined_kind([w for _, _, w in words[i:]])
                name = normalize(text[span_start:span_end])
                if (
                    kind is not None
                    and gaz.resolve(name) is None
                    and not is_heading_line(text, span_start)
                ):
                    ref = Ref("actor", name, kind, found=Found.CONTEXT)
                    yield Candidate(span_start, span_end, SHAPE, ref)
                break

    def _defined_kind(self, words: list[str]) -> ActorKind | None:
        """The kind of a name defined by its acronym (`_defined_names`), or None: no name."""
        if words[-1] in HEADS:
            return None  # the shape rules name it
        gaz = self.gazetteer
        for n in range(len(words) - 1, 0, -1):
            listed = gaz.actor(gaz.resolve(" ".join(words[:n])) or "")
            if listed is not None and listed.kind is not ActorKind.COUNTRY:
                return listed.kind  # "Islamic State West Africa Province"
        if words[-1] in PLACE_LAST_WORDS or any(
            w in PLACE_LAST_WORDS for w, nxt in pairwise(words) if nxt in _NAME_CONNECTORS
        ):
            # (a country's own name is listed: `_defined_names` drops it); "Kurdistan Region
            # of Iraq (KRI)" is a place too
            return None
        return ActorKind.ARMED_FORCE if MILITANT_WORDS & set(words) else ActorKind.ORGANIZATION

    def _leading_names(self, text: str) -> Iterable[Candidate]:
        """Transliterated names whose head leads: "Jaysh al-Islam", "Kata'ib Hezbollah"."""
        for match in _LEADING.finditer(text):
            words = [(m.start(), m.end()) for m in re.finditer(r"\S+", match["rest"])]
            offset = match.start("rest")
            al = [i for i, (a, b) in enumerate(words) if _AL_WORD_RE.fullmatch(match["rest"][a:b])]
            if al:
                words = words[: al[-1] + 1]  # up to the last "al-" word
            else:
                word = match["rest"][words[0][0] : words[0][1]]
                if word in LEADING_NOT_AFTER or word in HEADS:
                    continue  # "the Liwa Oasis"
                words = words[:1]
            end = offset + words[-1][1]
            if is_heading_line(text, match.start()):
                continue
            name = normalize(text[match.start() : end])
            if self.gazetteer.resolve(name) is not None:
                continue  # listed ("Jabhat al-Nusra"): matched there
            ref = Ref("actor", name, ActorKind.ARMED_FORCE, found=Found.CONTEXT)
            yield Candidate(match.start(), end, SHAPE, ref)

    # ── one head ──

    def _name_at(self, text: str, start: int, end: int, head: str) -> Candidate | None:
        nxt = _NEXT_TOKEN.match(text, end)
        complement = _COMPLEMENT.match(text, end)
        if complement is not None and head not in _ON_HEADS and _ON_COMPLEMENT.match(text, end):
            complement = None  # "the Russian Army on Kyiv": an assault's target, no name
        if nxt and not complement:
            if nxt.group(1) in HEADS:
                return None  # "Guard Corps": the later head makes the name
            if nxt.group(1) in NOT_AFTER_HEAD:
                return None  # "Union Square", "Army Base"
        left = self._left_words(text, start)
        owner: str | None = None
        for i in range(len(left) - 1, -1, -1):
            word = left[i][2].replace("’", "'")
            if _POSSESSIVE.search(word) and word not in POSSESSIVES_IN_NAMES:
                owner = self.gazetteer.country_of(word)  # "Ukraine's 36th ... Brigade"
                del left[: i + 1]
                break
        while left:
            word = left[0][2]
            if word in ("and", "&") or word in _STOPS or word in self._person_words:
                left.pop(0)  # "In", "Yesterday", "Trump Administration"
            else:
                break
        right: list[tuple[int, int, str]] = []
        if complement:
            right = self._cut_after_country(self._complement_words(complement, start=end))
        words = [w for _, _, w in left] + [head] + [w for _, _, w in right]
        capitalised = [w for w in words if w[:1].isupper() or w[:1].isdigit()]
        if not 2 <= len(capitalised) <= _MAX_WORDS:
            return None
        if not right and all(w in GENERIC_MILITARY for w in words[:-1]):
            return None  # "Armed Forces", "Air Force": whose is not said
        if any(w in PUBLICATION_WORDS for w in words):
            return None
        if len(words) == 2 and words[0] in NOT_WITH.get(head, ()):
            return None  # "West Bank", "Eastern Front"
        span_start = left[0][0] if left else start
        span_end = right[-1][1] if right else end
        where = _IN_PLACE_DEFINED.match(text, span_end)
        if where is not None:
            span_end = where.end()  # "Union for Peace in the Central African Republic (UPC)"
        qualifier = QUALIFIER_AFTER.match(text, span_end)
        if qualifier is not None:
            span_end = qualifier.end()  # "Communist Party of Nepal (Maoist)": part of its name
        name = normalize(text[span_start:span_end])
        gaz = self.gazetteer
        if gaz.resolve(name) is not None:
            return None  # the gazetteer's own name (or a derived one): matched there
        for i in range(1, min(len(left), 3) + 1):
            if gaz.country_of(" ".join(w for _, _, w in left[:i])):
                rest = left[i][0] if i < len(left) else start
                listed = gaz.resolve(normalize(text[rest:span_end]))
                if listed in gaz.organizations:
                    # "United States Department of Defense": the listed "Department of Defense".
                    ref = Ref("actor", listed, *self._listed(listed))
                    return Candidate(span_start, span_end, SHAPE, ref)
        if is_heading_line(text, span_start):
            return None
        pre = [w for _, _, w in left]
        post = [w for _, _, w in right]
        if head in SOURCE_HEADS and is_attribution(text, span_start, span_end):
            return Candidate(span_start, span_end, BLOCK, None)  # "the Observatory said"
        if head in ARMED_HEADS:
            country = self._country_force(pre, post)
            if country is not None:
                ref = Ref(
                    "actor",
                    gaz.armed_force_name(country),
                    ActorKind.ARMED_FORCE,
                    country=country,
                )
                return Candidate(span_start, span_end, DERIVED, ref)
            kind = ActorKind.ARMED_FORCE
            # "National Guard of Russia": a state's force; "Revolutionary Armed Forces of
            # Colombia" (a militant word): not.
            country = None if MILITANT_WORDS & set(words) else self._country_of_complement(post)
        elif head in CONDITIONAL_HEADS:
            armed = bool(MILITANT_WORDS & set(words))
            kind = ActorKind.ARMED_FORCE if armed else ActorKind.ORGANIZATION
            country = None if armed else (owner or (gaz.country_of(pre[0]) if pre else None))
        elif qualifier is not None and qualifier["q"] in MILITANT_WORDS:
            # "Communist Party of Nepal (Maoist)": a party that took up arms
            kind, country = ActorKind.ARMED_FORCE, None
        else:
            kind = ActorKind.ORGANIZATION
            country = owner or (gaz.country_of(pre[0]) if pre else None)
        ref = Ref("actor", name, kind, country=country, found=Found.CONTEXT)
        return Candidate(span_start, span_end, SHAPE, ref)

    def _country_force(self, pre: list[str], post: list[str]) -> str | None:
        """The country of "Ukrainian Ground Forces", "Armed Forces of Ukraine"; else None."""
        gaz = self.gazetteer
        if pre and all(w in GENERIC_MILITARY for w in pre[1:]) and not post:
            return gaz.country_of(pre[0])
        if post and all(w in GENERIC_MILITARY for w in pre):
            words = [w for w in post if w not in ("of", "the")]
            return gaz.country_of(" ".join(words)) if words else None
        return None

    def _listed(self, name: str) -> tuple[ActorKind, None, str | None]:
        org = self.gazetteer.organizations[name]
        return ActorKind(org.kind), None, org.country

    def _cut_after_country(self, parts: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """ "Communist Party of the Russian Federation Gennady Zyuganov": a country's name ends
        the complement when more capitalised words follow it."""
        names = self._country_names
        for i, (_, _, word) in enumerate(parts):
            if not word[:1].isupper():
                continue
            for n in (3, 2, 1):
                run = parts[i : i + n]
                if len(run) < n or not all(w[:1].isupper() for _, _, w in run):
                    continue
                after = parts[i + n] if i + n < len(parts) else None
                if after and after[2][:1].isupper() and " ".join(w for *_, w in run) in names:
                    return parts[: i + n]
            break  # only the first run of capitalised words is looked at
        return parts

    def _country_of_complement(self, post: list[str]) -> str | None:
        if len(post) < 2 or post[0] != "of":
            return None
        words = [w for w in post[1:] if w != "the"]
        return self.gazetteer.country_of(" ".join(words)) if words else None

    @staticmethod
    def _left_words(
        text: str, start: int, connectors: frozenset[str] = frozenset()
    ) -> list[tuple[int, int, str]]:
        """The capitalised words (and "and", and any of ``connectors``: "of", "for") right
        before ``start`` on its line, in order; never starting on a connector."""
        words: list[tuple[int, int, str]] = []
        pos = start
        floor = max(0, start - 160)
        floor = text.rfind("\n", floor, start) + 1 or floor
        while len(words) < _MAX_LEFT + 2:
            j = pos
            while j > floor and text[j - 1] in " \t\xa0":
                j -= 1
            if j == pos or j <= floor:
                break
            k = j
            while k > floor and not text[k - 1].isspace():
                k -= 1
            word = text[k:j]
            opened = word.lstrip(_OPENERS)
            if opened != word:
                # “Rapid Support Forces”: the quoted name begins here.
                if _TOKEN_RE.fullmatch(opened):
                    words.insert(0, (j - len(opened), j, opened))
                break
            if _ORDINAL_RE.fullmatch(word):
                words.insert(0, (k, j, word))
                break  # an ordinal leads the name: "36th Separate Marine Brigade"
            if (
                word in ("and", "&")
                or word in connectors
                or (_TOKEN_RE.fullmatch(word) and not _ADJECTIVE.search(word))
            ):
                words.insert(0, (k, j, word))
                pos = k
            else:
                break  # punctuation, a lower-case word, "Turkish-backed"
        while words and (words[0][2] in ("and", "&") or words[0][2] in connectors):
            words.pop(0)
        return words[-_MAX_LEFT:]

    @staticmethod
    def _complement_words(match: re.Match[str], start: int) -> list[tuple[int, int, str]]:
        """The words of "of/for ..." after a head, up to a stop word, without trailing
        connectors; empty when no capitalised word remains."""
        parts: list[tuple[int, int, str]] = []
        for part in _COMPLEMENT_PART.finditer(match.string, match.start(), match.end()):
            word = part.group()
            if word in _STOPS or (word == "the" and parts and parts[-1][2] == "and"):
                break  # "Ministry of Defence of Armenia and the Foreign Ministry": two names
            if _ADJECTIVE.search(word):
                break  # "Armed Forces of Ukraine ... Russian-occupied": an adjective
            if _POSSESSIVE.search(word) and word[:1].isupper():
                end = part.start() + len(_POSSESSIVE.sub("", word))
                parts.append((part.start(), end, word[: end - part.start()]))
                break
            parts.append((part.start(), part.end(), word))
        while parts and not parts[-1][2][:1].isupper():
            parts.pop()
        if not any(w[:1].isupper() for _, _, w in parts):
            return []
        return parts


ACRONYM_RE = re.compile(r"(?P<first>[A-Z][A-Za-z0-9&]{0,10}[A-Z0-9])(?:-[A-Z0-9]{1,6})?(?!\w)")
"""Where an acronym may stand in text: "RSF", "JNIM", "M23", "SPLA-IO" (its ``first`` part,
"SPLA", when only that is defined); search it with `word_matches` (``also="-"``)."""


def acronym_candidates(
    text: str, gazetteer: Gazetteer, orgs: Iterable[Candidate], present: frozenset[str]
) -> dict[str, Ref]:
    """Acronyms this document gives its organisations: defined in brackets after a name, or
    spelling the initials of one (three letters or more). ``orgs`` are the organisation
    mentions chosen in the document; ``present`` the acronym-like words of the text (what
    `ACRONYM_RE` finds). The gazetteer's own acronyms are left to it."""
    wanted: dict[str, Ref] = {}
    inferred: dict[str, Ref] = {}
    for cand in orgs:
        ref = cand.payload
        if not isinstance(ref, Ref) or cand.priority == DERIVED:
            continue
        defined = _DEFINED.match(text, cand.end)
        if defined and _is_acronym(defined["acronym"]):
            acronym = defined["acronym"]
            if gazetteer.resolve(acronym) is None:
                wanted.setdefault(acronym, ref)
        for name in (ref.name, text[cand.start : cand.end]):
            acronym = initials(name)
            if (
                len(acronym) >= _MIN_INFERRED
                and acronym in present
                and acronym not in inferred
                and gazetteer.resolve(acronym) is None
            ):
                inferred[acronym] = ref
    for acronym, ref in inferred.items():
        wanted.setdefault(acronym, ref)
    return wanted
