"""Pages computed from the whole archive, one module per kind: the month
list, WBS histories, reference indexes, the milestone tracker and trend, the
home page's latest summary; month-to-month navigation; and which of them an
incremental build rewrites."""

from __future__ import annotations

from sphinx.application import Sphinx

from .base import aggregate, fill, register_filler
from .burndown import MilestoneBurndownDirective, burndown_filler
from .freshness import note_changes, note_read, pages_to_rewrite
from .history import (
    WbsHistoryDirective,
    check_history_pages,
    depart_fold_html,
    fold,
    visit_fold_html,
    visit_fold_other,
    wbs_history,
)
from .history_years import history_year_pages
from .home import LatestSummaryDirective, latest_summary
from .months import MonthListDirective, month_list
from .nav import MonthNavigation
from .plan_table import MilestonePlanDirective, plan_pages, plan_table
from .references import ReferenceIndexDirective, reference_index, year_pages
from .tracker import (
    MilestoneTrackerDirective,
    depart_strip_cell_html,
    strip_cell,
    tracker,
    visit_strip_cell_html,
    visit_strip_cell_other,
)
from .trend import MilestoneTrendDirective, trend


def setup_aggregates(app: Sphinx) -> None:
    app.add_node(aggregate)
    app.add_node(
        strip_cell,
        html=(visit_strip_cell_html, depart_strip_cell_html),
        latex=(visit_strip_cell_other, visit_strip_cell_other),
        text=(visit_strip_cell_other, visit_strip_cell_other),
    )
    app.add_node(
        fold,
        html=(visit_fold_html, depart_fold_html),
        latex=(visit_fold_other, visit_fold_other),
        text=(visit_fold_other, visit_fold_other),
    )
    for name, directive, filler in (
        ("month-list", MonthListDirective, month_list),
        ("wbs-history", WbsHistoryDirective, wbs_history),
        ("reference-index", ReferenceIndexDirective, reference_index),
        ("milestone-tracker", MilestoneTrackerDirective, tracker),
        ("milestone-trend", MilestoneTrendDirective, trend),
        ("milestone-plan", MilestonePlanDirective, plan_table),
        ("milestone-burndown", MilestoneBurndownDirective, burndown_filler),
        ("latest-summary", LatestSummaryDirective, latest_summary),
    ):
        app.add_directive(name, directive)
        register_filler(name, filler)
    app.add_post_transform(MonthNavigation)
    app.connect("doctree-resolved", fill)
    app.connect("env-get-outdated", note_changes)
    app.connect("env-before-read-docs", note_read)
    app.connect("env-updated", pages_to_rewrite)
    app.connect("env-updated", plan_pages)
    app.connect("html-collect-pages", year_pages)
    app.connect("html-collect-pages", history_year_pages)
    app.connect("env-check-consistency", check_history_pages)
