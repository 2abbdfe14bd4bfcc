"""The Atom feed of published months and the sitemap, written after the
HTML build. Dates are the reports' own (:func:`report_date`: the month's
``issued`` date or its last day), never a commit's or the clock's, so the
files are reproducible and an archive imported in one day keeps its dates."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..core.ids import month_of
from ..ext.domain import get_domain
from ..ext.editions import is_shown, latest_shown, report_date
from ..ext.state import get_state

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED = "feed.xml"


def _first_paragraph(app: Sphinx, docname: str) -> str:
    if docname not in app.env.all_docs:
        return ""
    doctree = app.env.get_doctree(docname)
    para = next(iter(doctree.findall(nodes.paragraph)), None)
    return " ".join(para.astext().split()) if para is not None else ""


def write_feed(app: Sphinx, base: str) -> Path:
    """``feed.xml``: one entry per published month, newest first, dated
    by the report (in a preview too: a feed is for the published edition)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = "Rubin Observatory DM Monthly Reports"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = base
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=base + FEED)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=base)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = app.config.author
    updated = ET.SubElement(feed, f"{{{ATOM}}}updated")
    published = [m for m in get_domain(app).months() if m.status == "published"]
    latest = ""
    for record in published:
        month, docname = record.month, record.docname
        url = base + app.builder.get_target_uri(docname)
        when = report_date(app, month)
        latest = max(latest, when)
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(
            entry, f"{{{ATOM}}}title"
        ).text = f"Data Management Monthly Report: {record.title}"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=url)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = f"{when}T00:00:00Z"
        summary = _first_paragraph(app, f"reports/{month}/summary")
        if summary:
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = summary
    updated.text = f"{latest or '1970-01-01'}T00:00:00Z"
    path = Path(app.outdir) / FEED
    ET.ElementTree(feed).write(path, encoding="utf-8", xml_declaration=True)
    return path


def write_sitemap(app: Sphinx, base: str) -> Path:
    """``sitemap.xml``: every page readers of the edition see (no draft in
    the published edition); a report page dated by its report, the pages
    made from the whole archive by the newest report they show."""
    ET.register_namespace("", SITEMAP)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    newest = latest_shown(app)
    for docname in sorted(app.env.all_docs):
        where = month_of(docname)
        if where is not None and not is_shown(app, where.month):
            continue
        url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = base + app.builder.get_target_uri(docname)
        month = where.month if where is not None else (newest.month if newest else None)
        if month:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = report_date(app, month)
    path = Path(app.outdir) / "sitemap.xml"
    ET.ElementTree(urlset).write(path, encoding="utf-8", xml_declaration=True)
    return path


def _write(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    base = (get_state(app).settings.html_baseurl or "/").rstrip("/") + "/"
    write_feed(app, base)
    write_sitemap(app, base)


def _feed_link(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    href = context["pathto"](FEED, 1)
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" type="application/atom+xml" '
        f'title="DM Monthly Reports" href="{href}"/>'
    )


def setup_feeds(app: Sphinx) -> None:
    app.connect("build-finished", _write)
    app.connect("html-page-context", _feed_link)
