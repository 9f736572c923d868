"""End to end through a real OpenSSH server: conflict-tui as an analyst really runs it.

Each test starts Debian's ``/usr/sbin/sshd`` on a free 127.0.0.1 port with a throwaway host
key, a throwaway user key and a config written here, then logs in with the ``ssh`` client
inside a detached tmux pane of 80×24 with ``TERM=xterm-256color`` and no ``COLORTERM`` (what
OpenSSH gives by default), and drives the app with ``tmux send-keys``:

- a plain login: run ``conflict-tui`` on the seeds from a remote shell, select two 2022
  events, export them to JSON, quit, and check the file and that the shell prompt comes back
  clean (no escape-sequence debris, cursor visible, no mouse reporting left on);
- a ``Match Group`` block with ``ForceCommand conflict-tui --read-only CORPUS`` (the README's
  recipe): the login lands in the app, a path outside the export directory is refused in
  the dialog, one inside it is written;
- the connection dropping (the client killed, or sshd's session process killed) leaves no
  ``conflict-tui`` process on the server and no half-written export.
- the same in the middle of a long load (one big article): no process is left within a few
  seconds (the time is printed; the target is under 2 s);
- without a pty (``ssh -T host cmd``, or ``ForceCommand`` when the client asks for a
  command): the app refuses at once with exit status 2 and a message, and nothing is left.

`.ci/run` installs openssh-server and tmux; the tests skip only where sshd is still missing.
Every sshd, session and tmux server a test starts is stopped by its fixture, even on failure.
The harness (`Sshd`, `Pane`) is also used by ``scripts/bench_ssh.py``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SSHD = Path("/usr/sbin/sshd")
ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
COLS, ROWS = 80, 24
WAIT = 45.0  # generous: a loaded CI runner may take seconds to start Python over SSH
# What escape-sequence debris looks like once a shell has echoed it as text.
DEBRIS = ("\x1b", "^[", "[?1049", "[?25", "[?1000", "[?1003", "[?1006", "[?2004", "[?2026")

pytestmark = [
    pytest.mark.skipif(
        not SSHD.exists(),
        reason="/usr/sbin/sshd is missing even after .ci/run tried `apt-get install "
        "openssh-server`: no OpenSSH server can be installed on this machine",
    ),
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in ("tmux", "ssh", "ssh-keygen")),
        reason="tmux or the OpenSSH client is missing (.ci/run installs them on Debian)",
    ),
]


def conflict_tui_script() -> Path:
    """The installed console script, by absolute path: the remote PATH is sshd's default."""
    beside = Path(sys.executable).parent / "conflict-tui"
    if beside.exists():
        return beside
    found = shutil.which("conflict-tui")
    if found is None:
        pytest.fail("the conflict-tui console script is not installed (pip install -e .)")
    return Path(found)


def wait_for(
    what: str, check: Callable[[], object], timeout: float = WAIT, interval: float = 0.1
) -> object:
    """Poll ``check`` until it returns something truthy; fail naming ``what`` at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


# ------------------------------------------------------------------ processes


def _proc_children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name (field 2) may contain spaces and parentheses: split after it.
        ppid = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children first found, grandchildren after)."""
    children = _proc_children()
    out: list[int] = []
    todo = [pid]
    while todo:
        kids = children.get(todo.pop(), [])
        out.extend(kids)
        todo.extend(kids)
    return out


def cmdline(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def app_processes(marker: str) -> list[int]:
    """Live conflict-tui processes whose command line has ``marker`` as an argument.

    Matched on the argument list, not the flat command line: the ssh client and the remote
    ``bash -c`` carry the whole command as one argument, and must not count.
    """
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        argv = cmdline(int(entry.name))
        is_app = any(arg.endswith("/conflict-tui") for arg in argv[:2])
        if is_app and marker in argv and not _is_zombie(int(entry.name)):
            found.append(int(entry.name))
    return found


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] == "Z"
    except OSError:
        return True


