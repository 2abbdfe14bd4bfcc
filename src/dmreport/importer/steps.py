"""The import of one month as named steps over one record.

:data:`STEPS` lists them in the order they run. Each takes the month's
:class:`Conversion` and fills its part of it: what the later steps need,
and what the import report shows (:attr:`Conversion.result`). A step that
finds the month cannot be imported raises a located error; nothing is
written until every step has run (:func:`~dmreport.importer.import_month`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database import BibliographyData

from ..core.errors import DmreportError
from ..core.ids import JIRA_ROLES, SERIES_BY_ROLE, month_title, parse_month
from ..core.registry import (
    CITATIONS_FILE,
    WbsRegistry,
    citation_label,
    load_bib,
    load_links,
    load_wbs,
)
from .blocks import Reading
from .convert import InlineConverter
from .fidelity import FidelityReport, compare, page_words, source_words
from .heal import lines_of
from .records import Record, Records, milestone_records
from .render import RenderedPage, completeness, render_month
from .report import ImportResult
from .shape import Note, Structure, located
from .structure import structure
from .tally import structure_tally
from .write import check_pages, month_project


@dataclass
class Conversion:
    """One month on its way from a reading to pages: the inputs, what each
    step made, and the result the command line shows."""

    reading: Reading
    root: Path
    #: The month asked for (``--month``); the month imported is the result's.
    asked: str | None
    #: What the import report shows; each step fills its part.
    result: ImportResult = field(init=False)
    #: Set by :func:`load_registries`.
    wbs: WbsRegistry = field(init=False)
    bib: BibliographyData = field(init=False)
    #: Set by :func:`place_blocks`: the month as pages of blocks.
    shape: Structure = field(init=False)
    #: Set by :func:`read_records` (None: the month has no Milestone Summary).
    records: Records | None = field(default=None, init=False)
    #: Set by :func:`render_pages`: the converter and the pages, landing page first.
    converter: InlineConverter = field(init=False)
    pages: list[RenderedPage] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        reading = self.reading
        self.result = ImportResult(  # its month and folder: set by choose_month
            self.asked or "",
            self.root / "reports",
            reading.source,
            dropped=reading.dropped,
            where=reading.where,
        )


def load_registries(conversion: Conversion) -> None:
    """The WBS registry and the bibliography of the project."""
    conversion.wbs = load_wbs(conversion.root)
    conversion.bib = load_bib(conversion.root / CITATIONS_FILE)


def place_blocks(conversion: Conversion) -> None:
    """Every block into the month's pages (:mod:`.structure`); what the
    layout replaced and the decisions taken go to the result."""
    shape = conversion.shape = structure(conversion.reading, conversion.wbs)
    result = conversion.result
    result.healed = shape.healed
    result.replaced += shape.replaced
    result.notes += shape.notes
    result.cover_lines = sum(len(lines_of(block)) for block in shape.cover)
    result.completeness = completeness(shape, conversion.wbs)


def choose_month(conversion: Conversion) -> None:
    """The month to import as: the one asked for (it must agree with the
    report's title), else the month the title names."""
    reading, shape, month = conversion.reading, conversion.shape, conversion.asked
    result = conversion.result
    if month is not None:
        parse_month(month)
        if shape.month_from_date:  # a guess from a full date: the option decides
            result.notes = [n for n in result.notes if n.line != shape.month_line]
        elif shape.month and shape.month != month:
            raise located(
                reading,
                shape.month_line,
                f"the export reports on {month_title(shape.month)} ({shape.month}), not {month}",
                f"import it with --month {shape.month}",
            )
    elif not shape.month:
        first = reading.blocks[0].line if reading.blocks else 1
        raise DmreportError(
            "the report's month cannot be told: its title block names no month",
            path=reading.source,
            line=first,
            fix="give it with --month YYYY-MM",
        )
    result.month = month or shape.month
    result.directory = conversion.root / "reports" / result.month


def read_records(conversion: Conversion) -> None:
    """The milestone records of the Milestone Summary page, if there is one
    (:mod:`.records`); a row without a milestone id stops the import."""
    page = next((p for p in conversion.shape.pages if p.stem == "milestones"), None)
    if page is None:
        return
    records = conversion.records = milestone_records(page, conversion.wbs)
    if records.problems:
        line, message = records.problems[0]
        raise located(
            conversion.reading, line, message, "give every row of the table a milestone id"
        )
    conversion.result.replaced += records.replaced
    conversion.result.notes += records.notes


def render_pages(conversion: Conversion) -> None:
    """The pages as MyST (:mod:`.render`), inline text made roles, citations
    and links (:mod:`.convert`); what the conversion met goes to the result."""
    root, month, result = conversion.root, conversion.result.month, conversion.result
    converter = conversion.converter = InlineConverter(load_links(root), conversion.bib)
    defined = _record_ids(conversion.records)
    converter.known_milestones = set(month_project(root, month, []).milestones) | defined
    pages = conversion.pages = render_month(
        conversion.shape, month, conversion.wbs, converter, conversion.records
    )
    found = result.found = converter.found
    result.milestones = found.milestones | defined
    result.notes += [
        Note(
            0,
            f"milestone {name} is defined by no record or plan: listed in "
            "data/milestones.yaml, so that its role links its page",
        )
        for name in sorted(found.unknown_milestones)
    ]
    result.pages = [page.filename for page in pages]
    shown = "".join(page.text for page in pages)
    blocks = conversion.reading.blocks
    pictures = {b.picture.name: b.picture for b in blocks if b.picture and b.picture.path in shown}
    result.pictures = list(pictures.values())


def prove_words(conversion: Conversion) -> None:
    """Every word of the source in the pages, in order (:mod:`.fidelity`):
    the import stops, naming the first word lost, if one is not."""
    reading, bib = conversion.reading, conversion.bib

    def role_text(name: str, content: str) -> str:
        if name.startswith("cite"):
            return " ".join(citation_label(bib, key) for key in content.split(","))
        if name in (*JIRA_ROLES, "milestone"):
            return content
        series = SERIES_BY_ROLE.get(name)
        return f"{series.prefix}-{content}" if series else content

    skip = {r.line for r in conversion.result.replaced}
    report = _words(reading, conversion.shape, conversion.pages, skip, role_text)
    if not report.ok:
        first = report.missing[0].line
        raise DmreportError(
            "the converted pages lose words of the export:\n"
            + report.describe(str(reading.source), where=reading.where),
            path=reading.source,
            line=first,
            fix="this is a bug in the importer; the month was not written",
        )
    conversion.result.total_words = report.total
    conversion.result.words = report.total - len(report.missing)


def tally_structure(conversion: Conversion) -> None:
    """Every kind of structure found and where it went (:mod:`.tally`); a
    page that does not show what was rendered on it stops the import."""
    conversion.result.structure = structure_tally(
        conversion.reading, conversion.shape, conversion.pages, conversion.records
    )


def check_month(conversion: Conversion) -> None:
    """The project's checks on the pages before they are written (:mod:`.write`)."""
    check_pages(
        conversion.pages,
        conversion.result.month,
        conversion.root,
        conversion.wbs,
        conversion.reading,
        conversion.result.found.unknown_milestones,
    )


Step = Callable[[Conversion], None]

#: The import of one month, in order.
STEPS: tuple[Step, ...] = (
    load_registries,
    place_blocks,
    choose_month,
    read_records,
    render_pages,
    prove_words,
    tally_structure,
    check_month,
)


def convert(reading: Reading, month: str | None, root: Path) -> Conversion:
    """Run every step on ``reading``, as ``month`` (None: the one it names)."""
    conversion = Conversion(reading, root, month)
    for step in STEPS:
        step(conversion)
    return conversion


def _record_ids(records: Records | None) -> set[str]:
    """The milestones the month's records define."""
    return {item.id for item in (records.items if records else []) if isinstance(item, Record)}


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
