"""Cross-document data of the reports, kept in a Sphinx Domain.

Records are keyed by docname so that ``clear_doc`` and ``merge_domaindata``
keep incremental and parallel builds correct. The collectors
(:mod:`.collectors`) fill it while reading; the aggregate pages
(:mod:`.aggregates`) read it while writing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Set
from dataclasses import dataclass
from typing import Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain

TRACKER_DOC = "milestones/index"
MONTH_DOC = re.compile(r"^reports/(?P<month>\d{4}-\d{2})/(?P<stem>[^/]+)$")

#: Per-document record kinds; each maps docname -> record.
PER_DOC = ("months", "pages", "refs", "aggregates", "milestones")


def milestone_anchor(milestone_id: str) -> str:
    """The tracker's anchor of a milestone."""
    return "milestone-" + milestone_id.lower()


PART_KEYS = ("accomplishments", "plans", "staffing")


@dataclass(frozen=True)
class Reference:
    """One citation of a ticket, document, work or milestone on a page."""

    kind: str  # "ticket" | "document" | "citation" | "milestone"
    key: str
    docname: str
    anchor: str
    section: str


@dataclass(frozen=True)
class WbsPage:
    """One month's page of one WBS element."""

    docname: str
    month: str
    wbs: str
    slug: str
    title: str


class ReportDomain(Domain):
    """Months of the archive, their WBS pages, sections and references."""

    name = "dmreport"
    label = "DM monthly reports"
    initial_data: ClassVar[dict[str, Any]] = {
        "months": {},  # docname -> {"month", "title", "status"}
        "pages": {},  # docname -> WbsPage
        "refs": {},  # docname -> [Reference]
        "aggregates": {},  # docname -> aggregate kind, rewritten every build
        "milestones": {},  # docname -> [milestone record dicts]
        "nav": {},  # docname -> (previous, next): last build's neighbours
        "fingerprints": {},  # aggregate kind -> digest of its data, last build
    }

    # -- bookkeeping -------------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        for key in PER_DOC:
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in PER_DOC:
            for docname, value in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = value

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

    def resolve_xref(
        self,
        env: Any,
        fromdocname: str,
        builder: Any,
        typ: str,
        target: str,
        node: Any,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        """``{milestone}`ID``` links to the tracker; an unknown id stays text."""
        if typ != "milestone":
            return None
        from sphinx.util.nodes import make_refnode

        known = any(
            record["id"] == target
            for records in self.data["milestones"].values()
            for record in records
        )
        if known and TRACKER_DOC in env.all_docs:
            return make_refnode(
                builder,
                fromdocname,
                TRACKER_DOC,
                milestone_anchor(target),
                contnode,
                target,
            )
        return contnode

    def milestone_history(self) -> dict[str, list[dict[str, Any]]]:
        """For every milestone id, its records by report month, oldest first."""
        history: dict[str, list[dict[str, Any]]] = {}
        for docname, records in self.data["milestones"].items():
            match = MONTH_DOC.match(docname)
            if not match:
                continue
            for record in records:
                entry = {**record, "month": match["month"], "docname": docname}
                history.setdefault(record["id"], []).append(entry)
        for entries in history.values():
            entries.sort(key=lambda entry: entry["month"])
        return history

    # -- recording ---------------------------------------------------------

    def note_month(self, docname: str, month: str, title: str, status: str) -> None:
        self.data["months"][docname] = {
            "month": month,
            "title": title,
            "status": status,
        }

    def note_page(self, page: WbsPage) -> None:
        self.data["pages"][page.docname] = page

    def note_refs(self, docname: str, refs: list[Reference]) -> None:
        self.data["refs"][docname] = refs

    def note_milestones(self, docname: str, records: list[dict[str, Any]]) -> None:
        if records:
            self.data["milestones"][docname] = records
        else:
            self.data["milestones"].pop(docname, None)

    def note_aggregate(self, docname: str, kind: str) -> None:
        self.data["aggregates"][docname] = kind

    # -- queries -----------------------------------------------------------

    @property
    def aggregates(self) -> dict[str, str]:
        return self.data["aggregates"]

    def months(self) -> list[dict[str, str]]:
        """Every month, newest first, with its docname."""
        records = [{"docname": d, **r} for d, r in self.data["months"].items()]
        return sorted(records, key=lambda r: r["month"], reverse=True)

    def latest_month(self) -> str | None:
        months = self.months()
        return months[0]["month"] if months else None

    def month_title(self, month: str) -> str:
        for record in self.data["months"].values():
            if record["month"] == month:
                return record["title"] or month
        return month

    def pages_of(self, slug: str) -> list[WbsPage]:
        """One element's pages, newest month first."""
        pages = [p for p in self.data["pages"].values() if p.slug == slug]
        return sorted(pages, key=lambda p: p.month, reverse=True)

    def references(self, kind: str) -> Iterator[Reference]:
        for refs in self.data["refs"].values():
            for ref in refs:
                if ref.kind == kind:
                    yield ref

    def neighbours(self) -> dict[str, tuple[str | None, str | None]]:
        """For every WBS page, the same element's page a month before and after."""
        by_slug: dict[str, list[WbsPage]] = {}
        for page in self.data["pages"].values():
            by_slug.setdefault(page.slug, []).append(page)
        result: dict[str, tuple[str | None, str | None]] = {}
        for pages in by_slug.values():
            pages.sort(key=lambda p: p.month)
            for i, page in enumerate(pages):
                before = pages[i - 1].docname if i > 0 else None
                after = pages[i + 1].docname if i + 1 < len(pages) else None
                result[page.docname] = (before, after)
        return result
