"""``reference-index tickets|documents|citations|milestones``: everything
cited, in natural order, with links to each citing section; one page per
year of reports when an index grows past ``dmreport_reference_split_rows``.

Every row's id is its key as written (``tickets.html#DM-22727``): a split
index keeps one compact row per key, linking to the key's row on each year's
page. ``dmreport-tables.js`` filters the rows of every index as one types."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from ..domain import ReportDomain, get_domain
from ..records import Reference, ReferenceKind
from ..state import get_state
from .base import AggregateDirective, aggregate, link, make_table, natural, para, side_by_side
from .chips import cited_in

KINDS: dict[str, ReferenceKind] = {
    "tickets": "ticket",
    "documents": "document",
    "citations": "citation",
    "milestones": "milestone",
}
HEADERS = {
    "tickets": "Ticket",
    "documents": "Document",
    "citations": "Work",
    "milestones": "Milestone",
}


class ReferenceIndexDirective(AggregateDirective):
    """``reference-index tickets|documents|citations``: who cites what."""

    kind = "reference-index"
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        what = self.arguments[0]
        if what not in KINDS:
            return self.problem(
                f"reference-index takes one of {', '.join(KINDS)}, not {what!r}", "directive"
            )
        return self.placeholder(what, what=what)


def grouped_references(
    domain: ReportDomain, what: str, year: str = ""
) -> dict[str, list[Reference]]:
    """References of one kind by key (of one year's reports)."""
    grouped: dict[str, list[Reference]] = {}
    for ref in domain.references(KINDS[what]):
        if not year or ref.docname.startswith(f"reports/{year}-"):
            grouped.setdefault(ref.key, []).append(ref)
    return grouped


def key_anchor(key: str) -> str:
    """The id of a key's row: the key as written (``DM-22727``,
    ``holman2018``); any character but letters, digits, ``.``, ``_`` and
    ``-`` (a blank, a colon of a hostile key) becomes ``-``."""
    return re.sub(r"[^A-Za-z0-9._-]", "-", key)


def _key_cell(app: Sphinx, what: str, key: str) -> list[nodes.Node]:
    state = get_state(app)
    cell: list[nodes.Node] = [para(nodes.literal(text=key))]
    if what == "documents" and key in state.document_titles:
        cell.append(para(state.document_titles[key]))
    if what == "citations" and key in state.citation_labels:
        cell.append(para(state.citation_labels[key]))
    return cell


def _index_table(
    what: str, keys: list[str], rows: list[list[list[nodes.Node]]], widths: list[int]
) -> nodes.table:
    """The index's table: a row per key, its id the key, filtered as one types."""
    table = make_table([HEADERS[what], "Cited in"], rows, widths)
    table["classes"] += ["dmreport-filterable", "dmreport-reference-index"]
    for row, key in zip(table.findall(nodes.row), [None, *keys], strict=True):
        if key is not None:
            row["ids"] = [key_anchor(key)]
    return table


def _reference_table(
    app: Sphinx,
    domain: ReportDomain,
    here: str,
    what: str,
    grouped: dict[str, list[Reference]],
) -> nodes.table:
    keys = sorted(grouped, key=natural)
    rows = [[_key_cell(app, what, key), cited_in(app, domain, here, grouped[key])] for key in keys]
    return _index_table(what, keys, rows, [25, 75])


def _by_year(app: Sphinx, domain: ReportDomain, here: str, what: str) -> nodes.paragraph:
    """A split index's overview, as small as a page of every key can be:
    each key (its anchor) linking to its row on the newest year's page that
    cites it, then the other years citing it."""
    cited = domain.cited_months()
    keys = sorted(grouped_references(domain, what), key=natural)
    overview = nodes.paragraph(classes=["dmreport-key-index"])
    for index, key in enumerate(keys):
        years = sorted({month[:4] for month in cited.get((KINDS[what], key), [])}, reverse=True)
        if index:
            overview += nodes.Text(" · ")
        if not years:
            overview += nodes.inline(key, key, ids=[key_anchor(key)])
            continue
        target = link(app, here, f"{here}-{years[0]}", key, key_anchor(key))
        target["ids"] = [key_anchor(key)]
        overview += target
        for year in years[1:]:
            overview += nodes.Text(" ")
            overview += link(app, here, f"{here}-{year}", year, key_anchor(key))
    return overview


def _years(grouped: dict[str, list[Reference]]) -> list[str]:
    found = {
        ref.docname.split("/")[1][:4]
        for refs in grouped.values()
        for ref in refs
        if ref.docname.startswith("reports/")
    }
    return sorted(found, reverse=True)


def reference_index(
    app: Sphinx, domain: ReportDomain, here: str, node: aggregate
) -> list[nodes.Node]:
    what = node["what"]
    grouped = grouped_references(domain, what)
    if not grouped:
        return [para("Nothing cited yet.")]
    summary = para(f"{len(grouped)} {what} cited.")
    if len(grouped) <= get_state(app).settings.reference_split_rows:
        return [summary, _reference_table(app, domain, here, what, grouped)]
    years = para("One page per year of reports: ")
    for year in _years(grouped):
        count = len(grouped_references(domain, what, year))
        if len(years) > 1:
            years += nodes.Text(" · ")
        years += link(app, here, f"{here}-{year}", year)
        years += nodes.Text(f" ({count})")
    years += nodes.Text(". Every key below links to its row on the newest year citing it:")
    return [summary, years, _by_year(app, domain, here, what)]


def year_pages(app: Sphinx) -> Iterable[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: a large reference index, one page per year
    (side by side in a full build with ``-j``)."""
    if not isinstance(app.builder, StandaloneHTMLBuilder):
        return
    builder = app.builder
    domain = get_domain(app)
    state = get_state(app)
    outdir = Path(app.outdir)
    wanted: list[tuple[str, str, str, str]] = []
    for docname, kind in sorted(domain.aggregates.items()):
        if not kind.startswith("reference-index:"):
            continue
        what = kind.split(":", 1)[1]
        grouped = grouped_references(domain, what)
        if len(grouped) <= state.settings.reference_split_rows:
            continue
        title = app.env.titles[docname].astext()
        written = outdir / builder.get_target_uri(docname)
        for year in _years(grouped):
            pagename = f"{docname}-{year}"
            page = outdir / builder.get_target_uri(pagename)
            fresh = page.is_file() and written.is_file()
            if fresh and page.stat().st_mtime >= written.stat().st_mtime:
                continue  # its index page was not rewritten: nothing changed
            if fresh and not any(d.startswith(f"reports/{year}-") for d in state.changed):
                continue  # no page of that year changed
            wanted.append((what, title, pagename, year))

    def render(page: tuple[str, str, str, str]) -> tuple[str, dict[str, Any]]:
        what, title, pagename, year = page
        year_refs = grouped_references(domain, what, year)
        table = _reference_table(app, domain, pagename, what, year_refs)
        body = builder.render_partial(table)["fragment"]
        heading = f"<h1>{title}: {year}</h1>"
        return pagename, {"title": f"{title}: {year}", "body": heading + body}

    yield from side_by_side(app, wanted, render)
