"""The build stamp: a digest of everything a build reads, checked before
Sphinx starts, so that a build with nothing changed does nothing.

The digest covers the content of every file of the repository a build can
read (sources, data, templates, static files, ``conf.py``, the package and
the pinned requirements), the commit checked out (pages show their last
change), the environment variables the build obeys, the Python version and
the build's options. It is written beside the output after a build that
succeeded, with the outputs that build made; a missing or changed output is
a reason to build again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from ..core.git import git_head

#: Folders no build reads: version control, outputs, environments, caches, tests.
SKIPPED = frozenset(
    {
        ".git", "_build", ".nox", ".tools", ".venv", "node_modules", "__pycache__",
        ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", "tests",
    }
)  # fmt: skip
#: Environment variables that change what a build makes.
ENVIRONMENT = ("DMREPORT_EDITION", "SOURCE_DATE_EPOCH", "DMREPORT_EDITIONS")
STAMP = "build-stamp.json"


def _files(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED)
        for name in sorted(files):
            yield Path(folder, name)


def package_root() -> Path:
    return Path(__file__).resolve().parents[1]


def input_digest(root: Path, options: dict[str, object]) -> str:
    """The digest of everything a build of ``root`` with ``options`` reads."""
    digest = hashlib.blake2b(digest_size=20)
    head = {
        "options": options,
        "commit": git_head(root),
        "environment": {name: os.environ.get(name) for name in ENVIRONMENT},
        "python": sys.version,
    }
    digest.update(json.dumps(head, sort_keys=True, default=str).encode())
    package = package_root()
    trees = [root] if package.is_relative_to(root) else [root, package]
    for tree in trees:
        for path in _files(tree):
            digest.update(str(path.relative_to(tree)).encode() + b"\0")
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"\1unreadable")
            digest.update(b"\0")
    return digest.hexdigest()


def _outputs(paths: list[Path]) -> dict[str, list[int]]:
    found = {}
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        found[str(path)] = [info.st_size, info.st_mtime_ns]
    return found


def is_current(folder: Path, digest: str) -> bool:
    """Whether the last build into ``folder`` read exactly these inputs and
    its outputs are still there, unchanged."""
    try:
        stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(stamp, dict) or stamp.get("digest") != digest:
        return False
    outputs = stamp.get("outputs") or {}
    return bool(outputs) and _outputs([Path(p) for p in outputs]) == outputs


def write_stamp(folder: Path, digest: str, outputs: list[Path]) -> None:
    """Record a successful build of these inputs and the outputs it made."""
    data = {"digest": digest, "outputs": _outputs(outputs)}
    target = folder / STAMP
    partial = target.with_suffix(".tmp")
    partial.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    partial.replace(target)


def clear_stamp(folder: Path) -> None:
    (folder / STAMP).unlink(missing_ok=True)
