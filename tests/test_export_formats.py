"""Every export format: structure, round trips through real readers, hostile text, goldens.

Golden files in tests/golden/ hold the seed's export in each format. Regenerate them only on
purpose, after reading the diff: CONFLICT_TUI_REGENERATE_GOLDEN=1 python -m pytest
tests/test_export_formats.py
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import icalendar
import pytest
from pydantic import TypeAdapter

from tests.conftest import make_event
from timeline.export import (
    ACLED_COLUMNS,
    FORMATS,
    TIMELINEJS_CSV_COLUMNS,
    Era,
    ExportOptions,
    ics_fold,
    render,
    write_export,
)
from timeline.models import DocumentRef, Event, Precision
from timeline.pipeline import build_timeline
from timeline.reopen import ReopenError, read_events

GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("CONFLICT_TUI_REGENERATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def seed_events() -> list[Event]:
    return build_timeline([]).events


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_golden(seed_events: list[Event], fmt: str) -> None:
    path = GOLDEN / f"seed-{fmt}{FORMATS[fmt].suffix}"
    data = render(seed_events, fmt, title="seeds").encode("utf-8")
    if REGENERATE:
        path.write_bytes(data)
    assert path.exists(), f"missing golden {path.name}; regenerate on purpose (see module doc)"
    assert data == path.read_bytes(), f"{fmt} export changed"


def test_byte_identical_across_processes(tmp_path: Path) -> None:
    outputs = []
    for n in range(2):
        target = tmp_path / f"run{n}.ics"
        subprocess.run(
            [sys.executable, "-m", "tui.cli", "export", "-f", "ics", "-o", str(target)],
            check=True,
            capture_output=True,
        )
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


# --- json / jsonl reopen ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_exports_reopen_as_the_same_timeline(tmp_path: Path, seed_events, fmt: str) -> None:
    target = tmp_path / f"events.{fmt}"
    write_export(seed_events, fmt, target)
    assert read_events(target) == seed_events
    reopened = build_timeline([target])
    assert reopened.events == seed_events
    assert reopened.problems == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"a": 1}', "not a conflict-tui export"),
        ('[{"id": "x"}]', "not a conflict-tui export"),
    ],
)
def test_not_an_export(tmp_path: Path, content: str, message: str) -> None:
    target = tmp_path / "other.json"
    target.write_text(content)
    with pytest.raises(ReopenError, match=message):
        read_events(target)
    timeline = build_timeline([target])
    assert timeline.events == []
    assert message in timeline.problems[0].message
    assert timeline.problems[0].path == str(target)


# --- csv ----------------------------------------------------------------------------------


def test_csv_reads_back_with_csv_module(tmp_path: Path, seed_events) -> None:
    target = tmp_path / "seed.csv"
    write_export(seed_events, "csv", target)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(seed_events)
    assert [r["label"] for r in rows] == [e.label for e in seed_events]
    assert all(r["sentences"] for r in rows)


# --- TimelineJS ---------------------------------------------------------------------------


def _check_tl_date(value: dict[str, int]) -> None:
    assert "year" in value
    assert "day" not in value or "month" in value  # no day without a month
    assert set(value) <= {"year", "month", "day"}


def test_timelinejs_structure(seed_events) -> None:
    data = json.loads(render(seed_events, "timelinejs", title="seeds"))
    assert data["title"]["text"]["headline"] == "seeds"
    assert len(data["events"]) == len(seed_events)
    for slide, event in zip(data["events"], seed_events, strict=True):
        assert {"start_date", "text", "group", "display_date", "unique_id"} <= set(slide)
        _check_tl_date(slide["start_date"])
        if "end_date" in slide:
            _check_tl_date(slide["end_date"])
        assert slide["unique_id"] == event.id
        assert slide["display_date"] == event.label
        assert slide["text"]["headline"]
        if event.precision is Precision.YEAR:
            assert set(slide["start_date"]) == {"year"}  # never an invented month or day
    year_slide = next(s for s in data["events"] if s["display_date"] == "1992–1994")
    assert year_slide["start_date"] == {"year": 1992}
    assert year_slide["end_date"] == {"year": 1994}
    day_slide = next(s for s in data["events"] if s["display_date"] == "12–13 Sep 2022")
    assert day_slide["start_date"] == {"year": 2022, "month": 9, "day": 12}


def test_timelinejs_group_and_eras() -> None:
    event = make_event(date(1993, 4, 2), actors=("Armenia", "Azerbaijan"))
    era = Era(name="First Karabakh War", start=date(1988, 2, 20), end=date(1994, 5, 12))
    options = ExportOptions(timelinejs_group="actor", eras=[era])
    data = json.loads(render([event], "timelinejs", options=options))
    assert data["events"][0]["group"] == "Armenia"
    assert data["eras"] == [
        {
            "start_date": {"year": 1988, "month": 2, "day": 20},
            "end_date": {"year": 1994, "month": 5, "day": 12},
            "text": {"headline": "First Karabakh War"},
        }
    ]
    plain = json.loads(render([event], "timelinejs"))
    assert plain["events"][0]["group"] == "Clashes on the border"
    assert "eras" not in plain


def test_timelinejs_escapes_html() -> None:
    event = make_event(date(2022, 9, 13), headline="<img src=x onerror=alert(1)>")
    data = json.loads(render([event], "timelinejs"))
    assert "<img" not in data["events"][0]["text"]["headline"]
    assert "&lt;img" in data["events"][0]["text"]["headline"]


def test_timelinejs_csv_columns(seed_events) -> None:
    rows = list(csv.reader(io.StringIO(render(seed_events, "timelinejs-csv", title="seeds"))))
    assert tuple(rows[0]) == TIMELINEJS_CSV_COLUMNS
    header = rows[0]
    title = dict(zip(header, rows[1], strict=True))
    assert title["Type"] == "title" and title["Headline"] == "seeds"
    first = dict(zip(header, rows[2], strict=True))
    assert (first["Year"], first["Month"], first["Day"]) == ("1988", "", "")
    day = next(dict(zip(header, r, strict=True)) for r in rows if r[8] == "12–13 Sep 2022")
    assert (day["Year"], day["Month"], day["Day"]) == ("2022", "9", "12")
    assert (day["End Year"], day["End Month"], day["End Day"]) == ("2022", "9", "13")


# --- iCalendar ----------------------------------------------------------------------------


def test_ics_parses_with_icalendar(seed_events) -> None:
    text = render(seed_events, "ics", title="seeds")
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0"
    assert "PRODID" in calendar
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == len(seed_events)
    for vevent, event in zip(vevents, seed_events, strict=True):
        assert str(vevent["UID"]) == event.id
        assert vevent["DTSTART"].dt == event.start
        assert vevent["DTEND"].dt == date.fromordinal(event.end.toordinal() + 1)  # exclusive
        assert str(vevent["SUMMARY"]) == event.headline
        assert event.sentences[0].text in str(vevent["DESCRIPTION"])
        assert vevent["DTSTAMP"].dt == datetime(2022, 9, 15, tzinfo=vevent["DTSTAMP"].dt.tzinfo)


def test_ics_lines_are_folded_and_crlf(seed_events) -> None:
    raw = render(seed_events, "ics").encode("utf-8")
    assert raw.endswith(b"\r\n")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        assert b"\n" not in line


def test_ics_fold_never_splits_a_character() -> None:
    folded = ics_fold("SUMMARY:" + "é" * 100)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
        part.encode("utf-8").decode("utf-8")  # each physical line is valid UTF-8
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "é" * 100


def test_ics_escapes_hostile_text() -> None:
    event = make_event(date(2022, 9, 13), headline="a;b,c\\d\nEND:VCALENDAR")
    calendar = icalendar.Calendar.from_ical(render([event], "ics"))
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "a;b,c\\d\nEND:VCALENDAR"


def test_ics_dtstamp_settable() -> None:
    event = make_event(date(2022, 9, 13))
    options = ExportOptions(dtstamp=datetime(2030, 1, 2, 3, 4, 5))
    assert "DTSTAMP:20300102T030405Z" in render([event], "ics", options=options)


def test_ics_month_event_is_an_all_day_span() -> None:
    event = make_event(date(2022, 7, 1), date(2022, 7, 31), precision=Precision.MONTH)
    text = render([event], "ics")
    assert "DTSTART;VALUE=DATE:20220701" in text and "DTEND;VALUE=DATE:20220801" in text


# --- ACLED --------------------------------------------------------------------------------


def test_acled_columns_and_precision(seed_events) -> None:
    rows = list(csv.DictReader(io.StringIO(render(seed_events, "acled-csv"))))
    assert tuple(rows[0].keys()) == ACLED_COLUMNS
    by_label = {e.label: r for e, r in zip(seed_events, rows, strict=True)}
    assert by_label["13 Sep 2022"]["time_precision"] == "1"
    assert by_label["12–13 Sep 2022"]["time_precision"] == "2"
    assert by_label["Jul 2022"]["time_precision"] == "3"
    assert by_label["1988"]["time_precision"] == "3"
    assert by_label["1992–1994"]["fatalities"] == "30000"
    assert by_label["12–13 Sep 2022"]["location"] == "Vardenis"
    assert by_label["12–13 Sep 2022"]["country"] == "Armenia"
    assert all(r["source_scale"] == "" for r in rows)  # never invented


def test_acled_unmapped_is_empty() -> None:
    event = make_event(date(2022, 9, 13), actors=(), places=())
    event.casualties = []
    row = next(csv.DictReader(io.StringIO(render([event], "acled-csv"))))
    assert row["actor1"] == row["actor2"] == row["country"] == row["location"] == ""
    assert row["fatalities"] == ""


def test_every_csv_format_neutralizes_formulas() -> None:
    event = make_event(date(2022, 9, 13), headline="=cmd|' /C calc'!A0", places=("@SUM(A1)",))
    for fmt in ("csv", "timelinejs-csv", "acled-csv"):
        for row in csv.reader(io.StringIO(render([event], fmt))):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@")), (fmt, cell)


def test_schema_matches_the_models() -> None:
    schema = TypeAdapter(list[Event]).json_schema()
    props = schema["$defs"]["Event"]["properties"]
    for field in ("id", "start", "end", "precision", "label", "headline", "expression",
                  "document", "sentences", "actors", "places", "casualties"):  # fmt: skip
        assert field in props


# --- hostile text (issue 11, parts 1 and 6) -----------------------------------------------

# An OSC 52 clipboard write, a colour, a one-byte CSI (C1), a right-to-left override and DEL.
HOSTILE = "\x1b]52;c;ZXZpbA==\x07\x1b[31mred\x9b2J\u202etxt.exe\x7f"
RAW_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def hostile_event() -> Event:
    event = make_event(
        date(2022, 9, 13),
        headline=f"Shelling {HOSTILE}",
        sentence=f"Shelling hit the town {HOSTILE}.",
        actors=(f"Army {HOSTILE}",),
        places=(f"Town {HOSTILE}",),
    )
    event.label = f"13 Sep 2022 {HOSTILE}"
    event.document = DocumentRef(
        id="d1", title=f"Report {HOSTILE}", path="a.txt", published=date(2022, 9, 15)
    )
    return event


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_no_format_carries_a_raw_control_character(fmt: str) -> None:
    options = ExportOptions(
        eras=[Era(name=f"Era {HOSTILE}", start=date(2022, 1, 1), end=date(2022, 12, 31))]
    )
    text = render([hostile_event()], fmt, title=f"Title {HOSTILE}", options=options)
    assert not RAW_CONTROLS.search(text), RAW_CONTROLS.findall(text)
    if fmt not in ("json", "jsonl"):
        assert "␛" in text  # made visible, not dropped


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_keeps_the_exact_text_with_controls_escaped(tmp_path: Path, fmt: str) -> None:
    event = hostile_event()
    text = render([event], fmt)
    assert "\\u001b" in text and "\\u009b" in text and "\\u202e" in text
    target = tmp_path / f"events.{fmt}"
    write_export([event], fmt, target)
    assert read_events(target) == [event]  # every character exactly as it was


def test_markdown_and_the_y_payload_show_controls_visibly() -> None:
    text = render([hostile_event()], "markdown", title="t")
    assert "Shelling ␛\\]52;c;ZXZpbA==␇␛\\[31mred\\\\x9b2J\\\\u202etxt.exe␡" in text


def test_timelinejs_csv_escapes_headline_display_date_and_group() -> None:
    event = make_event(date(2022, 9, 13), headline="<img src=x onerror=alert(1)>")
    event.label = "<i>13 Sep</i>"
    event.document = DocumentRef(id="d1", title="<b>bold</b>", path="a.txt")
    rows = list(csv.DictReader(io.StringIO(render([event], "timelinejs-csv", title="<t>"))))
    assert rows[0]["Headline"] == "&lt;t&gt;"  # the title row
    assert rows[1]["Headline"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert rows[1]["Display Date"] == "13 Sep"  # decoded and inserted as HTML: plain text
    assert rows[1]["Group"] == "bold"


def test_a_reopened_export_is_escaped_in_timelinejs(tmp_path: Path) -> None:
    """A JSON export can be edited by anyone before it is reopened: its label and id are
    text from strangers too."""
    data = json.loads(render([make_event(date(2022, 9, 13))], "json"))
    data[0]["label"] = "<i>13 Sep</i><img src=x onerror=alert(1)>"
    data[0]["id"] = '"><script>alert(1)</script>'
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    slide = json.loads(render(read_events(edited), "timelinejs"))["events"][0]
    assert slide["display_date"] == "13 Sep"  # TimelineJS decodes it: plain text, no tag
    assert slide["unique_id"] == "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.mark.parametrize(
    ("title", "group"),
    [
        ("<b>bold</b> title", "bold title"),
        ("&lt;b&gt;bold&lt;/b&gt; title", "bold title"),  # entities TimelineJS would decode
        ("&amp;lt;script&amp;gt;x", "x"),
        ("AT&T", "AT＆T"),
        ("a < b > c", "a ＜ b ＞ c"),
        ("<img src=x onerror=alert(1)", "＜img src=x onerror=alert(1)"),
        ("Plain title, it's fine", "Plain title, it's fine"),
    ],
)
def test_timelinejs_group_is_plain_text(title: str, group: str) -> None:
    event = make_event(date(2022, 9, 13))
    event.document = DocumentRef(id="d1", title=title, path="a.txt")
    assert json.loads(render([event], "timelinejs"))["events"][0]["group"] == group
    rows = list(csv.DictReader(io.StringIO(render([event], "timelinejs-csv"))))
    assert rows[1]["Group"] == group
