"""Nothing is left running (issue 11, part 3): the app ends when it is told to, or when its
terminal goes away, even in the middle of a long load.

- ``q``, ctrl+c, SIGHUP and SIGTERM in the middle of a load that takes many seconds (one
  big article: its analysis is one call that cannot stop halfway) end the process within a
  second or two, with the terminal restored (a real app in a tmux pane, as an analyst runs
  it);
- without a terminal (``ssh host cmd``, ``ssh -T``, a pipe) the app refuses at once, exit
  status 2, with a message naming ``list`` and ``export``, and draws nothing;
- the end of the input stream (a terminal that is gone) ends the app instead of spinning;
- `timeline.pipeline.build_timeline` stops between documents when told to, and the app
  tells it to as soon as it is asked to quit.

The times are printed (``pytest -s`` shows them) and asserted with room for a loaded CI
machine; before this part, the same probes took until the end of the load (``q``, ctrl+c),
the end of the load or the 10 s watchdog (SIGHUP, SIGTERM), or forever (no terminal, end of
input).
`tests/test_ssh.py` does the same through a real sshd.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.test_ssh import (
    Pane,
    app_processes,
    assert_clean_terminal,
    conflict_tui_script,
    kill_all,
    wait_for,
)
from timeline import pipeline
from timeline.pipeline import LoadCancelled, build_timeline

ROOT = Path(__file__).resolve().parent.parent.parent
# Room for a loaded machine; the target is under a second (see the printed times).
GONE_WITHIN = 3.0
REFUSAL = (
    "conflict-tui: the explorer needs a terminal (stdin and stdout are not one); for a pipe "
    "or `ssh host cmd`, use `conflict-tui list` or `conflict-tui export` (see --help)"
)

# One paragraph of news prose with a date that varies from copy to copy.
PROSE = (
    "Fighting broke out between the two armies on the night of {day} May 2022, as troops "
    "crossed the border and attacked positions around the towns of Vardenis and Goris. "
    "Officials said on Tuesday that 49 soldiers had been killed and 12 wounded. "
    "Two weeks later, on {day} June, negotiators met again in Brussels.\n\n"
)
# About 20 s of loading on the machine this was written on (600 kB take 7 s): long enough
# that every probe below lands in the middle of it, even on a machine a few times faster.
BIG_ARTICLE_BYTES = 1_500_000

needs_tmux = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is missing (.ci/run installs it on Debian)"
)


def write_big_article(path: Path, size: int = BIG_ARTICLE_BYTES) -> Path:
    parts: list[str] = []
    written = 0
    while written < size:
        part = PROSE.format(day=len(parts) % 28 + 1)
        parts.append(part)
        written += len(part)
    path.write_text("".join(parts), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def big_article(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_big_article(tmp_path_factory.mktemp("big") / "big-article.txt")


@pytest.fixture
def pane(tmp_path: Path) -> Iterator[Pane]:
    the_pane = Pane(f"conflict-tui-proc-{os.getpid()}-{uuid.uuid4().hex[:8]}", tmp_path)
    yield the_pane
    the_pane.kill()


class App:
    """One run of the installed ``conflict-tui`` script with a config of its own (the marker
    that finds its process) and no site config of this machine's."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.user_config = directory / "user-config.toml"
        self.user_config.write_text("")
        self.site_config = directory / "no-site-config.toml"

    @property
    def marker(self) -> str:
        return str(self.user_config)

    def argv(self, *paths: Path, options: Sequence[str] = ()) -> list[str]:
        return [
            "env",
            f"CONFLICT_TUI_SITE_CONFIG={self.site_config}",
            str(conflict_tui_script()),
            "--config",
            str(self.user_config),
            *options,
            *map(str, paths),
        ]

    def pid(self) -> int:
        pids = wait_for("the app to start", lambda: app_processes(self.marker))
        assert isinstance(pids, list) and len(pids) == 1, pids
        return pids[0]

    def seconds_until_gone(self, since: float, timeout: float = 60) -> float:
        """Poll until no process of this app is left; the seconds since ``since``."""
        try:
            wait_for(
                "the app to exit", lambda: not app_processes(self.marker), timeout, interval=0.02
            )
        finally:
            kill_all(app_processes(self.marker))  # never leave one behind, even on failure
        return time.monotonic() - since


def start_loading(pane: Pane, app: App, article: Path) -> int:
    """Start the app on ``article`` in ``pane``; return its pid once it is mid-load."""
    pane.start(app.argv(article))
    pane.wait_screen("Reading documents")
    pid = app.pid()
    time.sleep(1.0)  # well into the analysis of the one big document
    assert "Reading documents" in pane.screen(), "the load ended before the probe"
    return pid


