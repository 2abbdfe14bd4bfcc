"""Editions, as on LSST the Docs: the published edition (``main``) and
previews (a pull request's build). The published edition shows readers
published months only, on the home page, as the month list's latest, in the
feed and in search; a preview shows drafts too. A draft month's pages say
"Draft" in either, and are kept out of search engines.

Dates shown to readers are the report's own: its ``issued`` date (front
matter of the month's ``index.md``) or else the month's last day, never the
date of a commit.
"""

from __future__ import annotations

import calendar
from typing import Any

from sphinx.application import Sphinx

from ..core.ids import month_of, month_title
from .domain import get_domain
from .records import Month
from .state import get_state

DRAFT = "draft"


def statuses(app: Sphinx) -> dict[str, str]:
    """Every month's status (``YYYY-MM`` -> draft or published)."""
    return {record.month: record.status for record in get_domain(app).months()}


def is_shown(app: Sphinx, month: str) -> bool:
    """Whether readers of this edition see ``month`` as a report: published,
    or any month in a preview."""
    status = statuses(app).get(month, DRAFT)
    return status != DRAFT or get_state(app).settings.preview


def shown_months(app: Sphinx) -> list[Month]:
    """The months this edition shows readers, newest first."""
    preview = get_state(app).settings.preview
    return [m for m in get_domain(app).months() if preview or m.status != DRAFT]


def latest_shown(app: Sphinx) -> Month | None:
    """The newest month this edition shows readers."""
    months = shown_months(app)
    return months[0] if months else None


def report_date(app: Sphinx, month: str) -> str:
    """The date of ``month``'s report (YYYY-MM-DD): its ``issued`` date, or
    the month's last day."""
    issued = app.env.metadata.get(f"reports/{month}/index", {}).get("issued")
    if issued:
        return str(issued)
    year, number = (int(part) for part in month.split("-"))
    return f"{month}-{calendar.monthrange(year, number)[1]:02d}"


def _mark_drafts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """A draft month's pages say so; a preview says so on every page."""
    where = month_of(pagename)
    if where is not None and statuses(app).get(where.month, DRAFT) == DRAFT:
        context["dmreport_draft"] = where.month
        context["dmreport_draft_title"] = month_title(where.month)
        context["metatags"] = (
            context.get("metatags", "") + '\n<meta name="robots" content="noindex"/>'
        )


def setup_editions(app: Sphinx) -> None:
    app.connect("html-page-context", _mark_drafts)
