"""Cross-document data of the reports, kept in a Sphinx Domain.

Records are keyed by docname so that ``clear_doc`` and ``merge_domaindata``
keep incremental and parallel builds correct. The collectors
(:mod:`.collectors`) fill it while reading; the aggregate pages
(:mod:`.aggregates`) read it while writing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Set
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode

from ..checks.project import PLAN_FILE, plan_milestones
from ..core.ids import month_of
from .plan import get_plan, plan_anchor, plan_note, plan_row
from .records import MilestoneEntry, Month, Reference, ReferenceKind, WbsPage

TRACKER_DOC = "milestones/index"
#: The page of the plan's milestones (the tracker's, in a site without it).
PLAN_DOC = "milestones/plan"


def listed_milestones(env: BuildEnvironment) -> set[str]:
    """The ids of ``data/milestones.yaml`` (milestones reports name with no
    record of their own)."""
    path = Path(env.srcdir, PLAN_FILE)
    stamp = path.stat().st_mtime_ns if path.is_file() else 0
    return set(_listed(str(path), stamp))


@lru_cache(maxsize=4)
def _listed(path: str, stamp: int) -> frozenset[str]:
    return frozenset(plan_milestones(Path(path).parent.parent)) if stamp else frozenset()


def milestone_page(milestone_id: str) -> str:
    """``milestones/dm-drp-8``: a milestone's own page (its slip ledger)."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in milestone_id.lower())
    return f"milestones/{safe}"


#: Per-document record kinds; each maps docname -> record.
PER_DOC = ("months", "pages", "refs", "aggregates", "milestones")


def reported_of(entry: MilestoneEntry) -> str | None:
    """The date a record gives for the milestone: done, forecast or due."""
    return entry.completed or entry.forecast or entry.due


def milestone_anchor(milestone_id: str) -> str:
    """The tracker's anchor of a milestone."""
    return "milestone-" + milestone_id.lower()


