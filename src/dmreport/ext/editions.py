"""Editions, as on LSST the Docs: the published edition (``main``) and
previews (a pull request's build). The published edition shows readers
published months only, on the home page, as the month list's latest, in the
feed and in search; a preview shows drafts too. A draft month's pages say
"Draft" in either.
"""

from __future__ import annotations

from sphinx.application import Sphinx

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
