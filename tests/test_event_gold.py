"""The event gold is well formed, and its scorer (scripts/score_events.py) counts what it says.

The scorer's counts are checked on small gold directories written here and on rows made by
hand, so they do not move when the engine does. Nothing here needs ../shared: the conflict-dev
gold is only checked for its form.
"""

from __future__ import annotations

import sys
import tomllib
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from timeline.models import (
    Casualty,
    Document,
    Event,
    Precision,
    Sentence,
    Source,
    TimeExpression,
    TimeKind,
)

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "events"
CORPUS_GOLD = ROOT / "tests" / "gold" / "conflict-dev-keys"
FILES = sorted(GOLD.glob("*.toml"))
CORPUS_FILES = sorted(CORPUS_GOLD.glob("*.toml"))
sys.path.insert(0, str(ROOT / "scripts"))

import score_events  # noqa: E402

EVENT_TYPES = {
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
}


def _load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


# ─────────────────────────────────────────── the gold ───────────────────────────────────────────


def test_there_is_gold() -> None:
    assert len(FILES) >= 15
    assert sum(len(_load(p).get("happening", [])) for p in FILES) >= 70
    assert sum(len(_load(p).get("negative", [])) for p in FILES) >= 25
    assert len(CORPUS_FILES) >= 6
    assert sum(len(_load(p).get("happening", [])) for p in CORPUS_FILES) >= 30


def _check_happenings(path: Path, data: dict[str, Any]) -> None:
    for gold in data.get("happening", []):
        assert gold["start"] <= gold["end"], gold["key"]
        assert gold.get("event_type", "Battles") in EVENT_TYPES, gold["key"]
        for figure in score_events._figures(gold):
            assert figure.count >= 0, gold["key"]
            if figure.low is not None and figure.high is not None:
                assert figure.low <= figure.count <= figure.high, gold["key"]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_key_is_in_its_text_and_dates_are_ordered(path: Path) -> None:
    data = _load(path)
    assert isinstance(data["published"], date)
    for gold in data.get("happening", []):
        assert data["text"].count(gold["key"]) == 1, gold["key"]  # one place it is told
    for negative in data.get("negative", []):
        assert negative["key"] in data["text"], negative["key"]  # every place it is is wrong
    _check_happenings(path, data)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.stem for p in CORPUS_FILES])
def test_corpus_gold_names_its_document_and_keeps_no_text(path: Path) -> None:
    data = _load(path)
    assert set(data) <= {"document", "happening", "negative"}
    assert data["document"] == f"{path.stem}.md"
    for gold in [*data.get("happening", []), *data.get("negative", [])]:
        assert 0 < len(gold["key"].split()) <= 12, gold["key"]
    _check_happenings(path, data)


@pytest.mark.parametrize("files", [FILES, CORPUS_FILES], ids=["events", "conflict-dev-keys"])
def test_a_happening_told_twice_has_nested_dates(files: list[Path]) -> None:
    """Two tellings of one happening may differ in precision ("in February 2022" and "on 24
    February 2022"), never disagree: their spans nest."""
    spans: dict[str, list[tuple[date, date]]] = {}
    documents: dict[str, set[str]] = {}
    for path in files:
        for gold in _load(path).get("happening", []):
            if "id" in gold:
                spans.setdefault(gold["id"], []).append((gold["start"], gold["end"]))
                documents.setdefault(gold["id"], set()).add(path.stem)
    assert any(len(d) > 1 for d in documents.values()), "no happening is told in two documents"
    for ident, told in spans.items():
        for (a, b), (c, d) in combinations(told, 2):
            assert (a <= c and d <= b) or (c <= a and b <= d), ident


def test_the_scorer_counts_each_happening_once() -> None:
    tally = score_events.score(GOLD)
    ids = set()
    for path in FILES:
        for gold in _load(path).get("happening", []):
            ids.add(gold.get("id") or f"{path.stem}:{gold['key']}")
    assert tally.happenings == len(ids)
    assert tally.statements == sum(len(_load(p).get("happening", [])) for p in FILES)
    assert 0 <= tally.found <= tally.keyed <= tally.happenings
    assert tally.negatives == sum(len(_load(p).get("negative", [])) for p in FILES)
    assert 0 <= tally.figures_ok <= tally.figures


