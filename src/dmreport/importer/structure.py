"""A reading's blocks placed into the month's pages.

Parts (High-level Summary, Milestone Summary, Detailed Project Progress),
one page per WBS element matched by its code, the standard sections and
sub-elements within it, milestone groups and areas. Every block is placed
or the import stops with a located error: an element the WBS registry does
not know, or text with no page to go to, is never merged into a neighbour.

:class:`Placer` takes the blocks in order and hands each to the part that
knows it: :class:`~.title_page.TitlePage` (the title page),
:class:`~.elements.ElementPages` (WBS elements and teams),
:class:`~.headings.PageHeadings` (headings on the open page); what they
decide is logged by :class:`~.shape.Decisions`.
"""

from __future__ import annotations

from ..core.errors import DmreportError
from ..core.registry import WbsRegistry
from .blocks import Block, Reading
from .cover import Cover, preface_end
from .elements import ElementPages
from .headings import PageHeadings, single_line
from .heal import heal, level_subsections, lines_of
from .shape import Decisions, Note, Page, Position, Structure
from .title_page import TitlePage
from .vocabulary import PART_HEADINGS, part_heading, same_words, wbs_heading


def structure(reading: Reading, wbs: WbsRegistry) -> Structure:
    """Place every block of ``reading``; raise a located error on what cannot be."""
    placer = Placer(reading, wbs)
    for index, block in enumerate(reading.blocks):
        placer.place(block, reading.blocks[index + 1 : index + 2])
    pages = placer.at.pages
    if not pages:
        placer.summary_from_cover()
    if not pages:
        raise DmreportError(
            "no text of a monthly report found (only cover lines)",
            path=reading.source,
            fix="is this an exported monthly report?",
        )
    result = placer.shape
    cover = Cover()
    for block in result.cover:
        cover.read(block.text)
    result.facts = cover.front_matter()
    if not result.month and placer.title.dated:  # only a full date names the month: say so
        result.month, result.month_line = placer.title.dated
        result.month_from_date = True
        message = f"the month {result.month} is read from the title's date; pass --month if not"
        result.notes.append(Note(result.month_line, message))
    result.pages = pages
    result.healed = heal(pages)
    for page in pages:
        level_subsections(page)
    return result


class Placer:
    """Places the blocks of a reading, one by one in order: on the title
    page, as a part heading, as a WBS element's or team's heading, on the
    open page, or on the landing page when no page is open."""

    def __init__(self, reading: Reading, wbs: WbsRegistry) -> None:
        self.reading = reading
        self.shape = Structure([])
        self.at = Position()
        self.log = Decisions(reading, self.shape)
        self.title = TitlePage(self.log)
        self.elements = ElementPages(wbs, self.log, self.at)
        self.headings = PageHeadings(self.log, self.at)
        lines = [b.line for b in reading.blocks if _is_part(b, "details")]
        #: Line of the Detailed Project Progress heading (0: none): before
        #: it, a WBS heading in the Milestone Summary names an area.
        self.details_line = lines[0] if lines else 0
        #: A report by team, not by WBS element: team headings start pages.
        self.by_team = not any(
            wbs_heading(text) for b in reading.blocks if (text := single_line(b)) is not None
        )

    def place(self, block: Block, following: list[Block]) -> None:
        """Place ``block``; ``following`` is the block after it (if any)."""
        text = single_line(block)
        if text is not None and self._structural(block, text, following):
            return
        if self.at.part == "front" and self.title.section == "change record":
            for line in sorted({*lines_of(block), *block.row_lines}):  # its table, say
                text = self.reading.lines[line - 1] if line <= len(self.reading.lines) else ""
                self.log.replace_line(line, text, "", self.title.section)
            return
        page = self.at.page
        if page is None:
            # The cover, or text with no page: kept as found on the landing page.
            if self.at.pages and not self.log.noted("kept as found"):
                self.log.note(
                    block, "kept as found on the landing page: text before any WBS element"
                )
            self.shape.cover.append(block)
            return
        if text is not None:
            self.headings.recognise(block, text, following)
        page.blocks.append(block)

    def summary_from_cover(self) -> None:
        """A report of its summary only (a forum post): after the preface,
        the cover's text is the High-level Summary."""
        cover = self.shape.cover
        start = preface_end([block.text for block in cover])
        if start == len(cover):
            return
        page = self.at.page = Page("summary", PART_HEADINGS["summary"])
        page.blocks.append(Block("heading", PART_HEADINGS["summary"], 0, level=1))
        self.at.pages.append(page)
        self.at.part = "summary"
        self.shape.cover = cover[:start]
        for index, block in enumerate(cover[start:], start):
            text = single_line(block)
            if text is not None:
                self.headings.recognise(block, text, cover[index + 1 : index + 2])
            page.blocks.append(block)
        self.log.note(
            cover[start], "no part heading: the text after the preface is the High-level Summary"
        )

    def _structural(self, block: Block, text: str, following: list[Block]) -> bool:
        """Place a part heading, title page line, WBS or team heading; say
        whether ``block`` was one."""
        if not self.at.pages and self.title.is_contents_entry(text):
            self.log.replace(block, "", self.title.section)  # an entry names a part; it is not one
            return True
        part = part_heading(text)
        if part is not None:
            self._part(block, part, text)
            return True
        code = wbs_heading(text)
        in_area = self.at.part == "milestones" and block.line < self.details_line
        if code is not None and not in_area:
            return self.elements.heading(block, code.code, code.title, following)
        if self.at.part == "front" and not self.at.pages and self.title.take(block, text):
            return True
        if self.by_team and self.at.part != "milestones":
            return self.elements.team(block, text, named_only=self.at.part != "details")
        return False

    def _part(self, block: Block, part: str, text: str) -> None:
        """A part heading: its page opened, or (a second one) kept as a sub-heading."""
        title = PART_HEADINGS[part]
        if part == "details" or not same_words(text, title):
            self.log.replace(block, "" if part == "details" else title, "part heading")
        if part == "details":
            self.at.part, self.at.page = "details", None
            return
        if any(p.stem == part for p in self.at.pages):
            # Kept where it stands: its words stay in order, its page is not reopened.
            self.log.note(block, f"kept as found: a second {title!r} heading, a sub-heading here")
            block.kind, block.level = "heading", 2
            (self.at.page.blocks if self.at.page is not None else self.shape.cover).append(block)
            return
        page = self.at.page = Page(part, title)
        self.at.part = part
        self.at.pages.append(page)
        block.kind, block.level, block.text = "heading", 1, title
        page.blocks.append(block)


def _is_part(block: Block, part: str) -> bool:
    text = single_line(block)
    return text is not None and part_heading(text) == part
