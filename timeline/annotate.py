"""Write TimeML: a document's text with a TIMEX3 around every expression the engine finds.

`conflict-tui annotate FILE_OR_DIR... -o DIR` (see `timeline.cli`) runs `plan` then
`annotate_files`; `scripts/score_timeml.py GOLD_DIR` runs the very same two functions into a
temporary directory before scoring, so the scores are those of what ``annotate`` writes.

Inputs are whatever the loader reads: ``.txt``/``.md`` (publication date and genre from a TOML
sidecar or front matter), ``.tml`` and ``.tml.TE3input`` (genre from a sidecar). Outputs:

- a TimeML input keeps its exact file name, its DOCID, its TITLE and its DCT (written as TIMEX3
  ``t0`` with ``functionInDocument="CREATION_TIME"``); its TEXT is the input's TEXT with the
  input's own tags (EVENT, SIGNAL, TIMEX3) replaced by ours, so the characters are identical;
- any other file ``NAME.txt`` becomes ``NAME.tml`` (DOCID = NAME, DCT = the publication date;
  without one there is no DCT and relative expressions keep partial values such as XXXX-07);
- files found under a directory keep their path relative to it; files named one by one go
  straight into the output directory.

TIMEX3 attributes: ``tid``, ``type``, ``value``; ``mod`` when the text has a modifier (early →
START, late → END, about → APPROX, more than → MORE_THAN, ...); ``temporalFunction`` and
``anchorTimeID`` for values computed from the DCT (``t0``) or from the previous date ("two
years later"); ``beginPoint``/``endPoint`` = ``t0`` for durations that end or begin at the DCT
("the past three decades", "the next two years"); ``quant``/``freq`` for sets ("every week",
"twice a month").

Every file is written atomically through the output directory's descriptor
(`timeline.export.files.Directory`): never over an existing file unless ``force``, and never
through a symbolic link below the output directory, so a symlinked subdirectory (of the
input tree written into itself, or planted in the output) cannot lead a file outside. A file
that cannot be read or written costs one `Problem` and the others go on.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from timeline.export.files import Directory, WriteError
from timeline.loader import discover, load_document
from timeline.models import Genre, Problem, TimeExpression
from timeline.temporal import extract_times, to_timex3
from timeline.text import NUMBER_WORDS
from timeline.timeml import parse_dct

__all__ = [
    "AnnotateResult",
    "Tag",
    "annotate_files",
    "annotate_text",
    "output_name",
    "plan",
    "render_timeml",
    "timex3_tags",
]

_TIMEML_SUFFIXES = (".tml.te3input", ".tml")
_SCHEMA = (
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:noNamespaceSchemaLocation="http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd"'
)
# Characters XML 1.0 cannot carry, even as references: replaced one for one (offsets stay).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_REPLACEMENT = "\ufffd"

# Durations counted back from or forward to the DCT: "the past three decades", "next 2 years".
_BACK_FROM_DCT = re.compile(r"(?i)\b(?:past|last|previous|preceding|recent)\b")
_AHEAD_OF_DCT = re.compile(r"(?i)\b(?:next|coming|remaining|upcoming)\b")
# Quantifiers of durations, as TimeML mods.
_DURATION_MODS = (
    (re.compile(r"(?i)^(?:more\s+than|over)\b"), "MORE_THAN"),
    (re.compile(r"(?i)^(?:less\s+than|under|fewer\s+than)\b"), "LESS_THAN"),
    (re.compile(r"(?i)^at\s+least\b"), "EQUAL_OR_MORE"),
    (re.compile(r"(?i)^(?:up\s+to|at\s+most)\b"), "EQUAL_OR_LESS"),
    (re.compile(r"(?i)^(?:about|around|nearly|almost|roughly|approximately|some)\b"), "APPROX"),
)
# Words that make a date relative to the previous date rather than to the DCT.
_FROM_PREVIOUS = re.compile(
    r"(?i)\b(?:later|earlier|afterwards?|on|following|previous|preceding|prior|same|that)\b"
)
_FROM_DCT_ANYWAY = re.compile(r"(?i)\b(?:earlier|later)\s+this\b")
_FULL_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)|['’]\d\d\b")
# "twice a week", "three times a year": the frequency written before a set's span.
_FREQUENCY = re.compile(
    r"(?i)\b(?:(?P<w>once|twice|thrice)|(?P<n>\d+|[a-z]+)\s+times)\s+(?:a|per|each|every)?\s*$"
)
_FREQ_WORDS = {"once": 1, "twice": 2, "thrice": 3}


@dataclass(frozen=True)
class Tag:
    """One TIMEX3 to write: its span in the text and its attributes, in writing order."""

    start: int
    end: int
    attrs: dict[str, str]


@dataclass(frozen=True)
class Header:
    """What a TimeML file says besides its TEXT."""

    docid: str
    dct: date | None
    dct_attrs: dict[str, str] = field(default_factory=dict)
    dct_text: str = ""
    title: str | None = None


@dataclass
class AnnotateResult:
    """What `annotate_files` did: the files written and one problem per file that was not."""

    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Whether some file was skipped (warnings alone do not count)."""
        return any(p.fatal for p in self.problems)


