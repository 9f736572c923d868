"""Hostile probes of every write the app makes (issue 11, parts 2 and 5), through the CLI and
the TUI. Everything a probe needs (symbolic links, loops, swapped directories, misspelt site
configs, slow disks) is made here, in tmp_path; nothing binary is committed.

Read-only mode (part 2):

- a directory on the way swapped for a symbolic link *after* the check (during the corpus
  load of ``export -o``, during the dialog's render): the write lands where it was checked;
- ``annotate -o`` into a tree holding a symbolic link to a directory outside (the input
  tree itself, or one planted in the output): nothing is written outside;
- ``-h``, ``--help`` or ``--version`` as a directory name after ``--``: the policy holds;
- the site config failing open: a dangling symbolic link, ``read-only``, ``readonly``,
  ``read_only`` under ``[export]``; ``CONFLICT_TUI_SITE_CONFIG=/nonexistent``;
- ``TEXTUAL_SCREENSHOT*`` and ``TEXTUAL_LOG`` in a read-only session (a real app in a pty);
- a symbolic link loop, an ``EINVAL`` from resolving during a swap, a 300-character name:
  a message, never a traceback.

Exports (part 5): two exports racing for one new name (one wins, the other is told the
file exists); an export killed mid-write (SIGTERM, SIGHUP, ctrl+c; the TUI hung up) leaves
no temporary file.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, Label

import timeline.cli
from timeline.config import ENV_VAR, SITE_ENV_VAR, Config, ExportConfig, load_config
from timeline.export import TargetExistsError, events_json, write_export
from timeline.export import files as export_files
from timeline.models import Event
from timeline.synthetic import synthetic_events
from timeline.timeline import Timeline
from tui.app import ConflictApp
from tui.cli import drop_textual_writers, main
from tui.screens.export import ExportScreen
from tui.screens.main import MainScreen

ROOT = Path(__file__).resolve().parent.parent.parent
ARTICLE = "Fighting broke out near Goris on 13 September 2022, officials said.\n"


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def no_machine_configs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No site or user config of the machine running the tests counts."""
    monkeypatch.setattr("timeline.config.DEFAULT_SITE_CONFIG", tmp_path / "no-default-site")
    monkeypatch.delenv(SITE_ENV_VAR, raising=False)
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "no-user.toml"))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """One short article: quick to load, one event."""
    directory = tmp_path / "corpus"
    directory.mkdir()
    (directory / "story.txt").write_text(ARTICLE, encoding="utf-8")
    (directory / "story.toml").write_text("published = 2022-09-15\n", encoding="utf-8")
    return directory


def read_only_site(
    tmp_path: Path, exports: Path, monkeypatch: pytest.MonkeyPatch, *, extra: str = ""
) -> Path:
    """A site config at the default location: read-only, exports into ``exports``."""
    site = tmp_path / "site.toml"
    site.write_text(f'read_only = true\n{extra}[export]\ndirectory = "{exports}"\n')
    monkeypatch.setattr("timeline.config.DEFAULT_SITE_CONFIG", site)
    return site


