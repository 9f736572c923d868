"""Text from strangers, made safe to show: the one sanitiser at the boundary (issue 11).

Article text, titles, file names, sidecar values and gazetteer names come from people we do not
trust. Before any of it reaches a terminal (the screen, stderr, a terminal-bound stdout, the
OSC 52 clipboard payload) or a text export, control characters and bidirectional overrides are
made visible, so that nothing in a document can act as a control sequence:

* C0 controls (U+0000–U+001F) except the whitespace a format allows, DEL (U+007F) and C1
  controls (U+0080–U+009F: U+009B is a one-byte CSI, U+009D a one-byte OSC) become their
  visible Unicode "control picture" or a ``\\xNN`` escape: ESC is shown as ``␛``;
* bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the
  invisible marks that can reorder a line (U+200E, U+200F, U+061C) become ``\\u202e``-style
  escapes, so "txt.exe" cannot pose as "exe.txt";
* lone surrogates (from undecodable file names) become ``\\udcXX`` escapes.

Everything else, including every printable character of every script, passes unchanged.
"""

from __future__ import annotations

import re

__all__ = ["clean_line", "for_terminal", "has_controls"]

# C0 except tab/newline/CR (decided per call), DEL, C1, bidi controls, lone surrogates.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_UNSAFE_WITH_WHITESPACE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _visible(match: re.Match[str]) -> str:
    char = match[0]
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (ESC is ␛)
    if code == 0x7F:
        return "\u2421"  # ␡
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def for_terminal(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` with every control character and bidi control made visible. Tabs and (when
    ``keep_newlines``) newlines and carriage returns are kept as whitespace; a lone CR could
    still overwrite a line, so it becomes a newline."""
    if keep_newlines:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return _UNSAFE.sub(_visible, text)
    return _UNSAFE_WITH_WHITESPACE.sub(_visible, text.replace("\t", " "))


def clean_line(text: str) -> str:
    """One line for a terminal: controls made visible and no line break left (a file name
    with a newline must not forge a second line on stderr)."""
    return for_terminal(text, keep_newlines=False)


def has_controls(text: str) -> bool:
    """Whether ``text`` holds anything `for_terminal` would change (tab and newline aside)."""
    return _UNSAFE.search(text) is not None or "\r" in text
