"""The progress line of export, list and ingest: only on a terminal, throttled, erased."""

from __future__ import annotations

import io

from timeline.progress_line import ERASE, ProgressLine


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_nothing_is_written_to_a_pipe_or_file() -> None:
    stream = io.StringIO()  # isatty() is False
    with ProgressLine("export", stream=stream) as line:
        for done in range(1, 6):
            line(done, 5)
        line.say("merging")
    assert stream.getvalue() == ""


def test_on_a_terminal_it_counts_is_throttled_and_is_erased_at_the_end() -> None:
    stream = Terminal()
    with ProgressLine("ingest", verb="extracting", stream=stream, interval=3600) as line:
        for done in range(1, 1001):
            line(done, 1000)
    text = stream.getvalue()
    # The first update and the last (done == total) only: an hour between updates.
    assert text.count("conflict-tui ingest: extracting") == 2
    assert "extracting 1 of 1,000 files" in text and "extracting 1,000 of 1,000 files" in text
    assert text.endswith(ERASE)


def test_a_broken_terminal_turns_it_off_without_an_error() -> None:
    class Broken(Terminal):
        def write(self, text: str) -> int:
            raise OSError("EIO")

    line = ProgressLine("export", stream=Broken(), interval=0)
    line(1, 2)
    assert line.enabled is False
    line(2, 2)
    line.close()  # no exception either
