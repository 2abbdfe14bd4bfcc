"""The milestone tracker across all months: a summary of what changed,
one row per milestone sorted by slip, filters.

An aggregate (see :mod:`.aggregates`): a placeholder filled from the
domain's milestone records and the plan when the page is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ...core.ids import Month
from ..domain import ReportDomain, milestone_anchor, milestone_page
from ..plan import get_plan
from ..records import MilestoneEntry
from .base import (
    AggregateDirective,
    aggregate,
    make_table,
    natural,
    para,
)
from .history import fold
from .plan_table import (
    SORTABLE,
    PlanFacts,
    filter_classes,
    mentions,
    plan_cells,
    plan_facts,
    unmentioned,
)


class MilestoneTrackerDirective(AggregateDirective):
    """``milestone-tracker``: every milestone's record across all months."""

    kind = "milestone-tracker"

    def run(self) -> list[nodes.Node]:
        return self.placeholder()


def months_between(earlier: date, month: str) -> int:
    """Whole months from ``earlier`` to the report month ``YYYY-MM``."""
    return Month.parse(month).index - Month.of(earlier).index


@dataclass(frozen=True)
class Facts:
    """What the tracker says of one milestone across the reports."""

    latest: MilestoneEntry
    changes: list[tuple[str, str | None]]  # (report month, due date) at each change
    completed_in: str | None
    months_late: int | None
    flags: list[str]


def analyse(entries: list[MilestoneEntry]) -> Facts:
    """Status by month, due-date changes, lateness and flags of one milestone."""
    flags: list[str] = []
    changes: list[tuple[str, str | None]] = []
    completed_in = None
    previous: MilestoneEntry | None = None
    for entry in entries:
        if previous is None or entry.due != previous.due:
            changes.append((entry.month, entry.due))
            if previous is not None and entry.explanation == previous.explanation:
                flags.append(
                    f"due date changed without comment in {entry.month} "
                    f"({previous.due} → {entry.due})"
                )
        if entry.status == "completed" and completed_in is None:
            completed_in = entry.month
        if completed_in and entry.status == "delayed":
            month = entry.month
            flags.append(f"reported delayed in {month} after completion in {completed_in}")
        previous = entry
    latest = entries[-1]
    late = None
    if latest.status != "completed" and latest.due:
        late = max(0, months_between(date.fromisoformat(latest.due), latest.month))
    return Facts(latest, changes, completed_in, late, flags)


#: Tracker columns: header and width (per cent); the slip comes early, so
#: that it is on screen on a laptop without scrolling.
TRACKER_COLUMNS = (
    ("Milestone", 11), ("Slip (days)", 6), ("Status now", 8), ("Title", 17), ("WBS", 7),
    ("Level", 4), ("Baseline (export)", 10), ("Latest date reported", 8),
    ("By report month", 16), ("History and flags", 13),
)  # fmt: skip


class strip_cell(nodes.Inline, nodes.TextElement):
    """One report month of a milestone's status strip: in HTML a small
    coloured link named by its title (the month and status, read by screen
    readers and shown as a tooltip), as lean as a cell can be: a strip has
    a cell per month; its text elsewhere."""


def visit_strip_cell_html(self: Any, node: strip_cell) -> None:
    title = self.attval(node["title"])
    href = self.attval(node["refuri"])
    self.body.append(
        f'<a class="dmreport-cell-{node["status"]}" href="{href}" title="{title}"></a>'
    )
    raise nodes.SkipNode


def depart_strip_cell_html(self: Any, node: strip_cell) -> None:
    pass


def visit_strip_cell_other(self: Any, node: strip_cell) -> None:
    pass


def _strip(app: Sphinx, here: str, entries: list[MilestoneEntry]) -> nodes.paragraph:
    """One small cell per report month, coloured by status, its month and
    status as text for screen readers and as a tooltip; each links the record."""
    strip = nodes.paragraph(classes=["dmreport-strip"])
    for i, entry in enumerate(entries):
        strip += strip_cell(
            "",
            f"{entry.month} {entry.status}" + ("" if i == len(entries) - 1 else "; "),
            refuri=app.builder.get_relative_uri(here, entry.docname),  # the month's page
            title=f"{entry.month}: {entry.status}",
            status=entry.status.replace(" ", "_"),
        )
    return strip


def _history(facts: Facts, flags: list[str]) -> list[nodes.Node]:
    """Due-date changes and flags, folded behind a one-line summary."""
    changes = len(facts.changes) - 1
    title = f"{changes} due-date change{'s' if changes != 1 else ''}"
    if flags:
        title += f", {len(flags)} flag{'s' if len(flags) != 1 else ''}"
    folded = fold(title=title)
    folded += para("Due: " + "; ".join(f"{d or '—'} (from {m})" for m, d in facts.changes))
    if facts.completed_in:
        folded += para(f"Completed in {facts.completed_in}.")
    for flag in flags:
        folded += para(f"Flag: {flag}")
    return [folded]


#: Milestones a summary line names before "and N more".
SUMMARY_NAMES = 8


