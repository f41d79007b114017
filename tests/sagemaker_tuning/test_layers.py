"""The package's layers and its import rule (docs/layout.md), checked on the source with ``ast``.

core (the data model and its helpers) imports no other layer; transport (the low-level clients,
paginators, waiters) imports only core; workflows (handles, progress, tables, the preview
view, the report) import core and transport. The facades ``sagemaker_tuning.client`` and
``sagemaker_tuning.aio`` (a transport client plus the workflows) and the tools above them
(testing, local, cli, export) may import any layer. "Imports" counts every import the module
can run: at module level and inside functions, ``importlib.import_module("...")`` included;
only ``if TYPE_CHECKING:`` blocks are left out. No cycle runs between layers at module level,
and the package never imports a module through one of its old paths (``_aliases.MOVED``).
"""

from __future__ import annotations

import ast
import importlib
import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest

from sagemaker_tuning._aliases import MOVED

PACKAGE = Path(__file__).resolve().parents[2] / "sagemaker_tuning"

#: The first component of a module's dotted name below ``sagemaker_tuning`` -> its layer.
LAYERS = {
    # core: the data model, wire conversion, validation, errors, and the private helpers
    # they are made of (generated code, frozen containers, specs, clocks, timestamps, logging,
    # the operation table's types, tolerant parsing, atomic files), plus the public helpers
    # built on the shapes alone (enums, ranges, the cross-field rules, redaction).
    **dict.fromkeys(
        [
            "core",
            "_generated",
            "_aliases",
            "_frozen",
            "_enum",
            "_spec",
            "_clock",
            "_timestamps",
            "_logs",
            "_operations",
            "_parsing",
            "_files",
            "enums",
            "ranges",
            "rules",
            "redact",
        ],
        "core",
    ),
    # transport: ``paginator`` and ``waiters`` until they move into ``transport/`` (then their
    # old paths are aliases, classified below).
    **dict.fromkeys(["transport", "paginator", "waiters"], "transport"),
    "workflows": "workflows",
    **dict.fromkeys(["client", "aio"], "facade"),
    **dict.fromkeys(["testing", "local", "cli", "export", "examples", "__main__"], "tools"),
}
#: What each layer may import at run time (every layer may import itself).
ALLOWED = {
    "core": {"core"},
    "transport": {"core", "transport"},
    "workflows": {"core", "transport", "workflows"},
    "facade": {"core", "transport", "workflows", "facade"},
    "tools": {"core", "transport", "workflows", "facade", "tools"},
}
#: Known upward imports, each inside a function (so no cycle at import time).
EXCEPTIONS = {
    # rules' check of an algorithm image (one of SageMaker's built-in ones) reuses the
    # workflow helper that rebuilds requests from descriptions; moving that predicate down into
    # core is the clean fix.
    ("sagemaker_tuning.rules", "sagemaker_tuning.workflows.requests"),
    # rules compiles metric regexes as the local trainer does, to refuse one SageMaker would
    # refuse; the compiler lives with the local runner.
    ("sagemaker_tuning.rules", "sagemaker_tuning.local._metrics"),
}


@dataclass(frozen=True)
class Edge:
    importer: str
    imported: str
    line: int
    module_level: bool


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def resolve(name: str) -> str:
    """The module an import names: a submodule if it is one, else the package it is from."""
    while name not in MODULES and "." in name:
        name = name.rpartition(".")[0]
    return name


def home(name: str) -> str:
    """The module an import loads, an old path followed to where the module lives."""
    for old, new in MOVED.items():
        if name == old or name.startswith(old + "."):
            name = new + name[len(old) :]
    return resolve(name)


def _type_checking(test: ast.expr) -> bool:
    return "TYPE_CHECKING" in ast.unparse(test)


def edges(module: str) -> list[Edge]:
    path = MODULES[module]
    is_package = path.name == "__init__.py"
    found: list[Edge] = []

    def add(target: str, node: ast.AST, module_level: bool) -> None:
        if target == "sagemaker_tuning" or target.startswith("sagemaker_tuning."):
            found.append(Edge(module, target, getattr(node, "lineno", 0), module_level))

    def visit(node: ast.AST, module_level: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child.test):
                for stmt in child.orelse:
                    visit_stmt(stmt, module_level)
                continue
            visit_stmt(child, module_level)

    def visit_stmt(child: ast.AST, module_level: bool) -> None:
        if isinstance(child, ast.Import):
            for a in child.names:
                add(a.name, child, module_level)
        elif isinstance(child, ast.ImportFrom):
            base = child.module or ""
            if child.level:
                package = module if is_package else module.rpartition(".")[0]
                for _ in range(child.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            for a in child.names:
                full = f"{base}.{a.name}"
                add(full if resolve(full) == full or full in MOVED else base, child, module_level)
        elif (
            isinstance(child, ast.Call)
            and isinstance(child.func, ast.Attribute | ast.Name)
            and (getattr(child.func, "attr", None) or getattr(child.func, "id", None))
            == "import_module"
            and child.args
            and isinstance(child.args[0], ast.Constant)
            and isinstance(child.args[0].value, str)
        ):
            add(child.args[0].value, child, module_level)
        inner = module_level and not isinstance(
            child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
        )
        visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), True)
    return found


def layer(module: str) -> str:
    """The layer of a module of the package (``alias`` for an old path, ``package`` for the root)."""
    if module in MOVED:
        return "alias"
    if module == "sagemaker_tuning":
        return "package"
    first = module.split(".")[1]
    if first not in LAYERS:
        raise AssertionError(f"{module}: no layer; add {first!r} to LAYERS in {__file__}")
    return LAYERS[first]


