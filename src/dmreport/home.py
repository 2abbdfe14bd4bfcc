"""The home page's view of the newest month: its High-level Summary.

The directive leaves a placeholder; the summary is copied in when the home
page is written, so it is current after any incremental build.
"""

from __future__ import annotations

import posixpath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .domain import ReportDomain

REFERENCES_TITLE = "References"


class latest_summary(nodes.General, nodes.Element):
    """Placeholder for the newest month's summary."""


class LatestSummaryDirective(SphinxDirective):
    """``.. latest-summary::`` shows the newest month's High-level Summary."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        domain = self.env.get_domain("dmreport")
        assert isinstance(domain, ReportDomain)
        domain.note_aggregate(self.env.docname, "latest-summary")
        return [latest_summary()]


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


def _fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(latest_summary))
    if not placeholders:
        return
    domain = app.env.get_domain("dmreport")
    assert isinstance(domain, ReportDomain)
    month = domain.latest_month()
    summary = f"reports/{month}/summary"
    content: list[nodes.Node] = []
    if month and summary in app.env.all_docs:
        tree = app.env.get_and_resolve_doctree(summary, app.builder)
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
            content.append(copy)
        link = nodes.paragraph()
        index = app.builder.get_relative_uri(docname, f"reports/{month}/index")
        link += nodes.reference("", f"Read the full report for {month}", refuri=index)
        content.append(link)
    else:
        content.append(nodes.paragraph(text="No report has been published yet."))
    for placeholder in placeholders:
        placeholder.replace_self([child.deepcopy() for child in content])


def setup_home(app: Sphinx) -> None:
    app.add_node(latest_summary)
    app.add_directive("latest-summary", LatestSummaryDirective)
    app.connect("doctree-resolved", _fill)
