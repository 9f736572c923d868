"""Hostile input takes bounded time and memory (issue 11, part 4).

Fast tests: directory walks without recursion (1,000 levels) and with symbolic link loops and
fan-outs, the file size limit, the event caps, the ``[limits]`` config table, the bounds on a
sentence and a paragraph, and rules that must look only a bounded way ahead or back.

Slow tests (``-m slow``): the benchmark's inputs (`scripts/bench_hostile.py`), each built into
a timeline in a subprocess; they must finish (a generous timeout guards against a hang, not a
speed) with a sane result or a clear message naming the limit. Times and memory are the
benchmark's to print, never asserted here.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from timeline.config import Config
from timeline.loader import (
    EventBudget,
    Limits,
    discover,
    iter_documents,
    load_document,
)
from timeline.models import Problem
from timeline.temporal import extract_times
from timeline.text import MAX_PARAGRAPH, MAX_SENTENCE, paragraph_spans

ROOT = Path(__file__).resolve().parent.parent.parent
ARTICLE = "Shelling hit Goris on 13 September 2022, officials said.\n"

# ------------------------------------------------------------------ walking directories


def test_a_directory_a_thousand_levels_deep_is_walked(tmp_path: Path) -> None:
    deep = tmp_path
    try:
        for _ in range(1000):  # one level at a time: mkdir(parents=True) itself recurses
            deep = deep / "d"
            deep.mkdir()
        (deep / "bottom.txt").write_text(ARTICLE)
        (tmp_path / "top.txt").write_text(ARTICLE)
        files, problems = discover([tmp_path])
    finally:
        _remove_deep(tmp_path / "d")  # shutil.rmtree (pytest's cleanup) recurses: it would fail
    assert problems == []
    assert [f.name for f in files] == ["bottom.txt", "top.txt"]  # by path: d/d/.../ < top


def _remove_deep(top: Path) -> None:
    """Remove a chain of nested directories ``top/d/d/...`` and their files, bottom up."""
    if not top.is_dir():
        return
    chain = [top]
    while (chain[-1] / "d").is_dir():
        chain.append(chain[-1] / "d")
    for directory in reversed(chain):
        for entry in directory.iterdir():
            entry.unlink()
        directory.rmdir()


def test_a_symbolic_link_loop_is_reported_and_not_followed(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "article.txt").write_text(ARTICLE)
    (tmp_path / "a" / "b" / "up").symlink_to(tmp_path / "a")  # a/b/up/b/up/... forever
    files, problems = discover([tmp_path])
    assert files == [tmp_path / "a" / "b" / "article.txt"]
    assert [(p.path, p.fatal) for p in problems] == [(str(tmp_path / "a" / "b" / "up"), False)]
    assert "symbolic link loop" in problems[0].message


def test_a_linked_directory_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "article.txt").write_text(ARTICLE)
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    files, problems = discover([tmp_path])
    assert problems == [] and len(files) == 1


def test_a_fan_out_of_links_costs_each_directory_once(tmp_path: Path) -> None:
    # Level i holds two links to level i+1: 2**30 paths if each were followed.
    levels = [tmp_path / f"level{i}" for i in range(31)]
    for level in levels:
        level.mkdir()
    for here, below in itertools.pairwise(levels):
        (here / "x").symlink_to(below)
        (here / "y").symlink_to(below)
    (levels[-1] / "article.txt").write_text(ARTICLE)
    files, problems = discover([levels[0]])
    assert problems == [] and len(files) == 1


# ------------------------------------------------------------------ limits


def test_a_file_over_the_size_limit_is_skipped_with_the_limit_named(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE * 40_000)  # 2.2 MB
    document, problems = load_document(big, max_bytes=1024 * 1024)
    assert document is None
    (problem,) = problems
    assert problem.fatal and problem.path == str(big)
    assert problem.message == (
        "file too large (2.2 MB; the limit is 1 MB, limits.max_file_mb in the config); skipped"
    )


def test_the_run_goes_on_past_a_file_over_the_limit(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE * 40_000)
    (tmp_path / "b.txt").write_text(ARTICLE)
    steps = list(iter_documents([tmp_path], Limits(max_file_bytes=1024 * 1024)))
    assert [s.document is not None for s in steps] == [False, True]
    assert "limits.max_file_mb" in steps[0].problems[0].message


def test_the_default_limits_never_bite_a_real_corpus() -> None:
    limits = Limits()
    assert limits.max_file_bytes >= 6 * 1024 * 1024  # a book is a few megabytes
    assert limits.max_events >= 1_000_000  # a million events must load
    assert limits.max_events_per_document >= 100_000


def test_the_limits_come_from_the_config_file() -> None:
    config = Config.model_validate(
        tomllib.loads("[limits]\nmax_file_mb = 0.5\nmax_events_per_document = 10\n")
    )
    assert config.limits.limits() == Limits(
        max_file_bytes=512 * 1024, max_events_per_document=10, max_events=Limits().max_events
    )
    assert Config().limits.limits() == Limits()


def test_the_event_budget_caps_a_document_and_the_corpus() -> None:
    budget = EventBudget(Limits(max_events_per_document=3, max_events=5))
    kept, undated, problems = budget.take("a.txt", list(range(4)), ["u"] * 4)
    assert kept == [0, 1, 2] and undated == ["u"] * 3
    assert [(p.path, p.fatal) for p in problems] == [("a.txt", False)]
    assert problems[0].message == (
        "4 events and 4 undated expressions, more than the limit of 3 for one document "
        "(limits.max_events_per_document in the config): only the first 3 kept"
    )
    kept, _, problems = budget.take("b.txt", [10, 11, 12])
    assert kept == [10, 11] and budget.exhausted
    assert "limits.max_events" in problems[0].message
    budget.skip("c.txt")
    budget.skip("d.txt")
    assert budget.summary() == [
        Problem(
            path="c.txt",
            message="not read (and 1 more files): the corpus had reached the limit of 5 events "
            "(limits.max_events in the config); skipped",
        )
    ]


# ------------------------------------------------------------------ bounded text structure


def test_a_text_with_no_stop_is_cut_into_bounded_sentences_and_paragraphs() -> None:
    text = "".join(f"line {i}\n" for i in range(20_000))  # 150 kB, no stop, no blank line
    paragraphs = paragraph_spans(text)
    assert len(paragraphs) > 1
    for (p_start, p_end), sentences in paragraphs:
        assert p_end - p_start <= MAX_PARAGRAPH
        for start, end in sentences:
            assert end - start <= MAX_SENTENCE
            assert text[start:end] == text[start:end].strip()
    covered = "".join(text[s:e] for _, sentences in paragraphs for s, e in sentences)
    assert covered.replace("\n", "") == text.replace("\n", "")  # nothing lost


def test_a_real_paragraph_is_not_cut() -> None:
    text = "The war began in 1992. " * 300  # 6,900 characters, 300 sentences
    ((_, sentences),) = paragraph_spans(text)
    assert len(sentences) == 300


def test_soon_at_the_end_of_a_long_text_still_reads_what_follows() -> None:
    # The rules look a bounded way ahead: the same answers as the whole rest of the text.
    filler = "Words without dates. " * 5_000
    (found,) = extract_times(filler + "He will leave soon.", None)
    assert found.text == "soon"
    assert extract_times(filler + "It began soon after the vote.", None) == []


# ------------------------------------------------------------------ the hostile inputs


def _bench():
    spec = importlib.util.spec_from_file_location(
        "bench_hostile", ROOT / "scripts/bench_hostile.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(path: Path) -> dict[str, object]:
    """Build the timeline of ``path`` in a subprocess with the default config; a hang guard
    of 300 s, no speed asserted."""
    bench = _bench()
    env = {
        **os.environ,
        "CONFLICT_TUI_CONFIG": os.devnull,
        "CONFLICT_TUI_SITE_CONFIG": os.devnull,
    }
    result = subprocess.run(
        [sys.executable, "-c", bench.CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_fifty_megabytes_on_one_line_finish_or_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    _bench().one_line(path)
    summary = build(path)
    problems = summary["problems"]
    assert problems == [
        f"{path}: file too large (50 MB; the limit is 6 MB, limits.max_file_mb in the config); "
        "skipped"
    ]


@pytest.mark.slow
def test_a_million_short_lines_finish_or_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    _bench().many_lines(path)
    summary = build(path)
    assert len(summary["problems"]) == 1 and "limits.max_file_mb" in summary["problems"][0]


@pytest.mark.slow
def test_a_list_of_days_before_a_month_finishes(tmp_path: Path) -> None:
    path = tmp_path / "may.txt"
    _bench().day_list(path)
    summary = build(path)
    assert summary["events"] == 0  # no date to anchor May on: every one is undated
    if summary["problems"]:  # once the pipeline applies the per-document cap
        (problem,) = summary["problems"]
        assert "200,000 undated expressions" in problem
        assert "limits.max_events_per_document" in problem
        assert summary["undated"] == Limits().max_events_per_document
    else:
        assert summary["undated"] == 200_000


@pytest.mark.slow
@pytest.mark.parametrize("name", ["one-line-2mb", "lines-150k"])
def test_hostile_files_under_the_size_limit_are_read(tmp_path: Path, name: str) -> None:
    filename, make = _bench().INPUTS[name]
    path = tmp_path / filename
    make(path)
    summary = build(path)
    assert summary["problems"] == []
    assert summary["events"] + summary["undated"] > 0 or name == "lines-150k"
