"""What the home page says around the newest report's summary: the month it
shows, links to that month's sections, and the summary's footnote marks
made links to the summary page (the notes themselves stay there)."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.nodes import bibliography

from ...core.ids import month_title
from ..collectors import copied_ids
from ..editions import report_date
from ..records import Month
from .base import link, para


def month_intro(app: Sphinx, here: str, record: Month) -> nodes.paragraph:
    """Which month the home page shows: "The newest report is January 2020,
    issued 2020-01-31."."""
    name = month_title(record.month)
    intro = para(
        "The newest report is ",
        nodes.strong("", "", link(app, here, record.docname, name)),
        f", issued {report_date(app, record.month)}"
        + (" (a draft, shown in this preview only)" if record.status == "draft" else "")
        + ". Its High-level Summary:",
    )
    intro["classes"].append("dmreport-latest")
    return intro


def section_links(app: Sphinx, here: str, month: str) -> nodes.paragraph:
    """Links to every page of the month, in the order of its table of contents."""
    index = f"reports/{month}/index"
    pages = [d for d in app.env.toctree_includes.get(index, []) if d in app.env.all_docs]
    links = para(f"All sections of {month_title(month)}: ")
    for number, docname in enumerate(pages):
        if number:
            links += nodes.Text(" · ")
        title = app.env.titles[docname].astext() if docname in app.env.titles else docname
        links += link(app, here, docname, title)
    links["classes"].append("dmreport-sections")
    return links


def link_footnotes(tree: nodes.Node, page: str) -> None:
    """A copied footnote mark links to its note on the page it was copied
    from (``page``); ids that would repeat on the new page are dropped."""
    for mark in list(tree.findall(nodes.footnote_reference)):
        target = f"{page.partition('#')[0]}#{mark.get('refid', '')}"
        copy = nodes.reference("", f"[{mark.astext()}]", refuri=target)
        copy["classes"].append("footnote-reference")
        mark.replace_self(copy)
    for element in tree.findall(nodes.Element):
        if not isinstance(element, nodes.section):
            element["ids"] = copied_ids(element)


def latest_line(app: Sphinx, here: str, record: Month | None) -> nodes.paragraph:
    """The month list's first line: which month is the latest report."""
    if record is None:
        return para("No report has been published yet.")
    line = para("Latest report: ", link(app, here, record.docname, month_title(record.month)), ".")
    line["classes"].append("dmreport-latest")
    return line


def fresh_summary(app: Sphinx, summary: str) -> nodes.document:
    """The summary's doctree, resolved, without its bibliography: the home
    page does not show it, and sphinxcontrib-bibtex fills a bibliography from
    nodes it keeps, so resolving it a second time in one build would give the
    summary page itself every reference twice."""
    tree = app.env.get_doctree(summary)
    for node in list(tree.findall(bibliography)):
        node.parent.remove(node)
    app.env.apply_post_transforms(tree, summary)
    return tree
