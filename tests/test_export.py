"""Exporters: round trips, safety against hostile text, atomic and refusing writes."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from tests.conftest import make_event
from timeline.export import (
    CSV_COLUMNS,
    FORMATS,
    ExportError,
    ExportExistsError,
    UnknownFormatError,
    anchor_note,
    anchor_source,
    default_export_name,
    escape_markdown,
    files,
    neutralize_cell,
    render,
    timex_label,
    to_markdown,
    write_export,
)
from timeline.models import AnchorKind, Event, TimeAnchor


def test_json_round_trip(events) -> None:
    back = TypeAdapter(list[Event]).validate_json(render(events, "json"))
    assert back == events


def test_jsonl_one_event_per_line(events) -> None:
    lines = render(events, "jsonl").splitlines()
    assert len(lines) == len(events)
    assert [Event.model_validate_json(line) for line in lines] == events


def test_csv_reads_back(events) -> None:
    rows = list(csv.DictReader(io.StringIO(render(events, "csv"))))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert len(rows) == len(events)
    last = rows[-1]
    assert last["start"] == "2022-09-12" and last["end"] == "2022-09-13"
    assert last["label"] == "12–13 Sep 2022"
    assert last["actors"] == "Azerbaijan; Armenia"
    assert last["places"] == "Vardenis; Goris"
    assert last["casualties"] == "105 killed (Armenia)"
    assert last["published"] == "2022-09-15"


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x"])
def test_formula_injection_neutralized(cell: str) -> None:
    assert neutralize_cell(cell).startswith("'")


def test_formula_injection_in_exported_csv() -> None:
    event = make_event(date(2022, 9, 13), headline='=HYPERLINK("http://evil","x")')
    row = next(csv.DictReader(io.StringIO(render([event], "csv"))))
    assert row["headline"].startswith("'=")


def test_plain_cells_untouched() -> None:
    assert neutralize_cell("Armenia") == "Armenia"


def test_markdown_structure(events) -> None:
    text = to_markdown(events, title="Seeds")
    assert text.startswith("# Seeds\n")
    assert "## 1988" in text and "## 2022" in text
    assert text.count("## 2022") == 1
    assert "- **12–13 Sep 2022** — Azeri forces cross the border" in text
    assert "  > — *Clashes on the border*, 2022-09-15" in text


def _anchored(day: date, kind: AnchorKind, anchor_date: str | None) -> Event:
    event = make_event(day)
    event.expression.anchor = TimeAnchor(kind=kind, date=anchor_date)
    return event


@pytest.mark.parametrize(
    ("day", "kind", "anchor_date", "parts"),
    [
        (date(1992, 4, 15), AnchorKind.NARRATIVE, "1992", ("Year from", "the narrative: 1992")),
        (
            date(1992, 4, 16),
            AnchorKind.NARRATIVE,
            "1992-04-15",
            ("Date from", "the narrative: 15 Apr 1992"),
        ),
        # "the next year" from a story in 1992: the year is not the anchor's.
        (date(1993, 1, 1), AnchorKind.NARRATIVE, "1992", ("Date from", "the narrative: 1992")),
        (
            date(2022, 9, 14),
            AnchorKind.PUBLICATION,
            "2022-09-15",
            ("Date from", "the publication date: 15 Sep 2022"),
        ),
        (
            date(2022, 9, 16),
            AnchorKind.EVENT,
            "2022-09",
            ("Date from", "an event in the text: Sep 2022"),
        ),
        (date(2022, 9, 16), AnchorKind.EVENT, None, ("Date from", "an event in the text")),
        (
            date(2022, 9, 16),
            AnchorKind.NARRATIVE,
            "2022-W37",
            ("Date from", "the narrative: 2022-W37"),
        ),
        (
            date(2022, 9, 16),
            AnchorKind.NARRATIVE,
            "2022-02-30",
            ("Date from", "the narrative: 2022-02-30"),
        ),
        (date(2022, 9, 13), AnchorKind.EXPLICIT, None, None),
    ],
)
def test_anchor_source(
    day: date, kind: AnchorKind, anchor_date: str | None, parts: tuple[str, str] | None
) -> None:
    expression = _anchored(day, kind, anchor_date).expression
    assert anchor_source(expression) == parts
    assert anchor_note(expression) == (f"{parts[0].lower()} {parts[1]}" if parts else None)


def test_no_anchor_no_note() -> None:
    assert anchor_source(make_event(date(2022, 9, 13)).expression) is None


def test_timex_label() -> None:
    assert timex_label("2022-09-15") == "15 Sep 2022"
    assert timex_label("1992-04") == "Apr 1992"
    assert timex_label("1992") == "1992"
    assert timex_label("199") == "199"
    assert timex_label("2022-13") == "2022-13"


def test_markdown_says_where_an_inferred_date_came_from() -> None:
    narrative = _anchored(date(1992, 4, 15), AnchorKind.NARRATIVE, "1992")
    explicit = _anchored(date(2022, 9, 13), AnchorKind.EXPLICIT, None)
    lines = to_markdown([narrative, explicit]).splitlines()
    assert "  > — *Clashes on the border*, 2022-09-15 · year from the narrative: 1992" in lines
    assert "  > — *Clashes on the border*, 2022-09-15" in lines  # explicit: nothing added


def test_markdown_does_not_repeat_the_publication_date_it_shows() -> None:
    same = _anchored(date(2022, 9, 14), AnchorKind.PUBLICATION, "2022-09-15")
    other = _anchored(date(2022, 9, 13), AnchorKind.PUBLICATION, "2022-09-14")
    lines = to_markdown([other, same]).splitlines()
    assert "  > — *Clashes on the border*, 2022-09-15 · date from the publication date" in lines
    assert (
        "  > — *Clashes on the border*, 2022-09-15 · date from the publication date: 14 Sep 2022"
        in lines
    )


def test_markdown_escapes_structure() -> None:
    assert escape_markdown("a *b* [c](d)") == r"a \*b\* \[c\](d)"
    assert escape_markdown("# not a heading") == r"\# not a heading"
    assert escape_markdown("line one\nline two") == "line one line two"
    event = make_event(date(2022, 9, 13), headline="- [x] <script>")
    assert "<script>" not in to_markdown([event])


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_deterministic(events, fmt: str) -> None:
    assert render(events, fmt, title="t") == render(list(events), fmt, title="t")


def test_unknown_format(events) -> None:
    with pytest.raises(UnknownFormatError, match="unknown format"):
        render(events, "pdf")


def test_write_refuses_overwrite(tmp_path: Path, events) -> None:
    target = tmp_path / "out.json"
    target.write_text("keep me")
    with pytest.raises(ExportExistsError, match="already exists"):
        write_export(events, "json", target)
    assert target.read_text() == "keep me"
    assert write_export(events, "json", target, force=True) == 4
    assert json.loads(target.read_text())[0]["label"] == "1988"


def test_write_missing_directory(tmp_path: Path, events) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        write_export(events, "csv", tmp_path / "nope" / "out.csv")


def test_write_to_directory_path(tmp_path: Path, events) -> None:
    with pytest.raises(ExportError, match="is a directory"):
        write_export(events, "csv", tmp_path)


def test_failed_write_keeps_old_file(tmp_path: Path, events, monkeypatch) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(ExportError, match="No space left"):
        write_export(events, "json", target, force=True)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temp file left behind


def test_written_file_is_readable_by_others(tmp_path: Path, events) -> None:
    target = tmp_path / "out.csv"
    write_export(events, "csv", target)
    assert target.stat().st_mode & 0o044  # not the 0600 of a bare temporary file
    assert target.read_bytes().startswith("\ufeff".encode())  # BOM: Excel reads UTF-8


def test_default_export_name() -> None:
    assert default_export_name("My corpus/ä", "csv", date(2026, 1, 2)) == "my-corpus-2026-01-02.csv"
    assert default_export_name("", "json", date(2026, 1, 2)) == "timeline-2026-01-02.json"


# --- the safe writer (timeline.export.files) -------------------------------------------------


def test_a_write_through_a_directory_descriptor_survives_the_path_changing(
    tmp_path: Path,
) -> None:
    (tmp_path / "a").mkdir()
    with files.Directory.open(tmp_path / "a") as directory:
        (tmp_path / "a").rename(tmp_path / "b")
        (tmp_path / "a").symlink_to(tmp_path / "elsewhere")
        directory.write("x.json", b"[]")
    assert (tmp_path / "b" / "x.json").read_bytes() == b"[]"
    assert not (tmp_path / "elsewhere").exists()


def test_child_directories_are_never_reached_through_a_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    with files.Directory.open(tmp_path) as directory:
        with pytest.raises(files.SymlinkRefusedError, match="symbolic link"):
            directory.child("link")
        with directory.descend(["new", "deeper"], create=True) as deeper:
            deeper.write("x", b"1")
    assert (tmp_path / "new" / "deeper" / "x").read_bytes() == b"1"


def test_force_replaces_a_link_at_the_name_and_never_follows_it(tmp_path: Path) -> None:
    (tmp_path / "out.json").symlink_to(tmp_path / "victim.json")
    write_export([], "json", tmp_path / "out.json", force=True)
    assert not (tmp_path / "out.json").is_symlink()
    assert not (tmp_path / "victim.json").exists()


def test_an_abandoned_write_fails_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the export dialog does when it closes (or the app quits) mid-write."""
    started, release = threading.Event(), threading.Event()
    fsync = os.fsync

    def slow_fsync(fd: int) -> None:
        started.set()
        release.wait(10)
        fsync(fd)

    monkeypatch.setattr(os, "fsync", slow_fsync)
    target = files.open_target(tmp_path / "out.json")
    errors: list[Exception] = []

    def write() -> None:
        try:
            target.write(b"[]")
        except ExportError as exc:
            errors.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    assert started.wait(10)
    assert [p.suffix for p in tmp_path.iterdir()] == [".tmp"]
    target.abandon()
    assert list(tmp_path.iterdir()) == []
    release.set()
    thread.join()
    target.close()
    assert errors and "write failed" in str(errors[0])
    assert list(tmp_path.iterdir()) == []


