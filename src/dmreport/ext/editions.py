"""Editions, as on LSST the Docs: the published edition (``main``) and
previews (a pull request's build, ``dmreport_edition = "pr-17"``). The
published edition shows readers published months only, on the home page, as
the month list's latest, in the feed and in search; a preview shows drafts
too. A draft month's pages say "Draft" in either; a preview says so on every
page, linking the published edition, and is kept out of search engines.
The theme's version switcher lists the editions from ``switcher.json`` at
the site's root: main, the previews ``dmreport_editions`` names, this one;
a site of one edition (main alone) shows no switcher.

Dates shown to readers are the report's own: its ``issued`` date (front
matter of the month's ``index.md``) or else the month's last day, never the
date of a commit.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from ..core.ids import Month, month_of, month_title
from .domain import get_domain
from .records import Month as MonthRecord
from .state import get_state

DRAFT = "draft"
MAIN = "main"
SWITCHER_FILE = "switcher.json"
#: The theme's version switcher, in the top bar.
SWITCHER = "version-switcher"
NOINDEX = '\n<meta name="robots" content="noindex"/>'


def statuses(app: Sphinx) -> dict[str, str]:
    """Every month's status (``YYYY-MM`` -> draft or published)."""
    return {record.month: record.status for record in get_domain(app).months()}


def is_shown(app: Sphinx, month: str) -> bool:
    """Whether readers of this edition see ``month`` as a report: published,
    or any month in a preview."""
    status = statuses(app).get(month, DRAFT)
    return status != DRAFT or get_state(app).settings.preview


def shown_months(app: Sphinx) -> list[MonthRecord]:
    """The months this edition shows readers, newest first."""
    preview = get_state(app).settings.preview
    return [m for m in get_domain(app).months() if preview or m.status != DRAFT]


def latest_shown(app: Sphinx) -> MonthRecord | None:
    """The newest month this edition shows readers."""
    months = shown_months(app)
    return months[0] if months else None


def report_date(app: Sphinx, month: str) -> str:
    """The date of ``month``'s report (YYYY-MM-DD): its ``issued`` date, or
    the month's last day."""
    issued = app.env.metadata.get(f"reports/{month}/index", {}).get("issued")
    if issued:
        return str(issued)
    return Month.parse(month).last_day.isoformat()


def _mark_drafts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """A draft month's pages say so; no page of a draft or a preview is indexed
    by search engines."""
    where = month_of(pagename)
    draft = where is not None and statuses(app).get(where.month, DRAFT) == DRAFT
    if where is not None and draft:
        context["dmreport_draft"] = where.month
        context["dmreport_draft_title"] = month_title(where.month)
    if draft or get_state(app).settings.preview:
        context["metatags"] = (
            context.get("metatags", "") + '\n<meta name="robots" content="noindex"/>'
        )


def published_url(app: Sphinx) -> str:
    """The published edition's address (``html_baseurl``), or the site's root."""
    return (get_state(app).settings.html_baseurl or "/").rstrip("/") + "/"


def editions(app: Sphinx) -> list[dict[str, Any]]:
    """What the version switcher lists: main first, then each preview."""
    settings = get_state(app).settings
    base = published_url(app)
    names = [*settings.editions, *([settings.edition] if settings.preview else [])]
    found = [{"name": "main (published)", "version": MAIN, "url": base, "preferred": True}]
    for name in dict.fromkeys(names):
        if name != MAIN:
            found.append({"name": f"{name} (preview)", "version": name, "url": f"{base}v/{name}/"})
    return found


def _edition_options(app: Sphinx, config: Config) -> None:
    """``config-inited``: the switcher names this edition, and is shown only
    when there are previews to switch to; a preview gets its banner on every
    page."""
    settings = get_state(app).settings
    options = config.html_theme_options
    if isinstance(options.get("switcher"), dict):
        options["switcher"] = {**options["switcher"], "version_match": settings.edition}
    if len(editions(app)) < 2 and isinstance(options.get("navbar_end"), list):
        options["navbar_end"] = [item for item in options["navbar_end"] if item != SWITCHER]
    if settings.preview:
        name = html.escape(settings.edition)
        options["announcement"] = (
            f"<strong>Preview edition {name}</strong>: changes under review, drafts "
            f'included. <a href="{html.escape(published_url(app))}">Read the published '
            "edition</a>."
        )


def _write_switcher(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        text = json.dumps(editions(app), indent=1) + "\n"
        (Path(app.outdir) / SWITCHER_FILE).write_text(text, encoding="utf-8")


def setup_editions(app: Sphinx) -> None:
    app.connect("config-inited", _edition_options, priority=600)
    app.connect("html-page-context", _mark_drafts)
    app.connect("build-finished", _write_switcher)
