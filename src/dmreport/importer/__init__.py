"""Import an archived monthly report into ``reports/YYYY-MM/``.

source file -> :mod:`.readers` (one per format: blocks) -> :mod:`.structure`
(pages by part and WBS code) -> :mod:`.records` (milestone records) ->
:mod:`.convert` (roles, citations, links) -> :mod:`.render` (MyST pages) ->
:mod:`.fidelity` (no word, no block lost) -> :mod:`.write` (the project's
checks, then one atomic write). :mod:`.batch` imports many months at once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..core.errors import DmreportError
from ..core.ids import JIRA_ROLES, SERIES_BY_ROLE, month_title, parse_month
from ..core.registry import CITATIONS_FILE, citation_label, load_bib, load_links, load_wbs
from .blocks import Reading
from .convert import InlineConverter
from .fidelity import FidelityReport, compare, page_words, source_words
from .heal import lines_of
from .readers import read_source
from .records import Record, milestone_records
from .render import RenderedPage, completeness, render_month
from .report import ImportResult
from .shape import Note, Structure, located
from .structure import structure
from .tally import structure_tally
from .write import check_pages, month_project, write_month


def month_of_reading(reading: Reading, shape: Structure, month: str | None) -> str:
    """The month to import as: ``month`` if given (it must agree with the
    report's title), else the month the title names."""
    if month is not None:
        parse_month(month)
        if shape.month_from_date:  # a guess from a full date: the option decides
            shape.notes = [n for n in shape.notes if n.line != shape.month_line]
        elif shape.month and shape.month != month:
            raise located(
                reading,
                shape.month_line,
                f"the export reports on {month_title(shape.month)} ({shape.month}), not {month}",
                f"import it with --month {shape.month}",
            )
        return month
    if not shape.month:
        first = reading.blocks[0].line if reading.blocks else 1
        raise DmreportError(
            "the report's month cannot be told: its title block names no month",
            path=reading.source,
            line=first,
            fix="give it with --month YYYY-MM",
        )
    return shape.month


def convert_reading(
    reading: Reading, month: str | None, root: Path
) -> tuple[list[RenderedPage], ImportResult]:
    """Convert a read source in memory and prove that nothing was lost."""
    wbs = load_wbs(root)
    bib = load_bib(root / CITATIONS_FILE)
    shape = structure(reading, wbs)
    month = month_of_reading(reading, shape, month)
    milestones = next((p for p in shape.pages if p.stem == "milestones"), None)
    records = milestone_records(milestones, wbs) if milestones else None
    if records is not None and records.problems:
        line, message = records.problems[0]
        raise located(reading, line, message, "give every row of the table a milestone id")
    converter = InlineConverter(load_links(root), bib)
    this_month = {
        item.id for item in (records.items if records else []) if isinstance(item, Record)
    }
    converter.known_milestones = set(month_project(root, month, []).milestones) | this_month
    pages = render_month(shape, month, wbs, converter, records)

    def role_text(name: str, content: str) -> str:
        if name.startswith("cite"):
            return " ".join(citation_label(bib, key) for key in content.split(","))
        if name in (*JIRA_ROLES, "milestone"):
            return content
        series = SERIES_BY_ROLE.get(name)
        return f"{series.prefix}-{content}" if series else content

    replaced = [*shape.replaced, *(records.replaced if records else [])]
    report = _words(reading, shape, pages, skip={r.line for r in replaced}, role_text=role_text)
    if not report.ok:
        first = report.missing[0].line
        raise DmreportError(
            "the converted pages lose words of the export:\n"
            + report.describe(str(reading.source), where=reading.where),
            path=reading.source,
            line=first,
            fix="this is a bug in the importer; the month was not written",
        )
    tallies = structure_tally(reading, shape, pages, records)
    shown = "".join(page.text for page in pages)
    pictures = {
        b.picture.name: b.picture for b in reading.blocks if b.picture and b.picture.path in shown
    }
    check_pages(pages, month, root, wbs, reading, converter.found.unknown_milestones)
    found = converter.found
    result = ImportResult(
        month=month,
        directory=root / "reports" / month,
        source=reading.source,
        pages=[page.filename for page in pages],
        references=found.references,
        tickets=found.tickets,
        documents=found.documents,
        citations=found.citations,
        milestones=found.milestones
        | {item.id for item in (records.items if records else []) if isinstance(item, Record)},
        unresolved=found.unresolved,
        healed=shape.healed,
        total_words=report.total,
        words=report.total - len(report.missing),
        dropped=reading.dropped,
        replaced=replaced,
        notes=[
            *shape.notes,
            *(records.notes if records else []),
            *(
                Note(
                    0,
                    f"milestone {name} is defined by no record or plan: listed in "
                    "data/milestones.yaml, so that its role links its page",
                )
                for name in sorted(found.unknown_milestones)
            ),
        ],
        structure=tallies,
        kept_targets=found.kept_targets,
        where=reading.where,
        pictures=list(pictures.values()),
        cover_lines=sum(len(lines_of(block)) for block in shape.cover),
        completeness=completeness(shape, wbs),
        listed=sorted(found.unknown_milestones),
    )
    return pages, result


def _words(
    reading: Reading,
    shape: Structure,
    pages: list[RenderedPage],
    skip: set[int],
    role_text: Callable[[str, str], str],
) -> FidelityReport:
    """Every word of the source in the pages, in order; a footnote's words
    in order wherever its page puts it (a PDF prints it mid-sentence)."""
    # The landing page first: it holds the cover, which comes first.
    output = [word for page in pages for word in page_words(page.text, role_text)]
    notes = [lines_of(b) for page in shape.pages for b in page.blocks if b.kind == "footnote"]
    floating = {line for lines in notes for line in lines}
    pictures = {b.line for b in reading.blocks if b.kind == "picture"}  # their descriptions
    skipped = skip | pictures | {d.line for d in reading.dropped}
    report = compare(source_words(reading.lines, skipped | floating), output)
    for lines in notes:
        words = [w for w in source_words(reading.lines, skipped) if w.line in set(lines)]
        found = compare(words, output)
        report = FidelityReport(report.missing + found.missing, report.total + found.total)
    return report


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
