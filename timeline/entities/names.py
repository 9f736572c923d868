"""Regex pieces for capitalised names, shared by the tagger, the people rules and the casualties."""

from __future__ import annotations

import re
from collections.abc import Iterator

from timeline.entities.lexicon import PARTICLES
from timeline.gazetteer import normalize
from timeline.text import WS, alternation

__all__ = [
    "GAP",
    "NAME",
    "PARTICLE",
    "PARTICLES",
    "TOKEN",
    "TOKEN_RE",
    "UP",
    "key",
    "word_matches",
]

# Upper-case letters a name may start with.
UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
# One capitalised word of a name, with an Arabic article glued on ("al-Assad") and inner
# apostrophes or hyphens ("O'Brien", "Jean-Yves").
TOKEN = rf"(?:(?:al|el|Al|El|ad|as|an|ash|az)-)?[{UP}][^\W\d_]*(?:['’-][{UP}]?[^\W\d_]+)*"

PARTICLE = alternation(PARTICLES)
# Between two words of a name: particles ("Ursula von der Leyen") and middle initials
# ("Walter F. Williams", "George W. Bush").
GAP = rf"{WS}(?:(?:{PARTICLE}|[{UP}]\.){WS}){{0,2}}"
# 2–4 capitalised words. A stray period is tolerated after the first ("Antony. Blinken", a typo
# in the seed) but nowhere else, where it would be a sentence end ("Ivan Petrov. Petrov said").
NAME = rf"{TOKEN}(?:\.?{WS}{TOKEN}|{GAP}{TOKEN})(?:{GAP}{TOKEN}){{0,2}}"
TOKEN_RE = re.compile(rf"{TOKEN}|(?<!\S){PARTICLE}(?!\S)")


def key(text: str) -> str:
    """How a matched string is looked up: spacing and apostrophes normalised."""
    return normalize(text).replace("’", "'")


def word_matches(pattern: re.Pattern[str], text: str, *, also: str = "") -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for matches that start a word: not after a letter, digit or
    underscore, nor after a character of ``also``.

    The same as a leading ``(?<![\\w...])`` in the pattern, and several times faster for a
    pattern that starts with a capital letter (organisation heads, acronyms): one without a
    look-behind can skip ahead to the characters it may start with. Slower for patterns that
    also match inside words (lower-case titles, place prepositions), which keep their
    look-behind. A match rejected here does not hide one that starts inside it: the search
    resumes one character later.
    """
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        start = match.start()
        if start and (
            text[start - 1].isalnum() or text[start - 1] == "_" or text[start - 1] in also
        ):
            pos = start + 1
            continue
        yield match
        pos = match.end() if match.end() > start else start + 1
