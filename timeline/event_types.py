"""ACLED-style event types from what a clause says: `classify` (issue 10).

Each event gets an `event_type` / `sub_event_type` of the ACLED taxonomy (Battles, Explosions/
Remote violence, Violence against civilians, Protests, Riots, Strategic developments) from the
words of the clause that states it, or none when the clause does not say what happened: no
guessing from the place, the actors or the rest of the story.

The rules are data, in ``timeline/data/event_types.toml`` (its header explains every key), each
with examples and negatives that tests/test_event_types.py runs. This module keeps only what
needs code: finding triggers (one trie regex for all of them), checking a rule's context, the
negation and modality cues before a trigger, the acting side, and the precedence.

How a clause is classified
--------------------------
1. Every trigger phrase of every rule is found as a whole word, case-insensitively (one regex;
   where two triggers start at the same word, the longer one wins: "air strike" over "air").
2. A trigger within a cue's window after a cue ("no shelling", "threatened to launch
   airstrikes", "denied bombing"), or before a cue of position "after" ("protesters will
   march"), counts for nothing. A punctuation mark or a scope-break word ("but", "from", ...)
   between the cue and the trigger ends the cue's reach.
3. A rule fires on a trigger when one of its ``requires`` holds (or it has none) and none of
   its ``unless`` holds.
4. Of the rules that fire, the highest ``priority`` wins; between equal priorities the earlier
   trigger in the clause wins.
5. A rule with ``if_state`` / ``if_non_state`` picks its sub-event type by the acting side:
   ``state_actor`` when the caller knows it, else the nearest ``state_force`` or
   ``non_state_force`` phrase before the trigger (or, failing that, the first after it).

User files
----------
`load_event_types` merges user TOML files over the built-in one, as the gazetteer does: a table
of the same name is merged into the existing one, lists are extended (``triggers``, class
words, ``examples`` ...), scalars replaced (``priority``, ``window`` ...); new names add
entries. A file that is not TOML, or has an unknown table, key, class, event type or sub-event
type, raises `EventTypesError` naming the file and the key.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from timeline.text import trie_pattern

__all__ = [
    "EventType",
    "EventTypes",
    "EventTypesError",
    "Example",
    "Rule",
    "classify",
    "load_event_types",
]

BUILTIN_NAME = "event_types.toml (built-in)"

# Classes the code reads to tell the acting side: they must exist in [classes].
STATE_FORCE, NON_STATE_FORCE = "state_force", "non_state_force"
# A context class the code provides: a word written with a capital letter ("captured Kherson").
PROPER_NOUN = "proper_noun"


class EventTypesError(ValueError):
    """An event-type file could not be used: ``path`` and a human ``message``."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = Path(path)
        self.message = message


@dataclass(frozen=True, slots=True)
class EventType:
    """What a clause says happened: the ACLED type, and the words that decided it.

    ``trigger`` is ``clause[start:end]``, for the detail pane to show and highlight.
    """

    event_type: str
    sub_event_type: str
    trigger: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Example:
    """A clause of the data file, and what it must (or must not) be classified as."""

    clause: str
    state_actor: bool | None = None
    sub_event_type: str | None = None  # the expected sub-event type, when not the rule's own
    trigger: str | None = None  # the expected trigger, when given


