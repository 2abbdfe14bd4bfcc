"""Import an exported monthly report into ``reports/YYYY-MM/``.

export file -> :mod:`.parse` (blocks, pages, healed page breaks) ->
:mod:`.convert` (roles, citations, links) -> :mod:`.render` (MyST pages) ->
:mod:`.fidelity` (no word lost) -> atomic write.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..core.errors import DmreportError
from ..core.ids import parse_month
from ..core.registry import (
    CITATIONS_FILE,
    citation_label,
    load_bib,
    load_links,
    load_wbs,
)
from .convert import InlineConverter
from .fidelity import compare, export_words, page_words
from .parse import parse_export
from .render import RenderedPage, render_month


@dataclass
class ImportResult:
    """What an import did, for the command line's report."""

    month: str
    directory: Path
    pages: list[str]
    references: Counter[str]
    tickets: set[str]
    documents: set[str]
    citations: set[str]
    unresolved: list[tuple[int, str]]
    healed: list[tuple[int, int]] = field(default_factory=list)
    words: int = 0


def convert_export(source: Path, month: str, root: Path) -> tuple[list[RenderedPage], ImportResult]:
    """Convert an export in memory and prove that no word was lost."""
    parse_month(month)
    wbs = load_wbs(root)
    bib = load_bib(root / CITATIONS_FILE)
    export = parse_export(source)
    for page in export.pages:
        if page.wbs and (page.wbs not in wbs.by_code or not wbs.by_code[page.wbs].slug):
            line = page.blocks[0].line if page.blocks else None
            raise DmreportError(
                f"WBS element {page.wbs} has no page in the WBS registry",
                path=source,
                line=line,
                fix=f"add it with a slug to {root / 'wbs/elements.yaml'}",
            )
    seen: dict[str, int] = {}
    for page in export.pages:
        line = page.blocks[0].line if page.blocks else 0
        if page.wbs and page.wbs in seen:
            raise DmreportError(
                f"WBS element {page.wbs} starts twice (lines {seen[page.wbs]} and {line})",
                path=source,
                line=line,
                fix="merge the two sections in the export into one",
            )
        seen[page.wbs] = line
    if export.month_line:
        stated = datetime.strptime(export.month_line, "%B %Y").strftime("%Y-%m")
        if stated != month:
            raise DmreportError(
                f"the export reports on {export.month_line} ({stated}), not {month}",
                path=source,
                line=export.month_line_no or None,
                fix=f"import it with --month {stated}",
            )
    converter = InlineConverter(load_links(root), bib)
    pages = render_month(export, month, wbs, converter)

    def role_text(name: str, content: str) -> str:
        if name.startswith("cite"):
            return " ".join(citation_label(bib, key) for key in content.split(","))
        if name in ("jira", "jirab", "milestone"):
            return content
        return f"{name.upper()}-{content}"

    output: list[str] = []
    for rendered in pages[1:]:
        output.extend(page_words(rendered.text, role_text))
    words = export_words(source.read_text(encoding="utf-8"), export.structural)
    report = compare(words, output)
    if not report.ok:
        raise DmreportError(
            "the converted pages lose words of the export:\n" + report.describe(str(source)),
            path=source,
            fix="this is a bug in the importer; the month was not written",
        )
    found = converter.found
    result = ImportResult(
        month=month,
        directory=root / "reports" / month,
        pages=[page.filename for page in pages],
        references=found.references,
        tickets=found.tickets,
        documents=found.documents,
        citations=found.citations,
        unresolved=found.unresolved,
        healed=export.healed,
        words=len(words),
    )
    return pages, result


def import_month(
    source: Path, month: str, root: Path = Path("."), force: bool = False
) -> ImportResult:
    """Import ``source`` as ``reports/<month>/`` under ``root``, atomically."""
    target = root / "reports" / parse_month(month)
    if target.exists() and not force:
        raise DmreportError(f"{target} already exists", fix="pass --force to replace it")
    pages, result = convert_export(source, month, root)
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
    return result
