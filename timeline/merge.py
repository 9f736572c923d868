"""One event per happening: the corpus-level pass over per-document mentions (issue 10).

`timeline.events.analyze` makes one *mention* per dated happening of a document (an `Event` with
one `Source`). The same happening is often told more than once — in the lead and the body of
one article, in four articles of a corpus — with dates at different precisions and different
figures. `merge_mentions` groups the mentions of one happening into one event:

* **Dates must be compatible**: the intervals overlap and the coarser one contains the finer
  ("in February 2022" contains "24 February 2022"; 24 and 25 February are two happenings; a
  whole month contains "late August", known to the month as well).
* **The words must agree**: the content words of the two headlines (the clause less its date
  and who said it, `_without_speaker`, cut to four-letter stems so "invaded" meets
  "invasion"; a word of a synonym group, or one sharing a synonym's stem of five letters or
  more, counts as the group's; when a headline was cut for length, the rest of its clause
  counts too, `_clause`) overlap by a share that grows as the dates get coarser; a
  shared actor or place is also needed unless the wording alone is close (naming sides and
  none in common counts against). A town changes hands once a day: the same change of
  territory at the same place on the same day needs no common wording (a mention naming no
  place is of its document's home place; a place named only to locate another, "north of
  Mariupol", is not the place changing hands).
* **Nothing contradicts**: two mentions with different sub-event types ("Air/drone strike" and
  "Shelling/artillery/missile attack") are two happenings, however close their words; the
  two ways a place changes hands by force ("Government regains territory", "Non-state actor
  overtakes territory") do not contradict each other (merge.toml ``[compatible]``).
* **Every member agrees with every other** (complete linkage): a chain of near-matches never
  merges two distinct happenings of the same day through a third. A mention that could join
  several joins one with a member of its own sub-event type (or its group's) first, then the
  closest in words. Mentions known to the week or the month ("in November") are placed
  last: each joins the happening it tells best, agreeing with one member and contradicted by
  none, though it may want evidence with a member at another precision (a vague telling
  cannot reach every telling of the day).

The merged event's singular fields (`document`, `expression`, `sentences`, `casualties`,
`headline`, `mentions`) are those of its primary mention: the most precise date, then the
earliest-published document, then the document path, a date written with its number before
one worked out ("A day later on 26 November 2018"), and position. Two date phrases of one
sentence giving the same day are one happening (merge.toml ``[one_sentence]``). `sources`
lists every mention, primary first, each with the figures it states: conflicting figures stay
side by side, never summed. Actors and places are the union of the mentions'.

The event id is the smallest mention id (each mention's id hashes its document and the span of
its date, `timeline.events.event_id`), so it does not depend on the order files are read in; a
later file can only change it by adding a mention with a smaller id, and `mention_ids` keeps
every mention's id so a saved selection finds the event again either way.

Blocking keeps this near-linear: mentions are compared only with mentions whose dates overlap,
swept in date order, and coarse mentions (a year or more) only with each other's few
candidates.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

from timeline.geocode import finest
from timeline.models import Actor, ActorKind, Event, Place, Precision
from timeline.text import words

__all__ = [
    "MentionFeatures",
    "mention_features",
    "merge_mentions",
    "same_happening",
    "why_apart",
]

_PRECISION_RANK = {p: i for i, p in enumerate(Precision)}
_WORD = re.compile(r"[^\W\d_]{3,}")
# How far into a headline a reporting verb may stand to be read as who said it.
_ATTRIBUTION_REACH = 120
# Where the speaker's clause starts: after a comma and its conjunction ("The offensive began
# on 3 May, when the commander announced ..." names the speaker after "when").
_CLAUSE_START = re.compile(
    r"[,;:]\s*(?:(?:when|as|and|after|while|before|but|then|where)\s+)?", re.IGNORECASE
)


@dataclass(frozen=True)
class _Config:
    stop: frozenset[str]
    synonyms: dict[str, str]  # a word of merge.toml's synonyms → its group's first word
    stems: dict[str, list[tuple[str, str]]]  # five letters → (a synonym's stem, its group)
    needed: dict[Precision, float]
    bonus: dict[str, float]
    floor: float
    alone: float
    home_share: float
    clause_shared: int  # words two whole clauses must share to count (`_wording`)
    killed_apart: float  # one document's two killed figures this far apart: two happenings
    once_a_day: frozenset[str]  # sub-event types a place sees at most once a day
    kinds: dict[str, str]  # a sub-event type → its group of compatible types (merge.toml)
    phrases: re.Pattern[str] | None  # phrases read as one word ("resumed control")
    phrase_words: dict[str, str]
    apart_marks: tuple[str, ...]  # between two phrases of one sentence: two happenings
    same_day: re.Pattern[str]  # "the same day": another happening of that day
    clause_end: re.Pattern[str]  # where a clause a headline was cut in ends (merge.toml)
    said: re.Pattern[str]  # a reporting verb: who said it is not what happened
    compounds: dict[str, str]  # a word that says two ("northeast") → the two
    landmark: re.Pattern[str]  # before a place named only to locate another ("north of")


@cache
def _config() -> _Config:
    """``timeline/data/merge.toml``: stop words, evidence needed by precision, bonuses."""
    raw = resources.files("timeline").joinpath("data/merge.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    return _Config(
        stop=words(data["stop_words"]),
        synonyms={w: group.split()[0] for group in data["synonyms"] for w in group.split()},
        stems=_synonym_stems(data["synonyms"]),
        needed={p: float(data["evidence_needed"].get(p.value, 9.0)) for p in Precision},
        bonus={k: float(v) for k, v in data["bonus"].items()},
        floor=float(data["thresholds"]["wording_floor"]),
        alone=float(data["thresholds"]["wording_alone"]),
        home_share=float(data["thresholds"]["home_share"]),
        clause_shared=int(data["thresholds"]["clause_shared"]),
        killed_apart=float(data["thresholds"]["killed_apart_ratio"]),
        once_a_day=frozenset(data["once_a_day"]["sub_event_types"]),
        kinds={t: group[0] for group in data["compatible"]["sub_event_types"] for t in group},
        phrases=_phrase_pattern(data.get("phrases", {})),
        phrase_words={" ".join(k.lower().split()): v for k, v in data.get("phrases", {}).items()},
        apart_marks=tuple(data["one_sentence"]["apart_marks"]),
        same_day=re.compile(data["same_day"]["phrase"], re.IGNORECASE),
        clause_end=re.compile(
            "|".join(f"(?:{mark})" for mark in data["clause"]["ends"]), re.IGNORECASE
        ),
        said=re.compile(
            r"\b(?:" + "|".join(data["reporting"]["verbs"]) + r")\s+(?:that\s+)?",
            re.IGNORECASE,
        ),
        compounds={k.lower(): v.lower() for k, v in data.get("compounds", {}).items()},
        landmark=re.compile(
            r"(?:" + "|".join(data["once_a_day"]["landmark_before"]) + r")\s*$", re.IGNORECASE
        ),
    )


# A synonym's stem needs this many letters to stand for the words that start with it.
_STEM_LETTERS = 5


def _synonym_stems(groups: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Each synonym's stem (less a final "e" or "y": "liberat", "occup", "shell") of at least
    `_STEM_LETTERS` letters, with its group, by its first five letters."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for group in groups:
        first = group.split()[0]
        for word in group.split():
            stem = word[:-1] if word.endswith(("e", "y")) else word
            if len(stem) >= _STEM_LETTERS:
                found[stem[:_STEM_LETTERS]].append((stem, first))
    return dict(found)


def _synonym(word: str, config: _Config) -> str | None:
    """The synonym group ``word`` is of: it is a word of the group, or starts with one's
    stem of five letters or more ("shelled" is "shell"'s, "shelter" no one's)."""
    group = config.synonyms.get(word)
    if group is not None or len(word) < _STEM_LETTERS:
        return group
    for stem, first in config.stems.get(word[:_STEM_LETTERS], ()):
        if word.startswith(stem):
            return first
    return None


def _phrase_pattern(phrases: dict[str, str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    longest = sorted(phrases, key=len, reverse=True)
    words = "|".join(r"\s+".join(map(re.escape, p.split())) for p in longest)
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def _without_speaker(text: str) -> str:
    """``text`` less who said it: its reporting verb ("announced that") and the speaker
    before it, back to the start of the verb's own clause: "Security sources told AFP that
    the Army took Tadamon" is about taking Tadamon; "The offensive began on 3 May, when the
    commander announced an assault" still tells the offensive."""
    said = _config().said.search(text)
    if said is None or said.start() > _ATTRIBUTION_REACH:
        return text
    kept = ""  # the clauses before the speaker's, with the mark that ends them
    for clause in _CLAUSE_START.finditer(text, 0, said.start()):
        kept = text[: clause.start() + 1] + " "
    return kept + text[said.end() :]


