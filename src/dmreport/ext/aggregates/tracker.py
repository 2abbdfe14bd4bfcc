"""The milestone tracker across all months and the milestone trend chart.

Both are aggregates (see :mod:`.aggregates`): placeholders filled from the
domain's milestone records when the page is written. The chart is drawn with
matplotlib at build time, as SVG for HTML and PDF for LaTeX, reproducibly
(no dates or random ids in the files), with the same data as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from ...core.ids import month_of
from ..domain import ReportDomain, milestone_anchor
from ..plan import get_plan
from ..records import MilestoneEntry
from .base import (
    AggregateDirective,
    aggregate,
    chart_image,
    link,
    make_table,
    natural,
    para,
    see_on_tracker,
)
from .plan import PLAN_HEADERS, PLAN_WIDTHS, SORTABLE, filter_classes, plan_cells, plan_facts

#: Report months the trend chart covers (the newest ones).
TREND_MONTHS = 24
CHART_NAME = "dmreport-milestone-trend"


class MilestoneTrackerDirective(AggregateDirective):
    """``milestone-tracker``: every milestone's record across all months."""

    kind = "milestone-tracker"

    def run(self) -> list[nodes.Node]:
        return self.placeholder()


class MilestoneTrendDirective(AggregateDirective):
    """``milestone-trend``: due or forecast date by report month, per milestone.

    On a month's page (``:until: YYYY-MM``, the default there) the chart
    covers the reports up to that month and goes into the month's PDF; the
    month's HTML page links to the tracker's chart instead, so it need not
    be rewritten on every build.
    """

    kind = "milestone-trend"
    option_spec: ClassVar[dict[str, Any]] = {"until": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        where = month_of(self.env.docname)
        until = self.options.get("until") or (where.month if where else "")
        if until:
            node = aggregate(kind=self.kind, until=until)
            self.set_source_info(node)
            return [node]
        return self.placeholder()


def months_between(earlier: date, month: str) -> int:
    """Whole months from ``earlier`` to the report month ``YYYY-MM``."""
    year, number = (int(part) for part in month.split("-"))
    return (year - earlier.year) * 12 + (number - earlier.month)


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


def tracker(app: Sphinx, domain: ReportDomain, here: str, node: aggregate) -> list[nodes.Node]:
    history = domain.milestone_history()
    if not history:
        return [para("No milestone records yet.")]
    plan = get_plan(app)
    rows: list[list[list[nodes.Node]]] = []
    classes: list[list[str]] = []
    flagged = 0
    order = sorted(history, key=natural)
    for milestone_id in order:
        entries = history[milestone_id]
        facts = analyse(entries)
        latest = facts.latest
        planned = plan_facts(plan, entries)
        flags = facts.flags + planned.flags
        flagged += bool(flags)
        classes.append(filter_classes(latest.wbs, latest.status))
        first = para(nodes.literal(text=milestone_id))
        statuses = nodes.paragraph()
        for i, entry in enumerate(entries):
            if i:
                statuses += nodes.Text("; ")
            statuses += link(
                app,
                here,
                entry.docname,
                f"{entry.month} {entry.status}",
                entry.anchor,
            )
        due = "; ".join(f"{d or '—'} (from {m})" for m, d in facts.changes)
        rows.append(
            [
                [first],
                [para(latest.title)],
                [para(latest.wbs or "—")],
                [statuses],
                [para(due)],
                [para("—" if facts.months_late is None else str(facts.months_late))],
                [para(facts.completed_in or "—")],
                [para("; ".join(flags) or "—")],
                *plan_cells(planned),
            ]
        )
    table = make_table(
        [
            "Milestone",
            "Title",
            "WBS",
            "Status by report month",
            "Due date (from report month)",
            "Months since due",
            "Completed in",
            "Flags",
            *PLAN_HEADERS,
        ],
        rows,
        [12, 18, 8, 20, 16, 7, 8, 11, *PLAN_WIDTHS],
    )
    table["classes"].append(SORTABLE)
    body_rows = list(table.findall(nodes.row))[1:]  # the header row has no anchor
    for row, anchored, row_classes in zip(body_rows, order, classes, strict=True):
        row["ids"] = [milestone_anchor(anchored)]
        row["classes"].extend(row_classes)
    summary = para(
        f"{len(history)} milestones in {len(domain.months())} reports; "
        f"{flagged} flagged for review."
    )
    return [summary, table]


def trend_points(
    history: dict[str, list[MilestoneEntry]], until: str = ""
) -> dict[str, list[tuple[str, str, str]]]:
    """(report month, due or forecast date, status) per milestone, newest months."""
    reported = {e.month for entries in history.values() for e in entries}
    months = sorted(m for m in reported if not until or m <= until)[-TREND_MONTHS:]
    points: dict[str, list[tuple[str, str, str]]] = {}
    for milestone_id, entries in sorted(history.items()):
        for entry in entries:
            target = entry.forecast or entry.due or entry.completed
            if entry.month in months and target:
                points.setdefault(milestone_id, []).append((entry.month, target, entry.status))
    return points


def draw_trend(points: dict[str, list[tuple[str, str, str]]], path: Path) -> None:
    """Draw the chart to ``path`` (SVG or PDF by suffix), reproducibly."""
    import matplotlib

    matplotlib.use("Agg")
    import numpy as np
    from matplotlib import pyplot as plt

    def days(values: list[str]) -> np.ndarray:
        return np.array([v + "-01" if len(v) == 7 else v for v in values], dtype="datetime64[D]")

    with plt.rc_context({"svg.hashsalt": "dmreport", "svg.fonttype": "none"}):
        figure, axes = plt.subplots(figsize=(9, 5.5))
        palette = plt.get_cmap("tab20")
        axes.set_prop_cycle(color=[palette(i) for i in range(palette.N)])
        for milestone_id, series in points.items():
            xs = days([m for m, _, _ in series])
            ys = days([t for _, t, _ in series])
            (line,) = axes.plot(xs, ys, marker="o", markersize=3, linewidth=1.2, label=milestone_id)
            done = [i for i, (_, _, status) in enumerate(series) if status == "completed"]
            if done:
                axes.scatter(
                    xs[done],
                    ys[done],
                    marker="*",
                    s=90,
                    color=line.get_color(),
                    edgecolors="black",
                    zorder=3,
                )
        axes.set_xlabel("Report month")
        axes.set_ylabel("Due or forecast date")
        axes.set_title("Milestone trend analysis (★ completed)")
        axes.grid(True, linewidth=0.3)
        axes.legend(fontsize=7, ncol=2, loc="upper left", bbox_to_anchor=(1.01, 1))
        figure.autofmt_xdate()
        figure.tight_layout()
        metadata = {".svg": {"Date": None}, ".pdf": {"CreationDate": None}}
        figure.savefig(path, metadata=metadata.get(path.suffix))
        plt.close(figure)


def trend(app: Sphinx, domain: ReportDomain, here: str, node: aggregate) -> list[nodes.Node]:
    until = node.get("until", "")
    if until and app.builder.format == "html":
        return [see_on_tracker(app, here, "milestone trend analysis", "milestone-trend-analysis")]
    points = trend_points(domain.milestone_history(), until)
    if not points:
        return [para("No milestone records yet.")]
    image = chart_image(
        app,
        here,
        CHART_NAME,
        points,
        lambda target: draw_trend(points, target),
        "Milestone trend chart: due or forecast date of each milestone by report "
        "month; the table below holds the same data.",
    )
    rows = [
        [
            [para(nodes.literal(text=mid))],
            [para(month)],
            [para(target_date)],
            [para(status)],
        ]
        for mid, series in points.items()
        for month, target_date, status in series
    ]
    table = make_table(
        ["Milestone", "Report month", "Due or forecast", "Status"],
        rows,
        [25, 25, 25, 25],
    )
    return [nodes.figure("", image), para("The chart's data:"), table]
