"""The package's shape: one registry of identifiers, importer and core
without Sphinx, small modules, no private names across modules, typed."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dmreport.core.ids import DOCUMENT_SERIES, JIRA_PROJECTS

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "dmreport"
MODULES = sorted(PACKAGE.rglob("*.py"))


def _relative(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


@pytest.mark.parametrize("module", ["dmreport", "dmreport.core", "dmreport.core.ids",
                                    "dmreport.importer", "dmreport.checks"])  # fmt: skip
def test_imports_without_sphinx(module: str) -> None:
    code = (
        f"import sys; sys.modules['sphinx'] = None; import {module}; import dmreport.core.registry"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_modules_are_small() -> None:
    long = {_relative(p): n for p in MODULES if (n := len(p.read_text("utf-8").splitlines())) > 400}
    assert long == {}


def test_no_private_name_imported_across_modules() -> None:
    found = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level > 0:
                private = [a.name for a in node.names if a.name.startswith("_")]
                if private:
                    found.append(f"{_relative(path)}: {private}")
    assert found == []


def test_few_type_ignores_each_with_a_reason() -> None:
    ignores = [
        (_relative(p), line)
        for p in MODULES
        for line in p.read_text("utf-8").splitlines()
        if "type: ignore" in line
    ]
    assert len(ignores) <= 3, ignores
    assert all(re.search(r"type: ignore\[[\w-]+\]\s+#\s*\S", line) for _, line in ignores), ignores


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            found.add(id(body[0].value))
    return found


def test_identifier_series_are_spelled_once() -> None:
    """Only core/ids.py lists series or Jira projects: no other module holds
    a regex alternation of two of them or a collection of two of them."""
    names = {s.prefix for s in DOCUMENT_SERIES} | set(JIRA_PROJECTS)
    names |= {name.lower() for name in names}
    alternation = re.compile(
        r"\b(?:" + "|".join(names) + r")\b\|\(?\b(?:" + "|".join(names) + r")\b"
    )
    offenders = []
    for path in MODULES:
        if _relative(path) == "core/ids.py":
            continue
        tree = ast.parse(path.read_text("utf-8"))
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) not in docstrings and alternation.search(node.value):
                    offenders.append(f"{_relative(path)}:{node.lineno}: {node.value[:60]!r}")
            elif isinstance(node, ast.Tuple | ast.List | ast.Set):
                listed = [e.value for e in node.elts if isinstance(e, ast.Constant)]
                if len([v for v in listed if v in names]) >= 2:
                    offenders.append(f"{_relative(path)}:{node.lineno}: {listed[:6]}")
    assert offenders == []


def test_month_patterns_in_at_most_two_modules() -> None:
    month = re.compile(r"\\d\{4\}-(?:\\d\{2\}|\(\?:0\[1-9\])(?!-)")
    holders = [_relative(p) for p in MODULES if month.search(p.read_text("utf-8"))]
    assert len(holders) <= 2, holders


def test_date_forms_in_one_module() -> None:
    """Only core/dates.py spells a date's pattern or the months' names."""
    forms = re.compile(
        r"\\d\{4\}-\\d\{2\}-\\d\{2\}|\\d\{1,2\}/\\d\{1,2\}/|strptime"
        r"|calendar\.month_(?:name|abbr)|\"January\""
    )
    holders = [_relative(p) for p in MODULES if forms.search(p.read_text("utf-8"))]
    assert holders == ["core/dates.py"]


def test_no_module_splits_a_month_key() -> None:
    """A month is a :class:`~dmreport.core.ids.Month`, never a key split on "-"."""
    splitters = [_relative(p) for p in MODULES if 'split("-")' in p.read_text("utf-8")]
    assert splitters == []
