"""The event gold of tests/gold/events is well formed, and its scorer reads it."""

from __future__ import annotations

import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "events"
FILES = sorted(GOLD.glob("*.toml"))
sys.path.insert(0, str(ROOT / "scripts"))

import score_events  # noqa: E402


def _load(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_there_is_gold() -> None:
    assert len(FILES) >= 5
    assert sum(len(_load(p).get("happening", [])) for p in FILES) >= 20


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_key_is_in_its_text_and_dates_are_ordered(path: Path) -> None:
    data = _load(path)
    assert isinstance(data["published"], date)
    for gold in data.get("happening", []):
        assert gold["key"] in data["text"], gold["key"]
        assert gold["start"] <= gold["end"], gold["key"]
    for negative in data.get("negative", []):
        assert negative["key"] in data["text"], negative["key"]


def test_a_happening_told_twice_has_one_date() -> None:
    seen: dict[str, tuple[date, date]] = {}
    for path in FILES:
        for gold in _load(path).get("happening", []):
            if "id" in gold:
                span = (gold["start"], gold["end"])
                assert seen.setdefault(gold["id"], span) == span, gold["id"]
    assert seen, "no happening is told in two documents"


def test_the_scorer_counts_each_happening_once() -> None:
    tally = score_events.score(GOLD)
    ids = set()
    for path in FILES:
        for gold in _load(path).get("happening", []):
            ids.add(gold.get("id") or f"{path.stem}:{gold['key']}")
    assert tally.happenings == len(ids)
    assert 0 <= tally.found <= tally.keyed <= tally.happenings
    assert tally.negatives == sum(len(_load(p).get("negative", [])) for p in FILES)
