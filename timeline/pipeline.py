"""Paths in, a `Timeline` out: load every document, find its events, keep every problem.

A load can be cancelled between documents (``build_timeline(cancelled=...)``): the app asks
it to stop as soon as it is told to quit. One document's analysis is not interrupted; the
app does not wait for it (`tui.app.run_app`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from timeline.entities import EntityTagger
from timeline.events import analyze
from timeline.gazetteer import GazetteerError, load_gazetteer
from timeline.loader import EventBudget, Limits, iter_documents, seed_dir
from timeline.merge import merge_mentions
from timeline.models import Document, Event, Problem, UndatedExpression
from timeline.reopen import READABLE_SUFFIXES, read_events
from timeline.reopen import ReopenError as ExportError  # (the except below keeps its name)
from timeline.timeline import Timeline

Progress = Callable[[int, int], None]


class LoadCancelled(Exception):
    """`build_timeline` stopped because its ``cancelled`` callback said so."""


def corpus_name(paths: Sequence[Path]) -> str:
    """What the header calls the corpus: the seeds, a file or folder name, or a count."""
    if not paths:
        return "seeds"
    if len(paths) == 1:
        path = paths[0]
        return path.resolve().name or str(path)
    return f"{len(paths)} paths"


def make_tagger(gazetteer_files: Sequence[Path] = ()) -> tuple[EntityTagger, list[Problem]]:
    """The entity tagger over the built-in gazetteer plus the user's files."""
    problems: list[Problem] = []
    try:
        gazetteer = load_gazetteer(gazetteer_files)
    except GazetteerError as exc:
        problems.append(Problem(path=str(exc.path), message=f"{exc.message}; gazetteer ignored"))
        gazetteer = load_gazetteer(())
    return EntityTagger(gazetteer), problems


def extract_events(documents: Sequence[Document], tagger: EntityTagger) -> list[Event]:
    """Every event of ``documents`` as the app shows them: per-document mentions, then the
    corpus-level pass that makes one event of each happening. For scorers and tests that
    hold documents in memory; `build_timeline` does the same over files."""
    mentions: list[Event] = []
    for document in documents:
        mentions += analyze(document, tagger).events
    return merge_mentions(mentions)


def build_timeline(
    paths: Sequence[Path] = (),
    *,
    gazetteer_files: Sequence[Path] = (),
    progress: Progress | None = None,
    name: str | None = None,
    cancelled: Callable[[], bool] | None = None,
    limits: Limits | None = None,
) -> Timeline:
    """Load ``paths`` (the bundled seeds when empty) and build their timeline.

    Bad files become `Problem`s on the timeline; they never stop the others from loading.
    ``progress(done, total)`` is called after each file. ``cancelled()`` is asked before
    each file and before the corpus-level pass; once it returns true, `LoadCancelled` is
    raised. ``limits`` (the config's ``[limits]``, `Config.limits.limits()`; defaults when
    None) bound the file size and the events kept, per document and in all.
    """

    def check() -> None:
        if cancelled is not None and cancelled():
            raise LoadCancelled

    check()
    tagger, problems = make_tagger(gazetteer_files)
    events: list[Event] = []
    undated: list[UndatedExpression] = []
    documents: list[Document] = []
    # A json/jsonl export named on the command line reopens as the events it holds.
    exports = [p for p in paths if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES]
    sources = [p for p in paths if p not in exports]
    for path in exports:
        try:
            events += read_events(path)
        except ExportError as exc:
            problems.append(Problem(path=str(path), message=str(exc).removeprefix(f"{path}: ")))
    if exports and not sources:
        if progress is not None:
            progress(len(exports), len(exports))
        return Timeline(events, problems=problems, name=name or corpus_name(paths))
    seeds = seed_dir()
    budget = EventBudget(limits or Limits())
    for step in iter_documents(sources or [seeds], limits):
        check()
        problems += step.problems
        if step.document is not None and not sources:
            # The bundled seeds live wherever the package is installed; name them the same
            # everywhere so their exports are identical from any install.
            relative = Path(step.document.path).relative_to(seeds).as_posix()
            step.document.path = f"seeds/{relative}"
        if step.document is not None and budget.exhausted:
            budget.skip(step.document.path)  # the corpus has all the events it may hold
        elif step.document is not None:
            try:
                analysis = analyze(step.document, tagger)
            except Exception as exc:  # an engine bug must cost one document, not the run
                message = f"could not extract events ({type(exc).__name__}: {exc}); skipped"
                problems.append(Problem(path=step.document.path, message=message))
            else:
                documents.append(step.document)
                kept, kept_undated, notes = budget.take(
                    step.document.path, analysis.events, analysis.undated
                )
                problems += notes
                events += kept
                undated += kept_undated
        if progress is not None and step.total:
            progress(step.done, step.total)
    check()
    problems += budget.summary()
    return Timeline(
        merge_mentions(events),
        undated=undated,
        documents=documents,
        problems=problems,
        name=name if name is not None else corpus_name(paths),
    )
