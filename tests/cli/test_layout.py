"""The command line is one package on top of the library: nothing below it imports it
or argparse, and its modules import each other without a cycle (imports inside
functions included: a cycle hidden in a function is still one)."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import citecheck

PACKAGE = Path(citecheck.__file__).parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in it (absolute imports only: the
    package uses no relative ones)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            # `from citecheck.cli import table` imports the module citecheck.cli.table
            # (a package's __init__ runs first for any of its modules: not an edge).
            submodules = {f"{node.module}.{alias.name}" for alias in node.names} & set(MODULES)
            names.update(submodules)
            if len(submodules) < len(node.names):
                names.add(node.module)
    return names


@cache
def _graph() -> dict[str, set[str]]:
    return {name: {m for m in _imports(path) if m in MODULES and m != name}
            for name, path in MODULES.items()}


def _cycle_through(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    """A path of imports from ``start`` back to it, if there is one."""
    stack = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in graph[node]:
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def test_no_import_cycle_runs_through_the_cli() -> None:
    graph = _graph()
    cli = [name for name in graph if name == "citecheck.cli" or name.startswith("citecheck.cli.")]
    assert len(cli) > 5
    for name in cli:
        assert _cycle_through(name, graph) is None, " -> ".join(_cycle_through(name, graph) or ())


def test_no_command_module_imports_the_module_that_loads_it() -> None:
    graph = _graph()
    importers = {name for name, imported in graph.items() if "citecheck.cli.app" in imported}
    assert importers == {"citecheck.cli"}  # the package, for the entry point citecheck.cli:main


def test_only_the_cli_knows_the_command_line() -> None:
    for name, path in MODULES.items():
        if name in ("citecheck.cli", "citecheck.__main__") or name.startswith("citecheck.cli."):
            continue
        imported = _imports(path)
        assert "argparse" not in imported, name
        assert not any(m == "citecheck.cli" or m.startswith("citecheck.cli.")
                       for m in imported), name