# --- TIMEX3 attributes --------------------------------------------------------------------


def _is_time_text(value: str) -> bool:
    return value.startswith("P") or value.endswith("_REF")


def _mod(expr: TimeExpression, view_mod: str | None, kind: str) -> str | None:
    if kind == "DURATION":
        for pattern, mod in _DURATION_MODS:
            if pattern.match(expr.text):
                return mod
        return view_mod
    return view_mod


def _set_attrs(text: str, expr: TimeExpression) -> dict[str, str]:
    """``quant`` ("every week" → EVERY) and ``freq`` ("twice a week" → 2X) of a set."""
    attrs: dict[str, str] = {}
    first = expr.text.split()[0].lower() if expr.text.split() else ""
    if first in ("every", "each"):
        attrs["quant"] = first.upper()
    before = _FREQUENCY.search(text, max(0, expr.start - 24), expr.start)
    if before:
        word = (before["w"] or "").lower()
        count = _FREQ_WORDS.get(word) if word else None
        if count is None and before["n"]:
            n = before["n"].lower()
            count = int(n) if n.isdigit() else NUMBER_WORDS.get(n)
        if count is not None:
            attrs["freq"] = f"{count}X"
    return attrs


def timex3_tags(text: str, dct: date | None, genre: Genre | None = None) -> list[Tag]:
    """The TIMEX3 of ``text``: one per `to_timex3` view of each expression, ids from t1.

    ``genre`` is the document's, when its sidecar or front matter says (see `extract_times`).
    """
    return tags_for(text, extract_times(text, dct, genre), dct)


def tags_for(text: str, expressions: Sequence[TimeExpression], dct: date | None) -> list[Tag]:
    """TIMEX3 tags for already extracted ``expressions`` of ``text``."""
    tags: list[Tag] = []
    previous_date: str | None = None  # tid of the last calendar date: the anchor of "later"
    for expr in expressions:
        for start, end, kind, value, view_mod in to_timex3(expr):
            if end <= start:
                continue
            tid = f"t{len(tags) + 1}"
            attrs = {"tid": tid, "type": kind, "value": value}
            mod = _mod(expr, view_mod, kind)
            if mod:
                attrs["mod"] = mod
            piece = text[start:end]
            relative = False
            anchor: str | None = None
            if kind in ("DATE", "TIME"):
                relative = not _FULL_YEAR.search(piece)
                if relative and dct is not None:
                    anchor = "t0"
                    if (
                        previous_date
                        and not value.endswith("_REF")
                        and _FROM_PREVIOUS.search(piece)
                        and not _FROM_DCT_ANYWAY.search(piece)
                    ):
                        anchor = previous_date
            attrs["temporalFunction"] = "true" if relative else "false"
            attrs["functionInDocument"] = "NONE"
            if anchor:
                attrs["anchorTimeID"] = anchor
            if kind == "DURATION" and dct is not None:
                if _BACK_FROM_DCT.search(piece):
                    attrs["endPoint"] = "t0"
                elif _AHEAD_OF_DCT.search(piece):
                    attrs["beginPoint"] = "t0"
            if kind == "SET":
                attrs.update(_set_attrs(text, expr))
            tags.append(Tag(start, end, attrs))
            if kind == "DATE" and not _is_time_text(value) and expr.anchored:
                previous_date = tid
    return tags


