"""`conflict-tui annotate` and `timeline.annotate`: TimeML out, the same text in, never a crash.

All texts here are written for these tests; TimeML inputs are tiny fixtures made in tmp_path.
"""

from __future__ import annotations

import itertools
import os
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from timeline.annotate import Tag, annotate_file, annotate_text, output_name, timex3_tags
from timeline.cli import run
from timeline.export import files
from timeline.models import Event, Genre, TimeExpression, TimeKind
from timeline.pipeline import build_timeline
from timeline.temporal.calendar import value_bounds
from timeline.timeml import read_timeml

DCT = date(2022, 9, 15)  # a Thursday


def _tags(text: str, dct: date | None = DCT) -> dict[str, dict[str, str]]:
    return {text[t.start : t.end]: t.attrs for t in timex3_tags(text, dct)}


# --- the TIMEX3 written --------------------------------------------------------------------


def test_round_trip_keeps_text_exactly_and_escapes_markup() -> None:
    text = "Q&A <draft>: shelling on 13 September 2022 & \"talks\" > 3 p.m. Friday's 'deal'.\n"
    doc = read_timeml(annotate_text(text, DCT))
    assert doc.text == text
    assert doc.dct == DCT
    assert [t.text for t in doc.timexes] == ["13 September 2022", "3 p.m. Friday"]


def test_dct_is_t0_creation_time() -> None:
    xml = annotate_text("Nothing happened.", DCT, docid="d1")
    assert 'tid="t0"' in xml and 'functionInDocument="CREATION_TIME"' in xml
    assert "<DOCID>d1</DOCID>" in xml


@pytest.mark.parametrize(
    ("text", "span", "attrs"),
    [
        ("The siege lasted a decade.", "a decade", {"type": "DURATION", "value": "P10Y"}),
        ("They waited 18 months.", "18 months", {"type": "DURATION", "value": "P18M"}),
        (
            "Prices tripled over the past three decades.",
            "the past three decades",
            {"type": "DURATION", "value": "P30Y", "endPoint": "t0"},
        ),
        (
            "The army will grow over the next two years.",
            "the next two years",
            {"type": "DURATION", "value": "P2Y", "beginPoint": "t0"},
        ),
        (
            "It took more than five years.",
            "more than five years",
            {"type": "DURATION", "value": "P5Y", "mod": "MORE_THAN"},
        ),
        (
            "Aid arrives every week.",
            "every week",
            {"type": "SET", "value": "P1W", "quant": "EVERY"},
        ),
        ("The board meets twice a month.", "a month", {"type": "SET", "freq": "2X"}),
        ("Patrols pass twelve times a day.", "a day", {"type": "SET", "freq": "12X"}),
        ("Figures are published annually.", "annually", {"type": "SET", "value": "P1Y"}),
        (
            "Troops left on Tuesday morning.",
            "Tuesday morning",
            {"type": "TIME", "value": "2022-09-13TMO", "anchorTimeID": "t0"},
        ),
        ("A vote is set for 3 p.m. Friday.", "3 p.m. Friday", {"type": "TIME"}),
        ("Refugees are now crossing.", "now", {"value": "PRESENT_REF"}),
        ("The town was recently shelled.", "recently", {"value": "PAST_REF"}),
        ("Peace may come in the future.", "the future", {"value": "FUTURE_REF"}),
        ("Talks stalled last week.", "last week", {"value": "2022-W36"}),
        ("Fighting began last summer.", "last summer", {"value": "2022-SU"}),  # just ended
        ("Output fell in the third quarter.", "the third quarter", {"value": "2022-Q3"}),
        ("in the first half of 2021", "the first half of 2021", {"value": "2021-H1"}),
        ("a boom in the 1990s", "the 1990s", {"value": "199", "temporalFunction": "false"}),
        ("It began on Friday, March 22, 2019.", "Friday, March 22, 2019", {"value": "2019-03-22"}),
        (
            "The border closed earlier this year.",
            "earlier this year",
            {"value": "2022", "mod": "START", "anchorTimeID": "t0"},
        ),
        ("in the late 1980s", "the late 1980s", {"value": "198", "mod": "END"}),
        ("about a decade ago", "about a decade ago", {"mod": "APPROX"}),
    ],
)
def test_attributes(text: str, span: str, attrs: dict[str, str]) -> None:
    found = _tags(text)
    assert span in found, found
    for key, value in attrs.items():
        assert found[span].get(key) == value, (key, found[span])


