"""The ACLED export of the wire-style reports issue 10 quotes: each figure on exactly one row,
report dates never rows, sides added and competing estimates never summed."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from timeline.entities import EntityTagger
from timeline.export import render
from timeline.export.acled import fatalities
from timeline.gazetteer import load_gazetteer
from timeline.models import Casualty, Document
from timeline.pipeline import extract_events

WIRES = {
    "nyala-tuesday": (
        date(2023, 6, 14),
        "On Tuesday, officials in Nyala said that fighting in March had already killed 17 "
        "people in the city's eastern districts.",
    ),
    "msf": (
        date(2023, 5, 10),
        "At least 26 people were killed on Sunday and Monday in Nyala, MSF said on Wednesday.",
    ),
    "prosecutors": (
        date(2023, 6, 16),
        "NYALA, Sudan, June 16 - On Friday, prosecutors said an air strike earlier this month "
        "killed 17 people at a cattle market in the village of Tawila.",
    ),
    "khartoum": (
        date(2023, 4, 20),
        "KHARTOUM, April 20 (Reuters) - The Rapid Support Forces shelled the army headquarters "
        "in central Khartoum on Thursday, killing 12 soldiers, witnesses said.",
    ),
    "gaza": (
        date(2023, 10, 10),
        "Israel fought wars in Gaza in the winter of 2008-2009 and in November 2012, when an "
        "eight-day conflict killed about 170 Palestinians and six Israelis.",
    ),
}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    tagger = EntityTagger(load_gazetteer(()))
    documents = [
        Document(id=name, title=name, path=f"{name}.txt", published=published, text=text)
        for name, (published, text) in WIRES.items()
    ]
    events = extract_events(documents, tagger)
    return list(csv.DictReader(io.StringIO(render(events, "acled-csv").lstrip("\ufeff"))))


def test_each_figure_is_on_exactly_one_row(rows: list[dict[str, str]]) -> None:
    figures = sorted(int(r["fatalities"]) for r in rows if r["fatalities"])
    assert figures == [12, 17, 17, 26, 176]


def test_report_dates_are_no_rows(rows: list[dict[str, str]]) -> None:
    dates = sorted(r["event_date"] for r in rows)
    # March (fighting), 7 May (Sunday-Monday), June (earlier this month), 20 April
    # (Thursday), winter 2008 and November 2012; never the Tuesday, Wednesday or Friday of
    # the reports, nor the dateline.
    assert "2023-06-13" not in dates and "2023-05-10" not in dates
    assert "2023-06-16" not in dates
    assert sorted(dates) == dates and len(rows) == 6


def test_competing_estimates_count_the_lowest() -> None:
    estimates = [
        Casualty(count=40, outcome="killed", text="40 died", low=40, high=65),
        Casualty(count=65, outcome="killed", text="put the toll at 65", low=40, high=65),
    ]
    assert fatalities(estimates) == 40


def test_a_figure_and_its_subset_are_not_added() -> None:
    figures = [
        Casualty(count=12, outcome="killed", text="killed 12 people"),
        Casualty(count=5, outcome="killed", text="5 children", side="children"),
    ]
    assert fatalities(figures) == 12
