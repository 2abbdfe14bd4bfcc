"""Read a Word (or Google Docs) ``.docx`` report into a :class:`Reading`.

python-docx opens and validates the package and resolves its parts and
relationships; the parts' XML is then walked in document order with the
standard library, which keeps what python-docx's object model does not
expose: hyperlink targets (``w:hyperlink`` relationship ids and
``HYPERLINK`` fields), footnote references and the footnotes part, list
numbering levels and content controls.

Headings come from paragraph styles (``Heading 1``.., ``Title`` as level
0), list items from numbering (``w:numPr``) or the ``List Bullet N`` /
``List Number N`` styles, tables become ``table`` blocks, and a footnote
follows the block that first refers to it. Pictures (inline or floating,
DrawingML or VML) follow the paragraph or table that holds them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from ...core.errors import DmreportError
from ..blocks import Block, Dropped, Reading
from ..pictures import attach_captions, picture_of
from .docx_chunks import chunk_paragraphs
from .docx_inline import UNKNOWN_TARGET, Run, plain, render, superscript
from .docx_package import Chunk, open_package, refuse_objects
from .docx_styles import Listed, StyleSheet, W, attr, numbering_of, switched_on

R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
PLACED = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
VML = "{urn:schemas-microsoft-com:vml}"
COMPATIBLE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
FIELD_LINK = re.compile(r'^\s*HYPERLINK\s+(?:(?P<local>\\l)\s+)?"?(?P<target>[^"\s]+)"?', re.I)
#: Containers whose content shows as if it were inline (tracked insertions,
#: content controls, smart tags); anything else that is not a run, a link or
#: a field (tracked deletions, properties) is not text.
TRANSPARENT = ("ins", "smartTag", "customXml", "sdt", "sdtContent", "moveTo", "dir", "bdo")
SHORT_HEADING_WORDS = 12


@dataclass
class _Context:
    """What the walk needs: link targets, styles, footnote numbers."""

    targets: dict[str, str]
    sheet: StyleSheet
    footnote_numbers: dict[str, int] = field(default_factory=dict)
    #: Footnote ids met in the paragraph being read, in order.
    pending: list[str] = field(default_factory=list)
    #: The document's pictures by relationship id: (content type, data).
    images: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    #: Pictures met in the block being read: (relationship id, description).
    pictures: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Field:
    """A complex field being read: its instruction, then its link target."""

    instruction: str = ""
    target: str = ""


def _field_target(instruction: str) -> str:
    """A ``HYPERLINK`` field's URL (``#`` for a bookmark), else ""."""
    match = FIELD_LINK.match(instruction)
    if match is None:
        return ""
    return UNKNOWN_TARGET if match["local"] else match["target"]


class _Inline:
    """Collects the runs of one paragraph, following complex fields."""

    def __init__(self, context: _Context) -> None:
        self.context = context
        self.runs: list[Run] = []
        self.fields: list[_Field] = []
        self.in_instruction = False

    def link_of_fields(self) -> str:
        return next((f.target for f in reversed(self.fields) if f.target), "")

    def walk(self, element: ET.Element, link: str) -> None:
        for child in element:
            tag = child.tag.removeprefix(W)
            if tag == "r":
                self.run(child, link)
            elif tag == "hyperlink":
                rid = child.get(R + "id", "")
                target = self.context.targets.get(rid, "") if rid else ""
                self.walk(child, target or UNKNOWN_TARGET)
            elif tag == "fldSimple":
                self.walk(child, _field_target(attr(child, "instr")) or link)
            elif tag in TRANSPARENT:
                self.walk(child, link)

    def run(self, element: ET.Element, link: str) -> None:
        rpr = element.find(W + "rPr")
        bold, italic = self.context.sheet.emphasis(attr(_find(rpr, "rStyle"), "val"))
        bold = switched_on(_find(rpr, "b")) if _find(rpr, "b") is not None else bold
        italic = switched_on(_find(rpr, "i")) if _find(rpr, "i") is not None else italic
        raised = attr(_find(rpr, "vertAlign"), "val") == "superscript"
        for child in element:
            tag = child.tag.removeprefix(W)
            if tag in ("drawing", "pict"):
                self.picture(child)
            elif child.tag == COMPATIBLE + "AlternateContent":
                choice = child.find(COMPATIBLE + "Choice")  # its fallback is the same picture
                for inner in choice if choice is not None else child.iter(W + "pict"):
                    if inner.tag in (W + "drawing", W + "pict"):
                        self.picture(inner)
            elif tag == "fldChar":
                self.field_char(attr(child, "fldCharType"))
            elif tag == "instrText" and self.in_instruction and self.fields:
                self.fields[-1].instruction += child.text or ""
            elif not self.in_instruction:
                text = self.piece(tag, child, raised)
                if text:
                    target = self.link_of_fields() or link
                    self.runs.append(Run(text, bold, italic, target))

    def picture(self, element: ET.Element) -> None:
        """A picture's relationship and description, for after the block."""
        described = element.find(f".//{PLACED}docPr")
        alt = "" if described is None else described.get("descr") or described.get("title") or ""
        for blip in element.iter(DRAWING + "blip"):
            rid = blip.get(R + "embed") or blip.get(R + "link") or ""
            self.context.pictures.append((rid, alt))
        for shape in element.iter(VML + "imagedata"):
            title = shape.get("{urn:schemas-microsoft-com:office:office}title", "")
            self.context.pictures.append((shape.get(R + "id", ""), alt or title))

    def field_char(self, kind: str) -> None:
        if kind == "begin":
            self.fields.append(_Field())
            self.in_instruction = True
        elif kind == "separate" and self.fields:
            self.fields[-1].target = _field_target(self.fields[-1].instruction)
            self.in_instruction = False
        elif kind == "end" and self.fields:
            self.fields.pop()
            self.in_instruction = False

    def piece(self, tag: str, child: ET.Element, raised: bool) -> str:
        if tag == "t":
            text = child.text or ""
            return superscript(text) if raised and text.isdigit() else text
        if tag in ("tab", "br", "cr"):
            return " "
        if tag == "noBreakHyphen":
            return "-"
        if tag == "footnoteReference":
            note = attr(child, "id")
            numbers = self.context.footnote_numbers
            numbers.setdefault(note, len(numbers) + 1)
            self.context.pending.append(note)
            return superscript(str(numbers[note]))
        return ""


