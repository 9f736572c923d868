"""Bytes conflict-tui sends over an SSH pty: at startup, and for 100 cursor moves, at 80×24.

    python scripts/bench_ssh.py [--moves 100] [--colorterm truecolor]

It starts a throwaway sshd on 127.0.0.1 (the harness of tests/test_ssh.py; needs root,
/usr/sbin/sshd and tmux), logs in with ssh inside a tmux pane of 80×24 with
``TERM=xterm-256color`` and no ``COLORTERM``, runs the app on the seeds, and records every
byte the ssh client writes to its terminal with ``tmux pipe-pane``: that is what came down
the SSH channel, decrypted. Each key waits until the output has been quiet for a moment, as
a person's key repeat would. Not a test: it prints numbers, it asserts nothing.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_ssh import COLS, ROWS, Pane, Session, Sshd, wait_for  # noqa: E402

QUIET = 0.25  # seconds without output that count as "the screen is drawn"


def wait_quiet(log: Path, quiet: float = QUIET, timeout: float = 30.0) -> int:
    """Wait until ``log`` has not grown for ``quiet`` seconds; return its size."""
    deadline = time.monotonic() + timeout
    size, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now = log.stat().st_size if log.exists() else 0
        if now != size:
            size, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return size
        time.sleep(0.02)
    return size


def measure(moves: int, colorterm: str | None) -> tuple[int, int]:
    """(startup bytes, bytes for ``moves`` cursor moves)."""
    with tempfile.TemporaryDirectory(prefix="bench-ssh-") as tmp:
        directory = Path(tmp)
        server = Sshd(directory / "sshd")
        server.start()
        pane = Pane(f"bench-ssh-{Path(tmp).name}", directory)
        try:
            session = Session(directory / "session")
            log, go = directory / "pty.bin", directory / "go"
            env = f"COLORTERM={colorterm} " if colorterm else ""
            remote = env + session.launch_line()
            # The pane waits for `go` so that pipe-pane records from the very first byte.
            command = shlex.join(server.ssh_command(remote))
            pane.start(["sh", "-c", f"while [ ! -e {go} ]; do sleep 0.05; done; exec {command}"])
            pane.tmux("pipe-pane", "-o", "-t", "0", f"cat >> {shlex.quote(str(log))}")
            go.touch()
            pane.wait_screen("14 of 14 events")
            startup = wait_quiet(log, quiet=1.0)
            # Down to the 11th event and back, five times: every key really moves the cursor.
            keys = (["j"] * 10 + ["k"] * 10) * (moves // 20 + 1)
            for key in keys[:moves]:
                pane.keys(key)
                wait_quiet(log)
            after = wait_quiet(log, quiet=1.0)
            pane.keys("q")
            wait_for("the app to quit", lambda: "SSH-EXIT-" in pane.screen())
            return startup, after - startup
        finally:
            pane.kill()
            server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=100)
    parser.add_argument("--colorterm", help="send COLORTERM (e.g. truecolor); default: none")
    args = parser.parse_args()
    startup, moving = measure(args.moves, args.colorterm)
    colour = f"COLORTERM={args.colorterm}" if args.colorterm else "no COLORTERM"
    print(f"conflict-tui over ssh, {COLS}x{ROWS}, TERM=xterm-256color, {colour}, seeds")
    print(f"startup:             {startup:>8,} bytes")
    print(f"{args.moves} cursor moves:    {moving:>8,} bytes ({moving / args.moves:,.0f} per move)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
