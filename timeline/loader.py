"""Turn paths on the command line into Documents, reporting problems instead of crashing.

Everything that can go wrong with a user's file (missing, unreadable, binary, badly encoded,
empty, malformed metadata) becomes a `Problem` naming the file; the good files still load.
Fatal problems mean the file was skipped; non-fatal ones mean it loaded with a caveat.

Formats: plain text (``.txt`` and anything named explicitly), Markdown (``.md``,
``.markdown``; cleaned to plain text) and TimeML (``.tml``, ``.tml.TE3input``). Any file can
carry a TOML sidecar (``a.toml`` beside ``a.txt``) whose metadata wins over what the file says.
A sidecar or front matter may set ``genre`` ("news" or "narrative"): how the temporal engine
anchors year-less and relative dates in that document. A ``url`` is kept only if it is a plain
http(s) address (`timeline.sources.web_url`); anything else is a warning and is ignored.

Hostile input is bounded (`Limits`, the config's ``[limits]``): a file over the size limit is
skipped with a message naming the limit; `EventBudget` caps the events kept per document and
in all where the pipeline collects them. Directory walks are iterative (no depth limit) and
read each directory once, by (device, inode), so symbolic link loops end.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.resources
import os
import re
import stat
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from timeline.models import Document, Genre, Problem
from timeline.sources import web_url
from timeline.timeml import TimeMLError, read_timeml

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Corpus",
    "EventBudget",
    "Limits",
    "discover",
    "load_corpus",
    "load_document",
    "seed_dir",
]

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown", ".tml", ".tml.TE3input")

_TIMEML_SUFFIXES = (".tml.te3input", ".tml")
_MARKDOWN_SUFFIXES = (".md", ".markdown")
# Longest first, so "a.tml.TE3input" loses its whole suffix, not just ".TE3input".
_SUFFIXES_BY_LENGTH = sorted((s.lower() for s in SUPPORTED_SUFFIXES), key=len, reverse=True)

MB = 1024 * 1024
# A news article is kilobytes, a book a few megabytes (the King James Bible is 4.3 MB); a file
# larger than this is a mistake (a disk image, a log, a dump) or hostile. Memory grows with the
# happenings a file dates: 6 MB of the densest prose we could write (a dated happening every
# hundred bytes, `scripts/bench_hostile.py --all`) peaks under 1 GB and reads in about half a
# minute; 16 MB of it took 98 s and 2 GB.
MAX_BYTES = 6 * MB
# No real document dates this many happenings, nor a real corpus this many in all.
MAX_EVENTS_PER_DOCUMENT = 100_000
MAX_EVENTS = 2_000_000
_SNIFF_BYTES = 8192
# Control bytes other than tab/newline/CR/form feed are rare in text in any 8-bit encoding.
_CONTROL_BYTES = bytes(sorted(frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}))
_CONTROL_SHARE = 0.10

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+\-Z ]*)?")
_TITLE_LINE_LIMIT = 150


@dataclass(frozen=True)
class Limits:
    """Bounds on the work a hostile input can cause (the config's ``[limits]`` table).

    The defaults never bite a real corpus; when one does, the file or the events beyond it
    get a `Problem` naming the file and the limit, and the run goes on.
    """

    max_file_bytes: int = MAX_BYTES
    max_events_per_document: int = MAX_EVENTS_PER_DOCUMENT
    max_events: int = MAX_EVENTS


T = TypeVar("T")
U = TypeVar("U")


@dataclass
class EventBudget:
    """The event caps of `Limits`, applied where a corpus's events are collected.

    ``take`` keeps at most ``max_events_per_document`` events (and as many undated
    expressions) of one document, and no more events in all than ``max_events``; each cut is
    a `Problem` naming the file, the limit and its config key. Once the total is reached the
    budget is ``exhausted``: the caller skips the documents left (`skip`, without analysing
    them) and adds `summary`, one message for all of them::

        budget = EventBudget(limits)
        for step in iter_documents(paths, limits):
            ...
            if budget.exhausted:
                budget.skip(document.path)
                continue
            analysis = analyze(document, tagger)
            kept, kept_undated, notes = budget.take(document.path, analysis.events,
                                                    analysis.undated)
        problems += budget.summary()
    """

    limits: Limits = field(default_factory=Limits)
    kept: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def exhausted(self) -> bool:
        return self.kept >= self.limits.max_events

    def take(
        self, path: str, events: Sequence[T], undated: Sequence[U] = ()
    ) -> tuple[Sequence[T], list[U], list[Problem]]:
        """The events and undated expressions of the document at ``path`` that fit, in the
        order given (the text's), and the problems saying what was dropped. ``events`` is
        returned as given when all of it fits (a lazily read sequence stays unread)."""
        problems: list[Problem] = []
        per_document = self.limits.max_events_per_document
        kept_events: Sequence[T] = (
            events if len(events) <= per_document else list(events[:per_document])
        )
        kept_undated = list(undated[:per_document])
        over = [f"{len(events):,} events"] if len(events) > per_document else []
        if len(undated) > per_document:
            over.append(f"{len(undated):,} undated expressions")
        if over:
            problems.append(
                Problem(
                    path=path,
                    message=f"{' and '.join(over)}, more than the limit of {per_document:,} for "
                    "one document (limits.max_events_per_document in the config): only the "
                    f"first {per_document:,} kept",
                    fatal=False,
                )
            )
        room = max(0, self.limits.max_events - self.kept)
        if len(kept_events) > room:
            problems.append(
                Problem(
                    path=path,
                    message=f"the corpus reached the limit of {self.limits.max_events:,} events "
                    f"(limits.max_events in the config): {len(kept_events) - room:,} events of "
                    "this file dropped, and the files after it are not read",
                    fatal=False,
                )
            )
            kept_events = list(kept_events[:room])
        self.kept += len(kept_events)
        return kept_events, kept_undated, problems

    def skip(self, path: str) -> None:
        """Note a document left unread because the budget is exhausted."""
        self.skipped.append(path)

    def summary(self) -> list[Problem]:
        """One problem for every document `skip` noted (none when there were none)."""
        if not self.skipped:
            return []
        more = len(self.skipped) - 1
        also = f" (and {more:,} more files)" if more else ""
        return [
            Problem(
                path=self.skipped[0],
                message=f"not read{also}: the corpus had reached the limit of "
                f"{self.limits.max_events:,} events (limits.max_events in the config); skipped",
                fatal=True,
            )
        ]


@dataclass
class Corpus:
    """The documents that loaded, and the problems met on the way (in discovery order)."""

    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Meta:
    """Metadata gathered from front matter, TimeML or a sidecar; None means "not given"."""

    title: str | None = None
    published: date | None = None
    language: str | None = None
    byline: str | None = None
    source: str | None = None
    url: str | None = None
    genre: Genre | None = None

    def update(self, other: _Meta) -> None:
        """Take every value ``other`` sets (later sources override earlier ones)."""
        for name in ("title", "published", "language", "byline", "source", "url", "genre"):
            value = getattr(other, name)
            if value is not None:
                setattr(self, name, value)


# --- finding files ------------------------------------------------------------------------


def seed_dir() -> Path:
    """The directory of bundled seed articles (wheel install first, then the checkout)."""
    try:
        bundled = importlib.resources.files("timeline") / "_seeds"
        if bundled.is_dir():
            # Only a real directory is usable as a Path; a zipped package falls through.
            candidate = Path(str(bundled))
            if candidate.is_dir():
                return candidate
    except (ModuleNotFoundError, OSError, TypeError, ValueError):
        pass
    return Path(__file__).resolve().parent.parent / "seeds"


def _matched_suffix(name: str) -> str | None:
    lowered = name.lower()
    for suffix in _SUFFIXES_BY_LENGTH:
        if lowered.endswith(suffix) and len(lowered) > len(suffix):
            return suffix
    return None


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


# Files a folder of articles carries about itself, not articles: a downloaded corpus's README
# or LICENSE read as an article gives rows such as "They have no publication date: give them a
# sidecar". Skipped in a folder walk, with a note; a file named on the command line is read.
CORPUS_NOTES = frozenset(
    {"readme", "license", "licence", "copying", "changelog", "changes", "authors", "contributing",
     "notice"}
)  # fmt: skip


def _is_corpus_note(name: str) -> bool:
    """ "README.md", "LICENSE.txt", "readme": the stem, before its first dot, in CORPUS_NOTES."""
    return name.split(".", 1)[0].lower() in CORPUS_NOTES


def _is_toml(path: Path) -> bool:
    return path.name.lower().endswith(".toml")


@dataclass
class _Directory:
    """A directory on the walk's stack, with the one it was found in (for loop reports)."""

    path: Path
    key: tuple[int, int]  # (st_dev, st_ino)
    parent: _Directory | None


def _walk(root: Path, problems: list[Problem]) -> list[Path]:
    """Supported, non-hidden files under ``root``, in a stable order.

    Iterative (a directory 1,000 levels deep is no deeper for a list than one level), and
    symbolic links to directories are followed once: each directory is read at most once,
    known by its (device, inode), so a link back to a directory above it (a loop) or two
    links to one directory cost nothing more; a loop is reported, by the link's name.
    """
    found: list[Path] = []
    try:
        info = root.stat()
    except OSError as exc:
        problems.append(_fatal(root, f"cannot list directory ({_os_reason(exc)}); skipped"))
        return found
    seen: set[tuple[int, int]] = {(info.st_dev, info.st_ino)}
    stack = [_Directory(root, (info.st_dev, info.st_ino), None)]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory.path) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            problems.append(
                _fatal(directory.path, f"cannot list directory ({_os_reason(exc)}); skipped")
            )
            continue
        below: list[_Directory] = []
        for entry in entries:
            name = entry.name
            if _is_hidden(name):
                continue
            path = directory.path / name
            try:
                is_dir = entry.is_dir()  # follows a symbolic link
            except OSError:
                is_dir = False
            if not is_dir:
                if name.lower().endswith(".toml") or _matched_suffix(name) is None:
                    continue
                if _is_corpus_note(name):
                    problems.append(
                        _warn(path, "the folder's own notes, not an article; skipped (name the "
                              "file to read it)")
                    )  # fmt: skip
                    continue
                found.append(path)
                continue
            try:
                target = entry.stat()  # the directory a link leads to
            except OSError as exc:
                problems.append(_fatal(path, f"cannot list directory ({_os_reason(exc)}); skipped"))
                continue
            key = (target.st_dev, target.st_ino)
            if key in seen:
                if entry.is_symlink() and _is_ancestor(directory, key):
                    problems.append(
                        _warn(
                            path,
                            "symbolic link loop (leads back to a folder above it); not followed",
                        )
                    )
                continue  # read once already, under another name
            seen.add(key)
            below.append(_Directory(path, key, directory))
        stack.extend(reversed(below))
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def _is_ancestor(directory: _Directory | None, key: tuple[int, int]) -> bool:
    """Whether ``key`` is ``directory`` or one of the directories it was found under."""
    while directory is not None:
        if directory.key == key:
            return True
        directory = directory.parent
    return False


def discover(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand ``paths`` into the files to load, with a problem for each path that is missing.

    Directories are searched recursively (hidden entries and TOML sidecars skipped, a
    folder's own notes such as README skipped with a note, only supported suffixes taken); a
    file named explicitly is taken whatever its suffix, since the user asked for it. Each file
    appears once, in the order given.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    named = [Path(p) for p in paths]

    def add(path: Path) -> None:
        key = _identity(path)
        if key not in seen:
            seen.add(key)
            files.append(path)

    claimed: dict[Path, set[Path]] = {}  # per directory, the sidecars its files would read
    for path in named:
        if path.is_dir():
            for found in _walk(path, problems):
                add(found)
        elif path.exists():
            if _is_toml(path):
                # A shell glob (``seeds/*``) names sidecars too: they are metadata, read along
                # with their article, so only a sidecar without one deserves a word.
                if path.parent not in claimed:
                    claimed[path.parent] = _claimed_sidecars(path.parent)
                if path not in claimed[path.parent]:
                    problems.append(
                        _fatal(path, "metadata sidecar with no article beside it; skipped")
                    )
                continue
            add(path)
        elif path.is_symlink():
            problems.append(Problem(path=str(path), message="broken symbolic link; skipped"))
        else:
            problems.append(Problem(path=str(path), message="no such file or directory"))
    return files, problems


def _identity(path: Path) -> Path:
    """A key under which two spellings of one file compare equal."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _claimed_sidecars(directory: Path) -> set[Path]:
    """Every path that some file in ``directory`` would read as its metadata sidecar.

    Computed once per directory: ``conflict-tui dir/*`` names thousands of sidecars, and
    listing the directory again for each one made discovery quadratic (42 s for 3,000).
    """
    try:
        siblings = list(directory.iterdir())
    except OSError:
        return set()
    return {c for s in siblings for c in _sidecar_candidates(s) if c != s}


# --- reading one file ---------------------------------------------------------------------


def _os_reason(exc: OSError) -> str:
    """A brief, lower-case reason for an OS error ("permission denied")."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    reason = exc.strerror or type(exc).__name__
    return reason[:1].lower() + reason[1:]


def _looks_binary(data: bytes) -> bool:
    head = data[:_SNIFF_BYTES]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # in C, not per byte
    return controls / len(head) > _CONTROL_SHARE


_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _decode(data: bytes) -> tuple[str | None, str | None, bool]:
    """Decode file bytes: (text, warning, is_binary).

    UTF-8 (with or without BOM) and BOM-marked UTF-16/32 are exact; anything else is decoded
    leniently with a warning, because a slightly garbled article beats no article.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            warning = None
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                text = data.decode(encoding, errors="replace")
                label = encoding.removesuffix("-sig").upper()
                warning = f"not valid {label}; decoded with replacement characters"
            # Some binary formats happen to start with BOM-like bytes: judge what they decode to.
            if _looks_binary(text.encode("utf-8", errors="replace")):
                return None, None, True
            return text, warning, False
    if _looks_binary(data):
        return None, None, True
    try:
        return data.decode("utf-8"), None, False
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "not valid UTF-8; decoded as cp1252", False
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        return text, "not valid UTF-8; decoded with replacement characters", False


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _parse_date(value: Any) -> date | None:
    """A TOML date/datetime, or a "YYYY-MM-DD" / ISO datetime string, as a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        match = _ISO_DATE.fullmatch(value.strip())
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return None
    return None


# --- Markdown -----------------------------------------------------------------------------

_FRONT_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
# Link text cannot contain brackets and targets allow one level of parentheses
# ("wiki/Foo_(bar)"): each attempt stops at the next bracket, keeping long lines linear.
_TARGET = r"\((?:[^()\n]|\([^()\n]*\))*\)"
_IMAGE = re.compile(r"!\[[^\[\]\n]*\]" + _TARGET)
_IMAGE_LINE = re.compile(r"[ \t]*(?:" + _IMAGE.pattern + r"[ \t]*)+")
_LINKED_IMAGE_LINE = re.compile(r"[ \t]*\[" + _IMAGE.pattern + r"\]" + _TARGET + r"[ \t]*")
_LINK = re.compile(r"\[([^\[\]\n]*)\]" + _TARGET)
_REF_LINK = re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_REF_DEFINITION = re.compile(r"[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S.*")
_HEADING = re.compile(r"[ ]{0,3}#{1,6}(?:[ \t]+|$)")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_RULE = re.compile(r"[ ]{0,3}(?:(?:[-=][ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})")
_BLOCKQUOTE = re.compile(r"^[ ]{0,3}(?:>[ \t]?)+")
_BULLET = re.compile(r"^([ \t]*)[-*+][ \t]+")
# The content excludes the marker character, so an unclosed "**" scans only to the next "*"
# and long lines stay linear (bold text containing italics keeps its markers: acceptable).
_STRONG_STARS = re.compile(r"\*\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*\*")
_STRONG_UNDERSCORES = re.compile(r"__(?=[^\s_])([^_\n]+?)(?<=[^\s_])__")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_CODE = re.compile(r"`([^`\n]+)`")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
# Escaped markup characters are parked in a private-use plane while markup is stripped, so
# "\*not emphasis\*" survives as literal asterisks.
_PARKED = 0xF0000
_KEY_VALUE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)")


def _split_front_matter(text: str) -> tuple[dict[str, Any], str, str | None]:
    """(front matter fields, body, error). YAML-ish ``---`` or TOML ``+++`` fences."""
    first, _, rest = text.partition("\n")
    fence = first.strip()
    if fence not in _FRONT_FENCES:
        return {}, text, None
    lines = rest.split("\n")
    for i, line in enumerate(lines):
        if line.strip() in _FRONT_FENCES[fence]:
            block = "\n".join(lines[:i])
            body = "\n".join(lines[i + 1 :])
            break
    else:
        return {}, text, None  # no closing fence: a horizontal rule, not front matter
    if fence == "+++":
        try:
            return tomllib.loads(block), body, None
        except tomllib.TOMLDecodeError as exc:
            return {}, body, f"malformed TOML front matter ({_toml_reason(exc)}); metadata ignored"
    fields: dict[str, Any] = {}
    for line in block.split("\n"):
        # Only flat ``key: value`` lines: nested YAML is skipped rather than misread.
        match = _KEY_VALUE.fullmatch(line.rstrip())
        if match and not line[:1].isspace():
            value = match[2].strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            if value:
                fields[match[1].lower()] = value
    return fields, body, None


def _strip_html_comments(text: str) -> str:
    """Remove ``<!-- ... -->``; an unclosed comment runs to the end, as in HTML.

    A find() loop rather than a lazy regex: many unclosed openers must not each rescan the text.
    """
    parts: list[str] = []
    pos = 0
    while (start := text.find("<!--", pos)) >= 0:
        parts.append(text[pos:start])
        end = text.find("-->", start + 4)
        if end < 0:
            return "".join(parts)
        pos = end + 3
    parts.append(text[pos:])
    return "".join(parts)


def _unpark(line: str) -> str:
    """Undo the parking of escaped characters (see ``_PARKED``)."""
    if not any(ord(ch) >= _PARKED for ch in line):
        return line
    return "".join(
        chr(ord(ch) - _PARKED) if _PARKED <= ord(ch) < _PARKED + 128 else ch for ch in line
    )


def _clean_markdown(body: str) -> str:
    """Markdown to plain prose: keep the words, drop the markup, images and link targets."""
    body = _strip_html_comments(body)
    out: list[str] = []
    in_code = False
    was_table = False
    after_heading = False
    for line in body.split("\n"):
        stripped = line.strip()
        if after_heading and stripped:
            out.append("")  # the heading's paragraph ends here, blank line or not
        after_heading = False
        is_table = stripped.startswith("|")
        if stripped and is_table != was_table and out and out[-1].strip():
            out.append("")  # a table and the prose around it are separate blocks
        if stripped:
            was_table = is_table
        if stripped.startswith(("```", "~~~")):
            in_code = not in_code
            out.append("")
            continue
        if in_code:
            out.append(line)
            continue
        if (
            _IMAGE_LINE.fullmatch(line)
            or _LINKED_IMAGE_LINE.fullmatch(line)
            or _REF_DEFINITION.fullmatch(line)
        ):
            continue
        if stripped and _RULE.fullmatch(line):
            # A rule or a setext underline: a paragraph break, so the title stands alone.
            out.append("")
            continue
        line = _ESCAPE.sub(lambda m: chr(_PARKED + ord(m[1])), line)
        line = _BLOCKQUOTE.sub("", line, count=1) if line.lstrip().startswith(">") else line
        heading = _HEADING.match(line)
        if heading:
            # A heading is a paragraph of its own, whatever its words: "120-hour ceasefire"
            # must not become the start of the sentence below it.
            line = _CLOSING_HASHES.sub("", line[heading.end() :])
            if out and out[-1].strip():
                out.append("")
        line = _BULLET.sub(r"\1", line, count=1)
        line = _IMAGE.sub("", line)
        line = _LINK.sub(r"\1", line)
        line = _REF_LINK.sub(r"\1", line)
        line = _CODE.sub(r"\1", line)
        line = _STRONG_STARS.sub(r"\1", line)
        line = _STRONG_UNDERSCORES.sub(r"\1", line)
        line = _EMPHASIS.sub(r"\1", line)
        out.append(_unpark(line).rstrip())
        after_heading = bool(heading)
    return "\n".join(out)


# --- sidecars -----------------------------------------------------------------------------


def _sidecar_candidates(path: Path) -> list[Path]:
    """``a.tml.TE3input`` → ``a.tml.toml``, ``a.toml``; ``a.txt`` → ``a.toml``."""
    name = path.name
    names: list[str] = []
    if "." in name.lstrip("."):
        names.append(name.rsplit(".", 1)[0] + ".toml")
    suffix = _matched_suffix(name)
    if suffix:
        names.append(name[: -len(suffix)] + ".toml")
    if not names:
        names.append(name + ".toml")
    unique = list(dict.fromkeys(n for n in names if n != name))
    return [path.with_name(n) for n in unique]


def sidecar_candidates(path: Path) -> list[Path]:
    """The metadata sidecars the loader would read beside ``path``, first found first."""
    return _sidecar_candidates(path)


def _toml_reason(exc: tomllib.TOMLDecodeError) -> str:
    """'Invalid value (at line 3, column 9)' → 'line 3, column 9: invalid value'."""
    message = str(exc)
    match = re.fullmatch(r"(.*?)\s*\(at (line \d+, column \d+|end of document)\)", message)
    if not match:
        return message[:1].lower() + message[1:]
    what = match[1][:1].lower() + match[1][1:]
    return f"{match[2]}: {what}"


def _read_sidecar(path: Path, problems: list[Problem]) -> _Meta:
    """The metadata in the sidecar beside ``path``; problems are non-fatal."""
    sidecar = next((c for c in _sidecar_candidates(path) if c.is_file()), None)
    if sidecar is None:
        return _Meta()
    try:
        raw = sidecar.read_bytes().decode("utf-8-sig")
        data = tomllib.loads(raw)
    except OSError as exc:
        problems.append(
            _warn(sidecar, f"cannot read TOML sidecar ({_os_reason(exc)}); metadata ignored")
        )
        return _Meta()
    except UnicodeDecodeError:
        problems.append(_warn(sidecar, "sidecar is not valid UTF-8; metadata ignored"))
        return _Meta()
    except tomllib.TOMLDecodeError as exc:
        problems.append(
            _warn(sidecar, f"malformed TOML sidecar ({_toml_reason(exc)}); metadata ignored")
        )
        return _Meta()
    return _meta_from_mapping(data, sidecar, problems, "sidecar")


def _meta_from_mapping(
    data: dict[str, Any], where: Path, problems: list[Problem], what: str
) -> _Meta:
    """Validate metadata fields; a bad value is reported and ignored, never fatal."""
    meta = _Meta()
    for key in ("title", "language", "byline", "source"):
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, str) and value.strip():
            setattr(meta, key, value.strip())
        else:
            problems.append(_warn(where, f"{what} {key} is not a non-empty string; ignored"))
    if "published" in data or "date" in data:
        value = data.get("published", data.get("date"))
        published = _parse_date(value)
        if published is None:
            problems.append(_warn(where, f"{what} published date {value!r} is not a date; ignored"))
        meta.published = published
    if "genre" in data:
        meta.genre = _parse_genre(data["genre"], where, problems, what)
    if "url" in data:
        meta.url = _parse_url(data["url"], where, problems, what)
    return meta


def _parse_url(value: Any, where: Path, problems: list[Problem], what: str) -> str | None:
    """An http(s) address (`timeline.sources.web_url`); anything else is reported, ignored."""
    url = web_url(value) if isinstance(value, str) else None
    if url is None:
        shown = value[:80] + "…" if isinstance(value, str) and len(value) > 80 else value
        problems.append(
            _warn(where, f"{what} url {shown!r} is not an http or https address; ignored")
        )
    return url


_GENRES = " or ".join(f'"{g.value}"' for g in Genre)


def _parse_genre(value: Any, where: Path, problems: list[Problem], what: str) -> Genre | None:
    """ "news" or "narrative" (any case); anything else is reported and ignored."""
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return Genre(value.strip().lower())
    problems.append(_warn(where, f"{what} genre {value!r} is not {_GENRES}; ignored"))
    return None


def _warn(path: Path, message: str) -> Problem:
    return Problem(path=str(path), message=message, fatal=False)


def _fatal(path: Path, message: str) -> Problem:
    return Problem(path=str(path), message=message, fatal=True)


# --- documents ----------------------------------------------------------------------------


def _doc_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", errors="surrogatepass")).hexdigest()[:12]


def _title_from_text(text: str) -> str | None:
    """The first non-empty line, if it reads as a headline (short, no final period, not a
    Markdown table row or rule); a Markdown heading's marks are dropped ("# Siege" → "Siege")."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            if line.startswith("|") or not any(c.isalpha() for c in line):
                return None  # an infobox table, a rule: no headline here
            line = line.lstrip("#").strip().strip("*_").strip()
            if line and len(line) < _TITLE_LINE_LIMIT and not line.rstrip("\"'”’)").endswith("."):
                return line
            return None
    return None


def _stem(path: Path) -> str:
    suffix = _matched_suffix(path.name)
    stem = path.name[: -len(suffix)] if suffix else path.stem
    return stem or path.name


def _kind(path: Path) -> str:
    lowered = path.name.lower()
    if lowered.endswith(_TIMEML_SUFFIXES):
        return "timeml"
    if lowered.endswith(_MARKDOWN_SUFFIXES):
        return "markdown"
    return "text"


def too_large(size: int, max_bytes: int) -> str:
    """The message for a file over the size limit: its size, the limit and the key to raise."""
    return (
        f"file too large ({_megabytes(size)} MB; the limit is {_megabytes(max_bytes)} MB, "
        "limits.max_file_mb in the config); skipped"
    )


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}".removesuffix(".0")


def load_document(
    path: Path, *, max_bytes: int = MAX_BYTES
) -> tuple[Document | None, list[Problem]]:
    """Load one file. Returns (document or None when skipped, problems about this file).

    A file larger than ``max_bytes`` is skipped unread (`Limits.max_file_bytes`).
    """
    path = Path(path)
    problems: list[Problem] = []
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return None, [_fatal(path, "cannot read file (is a directory); skipped")]
        if not stat.S_ISREG(info.st_mode):
            # A FIFO or device would block or never end.
            return None, [_fatal(path, "not a regular file; skipped")]
        if info.st_size > max_bytes:
            return None, [_fatal(path, too_large(info.st_size, max_bytes))]
        data = path.read_bytes()
        if len(data) > max_bytes:  # it grew since
            return None, [_fatal(path, too_large(len(data), max_bytes))]
    except OSError as exc:
        return None, [_fatal(path, f"cannot read file ({_os_reason(exc)}); skipped")]

    text, warning, binary = _decode(data)
    if binary or text is None:
        return None, [_fatal(path, "binary file, not text; skipped")]
    if warning:
        problems.append(_warn(path, warning))
    text = _normalise_newlines(text).removeprefix("\ufeff")

    meta = _Meta()
    kind = _kind(path)
    if kind == "timeml":
        try:
            tml = read_timeml(text, gold=False)
        except TimeMLError as exc:
            return None, [*problems, _fatal(path, f"not readable as TimeML ({exc}); skipped")]
        text = tml.text
        meta.title = tml.title or tml.docid
        meta.published = tml.dct
    elif kind == "markdown":
        fields, body, error = _split_front_matter(text)
        if error:
            problems.append(_warn(path, error))
        if fields:
            meta.update(
                _meta_from_mapping(_front_matter_aliases(fields), path, problems, "front matter")
            )
        text = _clean_markdown(body)

    if not text.strip():
        return None, [*problems, _fatal(path, "empty file; skipped")]

    meta.update(_read_sidecar(path, problems))
    title = meta.title or _title_from_text(text) or _stem(path)
    document = Document(
        id=_doc_id(text),
        title=title,
        path=str(path),
        published=meta.published,
        text=text,
        language=meta.language or "en",
        byline=meta.byline,
        source=meta.source,
        url=meta.url,
        genre=meta.genre,
    )
    return document, problems


def _front_matter_aliases(fields: dict[str, Any]) -> dict[str, Any]:
    """Map common front matter spellings onto the sidecar keys."""
    mapped = dict(fields)
    for alias, key in (("author", "byline"), ("lang", "language")):
        if alias in fields and key not in fields:
            mapped[key] = fields[alias]
    return mapped


@dataclass(frozen=True)
class LoadStep:
    """One file's outcome while a corpus loads: progress, the document (if any), problems."""

    done: int
    total: int
    document: Document | None
    problems: list[Problem]


def iter_documents(paths: Sequence[Path], limits: Limits | None = None) -> Iterator[LoadStep]:
    """Discover and load every file under ``paths``, one step per file; never raises.

    Problems found while discovering come with the first step (or alone when no file is
    found). A text seen before (same id) is skipped with a note naming the first copy. A file
    over ``limits.max_file_bytes`` is skipped with a note naming the limit.
    """
    max_bytes = (limits or Limits()).max_file_bytes
    files, pending = discover(paths)
    first_path: dict[str, str] = {}
    total = len(files)
    if not files:
        yield LoadStep(0, 0, None, list(pending))
        return
    for done, path in enumerate(files, start=1):
        try:
            if max_bytes == MAX_BYTES:  # the plain call, as callers and tests know it
                document, problems = load_document(path)
            else:
                document, problems = load_document(path, max_bytes=max_bytes)
        except Exception as exc:  # a loader bug must cost one file, not the whole session
            document = None
            problems = [_fatal(path, f"unexpected error ({type(exc).__name__}: {exc}); skipped")]
        if document is not None:
            if document.id in first_path:
                problems.append(_fatal(path, f"same text as {first_path[document.id]}; skipped"))
                document = None
            else:
                first_path[document.id] = document.path
        yield LoadStep(done, total, document, [*pending, *problems])
        pending = []


def load_corpus(
    paths: Sequence[Path],
    progress: Callable[[int, int], None] | None = None,
    limits: Limits | None = None,
) -> Corpus:
    """Load every file under ``paths`` into a `Corpus`; ``progress(done, total)`` per file."""
    corpus = Corpus()
    for step in iter_documents(paths, limits):
        corpus.problems.extend(step.problems)
        if step.document is not None:
            corpus.documents.append(step.document)
        if progress is not None and step.total:
            progress(step.done, step.total)
    return corpus
