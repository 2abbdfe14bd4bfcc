"""What every aggregate page shares: the placeholder a directive leaves while
reading, the fillers that replace it when the page is written, and the
building blocks (links, paragraphs, tables) the fillers are made of.

A page kind registers its filler with :func:`register_filler`; :func:`fill`
runs at ``doctree-resolved`` with the archive's current data, in the manner
of Sphinx's ``todolist``.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.parallel import ParallelTasks, parallel_available

from ..domain import TRACKER_DOC, ReportDomain, get_domain

logger = logging.getLogger(__name__)
Wanted = TypeVar("Wanted")


class aggregate(nodes.General, nodes.Element):
    """Placeholder for content computed from the whole archive."""


Filler = Callable[[Sphinx, ReportDomain, str, aggregate], list[nodes.Node]]
_FILLERS: dict[str, Filler] = {}

#: Matplotlib's settings for every chart: SVG text left as text (and ids
#: seeded), PDF fonts embedded as TrueType (no Type 3), as PDF/A wants.
CHART_RC: dict[str, object] = {
    "svg.hashsalt": "dmreport",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
}


def register_filler(kind: str, filler: Filler) -> None:
    """Fill every placeholder of ``kind`` with what ``filler`` returns."""
    _FILLERS[kind] = filler


class AggregateDirective(SphinxDirective):
    """A directive whose content is computed from the whole archive."""

    kind = ""

    def placeholder(self, key: str = "", **attributes: str) -> list[nodes.Node]:
        """The placeholder node; ``key`` names what it shows (an element's
        slug, a kind of reference), which decides when it is rewritten."""
        noted = f"{self.kind}:{key}" if key else self.kind
        get_domain(self.env.app).note_aggregate(self.env.docname, noted)
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


def fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: put the archive's current data into the page."""
    domain = get_domain(app)
    for node in list(doctree.findall(aggregate)):
        node.replace_self(_FILLERS[node["kind"]](app, domain, docname, node))


# -- building blocks ---------------------------------------------------------


def natural(key: str) -> list[Any]:
    """A sort key that orders DM-9 before DM-10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", key)]


def link(app: Sphinx, here: str, docname: str, text: str, anchor: str = "") -> nodes.reference:
    """A link from page ``here`` to ``docname`` (and ``anchor`` on it)."""
    uri = app.builder.get_relative_uri(here, docname)
    return nodes.reference("", text, refuri=uri + (f"#{anchor}" if anchor else ""), internal=True)


def para(*children: nodes.Node | str) -> nodes.paragraph:
    """A paragraph of text and nodes."""
    paragraph = nodes.paragraph()
    for child in children:
        paragraph += nodes.Text(child) if isinstance(child, str) else child
    return paragraph


def make_table(
    headers: Sequence[str], rows: Sequence[Sequence[Sequence[nodes.Node]]], widths: Sequence[int]
) -> nodes.table:
    """A table with a header row; each cell is a list of nodes."""
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


def month_label(domain: ReportDomain, month: str) -> str:
    """How a month is named on the site: its report's title, or YYYY-MM."""
    title = domain.month_title(month)
    return title if title and title != month else month


def chart_image(
    app: Sphinx, here: str, name: str, data: object, draw: Callable[[Path], None], alt: str
) -> nodes.image:
    """A chart drawn at build time: SVG for HTML, PDF for LaTeX, named by its
    data, so that an unchanged chart is neither redrawn nor recompiled. In
    HTML it loads when scrolled near (``loading="lazy"``): a page of many
    charts does not fetch them all on first load."""
    drawn = {"style": CHART_RC, "data": data}
    digest = hashlib.sha256(json.dumps(drawn, sort_keys=True).encode()).hexdigest()[:12]
    outdir = Path(app.outdir)
    if app.builder.format == "html":
        target = outdir / "_images" / f"{name}-{digest}.svg"
        page_dir = posixpath.dirname(app.builder.get_target_uri(here))
        uri = posixpath.relpath(f"_images/{target.name}", page_dir or ".")
    else:
        target = outdir / f"{name}-{digest}.pdf"
        uri = target.name
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        draw(target)
    return nodes.image(uri=uri, candidates={"*": uri}, alt=alt, width="100%", loading="lazy")


def see_on_tracker(app: Sphinx, here: str, label: str, anchor: str) -> nodes.paragraph:
    """Instead of a month page's chart in HTML (the chart goes into its PDF):
    a link to the tracker's, which covers all months."""
    see = para("See the ", link(app, here, TRACKER_DOC, label, anchor), " across all months.")
    see["classes"].append("dmreport-html-only")
    return see


def side_by_side(
    app: Sphinx,
    wanted: Sequence[Wanted],
    render: Callable[[Wanted], tuple[str, dict[str, Any]]],
) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``'s pages, one from each of ``wanted``, each
    ``render``-ed (its name and template context). When the build runs with
    ``-j N`` and there are several, N - 1 of Sphinx's forked tasks make and
    write a share each, as Sphinx writes pages, while this process hands its
    own share to Sphinx; else every page is handed to Sphinx, in order."""
    shares = app.parallel if app.parallel > 1 and parallel_available else 1
    if shares == 1 or len(wanted) < 2:
        for page in wanted:
            pagename, context = render(page)
            yield pagename, context, "page.html"
        return
    builder = app.builder
    assert isinstance(builder, StandaloneHTMLBuilder)

    def write(indexes: list[int]) -> None:
        for i in indexes:
            builder.handle_page(*render(wanted[i]), templatename="page.html")

    tasks = ParallelTasks(shares - 1)
    for share in range(1, shares):
        tasks.add_task(write, list(range(share, len(wanted), shares)))
    for i in range(0, len(wanted), shares):
        pagename, context = render(wanted[i])
        yield pagename, context, "page.html"
    tasks.join()
