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

import re
from datetime import date
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from sphinx.application import Sphinx
from sphinx.roles import XRefRole
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .domain import MONTH_DOC
from .wbs import registry

logger = logging.getLogger(__name__)

MILESTONE_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$")
STATUSES = ("completed", "delayed", "on track", "at risk", "descoped")
DATE_FIELDS = ("due", "completed", "forecast")

_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
_US = re.compile(r"^(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{2}|\d{4})$")


def parse_date(text: str) -> date:
    """A date written as 2020-01-21, 1/31/20 or 01/31/2020."""
    value = text.strip()
    match = _ISO.match(value) or _US.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a date (write it as YYYY-MM-DD)")
    year = int(match["y"])
    if year < 100:
        year += 2000
    try:
        return date(year, int(match["m"]), int(match["d"]))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date: {exc}") from None


class Milestone(BaseModel):
    """One milestone as one month's report states it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    status: str
    wbs: str | None = None
    due: date | None = None
    completed: date | None = None
    forecast: date | None = None

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not MILESTONE_ID.match(value):
            raise ValueError(f"{value!r} is not a milestone id like DM-DRP-8 or DLP-802")
        return value

    @field_validator("status")
    @classmethod
    def _known_status(cls, value: str) -> str:
        if value not in STATUSES:
            raise ValueError(f"unknown status {value!r}; use one of: {', '.join(STATUSES)}")
        return value

    @field_validator(*DATE_FIELDS, mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        return parse_date(value) if isinstance(value, str) and value.strip() else value or None


class milestone_record(nodes.General, nodes.Element):
    """One validated record; its children are the explanation."""


class MilestoneDirective(SphinxDirective):
    """``milestone ID``: one milestone record with its explanation as body."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "title": directives.unchanged_required,
        "status": directives.unchanged_required,
        "wbs": directives.unchanged,
        "due": directives.unchanged,
        "completed": directives.unchanged,
        "forecast": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        raw = {"id": self.arguments[0], **self.options}
        # On report pages the checks (lint.py) report bad records already.
        checked = MONTH_DOC.match(self.env.docname) is not None
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
        wbs = registry(self.env.app)
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

    def result_nodes(self, document, env, node, is_ref):  # type: ignore[no-untyped-def]
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
DATE_LABELS = (("due", "Due"), ("forecast", "Forecast"), ("completed", "Completed"))


def nowrap(node: nodes.Node) -> nodes.inline:
    """Keep an id or a date on one line, in HTML and in LaTeX."""
    return nodes.inline("", "", node, classes=["dmreport-nowrap"])


def records_table(records: list[milestone_record]) -> nodes.table:
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
            for key, label in DATE_LABELS
            if record.get(key)
        ]
        row += _cell(first)
        row += _cell(_text(record["title"]))
        row += _cell(nodes.paragraph("", "", nowrap(nodes.Text(record["status"]))))
        row += _cell(*dates) if dates else _cell(_text(None))
        row += _cell(*node.children) if node.children else _cell(_text(None))
        body += row
    return table


class MilestoneTables(SphinxTransform):
    """Turn runs of consecutive milestone records into tables."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        records = collect_milestones(self.document)
        domain = self.env.get_domain("dmreport")
        domain.note_milestones(self.env.docname, records)  # type: ignore[attr-defined]
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
                table = records_table(run)
                table.source, table.line = run[0].source, run[0].line
                parent.replace(run[0], table)
                for extra in run[1:]:
                    parent.remove(extra)


def collect_milestones(doctree: nodes.document) -> list[dict[str, Any]]:
    """The page's records (read before :class:`MilestoneTables` runs)."""
    found = []
    for node in doctree.findall(milestone_record):
        section, title = node.parent, ""
        while section is not None and not isinstance(section, nodes.section):
            section = section.parent
        anchor = ""
        if section is not None and not isinstance(section.parent, nodes.document):
            anchor, title = section["ids"][-1], section[0].astext()
        found.append(
            {
                **node["record"],
                "explanation": " ".join(node.astext().split()),
                "line": node.line,
                "anchor": anchor,
                "section": title,
            }
        )
    return found


def setup_milestones(app: Sphinx) -> None:
    app.add_node(milestone_record)
    app.add_directive("milestone", MilestoneDirective)
    app.add_role("milestone", MilestoneRole(innernodeclass=nodes.literal))
    app.add_transform(MilestoneTables)
