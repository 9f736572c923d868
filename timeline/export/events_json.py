"""The event list as JSON or JSON Lines: the public contract, the text exactly as found.

JSON keeps the exact text. It is still safe to ``cat``: ``json.dumps`` writes C0 controls as
``\\u001b``-style escapes, and `terminal_safe_json` does the same for what it leaves raw (DEL,
C1 controls, bidirectional controls, lone surrogates). Reading the file back gives every
character exactly as it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

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


def to_json(
    events: Sequence[Event], *, title: str = "", options: ExportOptions | None = None
) -> str:
    data = [e.model_dump(mode="json") for e in events]
    return terminal_safe_json(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def to_jsonl(
    events: Sequence[Event], *, title: str = "", options: ExportOptions | None = None
) -> str:
    return "".join(
        terminal_safe_json(json.dumps(e.model_dump(mode="json"), ensure_ascii=False)) + "\n"
        for e in events
    )
