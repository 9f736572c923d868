"""scripts/score_timeml.py and scripts/score_timex2.py: counts and figures on hand-made gold.

Every fixture is written here (TimeML with TIMEX3, WikiWars-style SGML with inline TIMEX2);
nothing comes from a corpus. The expected numbers are worked out by hand in the comments.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
sys.path.insert(0, str(SCRIPTS))

import score_timeml  # noqa: E402
import score_timex2  # noqa: E402
from score_timeml import Timex  # noqa: E402

# --- a WikiWars-style corpus of one article -----------------------------------------------

ARTICLE = (
    "\nTom &amp; Ann left on September 1, 1939. They came back every Monday and the day after.\n"
)
SGM = (
    '<DOC>\n<DOCID>a</DOCID>\n<DOCTYPE SOURCE="test"> HISTORY ARTICLE </DOCTYPE>\n'
    f"<DATETIME> 2009-12-19T17:00:00 </DATETIME>\n<TEXT>{ARTICLE}</TEXT>\n</DOC>\n"
)
# Nested TIMEX2 ("1939" inside the full date), a set, and an event-anchored one without VAL.
KEY = (
    "<DOC>\n<DOCID>a</DOCID>\n"
    '<DATETIME> <TIMEX2 val="2009-12-19T17:00:00">2009-12-19T17:00:00</TIMEX2> </DATETIME>\n'
    "<TEXT>\nTom &amp; Ann left on "
    '<TIMEX2 val="1939-09-01">September 1, <TIMEX2 val="1939">1939</TIMEX2></TIMEX2>. '
    'They came back <TIMEX2 val="XXXX-WXX-1" set="YES" periodicity="F1W">every Monday</TIMEX2>'
    ' and <TIMEX2 anchor_dir="AFTER" anchor_val="1939-09-01">the day after</TIMEX2>.\n'
    "</TEXT>\n</DOC>\n"
)
# What a tagger wrote: the date exactly; "Monday" inside "every Monday" typed DATE (value in
# lower case); "day" inside "the day after" with a value gold does not have; "Ann" by mistake.
# The DCT lives outside TEXT and is not counted.
SYSTEM = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<TimeML>\n<DOCID>a</DOCID>\n'
    '<DCT><TIMEX3 tid="t0" type="DATE" value="2009-12-19">2009-12-19</TIMEX3></DCT>\n'
    '<TEXT>\nTom &amp; <TIMEX3 tid="t9" type="DATE" value="XXXX">Ann</TIMEX3> left on '
    '<TIMEX3 tid="t1" type="DATE" value="1939-09-01">September 1, 1939</TIMEX3>. They came back'
    ' every <TIMEX3 tid="t2" type="DATE" value="xxxx-wxx-1">Monday</TIMEX3> and the '
    '<TIMEX3 tid="t3" type="DURATION" value="P1D">day</TIMEX3> after.\n</TEXT>\n</TimeML>\n'
)


def _wikiwars(tmp_path: Path, system: str | None = SYSTEM) -> tuple[Path, Path]:
    root = tmp_path / "ww"
    (root / "in").mkdir(parents=True)
    (root / "keyinline").mkdir()
    (root / "in" / "a.sgm").write_text(SGM, encoding="utf-8")
    (root / "keyinline" / "a.key.xml").write_text(KEY, encoding="utf-8")
    out = tmp_path / "ww-system"
    out.mkdir()
    if system is not None:
        (out / "a.tml").write_text(system, encoding="utf-8")
    return root, out


def test_gold_is_outermost_timex2_over_unescaped_text() -> None:
    text, gold = score_timex2.read_gold(KEY)
    assert (
        text
        == "\nTom & Ann left on September 1, 1939. They came back every Monday and the day after.\n"
    )
    # "\n" + "Tom & Ann left on " = 19 characters: "&amp;" counts as one.
    assert [(g.start, g.end, text[g.start : g.end]) for g in gold] == [
        (19, 36, "September 1, 1939"),
        (53, 65, "every Monday"),
        (70, 83, "the day after"),
    ]
    assert [g.as_timex().type for g in gold] == ["DATE", "SET", "DURATION"]
    assert gold[2].value == ""
    # The embedded "1939" is there only on request, after the date that contains it.
    _, every = score_timex2.read_gold(KEY, all_gold=True)
    assert [(g.start, g.end, g.depth) for g in every[:2]] == [(19, 36, 0), (32, 36, 1)]
    assert len(every) == 4


def test_article_text_and_date(tmp_path: Path) -> None:
    path = tmp_path / "a.sgm"
    path.write_text(SGM, encoding="utf-8")
    article = score_timex2.read_article(path)
    assert article.name == "a"
    assert article.text == score_timex2.read_gold(KEY)[0]
    assert article.dct is not None and article.dct.isoformat() == "2009-12-19"


@pytest.mark.parametrize(
    ("attrs", "kind"),
    [
        ({"val": "1939-09-01"}, "DATE"),
        ({"val": "XXXX-WXX-1", "set": "YES"}, "SET"),
        ({"val": "P3Y"}, "DURATION"),
        ({"val": "PRESENT_REF"}, "DATE"),
        ({"val": "PAST_REF"}, "DATE"),
        ({"val": "1944-06-06T06:30"}, "TIME"),
        ({"val": "1944-06-06TMO"}, "TIME"),
        ({"anchor_dir": "AFTER"}, "DURATION"),
        ({}, "DATE"),
    ],
)
def test_type_derived_from_timex2(attrs: dict[str, str], kind: str) -> None:
    assert score_timex2.gold_type(attrs) == kind


def test_system_timex3_spans_map_onto_the_article() -> None:
    text, _ = score_timex2.read_gold(KEY)
    spans = score_timex2.read_system(SYSTEM, text)
    assert [(text[s.start : s.end], s.type, s.value) for s in spans] == [
        ("Ann", "DATE", "XXXX"),
        ("September 1, 1939", "DATE", "1939-09-01"),
        ("Monday", "DATE", "xxxx-wxx-1"),
        ("day", "DURATION", "P1D"),
    ]
    # Only white space differs: offsets follow the non-space characters.
    spaced = SYSTEM.replace("left on ", "left\n   on  ").replace("\n</TEXT>", "</TEXT>")
    assert score_timex2.read_system(spaced, text) == spans


def test_wikiwars_counts_and_figures(tmp_path: Path) -> None:
    root, out = _wikiwars(tmp_path)
    tally, seconds = score_timex2.run(root, out)
    assert seconds is None
    # gold 3 (outermost), system 4; strict: the date; relaxed: date, set, "the day after".
    assert (tally.gold, tally.system, tally.strict, tally.relaxed) == (3, 4, 1, 3)
    # Types: SET ≠ DATE. Values: "xxxx-wxx-1" = "XXXX-WXX-1"; no VAL ≠ "P1D".
    assert (tally.type_ok, tally.value_ok, tally.val_gold, tally.val_ok_gold) == (2, 2, 2, 2)
    m = score_timeml.summary(tally)
    assert m["strict_p"] == pytest.approx(1 / 4)
    assert m["strict_f1"] == pytest.approx(2 / 7)  # 2·(1/4)(1/3) / (7/12)
    assert m["relaxed_f1"] == pytest.approx(6 / 7)  # P 3/4, R 1
    assert m["value_f1"] == pytest.approx(4 / 7)  # 2/3 · 6/7
    assert score_timex2.reference_line(tally) == (
        "gold 3 system 4 | strict P 0.250 R 0.333 F1 0.286 | relaxed P 0.750 R 1.000 F1 0.857 "
        "| type acc 0.667 F1 0.571 (derived) | value acc 0.667 F1 0.571 "
        "| value acc (gold with VAL) 1.000"
    )
    embedded, _ = score_timex2.run(root, out, all_gold=True)
    # The embedded "1939" overlaps only the date's span, which the full date took already.
    assert (embedded.gold, embedded.strict, embedded.relaxed) == (4, 1, 3)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", "no VAL"), ("BC0490", "BC year"), ("BC048", "BC decade"), ("1939-09", "month")],
)
def test_value_shapes_of_timex2(value: str, expected: str) -> None:
    assert score_timex2.value_shape(value) == expected


def test_gold_without_val_is_right_only_without_a_value() -> None:
    gold = [Timex(0, 5, "DURATION", "")]
    tally = score_timex2.Timex2Tally()
    score_timex2.score_article("later", gold, [Timex(0, 5, "DURATION", "")], tally)
    score_timex2.score_article("later", gold, [Timex(0, 5, "DURATION", "P1D")], tally)
    assert (tally.relaxed, tally.value_ok, tally.val_gold) == (2, 1, 0)


def test_relaxed_match_takes_the_first_overlap_in_gold_order() -> None:
    # Gold A [0,10) and B [8,20); one system span [8,20) = B exactly.
    gold = [Timex(0, 10, "DATE", "1990"), Timex(8, 20, "DATE", "1991")]
    system = [Timex(8, 20, "DATE", "1991")]
    assert score_timex2.match_in_order(gold, system) == [(0, 0)]
    tally = score_timex2.Timex2Tally()
    score_timex2.score_article("x" * 20, gold, system, tally)
    # Strict asks whether B's extent exists at all; the relaxed match went to A, whose value
    # differs. TempEval-3's largest-overlap rule pairs B instead.
    assert (tally.strict, tally.relaxed, tally.value_ok) == (1, 1, 0)
    matched, strict = score_timeml.match(gold, system)
    assert [(g.value, s.value) for g, s in matched] == [("1991", "1991")] and strict == 1


def test_missing_system_file_counts_as_nothing_found(tmp_path: Path) -> None:
    root, out = _wikiwars(tmp_path, system=None)
    tally, _ = score_timex2.run(root, out)
    assert (tally.gold, tally.system, tally.relaxed, tally.missing) == (3, 0, 0, ["a"])


def test_annotates_the_articles_with_the_sgm_date(tmp_path: Path) -> None:
    root = tmp_path / "ww"
    (root / "in").mkdir(parents=True)
    (root / "keyinline").mkdir()
    text = "\nTom &amp; Ann left on September 1, 1939. Ann came back yesterday.\n"
    (root / "in" / "b.sgm").write_text(
        f"<DOC><DOCID>b</DOCID><DATETIME> 2009-12-19T17:00:00 </DATETIME><TEXT>{text}</TEXT></DOC>",
        encoding="utf-8",
    )
    key = text.replace(
        "September 1, 1939", '<TIMEX2 val="1939-09-01">September 1, 1939</TIMEX2>'
    ).replace("yesterday", '<TIMEX2 val="2009-12-18">yesterday</TIMEX2>')
    (root / "keyinline" / "b.key.xml").write_text(
        f"<DOC><TEXT>{key}</TEXT></DOC>", encoding="utf-8"
    )
    tally, seconds = score_timex2.run(root, None)
    assert seconds is not None
    # "yesterday" is right only if the DATETIME reached the engine as the document date.
    assert (tally.gold, tally.system, tally.strict, tally.value_ok) == (2, 2, 2, 2)


def test_wikiwars_errors_and_categories(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, out = _wikiwars(tmp_path)
    assert score_timex2.main([str(root), str(out), "--errors", "5", "--categories"]) == 0
    printed = capsys.readouterr().out
    assert "ALL              3     4  0.250/0.333/0.286  0.750/1.000/0.857" in printed
    assert "type: gold SET / ours DATE" in printed
    assert "value: gold no VAL / ours duration" in printed
    assert "FALSE ALARMS (1):" in printed and "[Ann]" in printed
    assert "MISSES (0):" in printed


# --- TimeML gold (TempEval-3 rules) --------------------------------------------------------

TML_GOLD = (
    '<?xml version="1.0"?>\n<TimeML><DOCID>d</DOCID>\n'
    '<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">'
    "January 8, 1998</TIMEX3></DCT>\n"
    '<TEXT>Sales rose in <TIMEX3 tid="t1" type="DATE" value="1997">1997</TIMEX3> and fell '
    '<TIMEX3 tid="t2" type="DATE" value="1998-01-07">yesterday</TIMEX3> for '
    '<TIMEX3 tid="t3" type="DURATION" value="P2W">two weeks</TIMEX3>.</TEXT></TimeML>\n'
)
# "in 1997" (relaxed only), "yesterday" with the wrong day, "two weeks" missed, "Sales" wrong.
TML_SYSTEM = (
    '<?xml version="1.0"?>\n<TimeML><DOCID>d</DOCID>\n'
    '<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08">January 8, 1998</TIMEX3></DCT>\n'
    '<TEXT><TIMEX3 tid="t4" type="DATE" value="XXXX">Sales</TIMEX3> rose '
    '<TIMEX3 tid="t1" type="DATE" value="1997">in 1997</TIMEX3> and fell '
    '<TIMEX3 tid="t2" type="DATE" value="1998-01-06">yesterday</TIMEX3> for two weeks.'
    "</TEXT></TimeML>\n"
)
# gold 3, system 3, strict 1 (yesterday), relaxed 2, type 2/2, value 1/2.
TML_ALL = (
    "ALL              3     3  0.333/0.333/0.333  0.667/0.667/0.667"
    "     1.000    0.500    0.667    0.333"
)


def _timeml(tmp_path: Path) -> tuple[Path, Path]:
    gold = tmp_path / "timeml-gold"
    system = tmp_path / "timeml-system"
    (gold / "g").mkdir(parents=True)
    (system / "g").mkdir(parents=True)
    (gold / "g" / "d.tml").write_text(TML_GOLD, encoding="utf-8")
    (system / "g" / "d.tml").write_text(TML_SYSTEM, encoding="utf-8")
    return gold, system


def test_timeml_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold, system = _timeml(tmp_path)
    assert score_timeml.main([str(gold), str(system)]) == 0
    printed = capsys.readouterr().out
    assert TML_ALL in printed
    assert printed.endswith("1 documents scored, 0 skipped\n")
    assert "WikiWars" not in printed and "BOTH CORPORA" not in printed


def test_both_corpora_in_one_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold, system = _timeml(tmp_path)
    root, out = _wikiwars(tmp_path)
    argv = [str(gold), str(system), "--wikiwars", str(root), "--wikiwars-system", str(out)]
    assert score_timeml.main(argv) == 0
    printed = capsys.readouterr().out
    both = printed[printed.index("BOTH CORPORA") :].splitlines()
    assert both[1].startswith("corpus ")
    assert both[3].split() == [
        "timeml-gold",
        "(TIMEX3)",
        "3",
        "3",
        "0.333/0.333/0.333",
        "0.667/0.667/0.667",
        "1.000",
        "0.500",
        "0.667",
        "0.333",
    ]
    assert both[4].split() == [
        "ww",
        "(TIMEX2)",
        "3",
        "4",
        "0.250/0.333/0.286",
        "0.750/1.000/0.857",
        "0.667",
        "0.667",
        "0.571",
        "0.571",
    ]
    # The TimeML part is printed first, exactly as without --wikiwars.
    assert printed.index(TML_ALL) < printed.index("WikiWars, outermost TIMEX2")


def test_wikiwars_alone_from_score_timeml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, out = _wikiwars(tmp_path)
    assert score_timeml.main(["--wikiwars", str(root), "--wikiwars-system", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("WikiWars, outermost TIMEX2")
    assert "BOTH CORPORA" not in printed
