"""Milestone records of the Milestone Summary.

A record is written either as a heading (``DM-DRP-8: Title``, or
``LDM-503-11a - Title``) with its explanation below, or as a row of a tab-
or pipe-separated table. Its status comes from the table, else from its
group heading ("Milestones Delayed"); its WBS element from its area heading
or its id's prefix. Every cell and line stays in the record's text.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import date

from ..core.dates import ISO_DATE, dates_in, parse_date
from ..core.ids import MILESTONE_ID_RE, Month
from ..core.milestones import DATE_FIELDS, SHOWN_DATES
from ..core.registry import WbsRegistry
from .blocks import Block
from .shape import Note, Page, Replaced
from .vocabulary import MILESTONE_LINE, fold, milestone_group, status_of, wbs_heading

ISO_DUE = re.compile(rf"^(?:Due\s+)?(?P<date>{ISO_DATE})$")
COMPLETION = re.compile(r"^Completion date\b.*?:\s*(?P<date>\S+)$")
DATED = re.compile(r"^(?P<label>due|forecast|completed?|completion)\b", re.I)
FIELDS = {
    "id": ("milestone", "milestone id", "id", "code", "milestone code", "milestone number"),
    "title": ("title", "name", "description", "milestone name", "milestone title"),
    "due": ("due", "due date", "baseline", "baseline date", "planned", "planned date", "date"),
    "forecast": ("forecast", "forecast date", "expected", "projected", "new date", "new due date"),
    "completed": ("completed", "completion", "completion date", "done", "actual", "date completed"),
    "status": ("status", "state"),
    "wbs": ("wbs", "wbs element"),
    "dates": ("dates", "milestone dates"),
    "explanation": ("explanation", "comment", "comments", "notes", "remarks"),
}
#: What a record shows between its title and its explanation, in order.
DISPLAY = ("status", *(name for name, _ in SHOWN_DATES), "dates")
LABELLED_DATE = re.compile(
    r"(?P<label>due|forecast|completed?|completion)\b\s*:?\s*"
    r"(?P<date>.+?)(?=\s*(?:[,;]|\b(?:due|forecast|complet\w*)\b|$))",
    re.I,
)


@dataclass
class Record:
    """One milestone record: id, options and the explanation's blocks."""

    id: str
    line: int
    options: dict[str, str]
    body: list[Block] = field(default_factory=list)


@dataclass
class Records:
    """The Milestone Summary as headings, paragraphs and records, in order."""

    items: list[Block | Record]
    notes: list[Note] = field(default_factory=list)
    replaced: list[Replaced] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    #: Lines of paragraphs that became a record's date (``Due 2020-01-21``).
    dates: list[int] = field(default_factory=list)


def _iso(text: str) -> str:
    """The date written in ``text`` as YYYY-MM-DD, or ""."""
    with contextlib.suppress(ValueError):
        return parse_date(text).isoformat()
    found = [d for d in dates_in(text) if d.day is not None]
    if len(found) == 1:
        month = Month.parse(found[0].month)
        with contextlib.suppress(ValueError):
            return date(month.year, month.number, found[0].day or 1).isoformat()
    return ""


def milestone_records(page: Page, wbs: WbsRegistry) -> Records:
    """The records of the Milestone Summary page."""
    out = Records([])
    status = ""
    area_wbs: str | None = None
    blocks = page.blocks
    index = 0
    while index < len(blocks):
        block = blocks[index]
        index += 1
        if block.kind == "heading" and block.level == 2:
            group = milestone_group(block.text)
            status = group or ("completed" if "complete" in block.text.lower() else "delayed")
            area_wbs = None
        match = MILESTONE_LINE.match(block.text) if block.kind == "heading" else None
        if block.kind == "table" and _is_milestone_table(block):
            out.items.extend(_table_records(block, status, area_wbs, wbs, out))
            continue
        if match is None:
            if block.kind == "heading" and block.level == 3:
                heading = wbs_heading(block.text)
                area_wbs = heading.code if heading else wbs.code_for_title(block.text)
            out.items.append(block)
            continue
        body: list[Block] = []
        while index < len(blocks) and blocks[index].kind != "heading":
            body.append(blocks[index])
            index += 1
        record = Record(match["id"], block.line, {"title": match["title"].strip()})
        _status(record, status, out)
        record.options["wbs"] = area_wbs or wbs.code_for_milestone(record.id) or ""
        if body and body[0].kind == "para" and (due := ISO_DUE.match(body[0].text)):
            record.options["due"] = due["date"]
            out.dates.append(body[0].line)
            body = body[1:]
        for para in body:
            if para.kind != "para":
                continue
            if completion := COMPLETION.match(para.text):
                if value := _iso(completion["date"]):
                    record.options["completed"] = value
            elif (dated := DATED.match(para.text)) and len(para.text.split()) <= 6:
                key = {"completion": "completed", "complete": "completed"}.get(
                    dated["label"].lower(), dated["label"].lower()
                )
                if (value := _iso(para.text)) and key not in record.options:
                    record.options[key] = value
        record.body = body
        out.items.append(record)
    return out


