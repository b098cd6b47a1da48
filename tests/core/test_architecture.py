"""The house layering of `localize`, enforced over the import graph drawn from the code (issue 14).

    base (model, errors, config, settings, locale, stores, report …)
      ← capabilities (readers, units, prices, taxonomy, translate, rules, review, qa, channels)
      ← stages ← pipeline ← api ← cli

Every module of `localize/` is parsed with `ast` (nothing is imported, so the test also sees the imports
inside functions and `if TYPE_CHECKING:` blocks) and three rules are checked:

(a) no import from a lower layer to a higher one;
(b) no import cycle between modules, and none between packages (the nodes are the top-level modules and
    the first-level subpackages: `config`, `review`, `pipeline` …), so the capabilities form a DAG;
(c) no function-level import (an `import` inside a `def`), except for a documented start-up cost: a
    `# start-up cost: …` comment on the import line or the comment line(s) right above it, and
    - in the command line (`cli.py`, `commands/`, `__main__.py`) and the lazy package facade
      `localize/__init__.py`: any import (a command loads what it needs when it runs);
    - anywhere else: only a heavy third-party library of `HEAVY_LIBRARIES` (each with the import time it
      costs, measured), or, in a module of `LOCAL_START_UP_COST`, the `localize` modules listed there
      with the measured reason. A cheap library or a `localize` module is imported at the top.

`TYPE_CHECKING` imports COUNT, for the layers and for the cycles. They cannot create a runtime import
cycle, but they are design dependencies: an upward type import is still an upward arrow (the lower
module knows the higher one), and a type-only cycle still means two packages know each other.

An import `from localize.a import b` is an arrow to the module `localize.a.b` when that is a module,
else to `localize.a` (the name is an attribute of it). A package's `__init__` is a module like any other.

KNOWN violations: until the other helpers' moves of issue 14 land, the violations that exist are listed
below, each with the helper that removes it. The test fails on any violation NOT listed, and on a listed
one that no longer occurs, so each list can only shrink; when you remove a violation, delete its line.
The failure message prints the exact lines to add (for a reviewer to refuse) or delete.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import localize

PACKAGE_DIR = Path(localize.__file__).resolve().parent

# ----------------------------------------------------------------------------------------------------
# The layer map (PLAN-14.md). Top-level modules not named here are base (layer 0). A first-level
# subpackage must be named here: a new package has to be placed in a layer on purpose.
# ----------------------------------------------------------------------------------------------------
BASE, CAPABILITY, STAGES, PIPELINE, API, CLI = range(6)
LAYER_NAMES = {BASE: "base", CAPABILITY: "capabilities", STAGES: "stages", PIPELINE: "pipeline", API: "api", CLI: "cli"}

#: First-level subpackages of `localize/` (directories with an `__init__.py`).
PACKAGE_LAYERS: dict[str, int] = {
    "readers": CAPABILITY,
    "units": CAPABILITY,
    "prices": CAPABILITY,
    "taxonomy": CAPABILITY,
    "translate": CAPABILITY,
    "rules": CAPABILITY,  # the rules ENGINE (i13d); the top-level YAML `rules/` folder is data
    "review": CAPABILITY,  # the human-review workflow
    "qa": CAPABILITY,
    "channels": CAPABILITY,  # one home per output channel (i14ch); today's writers/ goes there
    "stages": STAGES,
    "pipeline": PIPELINE,
    "execution": PIPELINE,  # above the runner: the same run on Dask (issue 18); pipeline never imports it
    "commands": CLI,
}

#: Top-level modules (`localize/<name>.py`) above base. Everything else at the top level is base.
MODULE_LAYERS: dict[str, int] = {
    "api": API,
    "cli": CLI,
    "__main__": CLI,
}

#: `localize/__init__.py` is the library's lazy facade (`localize.run`, `localize.load_config`): it sits
#: with api, and its lazy imports are start-up cost (importing `localize` must not load pint or deepl).
ROOT_LAYER = API

#: Where any function-level import is allowed (with a `# start-up cost:` comment).
LAZY_IMPORT_ALLOWED = ("cli", "__main__", "commands", "")  # "" = the package root `localize/__init__.py`
START_UP_COST = "# start-up cost:"

#: Libraries that any module may import inside the function that needs them (with a `# start-up cost:`
#: comment), because a command that loads the module without using them would pay for them. Measured
#: (issue 14, `python -X importtime` and CPU time of the import, min of 7, after the modules that
#: `localize validate` loads anyway): the extra CPU time of importing the library at the top.
#: Cheaper libraries (babel ~2 ms, yaml, orjson, nh3 ~1 ms, fastjsonschema ~3 ms, rich.progress ~6 ms,
#: the standard library) are imported at the top of the module. Add a library here only with its figure.
HEAVY_LIBRARIES: dict[str, str] = {
    "openai": "~640 ms: the rules' AI opinion only (the `ai` extra)",
    "pint": "~240 ms: unit conversion only; `validate` loads localize.units without it",
    "openpyxl": "~200 ms: XLSX exports only",
    "scipy": "~200 ms after numpy: the taxonomy's label index (suggest.py) only; every run opens the map stage",
    "deepl": "~80 ms: the DeepL engine only; runs with memory, pseudo or llm never load it",
    "jsonschema": "~60 ms: a config load or a schema error only; `validate` checks records with fastjsonschema",
    "urllib.request": "~25 ms: `localize rates update URL` only",
    "urllib.error": "comes with urllib.request, imported beside it",
    "rich.progress": "~40 ms: the progress display of a run on a terminal only; nightly jobs, the API and workers never show one",
    "lxml": "~7-9 ms: XML formats (Google XML feeds, XLIFF, TMX, XLSX parts) only",
}

#: Modules that keep function-level imports of other `localize` modules on purpose, how many, and the
#: measured reason. Everything else imports `localize` modules at the top.
LOCAL_START_UP_COST: dict[str, tuple[int, str]] = {
    "localize.stages": (7, "build_stages imports the stage modules: at the top they would load the taxonomy "
                           "(numpy) and rules engines for `localize runs`/`show-run` and for readers of "
                           "`localize.pipeline.source`: +650 ms CPU to import localize.pipeline.status"),
    "localize.stages.map": (2, "the map stage loads the taxonomy engine (map_context, suggest: numpy and the "
                               "ranking) only when the config has a `taxonomy` section: at the top it was ~20 % "
                               "of an unchanged nightly rerun's CPU (0.44 CPU-s at 20k x 3, py-spy 2026-12-06)"),
    "localize.qa.checks.claims": (1, "the claim check reads the shipped rule packs when it first runs: "
                                     "localize.rules.packs (and its folding tables) at the top adds ~15 ms "
                                     "CPU to a `localize validate` that never asks for them (the demo's fr-FR feed does not)"),
}


# ----------------------------------------------------------------------------------------------------
# KNOWN violations, each with its owner. These lists only shrink (see the module docstring).
# ----------------------------------------------------------------------------------------------------
#: (importer, imported) module pairs that point from a lower layer to a higher one.
KNOWN_UPWARD: dict[tuple[str, str], str] = {
}

#: Module-level import arrows that close a cycle between modules (the arrow lies inside a cycle).
KNOWN_MODULE_CYCLE_ARROWS: dict[tuple[str, str], str] = {
}

#: Arrows between packages/top-level modules that lie inside a package-level cycle.
KNOWN_PACKAGE_CYCLE_ARROWS: dict[tuple[str, str], str] = {
}

#: Modules with function-level imports that are not allowed, and how many each has.
KNOWN_FUNCTION_IMPORTS: dict[str, tuple[int, str]] = {
}


# ----------------------------------------------------------------------------------------------------
# The import graph
# ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Import:
    """One import statement's arrow to one module of the package."""

    importer: str  # dotted module name, e.g. "localize.review.compile"
    target: str
    line: int
    in_function: bool
    type_only: bool  # inside `if TYPE_CHECKING:`


