"""``wbs-history``: one WBS element across all months, newest first, each
month's parts folded, and *Plan against actual*."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ...core.ids import previous_month
from ...core.registry import WBS_FILE
from ...core.sections import PART_TITLES, STANDARD_PARTS
from ..collectors import page_parts
from ..domain import ReportDomain
from ..records import WbsPage
from ..state import get_state, note_data
from .base import AggregateDirective, aggregate, link, logger, make_table, month_label, para

#: Months of a history shown in full; older months are linked, keeping the
#: page small however long the archive grows.
FULL_MONTHS = 12


class fold(nodes.General, nodes.Element):
    """Content folded behind its title in HTML, shown in full elsewhere."""


def visit_fold_html(self: Any, node: fold) -> None:
    title = self.encode(node["title"])
    self.body.append(f'<details class="dmreport-fold"><summary>{title}</summary>')


def depart_fold_html(self: Any, node: fold) -> None:
    self.body.append("</details>")


def visit_fold_other(self: Any, node: fold) -> None:
    pass


class WbsHistoryDirective(AggregateDirective):
    """``wbs-history``: the history of the page's WBS element (front matter ``wbs``)."""

    kind = "wbs-history"

    def run(self) -> list[nodes.Node]:
        code = str(self.env.metadata.get(self.env.docname, {}).get("wbs", ""))
        note_data(self.env, WBS_FILE)
        element = get_state(self.env.app).wbs.by_code.get(code)
        if element is None or not element.slug:
            return self.problem(
                "wbs-history needs front matter 'wbs:' naming an element with a page "
                f"in wbs/elements.yaml (got {code!r})",
                "wbs",
            )
        return self.placeholder(element.slug, slug=element.slug, code=code)


class Parts:
    """The parts of WBS pages, each page read from its doctree once; a part
    is handed out as read the first time and copied after that."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.cache: dict[str, dict[str, list[nodes.Node]]] = {}
        self.handed: set[tuple[str, str]] = set()

    def __call__(self, docname: str, part: str) -> list[nodes.Node]:
        if docname not in self.cache:
            self.cache[docname] = page_parts(self.app.env.get_doctree(docname))
        found = self.cache[docname].get(part, [])
        if (docname, part) not in self.handed:
            self.handed.add((docname, part))
            return list(found)
        return [child.deepcopy() for child in found]


def wbs_history(app: Sphinx, domain: ReportDomain, here: str, node: aggregate) -> list[nodes.Node]:
    pages = domain.pages_of(node["slug"])
    if not pages:
        return [para("No report includes this element yet.")]
    result: list[nodes.Node] = [
        para(
            f"{len(pages)} monthly report{'s include' if len(pages) != 1 else ' includes'} this "
            f"element, from {month_label(domain, pages[-1].month)} "
            f"to {month_label(domain, pages[0].month)}."
        )
    ]
    parts = Parts(app)
    result.append(plan_against_actual(app, domain, here, pages, parts))
    history = nodes.section(ids=["history"], names=["history"])
    history += nodes.title(text="History")
    for index, page in enumerate(pages):
        month = month_label(domain, page.month)
        history += nodes.rubric("", "", link(app, here, page.docname, month))
        if index >= FULL_MONTHS:
            continue
        for part in STANDARD_PARTS:
            body = parts(page.docname, part)
            if body:
                folded = fold(title=f"{PART_TITLES[part]}, {month}")
                folded.extend(body)
                history += folded
    result.append(history)
    return result


def plan_against_actual(
    app: Sphinx, domain: ReportDomain, here: str, pages: list[WbsPage], parts: Parts
) -> nodes.section:
    """Each month's Planned activities beside the next month's accomplishments."""
    section = nodes.section(ids=["plan-against-actual"], names=["plan against actual"])
    section += nodes.title(text="Plan against actual")
    section += para(
        "Each month's Planned activities beside the next month's Current accomplishments."
    )
    rows = []
    by_month = {page.month: page for page in pages}
    for index, later in enumerate(pages):
        earlier = by_month.get(previous_month(later.month))
        if earlier is None:
            continue
        full = index < FULL_MONTHS
        planned = parts(earlier.docname, "plans") if full else []
        done = parts(later.docname, "accomplishments") if full else []
        rows.append(
            [
                [
                    para(link(app, here, earlier.docname, month_label(domain, earlier.month))),
                    *planned,
                ],
                [para(link(app, here, later.docname, month_label(domain, later.month))), *done],
            ]
        )
    if rows:
        section += make_table(["Planned", "Accomplished the month after"], rows, [50, 50])
    else:
        section += para("Needs two consecutive months.")
    return section


def check_history_pages(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: every element with a page has a history page."""
    for element in get_state(app).wbs.pages:
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
