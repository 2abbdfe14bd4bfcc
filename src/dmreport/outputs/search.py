"""Search with Pagefind instead of Sphinx's index.

Pagefind indexes the built HTML: only report pages of the months readers of the
edition see (``data-pagefind-body``; drafts only in a preview),
each with filters for its month, year and WBS element, a month to sort by,
and an ``id`` filter holding every identifier the page cites (the references
the extension recorded while reading it, :mod:`.search_keys`). The search
page (``_templates/search.html``, ``_static/dmreport-search.js``) answers a
query that is an identifier from that filter alone: exactly the citing pages.
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
from ..core.ids import month_of, month_title
from ..ext.domain import get_domain
from ..ext.editions import is_shown, shown_months
from ..ext.state import get_state
from .search_keys import families, page_keys

INDEX_DIR = "pagefind"
#: Not part of a page's text: heading anchors, navigation, downloads.
EXCLUDED = "a.headerlink, .dmreport-month-nav, .dmreport-pdf, .dmreport-html-only"


def _no_sphinx_index(app: Sphinx) -> None:
    if app.builder.name == "html" and isinstance(app.builder, StandaloneHTMLBuilder):
        app.builder.search = False


def search_options(app: Sphinx) -> dict[str, Any]:
    """The search page's filters (months newest first, by year; WBS elements
    in registry order) and the identifier families its script reads."""
    months = [record.month for record in shown_months(app)]
    years: dict[str, list[tuple[str, str]]] = {}
    for month in months:
        years.setdefault(month[:4], []).append((month, month_title(month)))
    elements = [f"{element.code} {element.title}" for element in get_state(app).wbs.pages]
    return {"years": list(years.items()), "wbs": elements, "ids": families()}


def _search_page(app: Sphinx) -> Iterable[tuple[str, dict[str, Any], str]]:
    if app.builder.name == "html":
        yield "search", {"title": "Search", "dmreport_search": search_options(app)}, "search.html"


def _page_filters(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Month, WBS element and cited identifiers of a report page, for search;
    only the months readers of this edition see are indexed."""
    where = month_of(pagename)
    if where is None:
        return
    context["dmreport_month"] = where.month
    context["dmreport_indexed"] = is_shown(app, where.month)
    context["dmreport_month_title"] = month_title(where.month)
    context["dmreport_ids"] = page_keys(get_domain(app).refs.get(pagename, []))
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
