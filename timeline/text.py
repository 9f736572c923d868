"""Plain text, split once: sentences, word sets, number words and regex builders for names.

Everything here reads ``str`` and returns offsets, sets and regex source, and imports only the
standard library, so any module of the engine can use it (the temporal tagger, the entity
tagger, the segmenter) without pulling in another.

**Sentences.** `paragraph_spans` cuts a text at blank lines and heading lines, then each
paragraph into sentences (`sentence_spans`); every span is trimmed of surrounding whitespace
and satisfies ``text[start:end]`` being what it claims, so callers can cite and highlight. The
splitter is rule-based and single-pass: candidate terminators (``.``, ``!``, ``?``, ``…``,
optionally followed by closing quotes/brackets) are found with one linear regex, and each is
judged by the word before it (abbreviations, initials) and the word after it (a lowercase
continuation never starts a sentence). Two repair passes then fix what news copy throws at us:
punctuation-only "sentences" (``damaged. . The``) and names split by a stray period
(``Antony. Blinken.``). `timeline.segment` wraps these spans in models; the temporal engine
reads only where sentences start (`sentence_starts`).

**Regex builders.** `alternation` and `trie_pattern` turn word lists into regex source without
nested unbounded quantifiers; `WS` is the whitespace a name may contain (never a blank line).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Protocol

__all__ = [
    "NUMBER_WORDS",
    "TENS_WORDS",
    "UNIT_WORDS",
    "WS",
    "Located",
    "Span",
    "alternation",
    "inside_quotation",
    "paragraph_spans",
    "sentence_spans",
    "sentence_starts",
    "trie_pattern",
    "words",
]

Span = tuple[int, int]
ParagraphSpans = tuple[Span, list[Span]]


def words(spaced: str) -> frozenset[str]:
    """A word set written as one whitespace-separated string, which reads better than a list."""
    return frozenset(spaced.split())


# ───────────────────────────────────────── number words ──────────────────────────────────────────

UNIT_WORDS = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
)
TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# The cardinal number words: "zero" … "nineteen", "twenty" … "ninety".
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(UNIT_WORDS)} | {
    w: 20 + 10 * i for i, w in enumerate(TENS_WORDS)
}

# ──────────────────────────────────────── regex builders ─────────────────────────────────────────

# Whitespace inside a paragraph: names may wrap onto the next line, never across a blank line.
WS = r"(?:[^\S\n]+\n?|\n)[^\S\n]*"


def report_date_before(verbs: Iterable[str], fillers: Iterable[str]) -> re.Pattern[str]:
    """What stands right before the date of a report: a verb of saying as written, in lower
    case ("the ministry said on Tuesday"; "the United States on 25 October" is none), with at
    most two ``fillers`` ("said in a statement on Friday"), or "told" and up to four words of
    whom ("told a Malian radio station in December", "told a Thai newspaper a week later");
    then "on"/"in", if any. `timeline.roles` reads
    a report date with it, and the temporal engine a day the story does not move to."""
    said = alternation(verbs, space=r"\s+")
    # Where it was said, a name: "the minister said in Lima in November".
    where = r"(?:in|at)\s+(?-i:[A-Z][\w'’-]+)(?:\s+(?-i:[A-Z][\w'’-]+))?"
    listed = alternation(fillers, space=r"\s+")
    padding = f"(?:{listed}|{where})"
    return re.compile(
        rf"(?i)(?<!\w)(?:(?-i:{said})(?:\s+(?:{padding})){{0,2}}\s*,?\s*"
        r"|(?-i:told|tells)(?:\s+[\w'’-]+){1,4}?\s+)"
        r"(?:(?:late|early)\s+)?(?:on\s+|in\s+)?$"
    )


def alternation(strings: Iterable[str], space: str | None = None) -> str:
    """Literal strings as one regex group, longest first (a longer string wins over its prefix).

    With ``space``, each space of a string matches that regex (`WS`, ``\\s+``) instead.
    """
    forms = (re.escape(s) for s in sorted(strings, key=len, reverse=True))
    if space is not None:
        forms = (f.replace(r"\ ", space) for f in forms)
    return "(?:" + "|".join(forms) + ")"


_SPACE, _LOOSE_SPACE = "\x00", "\x01"


def trie_pattern(strings: Iterable[tuple[str, bool]]) -> str:
    """One regex matching any of the strings, longest first, in time independent of their count.

    ``(text, loose)``: a space matches `WS`; in a loose string (a person's name) it also
    tolerates a period before it; an apostrophe matches both ' and ’. A plain alternation of a
    thousand names would be tried branch by branch at every position; a trie shares prefixes,
    so each position costs about one character comparison.
    """
    return _trie_node(_trie(strings)) or "(?!)"


def _trie(strings: Iterable[tuple[str, bool]]) -> dict[str, dict]:
    root: dict[str, dict] = {}
    for text, loose in strings:
        node = root
        for char in text:
            if char == " ":
                char = _LOOSE_SPACE if loose else _SPACE
            elif char == "’":
                char = "'"
            node = node.setdefault(char, {})
        node[""] = {}
    return root


def word_trie_pattern(strings: Iterable[tuple[str, bool]]) -> str:
    r"""`trie_pattern` as whole words: the regex of ``(?<!\w)(?:TRIE)(?!\w)``, matching the
    same text at the same places, written so that the regex engine skips to where one of the
    strings' first characters stands instead of trying every position.

    The engine does that for a pattern whose alternatives each begin with a literal
    character; a leading ``(?<!\w)`` hides them. So the check moves past each first
    character, as ``(?<!\w[\s\S])``: "the character before this one is no word
    character", what ``(?<!\w)`` asked one character earlier (at the text's start both
    succeed). An alternative whose first atom is not one character (a space, an apostrophe)
    keeps the check in front of it. The alternatives, their order and what each matches are
    those of the trie, so every match is the same.
    """
    root = _trie(strings)
    if "" in root:  # the empty string: no first character to move the check past
        return rf"(?<!\w)(?:{_trie_node(root) or '(?!)'})(?!\w)"
    branches = []
    for key in sorted(k for k in root if k):
        atom, rest = _trie_atom(key), _trie_node(root[key])
        if key in (_SPACE, _LOOSE_SPACE, "'"):
            branches.append(rf"(?<!\w){atom}{rest}")
        else:
            branches.append(rf"{atom}(?<!\w[\s\S]){rest}")
    if not branches:
        return r"(?!)"
    return "(?:" + "|".join(branches) + r")(?!\w)"


def word_matches_of(text: str, strings: Iterable[tuple[str, bool]]) -> list[tuple[int, int]]:
    """The spans ``re.compile(word_trie_pattern(strings)).finditer(text)`` gives, without
    compiling a pattern: a document's names change from one document to the next, and
    compiling a trie of them cost more than finding them (5% of a TimeBank export). Each
    string's first word is found with ``str.find``, the rest read at each place it stands
    (a space as `WS`, a loose one with a period before it, an apostrophe as either), and
    the leftmost, then longest, wins as in the trie. Strings are non-empty, all loose or all
    strict, and hold no whitespace but single spaces (as `normalize` leaves names): there the
    trie's alternation order and "longest" cannot differ (tests/test_text.py checks it)."""
    strings = list(strings)
    if len(strings) * len(text) > _FIND_BUDGET:
        # Many names over a long text: one pass of their trie beats a pass per name.
        return [m.span() for m in _trie_of(tuple(sorted(set(strings)))).finditer(text)]
    longest: dict[int, int] = {}
    for string, loose in strings:
        parts = _word_parts(string, loose)
        if parts is None:  # a space or an apostrophe at an end or twice: the regex reads it
            found = _overlapping(_word_pattern(string, loose), text)
        else:
            found = _find_parts(text, parts)
        for start, end in found:
            if end > longest.get(start, -1):
                longest[start] = end
    spans = []
    reached = 0
    for start in sorted(longest):
        if start >= reached:
            spans.append((start, longest[start]))
            reached = longest[start]
    return spans


