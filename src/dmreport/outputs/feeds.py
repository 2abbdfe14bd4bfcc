"""The Atom feed of published months and the sitemap, written after the
HTML build; dates come from git (or the report month), never the clock, so
the files are reproducible."""

from __future__ import annotations

import calendar
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..core.git import file_histories
from ..ext.domain import get_domain
from ..ext.state import get_state

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED = "feed.xml"


def _month_end(month: str) -> str:
    year, number = (int(part) for part in month.split("-"))
    return f"{month}-{calendar.monthrange(year, number)[1]:02d}"


def _first_paragraph(app: Sphinx, docname: str) -> str:
    if docname not in app.env.all_docs:
        return ""
    doctree = app.env.get_doctree(docname)
    para = next(iter(doctree.findall(nodes.paragraph)), None)
    return " ".join(para.astext().split()) if para is not None else ""


def write_feed(app: Sphinx, base: str, dates: dict[str, str]) -> Path:
    """``feed.xml``: one entry per published month, newest first."""
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
        when = dates.get(docname) or _month_end(month)
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


def write_sitemap(app: Sphinx, base: str, dates: dict[str, str]) -> Path:
    """``sitemap.xml``: every page of the site."""
    ET.register_namespace("", SITEMAP)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    for docname in sorted(app.env.all_docs):
        url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = base + app.builder.get_target_uri(docname)
        if docname in dates:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = dates[docname]
    path = Path(app.outdir) / "sitemap.xml"
    ET.ElementTree(urlset).write(path, encoding="utf-8", xml_declaration=True)
    return path


def _write(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    state = get_state(app)
    base = (state.settings.html_baseurl or "/").rstrip("/") + "/"
    histories = state.git or file_histories(Path(app.srcdir))
    srcdir = Path(app.srcdir).resolve()
    dates = {}
    for docname in app.env.all_docs:
        relative = Path(app.env.doc2path(docname)).resolve().relative_to(srcdir).as_posix()
        if relative in histories:
            dates[docname] = histories[relative].changed
    write_feed(app, base, dates)
    write_sitemap(app, base, dates)


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
