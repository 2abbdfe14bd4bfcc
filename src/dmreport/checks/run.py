"""Running the checks: one page as text or on disk, or the pages of a
project; problems come sorted and each once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from markdown_it.token import Token

from ..core.errors import DmreportError
from ..core.ids import month_of
from ..core.registry import WbsRegistry, load_wbs
from .codes import Code
from .frontmatter import (
    WbsFrontMatter,
    month_front_matter,
    read_front_matter,
    wbs_front_matter,
)
from .gate import MAX_PAGE_BYTES, REPORTS
from .markup import any_unclosed, markup
from .page import MAX_NESTING, Page, deepest
from .problem import Problem
from .project import Project
from .published import published_text
from .references import page_level
from .structure import sections, todo_lines
from .tokens import parse_page
from .unshown import unshown

#: Pages of a month that need no front matter.
OPTIONAL_FRONT_MATTER = ("summary", "milestones")


def page_problems(page: Page, tokens: list[Token]) -> Iterator[Problem]:
    """Every problem of a parsed page, unsorted, perhaps repeated."""
    depth, line = deepest(tokens)
    if depth > MAX_NESTING:
        yield page.problem(
            line,
            1,
            Code.TOO_COMPLEX,
            f"the page nests {depth}+ levels deep here (emphasis, quotes, lists or "
            f"directives); at most {MAX_NESTING} can be parsed safely: simplify the text",
        )
        return
    front = read_front_matter(page, tokens)
    if front.error:
        yield front.error
    where = month_of(page.path)
    if where is not None:
        if where.stem == "index":
            yield from month_front_matter(page, front, where.month)
        elif front.data is not None or front.error or where.stem not in OPTIONAL_FRONT_MATTER:
            yield from wbs_front_matter(page, front, where.stem)
            # Sections an unclosed block took in are that block's problem (DMR039).
            header = front.header(WbsFrontMatter)
            if header is not None and not any_unclosed(page, tokens):
                yield from sections(page, tokens, header.wbs)
        yield from todo_lines(page, where.month)
    yield from markup(page, tokens)
    yield from unshown(page, tokens)
    yield from page_level(page)


def check_text(
    path: str, text: str, root: Path, wbs: WbsRegistry, project: Project | None = None
) -> list[Problem]:
    """Problems of one page given as text; ``path`` is relative to ``root``.
    Without ``project`` the rules that need the other pages are skipped."""
    page = Page(path, text, root, wbs, project)
    return sorted(set(page_problems(page, parse_page(text))))


def check_file(
    path: Path, root: Path, wbs: WbsRegistry, project: Project | None = None
) -> list[Problem]:
    """Problems of one page on disk, against ``project`` (scanned when not given)."""
    project = project or Project.scan(root)
    relative = repository_path(path, root)
    if relative is None:
        raise DmreportError("not a file of this repository", path=path, fix="check its pages")
    refused: list[Problem] = []
    gate = project.gate
    if gate is not None and relative.startswith(REPORTS + "/") and gate.is_refused(relative):
        refused = [p for p in gate.problems if relative == p.path or relative.startswith(p.path)]
        # A page refused for its name or place is still checked as a page.
        if path.is_symlink() or path.suffix != ".md" or path.stat().st_size > MAX_PAGE_BYTES:
            return refused
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return [
            *refused,
            Problem(relative, line, col, Code.NOT_UTF8, "file is not UTF-8; save it as UTF-8"),
        ]
    return refused + check_text(relative, text, root, wbs, project)


def repository_path(path: Path, root: Path) -> str | None:
    """``path`` relative to ``root`` without following a symbolic link at
    its end (None when it lies outside)."""
    absolute = Path(os.path.abspath(path))
    base = Path(os.path.abspath(root))
    return absolute.relative_to(base).as_posix() if absolute.is_relative_to(base) else None


def check_paths(root: Path, paths: list[Path]) -> list[Problem]:
    """Problems of the given pages or folders (all of ``reports/`` by
    default): the gate's refusals under them, then each page's."""
    wbs = load_wbs(root)
    project = Project.scan(root)
    gate = project.gate
    assert gate is not None
    wanted = [repository_path(p if p.is_absolute() else Path.cwd() / p, root) for p in paths]
    for path, relative in zip(paths, wanted, strict=True):
        if relative is None or not os.path.lexists(root / relative):
            raise DmreportError("no such file in this repository", path=path)
    selected = [w for w in wanted if w is not None]

    def chosen(relative: str) -> bool:
        """Everything by default (the gate's refusals anywhere, every month page)."""
        return not selected or any(
            w == "." or relative == w or relative.startswith(w + "/") for w in selected
        )

    problems = [p for p in gate.problems if chosen(p.path)]
    refused_pages = {p.path for p in gate.problems if p.path.endswith(".md")}
    month_pages = {page for page in gate.pages if month_of(page)}
    for relative in sorted(month_pages | refused_pages):
        if chosen(relative) and (root / relative).is_file():
            problems.extend(check_file(root / relative, root, wbs, project))
    for relative in selected:  # a page outside reports/ named on the command line
        if not relative.startswith(REPORTS) and relative.endswith(".md"):
            problems.extend(check_file(root / relative, root, wbs, project))
    issued = {where.month for page in month_pages if chosen(page) and (where := month_of(page))}
    for month in sorted(issued):  # DMR042, against git
        problems.extend(published_text(root, month))
    return sorted(set(problems))
