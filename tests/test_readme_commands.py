"""The README's two commands work on a stock Debian or Ubuntu, and CI runs the second one.

A stock system has ``python3`` but no ``python``, and its pip refuses to install outside a
virtual environment (PEP 668, "externally-managed-environment"). So both commands make and
use a ``.venv`` of their own, and `.ci/run` runs the README's test command word for word.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    """The commands of the README's first code block, without their comments."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block is not None, "the README opens with a ```sh block of commands"
    lines = [line.split("  #", 1)[0].strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line]


def test_readme_commands_need_only_python3_and_make_their_own_venv() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    for command in commands:
        steps = [step.strip() for step in command.split("&&")]
        assert steps[0] == "python3 -m venv .venv", command
        for step in steps[1:]:
            # Everything after the venv runs from it: no bare python, pip or console script.
            assert step.startswith(".venv/bin/"), step
    setup, test = commands
    assert setup.endswith(".venv/bin/conflict-tui")
    assert "'.[test]'" in test
    assert test.endswith(".venv/bin/python -m pytest")


def test_ci_runs_the_readme_test_command_word_for_word() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [line.strip() for line in script.splitlines()]
    assert readme_commands()[1] in lines
    # The lint runs from the same venv, with the ruff the test extra installs.
    assert ".venv/bin/ruff check ." in script
    assert ".venv/bin/ruff format --check ." in script
    assert not re.search(r"(^|\s)python -m", script, re.M), "no bare `python` on stock Debian"
