"""The page checks in the build: every problem of a report page is a build
warning with its file, line and code, so a page that ``dmreport check``
rejects never builds."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from ..checks import Problem, check_file
from ..checks.project import Project
from ..core.ids import month_of
from ..core.registry import WBS_FILE
from ..core.sections import part_of
from .state import get_state, note_data

logger = logging.getLogger(__name__)

#: The other pages' facts, read once per build before the pages are read.
_PROJECTS: WeakKeyDictionary[Sphinx, Project] = WeakKeyDictionary()


def _scan_project(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: the milestones every month defines, once;
    then every file the gate refused, as warnings (a refused page with
    the problems ``dmreport check`` finds in it too)."""
    project = _PROJECTS[app] = _project(app)
    root = Path(app.srcdir)
    gate = get_state(app).gate
    for path in sorted({problem.path for problem in gate.problems}):
        file = root / path
        if file.suffix == ".md" and file.is_file() and not file.is_symlink():
            _warn(check_file(file, root, get_state(app).wbs, project), root)
        else:
            _warn([p for p in gate.problems if p.path == path], root)


def _warn(problems: list[Problem], root: Path) -> None:
    for problem in problems:
        logger.warning(
            "%s %s",
            problem.code.value,
            problem.message,
            location=f"{root / problem.path}:{problem.line}",
            type="dmreport",
            subtype=problem.code.value,
        )


def _project(app: Sphinx) -> Project:
    """The other pages' facts, as this build finds the site's pages."""
    docs = frozenset(Path(app.env.doc2path(doc, False)).as_posix() for doc in app.env.found_docs)
    return Project.scan(Path(app.srcdir), docs, get_state(app).gate)


def _check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: report a report page's problems as build warnings."""
    where = month_of(f"{docname}.md")
    if where is None:
        return
    root = Path(app.srcdir)
    # What the checks read besides the page: the registry, the month's status.
    note_data(app.env, WBS_FILE)
    if where.stem != "index":
        note_data(app.env, Path("reports", where.month, "index.md"))
    project = _PROJECTS.get(app) or _project(app)
    _warn(check_file(root / f"{docname}.md", root, get_state(app).wbs, project), root)


class EmptySections(SphinxTransform):
    """An empty standard section of a WBS page says so."""

    default_priority = 400

    def apply(self, **kwargs: Any) -> None:
        if month_of(f"{self.env.docname}.md") is None:
            return
        for section in self.document.findall(nodes.section):
            if len(section.children) == 1 and part_of(section[0].astext()):
                section += nodes.paragraph("", "Nothing reported.", classes=["dmreport-empty"])


def setup_checks(app: Sphinx) -> None:
    app.connect("env-before-read-docs", _scan_project)
    app.connect("source-read", _check_source)
    app.add_transform(EmptySections)
