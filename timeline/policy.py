"""The read-only (analyst-server) path policy: where a read-only session may write.

A shared server runs ``conflict-tui --read-only`` (or has ``read_only = true`` in the site
config) so analysts can explore a corpus and take exports home without being able to write
anywhere else on the machine. Every write of a read-only session, from the TUI's export
dialog or a headless ``export -o`` / ``annotate -o``, goes through `check_export_path`.

The check works on the real filesystem, not on the text of the path: ``..`` components and
symlinks are resolved first, so ``exports/../../etc/x`` and ``exports/link/x`` (``link``
pointing outside) are both outside. A target that is itself a symlink is refused even when
it points inside: the write would follow it at rename time, and what it points to can change
between the check and the write.
"""

from __future__ import annotations

import os
from pathlib import Path

from timeline.export import ExportError


class OutsideExportDirectoryError(ExportError):
    """A read-only session tried to write outside the configured export directory."""


class NoExportDirectoryError(ExportError):
    """A read-only session has no export directory configured, so it may write nowhere."""


NO_EXPORT_DIRECTORY = (
    "Read-only session and no export directory in the config ([export] directory): export is off."
)


def _absolute(path: Path) -> Path:
    """``path`` with ``~`` expanded, made absolute against the working directory."""
    path = path.expanduser()
    return path if path.is_absolute() else Path.cwd() / path


def check_export_path(path: Path, allowed_dir: Path | None) -> Path:
    """Return the real path a read-only session would write for ``path``, or refuse it.

    ``path`` must end up in ``allowed_dir`` or below it once ``..`` and every symlink in
    its directory part are resolved; the final component must not be a symlink itself.
    Raises `NoExportDirectoryError` when ``allowed_dir`` is None, and
    `OutsideExportDirectoryError` (an `ExportError`, with a message for the user) otherwise.
    """
    if allowed_dir is None:
        raise NoExportDirectoryError(NO_EXPORT_DIRECTORY)
    allowed = _absolute(allowed_dir).resolve()
    target = _absolute(path)
    if target.name in ("", ".", ".."):
        # "exports/.." names a directory, never a file to write.
        raise OutsideExportDirectoryError(f"{path}: give a file name under {allowed}")
    # Resolve the parent (symlinks and ".."), then add the name back: resolving the whole
    # path would follow a symlinked target and hide it from the check below.
    real = target.parent.resolve() / target.name
    if not real.is_relative_to(allowed) or real == allowed:
        raise OutsideExportDirectoryError(
            f"Read-only session: exports go under {allowed} only ({path} is outside)."
        )
    if os.path.islink(real):
        raise OutsideExportDirectoryError(
            f"Read-only session: {path} is a symbolic link; exports never follow links."
        )
    return real


def check_output_directory(path: Path, allowed_dir: Path | None) -> Path:
    """Like `check_export_path`, for a directory a command writes into (``annotate -o``).

    The directory may be ``allowed_dir`` itself or any directory below it.
    """
    if allowed_dir is None:
        raise NoExportDirectoryError(NO_EXPORT_DIRECTORY)
    allowed = _absolute(allowed_dir).resolve()
    real = _absolute(path).resolve()
    if not real.is_relative_to(allowed):
        raise OutsideExportDirectoryError(
            f"Read-only session: output goes under {allowed} only ({path} is outside)."
        )
    return real