class ReportDomain(Domain):
    """Months of the archive, their WBS pages, sections and references."""

    name = "dmreport"
    label = "DM monthly reports"
    initial_data: dict[str, Any] = {  # noqa: RUF012 (Domain declares it an instance variable)
        "months": {},  # docname -> Month
        "pages": {},  # docname -> WbsPage
        "refs": {},  # docname -> [Reference]
        "aggregates": {},  # docname -> aggregate kind, rewritten every build
        "milestones": {},  # docname -> [MilestoneEntry]
        "nav": {},  # docname -> (previous, next): last build's neighbours
        "fingerprints": {},  # aggregate kind -> digest of its data, last build
        "cited": {},  # docname -> the months citing each key it cites, last build
    }

    # -- typed views of the data -------------------------------------------

    @property
    def month_records(self) -> dict[str, Month]:
        return cast("dict[str, Month]", self.data["months"])

    @property
    def pages(self) -> dict[str, WbsPage]:
        return cast("dict[str, WbsPage]", self.data["pages"])

    @property
    def refs(self) -> dict[str, list[Reference]]:
        return cast("dict[str, list[Reference]]", self.data["refs"])

    @property
    def milestones(self) -> dict[str, list[MilestoneEntry]]:
        return cast("dict[str, list[MilestoneEntry]]", self.data["milestones"])

    @property
    def aggregates(self) -> dict[str, str]:
        return cast("dict[str, str]", self.data["aggregates"])

    # -- bookkeeping -------------------------------------------------------

    def _derived(self, name: str, compute: Callable[[], Any]) -> Any:
        """A view computed from the records once until they change: pages
        and roles ask for it while being written, and each asking anew would
        make writing the archive grow with its square."""
        memo: dict[str, Any] = self.__dict__.setdefault("_memo", {})
        if name not in memo:
            memo[name] = compute()
        return memo[name]

    def _changed(self) -> None:
        self.__dict__.pop("_memo", None)

    def clear_doc(self, docname: str) -> None:
        self._changed()
        for key in PER_DOC:
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self._changed()
        for key in PER_DOC:
            for docname, value in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = value

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.Element]]:
        return []

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        """``{milestone}`ID``` links to the tracker (its row of the reports'
        milestones, else of the plan's); an unknown id stays text. The
        tooltip gives the baseline and the slip when the plan has them."""
        if typ != "milestone" or TRACKER_DOC not in env.all_docs:
            return None if typ != "milestone" else contnode
        records = self.milestone_history().get(target, [])
        where = month_of(fromdocname)
        month = where.month if where else (self.latest_month() or "")
        said = [r for r in records if r.month <= month] or records
        plan = get_plan(env.app)
        anchor = milestone_anchor(target) if records else None
        page = TRACKER_DOC
        if anchor is None and plan_row(plan, target, self.latest_month() or month):
            anchor = plan_anchor(target)
            page = PLAN_DOC if PLAN_DOC in env.all_docs else TRACKER_DOC
        if anchor is None and builder.format == "html" and target in listed_milestones(env):
            # Named by a report, listed in data/milestones.yaml: its own page.
            return make_refnode(builder, fromdocname, milestone_page(target), "", contnode, target)
        if anchor is None:
            return contnode
        title = target
        reported = said[-1] if said else None
        if reported is not None:
            title += f": {reported.title}"
        note = plan_note(plan, target, month, reported_of(reported) if reported else None)
        if note is not None:
            title += f" — {note.text()}"
        return make_refnode(builder, fromdocname, page, anchor, contnode, title)

    def milestone_history(self) -> dict[str, list[MilestoneEntry]]:
        """For every milestone id, its records by report month, oldest first."""
        found: dict[str, list[MilestoneEntry]] = self._derived("history", self._history)
        return found

    def _history(self) -> dict[str, list[MilestoneEntry]]:
        history: dict[str, list[MilestoneEntry]] = {}
        for docname, records in self.milestones.items():
            where = month_of(docname)
            if where is None:
                continue
            for record in records:
                entry = replace(record, month=where.month, docname=docname)
                history.setdefault(record.id, []).append(entry)
        for entries in history.values():
            entries.sort(key=lambda entry: entry.month)
        return history

    # -- recording ---------------------------------------------------------

    def note_month(self, month: Month) -> None:
        self._changed()
        self.month_records[month.docname] = month

    def note_page(self, page: WbsPage) -> None:
        self._changed()
        self.pages[page.docname] = page

    def note_refs(self, docname: str, refs: list[Reference]) -> None:
        self._changed()
        self.refs[docname] = refs

    def note_milestones(self, docname: str, records: list[MilestoneEntry]) -> None:
        self._changed()
        if records:
            self.milestones[docname] = records
        else:
            self.milestones.pop(docname, None)

    def note_aggregate(self, docname: str, kind: str) -> None:
        self.aggregates[docname] = kind

    # -- queries -----------------------------------------------------------

    def months(self) -> list[Month]:
        """Every month, newest first."""
        return sorted(self.month_records.values(), key=lambda r: r.month, reverse=True)

    def latest_month(self) -> str | None:
        months = self.months()
        return months[0].month if months else None

    def month_title(self, month: str) -> str:
        for record in self.month_records.values():
            if record.month == month:
                return record.title or month
        return month

    def pages_of(self, slug: str) -> list[WbsPage]:
        """One element's pages, newest month first."""
        pages = [p for p in self.pages.values() if p.slug == slug]
        return sorted(pages, key=lambda p: p.month, reverse=True)

    def references(self, kind: ReferenceKind) -> Iterator[Reference]:
        for refs in self.refs.values():
            for ref in refs:
                if ref.kind == kind:
                    yield ref

    def cited_months(self) -> dict[tuple[ReferenceKind, str], list[str]]:
        """For every kind and key, the report months citing it, oldest first."""
        found: dict[tuple[ReferenceKind, str], list[str]] = self._derived("cited", self._cited)
        return found

    def _cited(self) -> dict[tuple[ReferenceKind, str], list[str]]:
        months: dict[tuple[ReferenceKind, str], set[str]] = {}
        for docname, refs in self.refs.items():
            if where := month_of(docname):
                for ref in refs:
                    months.setdefault((ref.kind, ref.key), set()).add(where.month)
        return {key: sorted(found) for key, found in months.items()}

    def neighbours(self) -> dict[str, tuple[str | None, str | None]]:
        """For every WBS page, the same element's page a month before and after."""
        found: dict[str, tuple[str | None, str | None]] = self._derived(
            "neighbours", self._neighbours
        )
        return found

    def _neighbours(self) -> dict[str, tuple[str | None, str | None]]:
        by_slug: dict[str, list[WbsPage]] = {}
        for page in self.pages.values():
            by_slug.setdefault(page.slug, []).append(page)
        result: dict[str, tuple[str | None, str | None]] = {}
        for pages in by_slug.values():
            pages.sort(key=lambda p: p.month)
            for i, page in enumerate(pages):
                before = pages[i - 1].docname if i > 0 else None
                after = pages[i + 1].docname if i + 1 < len(pages) else None
                result[page.docname] = (before, after)
        return result


def get_domain(app: Sphinx) -> ReportDomain:
    """The build's report domain."""
    domain = app.env.get_domain("dmreport")
    if not isinstance(domain, ReportDomain):  # pragma: no cover - wired in setup()
        raise TypeError("the dmreport domain is not registered")
    return domain
