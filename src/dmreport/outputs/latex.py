"""The LaTeX around the reports' text: the preamble every PDF shares and the
front (document info, title page, change record, contents) each PDF has,
rendered from the Jinja templates in ``dmreport/templates/latex``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from sphinx.util.texescape import escape

from .documents import AUTHOR, PdfDocument
from .logo import LOGO_NAME

#: What the running header says on the left of every page.
HEAD = "Rubin Observatory · DM Monthly Report"
VOLUME_HEAD = "Rubin Observatory · DM Monthly Reports"


@cache
def _templates() -> Environment:
    """Templates with Sphinx's LaTeX delimiters (braces are TeX's)."""
    return Environment(
        loader=PackageLoader("dmreport", "templates/latex"),
        block_start_string="<%",
        block_end_string="%>",
        variable_start_string="<%=",
        variable_end_string="%>",
        comment_start_string="<#",
        comment_end_string="#>",
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


def tex(text: str) -> str:
    """``text`` set literally by xelatex."""
    return escape(text, "xelatex")


def preamble() -> str:
    """The preamble every PDF shares."""
    return _templates().get_template("preamble.tex.jinja").render()


@dataclass(frozen=True)
class FrontInfo:
    """What a PDF's front says besides the document's own facts."""

    keywords: tuple[str, ...]  # the month(s) and the WBS elements reported on


def subject(document: PdfDocument) -> str:
    if document.volume:
        return (
            f"Vera C. Rubin Observatory Data Management monthly progress reports, {document.label}"
        )
    return f"Vera C. Rubin Observatory Data Management monthly progress report for {document.label}"


def front(document: PdfDocument, info: FrontInfo) -> str:
    """The document info, title page, change record and contents of ``document``."""
    changes = [
        {"version": tex(c.version), "date": tex(c.date), "description": tex(c.description)}
        for c in document.changes
    ]
    return (
        _templates()
        .get_template("front.tex.jinja")
        .render(
            title=tex(document.title),
            heading=tex(document.title.removesuffix(f": {document.label}")),
            label=tex(document.label),
            head=tex(VOLUME_HEAD if document.volume else HEAD),
            author=tex(AUTHOR),
            subject=tex(subject(document)),
            keywords=tex(", ".join(info.keywords)),
            issued=tex(document.issued),
            status=tex(document.status),
            draft=document.status != "Published",
            source=tex(document.source),
            source_date=tex(document.source_date),
            changes=changes,
            volume=document.volume,
            logo=LOGO_NAME,
            # Months: sections and their subsections; volumes: months and sections.
            tocdepth=1 if document.volume else 2,
            bookmark_level=r"\csname toclevel@part\endcsname"
            if document.volume
            else r"\csname toclevel@section\endcsname",
        )
    )


def epoch_line(document: PdfDocument) -> str:
    """The comment that tells the compiler the document's SOURCE_DATE_EPOCH."""
    return f"%% SOURCE_DATE_EPOCH={document.epoch if document.epoch is not None else ''}"
