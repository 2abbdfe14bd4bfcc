"""The month as the importer places it: pages, what the site's layout
replaced and why, the decisions the import table shows, the cover; and,
while it places, where it stands and the log of what it decided."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.errors import DmreportError
from .blocks import Block, Reading


@dataclass
class Page:
    """A page of the month: its file stem, title, WBS code and blocks."""

    stem: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    wbs: str = ""


@dataclass(frozen=True)
class Replaced:
    """A source line the site's layout writes differently, or not at all."""

    line: int
    text: str
    becomes: str  # "" when the layout replaces it (title block, part heading)
    reason: str


@dataclass(frozen=True)
class Note:
    """A decision the import report shows (a renamed element, a status)."""

    line: int
    message: str


@dataclass
class Structure:
    """The month as pages, with what the layout replaced and why."""

    pages: list[Page]
    month: str = ""  # YYYY-MM from the title block, "" if it names none
    month_line: int = 0
    #: The month was read from a date with a day (an issue date, perhaps).
    month_from_date: bool = False
    #: The report's name as its title block gives it, dates aside.
    name: str = ""
    replaced: list[Replaced] = field(default_factory=list)
    healed: list[tuple[int, int]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    #: Text before the first part or element (a cover, a post's preface),
    #: and text with no page of its own: kept on the landing page.
    cover: list[Block] = field(default_factory=list)
    #: What the cover states (front matter of the landing page).
    facts: dict[str, str] = field(default_factory=dict)


def located(reading: Reading, line: int, message: str, fix: str) -> DmreportError:
    """An error at a source line, its page or paragraph named when known."""
    origin = reading.origins.get(line)
    return DmreportError(
        f"{message} ({origin})" if origin else message, path=reading.source, line=line, fix=fix
    )


@dataclass
class Position:
    """Where the placing stands: the pages so far, the open page and its
    part, the standard sections on it, and where each WBS element started."""

    pages: list[Page] = field(default_factory=list)
    #: The page blocks go to (None: the landing page's cover).
    page: Page | None = None
    #: ``front`` (the title page), ``summary``, ``milestones`` or ``details``.
    part: str = "front"
    #: Standard sections on the open page: (part, line of its heading).
    sections: list[tuple[str, int]] = field(default_factory=list)
    #: WBS code -> line of its heading (0: its page opened by its group's text).
    started: dict[str, int] = field(default_factory=dict)


class Decisions:
    """The log of what placing decided, kept in the month's :class:`Structure`
    for the import table: lines the layout writes differently, notes, and
    errors located at a block of the reading."""

    def __init__(self, reading: Reading, shape: Structure) -> None:
        self.reading = reading
        self.shape = shape

    def replace(self, block: Block, becomes: str, reason: str) -> None:
        """The layout writes ``block`` as ``becomes`` ("": not at all), for ``reason``."""
        self.replace_line(block.line, block.text, becomes, reason)

    def replace_line(self, line: int, text: str, becomes: str, reason: str) -> None:
        """The layout writes a source line as ``becomes`` ("": not at all)."""
        self.shape.replaced.append(Replaced(line, text, becomes, reason))

    def note(self, block: Block, message: str) -> None:
        """A decision the import table shows, at ``block``'s line."""
        self.shape.notes.append(Note(block.line, message))

    def noted(self, start: str) -> bool:
        """Whether a note starting with ``start`` was taken."""
        return any(note.message.startswith(start) for note in self.shape.notes)

    def error(self, block: Block, message: str, fix: str) -> DmreportError:
        """The error that stops the import at ``block`` (the caller raises it)."""
        return located(self.reading, block.line, message, fix)
