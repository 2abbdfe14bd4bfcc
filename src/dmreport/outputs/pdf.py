"""The formal PDFs: one per month and one volume per year, in the style of
Rubin's formal documents (Sphinx's LaTeX builder, xelatex, latexmk).

At ``config-inited`` the documents are read from ``reports/`` and git
(:mod:`.documents`) and become ``latex_documents``; the builder
(:mod:`.volumes`) writes each one's front and assembles the volumes; the
post-transforms (:mod:`.typeset`, :mod:`.bibliography`) shape tables,
headings and references for the page; :mod:`.compile` makes the PDFs.
No section numbers (the WBS codes are the numbers); ids and dates are never
broken across lines.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.ids import month_of
from ..ext.aggregates.home import LINK_TEXT
from ..ext.editions import is_shown
from ..ext.state import get_state
from .bibliography import FreshCitationNodes, OneEntryPerWork
from .compile import compile_pdfs, have_latex, install_hint
from .documents import AUTHOR, pdf_documents, pdf_name
from .latex import preamble
from .typeset import EmptyReferencesSections, MilestoneTablesForPrint, keep_headings_with_content
from .volumes import set_documents, setup_volumes

__all__ = ["compile_pdfs", "have_latex", "install_hint", "pdf_name", "setup_pdf"]

#: Sphinx's options of every PDF: Rubin's dark teal for headings.
SPHINX_SETUP = "TitleColor={HTML}{058B8C}"


def _configure(app: Sphinx, config: Config) -> None:
    """Derive ``latex_documents`` and the LaTeX style from the repository."""
    documents = pdf_documents(Path(app.srcdir), drafts=get_state(app).settings.preview)
    set_documents(app, documents)
    config.latex_documents = [
        (document.start, document.tex, document.title, AUTHOR, "howto", True)
        for document in documents
    ]
    elements = dict(config.latex_elements)
    elements.setdefault("papersize", "letterpaper")
    elements.setdefault("pointsize", "11pt")
    elements.setdefault("preamble", preamble())
    elements.setdefault("sphinxsetup", SPHINX_SETUP)
    elements.setdefault("figure_align", "H")  # charts stay beside their data
    elements.setdefault("makeindex", "")
    elements.setdefault("printindex", "")
    config.latex_elements = elements
    config.latex_engine = "xelatex"
    config.latex_show_urls = "no"
    config.latex_toplevel_sectioning = "section"


class PdfLink(SphinxPostTransform):
    """The month's landing page links its PDF first, under its title (its
    size and pages are added once it is compiled), and its year's volume
    (HTML only)."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: object) -> None:
        where = month_of(self.env.docname)
        if where is None or where.stem != "index" or not get_state(self.app).settings.pdf:
            return
        para = nodes.paragraph(classes=["dmreport-pdf"])
        para += nodes.reference(
            "",
            LINK_TEXT,
            refuri=pdf_name(where.month),
            classes=["dmreport-pdf-link"],
        )
        if is_shown(self.app, where.month):  # a year's volume holds the months shown
            year = where.month[:4]
            para += nodes.Text(" · ")
            para += nodes.reference(
                "", f"All of {year} in one volume (PDF)", refuri=f"../{pdf_name(year)}"
            )
        top = next(iter(self.document.findall(nodes.section)), None)
        if top is not None:
            top.insert(1, para)


def setup_pdf(app: Sphinx) -> None:
    setup_volumes(app)
    for transform in (
        MilestoneTablesForPrint,
        FreshCitationNodes,
        OneEntryPerWork,
        EmptyReferencesSections,
        PdfLink,
    ):
        app.add_post_transform(transform)
    app.connect("config-inited", _configure, priority=600)
    # After the aggregates are filled in (priority 500), so that charts count.
    app.connect("doctree-resolved", keep_headings_with_content, priority=900)
