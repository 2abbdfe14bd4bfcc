"""Read a PDF report into a :class:`Reading`.

pdfplumber (on pdfminer.six) is used because a PDF's text alone is not
enough: it gives each character with its position, font and size (to find
lines, headings, list indentation, superscript footnote marks and where a
running header sits), the link annotations with their rectangles (so the
words under a URI annotation become ``[text](uri)``: the targets a text
export lost), and ruled tables with their cells (the milestone table).

Dropped, and listed in :attr:`Reading.dropped` with the reason: running
headers and footers (the same text, numbers aside, at the top or bottom of
most pages), page numbers, figures' text, the table of contents, a title
page's build notes, table continuation notes, and what a site build
generates and an import makes again (a chart's data table, the
bibliography at the end). The rest is grouped into blocks by
:mod:`.pdf_flow` (headings by font, items by bullet and indentation,
paragraphs by spacing, hyphenation at line ends undone); a table that
continues on the next page is one block.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import PdfminerException

from ...core.errors import DmreportError
from ..blocks import Block, Dropped, Reading
from ..pictures import attach_captions, picture_of
from .docx_inline import Run, plain, render
from .pdf_flow import Draft, Drop, Flow, Metrics, Vocabulary, heading_levels, join_lines
from .pdf_layout import Line, PageText, TableArea, read_page
from .pdf_pictures import PictureArea
from .pdf_records import record_tables

PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—]?\s*\d+\s*[-–—]?(?:\s*(?:of|/)\s*\d+)?$", re.I)
CONTENTS = re.compile(r"^(?:table of )?contents$", re.I)
CONTENTS_ENTRY = re.compile(r"^.*\S\s*(?:\.\s*){2,}\d+$|^.*\S\s+\d+$")
TITLE_NOTE = re.compile(r"^(?:date of issue|built from commit|document version)\b", re.I)
CONTINUATION = re.compile(
    r"^(?:continue[sd] on (?:the )?next page|.*continued from (?:the )?previous page)$", re.I
)
BIBLIOGRAPHY = ("references", "bibliography")
#: A figure's caption that introduces its data table is this short.
CAPTION_WORDS = 8
#: Running headers and footers sit in the top and bottom tenth of a page...
BAND = 0.1
#: ...and repeat on at least half of the pages (and on two at least).
REPEATED = 0.5


def _open(path: Path) -> list[PageText]:
    if not path.is_file():
        raise DmreportError("file not found", path=path)
    try:
        with pdfplumber.open(path) as pdf:
            return [_page(page, number) for number, page in enumerate(pdf.pages, 1)]
    except (PdfminerException, PDFSyntaxError, PSException, ValueError, KeyError) as exc:
        raise DmreportError(
            f"not a readable PDF: {exc or type(exc).__name__}",
            path=path,
            fix="export the report to PDF again, or import its DOCX or text export",
        ) from None


def _page(page: Page, number: int) -> PageText:
    """One page as lines, tables and figures, each milestone table it prints one table."""
    text = read_page(page, number)
    text.items = record_tables(text.items, number)
    return text


def _key(line: Line) -> str:
    """A line's text with numbers masked, to compare across pages."""
    return re.sub(r"\d+", "#", " ".join(line.text.split())).casefold()


def _furniture(pages: list[PageText]) -> dict[int, str]:
    """id() of each header, footer and page-number line -> the reason."""
    bands: list[tuple[str, list[Line]]] = []
    for page in pages:
        lines = [item for item in page.items if isinstance(item, Line)]
        top = [line for line in lines[:2] if line.bottom < page.height * BAND]
        bottom = [line for line in lines[-2:] if line.top > page.height * (1 - BAND)]
        bands += [("running header", top), ("running footer", bottom)]
    seen = Counter(key for where, lines in bands for key in {(where, _key(n)) for n in lines})
    needed = max(2, int(len(pages) * REPEATED))
    reasons: dict[int, str] = {}
    for where, lines in bands:
        for line in lines:
            if PAGE_NUMBER.match(" ".join(line.text.split())):
                reasons[id(line)] = "page number"
            elif seen[(where, _key(line))] >= needed:
                reasons[id(line)] = where
    return reasons


