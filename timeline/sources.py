"""Where a document came from, as a reader is shown it: its path and its web address.

A sidecar's or front matter's ``url`` comes from a stranger: `web_url` accepts only a plain
``http``/``https`` address (no ``javascript:``, ``file:`` or ``data:``, no control or bidi
character, no spaces, bounded length), so what the detail pane shows and ``Y`` copies is an
address and nothing else. It is shown as text, never as a terminal hyperlink (OSC 8).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from timeline.sanitize import has_controls

__all__ = ["MAX_URL", "DocumentSource", "display_path", "web_url"]

MAX_URL = 2048  # characters; longer is not an address anyone types or reads
_SCHEMES = ("http", "https")


def web_url(value: str) -> str | None:
    """``value`` stripped if it is an http(s) URL with a host, else None."""
    value = value.strip()
    if not value or len(value) > MAX_URL or has_controls(value):
        return None
    if any(char.isspace() for char in value) or "\\" in value:
        return None
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # a bad port or bracketed host
        return None
    if parts.scheme.lower() not in _SCHEMES or not host:
        return None
    return value


def display_path(path: str, roots: Sequence[Path]) -> str:
    """``path`` relative to the first of ``roots`` (directories) that holds it; as given
    otherwise. Purely lexical after resolving, so a missing file costs nothing."""
    try:
        resolved = Path(os.path.abspath(path))
    except (ValueError, OSError):
        return path
    for root in roots:
        try:
            base = Path(os.path.abspath(root))
        except (ValueError, OSError):
            continue
        if resolved == base:
            return resolved.name or path
        if resolved.is_relative_to(base):
            return str(resolved.relative_to(base))
    return path


@dataclass(frozen=True)
class DocumentSource:
    """What the detail pane says of a document's origin."""

    path: str  # relative to the corpus root where it is below one
    source: str | None = None  # the publisher, as the sidecar names it
    url: str | None = None  # an http(s) address (`web_url`)