def kill_all(pids: list[int], sig: int = signal.SIGKILL) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.kill(pid, sig)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ------------------------------------------------------------------ sshd


@dataclass
class Sshd:
    """A throwaway OpenSSH server on 127.0.0.1, logged into as root with a throwaway key."""

    directory: Path
    extra_config: str = ""
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.directory / "sshd.log"

    @property
    def user_key(self) -> Path:
        return self.directory / "user_key"

    def start(self) -> None:
        """Keys, config, then sshd -D; retry on another port if the chosen one was taken."""
        self.directory.mkdir(parents=True, exist_ok=True)
        keygen = ["ssh-keygen", "-q", "-t", "ed25519", "-N", ""]
        subprocess.run([*keygen, "-f", str(self.directory / "host_key")], check=True)
        subprocess.run([*keygen, "-f", str(self.user_key)], check=True)
        authorized = self.directory / "authorized_keys"
        authorized.write_text(Path(f"{self.user_key}.pub").read_text())
        # sshd's privilege-separation directory; a fresh container does not have it.
        Path("/run/sshd").mkdir(mode=0o755, parents=True, exist_ok=True)
        for _attempt in range(5):
            self.port = free_port()
            config = self.directory / "sshd_config"
            config.write_text(
                f"""\
ListenAddress 127.0.0.1
Port {self.port}
HostKey {self.directory / "host_key"}
PidFile {self.directory / "sshd.pid"}
AuthorizedKeysFile {authorized}
PermitRootLogin yes
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PrintMotd no
PrintLastLog no
Banner none
X11Forwarding no
{self.extra_config}
"""
            )
            self.process = subprocess.Popen(
                [str(SSHD), "-D", "-e", "-f", str(config)],
                stdout=subprocess.DEVNULL,
                stderr=self.log.open("ab"),
                start_new_session=True,
            )
            if self._listening():
                return
            self.stop()
        raise AssertionError(f"sshd did not start; its log:\n{self.log.read_text()}")

    def _listening(self) -> bool:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                return False
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return True
            time.sleep(0.05)
        return False

    def sessions(self) -> list[int]:
        """sshd's per-connection (session) processes."""
        if self.process is None:
            return []
        # Root needs no unprivileged child: one process per connection, "sshd: root@pts/N"
        # (other users get "sshd: NAME [priv]" plus "sshd: NAME@pts/N").
        return [
            pid
            for pid in descendants(self.process.pid)
            if cmdline(pid)[:1] and cmdline(pid)[0].startswith("sshd: root")
        ]

    def stop(self) -> None:
        """Stop sshd and everything under it (sessions run in sessions of their own)."""
        if self.process is None:
            return
        below = descendants(self.process.pid)
        kill_all([self.process.pid, *below])
        self.process.wait(timeout=10)
        self.process = None

    def ssh_command(self, *remote: str, tty: bool = True) -> list[str]:
        """The client command line; ``remote`` is the remote command (none: login shell)."""
        return [
            "ssh",
            *(["-t"] if tty else []),
            "-F",
            "/dev/null",  # no user or system client config: nothing sent but what we say
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-i",
            str(self.user_key),
            "-p",
            str(self.port),
            "root@127.0.0.1",
            *remote,
        ]


@pytest.fixture
def sshd_factory(tmp_path: Path) -> Iterator[Callable[[str], Sshd]]:
    started: list[Sshd] = []

    def start(extra_config: str = "") -> Sshd:
        server = Sshd(tmp_path / f"sshd-{len(started)}", extra_config)
        started.append(server)
        server.start()
        return server

    yield start
    for server in started:
        server.stop()


# ------------------------------------------------------------------ tmux