# ------------------------------------------------------------ mid-load, in tmux


@needs_tmux
@pytest.mark.parametrize("key", ["q", "C-c"])
def test_a_key_that_quits_mid_load_ends_the_process_at_once(
    key: str, pane: Pane, tmp_path: Path, big_article: Path
) -> None:
    app = App(tmp_path / "app")
    start_loading(pane, app, big_article)
    sent = time.monotonic()
    pane.keys(key)
    took = app.seconds_until_gone(sent)
    print(f"\n{key} mid-load: the process was gone after {took:.2f} s")
    screen = pane.wait_screen("SSH-EXIT-0")
    assert took < GONE_WITHIN, f"{key} mid-load took {took:.1f} s to end the process"
    assert_clean_terminal(pane, screen)


@needs_tmux
@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_a_signal_mid_load_ends_the_process_at_once(
    signum: int, pane: Pane, tmp_path: Path, big_article: Path
) -> None:
    app = App(tmp_path / "app")
    pid = start_loading(pane, app, big_article)
    sent = time.monotonic()
    os.kill(pid, signum)
    took = app.seconds_until_gone(sent)
    name = signal.Signals(signum).name
    print(f"\n{name} mid-load: the process was gone after {took:.2f} s")
    screen = pane.wait_screen(f"SSH-EXIT-{128 + signum}")
    assert took < GONE_WITHIN, f"{name} mid-load took {took:.1f} s to end the process"
    # The terminal is still there (only the process was signalled): it is restored.
    assert_clean_terminal(pane, screen)


# ------------------------------------------------------------ no terminal


@needs_tmux
@pytest.mark.parametrize("stdin", ["pipe", "devnull", "terminal"])
def test_without_a_terminal_the_app_refuses_at_once(stdin: str, tmp_path: Path, pane: Pane) -> None:
    """``ssh host cmd`` / ``ssh -T``: stdin and stdout are pipes, or stdout alone is one."""
    app = App(tmp_path / "app")
    if stdin == "terminal":
        # stdin is tmux's terminal, stdout a pipe (`conflict-tui | less`, `$(conflict-tui)`).
        out = tmp_path / "out"
        line = f"{shlex.join(app.argv())} >{shlex.quote(str(out))} 2>&1"
        pane.start(["sh", "-c", line])
        screen = pane.wait_screen("SSH-EXIT-")
        assert "SSH-EXIT-2" in screen, screen
        assert out.read_text().strip() == REFUSAL
        assert app_processes(app.marker) == []
        return
    # A pipe that stays open (nothing written, never closed), or /dev/null (at its end).
    read_end, write_end = os.pipe()
    started = time.monotonic()
    try:
        done = subprocess.run(
            app.argv(),
            stdin=read_end if stdin == "pipe" else subprocess.DEVNULL,
            capture_output=True,
            timeout=60,
            check=False,
        )
        took = time.monotonic() - started
    finally:
        os.close(read_end)
        os.close(write_end)
        kill_all(app_processes(app.marker))  # never leave one behind, even on failure
    print(f"\nno terminal ({stdin}): refused after {took:.2f} s (Python's start included)")
    assert done.returncode == 2
    assert done.stderr.decode().strip() == REFUSAL
    assert done.stdout == b""  # no escape codes down the pipe
    assert app_processes(app.marker) == []


