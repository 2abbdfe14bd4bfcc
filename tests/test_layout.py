"""The README's layout names every module of the package: a module added
without its line fails here."""

from __future__ import annotations

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
