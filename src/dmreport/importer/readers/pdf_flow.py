"""PDF lines into blocks: headings by font, list items by bullet and
indentation, paragraphs by spacing, footnotes by size, and words that a
line end hyphenated put back together.

Positions are PDF points, top-down; sizes are font sizes. The thresholds
are fractions of the font size so that they hold for any layout.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..blocks import BlockKind
from .docx_inline import Run, plain
from .pdf_layout import Line, TableArea
from .pdf_pictures import PictureArea

BULLETS = set("•◦▪‣○■□●∗·\uf0b7\uf0a7\uf076")
DASH_BULLETS = set("-–")
ORDERED_LABEL = re.compile(r"^(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]$")
TERMINAL = tuple(".!?:;")
#: A gap between two lines wider than this (x font size) starts a new block.
BLOCK_GAP = 0.45
#: A heading is at most this many words...
HEADING_WORDS = 15
#: ...and bold, or this much larger than the body text.
HEADING_SIZE = 1.15
#: Footnotes are set this much smaller than the body text.
FOOTNOTE_SIZE = 0.95
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


@dataclass
class Metrics:
    """The body text's size and the text block's left and right edges."""

    size: float
    left: float
    right: float

    @classmethod
    def of(cls, lines: Sequence[Line]) -> Metrics:
        sizes = Counter[float]()
        for line in lines:
            sizes.update(round(g.size, 1) for g in line.glyphs if g.text.strip())
        size = sizes.most_common(1)[0][0] if sizes else 10.0
        body = [line for line in lines if abs(line.size - size) < 0.5] or list(lines)
        left = Counter(round(line.x0) for line in body).most_common(1)[0][0] if body else 0
        right = Counter(round(line.x1) for line in body).most_common(1)[0][0] if body else 0
        return cls(size, float(left), float(right))


@dataclass
class Vocabulary:
    """The document's own words, to tell hyphenation from compounds."""

    words: set[str] = field(default_factory=set)
    compounds: set[str] = field(default_factory=set)

    def add(self, text: str) -> None:
        for token in WORD.findall(text.casefold()):
            (self.compounds if "-" in token else self.words).add(token)


def hyphenation(before: str, after: str, vocabulary: Vocabulary) -> str:
    """How a line ending ``before`` meets the next line starting ``after``:
    "join" (drop the hyphen), "keep" (no space) or "space"."""
    if before.endswith("\u00ad"):  # a soft hyphen: always a hyphenation
        return "join"
    if before.endswith(("—", "–")) and len(before) > 1:
        return "keep"
    if not before.endswith("-") or before.endswith("--") or before == "-":
        return "space"
    stem = re.search(r"([^\W_]+)-$", before)
    head = re.match(r"[^\W_]+", after)
    if stem is None or head is None:
        return "keep"
    first, rest = stem[1], head[0]
    if not rest[0].islower() or first.isupper() or any(c.isdigit() for c in first):
        return "keep"
    compound, word = f"{first}-{rest}".casefold(), f"{first}{rest}".casefold()
    if compound in vocabulary.compounds and word not in vocabulary.words:
        return "keep"
    return "join"


def join_lines(lines: Iterable[list[Run]], vocabulary: Vocabulary) -> list[Run]:
    """Lines' runs as one paragraph: hyphenation undone, else a space."""
    out: list[Run] = []
    for runs in lines:
        if not runs:
            continue
        if out:
            tail = plain(out).rstrip().rsplit(" ", 1)[-1]
            how = hyphenation(tail, plain(runs).lstrip(), vocabulary)
            if how == "join":
                last = out[-1]
                out[-1] = Run(last.text[:-1], last.bold, last.italic, last.link)
            elif how == "space":
                out.append(Run(" "))
        out.extend(runs)
    return out


@dataclass
class Draft:
    """A block being assembled from lines (or table rows)."""

    kind: BlockKind
    page: int
    lines: list[Line] = field(default_factory=list)
    level: int = 0
    ordered: bool = False
    number: int = 0
    label_x: float = 0.0
    text_x: float = 0.0
    table: TableArea | None = None
    picture: PictureArea | None = None
    #: A paragraph set large (a title page's lines): emphasis is not kept.
    title: bool = False


@dataclass(frozen=True)
class Drop:
    """A line left out of the blocks, with the reason."""

    text: str
    page: int
    reason: str