def _repeated(pages: list[PageText]) -> set[bytes]:
    """Pictures at a page's edge on most pages: a running header's logo."""
    seen = Counter(
        p.data for page in pages for p in {p.data: p for p in page.pictures if p.edge}.values()
    )
    return {data for data, count in seen.items() if count >= max(2, int(len(pages) * REPEATED))}


def _stream(pages: list[PageText]) -> list[Line | TableArea | PictureArea | Drop]:
    """Every page's items in reading order, the dropped ones marked."""
    furniture = _furniture(pages)
    logos = _repeated(pages)
    stream: list[Line | TableArea | PictureArea | Drop] = []
    in_contents = False
    for page in pages:
        figures = {id(line) for line in page.figures}
        items = [*page.pictures, *page.items, *page.figures]  # a figure before its text
        for item in sorted(items, key=lambda i: i.top):
            if isinstance(item, PictureArea):
                repeated = item.edge and item.data in logos
                stream.append(Drop("picture", item.page, "running header") if repeated else item)
                continue
            if isinstance(item, TableArea):
                in_contents = False
                stream.append(item)
                continue
            text = " ".join(item.text.split())
            reason = furniture.get(id(item), "")
            if id(item) in figures:
                reason = "figure text"
            elif not reason and CONTENTS.match(text):
                in_contents, reason = True, "table of contents"
            elif not reason and in_contents and CONTENTS_ENTRY.match(text):
                reason = "table of contents"
            elif not reason and page.number == 1 and TITLE_NOTE.match(text):
                reason = "title page note"
            elif not reason and CONTINUATION.match(text):
                reason = "table continuation"
            if not reason:
                in_contents = False
            stream.append(Drop(text, item.page, reason) if reason else item)
    return stream


def _continued(previous: Draft | None, table: TableArea) -> TableArea | None:
    """The table that ``table`` continues: the block just before it, when it
    has the same header row."""
    if previous is None or previous.table is None:
        return None
    heads = [previous.table.rows[0], table.rows[0]]
    texts = {tuple(" ".join(line.text for line in cell) for cell in row) for row in heads}
    return previous.table if len(texts) == 1 else None


@dataclass
class _Output:
    lines: list[str] = field(default_factory=list)
    origins: dict[int, str] = field(default_factory=dict)

    def add(self, text: str, origin: str) -> int:
        self.lines.append(text)
        self.origins[len(self.lines)] = origin
        return len(self.lines)


def _cell(lines: list[Line], vocabulary: Vocabulary) -> str:
    return render(join_lines((line.runs() for line in lines), vocabulary))


def _text(draft: Draft, vocabulary: Vocabulary) -> str:
    runs = [line.runs() for line in draft.lines]
    if draft.kind == "item":
        first = runs[0]
        space = next((i for i, run in enumerate(first) if run.text == " "), len(first))
        runs[0] = first[space + 1 :]
    joined = join_lines(runs, vocabulary)
    if draft.kind == "heading" or draft.title:
        return render(Run(run.text, link=run.link) for run in joined)
    if draft.kind == "footnote":
        text = plain(joined)
        mark = text[: len(text) - len(text.lstrip("⁰¹²³⁴⁵⁶⁷⁸⁹"))]
        rest = joined[len(mark) :] if all(len(r.text) == 1 for r in joined[: len(mark)]) else []
        return f"{mark} {render(rest).strip()}" if mark and rest else render(joined)
    return render(joined)


def read_pdf(path: Path) -> Reading:
    """Read ``path`` into lines and blocks; :class:`DmreportError` if unreadable."""
    pages = _open(path)
    stream = _stream(pages)
    kept = [item for item in stream if isinstance(item, Line)]
    if not kept and not any(isinstance(item, TableArea | PictureArea) for item in stream):
        raise DmreportError(
            "the PDF has no text (a scan?)",
            path=path,
            fix="import the report's DOCX or text export, or run OCR on the PDF first",
        )
    metrics = Metrics.of(kept)
    vocabulary = Vocabulary()
    for page in pages:
        for shown in page.items:
            for line in [shown] if isinstance(shown, Line) else _table_lines(shown):
                vocabulary.add(line.text)
    flow = Flow(metrics, heading_levels(kept, metrics))
    current = 0
    for item in stream:
        if isinstance(item, TableArea) and item.page != current:
            previous = next((d for d in reversed(flow.out) if isinstance(d, Draft)), None)
            table = _continued(previous, item)
            if table is not None:
                table.rows.extend(item.rows[1:])
                current = item.page
                continue
        if not isinstance(item, Drop):
            current = item.page
        flow.add(item)
    return _reading(path, _without_generated(flow.out, vocabulary), vocabulary)