EDGES = [e for m in MODULES for e in edges(m)]


def test_every_module_has_a_layer() -> None:
    assert {layer(m) for m in MODULES} <= {*ALLOWED, "alias", "package"}
    # The split this file checks is really there (it would pass vacuously on a flat package).
    assert {m.split(".")[1] for m in MODULES if m.count(".") >= 1} >= {"core", "workflows"}


def test_the_old_paths_are_the_moved_modules() -> None:
    for old, new in MOVED.items():
        assert old in MODULES, f"{old}: the old path has no module"
        assert new in MODULES, f"{new}: the moved module does not exist"
        assert importlib.import_module(old) is importlib.import_module(new), old


@pytest.mark.parametrize("importer_layer", ["core", "transport", "workflows", "facade"])
def test_a_layer_imports_only_the_layers_below_it(importer_layer: str) -> None:
    wrong = [
        f"{e.importer}:{e.line} imports {e.imported} ({layer(home(e.imported))})"
        for e in EDGES
        if layer(e.importer) == importer_layer
        and layer(home(e.imported)) not in ALLOWED[importer_layer] | {"package"}
        and (e.importer, home(e.imported)) not in EXCEPTIONS
    ]
    assert not wrong, "\n".join(wrong)


def test_the_known_upward_imports_are_still_there_and_inside_functions() -> None:
    # An exception that no longer happens must leave the list, so the list stays the truth.
    for importer, imported in EXCEPTIONS:
        found = [e for e in EDGES if e.importer == importer and home(e.imported) == imported]
        assert found, f"{importer} no longer imports {imported}: drop it from EXCEPTIONS"
        assert not any(e.module_level for e in found), f"{importer} imports {imported} at import"


def test_the_package_never_imports_through_an_old_path() -> None:
    wrong = [
        f"{e.importer}:{e.line} imports {e.imported}, an old path: import {MOVED[e.imported]}"
        for e in EDGES
        if e.imported in MOVED and layer(e.importer) != "alias"
    ]
    # ``from sagemaker_tuning.report._data import x`` names a submodule through an old package.
    wrong += [
        f"{e.importer}:{e.line} imports {e.imported} through the old path {old}"
        for e in EDGES
        for old in MOVED
        if e.imported.startswith(old + ".") and layer(e.importer) != "alias"
    ]
    assert not wrong, "\n".join(wrong)


def test_no_import_cycle_between_layers_at_module_level() -> None:
    graph: dict[str, set[str]] = {}
    for e in EDGES:
        source, target = layer(e.importer), layer(home(e.imported))
        if e.module_level and source != target and "alias" not in (source, target):
            if "package" not in (source, target):
                graph.setdefault(source, set()).add(target)
    for a, b in itertools.permutations(graph, 2):
        assert not (_reaches(graph, a, b) and _reaches(graph, b, a)), f"cycle {a} <-> {b}"


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return False


def test_the_low_level_client_does_not_import_the_workflows() -> None:
    # Issue 21: the transport client imports no handle, progress, table or preview view,
    # not even inside a method (the facade ``sagemaker_tuning.client`` adds them).
    transport = [m for m in MODULES if layer(m) == "transport"]
    assert transport, "no transport module"
    workflow = {"jobs", "progress", "table", "tuning_view", "report", "requests"}
    wrong = [
        f"{e.importer}:{e.line} imports {e.imported}"
        for e in EDGES
        if e.importer in transport
        and any(part in workflow for part in home(e.imported).split(".")[1:])
    ]
    assert not wrong, "\n".join(wrong)


def test_the_checker_sees_imports_inside_functions_and_skips_type_checking() -> None:
    # The walk itself: rules imports requests inside a function; errors imports validation
    # only for the type checkers.
    assert any(e.importer == "sagemaker_tuning.rules" and not e.module_level for e in EDGES), (
        "no function-level import found in rules"
    )
    errors = MOVED.get("sagemaker_tuning.errors", "sagemaker_tuning.errors")
    assert not [e for e in EDGES if e.importer == errors and "validation" in e.imported]


@pytest.mark.parametrize("package", ["sagemaker_tuning.core", "sagemaker_tuning.workflows"])
def test_a_layer_package_imports_nothing_when_imported(package: str) -> None:
    # ``import sagemaker_tuning.shapes`` runs ``core/__init__.py`` first, and
    # ``import sagemaker_tuning.jobs`` runs ``workflows/__init__.py``: a module-level import
    # there would load it for every module of the layer (the async handles, and with them
    # aiobotocore, for the sync ones). Re-exports go through a lazy ``__getattr__`` instead,
    # as ``sagemaker_tuning/__init__.py`` does.
    eager = [
        f"{e.importer}:{e.line} imports {e.imported}"
        for e in EDGES
        if e.importer == package and e.module_level
    ]
    assert not eager, "\n".join(eager)


def test_an_old_path_builds_nothing_its_module_defers() -> None:
    """``import sagemaker_tuning.shapes`` through its alias builds no shape class (PEP 562):
    the alias must not ask the lazy module for attributes it defers (``__path__``)."""
    import subprocess
    import sys

    code = (
        "import sys, sagemaker_tuning.shapes, sagemaker_tuning.serde, sagemaker_tuning.report\n"
        "print('sagemaker_tuning._generated.shapes' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
