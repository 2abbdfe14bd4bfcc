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

from ..domain import ReportDomain, get_domain
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


def fingerprints(domain: ReportDomain) -> dict[str, str]:
    """A digest of the data each kind of aggregate is made from."""

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
    }
    for kind, what in (("ticket", "tickets"), ("document", "documents"),
                       ("citation", "citations"), ("milestone", "milestones")):  # fmt: skip
        found[f"reference-index:{what}"] = digest(sorted(refs.get(kind, [])))
    return found


def stale_aggregates(
    domain: ReportDomain, changed: set[str], removed: set[str], latest_summary: str | None = None
) -> set[str]:
    """The aggregate pages whose inputs changed in this build.

    A WBS history depends on its element's pages; the other aggregates on a
    digest of the data they show (an edit that changes no reference leaves
    the reference indexes alone). A no-op build rewrites nothing.
    """
    reports = {d for d in changed if d.startswith("reports/")}
    if not reports:
        return {d for d in domain.aggregates if d in changed}
    slugs = {page.slug for d, page in domain.pages.items() if d in reports}
    current = fingerprints(domain)
    previous: dict[str, str] = domain.data.setdefault("fingerprints", {})
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
    current = domain.neighbours()
    previous = domain.data["nav"]
    moved = {d for d, n in current.items() if previous.get(d) != n and d in env.all_docs}
    domain.data["nav"] = current
    latest = domain.latest_month()
    stale = stale_aggregates(
        domain, state.changed, state.removed, f"reports/{latest}/summary" if latest else None
    )
    return sorted(stale | moved)
