"""A PDF page as positioned glyphs grouped into lines, tables and figures.

pdfplumber gives every character with its box, font and size, the page's
link annotations with their rectangles, ruled tables with their cells, and
(through pdfminer's layout) the boxes of embedded figures. This module
turns those untyped records into typed :class:`Glyph`, :class:`Line` and
:class:`TableArea` objects; the reading rules live in :mod:`.pdf`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pdfminer.layout import LTFigure
from pdfplumber.page import Page

from ..pictures import CAPTION
from .docx_inline import UNKNOWN_TARGET, Run, superscript
from .layout import LIGATURES
from .pdf_pictures import LABEL_WORDS, PictureArea, drawing_boxes, page_pictures, with_labels

BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)
ITALIC = re.compile(r"italic|oblique|slanted", re.I)
#: A superscript is this much smaller than the line's text...
SUPERSCRIPT_SIZE = 0.85
#: ...and its bottom this much (in the line's font size) above the baseline.
SUPERSCRIPT_RISE = 0.15
#: A gap wider than this (in font size) between two glyphs is a space.
SPACE_GAP = 0.15
#: A figure covering more of the page than this is the page itself.
FIGURE_AREA = 0.6


#: A rectangle: x0, top, x1, bottom.
Box = tuple[float, float, float, float]


@dataclass
class Glyph:
    """One character: its text, box, style and link target."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    italic: bool
    link: str = ""
    sup: bool = False

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Line:
    """Glyphs sharing a baseline, left to right, on one page."""

    page: int
    glyphs: list[Glyph]
    size: float = 0.0

    def __post_init__(self) -> None:
        self.glyphs.sort(key=lambda g: g.x0)
        sizes = Counter(round(g.size, 1) for g in self.glyphs if g.text.strip())
        self.size = sizes.most_common(1)[0][0] if sizes else 0.0
        main = [g for g in self.glyphs if g.size >= self.size * SUPERSCRIPT_SIZE]
        baseline = max((g.bottom for g in main), default=0.0)
        for glyph in self.glyphs:
            small = glyph.size < self.size * SUPERSCRIPT_SIZE
            glyph.sup = small and glyph.bottom < baseline - SUPERSCRIPT_RISE * self.size

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs if not g.sup) if self.main else self.glyphs[0].top

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    @property
    def main(self) -> list[Glyph]:
        return [g for g in self.glyphs if not g.sup]

    @property
    def bold(self) -> bool:
        """Every letter of the line is bold."""
        letters = [g for g in self.glyphs if g.text.strip()]
        return bool(letters) and all(g.bold for g in letters)

    def runs(self) -> list[Run]:
        """The line as styled runs, spaces where glyphs stand apart."""
        runs: list[Run] = []
        previous: Glyph | None = None
        for glyph in self.glyphs:
            if not glyph.text.strip():
                continue
            gap = glyph.x0 - previous.x1 if previous else 0.0
            if previous and gap > SPACE_GAP * max(glyph.size, previous.size) and not glyph.sup:
                runs.append(Run(" "))
            if glyph.sup and glyph.text.isdigit():  # a footnote mark, never a link
                runs.append(Run(superscript(glyph.text), glyph.bold, glyph.italic))
            else:
                runs.append(Run(glyph.text, glyph.bold, glyph.italic, glyph.link))
            previous = glyph
        return runs

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs())

    def words(self) -> list[list[Glyph]]:
        """The line's glyphs split where a space falls."""
        found: list[list[Glyph]] = []
        previous: Glyph | None = None
        for glyph in self.glyphs:
            if not glyph.text.strip():
                previous = None
                continue
            gap = glyph.x0 - previous.x1 if previous else 0.0
            if not found or previous is None or gap > SPACE_GAP * glyph.size:
                found.append([])
            found[-1].append(glyph)
            previous = glyph
        return found


@dataclass
class TableArea:
    """A ruled table: its box and, per row, each cell's lines."""

    page: int
    top: float
    rows: list[list[list[Line]]] = field(default_factory=list)


@dataclass
class PageText:
    """A page's body lines and tables (top to bottom) and its figure text."""

    number: int
    width: float
    height: float
    items: list[Line | TableArea]
    figures: list[Line]
    pictures: list[PictureArea] = field(default_factory=list)


def _is_link(annotation: Mapping[str, Any]) -> bool:
    """A link annotation: to a URI, or inside the document (``#``)."""
    data = annotation.get("data")
    kind = data.get("Subtype") if isinstance(data, Mapping) else None
    return bool(annotation.get("uri")) or getattr(kind, "name", "") == "Link"


def _float(record: Mapping[str, Any], key: str) -> float:
    return float(record[key])


def _glyph(char: Mapping[str, Any], links: list[tuple[Box, str]]) -> Glyph:
    font = str(char.get("fontname", "")).partition("+")[2] or str(char.get("fontname", ""))
    glyph = Glyph(
        text=str(char["text"]).translate(LIGATURES),
        x0=_float(char, "x0"),
        x1=_float(char, "x1"),
        top=_float(char, "top"),
        bottom=_float(char, "bottom"),
        size=_float(char, "size"),
        bold=bool(BOLD.search(font)),
        italic=bool(ITALIC.search(font)),
    )
    x, y = (glyph.x0 + glyph.x1) / 2, glyph.middle
    for (x0, top, x1, bottom), uri in links:
        if x0 - 1 <= x <= x1 + 1 and top - 1 <= y <= bottom + 1:
            glyph.link = uri
            break
    return glyph