# --- rendering ----------------------------------------------------------------------------


def _xml_text(text: str) -> str:
    return escape(_NOT_XML.sub(_REPLACEMENT, text))


def _element(name: str, attrs: dict[str, str], content: str) -> str:
    rendered = "".join(f" {k}={quoteattr(_NOT_XML.sub(_REPLACEMENT, v))}" for k, v in attrs.items())
    return f"<{name}{rendered}>{content}</{name}>"


def render_timeml(text: str, tags: Sequence[Tag], header: Header) -> str:
    """A TimeML document: the header, then ``text`` with ``tags`` around their spans.

    Tags that overlap an earlier one are dropped (TimeML cannot nest TIMEX3).
    """
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n', f"<TimeML {_SCHEMA}>\n"]
    out.append(f"<DOCID>{_xml_text(header.docid)}</DOCID>\n")
    if header.dct is not None:
        attrs = {
            "tid": "t0",
            "type": "DATE",
            "value": header.dct.isoformat(),
            "temporalFunction": "false",
            "functionInDocument": "CREATION_TIME",
        }
        attrs.update(header.dct_attrs)
        attrs["tid"] = "t0"  # our own TIMEX3 are numbered from t1
        dct_text = header.dct_text or attrs["value"]
        out.append(f"<DCT>{_element('TIMEX3', attrs, _xml_text(dct_text))}</DCT>\n")
    if header.title:
        out.append(f"<TITLE>{_xml_text(header.title)}</TITLE>\n")
    out.append("<TEXT>")
    pos = 0
    for tag in sorted(tags, key=lambda t: t.start):
        if tag.start < pos or tag.end > len(text):
            continue
        out.append(_xml_text(text[pos : tag.start]))
        out.append(_element("TIMEX3", tag.attrs, _xml_text(text[tag.start : tag.end])))
        pos = tag.end
    out.append(_xml_text(text[pos:]))
    out.append("</TEXT>\n</TimeML>\n")
    return "".join(out)


def annotate_text(
    text: str,
    dct: date | None,
    docid: str = "doc",
    title: str | None = None,
    genre: Genre | None = None,
) -> str:
    """``text`` as a TimeML document (the DCT, when given, is written as t0)."""
    return render_timeml(text, timex3_tags(text, dct, genre), Header(docid, dct, title=title))


# --- files --------------------------------------------------------------------------------


def _is_timeml(path: Path) -> bool:
    return path.name.lower().endswith(_TIMEML_SUFFIXES)


def output_name(path: Path) -> str:
    """The output file name: a TimeML input keeps its name; ``NAME.txt`` becomes ``NAME.tml``."""
    if _is_timeml(path):
        return path.name
    name = path.name
    for suffix in (".txt", ".md", ".markdown"):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)] + ".tml"
    return name + ".tml"


def plan(paths: Sequence[Path]) -> tuple[list[tuple[Path, Path]], list[Problem]]:
    """(input file, output path relative to the output directory) for everything under
    ``paths``, and a problem for each path that does not exist."""
    pairs: list[tuple[Path, Path]] = []
    problems: list[Problem] = []
    for root in paths:
        files, found_problems = discover([root])
        problems.extend(found_problems)
        for file in files:
            if root.is_dir():
                relative = file.relative_to(root).parent / output_name(file)
            else:
                relative = Path(output_name(file))
            pairs.append((file, relative))
    return pairs, problems


def _timeml_header(path: Path, fallback_docid: str) -> Header:
    """DOCID, DCT (its attributes and text) and TITLE of a TimeML file the loader accepted."""
    raw = path.read_bytes().decode("utf-8-sig", errors="replace")
    root = ET.fromstring(raw)
    docid_el = root.find(".//DOCID")
    docid = (docid_el.text or "").strip() if docid_el is not None else ""
    title_el = root.find(".//TITLE")
    title = (title_el.text or "").strip() if title_el is not None else None
    dct_el = root.find(".//DCT/TIMEX3")
    dct = parse_dct(dct_el.get("value")) if dct_el is not None else None
    attrs = {k: v for k, v in dct_el.attrib.items() if "}" not in k} if dct_el is not None else {}
    dct_text = "".join(dct_el.itertext()) if dct_el is not None else ""
    return Header(docid or fallback_docid, dct, attrs, dct_text, title or None)


