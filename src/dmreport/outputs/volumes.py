"""Sphinx's LaTeX builder, made to write the reports' PDFs: each document
gets its own front (title page, change record, document info), and a year's
volume is assembled from its months, each a part, with the year's milestone
tracker as its closing part.

A volume starts at its first month's landing page (an entry of
``latex_documents`` must name a document Sphinx knows); which PDF an entry
is comes from its target file, so documents are written one at a time.
"""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.latex import LaTeXBuilder
from sphinx.builders.latex.theming import Theme
from sphinx.util.console import darkgreen
from sphinx.util.docutils import new_document
from sphinx.util.nodes import inline_all_toctrees

from ..core.ids import Month
from ..ext.aggregates.base import link, make_table, natural, para
from ..ext.aggregates.tracker import analyse
from ..ext.domain import TRACKER_DOC, get_domain, milestone_anchor
from ..ext.milestones import nowrap
from ..ext.state import get_state
from .documents import PdfDocument
from .latex import FrontInfo, epoch_line, front, pdfa_hyperref, tex, xmpdata
from .logo import ensure_logo
from .typeset import CHAPTER

_DOCUMENTS: WeakKeyDictionary[Sphinx, list[PdfDocument]] = WeakKeyDictionary()


def set_documents(app: Sphinx, documents: list[PdfDocument]) -> None:
    """The PDFs this build writes (made at ``config-inited``)."""
    _DOCUMENTS[app] = documents


def documents_of(app: Sphinx) -> list[PdfDocument]:
    return _DOCUMENTS.get(app, [])


def keywords(app: Sphinx, document: PdfDocument) -> tuple[str, ...]:
    """The months and the WBS elements (in WBS order) the document reports on."""
    months = {m.month for m in document.months}
    codes = {page.wbs for page in get_domain(app).pages.values() if page.month in months}
    ordered = [e.code for e in get_state(app).wbs.elements if e.code in codes]
    return ("Rubin Observatory", "Data Management", *sorted(months), *ordered)


def chapter(title: str, subtitle: str, anchor: str) -> nodes.raw:
    """A part of a volume: new page, contents entry, top-level bookmark."""
    text = CHAPTER + rf"{{{tex(title)}}}{{{tex(subtitle)}}}{{{anchor}}}"
    return nodes.raw("", text, format="latex")


def year_tracker(app: Sphinx, here: str, document: PdfDocument) -> list[nodes.Node]:
    """The year's milestone tracker: each milestone its reports of the year
    listed, with status, due-date changes, completion and flags."""
    months = {m.month for m in document.months}
    history = {
        milestone: [e for e in entries if e.month in months]
        for milestone, entries in get_domain(app).milestone_history().items()
    }
    history = {milestone: entries for milestone, entries in history.items() if entries}
    if not history:
        return [para(f"No milestones were reported in {document.name}.")]
    rows = []
    for milestone in sorted(history, key=natural):
        entries = history[milestone]
        facts = analyse(entries)
        first = para(nodes.target("", "", ids=[milestone_anchor(milestone)]))
        first += nodes.literal(text=milestone)
        statuses = nodes.paragraph()
        for i, entry in enumerate(entries):
            statuses += nodes.Text("; " if i else "")
            name = Month.parse(entry.month).abbreviation
            statuses += nowrap(
                link(app, here, entry.docname, f"{name} {entry.status}", entry.anchor)
            )
        due = [
            para(nowrap(nodes.Text(d or "—")), " from ", nowrap(nodes.Text(m)))
            for m, d in facts.changes
        ]
        rows.append(
            [
                [first],
                [para(facts.latest.title)],
                [statuses],
                due,
                [para("; ".join(facts.flags) or "—")],
            ]
        )
    headers = ["Milestone", "Title", "Status by report", "Due date", "Flags"]
    table = make_table(headers, rows, [16, 24, 20, 20, 20])
    flagged = sum(1 for entries in history.values() if analyse(entries).flags)
    summary = para(
        f"{len(history)} milestones in the reports of {document.label}; "
        f"{flagged} flagged for review. Each status links to the month's table."
    )
    return [summary, table]


class ReportLaTeXBuilder(LaTeXBuilder):
    """The LaTeX builder of the reports: fronts per document, year volumes."""

    name = "latex"

    def init(self) -> None:
        super().init()
        self.current: PdfDocument | None = None

    def write_documents(self, docnames: Set[str]) -> None:
        ensure_logo(Path(self.outdir))
        entries = self.document_data
        by_target = {document.tex: document for document in documents_of(self.app)}
        try:
            for entry in entries:
                self.current = by_target.get(entry[1])
                self.document_data = [entry]
                super().write_documents(docnames)
        finally:
            self.document_data = entries
            self.current = None

    def update_doc_context(self, title: str, author: str, theme: Theme) -> None:
        super().update_doc_context(title, author, theme)
        document = self.current
        if document is not None:
            info = FrontInfo(keywords(self.app, document))
            metadata = Path(self.outdir) / document.tex.replace(".tex", ".xmpdata")
            metadata.write_text(xmpdata(document, info), encoding="utf-8")
            self.context["hyperref"] = pdfa_hyperref(document)
            self.context["maketitle"] = epoch_line(document) + "\n" + front(document, info)
            self.context["tableofcontents"] = ""
            self.context["date"] = tex(document.issued)

    def assemble_doctree(
        self, indexfile: str, toctree_only: bool, appendices: list[str]
    ) -> nodes.document:
        if self.current is None or not self.current.volume:
            return super().assemble_doctree(indexfile, toctree_only, appendices)
        return self.assemble_volume(self.current)

    def assemble_volume(self, document: PdfDocument) -> nodes.document:
        """One part per month, then the year's milestone tracker."""
        starts = [month.start for month in document.months]
        included = {*starts, TRACKER_DOC}
        self.docnames = included
        tree = new_document("<latex output>")
        top = nodes.section()
        top += nodes.title(document.title, document.title)
        tree += top
        for month in document.months:
            subtitle = f"{month.title}. Date of issue: {month.issued}."
            subtitle += "" if month.status == "published" else " Draft."
            top += chapter(month.label, subtitle, f"dmreport:{month.month}")
            top.extend(list(self.env.get_doctree(month.start).findall(addnodes.toctree)))
        volume = inline_all_toctrees(self, included, document.start, tree, darkgreen, starts)
        volume["docname"] = document.start
        tracker = addnodes.start_of_file(docname=TRACKER_DOC)
        title = f"Milestone tracker {document.name}"
        tracker += chapter(title, "", f"dmreport:tracker-{document.name}")
        tracker.extend(year_tracker(self.app, document.start, document))
        next(iter(volume.findall(nodes.section))).append(tracker)
        self.env.resolve_references(volume, document.start, self)
        for pending in list(volume.findall(addnodes.pending_xref)):
            pending.replace_self(pending.children or nodes.Text(pending.get("reftarget", "")))
        return volume


def setup_volumes(app: Sphinx) -> None:
    app.add_builder(ReportLaTeXBuilder, override=True)
