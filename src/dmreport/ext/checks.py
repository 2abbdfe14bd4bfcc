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

from ..checks import check_file
from ..checks.project import Project
from ..core.ids import month_of
from ..core.registry import WBS_FILE
from ..core.sections import part_of
from .state import get_state, note_data

logger = logging.getLogger(__name__)

#: The other pages' facts, read once per build before the pages are read.
_PROJECTS: WeakKeyDictionary[Sphinx, Project] = WeakKeyDictionary()


def _scan_project(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: the milestones every month defines, once."""
    _PROJECTS[app] = Project.scan(Path(app.srcdir))


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
    project = _PROJECTS.get(app) or Project.scan(root)
    for problem in check_file(root / f"{docname}.md", root, get_state(app).wbs, project):
        logger.warning(
            "%s %s",
            problem.code.value,
            problem.message,
            location=(docname, problem.line),
            type="dmreport",
            subtype=problem.code.value,
        )


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