def test_anchor_of_a_relative_offset_is_the_previous_date() -> None:
    found = _tags("The mine opened in 2004. Two years later it closed.")
    assert found["Two years later"]["anchorTimeID"] == found["2004"]["tid"]


def test_without_dct_values_stay_partial_and_unanchored() -> None:
    found = _tags("Shelling resumed on September 12 and again in July.", None)
    assert found["September 12"]["value"] == "XXXX-09-12"
    assert found["July"]["value"] == "XXXX-07"
    assert all("anchorTimeID" not in a for a in found.values())
    assert "<DCT>" not in annotate_text("in July", None)


def test_tag_ids_are_unique_and_spans_disjoint() -> None:
    text = "From 1992 to 1994, and on 12-13 September, then every day for three weeks."
    tags = timex3_tags(text, DCT)
    assert len({t.attrs["tid"] for t in tags}) == len(tags)
    assert all(isinstance(t, Tag) and t.start < t.end for t in tags)
    ordered = sorted(tags, key=lambda t: t.start)
    assert all(a.end <= b.start for a, b in itertools.pairwise(ordered))


def test_characters_xml_cannot_hold_are_replaced_one_for_one() -> None:
    text = "Page\x0cbreak on 13 September 2022."
    doc = read_timeml(annotate_text(text, DCT))
    assert len(doc.text) == len(text)
    assert doc.timexes[0].text == "13 September 2022"


# --- events agree with the TIMEX3 written -------------------------------------------------


def _check_agreement(events: list[Event], tags: list[Tag]) -> None:
    by_span = {(t.start, t.end): t for t in tags}
    for event in events:
        expr = event.expression
        inside = [t for t in tags if expr.start <= t.start and t.end <= expr.end]
        assert inside, f"no TIMEX3 for {expr.text!r}"
        first, last = inside[0], inside[-1]
        start, _ = value_bounds(first.attrs["value"])
        _, end = value_bounds(last.attrs["value"])
        if expr.kind is TimeKind.RANGE and len(inside) == 1:
            # "September 12–13" is one TIMEX3 (TimeML has no ranges): valued at its start.
            assert start == event.start, (expr.text, first.attrs, event.start)
            continue
        # The event is the value's period, or a part of it narrowed by a modifier.
        assert start <= event.start <= event.end <= end, (expr.text, first.attrs, event.start)
        if len(inside) == 1:
            assert by_span.get((expr.start, expr.end)) is first
            assert first.attrs["value"] == expr.value


def test_seed_events_agree_with_timex3_values() -> None:
    timeline = build_timeline([])
    assert timeline.events
    for document in timeline.documents:
        events = [e for e in timeline.events if e.document.id == document.id]
        _check_agreement(events, timex3_tags(document.text, document.published))


@pytest.mark.parametrize(
    "text",
    [
        "Rebels seized the airport on 3 March 2021. Two days later the army retook it.",
        "From 1992 until 1994 the war raged; a truce followed in May 1994 and held until 2020.",
        "Shelling on September 12–13 killed 40. Last week talks failed; in the late 1980s "
        "the dispute began, and in the third quarter exports fell.",
        "Yesterday the ministry said troops had withdrawn earlier this month.",
    ],
)
def test_own_texts_events_agree_with_timex3_values(tmp_path: Path, text: str) -> None:
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.toml").write_text("published = 2022-09-15\n", encoding="utf-8")
    timeline = build_timeline([tmp_path])
    assert timeline.events
    _check_agreement(timeline.events, timex3_tags(text, DCT))


# --- the command --------------------------------------------------------------------------

_TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>DOC{n}</DOCID>
<DCT><TIMEX3 tid="t0" type="TIME" value="1998-08-07" temporalFunction="false" \
functionInDocument="CREATION_TIME">1998-08-07</TIMEX3></DCT>
<TITLE>A test &amp; a title</TITLE>
<TEXT>
Bombs <EVENT eid="e1">exploded</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday\
</TIMEX3> &amp; talks &lt;resumed&gt; last week.
</TEXT>
</TimeML>
"""


def _corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.tml").write_text(_TML.format(n=1), encoding="utf-8")
    (src / "sub" / "b.tml.TE3input").write_text(_TML.format(n=2), encoding="utf-8")
    (src / "c.txt").write_text("Clashes broke out on Monday.\n", encoding="utf-8")
    (src / "c.toml").write_text("published = 2022-09-15\n", encoding="utf-8")
    return src


def test_annotate_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _corpus(tmp_path)
    out = tmp_path / "deep" / "out"  # created with its parents
    assert run("annotate", [str(src), "-o", str(out)]) == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "a.tml",
        "c.tml",
        "sub/b.tml.TE3input",
    ]
    gold = read_timeml((src / "a.tml").read_text(encoding="utf-8"))
    ours = read_timeml((out / "a.tml").read_text(encoding="utf-8"))
    assert ours.text == gold.text
    assert ours.docid == "DOC1" and ours.dct_value == "1998-08-07" and ours.title == gold.title
    assert [(t.text, t.value) for t in ours.timexes] == [
        ("Friday", "1998-08-07"),
        ("last week", "1998-W31"),
    ]
    txt = read_timeml((out / "c.tml").read_text(encoding="utf-8"))
    assert txt.dct == date(2022, 9, 15) and txt.docid == "c"
    assert [t.value for t in txt.timexes] == ["2022-09-12"]
    assert "wrote 3 TimeML files" in capsys.readouterr().err


def test_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _corpus(tmp_path)
    out = tmp_path / "out"
    assert run("annotate", [str(src / "a.tml"), "-o", str(out)]) == 0
    (out / "a.tml").write_text("mine", encoding="utf-8")
    assert run("annotate", [str(src / "a.tml"), "-o", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert (out / "a.tml").read_text(encoding="utf-8") == "mine"
    assert run("annotate", [str(src / "a.tml"), "-o", str(out), "--force"]) == 0
    assert "<TIMEX3" in (out / "a.tml").read_text(encoding="utf-8")


def test_bad_files_cost_one_message_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "bad.tml").write_text("<TimeML><TEXT>unclosed", encoding="utf-8")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (src / "empty.txt").write_text("", encoding="utf-8")
    (src / "good.txt").write_text("It ended in 1994.", encoding="utf-8")
    out = tmp_path / "out"
    assert run("annotate", [str(src), str(tmp_path / "missing.txt"), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for name in ("bad.tml", "binary.txt", "empty.txt", "missing.txt"):
        assert sum(name in line for line in err.splitlines()) == 1, (name, err)
    assert "no publication date" in err  # good.txt: a warning, still written
    assert [p.name for p in out.iterdir()] == ["good.tml"]


def test_output_never_replaces_its_input(tmp_path: Path) -> None:
    src = _corpus(tmp_path)
    before = (src / "a.tml").read_text(encoding="utf-8")
    assert run("annotate", [str(src / "a.tml"), "-o", str(src), "--force"]) == 1
    assert (src / "a.tml").read_text(encoding="utf-8") == before


def test_output_dir_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _corpus(tmp_path)
    (tmp_path / "out").write_text("", encoding="utf-8")
    assert run("annotate", [str(src), "-o", str(tmp_path / "out")]) == 1
    assert "not a directory" in capsys.readouterr().err


def test_unwritable_output_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root here, where chmod cannot lock a directory: make the OS refuse instead.
    src = _corpus(tmp_path)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as patch:
        patch.setattr(os, "makedirs", refuse)
        assert run("annotate", [str(src), "-o", str(tmp_path / "new" / "out")]) == 1
    err = capsys.readouterr().err
    assert "cannot create directory" in err and "Traceback" not in err

    locked = tmp_path / "locked"
    locked.mkdir()
    with monkeypatch.context() as patch:
        patch.setattr(files, "_create_temporary", refuse)
        assert run("annotate", [str(src / "c.txt"), "-o", str(locked)]) == 1
    err = capsys.readouterr().err
    assert "not written" in err and "Traceback" not in err
    assert list(locked.iterdir()) == []


def test_output_names() -> None:
    assert output_name(Path("x/APW1.tml")) == "APW1.tml"
    assert output_name(Path("x/APW1.tml.TE3input")) == "APW1.tml.TE3input"
    assert output_name(Path("story.txt")) == "story.tml"
    assert output_name(Path("notes.md")) == "notes.tml"
    assert output_name(Path("README")) == "README.tml"


def test_hostile_text_is_annotated_quickly() -> None:
    # A generous hang guard, not a speed test: pathological runs of digits, month names,
    # separators and unit words.
    parts = [
        "1" * 5000,
        "May " * 3000,
        "12/12/" * 2000,
        "-".join(["2020"] * 2000),
        "day " * 3000,
        "the " * 3000 + "past",
        "Jan. 1, " * 2000,
    ]
    started = time.monotonic()
    for part in parts:
        annotate_text(part, DCT)
    assert time.monotonic() - started < 60


def test_value_bounds_helper() -> None:
    assert value_bounds("2022-W36") == (date(2022, 9, 5), date(2022, 9, 11))
    assert value_bounds("199") == (date(1990, 1, 1), date(1999, 12, 31))
    assert value_bounds("2022-09-13TMO")[0] == date(2022, 9, 13)
    assert value_bounds("2021-WI")[1] == date(2022, 2, 28)
    assert value_bounds("2022-Q3")[1] - value_bounds("2022-Q3")[0] == timedelta(days=91)


def test_a_sidecar_date_overrides_the_timeml_dct_as_in_the_timeline(tmp_path: Path) -> None:
    from timeline.pipeline import build_timeline

    src = tmp_path / "src"
    src.mkdir()
    tml = src / "story.tml"
    tml.write_text(
        '<?xml version="1.0" ?>\n<TimeML><DOCID>story</DOCID>'
        '<DCT><TIMEX3 tid="t0" type="DATE" value="1999-01-01" temporalFunction="false" '
        'functionInDocument="CREATION_TIME">1999-01-01</TIMEX3></DCT>'
        "<TEXT>Troops crossed the river yesterday.</TEXT></TimeML>\n",
        encoding="utf-8",
    )
    (src / "story.toml").write_text("published = 2021-06-10\n", encoding="utf-8")
    assert run("annotate", [str(tml), "-o", str(tmp_path / "out")]) == 0
    written = (tmp_path / "out" / "story.tml").read_text(encoding="utf-8")
    assert 'value="2021-06-10"' in written and 'value="1999-01-01"' not in written
    assert 'value="2021-06-09"' in written  # "yesterday" against the sidecar's date
    (event,) = build_timeline([tml]).events
    assert event.start.isoformat() == "2021-06-09"


@pytest.mark.parametrize(
    ("name", "sidecar", "genre"),
    [
        ("diary.txt", 'published = 2021-06-10\ngenre = "narrative"\n', Genre.NARRATIVE),
        ("wire.md", 'genre = "news"\n', Genre.NEWS),
        ("story.tml", 'genre = "narrative"\n', Genre.NARRATIVE),
        ("plain.txt", "published = 2021-06-10\n", None),
    ],
)
def test_annotate_passes_the_sidecar_genre_to_the_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, sidecar: str, genre: Genre | None
) -> None:
    import timeline.annotate

    seen: list[Genre | None] = []
    real = timeline.annotate.extract_times

    def spy(
        text: str, dct: date | None, genre: Genre | None = None, **kwargs: Any
    ) -> list[TimeExpression]:
        seen.append(genre)
        return real(text, dct, genre, **kwargs)

    monkeypatch.setattr(timeline.annotate, "extract_times", spy)
    path = tmp_path / name
    if name.endswith(".tml"):
        body = (
            '<?xml version="1.0" ?>\n<TimeML><DOCID>story</DOCID>'
            "<TEXT>Troops crossed the river on 3 May.</TEXT></TimeML>\n"
        )
    else:
        body = "Troops crossed the river on 3 May.\n"
    path.write_text(body, encoding="utf-8")
    (tmp_path / (name.split(".")[0] + ".toml")).write_text(sidecar, encoding="utf-8")
    timeml, problems = annotate_file(path)
    assert timeml is not None, problems
    assert seen == [genre]