def _status(record: Record, group: str, out: Records) -> None:
    if not group:
        out.notes.append(
            Note(record.line, f"milestone {record.id}: no status stated; recorded as delayed")
        )
    record.options["status"] = group or "delayed"


def _is_milestone_table(table: Block) -> bool:
    return any(row and MILESTONE_ID_RE.match(row[0].strip()) for row in table.rows) or any(
        _header(table.rows[0])
    )


def _header(row: list[str]) -> dict[int, str]:
    """Columns of a header row mapped to record fields (empty if not a header)."""
    columns: dict[int, str] = {}
    for column, cell in enumerate(row):
        folded = fold(cell)
        for name, labels in FIELDS.items():
            if folded in labels and name not in columns.values():
                columns[column] = name
                break
    return columns if "id" in columns.values() and len(columns) >= 2 else {}


def _table_records(
    table: Block, group: str, area_wbs: str | None, wbs: WbsRegistry, out: Records
) -> list[Block | Record]:
    lines = table.row_lines or [table.line] * len(table.rows)
    rows = list(zip(lines, table.rows, strict=False))
    columns = _header(rows[0][1])
    labels = rows[0][1] if columns else []
    if columns:
        out.replaced.append(Replaced(rows[0][0], " | ".join(labels), "", "milestone table header"))
        rows = rows[1:]
    else:
        columns = {0: "id", 1: "title"}
    id_column = next(c for c, name in columns.items() if name == "id")
    records: list[Block | Record] = []
    for line, cells in rows:
        ident = cells[id_column].strip() if id_column < len(cells) else ""
        if not ident and records and isinstance(records[-1], Record):
            rest = " ".join(cell.strip() for cell in cells if cell.strip())
            if rest:  # a cell's text wrapped onto a row of its own
                records[-1].body.append(Block("para", rest, line))
            continue
        if not MILESTONE_ID_RE.match(ident):
            out.problems.append(
                (
                    line,
                    f"row of the milestone table has no milestone id: {' | '.join(cells)[:60]!r}",
                )
            )
            continue
        cells = [cell.strip() for cell in cells]
        records.append(_row_record(line, cells, columns, labels, group, area_wbs, wbs, out))
    return records


def _row_record(
    line: int,
    cells: list[str],
    columns: dict[int, str],
    labels: list[str],
    group: str,
    area_wbs: str | None,
    wbs: WbsRegistry,
    out: Records,
) -> Record:
    named = {name: cells[column] for column, name in columns.items() if column < len(cells)}
    record = Record(named["id"], line, {"title": named.get("title", "") or named["id"]})
    stated = status_of(named.get("status", ""))
    _status(record, stated or group, out)
    code = wbs_heading(named.get("wbs", "") + " x")
    record.options["wbs"] = (
        (code.code if code and code.code in wbs.by_code else "")
        or area_wbs
        or wbs.code_for_milestone(record.id)
        or ""
    )
    for name in DATE_FIELDS:
        if value := _iso(named.get(name, "")):
            record.options[name] = value
    for name, value in _labelled_dates(named.get("dates", "")):
        record.options.setdefault(name, value)
    for column, cell in enumerate(cells):
        name = columns.get(column, "")
        if name in ("id", "title") or not cell:
            continue
        if not labels and "due" not in record.options and (value := _iso(cell)):
            record.options["due"] = value  # a date in a table without a header
        elif not labels and not stated and len(cell.split()) <= 3 and (stated := status_of(cell)):
            record.options["status"] = stated
        if _display_order(columns) and _shown(record, name, cell):
            continue  # the record shows it, in the same place, as its status or dates
        label = labels[column] if column < len(labels) and name != "explanation" else ""
        record.body.append(Block("para", f"{label}: {cell}" if label else cell, line))
    return record


def _display_order(columns: dict[int, str]) -> bool:
    """Whether the table's status and date columns come in the order a record
    shows them (so leaving their cells to the record keeps the words' order)."""
    shown = [name for _, name in sorted(columns.items()) if name in DISPLAY]
    return shown == sorted(shown, key=DISPLAY.index)


def _labelled_dates(cell: str) -> list[tuple[str, str]]:
    """``Due 2020-01-21, Completed 2020-01-31`` as (option, ISO date) pairs."""
    found: list[tuple[str, str]] = []
    for match in LABELLED_DATE.finditer(cell):
        key = match["label"].lower()
        key = "completed" if key.startswith("complet") else key
        if value := _iso(match["date"]):
            found.append((key, value))
    return found


def _shown(record: Record, name: str, cell: str) -> bool:
    """Whether the record's status and dates, as the site shows them, say ``cell``."""
    if name == "status":
        return fold(cell) == record.options.get("status")
    if name not in (*DATE_FIELDS, "dates"):
        return False
    shown = " ".join(
        f"{label} {record.options[key]}" for key, label in SHOWN_DATES if record.options.get(key)
    )
    words = re.findall(r"\w+", fold(cell))
    return (bool(words) and words == re.findall(r"\w+", fold(shown))[-len(words) :]) or (
        name != "dates" and _iso(cell) == cell.strip() == record.options.get(name)
    )
