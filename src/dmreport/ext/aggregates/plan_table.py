"""The reports joined with the plan of record (:mod:`dmreport.core.plan`).

For a milestone the reports name: its baseline (the newest baseline export
at or before its latest report month), the date last reported (completion,
forecast or due), the slip in days between them, and two flags: a
milestone no export knows, and a completion the latest forecast export at
or before that report month does not record.

For the plan's milestones (``milestone-plan``): name, WBS element, baseline,
the forecast export's finish and actual finish, what the reports last said,
predecessors and successors as links to their rows, and a flag for a DM
milestone whose baseline has passed by the newest report month that no
report has mentioned since (unless the forecast export records it done).

Rows carry their WBS element and status as classes, which
``_static/dmreport-tables.js`` turns into filters; every table sorts by its
columns there. Without JavaScript the tables are whole, in id order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ...core.ids import Month, element_of, in_dm, month_of
from ...core.plan import Plan
from ...core.pmcs import PlanRow
from ..domain import TRACKER_DOC, ReportDomain, get_domain, milestone_anchor, reported_of
from ..plan import PlanNote, get_plan, plan_anchor, plan_note
from ..records import MilestoneEntry
from .base import AggregateDirective, aggregate, link, make_table, natural, para

#: Aggregate kinds whose pages show plan data.
PLAN_KINDS = ("milestone-tracker", "milestone-plan", "milestone-burndown")
#: Extra columns of the tracker table.
PLAN_HEADERS = ("Baseline (export)", "Latest date reported", "Slip (days)")
PLAN_WIDTHS = (9, 8, 5)
SORTABLE = "dmreport-sortable"


class MilestonePlanDirective(AggregateDirective):
    """``milestone-plan``: the plan's milestones against the reports."""

    kind = "milestone-plan"

    def run(self) -> list[nodes.Node]:
        return self.placeholder()


def filter_element(wbs: str | None) -> str:
    """The element a filter offers: the element of DM a code falls in
    (``1.02C.08.03.01`` -> ``1.02C.08``); ``other`` for another subsystem,
    ``none`` for no code."""
    if not wbs:
        return "none"
    return element_of(wbs) if in_dm(wbs) else "other"


def filter_classes(wbs: str | None, status: str) -> list[str]:
    """Row classes the filters read (dots and spaces are not class text)."""
    return [
        "dmreport-wbs-" + filter_element(wbs).replace(".", "_"),
        "dmreport-status-" + status.replace(" ", "_"),
    ]


@dataclass(frozen=True)
class PlanFacts:
    """The plan's side of a milestone the reports name."""

    note: PlanNote | None
    reported: str | None
    flags: list[str]


def plan_facts(plan: Plan, entries: list[MilestoneEntry]) -> PlanFacts:
    """Baseline, slip and the plan's flags of one reported milestone."""
    latest = entries[-1]
    reported = reported_of(latest)
    if not plan.exports:
        return PlanFacts(None, reported, [])
    milestone_id = latest.id
    if not plan.knows(milestone_id):
        return PlanFacts(None, reported, ["not in the plan: no PMCS export holds it"])
    flags = []
    completed_in = next((e.month for e in entries if e.status == "completed"), None)
    forecast = plan.forecast_for(completed_in) if completed_in else None
    if completed_in and forecast is not None:
        row = forecast.row(milestone_id)
        if row is None or row.actual is None:
            flags.append(
                f"reported completed in {completed_in}; the forecast export "
                f"{forecast.label} records no actual finish"
            )
    return PlanFacts(plan_note(plan, milestone_id, latest.month, reported), reported, flags)


def plan_cells(facts: PlanFacts) -> list[list[nodes.Node]]:
    """The tracker row's cells under :data:`PLAN_HEADERS`."""
    note = facts.note
    baseline = f"{note.baseline.isoformat()} ({note.export})" if note else "—"
    slip = "—" if note is None or note.slip is None else str(note.slip)
    return [[para(baseline)], [para(facts.reported or "—")], [para(slip)]]


def mentions(domain: ReportDomain) -> dict[str, set[str]]:
    """For every milestone id, the report months that name it (a record or a role)."""
    found: dict[str, set[str]] = {}
    for milestone_id, entries in domain.milestone_history().items():
        found.setdefault(milestone_id, set()).update(e.month for e in entries)
    for ref in domain.references("milestone"):
        where = month_of(ref.docname)
        if where is not None:
            found.setdefault(ref.key, set()).add(where.month)
    return found


def unmentioned(plan: Plan, newest: str, said: dict[str, set[str]]) -> dict[str, str]:
    """Flag (by id) of each DM milestone of the baseline of record whose
    baseline finish has passed by the end of the newest report month and
    that no report names since that finish's month; those the latest
    forecast export records done are left out."""
    baseline = plan.baseline_for(newest)
    if baseline is None:
        return {}
    forecast = plan.forecast_for(newest)
    end = Month.parse(newest).last_day
    flags = {}
    for row in baseline.rows:
        if not row.in_dm or row.finish is None or row.finish > end:
            continue
        done = forecast.row(row.id) if forecast else None
        if done is not None and done.actual is not None:
            continue
        since = row.finish.isoformat()[:7]
        if not any(month >= since for month in said.get(row.id, ())):
            flags[row.id] = f"baseline {row.finish.isoformat()} passed; no report mentions it since"
    return flags


