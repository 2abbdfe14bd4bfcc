"""``reference-index tickets|documents|citations|milestones``: everything
cited, in natural order, with links to each citing section; one page per
year of reports when an index grows past ``dmreport_reference_split_rows``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from ..domain import ReportDomain, get_domain
from ..records import Reference, ReferenceKind
from ..state import get_state
from .base import AggregateDirective, aggregate, link, make_table, natural, para

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


def _citing(
    app: Sphinx, domain: ReportDomain, here: str, refs: list[Reference]
) -> list[nodes.Node]:
    """Links to every section citing a key, grouped by month."""
    paragraph = nodes.paragraph()
    seen: set[tuple[str, str]] = set()
    for ref in sorted(refs, key=lambda r: (r.docname, r.anchor)):
        if (ref.docname, ref.anchor) in seen:
            continue
        seen.add((ref.docname, ref.anchor))
        page = domain.pages.get(ref.docname)
        month = ref.docname.split("/")[1] if ref.docname.startswith("reports/") else ""
        name = page.title if page else app.env.titles[ref.docname].astext()
        label = f"{month} {name}" + (f" › {ref.section}" if ref.section else "")
        if len(paragraph):
            paragraph += nodes.Text("; ")
        paragraph += link(app, here, ref.docname, label.strip(), ref.anchor)
    return [paragraph]


def grouped_references(
    domain: ReportDomain, what: str, year: str = ""
) -> dict[str, list[Reference]]:
    """References of one kind by key (of one year's reports)."""
    grouped: dict[str, list[Reference]] = {}
    for ref in domain.references(KINDS[what]):
        if not year or ref.docname.startswith(f"reports/{year}-"):
            grouped.setdefault(ref.key, []).append(ref)
    return grouped


def _reference_table(
    app: Sphinx,
    domain: ReportDomain,
    here: str,
    what: str,
    grouped: dict[str, list[Reference]],
) -> nodes.table:
    state = get_state(app)
    rows = []
    for key in sorted(grouped, key=natural):
        cell: list[nodes.Node] = [para(nodes.literal(text=key))]
        if what == "documents" and key in state.document_titles:
            cell.append(para(state.document_titles[key]))
        if what == "citations" and key in state.citation_labels:
            cell.append(para(state.citation_labels[key]))
        rows.append([cell, _citing(app, domain, here, grouped[key])])
    return make_table([HEADERS[what], "Cited in"], rows, [30, 70])


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
    rows = []
    for year in _years(grouped):
        count = len(grouped_references(domain, what, year))
        rows.append([[para(link(app, here, f"{here}-{year}", year))], [para(str(count))]])
    summary += nodes.Text(" One page per year of reports:")
    return [summary, make_table(["Year", f"{HEADERS[what]}s cited"], rows, [50, 50])]


def year_pages(app: Sphinx) -> Iterable[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: a large reference index, one page per year."""
    if not isinstance(app.builder, StandaloneHTMLBuilder):
        return
    builder = app.builder
    domain = get_domain(app)
    state = get_state(app)
    outdir = Path(app.outdir)
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
            year_refs = grouped_references(domain, what, year)
            table = _reference_table(app, domain, pagename, what, year_refs)
            body = builder.render_partial(table)["fragment"]
            heading = f"<h1>{title}: {year}</h1>"
            yield (
                pagename,
                {"title": f"{title}: {year}", "body": heading + body},
                "page.html",
            )