def _find(element: ET.Element | None, tag: str) -> ET.Element | None:
    return element.find(W + tag) if element is not None else None


def _runs(paragraph: ET.Element, context: _Context) -> list[Run]:
    inline = _Inline(context)
    inline.walk(paragraph, "")
    return inline.runs


def _cell_text(cell: ET.Element, context: _Context) -> str:
    texts = [render(_runs(p, context)) for p in cell.iter(W + "p")]
    return " ".join(text for text in texts if text)


@dataclass
class _Builder:
    """Blocks, their lines and origins, in document order."""

    lines: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    origins: dict[int, str] = field(default_factory=dict)
    dropped: list[Dropped] = field(default_factory=list)
    pictures: int = 0

    #: Per list, the number last shown at each depth.
    counters: dict[str, list[int]] = field(default_factory=dict)

    def count(self, listed: Listed) -> int:
        """The number a numbered item shows (1, 2, ... per list and depth)."""
        numbers = self.counters.setdefault(listed.list_id, [])
        del numbers[listed.depth + 1 :]
        numbers.extend(0 for _ in range(listed.depth + 1 - len(numbers)))
        numbers[listed.depth] += 1
        return numbers[listed.depth]

    def line(self, text: str, origin: str) -> int:
        self.lines.append(text)
        self.origins[len(self.lines)] = origin
        return len(self.lines)

    def add(self, block: Block, origin: str) -> None:
        block.line = self.line(block.text, origin)
        self.blocks.append(block)

    def pictures_of(self, context: _Context) -> None:
        """The pictures met in the block just read, after it."""
        for rid, alt in context.pictures:
            self.pictures += 1
            origin = f"picture {self.pictures}"
            kind, data = context.images.get(rid, ("a linked file", b""))
            picture = picture_of(data, alt) if data else None
            line = self.line(
                picture.alt if picture else f"picture {self.pictures} ({kind})", origin
            )
            if picture is None:
                reason = f"a picture the site cannot show ({kind}): keep a PNG of it by hand"
                self.dropped.append(Dropped(line, self.lines[-1], reason))
            else:
                self.blocks.append(Block("picture", "", line, picture=picture))
        context.pictures.clear()


