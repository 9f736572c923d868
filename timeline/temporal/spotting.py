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
    return Trigger(words=tuple(text.split()), keep=keep)


def starts_word(text: str, start: int, end: int) -> bool:
    """A `Trigger.keep` for tokens that start a word ("day" in "two days", not in "today")."""
    return start == 0 or not text[start - 1].isalpha()


@functools.cache
def regex_trigger(pattern: str, keep: Callable[[str, int, int], bool] | None = None) -> Trigger:
    """A trigger of the matches of a case-sensitive ``pattern`` (those ``keep`` accepts; one
    object for equal arguments)."""
    return Trigger(regexes=(pattern,), keep=keep)


_COMPILED: dict[str, re.Pattern[str]] = {}
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
    for pos, endpos, last in index.windows(trigger, back, ahead):
        for m in pattern.finditer(text, max(pos, resume), endpos):
            if m.start() >= last:
                break  # past the last token: no full-scan match starts here
            resume = m.end()
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
