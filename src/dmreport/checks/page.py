"""What every check reads: the page, its parse and the project around it."""

from __future__ import annotations

from pathlib import Path

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from ..core.registry import WbsRegistry
from .codes import Code
from .problem import Problem

PARSER = create_md_parser(
    MdParserConfig(enable_extensions={"colon_fence", "deflist"}), RendererHTML
)


def parse(text: str) -> list[Token]:
    """The MyST tokens of ``text`` (no Sphinx involved)."""
    return PARSER.parse(text)


class Page:
    """A report page under check: ``path`` is relative to ``root``, ``wbs``
    the project's WBS registry."""

    def __init__(self, path: str, text: str, root: Path, wbs: WbsRegistry) -> None:
        self.path = path
        self.text = text
        self.lines = text.splitlines()
        self.root = root
        self.wbs = wbs

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
            while col >= 0 and outside_code and line.count("`", 0, col) % 2:
                col = line.find(needle, col + 1)
            if col >= 0:
                return number + 1, col + 1
        return start + 1, 1