def _footnotes(xml: bytes | None, context: _Context) -> dict[str, str]:
    """Footnote id -> its text (without the mark)."""
    notes: dict[str, str] = {}
    if not xml:
        return notes
    for note in ET.fromstring(xml).iter(W + "footnote"):
        if attr(note, "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        texts = [render(_runs(p, context)) for p in note.iter(W + "p")]
        notes[attr(note, "id")] = " ".join(text for text in texts if text)
    return notes


def _is_bold(runs: list[Run]) -> bool:
    return all(run.bold for run in runs if run.text.strip())


def read_docx(path: Path) -> Reading:
    """Read ``path`` into lines and blocks; :class:`DmreportError` if unreadable."""
    package = open_package(path)
    targets, parts, chunks = package.targets, package.parts, package.chunks
    try:
        body = ET.fromstring(package.main).find(W + "body")
        sheet = StyleSheet.parse(parts.get("styles"), parts.get("numbering"))
        context = _Context(targets, sheet, images=package.images)
        notes = _footnotes(parts.get("footnotes"), _Context(targets, sheet))
    except ET.ParseError as exc:
        raise DmreportError(f"the document's XML is broken: {exc}", path=path) from None
    if body is None:
        raise DmreportError("the document has no body", path=path)
    refuse_objects(body, path)
    out = _Builder()
    paragraphs = list(_top_level(body))
    styled = any(
        sheet.heading_level(attr(_find(p.find(W + "pPr"), "pStyle"), "val"))
        for p in paragraphs
        if p.tag == W + "p"
    )
    emitted: set[str] = set()
    number = tables = 0
    for element in paragraphs:
        if element.tag == W + "tbl":
            tables += 1
            _table(element, context, out, f"table {tables}")
        elif element.tag == W + "altChunk":
            _chunk(chunks.get(element.get(R + "id", "")), out, path)
        else:
            number += 1
            _paragraph(element, context, out, f"paragraph {number}", styled)
        out.pictures_of(context)
        for note in context.pending:
            if note in notes and note not in emitted:
                emitted.add(note)
                mark = superscript(str(context.footnote_numbers[note]))
                text = f"{mark} {notes[note]}".strip()
                out.add(Block("footnote", text, 0), f"footnote {context.footnote_numbers[note]}")
        context.pending.clear()
    return Reading(path, out.lines, attach_captions(out.blocks), out.dropped, out.origins)


def _top_level(element: ET.Element) -> list[ET.Element]:
    """Paragraphs and tables of the body, content controls opened."""
    found: list[ET.Element] = []
    for child in element:
        tag = child.tag.removeprefix(W)
        if tag in ("p", "tbl", "altChunk"):
            found.append(child)
        elif tag in TRANSPARENT:
            found.extend(_top_level(child))
    return found


def _chunk(chunk: Chunk | None, out: _Builder, path: Path) -> None:
    """An alternative chunk's paragraphs, where it stands in the body."""
    if chunk is None:
        raise DmreportError("an alternative chunk (w:altChunk) names no part", path=path)
    paragraphs = chunk_paragraphs(chunk.content_type, chunk.data)
    if paragraphs is None:
        raise DmreportError(
            f"the embedded part {chunk.name} ({chunk.content_type}) cannot be read",
            path=path,
            fix="open the document in Word and save it again as .docx (Word merges the part "
            "into the text), then import again",
        )
    for number, text in enumerate(paragraphs, start=1):
        out.add(Block("para", text, 0), f"{chunk.name}, paragraph {number}")


def _paragraph(
    element: ET.Element, context: _Context, out: _Builder, origin: str, styled: bool
) -> None:
    runs = _runs(element, context)
    if not plain(runs).strip():
        return
    ppr = element.find(W + "pPr")
    style = attr(_find(ppr, "pStyle"), "val")
    level = context.sheet.heading_level(style)
    listed = context.sheet.list_of(style, numbering_of(ppr))
    caption = any(s.name.casefold() == "caption" for s in context.sheet.chain(style))
    if level is not None:
        text = render(Run(run.text, link=run.link) for run in runs)
        out.add(Block("heading", text, 0, level=level), origin)
    elif listed is not None:
        number = out.count(listed) if listed.ordered else 0
        depth, ordered = listed.depth, listed.ordered
        out.add(Block("item", render(runs), 0, level=depth, ordered=ordered, number=number), origin)
    elif (
        not styled
        and _is_bold(runs)
        and len(plain(runs).split()) <= SHORT_HEADING_WORDS
        and not plain(runs).rstrip().endswith((".", ",", ";"))
    ):
        text = render(Run(run.text, link=run.link) for run in runs)
        out.add(Block("heading", text, 0), origin)
    else:
        out.add(Block("para", render(runs), 0, caption=caption), origin)


def _table(element: ET.Element, context: _Context, out: _Builder, origin: str) -> None:
    rows: list[list[str]] = []
    for row in element.findall(W + "tr"):
        cells: list[str] = []
        for cell in row.findall(W + "tc"):
            cells.append(_cell_text(cell, context))
            span = attr(_find(cell.find(W + "tcPr"), "gridSpan"), "val", "1")
            cells.extend("" for _ in range(int(span) - 1 if span.isdigit() else 0))
        if any(cells):
            rows.append(cells)
    if not rows:
        return
    numbers = [
        out.line(" | ".join(cells), f"{origin}, row {index}")
        for index, cells in enumerate(rows, start=1)
    ]
    head = " | ".join(rows[0])
    out.blocks.append(Block("table", head, numbers[0], rows=rows, row_lines=numbers))