def _generated(drafts: list[Draft | Drop]) -> dict[int, str]:
    """id() of the blocks a site build adds -> why: a figure's data table
    with its caption ("The chart's data:"), and the bibliography at the end
    (both are made again from the imported pages)."""
    found: dict[int, str] = {}
    blocks = [(i, d) for i, d in enumerate(drafts) if isinstance(d, Draft)]
    for (at, caption), (_, table) in itertools.pairwise(blocks):
        before = drafts[at - 1] if at else None
        if (
            isinstance(before, Drop)
            and before.reason == "figure text"
            and caption.kind == "para"
            and len(caption.lines) == 1
            and caption.lines[0].text.rstrip().endswith(":")
            and len(caption.lines[0].words()) <= CAPTION_WORDS
            and table.table is not None
        ):
            found[id(caption)] = found[id(table)] = "figure data"
            shown = at - 1
            while shown >= 0 and isinstance(drafts[shown], Drop):
                shown -= 1
            chart = drafts[shown] if shown >= 0 else None
            if isinstance(chart, Draft) and chart.kind == "picture":
                found[id(chart)] = "figure data"  # the chart the site draws
    last = max((n for n, (_, d) in enumerate(blocks) if d.kind == "heading"), default=-1)
    if last >= 0:
        heading, rest = blocks[last][1], [d for _, d in blocks[last + 1 :]]
        title = " ".join(heading.lines[0].text.split()).casefold()
        if title in BIBLIOGRAPHY and all(d.kind == "para" for d in rest):
            found.update((id(d), "bibliography") for d in [heading, *rest])
    return found


def _without_generated(drafts: list[Draft | Drop], vocabulary: Vocabulary) -> list[Draft | Drop]:
    generated = _generated(drafts)
    out: list[Draft | Drop] = []
    for draft in drafts:
        reason = generated.get(id(draft))
        if not reason or isinstance(draft, Drop):
            out.append(draft)
        elif draft.picture is not None:
            out.append(Drop("picture", draft.page, reason))
        elif draft.table is not None:
            for row in draft.table.rows:
                text = " | ".join(_cell(cell, vocabulary) for cell in row)
                out.append(Drop(text, draft.page, reason))
        else:
            out.append(Drop(_text(draft, vocabulary), draft.page, reason))
    return out


def _table_lines(table: TableArea) -> list[Line]:
    return [line for row in table.rows for cell in row for line in cell]


def _reading(path: Path, drafts: list[Draft | Drop], vocabulary: Vocabulary) -> Reading:
    out = _Output()
    blocks: list[Block] = []
    dropped: list[Dropped] = []
    for draft in drafts:
        if isinstance(draft, Drop):
            line = out.add(draft.text, f"page {draft.page}")
            dropped.append(Dropped(line, draft.text, draft.reason))
        elif draft.table is not None:
            rows = [[_cell(cell, vocabulary) for cell in row] for row in draft.table.rows]
            rows = [row for row in rows if any(row)]
            if not rows:
                continue
            numbers = [out.add(" | ".join(row), f"page {draft.page}") for row in rows]
            head = " | ".join(rows[0])
            blocks.append(
                Block("table", head, numbers[0], rows=rows, row_lines=numbers, page=draft.page)
            )
        elif draft.picture is not None:
            line = out.add(f"picture on page {draft.page}", f"page {draft.page}")
            picture = picture_of(draft.picture.data)
            if picture is None:
                dropped.append(Dropped(line, out.lines[-1], "a picture that cannot be rendered"))
            else:
                blocks.append(Block("picture", "", line, page=draft.page, picture=picture))
        else:
            text = _text(draft, vocabulary)
            line = out.add(text, f"page {draft.page}")
            blocks.append(
                Block(
                    draft.kind,
                    text,
                    line,
                    level=draft.level,
                    ordered=draft.ordered,
                    page=draft.page,
                    number=draft.number,
                )
            )
    return Reading(path, out.lines, attach_captions(blocks), dropped, out.origins)