def _overlapping(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """Every place ``pattern`` matches, also inside another of its matches."""
    pos = 0
    while (found := pattern.search(text, pos)) is not None:
        yield found.span()
        pos = found.start() + 1


_WS_RE = re.compile(WS)
_WORD_CHAR = re.compile(r"\w")


def _find_parts(text: str, parts: tuple[tuple[str, str], ...]) -> Iterator[tuple[int, int]]:
    """Every place the string of ``parts`` stands as whole words (see `_word_parts`)."""
    first = parts[0][1]
    at = text.find(first)
    while at != -1:
        if at == 0 or not _WORD_CHAR.match(text, at - 1):
            end = at + len(first)
            whole = True
            for sep, literal in parts[1:]:
                after = _after_separator(text, end, sep)
                if after is None or not text.startswith(literal, after):
                    whole = False
                    break
                end = after + len(literal)
            if whole and not _WORD_CHAR.match(text, end):
                yield at, end
        at = text.find(first, at + 1)


def _after_separator(text: str, pos: int, sep: str) -> int | None:
    """Where the text goes on after a separator at ``pos``: " " a `WS` run, "." a period or
    none and a `WS` run, "'" either apostrophe; None when it is not there."""
    if sep == "'":
        return pos + 1 if text[pos : pos + 1] in ("'", "’") else None
    if sep == "." and text[pos : pos + 1] == ".":
        dotted = _WS_RE.match(text, pos + 1)
        if dotted is not None:
            return dotted.end()
    run = _WS_RE.match(text, pos)
    return run.end() if run is not None else None


@lru_cache(maxsize=16384)
def _word_parts(string: str, loose: bool) -> tuple[tuple[str, str], ...] | None:
    """``string`` as its literal runs, each with the separator before it ("" for the first;
    " " a space, "." a loose space, "'" an apostrophe); None when a separator stands at an end
    or next to another (read by the regex instead)."""
    parts: list[tuple[str, str]] = []
    sep, literal = "", ""
    for char in string:
        if char in " '’":
            if not literal:
                return None
            parts.append((sep, literal))
            sep, literal = ("'" if char in "'’" else "." if loose else " "), ""
        else:
            literal += char
    if not literal:
        return None
    parts.append((sep, literal))
    return tuple(parts)


# Names × characters past which `word_matches_of` compiles the names' trie instead.
_FIND_BUDGET = 20_000_000


@lru_cache(maxsize=32)
def _trie_of(strings: tuple[tuple[str, bool], ...]) -> re.Pattern[str]:
    return re.compile(word_trie_pattern(strings))


@lru_cache(maxsize=4096)
def _word_pattern(string: str, loose: bool) -> re.Pattern[str]:
    return re.compile(word_trie_pattern([(string, loose)]))


def _trie_atom(char: str) -> str:
    if char == _SPACE:
        return WS
    if char == _LOOSE_SPACE:
        return r"\.?" + WS
    if char == "'":
        return "['’]"
    return re.escape(char)


def _trie_node(node: dict[str, dict]) -> str:
    branches = [_trie_atom(k) + _trie_node(node[k]) for k in sorted(k for k in node if k)]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A string may end here: the greedy "?" still tries the longer strings first.
    return f"(?:{body})?" if "" in node else body


# ─────────────────────────────────────────── sentences ───────────────────────────────────────────

# A blank line: a newline, a line holding only (non-newline) whitespace, then any whitespace.
# Paragraphs are trimmed afterwards, so swallowing all trailing whitespace is harmless, and it
# keeps the pattern free of nested repetition (long runs of blank lines stay linear).
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")

# A run of terminators, possibly spaced (". . ." or the stray ". ." in news copy), then closing
# quotes/brackets. The space class and the terminator class are disjoint, so matching is linear.
_TERMINATOR = re.compile(r"[.!?…]+(?:[^\S\n]+[.!?…]+)*[\"'”’»)\]]*")

_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«([„"
# How far back to look for the word before a terminator; longer "words" are never abbreviations.
_MAX_WORD = 64

# Bounds on a sentence and a paragraph, far above any real one (the longest in our corpora: a
# 3,900-character infobox read as one sentence, an 11,000-character TimeML text with no blank
# line). A text with no stop or no blank line at all (a log, a million short lines, 50 MB on
# one line) would otherwise be a single sentence or paragraph, and everything done once per
# sentence or paragraph over its whole length would take quadratic time. A longer sentence is
# cut at line ends (else at a space, else anywhere); a longer paragraph between sentences.
MAX_SENTENCE = 10_000
MAX_PARAGRAPH = 50_000


# Never end a sentence: titles and abbreviations that are followed by more of the sentence.
_NEVER_SPLIT = words("""
    dr mr mrs ms messrs mme mlle prof gen lt col maj sgt capt cpt cpl pvt adm cmdr brig gov
    sen rep rev fr hon pres supt insp det st mt vs v e.g i.e cf approx viz
    """)
# Not a sentence end when a number follows: "No. 10", "Sept. 11", "Vol. 2".
_BEFORE_NUMBER = words("no nos vol art fig pp p jan feb mar apr jun jul aug sep sept oct nov dec")
# Ambiguous: ends a sentence only when a typical sentence opener follows ("in the U.S. The").
_AMBIGUOUS = words("inc ltd corp co bros jr sr al ft")
_TIME_OF_DAY = words("a.m p.m")

_SENTENCE_STARTERS = words("""
    the a an this that these those it its he she they we i you his her their our my your
    but and or so yet however meanwhile in on at after before when while although though if
    as there then now today yesterday tomorrow also still according some many most both each
    other such what why how who where since during for from with without
    """)
# Capitalised words after "p.m." that continue the sentence ("3 p.m. Friday").
_CALENDAR_WORDS = words("""
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december local
    """)
# One-word sentences that are real sentences, not the tail of a name cut by a stray period.
_INTERJECTIONS = words("""
    yes no nothing exactly indeed thanks right okay ok absolutely never none correct true agreed
    fine good sure really why what how when where who maybe perhaps enough again done
    """)

_DOTTED_ACRONYM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_FRAGMENT_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_HEADING_MARK = re.compile(r"#{1,6}\s")
# The word after a terminator: up to `_MAX_WORD` characters past the whitespace.
_NEXT_WORD = re.compile(rf"\s*(\S{{0,{_MAX_WORD}}})")
_ALNUM = re.compile(r"[^\W_]")  # a letter or digit (``str.isalnum``)


def paragraph_spans(text: str) -> list[ParagraphSpans]:
    """The paragraphs of ``text``, each as its span and the spans of its sentences."""
    paragraphs: list[ParagraphSpans] = []
    pos = 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        _add_block(text, pos, brk.start(), paragraphs)
        pos = brk.end()
    _add_block(text, pos, len(text), paragraphs)
    return paragraphs


class Located(Protocol):
    """Anything with a start offset: a `timeline.models.Sentence`, for one."""

    @property
    def start(self) -> int: ...


def sentence_starts(
    text: str,
    sentences: Iterable[Span | Located] | None = None,
    near: Sequence[int] | None = None,
) -> list[int]:
    """Where the sentences of ``text`` start, in order, always beginning with 0.

    ``sentences`` are the spans (or `Sentence` models) a caller has already split ``text``
    into; None splits here with `paragraph_spans`, or, given ``near`` (sorted offsets), only
    the paragraphs that hold one of them (the others count as one sentence each: nothing is
    asked of them). Offset 0 is added when the text opens with space, so that every offset
    lies in the sentence of the last start at or before it.
    """
    if sentences is None and near is not None:
        found = _starts_near(text, near)
    elif sentences is None:
        found = [s for _, spans in paragraph_spans(text) for s, _ in spans]
    else:
        found = [s[0] if isinstance(s, tuple) else s.start for s in sentences]
    return [0, *sorted(s for s in found if s > 0)]


def _starts_near(text: str, near: Sequence[int]) -> list[int]:
    """Sentence starts of the paragraphs that hold an offset of ``near``; paragraph starts
    of the others."""
    found: list[int] = []
    pos = 0
    blocks = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(text)]
    blocks.append((len(text), len(text)))
    for end, after in blocks:
        i = bisect.bisect_left(near, pos)
        if i < len(near) and near[i] < end:
            paragraphs: list[ParagraphSpans] = []
            _add_block(text, pos, end, paragraphs)
            found.extend(s for _, spans in paragraphs for s, _ in spans)
        else:
            found.append(_trim(text, pos, end)[0])
        pos = after
    return found


def _trim(text: str, start: int, end: int) -> Span:
    """Shrink ``[start, end)`` past surrounding whitespace (``start == end`` when blank)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _add_block(text: str, start: int, end: int, out: list[ParagraphSpans]) -> None:
    """Append the paragraph(s) of one blank-line-delimited block, split off heading lines."""
    start, end = _trim(text, start, end)
    if start == end:
        return
    for p_start, p_end in _split_headings(text, start, end):
        p_start, p_end = _trim(text, p_start, p_end)
        if p_start < p_end:
            sentences = _sentences(text, p_start, p_end)
            if p_end - p_start <= MAX_PARAGRAPH:
                out.append(((p_start, p_end), sentences))
            else:
                out.extend(_cut_paragraph(sentences))


def _split_headings(text: str, start: int, end: int) -> list[Span]:
    """Cut a block before and after heading lines that sit on their own line.

    A title typed directly above its first paragraph ("Check Also\\nErdogan says ...") is a
    paragraph of its own even without a blank line between them.
    """
    if text.find("\n", start, end) < 0:
        return [(start, end)]
    lines: list[Span] = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        lines.append((pos, line_end))
        if nl < 0:
            break
        pos = nl + 1
    pieces: list[Span] = []
    piece_start = start
    for i, (l_start, l_end) in enumerate(lines[:-1]):
        line = text[l_start:l_end].strip()
        prev = text[lines[i - 1][0] : lines[i - 1][1]].strip() if i else ""
        nxt = text[lines[i + 1][0] : lines[i + 1][1]].strip()
        if _is_heading(line, prev, nxt):
            if l_start > piece_start:
                pieces.append((piece_start, l_start))
            pieces.append((l_start, l_end))
            piece_start = lines[i + 1][0]
    pieces.append((piece_start, end))
    return pieces


def _is_heading(line: str, prev: str, nxt: str) -> bool:
    """Whether ``line`` (with ``prev`` above and ``nxt`` below) reads as a heading or title."""
    if not line:
        return False
    if _HEADING_MARK.match(line):
        return True
    if len(line) > 80 or line[-1] in ".,;:!?…-–—" or line[-1] in _CLOSERS:
        return False
    # Mid-block, a heading can only follow a finished sentence.
    if prev and prev.rstrip(_CLOSERS)[-1:] not in (".", "!", "?", "…", ":"):
        return False
    first = nxt.lstrip(_OPENERS)[:1]
    if not first or not (first.isupper() or first.isdigit()):
        return False
    letters = [ch for ch in line if ch.isalpha()]
    if not letters or not line[0].isupper():
        return False
    # In hard-wrapped prose a line breaks only where the next word would not fit. If it would
    # have fitted (within the next line's width, or 40 columns), the break is deliberate.
    next_word = nxt.split(maxsplit=1)[0]
    if len(line) + 1 + len(next_word) > max(len(nxt), 40):
        return False
    if all(ch.isupper() for ch in letters) and len(letters) > 1:
        return True
    # Title Case: every word of four letters or more is capitalised ("About William Ferguson").
    long_words = [w for w in line.split() if sum(ch.isalpha() for ch in w) >= 4]
    return len(long_words) >= 2 and all(w.lstrip(_OPENERS)[:1].isupper() for w in long_words)


def _word_before(text: str, pos: int, floor: int) -> str:
    """The whitespace-delimited word ending at ``pos``, minus quotes/brackets around it."""
    limit = max(floor, pos - _MAX_WORD)
    window = text[limit:pos]
    if not window or window[-1].isspace():
        return ""
    word = window.rsplit(None, 1)[-1]
    if len(word) == len(window) and limit > floor and not text[limit - 1].isspace():
        return ""  # a very long token: not an abbreviation
    return word.lstrip(_OPENERS).rstrip(_CLOSERS)


def _at_line_start(text: str, pos: int, floor: int) -> bool:
    """Whether only spaces lie between ``pos`` and the start of its line (or paragraph)."""
    i = pos - 1
    while i >= floor and text[i] in " \t":
        i -= 1
    return i < floor or text[i] == "\n"


def _is_boundary(text: str, match: re.Match[str], p_start: int, p_end: int) -> bool:
    """Whether the terminator run ``match`` ends a sentence."""
    after = match.end()
    if after >= p_end:
        return True
    if not text[after].isspace():
        return False  # "U.S.-backed", "3.5", "fight.”Then"
    # The next word, without opening quotes (and whether a quote opened it).
    found = _NEXT_WORD.match(text, after, p_end)
    raw = found[1] if found else ""
    word = raw.lstrip(_OPENERS)
    quoted = len(word) != len(raw)
    first = word[:1]
    if first.islower():
        return False  # "“Why?” he asked", "happening. happen,” he added"
    run = match.group()
    if run == ".":
        return _period_is_boundary(text, match.start(), p_start, word, quoted)
    core = "".join(run.split()).rstrip(_CLOSERS)
    if "!" in core or "?" in core:
        return True
    if "…" in core or core.count(".") >= 3:
        # An ellipsis ends a sentence only when a capitalised sentence follows.
        return first.isupper() or (quoted and not first.isdigit())
    return _period_is_boundary(text, match.start(), p_start, word, quoted)


# A place's time after a time of day: "5 a.m. Moscow time", "9 p.m. Kyiv Time".
_ZONE_TIME = re.compile(r"\s+[A-Z][\w'’-]*\s+[Tt]ime\b")


def _period_is_boundary(text: str, dot: int, p_start: int, word: str, quoted: bool) -> bool:
    """Judge a plain period at ``dot`` followed by ``word`` (not lowercase)."""
    before = _word_before(text, dot, p_start)
    if not before:
        return True
    key = before.lower()
    if key in _NEVER_SPLIT:
        return False
    if key in _BEFORE_NUMBER:
        return not word[:1].isdigit()
    next_key = word.rstrip(".,;:!?…" + _CLOSERS).lower()
    if key in _TIME_OF_DAY:
        # "at 3 p.m. Friday" and "at 5 a.m. Moscow time" continue; "at 3 p.m. The army" does
        # not.
        zone = _ZONE_TIME.match(text, dot + 1) is not None
        return not (next_key in _CALENDAR_WORDS or (word.isupper() and len(word) <= 4) or zone)
    starter = next_key in _SENTENCE_STARTERS
    if key in _AMBIGUOUS:
        return starter or quoted
    if len(before) == 1 and before.isupper():
        return starter  # an initial: "George W. Bush", "J. R. R. Tolkien"
    if "." in before and _DOTTED_ACRONYM.fullmatch(before):
        return starter or quoted  # "the U.S. Army" vs "in the U.S. The"
    # A short number at the start of a line is a list enumerator: "1. First point".
    return not (
        before.isdigit() and len(before) <= 3 and _at_line_start(text, dot - len(before), p_start)
    )


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The sentences of the one paragraph ``text[start:end]``, as trimmed ``(start, end)`` spans.

    Blank lines and headings are not looked for here (`paragraph_spans` does that first).
    """
    return _sentences(text, *_trim(text, start, len(text) if end is None else end))


def _sentences(text: str, p_start: int, p_end: int) -> list[Span]:
    """`sentence_spans` of a paragraph already trimmed."""
    spans: list[Span] = []
    pos = p_start
    for match in _TERMINATOR.finditer(text, p_start, p_end):
        if _is_boundary(text, match, p_start, p_end):
            s, e = _trim(text, pos, match.end())
            if s < e:
                spans.append((s, e))
            pos = match.end()
    s, e = _trim(text, pos, p_end)
    if s < e:
        spans.append((s, e))
    if len(spans) >= 2:
        spans = _merge_stray_periods(text, _merge_punctuation_only(text, spans))
    if any(e - s > MAX_SENTENCE for s, e in spans):
        spans = [piece for s, e in spans for piece in _cut_sentence(text, s, e)]
    return spans


def _cut_paragraph(sentences: list[Span]) -> list[ParagraphSpans]:
    """A paragraph longer than `MAX_PARAGRAPH`, as consecutive runs of its sentences that
    each span at most that much (a run holds one sentence at least)."""
    out: list[ParagraphSpans] = []
    run: list[Span] = []
    for span in sentences:
        if run and span[1] - run[0][0] > MAX_PARAGRAPH:
            out.append(((run[0][0], run[-1][1]), run))
            run = []
        run.append(span)
    if run:
        out.append(((run[0][0], run[-1][1]), run))
    return out


def _cut_sentence(text: str, start: int, end: int) -> list[Span]:
    """A sentence longer than `MAX_SENTENCE` as pieces of at most that much: each cut at the
    last line end within reach, else the last space, else at the bound itself."""
    pieces: list[Span] = []
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = text.rfind("\n", start + 1, limit)
        if cut < 0:
            cut = max(text.rfind(" ", start + 1, limit), text.rfind("\t", start + 1, limit))
        if cut <= start:
            cut = limit
        s, e = _trim(text, start, cut)
        if s < e:
            pieces.append((s, e))
        start = cut
    s, e = _trim(text, start, end)
    if s < e:
        pieces.append((s, e))
    return pieces


def _merge_punctuation_only(text: str, spans: list[Span]) -> list[Span]:
    """Fold spans without a letter or digit (a lone ".") into their neighbour."""
    out: list[Span] = []
    pending: int | None = None  # start of leading punctuation-only spans, merged forward
    for s, e in spans:
        if not _ALNUM.search(text, s, e):
            if out:
                out[-1] = (out[-1][0], e)
            elif pending is None:
                pending = s
            continue
        if pending is not None:
            s, pending = pending, None
        out.append((s, e))
    if pending is not None:
        # Nothing in the paragraph has a letter or digit: keep it whole rather than lose it.
        out.append((pending, spans[-1][1]))
    return out


def _is_name_fragment(sentence: str) -> bool:
    """A one- or two-word capitalised "sentence" ending in a period, like "Blinken."."""
    body = sentence.lstrip(_OPENERS).rstrip(_CLOSERS)
    if not body.endswith(".") or body.endswith(".."):
        return False
    words = body[:-1].split()
    if not 1 <= len(words) <= 2:
        return False
    if words[0].lower() in _INTERJECTIONS or words[0].lower() in _SENTENCE_STARTERS:
        return False
    return all(_FRAGMENT_WORD.fullmatch(w) and w[0].isupper() for w in words)


def _ends_with_capitalised_word(sentence: str) -> bool:
    """Whether ``sentence`` ends "… Antony." (a capitalised word and a bare period)."""
    if not sentence.endswith(".") or sentence.endswith(".."):
        return False
    last = sentence[:-1].split()[-1:] if sentence[:-1].strip() else []
    return bool(last) and last[0][:1].isupper() and last[0].isalpha()


def _merge_stray_periods(text: str, spans: list[Span]) -> list[Span]:
    """Rejoin names cut by a stray period: "… Antony. Blinken." is one sentence."""
    out: list[Span] = []
    for s, e in spans:
        if (
            out
            and _is_name_fragment(text[s:e])
            # Only its end is read: the sentence so far can be long (many fragments joined).
            and _ends_with_capitalised_word(text[max(out[-1][0], out[-1][1] - 256) : out[-1][1]])
        ):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


_QUOTE_MARK = re.compile('["“”]')


def inside_quotation(text: str, start: int, pos: int) -> bool:
    """Whether ``pos`` lies inside a quotation opened since ``start`` (a sentence's start for
    the temporal engine; a paragraph's for the roles of dates, as a quotation can run over
    several sentences).

    The quotation marks are counted by bisection in their positions (found once per text),
    not by copying the text so far: a "sentence" can be a whole document with no stop.
    """
    marks = _quote_marks(text)

    def count(mark: str) -> int:
        at = marks[mark]
        return bisect.bisect_left(at, pos) - bisect.bisect_left(at, start)

    return count('"') % 2 == 1 or count("“") > count("”")


@lru_cache(maxsize=2)
def _quote_marks(text: str) -> dict[str, list[int]]:
    """The offsets of each quotation mark of ``text`` (the last texts asked about are kept)."""
    marks: dict[str, list[int]] = {'"': [], "“": [], "”": []}
    for m in _QUOTE_MARK.finditer(text):
        marks[m[0]].append(m.start())
    return marks
