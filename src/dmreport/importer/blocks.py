"""The block model every reader yields and the one import path consumes.

A reader (text, DOCX, PDF) turns a source file into a :class:`Reading`: the
source as numbered lines of text, and the blocks found in them. Inline text
follows the text export's conventions, whatever the format:

- a link is Markdown ``[text](target)``; a link whose target was lost is
  ``[text](#)``;
- a footnote mark is superscript digits after the word (``LATISS¹``), and a
  footnote is a ``footnote`` block whose text starts with the same mark
  (``¹ The LSST Atmospheric ...``);
- emphasis is Markdown (``*italic*``, ``**bold**``).
- a picture is a ``picture`` block where it stood, its line the picture's
  description, its :class:`Picture` the raster the month keeps; its caption
  joins it (:mod:`.pictures`).

Everything after the reader (pages, conversion, fidelity, checks, writing)
is shared, so a new format is one reader module.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..checks.gate import IMAGES_DIR

BlockKind = Literal["heading", "para", "item", "table", "footnote", "picture"]


@dataclass(frozen=True)
class Picture:
    """A picture as the month keeps it: raster data and its description."""

    data: bytes
    suffix: str
    alt: str = ""

    @property
    def name(self) -> str:
        """The file name: the first 16 hex digits of the data's SHA-256."""
        return hashlib.sha256(self.data).hexdigest()[:16] + self.suffix

    @property
    def path(self) -> str:
        """Where a page of the month finds it."""
        return f"{IMAGES_DIR}/{self.name}"


@dataclass
class Block:
    """One heading, paragraph, list item, table or footnote of a source."""

    kind: BlockKind
    text: str
    #: Line of :attr:`Reading.lines` where the block starts (1-based).
    line: int
    #: Heading level (0 = not known yet, the import decides), or the nesting
    #: depth of a list item (0 = top level).
    level: int = 0
    #: WBS code of a WBS heading (set by the import).
    code: str = ""
    #: A numbered list item.
    ordered: bool = False
    #: A table's cells, row by row, the header row first (inline text).
    rows: list[list[str]] = field(default_factory=list)
    #: Lines of other blocks joined into this one (a page break healed).
    joined: list[int] = field(default_factory=list)
    #: Last line of the block in :attr:`Reading.lines` (0 = it has one line).
    end: int = 0
    #: Line of each of a table's rows (same order as :attr:`rows`), when known.
    row_lines: list[int] = field(default_factory=list)
    #: Page of the source the block starts on (1-based; 0 = not paged).
    page: int = 0
    #: The number a numbered item shows (``3.`` → 3; 0 = not numbered).
    number: int = 0
    #: A picture block's picture (its text is the caption, "" if none).
    picture: Picture | None = None
    #: A paragraph styled as a caption in the source.
    caption: bool = False


@dataclass(frozen=True)
class Dropped:
    """A line a reader left out, and why (listed in the import report)."""

    line: int
    text: str
    reason: str  # "running header", "running footer", "page number", ...


@dataclass
class Reading:
    """A source file read into lines and blocks."""

    source: Path
    #: The source as text, one entry per line; blocks and messages point here.
    lines: list[str]
    blocks: list[Block]
    #: Lines dropped as running headers, footers and page numbers.
    dropped: list[Dropped] = field(default_factory=list)
    #: Where a line came from, when not from a text file ("page 3", "paragraph 12").
    origins: dict[int, str] = field(default_factory=dict)

    def where(self, line: int) -> str:
        """A line's location for messages: ``12`` or ``12 (page 3)``."""
        origin = self.origins.get(line)
        return f"{line} ({origin})" if origin else str(line)
