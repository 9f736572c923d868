"""Which paragraphs are prose: headings, table and infobox lines, images and back matter
("See also", "References") are layout, never an event's source, headline or date.

The segmenter (`timeline.text.paragraph_spans`) already makes a heading line a paragraph of its
own; this module only tells such paragraphs apart from prose. The section names of back matter
are data (`[sections]` in `timeline/data/roles.toml`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from timeline.models import Paragraph
from timeline.roles import rules

__all__ = ["prose_paragraphs"]

_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"\n\s*(?:=+|-+)\s*$")
_TABLE = re.compile(r"^\s*\|")
_IMAGE = re.compile(r"^\s*!\[[^\]\n]*\]\([^)\n]*\)\s*")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_FINAL = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_WORD = re.compile(r"[^\W\d_]+")
HEADING_MAX_WORDS = 12
_DATE_LINE = re.compile(r"\d{1,4}(?:[ /.–-]+[^\W\d_]{3,9}\.?)?(?:[ ,/.–-]+\d{1,4}){0,2}")


def _heading_level(text: str) -> int | None:
    """A heading's level (1 for "# X", 2 for "## X", 1 for a short line without final
    punctuation), or None for prose."""
    first = text.lstrip()
    if m := _MARKDOWN_HEADING.match(first.split("\n", 1)[0]):
        return len(m[1])
    if _SETEXT.search(text):
        return 1
    if "\n" in text.strip() or _BULLET.match(text) or _FINAL.search(text.rstrip()):
        return None
    words = _WORD.findall(text)
    if len(words) <= HEADING_MAX_WORDS and _opens_capitalised(text.strip(), words):
        return 9  # a bare title line: below every Markdown level
    if _DATE_LINE.fullmatch(text.strip()):
        return 9  # a date alone on its line: a timeline's subheading ("20 November 2019")
    return None


def _opens_capitalised(line: str, words: list[str]) -> bool:
    """A title's first word is capitalised; a title may open on its year ("2018 Kerch Strait
    incident", "1994 ceasefire" once the loader has taken its "#" away)."""
    if line[:1].isupper():
        return True
    return line[:1].isdigit() and bool(words) and words[0][:1].isupper()


def _heading_text(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    if m := _MARKDOWN_HEADING.match(first):
        first = m[2]
    return " ".join(first.strip("*_ ").split()).lower()


def prose_paragraphs(paragraphs: Sequence[Paragraph]) -> list[bool]:
    """For each paragraph, whether it is prose that can state a happening.

    Back matter ("See also", "References", ...) runs to the end of the document: it is where
    articles put it, and its items ("Battle of Mykolaiv", "2022 Chornobaivka attacks") look
    like headings of their own, so no later line can tell that it has ended.
    """
    back_matter = rules().back_matter
    flags: list[bool] = []
    inside = False
    for paragraph in paragraphs:
        text = paragraph.text
        if inside:
            flags.append(False)
            continue
        if _heading_level(text) is not None:
            inside = _heading_text(text) in back_matter
            flags.append(False)
            continue
        lines = [line for line in text.split("\n") if line.strip()]
        layout = all(_TABLE.match(line) or _IMAGE.fullmatch(line) for line in lines)
        flags.append(not layout)
    return flags