# ──────────────────────────── the scorer, on gold and rows made here ────────────────────────────

# Published on Wednesday 10 May 2023: Monday is 8 May, Tuesday 9 May.
TEXT_A = (
    "Shelling killed 12 people in Avdan on Monday. A second strike hit Avdan on Monday evening, "
    "killing 3. Officials said on Tuesday that the toll was final."
)
GOLD_A = f'''published = 2023-05-10
text = """{TEXT_A}"""

[[happening]]
id = "avdan-shelling"
key = "Shelling killed 12 people in Avdan"
start = 2023-05-08
end = 2023-05-08
places = ["Avdan"]
killed = 12

[[happening]]
key = "A second strike hit Avdan"
start = 2023-05-08
end = 2023-05-08
places = ["Avdan"]
killed = 3

[[negative]]
key = "Officials said on Tuesday"
'''
TEXT_B = "Shells hit Avdan in May, residents said."
GOLD_B = f'''published = 2023-05-20
text = """{TEXT_B}"""

[[happening]]
id = "avdan-shelling"
key = "Shells hit Avdan in May"
start = 2023-05-01
end = 2023-05-31
'''


@pytest.fixture
def gold(tmp_path: Path) -> score_events.Gold:
    (tmp_path / "a.toml").write_text(GOLD_A, encoding="utf-8")
    (tmp_path / "b.toml").write_text(GOLD_B, encoding="utf-8")
    return score_events.load_gold(tmp_path)


def _doc(gold: score_events.Gold, ident: str) -> Document:
    return next(d for d in gold.documents if d.id == ident)


def _source(
    document: Document,
    when: tuple[date, date],
    date_words: str,
    sentences: list[str],
    figures: tuple[tuple[int, str, str], ...] = (),
    extra: tuple[Casualty, ...] = (),
) -> Source:
    """A mention of ``document``: its sentences, its date's words and its figures (count,
    outcome, words), found in the text from its earliest sentence on; ``extra`` figures as
    they are."""
    text = document.text
    spans = [Sentence(text=s, start=text.index(s), end=text.index(s) + len(s)) for s in sentences]
    at = text.index(date_words, spans[0].start)
    expression = TimeExpression(
        text=date_words,
        start=at,
        end=at + len(date_words),
        value=when[0].isoformat(),
        kind=TimeKind.DATE,
        date_start=when[0],
        date_end=when[1],
        anchored=True,
    )
    casualties = [*extra]
    for count, outcome, words in figures:
        start = text.index(words, min(s.start for s in spans))
        casualties.append(
            Casualty(count=count, outcome=outcome, text=words, start=start, end=start + len(words))
        )
    return Source(
        id=f"{document.id}:{at}",
        document=document.ref(),
        expression=expression,
        sentences=spans,
        start=when[0],
        end=when[1],
        precision=Precision.DAY if when[0] == when[1] else Precision.MONTH,
        casualties=casualties,
    )


def _row(*sources: Source) -> Event:
    first = sources[0]
    return Event(
        id=first.id,
        start=first.start,
        end=first.end,
        precision=first.precision,
        label=first.start.isoformat(),
        headline=first.sentences[0].text,
        expression=first.expression,
        document=first.document,
        sentences=first.sentences,
        casualties=first.casualties,
        sources=list(sources),
        mention_ids=[s.id for s in sources],
    )


MONDAY = (date(2023, 5, 8), date(2023, 5, 8))
TUESDAY = (date(2023, 5, 9), date(2023, 5, 9))
MAY = (date(2023, 5, 1), date(2023, 5, 31))
FIRST = "Shelling killed 12 people in Avdan on Monday."
SECOND = "A second strike hit Avdan on Monday evening, killing 3."
THIRD = "Officials said on Tuesday that the toll was final."
TWELVE = (12, "killed", "killed 12 people")
THREE = (3, "killed", "killing 3")


