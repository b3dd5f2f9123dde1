"""The shape of the code (architecture.md): no import cycle among an app's modules, counting
imports inside functions too, and dependencies that point one way between apps."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("accounts", "reference", "documents", "permits", "review", "customs", "bench", "config")
# app -> apps it must never import (rendering, storage, reference data and accounts know no
# workflow; permits never imports its back offices; no product app imports the benchmarks).
FORBIDDEN = {
    "accounts": {"permits", "review", "customs", "bench", "testing"},
    "reference": {"permits", "review", "customs", "bench", "testing"},
    "documents": {"permits", "review", "customs", "bench", "testing"},
    "permits": {"review", "customs", "bench", "testing"},
    "review": {"customs", "bench", "testing"},
    "customs": {"review", "bench", "testing"},
    "config": {"bench", "testing"},
}


def _modules(app: str) -> dict[str, Path]:
    found = {}
    for path in (ROOT / app).rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "tests" in parts or "migrations" in parts:
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path) -> set[str]:
    """Every module named by an import statement anywhere in the file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            out.add(base)
            out.update(f"{base}.{alias.name}" for alias in node.names)
    return out


def import_graph(app: str) -> dict[str, set[str]]:
    """module → the modules of the same app it imports (a name is cut back to a module)."""
    modules = _modules(app)
    graph = {}
    for name, path in modules.items():
        deps = set()
        for target in _imports(name, path):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                deps.add(target)
        graph[name] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("app", APPS)
def test_no_import_cycle_among_the_modules_of(app):
    graph = import_graph(app)
    assert len(graph) > 1
    assert cycles(graph) == []


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_dependencies_point_one_way(app):
    wrong = []
    for name, path in _modules(app).items():
        for target in _imports(name, path):
            if target.split(".")[0] in FORBIDDEN[app]:
                wrong.append(f"{name} imports {target}")
    assert wrong == []
