"""Regex pieces for capitalised names, shared by the tagger, the people rules and the casualties."""

from __future__ import annotations

import re

from timeline.entities.lexicon import PARTICLES
from timeline.gazetteer import normalize
from timeline.text import WS, alternation

__all__ = ["GAP", "NAME", "PARTICLE", "PARTICLES", "TOKEN", "TOKEN_RE", "UP", "key"]

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
