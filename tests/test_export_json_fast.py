"""The JSON export through pydantic's serialiser writes exactly what the stdlib path wrote."""

from __future__ import annotations

import types
import typing
from datetime import date

import pytest
from pydantic import BaseModel

from tests.conftest import make_event
from timeline.export.events_json import _fast_json, _stdlib_json, terminal_safe_json, to_json
from timeline.models import Event, Place
from timeline.pipeline import build_timeline

HOSTILE = [
    "Kyiv — Київ, Dar‘ā, Şuşa, 東京, emoji 😀 and a combining e\u0301",
    "controls \x00\x01\x08\x0b\x0c\x1b[31m red \x7f \x80 \x9b \x9d",
    "bidi \u202etxt.exe\u202c \u2066 \u200e \u200f \u061c, separators \u2028 \u2029, BOM \ufeff",
    "markup <script>alert('x')</script> &amp; \"quotes\" \\ backslash / slash",
    "whitespace\ttab\nnewline\r\nCRLF\rCR",
    "",
]


def _old(events: list[Event]) -> str:
    return terminal_safe_json(_stdlib_json(events)) + "\n"


def _event(text: str, places: list[Place] | None = None) -> Event:
    event = make_event(date(2022, 9, 13), headline=text, sentence=text, actors=(text,))
    event.document = event.document.model_copy(update={"title": text, "path": text})
    event.places = places or [Place(name=text, latitude=40.5, longitude=-3.25)]
    return event


def test_seed_timeline_is_written_alike() -> None:
    events = list(build_timeline([]).events)
    assert events and _fast_json(events) is not None
    assert to_json(events) == _old(events)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_are_written_alike(text: str) -> None:
    events = [_event(text)]
    assert _fast_json(events) is not None
    assert to_json(events) == _old(events)


def test_empty_list() -> None:
    assert to_json([]) == _old([]) == "[]\n"


@pytest.mark.parametrize(
    "value",
    [0.0, -0.0, 1e-4, -1e-4, 47.123456, 179.99999, 1e16, 1e22, 2.0**60],
)
def test_floats_pydantic_writes_as_python_go_fast(value: float) -> None:
    events = [_event("x", [Place(name="x", latitude=value, longitude=value)])]
    assert _fast_json(events) is not None
    assert to_json(events) == _old(events)


@pytest.mark.parametrize(
    "value", [1e-05, -5e-05, 9.999999999999999e-05, 1.5e-07, float("nan"), float("inf")]
)
def test_floats_pydantic_writes_otherwise_take_the_stdlib(value: float) -> None:
    events = [_event("x", [Place(name="x", latitude=1.0, longitude=value)])]
    assert _fast_json(events) is None  # pydantic would write 0.00001 or null
    assert to_json(events) == _old(events)


def test_lone_surrogate_takes_the_stdlib_and_is_escaped() -> None:
    events = [_event("undecodable \udcff name")]
    assert _fast_json(events) is None
    assert to_json(events) == _old(events)
    assert "\\udcff" in to_json(events)


def test_subclass_takes_the_stdlib() -> None:
    class Richer(Event):
        extra: str = "kept"

    base = _event("x")
    events = [Richer(**base.__dict__)]
    assert _fast_json(events) is None
    assert '"extra": "kept"' in to_json(events)


def _float_fields(model: type[BaseModel], seen: set[type] | None = None) -> set[str]:
    """Every float-typed field reachable from ``model``, as ``Model.field``."""
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    found: set[str] = set()
    for name, field in model.model_fields.items():
        stack: list[object] = [field.annotation]
        while stack:
            kind = stack.pop()
            if kind is float:
                found.add(f"{model.__name__}.{name}")
            elif isinstance(kind, type) and issubclass(kind, BaseModel):
                found |= _float_fields(kind, seen)
            elif isinstance(kind, types.UnionType) or typing.get_origin(kind) is not None:
                stack.extend(typing.get_args(kind))
    return found


def test_the_guard_knows_every_float_of_an_event() -> None:
    # _fast_json checks these for values pydantic writes differently; a new float field
    # must be checked there too.
    assert _float_fields(Event) == {"Place.latitude", "Place.longitude"}
