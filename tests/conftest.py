"""Shared fixtures: small hand-made events, so unit tests don't depend on the extractor."""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from timeline.labels import date_label
from timeline.models import (
    Actor,
    ActorKind,
    Casualty,
    DocumentRef,
    Event,
    Place,
    Precision,
    Sentence,
    TimeExpression,
    TimeKind,
)
from timeline.store import CorpusStore

if TYPE_CHECKING:
    from textual.pilot import Pilot


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Stores (`timeline.store`) go to a cache directory of the test run's own, for this
    process and every app and command it starts, never to the user's."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


DOC = DocumentRef(
    id="doc1", title="Clashes on the border", path="a.txt", published=date(2022, 9, 15)
)


def make_event(
    start: date,
    end: date | None = None,
    *,
    precision: Precision = Precision.DAY,
    headline: str = "Fighting broke out",
    sentence: str = "Fighting broke out on September 13.",
    actors: tuple[str, ...] = ("Armenia",),
    places: tuple[str, ...] = (),
    event_id: str | None = None,
    document: DocumentRef = DOC,
) -> Event:
    end = end or start
    expr = TimeExpression(
        text="September 13",
        start=22,
        end=34,
        value=start.isoformat(),
        kind=TimeKind.DATE,
        precision=precision,
        date_start=start,
        date_end=end,
        anchored=True,
    )
    return Event(
        id=event_id or f"ev{start.isoformat()}{headline[:3]}",
        start=start,
        end=end,
        precision=precision,
        label=date_label(start, end, precision),
        headline=headline,
        expression=expr,
        document=document,
        sentences=[Sentence(text=sentence, start=0, end=len(sentence))],
        actors=[Actor(name=a, kind=ActorKind.COUNTRY) for a in actors],
        places=[Place(name=p) for p in places],
        casualties=[Casualty(count=105, who="Armenia", outcome="killed", text="105 killed")],
    )


@pytest.fixture
def events() -> list[Event]:
    return [
        make_event(
            date(1988, 1, 1),
            date(1988, 12, 31),
            precision=Precision.YEAR,
            headline="War begins over Nagorno-Karabakh",
            actors=("Armenia", "Azerbaijan"),
        ),
        make_event(
            date(1992, 1, 1),
            date(1994, 12, 31),
            precision=Precision.YEAR,
            headline="Full-scale war",
            actors=("Armenia",),
        ),
        make_event(
            date(2022, 7, 1),
            date(2022, 7, 31),
            precision=Precision.MONTH,
            headline="Von der Leyen visits Baku",
            actors=("European Union",),
            places=("Baku",),
        ),
        make_event(
            date(2022, 9, 12),
            date(2022, 9, 13),
            headline="Azeri forces cross the border",
            actors=("Azerbaijan", "Armenia"),
            places=("Vardenis", "Goris"),
        ),
    ]


# The explorer keeps each corpus's state in the platform's state directory (issue 13): a
# test must neither read what a user (or another test) left there nor write into it.
@pytest.fixture(autouse=True)
def private_state_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    state = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return state


# The export directory a write is allowed into, and a directory beside it that no write may
# reach (tests/test_read_only.py, tests/hostile/test_writes.py).
@pytest.fixture
def exports(tmp_path: Path) -> Path:
    directory = tmp_path / "exports"
    directory.mkdir()
    return directory


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    directory = tmp_path / "outside"
    directory.mkdir()
    return directory


# The test tiers (pyproject's markers). `tui`: Pilot tests (every async test drives the app),
# snapshots, and the hostile tests that run the app or the CLI as real processes in real
# terminals (tmux, ptys); `ssh`: the end-to-end tests through a real OpenSSH server.
# `slow`: beside the `@pytest.mark.slow` tests (minutes of hostile input, a Dask cluster),
# the tests of seconds each that build real caches, wheels and processes or check time at
# scale (below). `pytest -m "not tui and not ssh and not slow"` is the fast tier: the
# engine's tests, in under a minute on 2 cores.
TERMINAL_MODULES = {
    "test_tui_snapshots.py",
    "test_terminal.py",
    "test_processes.py",
    "test_writes.py",
}


# Whole modules: the GeoNames index cache built and rebuilt (1-12 s a test), TimelineJS3 in
# a real Chromium.
SLOW_MODULES = {"test_geocode_cache.py", "test_timelinejs_browser.py"}
# One test each: a wheel built, processes killed, 100,000 events, linear time on long input.
SLOW_TESTS = {
    "test_casualties.py::test_many_numbers_are_read_in_linear_time",
    "test_packaging.py::test_wheel_carries_seeds_and_finds_them",
    "test_session.py::test_a_selection_of_100000_events_is_saved_and_comes_back",
    "test_ingest.py::test_workers_die_with_a_killed_parent",
    "test_store.py::test_a_run_killed_mid_ingest_leaves_a_store_that_reopens_right",
    "test_chart_model.py::test_100000_events_are_each_counted_once_in_every_mode",
    "test_temporal_properties.py::test_adversarial_long_inputs_finish_fast",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.path.name
        function = getattr(item, "function", None)
        if module in SLOW_MODULES or f"{module}::{item.originalname}" in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
        if module == "test_ssh.py":
            item.add_marker(pytest.mark.ssh)
        elif module in TERMINAL_MODULES or inspect.iscoroutinefunction(function):
            item.add_marker(pytest.mark.tui)


def write_store(
    path: Path, events: Sequence[Event], digest: str = "digest", payload: bytes = b"payload"
) -> None:
    """A corpus store at ``path`` holding ``events`` as its merge (``digest``, ``payload``),
    written and closed without a problem: what the store, row and explorer tests open."""
    store, problems = CorpusStore.open(path, "test")
    assert store is not None, problems
    store.put_merged(digest, payload, list(events))
    assert store.problems == []
    store.close()


async def wait_loaded(pilot: Pilot[Any], screen: Any) -> None:
    """Let the app load its corpus: a loaded machine is slow, so up to a minute."""
    for _ in range(1200):
        if not screen.is_loading:
            break
        await pilot.pause(0.05)