def everything_under(directory: Path) -> list[str]:
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*"))


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Run the console script in-process; return the exit status and stderr."""
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


# ============================================================================ part 2, CLI


def test_export_directory_swapped_for_a_link_during_the_load_writes_where_checked(
    tmp_path: Path,
    exports: Path,
    outside: Path,
    corpus: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    read_only_site(tmp_path, exports, monkeypatch)
    sub = exports / "sub"
    sub.mkdir()
    load = timeline.cli.load

    def load_while_someone_swaps(*args: object, **kwargs: object) -> Timeline:
        sub.rename(exports / "sub-checked")
        sub.symlink_to(outside, target_is_directory=True)
        return load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(timeline.cli, "load", load_while_someone_swaps)
    code, _ = cli(capsys, "export", str(corpus), "-o", str(sub / "x.json"))
    assert list(outside.iterdir()) == []
    assert code == 0
    assert len(json.loads((exports / "sub-checked" / "x.json").read_text())) == 1


@pytest.mark.parametrize("read_only", [True, False])
def test_annotate_never_follows_a_link_planted_in_the_output(
    read_only: bool,
    tmp_path: Path,
    exports: Path,
    outside: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if read_only:
        read_only_site(tmp_path, exports, monkeypatch)
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    (source / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (source / "b.txt").write_text(ARTICLE, encoding="utf-8")
    out = exports / "out"
    out.mkdir()
    (out / "sub").symlink_to(outside, target_is_directory=True)  # another user's doing
    code, err = cli(capsys, "annotate", str(source), "-o", str(out))
    assert list(outside.iterdir()) == []
    assert code == 1 and "symbolic link" in err
    assert (out / "b.tml").is_file()  # the others are still written


def test_annotate_of_a_tree_into_itself_does_not_follow_its_symlinked_subdirectory(
    tmp_path: Path,
    exports: Path,
    outside: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    read_only_site(tmp_path, exports, monkeypatch)
    (outside / "elsewhere.txt").write_text(ARTICLE, encoding="utf-8")
    tree = exports / "tree"
    tree.mkdir()
    (tree / "here.txt").write_text(ARTICLE, encoding="utf-8")
    (tree / "escape").symlink_to(outside, target_is_directory=True)
    code, err = cli(capsys, "annotate", str(tree), "-o", str(tree))
    assert list(outside.iterdir()) == [outside / "elsewhere.txt"]  # nothing written there
    assert code == 1 and "symbolic link" in err
    assert (tree / "here.tml").is_file()


@pytest.mark.parametrize("word", ["-h", "--help", "--version"])
@pytest.mark.parametrize("command", ["export", "annotate"])
def test_help_words_as_directory_names_do_not_skip_the_policy(
    word: str,
    command: str,
    tmp_path: Path,
    exports: Path,
    outside: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    read_only_site(tmp_path, exports, monkeypatch)
    articles = tmp_path / word
    articles.mkdir()
    (articles / "story.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    target = outside / ("x.json" if command == "export" else "tml")
    code, err = cli(capsys, command, "-o", str(target), "--", word)
    assert (code, list(outside.iterdir())) == (1, [])
    assert "exports go under" in err or "output goes under" in err


def test_help_itself_still_works_and_writes_nothing(
    tmp_path: Path, exports: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_only_site(tmp_path, exports, monkeypatch)
    for argv in (["export", "--help"], ["export", "-o", "x.json", "--version"]):
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 0
    assert list(exports.iterdir()) == []


SITE_TYPOS = {
    "read-only": "read-only = true\n",
    "readonly": "readonly = true\n",
    "read_only under [export]": '[export]\nread_only = true\ndirectory = "/"\n',
    "unknown era key": '[export]\neras = [{ name = "x", start = 1990-01-01, end = 1991-01-01, '
    "colour = 1 }]\n",
    # Every table is checked, not only [export]: a misspelt limit or session key is a typo
    # the administrator did not mean to be ignored.
    "unknown [limits] key": "[limits]\nmax_file_mbb = 1\n",
    "unknown [session] key": '[session]\ndir = "/tmp"\n',
}


@pytest.mark.parametrize("how", ["dangling symlink", "a directory", *SITE_TYPOS])
def test_a_broken_or_misspelt_site_config_fails_closed(
    how: str,
    tmp_path: Path,
    outside: Path,
    corpus: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    site = tmp_path / "site.toml"
    if how == "dangling symlink":
        site.symlink_to(tmp_path / "removed-by-a-package-upgrade.toml")
    elif how == "a directory":
        site.mkdir()
    else:
        site.write_text(SITE_TYPOS[how], encoding="utf-8")
    monkeypatch.setattr("timeline.config.DEFAULT_SITE_CONFIG", site)
    config, problems = load_config()
    assert config.read_only and config.export.directory is None
    assert "read-only with export off" in problems[0].message
    code, err = cli(capsys, "export", str(corpus), "-o", str(outside / "x.json"))
    assert (code, list(outside.iterdir())) == (1, [])
    assert "export is off" in err


def test_a_valid_site_config_without_read_only_means_what_it_says(tmp_path: Path) -> None:
    site = tmp_path / "site.toml"
    site.write_text('theme = "nord"\n[export]\nformat = "csv"\n', encoding="utf-8")
    config, problems = load_config(site_path=site)
    assert (config.read_only, config.theme, problems) == (False, "nord", [])


@pytest.mark.parametrize(
    "override",
    ["/nonexistent/conflict-tui.toml", "permissive", "empty", "directory"],
)
def test_the_site_config_from_the_environment_cannot_loosen_the_policy(
    override: str,
    tmp_path: Path,
    exports: Path,
    outside: Path,
    corpus: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    read_only_site(tmp_path, exports, monkeypatch)
    if override == "permissive":
        path = tmp_path / "mine.toml"
        path.write_text('read_only = false\n[export]\ndirectory = "/"\n', encoding="utf-8")
        override = str(path)
    elif override == "empty":
        path = tmp_path / "empty.toml"
        path.write_text("", encoding="utf-8")
        override = str(path)
    elif override == "directory":
        override = str(outside)
    monkeypatch.setenv(SITE_ENV_VAR, override)
    config, _ = load_config()
    assert config.read_only and config.export.directory == exports
    code, _ = cli(capsys, "export", str(corpus), "-o", str(outside / "x.json"))
    assert (code, list(outside.iterdir())) == (1, [])
    assert cli(capsys, "export", str(corpus), "-o", str(exports / "ok.json"))[0] == 0


def test_the_site_config_from_the_environment_may_make_things_stricter(
    tmp_path: Path,
    exports: Path,
    outside: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stricter = tmp_path / "stricter.toml"
    stricter.write_text(f'read_only = true\n[export]\ndirectory = "{exports}"\n')
    monkeypatch.setenv(SITE_ENV_VAR, str(stricter))
    config, _ = load_config()
    assert config.read_only and config.export.directory == exports
    # With a read-only default site as well, the default's export directory stands.
    default = tmp_path / "default.toml"
    default.write_text(f'read_only = true\n[export]\ndirectory = "{outside}"\n')
    monkeypatch.setattr("timeline.config.DEFAULT_SITE_CONFIG", default)
    config, _ = load_config()
    assert config.read_only and config.export.directory == outside


@pytest.mark.parametrize("read_only", [True, False])
@pytest.mark.parametrize("probe", ["symlink loop", "EINVAL while resolving", "300-char name"])
def test_hostile_paths_get_a_message_not_a_traceback(
    probe: str,
    read_only: bool,
    tmp_path: Path,
    exports: Path,
    corpus: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if read_only:
        read_only_site(tmp_path, exports, monkeypatch)
    path, expected = hostile_path(probe, exports, monkeypatch, read_only=read_only)
    code, err = cli(capsys, "export", str(corpus), "-o", str(path))
    if expected is None:  # nothing resolves the path, so nothing can trip over it
        assert code == 0 and (exports / "sub" / "x.json").is_file()
        return
    assert code == 1
    assert re.search(expected, err), err
    assert everything_under(exports) == ["link", "loop", "sub"]


def hostile_path(
    probe: str, exports: Path, monkeypatch: pytest.MonkeyPatch, *, read_only: bool = True
) -> tuple[Path, str | None]:
    """A path for ``probe`` under ``exports``, and what its message must say (None: it is
    written, as nothing resolves a path outside a read-only session)."""
    (exports / "loop").symlink_to("loop")
    (exports / "sub").mkdir()
    (exports / "link").symlink_to(exports / "sub", target_is_directory=True)
    if probe == "symlink loop":
        return exports / "loop" / "x.json", "symbolic link loop|symbolic link"
    if probe == "EINVAL while resolving":
        # What a swap between lstat() and readlink() gives: the link is a file by then.
        def readlink(path: object, *args: object, **kwargs: object) -> str:
            raise OSError(errno.EINVAL, "Invalid argument", str(path))

        monkeypatch.setattr(os, "readlink", readlink)
        return exports / "link" / "x.json", "Invalid argument" if read_only else None
    return exports / ("x" * 300 + ".json"), "name too long"


# ============================================================================ part 2, TUI


def read_only_app(exports: Path, events: list[Event] | None = None) -> ConflictApp:
    timeline = Timeline(events or synthetic_events(20, seed=3), name="synthetic")
    config = Config(export=ExportConfig(directory=exports, format="json"))
    return ConflictApp(timeline, config=config, read_only=True, today=lambda: date(2024, 1, 2))


def writable_app(exports: Path) -> ConflictApp:
    timeline = Timeline(synthetic_events(20, seed=3), name="synthetic")
    config = Config(export=ExportConfig(directory=exports, format="json"))
    return ConflictApp(timeline, config=config, today=lambda: date(2024, 1, 2))


async def export_to(app: ConflictApp, pilot: object, path: Path | str) -> str:
    """Open the dialog, type ``path``, press enter; return the error shown ("" if written)."""
    await pilot.press("e")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    field = screen.query_one("#path", Input)
    field.value = str(path)
    field.focus()
    await pilot.press("enter")  # type: ignore[attr-defined]
    for _ in range(100):  # the write runs in a thread worker
        await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]
        if not isinstance(app.screen, ExportScreen):
            return ""
        error = app.screen.query_one("#error", Label)
        if error.display:
            return str(error.render())
    raise AssertionError("the export neither finished nor showed an error")


async def test_dialog_directory_swapped_for_a_link_during_the_render_writes_where_checked(
    exports: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = exports / "sub"
    sub.mkdir()
    # The JSON render passes its text through terminal_safe_json (whichever serialiser wrote
    # it): someone swaps the directory while that runs.
    escape = events_json.terminal_safe_json
    swapped = threading.Event()

    def escape_while_someone_swaps(text: str) -> str:
        if not swapped.is_set():  # the render is under way, in the worker thread
            swapped.set()
            sub.rename(exports / "sub-checked")
            sub.symlink_to(outside, target_is_directory=True)
        return escape(text)

    app = read_only_app(exports)
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(events_json, "terminal_safe_json", escape_while_someone_swaps)
        assert await export_to(app, pilot, sub / "x.json") == ""
        monkeypatch.undo()
        assert isinstance(app.screen, MainScreen)
    assert swapped.is_set()
    assert list(outside.iterdir()) == []
    assert len(json.loads((exports / "sub-checked" / "x.json").read_text())) == 20


@pytest.mark.parametrize("read_only", [True, False])
@pytest.mark.parametrize("probe", ["symlink loop", "EINVAL while resolving", "300-char name"])
async def test_hostile_paths_in_the_dialog_get_a_message_not_a_crash(
    probe: str, read_only: bool, exports: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = read_only_app(exports) if read_only else writable_app(exports)
    async with app.run_test(size=(120, 40)) as pilot:
        path, expected = hostile_path(probe, exports, monkeypatch, read_only=read_only)
        error = await export_to(app, pilot, path)
        monkeypatch.undo()
        if expected is None:  # nothing resolves the path, so nothing can trip over it
            assert error == "" and (exports / "sub" / "synthetic-2024-01-02.json").exists() is False
            assert (exports / "sub" / "x.json").is_file()
            return
        assert re.search(expected, error), error
        assert isinstance(app.screen, ExportScreen)  # still open, the path kept to fix
        assert app.screen.query_one("#path", Input).value == str(path)
    assert everything_under(exports) == ["link", "loop", "sub"]


# ------------------------------------------------------------------ a real app in a pty


class PtyApp:
    """``python -c CODE`` on a pseudo-terminal of 80×24: its output drained, keys sent."""

    def __init__(self, code: str, env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: exec at once
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-c", code], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.output = b""
        self.status: int | None = None

    def _drain(self, timeout: float) -> None:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            try:
                self.output += os.read(self.fd, 65536)
            except OSError:  # EIO: the child is gone
                time.sleep(timeout)

    def screen_text(self) -> str:
        text = self.output.decode("utf-8", "replace")
        return re.sub(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|.)", "", text)

    def wait_for(self, what: Callable[[], object], timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not what():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; screen so far:\n{self.screen_text()[-2000:]}")
            self._drain(0.05)
            self.poll()

    def poll(self) -> bool:
        """Whether the child has exited (its status is then in ``status``)."""
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
        return self.status is not None

    def keys(self, data: str) -> None:
        with contextlib.suppress(OSError):
            os.write(self.fd, data.encode())

    def close(self) -> None:
        if not self.poll():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


@contextlib.contextmanager
def pty_app(code: str, env: dict[str, str]) -> Iterator[PtyApp]:
    app = PtyApp(code, env)
    try:
        yield app
    finally:
        app.close()


def app_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
    env.update(TERM="xterm-256color", PYTHONPATH=str(ROOT), **extra)
    env[ENV_VAR] = str(tmp_path / "no-user.toml")
    env.pop("COLORTERM", None)
    return env


APP = "import sys; from tui.cli import main; sys.exit(main(sys.argv[1:]))"


def test_textual_screenshot_and_log_variables_are_ignored_when_read_only(
    tmp_path: Path, exports: Path, outside: Path, corpus: Path
) -> None:
    site = tmp_path / "site.toml"
    site.write_text(f'read_only = true\n[export]\ndirectory = "{exports}"\n')
    env = app_env(
        tmp_path,
        CONFLICT_TUI_SITE_CONFIG=str(site),
        TEXTUAL_SCREENSHOT="0",
        TEXTUAL_SCREENSHOT_LOCATION=str(outside),
        TEXTUAL_SCREENSHOT_FILENAME="shot.svg",
        TEXTUAL_LOG=str(outside / "textual.log"),
    )
    code = f"import sys; sys.argv[1:] = [{str(corpus)!r}]; " + APP
    with pty_app(code, env) as app:
        app.wait_for(lambda: "1 of 1 event" in app.screen_text() or app.poll())
        time.sleep(1.0)  # a screenshot timer of 0 s has fired by now, were it set
        app.keys("q")
        app.wait_for(app.poll)
    assert list(outside.iterdir()) == []
    assert app.status == 0


@pytest.mark.parametrize("how", ["misspelt site config", "site config moved by the environment"])
def test_the_app_is_read_only_when_the_site_config_says_so_however_it_is_spelt(
    how: str, tmp_path: Path, exports: Path, corpus: Path
) -> None:
    """The TUI decides from the same config: export is off, whatever the user tries."""
    user = tmp_path / "user.toml"
    user.write_text(f'read_only = false\n[export]\ndirectory = "{exports}"\n')
    site = tmp_path / "site.toml"
    env = app_env(tmp_path)
    if how == "misspelt site config":
        site.write_text("readonly = true\n")
    else:
        site.write_text("read_only = true\n")  # and no export directory: export is off
        env[SITE_ENV_VAR] = "/nonexistent/conflict-tui.toml"
    code = (
        f"import timeline.config; timeline.config.DEFAULT_SITE_CONFIG = {str(site)!r}\n"
        "from pathlib import Path\n"
        "timeline.config.DEFAULT_SITE_CONFIG = Path(timeline.config.DEFAULT_SITE_CONFIG)\n"
        f"import sys; sys.argv[1:] = ['--config', {str(user)!r}, {str(corpus)!r}]\n" + APP
    )
    with pty_app(code, env) as app:
        app.wait_for(lambda: "1 of 1 event" in app.screen_text())
        app.keys("e")
        app.wait_for(lambda: "Read-only session" in app.screen_text())
        app.keys("q")
        app.wait_for(app.poll)
    assert list(exports.iterdir()) == []


def test_drop_textual_writers_keeps_only_the_harmless() -> None:
    environ = {
        "TEXTUAL_SCREENSHOT": "0",
        "TEXTUAL_SCREENSHOT_LOCATION": "/tmp",
        "TEXTUAL_LOG": "/tmp/log",
        "TEXTUAL_DRIVER": "evil:Driver",
        "TEXTUAL_COLOR_SYSTEM": "256",
        "TERM": "xterm",
    }
    assert drop_textual_writers(environ) == [
        "TEXTUAL_DRIVER",
        "TEXTUAL_LOG",
        "TEXTUAL_SCREENSHOT",
        "TEXTUAL_SCREENSHOT_LOCATION",
    ]
    assert environ == {"TEXTUAL_COLOR_SYSTEM": "256", "TERM": "xterm"}


# ============================================================================ part 5


def test_two_exports_racing_for_one_new_name_cannot_both_succeed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both pass every "does it exist?" check before either renames: one must lose.

    The two meet after writing their temporary files, and again (should they get there)
    just before an ``os.replace``: a check followed by a replace is the race itself.
    """
    target = tmp_path / "same.json"
    synced, replacing = threading.Barrier(2, timeout=10), threading.Barrier(2, timeout=3)
    fsync, replace = os.fsync, os.replace
    waited = threading.local()

    def fsync_together(fd: int) -> None:
        if not getattr(waited, "done", False):  # the temporary file's fsync, not the dir's
            waited.done = True
            synced.wait()
        fsync(fd)

    def replace_together(*args: object, **kwargs: object) -> None:
        with contextlib.suppress(threading.BrokenBarrierError):
            replacing.wait()
        replace(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "fsync", fsync_together)
    monkeypatch.setattr(os, "replace", replace_together)
    outcomes: dict[str, str] = {}

    def export(name: str, events: list[Event]) -> None:
        try:
            write_export(events, "json", target)
            outcomes[name] = "written"
        except TargetExistsError:
            outcomes[name] = "exists"

    small, large = synthetic_events(3, seed=1), synthetic_events(300, seed=2)
    threads = [threading.Thread(target=export, args=a) for a in (("a", small), ("b", large))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["exists", "written"]
    winner = small if outcomes["a"] == "written" else large
    assert len(json.loads(target.read_text())) == len(winner)  # whole, not mixed
    assert [p.name for p in tmp_path.iterdir()] == ["same.json"]


@pytest.mark.parametrize("fallback", ["hard link", "O_EXCL claim"])
def test_no_overwrite_holds_without_renameat2(
    fallback: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_files, "_renameat2_noreplace", lambda *args: False)
    if fallback == "O_EXCL claim":

        def no_links(*args: object, **kwargs: object) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "out.json"
    assert write_export(synthetic_events(2, seed=1), "json", target) == 2
    with pytest.raises(TargetExistsError):
        write_export(synthetic_events(3, seed=1), "json", target)
    directory = export_files.Directory.open(tmp_path)
    try:
        # Created by someone else between the existence check and the rename.
        (tmp_path / "late.json").write_text("theirs")
        monkeypatch.setattr(directory, "lstat", lambda name: None)
        with pytest.raises(TargetExistsError):
            directory.write("late.json", b"ours")
    finally:
        directory.close()
    assert (tmp_path / "late.json").read_text() == "theirs"
    assert len(json.loads(target.read_text())) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["late.json", "out.json"]


SLOW_DISK = (
    "import os, time; _fsync = os.fsync\n"
    "def fsync(fd):\n"
    "    time.sleep(60)\n"
    "    _fsync(fd)\n"
    "os.fsync = fsync\n"
)


def test_two_cli_exports_racing_for_one_new_name(tmp_path: Path, corpus: Path) -> None:
    """Two processes; a slow disk lines them up, and a scheduler that pauses each one
    between its last check and an ``os.replace`` (should it use one) lets both pass it."""
    target = tmp_path / "same.json"
    slow = SLOW_DISK.replace("60", "3")
    slow += "_replace = os.replace\n"
    slow += "os.replace = lambda *a, **k: (time.sleep(2), _replace(*a, **k))[1]\n"
    code = slow + APP
    argv = ["export", str(corpus), "-o", str(target)]
    env = app_env(tmp_path)
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, *argv], env=env, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = sorted((run.wait(timeout=120), run.stderr.read()) for run in runs)  # type: ignore[union-attr]
    assert [status for status, _ in results] == [0, 1], results
    assert "already exists" in results[1][1]
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".json", ".tmp")] == ["same.json"]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_cli_export_killed_mid_write_leaves_no_temporary_file(
    signum: int, tmp_path: Path, exports: Path, corpus: Path
) -> None:
    argv = ["export", str(corpus), "-o", str(exports / "x.json")]
    run = subprocess.Popen(
        [sys.executable, "-c", SLOW_DISK + APP, *argv],
        env=app_env(tmp_path),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not list(exports.glob(".*.tmp")) and run.poll() is None:
            assert time.monotonic() < deadline, "no temporary file appeared"
            time.sleep(0.05)
        run.send_signal(signum)
        status = run.wait(timeout=30)
    finally:
        if run.poll() is None:
            run.kill()
        _, err = run.communicate()
    assert status == 128 + signum, err
    assert "Traceback" not in err
    assert list(exports.iterdir()) == []


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_the_tui_hung_up_mid_write_leaves_no_temporary_file(
    signum: int, tmp_path: Path, exports: Path, corpus: Path
) -> None:
    user = tmp_path / "user.toml"
    user.write_text(f'[export]\ndirectory = "{exports}"\n')
    # The disk takes a minute; the app's grace after a hang-up is cut to 3 s.
    code = (
        SLOW_DISK
        + "import tui.app; tui.app.HANGUP_GRACE = 3\n"
        + f"import sys; sys.argv[1:] = ['--config', {str(user)!r}, {str(corpus)!r}]\n"
        + APP
    )
    with pty_app(code, app_env(tmp_path)) as app:
        app.wait_for(lambda: "1 of 1 event" in app.screen_text())
        app.keys("e")
        app.wait_for(lambda: "Format" in app.screen_text())
        app.keys("\r")
        app.wait_for(lambda: list(exports.glob(".*.tmp")))
        os.kill(app.pid, signum)
        app.wait_for(app.poll, timeout=30)
    assert list(exports.iterdir()) == []
