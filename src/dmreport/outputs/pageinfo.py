"""Each page's last change and contributors, from git, for the page footer.

A commit changes what a page's footer says without changing its source, so
an incremental build rewrites the pages whose history changed since the
build before (kept in the report domain's data).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..core.git import file_histories, git_head
from ..ext.domain import get_domain
from ..ext.state import get_state


def _collect(app: Sphinx, *args: object) -> None:
    """``builder-inited`` and before each read: the histories, read again
    only when the commit checked out changed (a kept preview outlives commits)."""
    state = get_state(app)
    head = git_head(Path(app.srcdir))
    if args and state.git_head == head:
        return
    state.git = file_histories(Path(app.srcdir)) if app.builder.format == "html" else {}
    state.git_head = head


def _source(app: Sphinx, docname: str) -> str:
    """The page's source file relative to the repository, as git names it."""
    return Path(app.env.doc2path(docname, base=False)).as_posix()


def _new_histories(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """``env-updated``: the pages whose last change or contributors changed."""
    if app.builder.format != "html":
        return []
    histories = get_state(app).git
    shown: dict[str, object] = get_domain(app).data.setdefault("git", {})
    stale = []
    for docname in sorted(env.found_docs):
        history = histories.get(_source(app, docname))
        now = (history.changed, history.contributors) if history else None
        if shown.get(docname, ()) != now:
            shown[docname] = now
            stale.append(docname)
    return stale


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, object], doctree: object
) -> None:
    """Give each page its last change and contributors (nothing without git)."""
    source = context.get("page_source_suffix")
    if not source or pagename not in app.env.all_docs:
        return
    history = get_state(app).git.get(_source(app, pagename))
    if history is not None:
        context["dmreport_changed"] = history.changed
        context["dmreport_contributors"] = list(history.contributors)


def setup_pageinfo(app: Sphinx) -> None:
    app.connect("builder-inited", _collect)
    app.connect("env-before-read-docs", _collect)
    app.connect("html-page-context", _page_context)
    app.connect("env-updated", _new_histories)
