"""Which files under the watched paths are new, changed or gone: the engine side of ``--watch``.

`Watcher` scans the paths it was given the way the loader walks them (`timeline.loader`:
hidden entries skipped, only supported suffixes, a folder's own notes such as README
skipped, symbolic links to directories followed once by (device, inode)) and compares
what it sees now with what the last build read. A scan is ``os.scandir`` plus one ``stat``
per file, never a read: a file's signature is its size, modification time, inode and
mode, so it works on any filesystem (NFS, SSHFS, a container's bind mount, where inotify
sees nothing) and needs no dependency. Contents are hashed later, by the store, which
re-extracts only the files whose contents did change (`timeline.ingest.file_key`).

A change is reported once it has settled: the file was seen with the same signature in two
consecutive scans at least ``settle`` seconds apart, so a file being written (a download, a
slow copy) is picked up once, when it stops changing. A metadata sidecar (``a.toml``)
counts as a change of the article that reads it; a sidecar nobody reads changes nothing.

Bounded: a scan stops at `MAX_WATCHED` entries (a problem says so), and `next_delay`
spaces the scans so that scanning takes at most 1/`SCAN_SHARE` of a core however large the
folder (`scripts/bench_watch.py` measures a scan of 100,000 files). No Textual here: the
app's side is `tui.watch`.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from pydantic import Field

from timeline.loader import _is_corpus_note, _is_hidden, _matched_suffix, sidecar_candidates
from timeline.models import Model, Problem

__all__ = [
    "DEFAULT_INTERVAL",
    "MAX_WATCHED",
    "SCAN_SHARE",
    "ChangeSet",
    "Listing",
    "Scan",
    "Signature",
    "Watcher",
    "scan",
]

DEFAULT_INTERVAL = 2.0  # seconds between scans (at least; see `Watcher.next_delay`)
MIN_INTERVAL = 0.05
MAX_WATCHED = 1_000_000  # entries one scan looks at, at most (~200 bytes of memory each)
# A scan may take at most one part in SCAN_SHARE of the time between scans: a folder whose
# scan takes 0.3 s is scanned every 3 s, whatever the interval asked for.
SCAN_SHARE = 10


class Signature(NamedTuple):
    """What a scan knows of a file without reading it."""

    size: int
    mtime_ns: int
    inode: int
    mode: int


@dataclass
class Scan:
    """One look at the watched paths: every file the loader would read, and the sidecars."""

    articles: dict[str, Signature] = field(default_factory=dict)
    sidecars: dict[str, Signature] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    truncated: bool = False

    def signature(self, path: str) -> Signature | None:
        return self.articles.get(path) or self.sidecars.get(path)


class ChangeSet(Model):
    """Settled changes since the last build, by path (as the loader names the files)."""

    added: list[str] = Field(default_factory=list)
    changed: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    @property
    def count(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)

    def merged(self, later: ChangeSet) -> ChangeSet:
        """These changes followed by ``later`` (a file added then changed is added)."""
        added = dict.fromkeys(self.added)
        changed = dict.fromkeys(self.changed)
        removed = dict.fromkeys(self.removed)
        for path in later.added:
            if path in removed:  # removed, then back: a change
                del removed[path]
                changed[path] = None
            else:
                added[path] = None
        for path in later.changed:
            if path not in added:
                changed[path] = None
        for path in later.removed:
            if path in added:  # added, then gone again: nothing happened
                del added[path]
            else:
                changed.pop(path, None)
                removed[path] = None
        return ChangeSet(added=list(added), changed=list(changed), removed=list(removed))

    def describe(self) -> str:
        """ "2 files added, 1 changed, 1 removed" (plain text: no file names)."""
        parts: list[str] = []
        for count, what in (
            (len(self.added), "added"),
            (len(self.changed), "changed"),
            (len(self.removed), "removed"),
        ):
            if count:
                noun = ("file " if count == 1 else "files ") if not parts else ""
                parts.append(f"{count} {noun}{what}")
        return ", ".join(parts) if parts else "no changes"


def _signature(info: os.stat_result) -> Signature:
    return Signature(info.st_size, info.st_mtime_ns, info.st_ino, stat.S_IMODE(info.st_mode))


@dataclass
class Listing:
    """What a directory holds that a scan cares about, as of its modification time."""

    key: tuple[int, int, int]  # (st_mtime_ns, st_ino, st_dev) of the directory
    articles: list[str]
    sidecars: list[str]
    folders: list[str]
    trusted: bool  # its mtime was older than RACY_NS when it was listed


# A directory modified this recently (nanoseconds) before it was listed is listed again next
# time: a file created in the same tick of the filesystem's clock as the listing would
# otherwise leave its mtime as it was, and go unseen.
RACY_NS = 2_000_000_000

ListingCache = dict[str, Listing]


def scan(
    paths: Sequence[Path], *, max_entries: int = MAX_WATCHED, cache: ListingCache | None = None
) -> Scan:
    """Every file under ``paths`` the loader would read, with its signature, and the TOML
    sidecars beside them. A file named in ``paths`` is watched whatever its suffix, with its
    sidecars; a path that is missing has nothing in it (the build says it is missing).

    ``cache`` (kept between scans) holds each directory's filtered listing: a directory
    whose modification time has not changed is not listed again, only its files stat'ed."""
    started = time.perf_counter()
    result = Scan()
    budget = [max_entries]
    seen: set[tuple[int, int]] = set()
    cache = {} if cache is None else cache
    visited: set[str] = set()
    for root in paths:
        try:
            info = os.stat(root)
        except (OSError, ValueError):
            continue
        if stat.S_ISDIR(info.st_mode):
            _walk(str(root), result, seen, budget, cache, max_entries, visited)
        elif stat.S_ISREG(info.st_mode) and root.name.lower().endswith(".toml"):
            result.sidecars[str(root)] = _signature(info)
        elif stat.S_ISREG(info.st_mode):
            result.articles[str(root)] = _signature(info)
            for sidecar in sidecar_candidates(root):
                try:
                    near = os.stat(sidecar)
                except (OSError, ValueError):
                    continue
                if stat.S_ISREG(near.st_mode):
                    result.sidecars[str(sidecar)] = _signature(near)
        if result.truncated:
            break
    for gone in cache.keys() - visited:  # folders removed, or no longer reached
        del cache[gone]
    result.seconds = time.perf_counter() - started
    return result


