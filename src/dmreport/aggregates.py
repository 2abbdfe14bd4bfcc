"""Pages built from the whole archive: the month list, per-WBS histories with
plan against actual, the reference indexes, and month-to-month navigation.

Directives leave placeholders while reading; the placeholders are filled
from the domain when the page is written, and ``env-updated`` names these
pages (and WBS pages whose neighbours changed) so that Sphinx rewrites them
after every change without re-reading anything else.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .collectors import domain_of, page_parts
from .domain import PART_KEYS, Reference, ReportDomain, WbsPage
from .wbs import registry

logger = logging.getLogger(__name__)

#: Months of a history shown in full; older months are linked, keeping the
#: page small however long the archive grows.
FULL_MONTHS = 12
PART_TITLES = {
    "accomplishments": "Current accomplishments",
    "plans": "Planned activities",
    "staffing": "Staffing update",
}
KINDS = {
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


class aggregate(nodes.General, nodes.Element):
    """Placeholder for content computed from the whole archive."""


class fold(nodes.General, nodes.Element):
    """Content folded behind its title in HTML, shown in full elsewhere."""


def _visit_fold_html(self: Any, node: fold) -> None:
    title = self.encode(node["title"])
    self.body.append(f'<details class="dmreport-fold"><summary>{title}</summary>')


def _depart_fold_html(self: Any, node: fold) -> None:
    self.body.append("</details>")


def _visit_fold_other(self: Any, node: fold) -> None:
    pass


# -- directives -------------------------------------------------------------


class _AggregateDirective(SphinxDirective):
    kind = ""

    def placeholder(self, key: str = "", **attributes: str) -> list[nodes.Node]:
        """The placeholder node; ``key`` names what it shows (an element's
        slug, a kind of reference), which decides when it is rewritten."""
        noted = f"{self.kind}:{key}" if key else self.kind
        domain_of(self.env.app).note_aggregate(self.env.docname, noted)
        node = aggregate(kind=self.kind, **attributes)
        self.set_source_info(node)
        return [node]

    def problem(self, message: str, subtype: str) -> list[nodes.Node]:
        logger.warning(
            message,
            location=(self.env.docname, self.lineno),
            type="dmreport",
            subtype=subtype,
        )
        return []


class MonthListDirective(_AggregateDirective):
    """``month-list``: every month, newest first, with status and links."""

    kind = "month-list"

    def run(self) -> list[nodes.Node]:
        return self.placeholder()


class WbsHistoryDirective(_AggregateDirective):
    """``wbs-history``: the history of the page's WBS element (front matter ``wbs``)."""

    kind = "wbs-history"

    def run(self) -> list[nodes.Node]:
        code = str(self.env.metadata.get(self.env.docname, {}).get("wbs", ""))
        element = registry(self.env.app).by_code.get(code)
        if element is None or not element.slug:
            return self.problem(
                "wbs-history needs front matter 'wbs:' naming an element with a page "
                f"in wbs/elements.yaml (got {code!r})",
                "wbs",
            )
        return self.placeholder(element.slug, slug=element.slug, code=code)


class ReferenceIndexDirective(_AggregateDirective):
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


# -- building blocks ---------------------------------------------------------


