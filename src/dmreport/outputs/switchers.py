"""The month switcher of month pages, fed by ``months.json``.

A month page's sidebar (``_templates/dmreport-month.html``) lists the pages
of its month; ``_static/dmreport-months.js`` adds the previous and next
month and a menu of every month (by year), like an edition switcher, from
``months.json`` at the site's root. The list of months lives in that one
file, rewritten by every build, so a new month changes no other page.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..core.ids import month_of, month_title
from ..ext.editions import shown_months

MONTHS_FILE = "months.json"


def month_pages(app: Sphinx, month: str) -> list[str]:
    """The docnames of a month, its landing page first, then its table of
    contents in order."""
    index = f"reports/{month}/index"
    pages = app.env.toctree_includes.get(index, [])
    return [index, *(page for page in pages if page in app.env.all_docs)]


def months_data(app: Sphinx) -> list[dict[str, Any]]:
    """Every month readers of the edition see, newest first: month, title,
    status and the stems of its pages."""
    return [
        {
            "month": record.month,
            "title": month_title(record.month),
            "status": record.status,
            "pages": [page.rsplit("/", 1)[1] for page in month_pages(app, record.month)],
        }
        for record in shown_months(app)
    ]


def _sidebar(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """A month page's sidebar: its month and the month's pages."""
    where = month_of(pagename)
    if where is None or f"reports/{where.month}/index" not in app.env.all_docs:
        return
    pathto = context["pathto"]
    titles = app.env.titles
    context["dmreport_switcher"] = {
        "month": where.month,
        "page": where.stem,
        "title": month_title(where.month),
        "index": pathto("reports/index"),
        "pages": [
            {
                "title": titles[page].astext() if page in titles else page,
                "uri": pathto(page),
                "current": page == pagename,
            }
            for page in month_pages(app, where.month)
        ],
    }


def _write(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir) / MONTHS_FILE
    path.write_text(json.dumps(months_data(app), indent=1) + "\n", encoding="utf-8")


def setup_switchers(app: Sphinx) -> None:
    app.connect("html-page-context", _sidebar)
    app.connect("build-finished", _write)
