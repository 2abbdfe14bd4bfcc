"""Many months at once: every report of a list of files and folders, each
imported whole or not at all, the others going on when one fails."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ..core.errors import DmreportError
from . import convert_export, import_month
from .readers import FORMATS
from .report import ImportResult
from .write import write_month


def report_files(paths: list[Path]) -> list[Path]:
    """The files to import: those given, and the reports in given folders."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in FORMATS and not p.name.startswith(".")
            )
            if not found:
                raise DmreportError(
                    "no report to import in this folder",
                    path=path,
                    fix="the importer reads " + ", ".join(FORMATS),
                )
            files.extend(found)
        else:
            files.append(path)
    return files


def import_each(
    files: list[Path], month: str | None, root: Path, force: bool = False
) -> Iterator[ImportResult]:
    """Import every file; yield each month's result, a failed one with its
    error (nothing of that month written)."""
    if month is not None and len(files) > 1:
        raise DmreportError(
            f"--month names one month but {len(files)} reports were given",
            fix="import one report with --month, or let each report's title name its month",
        )
    done: dict[str, Path] = {}
    for source in files:
        try:
            result = _import_one(source, month, root, force, done)
        except DmreportError as exc:
            result = ImportResult(month or "", root / "reports", source, error=str(exc))
        except Exception as exc:  # a bug: report it, go on with the other months
            if os.environ.get("DMREPORT_DEBUG"):
                raise
            result = ImportResult(
                month or "",
                root / "reports",
                source,
                error=f"{source}: internal error: {type(exc).__name__}: {exc} "
                "(set DMREPORT_DEBUG=1 for the traceback and report it to the maintainers)",
            )
        else:
            done[result.month] = source
        yield result


def _import_one(
    source: Path, month: str | None, root: Path, force: bool, done: dict[str, Path]
) -> ImportResult:
    if month is not None:
        return import_month(source, month, root, force)
    pages, result = convert_export(source, None, root)
    if result.month in done:
        raise DmreportError(
            f"reports on {result.month}, as {done[result.month]} does",
            path=source,
            fix="import one report per month",
        )
    if result.directory.exists() and not force:
        raise DmreportError(f"{result.directory} already exists", fix="pass --force to replace it")
    write_month(
        result.directory, pages, result.source, result.where, result.pictures, result.listed
    )
    return result


__all__ = ["import_each", "import_month", "report_files"]