def _summary(
    app: Sphinx,
    here: str,
    rows: list[tuple[str, Facts, PlanFacts]],
    overdue: list[tuple[str, str]],
    newest: str,
) -> list[nodes.Node]:
    """The first screen: what slipped most this month, what is due in the next
    three months, what was completed this month, what is overdue and not
    mentioned since it fell due (``overdue``: id, baseline finish)."""

    def slip(planned: PlanFacts) -> int:
        return planned.note.slip if planned.note and planned.note.slip is not None else -(10**6)

    def row_link(milestone_id: str) -> str:
        return "#" + milestone_anchor(milestone_id)

    def page_link(milestone_id: str) -> str:
        return app.builder.get_relative_uri(here, milestone_page(milestone_id))

    this_month = [r for r in rows if r[1].latest.month == newest]
    slipped = sorted((r for r in this_month if slip(r[2]) > 0), key=lambda r: -slip(r[2]))[:5]
    soon_end = str(Month.parse(newest).shift(3))
    due_soon = [
        r for r in rows
        if r[1].latest.status != "completed" and r[1].latest.due
        and newest < r[1].latest.due[:7] <= soon_end
    ]  # fmt: skip
    done = [r for r in this_month if r[1].latest.status == "completed"]
    html = app.builder.format == "html"
    items = nodes.bullet_list(classes=["dmreport-tracker-summary"])
    groups: list[tuple[str, list[tuple[str, str, str]]]] = [
        (
            f"Slipped most, {newest}",
            [(r[0], f" ({slip(r[2])} days)", row_link(r[0])) for r in slipped],
        ),
        (
            f"Due in the next three months (to {soon_end})",
            [(r[0], f" ({r[1].latest.due})", row_link(r[0])) for r in due_soon],
        ),
        (f"Completed in {newest}", [(r[0], "", row_link(r[0])) for r in done]),
        (
            f"Overdue and not mentioned in {newest}",
            [(i, f" (due {due})", page_link(i) if html else "") for i, due in overdue],
        ),
    ]
    for label, chosen in groups:
        item = nodes.list_item()
        line = para(f"{label}: ")
        for i, (milestone_id, note, uri) in enumerate(chosen[:SUMMARY_NAMES]):
            if i:
                line += nodes.Text(", ")
            if uri:
                line += nodes.reference("", milestone_id, refuri=uri)
            else:
                line += nodes.literal(text=milestone_id)
            line += nodes.Text(note)
        if len(chosen) > SUMMARY_NAMES:
            line += nodes.Text(f" and {len(chosen) - SUMMARY_NAMES} more")
        if not chosen:
            line += nodes.Text("none")
        item += line
        items += item
    return [items]


def _own_page(app: Sphinx, here: str, milestone_id: str) -> nodes.Node:
    """The milestone's id, linking its own page (its slip ledger) in HTML."""
    code = nodes.literal(text=milestone_id)
    if app.builder.format != "html":
        return code
    uri = app.builder.get_relative_uri(here, milestone_page(milestone_id))
    return nodes.reference("", "", code, refuri=uri, internal=True)


def _due(latest: MilestoneEntry) -> str:
    """``done``, ``overdue`` (its due date passed by its latest report) or ``ahead``."""
    if latest.status == "completed":
        return "done"
    if latest.due and latest.due[:7] < latest.month:
        return "overdue"
    return "ahead"


def tracker(app: Sphinx, domain: ReportDomain, here: str, node: aggregate) -> list[nodes.Node]:
    history = domain.milestone_history()
    if not history:
        return [para("No milestone records yet.")]
    plan = get_plan(app)
    analysed: list[tuple[str, Facts, PlanFacts]] = []
    for milestone_id in history:
        entries = history[milestone_id]
        analysed.append((milestone_id, analyse(entries), plan_facts(plan, entries)))

    def by_slip(row: tuple[str, Facts, PlanFacts]) -> tuple[int, list[Any]]:
        note = row[2].note
        slip = note.slip if note and note.slip is not None else -(10**6)
        return (-slip, natural(row[0]))

    analysed.sort(key=by_slip)  # the worst slip first
    rows: list[list[list[nodes.Node]]] = []
    classes: list[list[str]] = []
    flagged = 0
    for milestone_id, facts, planned in analysed:
        latest = facts.latest
        flags = facts.flags + planned.flags
        flagged += bool(flags)
        baseline, reported, slip = plan_cells(planned)
        row = plan.newest_row(milestone_id) if plan.exports else None
        classes.append([
            *filter_classes(latest.wbs, latest.status),
            f"dmreport-level-{row.level if row and row.level else 'none'}",
            f"dmreport-due-{_due(latest)}",
        ])  # fmt: skip
        rows.append(
            [
                [para(_own_page(app, here, milestone_id))],
                slip,
                [para(latest.status)],
                [para(latest.title)],
                [para(latest.wbs or "—")],
                [para(row.level if row and row.level else "—")],
                baseline,
                reported,
                [_strip(app, here, history[milestone_id])],
                _history(facts, flags),
            ]
        )
    table = make_table(
        [title for title, _ in TRACKER_COLUMNS], rows, [width for _, width in TRACKER_COLUMNS]
    )
    table["classes"] += [SORTABLE, "dmreport-tracker"]
    body_rows = list(table.findall(nodes.row))[1:]  # the header row has no anchor
    for body_row, (anchored, _, _), row_classes in zip(body_rows, analysed, classes, strict=True):
        body_row["ids"] = [milestone_anchor(anchored)]
        body_row["classes"].extend(row_classes)
    newest = max(e.month for entries in history.values() for e in entries)
    summary = para(
        f"{len(history)} milestones in {len(domain.months())} reports, the worst slip "
        f"first; {flagged} flagged for review."
    )
    overdue = []
    record = plan.baseline_for(newest)
    for milestone_id in unmentioned(plan, newest, mentions(domain)):
        finish = record.row(milestone_id) if record else None
        overdue.append((milestone_id, str(finish.finish) if finish else ""))
    overdue.sort(key=lambda pair: (pair[1], natural(pair[0])))
    return [*_summary(app, here, analysed, overdue, newest), summary, table]
