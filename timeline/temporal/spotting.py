"""Windowed spotting: run each grammar rule only around the tokens its matches must contain.

Running every rule's regex over the whole text costs one match attempt per character per rule,
and most patterns begin with optional groups ("(the) (early|mid|late) …"), so the regex engine
cannot skip ahead with a literal prefix scan. Instead every rule declares a `Trigger`: tokens
that each of its matches contains (a month name, a run of digits, a unit word), and the group
of its pattern the token lies in. From the parsed pattern, `reach` computes how far before that
group a match can start and how far after it the regex can read; the rule then runs with
``finditer(text, pos, endpos)`` over merged windows around its triggers only (`finditer_near`).
A rule whose trigger does not occur in a text costs one dictionary lookup.

Why the matches are exactly those of ``pattern.finditer(text)``:

- every match overlaps a trigger token and starts at most ``back`` characters before it, so its
  start lies in some window;
- a window reaches ``ahead`` characters past its last trigger, and ``ahead`` bounds what any
  match attempt starting in the window reads (lookaheads and ``\\b`` included), so truncating
  the text at ``endpos`` never changes an attempt that matters; matches starting after the last
  trigger are dropped (they contain no trigger, so a full scan has none there, and truncation
  may have produced them);
- windows are scanned left to right, each resuming no earlier than the end of the previous
  match, as finditer's own non-overlapping scan does; lookbehinds and ``\\b`` see the text
  before ``pos``, so the window start changes nothing either.

Distances are measured with every run of whitespace counted as one character (`Spacing`):
a regex ``\\s+`` consumes a whole run, so its width is then 1 whatever the text, and the bounds
hold for "September\\n\\n   13" as for "September 13". The one approximation: any other
unbounded repeat (the ``[A-Za-z]+`` of a noun) counts as at most `UNBOUNDED` repetitions.
`tests/test_temporal_properties.py` checks windowed against full scans.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from re import _compiler as sre_compile  # the regex parser and compiler (Python >= 3.11)
from re import _constants as sre
from re import _parser as sre_parse
from typing import Any

# How many repetitions an unbounded repeat other than whitespace ([a-z]+) makes at most.
UNBOUNDED = 24

Span = tuple[int, int]

# Characters that ``(?i)`` matches to ASCII letters although ``str.lower`` does not map them
# there (or changes the length of the string): folded first so that word triggers found in the
# lower-cased text are a superset of what the case-insensitive patterns match.
_SPECIAL = "\u0130\u0131\u017f\u212a"  # İ ı ſ and the Kelvin sign
_FOLD_SPECIAL = str.maketrans(dict(zip(_SPECIAL, "iisk", strict=True)))


@dataclass(frozen=True, eq=False)  # hashed by identity: looked up per rule and per text
class Trigger:
    """Tokens every match of a rule contains; found once per text and shared between rules.

    ``words`` are lower-case substrings looked up in the case-folded text (so they also find
    "Days", "DAYS" and "today" for "day"); ``regexes`` are case-sensitive patterns over the
    text itself ("Jan|Feb|…", "\\d+"). A trigger must find a superset of the tokens: a missing
    one loses matches, an extra one only costs a window.
    """

    words: tuple[str, ...] = ()
    regexes: tuple[str, ...] = ()
    # Keeps only some tokens: (text, start, end) -> bool. Lets triggers share one scan of the
    # text (years and ordinals are both runs of digits) and drop tokens that cannot start a
    # group ("day" in "yesterday").
    keep: Callable[[str, int, int], bool] | None = None


@functools.cache
def words_trigger(text: str, keep: Callable[[str, int, int], bool] | None = None) -> Trigger:
    """A trigger of the whitespace-separated lower-case substrings of ``text`` (one object
    for equal arguments, so that rules with the same trigger share its tokens per text)."""
    found = tuple(text.split())
    _TRIGGER_WORDS.update(found)
    return Trigger(words=found, keep=keep)


# Every word of every words trigger, and the automaton that finds them all in one pass
# (pyahocorasick; without it each word is looked for on its own, as fast for short texts).
_TRIGGER_WORDS: set[str] = set()
_AUTOMATON: list[Any] = []  # [automaton, the words it holds]


def _find_trigger_words(folded: str) -> dict[str, list[Span]] | None:
    """The spans of every trigger word in the lower-cased text (overlapping ones too), or
    None when no automaton is at hand."""
    if not _AUTOMATON or _AUTOMATON[1] != len(_TRIGGER_WORDS):
        try:
            import ahocorasick
        except ImportError:
            return None
        automaton = ahocorasick.Automaton()
        for word in _TRIGGER_WORDS:
            automaton.add_word(word, word)
        automaton.make_automaton()
        _AUTOMATON[:] = [automaton, len(_TRIGGER_WORDS)]
    found: dict[str, list[Span]] = {}
    for end, word in _AUTOMATON[0].iter(folded):
        found.setdefault(word, []).append((end - len(word) + 1, end + 1))
    return found


def starts_word(text: str, start: int, end: int) -> bool:
    """A `Trigger.keep` for tokens that start a word ("day" in "two days", not in "today")."""
    return start == 0 or not text[start - 1].isalpha()


@functools.cache
def regex_trigger(pattern: str, keep: Callable[[str, int, int], bool] | None = None) -> Trigger:
    """A trigger of the matches of a case-sensitive ``pattern`` (those ``keep`` accepts; one
    object for equal arguments)."""
    return Trigger(regexes=(pattern,), keep=keep)


_COMPILED: dict[str, re.Pattern[str]] = {}
# The `first_chars` class of each pattern compiled by `compile_near` (None: try everywhere).
_STARTS: dict[re.Pattern[str], re.Pattern[str] | None] = {}
_SPACE_RUN = re.compile(r"\s\s+")  # not \s{2,}: a leading class lets the engine skip ahead


class Spacing:
    """Offsets of a text with every run of whitespace counted as one character.

    ``squeeze`` maps a text offset to this scale; ``first``/``last`` map back (the smallest and
    the largest offset at a squeezed position). Without runs of two or more whitespace
    characters both scales are the same.
    """

    def __init__(self, text: str) -> None:
        # For each run [a, b): a + 1 (its first redundant character), the squeezed position of
        # a + 1, the redundant characters before the run, and the run's own (b - a - 1).
        self.firsts: list[int] = []
        self.squeezed: list[int] = []
        self.before: list[int] = []
        self.extra: list[int] = []
        total = 0
        for m in _SPACE_RUN.finditer(text):
            a, b = m.span()
            self.firsts.append(a + 1)
            self.squeezed.append(a + 1 - total)
            self.before.append(total)
            self.extra.append(b - a - 1)
            total += b - a - 1

    def squeeze(self, x: int) -> int:
        i = bisect.bisect_right(self.firsts, x) - 1
        if i < 0:
            return x
        return x - self.before[i] - min(x - self.firsts[i], self.extra[i])

    def first(self, c: int) -> int:
        """The smallest offset whose squeezed position is at least ``c``."""
        i = bisect.bisect_right(self.squeezed, c) - 1
        if i < 0:
            return c
        if c == self.squeezed[i]:
            return self.firsts[i]
        return c + self.before[i] + self.extra[i]

    def last(self, c: int) -> int:
        """The largest offset whose squeezed position is at most ``c``."""
        i = bisect.bisect_right(self.squeezed, c) - 1
        if i < 0:
            return c
        if c == self.squeezed[i]:
            return self.firsts[i] + self.extra[i]
        return c + self.before[i] + self.extra[i]


class TextIndex:
    """One text and the trigger tokens found in it so far (each word or regex scanned once)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded: str | None = None
        self._tokens: dict[str, list[Span]] = {}
        self._all_words = False
        self._triggers: dict[Trigger, list[Span] | None] = {}
        self._spacing: Spacing | None = None
        self._squeezed: dict[Trigger, list[Span]] = {}

    def spacing(self) -> Spacing:
        if self._spacing is None:
            self._spacing = Spacing(self.text)
        return self._spacing

    def folded(self) -> str | None:
        """The text lower-cased, offset for offset; None if folding would move offsets."""
        if self._folded is None:
            text = self.text
            if not text.isascii() and any(c in text for c in _SPECIAL):
                text = text.translate(_FOLD_SPECIAL)
            folded = text.lower()
            self._folded = folded if len(folded) == len(self.text) else ""
        return self._folded or None

    def windows(self, trigger: Trigger, back: int, ahead: int) -> list[tuple[int, int, int]]:
        """``(pos, endpos, last)`` of the merged windows around ``trigger``'s tokens: a rule
        runs with ``finditer(text, pos, endpos)`` and keeps the matches starting before
        ``last`` (the end of the window's last token)."""
        spans = self.spans(trigger) or []
        squeezed = self.squeezed(trigger)
        spacing = self.spacing()
        first, last_at = (spacing.first, spacing.last) if spacing.firsts else (None, None)
        size = len(self.text)
        out: list[tuple[int, int, int]] = []
        count = len(spans)
        i = 0
        while i < count:
            last = spans[i][1]
            start, stop = squeezed[i]
            stop += ahead
            i += 1
            # Merge the windows of the following tokens while they overlap this one.
            while i < count and squeezed[i][0] - back < stop:
                last = max(last, spans[i][1])
                stop = max(stop, squeezed[i][1] + ahead)
                i += 1
            pos, endpos = start - back, stop
            if first and last_at:  # back to offsets of the text
                pos, endpos = first(pos), last_at(endpos)
            out.append((max(pos, 0), min(endpos + 1, size), last))
        return out

    def squeezed(self, trigger: Trigger) -> list[Span]:
        """The spans of `spans` on the squeezed scale of `spacing`."""
        found = self._squeezed.get(trigger)
        if found is None:
            spans = self.spans(trigger) or []
            spacing = self.spacing()
            if spacing.firsts:
                squeeze = spacing.squeeze
                found = [(squeeze(a), squeeze(b)) for a, b in spans]
            else:
                found = spans
            self._squeezed[trigger] = found
        return found

    def spans(self, trigger: Trigger) -> list[Span] | None:
        """Sorted spans of the tokens of ``trigger``; None when they cannot be found reliably."""
        if trigger in self._triggers:
            return self._triggers[trigger]
        found: list[Span] | None = []
        for word in trigger.words:
            tokens = self._word(word)
            if tokens is None:
                found = None
                break
            found.extend(tokens)
        if found is not None:
            for pattern in trigger.regexes:
                found.extend(self._regex(pattern))
            if trigger.keep:
                text, keep = self.text, trigger.keep
                found = [(a, b) for a, b in found if keep(text, a, b)]
            if len(trigger.words) + len(trigger.regexes) > 1:
                found.sort()
        self._triggers[trigger] = found
        return found

    def _word(self, word: str) -> list[Span] | None:
        tokens = self._tokens.get(word)
        if tokens is None:
            folded = self.folded()
            if folded is None:
                return None
            if not self._all_words and word in _TRIGGER_WORDS:
                # Every trigger word in one pass of an Aho-Corasick automaton, instead of
                # one scan of the text per word.
                self._all_words = True
                found = _find_trigger_words(folded)
                if found is not None:
                    for known in _TRIGGER_WORDS:
                        self._tokens.setdefault(known, found.get(known, []))
                    return self._tokens[word]
            tokens = []
            size = len(word)
            at = folded.find(word)
            while at >= 0:
                tokens.append((at, at + size))
                at = folded.find(word, at + 1)  # overlapping occurrences too
            self._tokens[word] = tokens
        return tokens

    def _regex(self, pattern: str) -> list[Span]:
        key = "\0" + pattern  # never a word
        tokens = self._tokens.get(key)
        if tokens is None:
            compiled = _COMPILED.get(pattern)
            if compiled is None:
                compiled = _COMPILED[pattern] = re.compile(pattern)
            tokens = [m.span() for m in compiled.finditer(self.text)]
            self._tokens[key] = tokens
        return tokens


