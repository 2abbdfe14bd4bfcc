"""``month-list``: every month, newest first and by year, with status,
summary and PDF, and each year's volume of PDFs."""

from __future__ import annotations

import posixpath

from docutils import nodes
from sphinx.application import Sphinx

from ..domain import ReportDomain
from ..editions import latest_shown, shown_months
from ..state import get_state
from .base import AggregateDirective, aggregate, link, make_table, month_label, para
from .latest import latest_line
from .years import by_year


class MonthListDirective(AggregateDirective):
    """``month-list``: every month, newest first, with status and links."""

    kind = "month-list"

    def run(self) -> list[nodes.Node]:
        return self.placeholder()


def month_list(app: Sphinx, domain: ReportDomain, here: str, node: aggregate) -> list[nodes.Node]:
    pdf = get_state(app).settings.pdf
    rows = []
    for record in domain.months():
        month = record.month
        sections = [p for p in domain.pages.values() if p.month == month]
        rows.append(
            [
                [para(link(app, here, record.docname, month_label(domain, month)))],
                [para(record.status)],
                [para(link(app, here, f"reports/{month}/summary", "Summary"))]
                if f"reports/{month}/summary" in app.env.all_docs
                else [],
                [para(str(len(sections)))],
            ]
        )
        if pdf:
            page_dir = posixpath.dirname(app.builder.get_target_uri(here)) or "."
            target = posixpath.relpath(f"reports/{month}/dmreport-{month}.pdf", page_dir)
            rows[-1].append([para(nodes.reference("", "PDF", refuri=target))])
    if not rows:
        return [para("No reports yet.")]
    latest = latest_line(app, here, latest_shown(app))  # published only, but in a preview
    headers = ["Month", "Status", "Summary", "WBS sections"]
    widths = [30, 15, 25, 15]
    if pdf:
        headers.append("PDF")
        widths.append(15)
    years = by_year(domain.months(), rows, lambda year: make_table(headers, year, widths))
    if pdf:
        return [latest, *years, volumes(app, domain, here)]
    return [latest, *years]


def volumes(app: Sphinx, domain: ReportDomain, here: str) -> nodes.paragraph:
    """Links to each year's volume (its months this edition shows, in one
    PDF), newest first."""
    page_dir = posixpath.dirname(app.builder.get_target_uri(here)) or "."
    years = sorted({record.month[:4] for record in shown_months(app)}, reverse=True)
    if not years:
        return para("No year has a published report yet, so there is no volume of PDFs.")
    links = para("Each year's reports in one PDF: ")
    for i, year in enumerate(years):
        target = posixpath.relpath(f"reports/dmreport-{year}.pdf", page_dir)
        links += nodes.Text(", " if i else "")
        links += nodes.reference("", f"{year} (PDF)", refuri=target)
    links["classes"].append("dmreport-volumes")
    return links
