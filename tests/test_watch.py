"""`timeline.watch`: which files are new, changed or gone, once they have settled."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from timeline.watch import SCAN_SHARE, ChangeSet, Listing, Watcher, scan


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def write(path: Path, text: str, *, mtime: int | None = None) -> Path:
    """Write ``text``; with ``mtime`` (seconds), set that modification time, so two writes
    within one tick of the filesystem's clock still differ."""
    path.write_text(text, encoding="utf-8")
    if mtime is not None:
        os.utime(path, ns=(mtime * 10**9, mtime * 10**9))
    return path


def settled(watcher: Watcher, clock: Clock, *, step: float = 1.0) -> ChangeSet:
    """Poll until two polls agree (the second reports), the clock moving ``step`` each."""
    first, _ = watcher.poll()
    assert not first, "a change is never reported on the scan that first sees it"
    clock.now += step
    changes, _ = watcher.poll()
    return changes


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_a_new_file_is_added_once_two_scans_agree(tmp_path: Path, clock: Clock) -> None:
    watcher = Watcher([tmp_path], settle=0, clock=clock)
    watcher.prime()
    write(tmp_path / "a.txt", "On 3 May 2022 shelling began.")
    changes = settled(watcher, clock)
    assert changes.added == [str(tmp_path / "a.txt")]
    assert changes.changed == changes.removed == []
    assert watcher.poll()[0].count == 0  # reported once: the baseline moved past it


def test_a_changed_file_is_changed(tmp_path: Path, clock: Clock) -> None:
    article = write(tmp_path / "a.md", "first", mtime=1_000)
    watcher = Watcher([tmp_path], settle=0, clock=clock)
    watcher.prime()
    write(article, "second", mtime=2_000)
    assert settled(watcher, clock).changed == [str(article)]


def test_a_removed_file_is_removed(tmp_path: Path, clock: Clock) -> None:
    (tmp_path / "sub").mkdir()
    article = write(tmp_path / "sub" / "a.txt", "x")
    watcher = Watcher([tmp_path], settle=0, clock=clock)
    watcher.prime()
    article.unlink()
    assert settled(watcher, clock).removed == [str(article)]


def test_a_file_being_written_is_taken_once_it_stops_changing(tmp_path: Path, clock: Clock) -> None:
    watcher = Watcher([tmp_path], settle=5, clock=clock)
    watcher.prime()
    article = tmp_path / "download.txt"
    for second in range(6):  # grows every poll: never reported while it does
        write(article, "x" * (second + 1) * 100, mtime=1_000 + second)
        changes, _ = watcher.poll()
        assert not changes
        clock.now += 1
    changes, _ = watcher.poll()  # the same as the last poll, but only 1 s later
    assert not changes
    clock.now += 5
    changes, _ = watcher.poll()
    assert changes.added == [str(article)]
    clock.now += 5
    assert not watcher.poll()[0]


def test_a_file_changed_and_changed_back_is_no_change(tmp_path: Path, clock: Clock) -> None:
    article = write(tmp_path / "a.txt", "first", mtime=1_000)
    watcher = Watcher([tmp_path], settle=0, clock=clock)
    watcher.prime()
    write(article, "other", mtime=2_000)
    assert not watcher.poll()[0]
    write(article, "first", mtime=1_000)
    clock.now += 1
    assert not watcher.poll()[0]
    clock.now += 1
    assert not watcher.poll()[0]


def test_the_loaders_rules_apply(tmp_path: Path, clock: Clock) -> None:
    """Hidden entries, README and LICENSE, unsupported suffixes: not watched, like not read."""
    watcher = Watcher([tmp_path], settle=0, clock=clock)
    watcher.prime()
    for name in ("README.md", "LICENSE.txt", ".hidden.txt", "photo.jpg", "notes.json"):
        write(tmp_path / name, "On 3 May 2022 shelling began.")
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".git" / "a.txt", "x")
    write(tmp_path / "real.tml", "<TimeML/>")
    changes = settled(watcher, clock)
    assert changes.added == [str(tmp_path / "real.tml")]


