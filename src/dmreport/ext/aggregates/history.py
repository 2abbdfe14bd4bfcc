"""``wbs-history``: one WBS element across all months, by year, newest
first: each month's opening words above its parts (folded), the newest
year in full, each older year of twelve months on a page of its own
(:func:`year_history`, written by :mod:`.history_years`), then *Plan
against actual*, one fold per pair of months."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError

from ...core.ids import Month
from ...core.registry import WBS_FILE
from ...core.sections import PART_TITLES, STANDARD_PARTS
from ..collectors import page_parts
from ..domain import ReportDomain, get_domain
from ..records import WbsPage
from ..state import get_state, note_data
from .base import AggregateDirective, aggregate, link, logger, month_label, para

#: Months of *Plan against actual* on an element's page; older ones are on
#: the year pages, keeping the page small however long the archive grows.
FULL_MONTHS = 12
#: Characters of a month's opening shown above its fold.
FIRST_LINES = 220


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


def first_lines(body: list[nodes.Node], limit: int = FIRST_LINES) -> str:
    """The opening words of a part, cut at a word before ``limit`` characters."""
    prose = [n for n in body if not isinstance(n, nodes.rubric | nodes.title)]
    text = " ".join(" ".join(n.astext().split()) for n in prose[:2]).strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def resolve_here(app: Sphinx, here: str, shown: list[nodes.Node]) -> None:
    """Resolve the cross-references of parts taken from month pages as if
    written on ``here``: citations show their author-year label and link to
    the month's References, as on the month page."""
    for node in shown:
        for xref in list(node.findall(addnodes.pending_xref)):
            try:  # MyST's own links ("doc") are no domain's: shown as text
                domain = app.env.get_domain(xref["refdomain"]) if xref.get("refdomain") else None
            except ExtensionError:
                domain = None
            first = xref.children[0] if xref.children else None
            content = (
                first
                if isinstance(first, nodes.Element)
                else nodes.inline("", xref.astext() or xref["reftarget"])
            )
            new = None
            if domain is not None:
                new = domain.resolve_xref(
                    app.env, here, app.builder, xref["reftype"], xref["reftarget"], xref,
                    content.deepcopy(),
                )  # fmt: skip
            xref.replace_self(new if new is not None else content)


def month_detail(
    app: Sphinx, domain: ReportDomain, here: str, page: WbsPage, parts: Parts
) -> list[nodes.Node]:
    """A month of the history: its link, its first lines, the rest folded."""
    month = month_label(domain, page.month)
    found = {part: parts(page.docname, part) for part in STANDARD_PARTS}
    resolve_here(app, here, [node for body in found.values() for node in body])
    opening = next((body for body in found.values() if body), [])
    heading = nodes.rubric("", "", link(app, here, page.docname, month))
    heading["ids"] = [f"month-{page.month}"]
    shown: list[nodes.Node] = [heading]
    if not opening:
        return [*shown, para("Nothing written this month.")]
    folded = fold(title=first_lines(opening) or month)
    for part, body in found.items():
        if body:
            folded += nodes.rubric(text=PART_TITLES[part])
            folded.extend(body)
    return [*shown, folded]


def pairs(
    app: Sphinx, domain: ReportDomain, here: str, pages: list[WbsPage], parts: Parts
) -> list[nodes.Node]:
    """*Plan against actual*: each month's Planned activities beside the next
    month's Current accomplishments, one fold per pair (side by side on a
    wide screen, one above the other on a narrow one)."""
    by_month = {page.month: page for page in domain.pages_of(pages[0].slug)} if pages else {}
    shown: list[nodes.Node] = []
    for later in pages:
        earlier = by_month.get(str(Month.parse(later.month).previous))
        if earlier is None:
            continue
        before, after = month_label(domain, earlier.month), month_label(domain, later.month)
        folded = fold(title=f"Planned in {before}, accomplished in {after}")
        pair = nodes.container(classes=["dmreport-pair"])
        for docname, label, part in (
            (earlier.docname, f"Planned, {before}", "plans"),
            (later.docname, f"Accomplished, {after}", "accomplishments"),
        ):
            column = nodes.container(classes=["dmreport-pair-side"])
            column += nodes.rubric("", "", link(app, here, docname, label))
            column.extend(parts(docname, part) or [para("Nothing written.")])
            pair += column
        folded += pair
        resolve_here(app, here, [folded])
        shown.append(folded)
    return shown


def years_of(pages: list[WbsPage]) -> dict[str, list[WbsPage]]:
    """An element's pages by year, newest first."""
    years: dict[str, list[WbsPage]] = {}
    for page in pages:
        years.setdefault(page.month[:4], []).append(page)
    return years


def year_page(slug: str, year: str) -> str:
    """The page of one element's year, once the year has its twelve months."""
    return f"wbs/{slug}-{year}"


def has_year_page(months: list[WbsPage]) -> bool:
    return len(months) >= 12


def wbs_history(app: Sphinx, domain: ReportDomain, here: str, node: aggregate) -> list[nodes.Node]:
    pages = domain.pages_of(node["slug"])
    if not pages:
        return [para("No report includes this element yet.")]
    years = years_of(pages)
    newest = next(iter(years))
    intro = para(
        f"{len(pages)} monthly report{'s include' if len(pages) != 1 else ' includes'} this "
        f"element, from {month_label(domain, pages[-1].month)} "
        f"to {month_label(domain, pages[0].month)}. Years: "
    )
    for index, year in enumerate(years):
        intro += nodes.Text(" · " if index else "")
        intro += nodes.reference("", year, refuri=f"#year-{year}")
    intro += nodes.Text(". Then ")
    intro += nodes.reference("", "Plan against actual", refuri="#plan-against-actual")
    intro += nodes.Text(".")
    parts = Parts(app)
    history = nodes.section(ids=["history"], names=["history"])
    history += nodes.title(text="History")
    for year, months in years.items():
        section = nodes.section(ids=[f"year-{year}"], names=[year])
        section += nodes.title(text=year)
        if has_year_page(months):
            section += para(link(app, here, year_page(node["slug"], year),
                                 f"{year} in full, month by month"), ".")  # fmt: skip
        if year == newest or not has_year_page(months):
            for page in months:
                section.extend(month_detail(app, domain, here, page, parts))
        else:
            line = para()
            for index, page in enumerate(reversed(months)):
                line += nodes.Text(" · " if index else "")
                line += link(app, here, page.docname, month_label(domain, page.month))
            section += line
        history += section
    against = nodes.section(ids=["plan-against-actual"], names=["plan against actual"])
    against += nodes.title(text="Plan against actual")
    shown = pairs(app, domain, here, pages[:FULL_MONTHS], parts)
    against.extend(shown or [para("Needs two consecutive months.")])
    if len(pages) > FULL_MONTHS and shown:
        against += para("Older months: on each year's page.")
    return [intro, history, against]


def year_history(app: Sphinx, slug: str, year: str) -> tuple[nodes.Element, nodes.Element]:
    """An element's year page: every month of the year, and its pairs."""
    domain = get_domain(app)
    here = year_page(slug, year)
    months = years_of(domain.pages_of(slug)).get(year, [])
    parts = Parts(app)
    body = nodes.container(classes=["dmreport-history-year"])
    for page in months:
        body.extend(month_detail(app, domain, here, page, parts))
    against = nodes.container(classes=["dmreport-history-pairs"])
    against.extend(pairs(app, domain, here, months, parts) or [para("Needs two months.")])
    return body, against


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
