"""The layout of a WBS page and what a published month may not keep:
sub-element headings, the standard sections, to-do lines (DMR006 to DMR008,
DMR020)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml
from markdown_it.token import Token

from ..core.sections import PART_TITLES, STANDARD_PARTS, part_of
from .codes import Code
from .page import Page
from .problem import Problem

TODO = re.compile(r"^%\s*(?:To do\b|- \[ \])", re.I)
SUB_ELEMENT = re.compile(r"^(?P<code>02C(?:\.\d{2})+)\b")


def sections(page: Page, tokens: list[Token]) -> Iterator[Problem]:
    """Sub-elements the registry knows; every standard section, in order."""
    seen: list[tuple[str, int]] = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        title = tokens[index + 1].content
        line = token.map[0] + 1 if token.map else 1
        sub = SUB_ELEMENT.match(title)
        if sub and "1." + sub["code"] not in page.wbs.by_code:
            yield page.problem(
                line,
                1,
                Code.UNKNOWN_SUB_ELEMENT,
                f"sub-element {sub['code']} is not in wbs/elements.yaml; add it there "
                "or correct the heading",
            )
        if token.tag == "h2" and (part := part_of(title)):
            seen.append((part, line))
    parts = [part for part, _ in seen]
    title_line = next((t.map[0] + 1 for t in tokens if t.type == "heading_open" and t.map), 1)
    for part in STANDARD_PARTS:
        if part not in parts:
            yield page.problem(
                title_line,
                1,
                Code.MISSING_SECTION,
                f"section '## {PART_TITLES[part]}' is missing; add it (it may stay empty)",
            )
    furthest = 0
    for part, line in seen:
        rank = STANDARD_PARTS.index(part)
        furthest = max(furthest, rank)
        if rank < furthest:
            yield page.problem(
                line,
                1,
                Code.SECTION_ORDER,
                f"section '{PART_TITLES[part]}' is out of order; the order is "
                + ", ".join(PART_TITLES[p] for p in STANDARD_PARTS),
            )


def published(page: Page, month: str) -> bool:
    """Whether the index page of ``month`` says it is published."""
    index = page.root / "reports" / month / "index.md"
    try:
        front = yaml.safe_load(index.read_text(encoding="utf-8").split("---")[1])
    except (OSError, IndexError, yaml.YAMLError, UnicodeDecodeError):
        return False
    return isinstance(front, dict) and front.get("status") == "published"


def todo_lines(page: Page, month: str) -> Iterator[Problem]:
    """To-do comment lines (``% To do``, ``% - [ ]``) in a published month."""
    if not published(page, month):
        return
    for number, line in enumerate(page.lines, start=1):
        if TODO.match(line.strip()):
            yield page.problem(
                number,
                1,
                Code.TODO_LEFT,
                "to-do text left in a published month; report against it, then delete the % lines",
            )
