"""Milestones as data: the ``milestone`` directive and role, their validation,
and the month's milestone tables.

A record::

    ```{milestone} DM-DRP-8
    :title: Calibration product generation for the Auxiliary Telescope
    :wbs: 1.02C.04
    :status: delayed
    :due: 2020-01-21

    The explanation, as MyST.
    ```

Consecutive records on a page become one table (builder agnostic, so the
PDF has the same tables as the site).
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from pydantic import ValidationError
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..core.ids import DOCUMENT_RE, MILESTONE_ROLE, TICKET_RE, document_url, month_of
from ..core.milestones import RECORD_OPTIONS, SHOWN_DATES, Milestone
from ..core.registry import WBS_FILE
from .domain import get_domain
from .plan import planned_dates
from .records import MilestoneEntry
from .state import get_state, note_data

logger = logging.getLogger(__name__)


class milestone_record(nodes.General, nodes.Element):
    """One validated record; its children are the explanation."""


class MilestoneDirective(SphinxDirective):
    """``milestone ID``: one milestone record with its explanation as body."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        field.name: directives.unchanged_required if field.required else directives.unchanged
        for field in RECORD_OPTIONS
    }

    def run(self) -> list[nodes.Node]:
        raw = {"id": self.arguments[0], **self.options}
        # On report pages the page checks report bad records already.
        checked = month_of(self.env.docname) is not None
        try:
            record = Milestone.model_validate(raw)
        except ValidationError as exc:
            if checked:
                return []
            problems = "; ".join(
                f"{'.'.join(str(p) for p in error['loc']) or 'record'}: "
                f"{error['msg'].removeprefix('Value error, ')}"
                for error in exc.errors()
            )
            logger.warning(
                "invalid milestone record %s: %s (fix the directive's options)",
                self.arguments[0],
                problems,
                location=self.get_location(),
                type="dmreport",
                subtype="milestone",
            )
            return []
        note_data(self.env, WBS_FILE)
        wbs = get_state(self.env.app).wbs
        if record.wbs and record.wbs not in wbs.by_code and not checked:
            logger.warning(
                "milestone %s names WBS %s, which is not in wbs/elements.yaml; known codes: %s",
                record.id,
                record.wbs,
                ", ".join(e.code for e in wbs.elements),
                location=self.get_location(),
                type="dmreport",
                subtype="milestone",
            )
        node = milestone_record(record=record.model_dump(mode="json"))
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class MilestoneRole(XRefRole):
    """``{milestone}`DM-DRP-8``` links to the milestone's tracker entry."""

    def result_nodes(
        self,
        document: nodes.document,
        env: BuildEnvironment,
        node: nodes.Element,
        is_ref: bool,
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        node["refdomain"], node["reftype"] = "dmreport", "milestone"
        return [node], []


def _cell(*children: nodes.Node) -> nodes.entry:
    entry = nodes.entry()
    entry.extend(children)
    return entry


def _text(value: str | None) -> nodes.paragraph:
    return nodes.paragraph(text=value or "—")


COLUMNS = (
    ("Milestone", 16),
    ("Title", 24),
    ("Status", 10),
    ("Dates", 18),
    ("Explanation", 32),
)


def nowrap(node: nodes.Node) -> nodes.inline:
    """Keep an id or a date on one line, in HTML and in LaTeX."""
    return nodes.inline("", "", node, classes=["dmreport-nowrap"])


def linked_title(title: str, jira: str) -> nodes.paragraph:
    """A record's title with the tickets and documents it names as links
    (a title is an option's text, where no role runs)."""
    paragraph = nodes.paragraph()
    found = sorted(
        [(m.start(), m.end(), m.group(0), jira.format(ticket=m.group(0)))
         for m in TICKET_RE.finditer(title)]
        + [(m.start(), m.end(), m.group(0), document_url(m.group(0)))
           for m in DOCUMENT_RE.finditer(title)]
    )  # fmt: skip
    at = 0
    for start, end, text, uri in found:
        if start < at:
            continue
        paragraph += nodes.Text(title[at:start])
        paragraph += nodes.reference("", text, refuri=uri)
        at = end
    paragraph += nodes.Text(title[at:])
    return paragraph


def records_table(records: list[milestone_record], jira: str = "") -> nodes.table:
    """A table of consecutive milestone records."""
    table = nodes.table(classes=["dmreport-milestones", "longtable", "colwidths-given"])
    group = nodes.tgroup(cols=len(COLUMNS))
    table += group
    for _, width in COLUMNS:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    row = nodes.row()
    for title, _ in COLUMNS:
        row += _cell(nodes.paragraph(text=title))
    head += row
    group += head
    body = nodes.tbody()
    group += body
    for node in records:
        record = node["record"]
        row = nodes.row()
        first = nodes.paragraph()
        first += nowrap(nodes.literal(text=record["id"]))
        dates = [
            nodes.paragraph("", f"{label} ", nowrap(nodes.Text(record[key])))
            for key, label in SHOWN_DATES
            if record.get(key)
        ]
        row += _cell(first)
        title = record["title"]
        row += _cell(linked_title(title, jira) if title and jira else _text(title))
        row += _cell(nodes.paragraph("", "", nowrap(nodes.Text(record["status"]))))
        reported = record.get("completed") or record.get("forecast") or record.get("due")
        plan = planned_dates(record["id"], reported)  # baseline and slip, when written
        row += _cell(*dates, plan) if dates else _cell(_text(None), plan)
        row += _cell(*node.children) if node.children else _cell(_text(None))
        body += row
    return table


class MilestoneTables(SphinxTransform):
    """Turn runs of consecutive milestone records into tables."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        records = collect_milestones(self.document)
        get_domain(self.env.app).note_milestones(self.env.docname, records)
        if not records:
            return
        for parent in list(self.document.findall(nodes.Element)):
            runs: list[list[milestone_record]] = []
            current: list[milestone_record] = []
            for child in parent.children:
                if isinstance(child, milestone_record):
                    current.append(child)
                    continue
                if current:
                    runs.append(current)
                current = []
            if current:
                runs.append(current)
            for run in runs:
                table = records_table(run, get_state(self.env.app).settings.jira_uri_template)
                table.source, table.line = run[0].source, run[0].line
                parent.replace(run[0], table)
                for extra in run[1:]:
                    parent.remove(extra)


def collect_milestones(doctree: nodes.document) -> list[MilestoneEntry]:
    """The page's records (read before :class:`MilestoneTables` runs)."""
    found = []
    for node in doctree.findall(milestone_record):
        section, title = node.parent, ""
        while section is not None and not isinstance(section, nodes.section):
            section = section.parent
        anchor = ""
        if section is not None and not isinstance(section.parent, nodes.document):
            anchor, title = section["ids"][-1], section[0].astext()
        record = node["record"]
        found.append(
            MilestoneEntry(
                id=record["id"],
                title=record["title"],
                status=record["status"],
                wbs=record["wbs"],
                due=record["due"],
                completed=record["completed"],
                forecast=record["forecast"],
                explanation=" ".join(node.astext().split()),
                line=node.line,
                anchor=anchor,
                section=title,
            )
        )
    return found


def setup_milestones(app: Sphinx) -> None:
    app.add_node(milestone_record)
    app.add_directive("milestone", MilestoneDirective)
    app.add_role(MILESTONE_ROLE, MilestoneRole(innernodeclass=nodes.literal))
    app.add_transform(MilestoneTables)
