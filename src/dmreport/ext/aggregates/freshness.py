"""Which pages an incremental build must rewrite although they were not read.

Aggregates are computed from the whole archive: ``env-updated`` names those
whose inputs changed (and WBS pages whose neighbouring months changed), so
Sphinx rewrites them after every change without re-reading anything else.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ...core.ids import month_of
from ..domain import ReportDomain, get_domain
from ..editions import latest_shown
from ..state import get_state


def note_changes(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: remember what this build adds, changes and removes."""
    state = get_state(app)
    state.changed = set(added) | set(changed) | set(removed)
    state.removed = set(removed)
    return []


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: every document read this build."""
    get_state(app).changed |= set(docnames)


def fingerprints(
    domain: ReportDomain,
    page_titles: dict[str, str],
    titles: dict[str, str],
    labels: dict[str, str],
) -> dict[str, str]:
    """A digest of the data each kind of aggregate is made from: the domain's
    records, the titles of the citing pages, and the document titles and
    citation labels the indexes show."""

    def digest(value: object) -> str:
        return hashlib.sha256(repr(value).encode()).hexdigest()

    months = sorted((m.month, m.title, m.status) for m in domain.months())
    pages = sorted((p.docname, p.month, p.slug, p.title) for p in domain.pages.values())
    refs: dict[str, list[tuple[str, str, str, str]]] = {}
    for records in domain.refs.values():
        for ref in records:
            refs.setdefault(ref.kind, []).append((ref.key, ref.docname, ref.anchor, ref.section))
    milestones = sorted((docname, repr(records)) for docname, records in domain.milestones.items())
    found = {
        "month-list": digest((months, pages)),
        "latest-summary": digest(months[-1:] if months else None),
        "milestone-tracker": digest((months, milestones)),
        "milestone-trend": digest(milestones),
        # The plan's own changes: see ..plan.plan_pages.
        "milestone-burndown": digest((months, milestones)),
    }
    citing = sorted(
        (docname, page_titles.get(docname, ""), p.title if (p := domain.pages.get(docname)) else "")
        for docname in domain.refs
    )
    for kind, what in (("ticket", "tickets"), ("document", "documents"),
                       ("citation", "citations"), ("milestone", "milestones")):  # fmt: skip
        found[f"reference-index:{what}"] = digest((sorted(refs.get(kind, [])), citing))
    found["reference-index:documents"] += digest(sorted(titles.items()))
    found["reference-index:citations"] += digest(sorted(labels.items()))
    found["milestone-plan"] = digest((months, milestones, sorted(refs.get("milestone", []))))
    return found


def stale_aggregates(
    domain: ReportDomain,
    current: dict[str, str],
    changed: set[str],
    removed: set[str],
    latest_summary: str | None = None,
) -> set[str]:
    """The aggregate pages whose inputs changed in this build.

    A WBS history depends on its element's pages; the other aggregates on a
    digest of the data they show (an edit that changes no reference leaves
    the reference indexes alone). A no-op build rewrites nothing.
    """
    previous: dict[str, str] = domain.data.setdefault("fingerprints", {})
    reports = {d for d in changed if d.startswith("reports/")}
    if not reports and previous == current:
        return {d for d in domain.aggregates if d in changed}
    slugs = {page.slug for d, page in domain.pages.items() if d in reports}
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
    domain = get_domain(app)
    state = get_state(app)
    # A WBS page's navigation shows its neighbours and their months' titles.
    navigation = {
        docname: tuple((n, domain.month_title(domain.pages[n].month)) if n else None for n in pair)
        for docname, pair in domain.neighbours().items()
    }
    previous = domain.data["nav"]
    moved = {d for d, n in navigation.items() if previous.get(d) != n and d in env.all_docs}
    domain.data["nav"] = navigation
    shown = latest_shown(app)  # the month the home page shows
    latest = shown.month if shown else None
    titles = {
        docname: env.titles[docname].astext() for docname in domain.refs if docname in env.titles
    }
    current = fingerprints(domain, titles, state.document_titles, state.citation_labels)
    summary = f"reports/{latest}/summary" if latest else None
    stale = stale_aggregates(domain, current, state.changed, state.removed, summary)
    # The home page also names the month, its date and its sections' titles.
    if latest and any(d.startswith(f"reports/{latest}/") for d in state.changed):
        stale |= {d for d, kind in domain.aggregates.items() if kind == "latest-summary"}
    # A month page's sidebar lists its month's pages by title.
    months = {where.month for d in state.changed if (where := month_of(d))}
    siblings = {d for d in env.all_docs if (where := month_of(d)) and where.month in months}
    return sorted(stale | moved | siblings)