def test_a_sidecar_change_is_a_change_of_its_article(tmp_path: Path, clock: Clock) -> None:
    article = write(tmp_path / "a.txt", "x")
    watcher = Watcher([tmp_path], settle=0, clock=clock)
    watcher.prime()
    write(tmp_path / "a.toml", 'date = "2022-05-04"\n')
    write(tmp_path / "orphan.toml", 'date = "2022-05-04"\n')  # read by nobody
    changes = settled(watcher, clock)
    assert changes.changed == [str(article)]
    assert changes.added == changes.removed == []


def test_a_file_named_on_the_command_line_is_watched_with_its_sidecar(
    tmp_path: Path, clock: Clock
) -> None:
    article = write(tmp_path / "story.html", "x", mtime=1_000)  # named: any suffix
    write(tmp_path / "other.txt", "x")  # beside it, not named: not watched
    watcher = Watcher([article], settle=0, clock=clock)
    watcher.prime()
    write(tmp_path / "other.txt", "changed", mtime=3_000)
    write(tmp_path / "story.toml", 'date = "2022-05-04"\n')
    assert settled(watcher, clock).changed == [str(article)]


def test_hostile_names_are_reported_as_paths_never_in_the_summary(
    tmp_path: Path, clock: Clock
) -> None:
    watcher = Watcher([tmp_path], settle=0, clock=clock)
    watcher.prime()
    names = ["new\nline.txt", "\x1b[31mred.txt", "-rf.txt", "ünï cödé.md", " spaced .txt"]
    for name in names:
        write(tmp_path / name, "x")
    undecodable = os.fsencode(str(tmp_path)) + b"/bad-\xff\xfe.txt"
    with open(undecodable, "wb") as handle:
        handle.write(b"x")
    changes = settled(watcher, clock)
    assert sorted(changes.added) == sorted(
        [str(tmp_path / n) for n in names] + [os.fsdecode(undecodable)]
    )
    summary = changes.describe()
    assert summary == "6 files added"
    assert "\x1b" not in summary and "\n" not in summary


def test_a_folder_listed_long_after_its_last_change_is_not_listed_again(
    tmp_path: Path, clock: Clock
) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    write(folder / "a.txt", "x")
    os.utime(folder, ns=(10**18, 10**18))  # 2001: long settled
    cache: dict[str, Listing] = {}
    first = scan([tmp_path], cache=cache)
    assert cache[str(folder)].trusted and list(first.articles) == [str(folder / "a.txt")]
    write(folder / "a.txt", "changed", mtime=5_000)  # a file's change: still seen (stat)
    assert scan([tmp_path], cache=cache).articles[str(folder / "a.txt")].mtime_ns == 5 * 10**12
    write(folder / "b.txt", "x")  # the folder's mtime moves: listed again
    assert sorted(scan([tmp_path], cache=cache).articles) == [
        str(folder / "a.txt"),
        str(folder / "b.txt"),
    ]
    shutil.rmtree(folder)
    assert scan([tmp_path], cache=cache).articles == {} and str(folder) not in cache


def test_a_folder_changed_just_before_its_listing_is_listed_again(tmp_path: Path) -> None:
    """A file made in the same tick of the filesystem's clock as the listing leaves the
    folder's mtime as it was: a folder that recent is never trusted to be unchanged."""
    folder = tmp_path / "busy"
    folder.mkdir()
    cache: dict[str, Listing] = {}
    scan([tmp_path], cache=cache)
    assert not cache[str(folder)].trusted
    mtime = folder.stat().st_mtime_ns
    write(folder / "a.txt", "x")
    os.utime(folder, ns=(mtime, mtime))  # as if in the same tick
    assert list(scan([tmp_path], cache=cache).articles) == [str(folder / "a.txt")]


