"""The pages of WBS elements: a WBS heading opens its element's page, or
heads a sub-element on its owner's page, or groups elements with pages of
their own; a team's heading (early reports) opens its element's page. An
element the WBS registry does not know, or one that starts twice, stops
the import with a located error."""

from __future__ import annotations

from ..core.registry import WbsElement, WbsRegistry
from ..core.teams import team_element
from .blocks import Block
from .headings import single_line
from .shape import Decisions, Page, Position
from .vocabulary import fold, is_capitals, plain, wbs_heading


class ElementPages:
    """Opens the page of each WBS element, or places its heading on the
    page that holds it."""

    def __init__(self, wbs: WbsRegistry, log: Decisions, at: Position) -> None:
        self.wbs = wbs
        self.log = log
        self.at = at

    def heading(self, block: Block, code: str, title: str, following: list[Block]) -> bool:
        """Place the heading of element ``code`` (titled ``title`` this month);
        say whether the layout replaces it (a heading grouping elements)."""
        element = self.wbs.by_code.get(code)
        if element is None:
            raise self.log.error(
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
            return self._group(block, element, following)
        page = self.at.page
        if page is None or page.wbs != owner.code:
            where = f"under {page.wbs or page.title}" if page else "before it"
            raise self.log.error(
                block,
                f"sub-element {code} ({title}) of {owner.code} {owner.title} is {where}",
                f"move it under the {owner.code} heading in the export",
            )
        block.kind, block.level, block.code = "heading", 3, code
        if is_capitals(title) and fold(title) == fold(element.title):
            block.text = block.text.replace(title, element.title)
        return False

    def team(self, block: Block, text: str, named_only: bool) -> bool:
        """Place a team's heading (``named_only``: only a team named in full);
        say whether ``block`` was one."""
        team = team_element(text, named_only=named_only)
        if team is None or team not in self.wbs.by_code or block.kind not in ("heading", "para"):
            return False
        self._team_page(block, self.wbs.by_code[team], text)
        return True

    def _group(self, block: Block, element: WbsElement, following: list[Block]) -> bool:
        """The heading of an element with no page, grouping elements that have
        one: replaced before their headings, else its text opens the page of
        its first element, under its own heading."""
        code = element.code
        nxt = wbs_heading(single_line(following[0]) or "") if following else None
        if nxt is not None and nxt.code.startswith(code + "."):
            self.log.replace(block, "", "groups WBS elements that have pages of their own")
            return True
        child = next(
            (e for e in self.wbs.elements if e.slug and e.code.startswith(code + ".")), None
        )
        if child is None:
            raise self.log.error(
                block,
                f"WBS element {code} ({element.title}) has no page in the WBS registry",
                "add a slug to it in wbs/elements.yaml, or head its text with the element "
                "that has the page",
            )
        # Text of a grouping element: on its first element's page, headed as found.
        self.log.note(
            block,
            f"{code} {element.title} has no page: its text is on the page of "
            f"{child.code} {child.title}, under its own heading",
        )
        if child.code not in self.at.started:
            heading = Block("heading", f"{child.code}: {child.title}", 0)
            self._element_page(heading, child, child.title)
            self.at.started[child.code] = 0  # opened by its group; its heading may follow
            if self.at.page is not None:
                self.at.page.blocks.append(heading)
        block.kind = "para"  # before the page's sections: kept as written
        return False

    def _title_note(self, block: Block, element: WbsElement, title: str) -> None:
        """Note an element titled otherwise than in the registry."""
        if fold(title) != fold(element.title):
            self.log.note(
                block,
                f"{element.code} is titled {title!r} this month (registry: {element.title!r}); "
                "the page keeps this month's title",
            )

    def _element_page(self, block: Block, element: WbsElement, title: str) -> None:
        """Open ``element``'s page, ``block`` its heading."""
        code, at = element.code, self.at
        if at.started.get(code) == 0 and at.page is not None and at.page.wbs == code:
            # the page its group's text opened: its own heading, as found
            at.started[code] = block.line
            block.kind, block.level = "heading", 3
            return
        if code in at.started:
            raise self.log.error(
                block,
                f"WBS element {code} starts twice (lines {at.started[code]} and {block.line})",
                "merge the two sections in the export into one",
            )
        at.started[code] = block.line
        if is_capitals(title) and fold(title) == fold(element.title):
            title = element.title
        written = f"{code}: {title}"
        if block.text.strip() != written:
            block.text = written
        at.part, at.sections = "details", []
        at.page = Page(element.slug or "", title, wbs=code)
        at.pages.append(at.page)
        block.kind, block.level, block.code = "heading", 1, code

    def _team_page(self, block: Block, element: WbsElement, text: str) -> None:
        """A team's heading: its element's page, the heading kept as a line
        of it. A team whose element's page came earlier stays where it
        stands (pages keep the export's order), and the import says so."""
        at = self.at
        page = next((p for p in at.pages if p.wbs == element.code), None)
        if page is None:
            heading = Block("heading", f"{element.code}: {element.title}", 0, level=1)
            heading.code = element.code
            page = Page(element.slug or "", element.title, [heading], wbs=element.code)
            at.pages.append(page)
            at.started[element.code] = block.line
            at.page, at.part, at.sections = page, "details", []
            where = f"on the page of {element.code} {element.title}"
        elif page is at.page:
            where = f"on the page of {element.code} {element.title}"
        else:
            here = at.page.wbs if at.page else "the landing page"
            where = f"kept under {here}, where it stands ({element.code}'s page comes earlier)"
        self.log.note(block, f"team heading {plain(text)!r}: {where}")
        block.kind = "para"  # the team's name, as a line of the page
        if at.page is not None:
            at.page.blocks.append(block)
