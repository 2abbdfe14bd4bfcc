"""The milestone trend chart: due or forecast date by report month, per
milestone.

An aggregate (see :mod:`.aggregates`), drawn with matplotlib at build time,
as SVG for HTML and PDF for LaTeX, reproducibly (no dates or random ids in
the files), with the same data as a table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from ...core.ids import month_of
from ..domain import ReportDomain
from ..records import MilestoneEntry
from .base import (
    CHART_RC,
    AggregateDirective,
    aggregate,
    chart_image,
    make_table,
    para,
    see_on_tracker,
)

#: Report months the trend chart covers (the newest ones).
TREND_MONTHS = 24
CHART_NAME = "dmreport-milestone-trend"


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

    with plt.rc_context(CHART_RC):
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