def test_a_perfect_extraction_scores_perfectly(gold: score_events.Gold) -> None:
    a, b = _doc(gold, "a"), _doc(gold, "b")
    rows = [
        _row(
            _source(a, MONDAY, "Monday", [FIRST], (TWELVE,)),
            _source(b, MAY, "May", [TEXT_B]),
        ),
        _row(_source(a, MONDAY, "Monday evening", [SECOND], (THREE,))),
    ]
    tally = score_events.score_gold(gold, rows)
    assert (tally.happenings, tally.statements, tally.negatives) == (2, 3, 1)
    assert (tally.found, tally.keyed, tally.rows) == (2, 2, 2)
    assert (tally.merge_pairs, tally.false_rows) == (0, 0)
    assert (tally.figures_ok, tally.figures) == (2, 2)
    assert (tally.places_ok, tally.places_gold) == (0, 2)  # the rows name no place


def test_one_happening_on_two_rows_counts_two_rows(gold: score_events.Gold) -> None:
    a, b = _doc(gold, "a"), _doc(gold, "b")
    rows = [
        _row(_source(a, MONDAY, "Monday", [FIRST], (TWELVE,))),
        _row(_source(b, MAY, "May", [TEXT_B])),  # not merged with the Monday row
    ]
    tally = score_events.score_gold(gold, rows)
    assert (tally.found, tally.keyed, tally.rows) == (1, 1, 2)


def test_a_false_merge_is_counted(gold: score_events.Gold) -> None:
    a = _doc(gold, "a")
    # The two strikes of Monday on one row.
    rows = [
        _row(
            _source(a, MONDAY, "Monday", [FIRST], (TWELVE,)),
            _source(a, MONDAY, "Monday evening", [SECOND], (THREE,)),
        )
    ]
    tally = score_events.score_gold(gold, rows)
    assert (tally.merge_pairs, tally.merge_rows) == (1, 1)
    assert any(line.startswith("MERGE") for line in tally.details)


def test_a_sentence_carried_onto_another_row_is_a_false_merge(gold: score_events.Gold) -> None:
    a = _doc(gold, "a")
    # The second strike's sentence is carried along by the first row (its date was missed).
    rows = [_row(_source(a, MONDAY, "Monday", [FIRST, SECOND], (TWELVE, THREE)))]
    tally = score_events.score_gold(gold, rows)
    assert tally.merge_pairs == 1


def test_two_happenings_of_one_sentence_are_no_merge(tmp_path: Path) -> None:
    text = "Fighting in April 2016 and in July 2020 killed 16."
    (tmp_path / "c.toml").write_text(
        f'published = 2021-01-01\ntext = """{text}"""\n\n'
        '[[happening]]\nkey = "in April 2016"\nstart = 2016-04-01\nend = 2016-04-30\n\n'
        '[[happening]]\nkey = "in July 2020 killed 16"\nstart = 2020-07-01\nend = 2020-07-31\n'
        "killed = 16\n",
        encoding="utf-8",
    )
    gold = score_events.load_gold(tmp_path)
    c = _doc(gold, "c")
    april = (date(2016, 4, 1), date(2016, 4, 30))
    july = (date(2020, 7, 1), date(2020, 7, 31))
    figure = (16, "killed", "killed 16")
    rows = [
        _row(_source(c, april, "April 2016", [text])),
        _row(_source(c, july, "July 2020", [text], (figure,))),
    ]
    tally = score_events.score_gold(gold, rows)
    assert (tally.found, tally.rows, tally.merge_pairs) == (2, 2, 0)
    assert (tally.figures_ok, tally.figures) == (1, 1)


def test_a_false_row_is_counted_and_is_no_row_of_a_happening(gold: score_events.Gold) -> None:
    a = _doc(gold, "a")
    rows = [
        _row(_source(a, MONDAY, "Monday", [FIRST], (TWELVE,))),
        _row(_source(a, TUESDAY, "Tuesday", [THIRD])),
    ]
    tally = score_events.score_gold(gold, rows)
    assert (tally.false_rows, tally.negatives) == (1, 1)
    assert (tally.rows, tally.merge_pairs) == (1, 0)


