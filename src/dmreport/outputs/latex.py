"""The LaTeX around the reports' text: the preamble every PDF shares, the
front (document info, title page, change record, contents) each PDF has,
rendered from the Jinja templates in ``dmreport/templates/latex``, and what
makes each PDF a PDF/A-2b (``pdfx``, its ``.xmpdata`` metadata)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
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


def identifier(document: PdfDocument) -> str:
    """The document's identifier: the original's handle, or the PDF's name."""
    return document.handle or document.pdf.removesuffix(".pdf")


def xmp_text(text: str) -> str:
    """``text`` for a field of ``.xmpdata`` (TeX's special characters quoted)."""
    return re.sub(r"([&%$#_{}\\])", r"\\\1", " ".join(text.split()))


def xmpdata(document: PdfDocument, info: FrontInfo) -> str:
    """``\\jobname.xmpdata``: the XMP metadata ``pdfx`` writes into the PDF/A
    (the keywords in ``dc:subject`` only: pdfx writes no ``/Keywords``)."""
    fields = {
        "Title": xmp_text(document.title),
        "Author": xmp_text(AUTHOR),
        "Subject": xmp_text(subject(document)),
        "Keywords": r"\sep ".join(xmp_text(keyword) for keyword in info.keywords),
        "Date": document.issued,
        "Publisher": "Vera C. Rubin Observatory",
        "Identifier": xmp_text(identifier(document)),
        "Language": "en-US",
    }
    return "".join(f"\\{key}{{{value}}}\n" for key, value in fields.items())


def pdfa_hyperref(document: PdfDocument) -> str:
    """Sphinx's ``hyperref`` element for a PDF/A-2b: ``pdfx`` (which loads
    hyperref) told the creation date, as xdvipdfmx takes it from
    ``SOURCE_DATE_EPOCH``."""
    when = (
        datetime.fromtimestamp(document.epoch, tz=UTC)
        if document.epoch is not None
        else datetime.now(tz=UTC)
    )
    return (
        f"\\edef\\pdfcreationdate{{\\string D:{when:%Y%m%d%H%M%S}+00'00'}}\n"
        "\\usepackage[a-2b]{pdfx}\n"
        "\\usepackage{hypcap}\n"
        "\\urlstyle{same}"
    )


def pdf_string(text: str) -> str:
    """``text`` inside a PDF string's parentheses."""
    return re.sub(r"([()\\])", r"\\\1", text)


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
            issued=tex(document.issued),
            info=f"/SourceCommit ({pdf_string(document.source)}) /IssueDate ({document.issued})",
            cover=[(tex(name), tex(value)) for name, value in document.cover],
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