# A headline cut at its length ends with this mark (`timeline.events.headline`).
_CUT = "…"
# How many of a cut headline's last words find where it was cut in its sentence.
_CUT_WORDS = 3


def _clause(event: Event) -> str:
    """The words a mention tells its happening in: its headline, and when that was cut for
    length ("Russia announced it was…"), the rest of its clause from the sentence, up to the
    clause's end (merge.toml ``[clause]``): "Russia announced it was withdrawing its forces
    from the Kyiv area" shares "withdraw" and "forces" with another telling of that day."""
    line = event.headline
    if not line.endswith(_CUT):
        return line
    kept = line[: -len(_CUT)]
    tail = re.findall(r"\w+", kept)[-_CUT_WORDS:]
    if not tail:
        return kept
    words = " ".join(tail)
    at = event.expression.start
    own = [s for s in event.sentences if s.start <= at < s.end] or event.sentences[:1]
    for sentence in own:
        # Mostly written as the headline has it; else with other marks between the words
        # (the headline drops Markdown): a pattern, compiled only then.
        found = sentence.text.find(words)
        if found >= 0:
            cut = found + len(words)
        else:
            match = re.search(r"\W+".join(map(re.escape, tail)), sentence.text)
            if match is None:
                continue
            cut = match.end()
        rest = sentence.text[cut:]
        stop = _config().clause_end.search(rest)
        rest = rest[: stop.start()] if stop is not None else rest
        # The date is no word of the happening ("... in the northeast in September").
        return kept + rest.replace(event.expression.text, " ")
    return kept