def test_a_figure_on_two_rows_is_double_counted(gold: score_events.Gold) -> None:
    a = _doc(gold, "a")
    rows = [
        _row(_source(a, MONDAY, "Monday", [FIRST], (TWELVE,))),
        # A row of the second strike that also carries the first sentence and its 12 dead.
        _row(_source(a, MONDAY, "Monday evening", [SECOND, FIRST], (THREE, TWELVE))),
    ]
    tally = score_events.score_gold(gold, rows)
    assert (tally.figures_ok, tally.figures) == (1, 2)
    assert any(line.startswith("FIG") and "12 killed on 2 rows" in line for line in tally.details)


def test_an_equal_figure_of_another_happening_is_not_double_counting(tmp_path: Path) -> None:
    text = "A strike on 4 June killed 17. Fighting in March killed 17."
    (tmp_path / "d.toml").write_text(
        f'published = 2023-06-16\ntext = """{text}"""\n\n'
        '[[happening]]\nkey = "A strike on 4 June killed 17"\nstart = 2023-06-04\n'
        "end = 2023-06-04\nkilled = 17\n\n"
        '[[happening]]\nkey = "Fighting in March killed 17"\nstart = 2023-03-01\n'
        "end = 2023-03-31\nkilled = 17\n",
        encoding="utf-8",
    )
    gold = score_events.load_gold(tmp_path)
    d = _doc(gold, "d")
    june = (date(2023, 6, 4), date(2023, 6, 4))
    march = (date(2023, 3, 1), date(2023, 3, 31))
    seventeen = ((17, "killed", "killed 17"),)
    rows = [
        _row(_source(d, june, "4 June", ["A strike on 4 June killed 17."], seventeen)),
        _row(_source(d, march, "March", ["Fighting in March killed 17."], seventeen)),
    ]
    tally = score_events.score_gold(gold, rows)
    assert (tally.figures_ok, tally.figures) == (2, 2)


def test_bounds_and_sides_of_figures(tmp_path: Path) -> None:
    text = "Between 485 and 613 people were killed near Khojaly in February 1992."
    (tmp_path / "e.toml").write_text(
        f'published = 2021-01-01\ntext = """{text}"""\n\n'
        '[[happening]]\nkey = "people were killed near Khojaly"\nstart = 1992-02-01\n'
        "end = 1992-02-29\nkilled = 485\nkilled_low = 485\nkilled_high = 613\n"
        'killed_side = "X"\n',
        encoding="utf-8",
    )
    gold = score_events.load_gold(tmp_path)
    e = _doc(gold, "e")
    figure = Casualty(
        count=485, outcome="killed", text="Between 485 and 613", start=0, low=485, high=613
    )
    february = (date(1992, 2, 1), date(1992, 2, 29))
    source = _source(e, february, "February 1992", [text], extra=(figure,))
    tally = score_events.score_gold(gold, [_row(source)])
    assert (tally.figures_ok, tally.bounds_ok, tally.bounds) == (1, 1, 1)
    assert (tally.sides_ok, tally.sides) == (0, 1)


def test_the_command_line_scores_a_corpus_named_by_path(tmp_path: Path, capsys: Any) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "avdan.md").write_text(
        "# Avdan\n\nShelling killed 12 people in Avdan on 8 May 2023, officials said on 9 May.\n",
        encoding="utf-8",
    )
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "avdan.toml").write_text(
        'document = "avdan.md"\n\n[[happening]]\nkey = "Shelling killed 12 people"\n'
        "start = 2023-05-08\nend = 2023-05-08\nkilled = 12\n\n"
        '[[negative]]\nkey = "officials said on 9 May"\n',
        encoding="utf-8",
    )
    assert score_events.main([str(gold_dir), "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert f"documents from {corpus}" in out
    assert "happenings 1, negatives 1" in out
    # Text gold given as corpus gold, and the other way round, is refused.
    assert score_events.main([str(gold_dir)]) == 2
    assert score_events.main([str(GOLD), "--corpus", str(corpus)]) == 2