@dataclass
class Pane:
    """One tmux pane of COLS×ROWS on a private tmux server (its own ``-L`` socket)."""

    socket_name: str
    directory: Path

    def tmux(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket_name, *args],
            capture_output=True,
            text=True,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def start(self, command: list[str]) -> None:
        """Run ``command`` in the pane as a user's terminal would: xterm-256color, no COLORTERM.

        The pane stays open after the command ends (``SSH-EXIT-<status>`` is printed), so
        the screen can still be read.
        """
        conf = self.directory / "tmux.conf"
        conf.write_text("set -g status off\nset -g escape-time 10\nset -g history-limit 2000\n")
        shell = (
            f"env -u COLORTERM TERM=xterm-256color {shlex.join(command)}; "
            "echo SSH-EXIT-$?; exec sleep 3600"
        )
        self.tmux(
            "-f", str(conf), "new-session", "-d", "-x", str(COLS), "-y", str(ROWS), shell
        )  # fmt: skip

    def screen(self, *, escapes: bool = False) -> str:
        return self.tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", "0")

    def flags(self, names: str) -> list[str]:
        return self.tmux("display-message", "-p", "-t", "0", names).split()

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "0", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "0", "-l", text)

    def wait_screen(self, what: str, predicate: Callable[[str], bool] | None = None) -> str:
        """Wait until the screen contains ``what`` (or satisfies ``predicate``)."""
        check = predicate or (lambda text: what in text)

        def ready() -> str | None:
            text = self.screen()
            return text if check(text) else None

        try:
            result = wait_for(repr(what), ready)
        except AssertionError as exc:
            raise AssertionError(f"{exc}; the screen:\n{self.screen()}") from None
        assert isinstance(result, str)
        return result

    def pane_pid(self) -> int:
        return int(self.flags("#{pane_pid}")[0])

    def kill(self) -> None:
        """Stop the tmux server (which hangs up whatever runs in the pane) and its socket."""
        socket_path = self.tmux("display-message", "-p", "#{socket_path}", check=False).strip()
        self.tmux("kill-server", check=False)
        if socket_path:
            Path(socket_path).unlink(missing_ok=True)


@pytest.fixture
def pane(tmp_path: Path) -> Iterator[Pane]:
    the_pane = Pane(f"conflict-tui-test-{os.getpid()}-{uuid.uuid4().hex[:8]}", tmp_path)
    yield the_pane
    the_pane.kill()


# ------------------------------------------------------------------ the app


@dataclass
class Session:
    """What one test's app run uses: its own config (the marker), corpus and export dir."""

    directory: Path
    export_dir: Path = field(init=False)
    user_config: Path = field(init=False)
    site_config: Path = field(init=False)

    def __post_init__(self) -> None:
        self.export_dir = self.directory / "exports"
        self.export_dir.mkdir(parents=True)
        self.user_config = self.directory / "user-config.toml"
        self.user_config.write_text(f'[export]\ndirectory = "{self.export_dir}"\n')
        # Nothing from /etc/conflict-tui on the machine running the tests.
        self.site_config = self.directory / "no-site-config.toml"

    @property
    def marker(self) -> str:
        """An argument only this test's app has on its command line."""
        return str(self.user_config)

    @property
    def environment(self) -> str:
        """The variables the remote app runs with: this test's site config, and state and
        cache directories of its own. The SSH account's home is shared by every test (and by
        whoever runs the app there by hand): a session saved in it on quit would come back
        in the next test's app, selection and cursor included."""
        return " ".join(
            f"{name}={shlex.quote(str(value))}"
            for name, value in (
                ("CONFLICT_TUI_SITE_CONFIG", self.site_config),
                ("XDG_STATE_HOME", self.directory / "state"),
                ("XDG_CACHE_HOME", self.directory / "cache"),
            )
        )

    def launch_line(self, *args: str) -> str:
        """The shell line that starts the app on the seeds with this session's config."""
        app = shlex.join([str(conflict_tui_script()), "--config", str(self.user_config), *args])
        return f"{self.environment} {app} {shlex.quote(str(SEEDS))}"

    def temporary_files(self) -> list[Path]:
        return sorted(self.export_dir.glob("*.tmp"))


