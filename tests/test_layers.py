"""The architecture in docs/design.md holds: each layer imports only the layers below
it, and no module imports another in a cycle (imports inside functions included)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import wikikit

INSTALLED = Path(wikikit.__file__).resolve().parent
SOURCE = Path(__file__).resolve().parents[1] / "src" / "wikikit"
PACKAGE = SOURCE if SOURCE.is_dir() else INSTALLED

# docs/design.md, "The layers". Within layer 3, wiki.py sits on expand; within layer 4,
# the dask module on cli. wikikit.version is a leaf any layer may read.
LAYERS = {
    "version": 0,
    "tree": 0,
    "site": 0,
    "parser": 1,
    "sources": 1,
    "wikitext": 2,
    "html": 2,
    "expand": 3,
    "wiki": 3.5,
    "cli": 4,
    "dask": 5,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> Iterator[str]:
    """The wikikit modules ``path`` imports, at any depth, outside ``TYPE_CHECKING``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]

    def visit(node: ast.AST) -> Iterator[str]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                yield from (x for n in child.orelse for x in visit_one(n))
                continue
            yield from visit_one(child)

    def visit_one(node: ast.AST) -> Iterator[str]:
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            for alias in node.names:
                # "from wikikit.tree import tables" imports the submodule itself.
                sub = f"{base}.{alias.name}"
                yield sub if sub in known else base
        else:
            yield from visit(node)

    for target in visit(ast.parse(path.read_text(encoding="utf-8"))):
        if target.split(".")[0] == "wikikit":
            yield target


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: set(_imports(name, path, known)) & known for name, path in modules.items()}


def _layer(module: str) -> float | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def test_every_package_has_a_layer() -> None:
    tops = {m.split(".")[1] for m in _modules() if m.count(".") >= 1}
    assert tops - {"__main__"} <= set(LAYERS), tops - set(LAYERS)


def test_each_layer_imports_only_the_layers_below_it() -> None:
    upward = []
    for module, targets in _graph().items():
        here = _layer(module)
        if here is None:
            continue  # the package root wires everything together
        for target in targets:
            there = _layer(target)
            same_package = module.split(".")[1] == target.split(".")[1]
            if there is None or (not same_package and there >= here):
                upward.append(f"{module} -> {target}")
    assert upward == []


def test_no_module_imports_another_in_a_cycle() -> None:
    graph = _graph()
    # Tarjan's strongly connected components: a component of two or more is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    assert cycles == []