def finditer_near(
    pattern: re.Pattern[str], index: TextIndex, trigger: Trigger, back: int, ahead: int
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)`` that overlap a token of ``trigger``.

    ``back``: how far before a token a match may start; ``ahead``: how far past a token's start
    a match attempt may read; both on the squeezed scale (see the module doc). The trigger's
    tokens must have been found (`TextIndex.spans` is not None).
    """
    text = index.text
    resume = 0
    starts = _STARTS.get(pattern)
    for pos, endpos, last in index.windows(trigger, back, ahead):
        if starts is None:
            for m in pattern.finditer(text, max(pos, resume), endpos):
                if m.start() >= last:
                    break  # past the last token: no full-scan match starts here
                resume = m.end()
                yield m
            continue
        # Try only where a match can start (`first_chars`): the same matches as finditer,
        # which would try every position and fail at most of them. The possible starts come
        # from one scan of the window (a search per start cost a call each); those inside
        # the match just found are passed over, as finditer resumes at its end.
        at = max(pos, resume)
        if at >= last:
            continue
        for start in starts.finditer(text, at, last):
            p = start.start()
            if p < at:
                continue
            m = pattern.match(text, p, endpos)
            if m is not None:
                resume = at = m.end()
                yield m


# ---------------------------------------------------------------------------------------------
# How far a pattern reads around one of its groups (from the regex parser's tree)


def compile_near(source: str, group: str | None = None) -> tuple[re.Pattern[str], int, int]:
    """``(pattern, back, ahead)``: ``source`` compiled, and its bounds for `finditer_near`.

    Parsed once for both (parsing is half the cost of compiling, and rules are compiled on the
    first call of the engine). See `reach`.
    """
    parsed = sre_parse.parse(source)
    back, ahead = _reach(parsed, group, source)
    compiled = sre_compile.compile(parsed)
    _STARTS[compiled] = first_chars(parsed)
    return compiled, back, ahead


def reach(source: str, group: str | None = None) -> tuple[int, int]:
    """``(back, ahead)`` for `finditer_near` when trigger tokens overlap ``group`` of ``source``.

    ``back`` bounds the distance from the start of a match to the start of a token inside
    ``group`` (the text before the group plus the group's width); ``ahead`` bounds how far a
    match attempt reads past the start of the group. Without ``group`` the whole match is the
    group. Distances count a run of whitespace as one character. Raises ValueError when
    ``group`` is not on every path through the pattern (a match need not contain the token).
    """
    return _reach(sre_parse.parse(source), group, source)


def _reach(parsed: sre_parse.SubPattern, group: str | None, source: str) -> tuple[int, int]:
    if group is None:
        consumed, examined = _measure(parsed.data)
        return consumed, examined + 1
    around = _around(parsed.data, parsed.state.groupdict[group])
    if around is None:
        raise ValueError(f"group {group!r} is not on every path through {source!r}")
    before, width, examined, _ = around
    return before + width, examined + 1


_Items = list[tuple[object, object]]
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _measure(seq: _Items) -> tuple[int, int]:
    """(longest text consumed, furthest character read) by a parsed sequence, from its start."""
    consumed = examined = 0
    for op, av in seq:
        c, e = _measure_item(op, av)
        examined = max(examined, consumed + e)
        consumed += c
    return consumed, max(examined, consumed)


def _measure_item(op: object, av: Any) -> tuple[int, int]:
    if op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN):
        return 1, 1
    if op is sre.AT:
        return 0, 1  # \b and $ look at the next character
    if op is sre.SUBPATTERN:
        return _measure(av[3].data)
    if op is sre.ATOMIC_GROUP:
        return _measure(av.data)
    if op is sre.BRANCH:
        widths = [_measure(branch.data) for branch in av[1]]
        return max(c for c, _ in widths), max(e for _, e in widths)
    if op in _REPEATS:
        low, high, sub = av
        if high is sre.MAXREPEAT and _only_space(sub.data):
            return 1, 2  # a whole run of whitespace: one character, then the one after it
        c, e = _measure(sub.data)
        n = low + UNBOUNDED if high is sre.MAXREPEAT else high
        if n == 0:
            return 0, 0
        # A variable repeat reads one more character to know it has ended.
        return c * n, max(c * (n - 1) + e, c * n + (1 if low != high else 0))
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        direction, sub = av
        if direction < 0:
            return 0, 0  # a lookbehind reads the real text before the window start too
        c, e = _measure(sub.data)
        return 0, max(c, e)
    raise ValueError(f"unsupported regex construct {op}")


def _only_space(seq: _Items) -> bool:
    """Whether ``seq`` is one character class that matches whitespace only (``\\s``, " ")."""
    if len(seq) != 1:
        return False
    op, av = seq[0]
    if op is sre.LITERAL:
        return chr(av).isspace()  # type: ignore[call-overload]
    if op is sre.IN:
        return all(
            (kind is sre.CATEGORY and value is sre.CATEGORY_SPACE)
            or (kind is sre.LITERAL and chr(value).isspace())
            for kind, value in av  # type: ignore[attr-defined]
        )
    return False


def _children(op: object, av: Any) -> list[_Items]:
    """The sub-sequences of one parsed item."""
    if op is sre.SUBPATTERN:
        return [av[3].data]
    if op is sre.BRANCH:
        return [branch.data for branch in av[1]]
    if op in _REPEATS:
        return [av[2].data]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [av[1].data]
    if op is sre.ATOMIC_GROUP:
        return [av.data]
    return []


def _contains(seq: _Items, gid: int) -> bool:
    return any(
        (op is sre.SUBPATTERN and av[0] == gid)  # type: ignore[index]
        or any(_contains(child, gid) for child in _children(op, av))
        for op, av in seq
    )


def _around(seq: _Items, gid: int) -> tuple[int, int, int, int] | None:
    """(consumed before the group, group width, read from the group start, consumed from the
    group start) within ``seq``; None if the group is not in ``seq``."""
    consumed = 0
    for i, (op, av) in enumerate(seq):
        found = None
        if op is sre.SUBPATTERN:
            inner = av[3].data  # type: ignore[index]
            if av[0] == gid:  # type: ignore[index]
                width, examined = _measure(inner)
                found = (0, width, examined, width)
            else:
                found = _around(inner, gid)
        elif _contains([(op, av)], gid):
            raise ValueError("the trigger group must be on every path (not optional, repeated…)")
        if found is None:
            consumed += _measure_item(op, av)[0]
            continue
        before, width, examined, after = found
        rest_consumed, rest_examined = _measure(seq[i + 1 :])
        return (
            consumed + before,
            width,
            max(examined, after + rest_examined),
            after + rest_consumed,
        )
    return None


# ---------------------------------------------------------------------------------------------
# Where a match can start (the first characters of a pattern, from the regex parser's tree)

# The characters that ``(?i)`` matches to an ASCII letter besides its two cases.
_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
    sre.CATEGORY_UNI_DIGIT: r"\d",
    sre.CATEGORY_UNI_NOT_DIGIT: r"\D",
    sre.CATEGORY_UNI_SPACE: r"\s",
    sre.CATEGORY_UNI_NOT_SPACE: r"\S",
    sre.CATEGORY_UNI_WORD: r"\w",
    sre.CATEGORY_UNI_NOT_WORD: r"\W",
}
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)


class _Unknown(Exception):
    """A pattern whose first characters are not worked out (any character may start it)."""


def _class_char(code: int) -> str:
    char = chr(code)
    return "\\" + char if char in "\\]^-[" else char


def _literal_atoms(code: int, ignore_case: bool) -> set[str]:
    char = chr(code)
    if not ignore_case or not char.isalpha():
        if ignore_case and not char.isascii():
            raise _Unknown  # a letter-like character whose case folds are not tabled here
        return {_class_char(code)}
    if not char.isascii():
        raise _Unknown
    low = char.lower()
    return {_class_char(ord(c)) for c in low + char.upper() + _FOLDS.get(low, "")}


def _first_in(items: list[tuple[object, Any]], ignore_case: bool) -> set[str]:
    atoms: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            atoms |= _literal_atoms(av, ignore_case)
        elif op is sre.RANGE:
            lo, hi = av
            if ignore_case and any(chr(c).isalpha() for c in range(lo, min(hi, 0x7F) + 1)):
                if hi > 0x7F:
                    raise _Unknown
                for c in range(lo, hi + 1):
                    atoms |= _literal_atoms(c, True)
            else:
                atoms.add(f"{_class_char(lo)}-{_class_char(hi)}")
        elif op is sre.CATEGORY and av in _CATEGORIES:
            atoms.add(_CATEGORIES[av])
        else:
            raise _Unknown  # a negated class, a locale category
    return atoms


def _first_seq(seq: _Items, flags: int) -> tuple[set[str], bool]:
    """(atoms of the characters a match of ``seq`` can start with, whether it can be empty)."""
    atoms: set[str] = set()
    for op, av in seq:
        more, empty = _first_item(op, av, flags)
        atoms |= more
        if not empty:
            return atoms, False
    return atoms, True


def _first_item(op: object, av: Any, flags: int) -> tuple[set[str], bool]:
    ignore_case = bool(flags & re.IGNORECASE)
    if op is sre.LITERAL:
        return _literal_atoms(av, ignore_case), False
    if op is sre.IN:
        return _first_in(av, ignore_case), False
    if op in _ZERO_WIDTH:
        return set(), True
    if op is sre.SUBPATTERN:
        _, add, remove, inner = av
        return _first_seq(inner.data, (flags | add) & ~remove)
    if op is sre.BRANCH:
        atoms: set[str] = set()
        empty = False
        for alternative in av[1]:
            more, nothing = _first_seq(alternative.data, flags)
            atoms |= more
            empty = empty or nothing
        return atoms, empty
    if op in _REPEATS:
        low, _, inner = av
        atoms, empty = _first_seq(inner.data, flags)
        return atoms, empty or low == 0
    if op is sre.ATOMIC_GROUP:
        return _first_seq(av.data, flags)
    raise _Unknown  # any character, a back-reference, a conditional


# The share of characters of English text each character is, roughly (letter frequencies
# times the letters' share of running text); anything else counts `_RARE`.
_SHARE = dict(
    zip(
        "etaoinsrhldcumfpgwybvkxjqz",
        (
            10.2,
            7.3,
            6.5,
            6.2,
            5.7,
            5.6,
            5.2,
            5.0,
            4.2,
            3.3,
            3.3,
            2.3,
            2.3,
            2.0,
            1.9,
            1.6,
            1.6,
            1.5,
            1.4,
            1.2,
            0.8,
            0.5,
            0.1,
            0.1,
            0.1,
            0.1,
        ),
        strict=True,
    )
)
_RARE = 0.3
_CATEGORY_SHARE = {r"\d": 1.0, r"\s": 16.0, r"\w": 80.0, r"\W": 20.0, r"\D": 99.0, r"\S": 84.0}
# Above this share (percent) of positions, trying each start from Python costs more than
# letting the regex engine try them all.
MAX_START_SHARE = 15.0


def _share(atoms: set[str]) -> float:
    total = 0.0
    for atom in atoms:
        if atom in _CATEGORY_SHARE:
            total += _CATEGORY_SHARE[atom]
        elif len(atom) == 3 and atom[1] == "-":  # a range
            total += sum(_SHARE.get(chr(c), _RARE) for c in range(ord(atom[0]), ord(atom[2]) + 1))
        else:
            total += _SHARE.get(atom[-1], _RARE)
    return total


def first_chars(parsed: sre_parse.SubPattern) -> re.Pattern[str] | None:
    """A character class matching every character a non-empty match of ``parsed`` can start
    with (a superset), for a pattern that opens with an optional part and whose first
    characters are rare enough in running text to be worth finding first
    (`MAX_START_SHARE`); None otherwise, when that is not worked out, or when the pattern can
    match empty."""
    if not _opens_optional(parsed.data):
        return None  # the regex engine rejects a position at once: nothing to gain
    try:
        atoms, empty = _first_seq(parsed.data, parsed.state.flags)
    except _Unknown:
        return None
    if empty or not atoms or _share(atoms) > MAX_START_SHARE:
        return None
    return re.compile("[" + "".join(sorted(atoms)) + "]")


def _opens_optional(seq: _Items) -> bool:
    """Whether a pattern begins with an optional part ("(Tuesday, )?March 3"): the regex engine
    then tries that part at every position, the costly case `first_chars` is for."""
    while seq:
        op, av = seq[0]
        if op is sre.SUBPATTERN:
            seq = av[3].data
        elif op in _ZERO_WIDTH:
            seq = seq[1:]
        elif op in _REPEATS:
            return av[0] == 0
        else:
            return False
    return False
