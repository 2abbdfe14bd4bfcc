"""Each page's last change and contributors, from git, for the page footer."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from ..core.git import file_histories
from ..ext.state import get_state


def _collect(app: Sphinx) -> None:
    get_state(app).git = file_histories(Path(app.srcdir)) if app.builder.format == "html" else {}


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, object], doctree: object
) -> None:
    """Give each page its last change and contributors (nothing without git)."""
    source = context.get("page_source_suffix")
    if not source or pagename not in app.env.all_docs:
        return
    path = Path(app.env.doc2path(pagename)).resolve().relative_to(Path(app.srcdir).resolve())
    history = get_state(app).git.get(path.as_posix())
    if history is not None:
        context["dmreport_changed"] = history.changed
        context["dmreport_contributors"] = list(history.contributors)


def setup_pageinfo(app: Sphinx) -> None:
    app.connect("builder-inited", _collect)
    app.connect("html-page-context", _page_context)
