"""Rich `Text` made safe for the terminal: the TUI's side of `timeline.sanitize` (issue 11).

Rich drops only BEL, BS, VT, FF and CR from a `Text`; Textual writes the rest of a segment's
characters to the terminal as they are. So an article's ``ESC ] 52 ; c ; …`` (the clipboard),
``ESC ] 0 ;`` (the pane title), ``ESC [ 2 J``, a one-byte CSI (U+009B) or a bidi override
(U+202E) would act on the analyst's terminal the moment a row, a detail or a problem showing
it is drawn. Every widget that shows text from input builds its `Text`, then passes it
through `safe_text` once, where it is handed to Textual: each control character becomes its
visible form (`timeline.sanitize.for_terminal`: ESC is ``␛``, U+009B is ``\\x9b``) and the
styles around it move with the text, so highlights stay on their words.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from rich.text import Span, Text

from timeline.sanitize import clean_line, for_terminal

__all__ = ["clean_line", "keep_offsets", "safe_text"]

# The controls Rich itself deletes from a `Text` (BEL, BS, VT, FF, CR), as their visible
# pictures: one character for one, so document offsets into the string stay right.
_RICH_STRIPS = str.maketrans({code: chr(0x2400 + code) for code in (7, 8, 11, 12, 13)})

# What `for_terminal` may change, one character at a time (CR and, on one line, tab and
# newline included: the replacement of each is asked of `for_terminal` itself).
_CANDIDATES = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def keep_offsets(plain: str) -> str:
    """``plain`` with the controls Rich would delete shown instead, character for character:
    for a `Text` that is then styled by offsets into ``plain`` (and passed to `safe_text`)."""
    return plain.translate(_RICH_STRIPS)


def safe_text(text: Text, *, keep_newlines: bool = True) -> Text:
    """``text`` with every control and bidi character made visible, spans kept on their
    characters. Returns ``text`` itself when there is nothing to change (the common case:
    one regex scan, no copy). ``keep_newlines=False`` is for one-line places (a row)."""
    plain = text.plain
    pieces: list[str] = []
    # (offset in the old text, growth so far once past it), for moving the spans.
    moves: list[tuple[int, int]] = []
    last = 0
    growth = 0
    for match in _CANDIDATES.finditer(plain):
        char = match[0]
        visible = for_terminal(char, keep_newlines=keep_newlines)
        if visible == char:
            continue
        start = match.start()
        pieces.append(plain[last:start])
        pieces.append(visible)
        last = start + 1
        growth += len(visible) - 1
        moves.append((start, growth))
    if not moves:
        return text
    pieces.append(plain[last:])
    out = text.blank_copy("".join(pieces))

    positions = [position for position, _ in moves]

    def moved(offset: int) -> int:
        # Plus the growth of every replacement strictly before ``offset``.
        before = bisect_left(positions, offset)
        return offset + (moves[before - 1][1] if before else 0)

    out.spans = [Span(moved(s.start), moved(s.end), s.style) for s in text.spans]
    return out
