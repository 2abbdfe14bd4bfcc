"""The text reader: a report exported as plain text or Markdown.

Structure comes from the text, not from its blank lines: a hard-wrapped
paragraph is one paragraph (its lines are joined where the next word would
not have fitted), a heading is a heading with or without blank lines around
it, a list item is an item whatever its bullet, and a table is a run of
tab- or pipe-separated rows. Running headers, footers and page numbers are
dropped (see :mod:`.layout`); footnote marks become superscripts.

:func:`blocks_from_lines` is the part other readers reuse: give it a
document as clean text lines (a form feed starts a page) and it returns the
blocks.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from ...core.errors import DmreportError
from ..blocks import Block, Reading
from ..heal import open_ended
from ..vocabulary import (
    BULLET,
    MARKDOWN_HEADING,
    NUMBERED,
    SUPERSCRIPTS,
    is_date_line,
    is_layout_heading,
    looks_like_heading,
)
from .footnotes import footnotes
from .layout import LIGATURES, running_lines

SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u200b": ""})
TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
#: The longest line a hard-wrapped export may have.
MAX_WRAP = 110


@dataclass
class Line:
    """One line of the source, ready for block detection."""

    number: int
    text: str  # spaces normalised, right-stripped, indentation kept
    page: int

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip())

    @property
    def width(self) -> int:
        return len(self.text.expandtabs(4))


def read_text(path: Path) -> Reading:
    """Read a ``.txt`` or ``.md`` export into blocks."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DmreportError("export file not found", path=path) from None
    except OSError as exc:
        raise DmreportError(f"cannot read the export: {exc.strerror}", path=path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DmreportError(
            "the export is not UTF-8 text",
            path=path,
            line=data[: exc.start].count(b"\n") + 1,
            fix="save the export as UTF-8",
        ) from None
    raw = [line.rstrip("\r").translate(LIGATURES) for line in text.split("\n")]
    if raw and raw[-1] == "":
        raw.pop()
    lines = [line.replace("\f", "") for line in raw]
    pages = _pages(raw)
    dropped = running_lines([line.translate(SPACES) for line in lines], pages)
    blocks = blocks_from_lines(
        raw, skip={d.line for d in dropped}, markdown=path.suffix.lower() == ".md"
    )
    origins = (
        {n: f"page {p}" for p, (first, last) in enumerate(pages, 1) for n in range(first, last + 1)}
        if len(pages) > 1
        else {}
    )
    return Reading(path, lines, blocks, dropped, origins)


def _pages(raw: list[str]) -> list[tuple[int, int]]:
    """(first, last) line numbers of each page; a form feed starts a page."""
    starts = [1] + [n for n, line in enumerate(raw, 1) if "\f" in line and n > 1]
    ends = [start - 1 for start in starts[1:]] + [len(raw)]
    return list(zip(starts, ends, strict=True))


def blocks_from_lines(
    lines: list[str], skip: Collection[int] = (), markdown: bool = False
) -> list[Block]:
    """The blocks of a document given as text lines, numbered from 1.

    A form feed in a line starts a new page there. Lines numbered in ``skip``
    (running headers and footers already dropped) are passed over as if
    absent. With ``markdown``, lines of a paragraph that is not hard-wrapped
    are joined (Markdown's soft breaks); otherwise each such line is a
    paragraph of its own, as Word and Google Docs export them.
    """
    rows: list[Line | None] = []
    page = 1
    for number, text in enumerate(lines, 1):
        if "\f" in text:
            page += 1 if number > 1 or text.index("\f") > 0 else 0
        if number in skip:
            continue
        clean = text.replace("\f", "").translate(SPACES).rstrip()
        rows.append(Line(number, clean, page) if clean.strip() else None)
    return _Builder(rows, markdown).run()


class _Builder:
    def __init__(self, rows: list[Line | None], markdown: bool) -> None:
        self.rows = rows
        self.markdown = markdown
        self.width = _wrap_width(rows)
        self.separated = _blank_separated(rows, self.width)
        self.blocks: list[Block] = []
        self.marks: dict[int, tuple[int, str]] = {}  # id(item) -> (indent, glyph)
        self.open: Block | None = None  # the block a next line may continue
        self.last: Line | None = None  # the last line of the open block

    def run(self) -> list[Block]:
        index = 0
        while index < len(self.rows):
            row = self.rows[index]
            if row is None:
                self.open = None
                index += 1
                continue
            table = self._table(index)
            if table:
                index += table
                continue
            self._line(row)
            index += 1
        _nest(self.blocks, self.marks)
        stars = {id(b) for b in self.blocks if b.kind == "item" and self.marks[id(b)][1] == "*"}
        return footnotes(self.blocks, stars)

    def _emit(self, block: Block, row: Line, can_continue: bool) -> None:
        block.page = row.page
        self.blocks.append(block)
        self.open = block if can_continue else None
        self.last = row

    def _line(self, row: Line) -> None:
        text = row.text.strip()
        heading = MARKDOWN_HEADING.match(text)
        if heading:
            self._emit(
                Block("heading", heading["text"], row.number, len(heading["marks"])), row, False
            )
            return
        if re.match(rf"^[{SUPERSCRIPTS}]+\s*\S", text):
            self._emit(Block("footnote", text, row.number), row, True)
            return
        bullet = BULLET.match(row.text) or NUMBERED.match(row.text)
        if bullet and not (text[:1].isdigit() and is_layout_heading(text)):
            self._item(row, bullet)
            return
        if self._continues(row, text):
            return
        standalone = (text[:1].isupper() or text[:1].isdigit()) and (
            is_layout_heading(text) or is_date_line(text)
        )
        self._emit(Block("para", text, row.number), row, not standalone)

    def _item(self, row: Line, match: re.Match[str]) -> None:
        mark = match["mark"]
        ordered = mark[:1].isdigit()
        glyph = "#" if ordered else ("a" if mark[-1:] == ")" else mark)
        text = match["text"].strip() if glyph != "a" else f"{mark} {match['text'].strip()}"
        block = Block("item", text, row.number, ordered=ordered)
        block.number = int(mark[:-1]) if ordered else 0
        self.marks[id(block)] = (len(match["indent"].expandtabs(4)), glyph)
        self._emit(block, row, True)

    def _continues(self, row: Line, text: str) -> bool:
        """Join ``row`` to the open block if it continues it; say whether it did."""
        block, last = self.open, self.last
        if block is None or last is None:
            return False
        if (text[:1].isupper() or text[:1].isdigit()) and is_layout_heading(text):
            return False
        full = self.width is not None and _full(last, text, self.width)
        if block.kind == "item":
            if row.indent > self.marks[id(block)][0]:
                return self._join(block, row, text, " ")  # indented under the item
            if full and (text[:1].islower() or open_ended(block.text)):
                return self._join(block, row, text, " ")  # wrapped without an indent
            return False
        if full:
            return self._join(block, row, text, " ")
        single = not block.end and "\n" not in block.text
        glued_heading = single and looks_like_heading(block.text) and not text[:1].islower()
        if glued_heading:
            return False
        if self.width is not None:
            return self.separated and self._join(block, row, text, "\n")
        if self.markdown:
            return self._join(block, row, text, " ")
        return False

    def _join(self, block: Block, row: Line, text: str, separator: str) -> bool:
        previous = block.text
        if separator == " " and re.search(r"[^\W\d]-$", previous) and text[:1].isalpha():
            separator = ""  # a word hyphenated at the line's end keeps its hyphen
        block.text = previous + separator + text
        block.end = row.number
        self.last = row
        return True

    def _table(self, index: int) -> int:
        """Read a table starting at ``index``; the number of rows it took."""
        taken: list[Line] = []
        cells: list[list[str]] = []
        position = index
        while position < len(self.rows):
            row = self.rows[position]
            if row is None or BULLET.match(row.text) or NUMBERED.match(row.text):
                break
            if TABLE_RULE.match(row.text.strip()) and cells:
                position += 1
                continue
            found = _cells(row.text if cells else row.text.strip())
            if found is None:
                break
            taken.append(row)
            cells.append(found)
            position += 1
        if not cells or (len(cells) == 1 and len(cells[0]) < 3):
            return 0
        first = taken[0]
        table = Block("table", " | ".join(cells[0]), first.number, rows=cells)
        table.row_lines = [row.number for row in taken]
        table.end = taken[-1].number
        self._emit(table, first, False)
        self.last = taken[-1]
        return position - index


def _cells(text: str) -> list[str] | None:
    """The cells of a tab- or pipe-separated row, or None."""
    body = text.rstrip()
    if "\t" in body:
        cells = [cell.strip() for cell in body.split("\t")]
        filled = sum(1 for cell in cells if cell)
        return cells if filled >= 2 or (filled and not body[:1].strip()) else None
    body = body.strip()
    if body.startswith("|") and body.endswith("|") and body.count("|") >= 3:
        return [cell.strip() for cell in body[1:-1].split("|")]
    return None


def _full(last: Line, text: str, width: int) -> bool:
    """Whether ``last`` ended only because the next word would not fit."""
    word = text.split()[0] if text.split() else ""
    return last.width + 1 + len(word) > width


def _wrap_width(rows: list[Line | None]) -> int | None:
    """The width a hard-wrapped source was wrapped at, or None.

    Measured on the lines that another text line follows (the lines a
    wrapper broke); a source is hard-wrapped when most of those are nearly
    as long as the longest and hardly any line is longer than :data:`MAX_WRAP`.
    """
    texts = [row for row in rows if row is not None and _cells(row.text) is None]
    if len(texts) < 6 or sum(row.width > MAX_WRAP for row in texts) > max(1, len(texts) // 50):
        return None
    inner = sorted(
        row.width
        for row, following in pairwise(rows)
        if row is not None
        and following is not None
        and not (BULLET.match(following.text) or NUMBERED.match(following.text))
    )
    if len(inner) < 3:
        return None
    width = inner[(len(inner) * 95) // 100 - (1 if len(inner) >= 20 else 0)]
    if width < 40 or width > MAX_WRAP:
        return None
    near = sum(w >= width * 0.8 for w in inner)
    return width if near >= 3 and near * 3 >= len(inner) else None


def _blank_separated(rows: list[Line | None], width: int | None) -> bool:
    """Whether paragraphs end with a blank line (else a line's end may end one)."""
    after_blank = after_text = 0
    for index, row in enumerate(rows[:-1]):
        if row is None or BULLET.match(row.text) or NUMBERED.match(row.text):
            continue
        if is_layout_heading(row.text.strip()) or looks_like_heading(row.text.strip()):
            continue  # a heading, not the end of a paragraph
        following = rows[index + 1]
        if following is not None and width is not None and _full(row, following.text, width):
            continue  # wrapped, not an end
        if following is None:
            after_blank += 1
        elif not (BULLET.match(following.text) or NUMBERED.match(following.text)):
            after_text += 1
    return after_blank >= max(1, after_text)


def _nest(blocks: list[Block], marks: dict[int, tuple[int, str]]) -> None:
    """Indentation and bullet kinds into nesting depths 0, 1, 2, ... per list."""
    stack: list[tuple[int, str]] = []
    for block in blocks:
        if block.kind != "item":
            stack = []
            continue
        indent, glyph = marks[id(block)]
        if (indent, glyph) in stack:
            del stack[stack.index((indent, glyph)) + 1 :]
        else:
            while stack and indent < stack[-1][0]:
                stack.pop()
            same_indent = bool(stack) and indent == stack[-1][0]
            numbered = "#" in (glyph, stack[-1][1]) if stack else False
            if same_indent and (numbered or glyph in {g for _, g in stack}):
                stack[-1] = (indent, glyph)  # a sibling list, not a sub-list
            else:
                stack.append((indent, glyph))
        block.level = len(stack) - 1


__all__ = ["Line", "blocks_from_lines", "read_text"]
