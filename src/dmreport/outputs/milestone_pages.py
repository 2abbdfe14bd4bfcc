"""A page per milestone, ``milestones/<id>.html``: its slip ledger.

Its finish in every plan export (baseline, forecast, actual) and what every
report said of it (status, dates, the explanation), each change beside the
report's words; its predecessors and successors as links to their pages.
Every milestone the reports list, a plan export holds or
``data/milestones.yaml`` names has one; search
indexes them under the milestone's id, below the report pages for text.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..core.ids import month_title
from ..core.plan import Plan
from ..core.pmcs import PlanRow
from ..ext.aggregates.base import side_by_side
from ..ext.domain import TRACKER_DOC, get_domain, listed_milestones, milestone_anchor
from ..ext.domain import milestone_page as page_name
from ..ext.plan import get_plan
from ..ext.records import MilestoneEntry
from ..ext.state import get_state
from .search_keys import id_filter, search_key
from .step_chart import step_chart

#: Where the pages go, and the digest of what they last showed.
FOLDER = "milestones"
STAMP = ".dmreport-milestone-pages"


def _table(headers: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (
        '<div class="pst-scrollable-table-container"><table class="table dmreport-table">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _date(value: object) -> str:
    return html.escape(str(value)) if value else "—"


def _exports(plan: Plan, milestone_id: str) -> list[tuple[str, PlanRow]]:
    return [
        (export.label, row)
        for (_, _), export in sorted(plan.exports.items())
        if (row := export.row(milestone_id)) is not None
    ]


def _export_months(plan: Plan, milestone_id: str) -> list[tuple[str, PlanRow]]:
    """(the export's month, its row) in the order taken, baselines before forecasts."""
    forecasts = bool(plan.of_kind("forecast"))
    found = [
        (export.month, row)
        for export in plan.exports.values()
        if (row := export.row(milestone_id)) is not None
        and (export.kind == "forecast" or not forecasts)
    ]
    return sorted(found, key=lambda pair: pair[0])


def _links(app: Sphinx, here: str, ids: Iterable[str], known: set[str]) -> str:
    shown = []
    for milestone_id in ids:
        if milestone_id in known:
            target = app.builder.get_relative_uri(here, page_name(milestone_id))
            shown.append(f'<a href="{html.escape(target)}">{html.escape(milestone_id)}</a>')
        else:
            shown.append(html.escape(milestone_id))
    return ", ".join(shown) or "—"


def ledger(
    app: Sphinx, milestone_id: str, entries: list[MilestoneEntry], known: set[str]
) -> tuple[str, str]:
    """The page's title and body (HTML)."""
    plan = get_plan(app)
    here = page_name(milestone_id)
    rows = _exports(plan, milestone_id)
    newest = rows[-1][1] if rows else None
    name = entries[-1].title if entries else newest.name if newest else ""
    title = f"{milestone_id}: {name}" if name else milestone_id
    parts = [f"<h1>{html.escape(title)}</h1>"]
    facts = []
    wbs = entries[-1].wbs if entries and entries[-1].wbs else newest.wbs if newest else ""
    if wbs:
        facts.append(f"WBS {html.escape(wbs)}")
    if newest is not None and newest.level:
        facts.append(f"level {html.escape(newest.level)}")
    if entries:
        latest = entries[-1]
        tracker = app.builder.get_relative_uri(page_name(milestone_id), TRACKER_DOC)
        facts.append(
            f"last reported {html.escape(latest.status)} in {html.escape(latest.month)} "
            f'(<a href="{tracker}#{milestone_anchor(milestone_id)}">its row of the tracker</a>)'
        )
    parts.append(f"<p>{'; '.join(facts) or 'No report or export says more.'}.</p>")
    chart = step_chart(
        f"{milestone_id}: its finish as each plan export and each report stated it",
        {
            "Plan exports": [
                (export_month, str(r.actual or r.forecast or r.finish or ""))
                for export_month, r in _export_months(plan, milestone_id)
            ],
            "Reports": [(e.month, e.completed or e.forecast or e.due or "") for e in entries],
        },
    )
    if chart:
        parts.append(f'<figure class="dmreport-ledger-chart">{chart}</figure>')
    parts.append("<h2>In the plan's exports</h2>")
    if rows:
        parts.append(_table(
            ["Export", "Finish (its baseline)", "Forecast", "Actual finish", "Status"],
            ([html.escape(label), _date(r.finish), _date(r.forecast), _date(r.actual),
              _date(r.status)] for label, r in rows),
        ))  # fmt: skip
    else:
        parts.append("<p>No plan export holds it.</p>")
    parts.append("<h2>In the reports</h2>")
    if entries:
        report_rows = []
        previous: MilestoneEntry | None = None
        for entry in entries:
            where = app.builder.get_relative_uri(page_name(milestone_id), entry.docname)
            month = f'<a href="{where}#{entry.anchor}">{html.escape(month_title(entry.month))}</a>'
            moved = previous is not None and (entry.due, entry.forecast) != (
                previous.due,
                previous.forecast,
            )
            dates = "; ".join(
                f"{label} {value}"
                for label, value in (
                    ("due", entry.due),
                    ("forecast", entry.forecast),
                    ("completed", entry.completed),
                )
                if value
            )
            report_rows.append([
                month,
                html.escape(entry.status),
                ("<strong>changed:</strong> " if moved else "") + html.escape(dates or "—"),
                html.escape(entry.explanation) or "—",
            ])  # fmt: skip
            previous = entry
        parts.append(_table(["Report", "Status", "Dates", "Explanation"], report_rows))
    else:
        parts.append("<p>No report has listed it.</p>")
    if newest is not None:
        parts.append("<h2>Links in the plan</h2>")
        parts.append(
            f"<p>Predecessors: {_links(app, here, newest.predecessors, known)}.</p>"
            f"<p>Successors: {_links(app, here, newest.successors, known)}.</p>"
        )
    return title, "\n".join(parts)


def milestone_ids(app: Sphinx) -> dict[str, list[MilestoneEntry]]:
    """Every milestone with a page: those the reports list and those the
    plan's exports hold, with their records (oldest first)."""
    found = dict(get_domain(app).milestone_history())
    for export in get_plan(app).exports.values():
        for row in export.rows:
            found.setdefault(row.id, [])
    for listed in listed_milestones(app.env):
        found.setdefault(listed, [])
    return found


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the milestone pages, written again only when
    what they show changed (records, exports, the list, the templates): an
    edit of a section rewrites none of them."""
    if app.builder.format != "html" or TRACKER_DOC not in app.env.all_docs:
        return
    milestones = milestone_ids(app)
    exports = sorted((label, export.rows) for label, export in get_plan(app).exports.items())
    newest = getattr(getattr(app.builder, "templates", None), "newest_template_mtime", None)
    digest = hashlib.sha256(
        repr((sorted(milestones.items()), exports, newest() if newest else 0)).encode()
    ).hexdigest()
    stamp = Path(app.outdir, FOLDER, STAMP)
    pages = [Path(app.outdir, app.builder.get_target_uri(page_name(i))) for i in milestones]
    if stamp.is_file() and stamp.read_text() == digest and all(p.is_file() for p in pages):
        return
    stamp.unlink(missing_ok=True)
    get_state(app).milestone_pages = digest  # kept once every page is written
    known = set(milestones)

    def render(milestone_id: str) -> tuple[str, dict[str, Any]]:
        title, body = ledger(app, milestone_id, milestones[milestone_id], known)
        key = search_key(milestone_id) or ""
        return page_name(milestone_id), {
            "title": title,
            "body": body,
            "dmreport_milestone": milestone_id,
            "dmreport_milestone_key": key,
            "dmreport_milestone_filter": id_filter(key or milestone_id),
            "display_toc": False,
        }

    yield from side_by_side(app, sorted(milestones), render)


def _written(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the digest of the pages just written."""
    digest, get_state(app).milestone_pages = get_state(app).milestone_pages, ""
    if digest and exception is None:
        Path(app.outdir, FOLDER, STAMP).write_text(digest)


def setup_milestone_pages(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_pages)
    app.connect("build-finished", _written)
