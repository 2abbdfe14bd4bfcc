"""Read an exported monthly report into located blocks and pages.

The export is plain text: one paragraph or list item per line, nested items
indented by spaces, headings as bare lines, links in Markdown form. Headings
are recognised by the report's fixed vocabulary and by WBS codes, never by
guessing from length alone outside the summaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import DmreportError

#: Lines of the export's title block and part headings. The site's layout
#: replaces them (the month's landing page and its tables of contents), so
#: the fidelity check does not look for them in the pages.
TITLE_LINES = ("Vera C. Rubin Observatory", "Data Management Monthly Report")
PART_SUMMARY = "High-level Summary"
PART_MILESTONES = "Milestone Summary"
PART_DETAILS = "Detailed Project Progress"
STRUCTURAL_LINES = (*TITLE_LINES, PART_DETAILS)

SUMMARY_HEADINGS = (
    "Community Interactions, Meetings and Workshops",
    "Technical Progress",
    "Risk Management",
)
MILESTONE_GROUPS = ("Milestones Completed", "Milestones Delayed")
STANDARD_SECTIONS = ("Current accomplishments", "Planned activities", "Staffing update")

WBS_PAGE = re.compile(r"^(?P<code>1\.02C(?:\.\d{2})+):\s*(?P<title>\S.*)$")
WBS_SUB = re.compile(r"^(?P<code>02C(?:\.\d{2})+)\s+(?:[–-]\s+)?(?P<title>\S.*)$")
SECTION_VARIANT = re.compile(
    r"^(?:[A-Z][\w-]* accomplishments|Planned [\w-]+ activities|"
    r"Current accomplishments|Planned activities|Staffing update)$"
)
MILESTONE_LINE = re.compile(r"^(?P<id>[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+):\s+(?P<title>\S.*)$")
ITEM = re.compile(r"^(?P<indent>\s*)[-•]\s+(?P<text>.*)$")
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
FOOTNOTE_DEF = re.compile(rf"^(?P<mark>[{SUPERSCRIPTS}]+)\s+(?P<text>\S.*)$")
MONTH_LINE = re.compile(
    r"^(January|February|March|April|May|June|July|August|September|October|"
    r"November|December) \d{4}$"
)
TERMINAL = tuple(".!?:;”\"'*`")
CLOSING = tuple(")]")


@dataclass
class Block:
    """One paragraph, list item, heading or footnote of the export."""

    kind: str  # "heading" | "para" | "item" | "footnote"
    text: str
    line: int
    level: int = 0  # heading level, or nesting depth of a list item
    code: str = ""  # WBS code of a WBS heading
    joined: list[int] = field(default_factory=list)  # lines healed into this one


@dataclass
class Page:
    """A page of the month: its file stem, metadata and blocks."""

    stem: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    wbs: str = ""


@dataclass
class Export:
    """A parsed export: pages in report order plus what the layout replaced."""

    source: Path
    month_line: str
    pages: list[Page]
    structural: list[int]  # line numbers of structural lines
    healed: list[tuple[int, int]]  # (line, continuation line) pairs joined
    month_line_no: int = 0


def superscript_number(mark: str) -> str:
    return mark.translate(str.maketrans(SUPERSCRIPTS, "0123456789"))


def _raw_blocks(lines: list[str]) -> list[Block]:
    """Lines into paragraphs and items; a line straight after a paragraph
    line (no blank between) continues that paragraph."""
    blocks: list[Block] = []
    previous_blank = True
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        if not line.strip():
            previous_blank = True
            continue
        item = ITEM.match(line)
        if item:
            depth = len(item.group("indent").expandtabs(4))
            blocks.append(Block("item", item.group("text").strip(), number, depth))
        elif FOOTNOTE_DEF.match(line.strip()):
            blocks.append(Block("footnote", line.strip(), number))
        elif not previous_blank and blocks and blocks[-1].kind == "para":
            blocks[-1].text += " " + line.strip()
        else:
            blocks.append(Block("para", line.strip(), number))
        previous_blank = False
    _normalise_depths(blocks)
    return blocks


def _normalise_depths(blocks: list[Block]) -> None:
    """Indentation widths into nesting depths 0, 1, 2, ... per list."""
    stack: list[int] = []
    for block in blocks:
        if block.kind != "item":
            stack = []
            continue
        indent = block.level
        while stack and indent < stack[-1]:
            stack.pop()
        if not stack or indent > stack[-1]:
            stack.append(indent)
        block.level = len(stack) - 1


def _plain(text: str) -> str:
    """Text with Markdown links reduced to their words (for shape tests)."""
    text = re.sub(r"\[((?:[^\[\]]|\\\[|\\\])*)\]\([^)]*\)", r"\1", text)
    return text.replace("\\[", "[").replace("\\]", "]")


def _is_terminated(text: str) -> bool:
    return _plain(text).rstrip().endswith(TERMINAL)


def _continues(block: Block, following: Block) -> bool:
    """Whether ``following`` is the rest of ``block`` cut by a page break."""
    if block.kind not in ("para", "item") or following.kind != "para":
        return False
    if _is_terminated(block.text):
        return False
    start = _plain(following.text)[:1]
    if _plain(block.text).rstrip().endswith(CLOSING):
        return start.islower()
    if block.kind == "item":
        return True
    return start.islower() or following.text.startswith("[")


def _short_heading(text: str) -> bool:
    plain = _plain(text)
    return (
        len(plain.split()) <= 8
        and plain[:1].isupper()
        and not _is_terminated(plain)
        and not plain.endswith(CLOSING)
        and "[" not in text
    )


def parse_export(path: Path) -> Export:
    """Parse an export file; raise :class:`DmreportError` on what it cannot read."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DmreportError("export file not found", path=path) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise DmreportError(
            "the export is not UTF-8 text",
            path=path,
            line=line,
            fix="save the export as UTF-8",
        ) from None
    blocks = _raw_blocks(text.splitlines())
    return _paginate(path, blocks)


