"""Where a session may write, decided once from the parsed arguments and the config.

A shared server runs ``conflict-tui --read-only`` (or has ``read_only = true`` in the site
config) so analysts can explore a corpus and take exports home without being able to write
anywhere else on the machine. `WritePolicy.decide` makes that decision once, from the parsed
command line and the loaded config (never by scanning argv); every write of the session,
from the TUI's export dialog or a headless ``export -o`` / ``annotate -o``, then opens its
place through the policy:

- `WritePolicy.open_file` gives a `Target` (an open directory and a file name) for one file;
- `WritePolicy.open_tree` gives a `Directory` to write a tree of files below.

In a read-only session the check and the write cannot be told apart by a swap: the export
directory is opened once, and each directory below it on the way to the target is opened
*relative to the one above* with ``O_NOFOLLOW``. Where the path the user typed leads is
worked out first (``..`` and symbolic links resolved, so ``exports/../../etc/x`` and
``exports/link/x`` with ``link`` pointing outside are both outside), but the write goes
through the descriptors, never the path: a directory swapped for a symbolic link after
the check makes the write fail, never land elsewhere. A target that is itself a symbolic
link is refused, wherever it points. Nothing here raises anything but `WriteError`
subclasses, with a message for the user: a symbolic link loop, a name too long or a race
is a message, never a traceback.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from timeline.config import Config
from timeline.export.files import (
    Directory,
    SymlinkRefusedError,
    Target,
    WriteError,
    absolute,
    open_target,
    reason,
)


class OutsideExportDirectoryError(WriteError):
    """A read-only session tried to write outside the configured export directory."""


class NoExportDirectoryError(WriteError):
    """A read-only session has no export directory configured, so it may write nowhere."""


NO_EXPORT_DIRECTORY = (
    "Read-only session and no export directory in the config ([export] directory): export is off."
)


@dataclass(frozen=True)
class WritePolicy:
    """Where this session may write: anywhere (``read_only`` false), or only into
    ``export_directory`` and below (nowhere when it is None)."""

    read_only: bool = False
    export_directory: Path | None = None

    @classmethod
    def decide(cls, config: Config, *, read_only: bool = False) -> WritePolicy:
        """The policy of a session: read-only when the command line (``--read-only``) or
        the config (the site's ``read_only = true`` cannot be undone by the user: see
        `timeline.config`) says so; the export directory is the config's."""
        if read_only or config.read_only:
            return cls(read_only=True, export_directory=config.export.directory)
        return cls()

    @property
    def may_export(self) -> bool:
        """Whether any file can be written at all."""
        return not self.read_only or self.export_directory is not None

    # ------------------------------------------------------------------ one file

    def open_file(self, path: Path) -> Target:
        """Open the place to write the file ``path``; the caller writes and closes it.

        Raises `NoExportDirectoryError`, `OutsideExportDirectoryError` or another
        `WriteError` (a missing directory, a directory as the target...).
        """
        if not self.read_only:
            return open_target(path)
        with self._open_root() as root:
            full = absolute(path)
            if full.name in ("", ".", "..") or str(path).endswith("/"):
                # "exports/.." names a directory, never a file to write.
                raise OutsideExportDirectoryError(f"{path}: give a file name under {root.path}")
            parent = _resolve(full.parent, path, strict=False)
            parts = self._parts_below(root, parent, path, what="exports go")
            directory = self._descend(root, parts, path, create=False)
        try:
            target = Target(directory, full.name, path)
            found = directory.lstat(full.name)
            if found is not None and stat.S_ISLNK(found.st_mode):
                raise OutsideExportDirectoryError(
                    f"Read-only session: {path} is a symbolic link; exports never follow links."
                )
            if found is not None and stat.S_ISDIR(found.st_mode):
                raise WriteError(f"{path}: is a directory; give a file name")
        except BaseException:
            directory.close()
            raise
        return target

    # ------------------------------------------------------------------ a tree

    def open_tree(self, path: Path) -> Directory:
        """Open (creating if missing) the directory ``path`` to write files below it.

        Below it, `Directory.child` never follows a symbolic link, in any session. In a
        read-only one ``path`` must be the export directory or below it.
        """
        if not self.read_only:
            directory = Directory.create(absolute(path))
            directory.path = Path(path)  # messages name it as given
            return directory
        with self._open_root() as root:
            real = _resolve(absolute(path), path, strict=False)
            parts = self._parts_below(root, real, path, what="output goes")
            directory = self._descend(root, parts, path, create=True)
        directory.path = Path(path)
        return directory

    # ------------------------------------------------------------------ helpers

    def _open_root(self) -> Directory:
        """The export directory, opened; its real path (the administrator's choice, links
        and all) is what paths are checked against."""
        if self.export_directory is None:
            raise NoExportDirectoryError(NO_EXPORT_DIRECTORY)
        configured = absolute(self.export_directory)
        real = _resolve(configured, configured, strict=True, what="the export directory")
        return Directory.open(real)

    @staticmethod
    def _parts_below(root: Directory, real: Path, path: Path, *, what: str) -> tuple[str, ...]:
        """The directories from the export directory down to ``real``, or a refusal."""
        if not real.is_relative_to(root.path):
            raise OutsideExportDirectoryError(
                f"Read-only session: {what} under {root.path} only ({path} is outside)."
            )
        return real.relative_to(root.path).parts

    @staticmethod
    def _descend(root: Directory, parts: tuple[str, ...], path: Path, *, create: bool) -> Directory:
        try:
            return root.descend(parts, create=create)
        except SymlinkRefusedError:
            # It resolved inside a moment ago: a directory on the way was swapped since.
            raise OutsideExportDirectoryError(
                f"Read-only session: {path} leads through a symbolic link (or changed while "
                "being checked); exports never follow links."
            ) from None


def _resolve(path: Path, shown: Path, *, strict: bool, what: str = "") -> Path:
    """``path`` with ``..`` and every symbolic link resolved, or a `WriteError` saying why
    not (a loop, a name too long, a link that changed while being read...)."""
    try:
        return Path(os.path.realpath(path, strict=strict))
    except OSError as exc:
        about = f" ({what})" if what else ""
        if exc.errno == errno.ENOENT:
            missing = exc.filename or path
            raise WriteError(f"{shown}: {missing} does not exist{about}") from None
        raise WriteError(f"{shown}: {reason(exc)}{about}") from None
    except (RuntimeError, ValueError) as exc:  # a loop (older Pythons), an embedded NUL
        raise WriteError(f"{shown}: cannot be resolved ({exc})") from None
