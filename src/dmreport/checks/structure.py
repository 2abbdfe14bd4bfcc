"""The layout of a WBS page and what a published month may not keep:
sub-element headings, the standard sections, to-do lines (DMR006 to DMR008,
DMR020)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml
from markdown_it.token import Token

from ..core.ids import SUB_ELEMENT
from ..core.sections import PART_TITLES, STANDARD_PARTS, part_of
from .codes import Code
from .hints import nearest
from .page import Page
from .problem import Problem

TODO = re.compile(r"^%\s*(?:To do\b|- \[ \])", re.I)
#: A sub-element code however written: ``02C.03.04``, ``2C.3.4``, ``02c.03.4``.
LOOSE_CODE = re.compile(r"^(?P<code>0?2[Cc](?:\.\d{1,2})+)(?![\d.]*\d)")


def _headings(tokens: list[Token]) -> list[tuple[int, str, int]]:
    """(level, title, line) of each heading of the page."""
    return [
        (int(token.tag[1:]), tokens[index + 1].content, token.map[0] + 1 if token.map else 1)
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def sections(page: Page, tokens: list[Token], element: str = "") -> Iterator[Problem]:
    """Sub-elements the registry knows; every standard section, in order;
    the outline of headings (see :func:`outline`)."""
    seen: list[tuple[str, int]] = []
    headings = _headings(tokens)
    for level, title, line in headings:
        sub = SUB_ELEMENT.match(title)
        if sub and "1." + sub["code"] not in page.wbs.by_code:
            yield page.problem(
                line,
                1,
                Code.UNKNOWN_SUB_ELEMENT,
                f"sub-element {sub['code']} is not in wbs/elements.yaml; add it there "
                "or correct the heading",
            )
        if level == 2 and (part := part_of(title)):
            seen.append((part, line))
    parts = [part for part, _ in seen]
    title_line = headings[0][2] if headings else 1
    others = [(title, line) for level, title, line in headings if level == 2 and not part_of(title)]
    for part in STANDARD_PARTS:
        if part not in parts:
            wanted = PART_TITLES[part]
            near = nearest(wanted, [title for title, _ in others], cutoff=0.75)
            at = next((line for title, line in others if title == near), title_line)
            hint = f" ('## {near}' here is nearly it: write '## {wanted}')" if near else ""
            yield page.problem(
                at,
                1,
                Code.MISSING_SECTION,
                f"section '## {wanted}' is missing{hint}; add it (it may stay empty)",
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
    yield from outline(page, headings, element)


def outline(page: Page, headings: list[tuple[int, str, int]], element: str) -> Iterator[Problem]:
    """One page title; sub-element headings at ``###``, their codes written
    as the registry writes them, of this page's element (or the group it is
    in), each once per section."""
    titles = [line for level, _, line in headings if level == 1]
    for line in titles[1:]:
        yield page.problem(
            line,
            1,
            Code.HEADING_STRUCTURE,
            f"a second page title (#); the page's title is at line {titles[0]}: "
            "make this heading ## (a section) or ### (a sub-element)",
        )
    own = element.removeprefix("1.")
    section = ""
    first_in: dict[str, int] = {}
    opened: list[tuple[str, int]] = []  # the section's sub-element headings so far
    for level, title, line in headings:
        if level <= 2:
            section, first_in, opened = title, {}, []
            continue
        written = LOOSE_CODE.match(title)
        if written is None:
            continue
        code = _canonical(written["code"])
        if written["code"] != code:
            yield page.problem(
                line,
                1,
                Code.HEADING_STRUCTURE,
                f"sub-element code {written['code']!r}: write it as the registry does, {code}",
            )
        # Level 3 in a section; one further in under its own parent's heading.
        under = next((lv for c, lv in reversed(opened) if code.startswith(c + ".")), 2)
        wanted = under + 1
        if code != own:  # the page's own element heads nothing further in
            opened.append((code, level))
        if level != wanted:
            yield page.problem(
                line,
                1,
                Code.HEADING_STRUCTURE,
                f"sub-element heading at level {level} ({'#' * level}); here {code} is at "
                f"level {wanted} (level 3 in a section, one further in under its parent's "
                f"heading): write '{'#' * wanted} {code}{title[len(written['code']) :]}'",
            )
        related = code.startswith(own + ".") or own.startswith(code + ".") or code == own
        known = element in page.wbs.by_code and "1." + code in page.wbs.by_code
        if known and not related:
            parent = page.wbs.page_of("1." + code)
            whose = f"{parent.code} ({parent.title})" if parent else "another element"
            yield page.problem(
                line,
                1,
                Code.HEADING_STRUCTURE,
                f"sub-element {code} belongs to {whose}, not to this page's {element}; "
                "move its text to that page, or correct the code",
            )
        if code in first_in:
            yield page.problem(
                line,
                1,
                Code.HEADING_STRUCTURE,
                f"sub-element {code} again under '{section}' (first at line {first_in[code]}); "
                "keep one heading per sub-element in a section",
            )
        first_in.setdefault(code, line)


def _canonical(code: str) -> str:
    """A sub-element code as the registry writes it: ``2C.3.0`` -> ``02C.03.00``."""
    head, *numbers = code.split(".")
    return ".".join([head.upper().rjust(3, "0"), *(n.rjust(2, "0") for n in numbers)])


def published(page: Page, month: str) -> bool:
    """Whether the index page of ``month`` says it is published."""
    index = page.root / "reports" / month / "index.md"
    try:
        front = yaml.safe_load(index.read_text(encoding="utf-8").split("---")[1])
    except (OSError, IndexError, yaml.YAMLError, UnicodeDecodeError):
        return False
    return isinstance(front, dict) and front.get("status") == "published"


def todo_lines(page: Page, month: str) -> Iterator[Problem]:
    """To-do comment lines (``% To do``, ``% - [ ]``) in a published month:
    one problem per page, at the first, with how many there are."""
    if not published(page, month):
        return
    found = [n for n, line in enumerate(page.lines, start=1) if TODO.match(line.strip())]
    if not found:
        return
    shown = ", ".join(map(str, found[:10])) + (", ..." if len(found) > 10 else "")
    count = f"{len(found)} to-do line{'s' if len(found) > 1 else ''}"
    yield page.problem(
        found[0],
        1,
        Code.TODO_LEFT,
        f"to-do text left in a published month: {count} (line{'s' if len(found) > 1 else ''} "
        f"{shown}); report against each, then delete the % lines",
    )
