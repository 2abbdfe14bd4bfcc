"""What every check reads: the page, its parse and the project around it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it.token import Token

from ..core.registry import WbsRegistry
from .codes import Code
from .problem import Problem
from .tokens import parse

if TYPE_CHECKING:
    from .project import Project

#: The fence that opens a directive, before its argument.
FENCE = re.compile(r"^\s*(?:`{3,}|~{3,}|:{3,})")


@dataclass
class Notes:
    """What the rules note while reading a page, for the rules of the whole
    page: footnotes referenced (label, line, col) and defined (label, line),
    where works are cited, and whether the page has a bibliography."""

    footnote_refs: list[tuple[str, int, int]] = field(default_factory=list)
    footnote_defs: list[tuple[str, int]] = field(default_factory=list)
    cites: list[tuple[int, int]] = field(default_factory=list)
    bibliography: bool = False


class Page:
    """A report page under check: ``path`` is relative to ``root``, ``wbs``
    the project's WBS registry, ``project`` the other pages' facts (None:
    the rules that need them are skipped)."""

    def __init__(
        self, path: str, text: str, root: Path, wbs: WbsRegistry, project: Project | None = None
    ) -> None:
        self.path = path
        self.text = text
        self.lines = text.splitlines()
        self.root = root
        self.wbs = wbs
        self.project = project
        self.notes = Notes()

    def problem(self, line: int, col: int, code: Code, message: str) -> Problem:
        """A problem of this page (line and column at least 1)."""
        return Problem(self.path, max(line, 1), max(col, 1), code, message)

    def locate(
        self, needle: str, start: int, end: int, outside_code: bool = False
    ) -> tuple[int, int]:
        """Line and column (1-based) of ``needle`` within lines [start, end);
        with ``outside_code``, not inside a `...` span (a code span or a role).
        The start of the range when it is not there."""
        for number in range(start, min(end, len(self.lines))):
            line = self.lines[number]
            col = line.find(needle)
            fence = FENCE.match(line)  # a directive's title follows its fence
            skip = fence.end() if fence else 0
            while col >= 0 and outside_code and line.count("`", skip, col) % 2:
                col = line.find(needle, col + 1)
            if col >= 0:
                return number + 1, col + 1
        return start + 1, 1


#: How deeply a page may nest (blocks, emphasis, directives in directives):
#: real reports stay under ten; parsing deeper ones recurses without bound.
MAX_NESTING = 50
DIRECTIVE_FENCE = ("fence", "colon_fence")


def deepest(tokens: list[Token], offset: int = 0, base: int = 0) -> tuple[int, int]:
    """The deepest nesting of a page's tokens and the line (1-based) where
    it is reached; directive bodies count as nested. Stops past
    :data:`MAX_NESTING`, so its own work stays bounded."""
    best, where, level = base, offset + 1, base
    for token in tokens:
        level += token.nesting
        line = offset + (token.map[0] if token.map else 0) + 1
        if level > best:
            best, where = level, line
        for child in token.children or []:
            level += child.nesting
            if level > best:
                best, where = level, line
        if token.children:
            level -= sum(child.nesting for child in token.children)
        if best > MAX_NESTING:
            return best, where
        if token.type in DIRECTIVE_FENCE and token.info.startswith("{") and token.content:
            inner, at = deepest(parse(token.content), line, level + 2)
            if inner > best:
                best, where = inner, at
            if best > MAX_NESTING:
                return best, where
    return best, where