def _list(directory: str, info: os.stat_result, limit: int) -> Listing | None:
    """``directory``'s entries by the loader's rules: articles, sidecars, folders (at most
    ``limit`` of them, then the listing stops and is not to be kept: not trusted)."""
    now = time.time_ns()
    complete = True
    articles: list[str] = []
    sidecars: list[str] = []
    folders: list[str] = []
    try:
        with os.scandir(directory) as listing:
            for entry in listing:
                name = entry.name
                if _is_hidden(name):
                    continue
                if len(articles) + len(sidecars) + len(folders) >= limit:
                    complete = False
                    break
                try:
                    is_dir = entry.is_dir()  # follows a symbolic link, like the loader
                except OSError:
                    is_dir = False
                if is_dir:
                    folders.append(entry.path)
                elif name.lower().endswith(".toml"):
                    sidecars.append(entry.path)
                elif _matched_suffix(name) is not None and not _is_corpus_note(name):
                    articles.append(entry.path)
    except OSError:
        return None  # the build reports an unlistable folder; a later scan may list it
    key = (info.st_mtime_ns, info.st_ino, info.st_dev)
    trusted = complete and info.st_mtime_ns < now - RACY_NS
    return Listing(key, articles, sidecars, folders, trusted=trusted)


def _truncate(result: Scan, root: str, limit: int) -> None:
    result.truncated = True
    message = f"more than {limit:,} entries to watch; the rest are not watched"
    result.problems.append(Problem(path=root, message=message, fatal=False))


def _walk(
    root: str,
    result: Scan,
    seen: set[tuple[int, int]],
    budget: list[int],
    cache: ListingCache,
    limit: int,
    visited: set[str],
) -> None:
    """`timeline.loader._walk`'s rules, iteratively, with one stat per file kept; each
    directory once, by (device, inode), so a symbolic link loop ends."""
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            info = os.stat(directory)
        except OSError:
            cache.pop(directory, None)
            continue
        if (info.st_dev, info.st_ino) in seen:
            continue
        seen.add((info.st_dev, info.st_ino))
        visited.add(directory)
        listing = cache.get(directory)
        key = (info.st_mtime_ns, info.st_ino, info.st_dev)
        if listing is None or not listing.trusted or listing.key != key:
            listing = _list(directory, info, budget[0] + 1)
            if listing is None:
                cache.pop(directory, None)
                continue
            cache[directory] = listing
        for paths, into in (
            (listing.articles, result.articles),
            (listing.sidecars, result.sidecars),
        ):
            for path in paths:
                budget[0] -= 1
                if budget[0] < 0:
                    _truncate(result, root, limit)
                    return
                try:
                    file_info = os.stat(path)
                except OSError:
                    continue  # gone since the listing: the next scan says so
                if stat.S_ISREG(file_info.st_mode):
                    into[path] = _signature(file_info)
        budget[0] -= len(listing.folders)
        if budget[0] < 0:
            _truncate(result, root, limit)
            return
        stack.extend(reversed(listing.folders))