@dataclass
class Graph:
    """Every module of a package and its import arrows into the same package."""

    package: str
    modules: dict[str, Path]  # dotted name -> file
    imports: list[Import] = field(default_factory=list)
    #: Function-level imports of ANY module (stdlib and third-party too):
    #: (module, line, allowed-comment?, imported module names; `localize` ones as resolved targets)
    function_imports: list[tuple[str, int, bool, tuple[str, ...]]] = field(default_factory=list)


def module_names(root: Path, package: str) -> dict[str, Path]:
    """Dotted module name -> file, for every `.py` under `root` (the package directory)."""
    out: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join([package, *parts])] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _has_start_up_comment(lines: list[str], lineno: int) -> bool:
    """`# start-up cost:` on the import line, or in the comment lines right above the block of import
    lines it belongs to (one comment may explain a group of lazy imports)."""
    if START_UP_COST in lines[lineno - 1]:
        return True
    index = lineno - 2
    while index >= 0:
        text = lines[index].strip()
        if not text.startswith(("#", "from ", "import ")):
            return False
        if START_UP_COST in text:
            return True
        index -= 1
    return False


def build_graph(root: Path, package: str) -> Graph:
    """Parse every module under `root` and collect its imports (nothing is imported or run)."""
    modules = module_names(root, package)
    graph = Graph(package, modules)
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        tree = ast.parse(source, filename=str(path))

        def visit(node: ast.AST, in_function: bool, type_only: bool, name: str = name,
                  is_package: bool = is_package, lines: list[str] = lines) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                    visit(child, True, type_only)
                elif isinstance(child, ast.If) and _is_type_checking(child.test):
                    for stmt in child.body:
                        visit_stmt(stmt, in_function, True)
                    for stmt in child.orelse:
                        visit_stmt(stmt, in_function, type_only)
                elif isinstance(child, (ast.Import, ast.ImportFrom)):
                    record(child, in_function, type_only)
                else:
                    visit(child, in_function, type_only)

        def visit_stmt(stmt: ast.stmt, in_function: bool, type_only: bool) -> None:
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                record(stmt, in_function, type_only)
            else:
                wrapper = ast.Module(body=[stmt], type_ignores=[])
                visit(wrapper, in_function, type_only)

        def record(node: ast.Import | ast.ImportFrom, in_function: bool, type_only: bool,
                   name: str = name, is_package: bool = is_package, lines: list[str] = lines) -> None:
            targets = _targets(node, name, is_package, package, modules)
            if in_function:
                graph.function_imports.append((name, node.lineno, _has_start_up_comment(lines, node.lineno),
                                               tuple(targets) or _imported_names(node)))
            for target in targets:
                graph.imports.append(Import(name, target, node.lineno, in_function, type_only))

        visit(tree, False, False)
    return graph