def plan_pages(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """``env-updated``: when the exports changed, every page that shows plan
    data: the tracker and charts, pages with milestone records or roles
    (see :mod:`..plan`)."""
    domain = get_domain(app)
    digest = get_plan(app).digest
    if domain.data.get("plan") == digest:
        return []
    domain.data["plan"] = digest
    shown = {d for d, kind in domain.aggregates.items() if kind.split(":")[0] in PLAN_KINDS}
    shown |= set(domain.milestones)
    shown |= {d for d, refs in domain.refs.items() if any(r.kind == "milestone" for r in refs)}
    return sorted(d for d in shown if d in env.all_docs)


def _ids(app: Sphinx, here: str, ids: tuple[str, ...], rows: set[str]) -> nodes.paragraph:
    paragraph = para()
    for i, milestone_id in enumerate(ids):
        if i:
            paragraph += nodes.Text(", ")
        if milestone_id in rows:
            paragraph += link(app, here, here, milestone_id, plan_anchor(milestone_id))
        else:
            paragraph += nodes.Text(milestone_id)
    return paragraph if ids else para("—")


def plan_table(app: Sphinx, domain: ReportDomain, here: str, node: aggregate) -> list[nodes.Node]:
    plan = get_plan(app)
    newest = domain.latest_month() or max((m for m, _ in plan.exports), default="")
    baseline = plan.baseline_for(newest)
    forecast = plan.forecast_for(newest)
    if baseline is None and forecast is None:
        return [para("No plan data: add PMCS exports with dmreport plan import.")]
    rows: dict[str, tuple[PlanRow | None, PlanRow | None]] = {}
    for export in (baseline, forecast):
        for row in export.rows if export else ():
            rows[row.id] = (baseline.row(row.id) if baseline else None,
                            forecast.row(row.id) if forecast else None)  # fmt: skip
    history = domain.milestone_history()
    flags = unmentioned(plan, newest, mentions(domain))
    table_rows, anchors, classes = [], [], []
    for milestone_id in sorted(rows, key=natural):
        base, ahead = rows[milestone_id]
        shown = base or ahead
        if shown is None:
            continue
        entries = history.get(milestone_id)
        if entries:
            latest = entries[-1]
            said = para(link(app, here, TRACKER_DOC, f"{latest.status} in {latest.month}",
                             milestone_anchor(milestone_id)))  # fmt: skip
            note = plan_note(plan, milestone_id, latest.month, reported_of(latest))
            slip = "—" if note is None or note.slip is None else str(note.slip)
        else:
            said, slip = para("not reported"), "—"
        finish = "—"
        if ahead is not None:
            forecast_finish = ahead.forecast or ahead.finish
            finish = forecast_finish.isoformat() if forecast_finish else "—"
            if ahead.actual:
                finish += f"; done {ahead.actual.isoformat()}"
        status = (ahead or shown).status
        table_rows.append([
            [para(nodes.literal(text=milestone_id))],
            [para(shown.name)],
            [para(shown.wbs)],
            [para(base.finish.isoformat() if base and base.finish else "—")],
            [para(finish)],
            [para(status or "—")],
            [said],
            [para(slip)],
            [_ids(app, here, shown.predecessors, set(rows))],
            [_ids(app, here, shown.successors, set(rows))],
            [para(flags.get(milestone_id, "—"))],
        ])  # fmt: skip
        anchors.append(plan_anchor(milestone_id))
        classes.append(filter_classes(shown.wbs, status.lower() or "none"))
    table = make_table(
        ["Milestone", "Name (plan)", "WBS", f"Baseline ({baseline.label if baseline else '—'})",
         f"Forecast finish ({forecast.label if forecast else '—'})", "Plan status",
         "Reports", "Slip (days)", "Predecessors", "Successors", "Flags"],
        table_rows,
        [9, 16, 8, 8, 10, 7, 9, 5, 10, 10, 8],
    )  # fmt: skip
    table["classes"].append(SORTABLE)
    body_rows = list(table.findall(nodes.row))[1:]
    for row_node, anchor, row_classes in zip(body_rows, anchors, classes, strict=True):
        row_node["ids"] = [anchor]
        row_node["classes"].extend(row_classes)
    summary = para(
        f"{len(rows)} milestones in the plan ({baseline.label if baseline else 'no baseline'}"
        f"{', ' + forecast.label if forecast else ''}); {len(flags)} DM milestones whose "
        f"baseline has passed by {newest} without a report mentioning them since."
    )
    return [summary, table]
