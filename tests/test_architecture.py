"""The engine stays headless (nothing under timeline/ imports Textual or the TUI), and layered.

Layers, bottom up: `timeline.text` (plain-text helpers, standard library only), then
`timeline.models`, then `timeline.temporal` (which reads text and models but no other part of
the engine: not the entity tagger, the gazetteer or the segmenter), then the rest.
"""

import ast
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "timeline"


def _imports(path: Path) -> list[str]:
    """The modules ``path`` imports (absolute imports; the engine uses no relative ones)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_engine_never_imports_textual_or_tui() -> None:
    offenders = [
        f"{path.name}: {name}"
        for path in ENGINE.rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in {"textual", "tui", "rich"}
    ]
    assert offenders == []


def test_text_sits_at_the_bottom() -> None:
    imported = [n for n in _imports(ENGINE / "text.py") if n != "__future__"]
    assert [n for n in imported if n.split(".")[0] not in sys.stdlib_module_names] == []


def test_temporal_reads_only_text_and_models() -> None:
    allowed = ("timeline.temporal", "timeline.text", "timeline.models")
    offenders = [
        f"{path.name}: {name}"
        for path in (ENGINE / "temporal").rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] == "timeline" and not name.startswith(allowed)
    ]
    assert offenders == []
