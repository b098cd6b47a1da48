"""The taxonomy package is a capability: imports at module level only (but a heavy library a run
needs only for a fit or solve, with its `# start-up cost:` comment: tests/core/test_architecture.py),
nothing from above its layer."""

from __future__ import annotations

import ast
from pathlib import Path

import localize.taxonomy

PACKAGE = Path(localize.taxonomy.__file__).parent
# Modules above the capability layer (stages, the pipeline runner and its source, api, cli).
#: Heavy libraries the taxonomy imports only where a fit or solve needs them (measured in
#: tests/core/test_architecture.py's HEAVY_LIBRARIES): every run opens the map stage.
HEAVY_LIBRARIES = ("scipy",)
START_UP_COST = "# start-up cost:"
ABOVE = ("stages", "pipeline", "source", "incremental", "api", "cli", "commands", "report")


def _modules() -> list[Path]:
    return sorted(PACKAGE.glob("*.py"))


def _start_up_cost(node: ast.Import | ast.ImportFrom, lines: list[str]) -> bool:
    """`from scipy import sparse  # start-up cost: ...`: a listed heavy library, imported where it is used."""
    module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
    return (module or "").split(".")[0] in HEAVY_LIBRARIES and START_UP_COST in lines[node.lineno - 1]


def test_no_function_level_imports() -> None:
    found = []
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        tree, lines = ast.parse(text), text.splitlines()
        for func in ast.walk(tree):
            if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                found += [f"{path.name}:{node.lineno}" for node in ast.walk(func)
                          if isinstance(node, ast.Import | ast.ImportFrom) and not _start_up_cost(node, lines)]
    assert found == []


def test_nothing_imported_from_above() -> None:
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 2:
                top = (node.module or "").split(".")[0]
                if top in ABOVE:
                    found.append(f"{path.name}:{node.lineno} ..{node.module}")
    assert found == []


def test_no_generic_module_names() -> None:
    """`text`, `model`, `context` exist in several packages; the taxonomy's own say what they hold."""
    assert {p.stem for p in _modules()} & {"text", "model", "context"} == set()
