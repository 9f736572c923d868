"""Reading our own exports back: a json or jsonl export named on the command line reopens
as the timeline it holds (the loader's side of `timeline.export`)."""

from __future__ import annotations

from pathlib import Path

from timeline.models import Event

READABLE_SUFFIXES = (".json", ".jsonl")


class ReopenError(Exception):
    """A file that is not a readable conflict-tui export; the message names the file."""


def read_events(path: Path) -> list[Event]:
    """Read a json or jsonl export back into events, exactly as exported.

    Raises `ReopenError`, naming the file, when it is not readable or not an export.
    """
    from pydantic import TypeAdapter, ValidationError

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ReopenError(f"{path}: not UTF-8 text, so not a conflict-tui export") from None
    except OSError as exc:
        raise ReopenError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        if path.suffix.lower() == ".jsonl":
            return [Event.model_validate_json(line) for line in text.splitlines() if line.strip()]
        return TypeAdapter(list[Event]).validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        if first["type"] == "json_invalid":
            problem = "not valid JSON"
        else:
            problem = f"not a conflict-tui export ({where}: {first['msg']})"
        raise ReopenError(f"{path}: {problem}") from None