def test_signals_end_the_command_through_its_cleanup(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(SystemExit) as done, files.signals_raise():
        directory = files.Directory.open(tmp_path)
        with files._pending(directory.fd, ".x.tmp"):
            (tmp_path / ".x.tmp").write_text("half")
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler raises before this ends
    directory.close()
    assert done.value.code == 128 + signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is before  # restored
    assert list(tmp_path.iterdir()) == []


def test_temporary_files_of_writes_under_way_go_at_exit(tmp_path: Path) -> None:
    directory = files.Directory.open(tmp_path)
    (tmp_path / ".y.tmp").write_text("half")
    with files._PENDING_LOCK:
        files._PENDING.add((directory.fd, ".y.tmp"))
    files._remove_pending()
    directory.close()
    assert list(tmp_path.iterdir()) == []


def test_a_long_name_and_a_nul_are_messages(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="name too long"):
        write_export([], "json", tmp_path / ("n" * 300))
    with pytest.raises(ExportError, match="NUL"):
        write_export([], "json", tmp_path / "a\0b.json")
    # A name close to the limit still fits: the temporary file's name stays short.
    write_export([], "json", tmp_path / ("n" * 250 + ".json"))
    assert [len(p.name) for p in tmp_path.iterdir()] == [255]


def test_a_figure_reads_with_its_bounds() -> None:
    """A range or competing estimates read with both bounds, as UCDP keeps them."""
    from timeline.export.phrases import casualty_text
    from timeline.models import Casualty

    ranged = Casualty(count=130, approximate=True, outcome="killed", text="", low=130, high=170)
    assert casualty_text(ranged) == "130–170 killed"
    competing = Casualty(count=300, outcome="killed", who="Azerbaijan", text="", low=31, high=300)
    assert casualty_text(competing) == "300 killed (31–300) (Azerbaijan)"
    plain = Casualty(count=7000, approximate=True, outcome="killed", text="")
    assert casualty_text(plain) == "~7,000 killed"