def _stems(text: str) -> frozenset[str]:
    text = _without_speaker(text)
    config = _config()
    if config.phrases is not None:
        text = config.phrases.sub(
            lambda m: config.phrase_words[" ".join(m[0].lower().split())], text
        )
    found: set[str] = set()
    for word in _WORD.findall(text):
        found.update(_word_stems(word.lower()))
    return frozenset(found)


@lru_cache(maxsize=16384)
def _word_stems(word: str) -> tuple[str, ...]:
    """What one lowercased word adds to `_stems`: its parts' synonym groups or first four
    letters, less stop words. Cached: a corpus uses the same few thousand words again."""
    config = _config()
    return tuple(
        _synonym(part, config) or part[:4]
        for part in config.compounds.get(word, word).split()
        if part not in config.stop
    )


class MentionFeatures(NamedTuple):
    """What the corpus-level pass reads of one mention, worked out from the mention alone
    (`mention_features`): a pool's worker works them out beside its extraction and sends them
    with the events, so that the parent, alone after the last worker is done, only reads
    them (`merge_mentions`' ``features``). Plain sets of strings: cheap to send."""

    stems: frozenset[str]  # its headline's
    clause: frozenset[str]  # its whole clause's (`_clause`): the headline's and more
    actors: frozenset[str]
    people: frozenset[str]
    places: frozenset[str]
    changed: frozenset[str]  # the places it names other than as landmarks (`_landmarks`)
    regions: frozenset[str]  # "UA.Kherson region": where a place lies, for nearby places
    codes: frozenset[str]  # the countries its places lie in, by name
    countries: frozenset[str]  # the countries it names as places
    rank: tuple[int, date, str, int]  # primary first
    # What every comparison (`_apart`) asks of the event, read once: its document's id, its
    # sub-event type's group (`_kind`) and whether its dates are one whole month or year.
    document: str
    kind: str | None
    whole: bool


def mention_features(event: Event) -> MentionFeatures:
    """`MentionFeatures` of one mention: a function of the event alone (its document's home
    place, which depends on the document's other mentions, is not among them)."""
    stems = _stems(event.headline)
    clause = _clause(event)
    places = frozenset(p.name for p in event.places)
    return MentionFeatures(
        stems=stems,
        clause=_stems(clause) if clause != event.headline else stems,
        actors=_sides(event.actors),
        people=frozenset(a.name for a in event.actors if a.kind is ActorKind.PERSON),
        places=places,
        # Read only where the once-a-day rule can ask (`_apart`).
        changed=places - _landmarks(event)
        if event.sub_event_type in _config().once_a_day
        else places,
        regions=_regions(event.places),
        codes=frozenset(p.country for p in event.places if p.country),
        # A country counts only when the mention names no finer place: "the Russian Navy
        # attacked Snake Island" in "the invasion of Ukraine" is no nearer to Chernobyl.
        countries=frozenset(p.name for p in event.places if p.name == p.country)
        if all(p.name == p.country for p in event.places)
        else frozenset(),
        rank=(
            _PRECISION_RANK[event.precision],
            event.document.published or date.max,
            event.document.path,
            event.expression.start,
        ),
        document=event.document.id,
        kind=_kind(event.sub_event_type),
        whole=_whole_unit(event),
    )


