"""The engine stays headless (nothing under timeline/ imports Textual or the TUI), and layered.

Layers, bottom up: `timeline.text` (plain-text helpers, standard library only), then
`timeline.models`, then `timeline.temporal` (which reads text and models but no other part of
the engine: not the entity tagger, the gazetteer or the segmenter), then the rest.
`timeline.store` reads only the models and `timeline.timeline` (the timeline's order, filters
and search text, which its event rows must reproduce exactly; it reads only the models itself);
`timeline.ingest` and the pipeline sit above it.

Inside `timeline.temporal`, the grammar's rule families are layered too: `base` (the Rule
class, triggers, shared vetoes), then `dates`, `years`, `relative`, `durations`, `ranges`, each
importing only the families before it; `grammar` assembles them and the engine reads
`grammar`. No family imports the engine.

The TUI's modules import each other in one direction only: no import circle, not even through
an import inside a function or one for type checking alone (the app holds the screens, the
screens the widgets; what several of them share, such as the key tables, sits in a module
below them all, `tui.keys`).
"""

import ast
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "timeline"
TUI = ENGINE.parent / "tui"


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
        if name.split(".")[0] == "timeline"
        and not any(name == a or name.startswith(a + ".") for a in allowed)
    ]
    assert offenders == []


def test_the_store_reads_only_models_and_knows_no_extraction() -> None:
    """`timeline.store` keeps bytes for `timeline.ingest`: it imports the data contract and
    nothing that extracts, exports or draws (the pipeline and ingest sit above it)."""
    allowed = ("timeline.store", "timeline.models", "timeline.timeline")
    offenders = [
        f"{path.name}: {name}"
        for path in (ENGINE / "store").rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] == "timeline"
        and not any(name == a or name.startswith(a + ".") for a in allowed)
    ]
    assert offenders == []
    # What the store's event rows share with the in-memory timeline stays below extraction.
    below = [n for n in _imports(ENGINE / "timeline.py") if n.split(".")[0] == "timeline"]
    assert below == ["timeline.models"], below
    assert "timeline.store" in _imports(ENGINE / "ingest.py")


# The rule families, bottom up: each may import only those before it.
FAMILIES = ["base", "dates", "years", "relative", "durations", "ranges"]
# Modules that run the grammar: no family (nor the grammar or lexicon) may import them.
RUNNERS = {"timeline.temporal.engine", "timeline.temporal.timex", "timeline.temporal.grammar"}


def test_rule_families_are_layered_and_never_import_the_engine() -> None:
    temporal = ENGINE / "temporal"
    offenders = []
    for i, family in enumerate(FAMILIES):
        later = {f"timeline.temporal.{f}" for f in FAMILIES[i + 1 :]}
        for name in _imports(temporal / f"{family}.py"):
            if name in later or name in RUNNERS:
                offenders.append(f"{family}.py: {name}")
    below_grammar = RUNNERS - {"timeline.temporal.grammar"}
    for module, forbidden in (("grammar", below_grammar), ("lexicon", RUNNERS)):
        for name in _imports(temporal / f"{module}.py"):
            if name in forbidden:
                offenders.append(f"{module}.py: {name}")
    assert offenders == []


def test_grammar_assembles_every_family() -> None:
    imported = set(_imports(ENGINE / "temporal" / "grammar.py"))
    imported |= {
        f"timeline.temporal.{alias.name}"
        for node in ast.walk(ast.parse((ENGINE / "temporal" / "grammar.py").read_text()))
        if isinstance(node, ast.ImportFrom) and node.module == "timeline.temporal"
        for alias in node.names
    }
    assert {f"timeline.temporal.{f}" for f in FAMILIES[1:]} <= imported


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_cycles(root: Path) -> list[list[str]]:
    """Every circle of imports among the modules under ``root``, each once (Tarjan's strongly
    connected components of more than one module, or a module importing itself)."""
    modules = {_module_name(path, root): path for path in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        candidates: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                candidates |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                # "from tui.screens import main" names the module tui.screens.main.
                candidates.add(node.module)
                candidates |= {f"{node.module}.{alias.name}" for alias in node.names}
        graph[name] = {c for c in candidates if c in modules and modules[c].stem != "__init__"}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_tui_modules_import_each_other_in_no_circle() -> None:
    assert import_cycles(TUI) == []


def test_the_circle_check_sees_a_circle(tmp_path: Path) -> None:
    package = tmp_path / "tui"
    (package / "screens").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "screens" / "__init__.py").write_text("")
    (package / "app.py").write_text("from tui.screens.main import MainScreen\n")
    (package / "keys.py").write_text("import dataclasses\n")
    (package / "screens" / "main.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from tui.app import App\n"
    )
    # Through an import for type checking alone too; keys.py and the packages are in none.
    assert import_cycles(package) == [["tui.app", "tui.screens.main"]]


def test_dask_is_imported_only_inside_functions() -> None:
    """Dask is an optional extra (`conflict-tui[dask]`): no engine module imports it at its
    top level (nor under ``if``/``try`` there), so the engine loads without it."""
    offenders = []
    for path in ENGINE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        inside = {id(n) for f in functions for n in ast.walk(f)}
        checking = {  # `if TYPE_CHECKING:` blocks run only for type checkers
            id(n)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
            for n in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in inside or id(node) in checking:
                continue
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}" for n in names if n.split(".")[0] in {"dask", "distributed"}
            ]
    assert offenders == []
    assert "distributed" in _imports(ENGINE / "distributed.py")  # (the check sees its imports)