def assert_clean_terminal(pane: Pane, screen: str) -> None:
    """No escape debris on screen; cursor shown; no alternate screen or mouse mode left on."""
    for debris in DEBRIS:
        assert debris not in screen, f"{debris!r} left on the screen:\n{screen}"
    cursor, alternate, mouse = pane.flags("#{cursor_flag} #{alternate_on} #{mouse_any_flag}")
    assert cursor == "1", f"the cursor is hidden after the app quit:\n{screen}"
    assert alternate == "0", "the alternate screen is still on"
    assert mouse == "0", "mouse reporting is still on: a mouse move would type escapes"


def select_two_2022_events_and_open_export(pane: Pane) -> None:
    pane.wait_screen("14 of 14 events")
    pane.keys("G")  # the last event: 14 Sep 2022
    pane.wait_screen("Erdogan", lambda s: "14 Sep 2022  14 Sep 2022" in s)
    pane.keys("Space")
    pane.wait_screen("1 selected")
    pane.keys("k", "Space")
    pane.wait_screen("2 selected")
    pane.keys("e")
    pane.wait_screen("2 selected events", lambda s: "Export" in s and "2 selected events" in s)


def type_export_path(pane: Pane, path: Path | str, *, tab: bool = False) -> None:
    """Replace the text of the File field with ``path``; wait until it shows.

    With ``tab``, first move there from the format the dialog opens on. Everything goes in
    one ``send-keys``, so it reaches the app in one burst, as a fast typist's or a paste's
    keys do over SSH: nothing may be lost or reordered behind the focus move or ctrl+u.
    """
    pane.keys(*(["Tab"] if tab else []), "C-u", str(path))
    # The field shows the end of a long path; its last 20 characters are on screen.
    pane.wait_screen(str(path)[-20:])


def set_export_path(pane: Pane, path: Path | str, *, tab: bool = False) -> None:
    """Type ``path`` into the File field and press Enter (export)."""
    type_export_path(pane, path, tab=tab)
    pane.keys("Enter")


# ------------------------------------------------------------------ tests


def test_export_over_ssh_then_the_prompt_comes_back_clean(
    sshd_factory: Callable[[str], Sshd], pane: Pane, tmp_path: Path
) -> None:
    server = sshd_factory("")
    session = Session(tmp_path / "session")
    # An interactive remote shell with a known prompt and no rc files of this machine's.
    shell = "env PS1='remote$ ' bash --norc --noprofile -i"
    pane.start(server.ssh_command(shell))
    pane.wait_screen("remote$")
    pane.type(f"{session.launch_line()}; printf 'DONE-%s\\n' $?")
    pane.keys("Enter")

    select_two_2022_events_and_open_export(pane)
    target = session.export_dir / "picked.json"
    set_export_path(pane, target, tab=True)
    wait_for(f"{target} to be written", target.exists)
    pane.wait_screen("Exported 2 events")
    pane.keys("q")

    screen = pane.wait_screen("DONE-0", lambda s: "DONE-0\nremote$" in s)
    assert_clean_terminal(pane, screen)
    # The shell reads and echoes keys normally: the tty is back in cooked mode with echo.
    pane.type("echo ok-$((40+2))")
    pane.keys("Enter")
    screen = pane.wait_screen("ok-42", lambda s: "\nok-42\nremote$" in s)
    assert_clean_terminal(pane, screen)

    exported = json.loads(target.read_text(encoding="utf-8"))
    assert len(exported) == 2
    assert [e["label"] for e in exported] == ["14 Sep 2022", "14 Sep 2022"]
    assert all(e["start"].startswith("2022-") for e in exported)
    assert session.temporary_files() == []
    pane.type("exit")
    pane.keys("Enter")
    pane.wait_screen("SSH-EXIT-0")


