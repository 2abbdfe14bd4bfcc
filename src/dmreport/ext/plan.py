"""The plan of record in the build: the PMCS exports of ``milestones/pmcs/``,
read once per build at ``config-inited``, and the pages that show them.

Plan data is shown only while pages are written (the tracker, the burndown
charts, the baseline and slip in the month's milestone tables and in the
``{milestone}`` role's tooltip), never while they are read. So a new or
changed export re-reads no report page: ``env-updated`` compares a digest
of the exports with the last build's and, when it differs, names the pages
that show plan data, which Sphinx writes again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from ..core.errors import DmreportError
from ..core.ids import month_of
from ..core.plan import Plan, load_plan, slip_days
from ..core.pmcs import PlanRow

_PLANS: WeakKeyDictionary[Sphinx, Plan] = WeakKeyDictionary()


def get_plan(app: Sphinx) -> Plan:
    """The build's plan (empty when the project keeps no exports)."""
    return _PLANS.get(app) or Plan()


@dataclass(frozen=True)
class PlanNote:
    """What the plan says of a milestone in a report month."""

    baseline: date
    export: str  # the baseline export's label, e.g. 201803-BL
    slip: int | None  # days from the baseline to the date reported

    def text(self) -> str:
        slip = "" if self.slip is None else f", slip {self.slip} days"
        return f"baseline {self.baseline.isoformat()} ({self.export}){slip}"


def plan_note(plan: Plan, milestone_id: str, month: str, reported: str | None) -> PlanNote | None:
    """The baseline (newest baseline export at or before ``month``) and the
    slip of the date a report gives (ISO), or None if the plan lacks it."""
    found = plan.baseline_date(milestone_id, month)
    if found is None:
        return None
    baseline, export = found
    slip = slip_days(baseline, date.fromisoformat(reported)) if reported else None
    return PlanNote(baseline, export.label, slip)


def plan_anchor(milestone_id: str) -> str:
    """The tracker's anchor of a milestone in the plan's table."""
    return "plan-" + milestone_id.lower()


def plan_row(plan: Plan, milestone_id: str, month: str) -> PlanRow | None:
    """The milestone as the tracker's plan table shows it: from the baseline
    of record or the latest forecast export of the report month."""
    for export in (plan.baseline_for(month), plan.forecast_for(month)):
        row = export.row(milestone_id) if export else None
        if row is not None:
            return row
    return None


def _load(app: Sphinx, config: Config) -> None:
    try:
        _PLANS[app] = load_plan(Path(app.srcdir))
    except DmreportError as exc:
        raise ConfigError(str(exc)) from None


class plan_dates(nodes.General, nodes.Element):
    """Where a month's milestone table shows the baseline and the slip;
    filled while the page is written, so a new export re-reads nothing."""


def planned_dates(milestone_id: str, reported: str | None) -> plan_dates:
    return plan_dates(milestone=milestone_id, reported=reported or "")


def fill_plan_dates(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the baseline and slip of each record of the page
    (on the site; the month's PDF keeps the records as the report states
    them, so that importing it gives them back, and shows the burndown)."""
    plan = get_plan(app)
    where = month_of(docname)
    for node in list(doctree.findall(plan_dates)):
        note = None
        if where is not None and app.builder.format == "html":
            note = plan_note(plan, node["milestone"], where.month, node["reported"] or None)
        if note is None:
            node.parent.remove(node)
            continue
        lines = [nodes.paragraph("", "Baseline ", nowrap(nodes.Text(note.baseline.isoformat())))]
        if note.slip is not None:
            lines.append(nodes.paragraph("", "Slip ", nowrap(nodes.Text(f"{note.slip} days"))))
        for line in lines:
            line["classes"].append("dmreport-html-only")
        node.replace_self(lines)


def nowrap(node: nodes.Node) -> nodes.inline:
    """Keep a date on one line, in HTML and in LaTeX."""
    return nodes.inline("", "", node, classes=["dmreport-nowrap"])


def _skip(translator: nodes.NodeVisitor, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup_plan(app: Sphinx) -> None:
    app.add_node(plan_dates, html=(_skip, None), latex=(_skip, None), text=(_skip, None))
    app.connect("config-inited", _load, priority=450)
    app.connect("doctree-resolved", fill_plan_dates)
