"""Search with Pagefind instead of Sphinx's index.

Pagefind indexes the built HTML: report pages of the months readers of the
edition see (``data-pagefind-body``; drafts only in a preview), milestone
pages and the reference indexes (found by text, after the report pages);
each with filters for its month, year and WBS element, a month to sort by,
and an ``id`` filter holding every identifier the page cites (the references
the extension recorded while reading it, :mod:`.search_keys`); its section
headings carry the sections' ids, so that a result can land on the section
citing what was asked for. The search
page (``_templates/search.html``, ``_static/dmreport-search.js``) answers a
query that is an identifier from that filter alone: exactly the citing pages.
Pagefind itself runs after the build (:mod:`.pagefind`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from ..core.ids import month_of, month_title
from ..ext.domain import get_domain
from ..ext.editions import is_shown, shown_months
from ..ext.state import get_state
from .search_keys import families, page_filters


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


#: A section's opening tag and its heading, as Sphinx writes them.
_SECTION_HEADING = re.compile(r'<section id="([^"]+)">(\s*(?:<span id="[^"]+"></span>)*)<h([1-6])>')


def headings_with_ids(body: str) -> str:
    """Each section's id moved onto its heading: Pagefind makes a sub-result
    (a link to the section, an excerpt from it) of each heading with an id.
    Links to the section land on its heading, as before."""
    return _SECTION_HEADING.sub(r'<section>\2<h\3 id="\1">', body)


def _page_filters(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Month, WBS element and cited identifiers of a report page, for search;
    only the months readers of this edition see are indexed."""
    where = month_of(pagename)
    if where is None:
        kind = get_domain(app).aggregates.get(pagename, "")
        if kind.startswith("reference-index:"):
            context["dmreport_reference"] = context.get("title", pagename)
        return
    context["dmreport_month"] = where.month
    if "body" in context:
        context["body"] = headings_with_ids(context["body"])
    context["dmreport_indexed"] = is_shown(app, where.month)
    context["dmreport_month_title"] = month_title(where.month)
    context["dmreport_ids"] = page_filters(get_domain(app).refs.get(pagename, []))
    code = app.env.metadata.get(pagename, {}).get("wbs")
    element = get_state(app).wbs.by_code.get(str(code)) if code else None
    if element is not None:
        context["dmreport_wbs"] = f"{element.code} {element.title}"
    else:  # a month's other pages, grouped by what they are across months
        stem = pagename.rsplit("/", 1)[-1]
        title = re.sub(r"<[^>]+>", "", str(context.get("title", stem)))
        context["dmreport_part"] = "The month's report" if stem == "index" else title


def setup_search(app: Sphinx) -> None:
    app.connect("builder-inited", _no_sphinx_index)
    app.connect("html-collect-pages", _search_page)
    app.connect("html-page-context", _page_filters)