def test_force_command_lands_in_a_read_only_app(
    sshd_factory: Callable[[str], Sshd], pane: Pane, tmp_path: Path
) -> None:
    """The README's recipe, with root's own group standing in for ``analysts``."""
    session = Session(tmp_path / "session")
    corpus = tmp_path / "corpus"  # the admin's corpus; its path is also the process marker
    shutil.copytree(SEEDS, corpus)
    site = tmp_path / "site-config.toml"
    site.write_text(f'read_only = true\n\n[export]\ndirectory = "{session.export_dir}"\n')
    # The analyst's own config tries to widen the export directory: the site config wins.
    session.user_config.write_text('read_only = false\n\n[export]\ndirectory = "/"\n')
    force = shlex.join([str(conflict_tui_script()), "--read-only", str(corpus)])
    server = sshd_factory(
        f"""
Match Group root
    SetEnv CONFLICT_TUI_SITE_CONFIG={site} CONFLICT_TUI_CONFIG={session.user_config}
    ForceCommand {force}
    AllowTcpForwarding no
    X11Forwarding no
    PermitTunnel no
"""
    )
    # The analyst asks for a shell: ForceCommand runs the app instead.
    pane.start(server.ssh_command("/bin/sh"))
    select_two_2022_events_and_open_export(pane)

    outside = tmp_path / "outside"
    outside.mkdir()
    escape_link = session.export_dir / "escape"
    escape_link.symlink_to(outside)
    for number, attempt in enumerate(
        (
            outside / "x.json",
            session.export_dir / ".." / "outside" / "x.json",
            escape_link / "x.json",
        )
    ):
        # A refused path leaves the focus in the File field: only the first needs the tab.
        set_export_path(pane, attempt, tab=number == 0)
        pane.wait_screen("refused", lambda s: "Read-only session" in s)
        assert list(outside.iterdir()) == []

    target = session.export_dir / "ok.json"
    set_export_path(pane, target)
    wait_for(f"{target} to be written", target.exists)
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 2
    pane.wait_screen("Exported 2 events")
    pane.keys("q")
    screen = pane.wait_screen("SSH-EXIT-0")
    assert_clean_terminal(pane, screen)
    assert app_processes(str(corpus)) == []


def ssh_clients(pane: Pane) -> list[int]:
    """The ssh client(s) running in the pane."""
    return [p for p in descendants(pane.pane_pid()) if cmdline(p)[:1] == ["ssh"]]


@pytest.mark.parametrize("drop", ["kill the ssh client", "kill sshd's session process"])
def test_a_dropped_connection_leaves_no_process_and_no_partial_export(
    drop: str, sshd_factory: Callable[[str], Sshd], pane: Pane, tmp_path: Path
) -> None:
    server = sshd_factory("")
    session = Session(tmp_path / "session")
    pane.start(server.ssh_command(session.launch_line()))
    select_two_2022_events_and_open_export(pane)
    # Mid-session: the dialog is open with a path typed but not yet written.
    target = session.export_dir / "pending.json"
    type_export_path(pane, target, tab=True)
    assert app_processes(session.marker), "the app is not running on the server"

    clients = ssh_clients(pane)
    assert len(clients) == 1, clients
    if drop == "kill the ssh client":
        kill_all(clients)  # SIGKILL: the client cannot say goodbye, the TCP link just ends
    else:
        sessions = server.sessions()
        assert sessions, "no sshd session process"
        kill_all(sessions)
    # The local terminal is left in the app's modes (nobody restores it): read no screen,
    # wait for the client to be gone instead.
    wait_for("the ssh client to exit", lambda: not ssh_clients(pane))

    try:
        wait_for(
            "the server-side conflict-tui to exit",
            lambda: not app_processes(session.marker),
            timeout=20,
        )
    finally:
        kill_all(app_processes(session.marker))  # never leave one behind, even on failure
    assert not target.exists()
    assert session.temporary_files() == []
    assert [p.name for p in session.export_dir.iterdir()] == []


