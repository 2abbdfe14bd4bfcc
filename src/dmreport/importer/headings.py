"""Headings inside a page as the importer places them: the High-level
Summary's known headings, milestone groups and areas, a WBS page's standard
sections (in their one order) and its sub-headings."""

from __future__ import annotations

from ..core.sections import STANDARD_PARTS
from .blocks import Block
from .shape import Decisions, Page, Position
from .vocabulary import (
    MILESTONE_LINE,
    is_capitals,
    looks_like_heading,
    milestone_group,
    plain,
    same_words,
    section_heading,
    short_heading,
    summary_heading,
    title_case,
    wbs_heading,
)


def single_line(block: Block) -> str | None:
    """The text of a block that may be a heading (one line, heading or paragraph)."""
    if block.kind in ("heading", "para") and "\n" not in block.text:
        return block.text.strip()
    return None


class PageHeadings:
    """Recognises the headings of the open page, by its part: which one-line
    blocks are headings, at what level, and what the layout calls them."""

    def __init__(self, log: Decisions, at: Position) -> None:
        self.log = log
        self.at = at

    def recognise(self, block: Block, text: str, following: list[Block]) -> None:
        """Make the one-line ``block`` (``text``) a heading of the open page
        when it is one, at its level; ``following`` is the block after it."""
        after = following[0] if following else None
        part, page = self.at.part, self.at.page
        if part == "summary":
            self._summary_heading(block, text, after)
        elif part == "milestones":
            self._milestone_heading(block, text, after)
        elif part == "details" and block.level != 1:
            self._details_heading(block, text, after)
        elif (
            part == "details"
            and block.kind == "heading"
            and not block.code
            and page is not None
            and page.blocks
        ):
            # A top-level heading that is no element: one page has one title.
            block.level = 3 if self.at.sections else 2
            self.log.note(
                block,
                f"kept as found: top-level heading {text!r} names no WBS element; a "
                "sub-heading where it stands",
            )

    def _summary_heading(self, block: Block, text: str, after: Block | None) -> None:
        known = summary_heading(text)
        if known is not None:
            if not same_words(text, known):
                self.log.replace(block, known, "heading numbering")
            block.kind, block.level, block.text = "heading", 2, known
        elif block.kind == "heading":
            block.level = 2 if block.level <= 2 else 3
        elif (
            short_heading(text)
            and after is not None
            and after.kind in ("para", "item")
            and plain(after.text)[:1].isupper()
        ):
            block.kind, block.level = "heading", 2

    def _milestone_heading(self, block: Block, text: str, after: Block | None) -> None:
        if milestone_group(text) is not None:
            block.kind, block.level = "heading", 2
            if is_capitals(text):
                block.text = text[:1] + text[1:].lower()
        elif MILESTONE_LINE.match(text):
            block.kind, block.level = "heading", 3 + _under_area(self.at.page)
        elif block.kind == "heading" or (
            short_heading(text)
            and after is not None
            and (
                after.kind == "table" or (after.kind == "para" and MILESTONE_LINE.match(after.text))
            )
        ):
            block.kind, block.level = "heading", 3
            code = wbs_heading(text)
            if code is not None:
                block.code = code.code

    def _details_heading(self, block: Block, text: str, after: Block | None) -> None:
        section = section_heading(text)
        if section is not None:
            if section.replaced:
                self.log.replace(block, section.title, "standard section heading")
            rank = STANDARD_PARTS.index(section.part)
            later = [(p, line) for p, line in self.at.sections if STANDARD_PARTS.index(p) > rank]
            if later:  # the site keeps one order: kept where it stands, as a sub-heading
                block.kind, block.level = "heading", 3
                self.log.note(
                    block,
                    f"kept as found: section {text!r} comes after {later[0][0]!r} (line "
                    f"{later[0][1]}); a sub-heading where it stands, its standard section "
                    "left empty",
                )
                return
            self.at.sections.append((section.part, block.line))
            block.kind, block.level, block.text = "heading", 2, section.title
        elif block.kind == "heading" or (
            block.kind == "para"
            and looks_like_heading(text)
            and after is not None
            and after.kind in ("para", "item")
            and after.line == block.line + 1
            and title_case(text)
        ):
            block.kind, block.level = "heading", 3
            if not self.at.sections and self.at.page is not None and self.at.page.wbs:
                self.log.note(
                    block,
                    f"kept as found: heading {text!r} names no standard section; a sub-heading "
                    "where it stands",
                )


def _under_area(page: Page | None) -> int:
    """1 when the milestones so far sit under an area heading, else 0."""
    for block in reversed(page.blocks if page else []):
        if block.kind == "heading" and block.level == 3:
            return 0 if MILESTONE_LINE.match(block.text) else 1
        if block.kind == "heading" and block.level == 4:
            return 1
        if block.kind == "heading" and block.level <= 2:
            return 0
    return 0