def _imported_names(node: ast.Import | ast.ImportFrom) -> tuple[str, ...]:
    """The modules an import of another package names (`import a.b, c` -> a.b, c; `from a.b import c` -> a.b)."""
    if isinstance(node, ast.Import):
        return tuple(alias.name for alias in node.names)
    return (("." * node.level) + (node.module or ""),)


def _is_heavy(name: str, heavy: dict[str, str]) -> bool:
    return any(name == lib or name.startswith(lib + ".") for lib in heavy)


def _targets(node: ast.Import | ast.ImportFrom, importer: str, is_package: bool, package: str,
             modules: dict[str, Path]) -> list[str]:
    """The modules of `package` an import statement points at."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
        return [_closest_module(n, modules) for n in names if n == package or n.startswith(package + ".")]
    if node.level:
        base_parts = importer.split(".")
        if not is_package:
            base_parts = base_parts[:-1]
        base_parts = base_parts[: len(base_parts) - (node.level - 1)]
        base = ".".join(base_parts + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    if not (base == package or base.startswith(package + ".")):
        return []
    out = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}"
        out.append(candidate if candidate in modules else _closest_module(base, modules))
    return out


def _closest_module(dotted: str, modules: dict[str, Path]) -> str:
    parts = dotted.split(".")
    while parts and ".".join(parts) not in modules:
        parts.pop()
    return ".".join(parts)


# ----------------------------------------------------------------------------------------------------
# Layers, nodes, cycles
# ----------------------------------------------------------------------------------------------------
def node_of(module: str, package: str) -> str:
    """The package-level node: the top-level module or first-level subpackage ("" for the root)."""
    rest = module[len(package) + 1:] if module != package else ""
    return rest.split(".")[0]


def layer_of(module: str, graph: Graph, package_layers: dict[str, int], module_layers: dict[str, int],
             root_layer: int) -> int:
    """The layer of a module (raises for a first-level subpackage missing from the map)."""
    node = node_of(module, graph.package)
    if node == "":
        return root_layer
    top = f"{graph.package}.{node}"
    if graph.modules[top].name == "__init__.py":  # a subpackage
        if node not in package_layers:
            raise KeyError(f"package {top} is in no layer: add it to PACKAGE_LAYERS (tests/core/test_architecture.py)")
        return package_layers[node]
    return module_layers.get(node, BASE)


def upward_arrows(graph: Graph, package_layers: dict[str, int], module_layers: dict[str, int],
                  root_layer: int) -> set[tuple[str, str]]:
    out = set()
    for imp in graph.imports:
        if layer_of(imp.importer, graph, package_layers, module_layers, root_layer) < layer_of(
            imp.target, graph, package_layers, module_layers, root_layer
        ):
            out.add((imp.importer, imp.target))
    return out


def strongly_connected(edges: set[tuple[str, str]]) -> dict[str, int]:
    """Tarjan's algorithm (iterative): node -> component number."""
    succ: dict[str, list[str]] = {}
    for a, b in edges:
        succ.setdefault(a, []).append(b)
        succ.setdefault(b, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    comp: dict[str, int] = {}
    counter = 0
    for start in sorted(succ):
        if start in index:
            continue
        work = [(start, iter(sorted(succ[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(succ[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    comp[member] = index[node]
                    if member == node:
                        break
    return comp


def cycle_arrows(edges: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The arrows that lie on a cycle: both ends in one strongly connected component (or a self-loop)."""
    comp = strongly_connected(edges)
    return {(a, b) for a, b in edges if comp[a] == comp[b]}


def module_edges(graph: Graph) -> set[tuple[str, str]]:
    return {(i.importer, i.target) for i in graph.imports if i.importer != i.target}


def package_edges(graph: Graph) -> set[tuple[str, str]]:
    out = set()
    for i in graph.imports:
        a, b = node_of(i.importer, graph.package), node_of(i.target, graph.package)
        if a != b and a != "" and b != "":  # the root facade re-exports; it is no package of its own
            out.add((a, b))
    return out


def forbidden_function_imports(graph: Graph, heavy: dict[str, str] | None = None) -> dict[str, int]:
    """Per module: the function-level imports that break rule (c), not counting a documented heavy library.
    A function-level import of a `localize` module outside the command line counts here too (it may be
    listed in LOCAL_START_UP_COST)."""
    heavy = HEAVY_LIBRARIES if heavy is None else heavy
    counts: dict[str, int] = {}
    for module, _line, has_comment, names in graph.function_imports:
        allowed_place = node_of(module, graph.package) in LAZY_IMPORT_ALLOWED
        heavy_library = all(_is_heavy(n, heavy) for n in names)
        if not (has_comment and (allowed_place or heavy_library)):
            counts[module] = counts.get(module, 0) + 1
    return counts


# ----------------------------------------------------------------------------------------------------
# The tests
# ----------------------------------------------------------------------------------------------------
def _short(module: str) -> str:
    return module


def _compare(kind: str, found: set, known: dict, render) -> list[str]:
    problems = []
    new = sorted(found - set(known))
    gone = sorted(set(known) - found)
    if new:
        problems.append(f"{kind}: {len(new)} new violation(s) (fix them; do not list them):\n"
                        + "\n".join(f"    {render(k)}" for k in new))
    if gone:
        problems.append(f"{kind}: {len(gone)} listed violation(s) no longer occur: delete these lines:\n"
                        + "\n".join(f"    {render(k)}" for k in gone))
    return problems


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(PACKAGE_DIR, "localize")


def test_every_subpackage_has_a_layer(graph: Graph) -> None:
    for module in graph.modules:
        layer_of(module, graph, PACKAGE_LAYERS, MODULE_LAYERS, ROOT_LAYER)  # raises with the fix


def test_no_upward_import(graph: Graph) -> None:
    found = upward_arrows(graph, PACKAGE_LAYERS, MODULE_LAYERS, ROOT_LAYER)
    problems = _compare("upward import (lower layer imports a higher one)", found, KNOWN_UPWARD,
                        lambda k: f"({k[0]!r}, {k[1]!r}): OWNER,")
    assert not problems, "\n".join(problems)


def test_no_module_cycle(graph: Graph) -> None:
    found = cycle_arrows(module_edges(graph))
    problems = _compare("import arrow inside a module cycle", found, KNOWN_MODULE_CYCLE_ARROWS,
                        lambda k: f"({k[0]!r}, {k[1]!r}): OWNER,")
    assert not problems, "\n".join(problems)


def test_no_package_cycle(graph: Graph) -> None:
    found = cycle_arrows(package_edges(graph))
    problems = _compare("import arrow inside a package cycle", found, KNOWN_PACKAGE_CYCLE_ARROWS,
                        lambda k: f"({k[0]!r}, {k[1]!r}): OWNER,")
    assert not problems, "\n".join(problems)


def test_no_function_level_import(graph: Graph) -> None:
    found = forbidden_function_imports(graph)
    known = {m: n for m, (n, _owner) in [*KNOWN_FUNCTION_IMPORTS.items(), *LOCAL_START_UP_COST.items()]}
    problems = []
    for module in sorted(set(found) | set(known)):
        have, listed = found.get(module, 0), known.get(module, 0)
        if have > listed:
            problems.append(f"{module}: {have} function-level import(s), {listed} listed: move the new ones to the "
                            f"top of the module (or, for a library of HEAVY_LIBRARIES or in cli/commands, add "
                            f"`{START_UP_COST} why`)")
        elif have < listed:
            line = f"    {module!r}: ({have}, OWNER)," if have else "    delete its line"
            problems.append(f"{module}: {have} function-level import(s) now, {listed} listed: lower the entry:\n{line}")
    assert not problems, "\n".join(problems)


def test_shared_cli_options_are_declared_once() -> None:
    """`--json`, `--market` and `--config` mean the same in every command: declared in commands/common.py."""
    common = PACKAGE_DIR / "commands" / "common.py"
    for path in [PACKAGE_DIR / "cli.py", *sorted((PACKAGE_DIR / "commands").glob("*.py"))]:
        if path == common:
            continue
        text = path.read_text(encoding="utf-8")
        for option in ('"--json"', '"--market"', '"--config"'):
            assert f"typer.Option({option}" not in text, f"{path.name} declares {option}: use commands/common.py"
    assert all(f"typer.Option({o}" in common.read_text(encoding="utf-8") for o in ('"--json"', '"--market"', '"--config"'))


def test_every_heavy_library_is_imported_lazily_somewhere(graph: Graph) -> None:
    """HEAVY_LIBRARIES holds only libraries that some module outside the command line loads lazily."""
    used = {n for module, _line, _c, names in graph.function_imports
            if node_of(module, graph.package) not in LAZY_IMPORT_ALLOWED for n in names}
    stale = [lib for lib in HEAVY_LIBRARIES if not any(_is_heavy(n, {lib: ""}) for n in used)]
    assert not stale, f"HEAVY_LIBRARIES lists libraries no module imports lazily: delete {stale}"


def test_known_lists_name_an_owner() -> None:
    for entry, owner in [*KNOWN_UPWARD.items(), *KNOWN_MODULE_CYCLE_ARROWS.items(),
                         *KNOWN_PACKAGE_CYCLE_ARROWS.items(),
                         *((m, o) for m, (_n, o) in KNOWN_FUNCTION_IMPORTS.items()),
                         *((m, o) for m, (_n, o) in LOCAL_START_UP_COST.items())]:
        assert owner.strip(), f"{entry} has no owner"


# ----------------------------------------------------------------------------------------------------
# The checker itself: planted violations in a throw-away package must be caught.
# ----------------------------------------------------------------------------------------------------
def _plant(root: Path, files: dict[str, str]) -> Graph:
    pkg = root / "planted"
    for rel, text in {"__init__.py": "", **files}.items():
        path = pkg / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return build_graph(pkg, "planted")


def test_checker_catches_a_planted_upward_import(tmp_path: Path) -> None:
    graph = _plant(tmp_path, {
        "model.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from planted.stages import run\n",
        "errors.py": "from .model import x\n",
        "stages/__init__.py": "from ..model import x\nfrom planted import errors\n",
        "api.py": "from .stages import run\n",
    })
    found = upward_arrows(graph, {"stages": STAGES}, {"api": API}, API)
    # the type-only import from base to stages counts; the downward ones do not
    assert found == {("planted.model", "planted.stages")}
    with pytest.raises(KeyError, match="planted.newpkg is in no layer"):
        g2 = _plant(tmp_path / "b", {"newpkg/__init__.py": ""})
        layer_of("planted.newpkg", g2, {}, {}, API)


def test_checker_catches_planted_cycles(tmp_path: Path) -> None:
    graph = _plant(tmp_path, {
        "a.py": "import planted.b\n",
        "b.py": "def f():\n    from planted.c import g\n",  # a cycle through a function-level import
        "c.py": "from . import a\nfrom .d import h\n",
        "d.py": "x = 1\n",
        "p/__init__.py": "",
        "p/one.py": "from planted.q.two import y\n",
        "q/__init__.py": "",
        "q/two.py": "y = 1\n",
        "q/three.py": "from ..p import one\n",  # packages p <-> q, though no module cycle
    })
    arrows = cycle_arrows(module_edges(graph))
    assert arrows == {("planted.a", "planted.b"), ("planted.b", "planted.c"), ("planted.c", "planted.a")}
    assert cycle_arrows(package_edges(graph)) == {("a", "b"), ("b", "c"), ("c", "a"), ("p", "q"), ("q", "p")}


def test_checker_catches_planted_function_imports(tmp_path: Path) -> None:
    graph = _plant(tmp_path, {
        "lib.py": "def f():\n    import json\n    # start-up cost: not allowed here anyway\n    import csv\n",
        "cli.py": "def main():\n    # start-up cost: pint is slow to load\n    import pint\n    run()\n    import yaml\n",
        "commands/__init__.py": "async def run():\n    from .. import lib  # start-up cost: lib\n",
        "commands/group.py": "def one():\n    # start-up cost: a group of lazy imports\n    import csv\n    import json\n\n"
                             "    x = 1\n    import yaml\n",  # not in the group: the comment does not cover it
    })
    assert forbidden_function_imports(graph) == {"planted.lib": 2, "planted.cli": 1, "planted.commands.group": 1}


def test_checker_allows_only_documented_heavy_libraries_outside_the_cli(tmp_path: Path) -> None:
    graph = _plant(tmp_path, {
        "units.py": "def f():\n    # start-up cost: pint is slow to load\n    import pint\n    import pint.errors\n",
        "bare.py": "def f():\n    import pint\n",  # heavy, but no comment
        "cheap.py": "def f():\n    import yaml  # start-up cost: not a listed library\n",
        "local.py": "def f():\n    from .units import f  # start-up cost: a localize module is not a library\n",
        "mixed.py": "def f():\n    import pint, yaml  # start-up cost: one cheap name spoils it\n",
        "sub/__init__.py": "",
        "sub/deep.py": "def f():\n    from pint.util import x  # start-up cost: pint\n    from ..units import f  # start-up cost: x\n",
    })
    found = forbidden_function_imports(graph, {"pint": "slow"})
    assert found == {"planted.bare": 1, "planted.cheap": 1, "planted.local": 1, "planted.mixed": 1, "planted.sub.deep": 1}
