"""Nothing from an article reaches the terminal as a control sequence (issue 11, part 1).

A corpus of hostile files (article bodies, sidecar titles, a gazetteer name, a folder name and
file names holding ``ESC ] 52`` (clipboard), ``ESC ] 0`` (title), ``ESC [ 2 J``, ``ESC ] 8``
(hyperlink), ``ESC c``, BEL, the one-byte CSI/OSC U+009B/U+009D and the bidi override
U+202E) is shown by the real app in a tmux pane, driven through the rows, the detail pane,
the context view, the actor filter and a search. What is checked is bytes: the raw stream
the app wrote to the pty (``tmux pipe-pane``) and the screen tmux keeps (``capture-pane
-e``), not Python strings. The app's own sequences (colours, cursor moves, its OSC 22
pointer shape) are allowed; a run over the same corpus without the control characters is the
baseline for ``ESC [ 2 J``. `conflict-tui list` is checked the same way, stdout and stderr.

The tmux tests skip when tmux is missing (`.ci/run` installs it).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rich.style import Style
from rich.text import Text

from timeline.sanitize import clean_line
from tui.widgets.safe import safe_text

ESC = "\x1b"
OSC52 = f"{ESC}]52;c;cHduZWQ={ESC}\\"  # "pwned" into the clipboard
TITLE = f"{ESC}]0;pwned-title\x07"
CLEAR = f"{ESC}[2J"
LINK = f"{ESC}]8;;file:///etc/passwd{ESC}\\click{ESC}]8;;{ESC}\\"
RESET = f"{ESC}c"
C1 = "\x9b31m\x9d0;c1-title\x9c"
BIDI = "\u202etxt.exe"
EVERYTHING = OSC52 + TITLE + CLEAR + LINK + RESET + "\x07" + C1 + BIDI

# Byte sequences that must never reach the terminal from a document (UTF-8 for C1 and bidi).
FORBIDDEN: dict[str, bytes] = {
    "OSC 52 (clipboard)": b"\x1b]52",
    "OSC 0 (title)": b"\x1b]0;",
    "OSC 8 (hyperlink)": b"\x1b]8;",
    "ESC c (reset)": b"\x1bc",
    "U+009B (CSI)": "\x9b".encode(),
    "U+009D (OSC)": "\x9d".encode(),
    "U+202E (bidi override)": "\u202e".encode(),
    "payload": b"pwned-title\x07",
}
# Textual's own OSC: the pointer shape, ended by BEL. Any other BEL came from elsewhere.
APP_OSC = re.compile(rb"\x1b\]22;[\w-]*\x07")


def write_corpus(root: Path, *, hostile: bool = True, problem: bool = False) -> Path:
    """A folder of one article (with a sidecar) and a gazetteer naming its actor; with
    ``hostile`` every string from input carries control sequences, without it the same words
    carry none. ``problem`` adds an unreadable file whose name forges a line."""
    payload = (lambda s: s) if hostile else (lambda s: "")
    title, everything, clear, osc52, bidi, link = (
        payload(TITLE),
        payload(EVERYTHING),
        payload(CLEAR),
        payload(OSC52),
        payload(BIDI),
        payload(LINK),
    )
    corpus = root / f"corpus{title}"
    corpus.mkdir(parents=True)
    body = (
        f"Evil{title} Brigade attacks\n\n"
        f"On 12 September 2022, Evil{title} Brigade fighters shelled Goris {everything} and "
        "killed 3 soldiers.\n\n"
        f"Armenian forces said on 13 September 2022 that the shelling {clear}{osc52} resumed "
        f"near Vardenis{bidi}.\n\n"
        f"Yesterday{link} the talks resumed.\n"
    )
    name = f"evil{title}{payload(BIDI + C1)}.txt"
    (corpus / name).write_text(body, encoding="utf-8")
    # TOML escapes: the sidecar's title holds the real characters once parsed.
    escaped = r"\u001b]0;sidecar-title\u0007 report \u202e" if hostile else "sidecar-title report"
    (corpus / name.replace(".txt", ".toml")).write_text(
        f'published = 2022-09-15\ntitle = "Hostile {escaped}"\n', encoding="utf-8"
    )
    if problem:
        (corpus / "bad\nconflict-tui: fake: all files OK.txt").write_bytes(b"\x00\x01" * 100)
    gazetteer = root / "gazetteer.toml"
    actor = r"Evil\u001b]0;pwned-title\u0007 Brigade" if hostile else "Evil Brigade"
    gazetteer.write_text(f'[organizations."{actor}"]\nkind = "armed_force"\n', encoding="utf-8")
    return corpus


def environment(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "COLORTERM"}
    env.update(
        CONFLICT_TUI_CONFIG=os.devnull,
        CONFLICT_TUI_SITE_CONFIG=str(root / "no-site-config.toml"),
        TERM="xterm-256color",
    )
    return env


def assert_clean(data: bytes, where: str) -> None:
    for name, sequence in FORBIDDEN.items():
        assert sequence not in data, f"{name} reached {where}: {data[:2000]!r}"
    assert b"\x07" not in APP_OSC.sub(b"", data), f"a BEL reached {where}"


# ------------------------------------------------------------------ the sanitiser itself


def test_safe_text_makes_controls_visible_and_keeps_highlights_on_their_words() -> None:
    text = Text(f"Goris {OSC52} shelled {C1}{BIDI} Vardenis")
    bold, red = Style(bold=True), Style(color="red")
    text.stylize(bold, 0, 5)  # "Goris"
    start = text.plain.index("Vardenis")
    text.stylize(red, start, start + 8)
    safe = safe_text(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in safe.plain)
    assert "\u202e" not in safe.plain and "␛]52" in safe.plain
    marked = {safe.plain[s.start : s.end]: s.style for s in safe.spans}
    assert marked == {"Goris": bold, "Vardenis": red}
    assert safe_text(Text("plain")).plain == "plain"


def test_a_clean_line_is_one_line() -> None:
    assert clean_line("bad\nconflict-tui: fake: all files OK") == (
        "bad␊conflict-tui: fake: all files OK"
    )


# ------------------------------------------------------------------ the command line


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        capture_output=True,
        env=environment(root),
        timeout=120,
        check=False,
    )


def test_list_writes_no_control_sequence_and_no_forged_line(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, problem=True)
    result = run_cli(tmp_path, "list", "--gazetteer", str(tmp_path / "gazetteer.toml"), str(corpus))
    assert result.returncode == 0, result.stderr
    assert b"Evil\xe2\x90\x9b]0;pwned-title" in result.stdout  # shown, as ␛, not obeyed
    assert_clean(result.stdout, "stdout")
    assert_clean(result.stderr, "stderr")
    assert b"\x1b" not in result.stdout + result.stderr
    # A file name with a newline stays one line on stderr: no forged "fake" line.
    lines = result.stderr.decode().splitlines()
    assert not any(line.startswith("conflict-tui: fake") for line in lines), lines
    (problem,) = [line for line in lines if "binary file" in line]
    assert "bad␊conflict-tui: fake: all files OK.txt" in problem


# ------------------------------------------------------------------ the app, in a pty


@dataclass
class Pane:
    """The app in a tmux pane of its own server; every byte it writes is kept in ``raw``."""

    root: Path
    socket: str = field(default_factory=lambda: f"hostile-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    screens: list[bytes] = field(default_factory=list)

    @property
    def raw(self) -> Path:
        return self.root / "pty.raw"

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def start(self, argv: list[str]) -> None:
        go = self.root / "go"
        env = " ".join(f"{k}={shlex.quote(v)}" for k, v in environment(self.root).items()
                       if k.startswith("CONFLICT_TUI"))  # fmt: skip
        # The app waits for the pipe to be in place, so that no byte it writes is missed.
        shell = (
            f"while [ ! -e {shlex.quote(str(go))} ]; do sleep 0.05; done; "
            f"env -u COLORTERM TERM=xterm-256color {env} {shlex.join(argv)}; "
            "echo APP-EXITED; exec sleep 600"
        )
        self.tmux("-f", os.devnull, "new-session", "-d", "-x", "100", "-y", "30", shell)
        self.tmux("set-option", "-g", "status", "off")
        self.tmux("pipe-pane", "-o", "-t", "0", f"cat >> {shlex.quote(str(self.raw))}")
        go.touch()

    def screen(self, *, escapes: bool = False) -> str:
        return self.tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", "0")

    def wait(self, what: str | Callable[[str], bool], timeout: float = 30) -> None:
        check = what if callable(what) else (lambda screen: what in screen)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check(self.screen()):
                time.sleep(0.3)  # let the frame finish
                self.screens.append(self.screen(escapes=True).encode())
                return
            time.sleep(0.1)
        raise AssertionError(f"waited for {what!r}; the screen:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "0", *keys)

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)


needs_tmux = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is missing (.ci/run installs it on Debian)"
)


def explore(root: Path, corpus: Path) -> tuple[bytes, list[bytes]]:
    """Open the app on ``corpus`` and visit every view that shows its text; return the raw
    bytes written to the pty and the screens captured with their escapes."""
    pane = Pane(root)
    try:
        pane.start(
            [sys.executable, "-m", "tui.cli", "--gazetteer", str(root / "gazetteer.toml"),
             str(corpus)]
        )  # fmt: skip
        pane.wait("3 of 3 events")  # the status bar (the folder's name), rows, detail
        pane.keys("j")
        pane.wait("Vardenis")  # the second event's detail
        pane.keys("Enter")
        pane.wait("sidecar-title")  # the context view, titled by the document
        pane.keys("q")
        pane.wait(lambda s: "sidecar-title" not in s.splitlines()[2])
        pane.keys("f")
        pane.wait("Filter by actor")  # the actor names
        pane.keys("q")
        pane.wait(lambda s: "Filter by actor" not in s)
        pane.keys("/")
        pane.keys("-l", "Brigade")
        pane.keys("Enter")
        pane.wait("hits")  # the search in the status bar, the hits highlighted
        pane.keys("q")
        pane.wait("APP-EXITED")
        time.sleep(0.3)
        return pane.raw.read_bytes(), pane.screens
    finally:
        pane.kill()


@needs_tmux
def test_the_pty_gets_no_control_sequence_from_articles_names_or_titles(tmp_path: Path) -> None:
    hostile_root, clean_root = tmp_path / "hostile", tmp_path / "clean"
    hostile_corpus = write_corpus(hostile_root)
    clean_corpus = write_corpus(clean_root, hostile=False)
    with ThreadPoolExecutor(2) as pool:  # the two apps side by side: half the wait
        hostile_run = pool.submit(explore, hostile_root, hostile_corpus)
        clean_run = pool.submit(explore, clean_root, clean_corpus)
        (raw, screens), (clean_raw, _) = hostile_run.result(), clean_run.result()
    assert "␛]52;c;cHduZWQ=".encode() in raw  # the article was drawn, made visible
    assert_clean(raw, "the pty")
    for screen in screens:
        assert_clean(screen, "the screen")
    # Textual may clear the screen itself; the article must add no clear of its own.
    assert raw.count(b"\x1b[2J") <= clean_raw.count(b"\x1b[2J")


@needs_tmux
def test_the_pty_gets_no_control_sequence_from_a_problem_file_name(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, problem=True)
    pane = Pane(tmp_path)
    try:
        pane.start(
            [sys.executable, "-m", "tui.cli", "--gazetteer", str(tmp_path / "gazetteer.toml"),
             str(corpus)]
        )  # fmt: skip
        pane.wait("3 of 3 events")  # and the problem's notification
        pane.keys("p")
        pane.wait("files with problems")
        pane.keys("q")
        pane.wait(lambda s: "files with problems" not in s)
        pane.keys("q")
        pane.wait("APP-EXITED")
        raw = pane.raw.read_bytes()
    finally:
        pane.kill()
    for screen in pane.screens:
        assert_clean(screen, "the screen")
    assert_clean(raw, "the pty")
