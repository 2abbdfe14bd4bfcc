"""A reading's blocks placed into the month's pages.

Parts (High-level Summary, Milestone Summary, Detailed Project Progress),
one page per WBS element matched by its code, the standard sections and
sub-elements within it, milestone groups and areas. Every block is placed
or the import stops with a located error: an element the WBS registry does
not know, or text with no page to go to, is never merged into a neighbour.
"""

from __future__ import annotations

from ..core.dates import dates_in
from ..core.errors import DmreportError
from ..core.registry import WbsElement, WbsRegistry
from ..core.teams import team_element
from .blocks import Block, Reading
from .cover import Cover, preface_end, states_a_fact
from .headings import PageHeadings
from .heal import heal, level_subsections, lines_of
from .shape import Note, Page, Replaced, Structure, located
from .vocabulary import (
    PART_HEADINGS,
    TOC_ENTRY,
    fold,
    front_section,
    is_capitals,
    is_metadata_line,
    is_title_line,
    name_words,
    part_heading,
    plain,
    same_words,
    wbs_heading,
)


def structure(reading: Reading, wbs: WbsRegistry) -> Structure:
    """Place every block of ``reading``; raise a located error on what cannot be."""
    placer = _Placer(reading, wbs)
    for index, block in enumerate(reading.blocks):
        placer.place(block, reading.blocks[index + 1 : index + 2])
    if not placer.pages:
        placer.summary_from_cover()
    if not placer.pages:
        raise DmreportError(
            "no text of a monthly report found (only cover lines)",
            path=reading.source,
            fix="is this an exported monthly report?",
        )
    result = placer.result
    cover = Cover()
    for block in result.cover:
        cover.read(block.text)
    result.facts = cover.front_matter()
    if not result.month and placer.dated:  # only a full date names the month: say so
        result.month, result.month_line = placer.dated
        result.month_from_date = True
        message = f"the month {result.month} is read from the title's date; pass --month if not"
        result.notes.append(Note(result.month_line, message))
    result.pages = placer.pages
    result.healed = heal(placer.pages)
    for page in placer.pages:
        level_subsections(page)
    return result


def _single_line(block: Block) -> str | None:
    """The text of a block that may be a heading (one line, heading or paragraph)."""
    if block.kind in ("heading", "para") and "\n" not in block.text:
        return block.text.strip()
    return None