@dataclass(slots=True)
class _Mention:
    """A mention as the pass compares it: the event, its document's home place, and its
    `MentionFeatures` (the fields after ``home_regions``, in that tuple's order)."""

    event: Event
    home: frozenset[str]  # its document's most named place, if it names none
    home_regions: frozenset[str]
    stems: frozenset[str]
    clause: frozenset[str]
    actors: frozenset[str]
    people: frozenset[str]
    places: frozenset[str]
    changed: frozenset[str]
    regions: frozenset[str]
    codes: frozenset[str]
    countries: frozenset[str]
    rank: tuple[int, date, str, int]
    document: str
    kind: str | None
    whole: bool

    @classmethod
    def of(
        cls, event: Event, home: Sequence[Place] = (), features: MentionFeatures | None = None
    ) -> _Mention:
        """``event`` with ``home`` (its document's home places, `_homes`) and its features
        (worked out here when not given)."""
        if features is None:
            features = mention_features(event)
        return cls(event, frozenset(p.name for p in home), _regions(home), *features)


def _landmarks(event: Event) -> frozenset[str]:
    """The places ``event`` names only to locate another (merge.toml ``[once_a_day]
    landmark_before``): "Russian troops captured the village of Sartana, north of Mariupol"
    is no change of hands in Mariupol."""
    pattern = _config().landmark
    seen: dict[str, bool] = {}  # place → named only as a landmark so far
    for mention in event.mentions:
        if mention.entity != "place":
            continue
        sentence = next((s for s in event.sentences if s.start <= mention.start < s.end), None)
        before = sentence.text[: mention.start - sentence.start] if sentence else ""
        landmark = bool(pattern.search(before[-40:]))
        seen[mention.name] = seen.get(mention.name, True) and landmark
    return frozenset(name for name, only in seen.items() if only)


def _sides(actors: Iterable[Actor]) -> frozenset[str]:
    """The sides ``actors`` name (not their people): each by its name, and a state's armed
    force also by its state ("Ukrainian forces launched ..." and "Ukraine announced ..." name
    one side)."""
    sides = set()
    for actor in actors:
        if actor.kind is ActorKind.PERSON:
            continue
        sides.add(actor.name)
        if actor.kind is ActorKind.ARMED_FORCE and actor.country:
            sides.add(actor.country)
    return frozenset(sides)


def _regions(places: Iterable[Place]) -> frozenset[str]:
    return frozenset(f"{p.country_code}.{p.admin1}" for p in places if p.admin1 is not None)


def _homes(mentions: Sequence[Event]) -> dict[str, list[Place]]:
    """Each document's most named place over its mentions (ties: all of them), if it is
    named in a good share of the mentions that name a place (merge.toml ``home_share``): an
    article on a battle names its town throughout; an overview of a whole war names Crimea,
    Donbas and Kherson by turns, and has no home place to lend a mention naming none."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    placed: Counter[str] = Counter()  # mentions naming a place, by document
    named: dict[str, Place] = {}
    for event in mentions:
        if event.places:
            placed[event.document.id] += 1
        for place in event.places:
            if place.name != place.country:  # a country is no document's home
                counts[event.document.id][place.name] += 1
                named[place.name] = place
    share = _config().home_share
    homes: dict[str, list[Place]] = {}
    for document, count in counts.items():
        top = max(count.values())
        if top >= share * placed[document]:
            homes[document] = [named[name] for name, n in count.items() if n == top]
    return homes


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return _share(len(a & b), a, b)


def _share(common: int, a: frozenset[str], b: frozenset[str]) -> float:
    """The Jaccard index of ``a`` and ``b`` given their ``common`` words: the union is
    counted, not built (the pass compares hundreds of thousands of pairs)."""
    return common / (len(a) + len(b) - common) if a and b else 0.0


def _wording(a: _Mention, b: _Mention) -> float:
    """How alike two mentions are worded: their headlines' share of words in common, or
    their whole clauses' when a headline was cut before the words they share (the better:
    a long clause's words in common are a smaller share of all its words)."""
    headlines = _jaccard(a.stems, b.stems)
    if a.clause is a.stems and b.clause is b.stems:
        return headlines
    common = len(a.clause & b.clause)
    if common < _config().clause_shared:
        return headlines  # a few common words of two long clauses are chance
    return max(headlines, _share(common, a.clause, b.clause))