def _paginate(path: Path, blocks: list[Block]) -> Export:
    pages: list[Page] = []
    structural: list[int] = []
    month_line = ""
    month_line_no = 0
    page: Page | None = None
    part = "front"
    index = 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        text = block.text
        if block.kind == "para" and text == PART_SUMMARY:
            part, page = "summary", Page("summary", PART_SUMMARY)
            pages.append(page)
            block.kind, block.level = "heading", 1
        elif block.kind == "para" and text == PART_MILESTONES:
            part, page = "milestones", Page("milestones", PART_MILESTONES)
            pages.append(page)
            block.kind, block.level = "heading", 1
        elif block.kind == "para" and text == PART_DETAILS:
            part, page = "details", None
            structural.append(block.line)
            index += 1
            continue
        elif block.kind == "para" and WBS_PAGE.match(text):
            match = WBS_PAGE.match(text)
            assert match is not None
            part = "details"
            page = Page("", match.group("title").strip(), wbs=match.group("code"))
            pages.append(page)
            block.kind, block.level, block.code = "heading", 1, match.group("code")
        elif part == "front":
            if block.kind == "para" and (text in TITLE_LINES or MONTH_LINE.match(text)):
                structural.append(block.line)
                if MONTH_LINE.match(text):
                    month_line, month_line_no = text, block.line
                index += 1
                continue
            raise DmreportError(
                f"unexpected text before the {PART_SUMMARY!r} heading: {text[:60]!r}",
                path=path,
                line=block.line,
                fix="the export must start with the report's title block",
            )
        elif block.kind == "para":
            _classify_heading(block, following, part, page)
        assert page is not None
        page.blocks.append(block)
        index += 1
    if not pages:
        raise DmreportError(
            f"no {PART_SUMMARY!r} heading found",
            path=path,
            fix="is this an exported monthly report?",
        )
    healed = _heal(pages)
    for page in pages:
        _level_subsections(page)
    return Export(path, month_line, pages, structural, healed, month_line_no)


def _classify_heading(block: Block, following: Block | None, part: str, page: Page | None) -> None:
    text = block.text
    if part == "summary":
        if text in SUMMARY_HEADINGS or (
            _short_heading(text)
            and following is not None
            and following.kind in ("para", "item")
            and _plain(following.text)[:1].isupper()
        ):
            block.kind, block.level = "heading", 2
    elif part == "milestones":
        if text in MILESTONE_GROUPS:
            block.kind, block.level = "heading", 2
        elif MILESTONE_LINE.match(text):
            block.kind, block.level = "heading", 3 + _under_area(page)
        elif (
            _short_heading(text)
            and following is not None
            and following.kind == "para"
            and MILESTONE_LINE.match(following.text)
        ):
            block.kind, block.level = "heading", 3
    elif part == "details":
        sub = WBS_SUB.match(text)
        if SECTION_VARIANT.match(text):
            block.kind, block.level = "heading", 2
        elif sub and not _is_terminated(text):
            block.kind, block.level = "heading", 3
            block.code = "1." + sub.group("code")


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


def _heal(pages: list[Page]) -> list[tuple[int, int]]:
    """Join paragraphs that a page break of the original document split."""
    healed: list[tuple[int, int]] = []
    for page in pages:
        kept: list[Block] = []
        for block in page.blocks:
            if kept and _continues(kept[-1], block):
                kept[-1].text += " " + block.text
                kept[-1].joined.append(block.line)
                healed.append((kept[-1].line, block.line))
                continue
            kept.append(block)
        page.blocks = kept
    return healed


def _level_subsections(page: Page) -> None:
    """A sub-element heading nests under the previous one it extends."""
    previous = ""
    for block in page.blocks:
        if block.kind != "heading":
            continue
        if block.level <= 2:
            previous = ""
        elif block.level == 3 and block.code:
            if previous and block.code.startswith(previous + "."):
                block.level = 4
            else:
                previous = block.code
