"""Running the checks: one page as text or on disk, or the pages of a
project; problems come sorted and each once."""

from __future__ import annotations

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
from .markup import markup
from .page import Page, parse
from .problem import Problem
from .project import Project
from .references import page_level
from .structure import sections, todo_lines

#: Pages of a month that need no front matter.
OPTIONAL_FRONT_MATTER = ("summary", "milestones")


def page_problems(page: Page, tokens: list[Token]) -> Iterator[Problem]:
    """Every problem of a parsed page, unsorted, perhaps repeated."""
    front = read_front_matter(page, tokens)
    if front.error:
        yield front.error
    where = month_of(page.path)
    if where is not None:
        if where.stem == "index":
            yield from month_front_matter(page, front, where.month)
        elif front.data is not None or front.error or where.stem not in OPTIONAL_FRONT_MATTER:
            yield from wbs_front_matter(page, front, where.stem)
            if front.header(WbsFrontMatter) is not None:
                yield from sections(page, tokens)
        yield from todo_lines(page, where.month)
    yield from markup(page, tokens)
    yield from page_level(page)


def check_text(
    path: str, text: str, root: Path, wbs: WbsRegistry, project: Project | None = None
) -> list[Problem]:
    """Problems of one page given as text; ``path`` is relative to ``root``.
    Without ``project`` the rules that need the other pages are skipped."""
    page = Page(path, text, root, wbs, project)
    return sorted(set(page_problems(page, parse(text))))


def check_file(
    path: Path, root: Path, wbs: WbsRegistry, project: Project | None = None
) -> list[Problem]:
    """Problems of one page on disk, against ``project`` (scanned when not given)."""
    relative = path.resolve().relative_to(root.resolve()).as_posix()
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return [Problem(relative, line, col, Code.NOT_UTF8, "file is not UTF-8; save it as UTF-8")]
    return check_text(relative, text, root, wbs, project or Project.scan(root))


def is_month_page(path: Path, root: Path) -> bool:
    """Whether ``path`` is a page of a month under ``root``."""
    try:
        return month_of(path.resolve().relative_to(root.resolve())) is not None
    except ValueError:
        return False


def report_pages(root: Path, paths: list[Path] | None = None) -> list[Path]:
    """The pages to check: the given files, the month pages under the given
    folders, or every month page of ``reports/``."""
    found: list[Path] = []
    for path in paths or [root / "reports"]:
        if not path.is_dir():
            found.append(path)
            continue
        found.extend(
            page
            for page in sorted(path.rglob("*.md"))
            if is_month_page(page, root) and not any(part.startswith(".") for part in page.parts)
        )
    return found


def check_paths(root: Path, paths: list[Path]) -> list[Problem]:
    """Problems of the given pages or folders (all report pages by default)."""
    wbs = load_wbs(root)
    project = Project.scan(root)
    problems: list[Problem] = []
    for path in report_pages(root, [p if p.is_absolute() else Path.cwd() / p for p in paths]):
        if not path.is_file():
            raise DmreportError("no such file", path=path)
        problems.extend(check_file(path, root, wbs, project))
    return problems
