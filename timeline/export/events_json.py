"""The event list as JSON or JSON Lines: the public contract, the text exactly as found.

JSON keeps the exact text. It is still safe to ``cat``: ``json.dumps`` writes C0 controls as
``\\u001b``-style escapes, and `terminal_safe_json` does the same for what it leaves raw (DEL,
C1 controls, bidirectional controls, lone surrogates). Reading the file back gives every
character exactly as it was.

The JSON list is written by pydantic's Rust serialiser (several times faster than
``json.dumps`` over ``model_dump``), byte for byte what ``json.dumps(ensure_ascii=False,
indent=2)`` writes. Where the two would differ the stdlib writes it: a float below 1e-4 or
not finite (``1e-05`` against ``0.00001``, ``NaN`` against ``null``) and a lone surrogate
(which the Rust serialiser refuses).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from functools import cache

from pydantic import TypeAdapter
from pydantic_core import PydanticSerializationError

from timeline.export.options import ExportOptions
from timeline.models import Event

# What json.dumps(ensure_ascii=False) leaves raw that a terminal could act on: DEL, C1 (U+009B
# is a one-byte CSI), bidi controls and marks, line/paragraph separators, lone surrogates
# (which UTF-8 cannot even encode).
_RAW_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def terminal_safe_json(text: str) -> str:
    """JSON text with every character a terminal could act on written as a ``\\uXXXX``
    escape. Such characters only occur inside JSON strings, where the escape means the
    same character: the data is unchanged."""
    return _RAW_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


@cache
def _event_list() -> TypeAdapter[list[Event]]:
    return TypeAdapter(list[Event])


def _float_written_alike(value: float | None) -> bool:
    """Whether pydantic writes ``value`` as ``json.dumps`` does: both give Python's repr for
    finite floats, except that below 1e-4 pydantic writes no exponent, and it writes
    NaN and infinities as ``null``."""
    return value is None or value == 0 or (math.isfinite(value) and abs(value) >= 1e-4)


def _stdlib_json(events: Sequence[Event]) -> str:
    data = [e.model_dump(mode="json") for e in events]
    return json.dumps(data, ensure_ascii=False, indent=2)


def _fast_json(events: Sequence[Event]) -> str | None:
    """The text `_stdlib_json` writes, through pydantic's serialiser; None where that
    could differ. `Place.latitude` and `Place.longitude` are the only floats of an event
    (tests/test_export_json_fast.py checks the model for others)."""
    items = list(events)
    for event in items:
        if type(event) is not Event:  # a subclass would be written as an Event
            return None
        for place in event.places:
            if not (_float_written_alike(place.latitude) and _float_written_alike(place.longitude)):
                return None
    try:
        return _event_list().dump_json(items, indent=2).decode("utf-8")
    except PydanticSerializationError:  # a lone surrogate: UTF-8 cannot encode it
        return None


def to_json(
    events: Sequence[Event], *, title: str = "", options: ExportOptions | None = None
) -> str:
    text = _fast_json(events)
    if text is None:
        text = _stdlib_json(events)
    return terminal_safe_json(text) + "\n"


def to_jsonl(
    events: Sequence[Event], *, title: str = "", options: ExportOptions | None = None
) -> str:
    return "".join(
        terminal_safe_json(json.dumps(e.model_dump(mode="json"), ensure_ascii=False)) + "\n"
        for e in events
    )
