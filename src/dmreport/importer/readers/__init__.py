"""One reader per source format, each yielding a :class:`~..blocks.Reading`.

The format follows the file's extension. A new format is one module here
and one line in :data:`FORMATS`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from ...core.errors import DmreportError
from ..blocks import Reading
from .text import blocks_from_lines, read_text

#: Extensions the importer reads, and what they hold.
FORMATS = {
    ".txt": "text export",
    ".md": "Markdown",
    ".docx": "Word or Google Docs document",
    ".pdf": "PDF",
}


def read_source(path: Path) -> Reading:
    """Read ``path`` with the reader of its format."""
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        return read_text(path)
    if suffix not in FORMATS:
        raise DmreportError(
            f"cannot import a {suffix or 'file without extension'} file",
            path=path,
            fix="the importer reads " + ", ".join(FORMATS),
        )
    if not path.is_file():
        raise DmreportError("export file not found", path=path)
    name = suffix[1:]
    try:  # lazily: python-docx and pdfplumber load only when needed
        module = importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError as exc:
        raise DmreportError(
            f"the {FORMATS[suffix]} reader is not available (no module {exc.name})",
            path=path,
            fix="import the report's text export (.txt) instead",
        ) from None
    reader: Callable[[Path], Reading] = getattr(module, f"read_{name}")
    return reader(path)


__all__ = ["FORMATS", "blocks_from_lines", "read_source", "read_text"]
