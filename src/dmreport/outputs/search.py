"""Search with Pagefind instead of Sphinx's index.

Sphinx's index drops numbers, so a ticket search matches every page; Pagefind
indexes the built HTML: only report pages (``data-pagefind-body``), with
filters for month, year and WBS element and a month to sort by.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from ..core.errors import DmreportError
from ..core.ids import month_of
from ..ext.state import get_state

INDEX_DIR = "pagefind"
#: Not part of a page's text: heading anchors, navigation, downloads.
EXCLUDED = "a.headerlink, .dmreport-month-nav, .dmreport-pdf, .dmreport-html-only"


def _no_sphinx_index(app: Sphinx) -> None:
    if app.builder.name == "html" and isinstance(app.builder, StandaloneHTMLBuilder):
        app.builder.search = False


def _search_page(app: Sphinx) -> Iterable[tuple[str, dict[str, Any], str]]:
    if app.builder.name == "html":
        yield "search", {"title": "Search"}, "search.html"


def _page_filters(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Month and WBS element of a report page, for the search filters."""
    where = month_of(pagename)
    if where is None:
        return
    context["dmreport_month"] = where.month
    code = app.env.metadata.get(pagename, {}).get("wbs")
    element = get_state(app).wbs.by_code.get(str(code)) if code else None
    if element is not None:
        context["dmreport_wbs"] = f"{element.code} {element.title}"


def build_search_index(html: Path) -> Path:
    """(Re)build the Pagefind index of the built site; returns its folder."""
    index = html / INDEX_DIR
    shutil.rmtree(index, ignore_errors=True)
    process = subprocess.run(
        [
            sys.executable, "-m", "pagefind",
            "--site", str(html),
            "--output-subdir", INDEX_DIR,
            "--exclude-selectors", EXCLUDED,
            "--include-characters", "-",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    if process.returncode != 0:
        raise DmreportError(
            "Pagefind could not index the site: "
            + (process.stderr or process.stdout).strip()[-500:],
            path=html,
        )
    return index


def setup_search(app: Sphinx) -> None:
    app.connect("builder-inited", _no_sphinx_index)
    app.connect("html-collect-pages", _search_page)
    app.connect("html-page-context", _page_filters)