def _stem(name: str) -> str:
    for suffix in (".tml", ".txt", ".md", ".markdown"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def annotate_file(path: Path) -> tuple[str | None, list[Problem]]:
    """The TimeML of one input file, or None and the reasons it was skipped."""
    document, problems = load_document(path)
    if document is None:
        return None, problems
    text = document.text
    if _is_timeml(path):
        try:
            header = _timeml_header(path, _stem(output_name(path)))
        except (OSError, ET.ParseError) as exc:  # read once already; changed meanwhile
            return None, [*problems, Problem(path=str(path), message=f"cannot reread ({exc})")]
        if document.published != header.dct:
            # A sidecar's date wins, as it does for the timeline: t0 and every relative value
            # then agree with the events' dates.
            header = Header(header.docid, document.published, title=header.title)
    else:
        header = Header(_stem(output_name(path)), document.published, title=document.title)
        if document.published is None:
            problems.append(
                Problem(
                    path=str(path),
                    message="no publication date (add a sidecar NAME.toml with published = "
                    "YYYY-MM-DD); relative expressions keep partial values",
                    fatal=False,
                )
            )
    if _NOT_XML.search(text):
        problems.append(
            Problem(
                path=str(path),
                message="characters XML cannot hold were written as U+FFFD",
                fatal=False,
            )
        )
    tags = timex3_tags(text, header.dct, document.genre)
    return render_timeml(text, tags, header), problems


def annotate_files(
    pairs: Sequence[tuple[Path, Path]], out_dir: Path | Directory, *, force: bool = False
) -> AnnotateResult:
    """Annotate each input into ``out_dir / relative``; never raises for one file's sake.

    ``out_dir`` is an open `Directory` (from `timeline.policy.WritePolicy.open_tree`), or a
    path, opened (and created) here with no policy. Below it, every directory on the way to
    a file is opened with ``O_NOFOLLOW``: a symbolic link there is a problem, not a way out.
    """
    if isinstance(out_dir, Directory):
        return _annotate_into(pairs, out_dir, force=force)
    with Directory.create(out_dir) as directory:
        return _annotate_into(pairs, directory, force=force)


def _annotate_into(
    pairs: Sequence[tuple[Path, Path]], out: Directory, *, force: bool
) -> AnnotateResult:
    result = AnnotateResult()
    claimed: dict[tuple[str, ...], Path] = {}
    for source, relative in pairs:
        target = out.path / relative
        parts = relative.parts
        if not parts or relative.is_absolute() or any(p in ("", ".", "..") for p in parts):
            result.problems.append(
                Problem(path=str(source), message=f"not written: {relative} leaves the output")
            )
            continue
        if parts in claimed:
            result.problems.append(
                Problem(
                    path=str(source),
                    message=f"{target} is also the output of {claimed[parts]}; skipped",
                )
            )
            continue
        claimed[parts] = source
        try:
            timeml, problems = annotate_file(source)
        except Exception as exc:  # an engine bug must cost one file, not the run
            timeml = None
            problems = [
                Problem(path=str(source), message=f"unexpected error ({type(exc).__name__}: {exc})")
            ]
        result.problems.extend(problems)
        if timeml is None:
            continue
        try:
            with out.descend(parts[:-1], create=True) as directory:
                if _is_same_file(directory, parts[-1], source):
                    result.problems.append(
                        Problem(
                            path=str(source),
                            message="the output would replace the input; choose another -o DIR",
                        )
                    )
                    continue
                directory.write(parts[-1], timeml.encode("utf-8"), force=force)
        except WriteError as exc:
            result.problems.append(Problem(path=str(source), message=f"not written: {exc}"))
            continue
        result.written.append(target)
    return result


def _is_same_file(directory: Directory, name: str, source: Path) -> bool:
    """Whether ``name`` in ``directory`` is the file ``source`` (links not followed)."""
    try:
        there = directory.lstat(name)
        return there is not None and os.path.samestat(there, os.stat(source))
    except (OSError, WriteError):
        return False
