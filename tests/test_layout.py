"""The package's layout: the README names every module (a module added
without its line fails here), and no two modules import each other."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "src" / "dmreport"


def named_modules(readme: str) -> set[str]:
    """Modules the layout tables name: a path under ``src/dmreport/``, or a
    bare file name after it in the same row (a sibling of the last path)."""
    start = readme.index("## Layout")
    layout = readme[start : readme.index("\n## ", start + 3)]
    named: set[str] = set()
    for row in layout.splitlines():
        if not row.startswith("| `"):
            continue
        folder = ""
        for token in re.findall(r"`([^`]+)`", row.split("|")[1]):
            if "/" in token:
                folder = token.rsplit("/", 1)[0] if token.endswith(".py") else token.rstrip("/")
                named.add(token)
            if token.endswith(".py") and "/" not in token:
                named.add(f"{folder}/{token}" if folder else token)
        for token in re.findall(r"`(\w+)`", row):  # tools/bench/: `archive`, `run`, ...
            if folder:
                named.add(f"{folder}/{token}.py")
    return named


def test_the_readme_names_every_module(repo: Path) -> None:
    named = named_modules((repo / "README.md").read_text(encoding="utf-8"))
    modules = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name not in ("__init__.py", "__main__.py")
    }
    assert modules - named == set()
    assert len(modules) > 100


#: Cycles not yet removed (none): a new one fails.
KNOWN_CYCLES: list[set[str]] = []


def _module_name(path: Path) -> str:
    """``importer/readers/pdf.py`` as ``importer.readers.pdf``; a package by its folder."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Each module of the package and the modules of the package it imports:
    at module level, inside functions and under ``TYPE_CHECKING`` alike."""
    paths = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                targets = [(a.name.removeprefix("dmreport").lstrip("."), "") for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
                targets = [(module, a.name) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dmreport"):
                module = (node.module or "").removeprefix("dmreport").lstrip(".")
                targets = [(module, a.name) for a in node.names]
            else:
                continue
            for module, member in targets:
                submodule = f"{module}.{member}".lstrip(".")
                imported.add(submodule if submodule in paths else module)
        graph[name] = (imported & set(paths)) - {name}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The groups of modules that import each other, directly or not."""
    reach: dict[str, set[str]] = {}
    for start in graph:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for found in graph[todo.pop()] - seen:
                seen.add(found)
                todo.append(found)
        reach[start] = seen
    groups = {frozenset(n for n in reach[m] if m in reach[n]) for m in graph if m in reach[m]}
    return sorted((set(group) for group in groups), key=sorted)


def test_the_import_graph_is_read() -> None:
    graph = import_graph()
    assert "importer.blocks" in graph["importer.pictures"]
    assert "importer.readers.pdf_records" in graph["importer.readers.pdf"]
    assert "checks.project" in graph["checks.page"]  # under TYPE_CHECKING
    assert "tools.build" in graph["tools.cli"]  # inside a function


def test_no_module_imports_itself_through_others() -> None:
    assert import_cycles(import_graph()) == KNOWN_CYCLES
