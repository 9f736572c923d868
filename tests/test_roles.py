"""The roles of dated phrases (timeline/roles.py): every example and negative of
timeline/data/roles.toml, and the cases that decide what becomes a row."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.models import ExpressionRole, TimeExpression
from timeline.roles import expression_role, rules
from timeline.segment import segment
from timeline.temporal import extract_times

PUBLISHED = date(2023, 5, 10)
ROLE_OF_TABLE = {
    "report": ExpressionRole.REPORT,
    "quoted": ExpressionRole.QUOTED,
    "reference": ExpressionRole.REFERENCE,
    "plan": ExpressionRole.PLAN,
}


def roles_in(marked: str, published: date | None = PUBLISHED) -> list[ExpressionRole]:
    """The roles of the expressions inside the [bracketed] part of ``marked``."""
    lo = marked.index("[")
    hi = marked.index("]") - 1
    text = marked.replace("[", "", 1).replace("]", "", 1)
    paragraphs = segment(text)
    found: list[ExpressionRole] = []
    for expr in extract_times(text, published):
        if expr.start < hi and expr.end > lo:
            found.append(_role(text, expr, paragraphs))
    assert found, f"no expression in the marked span of {marked!r}"
    return found


def _role(text: str, expr: TimeExpression, paragraphs: list) -> ExpressionRole:
    for p in paragraphs:
        for s in p.sentences:
            if s.start <= expr.start < s.end:
                return expression_role(text, expr, s.start, p.start)
    raise AssertionError(f"{expr.text!r} is in no sentence")


CASES = [
    (table, example, True)
    for table in ROLE_OF_TABLE
    for example in rules().data[table].get("examples", [])
] + [
    (table, example, False)
    for table in ROLE_OF_TABLE
    for example in rules().data[table].get("negatives", [])
]


@pytest.mark.parametrize(("table", "example", "positive"), CASES)
def test_roles_toml_examples(table: str, example: str, positive: bool) -> None:
    got = roles_in(example)
    wanted = ROLE_OF_TABLE[table]
    if positive:
        assert all(role is wanted for role in got), (example, got)
    else:
        assert all(role is not wanted for role in got), (example, got)


def test_every_table_has_examples() -> None:
    for table in ROLE_OF_TABLE:
        assert rules().data[table]["examples"], table


def test_a_date_in_full_inside_a_quotation_keeps_dating_its_happening() -> None:
    assert roles_in('He said: "The town fell on [5 June 2013] after weeks."') == [
        ExpressionRole.HAPPENING
    ]


def test_a_plain_happening_date() -> None:
    assert roles_in("Russian forces shelled Kharkiv [on Sunday], killing 12.") == [
        ExpressionRole.HAPPENING
    ]


def test_speech_verb_far_before_the_date_does_not_make_it_a_report() -> None:
    text = "Officials said the militia stormed the camp [on 3 March] and burned it."
    assert roles_in(text) == [ExpressionRole.HAPPENING]


def test_the_event_date_after_a_sentence_opening_report_date_is_a_happening() -> None:
    text = "On Tuesday, officials in Nyala said that fighting [in March] had killed 17."
    assert roles_in(text) == [ExpressionRole.HAPPENING]
