"""The engine stays headless: nothing under timeline/ imports Textual or the TUI."""

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "timeline"


def test_engine_never_imports_textual_or_tui() -> None:
    offenders = []
    for path in ENGINE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in {"textual", "tui", "rich"}:
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []
