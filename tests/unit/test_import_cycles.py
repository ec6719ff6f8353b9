"""No import cycle inside atocore/: a module never reaches itself through the modules it imports.

Every import counts, also one inside a function (that is how a cycle hides);
imports under ``if TYPE_CHECKING:`` do not run and do not count. An edge goes
to the module an import names (``from atocore.x import y`` names the module
``atocore.x.y`` when there is one, else ``atocore.x``); the implicit import of
parent packages is left out, so a package ``__init__`` that re-exports its
modules is not a cycle by itself. The stdlib's graphlib finds the cycle.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import atocore

ROOT = Path(atocore.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> set[str]:
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module if is_package else module.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.add(target if target in known else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {name for name in found if name in known and name != module}


def import_graph() -> dict[str, set[str]]:
    paths = sorted(ROOT.rglob("*.py"))
    known = {_module_name(p) for p in paths}
    return {
        _module_name(p): _imports(
            ast.parse(p.read_text(encoding="utf-8")), _module_name(p), p.name == "__init__.py", known
        )
        for p in paths
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Cycles of the graph, found one at a time (each found one is broken at its last edge to find the next)."""
    graph = {module: set(targets) for module, targets in graph.items()}
    found = []
    while True:
        try:
            TopologicalSorter(graph).prepare()
            return found
        except CycleError as exc:
            cycle = exc.args[1]
            found.append(cycle)
            graph[cycle[-2]].discard(cycle[-1])


def test_the_walk_sees_every_import() -> None:
    graph = import_graph()
    assert {"atocore.graph", "atocore.graph.migrations"} <= graph["atocore.services.runtime"]
    assert "atocore.errors" in graph["atocore.graph.driver"]


def test_no_import_cycle_inside_atocore() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)
