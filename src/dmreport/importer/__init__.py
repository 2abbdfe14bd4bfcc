"""Import an archived monthly report into ``reports/YYYY-MM/``.

source file -> :mod:`.readers` (one per format: blocks) -> :mod:`.steps`
(the month's conversion as named steps, listed in :data:`.steps.STEPS`:
pages, month, milestone records, MyST, every word kept, the checks) ->
:mod:`.write` (one atomic write). :mod:`.batch` imports many months at once.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import DmreportError
from ..core.ids import parse_month
from .blocks import Reading
from .readers import read_source
from .render import RenderedPage
from .report import ImportResult
from .steps import convert
from .write import write_month


def convert_reading(
    reading: Reading, month: str | None, root: Path
) -> tuple[list[RenderedPage], ImportResult]:
    """Convert a read source in memory and prove that nothing was lost."""
    conversion = convert(reading, month, root)
    return conversion.pages, conversion.result


def convert_export(
    source: Path, month: str | None, root: Path
) -> tuple[list[RenderedPage], ImportResult]:
    """Read ``source`` (any supported format) and convert it in memory."""
    if month is not None:
        parse_month(month)
    return convert_reading(read_source(source), month, root)


def import_month(
    source: Path, month: str | None = None, root: Path = Path("."), force: bool = False
) -> ImportResult:
    """Import ``source`` as ``reports/<month>/`` under ``root``, atomically:
    every page written, or none."""
    if month is not None:
        target = root / "reports" / parse_month(month)
        if target.exists() and not force:
            raise DmreportError(f"{target} already exists", fix="pass --force to replace it")
    pages, result = convert_export(source, month, root)
    if result.directory.exists() and not force:
        raise DmreportError(f"{result.directory} already exists", fix="pass --force to replace it")
    write_month(
        result.directory, pages, result.source, result.where, result.pictures, result.listed
    )
    return result


__all__ = [
    "ImportResult",
    "RenderedPage",
    "convert_export",
    "convert_reading",
    "import_month",
    "read_source",
]