@dataclass(frozen=True, slots=True)
class _Context:
    """One ``requires`` / ``unless`` entry: a label, where to look, and how far."""

    label: str  # a class name, "=phrase" for a literal phrase, or PROPER_NOUN
    where: str | None  # "before", "after", or None: anywhere in the clause
    window: int  # in words, for "before" / "after"


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of the data file, compiled."""

    name: str
    event_type: str
    sub_event_type: str
    priority: int
    triggers: tuple[str, ...]
    if_state: str | None = None
    if_non_state: str | None = None
    requires: tuple[_Context, ...] = ()
    unless: tuple[_Context, ...] = ()
    examples: tuple[Example, ...] = ()
    negatives: tuple[Example, ...] = ()

    @property
    def sub_event_types(self) -> frozenset[str]:
        """Every sub-event type the rule can give."""
        return frozenset(t for t in (self.sub_event_type, self.if_state, self.if_non_state) if t)


# ─────────────────────────────────────────── the schema ───────────────────────────────────────────

_TOP = ("taxonomy", "classes", "cues", "scope", "rules", "unclassified")
_RULE_KEYS: dict[str, str] = {
    "event_type": "str",
    "sub_event_type": "str",
    "if_state": "str",
    "if_non_state": "str",
    "priority": "int",
    "triggers": "words",
    "requires": "list",
    "unless": "list",
    "examples": "examples",
    "negatives": "examples",
}
_RULE_REQUIRED = ("event_type", "sub_event_type", "priority", "triggers")
_CUE_KEYS = {"words": "words", "window": "int", "position": "str"}
_CUE_POSITIONS = ("before", "after")
_SCOPE_KEYS = {
    "breaks": "words",
    "lowercase_only": "words",
    "not_before_present": "words",
    "present_subjects": "words",
    "no_present": "words",
}
_UNCLASSIFIED_KEYS = {"examples": "examples"}
_EXAMPLE_KEYS = ("clause", "state_actor", "sub_event_type", "trigger")

_CONTEXT_SPEC = re.compile(r"(?P<what>.+?)(?:\s+(?P<where>before|after)\s+(?P<n>[1-9]\d*))?")
_CLASS_NAME = re.compile(r"[a-z][a-z0-9_]*")

Raw = dict[str, Any]


def _word_list(value: Any, path: Path | str, where: str) -> list[str]:
    """A word list: one whitespace-separated string of words, or a list of phrases."""
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return [" ".join(v.split()) for v in value]
    raise EventTypesError(path, f"{where} must be a string of words or a list of phrases")


def _example(value: Any, path: Path | str, where: str) -> dict[str, Any]:
    if isinstance(value, str):
        return {"clause": value}
    if not isinstance(value, dict):
        raise EventTypesError(path, f"{where} must be a clause or a table with a clause")
    unknown = sorted(set(value) - set(_EXAMPLE_KEYS))
    if unknown:
        raise EventTypesError(
            path,
            f"{where}: unknown key {unknown[0]!r} (expected one of: {', '.join(_EXAMPLE_KEYS)})",
        )
    if not isinstance(value.get("clause"), str):
        raise EventTypesError(path, f"{where}: 'clause' must be a string")
    if not isinstance(value.get("state_actor", False), bool):
        raise EventTypesError(path, f"{where}: 'state_actor' must be true or false")
    for key in ("sub_event_type", "trigger"):
        if not isinstance(value.get(key, ""), str):
            raise EventTypesError(path, f"{where}: {key!r} must be a string")
    return dict(value)


def _value(kind: str, value: Any, path: Path | str, where: str) -> Any:
    if kind == "words":
        return _word_list(value, path, where)
    if kind == "examples":
        if not isinstance(value, list):
            raise EventTypesError(path, f"{where} must be a list")
        return [_example(v, path, f"{where}[{i}]") for i, v in enumerate(value)]
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise EventTypesError(path, f"{where} must be a list of strings")
        return list(value)
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise EventTypesError(path, f"{where} must be an integer")
        return value
    if not isinstance(value, str) or not value.strip():
        raise EventTypesError(path, f"{where} must be a non-empty string")
    return value.strip()


def _fields(table: Any, keys: Mapping[str, str], path: Path | str, where: str) -> Raw:
    if not isinstance(table, dict):
        raise EventTypesError(path, f"{where} must be a table")
    out: Raw = {}
    for key, value in table.items():
        if key not in keys:
            raise EventTypesError(
                path, f"{where}: unknown key {key!r} (expected one of: {', '.join(keys)})"
            )
        out[key] = _value(keys[key], value, path, f"{where}.{key}")
    return out


def _check(raw: Mapping[str, Any], path: Path | str) -> dict[str, Raw]:
    """Validate the shape of one file; return its tables with word lists as lists."""
    checked: dict[str, Raw] = {}
    for section, body in raw.items():
        if section not in _TOP:
            raise EventTypesError(
                path, f"unknown table [{section}] (expected one of: {', '.join(_TOP)})"
            )
        if not isinstance(body, dict):
            raise EventTypesError(path, f"[{section}] must be a table")
        if section == "taxonomy":
            checked[section] = {
                name: _value("list", subs, path, f"[taxonomy] {name!r}")
                for name, subs in body.items()
            }
        elif section == "classes":
            for name in body:
                if not _CLASS_NAME.fullmatch(name):
                    raise EventTypesError(
                        path, f"[classes] {name!r}: a class name is lowercase letters, digits, _"
                    )
            checked[section] = {
                name: _word_list(words, path, f"[classes.{name}]") for name, words in body.items()
            }
        elif section == "cues":
            checked[section] = {
                name: _fields(cue, _CUE_KEYS, path, f"[cues.{name}]") for name, cue in body.items()
            }
        elif section == "scope":
            checked[section] = _fields(body, _SCOPE_KEYS, path, "[scope]")
        elif section == "unclassified":
            checked[section] = _fields(body, _UNCLASSIFIED_KEYS, path, "[unclassified]")
        else:
            checked[section] = {
                name: _fields(rule, _RULE_KEYS, path, f"[rules.{name}]")
                for name, rule in body.items()
            }
    return checked


def _merge_fields(target: Raw, fields: Mapping[str, Any]) -> None:
    for key, value in fields.items():
        if isinstance(value, list):
            current = target.get(key, [])
            if value and isinstance(value[0], dict):  # examples: keep every one, in order
                target[key] = [*current, *value]
            else:
                target[key] = list(dict.fromkeys([*current, *value]))
        else:
            target[key] = value


def _merge(base: dict[str, Raw], extra: Mapping[str, Raw]) -> None:
    """Merge one checked file into ``base``: lists extended, scalars replaced."""
    for section, body in extra.items():
        target = base.setdefault(section, {})
        if section in ("scope", "unclassified"):
            _merge_fields(target, body)
            continue
        for name, value in body.items():
            if isinstance(value, dict):
                _merge_fields(target.setdefault(name, {}), value)
            else:  # a word list: [classes], [taxonomy]
                target[name] = list(dict.fromkeys([*target.get(name, []), *value]))


def _parse_context(spec: str, path: Path | str, where: str, classes: Mapping[str, Any]) -> _Context:
    match = _CONTEXT_SPEC.fullmatch(" ".join(spec.split()))
    if match is None:
        raise EventTypesError(path, f"{where}: cannot read {spec!r}")
    what, place, n = match["what"], match["where"], match["n"]
    if what.startswith("@"):
        label = what[1:]
        if label == PROPER_NOUN:
            if place is None:
                raise EventTypesError(path, f"{where}: @{PROPER_NOUN} needs 'before N'/'after N'")
        elif label not in classes:
            raise EventTypesError(path, f"{where}: unknown class @{label} in {spec!r}")
    else:
        label = "=" + _norm(what)
    return _Context(label, place, int(n) if n else 0)


def _validate(data: Mapping[str, Raw], path: Path | str) -> None:
    """Check that the merged data is complete and that every name it uses is defined."""
    taxonomy: Raw = data.get("taxonomy", {})
    classes: Raw = data.get("classes", {})
    sub_types = {sub: event for event, subs in taxonomy.items() for sub in subs}
    for name in (STATE_FORCE, NON_STATE_FORCE):
        if name not in classes:
            raise EventTypesError(path, f"[classes] must define {name!r}")
    for name, cue in data.get("cues", {}).items():
        for key in ("words", "window"):
            if key not in cue:
                raise EventTypesError(path, f"[cues.{name}] needs {key!r}")
        if cue.get("position", "before") not in _CUE_POSITIONS:
            raise EventTypesError(
                path, f"[cues.{name}].position must be one of: {', '.join(_CUE_POSITIONS)}"
            )
    for name, rule in data.get("rules", {}).items():
        where = f"[rules.{name}]"
        for key in _RULE_REQUIRED:
            if key not in rule:
                raise EventTypesError(path, f"{where} needs {key!r}")
        if not rule["triggers"]:
            raise EventTypesError(path, f"{where}.triggers is empty")
        event = rule["event_type"]
        if event not in taxonomy:
            raise EventTypesError(
                path,
                f"{where}.event_type: unknown event type {event!r}"
                f" (expected one of: {', '.join(taxonomy)})",
            )
        if rule["sub_event_type"] not in taxonomy[event]:
            raise EventTypesError(
                path,
                f"{where}.sub_event_type: {rule['sub_event_type']!r} is not a sub-event type"
                f" of {event!r} (expected one of: {', '.join(taxonomy[event])})",
            )
        for key in ("if_state", "if_non_state"):
            if key in rule and rule[key] not in sub_types:
                raise EventTypesError(path, f"{where}.{key}: unknown sub-event type {rule[key]!r}")
        for key in ("requires", "unless"):
            for i, spec in enumerate(rule.get(key, [])):
                _parse_context(spec, path, f"{where}.{key}[{i}]", classes)
        for key in ("examples", "negatives"):
            for i, ex in enumerate(rule.get(key, [])):
                if "sub_event_type" in ex and ex["sub_event_type"] not in sub_types:
                    raise EventTypesError(
                        path,
                        f"{where}.{key}[{i}].sub_event_type: unknown sub-event type"
                        f" {ex['sub_event_type']!r}",
                    )


# ──────────────────────────────────────────── compiling ───────────────────────────────────────────

# Words, for counting the distance between a cue or context phrase and a trigger.
_WORD = re.compile(r"\w+")
_WORD_APOSTROPHE = re.compile(r"[\w'’]+")
# Punctuation that ends a cue's reach: "No one was hurt; shelling resumed at dawn."
_CLAUSE_BREAK = re.compile(r"[,;:.!?()\[\]—–]")


def _norm(text: str) -> str:
    """A phrase as the maps key it: lowercase, single spaces, straight apostrophes."""
    return " ".join(text.lower().replace("’", "'").split())


def _whole_words(phrases: Iterable[str], flags: int = 0) -> re.Pattern[str]:
    """One regex for all (lowercase) phrases, as whole words, longest first (a trie).

    Without flags it is meant for lowercased text: a case-sensitive trie runs about a third
    faster than an IGNORECASE one.
    """
    body = trie_pattern((p, False) for p in phrases)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags)


# A rule's requires and unless: labels anywhere in the clause, entries near the trigger.
_Checks = tuple[frozenset[str], tuple[_Context, ...], frozenset[str], tuple[_Context, ...]]


class _Scan:
    """The context phrases found in one clause, and (once asked) where its words start."""

    __slots__ = ("_starts", "hits", "present", "text")

    def __init__(self, text: str, hits: list[tuple[int, int, frozenset[str]]]) -> None:
        self.text = text
        self.hits = hits
        self.present: frozenset[str] = frozenset().union(*(h[2] for h in hits))
        self._starts: list[int] | None = None

    @property
    def word_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [m.start() for m in _WORD.finditer(self.text)]
        return self._starts

    def words_between(self, end: int, start: int) -> int:
        """How many words lie between offsets ``end`` and ``start`` (``end <= start``)."""
        starts = self.word_starts
        return bisect.bisect_left(starts, start) - bisect.bisect_left(starts, end)


def _present_forms(word: str) -> tuple[str, ...]:
    """The present forms a regular past tense may have: "attacked" → "attack", "attacks";
    "captured" → "capture", "captures"; "carried" → "carry", "carries"; "stopped" → "stop",
    "stops". Forms that are no words ("attacke") never match and do no harm."""
    if len(word) < 5 or not word.endswith("ed") or not word.isalpha():
        return ()
    if word.endswith("ied"):
        return (word[:-3] + "y", word[:-3] + "ies")
    bases = [word[:-2], word[:-1]]
    if word[-3] == word[-4] and word[-3] not in "lsz":
        bases.append(word[:-3])  # "stopped" → "stop"
    forms: list[str] = []
    for base in bases:
        plural = base + "es" if base.endswith(("sh", "ch", "ss", "x", "z")) else base + "s"
        forms.extend((base, plural))
    return tuple(forms)


class _LazyScan:
    """A clause's context scan, made the first time a rule asks for it."""

    __slots__ = ("_context", "_scan", "_text", "_types")

    def __init__(self, types: EventTypes, text: str, context: re.Pattern[str]) -> None:
        self._types, self._text, self._context = types, text, context
        self._scan: _Scan | None = None

    def get(self) -> _Scan:
        if self._scan is None:
            self._scan = self._types._scan(self._text, self._context)
        return self._scan


