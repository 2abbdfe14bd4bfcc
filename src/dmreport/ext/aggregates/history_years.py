"""An element's year pages, ``wbs/<slug>-<year>``: each year of twelve
months of a WBS history on a page of its own, so that the element's page
stays short however long the archive grows (see :mod:`.history`).

Written at ``html-collect-pages`` from the same parts as the history, again
only when a month of that year changed or the page is missing.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from ..domain import get_domain
from ..state import get_state
from .base import side_by_side
from .history import has_year_page, year_history, year_page, years_of


def history_year_pages(app: Sphinx) -> Iterable[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the year pages of every element's history,
    side by side in a full build with ``-j``."""
    if not isinstance(app.builder, StandaloneHTMLBuilder):
        return
    wanted = list(_wanted(app, app.builder))
    yield from side_by_side(app, wanted, lambda page: _render(app, *page))


def _wanted(app: Sphinx, builder: StandaloneHTMLBuilder) -> Iterable[tuple[str, str, str, str]]:
    """The year pages to make (each element's slug and title, the page's
    name and its year): only those of a changed month, or missing."""
    domain = get_domain(app)
    state = get_state(app)
    changed = state.changed
    outdir = Path(app.outdir)
    for element in state.wbs.pages:
        slug, docname = element.slug or "", f"wbs/{element.slug}"
        if not slug or docname not in app.env.all_docs:
            continue
        title = html.escape(app.env.titles[docname].astext() if docname in app.env.titles else slug)
        for year, months in years_of(domain.pages_of(slug)).items():
            if not has_year_page(months):
                continue
            pagename = year_page(slug, year)
            page = outdir / builder.get_target_uri(pagename)
            if page.is_file() and not any(m.docname in changed for m in months):
                continue
            yield slug, title, pagename, year


def _render(
    app: Sphinx, slug: str, title: str, pagename: str, year: str
) -> tuple[str, dict[str, Any]]:
    """One year page: its name and the context its template is rendered with."""
    builder = app.builder
    assert isinstance(builder, StandaloneHTMLBuilder)
    body, against = year_history(app, slug, year)
    back = builder.get_relative_uri(pagename, f"wbs/{slug}")
    shown = (
        f"<h1>{title}: {year}</h1>"
        f"<p>Each month of {year}, newest first; the whole history is on "
        f'<a href="{back}">{title}</a>.</p>'
        + builder.render_partial(body)["fragment"]
        + '<h2 id="plan-against-actual">Plan against actual</h2>'
        + builder.render_partial(against)["fragment"]
    )
    return pagename, {"title": f"{title}: {year}", "body": shown}