class Flow:
    """Assigns lines to blocks in reading order."""

    def __init__(self, metrics: Metrics, levels: dict[tuple[float, bool], int]) -> None:
        self.metrics = metrics
        self.levels = levels
        self.out: list[Draft | Drop] = []
        self.open: Draft | None = None
        self.note: Draft | None = None
        self.stack: list[float] = []

    def heading_level(self, line: Line) -> int | None:
        return self.levels.get(style_of(line)) if is_heading_like(line, self.metrics) else None

    def add(self, item: Line | TableArea | PictureArea | Drop) -> None:
        if isinstance(item, Drop):
            self.out.append(item)
        elif isinstance(item, PictureArea):
            self.open = self.note = None
            self.out.append(Draft("picture", item.page, picture=item))
        elif isinstance(item, TableArea):
            self.open = self.note = None
            self.stack = []
            self.out.append(Draft("table", item.page, table=item))
        else:
            self.line(item)

    def start(self, draft: Draft, line: Line) -> Draft:
        draft.lines.append(line)
        self.out.append(draft)
        return draft

    def line(self, line: Line) -> None:
        size = self.metrics.size
        first = line.glyphs[0]
        if line.size < size * FOOTNOTE_SIZE and first.sup and first.text.isdigit():
            self.note = self.start(Draft("footnote", line.page), line)
            return
        if self.note and line.size < size * FOOTNOTE_SIZE and line.page == self.note.page:
            self.note.lines.append(line)
            return
        self.note = None
        level = self.heading_level(line)
        if level is not None:
            last = self.open.lines[-1] if self.open else None
            if (
                self.open
                and last
                and self.open.kind == "heading"
                and self.open.level == level
                and last.page == line.page
                and line.top - last.bottom < line.size
                and (self.wide(last) or line.text[:1].islower())
            ):
                self.open.lines.append(line)
            else:
                self.open = self.start(Draft("heading", line.page, level=level), line)
            self.stack = []
            return
        label = list_label(line, self.metrics)
        if label is not None:
            while self.stack and line.x0 < self.stack[-1] - 1:
                self.stack.pop()
            if not self.stack or line.x0 > self.stack[-1] + 1:
                self.stack.append(line.x0)
            draft = Draft("item", line.page, level=len(self.stack) - 1, ordered=label.ordered)
            draft.label_x, draft.text_x, draft.number = line.x0, label.text_x, label.number
            self.open = self.start(draft, line)
            return
        if self.open and self.continues(self.open, line):
            self.open.lines.append(line)
            return
        if line.x0 <= self.metrics.left + 1:
            self.stack = []
        draft = Draft("para", line.page, text_x=self.metrics.left)
        draft.title = line.size >= size * HEADING_SIZE
        self.open = self.start(draft, line)

    def wide(self, line: Line) -> bool:
        """The line runs on to near the right edge (it was wrapped)."""
        return line.x1 > self.metrics.right - (self.metrics.right - self.metrics.left) / 4

    def continues(self, draft: Draft, line: Line) -> bool:
        """Whether ``line`` goes on with the paragraph or item ``draft``."""
        if draft.kind not in ("para", "item"):
            return False
        last, size = draft.lines[-1], self.metrics.size
        if style_of(last) != style_of(line) and max(last.size, line.size) >= size * HEADING_SIZE:
            return False
        if abs(last.size - line.size) > 0.1 * size:
            return False
        ended = plain(last.runs()).rstrip().endswith(TERMINAL)
        if line.page != last.page:
            lower = line.text[:1].islower()
            return abs(line.x0 - draft.text_x) <= 2 and (not ended or lower)
        if line.size >= size * HEADING_SIZE:
            return True
        if line.top - last.bottom > BLOCK_GAP * line.size:
            return False
        if draft.kind == "item":
            return line.x0 > draft.label_x + 1
        if ended and not self.wide(last):
            return False
        indented = last.x0 + 0.8 * size < line.x0 < self.metrics.left + 4 * size
        return not (ended and indented)


def style_of(line: Line) -> tuple[float, bool]:
    """A line's heading style: its size (to the point) and weight."""
    return round(line.size), line.bold


def is_heading_like(line: Line, metrics: Metrics) -> bool:
    """Short, bold or large, and not a list item."""
    if line.size < metrics.size * FOOTNOTE_SIZE or len(line.words()) > HEADING_WORDS:
        return False
    if list_label(line, metrics) is not None:
        return False
    return line.bold or line.size >= metrics.size * HEADING_SIZE


@dataclass(frozen=True)
class Label:
    """The bullet or number that starts a list item."""

    ordered: bool
    #: Where the item's text starts (its continuation lines align there).
    text_x: float
    #: The number shown (``3.`` -> 3), 0 for bullets and letters.
    number: int = 0


def list_label(line: Line, metrics: Metrics) -> Label | None:
    """The label when the line starts a list item."""
    words = line.words()
    if len(words) < 2:
        return None
    label = "".join(g.text for g in words[0])
    indented = line.x0 > metrics.left + 0.5 * line.size
    spaced = words[1][0].x0 - words[0][-1].x1 > 0.5 * line.size  # a tab, not a space
    if (
        label in BULLETS
        or (label in DASH_BULLETS and indented)
        or (label == "o" and spaced and indented)
    ):
        return Label(False, words[1][0].x0)
    if ORDERED_LABEL.match(label) and indented:
        digits = label[:-1]
        return Label(True, words[1][0].x0, int(digits) if digits.isdigit() else 0)
    return None


def heading_levels(lines: Sequence[Line], metrics: Metrics) -> dict[tuple[float, bool], int]:
    """Heading styles ranked, largest first, into levels 1, 2, 3...

    A style seen only on the first page is the title's, not a heading's,
    when that page is a title page (no body text on it) or when the style
    is used once and is the largest of all."""
    seen: dict[tuple[float, bool], list[int]] = {}
    for line in lines:
        if is_heading_like(line, metrics):
            seen.setdefault(style_of(line), []).append(line.page)
    title_page = len({line.page for line in lines}) > 1 and not any(
        line.page == 1 and line.size < metrics.size * HEADING_SIZE and not line.bold
        for line in lines
    )
    largest = max(seen, default=(0.0, False), key=lambda s: (s[0], s[1]))

    def title(style: tuple[float, bool]) -> bool:
        pages = seen[style]
        only_first = set(pages) == {1} and len({line.page for line in lines}) > 1
        return only_first and (title_page or (len(pages) == 1 and style == largest))

    styles = [style for style in seen if not title(style)]
    ranked = sorted(styles, key=lambda s: (-s[0], not s[1]))
    return {style: rank + 1 for rank, style in enumerate(ranked)}
