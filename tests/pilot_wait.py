"""Waiting in Pilot tests for what a loaded machine may take a while to show."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot


async def until(pilot: Pilot[int], done: Callable[[], bool], seconds: float = 60) -> None:
    """Pause until ``done()`` holds; fail after ``seconds`` (a loaded machine is slow)."""
    for _ in range(int(seconds / 0.05)):
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError("timed out waiting")