class _Placer(PageHeadings):
    def __init__(self, reading: Reading, wbs: WbsRegistry) -> None:
        self.reading = reading
        self.wbs = wbs
        self.result = Structure([])
        self.pages: list[Page] = []
        self.page: Page | None = None
        self.part = "front"
        self.started: dict[str, int] = {}  # WBS code -> line of its heading
        self.sections: list[tuple[str, int]] = []  # (part, line) on this page
        self.front = ""  # the title page's section: change record, table of contents
        self.dated: tuple[str, int] | None = None  # the title's first full date: month, line
        lines = [b.line for b in reading.blocks if _is_part(b, "details")]
        self.details_line = lines[0] if lines else 0
        #: A report by team, not by WBS element: team headings start pages.
        self.by_team = not any(
            wbs_heading(text) for b in reading.blocks if (text := _single_line(b)) is not None
        )

    def error(self, block: Block, message: str, fix: str) -> DmreportError:
        return located(self.reading, block.line, message, fix)

    def replace(self, block: Block, becomes: str, reason: str) -> None:
        self.result.replaced.append(Replaced(block.line, block.text, becomes, reason))

    def note(self, block: Block, message: str) -> None:
        self.result.notes.append(Note(block.line, message))

    def place(self, block: Block, following: list[Block]) -> None:
        text = _single_line(block)
        if text is not None and self._structural(block, text, following):
            return
        if self.part == "front" and self.front == "change record":
            for line in sorted({*lines_of(block), *block.row_lines}):  # its table, say
                text = self.reading.lines[line - 1] if line <= len(self.reading.lines) else ""
                self.result.replaced.append(Replaced(line, text, "", self.front))
            return
        if self.page is None:
            # The cover, or text with no page: kept as found on the landing page.
            if self.pages and not any(
                n.message.startswith("kept as found") for n in self.result.notes
            ):
                self.note(block, "kept as found on the landing page: text before any WBS element")
            self.result.cover.append(block)
            return
        if text is not None:
            self._heading(block, text, following)
        self.page.blocks.append(block)

    def summary_from_cover(self) -> None:
        """A report of its summary only (a forum post): after the preface,
        the cover's text is the High-level Summary."""
        cover = self.result.cover
        start = preface_end([block.text for block in cover])
        if start == len(cover):
            return
        self.page = Page("summary", PART_HEADINGS["summary"])
        self.page.blocks.append(Block("heading", PART_HEADINGS["summary"], 0, level=1))
        self.pages.append(self.page)
        self.part = "summary"
        self.result.cover = cover[:start]
        for index, block in enumerate(cover[start:], start):
            text = _single_line(block)
            if text is not None:
                self._heading(block, text, cover[index + 1 : index + 2])
            self.page.blocks.append(block)
        self.note(
            cover[start], "no part heading: the text after the preface is the High-level Summary"
        )

    # -- parts, title block and WBS elements ----------------------------------

    def _structural(self, block: Block, text: str, following: list[Block]) -> bool:
        """Place a part heading, title line or WBS heading; say whether it was one."""
        if self.front == "table of contents" and not self.pages and TOC_ENTRY.search(text):
            self.replace(block, "", self.front)  # an entry names a part; it is not one
            return True
        part = part_heading(text)
        if part is not None:
            self._part(block, part, text)
            return True
        code = wbs_heading(text)
        in_area = self.part == "milestones" and block.line < self.details_line
        if code is not None and not in_area:
            return self._wbs(block, code.code, code.title, following)
        if self.part == "front" and not self.pages and self._front(block, text):
            return True
        team = (
            team_element(text, named_only=self.part != "details")
            if self.by_team and self.part != "milestones"
            else None
        )
        if team is not None and team in self.wbs.by_code and block.kind in ("heading", "para"):
            self._team(block, self.wbs.by_code[team], text)
            return True
        return False

    def _team(self, block: Block, element: WbsElement, text: str) -> None:
        """A team's heading: its element's page, the heading kept as a line
        of it. A team whose element's page came earlier stays where it
        stands (pages keep the export's order), and the import says so."""
        page = next((p for p in self.pages if p.wbs == element.code), None)
        if page is None:
            heading = Block("heading", f"{element.code}: {element.title}", 0, level=1)
            heading.code = element.code
            page = Page(element.slug or "", element.title, [heading], wbs=element.code)
            self.pages.append(page)
            self.started[element.code] = block.line
            self.page, self.part, self.sections = page, "details", []
            where = f"on the page of {element.code} {element.title}"
        elif page is self.page:
            where = f"on the page of {element.code} {element.title}"
        else:
            here = self.page.wbs if self.page else "the landing page"
            where = f"kept under {here}, where it stands ({element.code}'s page comes earlier)"
        self.note(block, f"team heading {plain(text)!r}: {where}")
        block.kind = "para"  # the team's name, as a line of the page
        if self.page is not None:
            self.page.blocks.append(block)

    def _front(self, block: Block, text: str) -> bool:
        """A line of the title page: title, date, metadata, change record, contents."""
        section = front_section(text)
        if section:
            self.front, reason = section, section
        elif self.front == "table of contents" and TOC_ENTRY.search(text):
            reason = self.front
        elif is_metadata_line(text) or states_a_fact(text):
            # the cover: kept on the landing page, its facts read; a date of
            # issue still tells the month when nothing else does
            if (dated := dates_in(text)) and not self.result.month and not self.dated:
                self.dated = (dated[0].month, block.line)
            return False
        elif is_title_line(text):
            reason = "title block (the month's landing page shows it)"
            self._name(text)
            months = [d for d in dates_in(text) if d.day is None]
            if months and not self.result.month:
                self.result.month, self.result.month_line = months[0].month, block.line
            elif (dated := dates_in(text)) and not self.result.month and not self.dated:
                self.dated = (dated[0].month, block.line)
        elif self.front == "change record":
            reason = self.front
        else:
            return False
        self.replace(block, "", reason)
        return True

    def _name(self, text: str) -> None:
        """Add a title line's words, its date aside, to the report's name."""
        words = name_words(text)
        if words:
            self.result.name = f"{self.result.name} {words}".strip()

    def _part(self, block: Block, part: str, text: str) -> None:
        title = PART_HEADINGS[part]
        if part == "details" or not same_words(text, title):
            self.replace(block, "" if part == "details" else title, "part heading")
        if part == "details":
            self.part, self.page = "details", None
            return
        if any(p.stem == part for p in self.pages):
            # Kept where it stands: its words stay in order, its page is not reopened.
            self.note(block, f"kept as found: a second {title!r} heading, a sub-heading here")
            block.kind, block.level = "heading", 2
            (self.page.blocks if self.page is not None else self.result.cover).append(block)
            return
        self.part, self.page = part, Page(part, title)
        self.pages.append(self.page)
        block.kind, block.level, block.text = "heading", 1, title
        self.page.blocks.append(block)

    def _wbs(self, block: Block, code: str, title: str, following: list[Block]) -> bool:
        element = self.wbs.by_code.get(code)
        if element is None:
            raise self.error(
                block,
                f"WBS element {code} ({title}) is not in the WBS registry",
                "add it to wbs/elements.yaml (with a slug if it has a page of its own) "
                "or correct the heading",
            )
        self._title_note(block, element, title)
        if element.slug:
            self._element_page(block, element, title)
            return False
        owner = self.wbs.page_of(code)
        if owner is None:
            nxt = wbs_heading(_single_line(following[0]) or "") if following else None
            if nxt is not None and nxt.code.startswith(code + "."):
                self.replace(block, "", "groups WBS elements that have pages of their own")
                return True
            child = next(
                (e for e in self.wbs.elements if e.slug and e.code.startswith(code + ".")), None
            )
            if child is None:
                raise self.error(
                    block,
                    f"WBS element {code} ({element.title}) has no page in the WBS registry",
                    "add a slug to it in wbs/elements.yaml, or head its text with the element "
                    "that has the page",
                )
            # Text of a grouping element: on its first element's page, headed as found.
            self.note(
                block,
                f"{code} {element.title} has no page: its text is on the page of "
                f"{child.code} {child.title}, under its own heading",
            )
            if child.code not in self.started:
                heading = Block("heading", f"{child.code}: {child.title}", 0)
                self._element_page(heading, child, child.title)
                self.started[child.code] = 0  # opened by its group; its heading may follow
                if self.page is not None:
                    self.page.blocks.append(heading)
            block.kind = "para"  # before the page's sections: kept as written
            return False
        if self.page is None or self.page.wbs != owner.code:
            where = f"under {self.page.wbs or self.page.title}" if self.page else "before it"
            raise self.error(
                block,
                f"sub-element {code} ({title}) of {owner.code} {owner.title} is {where}",
                f"move it under the {owner.code} heading in the export",
            )
        block.kind, block.level, block.code = "heading", 3, code
        if is_capitals(title) and fold(title) == fold(element.title):
            block.text = block.text.replace(title, element.title)
        return False

    def _title_note(self, block: Block, element: WbsElement, title: str) -> None:
        if fold(title) != fold(element.title):
            self.note(
                block,
                f"{element.code} is titled {title!r} this month (registry: {element.title!r}); "
                "the page keeps this month's title",
            )

    def _element_page(self, block: Block, element: WbsElement, title: str) -> None:
        code = element.code
        if self.started.get(code) == 0 and self.page is not None and self.page.wbs == code:
            # the page its group's text opened: its own heading, as found
            self.started[code] = block.line
            block.kind, block.level = "heading", 3
            return
        if code in self.started:
            raise self.error(
                block,
                f"WBS element {code} starts twice (lines {self.started[code]} and {block.line})",
                "merge the two sections in the export into one",
            )
        self.started[code] = block.line
        if is_capitals(title) and fold(title) == fold(element.title):
            title = element.title
        written = f"{code}: {title}"
        if block.text.strip() != written:
            block.text = written
        self.part, self.sections = "details", []
        self.page = Page(element.slug or "", title, wbs=code)
        self.pages.append(self.page)
        block.kind, block.level, block.code = "heading", 1, code


def _is_part(block: Block, part: str) -> bool:
    text = _single_line(block)
    return text is not None and part_heading(text) == part