def test_a_symbolic_link_loop_ends(tmp_path: Path, clock: Clock) -> None:
    (tmp_path / "a").mkdir()
    write(tmp_path / "a" / "x.txt", "x")
    (tmp_path / "a" / "loop").symlink_to(tmp_path, target_is_directory=True)
    found = scan([tmp_path])
    assert list(found.articles) == [str(tmp_path / "a" / "x.txt")]


def test_a_missing_root_has_nothing_and_may_come_back(tmp_path: Path, clock: Clock) -> None:
    folder = tmp_path / "later"
    watcher = Watcher([folder], settle=0, clock=clock)
    assert watcher.prime() == []
    folder.mkdir()
    write(folder / "a.txt", "x")
    assert settled(watcher, clock).added == [str(folder / "a.txt")]


def test_a_huge_folder_is_cut_off_with_a_problem_and_nothing_is_called_removed(
    tmp_path: Path, clock: Clock
) -> None:
    for index in range(30):
        write(tmp_path / f"a{index:02d}.txt", "x")
    watcher = Watcher([tmp_path], settle=0, clock=clock, max_entries=10)
    problems = watcher.prime()
    assert len(problems) == 1 and "not watched" in problems[0].message
    assert len(watcher.baseline.articles) == 10
    changes, again = watcher.poll()
    assert again == []  # said once
    clock.now += 1
    changes, _ = watcher.poll()
    assert not changes.removed


def test_scans_are_spaced_for_a_slow_folder(tmp_path: Path) -> None:
    watcher = Watcher([tmp_path])
    watcher.last.seconds = 0.0
    assert watcher.next_delay(2.0) == 2.0
    watcher.last.seconds = 0.6
    assert watcher.next_delay(2.0) == pytest.approx(0.6 * SCAN_SHARE)


def test_change_sets_add_up() -> None:
    first = ChangeSet(added=["a", "b"], changed=["c"], removed=["d"])
    later = ChangeSet(added=["d"], changed=["a", "e"], removed=["b", "c"])
    merged = first.merged(later)
    assert merged.added == ["a"]  # added then changed: added
    assert sorted(merged.changed) == ["d", "e"]  # removed then back: changed
    assert merged.removed == ["c"]  # b was added and removed again: nothing
    assert merged.describe() == "1 file added, 2 changed, 1 removed"
    assert ChangeSet().describe() == "no changes" and not ChangeSet()


# ------------------------------------------------------------------ the command line


def test_watch_is_a_flag_over_the_paths_given(tmp_path: Path) -> None:
    from tui.cli import build_parser

    args = build_parser().parse_args(["--watch", str(tmp_path)])
    assert args.watch and args.paths == [tmp_path] and args.watch_interval == 2.0
    args = build_parser().parse_args([str(tmp_path), "--watch", "--watch-interval", "0.5"])
    assert args.watch and args.watch_interval == 0.5
    assert not build_parser().parse_args([str(tmp_path)]).watch


@pytest.mark.parametrize("interval", ["0", "-1", "nan", "inf", "1e9", "soon"])
def test_a_bad_watch_interval_is_a_usage_error(
    interval: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["--watch", ".", "--watch-interval", interval])
    assert exited.value.code == 2
    assert "--watch-interval" in capsys.readouterr().err


def test_watch_without_a_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["--watch"])
    assert exited.value.code == 2
    assert "--watch needs a PATH" in capsys.readouterr().err


def test_the_explorer_is_started_watching(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.app
    import tui.cli

    started: dict[str, object] = {}

    def run_app(paths: list[Path], **options: object) -> int:
        started.update(options, paths=paths)
        return 0

    monkeypatch.setattr(tui.cli, "has_terminal", lambda: True)
    monkeypatch.setattr(tui.app, "run_app", run_app)
    assert tui.cli.main(["--watch", str(tmp_path), "--watch-interval", "0.25", "--no-store"]) == 0
    assert started["paths"] == [tmp_path]
    assert started["watch"] is True and started["watch_interval"] == 0.25