class EventTypes:
    """The compiled rules of ``event_types.toml`` (and any user files merged over it)."""

    def __init__(self, data: Mapping[str, Raw]) -> None:
        self.data = data  # the merged tables, as read
        self.taxonomy: dict[str, tuple[str, ...]] = {
            event: tuple(subs) for event, subs in data.get("taxonomy", {}).items()
        }
        self._event_of = {sub: event for event, subs in self.taxonomy.items() for sub in subs}
        classes: Raw = data.get("classes", {})
        self.rules: tuple[Rule, ...] = tuple(
            sorted(
                (self._rule(name, raw, classes) for name, raw in data.get("rules", {}).items()),
                key=lambda r: -r.priority,
            )
        )
        self.unclassified: tuple[Example, ...] = tuple(
            Example(**ex) for ex in data.get("unclassified", {}).get("examples", [])
        )
        # Triggers: one regex, and each trigger's rules, highest priority first.
        by_trigger: dict[str, list[Rule]] = {}
        for rule in self.rules:
            for trigger in rule.triggers:
                by_trigger.setdefault(_norm(trigger), []).append(rule)
        self._by_trigger = {k: tuple(v) for k, v in by_trigger.items()}
        # Per rule: the labels of its requires / unless that count anywhere in the clause (a
        # set test), and the entries that look before or after the trigger.
        self._checks: dict[str, _Checks] = {
            rule.name: (
                frozenset(c.label for c in rule.requires if c.where is None),
                tuple(c for c in rule.requires if c.where is not None),
                frozenset(c.label for c in rule.unless if c.where is None),
                tuple(c for c in rule.unless if c.where is not None),
            )
            for rule in self.rules
        }
        self._triggers = _whole_words(self._by_trigger)
        # Context phrases: classes, literal phrases of requires/unless, and cues, in one regex.
        # Where two phrases start at the same word, the longer wins and hides the shorter: a
        # phrase has the labels of the lists it is in, not those of the words inside it
        # ("Arakan Army" is no state force, "army base" no army).
        labels: dict[str, set[str]] = {}
        for name, phrases in classes.items():
            for phrase in phrases:
                labels.setdefault(_norm(phrase), set()).add(name)
        for rule in self.rules:
            for ctx in (*rule.requires, *rule.unless):
                if ctx.label.startswith("="):
                    labels.setdefault(ctx.label[1:], set()).add(ctx.label)
        # Cue label → (window, whether the cue comes after the trigger).
        self._cues: dict[str, tuple[int, bool]] = {}
        for name, cue in data.get("cues", {}).items():
            self._cues["cue:" + name] = (cue["window"], cue.get("position") == "after")
            for phrase in cue["words"]:
                labels.setdefault(_norm(phrase), set()).add("cue:" + name)
        self._labels = {k: frozenset(v) for k, v in labels.items()}
        self._context = _whole_words(self._labels)
        self._breaks = frozenset(_norm(w) for w in data.get("scope", {}).get("breaks", []))
        self._lowercase_only = frozenset(
            _norm(w) for w in data.get("scope", {}).get("lowercase_only", [])
        )
        # The present of past-tense triggers, tried only when no trigger fires ("**2 February**:
        # fighters attack the posts", as a timeline's list items tell it): "attacked" gives
        # "attack" and "attacks", with the rules of "attacked" alone (a form that is a trigger
        # already, "attack" as a noun, has had its own rules tried). Not one of ``[scope]
        # no_present`` ("found" is not the present of "founded").
        scope = data.get("scope", {})
        excluded = frozenset(_norm(w) for w in scope.get("no_present", []))
        present: dict[str, list[Rule]] = {}
        for trigger, rules in self._by_trigger.items():
            first, _, rest = trigger.partition(" ")
            for form in _present_forms(first):
                phrase = f"{form} {rest}" if rest else form
                if form in excluded:
                    continue
                listed = present.setdefault(phrase, [])
                listed.extend(r for r in rules if r not in listed)
        self._present = {k: tuple(sorted(v, key=lambda r: -r.priority)) for k, v in present.items()}
        self._present_triggers = _whole_words(self._present) if self._present else None
        self._not_before_present = frozenset(_norm(w) for w in scope.get("not_before_present", []))
        self._present_subjects = frozenset(_norm(w) for w in scope.get("present_subjects", []))

    def _rule(self, name: str, raw: Raw, classes: Raw) -> Rule:
        def contexts(key: str) -> tuple[_Context, ...]:
            return tuple(_parse_context(s, "", key, classes) for s in raw.get(key, []))

        return Rule(
            name=name,
            event_type=raw["event_type"],
            sub_event_type=raw["sub_event_type"],
            priority=raw["priority"],
            triggers=tuple(raw["triggers"]),
            if_state=raw.get("if_state"),
            if_non_state=raw.get("if_non_state"),
            requires=contexts("requires"),
            unless=contexts("unless"),
            examples=tuple(Example(**ex) for ex in raw.get("examples", [])),
            negatives=tuple(Example(**ex) for ex in raw.get("negatives", [])),
        )

    def event_type_of(self, sub_event_type: str) -> str:
        """The event type a sub-event type belongs to ("Arrests" → "Strategic developments")."""
        return self._event_of[sub_event_type]

    # ── classifying ──

    def classify(self, clause: str, *, state_actor: bool | None = None) -> EventType | None:
        """The event type ``clause`` states, or None when it does not say what happened.

        ``state_actor`` says whether the acting side is a state's force, when the caller knows
        it; None lets the clause tell (its nearest army/rebel phrase before the trigger).
        """
        text = clause.lower()
        triggers, context = self._triggers, self._context
        if len(text) != len(clause):
            # "İ" lowercases to two characters; as "I" it keeps the offsets (Turkish names).
            text = clause.replace("İ", "I").lower()
        if len(text) != len(clause):  # another letter whose lowercase is longer: keep offsets
            text = clause
            triggers, context = self._ignore_case
        scan = _LazyScan(self, text, context)
        best = self._best(clause, text, triggers, self._by_trigger, scan)
        if best is None and self._present_triggers is not None:
            present = self._present_triggers
            if triggers is not self._triggers:
                present = re.compile(present.pattern, re.IGNORECASE)
            best = self._best(clause, text, present, self._present, scan, present_tense=True)
        if best is None:
            return None
        rule, match = best
        sub = rule.sub_event_type
        if rule.if_state or rule.if_non_state:
            side = state_actor if state_actor is not None else self._side(scan.get(), match)
            if side is True and rule.if_state:
                sub = rule.if_state
            elif side is False and rule.if_non_state:
                sub = rule.if_non_state
        start, end = match.span()
        return EventType(self._event_of[sub], sub, clause[start:end], start, end)

    def _best(
        self,
        clause: str,
        text: str,
        triggers: re.Pattern[str],
        by_trigger: Mapping[str, tuple[Rule, ...]],
        scan: _LazyScan,
        present_tense: bool = False,
    ) -> tuple[Rule, re.Match[str]] | None:
        """The highest-priority rule that fires on a trigger of ``triggers``, and its match.
        With ``present_tense``, only a trigger right after its subject counts
        (`_subject_before`)."""
        best: tuple[Rule, re.Match[str]] | None = None
        for match in triggers.finditer(text):
            blocked: bool | None = None
            found = match[0]
            if found in self._lowercase_only and clause[match.start()].isupper():
                continue  # "On 29 March, ...": the month, not a march
            if present_tense and not self._subject_before(clause, text, match.start()):
                continue
            for rule in by_trigger.get(found) or by_trigger[_norm(found)]:
                if best is not None and rule.priority <= best[0].priority:
                    break  # rules are sorted: nothing later on this trigger can win
                if blocked is None:
                    blocked = self._blocked(scan.get(), match)
                if blocked:
                    break
                if self._fires(rule, scan.get(), clause, match):
                    best = (rule, match)
                    break
        return best

    def _subject_before(self, clause: str, text: str, start: int) -> bool:
        """Whether the word at ``start`` is a verb in the present after its subject: the word
        right before it is one of ``[scope] present_subjects`` ("fighters attack", "they
        burn") or a capitalised name inside the clause ("Governor Manyang Ajith bans"); and
        neither of the two words before it is a determiner, a number or a possessive of
        ``[scope] not_before_present`` ("a Russian attack", "two raids", "the army's raids").
        A present form after anything else ("dumb bombs", "bomb shelters", "small advances")
        is a noun."""
        found = list(_WORD_APOSTROPHE.finditer(text, max(0, start - 40), start))[-2:]
        words = [m[0] for m in found]
        if not words or any(
            w in self._not_before_present or w[:1].isdigit() or w.endswith(("'s", "’s"))
            for w in words
        ):
            return False
        last = found[-1]
        if words[-1] in self._present_subjects:
            return True
        inside = clause[: last.start()].strip() != ""
        return inside and clause[last.start()].isupper()

    @cached_property
    def _ignore_case(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """The trigger and context regexes for text that cannot be lowercased in place."""
        return (
            _whole_words(self._by_trigger, re.IGNORECASE),
            _whole_words(self._labels, re.IGNORECASE),
        )

    def _scan(self, text: str, context: re.Pattern[str]) -> _Scan:
        labels = self._labels
        hits = [
            (m.start(), m.end(), labels.get(m[0]) or labels[_norm(m[0])])
            for m in context.finditer(text)
        ]
        return _Scan(text, hits)

    def _blocked(self, scan: _Scan, match: re.Match[str]) -> bool:
        """Whether a negation or modality cue reaches the trigger: "no shelling", "could attack",
        "protesters will march"."""
        for start, end, labels in scan.hits:
            for label in labels:
                cue = self._cues.get(label)
                if cue is None:
                    continue
                window, after = cue
                if after:
                    if start < match.end():
                        continue
                    gap_start, gap_end = match.end(), start
                else:
                    if end > match.start():
                        continue
                    gap_start, gap_end = end, match.start()
                if scan.words_between(gap_start, gap_end) >= window:
                    continue
                gap = scan.text[gap_start:gap_end]
                if _CLAUSE_BREAK.search(gap):
                    continue
                if any(w.lower() in self._breaks for w in _WORD.findall(gap)):
                    continue
                return True
        return False

    def _holds(self, ctx: _Context, scan: _Scan, clause: str, match: re.Match[str]) -> bool:
        if ctx.where is None:
            return ctx.label in scan.present
        if ctx.label == PROPER_NOUN:
            return self._proper_noun(ctx, scan, clause, match)
        if ctx.label not in scan.present:
            return False
        for start, end, labels in scan.hits:
            if ctx.label not in labels:
                continue
            if ctx.where == "after" and start >= match.end():
                gap = scan.words_between(match.end(), start)
            elif ctx.where == "before" and end <= match.start():
                gap = scan.words_between(end, match.start())
            else:
                continue
            if gap < ctx.window:
                return True
        return False

    @staticmethod
    def _proper_noun(ctx: _Context, scan: _Scan, clause: str, match: re.Match[str]) -> bool:
        starts = scan.word_starts
        if ctx.where == "after":
            i = bisect.bisect_left(starts, match.end())
            chosen = starts[i : i + ctx.window]
        else:
            i = bisect.bisect_left(starts, match.start())
            chosen = starts[max(0, i - ctx.window) : i]
        return any(clause[s].isupper() for s in chosen)

    def _fires(self, rule: Rule, scan: _Scan, clause: str, match: re.Match[str]) -> bool:
        requires, requires_near, unless, unless_near = self._checks[rule.name]
        present = scan.present
        if (
            rule.requires
            and present.isdisjoint(requires)
            and not any(self._holds(c, scan, clause, match) for c in requires_near)
        ):
            return False
        if not present.isdisjoint(unless):
            return False
        return not any(self._holds(c, scan, clause, match) for c in unless_near)

    @staticmethod
    def _side(scan: _Scan, match: re.Match[str]) -> bool | None:
        """Whether the acting side is a state force: the nearest force named before the
        trigger ("the army retook"), else the first after it ("was retaken by the army")."""
        before = after = None
        for start, end, labels in scan.hits:
            if STATE_FORCE not in labels and NON_STATE_FORCE not in labels:
                continue
            if end <= match.start():
                before = labels
            elif start >= match.end() and after is None:
                after = labels
        found = before if before is not None else after
        if found is None or (STATE_FORCE in found) == (NON_STATE_FORCE in found):
            return None
        return STATE_FORCE in found

    def __repr__(self) -> str:
        return f"EventTypes({len(self.rules)} rules, {len(self._by_trigger)} triggers)"


# ──────────────────────────────────────────── loading ─────────────────────────────────────────────


@cache
def _builtin_raw() -> dict[str, Raw]:
    source = resources.files("timeline") / "data" / "event_types.toml"
    data = _check(tomllib.loads(source.read_text(encoding="utf-8")), BUILTIN_NAME)
    _validate(data, BUILTIN_NAME)
    return data


@cache
def _builtin() -> EventTypes:
    return EventTypes(_builtin_raw())


def _read_user_file(path: Path) -> dict[str, Raw]:
    try:
        text = path.expanduser().read_text(encoding="utf-8")
    except OSError as exc:
        raise EventTypesError(path, f"cannot read event types: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise EventTypesError(path, f"event types file is not UTF-8 text: {exc}") from exc
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EventTypesError(path, f"invalid TOML: {exc}") from exc
    return _check(raw, path)


def load_event_types(extra: Sequence[Path] = ()) -> EventTypes:
    """The built-in event types, with each user file in ``extra`` merged over it in order.

    The built-in part is parsed and compiled once per process. Raises `EventTypesError` for a
    user file that cannot be read, is not TOML, or names an unknown table, key, class, event
    type or sub-event type.
    """
    if not extra:
        return _builtin()
    merged: dict[str, Raw] = {}
    _merge(merged, _builtin_raw())
    for path in extra:
        _merge(merged, _read_user_file(Path(path)))
        _validate(merged, path)  # the built-in was valid: any new error is this file's
    return EventTypes(merged)


def classify(clause: str, *, state_actor: bool | None = None) -> EventType | None:
    """The ACLED event type the clause states, by the built-in rules; None when it does not say.

    ``state_actor``: whether the acting side is a state's force, when the caller knows it (it
    decides "Government regains territory" against "Non-state actor overtakes territory").
    """
    return _classify_builtin(clause, state_actor)


# The event layer asks of the same clause more than once (who acts in it, what it says
# happened, whether a follow-up tells the same); a result is a frozen value. Bounded: a
# corpus of long texts never grows it past this many clauses.
@lru_cache(maxsize=4096)
def _classify_builtin(clause: str, state_actor: bool | None) -> EventType | None:
    return _builtin().classify(clause, state_actor=state_actor)