def _natural(key: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", key)]


def _link(app: Sphinx, here: str, docname: str, text: str, anchor: str = "") -> nodes.reference:
    uri = app.builder.get_relative_uri(here, docname)
    return nodes.reference("", text, refuri=uri + (f"#{anchor}" if anchor else ""), internal=True)


def _para(*children: nodes.Node | str) -> nodes.paragraph:
    para = nodes.paragraph()
    for child in children:
        para += nodes.Text(child) if isinstance(child, str) else child
    return para


def _table(
    headers: list[str], rows: list[list[list[nodes.Node]]], widths: list[int]
) -> nodes.table:
    table = nodes.table(classes=["dmreport-table", "longtable", "colwidths-given"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    row = nodes.row()
    for header in headers:
        row += nodes.entry("", nodes.paragraph(text=header))
    head += row
    body = nodes.tbody()
    group += body
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry.extend(cell)
            row += entry
        body += row
    return table


def _month_label(domain: ReportDomain, month: str) -> str:
    title = domain.month_title(month)
    return title if title and title != month else month


# -- fillers -----------------------------------------------------------------


def _month_list(app: Sphinx, domain: ReportDomain, here: str, node: aggregate) -> list[nodes.Node]:
    rows = []
    for record in domain.months():
        month = record["month"]
        sections = [p for p in domain.data["pages"].values() if p.month == month]
        rows.append(
            [
                [_para(_link(app, here, record["docname"], _month_label(domain, month)))],
                [_para(record["status"])],
                [_para(_link(app, here, f"reports/{month}/summary", "Summary"))]
                if f"reports/{month}/summary" in app.env.all_docs
                else [],
                [_para(str(len(sections)))],
            ]
        )
        if app.config.dmreport_pdf:
            page_dir = posixpath.dirname(app.builder.get_target_uri(here)) or "."
            target = posixpath.relpath(f"reports/{month}/dmreport-{month}.pdf", page_dir)
            rows[-1].append([_para(nodes.reference("", "PDF", refuri=target))])
    if not rows:
        return [_para("No reports yet.")]
    headers = ["Month", "Status", "Summary", "WBS sections"]
    widths = [30, 15, 25, 15]
    if app.config.dmreport_pdf:
        headers.append("PDF")
        widths.append(15)
    return [_table(headers, rows, widths)]


class _Parts:
    """The parts of WBS pages, each page read from its doctree once."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.cache: dict[str, dict[str, list[nodes.Node]]] = {}

    def __call__(self, docname: str, part: str) -> list[nodes.Node]:
        if docname not in self.cache:
            self.cache[docname] = page_parts(self.app.env.get_doctree(docname))
        return [child.deepcopy() for child in self.cache[docname].get(part, [])]


def _wbs_history(app: Sphinx, domain: ReportDomain, here: str, node: aggregate) -> list[nodes.Node]:
    pages = domain.pages_of(node["slug"])
    if not pages:
        return [_para("No report includes this element yet.")]
    result: list[nodes.Node] = [
        _para(
            f"{len(pages)} monthly report{'s include' if len(pages) != 1 else ' includes'} this "
            f"element, from {_month_label(domain, pages[-1].month)} "
            f"to {_month_label(domain, pages[0].month)}."
        )
    ]
    parts = _Parts(app)
    result.append(_plan_against_actual(app, domain, here, pages, parts))
    history = nodes.section(ids=["history"], names=["history"])
    history += nodes.title(text="History")
    for index, page in enumerate(pages):
        month = _month_label(domain, page.month)
        history += nodes.rubric("", "", _link(app, here, page.docname, month))
        if index >= FULL_MONTHS:
            continue
        for part in PART_KEYS:
            body = parts(page.docname, part)
            if body:
                folded = fold(title=f"{PART_TITLES[part]}, {month}")
                folded.extend(body)
                history += folded
    result.append(history)
    return result


def _plan_against_actual(
    app: Sphinx, domain: ReportDomain, here: str, pages: list[WbsPage], parts: _Parts
) -> nodes.section:
    section = nodes.section(ids=["plan-against-actual"], names=["plan against actual"])
    section += nodes.title(text="Plan against actual")
    section += _para(
        "Each month's Planned activities beside the next month's Current accomplishments."
    )
    rows = []
    by_month = {page.month: page for page in pages}
    for index, later in enumerate(pages):
        earlier = by_month.get(_previous_month(later.month))
        if earlier is None:
            continue
        full = index < FULL_MONTHS
        planned = parts(earlier.docname, "plans") if full else []
        done = parts(later.docname, "accomplishments") if full else []
        rows.append(
            [
                [
                    _para(
                        _link(
                            app,
                            here,
                            earlier.docname,
                            _month_label(domain, earlier.month),
                        )
                    ),
                    *planned,
                ],
                [
                    _para(_link(app, here, later.docname, _month_label(domain, later.month))),
                    *done,
                ],
            ]
        )
    if rows:
        section += _table(["Planned", "Accomplished the month after"], rows, [50, 50])
    else:
        section += _para("Needs two consecutive months.")
    return section


def _previous_month(month: str) -> str:
    year, number = (int(part) for part in month.split("-"))
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


def _citing(
    app: Sphinx, domain: ReportDomain, here: str, refs: list[Reference]
) -> list[nodes.Node]:
    """Links to every section citing a key, grouped by month."""
    para = nodes.paragraph()
    seen: set[tuple[str, str]] = set()
    for ref in sorted(refs, key=lambda r: (r.docname, r.anchor)):
        if (ref.docname, ref.anchor) in seen:
            continue
        seen.add((ref.docname, ref.anchor))
        page = domain.data["pages"].get(ref.docname)
        month = ref.docname.split("/")[1] if ref.docname.startswith("reports/") else ""
        name = page.title if page else app.env.titles[ref.docname].astext()
        label = f"{month} {name}" + (f" › {ref.section}" if ref.section else "")
        if len(para):
            para += nodes.Text("; ")
        para += _link(app, here, ref.docname, label.strip(), ref.anchor)
    return [para]


def _grouped(domain: ReportDomain, what: str, year: str = "") -> dict[str, list[Reference]]:
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
    titles: dict[str, str] = getattr(app, "dmreport_document_titles", {})
    labels: dict[str, str] = getattr(app, "dmreport_citation_labels", {})
    rows = []
    for key in sorted(grouped, key=_natural):
        cell: list[nodes.Node] = [_para(nodes.literal(text=key))]
        if what == "documents" and key in titles:
            cell.append(_para(titles[key]))
        if what == "citations" and key in labels:
            cell.append(_para(labels[key]))
        rows.append([cell, _citing(app, domain, here, grouped[key])])
    return _table([HEADERS[what], "Cited in"], rows, [30, 70])


def _years(grouped: dict[str, list[Reference]]) -> list[str]:
    found = {
        ref.docname.split("/")[1][:4]
        for refs in grouped.values()
        for ref in refs
        if ref.docname.startswith("reports/")
    }
    return sorted(found, reverse=True)


def _reference_index(
    app: Sphinx, domain: ReportDomain, here: str, node: aggregate
) -> list[nodes.Node]:
    what = node["what"]
    grouped = _grouped(domain, what)
    if not grouped:
        return [_para("Nothing cited yet.")]
    summary = _para(f"{len(grouped)} {what} cited.")
    if len(grouped) <= app.config.dmreport_reference_split_rows:
        return [summary, _reference_table(app, domain, here, what, grouped)]
    rows = []
    for year in _years(grouped):
        count = len(_grouped(domain, what, year))
        rows.append([[_para(_link(app, here, f"{here}-{year}", year))], [_para(str(count))]])
    summary += nodes.Text(" One page per year of reports:")
    return [summary, _table(["Year", f"{HEADERS[what]}s cited"], rows, [50, 50])]


def year_pages(app: Sphinx) -> Iterable[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: a large reference index, one page per year."""
    domain = domain_of(app)
    outdir = Path(app.outdir)
    changed: set[str] = getattr(app, "dmreport_changed", set())
    for docname, kind in sorted(domain.aggregates.items()):
        if not kind.startswith("reference-index:"):
            continue
        what = kind.split(":", 1)[1]
        grouped = _grouped(domain, what)
        if len(grouped) <= app.config.dmreport_reference_split_rows:
            continue
        title = app.env.titles[docname].astext()
        written = outdir / app.builder.get_target_uri(docname)
        for year in _years(grouped):
            pagename = f"{docname}-{year}"
            page = outdir / app.builder.get_target_uri(pagename)
            fresh = page.is_file() and written.is_file()
            if fresh and page.stat().st_mtime >= written.stat().st_mtime:
                continue  # its index page was not rewritten: nothing changed
            if fresh and not any(d.startswith(f"reports/{year}-") for d in changed):
                continue  # no page of that year changed
            table = _reference_table(app, domain, pagename, what, _grouped(domain, what, year))
            body = app.builder.render_partial(table)["fragment"]  # type: ignore[attr-defined]
            heading = f"<h1>{title}: {year}</h1>"
            yield (
                pagename,
                {"title": f"{title}: {year}", "body": heading + body},
                "page.html",
            )


FILLERS = {
    "month-list": _month_list,
    "wbs-history": _wbs_history,
    "reference-index": _reference_index,
}


def _nav(app: Sphinx, domain: ReportDomain, docname: str, doctree: nodes.document) -> None:
    """Previous and next month of the same WBS element, and its history."""
    page = domain.data["pages"].get(docname)
    if page is None or f"wbs/{page.slug}" not in app.env.all_docs:
        return
    if app.builder.format != "html":
        return
    before, after = domain.neighbours().get(docname, (None, None))
    para = nodes.paragraph(classes=["dmreport-month-nav"])
    if before:
        para += _link(
            app,
            docname,
            before,
            f"← {_month_label(domain, domain.data['pages'][before].month)}",
        )
        para += nodes.Text(" · ")
    para += _link(app, docname, f"wbs/{page.slug}", f"History of {page.title}")
    if after:
        para += nodes.Text(" · ")
        para += _link(
            app,
            docname,
            after,
            f"{_month_label(domain, domain.data['pages'][after].month)} →",
        )
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is not None:
        top.insert(1, para)


def fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: put the archive's current data into the page."""
    domain = domain_of(app)
    for node in list(doctree.findall(aggregate)):
        node.replace_self(FILLERS[node["kind"]](app, domain, docname, node))
    _nav(app, domain, docname, doctree)


def _note_changes(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: remember what this build adds, changes and removes."""
    app.dmreport_changed = set(added) | set(changed) | set(removed)  # type: ignore[attr-defined]
    app.dmreport_removed = set(removed)  # type: ignore[attr-defined]
    return []


def _note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: every document read this build."""
    app.dmreport_changed = getattr(app, "dmreport_changed", set()) | set(docnames)  # type: ignore[attr-defined]


def _fingerprints(domain: ReportDomain) -> dict[str, str]:
    """A digest of the data each kind of aggregate is made from."""

    def digest(value: object) -> str:
        return hashlib.sha256(repr(value).encode()).hexdigest()

    months = sorted((m["month"], m["title"], m["status"]) for m in domain.months())
    pages = sorted((p.docname, p.month, p.slug, p.title) for p in domain.data["pages"].values())
    refs: dict[str, list[tuple[str, str, str, str]]] = {}
    for records in domain.data["refs"].values():
        for ref in records:
            refs.setdefault(ref.kind, []).append((ref.key, ref.docname, ref.anchor, ref.section))
    milestones = sorted(
        (docname, repr(records)) for docname, records in domain.data["milestones"].items()
    )
    found = {
        "month-list": digest((months, pages)),
        "latest-summary": digest(months[-1:] if months else None),
        "milestone-tracker": digest((months, milestones)),
        "milestone-trend": digest(milestones),
    }
    for kind, what in (("ticket", "tickets"), ("document", "documents"),
                       ("citation", "citations"), ("milestone", "milestones")):  # fmt: skip
        found[f"reference-index:{what}"] = digest(sorted(refs.get(kind, [])))
    return found


def stale_aggregates(
    domain: ReportDomain, changed: set[str], removed: set[str], latest_summary: str | None = None
) -> set[str]:
    """The aggregate pages whose inputs changed in this build.

    A WBS history depends on its element's pages; the other aggregates on a
    digest of the data they show (an edit that changes no reference leaves
    the reference indexes alone). A no-op build rewrites nothing.
    """
    reports = {d for d in changed if d.startswith("reports/")}
    if not reports:
        return {d for d in domain.aggregates if d in changed}
    slugs = {page.slug for d, page in domain.data["pages"].items() if d in reports}
    current = _fingerprints(domain)
    previous = domain.data.setdefault("fingerprints", {})
    stale = set()
    for docname, kind in domain.aggregates.items():
        if docname in changed:
            stale.add(docname)
        elif kind.startswith("wbs-history:"):
            if removed or kind.split(":", 1)[1] in slugs:
                stale.add(docname)
        elif (
            (kind == "latest-summary" and latest_summary in changed)
            or kind not in current
            or previous.get(kind) != current[kind]
        ):
            stale.add(docname)
    domain.data["fingerprints"] = current
    return stale


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """``env-updated``: the aggregates whose inputs changed, and the WBS pages
    whose previous or next month changed."""
    domain = domain_of(app)
    current = domain.neighbours()
    previous = domain.data["nav"]
    moved = {d for d, n in current.items() if previous.get(d) != n and d in env.all_docs}
    domain.data["nav"] = current
    changed = getattr(app, "dmreport_changed", set())
    latest = domain.latest_month()
    stale = stale_aggregates(
        domain,
        changed,
        getattr(app, "dmreport_removed", set()),
        f"reports/{latest}/summary" if latest else None,
    )
    return sorted(stale | moved)


def check_history_pages(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: every element with a page has a history page."""
    for element in registry(app).pages:
        if f"wbs/{element.slug}" not in env.found_docs:
            logger.warning(
                "wbs/elements.yaml: WBS element %s (%s) has no history page; create "
                "wbs/%s.md with front matter 'wbs: \"%s\"' and a wbs-history directive",
                element.code,
                element.title,
                element.slug,
                element.code,
                type="dmreport",
                subtype="wbs",
            )


def setup_aggregates(app: Sphinx) -> None:
    # Rows above which a reference index becomes one page per year, so that
    # no page grows past about 1 MB however long the archive.
    app.add_config_value("dmreport_reference_split_rows", 1000, "html", types=[int])
    app.add_node(aggregate)
    app.add_node(
        fold,
        html=(_visit_fold_html, _depart_fold_html),
        latex=(_visit_fold_other, _visit_fold_other),
        text=(_visit_fold_other, _visit_fold_other),
    )
    app.add_directive("month-list", MonthListDirective)
    app.add_directive("wbs-history", WbsHistoryDirective)
    app.add_directive("reference-index", ReferenceIndexDirective)
    app.connect("doctree-resolved", fill)
    app.connect("env-get-outdated", _note_changes)
    app.connect("env-before-read-docs", _note_read)
    app.connect("env-updated", pages_to_rewrite)
    app.connect("html-collect-pages", year_pages)
    app.connect("env-check-consistency", check_history_pages)