def _whole_unit(event: Event) -> bool:
    """Whether the event's dates are one whole month or one whole year ("August 2022", not
    "late August" or "from March to May"), at the month's or the year's precision."""
    start, end = event.start, event.end
    if event.precision is Precision.MONTH:
        following = date(end.year + end.month // 12, end.month % 12 + 1, 1)
        return (
            start.day == 1
            and (start.year, start.month) == (end.year, end.month)
            and (following - end).days == 1
        )
    if event.precision is Precision.YEAR:
        return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and (
            start.year == end.year
        )
    return False


def _dates_compatible(a: _Mention, b: _Mention) -> bool:
    """Overlapping, and the coarser date contains the finer; two dates at the same precision
    (two ranges of days) must cover mostly the same days: a 29 March is not "the battle
    lasted from 25 February to 2 April"."""
    # (What each mention knows of its own dates is read once: every pair compared asks.)
    ea, eb = a.event, b.event
    if ea.start > eb.end or eb.start > ea.end:
        return False
    rank_a, rank_b = a.rank[0], b.rank[0]
    if rank_a == rank_b and a.whole != b.whole:
        outer, inner = (ea, eb) if a.whole else (eb, ea)
        return outer.start <= inner.start and inner.end <= outer.end
    if rank_a == rank_b:
        overlap = (min(ea.end, eb.end) - max(ea.start, eb.start)).days + 1
        union = (max(ea.end, eb.end) - min(ea.start, eb.start)).days + 1
        return overlap / union >= 0.5
    outer, inner = (ea, eb) if rank_a > rank_b else (eb, ea)
    return outer.start <= inner.start and inner.end <= outer.end


def _same(a: _Mention, b: _Mention) -> bool:
    return _apart(a, b) is None


def _apart(a: _Mention, b: _Mention, explain: bool = False) -> str | None:
    """Why two mentions are two happenings, or None when they are one (see `_same`).
    Want of wording or evidence is said with its figures only when asked to ``explain``
    (`why_apart`): the pass only asks which rule it was, of most of the pairs it compares,
    and formatting them cost it a sixth of its time."""
    ea, eb = a.event, b.event
    if ea.id == eb.id:
        return "one mention"
    if not _dates_compatible(a, b):
        return "dates"
    if _contradict(a.kind, b.kind):
        return "types"
    one_document = a.document == b.document
    if one_document and ea.expression.start == eb.expression.start:
        return "one date phrase"
    config = _config()
    if one_document and _one_sentence_one_day(ea, eb, config):
        return None  # "A day later on 26 November 2018", "On February 28, ... that day"
    if one_document and any(config.same_day.fullmatch(e.expression.text.strip()) for e in (ea, eb)):
        return "the same day"  # "The same day, the army took 2,000 fighters prisoner"
    if one_document and _tolls_apart(ea, eb, config.killed_apart):
        return "figures"
    # The coarser precision; the first on a tie, as max() gives it.
    coarser = ea.precision if a.rank[0] >= b.rank[0] else eb.precision
    wording = _wording(a, b)
    same_place = bool(a.places & b.places)
    near = same_place or bool(a.regions & b.regions) or _in_country(a, b)
    if not near and one_document and not (a.places and b.places):
        # In one document, a mention that names no place is of the document's place ("The
        # Drama Theatre was hit on 16 March" in an article on Mariupol): near, not the same.
        near = bool((a.places or a.home) & (b.places or b.home))
    if a.places and b.places and not near and wording < config.alone:
        return "places"  # told of two different places: only if worded alike
    if not one_document and wording < config.alone and not _may_be_near(a, b):
        # Across documents, a mention that names no place is of its document's place (an
        # article on Kherson says "the railway station"): the same day and side are not
        # enough to make it one with a happening in Mariupol.
        return "documents' places"
    # Evidence: the wording, and what the two mentions name in common. A person named in
    # both on the same day is strong evidence ("Fomin announced" twice on 29 March).
    evidence = wording
    evidence += config.bonus["person"] if a.people & b.people else 0.0
    if a.actors and b.actors:
        # Sides named by both, in common or none: "Ukraine launched its counteroffensive"
        # and "Russian forces began attacking" that day are two sides' doings.
        evidence += config.bonus["actor" if a.actors & b.actors else "other_sides"]
    evidence += config.bonus["place"] if same_place else config.bonus["region"] if near else 0.0
    # A mention naming no place is of its document's home place: "the last defenders
    # surrendered" in an article on Mariupol is Mariupol's change of hands.
    changed = bool(a.changed & b.changed)
    homed = not changed and bool((a.changed or a.home) & (b.changed or b.home))
    once = (
        (changed or homed)
        and coarser is Precision.DAY
        and ea.sub_event_type in config.once_a_day
        and eb.sub_event_type in config.once_a_day
        and a.kind == b.kind
    )
    if once:
        # A town changes hands once a day: "the fall of Izium" and "Ukrainian forces retook
        # Kupiansk and Izium" that day are one happening in other words.
        evidence += config.bonus["same_change"] + (config.bonus["place"] if homed else 0.0)
    elif wording < config.floor:
        return f"wording {wording:.2f}" if explain else "wording"
    if evidence < config.needed[coarser]:
        if not explain:
            return "evidence"
        return f"evidence {evidence:.2f} < {config.needed[coarser]:.2f} ({coarser.value})"
    return None


def _killed(event: Event) -> tuple[int, int] | None:
    """The bounds of the killed figures ``event`` states (None when it states none)."""
    counts = [
        (c.low if c.low is not None else c.count, c.high if c.high is not None else c.count)
        for c in event.casualties
        if c.outcome in ("killed", "dead")
    ]
    if not counts:
        return None
    return min(lo for lo, _ in counts), max(hi for _, hi in counts)


def _tolls_apart(a: Event, b: Event, ratio: float) -> bool:
    """Whether two mentions of one document state killed figures too far apart to be one
    toll (merge.toml ``killed_apart_ratio``)."""
    ka, kb = _killed(a), _killed(b)
    if ka is None or kb is None:
        return False
    low, high = sorted((ka, kb))
    return high[0] > ratio * max(low[1], 1)


def _one_sentence_one_day(a: Event, b: Event, config: _Config) -> bool:
    """Whether two date phrases of one sentence give one day with no mark of a second
    telling between them (merge.toml ``[one_sentence]``)."""
    if a.document.id != b.document.id or a.precision is not Precision.DAY:
        return False
    if (a.start, a.end, a.precision) != (b.start, b.end, b.precision):
        return False
    first, second = sorted((a.expression, b.expression), key=lambda e: e.start)
    sentence = next(
        (s for s in a.sentences if s.start <= first.start and second.end <= s.end), None
    )
    if sentence is None:
        return False
    between = sentence.text[first.end - sentence.start : second.start - sentence.start]
    return not any(mark in between for mark in config.apart_marks)


def _kind(sub_event_type: str | None) -> str | None:
    """The group of sub-event types that do not contradict ``sub_event_type`` (merge.toml
    ``[compatible]``), named by its first; a type in no group is its own."""
    if sub_event_type is None:
        return None
    return _config().kinds.get(sub_event_type, sub_event_type)


def _contradict(a: str | None, b: str | None) -> bool:
    """Whether two mentions' sub-event types, by their groups (`_kind`), make them two
    happenings: both typed, and not of one group ("Air/drone strike" and
    "Shelling/artillery/missile attack" are two; the two ways a place changes hands by force
    are one)."""
    return a is not None and b is not None and a != b


def _in_country(a: _Mention, b: _Mention) -> bool:
    """Whether one names a country (and no finer place) the other's places lie in: "the
    invasion of Ukraine" and "the invasion began in Kharkiv" can be one happening."""
    return bool(a.countries & b.codes or b.countries & a.codes)


def _may_be_near(a: _Mention, b: _Mention) -> bool:
    """Whether two mentions can be of one place: their own places, else their documents'."""
    places_a, places_b = a.places or a.home, b.places or b.home
    if not places_a or not places_b:
        return True
    regions_a, regions_b = a.regions or a.home_regions, b.regions or b.home_regions
    return bool(places_a & places_b or regions_a & regions_b or _in_country(a, b))


def same_happening(a: Event, b: Event) -> bool:
    """Whether two mentions tell the same happening (the rule `merge_mentions` applies)."""
    return _same(_Mention.of(a), _Mention.of(b))


def why_apart(a: Event, b: Event) -> str | None:
    """Why `merge_mentions` keeps two events apart, by the rule it applies to two mentions
    (for scorers: "dates", "types", "places", "documents' places", "wording 0.05",
    "evidence 0.50 < 0.55 (month)"), or None when the rule would merge them. The events'
    documents' home places are not known here, so "documents' places" is never said."""
    return _apart(_Mention.of(a), _Mention.of(b), explain=True)


@dataclass(eq=False)  # one cluster is itself alone (`_sweep` removes it from a list)
class _Cluster:
    members: list[_Mention] = field(default_factory=list)
    stems: set[str] = field(default_factory=set)  # every member's clause's: a cheap first test
    # The members by document (only a member of the newcomer's document can be a second date
    # phrase of its sentence) and the groups of the members' sub-event types (`_kind`): what
    # `accepts` and `_sweep` asked of every member, looked up.
    by_document: dict[str, list[_Mention]] = field(default_factory=dict)
    kinds: set[str | None] = field(default_factory=set)
    start: date = date.max  # the earliest start of a member's dates
    end: date = date.min  # the latest end of a member's dates

    def judges(self) -> list[_Mention]:
        """The members a newcomer must agree with: all of them up to `_JUDGES`, then the
        first and the latest few. A happening told a thousand times (a corpus of wire copies
        of one day) would otherwise cost every newcomer a thousand comparisons, the whole
        pass time quadratic in the copies; a newcomer that agrees with the first tellings
        and the latest ones is of the same happening."""
        if len(self.members) <= _JUDGES:
            return self.members
        half = _JUDGES // 2
        return self.members[:half] + self.members[-half:]

    def accepts(self, mention: _Mention, vague: bool = False) -> bool:
        """Whether ``mention`` agrees with every judge; or, if ``vague`` (a coarse telling
        joining the day's), agrees with one and, with the others at another precision, is
        apart only for want of evidence (`_soft`)."""
        # A mention sharing no word with any member cannot reach the wording floor with all
        # (a second date phrase of a member's sentence needs none: `_one_sentence_one_day`).
        if mention.clause.isdisjoint(self.stems) and not any(
            _one_sentence_one_day(mention.event, m.event, _config())
            for m in self.by_document.get(mention.event.document.id, ())
        ):
            return False
        if not vague:
            return all(_apart(mention, m) is None for m in self.judges())
        agrees = False
        for member in self.judges():
            why = _apart(mention, member)
            if why is None:
                agrees = True
            elif not (_soft(why) and mention.event.precision != member.event.precision):
                return False
        return agrees

    def add(self, mention: _Mention) -> None:
        self.members.append(mention)
        self.stems |= mention.clause
        self.by_document.setdefault(mention.event.document.id, []).append(mention)
        self.kinds.add(mention.kind)
        self.start = min(self.start, mention.event.start)
        self.end = max(self.end, mention.event.end)


def _soft(why: str) -> bool:
    """Whether two mentions are apart only for want of evidence (not by a contradiction)."""
    return why.startswith(("wording", "evidence"))


# How many of a cluster's members a newcomer is compared with (complete linkage up to here).
_JUDGES = 16


def _clusters(mentions: Sequence[_Mention]) -> list[_Cluster]:
    """Clusters over date-overlapping candidates: complete-linkage in date order, the
    mentions known to the week or the month last, each joining the happening it tells best
    (`_Cluster.accepts`, ``vague``: one with a member of its own sub-event type, or one of
    its group, first; then the closest wording) or making its own. Such a telling is vaguer than the
    day's tellings it contains; asking it to reach every one of them made it, or the day's
    mention read after it, a row of its own. (Seasons, years and coarser stay in the first
    pass: each of them would be compared with every happening of its span.)"""
    late = (Precision.WEEK, Precision.MONTH)
    fine = [m for m in mentions if m.event.precision not in late]
    coarse = [m for m in mentions if m.event.precision in late]
    clusters: list[_Cluster] = []
    _sweep(fine, [], clusters)
    _sweep(coarse, sorted(clusters, key=lambda c: c.start), clusters, vague=True)
    return clusters


def _sweep(
    mentions: list[_Mention],
    earlier: list[_Cluster],
    clusters: list[_Cluster],
    *,
    vague: bool = False,
) -> None:
    """Add ``mentions`` in date order to the clusters (``earlier``: those already made, by
    their first date) whose dates overlap theirs, or to new ones appended to ``clusters``."""
    order = sorted(
        mentions,
        key=lambda m: (m.event.start, m.event.end, m.event.sub_event_type is None, m.rank),
    )
    waiting = iter(earlier)
    pending = next(waiting, None)
    open_: list[_Cluster] = []  # clusters whose dates can still overlap
    told: dict[tuple[object, ...], _Cluster] = {}  # a verbatim telling → the cluster it joined
    for mention in order:
        start = mention.event.start
        while pending is not None and pending.start <= mention.event.end:
            open_.append(pending)
            pending = next(waiting, None)
        open_ = [c for c in open_ if c.end >= start]
        key = _verbatim(mention)
        home = told.get(key)
        if home is not None and (home not in open_ or mention.document in home.by_document):
            home = None
        if home is None:
            home = _best_cluster(mention, open_, vague)
        if home is None:
            home = _Cluster()
            clusters.append(home)
        else:
            open_.remove(home)
        home.add(mention)
        told.setdefault(key, home)
        open_.append(home)  # the latest grown last: ties go to the cluster grown earliest


def _verbatim(mention: _Mention) -> tuple[object, ...]:
    """What makes two mentions the same telling word for word: their sentences, dates, type,
    sides and places, and their documents' home. A wire story syndicated in twenty papers is
    one happening told twenty times; the second copy on joins the first's cluster without
    being compared with every member again (complete linkage would accept it: it is the
    member it copies)."""
    event = mention.event
    return (
        tuple(s.text for s in event.sentences),
        event.start,
        event.end,
        event.precision,
        event.sub_event_type,
        mention.actors,
        mention.places,
        mention.home,
    )


def _best_cluster(mention: _Mention, open_: list[_Cluster], vague: bool) -> _Cluster | None:
    """The open cluster ``mention`` tells best (see `_clusters`), or None."""
    home: _Cluster | None = None
    best: tuple[bool, float] = (False, 0.0)
    own = mention.kind
    for cluster in open_:
        if mention.clause.isdisjoint(cluster.stems) and mention.document not in cluster.by_document:
            continue  # `accepts` says no at once: no word shared, no member of its document
        if cluster.accepts(mention, vague):
            # Its own type first (or one of its group: a surrender is the capture told from
            # the other side): a recapture told with the crowds in the square joins the
            # day's recapture, not the crowds' row, however many words it shares with that.
            score = (
                own is not None and own in cluster.kinds,
                max(_wording(mention, m) for m in cluster.judges()),
            )
            if home is None or score > best:  # a cluster sharing no word may accept
                home, best = cluster, score
    return home


def _union(items: Iterable[Actor | Place]) -> list:
    seen: dict[str, Actor | Place] = {}
    for item in items:
        seen.setdefault(item.name, item)
    return list(seen.values())


def _primary_first(mention: _Mention) -> tuple[int, date, str, bool, int]:
    """The order of a happening's mentions, primary first: its `rank`, but in one document a
    date written out ("26 November 2018") before one worked out ("A day later" in "A day later
    on 26 November 2018"), whose clause is no headline."""
    precision, published, path, start = mention.rank
    worked_out = not any(c.isdigit() for c in mention.event.expression.text)
    return (precision, published, path, worked_out, start)


def _merged(cluster: _Cluster) -> Event:
    members = sorted(cluster.members, key=_primary_first)
    if len(members) == 1:
        return members[0].event
    primary = members[0].event
    sources = [s for m in members for s in m.event.sources]
    ids = sorted({i for m in members for i in m.event.mention_ids})
    return primary.model_copy(
        update={
            "id": ids[0],
            "sources": sources,
            "mention_ids": ids,
            "actors": _union(a for m in members for a in m.event.actors),
            "places": finest(_union(p for m in members for p in m.event.places)),
            "event_type": primary.event_type
            or next((m.event.event_type for m in members if m.event.event_type), None),
            "sub_event_type": primary.sub_event_type
            or next((m.event.sub_event_type for m in members if m.event.sub_event_type), None),
        }
    )


def merge_mentions(
    mentions: Sequence[Event], features: Sequence[MentionFeatures | None] | None = None
) -> list[Event]:
    """One event per happening (see the module docstring), in the order of their first
    mention in ``mentions``. ``features``, one per mention (None: worked out here), are
    the mentions' `mention_features` worked out elsewhere (a pool's workers): the result is
    the same with or without them."""
    homes = _homes(mentions)
    known = features if features is not None else [None] * len(mentions)
    wrapped = [
        _Mention.of(e, homes.get(e.document.id, ()), f)
        for e, f in zip(mentions, known, strict=True)
    ]
    position = {id(m.event): i for i, m in enumerate(wrapped)}
    clusters = _clusters(wrapped)
    clusters.sort(key=lambda c: min(position[id(m.event)] for m in c.members))
    return [_merged(c) for c in clusters]