class _Pending(NamedTuple):
    signature: Signature | None  # None: gone
    since: float  # when it was first seen so
    scans: int  # consecutive scans that saw it so


class Watcher:
    """Polls ``paths`` for settled changes; `prime` before the first build, `poll` after.

    Not thread-safe: one thread polls (the app's watch worker)."""

    def __init__(
        self,
        paths: Sequence[Path],
        *,
        settle: float = DEFAULT_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        max_entries: int = MAX_WATCHED,
    ) -> None:
        self.paths = list(paths)
        self.settle = max(0.0, settle)
        self.clock = clock
        self.max_entries = max_entries
        self.baseline = Scan()  # what the last build read
        self.last = Scan()  # the last scan
        self._pending: dict[str, _Pending] = {}
        self._said: set[tuple[str, str]] = set()  # problems already reported
        self._listings: ListingCache = {}  # each directory's listing, between scans

    def prime(self) -> list[Problem]:
        """Take what is there now as what the build about to start reads."""
        self.baseline = self.last = scan(
            self.paths, max_entries=self.max_entries, cache=self._listings
        )
        self._pending.clear()
        return self._new_problems(self.last.problems)

    def next_delay(self, interval: float) -> float:
        """Seconds to wait before the next scan: ``interval``, or more for a folder so large
        that scanning it would otherwise take more than 1/SCAN_SHARE of the time."""
        return max(interval, MIN_INTERVAL, self.last.seconds * SCAN_SHARE)

    def _new_problems(self, problems: Iterable[Problem]) -> list[Problem]:
        fresh = [p for p in problems if (p.path, p.message) not in self._said]
        self._said.update((p.path, p.message) for p in fresh)
        return fresh

    def poll(self) -> tuple[ChangeSet, list[Problem]]:
        """Scan now; the changes that have settled since the last report (the baseline moves
        past them), and the problems not reported before."""
        now = self.clock()
        current = scan(self.paths, max_entries=self.max_entries, cache=self._listings)
        self.last = current
        problems = self._new_problems(current.problems)
        self._said &= {(p.path, p.message) for p in current.problems}  # may recur later
        base = self.baseline
        differing: dict[str, Signature | None] = {}
        for table, before in ((current.articles, base.articles), (current.sidecars, base.sidecars)):
            for path, signature in table.items():
                if before.get(path) != signature:
                    differing[path] = signature
            if current.truncated:
                continue  # what the scan did not reach is not gone
            for path in before:
                if path not in table:
                    differing[path] = None
        for path in list(self._pending):
            if path not in differing:  # back as it was: nothing to report
                del self._pending[path]
        settled: dict[str, Signature | None] = {}
        for path, signature in differing.items():
            pending = self._pending.get(path)
            if pending is None or pending.signature != signature:
                pending = _Pending(signature, now, 1)
            else:
                pending = _Pending(signature, pending.since, pending.scans + 1)
            self._pending[path] = pending
            if pending.scans >= 2 and now - pending.since >= self.settle:
                settled[path] = signature
        if not settled:
            return ChangeSet(), problems
        changes = ChangeSet()
        for path, signature in settled.items():
            del self._pending[path]
            sidecar = path in base.sidecars or path in current.sidecars
            if sidecar:
                self._move(base.sidecars, path, signature)
                changes.changed += [a for a in self._readers(path, current) if a not in settled]
            else:
                was = path in base.articles
                self._move(base.articles, path, signature)
                if signature is None:
                    changes.removed.append(path)
                elif was:
                    changes.changed.append(path)
                else:
                    changes.added.append(path)
        changes.changed = list(dict.fromkeys(changes.changed))
        return changes, problems

    @staticmethod
    def _move(table: dict[str, Signature], path: str, signature: Signature | None) -> None:
        if signature is None:
            table.pop(path, None)
        else:
            table[path] = signature

    @staticmethod
    def _readers(sidecar: str, current: Scan) -> list[str]:
        """The watched articles that read ``sidecar`` as their metadata (same folder)."""
        folder = os.path.dirname(sidecar)
        stem = os.path.basename(sidecar)[: -len(".toml")]
        readers: list[str] = []
        for path in current.articles:
            name = os.path.basename(path)
            if not name.startswith(stem) or os.path.dirname(path) != folder:
                continue
            if any(str(c) == sidecar for c in sidecar_candidates(Path(path))):
                readers.append(path)
        return readers
