"""The last steps of an import: the project's own page checks on the pages
about to be written, then one atomic write of the month's folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..checks import check_text
from ..core.errors import DmreportError
from ..core.registry import WbsRegistry
from .blocks import Reading
from .render import RenderedPage


def source_line(page: RenderedPage, line: int) -> int:
    """The source line a page line came from (the block that starts at or before it)."""
    found = 0
    for page_line, source in page.origins:
        if page_line > line:
            break
        found = source
    return found or (page.origins[0][1] if page.origins else 0)


def check_pages(
    pages: list[RenderedPage], month: str, root: Path, wbs: WbsRegistry, reading: Reading
) -> None:
    """Run ``dmreport check``'s rules on the pages; refuse the month, naming
    the source line, if any page would fail them."""
    for page in pages:
        problems = check_text(f"reports/{month}/{page.filename}", page.text, root, wbs)
        if problems:
            first = problems[0]
            line = source_line(page, first.line)
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            origin = reading.origins.get(line)
            raise DmreportError(
                f"the imported page would fail the project's checks: {first}{more}"
                + (f" ({origin})" if origin else ""),
                path=reading.source,
                line=line or None,
                fix="correct the export there, or the importer; the month was not written",
            )


def write_month(target: Path, pages: list[RenderedPage]) -> None:
    """Write the pages as ``target``, replacing it whole or not at all."""
    month = target.name
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{month}-", dir=target.parent))
    try:
        for page in pages:
            (staging / page.filename).write_text(page.text, encoding="utf-8")
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{month}-old-", dir=target.parent))
            os.replace(target, retired / month)
            os.replace(staging, target)
            shutil.rmtree(retired)
        else:
            os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
