"""The DOCX and PDF readers: structure, links, footnotes, tables, page
furniture and hyphenation, on documents built here and on the month's own
PDF."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from pypdf import PdfReader

from dmreport.checks import check_paths
from dmreport.core.errors import DmreportError
from dmreport.core.ids import (
    JIRA_ROLES,
    SERIES_BY_ROLE,
    TICKET,
    document_of_url,
    ticket_of_url,
)
from dmreport.importer import ImportResult, import_month
from dmreport.importer.blocks import Block, Reading
from dmreport.importer.readers.docx import read_docx
from dmreport.importer.readers.pdf import read_pdf
from dmreport.importer.readers.pdf_flow import Vocabulary, hyphenation
from dmreport.outputs.pdf import have_latex
from dmreport.tools.build import BuildResult

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LINK = re.compile(r"\[(?P<text>(?:[^\[\]]|\\\[|\\\])+)\]\((?P<target>[^)\s]+)\)")
MONTH = "2020-01"
ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<content>[^`]*)`")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
FENCE = re.compile(r"^```\{(?P<name>[\w-]+)\}(?P<arg>[^\n]*)\n(?P<body>.*?)^```$", re.S | re.M)
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$", re.M)


def links(blocks: list[Block]) -> list[tuple[str, str]]:
    """(text, target) of every Markdown link in the blocks and table cells."""
    found: list[tuple[str, str]] = []
    for block in blocks:
        texts = [block.text] if block.kind != "table" else [c for r in block.rows for c in r]
        for text in texts:
            found.extend((m["text"], m["target"]) for m in LINK.finditer(text))
    return found


def words(text: str) -> list[str]:
    text = LINK.sub(lambda m: m["text"], text)
    return [w.casefold() for w in re.findall(r"\w+", re.sub("[⁰¹²³⁴⁵⁶⁷⁸⁹]", " ", text))]


# -- DOCX ----------------------------------------------------------------------


def _hyperlink(paragraph, text: str, url: str = "", anchor: str = "") -> None:
    """Append a ``w:hyperlink`` (external with a relationship, or internal)."""
    link = OxmlElement("w:hyperlink")
    if url:
        link.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
    else:
        link.set(qn("w:anchor"), anchor)
    run = OxmlElement("w:r")
    node = OxmlElement("w:t")
    node.text = text
    node.set(qn("xml:space"), "preserve")
    run.append(node)
    link.append(run)
    paragraph._p.append(link)


def _field_link(paragraph, text: str, url: str) -> None:
    """A hyperlink written as a complex ``HYPERLINK`` field (older Word)."""
    parts = [
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r><w:instrText xml:space="preserve"> HYPERLINK "{url}" </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r><w:t>{text}</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ]
    for xml in parts:
        paragraph._p.append(parse_xml(f'<w:wrap xmlns:w="{W_NS}">{xml}</w:wrap>')[0])


def _footnote_reference(paragraph, note: int) -> None:
    paragraph._p.append(
        parse_xml(
            f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{note}"/></w:r>'
        )
    )


def _add_footnotes(document, notes: dict[int, str]) -> None:
    """The footnotes part python-docx has no API for."""
    body = "".join(
        f'<w:footnote w:id="{number}"><w:p><w:r><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        for number, text in notes.items()
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        f"</w:footnote>{body}</w:footnotes>"
    ).encode()
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml, document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def _numbered(paragraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/>'
            f'<w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


@pytest.fixture(scope="module")
def report_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small monthly report as Word writes it."""
    document = Document()
    document.add_paragraph("Data Management Monthly Report", style="Title")
    document.add_paragraph("March 2021")
    document.add_heading("High-level Summary", level=1)
    document.add_heading("Technical Progress", level=2)
    paragraph = document.add_paragraph("The team supported commissioning of LATISS")
    _footnote_reference(paragraph, 1)
    paragraph.add_run(" and attended the ")
    _hyperlink(paragraph, "Algorithms Workshop", url="https://example.org/law/")
    paragraph.add_run("; see ")
    _hyperlink(paragraph, "Holman et al, 2018", anchor="_Ref_holman")
    paragraph.add_run(". The work was ")
    paragraph.add_run("very").italic = True
    paragraph.add_run(" ")
    paragraph.add_run("successful").bold = True
    paragraph.add_run(".")
    document.add_heading("Milestone Summary", level=1)
    document.add_heading("Milestones Delayed", level=2)
    table = document.add_table(rows=3, cols=5)
    cells = [
        ["Milestone", "Title", "Due", "Status", "Explanation"],
        ["DM-DRP-8", "Calibration products", "2020-01-21", "delayed", "Waiting for data."],
        ["DM-SUIT-5", "Search processed data", "2019-02-28", "delayed", "See "],
    ]
    for row, values in zip(table.rows, cells, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    _hyperlink(
        table.rows[2].cells[4].paragraphs[0], "DM-22559", url="https://jira.example/DM-22559"
    )
    document.add_paragraph("Detailed Project Progress")
    document.add_heading("1.02C.04: Data Release Production", level=1)
    document.add_heading("Current accomplishments", level=2)
    document.add_heading("02C.04.01 – Software Primitives", level=3)
    item = document.add_paragraph("Middleware development ", style="List Bullet")
    _hyperlink(item, "DM-21254", url="https://rubinobs.atlassian.net/browse/DM-21254")
    item.add_run(":")
    nested = document.add_paragraph("Converted the ", style="List Bullet 2")
    _field_link(nested, "pipe_tasks", "https://github.com/lsst/pipe_tasks")
    nested.add_run(" package.")
    deeper = document.add_paragraph("Numbered by the paragraph itself.", style="List Paragraph")
    _numbered(deeper, 1, 2)
    document.add_paragraph("Back at the top level.", style="List Bullet")
    document.add_heading("Planned activities", level=2)
    document.add_paragraph("Run the first campaign.", style="List Number")
    document.add_paragraph("Report on it.", style="List Number")
    document.add_heading("Staffing update", level=2)
    document.add_paragraph("Nothing reported.")
    _add_footnotes(
        document, {1: "The LSST Atmospheric Transmission Imager and Slitless Spectrograph."}
    )
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def docx_reading(report_docx: Path) -> Reading:
    return read_docx(report_docx)


def test_docx_headings_and_levels(docx_reading: Reading) -> None:
    headings = [(b.level, b.text) for b in docx_reading.blocks if b.kind == "heading"]
    assert headings == [
        (0, "Data Management Monthly Report"),
        (1, "High-level Summary"),
        (2, "Technical Progress"),
        (1, "Milestone Summary"),
        (2, "Milestones Delayed"),
        (1, "1.02C.04: Data Release Production"),
        (2, "Current accomplishments"),
        (3, "02C.04.01 – Software Primitives"),
        (2, "Planned activities"),
        (2, "Staffing update"),
    ]
    paras = [b.text for b in docx_reading.blocks if b.kind == "para"]
    assert "March 2021" in paras
    assert "Detailed Project Progress" in paras


def test_docx_lists(docx_reading: Reading) -> None:
    items = [(b.level, b.ordered, b.text) for b in docx_reading.blocks if b.kind == "item"]
    assert items == [
        (
            0,
            False,
            "Middleware development [DM-21254](https://rubinobs.atlassian.net/browse/DM-21254):",
        ),
        (1, False, "Converted the [pipe_tasks](https://github.com/lsst/pipe_tasks) package."),
        (2, False, "Numbered by the paragraph itself."),
        (0, False, "Back at the top level."),
        (0, True, "Run the first campaign."),
        (0, True, "Report on it."),
    ]


def test_docx_links_footnote_and_emphasis(docx_reading: Reading) -> None:
    paragraph = next(b for b in docx_reading.blocks if b.text.startswith("The team"))
    assert paragraph.text == (
        "The team supported commissioning of LATISS¹ and attended the "
        "[Algorithms Workshop](https://example.org/law/); see [Holman et al, 2018](#). "
        "The work was *very* **successful**."
    )
    footnote = docx_reading.blocks[docx_reading.blocks.index(paragraph) + 1]
    assert footnote.kind == "footnote"
    assert footnote.text == "¹ The LSST Atmospheric Transmission Imager and Slitless Spectrograph."
    assert ("DM-22559", "https://jira.example/DM-22559") in links(docx_reading.blocks)


def test_docx_table(docx_reading: Reading) -> None:
    (table,) = [b for b in docx_reading.blocks if b.kind == "table"]
    assert table.rows[0] == ["Milestone", "Title", "Due", "Status", "Explanation"]
    assert table.rows[1] == [
        "DM-DRP-8",
        "Calibration products",
        "2020-01-21",
        "delayed",
        "Waiting for data.",
    ]
    assert table.rows[2][4] == "See [DM-22559](https://jira.example/DM-22559)"
    assert docx_reading.lines[table.line - 1].startswith("Milestone | Title")
    assert docx_reading.where(table.line).endswith("(table 1, row 1)")


def test_docx_lines_and_origins(docx_reading: Reading) -> None:
    for block in docx_reading.blocks:
        if block.kind != "table":
            assert docx_reading.lines[block.line - 1] == block.text
    first = docx_reading.blocks[0]
    assert docx_reading.where(first.line) == "1 (paragraph 1)"
    every = " ".join(docx_reading.lines)
    for word in ("commissioning", "Slitless", "Waiting", "campaign", "reported"):
        assert word in every


def test_docx_revisions_controls_and_spans(tmp_path: Path) -> None:
    """Tracked insertions show, deletions do not; content controls are read;
    a bookmark field is an internal link; a spanning cell keeps the columns."""
    document = Document()
    body = document.element.body
    for xml in [
        "<w:p><w:r><w:t xml:space='preserve'>Kept </w:t></w:r>"
        "<w:ins w:id='1' w:author='a'><w:r><w:t>inserted</w:t></w:r></w:ins>"
        "<w:del w:id='2' w:author='a'><w:r><w:delText>deleted</w:delText></w:r></w:del>"
        "<w:r><w:t xml:space='preserve'> text.</w:t></w:r></w:p>",
        "<w:sdt><w:sdtPr><w:alias w:val='Box'/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>Inside a content control.</w:t></w:r></w:p></w:sdtContent></w:sdt>",
        "<w:p><w:fldSimple w:instr=' HYPERLINK \\l &quot;_Ref1&quot; '>"
        "<w:r><w:t>Section 2</w:t></w:r></w:fldSimple></w:p>",
        "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val='2'/></w:tcPr><w:p><w:r><w:t>Wide</w:t>"
        "</w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Due</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:p><w:r><w:t>DM-1</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc>"
        "<w:tc><w:p><w:r><w:t>2020-01-01</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
    ]:
        body.insert(len(body) - 1, parse_xml(_namespaced(xml)))  # before w:sectPr
    path = tmp_path / "revised.docx"
    document.save(str(path))
    reading = read_docx(path)
    assert [b.text for b in reading.blocks] == [
        "Kept inserted text.",
        "Inside a content control.",
        "[Section 2](#)",
        "Wide |  | Due",
    ]
    assert reading.blocks[-1].rows == [["Wide", "", "Due"], ["DM-1", "", "2020-01-01"]]


def _with_chunk(tmp_path: Path, content_type: str, data: bytes, name: str) -> Path:
    """A document whose body holds an alternative chunk between two paragraphs."""
    document = Document()
    document.add_paragraph("Before the chunk.")
    part = Part(PackURI(f"/word/{name}"), content_type, data, document.part.package)
    rid = document.part.relate_to(part, RT.A_F_CHUNK)
    chunk = OxmlElement("w:altChunk")
    chunk.set(qn("r:id"), rid)
    body = document.element.body
    body.insert(len(body) - 1, chunk)
    body.insert(len(body) - 1, parse_xml(_namespaced("<w:p><w:r><w:t>After it.</w:t></w:r></w:p>")))
    path = tmp_path / "chunk.docx"
    document.save(str(path))
    return path


def test_docx_html_chunk_is_read_where_it_stands(tmp_path: Path) -> None:
    html = (
        b"<html><head><style>p {}</style><script>hidden()</script></head><body>"
        b"<h2>Embedded heading</h2><p>Chunk text &amp; {DM-22727}.</p><ul><li>An item</li></ul>"
        b"</body></html>"
    )
    reading = read_docx(_with_chunk(tmp_path, "text/html", html, "chunk1.htm"))
    assert [b.text for b in reading.blocks] == [
        "Before the chunk.",
        "Embedded heading",
        "Chunk text & {DM-22727}.",
        "An item",
        "After it.",
    ]


@pytest.mark.parametrize(
    ("content_type", "name"),
    [("message/rfc822", "chunk1.mht"), ("application/rtf", "chunk1.rtf")],
)
def test_docx_unreadable_chunk_is_refused(tmp_path: Path, content_type: str, name: str) -> None:
    path = _with_chunk(tmp_path, content_type, b"MIME-Version: 1.0\n\nwords", name)
    with pytest.raises(DmreportError, match=re.escape(name)) as error:
        read_docx(path)
    assert error.value.fix


def test_docx_embedded_object_is_refused(tmp_path: Path) -> None:
    document = Document()
    body = document.element.body
    xml = "<w:p><w:r><w:object><w:control/></w:object></w:r></w:p>"
    body.insert(len(body) - 1, parse_xml(_namespaced(xml)))
    path = tmp_path / "object.docx"
    document.save(str(path))
    with pytest.raises(DmreportError, match="embeds 1 object"):
        read_docx(path)


def _namespaced(xml: str) -> str:
    """``xml`` with the WordprocessingML namespace declared on its root."""
    tag_end = xml.index(">")
    return f'{xml[:tag_end]} xmlns:w="{W_NS}"{xml[tag_end:]}'


def test_docx_without_heading_styles(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph().add_run("Risk Management").bold = True
    document.add_paragraph("The register was reviewed.")
    document.add_paragraph().add_run("A bold sentence that ends.").bold = True
    path = tmp_path / "plain.docx"
    document.save(str(path))
    blocks = read_docx(path).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Risk Management"),
        ("para", "The register was reviewed."),
        ("para", "**A bold sentence that ends.**"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip at all", "not a readable Word document"),
        (b"PK\x05\x06" + b"\x00" * 18, "not a readable Word document"),
    ],
)
def test_docx_unreadable(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(content)
    with pytest.raises(DmreportError) as error:
        read_docx(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)
    assert error.value.fix


def test_docx_missing(tmp_path: Path) -> None:
    with pytest.raises(DmreportError, match="file not found"):
        read_docx(tmp_path / "absent.docx")


# -- the month's own PDF ---------------------------------------------------------


def month_markdown(repo: Path) -> dict[str, str]:
    """The month's pages (without the landing page) by file stem."""
    return {
        page.stem: page.read_text(encoding="utf-8")
        for page in sorted((repo / "reports" / MONTH).glob("*.md"))
        if page.stem != "index"
    }


def shown_text(markdown: str) -> str:
    """What a reader of a page sees: roles as their text, milestone records
    as id, title, dates and explanation, other directives (charts,
    bibliography) left out."""

    def fence(match: re.Match[str]) -> str:
        if match["name"] != "milestone":
            return ""
        options = dict(OPTION.findall(match["body"]))
        body = OPTION.sub("", match["body"])
        dates = " ".join(options.get(key, "") for key in ("due", "completed"))
        return f"{match['arg']} {options.get('title', '')} {dates} {body}"

    def role(match: re.Match[str]) -> str:
        name, content = match["name"], match["content"]
        if name in SERIES_BY_ROLE:
            return f"{SERIES_BY_ROLE[name].prefix}-{content}"
        return "" if name.startswith("cite") else content

    text = FENCE.sub(fence, FRONT_MATTER.sub("", markdown))
    return ROLE.sub(role, re.sub(r"\[\^\w+\]:?", " ", text))


def reading_text(reading: Reading) -> str:
    texts = [b.text for b in reading.blocks if b.kind != "table"]
    texts += [cell for b in reading.blocks if b.kind == "table" for row in b.rows for cell in row]
    return "\n".join(texts)


@pytest.fixture(scope="module")
def month_pdf(built: BuildResult) -> Path:
    path = built.html / "reports" / MONTH / f"dmreport-{MONTH}.pdf"
    assert path.is_file()
    return path


@pytest.fixture(scope="module")
def month_reading(month_pdf: Path) -> Reading:
    return read_pdf(month_pdf)


def test_pdf_keeps_the_words_of_the_month(month_reading: Reading, repo: Path) -> None:
    expected = Counter(w for text in month_markdown(repo).values() for w in words(shown_text(text)))
    found = Counter(words(reading_text(month_reading)))
    kept = sum((expected & found).values())
    lost = sorted((expected - found).elements())
    assert kept >= 0.99 * sum(expected.values()), f"lost: {lost[:40]}"


def test_pdf_drops_running_header_and_page_numbers(month_reading: Reading, month_pdf: Path) -> None:
    pages = len(PdfReader(month_pdf).pages)
    by_reason: dict[str, list[str]] = {}
    for dropped in month_reading.dropped:
        by_reason.setdefault(dropped.reason, []).append(dropped.text)
        assert month_reading.lines[dropped.line - 1] == dropped.text
        assert month_reading.where(dropped.line).endswith(")")
    headers = by_reason["running header"]
    assert len(headers) >= pages - 2
    assert all("Rubin Observatory" in h and "DM Monthly Report" in h for h in headers)
    numbers = by_reason["page number"]
    assert numbers == [f"Page {n} of {pages}" for n in range(2, pages + 1)]
    text = reading_text(month_reading)
    assert "DM Monthly Report" not in text
    assert not re.search(r"Page \d+ of \d+", text)
    assert "Date of issue" not in text
    assert ". . . ." not in text  # the table of contents


def test_pdf_recovers_link_targets(month_reading: Reading, repo: Path) -> None:
    tickets: set[str] = set()
    documents: set[str] = set()
    for markdown in month_markdown(repo).values():
        for match in ROLE.finditer(markdown):
            if match["name"] in JIRA_ROLES:
                tickets.update(re.findall(TICKET, match["content"]))
            elif match["name"] in SERIES_BY_ROLE:
                documents.add(f"{SERIES_BY_ROLE[match['name']].prefix}-{match['content']}")
    assert (len(tickets), len(documents)) == (72, 10)
    found = links(month_reading.blocks)
    linked_tickets = {text for text, target in found if ticket_of_url(target) == text}
    linked_documents = {text for text, target in found if document_of_url(target) == text}
    assert tickets <= linked_tickets, sorted(tickets - linked_tickets)
    assert documents <= linked_documents, sorted(documents - linked_documents)
    assert ("SCARLET", "https://github.com/pmelchior/scarlet") in found
    # A link broken over two lines is one link.
    assert ("Rubin Observatory Algorithms Workshop", "https://project.lsst.org/meetings/law/") in (
        found
    )
    # Citations link inside the document: their target is not a URL.
    assert ("Holman et al., 2018", "#") in found


def test_pdf_undoes_hyphenation(month_reading: Reading, month_pdf: Path, repo: Path) -> None:
    """Every word the PDF split at a line end is whole again; compounds
    and identifiers keep their hyphen."""
    source = "\n".join(shown_text(text) for text in month_markdown(repo).values()).casefold()
    source_words = set(re.findall(r"\w+", source))
    tokens = set(re.findall(r"\w+(?:-\w+)*", words_text(reading_text(month_reading)).casefold()))
    joined = kept = 0
    with pdfplumber.open(month_pdf) as pdf:
        lines = [ln for page in pdf.pages for ln in page.extract_text(x_tolerance=1.5).splitlines()]
    for line, following in pairwise(lines):
        end, start = re.search(r"(\w+)-$", line), re.match(r"\w+", following)
        if not end or not start:
            continue
        first, rest = end[1].casefold(), start[0].casefold()
        if f"{first}-{rest}" in source:
            kept += 1
            assert any(f"{first}-{rest}" in token for token in tokens), (line, following)
        elif f"{first}{rest}" in source_words:
            joined += 1
            assert f"{first}{rest}" in tokens, (line, following)
    assert joined >= 20 and kept >= 1


def words_text(text: str) -> str:
    return LINK.sub(lambda m: m["text"], text)


def test_pdf_structure(month_reading: Reading) -> None:
    blocks = month_reading.blocks
    title_page = [b.text for b in blocks[:6]]
    assert "Vera C. Rubin Observatory" in title_page and "January 2020" in title_page
    headings = {b.text: b.level for b in blocks if b.kind == "heading"}
    # Levels come from the fonts: parts above sections above sub-elements.
    part = headings["High-level Summary"]
    assert headings["Milestone Summary"] == headings["1.02C.03: Alert Production"] == part
    assert headings["Technical Progress"] == headings["Current accomplishments"] > part
    assert headings["02C.03.04 – Alert Generation Pipeline"] > headings["Current accomplishments"]
    assert "02C.08.03 – Long-Haul Networks" in headings
    start = next(i for i, b in enumerate(blocks) if b.text.startswith("Attended the [235th"))
    assert [(b.kind, b.level) for b in blocks[start : start + 4]] == [
        ("item", 0),
        ("item", 1),
        ("item", 1),
        ("item", 1),
    ]
    assert blocks[start + 1].text == "He supported the Rubin Observatory booth;"
    (latiss,) = [b for b in blocks if "LATISS¹" in b.text]
    summary = next(b.page for b in blocks if b.text == "High-level Summary")
    assert latiss.kind == "para" and latiss.page == summary > 1  # the contents' pages dropped
    (note,) = [b for b in blocks if b.kind == "footnote"]
    assert note.text.startswith("¹ The LSST Atmospheric Transmission Imager")
    # A paragraph cut by a page break is one block.
    (item,) = [b for b in blocks if b.text.startswith("Planning has begun for the DM Leadership")]
    assert item.text.endswith("in mid-February.")


def test_pdf_milestone_tables(month_reading: Reading, repo: Path) -> None:
    tables = [b for b in month_reading.blocks if b.kind == "table"]
    records = [t for t in tables if t.rows[0][0] == "Milestone" and t.rows[0][-1] == "Explanation"]
    for table in records:
        assert table.rows[0] == ["Milestone", "Title", "Dates", "Status", "Explanation"]
        assert len(table.row_lines) == len(table.rows)
    ids = [row[0] for table in records for row in table.rows[1:]]
    markdown = month_markdown(repo)["milestones"]
    expected = re.findall(r"^```\{milestone\} (\S+)", markdown, re.M)
    assert ids == expected
    # One table per run of records (a table that runs over a page break is one block).
    sections = re.split(r"^#+ ", markdown, flags=re.M)
    assert len(records) == sum("```{milestone}" in section for section in sections)
    (drp,) = [t for t in records if t.rows[1][0] == "DM-DRP-8"]
    assert [row[0] for row in drp.rows[1:]] == ["DM-DRP-8", "DM-DRP-29", "DM-DRP-37"]
    assert drp.rows[1][1:4] == [
        "Calibration product generation for the Auxiliary Telescope",
        "Due 2020-01-21",
        "delayed",
    ]
    (suit,) = [t for t in records if t.rows[1][0] == "DM-SUIT-5"]
    assert "[DM-22559](https://rubinobs.atlassian.net/browse/DM-22559)" in suit.rows[2][4]


# -- a PDF of another layout -----------------------------------------------------------

SYNTHETIC = [
    [
        ("heading", "Detailed Project Progress"),
        ("para", "The team finished the recon-"),
        ("para", "struction of the alert pipeline, tracked"),
        ("para", "in DM-"),
        ("para", "12345 and described in LDM-"),
        ("para", "503 for the review."),
        ("gap", ""),
        ("item", "• Presented the work at the"),
        ("more", "link:Algorithms Workshop"),
        ("item", "• Wrote a sum-"),
        ("more", "mary of the work."),
    ],
    [
        ("heading", "Planned activities"),
        ("para", "Continue the brighter-fatter work and the"),
        ("para", "brighter-"),
        ("para", "fatter kernels."),
    ],
]


def synthetic_pdf(path: Path, pages: list[list[tuple[str, str]]]) -> Path:
    """Text laid out by matplotlib: a header and a footer on every page."""
    from matplotlib import rcParams
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    rcParams["pdf.fonttype"] = 42
    with PdfPages(path) as pdf:
        for number, lines in enumerate(pages, 1):
            figure = Figure(figsize=(8.5, 11))
            figure.text(0.1, 0.96, "Rubin Observatory — Test Report", fontsize=9)
            figure.text(0.45, 0.03, f"Page {number} of {len(pages)}", fontsize=9)
            y = 0.88
            for kind, text in lines:
                if kind == "gap":
                    y -= 0.012
                    continue
                x = {"heading": 0.1, "para": 0.1, "item": 0.13, "more": 0.15}[kind]
                size, weight = (14, "bold") if kind == "heading" else (11, "normal")
                url = None
                if text.startswith("link:"):
                    text, url = text[5:], "https://example.org/law/"
                figure.text(x, y, text, fontsize=size, fontweight=weight, url=url)
                y -= 0.03 if kind == "heading" else 0.0185
            pdf.savefig(figure)
    return path


def test_synthetic_pdf(tmp_path: Path) -> None:
    reading = read_pdf(synthetic_pdf(tmp_path / "synthetic.pdf", SYNTHETIC))
    assert [(b.kind, b.level, b.text) for b in reading.blocks] == [
        ("heading", 1, "Detailed Project Progress"),
        (
            "para",
            0,
            "The team finished the reconstruction of the alert pipeline, tracked in "
            "DM-12345 and described in LDM-503 for the review.",
        ),
        ("item", 0, "Presented the work at the [Algorithms Workshop](https://example.org/law/)"),
        ("item", 0, "Wrote a summary of the work."),
        ("heading", 1, "Planned activities"),
        ("para", 0, "Continue the brighter-fatter work and the brighter-fatter kernels."),
    ]
    assert [(d.reason, d.text) for d in reading.dropped] == [
        ("running header", "Rubin Observatory — Test Report"),
        ("page number", "Page 1 of 2"),
        ("running header", "Rubin Observatory — Test Report"),
        ("page number", "Page 2 of 2"),
    ]
    assert [reading.where(b.line)[-8:] for b in reading.blocks] == ["(page 1)"] * 4 + [
        "(page 2)"
    ] * 2


LATEX = r"""\documentclass[11pt]{article}
\usepackage{fontspec}
\usepackage[margin=1in]{geometry}
\usepackage{fancyhdr}
\usepackage{hyperref}
\pagestyle{fancy}
\fancyhf{}
\fancyhead[L]{LSST Data Management Monthly Report}
\fancyfoot[C]{\thepage}
\begin{document}
\section*{1.02C.06: Science Data Archive}
\subsection*{Current accomplishments}
The archive team\footnote{Led from SLAC.} worked on the ingest system of the Qserv
database and on the catalog services that the Science Platform uses. The work is
tracked in \href{https://rubinobs.atlassian.net/browse/DM-23087}{DM-23087} and
described in the design document.

A second paragraph, set with its first line indented as classic TeX does, continues
the report with a few more words about the replication system.
\begin{itemize}
\item Qserv ingest:
\begin{itemize}
\item batch mode for chunk allocation;
\item an identity mechanism for the replication system.
\end{itemize}
\item Catalog services.
\end{itemize}
\begin{tabular}{|l|l|l|}
\hline
Milestone & Title & Due \\ \hline
DM-DAX-5 & Database ingest & 2019-02-28 \\ \hline
\end{tabular}
\subsection*{Planned activities}
\begin{enumerate}
\item Profile the query dispatch.
\item Rework the build procedures.
\end{enumerate}
\newpage
\section*{1.02C.07: LSST Data Facility}
\subsection*{Current accomplishments}
Nothing to report.
\end{document}
"""


def test_latex_pdf(tmp_path: Path) -> None:
    """A classic LaTeX layout: indented paragraphs, bare page numbers."""
    if not have_latex():
        pytest.fail("xelatex is missing; run scripts/install-system-packages.sh")
    (tmp_path / "report.tex").write_text(LATEX, encoding="utf-8")
    subprocess.run(
        ["xelatex", "-interaction=nonstopmode", "-halt-on-error", "report.tex"],
        cwd=tmp_path,
        capture_output=True,
        check=True,
        timeout=120,
    )
    reading = read_pdf(tmp_path / "report.pdf")
    shown = [(b.kind, b.level, b.ordered, b.text) for b in reading.blocks]
    assert shown == [
        ("heading", 1, False, "1.02C.06: Science Data Archive"),
        ("heading", 2, False, "Current accomplishments"),
        (
            "para",
            0,
            False,
            "The archive team¹ worked on the ingest system of the Qserv database and on the "
            "catalog services that the Science Platform uses. The work is tracked in "
            "[DM-23087](https://rubinobs.atlassian.net/browse/DM-23087) and described in the "
            "design document.",
        ),
        (
            "para",
            0,
            False,
            "A second paragraph, set with its first line indented as classic TeX does, "
            "continues the report with a few more words about the replication system.",
        ),
        ("item", 0, False, "Qserv ingest:"),
        ("item", 1, False, "batch mode for chunk allocation;"),
        ("item", 1, False, "an identity mechanism for the replication system."),
        ("item", 0, False, "Catalog services."),
        ("table", 0, False, "Milestone | Title | Due"),
        ("heading", 2, False, "Planned activities"),
        ("item", 0, True, "Profile the query dispatch."),
        ("item", 0, True, "Rework the build procedures."),
        ("footnote", 0, False, "¹ Led from SLAC."),
        ("heading", 1, False, "1.02C.07: LSST Data Facility"),
        ("heading", 2, False, "Current accomplishments"),
        ("para", 0, False, "Nothing to report."),
    ]
    (table,) = [b for b in reading.blocks if b.kind == "table"]
    assert table.rows == [
        ["Milestone", "Title", "Due"],
        ["DM-DAX-5", "Database ingest", "2019-02-28"],
    ]
    assert [b.number for b in reading.blocks if b.ordered] == [1, 2]
    assert [(d.reason, d.text) for d in reading.dropped] == [
        ("running header", "LSST Data Management Monthly Report"),
        ("page number", "1"),
        ("running header", "LSST Data Management Monthly Report"),
        ("page number", "2"),
    ]


@pytest.mark.parametrize(
    ("before", "after", "how"),
    [
        ("recon-", "struction", "join"),
        ("Jen-", "ness (AURA)", "join"),
        ("DM-", "12345]", "keep"),
        ("LDM-", "503", "keep"),
        ("DCR-", "corrected", "keep"),
        ("brighter-", "fatter", "keep"),  # the document writes "brighter-fatter"
        ("pro-", "Gen3", "keep"),
        ("work—", "and", "keep"),
        ("impacts", "of", "space"),
        ("—", "descoping", "space"),
        ("hy\u00ad", "phen", "join"),
    ],
)
def test_hyphenation_rules(before: str, after: str, how: str) -> None:
    vocabulary = Vocabulary()
    vocabulary.add("the brighter-fatter effect")
    assert hyphenation(before, after, vocabulary) == how


def test_pdf_without_text(tmp_path: Path) -> None:
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    path = tmp_path / "scan.pdf"
    with PdfPages(path) as pdf:
        figure = Figure(figsize=(8.5, 11))
        figure.add_artist(Line2D([0.1, 0.9], [0.5, 0.5]))
        pdf.savefig(figure)
    with pytest.raises(DmreportError, match="has no text"):
        read_pdf(path)


@pytest.mark.parametrize("content", [b"%PDF-1.4\n1 0 obj garbage", b"not a pdf"])
def test_pdf_unreadable(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(content)
    with pytest.raises(DmreportError) as error:
        read_pdf(path)
    assert "not a readable PDF" in str(error.value)
    assert str(path) in str(error.value)


# -- end to end: the importer reads DOCX and PDF ----------------------------------


def milestone_records(markdown: str) -> list[tuple[str, ...]]:
    """(id, title, status, due, completed) of each milestone record of a page."""
    found = []
    for match in FENCE.finditer(markdown):
        if match["name"] == "milestone":
            options = dict(OPTION.findall(match["body"]))
            keys = ("title", "status", "due", "completed")
            found.append((match["arg"].strip(), *(options.get(k, "") for k in keys)))
    return found


def test_import_docx(report_docx: Path, project: Path) -> None:
    result = import_month(report_docx, None, project)
    assert result.month == "2021-03"
    directory = project / "reports" / "2021-03"
    assert check_paths(project, [directory]) == []
    drp = (directory / "data-release-production.md").read_text(encoding="utf-8")
    assert "- Middleware development {jira}`DM-21254`:" in drp
    assert "  - Converted the [pipe_tasks](https://github.com/lsst/pipe_tasks) package." in drp
    assert "1. Run the first campaign.\n2. Report on it." in drp
    summary = (directory / "summary.md").read_text(encoding="utf-8")
    assert "LATISS[^1]" in summary and "[^1]: The LSST Atmospheric" in summary
    records = milestone_records((directory / "milestones.md").read_text(encoding="utf-8"))
    assert [r[:3] for r in records] == [
        ("DM-DRP-8", "Calibration products", "delayed"),
        ("DM-SUIT-5", "Search processed data", "delayed"),
    ]


@pytest.fixture
def imported_pdf(month_pdf: Path, project: Path) -> tuple[ImportResult, Path]:
    result = import_month(month_pdf, MONTH, project)
    return result, project / "reports" / MONTH


def test_import_pdf_round_trip(
    imported_pdf: tuple[ImportResult, Path], project: Path, repo: Path
) -> None:
    result, directory = imported_pdf
    assert check_paths(project, [directory]) == []
    original = month_markdown(repo)
    again = {
        page.stem: page.read_text(encoding="utf-8")
        for page in directory.glob("*.md")
        if page.stem != "index"
    }
    assert sorted(again) == sorted(original)
    expected = Counter(w for text in original.values() for w in words(shown_text(text)))
    found = Counter(w for text in again.values() for w in words(shown_text(text)))
    assert sum((expected & found).values()) >= 0.99 * sum(expected.values())
    tickets: set[str] = set()
    documents: set[str] = set()
    for markdown in original.values():
        for match in ROLE.finditer(markdown):
            if match["name"] in JIRA_ROLES:
                tickets.update(re.findall(TICKET, match["content"]))
            elif match["name"] in SERIES_BY_ROLE:
                documents.add(f"{SERIES_BY_ROLE[match['name']].prefix}-{match['content']}")
    assert result.tickets == tickets
    assert result.documents == documents
    # Same records: id, title and status (the dates: see the next test).
    assert [r[:3] for r in milestone_records(again["milestones"])] == [
        r[:3] for r in milestone_records(original["milestones"])
    ]


def test_import_pdf_milestone_records(imported_pdf: tuple[ImportResult, Path], repo: Path) -> None:
    _, directory = imported_pdf
    again = milestone_records((directory / "milestones.md").read_text(encoding="utf-8"))
    assert again == milestone_records(month_markdown(repo)["milestones"])
