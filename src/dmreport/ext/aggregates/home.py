"""``latest-summary``: the home page's view of the newest month, its
High-level Summary, copied in when the home page is written."""

from __future__ import annotations

import posixpath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ...core.ids import month_title
from ..domain import ReportDomain
from ..editions import latest_shown
from ..state import get_state
from .base import AggregateDirective, aggregate, para
from .latest import fresh_summary, link_footnotes, month_intro, section_links

REFERENCES_TITLE = "References"

#: What links a PDF on the home page and a month's page (its size and
#: pages are added beside it once it is compiled, :mod:`...outputs.pdf_facts`).
LINK_TEXT = "Formal report (PDF/A)"


class LatestSummaryDirective(AggregateDirective):
    """``.. latest-summary::`` shows the newest month's High-level Summary."""

    kind = "latest-summary"
    has_content = False

    def run(self) -> list[nodes.Node]:
        return self.placeholder()


def _rebase(tree: nodes.Node, base: str) -> None:
    """Make the summary's relative links work from the page that shows it."""
    page = base.partition("#")[0]
    for ref in tree.findall(nodes.reference):
        if ref.get("refid"):
            ref["refuri"] = f"{page}#{ref['refid']}"
            del ref["refid"]
            ref["internal"] = False
            continue
        uri = ref.get("refuri", "")
        if not uri or "://" in uri or uri.startswith("mailto:"):
            continue
        if uri.startswith("#"):
            ref["refuri"] = page + uri
        else:
            ref["refuri"] = posixpath.normpath(posixpath.join(posixpath.dirname(base), uri))


def pdf_links(app: Sphinx, docname: str, month: str) -> nodes.paragraph:
    """The newest month's formal report (PDF/A) and its year's volume: what
    agencies read first, so the home page's first links."""
    page_dir = posixpath.dirname(app.builder.get_target_uri(docname)) or "."
    report = posixpath.relpath(f"reports/{month}/dmreport-{month}.pdf", page_dir)
    volume = posixpath.relpath(f"reports/dmreport-{month[:4]}.pdf", page_dir)
    links = para(
        f"{month_title(month)}: ",
        nodes.reference(  # its size and pages are added once it is compiled
            "", LINK_TEXT, refuri=report, classes=["dmreport-pdf-link"]
        ),
        " · ",
        nodes.reference("", f"All of {month[:4]} in one volume (PDF/A)", refuri=volume),
    )
    links["classes"].append("dmreport-pdf")
    return links


def latest_summary(
    app: Sphinx, domain: ReportDomain, docname: str, node: aggregate
) -> list[nodes.Node]:
    record = latest_shown(app)  # drafts only in a preview
    month = record.month if record else ""
    summary = f"reports/{month}/summary"
    content: list[nodes.Node] = []
    if record is not None and summary in app.env.all_docs:
        if get_state(app).settings.pdf:
            content.append(pdf_links(app, docname, month))
        content.append(month_intro(app, docname, record))
        tree = fresh_summary(app, summary)
        base = app.builder.get_relative_uri(docname, summary)
        section = next(iter(tree.findall(nodes.section)), None)
        children: list[Any] = list(section.children[1:]) if section else []
        for child in children:
            if isinstance(child, nodes.section) and child[0].astext() == REFERENCES_TITLE:
                continue
            if isinstance(child, nodes.system_message):
                continue
            copy = child.deepcopy()
            for message in list(copy.findall(nodes.system_message)):
                message.parent.remove(message)
            _rebase(copy, base)
            link_footnotes(copy, base)
            content.append(copy)
        link = nodes.paragraph()
        index = app.builder.get_relative_uri(docname, f"reports/{month}/index")
        link += nodes.reference("", f"Read the full report for {month_title(month)}", refuri=index)
        content.append(link)
        content.append(section_links(app, docname, month))
    else:
        content.append(nodes.paragraph(text="No report has been published yet."))
    return content
