"""The milestone burndown: how many milestones remain at the end of each
month, per the baseline of record, per each forecast export and as achieved
per the reports.

- *Baseline* (the newest baseline export at or before the newest report
  month, :meth:`~dmreport.core.plan.Plan.baseline_for`): its DM milestones
  whose planned finish is after the month's end.
- *Forecast* (each forecast export taken by then): its DM milestones not
  finished by the month's end, counting the actual finish where the export
  records one and its baseline finish otherwise.
- *Achieved* (each report month): the milestones known (the baseline's and
  those the reports name) less those reported completed by that month.

One chart for DM and one per WBS element; on a month's page (``:until:``)
the chart stops at that month and goes into the month's PDF, and its HTML
page links to the tracker's. Drawn with matplotlib like the trend chart:
reproducible files named by their content, the data as a table below.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from ...core.ids import DM_WBS, Month, in_dm, month_of
from ...core.plan import Plan
from ..domain import ReportDomain
from ..plan import get_plan
from ..records import MilestoneEntry
from ..state import get_state
from .base import (
    CHART_RC,
    AggregateDirective,
    aggregate,
    chart_image,
    make_table,
    para,
    see_on_tracker,
)
from .history import fold
from .plan_table import filter_element

CHART_NAME = "dmreport-milestone-burndown"
ACHIEVED = "Achieved"


class MilestoneBurndownDirective(AggregateDirective):
    """``milestone-burndown``: DM's burndown, or one element's (``:wbs:``);
    ``:elements:`` adds one chart per WBS element; ``:until: YYYY-MM`` (the
    default on a month's page) stops at that report month."""

    kind = "milestone-burndown"
    option_spec: ClassVar[dict[str, Any]] = {
        "wbs": directives.unchanged,
        "until": directives.unchanged,
        "elements": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        where = month_of(self.env.docname)
        until = self.options.get("until") or (where.month if where else "")
        wbs = self.options.get("wbs", "")
        elements = "yes" if "elements" in self.options else ""
        if until:
            node = aggregate(kind=self.kind, until=until, wbs=wbs, elements="")
            self.set_source_info(node)
            return [node]
        return self.placeholder(wbs=wbs, elements=elements, until="")


@dataclass(frozen=True)
class Burndown:
    """Milestones remaining at the end of each month, per series."""

    element: str  # a WBS element, or DM_WBS for the whole of DM
    months: list[str]
    series: dict[str, list[int | None]]  # label -> value per month (None: no data)
    #: The month of the newest export whose actual finishes the achieved
    #: line counts; after it only the reports speak ("" : reports only).
    measured_until: str = ""

    def table_months(self) -> list[int]:
        """Indexes of the months the table lists: the first, the last, and
        every month where a value changes or the reports have a point."""
        keep = []
        for i in range(len(self.months)):
            values = [s[i] for s in self.series.values()]
            before = [s[i - 1] for s in self.series.values()] if i else None
            last = i == len(self.months) - 1
            achieved = self.series.get(ACHIEVED, [None] * len(self.months))[i] is not None
            if not i or last or achieved or values != before:
                keep.append(i)
        return keep


def _months(first: Month, last: str) -> list[str]:
    """The keys of ``first`` and every month after it up to ``last``."""
    found = []
    while str(first) <= last:
        found.append(str(first))
        first = first.next
    return found


def burndown(
    plan: Plan, history: dict[str, list[MilestoneEntry]], until: str = "", element: str = DM_WBS
) -> Burndown | None:
    """The burndown of DM (``element`` 1.02C) or of one WBS element, up to
    the report month ``until`` (default: the newest report month)."""
    reported = sorted({e.month for entries in history.values() for e in entries})
    reported = [m for m in reported if not until or m <= until]
    newest = until or (reported[-1] if reported else max((m for m, _ in plan.exports), default=""))

    def chosen(wbs: str | None) -> bool:
        if element == DM_WBS:
            return in_dm(wbs)
        return filter_element(wbs) == element

    baseline = plan.baseline_for(newest) if newest else None
    forecasts = [e for e in plan.of_kind("forecast") if e.month <= newest]
    finishes: dict[str, list[str]] = {}
    if baseline is not None:
        finishes[f"Baseline ({baseline.label})"] = [
            r.finish.isoformat() for r in baseline.rows if chosen(r.wbs) and r.finish
        ]
    for export in forecasts:
        finishes[f"Forecast ({export.label})"] = [
            d.isoformat() for r in export.rows if chosen(r.wbs) and (d := r.done_by)
        ]
    known = {r.id for r in baseline.rows if chosen(r.wbs)} if baseline else set()
    # Done: the newest export's actual finish, or the first report that
    # says "completed", whichever is earlier.
    done_in: dict[str, str] = {}
    measured = forecasts[-1] if forecasts else None
    for planned in measured.rows if measured else ():
        if chosen(planned.wbs):
            known.add(planned.id)
            if planned.actual:
                done_in[planned.id] = planned.actual.isoformat()[:7]
    for milestone_id, entries in history.items():
        shown = [e for e in entries if e.month in reported]
        if not shown:
            continue
        row = plan.newest_row(milestone_id)
        if chosen(shown[-1].wbs or (row.wbs if row else None)):
            known.add(milestone_id)
            done = next((e.month for e in shown if e.status == "completed"), None)
            if done:
                done_in[milestone_id] = min(done, done_in.get(milestone_id, done))
    starts = reported + [e.month for e in forecasts] + ([baseline.month] if baseline else [])
    if not starts or (not known and not any(finishes.values())):
        return None
    # The reporting period, from the month before it, to the plan's horizon.
    horizon = [d[:7] for dates in finishes.values() for d in dates] + reported
    months = _months(Month.parse(min(starts)).previous, max(horizon))
    series: dict[str, list[int | None]] = {}
    ends = [Month.parse(m).last_day.isoformat() for m in months]
    for label, dates in finishes.items():
        series[label] = [sum(1 for d in dates if d > end) for end in ends]
    # Data until the newest export and the newest report: the line stops there.
    until_data = max([newest] + ([measured.month] if measured else []))
    series[ACHIEVED] = [
        len(known) - sum(1 for d in done_in.values() if d <= m) if m <= until_data else None
        for m in months
    ]
    return Burndown(element, months, series, measured.month if measured else "")


def draw_burndown(chart: Burndown, title: str, path: Path) -> None:
    """Draw the chart to ``path`` (SVG or PDF by suffix), reproducibly."""
    import matplotlib

    matplotlib.use("Agg")
    import numpy as np
    from matplotlib import pyplot as plt

    last_days = [Month.parse(m).last_day.isoformat() for m in chart.months]
    ends = np.array(last_days, dtype="datetime64[D]")
    with plt.rc_context(CHART_RC):
        figure, axes = plt.subplots(figsize=(9, 6.2))
        styles = {"Baseline": ("black", "-"), "Forecast": ("tab:blue", "--")}
        for i, (label, values) in enumerate(chart.series.items()):
            if label == ACHIEVED:
                points = [(m, x, v) for m, x, v in zip(chart.months, ends, values, strict=True)
                          if v is not None]  # fmt: skip
                measured = [(x, v) for m, x, v in points if m <= chart.measured_until]
                told = [(x, v) for m, x, v in points if m >= chart.measured_until]
                for part, style, name in ((measured, "-", label),
                                          (told, ":", f"{label} (reports only)")):  # fmt: skip
                    if len(part) < (1 if style == "-" else 2):
                        continue
                    xs = np.array([x for x, _ in part], dtype="datetime64[D]")
                    axes.step(xs, [v for _, v in part], where="post", color="tab:green",
                              linestyle=style, linewidth=2, label=name, gid="achieved")  # fmt: skip
                continue
            colour, dash = styles[label.split(" ")[0]]
            alpha = 1.0 if label.startswith("Baseline") else max(0.4, 1 - 0.15 * (i - 1))
            gid = "baseline" if label.startswith("Baseline") else "forecast"
            counts = [v or 0 for v in values]
            axes.step(ends, counts, where="post", color=colour, linestyle=dash, alpha=alpha,
                      linewidth=1.4, label=label, gid=gid)  # fmt: skip
        axes.set_ylabel("Milestones remaining", fontsize=13)
        axes.set_title(title, fontsize=14)
        axes.set_ylim(bottom=0)
        axes.set_xlim(ends[0], ends[-1])
        axes.tick_params(labelsize=12)
        axes.grid(True, linewidth=0.3)
        # Below the plot, never on a line; large enough to read on a phone.
        axes.legend(fontsize=12, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2,
                    frameon=False)  # fmt: skip
        figure.autofmt_xdate()
        figure.tight_layout()
        metadata = {".svg": {"Date": None}, ".pdf": {"CreationDate": None}}
        figure.savefig(path, metadata=metadata.get(path.suffix))
        plt.close(figure)


def chart_title(app: Sphinx, element: str) -> str:
    if element == DM_WBS:
        return f"Milestone burndown: Data Management ({DM_WBS})"
    found = get_state(app).wbs.by_code.get(element)
    return f"Milestone burndown: {element} {found.title if found else ''}".rstrip()


def chart_nodes(app: Sphinx, here: str, chart: Burndown) -> list[nodes.Node]:
    """The chart as an image (SVG in HTML, PDF in LaTeX) and its data table."""
    title = chart_title(app, chart.element)
    data = {"title": title, "months": chart.months, "series": chart.series}
    labels = list(chart.series)
    image = chart_image(
        app,
        here,
        CHART_NAME,
        data,
        lambda target: draw_burndown(chart, title, target),
        f"{title}: milestones remaining by month, {', '.join(labels)}; "
        "the table below holds the same data.",
    )
    rows = [
        [[para(chart.months[i])]]
        + [[para("—" if (v := chart.series[label][i]) is None else str(v))] for label in labels]
        for i in chart.table_months()
    ]
    table = make_table(["Month", *labels], rows, [20] + [80 // len(labels)] * len(labels))
    caption = para(f"{title}. The chart's data (months where a count changes):")
    caption["classes"].append("dmreport-burndown-title")
    folded = fold(title=f"The chart's data: {len(rows)} months where a count changes")
    folded += [caption, table]
    box = nodes.container(classes=["dmreport-burndown"])
    box["ids"] = [f"burndown-{chart.element.lower().replace('.', '-')}"]
    box += [nodes.figure("", image), folded]
    return [box]


def burndown_filler(
    app: Sphinx, domain: ReportDomain, here: str, node: aggregate
) -> list[nodes.Node]:
    until = node.get("until", "")
    if until and app.builder.format == "html":
        return [see_on_tracker(app, here, "milestone burndown", "milestone-burndown")]
    plan = get_plan(app)
    history = domain.milestone_history()
    elements = [node.get("wbs") or DM_WBS]
    if node.get("elements"):
        elements += [e.code for e in get_state(app).wbs.elements if e.code.count(".") == 2]
    found: list[nodes.Node] = []
    for element in elements:
        chart = burndown(plan, history, until, element)
        if chart is not None:
            found += chart_nodes(app, here, chart)
    return found or [para("No milestones in the plan or the reports yet.")]