def group_lines(glyphs: Iterable[Glyph], page: int) -> list[Line]:
    """Glyphs into lines by vertical overlap (superscripts join their line)."""
    lines: list[list[Glyph]] = []
    spans: list[tuple[float, float]] = []
    for glyph in sorted(glyphs, key=lambda g: (g.top, g.x0)):
        height = max(glyph.bottom - glyph.top, 0.1)
        for index in range(len(lines) - 1, max(len(lines) - 4, -1), -1):
            top, bottom = spans[index]
            overlap = min(bottom, glyph.bottom) - max(top, glyph.top)
            if overlap >= 0.5 * min(height, bottom - top):
                lines[index].append(glyph)
                spans[index] = (min(top, glyph.top), max(bottom, glyph.bottom))
                break
        else:
            lines.append([glyph])
            spans.append((glyph.top, glyph.bottom))
    found = [Line(page, line) for line in lines if any(g.text.strip() for g in line)]
    return sorted(found, key=lambda line: line.top)


def _inside(glyph: Glyph, box: Box) -> bool:
    x0, top, x1, bottom = box
    return x0 <= (glyph.x0 + glyph.x1) / 2 <= x1 and top <= glyph.middle <= bottom


def _figure_boxes(page: Page) -> list[Box]:
    """Boxes (x0, top, x1, bottom) of embedded figures smaller than the page."""
    boxes: list[Box] = []
    height, area = float(page.height), float(page.width) * float(page.height)
    for item in page.layout:
        if isinstance(item, LTFigure):
            x0, y0, x1, y1 = (float(v) for v in item.bbox)
            if (x1 - x0) * (y1 - y0) < FIGURE_AREA * area:
                boxes.append((x0, height - y1, x1, height - y0))
    return boxes


def _box(cell: Any) -> Box | None:
    """A pdfplumber cell (a 4-tuple, or None where a cell spans) as a box."""
    if not cell:
        return None
    x0, top, x1, bottom = (float(v) for v in cell)
    return (x0, top, x1, bottom)


def _table(page: int, bbox: Box, cells: list[list[Any]], glyphs: list[Glyph]) -> TableArea:
    """A table's glyphs, word by word, into its cells (by where a word starts:
    a word that overflows its column stays in its cell)."""
    boxes = [[_box(cell) for cell in row] for row in cells]
    where = [(r, c, box) for r, row in enumerate(boxes) for c, box in enumerate(row) if box]
    placed: dict[tuple[int, int], list[Glyph]] = {}
    for line in group_lines(glyphs, page):
        for word in line.words():
            first = word[0]
            for r, c, (x0, top, x1, bottom) in where:
                if x0 - 1 <= first.x0 <= x1 and top <= first.middle <= bottom:
                    placed.setdefault((r, c), []).extend(word)
                    break
    area = TableArea(page, bbox[1])
    for r, row in enumerate(boxes):
        area.rows.append([group_lines(placed.get((r, c), []), page) for c in range(len(row))])
    return area


def read_page(page: Page, number: int) -> PageText:
    """One pdfplumber page as lines, tables and figure text (its printed
    milestone tables are read from these lines by :mod:`.pdf_records`)."""
    links = [
        (
            (_float(a, "x0"), _float(a, "top"), _float(a, "x1"), _float(a, "bottom")),
            str(a.get("uri") or UNKNOWN_TARGET),
        )
        for a in page.annots
        if _is_link(a)
    ]
    links.sort(key=lambda link: link[1] == UNKNOWN_TARGET)
    glyphs = [_glyph(char, links) for char in page.chars]
    figures = _figure_boxes(page)
    found_tables = page.find_tables()
    ruled = [_box4(table.bbox) for table in found_tables]
    drawn = drawing_boxes(page, figures, ruled)
    prose: set[int] = set()
    if drawn:  # a chart's labels are part of its picture; prose over it stays text
        outside = [g for g in glyphs if not any(_inside(g, box) for box in figures)]
        lines = group_lines(outside, number)
        labels = [(_line_box(line), _letter_words(line)) for line in lines]
        figures += [with_labels(box, labels) for box in drawn]
        prose = {id(g) for line in lines if _letter_words(line) > LABEL_WORDS for g in line.glyphs}
    in_figure = [
        g for g in glyphs if id(g) not in prose and any(_inside(g, box) for box in figures)
    ]
    rest = [g for g in glyphs if id(g) in prose or not any(_inside(g, box) for box in figures)]
    items: list[Line | TableArea] = []
    for table, bbox in zip(found_tables, ruled, strict=True):
        if any(_overlaps(bbox, figure) for figure in figures):
            continue
        cells = [list(row.cells) for row in table.rows]
        if len(cells) < 2 or max(len(row) for row in cells) < 2:
            continue
        inside = [g for g in rest if _inside(g, bbox)]
        rest = [g for g in rest if not _inside(g, bbox)]
        items.append(_table(number, bbox, cells, inside))
    items.extend(group_lines(rest, number))
    items.sort(key=lambda item: item.top)
    return PageText(
        number,
        float(page.width),
        float(page.height),
        items,
        group_lines(in_figure, number),
        page_pictures(page, number, figures),
    )


def _box4(values: Any) -> Box:
    x0, top, x1, bottom = (float(v) for v in values)
    return (x0, top, x1, bottom)


def _letter_words(line: Line) -> int:
    """Words of a line that hold a letter (a chart's ticks are numbers); a
    line that ends a sentence counts as many (it is prose, never a label)."""
    if line.text.rstrip().endswith((".", ":", ";")) or CAPTION.match(line.text.strip()):
        return 1_000
    return sum(1 for word in line.words() if any(g.text.isalpha() for g in word))


def _line_box(line: Line) -> Box:
    return (
        min(g.x0 for g in line.glyphs),
        min(g.top for g in line.glyphs),
        max(g.x1 for g in line.glyphs),
        max(g.bottom for g in line.glyphs),
    )


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
