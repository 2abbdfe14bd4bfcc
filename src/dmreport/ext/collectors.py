"""What the extension records while reading each page.

For every month page: the month (landing pages), the WBS element and its
sections (WBS pages), and every reference to a ticket, document, cited work
or milestone with the anchor of the section holding it. The pages' problems
are reported by :mod:`.lint`, not here.
"""

from __future__ import annotations

import hashlib

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.nodes import bibliography

from ..core.ids import document_of_url, month_of, ticket_of_url
from ..core.registry import WBS_FILE
from ..core.sections import PART_TITLES, part_of
from .citations import page_keyprefix
from .domain import get_domain
from .records import Month, Reference, WbsPage
from .state import get_state, note_data

STANDARD_TITLES = tuple(title.lower() for title in PART_TITLES.values())


def _anchor(node: nodes.Node) -> tuple[str, str]:
    """The id and title of the innermost section around ``node``."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section) and parent.parent is not None:
            if isinstance(parent.parent, nodes.document):
                return "", ""
            return parent["ids"][-1], parent[0].astext()
        parent = parent.parent
    return "", ""


def collect_references(app: Sphinx, doctree: nodes.document, docname: str) -> list[Reference]:
    """Every ticket, document and citation on the page, with its section."""
    template = get_state(app).settings.jira_uri_template
    refs: list[Reference] = []
    for node in doctree.findall(nodes.reference):
        uri = node.get("refuri", "")
        if ticket := ticket_of_url(uri, template):
            refs.append(Reference("ticket", ticket, docname, *_anchor(node)))
        elif document := document_of_url(uri):
            refs.append(Reference("document", document, docname, *_anchor(node)))
    prefix = page_keyprefix(docname)
    for record in get_domain(app).milestones.get(docname, []):
        refs.append(Reference("milestone", record.id, docname, record.anchor, record.section))
    for xref in doctree.findall(addnodes.pending_xref):
        if xref.get("refdomain") == "dmreport" and xref.get("reftype") == "milestone":
            refs.append(Reference("milestone", xref["reftarget"], docname, *_anchor(xref)))
        if xref.get("refdomain") == "cite":
            for target in xref["reftarget"].split(","):
                key = target.strip().split("}")[-1].strip().removeprefix(prefix)
                refs.append(Reference("citation", key, docname, *_anchor(xref)))
    return refs


def copied_ids(element: nodes.Element) -> list[str]:
    """The ids of a node shown on another page: none (they would repeat
    there), but a captioned figure or table keeps one, made from where it
    came from (the writer numbers it by its id)."""
    numbered = isinstance(element, nodes.figure | nodes.table) and element["ids"]
    if not numbered or not any(isinstance(c, nodes.caption | nodes.title) for c in element):
        return []
    where = f"{element.source}:{element.line}:{element['ids'][0]}"
    return ["copied-" + hashlib.sha256(where.encode()).hexdigest()[:12]]


def _portable(section: nodes.section) -> list[nodes.Node]:
    """A section's body as nodes that can be shown on another page: no ids,
    sub-sections as rubrics; cross-references left for the showing page to
    resolve (a citation's label depends on the style, resolved late)."""
    body: list[nodes.Node] = []
    for child in section.children[1:]:
        if isinstance(child, nodes.section):
            body.append(nodes.rubric("", "", *child[0].deepcopy().children))
            body.extend(_portable(child))
            continue
        if isinstance(child, nodes.system_message | bibliography):
            # the build's own notes (duplicate targets) and a page's list of
            # works stay off other pages
            continue
        copy = child.deepcopy()
        for message in [*copy.findall(nodes.system_message), *copy.findall(bibliography)]:
            message.parent.remove(message)
        for mark in list(copy.findall(nodes.footnote_reference)):
            mark.parent.remove(mark)
        for element in copy.findall(nodes.Element):
            element["ids"] = copied_ids(element)
            element["names"] = []
        body.append(copy)
    return body


def page_parts(doctree: nodes.document) -> dict[str, list[nodes.Node]]:
    """A WBS page's accomplishments, plans and staffing, ready to be shown on
    another page. Read from the stored doctree when a history is written,
    so that the environment does not carry a second copy of every page."""
    top = next(iter(doctree.findall(nodes.section)), None)
    content: dict[str, list[nodes.Node]] = {}
    for section in top.findall(nodes.section) if top is not None else []:
        title = section[0].astext()
        if section.parent is top and (part := part_of(title)):
            body = _portable(section)
            if title.lower() not in STANDARD_TITLES:
                body.insert(0, nodes.rubric(text=title))
            content.setdefault(part, []).extend(body)
    return content


def _collect_wbs_page(
    app: Sphinx, doctree: nodes.document, docname: str, month: str, stem: str, code: str
) -> None:
    domain = get_domain(app)
    top = next(iter(doctree.findall(nodes.section)), None)
    note_data(app.env, WBS_FILE)
    # A code missing from the registry is reported by the page checks.
    element = get_state(app).wbs.by_code.get(code)
    if element is None:
        return
    title = top[0].astext() if top is not None else element.title
    page = WbsPage(docname, month, code, stem, element.title or title)
    domain.note_page(page)


def collect(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: record the page's month, element and references."""
    env = app.env
    docname = env.docname
    domain = get_domain(app)
    domain.note_refs(docname, collect_references(app, doctree, docname))
    where = month_of(docname)
    if where is None:
        return
    metadata = env.metadata.get(docname, {})
    month, stem = where.month, where.stem
    if stem == "index":
        title = env.titles[docname].astext() if docname in env.titles else month
        domain.note_month(Month(docname, month, title, str(metadata.get("status", "draft"))))
    elif "wbs" in metadata:
        _collect_wbs_page(app, doctree, docname, month, stem, str(metadata["wbs"]))


def setup_collectors(app: Sphinx) -> None:
    app.connect("doctree-read", collect)