def test_help_and_version_need_no_terminal() -> None:
    for option in ("--help", "--version"):
        done = subprocess.run(
            [str(conflict_tui_script()), option],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0 and "conflict-tui" in done.stdout


# ------------------------------------------------------------ end of input

# The app itself, started past the command line's terminal check: stdin is a pipe.
RUN_APP = """\
import sys
from pathlib import Path
from timeline.config import Config
from tui.app import run_app
sys.exit(run_app([Path(p) for p in sys.argv[1:]], config=Config()))
"""


@pytest.mark.parametrize("when", ["idle", "mid-load"])
def test_the_end_of_input_ends_the_app(when: str, tmp_path: Path, big_article: Path) -> None:
    """Textual's input thread took an empty read for "nothing yet" and selected again: at
    the end of the stream it spun on a core, and the app never ended."""
    corpus = [big_article] if when == "mid-load" else []
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
    env.update(TERM="xterm-256color", PYTHONPATH=str(ROOT), COLUMNS="80", LINES="24")
    env["CONFLICT_TUI_SITE_CONFIG"] = str(tmp_path / "no-site-config.toml")
    drawing = (tmp_path / "screen").open("wb")  # Textual draws on stderr
    run = subprocess.Popen(
        [sys.executable, "-c", RUN_APP, *map(str, corpus)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=drawing,
        env=env,
        cwd=ROOT,
    )
    try:
        screen = tmp_path / "screen"
        wanted = b"Reading documents" if when == "mid-load" else b"events"
        wait_for("the app to draw", lambda: wanted in screen.read_bytes() or run.poll() is not None)
        time.sleep(1.0)
        assert run.poll() is None, "the app ended before its input did"
        assert run.stdin is not None
        closed = time.monotonic()
        run.stdin.close()
        status = run.wait(timeout=60)
        took = time.monotonic() - closed
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        drawing.close()
    print(f"\nend of input ({when}): the process was gone after {took:.2f} s")
    assert status == 128 + signal.SIGHUP  # a terminal that is gone: a hang-up
    assert took < GONE_WITHIN


def parent_of(pids: list[int]) -> int:
    """The one process of ``pids`` whose parent is not among them (the app, not a worker)."""
    roots = [
        pid
        for pid in pids
        if int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]) not in pids
    ]
    assert len(roots) == 1, (pids, roots)
    return roots[0]


@needs_tmux
@pytest.mark.parametrize("how", ["q", "SIGTERM"])
def test_quitting_mid_pool_load_ends_the_workers_too(how: str, pane: Pane, tmp_path: Path) -> None:
    """Issue 12: extraction in a process pool (``--jobs 2``). The workers are forked copies of
    the app (the same command line, so `App.seconds_until_gone` waits for them too)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(12):  # distinct texts of about 200 kB: many seconds of work
        write_big_article(corpus / f"{number:02}.txt", size=200_000 + 1_000 * number)
    app = App(tmp_path / "app")
    pane.start(app.argv(corpus, options=["--jobs", "2", "--no-store"]))
    pane.wait_screen("Reading documents")
    pids = wait_for(
        "the workers to start",
        lambda: (found := app_processes(app.marker)) and len(found) >= 3 and found,
        timeout=60,
    )
    assert isinstance(pids, list)
    parent = parent_of(pids)
    time.sleep(0.5)
    assert "Reading documents" in pane.screen(), "the load ended before the probe"
    sent = time.monotonic()
    if how == "q":
        pane.keys("q")
    else:
        os.kill(parent, signal.SIGTERM)
    took = app.seconds_until_gone(sent)
    print(f"\n{how} mid-load with a pool: app and workers gone after {took:.2f} s")
    assert took < GONE_WITHIN, f"{how} mid-load took {took:.1f} s to end app and workers"


# ------------------------------------------------------------ cancelling the load


def test_build_timeline_stops_between_documents_when_cancelled(tmp_path: Path) -> None:
    for number in range(10):
        (tmp_path / f"{number:02}.txt").write_text(PROSE.format(day=number + 1))
    progress: list[int] = []
    with pytest.raises(LoadCancelled):
        build_timeline(
            [tmp_path],
            progress=lambda done, total: progress.append(done),
            cancelled=lambda: len(progress) >= 3,
        )
    assert progress == [1, 2, 3]
    # Not cancelled: everything loads, as before.
    assert len(build_timeline([tmp_path], cancelled=lambda: False).documents) == 10


async def test_a_cancelled_load_stops_at_the_next_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load worker passes its cancellation (and the app's quitting) to the pipeline:
    the thread stops at the next document instead of reading the whole corpus."""
    from timeline.config import Config
    from tui.app import ConflictApp

    for number in range(40):
        (tmp_path / f"{number:02}.txt").write_text(PROSE.format(day=number % 28 + 1))
    analysed: list[str] = []
    analyze = pipeline.analyze

    def slow_analyze(document, tagger):  # type: ignore[no-untyped-def]
        analysed.append(document.path)
        time.sleep(0.05)  # 40 documents: 2 s and more
        return analyze(document, tagger)

    monkeypatch.setattr(pipeline, "analyze", slow_analyze)
    app = ConflictApp([tmp_path], config=Config())
    async with app.run_test() as pilot:
        while len(analysed) < 3:  # under way (the first document warms the tagger up)
            await pilot.pause(0.02)
        app.workers.cancel_group(app, "load")
        await pilot.pause(0.3)
        count = len(analysed)
        await pilot.pause(0.5)
        assert len(analysed) == count, "the load went on after it was cancelled"
        assert count < 15, count
        assert app.main_screen.is_loading  # nothing half-loaded is shown
        app.exit()