# ------------------------------------------------------------------ nothing left running

NO_TERMINAL = "conflict-tui: the explorer needs a terminal (stdin and stdout are not one)"
# A dropped connection mid-load ends the app well before this (the target is under 2 s;
# the time is printed). Before issue 11's part 3 it took the 10 s watchdog.
DROPPED_MID_LOAD_WITHIN = 5.0


def loading_line(session: Session, article: Path) -> str:
    """The shell line that starts the app on ``article`` with this session's config."""
    app = [str(conflict_tui_script()), "--config", str(session.user_config), str(article)]
    return f"{session.environment} {shlex.join(app)}"


@pytest.mark.parametrize("drop", ["kill the ssh client", "kill sshd's session process"])
def test_a_connection_dropped_mid_load_leaves_no_process(
    drop: str, sshd_factory: Callable[[str], Sshd], pane: Pane, tmp_path: Path
) -> None:
    """One big article: its analysis runs for many seconds in one call that cannot stop."""
    from tests.hostile.test_processes import write_big_article

    article = write_big_article(tmp_path / "big-article.txt")
    server = sshd_factory("")
    session = Session(tmp_path / "session")
    pane.start(server.ssh_command(loading_line(session, article)))
    pane.wait_screen("Reading documents")
    assert app_processes(session.marker), "the app is not running on the server"
    time.sleep(1.0)  # well into the analysis
    assert "Reading documents" in pane.screen(), "the load ended before the connection did"

    clients = ssh_clients(pane)
    assert len(clients) == 1, clients
    dropped = time.monotonic()
    if drop == "kill the ssh client":
        kill_all(clients)
    else:
        sessions = server.sessions()
        assert sessions, "no sshd session process"
        kill_all(sessions)
    try:
        wait_for(
            "the server-side conflict-tui to exit",
            lambda: not app_processes(session.marker),
            interval=0.02,
        )
    finally:
        kill_all(app_processes(session.marker))  # never leave one behind, even on failure
    took = time.monotonic() - dropped
    print(f"\nconnection dropped mid-load ({drop}): no process left after {took:.2f} s")
    assert took < DROPPED_MID_LOAD_WITHIN, f"the app outlived its connection by {took:.1f} s"


@pytest.mark.parametrize("how", ["ssh host cmd", "ForceCommand"])
def test_without_a_pty_the_app_refuses_at_once_and_leaves_nothing(
    how: str, sshd_factory: Callable[[str], Sshd], tmp_path: Path
) -> None:
    """``ssh -T``: stdin and stdout are pipes to the client. The app used to start, draw
    escape codes down them and, the client gone, spin on the end of its input forever."""
    session = Session(tmp_path / "session")
    if how == "ForceCommand":
        force = shlex.join(
            [str(conflict_tui_script()), "--config", str(session.user_config), str(SEEDS)]
        )
        server = sshd_factory(
            f"""
Match Group root
    SetEnv CONFLICT_TUI_SITE_CONFIG={session.site_config}
    ForceCommand {force}
"""
        )
        remote = "/bin/sh"  # the analyst asks for a command: ForceCommand runs the app
    else:
        server = sshd_factory("")
        remote = session.launch_line()
    command = server.ssh_command(remote, tty=False)
    command.insert(1, "-T")
    started = time.monotonic()
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=WAIT)
        took = time.monotonic() - started
        left = app_processes(session.marker)
    finally:
        kill_all(app_processes(session.marker))  # never leave one behind, even on failure
    print(f"\nno pty ({how}): refused after {took:.2f} s (ssh and Python's start included)")
    assert done.returncode == 2, done
    assert NO_TERMINAL in done.stderr.decode(), done.stderr
    assert "`conflict-tui list` or `conflict-tui export`" in done.stderr.decode()
    assert done.stdout == b""  # no escape codes down the pipe
    assert left == []
