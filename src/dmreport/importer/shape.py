"""The month as the importer places it: pages, what the site's layout
replaced and why, the decisions the import table shows, the cover."""

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
